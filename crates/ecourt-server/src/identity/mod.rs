//! Real-name identity (实名认证): ID numbers, phone codes, consents, the lawyer's licence,
//! faces and their review, assisted verification.

pub mod assisted;
pub mod face_review;
pub mod faces;
pub mod real_name;
pub mod routes;
pub mod seed;

pub use real_name::*;

use crate::kernel::registry::Registry;

/// Identity answers the other capabilities' question whether a face was re-checked lately.
pub fn register(registry: &mut Registry) {
    registry.answer_face_recheck(|state, account_id, within| {
        Box::pin(faces::recently_rechecked(state, account_id, within))
    });
}
