//! The clerks' queue (serve otherwise, bounces, paper copies, disputes) of their court, oldest
//! first, and recording how a task was done: how the document was served otherwise (post, in
//! person, left at the address, announcement) and when — which is then its effect — or that the
//! paper copy was sent. A dispute's task closes with the court's decision, not here.

use super::serving;
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::db::{opt_string, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::{DateTime, Utc};
use ecourt_api::*;
use sqlx::Row;

#[allow(clippy::too_many_arguments)]
pub async fn open(
    tx: &mut Tx,
    service_id: i64,
    case_id: i64,
    court_code: &str,
    kind: ServiceTaskKind,
    reason: Option<OtherwiseReason>,
    detail: Option<&str>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO service_tasks (service_id, case_id, court_code, kind, reason, detail, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(service_id)
    .bind(case_id)
    .bind(court_code)
    .bind(kind.as_str())
    .bind(reason.map(|r| r.as_str()))
    .bind(detail)
    .bind(stamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Closes the open tasks of one kind of a service.
pub async fn close_kind(
    tx: &mut Tx,
    service_id: i64,
    kind: ServiceTaskKind,
    by: &Account,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE service_tasks SET done_at = $1, done_by = $2 WHERE service_id = $3 AND kind = $4 AND done_at IS NULL",
    )
    .bind(stamp(now))
    .bind(by.id)
    .bind(service_id)
    .bind(kind.as_str())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn court_of(caller: &Account) -> ApiResult<String> {
    caller
        .court_code
        .clone()
        .filter(|_| caller.kind.is_court_staff())
        .ok_or_else(|| {
            Failure::new(
                ApiErrorCode::Forbidden,
                "only the court's staff work the service queue",
            )
        })
}

pub async fn queue(state: &AppState, caller: &Account) -> ApiResult<ServiceTasks> {
    let court = court_of(caller)?;
    let rows = sqlx::query(
        "SELECT t.id, t.kind, t.case_id, c.case_number, t.service_id, d.title, s.recipient_name, t.reason,
                t.detail, t.created_at,
                (SELECT a.postal_address FROM address_confirmations a WHERE a.case_id = t.case_id
                   AND a.account_id = s.recipient_account_id ORDER BY a.version DESC LIMIT 1) AS postal_address
         FROM service_tasks t JOIN services s ON s.id = t.service_id JOIN documents d ON d.id = s.document_id
         JOIN cases c ON c.id = t.case_id
         WHERE t.court_code = $1 AND t.done_at IS NULL ORDER BY t.created_at, t.id",
    )
    .bind(&court)
    .fetch_all(&state.db.pool)
    .await?;
    let tasks = rows
        .iter()
        .map(|r| {
            let kind: String = r.try_get("kind")?;
            Ok(ServiceTask {
                id: r.try_get("id")?,
                kind: ServiceTaskKind::parse(&kind).unwrap_or(ServiceTaskKind::ServeOtherwise),
                case_id: r.try_get("case_id")?,
                case_number: opt_string(r, "case_number")?,
                service_id: r.try_get("service_id")?,
                document_title: r.try_get("title")?,
                recipient_name: r.try_get("recipient_name")?,
                postal_address: opt_string(r, "postal_address")?,
                reason: opt_string(r, "reason")?.and_then(|x| OtherwiseReason::parse(&x)),
                detail: opt_string(r, "detail")?,
                created_at: r.try_get("created_at")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(ServiceTasks { tasks })
}

pub async fn done(
    state: &AppState,
    caller: &Account,
    task_id: i64,
    req: &TaskDoneRequest,
) -> ApiResult<ServedDocument> {
    let court = court_of(caller)?;
    let task = sqlx::query(
        "SELECT service_id, case_id, kind, done_at FROM service_tasks WHERE id = $1 AND court_code = $2",
    )
    .bind(task_id)
    .bind(&court)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(Failure::not_found)?;
    if opt_string(&task, "done_at")?.is_some() {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "this task is done already",
        ));
    }
    let kind: String = task.try_get("kind")?;
    let kind = ServiceTaskKind::parse(&kind).unwrap_or(ServiceTaskKind::ServeOtherwise);
    if kind == ServiceTaskKind::Dispute {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "a dispute is closed by the court's decision (dispute-decision)",
        ));
    }
    let now = state.clock.now();
    let at = DateTime::parse_from_rfc3339(&req.at)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Failure::invalid("at: not an RFC 3339 time"))?;
    if at > now {
        return Err(Failure::new(
            ApiErrorCode::DateOutOfRange,
            "at: not in the future",
        ));
    }
    let note = match req.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(n) if n.chars().count() > 500 => {
            return Err(Failure::invalid("note: at most 500 characters"))
        }
        Some(n) => Some(n.to_owned()),
    };
    let service_id: i64 = task.try_get("service_id")?;
    let case_id: i64 = task.try_get("case_id")?;
    let s = serving::one(&state.db, service_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE service_tasks SET done_at = $1, done_by = $2 WHERE id = $3")
        .bind(stamp(now))
        .bind(caller.id)
        .bind(task_id)
        .execute(&mut *tx)
        .await?;
    let (act, detail) = if kind == ServiceTaskKind::PaperCopy {
        (
            "paper_copy_sent",
            format!(
                "已向{}送交《{}》的纸质文书（{}）",
                s.recipient_name,
                s.document_title,
                req.method.as_str()
            ),
        )
    } else {
        // Served otherwise: the first recorded way counts as the effect.
        if s.served_otherwise.is_none() {
            sqlx::query(
                "UPDATE services SET otherwise_method = $1, otherwise_at = $2, otherwise_note = $3, otherwise_by = $4
                 WHERE id = $5",
            )
            .bind(req.method.as_str())
            .bind(stamp(at))
            .bind(&note)
            .bind(&caller.display_name)
            .bind(service_id)
            .execute(&mut *tx)
            .await?;
        }
        serving::recompute(&mut tx, state, service_id, now).await?;
        (
            "served_otherwise",
            format!(
                "已以其他方式（{}）向{}送达《{}》",
                req.method.as_str(),
                s.recipient_name,
                s.document_title
            ),
        )
    };
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: act,
            title: "送达",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "service_id": service_id, "task_id": task_id, "method": req.method.as_str(),
                "at": stamp(at), "note": note,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    serving::one(&state.db, service_id)
        .await?
        .ok_or_else(Failure::not_found)
}
