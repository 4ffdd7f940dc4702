//! Online hearings (在线庭审): scheduling, consent and exclusions, join tokens, the record.
//! The live room over the signalling WebSocket: `room` (transport; its rules are the pure
//! state machine `room::machine`) and `room_limits`.

mod moving;
pub mod room;
pub mod room_limits;
pub mod routes;
pub mod scheduling;
pub mod seed;

use crate::kernel::db::Db;
use crate::kernel::registry::{Boxed, Registry};
use ecourt_api::{Account, CaseDetail};

pub use moving::reschedule;
pub use scheduling::*;

/// Hearings' part of the case detail.
pub fn register(registry: &mut Registry) {
    registry.detail_part("hearings", detail_part);
}

/// The case's hearings, with who attends and how, the caller marked.
fn detail_part<'a>(
    db: &'a Db,
    caller: &'a Account,
    details: &'a mut [CaseDetail],
) -> Boxed<'a, sqlx::Result<()>> {
    Box::pin(async move {
        let ids: Vec<i64> = details.iter().map(|d| d.summary.id).collect();
        let mut hearings = scheduling::summaries(db, caller, &ids).await?;
        for d in details.iter_mut() {
            d.hearings = hearings.remove(&d.summary.id).unwrap_or_default();
        }
        Ok(())
    })
}
