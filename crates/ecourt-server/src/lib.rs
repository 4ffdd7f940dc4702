//! The court service (法院端服务): the authority for every procedural act.
//!
//! It authenticates accounts, decides who may see which case, records every act in a
//! hash-chained audit log, feeds the desktops' sync and applies their queued actions exactly
//! once. It runs on PostgreSQL in a court and on SQLite inside the desktop (embedded mode).
//! It must never trust the desktop's own checks: every rule is enforced here again.

// The house: a kernel below, one folder per capability above it, and this root that puts
// them together (router, registry, embedded court). See docs/ARCHITECTURE.md, "The house".
pub mod kernel;

pub mod auth;
pub mod cases;
pub mod consent;
pub mod evidence;
pub mod filing;
pub mod hearings;
pub mod identity;
pub mod signatures;
pub mod sync;

pub mod api;
pub mod capabilities;
pub mod dev_gateways;
pub mod embedded;
pub mod seed;

// The flat names of before the house, kept so that code written against them (the other
// crates, the tests, work in flight on other branches) still builds. New code names the
// kernel or the capability.
pub use filing::review as filings;
pub use filing::{fees, payments, uploads};
pub use hearings::{room as hearing_room, room_limits};
pub use identity::{assisted, face_review, faces};
pub use kernel::{
    audit, body_limits, case_numbers, clock, db, edge, error, extract, state, throttle,
};
pub use sync::outbox as actions;

use std::future::Future;

/// Serves the API on `listener` until `shutdown` completes.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: state::AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<()> {
    // The court's clock decides deadlines even when nobody asks: once a minute.
    let sweeper = kernel::deadlines::every_minute(state.clone());
    let app = api::router(state).layer(tower_http::trace::TraceLayer::new_for_http());
    let served = axum::serve(listener, app)
        .with_graceful_shutdown(shutdown)
        .await;
    sweeper.abort();
    served?;
    Ok(())
}
