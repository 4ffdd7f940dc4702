//! What every answer of the court carries and every request must meet, whatever the route:
//! `X-Content-Type-Options: nosniff` and `Cache-Control: no-store` (answers hold case files
//! and personal data; no browser or proxy may guess their type or keep them), and an address
//! of at most [`MAX_URI_BYTES`], refused with the API's `{code, message}` (414). HSTS and TLS
//! belong to the reverse proxy in front of a deployed court (README, deployment).

use crate::kernel::error::Failure;
use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use ecourt_api::ApiErrorCode;
use tower_http::set_header::SetResponseHeaderLayer;

/// The longest address (path and query) the court takes. hyper refuses addresses over 64 KiB
/// itself, before any of this runs (with an empty 414).
pub const MAX_URI_BYTES: usize = 8 * 1024;

/// The router-wide layers, in one place.
pub fn wrap(router: Router) -> Router {
    router
        .layer(axum::middleware::from_fn(limit_uri))
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

async fn limit_uri(req: Request, next: Next) -> Response {
    let len = req.uri().path_and_query().map_or(0, |pq| pq.as_str().len());
    if len > MAX_URI_BYTES {
        return Failure::new(
            ApiErrorCode::UriTooLong,
            format!("an address holds at most {MAX_URI_BYTES} bytes"),
        )
        .into_response();
    }
    next.run(req).await
}
