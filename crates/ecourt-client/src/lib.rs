//! A typed client of the court service's `/api/v1`: one method per operation, grouped in one
//! module per capability as `ecourt_api` groups the wire contract, every path taken from
//! `ecourt_api::routes`. Used by the desktop's sync engine and core, by the hearing bot and by
//! tests that want typed calls against a real court.
//!
//! A [`CourtClient`] holds one `reqwest::Client` (its connection pool); clones, and the
//! signed-in copies [`CourtClient::signed_in`] makes, share it, so a session opens its
//! connections once instead of on every call.

mod auth;
mod cases;
mod error;
mod evidence;
pub mod faults;
mod filing;
mod health;
mod hearing;
mod identity;
mod periods;
mod service;
mod signatures;
pub mod stream_upload;
mod sync;

pub use error::ClientError;
pub use faults::Faults;
pub use stream_upload::Progress;

use ecourt_api::{ApiError, ApiErrorCode};
use reqwest::StatusCode;
use std::time::Duration;

fn unreachable(e: reqwest::Error) -> ClientError {
    ClientError::Unreachable(e.to_string())
}

#[derive(Clone)]
pub struct CourtClient {
    http: reqwest::Client,
    base_url: String,
    token: Option<String>,
    faults: Faults,
}

impl CourtClient {
    pub fn new(base_url: &str) -> Result<Self, ClientError> {
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(5))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("ecourt-desktop/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| ClientError::Protocol(e.to_string()))?;
        Ok(CourtClient {
            http,
            base_url: base_url.trim_end_matches('/').to_string(),
            token: None,
            faults: Faults::default(),
        })
    }

    pub fn with_token(mut self, token: &str) -> Self {
        self.token = Some(token.to_string());
        self
    }

    /// A copy acting with `token`, on the same connections.
    pub fn signed_in(&self, token: &str) -> Self {
        self.clone().with_token(token)
    }

    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.faults = faults;
        self
    }

    pub fn base_url(&self) -> &str {
        &self.base_url
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_url, path)
    }

    fn authed(&self, rb: reqwest::RequestBuilder) -> reqwest::RequestBuilder {
        match &self.token {
            Some(t) => rb.bearer_auth(t),
            None => rb,
        }
    }

    async fn decode<T: serde::de::DeserializeOwned>(
        resp: reqwest::Response,
    ) -> Result<T, ClientError> {
        let status = resp.status();
        let bytes = resp.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            serde_json::from_slice(&bytes).map_err(|e| ClientError::Protocol(e.to_string()))
        } else {
            Err(Self::api_error(status, &bytes))
        }
    }

    fn api_error(status: StatusCode, bytes: &[u8]) -> ClientError {
        match serde_json::from_slice::<ApiError>(bytes) {
            Ok(error) => ClientError::Api {
                status: status.as_u16(),
                error,
            },
            // A proxy or a foreign server: keep the status, say what came back.
            Err(_) => ClientError::Api {
                status: status.as_u16(),
                error: ApiError {
                    code: if status.is_server_error() {
                        ApiErrorCode::Internal
                    } else {
                        ApiErrorCode::InvalidInput
                    },
                    message: format!("HTTP {status}"),
                },
            },
        }
    }

    /// Sends an authenticated request and decodes the JSON answer.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        rb: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        Self::decode(resp).await
    }

    /// Sends an authenticated request whose answer has no body worth reading.
    async fn call_empty(&self, rb: reqwest::RequestBuilder) -> Result<(), ClientError> {
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else {
            let bytes = resp.bytes().await.map_err(unreachable)?;
            Err(Self::api_error(status, &bytes))
        }
    }
}
