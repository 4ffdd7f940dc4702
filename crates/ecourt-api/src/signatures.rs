//! Electronic signatures on documents of the case (电子签名, 《人民法院在线诉讼规则》 Art. 33): who
//! signed which exact version (its SHA-256), how, and when; refusals with their reason
//! (民事诉讼法 Art. 150); and whether each signature still holds for the document as it is now.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureOutcome {
    Signed,
    /// Refused to sign, with the reason (noted and kept with the file, Art. 150).
    Refused,
}

impl SignatureOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            SignatureOutcome::Signed => "signed",
            SignatureOutcome::Refused => "refused",
        }
    }

    pub fn parse(s: &str) -> Option<SignatureOutcome> {
        [SignatureOutcome::Signed, SignatureOutcome::Refused]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// How the signer proved it was them at the moment of signing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum SignatureMethod {
    /// A live face re-check just before signing.
    FaceRecheck,
}

/// Signing or refusing to sign one version of the document.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct SignRequest {
    /// The SHA-256 (hex) of the version the signer read: refused if the document differs.
    pub document_sha256: String,
    pub outcome: SignatureOutcome,
    /// Required with a refusal.
    pub reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DocumentSignature {
    pub id: i64,
    pub name: String,
    pub outcome: SignatureOutcome,
    pub method: Option<SignatureMethod>,
    pub document_sha256: String,
    pub reason: Option<String>,
    pub at: String,
    /// False once the document no longer has the hash that was signed.
    pub valid: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DocumentSignatures {
    pub document_id: i64,
    /// The SHA-256 of the document as it is now.
    pub sha256: String,
    pub signatures: Vec<DocumentSignature>,
}
