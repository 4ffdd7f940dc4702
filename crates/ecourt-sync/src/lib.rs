//! How the desktop keeps its cases in step with the court: the sync engine that pushes the
//! outbox (exactly once, in order) and pulls changes by cursor into the local store, over the
//! typed client of `ecourt-client` (re-exported here).
//!
//! The engine never decides anything the court decides: it sends what the user did and keeps
//! what the court answered. It must never lose a queued action and never apply one twice; the
//! failpoints ([`Faults`]) let tests stop it at every step to prove that.

pub mod engine;

pub use ecourt_client::{ClientError, CourtClient, Faults};
pub use engine::{Connection, SyncEngine, SyncError, SyncHandle, SyncStatus};
