//! The routes of service (送达): thin handlers over [`super::serving`], [`super::addresses`]
//! and [`super::tasks`], the router and the OpenAPI paths.

use super::{addresses, policy, serving, tasks};
use crate::kernel::caller::Caller;
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::routes::service as paths;
use ecourt_api::*;

#[derive(utoipa::OpenApi)]
#[openapi(paths(
    case_services,
    serve,
    recipients,
    address_confirmations,
    confirm_addresses,
    decide_dispute,
    certificate,
    task_queue,
    task_done,
    get_policy,
    put_policy
))]
pub struct Doc;

pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route(paths::CASE_SERVICE, get(case_services).post(serve))
        .route(paths::RECIPIENTS, get(recipients))
        .route(
            paths::ADDRESS_CONFIRMATION,
            get(address_confirmations).post(confirm_addresses),
        )
        .route(paths::DISPUTE_DECISION, post(decide_dispute))
        .route(paths::CERTIFICATE, post(certificate))
        .route(paths::TASKS, get(task_queue))
        .route(paths::TASK_DONE, post(task_done))
        .route(paths::POLICY, get(get_policy).put(put_policy))
}

/// The documents served in the case: the caller's own (court staff: all).
#[utoipa::path(get, path = "/api/v1/cases/{id}/service", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ServiceList), (status = 404, body = ApiError)))]
pub async fn case_services(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ServiceList>> {
    Ok(Json(serving::list(&state, &caller, id).await?))
}

/// Serves documents of the case to the recipients chosen (court staff): electronically where a
/// ground of consent is found and the policy allows the document, otherwise a task.
#[utoipa::path(post, path = "/api/v1/cases/{id}/service", params(("id" = i64, Path)),
    request_body = ServeRequest, security(("bearer" = [])),
    responses((status = 200, body = ServeResult), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn serve(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ServeRequest>,
) -> ApiResult<Json<ServeResult>> {
    Ok(Json(serving::serve(&state, &caller, id, &req).await?))
}

/// The people of the case who can be served, each with the consent ground found (court staff).
#[utoipa::path(get, path = "/api/v1/cases/{id}/service/recipients", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ServiceRecipients), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn recipients(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ServiceRecipients>> {
    Ok(Json(serving::recipients(&state, &caller, id).await?))
}

/// The caller's address confirmations in the case, every version (court staff: everyone's).
#[utoipa::path(get, path = "/api/v1/cases/{id}/service/address-confirmation",
    params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = [AddressConfirmation]), (status = 404, body = ApiError)))]
pub async fn address_confirmations(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Vec<AddressConfirmation>>> {
    Ok(Json(addresses::list(&state, &caller, id).await?))
}

/// A new version of the caller's address confirmation, filed as a document of the case; in
/// force once the caller signs it (`…/documents/{document_id}/signatures`).
#[utoipa::path(post, path = "/api/v1/cases/{id}/service/address-confirmation",
    params(("id" = i64, Path)), request_body = AddressConfirmationRequest,
    security(("bearer" = [])),
    responses((status = 200, body = AddressConfirmation), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn confirm_addresses(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<AddressConfirmationRequest>,
) -> ApiResult<Json<AddressConfirmation>> {
    Ok(Json(addresses::confirm(&state, &caller, id, &req).await?))
}

/// The court decides a recipient's dispute of a presumed service.
#[utoipa::path(post, path = "/api/v1/service/{id}/dispute-decision", params(("id" = i64, Path)),
    request_body = DisputeDecisionRequest, security(("bearer" = [])),
    responses((status = 200, body = ServedDocument), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn decide_dispute(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<DisputeDecisionRequest>,
) -> ApiResult<Json<ServedDocument>> {
    Ok(Json(
        serving::decide_dispute(&state, &caller, id, &req).await?,
    ))
}

/// Makes the electronic service certificate of one service and files it in the case.
#[utoipa::path(post, path = "/api/v1/service/{id}/certificate", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = ServiceCertificate), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
pub async fn certificate(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<ServiceCertificate>> {
    Ok(Json(serving::certificate(&state, &caller, id).await?))
}

/// The clerks' queue of the caller's court, oldest first.
#[utoipa::path(get, path = "/api/v1/service/tasks", security(("bearer" = [])),
    responses((status = 200, body = ServiceTasks), (status = 403, body = ApiError)))]
pub async fn task_queue(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ServiceTasks>> {
    Ok(Json(tasks::queue(&state, &caller).await?))
}

/// The clerk records how a task was done (how the document was served otherwise).
#[utoipa::path(post, path = "/api/v1/service/tasks/{id}/done", params(("id" = i64, Path)),
    request_body = TaskDoneRequest, security(("bearer" = [])),
    responses((status = 200, body = ServedDocument), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn task_done(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<TaskDoneRequest>,
) -> ApiResult<Json<ServedDocument>> {
    Ok(Json(tasks::done(&state, &caller, id, &req).await?))
}

/// The court's service policy in force.
#[utoipa::path(get, path = "/api/v1/service/policy", security(("bearer" = [])),
    responses((status = 200, body = ServicePolicy)))]
pub async fn get_policy(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ServicePolicy>> {
    Ok(Json(policy::in_force(&state, &caller).await?))
}

/// Switches the court's rule (court staff).
#[utoipa::path(put, path = "/api/v1/service/policy", request_body = ServicePolicyRequest,
    security(("bearer" = [])),
    responses((status = 200, body = ServicePolicy), (status = 403, body = ApiError)))]
pub async fn put_policy(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(req): ApiJson<ServicePolicyRequest>,
) -> ApiResult<Json<ServicePolicy>> {
    Ok(Json(policy::switch(&state, &caller, req.rule).await?))
}
