//! The service itself.

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::service;
use ecourt_api::Health;

impl CourtClient {
    pub async fn health(&self) -> Result<Health, ClientError> {
        let resp = self
            .http
            .get(self.url(service::HEALTH))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }
}
