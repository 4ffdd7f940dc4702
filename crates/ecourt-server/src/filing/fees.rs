//! The public fee calculator (`POST /api/v1/fees/quote`): the wire request in, the domain's
//! quote out. The rules themselves live in `ecourt_domain::fees`.

use crate::kernel::error::{ApiResult, Failure};
use ecourt_api::{FeeQuoteRequest, FeeQuoteResponse, FeeType, Procedure};
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

/// A domain quote as the API sends it (the conversion is the wire contract's).
pub fn to_wire(q: fees::FeeQuote) -> FeeQuoteResponse {
    q.into()
}
