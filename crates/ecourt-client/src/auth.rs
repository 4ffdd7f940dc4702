//! Sessions: signing in and out.

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::auth;
use ecourt_api::{CourtHelp, SessionRequest, SessionResponse};

impl CourtClient {
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
    ) -> Result<SessionResponse, ClientError> {
        let body = SessionRequest {
            username: username.into(),
            password: password.into(),
        };
        let resp = self
            .http
            .post(self.url(auth::SESSION))
            .json(&body)
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    pub async fn sign_out(&self) -> Result<(), ClientError> {
        self.call_empty(self.http.delete(self.url(auth::SESSION)))
            .await
    }

    /// Where to call for help: 12368 and the court's own number (public).
    pub async fn help(&self, court_code: Option<&str>) -> Result<CourtHelp, ClientError> {
        let mut rb = self.http.get(self.url(auth::HELP));
        if let Some(code) = court_code {
            rb = rb.query(&[("court", code)]);
        }
        self.call(rb).await
    }
}
