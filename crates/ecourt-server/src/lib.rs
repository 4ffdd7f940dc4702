//! The court service (法院端服务): the authority for every procedural act.
//!
//! It authenticates accounts, decides who may see which case, records every act in a
//! hash-chained audit log, feeds the desktops' sync and applies their queued actions exactly
//! once. It runs on PostgreSQL in a court and on SQLite inside the desktop (embedded mode).
//! It must never trust the desktop's own checks: every rule is enforced here again.

pub mod actions;
pub mod api;
pub mod assisted;
pub mod audit;
pub mod auth;
pub mod body_limits;
pub mod case_numbers;
pub mod cases;
pub mod clock;
pub mod consent;
pub mod db;
pub mod dev_gateways;
pub mod edge;
pub mod embedded;
pub mod error;
pub mod extract;
pub mod face_review;
pub mod faces;
pub mod fees;
pub mod filings;
pub mod hearing_room;
pub mod hearings;
pub mod identity;
pub mod payments;
pub mod room_limits;
pub mod seed;
pub mod signatures;
pub mod state;
pub mod sync;
pub mod throttle;
pub mod uploads;

use std::future::Future;

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: state::AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // The court's clock decides deadlines even when nobody asks: once a minute.
    let sweeper = tokio::spawn({
        let state = state.clone();
        async move {
            let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
            loop {
                tick.tick().await;
                if let Err(e) = filings::sweep(&state).await {
                    tracing::warn!(error = ?e, "deadline sweep failed; retrying in a minute");
                }
            }
        }
    });
    let app = api::router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    served?;
    Ok(())
}
