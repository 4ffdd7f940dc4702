//! Actions pushed from a desktop's outbox, applied exactly once.
//!
//! Each action carries `client_id` and a `mutation_id` that rises by one per client. The result
//! is recorded in the same transaction as the effect, so a repeated push (a lost answer, a
//! crash after sending) gets the stored answer and changes nothing. A gap in mutation ids is
//! refused: it would mean an action was lost on the way.

use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ActionRequest, ActionResult, ActionStatus, ApiErrorCode};
use sqlx::Row;

/// Checks the idempotency key against the body: it must say the same client and mutation.
pub fn check_key(key: Option<&str>, req: &ActionRequest) -> ApiResult<()> {
    let expected = format!("{}:{}", req.client_id, req.mutation_id);
    match key {
        None => Err(Failure::invalid("the Idempotency-Key header is required")),
        Some(k) if k != expected => Err(Failure::invalid(
            "the Idempotency-Key header does not match the action",
        )),
        Some(_) => Ok(()),
    }
}

fn validate_client(req: &ActionRequest) -> ApiResult<()> {
    let id = &req.client_id;
    if id.is_empty() || id.len() > 64 || !id.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Failure::invalid(
            "client_id must be 1 to 64 letters, digits or hyphens",
        ));
    }
    if req.mutation_id < 1 {
        return Err(Failure::invalid("mutation_id starts at 1"));
    }
    Ok(())
}

/// The SHA-256 of the action as the court reads it (its own serialization, so spacing and key
/// order of the client's JSON do not matter).
fn body_hash(req: &ActionRequest) -> ApiResult<String> {
    use sha2::Digest;
    let json = serde_json::to_vec(&req.action).map_err(anyhow::Error::from)?;
    Ok(hex::encode(sha2::Sha256::digest(json)))
}

pub async fn apply(
    state: &AppState,
    caller: &Account,
    req: ActionRequest,
) -> ApiResult<ActionResult> {
    validate_client(&req)?;
    let now = state.clock.now();
    let body_sha256 = body_hash(&req)?;
    let mut tx = state.db.begin_write().await?;

    let previous = sqlx::query("SELECT account_id, result_json, body_sha256 FROM applied_mutations WHERE client_id = $1 AND mutation_id = $2")
        .bind(&req.client_id)
        .bind(req.mutation_id)
        .fetch_optional(&mut *tx)
        .await?;
    if let Some(row) = previous {
        let owner: i64 = row.try_get("account_id")?;
        if owner != caller.id {
            return Err(Failure::new(
                ApiErrorCode::Forbidden,
                "this client id belongs to another account",
            ));
        }
        // The key names the action it was first used for; another body under it is not a
        // replay, and answering it with the first one's result would hide that it was lost.
        if let Some(first) = row.try_get::<Option<String>, _>("body_sha256")? {
            if first != body_sha256 {
                return Err(Failure::new(
                    ApiErrorCode::IdempotencyKeyReused,
                    "this idempotency key was used for another action",
                ));
            }
        }
        let mut result: ActionResult =
            serde_json::from_str(&row.try_get::<String, _>("result_json")?)
                .map_err(anyhow::Error::from)?;
        result.replayed = true;
        return Ok(result);
    }

    let last = sqlx::query("SELECT MAX(mutation_id) AS last, MIN(account_id) AS owner FROM applied_mutations WHERE client_id = $1")
        .bind(&req.client_id)
        .fetch_one(&mut *tx)
        .await?;
    let last_id: Option<i64> = last.try_get("last")?;
    if let Some(owner) = last.try_get::<Option<i64>, _>("owner")? {
        if owner != caller.id {
            return Err(Failure::new(
                ApiErrorCode::Forbidden,
                "this client id belongs to another account",
            ));
        }
    }
    let expected = last_id.unwrap_or(0) + 1;
    if req.mutation_id != expected {
        return Err(Failure::new(
            ApiErrorCode::MutationOutOfOrder,
            format!(
                "expected action {expected} from this client, got {}",
                req.mutation_id
            ),
        ));
    }

    let result = match effect(state, caller, &mut tx, &req).await? {
        Ok(event_id) => ActionResult {
            mutation_id: req.mutation_id,
            status: ActionStatus::Applied,
            code: None,
            message: None,
            event_id,
            replayed: false,
        },
        Err(refusal) => ActionResult {
            mutation_id: req.mutation_id,
            status: ActionStatus::Rejected,
            code: Some(refusal.code),
            message: Some(refusal.message),
            event_id: None,
            replayed: false,
        },
    };
    sqlx::query(
        "INSERT INTO applied_mutations (client_id, mutation_id, account_id, result_json, applied_at, body_sha256) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&req.client_id)
    .bind(req.mutation_id)
    .bind(caller.id)
    .bind(serde_json::to_string(&result).map_err(anyhow::Error::from)?)
    .bind(stamp(now))
    .bind(&body_sha256)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(result)
}

/// Carries out the action. The outer error is a failure of the server (the push will be
/// retried); the inner one a refusal of the action itself (recorded, never retried).
async fn effect(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    req: &ActionRequest,
) -> Result<Result<Option<i64>, Failure>, Failure> {
    // Text the court will never store is a refusal of this action, recorded like any other,
    // so the client stops sending it and its later actions follow without a gap.
    let payload = serde_json::to_value(&req.action).map_err(anyhow::Error::from)?;
    if let Err(refusal) = crate::kernel::extract::check_json(&payload) {
        return Ok(Err(refusal));
    }
    // The capability that owns the action's kind carries it out (registered from its folder).
    let kind = payload
        .get("kind")
        .and_then(|k| k.as_str())
        .unwrap_or_default();
    let Some(handler) = state.registry.action_for(kind) else {
        return Err(anyhow::anyhow!("no capability carries out the outbox action {kind:?}").into());
    };
    handler(state, caller, tx, req).await
}
