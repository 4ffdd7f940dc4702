//! The routes of sign-in and sessions, and their OpenAPI paths.

use crate::auth;
use crate::kernel::caller::Caller;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiJson, ApiQuery};
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::*;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(create_session, delete_session, court_help),
    components(schemas(
        SessionRequest,
        SessionResponse,
        Account,
        IdleSignOut,
        CourtHelp,
        CourtContact
    ))
)]
pub struct Doc;

pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route(
            routes::auth::SESSION,
            post(create_session).delete(delete_session),
        )
        .route(routes::auth::HELP, get(court_help))
}

#[derive(Debug, Deserialize, IntoParams)]
struct HelpQuery {
    /// The court's 法院代字; without it, the service's only court (if it has one).
    court: Option<String>,
}

#[utoipa::path(get, path = "/api/v1/help", params(HelpQuery),
    responses((status = 200, body = CourtHelp)))]
async fn court_help(
    State(state): State<AppState>,
    ApiQuery(query): ApiQuery<HelpQuery>,
) -> ApiResult<Json<CourtHelp>> {
    Ok(Json(
        auth::help::help(&state, query.court.as_deref().map(str::trim)).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/session", request_body = SessionRequest,
    responses((status = 200, body = SessionResponse), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
async fn create_session(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<Json<SessionResponse>> {
    if req.username.is_empty() || req.username.len() > 64 || req.password.len() > 256 {
        return Err(Failure::new(
            ApiErrorCode::InvalidCredentials,
            "wrong user name or password",
        ));
    }
    Ok(Json(
        auth::sign_in(&state, &req.username, &req.password).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/session", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn delete_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    _caller: Caller,
) -> ApiResult<StatusCode> {
    if let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(auth::token_hash(token))
            .execute(&state.db.pool)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}
