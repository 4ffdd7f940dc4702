//! The address confirmation (送达地址确认书): per person per case, in versions (a change is a new
//! version, recorded as an act); each version is a court paper filed in the case, which its
//! person signs through the signatures route. A version is in force once signed — service asks
//! signatures through the registry (`Registry::document_signed`), and keeps the answer
//! (`signed_at`) for the case detail.

use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::db::{opt_string, Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::registry::Boxed;
use crate::kernel::state::AppState;
use chrono::{DateTime, Utc};
use ecourt_api::*;
use ecourt_domain::court_time::court_time;
use sha2::{Digest, Sha256};
use sqlx::Row;

const COLUMNS: &str = "a.id, a.account_id, a.name, a.version, a.consent_electronic, a.platform,
    a.email, a.mobile, a.postal_address, a.document_id, d.sha256, a.created_at, a.signed_at";

fn from_row(r: &sqlx::any::AnyRow) -> sqlx::Result<AddressConfirmation> {
    Ok(AddressConfirmation {
        id: r.try_get("id")?,
        account_id: r.try_get("account_id")?,
        name: r.try_get("name")?,
        version: r.try_get("version")?,
        consent_electronic: r.try_get::<i64, _>("consent_electronic")? != 0,
        platform: r.try_get::<i64, _>("platform")? != 0,
        email: opt_string(r, "email")?,
        mobile: opt_string(r, "mobile")?,
        postal_address: opt_string(r, "postal_address")?,
        document_id: r.try_get("document_id")?,
        document_sha256: r.try_get("sha256")?,
        created_at: r.try_get("created_at")?,
        signed: opt_string(r, "signed_at")?.is_some(),
        in_force: false,
    })
}

/// Marks the latest signed version of each person in force.
fn mark_in_force(list: &mut [AddressConfirmation]) {
    let mut seen = std::collections::HashSet::new();
    for c in list.iter_mut().rev() {
        if c.signed && seen.insert(c.account_id) {
            c.in_force = true;
        }
    }
}

/// The confirmations of these cases as stored (signed as last learnt), by case, oldest first;
/// `account` limits them to one person's.
pub async fn stored(
    db: &Db,
    case_ids: &[i64],
    account: Option<i64>,
) -> sqlx::Result<Vec<(i64, AddressConfirmation)>> {
    let mut out = Vec::new();
    for case_id in case_ids {
        let rows = sqlx::query(&format!(
            "SELECT a.case_id, {COLUMNS} FROM address_confirmations a JOIN documents d ON d.id = a.document_id
             WHERE a.case_id = $1 AND ($2 = 0 OR a.account_id = $2) ORDER BY a.account_id, a.version"
        ))
        .bind(*case_id)
        .bind(account.unwrap_or(0))
        .fetch_all(&db.pool)
        .await?;
        let mut list = rows
            .iter()
            .map(from_row)
            .collect::<sqlx::Result<Vec<_>>>()?;
        mark_in_force(&mut list);
        out.extend(list.into_iter().map(|c| (*case_id, c)));
    }
    Ok(out)
}

/// Signatures tells service, in the signing transaction, that someone signed a document: if it
/// is their address confirmation, it is in force from now. The signature's act has stamped the
/// case, so the confirmation reaches the signer's cache with the same pull.
pub fn signed(
    tx: &mut Tx,
    now: DateTime<Utc>,
    case_id: i64,
    document_id: i64,
    account_id: i64,
) -> Boxed<'_, anyhow::Result<()>> {
    Box::pin(async move {
        sqlx::query(
            "UPDATE address_confirmations SET signed_at = $1
             WHERE case_id = $2 AND document_id = $3 AND account_id = $4 AND signed_at IS NULL",
        )
        .bind(stamp(now))
        .bind(case_id)
        .bind(document_id)
        .bind(account_id)
        .execute(&mut **tx)
        .await?;
        Ok(())
    })
}

/// Asks signatures whether each unsigned version is signed now, and keeps the answer.
async fn refresh(state: &AppState, case_id: i64, account: Option<i64>) -> ApiResult<()> {
    for (_, c) in stored(&state.db, &[case_id], account).await? {
        if !c.signed
            && state
                .registry
                .document_signed(state, c.document_id, c.account_id)
                .await?
        {
            sqlx::query("UPDATE address_confirmations SET signed_at = $1 WHERE id = $2")
                .bind(stamp(state.clock.now()))
                .bind(c.id)
                .execute(&state.db.pool)
                .await?;
        }
    }
    Ok(())
}

/// The person's confirmation in force in the case, if any.
pub async fn in_force(
    state: &AppState,
    case_id: i64,
    account_id: i64,
) -> ApiResult<Option<AddressConfirmation>> {
    refresh(state, case_id, Some(account_id)).await?;
    Ok(stored(&state.db, &[case_id], Some(account_id))
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c.in_force))
}

pub async fn list(
    state: &AppState,
    caller: &Account,
    case_id: i64,
) -> ApiResult<Vec<AddressConfirmation>> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    let who = (!caller.kind.is_court_staff()).then_some(caller.id);
    refresh(state, case_id, who).await?;
    Ok(stored(&state.db, &[case_id], who)
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .collect())
}

fn clean(field: &str, v: &Option<String>, max: usize) -> ApiResult<Option<String>> {
    match v.as_deref().map(str::trim) {
        None | Some("") => Ok(None),
        Some(s) if s.chars().count() > max => Err(Failure::invalid(format!(
            "{field}: at most {max} characters"
        ))),
        Some(s) => Ok(Some(s.to_owned())),
    }
}

pub async fn confirm(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &AddressConfirmationRequest,
) -> ApiResult<AddressConfirmation> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    if caller.kind.is_court_staff() {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "an address confirmation is the recipient's own",
        ));
    }
    let email = clean("email", &req.email, 254)?;
    if let Some(e) = &email {
        let ok = e.split_once('@').is_some_and(|(l, d)| {
            !l.is_empty() && d.contains('.') && !d.starts_with('.') && !e.contains(' ')
        });
        if !ok {
            return Err(Failure::invalid("email: not an email address"));
        }
    }
    let mobile = clean("mobile", &req.mobile, 11)?;
    if let Some(m) = &mobile {
        if ecourt_domain::phone::MobileNumber::parse(m).is_none() {
            return Err(Failure::invalid("mobile: not a mainland mobile number"));
        }
    }
    let postal = clean("postal_address", &req.postal_address, 200)?;
    if req.consent_electronic && !req.platform && email.is_none() {
        return Err(Failure::invalid(
            "platform: electronic service needs the platform account or an email address",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let meta = sqlx::query(
        "SELECT c.case_number, ct.name AS court_name,
                (SELECT MAX(version) FROM address_confirmations a WHERE a.case_id = c.id AND a.account_id = $2) AS last,
                (SELECT role FROM case_participants p WHERE p.case_id = c.id AND p.account_id = $2 ORDER BY id LIMIT 1) AS role
         FROM cases c JOIN courts ct ON ct.code = c.court_code WHERE c.id = $1",
    )
    .bind(case_id)
    .bind(caller.id)
    .fetch_one(&mut *tx)
    .await?;
    let version = meta.try_get::<Option<i64>, _>("last")?.unwrap_or(0) + 1;
    let role = opt_string(&meta, "role")?
        .and_then(|r| ecourt_domain::CaseRole::parse(&r))
        .map(|r| r.zh().to_owned())
        .unwrap_or_default();
    let case_number = opt_string(&meta, "case_number")?.unwrap_or_default();
    let what = serde_json::json!({
        "case_id": case_id, "account_id": caller.id, "version": version,
        "consent_electronic": req.consent_electronic, "platform": req.platform,
        "email": email, "mobile": mobile, "postal_address": postal,
    });
    let footer = ecourt_papers::Footer {
        case_number: case_number.clone(),
        sha256: Sha256::digest(what.to_string().as_bytes()).into(),
    };
    let paper = ecourt_papers::AddressConfirmationPaper {
        court_name: meta.try_get("court_name")?,
        case_number,
        name: caller.display_name.clone(),
        capacity: role,
        version,
        consent_electronic: req.consent_electronic,
        platform: req.platform.then(|| caller.username.clone()),
        email: email.clone(),
        mobile: mobile.clone(),
        postal_address: postal.clone(),
        made_at: court_time(now).format("%Y年%m月%d日 %H:%M").to_string(),
    };
    let font = state
        .config
        .papers_font()
        .map_err(|e| anyhow::anyhow!("no font for court papers: {e}"))?;
    let pdf = ecourt_papers::render_address_confirmation(&paper, footer, font)
        .map_err(anyhow::Error::from)?;
    let doc = cases::add_document(
        &mut tx,
        case_id,
        now,
        cases::NewDocument {
            title: "送达地址确认书",
            kind: "address_confirmation",
            mime_type: "application/pdf",
            content: pdf,
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO address_confirmations (case_id, account_id, name, version, consent_electronic, platform,
             email, mobile, postal_address, document_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(case_id)
    .bind(caller.id)
    .bind(&caller.display_name)
    .bind(version)
    .bind(req.consent_electronic as i64)
    .bind(req.platform as i64)
    .bind(&email)
    .bind(&mobile)
    .bind(&postal)
    .bind(doc.id)
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    let detail = if version == 1 {
        format!("{}填写送达地址确认书，待签名", caller.display_name)
    } else {
        format!(
            "{}变更送达地址确认书（第{}版替代第{}版），待签名",
            caller.display_name,
            version,
            version - 1
        )
    };
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "address_confirmation_made",
            title: "送达地址确认书",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "version": version, "document_id": doc.id, "document_sha256": doc.sha256,
                "consent_electronic": req.consent_electronic,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(stored(&state.db, &[case_id], Some(caller.id))
        .await?
        .into_iter()
        .map(|(_, c)| c)
        .find(|c| c.version == version)
        .ok_or_else(|| anyhow::anyhow!("the confirmation just made is missing"))?)
}
