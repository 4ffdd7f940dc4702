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
    /// When the desktop signs this account out after no use (the court's policy).
    pub idle_sign_out: IdleSignOut,
}

/// The court's idle sign-out policy for an account (`policy/idle-sign-out.json`): a shared
/// office machine left alone must not keep showing the last person's cases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct IdleSignOut {
    /// Seconds without use after which the desktop signs the account out.
    pub after_seconds: u32,
    /// Seconds before that moment when the desktop warns (and any use postpones it).
    pub warn_seconds: u32,
}

/// Where to call for help (`GET /api/v1/help`, public): the people's courts' national
/// litigation service line and the court's own number, from the court's data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CourtHelp {
    /// 12368, the people's courts' litigation service hotline.
    pub national_hotline: String,
    /// The court asked for (or the service's only court), with its own number if it has one.
    pub court: Option<CourtContact>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CourtContact {
    /// 法院代字, e.g. 渝0103.
    pub code: String,
    pub name: String,
    /// The court's litigation service number (诉讼服务电话), if the court gave one.
    pub phone: Option<String>,
}
