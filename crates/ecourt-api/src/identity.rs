//! Real-name identity (实名认证): the ID-number check, phone codes, consents, the lawyer's
//! licence, face verification and its review, and assisted sessions.

use crate::Account;
use ecourt_domain::id_number::{IdNumber, IdNumberError, Sex};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct IdNumberCheckRequest {
    pub id_number: String,
}

/// The check of an identity number as typed (GB 11643-1999).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct IdNumberCheck {
    pub valid: bool,
    /// Why not, when not: `empty`, `legacy_15_digit`, `wrong_length`, `bad_character`,
    /// `unknown_region`, `bad_birth_date`, `future_birth_date`, `bad_check_character`.
    pub code: Option<String>,
    pub message: Option<String>,
    /// The number in upper case, when valid.
    pub id_number: Option<String>,
    /// `YYYY-MM-DD`, when valid.
    pub birth_date: Option<String>,
    /// `male` or `female`, when valid.
    pub sex: Option<String>,
    /// The place the region code names, e.g. 重庆市渝中区, when valid.
    pub region: Option<String>,
}

/// The domain's reading of an identity number as the API answers it (the court's date decides
/// whether a birth date lies in the future: `ecourt_domain::court_time::court_date`).
impl From<Result<IdNumber, IdNumberError>> for IdNumberCheck {
    fn from(parsed: Result<IdNumber, IdNumberError>) -> Self {
        match parsed {
            Ok(id) => IdNumberCheck {
                valid: true,
                code: None,
                message: None,
                id_number: Some(id.as_str().to_string()),
                birth_date: Some(id.birth_date.format("%Y-%m-%d").to_string()),
                sex: Some(
                    match id.sex {
                        Sex::Male => "male",
                        Sex::Female => "female",
                    }
                    .into(),
                ),
                region: Some(id.region),
            },
            Err(e) => IdNumberCheck {
                valid: false,
                code: Some(e.code().into()),
                message: Some(e.to_string()),
                id_number: None,
                birth_date: None,
                sex: None,
                region: None,
            },
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneCodeRequest {
    pub phone: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneCodeSent {
    /// The number as shown: 138****0001.
    pub phone: String,
    /// RFC 3339: the code works until then.
    pub expires_at: String,
    /// RFC 3339: no new code before then.
    pub resend_after: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneVerifyRequest {
    pub phone: String,
    pub code: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct PhoneVerified {
    pub phone: String,
    pub verified_at: String,
}

/// A message the development SMS gateway "sent" (embedded and demo courts only).
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct DevSms {
    pub phone: String,
    pub text: String,
    pub sent_at: String,
}

/// What the caller's account has proven so far.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct IdentityStatus {
    /// The verified real-name mobile number, as shown (138****0001).
    pub phone: Option<String>,
    /// The face match that verified this account, if any.
    pub verified: Option<VerifiedIdentity>,
    /// The last passed re-check (one challenge before mediation, evidence exchange, hearings).
    pub rechecked_at: Option<String>,
    /// Whether an ID card portrait is on file (its face template, encrypted).
    pub card_on_file: bool,
    pub phone_verified_at: Option<String>,
    /// The latest answer to the biometric consent, if any.
    pub biometric_consent: Option<ConsentRecord>,
    /// A lawyer's 17-digit practising certificate number and firm.
    pub licence_number: Option<String>,
    pub law_firm: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConsentKind {
    /// Separate consent to processing facial information (sensitive personal information).
    Biometric,
}

/// The text of a consent as the court words it, with the version the answer will cite.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentText {
    pub kind: ConsentKind,
    /// The SHA-256 prefix of the Chinese text: an answer names the exact text it answers.
    pub version: String,
    pub text_zh: String,
    pub text_en: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentAnswer {
    pub kind: ConsentKind,
    pub version: String,
    pub accepted: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ConsentRecord {
    pub kind: ConsentKind,
    pub version: String,
    pub accepted: bool,
    pub at: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct LawyerLicence {
    /// 17 digits.
    pub licence_number: String,
    pub law_firm: String,
}

// ---- face verification ---------------------------------------------------------------------

/// A verified identity on the account.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct VerifiedIdentity {
    pub name: String,
    /// The identity number, masked (5001**********1234).
    pub id_number: String,
    pub verified_at: String,
    /// The face model and threshold the decision used.
    pub model: String,
    /// The legal worker who ran the verification on the party's behalf, if any.
    pub assisted_by: Option<String>,
}

/// One step of a liveness challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ChallengeStep {
    Blink,
    TurnLeft,
    TurnRight,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FacePurpose {
    /// The first verification: the live face against the ID card's portrait.
    Verify,
    /// A lighter re-check (one step) against the verified template.
    Recheck,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceChallengeRequest {
    pub purpose: FacePurpose,
}

/// A challenge the court issued: do these steps, in this order, before `expires_at`, and send
/// the frames back with the nonce. Used once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceChallenge {
    pub id: String,
    pub nonce: String,
    pub purpose: FacePurpose,
    pub steps: Vec<ChallengeStep>,
    pub expires_at: String,
    /// Attempts left today, this one included.
    pub attempts_left: i64,
}

/// The ID card portrait as the court took it (the picture itself is not kept).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct CardAccepted {
    pub accepted_at: String,
    pub model: String,
}

/// The captured frames for a challenge: JPEG pictures, base64, in order.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceVerificationRequest {
    pub challenge_id: String,
    pub nonce: String,
    /// For a first verification: the person's name and identity number as on the card.
    pub name: Option<String>,
    pub id_number: Option<String>,
    pub frames: Vec<String>,
}

/// The court's decision on one attempt.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FaceOutcome {
    Matched,
    NotSamePerson,
    NoFace,
    SeveralFaces,
    TooDarkOrBlurred,
    ChallengeNotFollowed,
    StillPicture,
    /// The frames were sent before (a replay).
    Replayed,
    /// Neither a sure match nor a sure mismatch: a court officer compares the card with the
    /// frames and decides; the identity is not verified until then.
    PendingReview,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceVerification {
    pub outcome: FaceOutcome,
    pub purpose: FacePurpose,
    /// What went wrong, in plain words (English; the desktop words it from `outcome`).
    pub detail: String,
    /// The largest distance between the card (or verified) template and the live face, when
    /// the frames got that far.
    pub distance: Option<f32>,
    pub threshold: f32,
    pub model: String,
    pub attempts_left: i64,
    /// Set when this attempt verified the account (or passed the re-check).
    pub decided_at: Option<String>,
}

/// A doubtful face verification waiting for a court officer: the card picture and the best
/// frames of that attempt, side by side (JPEG, base64), deleted once decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewItem {
    pub id: i64,
    pub account_id: i64,
    pub username: String,
    /// The name given with the verification, as on the ID card.
    pub claimed_name: String,
    pub distance: f32,
    /// The deciding model's band: below `match_below` a sure match, above `mismatch_above` a
    /// sure mismatch.
    pub match_below: f32,
    pub mismatch_above: f32,
    pub model: String,
    pub queued_at: String,
    /// The ID card photo, shrunk (JPEG, base64); none when it could not be kept.
    pub card_picture: Option<String>,
    /// The frames compared (JPEG, base64).
    pub frames: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewQueue {
    pub items: Vec<FaceReviewItem>,
}

/// What the court officer saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FaceReviewDecision {
    /// The same person: the identity is verified as with an automatic match.
    Match,
    /// Not the same person: the identity stays unverified.
    NoMatch,
    /// Cannot tell from the pictures: the person is asked to verify in person at the court.
    InPerson,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewDecisionRequest {
    pub decision: FaceReviewDecision,
    /// Why, in the officer's words (recorded in the audit log).
    pub reason: String,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct FaceReviewResult {
    pub id: i64,
    pub decision: FaceReviewDecision,
    pub decided_at: String,
}

/// A legal worker asks to run a party's verification on the office machine.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct AssistedSessionRequest {
    pub username: String,
    /// The code texted to the party's verified phone, as the party typed it in. Without it a
    /// party who has verified a phone is sent one and the answer is
    /// `party_confirmation_required`.
    #[serde(default)]
    #[ts(optional)]
    pub code: Option<String>,
}

/// A legal worker looks up the party in front of them (`POST …/assisted-parties/lookup`): by
/// the name and the ID number, or the name and the verified phone, matched exactly (a newcomer
/// who has verified nothing: the name and the user name just registered) — never a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PartyLookupRequest {
    /// The party's name as verified (实名).
    pub name: String,
    /// The 18-character citizen identity number.
    #[serde(default)]
    #[ts(optional)]
    pub id_number: Option<String>,
    /// The party's verified mainland mobile number.
    #[serde(default)]
    #[ts(optional)]
    pub phone: Option<String>,
    /// A newcomer who has verified nothing yet has neither on file: the user name they just
    /// registered, with their name.
    #[serde(default)]
    #[ts(optional)]
    pub username: Option<String>,
}

/// The one party that matched: the account an assisted session is started for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PartyFound {
    pub username: String,
    pub display_name: String,
    /// The verified phone, masked (138****0001), if any: the code for the party goes there.
    pub phone: Option<String>,
}

/// A session acting for the party on the identity routes only, for a short time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct AssistedSession {
    pub token: String,
    pub party: Account,
    pub expires_at: String,
}
