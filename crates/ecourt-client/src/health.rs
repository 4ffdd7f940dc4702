//! The court service itself: whether it answers (not 送达, which is `service`).

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::health;
use ecourt_api::Health;

impl CourtClient {
    pub async fn health(&self) -> Result<Health, ClientError> {
        let resp = self
            .http
            .get(self.url(health::HEALTH))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }
}
