//! The court's service policy (data: `policy/electronic-service.json`): which documents may be
//! served electronically under which rule.

use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ApiErrorCode, ServicePolicy, ServicePolicyRule};

pub async fn in_force(_state: &AppState, _caller: &Account) -> ApiResult<ServicePolicy> {
    Err(not_built())
}

pub async fn switch(
    _state: &AppState,
    _caller: &Account,
    _rule: ServicePolicyRule,
) -> ApiResult<ServicePolicy> {
    Err(not_built())
}

/// Until the step is built (the wire is committed first so the desktop can build on it).
pub(crate) fn not_built() -> Failure {
    Failure::new(
        ApiErrorCode::Internal,
        "service of documents is being built",
    )
}
