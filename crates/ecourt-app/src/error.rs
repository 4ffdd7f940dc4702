//! The one error type at the UI boundary: a closed set of codes the UI acts on (and words in
//! the user's language for each), plus a message with details for the log.

use ecourt_api::ApiErrorCode;
use ecourt_store::StoreError;
use ecourt_sync::{ClientError, SyncError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum AppErrorCode {
    InvalidCredentials,
    TooManyAttempts,
    /// The court cannot be reached now.
    Offline,
    NotSignedIn,
    SessionExpired,
    NotFound,
    InvalidInput,
    /// Text with characters the court does not accept (control, bidirectional or invisible).
    InvalidText,
    /// Too many messages in a short time; wait a moment.
    RateLimited,
    /// As many requests open as the court takes at once.
    TooManyOpenRequests,
    /// A date outside the window the court accepts.
    DateOutOfRange,
    /// The local database was written by a newer app.
    NewerDatabase,
    /// The local database or files failed.
    Storage,
    /// The court refused: the case is not in a state that allows it (already done, too late).
    Conflict,
    /// The account may not do this.
    Forbidden,
    /// A one-time code was wrong (the message says how many tries are left).
    WrongCode,
    /// A one-time code expired or was used up.
    CodeExpired,
    /// The court could not use a picture (for a reason other than those below).
    PictureRejected,
    /// Not a JPEG or PNG photo that can be read.
    PictureUnreadable,
    /// No face on the picture (a card: not the portrait side).
    PictureNoFace,
    /// Several faces on the picture.
    PictureSeveralFaces,
    /// The picture is turned sideways or upside down.
    PictureTurned,
    /// The face on the picture is too dark.
    PictureTooDark,
    /// The face on the picture is blurred.
    PictureBlurred,
    /// The face on the picture is too small (the card too far away).
    PictureTooSmall,
    /// An earlier identity step is missing (phone, consent, ID card, verification).
    IdentityStepMissing,
    /// A fresh face re-check first (the screen shows it, then tries again).
    FaceRecheckDue,
    /// The court could not complete the face check (its fault, recorded); nothing decided.
    FaceCheckFailed,
    /// The court is busy with other large uploads; try again in a moment.
    ServerBusy,
    /// The ID card portrait on file was read with an earlier face model: photograph the card again.
    FaceTemplateOutdated,
    /// Consent to a step is withdrawn only before the step starts (在线诉讼规则 Art. 5).
    ConsentWithdrawalTooLate,
    /// The evidence period asked for is outside what the law allows for the procedure.
    EvidencePeriodOutOfRange,
    /// The period for this has ended and the judge gave no leave.
    EvidencePeriodOver,
    /// Opinions are given on the other side's evidence only.
    OpinionOnOwnEvidence,
    /// The evidence exchange is not open.
    ExchangeNotOpen,
    /// The file is not what it claims to be.
    FileNotWhatItClaims,
    /// No camera, or the camera is busy or access was denied.
    CameraUnavailable,
    /// The court has no payment or SMS gateway configured yet.
    GatewayNotConfigured,
    /// An assisted session needs the code just texted to the party's own phone.
    PartyConfirmationRequired,
    /// An assisted session may not change what the party already verified.
    AssistedChangeRefused,
    /// The party has no verified phone to confirm an assisted session with.
    PartyPhoneRequired,
    /// No party matches the name with that ID number or phone exactly.
    PartyNotFound,
    /// The party's cases are at another court than the legal worker's.
    PartyOfAnotherCourt,
    /// Only grassroots legal workers look parties up.
    LegalWorkersOnly,
    /// Signed out here after no use for the court's idle time (a shared office machine).
    IdleSignedOut,
    // The live hearing room's refusals, one for each of the court's codes.
    /// Only the presiding judge or the clerk may do this.
    NotPresiding,
    /// The person is not in this hearing.
    NotInHearing,
    /// Only someone in the waiting room can be admitted.
    NotWaiting,
    /// The court's own staff cannot be removed.
    StaffNotRemovable,
    /// The request was dealt with already.
    RequestNotFound,
    /// The document is not in this case's file.
    DocumentNotInCase,
    /// Not possible in this state of the hearing.
    WrongHearingState,
    /// Wait until the judge admits you.
    NotAdmitted,
    /// The same request is already before the court.
    RequestAlreadyOpen,
    /// The judge removed you from the hearing.
    RemovedFromHearing,
    /// The hearing has ended.
    HearingEnded,
    /// You take part in the courtroom, not online.
    AttendsInCourtroom,
    /// The join pass is for another hearing.
    TokenForAnotherHearing,
    /// The court could not set up audio and video.
    MediaSetupFailed,
    /// The court answered with an error.
    Server,
    Internal,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct AppError {
    pub code: AppErrorCode,
    pub message: String,
}

impl AppError {
    pub fn new(code: AppErrorCode, message: impl Into<String>) -> Self {
        AppError {
            code,
            message: message.into(),
        }
    }
}

impl From<ClientError> for AppError {
    fn from(e: ClientError) -> Self {
        let code = match &e {
            ClientError::Unreachable(_) => AppErrorCode::Offline,
            ClientError::Api { error, .. } => app_code(error.code),
            ClientError::Protocol(_) | ClientError::Injected(_) => AppErrorCode::Server,
        };
        AppError::new(code, e.to_string())
    }
}

/// The code the UI acts on (and words in the user's language) for a code of the court's.
pub fn app_code(code: ApiErrorCode) -> AppErrorCode {
    match code {
        ApiErrorCode::InvalidCredentials => AppErrorCode::InvalidCredentials,
        ApiErrorCode::TooManyAttempts => AppErrorCode::TooManyAttempts,
        ApiErrorCode::Unauthenticated | ApiErrorCode::TokenExpired => AppErrorCode::SessionExpired,
        ApiErrorCode::NotFound => AppErrorCode::NotFound,
        ApiErrorCode::InvalidInput
        | ApiErrorCode::MalformedJson
        | ApiErrorCode::PayloadTooLarge
        | ApiErrorCode::FilingProblems => AppErrorCode::InvalidInput,
        ApiErrorCode::InvalidText => AppErrorCode::InvalidText,
        ApiErrorCode::RateLimited => AppErrorCode::RateLimited,
        ApiErrorCode::TooManyOpenRequests => AppErrorCode::TooManyOpenRequests,
        ApiErrorCode::DateOutOfRange => AppErrorCode::DateOutOfRange,
        ApiErrorCode::Conflict => AppErrorCode::Conflict,
        ApiErrorCode::WrongCode => AppErrorCode::WrongCode,
        ApiErrorCode::CodeExpired => AppErrorCode::CodeExpired,
        ApiErrorCode::Forbidden => AppErrorCode::Forbidden,
        ApiErrorCode::PictureRejected => AppErrorCode::PictureRejected,
        ApiErrorCode::PictureUnreadable => AppErrorCode::PictureUnreadable,
        ApiErrorCode::PictureNoFace => AppErrorCode::PictureNoFace,
        ApiErrorCode::PictureSeveralFaces => AppErrorCode::PictureSeveralFaces,
        ApiErrorCode::PictureTurned => AppErrorCode::PictureTurned,
        ApiErrorCode::PictureTooDark => AppErrorCode::PictureTooDark,
        ApiErrorCode::PictureBlurred => AppErrorCode::PictureBlurred,
        ApiErrorCode::PictureTooSmall => AppErrorCode::PictureTooSmall,
        ApiErrorCode::IdentityStepMissing => AppErrorCode::IdentityStepMissing,
        ApiErrorCode::FaceRecheckDue => AppErrorCode::FaceRecheckDue,
        ApiErrorCode::FaceCheckFailed => AppErrorCode::FaceCheckFailed,
        ApiErrorCode::ServerBusy => AppErrorCode::ServerBusy,
        ApiErrorCode::GatewayNotConfigured => AppErrorCode::GatewayNotConfigured,
        ApiErrorCode::PartyConfirmationRequired => AppErrorCode::PartyConfirmationRequired,
        ApiErrorCode::AssistedChangeRefused => AppErrorCode::AssistedChangeRefused,
        ApiErrorCode::PartyPhoneRequired => AppErrorCode::PartyPhoneRequired,
        ApiErrorCode::PartyNotFound => AppErrorCode::PartyNotFound,
        ApiErrorCode::PartyOfAnotherCourt => AppErrorCode::PartyOfAnotherCourt,
        ApiErrorCode::LegalWorkersOnly => AppErrorCode::LegalWorkersOnly,
        ApiErrorCode::FaceTemplateOutdated => AppErrorCode::FaceTemplateOutdated,
        ApiErrorCode::ConsentWithdrawalTooLate => AppErrorCode::ConsentWithdrawalTooLate,
        ApiErrorCode::EvidencePeriodOutOfRange => AppErrorCode::EvidencePeriodOutOfRange,
        ApiErrorCode::EvidencePeriodOver => AppErrorCode::EvidencePeriodOver,
        ApiErrorCode::OpinionOnOwnEvidence => AppErrorCode::OpinionOnOwnEvidence,
        ApiErrorCode::ExchangeNotOpen => AppErrorCode::ExchangeNotOpen,
        ApiErrorCode::FileNotWhatItClaims => AppErrorCode::FileNotWhatItClaims,
        ApiErrorCode::NotPresiding => AppErrorCode::NotPresiding,
        ApiErrorCode::NotInHearing => AppErrorCode::NotInHearing,
        ApiErrorCode::NotWaiting => AppErrorCode::NotWaiting,
        ApiErrorCode::StaffNotRemovable => AppErrorCode::StaffNotRemovable,
        ApiErrorCode::RequestNotFound => AppErrorCode::RequestNotFound,
        ApiErrorCode::DocumentNotInCase => AppErrorCode::DocumentNotInCase,
        ApiErrorCode::WrongHearingState => AppErrorCode::WrongHearingState,
        ApiErrorCode::NotAdmitted => AppErrorCode::NotAdmitted,
        ApiErrorCode::RequestAlreadyOpen => AppErrorCode::RequestAlreadyOpen,
        ApiErrorCode::RemovedFromHearing => AppErrorCode::RemovedFromHearing,
        ApiErrorCode::HearingEnded => AppErrorCode::HearingEnded,
        ApiErrorCode::AttendsInCourtroom => AppErrorCode::AttendsInCourtroom,
        ApiErrorCode::TokenForAnotherHearing => AppErrorCode::TokenForAnotherHearing,
        ApiErrorCode::MediaSetupFailed => AppErrorCode::MediaSetupFailed,
        // The sync engine handles these itself (resync, ordering, protocol) or they mean a
        // fault in this app or the court, never something the user can put right: "the court
        // answered with an error". Listed one by one so that a new wire code must be placed.
        ApiErrorCode::IdempotencyKeyReused
        | ApiErrorCode::MethodNotAllowed
        | ApiErrorCode::UriTooLong
        | ApiErrorCode::ResyncRequired
        | ApiErrorCode::MutationOutOfOrder
        | ApiErrorCode::UnsupportedProtocol
        | ApiErrorCode::Internal => AppErrorCode::Server,
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> Self {
        let code = match e {
            StoreError::NewerThanApp { .. } => AppErrorCode::NewerDatabase,
            _ => AppErrorCode::Storage,
        };
        AppError::new(code, e.to_string())
    }
}

impl From<SyncError> for AppError {
    fn from(e: SyncError) -> Self {
        match e {
            SyncError::Client(c) => c.into(),
            SyncError::Store(s) => s.into(),
            SyncError::Injected(p) => AppError::new(AppErrorCode::Internal, p),
        }
    }
}

impl From<std::io::Error> for AppError {
    fn from(e: std::io::Error) -> Self {
        AppError::new(AppErrorCode::Storage, e.to_string())
    }
}

impl From<serde_json::Error> for AppError {
    fn from(e: serde_json::Error) -> Self {
        AppError::new(AppErrorCode::Storage, e.to_string())
    }
}

pub type AppResult<T> = Result<T, AppError>;

#[cfg(test)]
mod tests {
    use super::*;
    use ts_rs::TS;

    /// Every code of a closed enum, read from its generated TypeScript union (the same list
    /// the UI gets), so the test sees a variant added tomorrow without being edited.
    fn wire_names<T: TS>() -> Vec<String> {
        let decl = T::decl();
        let union = decl.split_once('=').expect("a type alias").1;
        union
            .split('|')
            .map(|v| v.trim().trim_end_matches(';').trim_matches('"').to_string())
            .filter(|v| !v.is_empty())
            .collect()
    }

    fn wire<T: serde::Serialize>(v: T) -> String {
        serde_json::to_value(v)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    }

    /// Wire codes the UI words with another code than their own name: the answer for each
    /// is decided here once, and every other wire code must have an app code of its name.
    const RENAMED: &[(&str, AppErrorCode)] = &[
        ("unauthenticated", AppErrorCode::SessionExpired),
        ("token_expired", AppErrorCode::SessionExpired),
        ("malformed_json", AppErrorCode::InvalidInput),
        ("payload_too_large", AppErrorCode::InvalidInput),
        ("filing_problems", AppErrorCode::InvalidInput),
        ("idempotency_key_reused", AppErrorCode::Server),
        ("method_not_allowed", AppErrorCode::Server),
        ("uri_too_long", AppErrorCode::Server),
        ("resync_required", AppErrorCode::Server),
        ("mutation_out_of_order", AppErrorCode::Server),
        ("unsupported_protocol", AppErrorCode::Server),
        ("internal", AppErrorCode::Server),
    ];

    #[test]
    fn every_wire_code_maps_to_its_app_code() {
        let app_names = wire_names::<AppErrorCode>();
        let codes = wire_names::<ApiErrorCode>();
        assert!(
            codes.len() >= 30,
            "read {} wire codes: {codes:?}",
            codes.len()
        );
        for name in &codes {
            let code: ApiErrorCode = serde_json::from_value(serde_json::json!(name))
                .unwrap_or_else(|e| panic!("{name} is not a wire code: {e}"));
            let mapped = app_code(code);
            match RENAMED.iter().find(|(w, _)| w == name) {
                Some((_, expected)) => assert_eq!(mapped, *expected, "wire code {name}"),
                None => {
                    assert!(
                        app_names.contains(name),
                        "wire code {name} has no app code of its name: add one (with zh-CN and \
                         English texts in the UI) or list it in RENAMED"
                    );
                    assert_eq!(wire(mapped), *name, "wire code {name}");
                }
            }
        }
        for (name, _) in RENAMED {
            assert!(
                codes.iter().any(|c| c == name),
                "{name} is no wire code any more"
            );
        }
    }
}
