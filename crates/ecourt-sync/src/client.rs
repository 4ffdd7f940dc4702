//! A typed client of the court service's `/api/v1`.

use crate::faults::Faults;
use ecourt_api::*;
use reqwest::StatusCode;
use std::time::Duration;

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The court could not be reached (no network, service down, timed out).
    #[error("cannot reach the court service: {0}")]
    Unreachable(String),
    /// The court answered with an error.
    #[error("{}", .error.message)]
    Api { status: u16, error: ApiError },
    /// The court answered something this app does not understand.
    #[error("unexpected answer from the court service: {0}")]
    Protocol(String),
    /// A failpoint stopped the client (tests only).
    #[error("stopped at failpoint {0}")]
    Injected(&'static str),
}

impl ClientError {
    pub fn code(&self) -> Option<ApiErrorCode> {
        match self {
            ClientError::Api { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// Worth trying again later without any change: network trouble, server failures (5xx), a
    /// timeout (408) and "slow down" (429). Every other answer of the court (400, 403, 404,
    /// 409, 413, 422, …) is its decision on this request and would be the same next time, so
    /// the action becomes a visible refusal instead of blocking the outbox; 401 is
    /// [`is_auth`](Self::is_auth): the outbox waits for a new sign-in.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Unreachable(_) | ClientError::Injected(_) => true,
            ClientError::Api { status, error } => {
                *status >= 500
                    || *status == 408
                    || *status == 429
                    || error.code == ApiErrorCode::TooManyAttempts
            }
            ClientError::Protocol(_) => false,
        }
    }

    pub fn is_auth(&self) -> bool {
        matches!(
            self.code(),
            Some(ApiErrorCode::Unauthenticated | ApiErrorCode::TokenExpired)
        )
    }
}

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

    pub async fn health(&self) -> Result<Health, ClientError> {
        let resp = self
            .http
            .get(self.url("/api/v1/health"))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

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
            .post(self.url("/api/v1/session"))
            .json(&body)
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    pub async fn sign_out(&self) -> Result<(), ClientError> {
        let resp = self
            .authed(self.http.delete(self.url("/api/v1/session")))
            .send()
            .await
            .map_err(unreachable)?;
        if resp.status().is_success() {
            Ok(())
        } else {
            let status = resp.status();
            Err(Self::api_error(
                status,
                &resp.bytes().await.map_err(unreachable)?,
            ))
        }
    }

    pub async fn cases(&self) -> Result<CaseList, ClientError> {
        let resp = self
            .authed(self.http.get(self.url("/api/v1/cases")))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    pub async fn case(&self, id: i64) -> Result<CaseDetail, ClientError> {
        let resp = self
            .authed(self.http.get(self.url(&format!("/api/v1/cases/{id}"))))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    pub async fn changes(&self, since: i64, limit: i64) -> Result<ChangesPage, ClientError> {
        let url = self.url(&format!(
            "/api/v1/sync/changes?since={since}&limit={limit}&protocol={SYNC_PROTOCOL_VERSION}"
        ));
        let resp = self
            .authed(self.http.get(url))
            .send()
            .await
            .map_err(unreachable)?;
        Self::decode(resp).await
    }

    /// A document's type and bytes.
    pub async fn document(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<(String, Vec<u8>), ClientError> {
        let url = self.url(&format!(
            "/api/v1/cases/{case_id}/documents/{document_id}/content"
        ));
        let resp = self
            .authed(self.http.get(url))
            .send()
            .await
            .map_err(unreachable)?;
        let status = resp.status();
        let mime = resp
            .headers()
            .get(reqwest::header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("application/octet-stream")
            .to_string();
        let bytes = resp.bytes().await.map_err(unreachable)?;
        if status.is_success() {
            Ok((mime, bytes.to_vec()))
        } else {
            Err(Self::api_error(status, &bytes))
        }
    }

    /// Sends one queued action with its idempotency key.
    pub async fn push(&self, req: &ActionRequest) -> Result<ActionResult, ClientError> {
        let key = format!("{}:{}", req.client_id, req.mutation_id);
        let resp = self
            .authed(self.http.post(self.url("/api/v1/actions")))
            .header(IDEMPOTENCY_KEY_HEADER, key)
            .json(req)
            .send()
            .await
            .map_err(unreachable)?;
        let result = Self::decode(resp).await;
        if self.faults.hit("push.after_send") {
            return Err(ClientError::Injected("push.after_send"));
        }
        result
    }

    /// Sends an authenticated request and decodes the JSON answer.
    async fn call<T: serde::de::DeserializeOwned>(
        &self,
        rb: reqwest::RequestBuilder,
    ) -> Result<T, ClientError> {
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        Self::decode(resp).await
    }

    /// Uploads a file by its content hash (idempotent).
    pub async fn upload(
        &self,
        sha256: &str,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<UploadReceipt, ClientError> {
        let rb = self
            .http
            .put(self.url(&format!("/api/v1/uploads/{sha256}")))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(bytes);
        self.call(rb).await
    }

    pub async fn review_queue(&self) -> Result<ReviewQueue, ClientError> {
        self.call(self.http.get(self.url("/api/v1/filings/review-queue")))
            .await
    }

    /// Doubtful face verifications waiting at the caller's court (staff).
    pub async fn face_reviews(&self) -> Result<FaceReviewQueue, ClientError> {
        self.call(self.http.get(self.url("/api/v1/identity/face/reviews")))
            .await
    }

    pub async fn decide_face_review(
        &self,
        id: i64,
        req: &FaceReviewDecisionRequest,
    ) -> Result<FaceReviewResult, ClientError> {
        let url = self.url(&format!("/api/v1/identity/face/reviews/{id}/decision"));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn issue_correction(
        &self,
        case_id: i64,
        req: &CorrectionRequest,
    ) -> Result<CorrectionNotice, ClientError> {
        let url = self.url(&format!("/api/v1/filings/{case_id}/correction-notice"));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn register(&self, case_id: i64) -> Result<Registration, ClientError> {
        let url = self.url(&format!("/api/v1/filings/{case_id}/register"));
        self.call(self.http.post(url).json(&serde_json::json!({})))
            .await
    }

    pub async fn reject(&self, case_id: i64, reasons: &str) -> Result<(), ClientError> {
        let url = self.url(&format!("/api/v1/filings/{case_id}/reject"));
        let resp = self
            .authed(self.http.post(url).json(&RejectRequest {
                reasons: reasons.into(),
            }))
            .send()
            .await
            .map_err(unreachable)?;
        let status = resp.status();
        if status.is_success() {
            Ok(())
        } else {
            let bytes = resp.bytes().await.map_err(unreachable)?;
            Err(Self::api_error(status, &bytes))
        }
    }

    /// Pays through the development gateway (embedded and demo courts only).
    pub async fn dev_settle(&self, payment_number: &str) -> Result<FeeNotice, ClientError> {
        let url = self.url(&format!("/api/v1/dev/payments/{payment_number}/settle"));
        self.call(self.http.post(url)).await
    }

    pub async fn identity_status(&self) -> Result<IdentityStatus, ClientError> {
        self.call(self.http.get(self.url("/api/v1/identity/me")))
            .await
    }

    pub async fn send_phone_code(&self, phone: &str) -> Result<PhoneCodeSent, ClientError> {
        let body = PhoneCodeRequest {
            phone: phone.into(),
        };
        self.call(
            self.http
                .post(self.url("/api/v1/identity/phone/code"))
                .json(&body),
        )
        .await
    }

    pub async fn verify_phone_code(
        &self,
        phone: &str,
        code: &str,
    ) -> Result<PhoneVerified, ClientError> {
        let body = PhoneVerifyRequest {
            phone: phone.into(),
            code: code.into(),
        };
        self.call(
            self.http
                .post(self.url("/api/v1/identity/phone/verify"))
                .json(&body),
        )
        .await
    }

    /// The development SMS gateway's messages to a number (demo courts only).
    pub async fn dev_sms(&self, phone: &str) -> Result<Vec<DevSms>, ClientError> {
        let rb = self
            .http
            .get(self.url("/api/v1/dev/sms"))
            .query(&[("phone", phone)]);
        self.call(rb).await
    }

    /// A legal worker's session acting for a party on the identity routes, with the code the
    /// party typed in (without it, a party with a verified phone is sent one first).
    pub async fn start_assisted(
        &self,
        username: &str,
        code: Option<&str>,
    ) -> Result<AssistedSession, ClientError> {
        let body = AssistedSessionRequest {
            username: username.into(),
            code: code.map(Into::into),
        };
        self.call(
            self.http
                .post(self.url("/api/v1/identity/assisted-sessions"))
                .json(&body),
        )
        .await
    }

    /// The face side of the caller's ID card (JPEG or PNG).
    pub async fn put_id_card(
        &self,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<CardAccepted, ClientError> {
        let rb = self
            .http
            .put(self.url("/api/v1/identity/card"))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(bytes);
        self.call(rb).await
    }

    pub async fn face_challenge(&self, purpose: FacePurpose) -> Result<FaceChallenge, ClientError> {
        let body = FaceChallengeRequest { purpose };
        self.call(
            self.http
                .post(self.url("/api/v1/identity/face/challenges"))
                .json(&body),
        )
        .await
    }

    pub async fn face_verification(
        &self,
        req: &FaceVerificationRequest,
    ) -> Result<FaceVerification, ClientError> {
        self.call(
            self.http
                .post(self.url("/api/v1/identity/face/verifications"))
                .json(req),
        )
        .await
    }

    pub async fn consent_text(&self) -> Result<ConsentText, ClientError> {
        self.call(
            self.http
                .get(self.url("/api/v1/identity/consents/biometric")),
        )
        .await
    }

    pub async fn answer_consent(
        &self,
        answer: &ConsentAnswer,
    ) -> Result<ConsentRecord, ClientError> {
        self.call(
            self.http
                .post(self.url("/api/v1/identity/consents"))
                .json(answer),
        )
        .await
    }

    pub async fn set_lawyer_licence(
        &self,
        licence: &LawyerLicence,
    ) -> Result<IdentityStatus, ClientError> {
        self.call(
            self.http
                .put(self.url("/api/v1/identity/lawyer-licence"))
                .json(licence),
        )
        .await
    }
}

/// Hearings: the answer on an online hearing, the rules, the join token, the record, and the
/// probe the device check times.
impl CourtClient {
    pub async fn hearing_consent(
        &self,
        hearing_id: i64,
        answer: &HearingConsentRequest,
    ) -> Result<HearingSummary, ClientError> {
        self.call(
            self.http
                .post(self.url(&format!("/api/v1/hearings/{hearing_id}/consent")))
                .json(answer),
        )
        .await
    }

    pub async fn courtroom_rules(&self) -> Result<CourtroomRules, ClientError> {
        self.call(self.http.get(self.url("/api/v1/hearings/rules")))
            .await
    }

    pub async fn join_token(
        &self,
        hearing_id: i64,
        req: &JoinTokenRequest,
    ) -> Result<JoinToken, ClientError> {
        self.call(
            self.http
                .post(self.url(&format!("/api/v1/hearings/{hearing_id}/join-tokens")))
                .json(req),
        )
        .await
    }

    pub async fn hearing_record(&self, hearing_id: i64) -> Result<HearingRecord, ClientError> {
        self.call(
            self.http
                .get(self.url(&format!("/api/v1/hearings/{hearing_id}/record"))),
        )
        .await
    }

    /// Fetches `bytes` bytes from the court; returns how many arrived.
    pub async fn probe(&self, bytes: usize) -> Result<usize, ClientError> {
        let rb = self
            .http
            .get(self.url(&format!("/api/v1/hearings/probe?bytes={bytes}")));
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        let status = resp.status();
        let body = resp.bytes().await.map_err(unreachable)?;
        if !status.is_success() {
            return Err(Self::api_error(status, &body));
        }
        Ok(body.len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, code: ApiErrorCode) -> ClientError {
        ClientError::Api {
            status,
            error: ApiError {
                code,
                message: String::new(),
            },
        }
    }

    #[test]
    fn refusals_are_final_failures_are_transient() {
        use ApiErrorCode::*;
        for (status, code) in [
            (400, InvalidInput),
            (400, MalformedJson),
            (403, Forbidden),
            (404, NotFound),
            (409, MutationOutOfOrder),
            (413, PayloadTooLarge),
            (422, InvalidText),
        ] {
            let e = answer(status, code);
            assert!(!e.is_transient() && !e.is_auth(), "{status} {code:?}");
        }
        for (status, code) in [
            (500, Internal),
            (502, Internal),
            (503, Internal),
            (408, InvalidInput),
            (429, TooManyAttempts),
            // A proxy's 429 without our body.
            (429, InvalidInput),
        ] {
            assert!(answer(status, code).is_transient(), "{status} {code:?}");
        }
        assert!(answer(401, Unauthenticated).is_auth());
        assert!(ClientError::Unreachable("reset".into()).is_transient());
    }
}
