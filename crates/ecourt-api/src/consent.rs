//! The consent ledger (在线诉讼同意): a party's consent to handling one step of one case online
//! (《人民法院在线诉讼规则》 Art. 4-5), as the court records and shows it.
//!
//! Consent is per party, per case, per step; consent to one step is never read as consent to
//! another (Art. 4(4)). Filing online is itself consent to online filing (Art. 4(1)); a hearing's
//! consent is answered per hearing (`/api/v1/hearings/{id}/consent`) and lands here too.

use crate::ExclusionGround;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// A step of the proceedings that may be handled online (诉讼环节).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum OnlineStep {
    /// 网上立案.
    Filing,
    /// 在线调解.
    Mediation,
    /// 证据交换.
    EvidenceExchange,
    /// 在线庭审.
    Hearing,
    /// 电子送达.
    Service,
}

impl OnlineStep {
    pub const ALL: [OnlineStep; 5] = [
        OnlineStep::Filing,
        OnlineStep::Mediation,
        OnlineStep::EvidenceExchange,
        OnlineStep::Hearing,
        OnlineStep::Service,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            OnlineStep::Filing => "filing",
            OnlineStep::Mediation => "mediation",
            OnlineStep::EvidenceExchange => "evidence_exchange",
            OnlineStep::Hearing => "hearing",
            OnlineStep::Service => "service",
        }
    }

    pub fn parse(s: &str) -> Option<OnlineStep> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// What one entry of the ledger records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepConsentKind {
    /// The party agrees to this step online.
    Given,
    /// The party answered no (before having agreed), with a ground where one applies.
    Declined,
    /// The party took back a consent given, before the step started, with a reason (Art. 5).
    Withdrawn,
    /// The court set the step offline for this party on an exclusion ground (Art. 5, 21).
    Excluded,
}

impl StepConsentKind {
    pub const ALL: [StepConsentKind; 4] = [
        StepConsentKind::Given,
        StepConsentKind::Declined,
        StepConsentKind::Withdrawn,
        StepConsentKind::Excluded,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            StepConsentKind::Given => "given",
            StepConsentKind::Declined => "declined",
            StepConsentKind::Withdrawn => "withdrawn",
            StepConsentKind::Excluded => "excluded",
        }
    }

    pub fn parse(s: &str) -> Option<StepConsentKind> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// By which verified means the entry was made (留痕: 以何种经过验证的方式).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentMeans {
    /// Implied by filing online through the party's verified account (Art. 4(1)).
    FiledOnline,
    /// Signed in, with a live face re-check within the last two hours.
    FaceRecheck,
    /// Signed in to an account whose identity the court verified.
    VerifiedIdentity,
    /// Signed in to an account whose identity is not verified yet.
    SignedIn,
    /// Recorded by a court officer (an exclusion ground).
    CourtRecord,
}

impl ConsentMeans {
    pub const ALL: [ConsentMeans; 5] = [
        ConsentMeans::FiledOnline,
        ConsentMeans::FaceRecheck,
        ConsentMeans::VerifiedIdentity,
        ConsentMeans::SignedIn,
        ConsentMeans::CourtRecord,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ConsentMeans::FiledOnline => "filed_online",
            ConsentMeans::FaceRecheck => "face_recheck",
            ConsentMeans::VerifiedIdentity => "verified_identity",
            ConsentMeans::SignedIn => "signed_in",
            ConsentMeans::CourtRecord => "court_record",
        }
    }

    pub fn parse(s: &str) -> Option<ConsentMeans> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }
}

/// One entry of the ledger.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct StepConsentEntry {
    pub id: i64,
    /// Whose consent: the person's name as the case knew it.
    pub name: String,
    pub step: OnlineStep,
    pub kind: StepConsentKind,
    pub ground: Option<ExclusionGround>,
    pub reason: Option<String>,
    pub means: ConsentMeans,
    /// Who recorded it (the party, or the court officer).
    pub recorded_by: String,
    /// RFC 3339, UTC.
    pub at: String,
    /// The caller themselves.
    pub you: bool,
}

/// A person's standing on one step: their latest entry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct StepStanding {
    pub name: String,
    pub step: OnlineStep,
    /// True only while the latest entry is a consent given.
    pub online: bool,
    pub kind: StepConsentKind,
    pub since: String,
    pub you: bool,
}

/// The case's ledger, for the court and everyone in the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct StepConsentLedger {
    pub case_id: i64,
    /// Oldest first.
    pub entries: Vec<StepConsentEntry>,
    pub standings: Vec<StepStanding>,
    /// The steps that have started, with when: consent to them can no longer be withdrawn.
    pub started: Vec<StepStarted>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct StepStarted {
    pub step: OnlineStep,
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum StepConsentAnswer {
    Give,
    Withdraw,
}

/// A party gives or withdraws consent to one step of the case.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct StepConsentRequest {
    pub step: OnlineStep,
    pub answer: StepConsentAnswer,
    /// Required to withdraw (Art. 5: the court checks the withdrawal is not to delay).
    pub reason: Option<String>,
}
