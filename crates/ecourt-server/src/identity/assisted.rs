//! Assisted verification (协助认证): a grassroots legal worker runs a party's identity steps on
//! the office machine. The session starts only with the party's own act there — the code the
//! court texts to the party's verified phone, typed in — and is recorded with both the worker's
//! act and the party's in the audit chain. A party who has verified nothing yet (no phone, no
//! identity, no card) has nothing to confirm with and nothing to lose: the worker may start
//! theirs alone, and the record says so. A party verified in person but without a verified
//! phone verifies one in their own session (or at the court) first.
//!
//! Inside the session nothing the party already verified changes without the party's own fresh
//! check: not the verified phone (another number is refused), nor — on an account with a
//! verified identity — the consent or the card, unless a live face check of the party passed
//! within the session's length. The party may always change them signed in themselves.

use crate::identity::{issue_code, spend_try, CodePurpose, Try};
use crate::kernel::audit;
use crate::kernel::caller::{account_from_row, new_token, token_hash};
use crate::kernel::clock::stamp;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::Duration;
use ecourt_api::{Account, ApiErrorCode, AssistedSession, AssistedSessionRequest};
use ecourt_domain::phone::MobileNumber;
use ecourt_domain::AccountKind;
use sqlx::Row;

/// How long an assisted session lasts.
pub const ASSISTED_SESSION_MINUTES: i64 = 30;

/// What a party has verified so far.
struct Verified {
    phone: Option<MobileNumber>,
    identity: bool,
    card: bool,
}

async fn verified(state: &AppState, account_id: i64) -> ApiResult<Verified> {
    let row = sqlx::query(
        "SELECT i.phone, i.phone_verified_at, i.verified_at,
                (SELECT COUNT(*) FROM face_templates t WHERE t.account_id = $1) AS cards
         FROM accounts a LEFT JOIN account_identity i ON i.account_id = a.id WHERE a.id = $1",
    )
    .bind(account_id)
    .fetch_one(&state.db.pool)
    .await?;
    let phone_verified = crate::kernel::db::opt_string(&row, "phone_verified_at")?.is_some();
    Ok(Verified {
        phone: crate::kernel::db::opt_string(&row, "phone")?
            .filter(|_| phone_verified)
            .as_deref()
            .and_then(MobileNumber::parse),
        identity: crate::kernel::db::opt_string(&row, "verified_at")?.is_some(),
        card: row.try_get::<i64, _>("cards")? > 0,
    })
}

/// A legal worker starts a party's assisted session: with the party's code when the party has
/// a verified phone (without one, the code is sent and the answer says to type it in).
pub async fn start(
    state: &AppState,
    worker: &Account,
    req: &AssistedSessionRequest,
) -> ApiResult<AssistedSession> {
    if worker.kind != AccountKind::LegalWorker {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only grassroots legal workers assist a party's verification",
        ));
    }
    let row = sqlx::query(
        "SELECT id, username, display_name, kind, court_code FROM accounts WHERE username = $1",
    )
    .bind(req.username.trim())
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| Failure::new(ApiErrorCode::NotFound, "no party with this user name"))?;
    let party = account_from_row(&row)?;
    if party.kind != AccountKind::Party {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only a party's verification can be assisted",
        ));
    }
    let known = verified(state, party.id).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let purpose = CodePurpose::AssistedSession { worker: worker.id };
    let party_act = match (&known.phone, req.code.as_deref()) {
        (Some(phone), None) => {
            issue_code(state, &mut tx, party.id, phone, purpose, now).await?;
            audit::account_act(
                &mut tx,
                now,
                worker.id,
                "assisted_code_sent",
                serde_json::json!({ "party": party.username, "phone": phone.masked() }),
            )
            .await?;
            tx.commit().await?;
            return Err(Failure::new(
                ApiErrorCode::PartyConfirmationRequired,
                format!(
                    "a code was sent to the party's verified phone {}; the party types it in",
                    phone.masked()
                ),
            ));
        }
        (Some(phone), Some(code)) => {
            let (outcome, attempts) =
                spend_try(&mut tx, party.id, phone, purpose, code, now).await?;
            if let Try::Wrong(failure) = outcome {
                audit::account_act(
                    &mut tx,
                    now,
                    worker.id,
                    "assisted_code_wrong",
                    serde_json::json!({ "party": party.username, "phone": phone.masked(), "attempts": attempts }),
                )
                .await?;
                tx.commit().await?;
                return Err(failure);
            }
            serde_json::json!({ "kind": "phone_code", "phone": phone.masked() })
        }
        (None, _) if known.identity || known.card => {
            return Err(Failure::new(
                ApiErrorCode::PartyPhoneRequired,
                "the party has verified their identity but no phone to confirm with; they verify a phone signed in themselves (or at the court) first",
            ));
        }
        // Nothing verified yet: nothing to confirm with, and nothing the session could change.
        (None, _) => {
            serde_json::json!({ "kind": "none", "reason": "the party had verified nothing yet" })
        }
    };
    let token = new_token();
    let expires_at = now + Duration::minutes(ASSISTED_SESSION_MINUTES);
    sqlx::query(
        "INSERT INTO sessions (token_hash, account_id, created_at, expires_at, assisted_by) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(token_hash(&token))
    .bind(party.id)
    .bind(stamp(now))
    .bind(stamp(expires_at))
    .bind(worker.id)
    .execute(&mut *tx)
    .await?;
    audit::account_act(
        &mut tx,
        now,
        worker.id,
        "assisted_verification_started",
        serde_json::json!({ "party": party.username, "minutes": ASSISTED_SESSION_MINUTES, "party_act": party_act }),
    )
    .await?;
    audit::account_act(
        &mut tx,
        now,
        party.id,
        "assisted_session_confirmed",
        serde_json::json!({ "worker": worker.username, "party_act": party_act }),
    )
    .await?;
    tx.commit().await?;
    Ok(AssistedSession {
        token,
        party,
        expires_at: stamp(expires_at),
    })
}

fn refused(what: &str) -> Failure {
    Failure::new(
        ApiErrorCode::AssistedChangeRefused,
        format!("an assisted session cannot change {what}; the party does it signed in themselves, or after their own face check"),
    )
}

/// In an assisted session, only the party's verified number (or, with none yet, any).
pub async fn may_set_phone(
    state: &AppState,
    account_id: i64,
    assisted_by: Option<i64>,
    phone: &MobileNumber,
) -> ApiResult<()> {
    if assisted_by.is_none() {
        return Ok(());
    }
    match verified(state, account_id).await?.phone {
        Some(verified) if verified.as_str() != phone.as_str() => {
            Err(refused("the party's verified phone"))
        }
        _ => Ok(()),
    }
}

/// In an assisted session on an account with a verified identity: only after a live face
/// check of the party within the session's length.
pub async fn may_change_verified(
    state: &AppState,
    account_id: i64,
    assisted_by: Option<i64>,
) -> ApiResult<()> {
    if assisted_by.is_none() || !verified(state, account_id).await?.identity {
        return Ok(());
    }
    let fresh = crate::identity::faces::recently_rechecked(
        state,
        account_id,
        Duration::minutes(ASSISTED_SESSION_MINUTES),
    )
    .await?;
    if fresh {
        Ok(())
    } else {
        Err(refused("a verified account's consent or card"))
    }
}
