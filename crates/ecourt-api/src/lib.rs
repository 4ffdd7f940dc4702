//! The court service's wire contract (`/api/v1`): the JSON bodies the server sends and takes.
//!
//! Both sides compile against these types, the server derives its OpenAPI document from them and
//! the desktop hands them on to its UI, whose TypeScript declarations are generated from them.
//! Nothing here does I/O or holds rules: rules live in `ecourt-domain`, decisions in the server.

use ecourt_domain::{AccountKind, CaseRole, CaseStage, CaseType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

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
    /// The caller may not do this.
    Forbidden,
    /// The sync cursor is older than the server's tombstone horizon (or from another server):
    /// drop the synced rows, keep the outbox and pull from the start.
    ResyncRequired,
    /// An action arrived out of order for its client (a gap in mutation ids).
    MutationOutOfOrder,
    /// The client speaks another sync protocol version.
    UnsupportedProtocol,
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
