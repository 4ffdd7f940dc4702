//! What the court refused (被法院退回的操作): every refused action of the outbox, for the home
//! screen and the status bar, so that nothing the user did disappears without a word. A refused
//! new filing belongs to no case, so no case page would ever show it; here it is listed with the
//! court's reason as a code (worded in the user's language by the window) and the draft it came
//! from, which the store made editable again when it recorded the refusal.

use crate::error::app_code;
use crate::{App, AppErrorCode, AppResult};
use ecourt_api::ActionBody;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What kind of action the court refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RefusedKind {
    /// 留言 to the court in a case.
    Message,
    /// 网上立案: a new filing application.
    Filing,
    /// 补正: the corrected application of a case.
    Correction,
    /// 质证意见 on an item of evidence.
    EvidenceOpinion,
    /// A view of an item of evidence.
    EvidenceView,
}

/// One refused action as the home screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RefusedAction {
    pub mutation_id: i64,
    pub kind: RefusedKind,
    /// When the user did it (the outbox's stamp).
    pub created_at: String,
    /// The case it was for, if any (a new filing has none).
    pub case_id: Option<i64>,
    /// What the user will recognise it by: the case number (or cause) of its case, else the
    /// cause of action of the application.
    pub label: String,
    /// The court's reason as the desktop's code; the window words it.
    pub refusal: AppErrorCode,
    /// The court's own detail, in English (for the English screen only).
    pub detail: Option<String>,
    /// The draft that came back editable with the refusal, while it is still unsubmitted.
    pub draft_id: Option<String>,
}

impl App {
    /// Every refused action the user has not dismissed, newest first.
    pub async fn refused_actions(&self) -> AppResult<Vec<RefusedAction>> {
        let store = self.store().await?;
        let drafts = store.drafts().await?;
        let editable = |pick: &dyn Fn(&ecourt_store::FilingDraft) -> bool| {
            drafts
                .iter()
                .find(|d| d.submitted_mutation_id.is_none() && pick(d))
                .map(|d| d.id.clone())
        };
        let mut out = Vec::new();
        for entry in store.rejected().await? {
            let case_label = match entry.case_id {
                Some(id) => store.case_detail(id).await?.map(|c| {
                    c.summary
                        .case_number
                        .clone()
                        .unwrap_or_else(|| c.summary.cause.clone())
                }),
                None => None,
            };
            let (kind, label, draft_id) = match &entry.action {
                ActionBody::SendMessage { text, .. } => {
                    let quoted: String = text.chars().take(30).collect();
                    (RefusedKind::Message, case_label.unwrap_or(quoted), None)
                }
                ActionBody::SubmitFiling {
                    draft_id,
                    application,
                } => (
                    RefusedKind::Filing,
                    application.cause.clone(),
                    editable(&|d| &d.id == draft_id),
                ),
                ActionBody::ResubmitFiling {
                    case_id,
                    application,
                } => (
                    RefusedKind::Correction,
                    case_label.unwrap_or_else(|| application.cause.clone()),
                    editable(&|d| d.case_id == Some(*case_id)),
                ),
                ActionBody::GiveEvidenceOpinion { .. } => (
                    RefusedKind::EvidenceOpinion,
                    case_label.unwrap_or_default(),
                    None,
                ),
                ActionBody::RecordEvidenceView { .. } => (
                    RefusedKind::EvidenceView,
                    case_label.unwrap_or_default(),
                    None,
                ),
            };
            out.push(RefusedAction {
                mutation_id: entry.mutation_id,
                kind,
                created_at: entry.created_at.clone(),
                case_id: entry.case_id,
                label,
                // A refusal recorded without a code (an older entry) is still a refusal.
                refusal: entry
                    .rejection_code
                    .map(app_code)
                    .unwrap_or(AppErrorCode::InvalidInput),
                detail: entry.rejection.clone(),
                draft_id,
            });
        }
        out.reverse();
        Ok(out)
    }
}
