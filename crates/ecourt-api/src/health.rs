//! The court service itself (not 送达, which is `service`): whether it answers, which version, on which database.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
    /// The database backend: `sqlite` or `postgres`.
    pub database: String,
}
