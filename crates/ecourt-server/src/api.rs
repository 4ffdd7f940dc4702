//! The HTTP API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`: the
//! capabilities' routers and OpenAPI paths put together (each capability's own are in its
//! `routes.rs`), the health check, and what every route shares (the 401 of the bearer token,
//! the JSON body limit, the answers for no such route and no such method, the edge).

use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use crate::{auth, cases, consent, evidence, filing, hearings, identity, signatures, sync};
use axum::extract::{DefaultBodyLimit, State};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::{Json, Router};
use ecourt_api::*;
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "e-Court service (在线诉讼服务)",
        description = "The court service the e-Court desktop talks to."
    ),
    paths(health),
    components(schemas(ApiError, ApiErrorCode, Health))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
        // Every operation behind the bearer token can answer 401 (the `Caller` extractor runs
        // first); declared here once rather than in each operation.
        let unauthorized = utoipa::openapi::ResponseBuilder::new()
            .description("no token, an unknown one, or an expired session")
            .content(
                "application/json",
                utoipa::openapi::ContentBuilder::new()
                    .schema(Some(utoipa::openapi::Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    op.responses
                        .responses
                        .entry("401".into())
                        .or_insert_with(|| unauthorized.clone().into());
                }
            }
        }
    }
}

/// The whole document: the service's own paths, then each capability's, then the 401 of every
/// operation behind the bearer token.
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    for part in [
        auth::routes::Doc::openapi(),
        cases::routes::Doc::openapi(),
        sync::routes::Doc::openapi(),
        filing::routes::Doc::openapi(),
        identity::routes::Doc::openapi(),
        hearings::routes::Doc::openapi(),
        consent::Doc::openapi(),
        signatures::Doc::openapi(),
        evidence::routes::Doc::openapi(),
    ] {
        doc.merge(part);
    }
    BearerAuth.modify(&mut doc);
    doc
}

pub fn router(state: AppState) -> Router {
    // The development gateways' routes exist only where those gateways do.
    let dev_routes = crate::dev_gateways::routes(&state);
    let api = Router::new()
        .route(routes::OPENAPI, get(openapi))
        .route(routes::service::HEALTH, get(health))
        .merge(auth::routes::routes(&state))
        .merge(cases::routes::routes(&state))
        .merge(sync::routes::routes(&state))
        .merge(filing::routes::routes(&state))
        .merge(identity::routes::routes(&state))
        .merge(hearings::routes::routes(&state))
        .merge(consent::router())
        .merge(signatures::router())
        .merge(evidence::routes::routes(&state))
        .merge(dev_routes)
        .fallback(|| async { Failure::new(ApiErrorCode::NotFound, "no such route") })
        .method_not_allowed_fallback(|| async {
            Failure::new(
                ApiErrorCode::MethodNotAllowed,
                "this route does not take this method",
            )
        })
        .layer(DefaultBodyLimit::max(limits::JSON_BODY_MAX_BYTES))
        .with_state(state);
    crate::kernel::edge::wrap(api)
}

async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    Json(crate::dev_gateways::document(&state, document()))
}

#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health)))]
async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    sqlx::query("SELECT 1").execute(&state.db.pool).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.db.backend.name().into(),
    }))
}
