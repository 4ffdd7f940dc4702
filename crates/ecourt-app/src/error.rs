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
    /// The court could not use a picture (no face, several, turned, dark, blurred, not a photo).
    PictureRejected,
    /// An earlier identity step is missing (phone, consent, ID card, verification).
    IdentityStepMissing,
    /// The court could not complete the face check (its fault, recorded); nothing decided.
    FaceCheckFailed,
    /// The court is busy with other large uploads; try again in a moment.
    ServerBusy,
    /// The ID card portrait on file was read with an earlier face model: photograph the card again.
    FaceTemplateOutdated,
    /// Consent to a step is withdrawn only before the step starts (在线诉讼规则 Art. 5).
    ConsentWithdrawalTooLate,
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
        ApiErrorCode::IdentityStepMissing => AppErrorCode::IdentityStepMissing,
        ApiErrorCode::FaceCheckFailed => AppErrorCode::FaceCheckFailed,
        ApiErrorCode::ServerBusy => AppErrorCode::ServerBusy,
        ApiErrorCode::GatewayNotConfigured => AppErrorCode::GatewayNotConfigured,
        ApiErrorCode::PartyConfirmationRequired => AppErrorCode::PartyConfirmationRequired,
        ApiErrorCode::AssistedChangeRefused => AppErrorCode::AssistedChangeRefused,
        ApiErrorCode::PartyPhoneRequired => AppErrorCode::PartyPhoneRequired,
        ApiErrorCode::FaceTemplateOutdated => AppErrorCode::FaceTemplateOutdated,
        ApiErrorCode::ConsentWithdrawalTooLate => AppErrorCode::ConsentWithdrawalTooLate,
        _ => AppErrorCode::Server,
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
