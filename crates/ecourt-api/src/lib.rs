//! The court service's wire contract (`/api/v1`): the JSON bodies the server sends and takes.
//!
//! Both sides compile against these types, the server derives its OpenAPI document from them and
//! the desktop hands them on to its UI, whose TypeScript declarations are generated from them.
//! Nothing here does I/O or holds rules: rules live in `ecourt-domain`, decisions in the server.

use ecourt_domain::{AccountKind, CaseRole, CaseStage, CaseType, FilingApplication};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

mod consent;
mod hearing;
mod signatures;
pub use consent::*;
pub use hearing::*;
pub use signatures::*;

/// The protocol version of the sync endpoints; the server refuses a client that speaks another.
pub const SYNC_PROTOCOL_VERSION: i64 = 1;

/// The header that carries an action's idempotency key: `client_id:mutation_id`.
pub const IDEMPOTENCY_KEY_HEADER: &str = "Idempotency-Key";

/// Every error the court service answers with: a closed, machine-readable `code` and a message
/// for people. The HTTP status says the class; the code says exactly what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// No bearer token, or one the server does not know.
    Unauthenticated,
    /// The session expired; sign in again.
    TokenExpired,
    /// Wrong user name or password.
    InvalidCredentials,
    /// Too many failed sign-ins; wait before trying again.
    TooManyAttempts,
    /// The thing asked for does not exist or the caller holds no role that lets them see it.
    NotFound,
    /// The body is not valid JSON or not the expected shape.
    MalformedJson,
    /// The body is larger than this route accepts.
    PayloadTooLarge,
    /// A field is present but its value is not acceptable.
    InvalidInput,
    /// Text with characters the court does not accept: control characters (line breaks only
    /// where several lines are allowed), bidirectional overrides, or a name of invisible
    /// characters only. The message names the field.
    InvalidText,
    /// Too many messages of one kind in a short time (the hearing room's limits); wait a
    /// moment and send again.
    RateLimited,
    /// The member already has as many procedural requests open as the court takes at once;
    /// wait until the court deals with one.
    TooManyOpenRequests,
    /// A date outside the window the court accepts (a hearing from yesterday to two years
    /// ahead, court time).
    DateOutOfRange,
    /// An action was sent again under the same idempotency key with a different body: the key
    /// names another action, so the stored answer is not this one's.
    IdempotencyKeyReused,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The address is longer than the court takes.
    UriTooLong,
    /// The caller may not do this.
    Forbidden,
    /// The sync cursor is older than the server's tombstone horizon (or from another server):
    /// drop the synced rows, keep the outbox and pull from the start.
    ResyncRequired,
    /// An action arrived out of order for its client (a gap in mutation ids).
    MutationOutOfOrder,
    /// The client speaks another sync protocol version.
    UnsupportedProtocol,
    /// The case is not in a state that allows this (e.g. a second correction notice for the
    /// same application, or paying a fee already paid).
    Conflict,
    /// The application has problems the filer must fix first; the message lists them.
    FilingProblems,
    /// The one-time code is wrong; the message says how many tries are left.
    WrongCode,
    /// The one-time code expired or was used up; ask for a new one.
    CodeExpired,
    /// A picture that cannot be used (not a photo, no face, several faces, turned sideways,
    /// too dark or blurred): the message says which, and nothing was kept.
    PictureRejected,
    /// A step before this one is missing (phone, consent, ID card, first verification).
    IdentityStepMissing,
    /// The court could not complete a face check on the pictures sent (a fault on its side,
    /// recorded); nothing was decided. A verification attempt is counted all the same.
    FaceCheckFailed,
    /// The court is busy with other large uploads; try again in a moment (`Retry-After`).
    ServerBusy,
    /// This court has no payment or SMS gateway configured, so fees cannot be paid online
    /// and codes cannot be texted until its administrator sets one up.
    GatewayNotConfigured,
    /// An assisted session needs the party's own act first: the code just texted to the
    /// party's verified phone, typed in on the office machine.
    PartyConfirmationRequired,
    /// An assisted session may not change what the party already verified (the phone, the
    /// identity, the consent of a verified account) without the party's own fresh check.
    AssistedChangeRefused,
    /// The party verified their identity but has no verified phone to confirm an assisted
    /// session with: they verify one signed in themselves (or at the court) first.
    PartyPhoneRequired,
    /// The ID card portrait on file was read with another face model than the one the court
    /// decides with now: the card photo must be given again (never compared across models).
    FaceTemplateOutdated,
    // The live hearing room's refusals (`ecourt-server` `hearing_room`), one code each so the
    // desktop can word them (the message is detail for the log).
    /// Only the presiding judge or the clerk may do this in the hearing.
    NotPresiding,
    /// The person named is not in this hearing.
    NotInHearing,
    /// Only someone in the waiting room can be admitted.
    NotWaiting,
    /// The court's own staff cannot be removed from the hearing.
    StaffNotRemovable,
    /// No such procedural request before the court (dealt with already).
    RequestNotFound,
    /// The document named is not in this case's file.
    DocumentNotInCase,
    /// The hearing is not in a state that allows this (pausing a hearing not open, …).
    WrongHearingState,
    /// Media only once the judge admitted the participant from the waiting room.
    NotAdmitted,
    /// The same procedural request is already before the court.
    RequestAlreadyOpen,
    /// The judge removed this participant from the hearing; they stay out.
    RemovedFromHearing,
    /// The hearing has ended.
    HearingEnded,
    /// The participant takes part in the courtroom, not online (an exclusion ground or their
    /// own answer, 《人民法院在线诉讼规则》 Art. 21).
    AttendsInCourtroom,
    /// The join token was issued for another hearing.
    TokenForAnotherHearing,
    /// The court's media unit could not set up the participant's audio and video.
    MediaSetupFailed,
    /// Consent to a step can be withdrawn only before the step starts (《人民法院在线诉讼规则》
    /// Art. 5); this one has started.
    ConsentWithdrawalTooLate,
    /// Something failed on the server; retry later.
    Internal,
}

// ---- sessions ----------------------------------------------------------------------------

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

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct Health {
    pub status: String,
    pub version: String,
    /// The database backend: `sqlite` or `postgres`.
    pub database: String,
}

// ---- cases -------------------------------------------------------------------------------

/// A deadline shown beside a case: what falls due and when (a calendar date, court time).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Deadline {
    /// `YYYY-MM-DD`.
    pub date: String,
    pub label: String,
}

/// One line of the case list (案件列表).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseSummary {
    pub id: i64,
    /// 案号; none while the filing application is under review.
    pub case_number: Option<String>,
    pub court_code: String,
    pub court_name: String,
    /// 案由, e.g. 民间借贷纠纷.
    pub cause: String,
    pub case_type: CaseType,
    pub stage: CaseStage,
    /// The caller's roles in this case (empty for court staff who see it through their court).
    pub my_roles: Vec<CaseRole>,
    pub next_deadline: Option<Deadline>,
    /// RFC 3339, UTC.
    pub updated_at: String,
}

/// A person or organisation taking part in a case (诉讼参与人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseParticipant {
    pub name: String,
    pub role: CaseRole,
    /// For an agent: the name of the party they act for.
    pub represents: Option<String>,
    /// For lawyers: the firm; for organisations: their kind.
    pub note: Option<String>,
}

/// One procedural event in a case's timeline (程序节点).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseEvent {
    pub id: i64,
    /// RFC 3339, UTC.
    pub at: String,
    /// A stable machine kind, e.g. `filed`, `registered`, `hearing_scheduled`, `party_message`.
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    /// The name of whoever did it, as the server knows them.
    pub actor: Option<String>,
}

/// A document in the case file (卷宗材料); its content is fetched by hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseDocument {
    pub id: i64,
    pub title: String,
    /// e.g. `complaint` 起诉状, `evidence` 证据, `notice` 通知书, `summons` 传票.
    pub kind: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content: the client stores and verifies content by it.
    pub sha256: String,
    /// RFC 3339, UTC.
    pub created_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub participants: Vec<CaseParticipant>,
    pub events: Vec<CaseEvent>,
    pub documents: Vec<CaseDocument>,
    /// The filing application behind the case, for the filer and the court.
    #[serde(default)]
    pub filing: Option<FilingState>,
    /// The case's hearings (开庭), with who attends and how.
    #[serde(default)]
    pub hearings: Vec<HearingSummary>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
}

// ---- sync --------------------------------------------------------------------------------

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
    /// The content of this page's small documents (at most [`limits::INLINE_CONTENT_MAX_BYTES`]
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
}

impl ActionBody {
    /// The files the action refers to, which must be uploaded before it is pushed.
    pub fn files(&self) -> Vec<&ecourt_domain::filing::FileRef> {
        match self {
            ActionBody::SendMessage { .. } => vec![],
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

/// Limits the desktop keeps to, so that it can refuse early what the court would refuse.
pub mod limits {
    /// The longest message (留言) in characters.
    pub const MESSAGE_MAX_CHARS: usize = 2000;
    /// The largest JSON body the API takes.
    pub const JSON_BODY_MAX_BYTES: usize = 256 * 1024;
    /// The frames of one face challenge (base64 JPEG; the court takes at most 150 of ≤ 1 MB, but
    /// a capture is normally 30–120 frames of 20–60 KB).
    pub const FRAMES_BODY_MAX_BYTES: usize = 24 * 1024 * 1024;
    /// Documents up to this size travel inside the page of changes that names them.
    pub const INLINE_CONTENT_MAX_BYTES: i64 = 64 * 1024;
}

// ---- fees ----------------------------------------------------------------------------------

/// What a fee quote is for (《诉讼费用交纳办法》 Art. 13 and 14).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FeeType {
    PropertyCase,
    Divorce,
    PersonalityRights,
    OtherNonProperty,
    LaborDispute,
    Administrative,
    PropertyPreservation,
    Enforcement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    Ordinary,
    Summary,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FeeQuoteRequest {
    pub fee_type: FeeType,
    /// Yuan as a decimal string with at most two decimals, e.g. `"150000"` or `"1234.50"`: the
    /// amount claimed, the property to divide (divorce), the damages (personality rights), the
    /// property preserved or the sum to enforce; `"0"` where none.
    pub amount: String,
    pub procedure: Procedure,
    /// For administrative cases: trademark, patent or maritime (100 yuan instead of 50).
    #[serde(default)]
    pub trademark_patent_maritime: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FeeLine {
    pub label: String,
    /// The article the line comes from.
    pub rule: String,
    /// Yuan with two decimals.
    pub amount: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FeeQuoteResponse {
    /// Yuan with two decimals; for fees the law gives as a range, the lower end.
    pub total: String,
    /// The upper end, for fees the law gives as a range (e.g. divorce 50 to 300 yuan).
    pub total_max: Option<String>,
    pub breakdown: Vec<FeeLine>,
}

// ---- filing and review ------------------------------------------------------------------------

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

// ---- identity --------------------------------------------------------------------------------

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct IdNumberCheckRequest {
    pub id_number: String,
}

/// The check of an identity number as typed (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct IdNumberCheck {
    pub valid: bool,
    /// Why not, when not: `empty`, `legacy_15_digit`, `wrong_length`, `bad_character`,
    /// `unknown_region`, `bad_birth_date`, `future_birth_date`, `bad_check_character`.
    pub code: Option<String>,
    pub message: Option<String>,
    /// The number in upper case, when valid.
    pub id_number: Option<String>,
    /// `YYYY-MM-DD`, when valid.
    pub birth_date: Option<String>,
    /// `male` or `female`, when valid.
    pub sex: Option<String>,
    /// The place the region code names, e.g. 重庆市渝中区, when valid.
    pub region: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneCodeRequest {
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneCodeSent {
    /// The number as shown: 138****0001.
    pub phone: String,
    /// RFC 3339: the code works until then.
    pub expires_at: String,
    /// RFC 3339: no new code before then.
    pub resend_after: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneVerifyRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneVerified {
    pub phone: String,
    pub verified_at: String,
}

/// A message the development SMS gateway "sent" (embedded and demo courts only).
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct DevSms {
    pub phone: String,
    pub text: String,
    pub sent_at: String,
}

/// What the caller's account has proven so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct IdentityStatus {
    /// The verified real-name mobile number, as shown (138****0001).
    pub phone: Option<String>,
    /// The face match that verified this account, if any.
    pub verified: Option<VerifiedIdentity>,
    /// The last passed re-check (one challenge before mediation, evidence exchange, hearings).
    pub rechecked_at: Option<String>,
    /// Whether an ID card portrait is on file (its face template, encrypted).
    pub card_on_file: bool,
    pub phone_verified_at: Option<String>,
    /// The latest answer to the biometric consent, if any.
    pub biometric_consent: Option<ConsentRecord>,
    /// A lawyer's 17-digit practising certificate number and firm.
    pub licence_number: Option<String>,
    pub law_firm: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Separate consent to processing facial information (sensitive personal information).
    Biometric,
}

/// The text of a consent as the court words it, with the version the answer will cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentText {
    pub kind: ConsentKind,
    /// The SHA-256 prefix of the Chinese text: an answer names the exact text it answers.
    pub version: String,
    pub text_zh: String,
    pub text_en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentAnswer {
    pub kind: ConsentKind,
    pub version: String,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentRecord {
    pub kind: ConsentKind,
    pub version: String,
    pub accepted: bool,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct LawyerLicence {
    /// 17 digits.
    pub licence_number: String,
    pub law_firm: String,
}

// ---- face verification ---------------------------------------------------------------------

/// A verified identity on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct VerifiedIdentity {
    pub name: String,
    /// The identity number, masked (5001**********1234).
    pub id_number: String,
    pub verified_at: String,
    /// The face model and threshold the decision used.
    pub model: String,
    /// The legal worker who ran the verification on the party's behalf, if any.
    pub assisted_by: Option<String>,
}

/// One step of a liveness challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStep {
    Blink,
    TurnLeft,
    TurnRight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FacePurpose {
    /// The first verification: the live face against the ID card's portrait.
    Verify,
    /// A lighter re-check (one step) against the verified template.
    Recheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceChallengeRequest {
    pub purpose: FacePurpose,
}

/// A challenge the court issued: do these steps, in this order, before `expires_at`, and send
/// the frames back with the nonce. Used once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceChallenge {
    pub id: String,
    pub nonce: String,
    pub purpose: FacePurpose,
    pub steps: Vec<ChallengeStep>,
    pub expires_at: String,
    /// Attempts left today, this one included.
    pub attempts_left: i64,
}

/// The ID card portrait as the court took it (the picture itself is not kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct CardAccepted {
    pub accepted_at: String,
    pub model: String,
}

/// The captured frames for a challenge: JPEG pictures, base64, in order.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceVerificationRequest {
    pub challenge_id: String,
    pub nonce: String,
    /// For a first verification: the person's name and identity number as on the card.
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub frames: Vec<String>,
}

/// The court's decision on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FaceOutcome {
    Matched,
    NotSamePerson,
    NoFace,
    SeveralFaces,
    TooDarkOrBlurred,
    ChallengeNotFollowed,
    StillPicture,
    /// The frames were sent before (a replay).
    Replayed,
    /// Neither a sure match nor a sure mismatch: a court officer compares the card with the
    /// frames and decides; the identity is not verified until then.
    PendingReview,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceVerification {
    pub outcome: FaceOutcome,
    pub purpose: FacePurpose,
    /// What went wrong, in plain words (English; the desktop words it from `outcome`).
    pub detail: String,
    /// The largest distance between the card (or verified) template and the live face, when
    /// the frames got that far.
    pub distance: Option<f32>,
    pub threshold: f32,
    pub model: String,
    pub attempts_left: i64,
    /// Set when this attempt verified the account (or passed the re-check).
    pub decided_at: Option<String>,
}

/// A doubtful face verification waiting for a court officer: the card picture and the best
/// frames of that attempt, side by side (JPEG, base64), deleted once decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewItem {
    pub id: i64,
    pub account_id: i64,
    pub username: String,
    /// The name given with the verification, as on the ID card.
    pub claimed_name: String,
    pub distance: f32,
    /// The deciding model's band: below `match_below` a sure match, above `mismatch_above` a
    /// sure mismatch.
    pub match_below: f32,
    pub mismatch_above: f32,
    pub model: String,
    pub queued_at: String,
    /// The ID card photo, shrunk (JPEG, base64); none when it could not be kept.
    pub card_picture: Option<String>,
    /// The frames compared (JPEG, base64).
    pub frames: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewQueue {
    pub items: Vec<FaceReviewItem>,
}

/// What the court officer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FaceReviewDecision {
    /// The same person: the identity is verified as with an automatic match.
    Match,
    /// Not the same person: the identity stays unverified.
    NoMatch,
    /// Cannot tell from the pictures: the person is asked to verify in person at the court.
    InPerson,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewDecisionRequest {
    pub decision: FaceReviewDecision,
    /// Why, in the officer's words (recorded in the audit log).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewResult {
    pub id: i64,
    pub decision: FaceReviewDecision,
    pub decided_at: String,
}

/// A legal worker asks to run a party's verification on the office machine.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct AssistedSessionRequest {
    pub username: String,
    /// The code texted to the party's verified phone, as the party typed it in. Without it a
    /// party who has verified a phone is sent one and the answer is
    /// `party_confirmation_required`.
    #[serde(default)]
    #[ts(optional)]
    pub code: Option<String>,
}

/// A session acting for the party on the identity routes only, for a short time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AssistedSession {
    pub token: String,
    pub party: Account,
    pub expires_at: String,
}
