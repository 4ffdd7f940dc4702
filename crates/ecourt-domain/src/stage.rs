//! The stages a case passes through (案件阶段), from the filing application to closure.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseStage {
    /// 立案审查: the filing application awaits the court's review (7 days, domain.md §2).
    FilingReview,
    /// 诉前调解: diverted into pre-litigation mediation.
    Mediation,
    /// 待开庭: registered, awaiting the hearing.
    AwaitingHearing,
    /// 审理中: hearings held, judgment pending.
    InTrial,
    /// 已结案: judgment, ruling, mediation statement or withdrawal.
    Closed,
}

impl CaseStage {
    pub const ALL: [CaseStage; 5] = [
        CaseStage::FilingReview,
        CaseStage::Mediation,
        CaseStage::AwaitingHearing,
        CaseStage::InTrial,
        CaseStage::Closed,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseStage::FilingReview => "filing_review",
            CaseStage::Mediation => "mediation",
            CaseStage::AwaitingHearing => "awaiting_hearing",
            CaseStage::InTrial => "in_trial",
            CaseStage::Closed => "closed",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|x| x.as_str() == s)
    }

    pub fn zh(self) -> &'static str {
        match self {
            CaseStage::FilingReview => "立案审查",
            CaseStage::Mediation => "诉前调解",
            CaseStage::AwaitingHearing => "待开庭",
            CaseStage::InTrial => "审理中",
            CaseStage::Closed => "已结案",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_round_trip() {
        for s in CaseStage::ALL {
            assert_eq!(CaseStage::parse(s.as_str()), Some(s));
        }
        assert_eq!(CaseStage::parse(""), None);
    }
}
