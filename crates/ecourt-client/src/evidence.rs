//! Evidence exchange (证据交换): the calls the desktop makes — giving an item or a later version,
//! the court staff's period, exchange, admission and originals, and the matrix. Files go up
//! streamed from disk first (`CourtClient::put_file` with `routes::evidence::FILE_UPLOAD`).

use crate::{ClientError, CourtClient};
use ecourt_api::routes::{evidence as r, path};
use ecourt_api::{
    AdmissionRequest, CaseEvidence, EvidenceFileReceipt, EvidenceItemView, EvidenceMatrix,
    EvidencePeriodRequest, NewEvidenceItem, OpenExchangeRequest, OriginalOutcomeRequest,
    OriginalRequest,
};
use std::path::Path;

impl CourtClient {
    /// Streams a file of evidence from disk to the court, which checks and seals it by hash.
    pub async fn upload_evidence_file(
        &self,
        sha256: &str,
        mime_type: &str,
        file: &Path,
        progress: Option<crate::Progress>,
    ) -> Result<EvidenceFileReceipt, ClientError> {
        // The route first: a `&dyn Display` held across the await would make the future !Send.
        let route = path(r::FILE_UPLOAD, &[&sha256]);
        self.put_file(&route, mime_type, file, progress).await
    }

    pub async fn case_evidence(&self, case_id: i64) -> Result<CaseEvidence, ClientError> {
        self.call(
            self.http
                .get(self.url(&path(r::CASE_EVIDENCE, &[&case_id]))),
        )
        .await
    }

    pub async fn give_evidence(
        &self,
        case_id: i64,
        item: &NewEvidenceItem,
    ) -> Result<EvidenceItemView, ClientError> {
        let url = self.url(&path(r::CASE_EVIDENCE, &[&case_id]));
        self.call(self.http.post(url).json(item)).await
    }

    /// A later version of one's own item; the earlier ones are kept.
    pub async fn evidence_version(
        &self,
        case_id: i64,
        item_id: i64,
        item: &NewEvidenceItem,
    ) -> Result<EvidenceItemView, ClientError> {
        let url = self.url(&path(r::ITEM_VERSIONS, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(item)).await
    }

    pub async fn set_evidence_period(
        &self,
        case_id: i64,
        req: &EvidencePeriodRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::PERIOD, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn open_exchange(
        &self,
        case_id: i64,
        req: &OpenExchangeRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::EXCHANGE, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn remind_exchange(&self, case_id: i64) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::EXCHANGE_REMIND, &[&case_id]));
        self.call(self.http.post(url)).await
    }

    pub async fn close_exchange(&self, case_id: i64) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::EXCHANGE_CLOSE, &[&case_id]));
        self.call(self.http.post(url)).await
    }

    pub async fn decide_admission(
        &self,
        case_id: i64,
        item_id: i64,
        req: &AdmissionRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ITEM_ADMISSION, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn request_original(
        &self,
        case_id: i64,
        item_id: i64,
        req: &OriginalRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ITEM_ORIGINALS, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn original_outcome(
        &self,
        case_id: i64,
        request_id: i64,
        req: &OriginalOutcomeRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ORIGINAL_OUTCOME, &[&case_id, &request_id]));
        self.call(self.http.post(url).json(req)).await
    }

    /// The judge's matrix (court staff); `disputed` for the disputed items only.
    pub async fn evidence_matrix(
        &self,
        case_id: i64,
        disputed: bool,
    ) -> Result<EvidenceMatrix, ClientError> {
        let url = self.url(&path(r::MATRIX, &[&case_id]));
        self.call(self.http.get(url).query(&[("disputed", disputed)]))
            .await
    }
}
