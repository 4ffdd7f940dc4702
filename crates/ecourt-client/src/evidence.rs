//! Evidence exchange (证据交换): files by hash, items and their versions, views, opinions, the
//! court's acts on the exchange (period, mode, leave, open, remind, close, the item taken in a
//! synchronous exchange), originals, admission, deposit declarations, the matrix and the papers.
//! Opinions written offline go through the outbox instead (`ActionBody::GiveEvidenceOpinion`).

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::{evidence as r, path};
use ecourt_api::*;

impl CourtClient {
    /// Uploads a file of evidence by its hash (idempotent). The court streams it into its store;
    /// this sends bytes already in memory (a large recording is better sent from disk by a
    /// streaming body).
    pub async fn upload_evidence_file(
        &self,
        sha256: &str,
        mime_type: &str,
        bytes: Vec<u8>,
    ) -> Result<EvidenceFileReceipt, ClientError> {
        let rb = self
            .http
            .put(self.url(&path(r::FILE_UPLOAD, &[&sha256])))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .body(bytes);
        self.call(rb).await
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

    pub async fn evidence_version(
        &self,
        case_id: i64,
        item_id: i64,
        item: &NewEvidenceItem,
    ) -> Result<EvidenceItemView, ClientError> {
        let url = self.url(&path(r::ITEM_VERSIONS, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(item)).await
    }

    pub async fn evidence_views(
        &self,
        case_id: i64,
        item_id: i64,
    ) -> Result<Vec<EvidenceViewRecord>, ClientError> {
        let url = self.url(&path(r::ITEM_VIEWS, &[&case_id, &item_id]));
        self.call(self.http.get(url)).await
    }

    pub async fn record_evidence_view(
        &self,
        case_id: i64,
        item_id: i64,
        version: i64,
    ) -> Result<Vec<EvidenceViewRecord>, ClientError> {
        let url = self.url(&path(r::ITEM_VIEWS, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(&ViewRequest { version }))
            .await
    }

    /// A file of an item, whole (the court records the view). For a large recording, read the
    /// response as it arrives instead ([`CourtClient::evidence_file_response`]).
    pub async fn evidence_file(
        &self,
        case_id: i64,
        item_id: i64,
        sha256: &str,
    ) -> Result<Vec<u8>, ClientError> {
        let resp = self
            .evidence_file_response(case_id, item_id, sha256)
            .await?;
        Ok(resp.bytes().await.map_err(unreachable)?.to_vec())
    }

    /// The answer of a file's download, its body not yet read (`chunk()` reads it piece by
    /// piece), or the court's refusal.
    pub async fn evidence_file_response(
        &self,
        case_id: i64,
        item_id: i64,
        sha256: &str,
    ) -> Result<reqwest::Response, ClientError> {
        let url = self.url(&path(r::ITEM_FILE, &[&case_id, &item_id, &sha256]));
        let resp = self
            .authed(self.http.get(url))
            .send()
            .await
            .map_err(unreachable)?;
        if resp.status().is_success() {
            Ok(resp)
        } else {
            let status = resp.status();
            let bytes = resp.bytes().await.map_err(unreachable)?;
            Err(Self::api_error(status, &bytes))
        }
    }

    pub async fn give_opinion(
        &self,
        case_id: i64,
        item_id: i64,
        opinion: &OpinionRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ITEM_OPINIONS, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(opinion)).await
    }

    pub async fn admit_evidence(
        &self,
        case_id: i64,
        item_id: i64,
        req: &AdmissionRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ITEM_ADMISSION, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn ask_original(
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

    pub async fn declare_deposit(
        &self,
        case_id: i64,
        item_id: i64,
        req: &DepositDeclaration,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::ITEM_DEPOSIT, &[&case_id, &item_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn set_evidence_period(
        &self,
        case_id: i64,
        req: &EvidencePeriodRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::PERIOD, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn choose_exchange_mode(
        &self,
        case_id: i64,
        mode: ExchangeMode,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::MODE, &[&case_id]));
        self.call(self.http.post(url).json(&ModeChoiceRequest { mode }))
            .await
    }

    pub async fn grant_evidence_leave(
        &self,
        case_id: i64,
        req: &LeaveRequest,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::LEAVE, &[&case_id]));
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

    /// A synchronous exchange: the item the judge takes now.
    pub async fn take_evidence_item(
        &self,
        case_id: i64,
        item_id: i64,
    ) -> Result<CaseEvidence, ClientError> {
        let url = self.url(&path(r::CURRENT_ITEM, &[&case_id]));
        self.call(self.http.post(url).json(&CurrentItemRequest { item_id }))
            .await
    }

    pub async fn evidence_matrix(
        &self,
        case_id: i64,
        disputed_only: bool,
    ) -> Result<EvidenceMatrix, ClientError> {
        let url = self.url(&path(r::MATRIX, &[&case_id]));
        self.call(
            self.http
                .get(url)
                .query(&[("disputed", disputed_only.to_string())]),
        )
        .await
    }

    /// Files the record of the exchange (证据交换笔录) in the case, to be signed.
    pub async fn file_exchange_record(&self, case_id: i64) -> Result<EvidencePaper, ClientError> {
        let url = self.url(&path(r::RECORD, &[&case_id]));
        self.call(self.http.post(url)).await
    }

    /// Files the opinion sheet (质证意见表) in the case.
    pub async fn file_opinion_sheet(&self, case_id: i64) -> Result<EvidencePaper, ClientError> {
        let url = self.url(&path(r::OPINION_SHEET, &[&case_id]));
        self.call(self.http.post(url)).await
    }
}
