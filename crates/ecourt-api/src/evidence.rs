//! Evidence exchange (证据交换) and cross-examination (质证) online: the items each side gives
//! (sealed by SHA-256, versions kept), the exchange the judge opens (mode, periods, parties),
//! views, opinions per property (《人民法院在线诉讼规则》 Art. 15), originals asked for
//! (Art. 12-13), deposit declarations (Art. 16-19), the evidence period (举证期限, 民诉法解释
//! Art. 99, 266, 275) and the judge's matrix. The court decides everything here; these are
//! only the bodies.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// The procedure the evidence period is set under: it decides the period's bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceProcedure {
    /// 第一审普通程序: at least 15 days (民诉法解释 Art. 99).
    Ordinary,
    /// 简易程序: at most 15 days (Art. 266).
    Summary,
    /// 小额诉讼: at most 7 days (Art. 275).
    SmallClaims,
}

/// 同步 (everyone at a set time in the video room) or 非同步 (each within a period), OLR Art. 14.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeMode {
    Synchronous,
    Asynchronous,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExchangeState {
    Open,
    Closed,
}

/// 原件 or 复制件, as the party declares it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginalOrCopy {
    Original,
    Copy,
}

/// What a file of evidence is, as the court found by its content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum EvidenceFileKind {
    Document,
    Picture,
    /// An audio recording (录音).
    Audio,
    /// A video recording (录像).
    Video,
}

/// A file of an item, named by its content hash; the bytes were uploaded before
/// (`routes::evidence::FILE_UPLOAD`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceFile {
    pub name: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// The court's answer to an upload: what it found the file to be, sealed by its hash.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceFileReceipt {
    pub sha256: String,
    pub mime_type: String,
    pub kind: EvidenceFileKind,
    pub size_bytes: i64,
}

/// An item of evidence as the party gives it (证据清单 row); also a later version of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct NewEvidenceItem {
    /// 证据名称.
    pub name: String,
    /// 证据来源.
    pub source: String,
    /// 证明目的: what it is meant to prove.
    pub proves: String,
    pub original: OriginalOrCopy,
    /// 页数 (0 for a recording).
    pub pages: i64,
    pub files: Vec<EvidenceFile>,
}

/// One version of an item, sealed at submission: `sealed_sha256` is the SHA-256 of the
/// version's fields and its files' hashes (never overwritten by a later version).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceVersion {
    pub version: i64,
    pub name: String,
    pub source: String,
    pub proves: String,
    pub original: OriginalOrCopy,
    pub pages: i64,
    pub files: Vec<EvidenceFile>,
    pub sealed_sha256: String,
    pub submitted_at: String,
}

/// The judge's decision on an item (a late one above all): admitted or not, with a note.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Admission {
    /// Not decided yet (a late item waits for it; an item in time needs none).
    Pending,
    Admitted,
    NotAdmitted,
}

/// A deposit platform's record (区块链存证) the party declared for an item, and the court's
/// check of its hash against the file (OLR Art. 16-19).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DepositDeclaration {
    /// The platform's name, e.g. 司法区块链.
    pub platform: String,
    /// The platform's reference of the deposit (存证编号).
    pub reference: String,
    /// The hash the platform holds (hex SHA-256).
    pub sha256: String,
    /// Which file of the item's latest version was deposited.
    pub file_sha256: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DepositCheck {
    /// The declared hash is the file's own hash.
    Matches,
    /// It is not: the presumption of Art. 16 does not hold for this file.
    Differs,
    /// No verifier could check it (a platform not connected).
    Unverified,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DepositView {
    pub platform: String,
    pub reference: String,
    pub sha256: String,
    pub file_sha256: String,
    pub check: DepositCheck,
    /// Who checked (`file_hash`, or a platform's verifier).
    pub verifier: String,
    pub declared_at: String,
}

/// Why the original is asked for (OLR Art. 12-13).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginalGround {
    /// The other side objected with reasons that the copy differs from the original.
    Objection,
    /// The copy is unclear.
    Unclear,
    /// Archive rules require the original.
    Archive,
    /// The court thinks it necessary.
    CourtNecessary,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OriginalOutcome {
    /// Asked for, not yet answered.
    Requested,
    /// The party provided the original.
    Provided,
    /// The court checked it offline against the copy.
    CheckedOffline,
    /// The party did not provide it.
    NotProvided,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OriginalRequestView {
    pub id: i64,
    pub item_id: i64,
    pub ground: OriginalGround,
    pub reason: String,
    /// Who asked: the objecting party, or the court.
    pub asked_by: String,
    pub requested_at: String,
    pub outcome: OriginalOutcome,
    pub outcome_note: Option<String>,
    pub decided_at: Option<String>,
}

/// An item as the caller may see it, with its versions (latest last).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceItemView {
    pub id: i64,
    pub case_id: i64,
    /// Its number among the giving party's items (证据1, 证据2, …).
    pub number: i64,
    pub submitted_by: i64,
    pub submitted_by_name: String,
    /// The giver's role in the case (`plaintiff`, `defendant`, …, as `CaseRole` writes it).
    pub side: String,
    /// The caller gave it.
    pub yours: bool,
    /// Given after the evidence period ended: the judge decides whether it is admitted.
    pub late: bool,
    pub admission: Admission,
    pub admission_note: Option<String>,
    pub versions: Vec<EvidenceVersion>,
    pub deposit: Option<DepositView>,
    pub originals: Vec<OriginalRequestView>,
}

/// One party's opinion on one property (真实性、合法性、关联性).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum OpinionStance {
    Agreed,
    Disputed,
    PartlyAgreed,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PropertyOpinion {
    pub stance: OpinionStance,
    /// Required unless agreed.
    pub reason: Option<String>,
}

/// A cross-examination opinion on one item (质证意见), OLR Art. 15; online, through the outbox
/// (`ActionBody::GiveEvidenceOpinion`) or recorded by the court as given live.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OpinionRequest {
    /// The version read: refused if the item has a later one (read it again).
    pub version: i64,
    pub authenticity: PropertyOpinion,
    pub legality: PropertyOpinion,
    pub relevance: PropertyOpinion,
    /// Whether the electronic copy matches the original; `None`: no view on it.
    pub copy_matches_original: Option<bool>,
    /// With `copy_matches_original: false`: the reasons (a reasoned objection asks the court
    /// for the original, OLR Art. 12(1)).
    pub objection_reason: Option<String>,
    /// Court staff recording an opinion given live in a synchronous exchange: whose it is.
    #[serde(default)]
    pub on_behalf_of: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceOpinionView {
    pub id: i64,
    pub item_id: i64,
    pub version: i64,
    pub account_id: i64,
    pub name: String,
    pub authenticity: PropertyOpinion,
    pub legality: PropertyOpinion,
    pub relevance: PropertyOpinion,
    pub copy_matches_original: Option<bool>,
    pub objection_reason: Option<String>,
    /// When it was written (the desktop's moment for an opinion written offline).
    pub written_at: String,
    /// When the court received it.
    pub given_at: String,
    /// Recorded by the court as given in the synchronous exchange.
    pub recorded_live: bool,
    pub recorded_by: String,
    /// False once the same person gave a later opinion on the item (kept, not shown in the
    /// matrix).
    pub current: bool,
}

/// The evidence period the judge set (举证期限), counted per 民事诉讼法 Art. 85.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidencePeriodRequest {
    pub procedure: EvidenceProcedure,
    /// The day it starts from (not counted), `YYYY-MM-DD`.
    pub from: String,
    pub days: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidencePeriodView {
    pub procedure: EvidenceProcedure,
    pub from: String,
    pub days: u32,
    /// The last day, moved past days off (`YYYY-MM-DD`).
    pub ends: String,
    /// The rule the bound comes from, quoted.
    pub rule: String,
    pub set_at: String,
}

/// A party's choice of mode, recorded on the consent ledger with their consent to the step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ModeChoiceRequest {
    pub mode: ExchangeMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ModeChoiceView {
    pub account_id: i64,
    pub name: String,
    pub mode: ExchangeMode,
    pub at: String,
}

/// The judge opens the exchange: the other side sees the items only from then on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OpenExchangeRequest {
    /// `None`: from the parties' choices (the same choice, else synchronous, OLR Art. 14).
    pub mode: Option<ExchangeMode>,
    /// The last day for opinions (`YYYY-MM-DD`, court date): the asynchronous period; for a
    /// synchronous exchange the day of the session.
    pub answer_until: String,
    /// Synchronous: the hearing of the case whose video room is used.
    pub hearing_id: Option<i64>,
    /// The parties taking part (accounts in the case); empty: every party and agent.
    #[serde(default)]
    pub parties: Vec<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ExchangeParty {
    pub account_id: i64,
    pub name: String,
    pub role: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ExchangeView {
    pub id: i64,
    pub mode: ExchangeMode,
    /// Why this mode: `ordered` (the judge named it), `agreed` (the parties chose it) or
    /// `no_agreement` (they did not agree on one: synchronous, OLR Art. 14).
    pub mode_basis: String,
    pub state: ExchangeState,
    pub answer_until: String,
    pub hearing_id: Option<i64>,
    pub parties: Vec<ExchangeParty>,
    pub opened_at: String,
    pub opened_by: String,
    pub reminders: Vec<String>,
    pub closed_at: Option<String>,
    /// Synchronous: the item the judge is taking now.
    pub current_item: Option<i64>,
}

/// The judge lets one party answer after the period (准许延期).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct LeaveRequest {
    pub account_id: i64,
    /// The new last day (`YYYY-MM-DD`).
    pub until: String,
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct LeaveView {
    pub account_id: i64,
    pub name: String,
    pub until: String,
    pub reason: String,
    pub granted_at: String,
}

/// The judge's decision on admitting an item, and the note on admission (the matrix's).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AdmissionRequest {
    pub admission: Admission,
    pub note: Option<String>,
}

/// The court asks for the original (OLR Art. 13).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OriginalRequest {
    pub ground: OriginalGround,
    pub reason: String,
}

/// What came of an original asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct OriginalOutcomeRequest {
    pub outcome: OriginalOutcome,
    pub note: Option<String>,
}

/// A view of an item, from the desktop's cache (`ActionBody::RecordEvidenceView`) or this
/// route; fetching a file's content records one by itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ViewRequest {
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceViewRecord {
    pub item_id: i64,
    pub version: i64,
    pub account_id: i64,
    pub name: String,
    pub viewed_at: String,
    /// `file` (content fetched), `screen` (shown by the desktop) or `room` (taken in the
    /// synchronous exchange).
    pub via: String,
}

/// The synchronous exchange: the item the judge takes now (shown in the video room).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CurrentItemRequest {
    pub item_id: i64,
}

/// Everything of the case's evidence the caller may see (also the case detail's `evidence`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseEvidence {
    pub period: Option<EvidencePeriodView>,
    pub exchange: Option<ExchangeView>,
    pub mode_choices: Vec<ModeChoiceView>,
    pub items: Vec<EvidenceItemView>,
    pub opinions: Vec<EvidenceOpinionView>,
    pub leaves: Vec<LeaveView>,
}

/// One cell of the matrix: one party's current opinion on one item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct MatrixCell {
    pub account_id: i64,
    pub opinion: Option<EvidenceOpinionView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct MatrixRow {
    pub item_id: i64,
    pub number: i64,
    pub name: String,
    pub submitted_by_name: String,
    pub side: String,
    pub late: bool,
    pub admission: Admission,
    pub admission_note: Option<String>,
    /// Some party disputes or partly agrees to some property, or objects to the copy.
    pub disputed: bool,
    pub originals: Vec<OriginalRequestView>,
    pub deposit: Option<DepositView>,
    /// One per party of the exchange, in `EvidenceMatrix::parties` order (the giver's own
    /// cell is `None`).
    pub cells: Vec<MatrixCell>,
}

/// The judge's evidence matrix: items down, parties across (court staff only).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceMatrix {
    pub parties: Vec<ExchangeParty>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct MatrixQuery {
    /// Only the disputed items.
    #[serde(default)]
    pub disputed: bool,
}

/// A court paper of the exchange filed in the case (the record, to be signed through the
/// signatures route; or the opinion sheet).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidencePaper {
    pub document_id: i64,
    pub title: String,
    pub sha256: String,
}
