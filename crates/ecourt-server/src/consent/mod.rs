//! The consent ledger's routes (`/api/v1/cases/{id}/consents`): the court and everyone in the
//! case read the ledger, a party gives or withdraws consent to a step. The ledger itself is
//! `crate::kernel::consent`, because every step's capability records into it.

use crate::kernel::caller::Caller;
use crate::kernel::consent::{answer, ledger};
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::registry::Registry;
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use ecourt_api::*;

/// The routes register nothing with the kernel.
pub fn register(_registry: &mut Registry) {}

/// The ledger's OpenAPI paths, merged into the court's document by `api.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(case_ledger, answer_on_case))]
pub struct Doc;

/// The routes of the ledger: the API's router merges these.
pub fn router() -> Router<AppState> {
    Router::new().route(
        ecourt_api::routes::consent::CASE_CONSENTS,
        get(case_ledger).post(answer_on_case),
    )
}

/// Every consent of the case: who, which step, what, when, by which verified means.
#[utoipa::path(get, path = "/api/v1/cases/{id}/consents", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = StepConsentLedger), (status = 404, body = ApiError)))]
pub async fn case_ledger(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<StepConsentLedger>> {
    Ok(Json(ledger(&state.db, &caller, id).await?))
}

/// A party gives or withdraws consent to one step of the case (withdrawal: before the step
/// starts, with a reason).
#[utoipa::path(post, path = "/api/v1/cases/{id}/consents", params(("id" = i64, Path)),
    request_body = StepConsentRequest, security(("bearer" = [])),
    responses((status = 200, body = StepConsentLedger), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn answer_on_case(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<StepConsentRequest>,
) -> ApiResult<Json<StepConsentLedger>> {
    Ok(Json(answer(&state, &caller, id, &req).await?))
}
