//! The address confirmation (送达地址确认书): per person per case, in versions; each version is a
//! court paper filed in the case, in force once its person signs it.

use super::policy::not_built;
use crate::kernel::error::ApiResult;
use crate::kernel::state::AppState;
use ecourt_api::{Account, AddressConfirmation, AddressConfirmationRequest};

pub async fn list(
    _state: &AppState,
    _caller: &Account,
    _case_id: i64,
) -> ApiResult<Vec<AddressConfirmation>> {
    Err(not_built())
}

pub async fn confirm(
    _state: &AppState,
    _caller: &Account,
    _case_id: i64,
    _req: &AddressConfirmationRequest,
) -> ApiResult<AddressConfirmation> {
    Err(not_built())
}
