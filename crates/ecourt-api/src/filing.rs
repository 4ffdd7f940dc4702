//! Filing (网上立案) and its review: the application's state in the case, the correction
//! notice, the fee notice, the review queue and the reviewer's decisions, and uploads by hash.

use crate::FeeLine;
use ecourt_domain::FilingApplication;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FilingStatus {
    /// 审查中: the court reviews it within 7 days.
    UnderReview,
    /// 待补正: the correction notice was issued; the filer corrects by its deadline.
    CorrectionRequested,
    /// 已退回: not corrected by the deadline.
    Returned,
    /// 不予受理: refused, with reasons.
    Rejected,
    /// 已立案: registered with a case number.
    Registered,
}

/// One item of the correction notice: the field it concerns and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CorrectionItem {
    /// The field of the application, e.g. `defendants[0].address`, or `evidence`.
    pub field: String,
    pub problem: String,
}

/// 补正通知: every item to correct, and the last day for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CorrectionNotice {
    pub issued_at: String,
    pub issued_by: String,
    /// `YYYY-MM-DD`, the last day.
    pub deadline: String,
    pub items: Vec<CorrectionItem>,
    /// When the corrected application arrived.
    pub answered_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeStatus {
    Unpaid,
    Paid,
    /// Not paid within 7 days: the suit is treated as withdrawn (按撤诉处理).
    Withdrawn,
}

/// 交费通知: what to pay, by when, and how.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FeeNotice {
    /// 交费编号.
    pub payment_number: String,
    /// Yuan with two decimals.
    pub amount: String,
    pub breakdown: Vec<FeeLine>,
    pub issued_at: String,
    /// `YYYY-MM-DD`, the last day to pay.
    pub due_date: String,
    pub status: FeeStatus,
    /// What the QR code holds: the payment gateway's address for this payment.
    pub pay_uri: String,
    pub paid_at: Option<String>,
    /// The fiscal electronic receipt (财政电子票据), a document of the case once paid.
    pub receipt_document_id: Option<i64>,
}

/// The filing application behind a case, its review and its fee.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FilingState {
    pub status: FilingStatus,
    pub submitted_at: String,
    /// `YYYY-MM-DD`: the last day of the court's 7-day review of the latest submission.
    pub review_due: String,
    /// 1 for the first submission, 2 after the correction.
    pub round: i64,
    pub application: FilingApplication,
    /// The application as first filed, once it was resubmitted (补正): what the correction
    /// changed is the difference from `application`.
    #[serde(default)]
    pub first_application: Option<FilingApplication>,
    pub correction: Option<CorrectionNotice>,
    /// Why it was refused or returned.
    pub decision_reasons: Option<String>,
    pub fee: Option<FeeNotice>,
}

/// One line of the court's review queue (立案审查).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ReviewQueueItem {
    pub case_id: i64,
    pub cause: String,
    pub plaintiffs: Vec<String>,
    pub defendants: Vec<String>,
    pub status: FilingStatus,
    pub submitted_at: String,
    pub review_due: String,
    /// Working out the days left is the server's: negative when overdue.
    pub days_left: i64,
    pub overdue: bool,
    pub round: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ReviewQueue {
    pub items: Vec<ReviewQueueItem>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct CorrectionRequest {
    pub items: Vec<CorrectionItem>,
    /// Days the filer has to correct, counted from the day after the notice (1 to 30).
    pub deadline_days: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct RejectRequest {
    pub reasons: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct Registration {
    /// e.g. （2026）渝0103民初1号.
    pub case_number: String,
    pub fee: FeeNotice,
}

/// The court's answer to an uploaded file.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct UploadReceipt {
    pub sha256: String,
    pub mime_type: String,
    pub size_bytes: i64,
}
