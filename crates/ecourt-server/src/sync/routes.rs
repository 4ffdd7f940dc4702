//! The routes of the change feed and the outbox, and their OpenAPI paths.

use crate::kernel::caller::Caller;
use crate::kernel::deadlines;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiQuery, UncheckedJson};
use crate::kernel::state::AppState;
use crate::sync::{self, outbox as actions};
use axum::extract::State;
use axum::http::HeaderMap;
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::*;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(changes, push_action),
    components(schemas(ChangesPage, ActionRequest, ActionBody, ActionResult, ActionStatus))
)]
pub struct Doc;

pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route(routes::sync::CHANGES, get(changes))
        .route(routes::sync::ACTIONS, post(push_action))
}

#[derive(Debug, Deserialize, IntoParams)]
struct ChangesQuery {
    /// The cursor from the last page applied; 0 for everything.
    since: i64,
    /// At most this many cases (default 200, at most 1000).
    limit: Option<i64>,
    /// The client's sync protocol version.
    protocol: i64,
}

#[utoipa::path(get, path = "/api/v1/sync/changes", params(ChangesQuery), security(("bearer" = [])),
    responses((status = 200, body = ChangesPage), (status = 410, body = ApiError, description = "resync from zero")))]
async fn changes(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> ApiResult<Json<ChangesPage>> {
    if query.protocol != SYNC_PROTOCOL_VERSION {
        return Err(Failure::new(
            ApiErrorCode::UnsupportedProtocol,
            format!(
                "this court speaks sync protocol {SYNC_PROTOCOL_VERSION}; please update the app"
            ),
        ));
    }
    // Deadlines that passed are decided before anyone is told the state.
    deadlines::catch_up(&state).await?;
    let limit = query.limit.unwrap_or(sync::DEFAULT_PAGE);
    Ok(Json(
        sync::changes(&state.db, &state.registry, &caller, query.since, limit).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/actions", request_body = ActionRequest, security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "client_id:mutation_id")),
    responses((status = 200, body = ActionResult), (status = 409, body = ApiError), (status = 400, body = ApiError)))]
async fn push_action(
    State(state): State<AppState>,
    Caller(caller): Caller,
    headers: HeaderMap,
    UncheckedJson(req): UncheckedJson<ActionRequest>,
) -> ApiResult<Json<ActionResult>> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok());
    actions::check_key(key, &req)?;
    Ok(Json(actions::apply(&state, &caller, req).await?))
}
