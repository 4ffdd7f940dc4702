//! Case types and their codes in case numbers (案件类型代字).
//!
//! 最高人民法院《关于人民法院案件案号的若干规定》 and its annex give each case type a code:
//! 民初 civil first instance, 民终 civil second instance, 民特 special procedure (including
//! judicial confirmation), 民诉前调 pre-litigation mediation, 执 enforcement, 行初 administrative
//! first instance (domain.md §2).

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum CaseType {
    CivilFirstInstance,
    CivilSecondInstance,
    CivilSpecialProcedure,
    PreLitigationMediation,
    Enforcement,
    AdministrativeFirstInstance,
}

impl CaseType {
    pub const ALL: [CaseType; 6] = [
        CaseType::CivilFirstInstance,
        CaseType::CivilSecondInstance,
        CaseType::CivilSpecialProcedure,
        CaseType::PreLitigationMediation,
        CaseType::Enforcement,
        CaseType::AdministrativeFirstInstance,
    ];

    /// The code written in the case number.
    pub fn code(self) -> &'static str {
        match self {
            CaseType::CivilFirstInstance => "民初",
            CaseType::CivilSecondInstance => "民终",
            CaseType::CivilSpecialProcedure => "民特",
            CaseType::PreLitigationMediation => "民诉前调",
            CaseType::Enforcement => "执",
            CaseType::AdministrativeFirstInstance => "行初",
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CaseType::CivilFirstInstance => "civil_first_instance",
            CaseType::CivilSecondInstance => "civil_second_instance",
            CaseType::CivilSpecialProcedure => "civil_special_procedure",
            CaseType::PreLitigationMediation => "pre_litigation_mediation",
            CaseType::Enforcement => "enforcement",
            CaseType::AdministrativeFirstInstance => "administrative_first_instance",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.code() == code)
    }

    pub fn zh(self) -> &'static str {
        match self {
            CaseType::CivilFirstInstance => "民事一审",
            CaseType::CivilSecondInstance => "民事二审",
            CaseType::CivilSpecialProcedure => "民事特别程序",
            CaseType::PreLitigationMediation => "诉前调解",
            CaseType::Enforcement => "执行",
            CaseType::AdministrativeFirstInstance => "行政一审",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_the_ones_in_the_case_number_rules() {
        // "民初 civil first instance, 民终 second instance, 民特 special procedure (judicial
        // confirmation), 民诉前调 pre-litigation mediation, 执 enforcement, 行初 administrative
        // first instance."
        assert_eq!(CaseType::CivilFirstInstance.code(), "民初");
        assert_eq!(CaseType::CivilSecondInstance.code(), "民终");
        assert_eq!(CaseType::CivilSpecialProcedure.code(), "民特");
        assert_eq!(CaseType::PreLitigationMediation.code(), "民诉前调");
        assert_eq!(CaseType::Enforcement.code(), "执");
        assert_eq!(CaseType::AdministrativeFirstInstance.code(), "行初");
        for t in CaseType::ALL {
            assert_eq!(CaseType::from_code(t.code()), Some(t));
            assert_eq!(CaseType::parse(t.as_str()), Some(t));
        }
    }
}
