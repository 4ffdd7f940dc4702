//! The routes of filing: the fee calculator, the review queue and decisions, evidence
//! uploads; and their OpenAPI paths.

use crate::filing::review as filings;
use crate::filing::{fees, uploads};
use crate::kernel::body_limits::InFlight;
use crate::kernel::caller::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{raw_body, ApiJson, ApiPath};
use crate::kernel::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use ecourt_api::*;
use ecourt_domain::filing::MAX_FILE_BYTES;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(
        fee_quote,
        review_queue,
        correction_notice,
        register_filing,
        reject_filing,
        upload
    ),
    components(schemas(
        FeeQuoteRequest,
        FeeQuoteResponse,
        FeeLine,
        FeeType,
        Procedure,
        FilingState,
        FilingStatus,
        CorrectionItem,
        CorrectionNotice,
        FeeNotice,
        FeeStatus,
        ReviewQueue,
        ReviewQueueItem,
        CorrectionRequest,
        RejectRequest,
        Registration,
        UploadReceipt,
        ecourt_domain::filing::FilingApplication,
        ecourt_domain::filing::FilingParty,
        ecourt_domain::filing::FilingAgent,
        ecourt_domain::filing::Claim,
        ecourt_domain::filing::EvidenceItem,
        ecourt_domain::filing::FileRef,
        ecourt_domain::filing::PartyKind,
        ecourt_domain::filing::AgentKind
    ))
)]
pub struct Doc;

pub fn routes(state: &AppState) -> Router<AppState> {
    let uploads = InFlight::uploads();
    Router::new()
        .route(routes::fees::QUOTE, post(fee_quote))
        .route(routes::filing::REVIEW_QUEUE, get(review_queue))
        .route(routes::filing::CORRECTION_NOTICE, post(correction_notice))
        .route(routes::filing::REGISTER, post(register_filing))
        .route(routes::filing::REJECT, post(reject_filing))
        .route(
            routes::filing::UPLOAD,
            uploads.wrap(
                state,
                put(upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize + 1024)),
            ),
        )
}

/// The public fee calculator: no sign-in needed.
#[utoipa::path(post, path = "/api/v1/fees/quote", request_body = FeeQuoteRequest,
    responses((status = 200, body = FeeQuoteResponse), (status = 400, body = ApiError)))]
async fn fee_quote(ApiJson(req): ApiJson<FeeQuoteRequest>) -> ApiResult<Json<FeeQuoteResponse>> {
    Ok(Json(fees::quote(&req)?))
}

/// The court's review queue (立案审查): staff of the court only.
#[utoipa::path(get, path = "/api/v1/filings/review-queue", security(("bearer" = [])),
    responses((status = 200, body = ReviewQueue), (status = 403, body = ApiError)))]
async fn review_queue(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ReviewQueue>> {
    Ok(Json(filings::review_queue(&state, &caller).await?))
}

/// Issues the one correction notice (一次性告知); a second one is refused with 409.
#[utoipa::path(post, path = "/api/v1/filings/{id}/correction-notice", params(("id" = i64, Path)),
    request_body = CorrectionRequest, security(("bearer" = [])),
    responses((status = 200, body = CorrectionNotice), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn correction_notice(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CorrectionRequest>,
) -> ApiResult<Json<CorrectionNotice>> {
    Ok(Json(
        filings::issue_correction(&state, &caller, id, &req).await?,
    ))
}

/// Registers the case: case number and fee notice.
#[utoipa::path(post, path = "/api/v1/filings/{id}/register", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Registration), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn register_filing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Registration>> {
    Ok(Json(filings::register(&state, &caller, id).await?))
}

/// Refuses the application with reasons.
#[utoipa::path(post, path = "/api/v1/filings/{id}/reject", params(("id" = i64, Path)),
    request_body = RejectRequest, security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn reject_filing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RejectRequest>,
) -> ApiResult<StatusCode> {
    filings::reject(&state, &caller, id, &req.reasons).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Uploads an evidence file by its SHA-256 (PDF, JPEG or PNG; at most 20 MB). Idempotent.
#[utoipa::path(put, path = "/api/v1/uploads/{sha256}", params(("sha256" = String, Path)), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = UploadReceipt), (status = 400, body = ApiError), (status = 413, body = ApiError)))]
async fn upload(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(sha256): ApiPath<String>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<UploadReceipt>> {
    let body = raw_body(body, "a file may hold at most 20 MB")?;
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    Ok(Json(
        uploads::put(&state, &caller, &sha256, mime, &body).await?,
    ))
}
