//! The change feed the desktop pulls (`GET /api/v1/sync/changes`), and the tombstones that tell
//! it which cases to forget.
//!
//! A cursor is a value of the court's sync clock. A page holds every visible case whose change
//! sequence lies in (since, cursor], and the ids of cases removed from the caller's view in the
//! same range. Tombstones are kept down to a horizon; a cursor older than that, or newer than
//! the clock (a restored or different server), must start again from zero.

use crate::kernel::audit::{self, AuditEntry};
use crate::kernel::case_file as cases;
use crate::kernel::clock::stamp;
use crate::kernel::db::{Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::registry::Registry;
use chrono::{DateTime, Utc};
use ecourt_api::{limits, Account, ApiErrorCode, ChangesPage};
use sqlx::Row;

pub const DEFAULT_PAGE: i64 = 200;
pub const MAX_PAGE: i64 = 1000;

async fn clock(db: &Db) -> sqlx::Result<(i64, i64)> {
    let row = sqlx::query("SELECT seq, horizon FROM sync_clock WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    Ok((row.try_get("seq")?, row.try_get("horizon")?))
}

pub async fn changes(
    db: &Db,
    registry: &Registry,
    caller: &Account,
    since: i64,
    limit: i64,
) -> ApiResult<ChangesPage> {
    if since < 0 {
        return Err(Failure::invalid("since must not be negative"));
    }
    let limit = limit.clamp(1, MAX_PAGE);
    // Read the clock first: every change at or below it has committed (the clock row is locked
    // by each writer until its commit), so nothing at or below the cursor can appear later.
    let (now_seq, horizon) = clock(db).await?;
    if since > 0 && (since < horizon || since > now_seq) {
        return Err(Failure::new(
            ApiErrorCode::ResyncRequired,
            "the sync cursor is too old for this server; start again from zero",
        ));
    }
    let rows = cases::changed_since(db, registry, caller, since, now_seq, limit + 1).await?;
    let has_more = rows.len() as i64 > limit;
    let rows: Vec<_> = rows.into_iter().take(limit as usize).collect();
    let cursor = if has_more {
        rows.last().map(|(seq, _)| *seq).unwrap_or(now_seq)
    } else {
        now_seq
    };

    let tomb_rows = sqlx::query(
        "SELECT case_id, account_id FROM tombstones
         WHERE seq > $1 AND seq <= $2 AND (account_id IS NULL OR account_id = $3) ORDER BY seq",
    )
    .bind(since)
    .bind(cursor)
    .bind(caller.id)
    .fetch_all(&db.pool)
    .await?;
    let mut removed = Vec::new();
    for row in tomb_rows {
        let case_id: i64 = row.try_get("case_id")?;
        let personal = row.try_get::<Option<i64>, _>("account_id")?.is_some();
        // A role ended, but the caller may still see the case through another role.
        if personal && cases::visible(db, caller, case_id).await? {
            continue;
        }
        if !removed.contains(&case_id) {
            removed.push(case_id);
        }
    }
    let ids: Vec<i64> = rows.iter().map(|(_, c)| c.summary.id).collect();
    let contents = cases::small_contents(db, &ids, limits::INLINE_CONTENT_MAX_BYTES).await?;
    Ok(ChangesPage {
        cases: rows.into_iter().map(|(_, c)| c).collect(),
        removed_case_ids: removed,
        cursor,
        has_more,
        contents,
    })
}

async fn tombstone(
    tx: &mut Tx,
    case_id: i64,
    account_id: Option<i64>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    let seq: i64 = sqlx::query("UPDATE sync_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq")
        .fetch_one(&mut **tx)
        .await?
        .try_get("seq")?;
    sqlx::query("INSERT INTO tombstones (seq, case_id, account_id, at) VALUES ($1, $2, $3, $4)")
        .bind(seq)
        .bind(case_id)
        .bind(account_id)
        .bind(stamp(now))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Deletes a case and everything under it (e.g. a filing application entered in error), leaving
/// a tombstone for every client.
pub async fn delete_case(
    db: &Db,
    actor: Option<i64>,
    case_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<bool> {
    let mut tx = db.begin_write().await?;
    for table in ["case_participants", "case_events", "documents"] {
        sqlx::query(&format!("DELETE FROM {table} WHERE case_id = $1"))
            .bind(case_id)
            .execute(&mut *tx)
            .await?;
    }
    let gone = sqlx::query("DELETE FROM cases WHERE id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
    if gone == 0 {
        return Ok(false);
    }
    tombstone(&mut tx, case_id, None, now).await?;
    audit::append(
        &mut tx,
        now,
        AuditEntry {
            actor_account_id: actor,
            action: "case_deleted",
            case_id: Some(case_id),
            payload: serde_json::json!({}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}

/// Ends an account's roles in a case (e.g. a power of attorney revoked, 解除委托): the case leaves
/// that account's view and stays in everyone else's.
pub async fn end_roles(
    db: &Db,
    actor: Option<i64>,
    case_id: i64,
    account_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM case_participants WHERE case_id = $1 AND account_id = $2")
        .bind(case_id)
        .bind(account_id)
        .execute(&mut *tx)
        .await?;
    cases::touch(&mut tx, case_id, now).await?;
    tombstone(&mut tx, case_id, Some(account_id), now).await?;
    audit::append(
        &mut tx,
        now,
        AuditEntry {
            actor_account_id: actor,
            action: "case_roles_ended",
            case_id: Some(case_id),
            payload: serde_json::json!({ "account_id": account_id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Drops tombstones at or below `seq` and raises the horizon: clients whose cursor is older
/// must resync from zero.
pub async fn prune_tombstones(db: &Db, seq: i64) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query("DELETE FROM tombstones WHERE seq <= $1")
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE sync_clock SET horizon = $1 WHERE id = 1 AND horizon < $1")
        .bind(seq)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(())
}
