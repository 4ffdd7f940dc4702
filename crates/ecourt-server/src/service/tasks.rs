//! The clerks' queue (serve otherwise, bounces, paper copies, disputes), oldest first.

use super::policy::not_built;
use crate::kernel::error::ApiResult;
use crate::kernel::state::AppState;
use ecourt_api::{Account, ServedDocument, ServiceTasks, TaskDoneRequest};

pub async fn queue(_state: &AppState, _caller: &Account) -> ApiResult<ServiceTasks> {
    Err(not_built())
}

pub async fn done(
    _state: &AppState,
    _caller: &Account,
    _task_id: i64,
    _req: &TaskDoneRequest,
) -> ApiResult<ServedDocument> {
    Err(not_built())
}
