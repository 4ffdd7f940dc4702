//! The fee calculator (`/api/v1/fees/quote`, 《诉讼费用交纳办法》): what a quote is for and the
//! quote as yuan strings. The scales and their arithmetic are `ecourt_domain::fees`.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

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

/// A domain quote as the API sends it: yuan as strings with two decimals.
impl From<ecourt_domain::fees::FeeQuote> for FeeQuoteResponse {
    fn from(q: ecourt_domain::fees::FeeQuote) -> Self {
        FeeQuoteResponse {
            total: q.total.to_string(),
            total_max: q.total_max.map(|t| t.to_string()),
            breakdown: q
                .lines
                .into_iter()
                .map(|l| FeeLine {
                    label: l.label,
                    rule: l.rule,
                    amount: l.amount.to_string(),
                })
                .collect(),
        }
    }
}
