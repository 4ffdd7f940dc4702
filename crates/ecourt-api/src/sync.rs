//! Sync (server-authoritative): the page of changes the desktop pulls by cursor, and the
//! actions its outbox pushes, each once under its idempotency key.

use crate::{ApiErrorCode, CaseDetail};
use ecourt_domain::FilingApplication;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// The protocol version of the sync endpoints; the server refuses a client that speaks another.
pub const SYNC_PROTOCOL_VERSION: i64 = 1;

/// The header that carries an action's idempotency key: `client_id:mutation_id`.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// A page of changes since a cursor: every case the caller may see that changed, and the ids of
/// cases the caller may no longer see (deleted, or their role ended).
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ChangesPage {
    pub cases: Vec<CaseDetail>,
    pub removed_case_ids: Vec<i64>,
    /// Store this with the rows, in the same transaction; send it back as `since`.
    pub cursor: i64,
    /// More changes wait: ask again at once with the new cursor.
    pub has_more: bool,
    /// The content of this page's small documents (at most [`crate::limits::INLINE_CONTENT_MAX_BYTES`]
    /// each), so that a first sync needs no request per document. Larger ones are fetched by id.
    #[serde(default)]
    pub contents: Vec<DocumentContent>,
}

/// A document's content sent inline with a page of changes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DocumentContent {
    /// Hex SHA-256 of the bytes: the client stores the content only if it matches.
    pub sha256: String,
    pub mime_type: String,
    /// The bytes, in standard base64.
    pub base64: String,
}

/// One user action queued on the desktop and pushed to the court (an outbox entry).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ActionBody {
    /// 留言: a message from a participant to the court in one case (the online counterpart of a
    /// hotline request to contact the judge in charge).
    SendMessage { case_id: i64, text: String },
    /// 网上立案: a new filing application. `draft_id` is the desktop's draft: one draft files
    /// one application however often it is pushed. Its files are uploaded first.
    SubmitFiling {
        draft_id: String,
        application: FilingApplication,
    },
    /// 补正: the corrected application, answering the correction notice.
    ResubmitFiling {
        case_id: i64,
        application: FilingApplication,
    },
    /// 质证意见: an opinion on the other side's item of evidence, written when `written_at`
    /// (the desktop's moment, RFC 3339), perhaps offline.
    GiveEvidenceOpinion {
        case_id: i64,
        item_id: i64,
        written_at: String,
        opinion: crate::OpinionRequest,
    },
    /// A view of an item shown from the desktop's cache, at `viewed_at` (RFC 3339).
    RecordEvidenceView {
        case_id: i64,
        item_id: i64,
        version: i64,
        viewed_at: String,
    },
    /// 阅知: the recipient opened a served document; `opened_at` is the app's moment (RFC
    /// 3339), kept beside when the court learnt of it.
    OpenServedDocument {
        case_id: i64,
        service_id: i64,
        opened_at: String,
    },
    /// 确认收到: the recipient replies that they received a served document.
    ConfirmServiceReceipt { case_id: i64, service_id: i64 },
    /// 异议: the recipient disputes a service presumed from reading, with the reason.
    DisputeService {
        case_id: i64,
        service_id: i64,
        reason: String,
    },
    /// 申请纸质文书: a paper copy of a judgment, ruling or mediation statement served
    /// electronically (民事诉讼法 Art. 90).
    RequestPaperCopy { case_id: i64, service_id: i64 },
}

impl ActionBody {
    /// The files the action refers to, which must be uploaded before it is pushed.
    pub fn files(&self) -> Vec<&ecourt_domain::filing::FileRef> {
        match self {
            ActionBody::SendMessage { .. }
            | ActionBody::GiveEvidenceOpinion { .. }
            | ActionBody::RecordEvidenceView { .. } => vec![],
            ActionBody::OpenServedDocument { .. }
            | ActionBody::ConfirmServiceReceipt { .. }
            | ActionBody::DisputeService { .. }
            | ActionBody::RequestPaperCopy { .. } => vec![],
            ActionBody::SubmitFiling { application, .. }
            | ActionBody::ResubmitFiling { application, .. } => application.files(),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ActionRequest {
    /// A random id the desktop chose for this installation and account.
    pub client_id: String,
    /// Increases by one for every action of this client, from 1.
    pub mutation_id: i64,
    pub action: ActionBody,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ActionStatus {
    /// The court recorded the action.
    Applied,
    /// The court refused it for good (the reason is in `code` and `message`); retrying will not help.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ActionResult {
    pub mutation_id: i64,
    pub status: ActionStatus,
    pub code: Option<ApiErrorCode>,
    pub message: Option<String>,
    /// The id of the case event the action produced, when it produced one.
    pub event_id: Option<i64>,
    /// True when this is the stored answer to an action the court had already applied.
    pub replayed: bool,
}
