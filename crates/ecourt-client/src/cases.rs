//! The cases the caller may see, and a document's content.

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::{cases, path};
use ecourt_api::{CaseDetail, CaseList};

impl CourtClient {
    pub async fn cases(&self) -> Result<CaseList, ClientError> {
        self.call(self.http.get(self.url(cases::CASES))).await
    }

    pub async fn case(&self, id: i64) -> Result<CaseDetail, ClientError> {
        self.call(self.http.get(self.url(&path(cases::CASE, &[&id]))))
            .await
    }

    /// A document's type and bytes.
    pub async fn document(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<(String, Vec<u8>), ClientError> {
        let url = self.url(&path(cases::DOCUMENT_CONTENT, &[&case_id, &document_id]));
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
}
