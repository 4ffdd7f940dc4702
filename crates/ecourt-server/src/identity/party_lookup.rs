//! A legal worker finds the party in front of them (查找当事人): by the name and the ID number,
//! or by the name and the verified phone — what the party carries, not a user name they never
//! learnt (only a newcomer who has verified nothing, and so has neither on file, is found by the
//! name and the user name they just registered). Exact match only, one party or none, never a list; only parties of the worker's own
//! court (a party with cases only at other courts is answered as not found, one with no case yet is found:
//! they come to file here); every lookup that names someone is audited, found or not, so the
//! chain shows a worker searching for people.

use crate::kernel::audit;
use crate::kernel::clock::court_date;
use crate::kernel::db::opt_string;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ApiErrorCode, PartyFound, PartyLookupRequest};
use ecourt_domain::id_number::IdNumber;
use ecourt_domain::phone::MobileNumber;
use ecourt_domain::AccountKind;
use sqlx::Row;

/// What the party was looked up by, already checked.
enum By {
    IdNumber(IdNumber),
    Phone(MobileNumber),
    /// A newcomer who has verified nothing has neither on file.
    Username(String),
}

/// How many lookups one worker may make in an hour.
const LOOKUPS_PER_HOUR: i64 = 30;

pub async fn lookup(
    state: &AppState,
    worker: &Account,
    req: &PartyLookupRequest,
) -> ApiResult<PartyFound> {
    if worker.kind != AccountKind::LegalWorker {
        return Err(Failure::new(
            ApiErrorCode::LegalWorkersOnly,
            "only grassroots legal workers look parties up",
        ));
    }
    let name = req.name.trim();
    if name.is_empty() || name.chars().count() > 64 {
        return Err(Failure::new(
            ApiErrorCode::InvalidInput,
            "the party's name is required",
        ));
    }
    let now = state.clock.now();
    // A worker who knows a name, a birth date and a region could try the few hundred ID numbers
    // that fit; lookups are few in a real day at an office, so more than LOOKUPS_PER_HOUR in an
    // hour are refused (counted from the audit chain, which records every one).
    let since = crate::kernel::clock::stamp(now - chrono::Duration::hours(1));
    let recent: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE actor_account_id = $1 AND action = 'assisted_party_lookup' AND at >= $2",
    )
    .bind(worker.id)
    .bind(&since)
    .fetch_one(&state.db.pool)
    .await?;
    if recent >= LOOKUPS_PER_HOUR {
        return Err(Failure::new(
            ApiErrorCode::RateLimited,
            "too many lookups in the last hour",
        ));
    }
    let given = |v: &Option<String>| {
        v.as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_string)
    };
    let by = match (
        given(&req.id_number),
        given(&req.phone),
        given(&req.username),
    ) {
        (Some(id), None, None) => {
            By::IdNumber(IdNumber::parse(&id, court_date(now)).map_err(|e| {
                Failure::new(
                    ApiErrorCode::InvalidInput,
                    format!("not a valid ID number: {e}"),
                )
            })?)
        }
        (None, Some(phone), None) => By::Phone(MobileNumber::parse(&phone).ok_or_else(|| {
            Failure::new(ApiErrorCode::InvalidInput, "not a mainland mobile number")
        })?),
        (None, None, Some(username)) if username.chars().count() <= 64 => By::Username(username),
        _ => {
            return Err(Failure::new(
                ApiErrorCode::InvalidInput,
                "give the party's name with one of the ID number, the phone or the user name",
            ))
        }
    };
    // The name as verified, or as registered by a party who has verified nothing yet.
    let (sql, key, masked, kind) = match &by {
        By::IdNumber(id) => (
            "SELECT a.id, a.username, a.display_name, i.phone, i.phone_verified_at
             FROM accounts a JOIN account_identity i ON i.account_id = a.id
             WHERE a.kind = 'party' AND i.verified_id_number = $1 AND i.verified_name = $2",
            id.as_str().to_string(),
            format!("{}********{}", &id.as_str()[..6], &id.as_str()[14..]),
            "id_number",
        ),
        By::Phone(phone) => (
            "SELECT a.id, a.username, a.display_name, i.phone, i.phone_verified_at
             FROM accounts a JOIN account_identity i ON i.account_id = a.id
             WHERE a.kind = 'party' AND i.phone = $1 AND i.phone_verified_at IS NOT NULL
               AND COALESCE(i.verified_name, a.display_name) = $2",
            phone.as_str().to_string(),
            phone.masked(),
            "phone",
        ),
        By::Username(username) => (
            "SELECT a.id, a.username, a.display_name, i.phone, i.phone_verified_at
             FROM accounts a LEFT JOIN account_identity i ON i.account_id = a.id
             WHERE a.kind = 'party' AND a.username = $1
               AND COALESCE(i.verified_name, a.display_name) = $2
               AND (i.account_id IS NULL
                    OR (i.verified_id_number IS NULL AND i.phone_verified_at IS NULL))",
            username.clone(),
            username.clone(),
            "username",
        ),
    };
    let rows = sqlx::query(sql)
        .bind(&key)
        .bind(name)
        .fetch_all(&state.db.pool)
        .await?;
    let worker_court: Option<String> =
        sqlx::query("SELECT court_code FROM legal_worker_courts WHERE account_id = $1")
            .bind(worker.id)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get("court_code"))
            .transpose()?;
    let (outcome, found) = match rows.as_slice() {
        [row] => {
            let party_id: i64 = row.try_get("id")?;
            let courts: Vec<String> = sqlx::query(
                "SELECT DISTINCT c.court_code FROM case_participants p JOIN cases c ON c.id = p.case_id
                 WHERE p.account_id = $1",
            )
            .bind(party_id)
            .fetch_all(&state.db.pool)
            .await?
            .iter()
            .map(|r| r.try_get("court_code"))
            .collect::<sqlx::Result<_>>()?;
            let ours = courts.is_empty()
                || worker_court
                    .as_ref()
                    .is_some_and(|mine| courts.contains(mine));
            let phone = opt_string(row, "phone")?
                .filter(|_| {
                    opt_string(row, "phone_verified_at")
                        .ok()
                        .flatten()
                        .is_some()
                })
                .as_deref()
                .and_then(MobileNumber::parse)
                .map(|p| p.masked());
            let found = PartyFound {
                username: row.try_get("username")?,
                display_name: row.try_get("display_name")?,
                phone,
            };
            (if ours { "found" } else { "another_court" }, Some(found))
        }
        _ => ("not_found", None),
    };
    let mut tx = state.db.begin_write().await?;
    audit::account_act(
        &mut tx,
        now,
        worker.id,
        "assisted_party_lookup",
        serde_json::json!({
            "by": kind,
            "key": masked,
            "outcome": outcome,
            "party": found.as_ref().map(|f| f.username.clone()),
        }),
    )
    .await?;
    tx.commit().await?;
    match (outcome, found) {
        ("found", Some(found)) => Ok(found),
        // A party of another court is answered as no match (the audit keeps the difference):
        // a different answer would confirm a guessed ID number and tell where a person is sued.
        _ => Err(Failure::new(
            ApiErrorCode::PartyNotFound,
            "no party with exactly this name and this ID number or phone",
        )),
    }
}
