//! The cases the caller may see (案件): the list, the detail with participants, timeline,
//! documents, the filing behind it and its hearings.

use crate::{FilingState, HearingSummary};
use ecourt_domain::{CaseRole, CaseStage, CaseType};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

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
    /// The case's evidence as the caller may see it (证据交换), once any was given or an
    /// exchange or period set.
    #[serde(default)]
    pub evidence: Option<crate::CaseEvidence>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct CaseList {
    pub cases: Vec<CaseSummary>,
}
