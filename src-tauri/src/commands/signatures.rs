//! Electronic signatures (电子签名): a document of the case as read here, its signatures, and
//! signing or refusing to sign the version shown.

use ecourt_app::{SignatureOutcome, SigningView};

commands! {
    fn document_signing(app, case_id: i64, document_id: i64) -> SigningView {
        app.signing(case_id, document_id).await
    }

    /// Signs the version shown (after a fresh face re-check), or refuses with a reason.
    fn sign_document(
        app,
        case_id: i64,
        document_id: i64,
        outcome: SignatureOutcome,
        reason: Option<String>,
    ) -> SigningView {
        app.sign_document(case_id, document_id, outcome, reason).await
    }
}
