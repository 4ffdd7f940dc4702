//! The routes of the case list, a case's detail and a document's bytes, and their OpenAPI paths.

use crate::kernel::caller::Caller;
use crate::kernel::case_file::{self as cases, CaseFilter};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiPath, ApiQuery};
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use ecourt_api::*;
use ecourt_domain::CaseStage;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(list_cases, get_case, document_content),
    components(schemas(
        CaseList,
        CaseSummary,
        CaseDetail,
        CaseParticipant,
        CaseEvent,
        CaseDocument,
        Deadline
    ))
)]
pub struct Doc;

pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route(routes::cases::CASES, get(list_cases))
        .route(routes::cases::CASE, get(get_case))
        .route(routes::cases::DOCUMENT_CONTENT, get(document_content))
}

#[derive(Debug, Deserialize, IntoParams)]
struct CaseListQuery {
    /// Part of a case number, cause or participant's name.
    q: Option<String>,
    /// Only cases in this stage.
    stage: Option<CaseStage>,
}

#[utoipa::path(get, path = "/api/v1/cases", params(CaseListQuery), security(("bearer" = [])),
    responses((status = 200, body = CaseList), (status = 401, body = ApiError)))]
async fn list_cases(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<CaseListQuery>,
) -> ApiResult<Json<CaseList>> {
    let filter = CaseFilter {
        text: query.q.filter(|q| !q.trim().is_empty()),
        stage: query.stage,
    };
    Ok(Json(CaseList {
        cases: cases::list(&state.db, &caller, &filter).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CaseDetail), (status = 404, body = ApiError), (status = 401, body = ApiError)))]
async fn get_case(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseDetail>> {
    cases::detail(&state.db, &state.registry, &caller, id)
        .await?
        .map(Json)
        .ok_or_else(Failure::not_found)
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{document_id}/content",
    params(("id" = i64, Path), ("document_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, description = "the document's bytes"), (status = 404, body = ApiError)))]
async fn document_content(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> ApiResult<impl IntoResponse> {
    let (mime, bytes) = cases::document_content(&state.db, &caller, id, document_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    Ok(([(header::CONTENT_TYPE, mime)], bytes))
}
