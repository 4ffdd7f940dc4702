//! Accounts and the roles a person holds in a case.
//!
//! 人、案、账号匹配一致: an account belongs to one natural person, who sees and acts only in the
//! cases where they hold a role (domain.md §1). Court staff see the cases of their own court.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// What kind of person an account belongs to (账号类型).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AccountKind {
    /// 当事人: a party acting for themselves.
    Party,
    /// 律师: a practising lawyer.
    Lawyer,
    /// 基层法律服务工作者: a grassroots legal worker in a town office.
    LegalWorker,
    /// 书记员: a court clerk.
    Clerk,
    /// 法官: a judge.
    Judge,
}

impl AccountKind {
    /// Court staff see every case of their own court; everyone else only the cases where they
    /// hold a role.
    pub fn is_court_staff(self) -> bool {
        matches!(self, AccountKind::Clerk | AccountKind::Judge)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            AccountKind::Party => "party",
            AccountKind::Lawyer => "lawyer",
            AccountKind::LegalWorker => "legal_worker",
            AccountKind::Clerk => "clerk",
            AccountKind::Judge => "judge",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "party" => AccountKind::Party,
            "lawyer" => AccountKind::Lawyer,
            "legal_worker" => AccountKind::LegalWorker,
            "clerk" => AccountKind::Clerk,
            "judge" => AccountKind::Judge,
            _ => return None,
        })
    }
}

/// A role held in one case (诉讼地位 or 职务).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS, ToSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum CaseRole {
    /// 原告
    Plaintiff,
    /// 被告
    Defendant,
    /// 第三人
    ThirdParty,
    /// 委托诉讼代理人: an agent under a power of attorney (lawyer, legal worker or other).
    Agent,
    /// 审判员 / 承办法官
    Judge,
    /// 书记员
    Clerk,
    /// 调解员
    Mediator,
}

impl CaseRole {
    pub const ALL: [CaseRole; 7] = [
        CaseRole::Plaintiff,
        CaseRole::Defendant,
        CaseRole::ThirdParty,
        CaseRole::Agent,
        CaseRole::Judge,
        CaseRole::Clerk,
        CaseRole::Mediator,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CaseRole::Plaintiff => "plaintiff",
            CaseRole::Defendant => "defendant",
            CaseRole::ThirdParty => "third_party",
            CaseRole::Agent => "agent",
            CaseRole::Judge => "judge",
            CaseRole::Clerk => "clerk",
            CaseRole::Mediator => "mediator",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.as_str() == s)
    }

    /// Parties (当事人) as opposed to agents and court staff.
    pub fn is_party(self) -> bool {
        matches!(
            self,
            CaseRole::Plaintiff | CaseRole::Defendant | CaseRole::ThirdParty
        )
    }

    /// The Chinese name used in notices and in the UI.
    pub fn zh(self) -> &'static str {
        match self {
            CaseRole::Plaintiff => "原告",
            CaseRole::Defendant => "被告",
            CaseRole::ThirdParty => "第三人",
            CaseRole::Agent => "委托诉讼代理人",
            CaseRole::Judge => "审判员",
            CaseRole::Clerk => "书记员",
            CaseRole::Mediator => "调解员",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_round_trip_through_their_names() {
        for r in CaseRole::ALL {
            assert_eq!(CaseRole::parse(r.as_str()), Some(r));
        }
        assert_eq!(CaseRole::parse("emperor"), None);
    }

    #[test]
    fn only_clerks_and_judges_see_their_whole_court() {
        // "人、案、账号匹配一致": a party or lawyer sees only the cases where they hold a role.
        assert!(!AccountKind::Party.is_court_staff());
        assert!(!AccountKind::Lawyer.is_court_staff());
        assert!(!AccountKind::LegalWorker.is_court_staff());
        assert!(AccountKind::Clerk.is_court_staff());
        assert!(AccountKind::Judge.is_court_staff());
    }

    #[test]
    fn parties_are_plaintiffs_defendants_and_third_parties() {
        let parties: Vec<_> = CaseRole::ALL.into_iter().filter(|r| r.is_party()).collect();
        assert_eq!(
            parties,
            vec![
                CaseRole::Plaintiff,
                CaseRole::Defendant,
                CaseRole::ThirdParty
            ]
        );
    }
}
