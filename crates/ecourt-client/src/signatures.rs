//! Electronic signatures: the signatures on one document of a case, and signing (or refusing to
//! sign) the exact version the person read, named by its SHA-256.

use crate::{ClientError, CourtClient};
use ecourt_api::routes::{path, signatures};
use ecourt_api::{DocumentSignatures, SignRequest};

impl CourtClient {
    pub async fn document_signatures(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<DocumentSignatures, ClientError> {
        let url = self.url(&path(
            signatures::DOCUMENT_SIGNATURES,
            &[&case_id, &document_id],
        ));
        self.call(self.http.get(url)).await
    }

    pub async fn sign_document(
        &self,
        case_id: i64,
        document_id: i64,
        req: &SignRequest,
    ) -> Result<DocumentSignatures, ClientError> {
        let url = self.url(&path(
            signatures::DOCUMENT_SIGNATURES,
            &[&case_id, &document_id],
        ));
        self.call(self.http.post(url).json(req)).await
    }
}
