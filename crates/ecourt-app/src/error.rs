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
    /// The ID card portrait on file was read with an earlier face model: photograph the card again.
    FaceTemplateOutdated,
    /// No camera, or the camera is busy or access was denied.
    CameraUnavailable,
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
            ClientError::Api { error, .. } => match error.code {
                ApiErrorCode::InvalidCredentials => AppErrorCode::InvalidCredentials,
                ApiErrorCode::TooManyAttempts => AppErrorCode::TooManyAttempts,
                ApiErrorCode::Unauthenticated | ApiErrorCode::TokenExpired => {
                    AppErrorCode::SessionExpired
                }
                ApiErrorCode::NotFound => AppErrorCode::NotFound,
                ApiErrorCode::InvalidInput
                | ApiErrorCode::MalformedJson
                | ApiErrorCode::PayloadTooLarge
                | ApiErrorCode::FilingProblems => AppErrorCode::InvalidInput,
                ApiErrorCode::Conflict => AppErrorCode::Conflict,
                ApiErrorCode::WrongCode => AppErrorCode::WrongCode,
                ApiErrorCode::CodeExpired => AppErrorCode::CodeExpired,
                ApiErrorCode::Forbidden => AppErrorCode::Forbidden,
                ApiErrorCode::PictureRejected => AppErrorCode::PictureRejected,
                ApiErrorCode::IdentityStepMissing => AppErrorCode::IdentityStepMissing,
                ApiErrorCode::FaceTemplateOutdated => AppErrorCode::FaceTemplateOutdated,
                _ => AppErrorCode::Server,
            },
            ClientError::Protocol(_) | ClientError::Injected(_) => AppErrorCode::Server,
        };
        AppError::new(code, e.to_string())
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
