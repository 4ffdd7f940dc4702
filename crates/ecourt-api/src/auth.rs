//! Sessions (`/api/v1/session`): signing in with a user name and password, the bearer token
//! and the account it stands for.

use ecourt_domain::AccountKind;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct SessionRequest {
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Account {
    pub id: i64,
    pub username: String,
    /// The person's name as verified (实名).
    pub display_name: String,
    pub kind: AccountKind,
    /// The court a staff account belongs to (法院代字), none for parties and lawyers.
    pub court_code: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct SessionResponse {
    /// An opaque bearer token; the server stores only its hash.
    pub token: String,
    /// RFC 3339, UTC.
    pub expires_at: String,
    pub account: Account,
}
