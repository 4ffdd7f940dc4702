//! Filing: uploads by hash, the court's review queue and decisions, and the development
//! gateway's payment.

use crate::{ClientError, CourtClient};
use ecourt_api::routes::{filing, path};
use ecourt_api::{
    CorrectionNotice, CorrectionRequest, FeeNotice, Registration, RejectRequest, ReviewQueue,
    UploadReceipt,
};

impl CourtClient {
    /// Uploads a file by its content hash (idempotent).
    pub async fn upload(
        &self,
        sha256: &str,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<UploadReceipt, ClientError> {
        let rb = self
            .http
            .put(self.url(&path(filing::UPLOAD, &[&sha256])))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(bytes);
        self.call(rb).await
    }

    pub async fn review_queue(&self) -> Result<ReviewQueue, ClientError> {
        self.call(self.http.get(self.url(filing::REVIEW_QUEUE)))
            .await
    }

    pub async fn issue_correction(
        &self,
        case_id: i64,
        req: &CorrectionRequest,
    ) -> Result<CorrectionNotice, ClientError> {
        let url = self.url(&path(filing::CORRECTION_NOTICE, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn register(&self, case_id: i64) -> Result<Registration, ClientError> {
        let url = self.url(&path(filing::REGISTER, &[&case_id]));
        self.call(self.http.post(url).json(&serde_json::json!({})))
            .await
    }

    pub async fn reject(&self, case_id: i64, reasons: &str) -> Result<(), ClientError> {
        let url = self.url(&path(filing::REJECT, &[&case_id]));
        let body = RejectRequest {
            reasons: reasons.into(),
        };
        self.call_empty(self.http.post(url).json(&body)).await
    }

    /// Pays through the development gateway (embedded and demo courts only).
    pub async fn dev_settle(&self, payment_number: &str) -> Result<FeeNotice, ClientError> {
        let url = self.url(&path(filing::DEV_SETTLE, &[&payment_number]));
        self.call(self.http.post(url)).await
    }
}
