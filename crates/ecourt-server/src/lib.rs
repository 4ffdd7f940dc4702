//! The court service (法院端服务): the authority for every procedural act.
//!
//! It authenticates accounts, decides who may see which case, records every act in a
//! hash-chained audit log, feeds the desktops' sync and applies their queued actions exactly
//! once. It runs on PostgreSQL in a court and on SQLite inside the desktop (embedded mode).
//! It must never trust the desktop's own checks: every rule is enforced here again.

pub mod actions;
pub mod api;
pub mod audit;
pub mod auth;
pub mod case_numbers;
pub mod cases;
pub mod clock;
pub mod db;
pub mod embedded;
pub mod error;
pub mod extract;
pub mod fees;
pub mod seed;
pub mod state;
pub mod sync;

use std::future::Future;

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: state::AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    let app = api::router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await?;
    Ok(())
}
