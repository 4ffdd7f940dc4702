//! The development gateways' own routes: settling a fee notice at once and reading the texts
//! the development SMS gateway "sent". They exist only where the gateways do — the embedded
//! court and `serve --dev-gateways` — and are absent (404, and missing from the OpenAPI
//! document) everywhere else. Even there each acts only within the caller's own scope.

use crate::kernel::caller::{Caller, IdentityCaller};
use crate::kernel::error::ApiResult;
use crate::kernel::extract::{ApiPath, ApiQuery};
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::routes;
use ecourt_api::{ApiError, DevSms, FeeNotice};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(paths(dev_settle, dev_sms), components(schemas(DevSms)))]
pub struct DevApiDoc;

/// The routes of the gateways `state` has: none for a court with real (or no) gateways.
pub fn routes(state: &AppState) -> Router<AppState> {
    let mut router = Router::new();
    if state.payments.settles_on_request() {
        router = router.route(routes::filing::DEV_SETTLE, post(dev_settle));
    }
    if state.sms.is_development() {
        router = router.route(routes::identity::DEV_SMS, get(dev_sms));
    }
    router
}

/// The OpenAPI document of what `state` serves: the court's, plus the development routes
/// where they exist.
pub fn document(state: &AppState, mut doc: utoipa::openapi::OpenApi) -> utoipa::openapi::OpenApi {
    if state.payments.settles_on_request() || state.sms.is_development() {
        let mut dev = DevApiDoc::openapi();
        if !state.payments.settles_on_request() {
            dev.paths
                .paths
                .remove("/api/v1/dev/payments/{payment_number}/settle");
        }
        if !state.sms.is_development() {
            dev.paths.paths.remove("/api/v1/dev/sms");
        }
        doc.merge(dev);
    }
    doc
}

/// The development payment gateway pays at once — only a notice of a case the caller is a
/// party or an agent in; any other number answers exactly as an unknown one.
#[utoipa::path(post, path = "/api/v1/dev/payments/{payment_number}/settle", params(("payment_number" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = FeeNotice), (status = 409, body = ApiError), (status = 404, body = ApiError),
        (status = 401, body = ApiError)))]
async fn dev_settle(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(payment_number): ApiPath<String>,
) -> ApiResult<Json<FeeNotice>> {
    Ok(Json(
        crate::filing::payments::settle_in_dev(&state, &caller, &payment_number).await?,
    ))
}

#[derive(Debug, Deserialize, IntoParams)]
struct DevSmsQuery {
    phone: String,
}

/// The development SMS gateway's messages to a number sent for the caller's own account.
#[utoipa::path(get, path = "/api/v1/dev/sms", params(DevSmsQuery), security(("bearer" = [])),
    responses((status = 200, body = Vec<DevSms>), (status = 400, body = ApiError), (status = 401, body = ApiError)))]
async fn dev_sms(
    State(state): State<AppState>,
    caller: IdentityCaller,
    ApiQuery(query): ApiQuery<DevSmsQuery>,
) -> ApiResult<Json<Vec<DevSms>>> {
    Ok(Json(
        crate::identity::dev_messages(&state, &caller.account, &query.phone).await?,
    ))
}
