//! Electronic signing on the desktop (电子签名, 《人民法院在线诉讼规则》 Art. 33; 民事诉讼法 Art. 150):
//! a person signs the exact bytes they read here — the document as this computer's cache holds
//! it, named by its SHA-256 — after a live face re-check within the court's last minutes, or
//! refuses to sign with a reason. The court decides (a changed document, a stale re-check, a
//! second answer are its refusals); the core only says beforehand whether a re-check is due so
//! the screen can ask for it first instead of failing. Signing needs the court online: the
//! re-check it rests on is made there.

use crate::{cached_case, downloaded, App, AppError, AppErrorCode, AppResult};
use chrono::{DateTime, Duration, Utc};
use ecourt_api::{DocumentSignature, DocumentSignatures, IdentityStatus, SignRequest};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use ts_rs::TS;

pub use ecourt_api::SignatureOutcome;

/// A re-check at most this old lets its person sign at the court
/// (`ecourt_server::signatures::rules::FRESH_RECHECK_MINUTES`); the desktop asks for a new one
/// a minute earlier, so the signature does not fail on its way.
const RECHECK_GOOD_FOR_MINUTES: i64 = ecourt_server::signatures::rules::FRESH_RECHECK_MINUTES - 1;

/// One document as its signer sees it before and after signing.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SigningView {
    pub case_id: i64,
    pub document_id: i64,
    pub title: String,
    pub mime_type: String,
    /// The text, for a text document (a PDF is saved and opened outside the window).
    pub text: Option<String>,
    /// The SHA-256 of the bytes shown here: what a signature names.
    pub sha256: String,
    /// False when the court holds another version than this computer (sync first).
    pub same_as_court: bool,
    pub signatures: Vec<DocumentSignature>,
    /// This person's own answer to the version shown, if they gave one.
    pub mine: Option<DocumentSignature>,
    /// The signer's identity as the court knows it (for the re-check screen).
    pub identity: IdentityStatus,
    pub signer_name: String,
    /// A face re-check must come first (none, or too old to sign with).
    pub recheck_needed: bool,
}

/// Whether a re-check at `rechecked_at` (RFC 3339) is too old to sign with at `now`.
fn recheck_due(rechecked_at: Option<&str>, now: DateTime<Utc>) -> bool {
    match rechecked_at.and_then(|t| DateTime::parse_from_rfc3339(t).ok()) {
        Some(at) => now - at.with_timezone(&Utc) >= Duration::minutes(RECHECK_GOOD_FOR_MINUTES),
        None => true,
    }
}

impl App {
    /// The document from the cache with the court's signatures on it and what signing needs.
    pub async fn signing(&self, case_id: i64, document_id: i64) -> AppResult<SigningView> {
        let court = self.online_client().await?;
        let listed = court.document_signatures(case_id, document_id).await?;
        self.signing_view(case_id, document_id, listed).await
    }

    /// Signs the version shown (or refuses to, with a reason) and answers the new state.
    pub async fn sign_document(
        &self,
        case_id: i64,
        document_id: i64,
        outcome: SignatureOutcome,
        reason: Option<String>,
    ) -> AppResult<SigningView> {
        let reason = reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty());
        if outcome == SignatureOutcome::Refused && reason.is_none() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "say why you refuse to sign",
            ));
        }
        if let Some(r) = &reason {
            ecourt_domain::text::check(r, ecourt_domain::text::Shape::MultiLine)
                .map_err(|p| AppError::new(AppErrorCode::InvalidText, p.to_string()))?;
        }
        let store = self.store().await?;
        let (_, bytes) = downloaded(&store, case_id, document_id).await?;
        let req = SignRequest {
            document_sha256: hex::encode(Sha256::digest(&bytes)),
            outcome,
            reason: match outcome {
                SignatureOutcome::Signed => None,
                SignatureOutcome::Refused => reason,
            },
        };
        let court = self.online_client().await?;
        let listed = court.sign_document(case_id, document_id, &req).await?;
        // The act is on the case's timeline: bring it into the cache now.
        self.sync_now().await;
        self.signing_view(case_id, document_id, listed).await
    }

    async fn signing_view(
        &self,
        case_id: i64,
        document_id: i64,
        listed: DocumentSignatures,
    ) -> AppResult<SigningView> {
        let store = self.store().await?;
        let detail = cached_case(&store, case_id).await?;
        let doc = detail
            .documents
            .iter()
            .find(|d| d.id == document_id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no such document"))?;
        let (mime_type, bytes) = downloaded(&store, case_id, document_id).await?;
        let sha256 = hex::encode(Sha256::digest(&bytes));
        let identity = self.online_client().await?.identity_status().await?;
        let signer_name = self.account().await?.display_name;
        let mine = listed
            .signatures
            .iter()
            .rev()
            .find(|s| s.name == signer_name && s.document_sha256.eq_ignore_ascii_case(&sha256))
            .cloned();
        Ok(SigningView {
            case_id,
            document_id,
            title: doc.title.clone(),
            text: mime_type
                .starts_with("text/")
                .then(|| String::from_utf8_lossy(&bytes).into_owned()),
            mime_type,
            same_as_court: listed.sha256.eq_ignore_ascii_case(&sha256),
            recheck_needed: recheck_due(identity.rechecked_at.as_deref(), self.now()),
            sha256,
            signatures: listed.signatures,
            mine,
            identity,
            signer_name,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    /// OLR Art. 33 as the court applies it: a re-check within 10 minutes signs. The desktop asks
    /// for a new one from the ninth minute, never later than the court would refuse.
    #[test]
    fn a_recheck_is_due_before_the_court_would_refuse_it() {
        let now = at("2026-12-01T10:00:00Z");
        assert!(recheck_due(None, now));
        assert!(!recheck_due(Some("2026-12-01T09:52:00Z"), now));
        assert!(recheck_due(Some("2026-12-01T09:51:00Z"), now));
        assert!(recheck_due(Some("2026-12-01T09:40:00Z"), now));
        assert!(recheck_due(Some("not a time"), now));
    }
}
