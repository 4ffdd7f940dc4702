//! Serving documents and what follows: the recipients and their grounds, the deliveries, the
//! recipient's acts (outbox actions), disputes, the certificate.

use super::policy::not_built;
use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::registry::{ActionOutcome, Boxed, Registry};
use crate::kernel::state::AppState;
use ecourt_api::*;

pub fn register(registry: &mut Registry) {
    for kind in [
        "open_served_document",
        "confirm_service_receipt",
        "dispute_service",
        "request_paper_copy",
    ] {
        registry.action(kind, recipient_act);
    }
}

fn recipient_act<'a>(
    _state: &'a AppState,
    _caller: &'a Account,
    _tx: &'a mut Tx,
    _req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async { Ok(Err::<Option<i64>, Failure>(not_built())) })
}

pub async fn list(_state: &AppState, _caller: &Account, _case_id: i64) -> ApiResult<ServiceList> {
    Err(not_built())
}

pub async fn serve(
    _state: &AppState,
    _caller: &Account,
    _case_id: i64,
    _req: &ServeRequest,
) -> ApiResult<ServeResult> {
    Err(not_built())
}

pub async fn recipients(
    _state: &AppState,
    _caller: &Account,
    _case_id: i64,
) -> ApiResult<ServiceRecipients> {
    Err(not_built())
}

pub async fn decide_dispute(
    _state: &AppState,
    _caller: &Account,
    _service_id: i64,
    _req: &DisputeDecisionRequest,
) -> ApiResult<ServedDocument> {
    Err(not_built())
}

pub async fn certificate(
    _state: &AppState,
    _caller: &Account,
    _service_id: i64,
) -> ApiResult<ServiceCertificate> {
    Err(not_built())
}
