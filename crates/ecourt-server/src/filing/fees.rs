//! The public fee calculator (`POST /api/v1/fees/quote`): the wire request in, the domain's
//! quote out. The rules themselves live in `ecourt_domain::fees`.

use crate::kernel::error::{ApiResult, Failure};
use ecourt_api::{FeeLine, FeeQuoteRequest, FeeQuoteResponse, FeeType, Procedure};
use ecourt_domain::fees::{self, FeeType as Rule, Procedure as Proc};
use ecourt_domain::Yuan;

pub fn quote(req: &FeeQuoteRequest) -> ApiResult<FeeQuoteResponse> {
    let amount = Yuan::parse(&req.amount).map_err(|e| Failure::invalid(format!("amount: {e}")))?;
    let rule = match req.fee_type {
        FeeType::PropertyCase => Rule::PropertyCase,
        FeeType::Divorce => Rule::Divorce,
        FeeType::PersonalityRights => Rule::PersonalityRights,
        FeeType::OtherNonProperty => Rule::OtherNonProperty,
        FeeType::LaborDispute => Rule::LaborDispute,
        FeeType::Administrative => Rule::Administrative {
            trademark_patent_maritime: req.trademark_patent_maritime,
        },
        FeeType::PropertyPreservation => Rule::PropertyPreservation,
        FeeType::Enforcement => Rule::Enforcement,
    };
    let procedure = match req.procedure {
        Procedure::Ordinary => Proc::Ordinary,
        Procedure::Summary => Proc::Summary,
    };
    Ok(to_wire(fees::quote(rule, amount, procedure)))
}

/// A domain quote as the API sends it: yuan as strings with two decimals.
pub fn to_wire(q: fees::FeeQuote) -> FeeQuoteResponse {
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
