//! What the UI receives and sends, beyond the court's own wire types.

use ecourt_api::{Account, CaseDetail};
use ecourt_domain::{AccountKind, CaseRole, CaseStage};
use ecourt_store::OutboxEntry;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoAccountView {
    pub username: String,
    pub display_name: String,
    pub kind: AccountKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// True when the court service runs inside the app with demo data.
    pub embedded: bool,
    pub court_url: String,
    /// Demo accounts (embedded mode only), all with the demo password.
    pub demo_accounts: Vec<DemoAccountView>,
    pub demo_password: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionView {
    pub account: Account,
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CaseListQuery {
    pub text: Option<String>,
    pub stage: Option<CaseStage>,
    pub role: Option<CaseRole>,
}

/// A case as the detail screen shows it: the court's record plus the user's actions still on
/// their way (shown as 待发送) or refused.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseView {
    pub detail: CaseDetail,
    pub outbox: Vec<OutboxEntry>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentView {
    pub case_id: i64,
    pub document_id: i64,
    pub mime_type: String,
    /// The text, for text documents.
    pub text: Option<String>,
}

/// Something the court told the user in one of their cases (a notice on the timeline).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NoticeView {
    pub case_id: i64,
    /// The case number, or the cause while the case has none.
    pub case_label: String,
    pub event_id: i64,
    pub at: String,
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
}
