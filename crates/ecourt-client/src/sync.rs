//! Sync: the page of changes since a cursor, and one queued action pushed under its
//! idempotency key.

use crate::{ClientError, CourtClient};
use ecourt_api::routes::sync;
use ecourt_api::{
    ActionRequest, ActionResult, ChangesPage, IDEMPOTENCY_KEY_HEADER, SYNC_PROTOCOL_VERSION,
};

impl CourtClient {
    pub async fn changes(&self, since: i64, limit: i64) -> Result<ChangesPage, ClientError> {
        let rb = self.http.get(self.url(sync::CHANGES)).query(&[
            ("since", since),
            ("limit", limit),
            ("protocol", SYNC_PROTOCOL_VERSION),
        ]);
        self.call(rb).await
    }

    /// Sends one queued action with its idempotency key.
    pub async fn push(&self, req: &ActionRequest) -> Result<ActionResult, ClientError> {
        let key = format!("{}:{}", req.client_id, req.mutation_id);
        let rb = self
            .http
            .post(self.url(sync::ACTIONS))
            .header(IDEMPOTENCY_KEY_HEADER, key)
            .json(req);
        let result = self.call(rb).await;
        if self.faults.hit("push.after_send") {
            return Err(ClientError::Injected("push.after_send"));
        }
        result
    }
}
