//! Real-name identity (实名认证): ID numbers, phone codes, consents, the lawyer's licence,
//! faces and their review, assisted verification.

pub mod assisted;
pub mod face_review;
pub mod faces;
pub mod party_lookup;
pub mod real_name;
pub mod routes;
pub mod seed;

pub use real_name::*;

use crate::kernel::error::ApiResult;
use crate::kernel::registry::{IdentityStanding, Registry};
use crate::kernel::state::AppState;
use ecourt_api::Account;

/// Identity answers the other capabilities' questions: whether a face was re-checked lately,
/// and where an account stands (verified, last re-check).
pub fn register(registry: &mut Registry) {
    registry.answer_face_recheck(|state, account_id, within| {
        Box::pin(faces::recently_rechecked(state, account_id, within))
    });
    registry.answer_identity(|state, account| Box::pin(standing(state, account)));
}

async fn standing(state: &AppState, account: &Account) -> ApiResult<IdentityStanding> {
    let status = real_name::status(state, account).await?;
    Ok(IdentityStanding {
        verified: status.verified.is_some(),
        rechecked_at: status
            .rechecked_at
            .as_deref()
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
    })
}
