//! How the desktop talks to the court: an HTTP client of `/api/v1`, and the sync engine that
//! pushes the outbox (exactly once, in order) and pulls changes by cursor into the local store.
//!
//! The engine never decides anything the court decides: it sends what the user did and keeps
//! what the court answered. It must never lose a queued action and never apply one twice; the
//! failpoints in [`faults`] let tests stop it at every step to prove that.

pub mod client;
pub mod engine;
pub mod faults;

pub use client::{ClientError, CourtClient};
pub use engine::{Connection, SyncEngine, SyncError, SyncHandle, SyncStatus};
pub use faults::Faults;
