//! The court service's wire contract (`/api/v1`): the JSON bodies the server sends and takes.
//!
//! Both sides compile against these types, the server derives its OpenAPI document from them and
//! the desktop hands them on to its UI, whose TypeScript declarations are generated from them.
//! Nothing here does I/O or holds rules: rules live in `ecourt-domain`, decisions in the server.

use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

// One module per capability, re-exported here so that `ecourt_api::X` names every type.
pub mod auth;
pub mod cases;
pub mod consent;
pub mod evidence;
pub mod fees;
pub mod filing;
pub mod hearing;
pub mod identity;
pub mod limits;
pub mod routes;
pub mod service;
pub mod signatures;
pub mod sync;

pub use auth::*;
pub use cases::*;
pub use consent::*;
pub use evidence::*;
pub use fees::*;
pub use filing::*;
pub use hearing::*;
pub use identity::*;
pub use service::*;
pub use signatures::*;
pub use sync::*;

/// Every error the court service answers with: a closed, machine-readable `code` and a message
/// for people. The HTTP status says the class; the code says exactly what happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ApiError {
    pub code: ApiErrorCode,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ApiErrorCode {
    /// No bearer token, or one the server does not know.
    Unauthenticated,
    /// The session expired; sign in again.
    TokenExpired,
    /// Wrong user name or password.
    InvalidCredentials,
    /// Too many failed sign-ins; wait before trying again.
    TooManyAttempts,
    /// The thing asked for does not exist or the caller holds no role that lets them see it.
    NotFound,
    /// The body is not valid JSON or not the expected shape.
    MalformedJson,
    /// The body is larger than this route accepts.
    PayloadTooLarge,
    /// A field is present but its value is not acceptable.
    InvalidInput,
    /// Text with characters the court does not accept: control characters (line breaks only
    /// where several lines are allowed), bidirectional overrides, or a name of invisible
    /// characters only. The message names the field.
    InvalidText,
    /// Too many messages of one kind in a short time (the hearing room's limits); wait a
    /// moment and send again.
    RateLimited,
    /// The member already has as many procedural requests open as the court takes at once;
    /// wait until the court deals with one.
    TooManyOpenRequests,
    /// A date outside the window the court accepts (a hearing from yesterday to two years
    /// ahead, court time).
    DateOutOfRange,
    /// An action was sent again under the same idempotency key with a different body: the key
    /// names another action, so the stored answer is not this one's.
    IdempotencyKeyReused,
    /// The route exists but not with this method.
    MethodNotAllowed,
    /// The address is longer than the court takes.
    UriTooLong,
    /// The caller may not do this.
    Forbidden,
    /// The sync cursor is older than the server's tombstone horizon (or from another server):
    /// drop the synced rows, keep the outbox and pull from the start.
    ResyncRequired,
    /// An action arrived out of order for its client (a gap in mutation ids).
    MutationOutOfOrder,
    /// The client speaks another sync protocol version.
    UnsupportedProtocol,
    /// The case is not in a state that allows this (e.g. a second correction notice for the
    /// same application, or paying a fee already paid).
    Conflict,
    /// The application has problems the filer must fix first; the message lists them.
    FilingProblems,
    /// The one-time code is wrong; the message says how many tries are left.
    WrongCode,
    /// The one-time code expired or was used up; ask for a new one.
    CodeExpired,
    /// A picture that cannot be used for another reason than those below (e.g. compared under
    /// another face model); the message says which, and nothing was kept.
    PictureRejected,
    /// Not a JPEG or PNG photo that can be read. Nothing was kept.
    PictureUnreadable,
    /// No face on the picture (for a card: not the side with the portrait). Nothing was kept.
    PictureNoFace,
    /// More than one face on the picture. Nothing was kept.
    PictureSeveralFaces,
    /// The face is upright only with the picture turned; the message says by how much.
    PictureTurned,
    /// The face on the picture is too dark to compare. Nothing was kept.
    PictureTooDark,
    /// The face on the picture is blurred. Nothing was kept.
    PictureBlurred,
    /// The face on the picture is too small to compare (the card too far away).
    PictureTooSmall,
    /// A step before this one is missing (phone, consent, ID card, first verification).
    IdentityStepMissing,
    /// A fresh face re-check is needed first (entering a hearing: the last one is older than
    /// the court accepts).
    FaceRecheckDue,
    /// The court could not complete a face check on the pictures sent (a fault on its side,
    /// recorded); nothing was decided. A verification attempt is counted all the same.
    FaceCheckFailed,
    /// The court is busy with other large uploads; try again in a moment (`Retry-After`).
    ServerBusy,
    /// This court has no payment or SMS gateway configured, so fees cannot be paid online
    /// and codes cannot be texted until its administrator sets one up.
    GatewayNotConfigured,
    /// An assisted session needs the party's own act first: the code just texted to the
    /// party's verified phone, typed in on the office machine.
    PartyConfirmationRequired,
    /// An assisted session may not change what the party already verified (the phone, the
    /// identity, the consent of a verified account) without the party's own fresh check.
    AssistedChangeRefused,
    /// The party verified their identity but has no verified phone to confirm an assisted
    /// session with: they verify one signed in themselves (or at the court) first.
    PartyPhoneRequired,
    /// No party matches the name with that ID number or phone exactly (a legal worker's lookup).
    PartyNotFound,
    /// The party found has cases only at another court than the legal worker's.
    PartyOfAnotherCourt,
    /// Only grassroots legal workers look parties up or assist their verification.
    LegalWorkersOnly,
    /// The ID card portrait on file was read with another face model than the one the court
    /// decides with now: the card photo must be given again (never compared across models).
    FaceTemplateOutdated,
    // The live hearing room's refusals (`ecourt-server` `hearing_room`), one code each so the
    // desktop can word them (the message is detail for the log).
    /// Only the presiding judge or the clerk may do this in the hearing.
    NotPresiding,
    /// The person named is not in this hearing.
    NotInHearing,
    /// Only someone in the waiting room can be admitted.
    NotWaiting,
    /// The court's own staff cannot be removed from the hearing.
    StaffNotRemovable,
    /// No such procedural request before the court (dealt with already).
    RequestNotFound,
    /// The document named is not in this case's file.
    DocumentNotInCase,
    /// The hearing is not in a state that allows this (pausing a hearing not open, …).
    WrongHearingState,
    /// Media only once the judge admitted the participant from the waiting room.
    NotAdmitted,
    /// The same procedural request is already before the court.
    RequestAlreadyOpen,
    /// The judge removed this participant from the hearing; they stay out.
    RemovedFromHearing,
    /// The hearing has ended.
    HearingEnded,
    /// The participant takes part in the courtroom, not online (an exclusion ground or their
    /// own answer, 《人民法院在线诉讼规则》 Art. 21).
    AttendsInCourtroom,
    /// The join token was issued for another hearing.
    TokenForAnotherHearing,
    /// The court's media unit could not set up the participant's audio and video.
    MediaSetupFailed,
    /// Consent to a step can be withdrawn only before the step starts (《人民法院在线诉讼规则》
    /// Art. 5); this one has started.
    ConsentWithdrawalTooLate,
    // Evidence exchange (证据交换).
    /// The evidence period asked for is outside what 民诉法解释 allows for the procedure
    /// (at least 15 days ordinary, Art. 99; at most 15 summary, Art. 266; at most 7 small
    /// claims, Art. 275).
    EvidencePeriodOutOfRange,
    /// The period for this has ended and the judge gave no leave to answer later.
    EvidencePeriodOver,
    /// Opinions are given on the other side's evidence, not one's own.
    OpinionOnOwnEvidence,
    /// The exchange is not open (not yet opened by the judge, or closed).
    ExchangeNotOpen,
    /// The file is not what it claims to be (its content is another kind, or broken).
    FileNotWhatItClaims,
    /// Something failed on the server; retry later.
    Internal,
}
