//! 留言: a participant's message to the court in one case, an outbox action (`send_message`).

use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::db::Tx;
use crate::kernel::error::Failure;
use crate::kernel::registry::{ActionOutcome, Boxed};
use crate::kernel::state::AppState;
use ecourt_api::{limits, Account, ActionBody, ActionRequest};

/// The `send_message` action, registered in [`super::register`].
pub fn send_message<'a>(
    state: &'a AppState,
    caller: &'a Account,
    tx: &'a mut Tx,
    req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async move {
        let ActionBody::SendMessage { case_id, text } = &req.action else {
            return Err(anyhow::anyhow!("send_message got another action").into());
        };
        let now = state.clock.now();
        let text = text.trim();
        if text.is_empty() {
            return Ok(Err(Failure::invalid("the message is empty")));
        }
        if text.chars().count() > limits::MESSAGE_MAX_CHARS {
            return Ok(Err(Failure::invalid(format!(
                "a message holds at most {} characters",
                limits::MESSAGE_MAX_CHARS
            ))));
        }
        // Staff may not post party messages; a party only in a case they hold a role in.
        if caller.kind.is_court_staff() || !cases::visible(&state.db, caller, *case_id).await? {
            return Ok(Err(Failure::not_found()));
        }
        let title = format!("{}留言", caller.display_name);
        let event_id = cases::record_act(
            tx,
            now,
            Act {
                case_id: *case_id,
                kind: "party_message",
                title: &title,
                detail: Some(text),
                actor: Some(caller),
                audit: serde_json::json!({
                    "client_id": req.client_id,
                    "mutation_id": req.mutation_id,
                    "text_sha256": hex::encode(<sha2::Sha256 as sha2::Digest>::digest(text.as_bytes())),
                }),
            },
        )
        .await?;
        Ok(Ok(Some(event_id)))
    })
}
