//! The error every handler returns, turned into `{code, message}` with the matching status.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use ecourt_api::{ApiError, ApiErrorCode};

#[derive(Debug)]
pub struct Failure {
    pub code: ApiErrorCode,
    pub message: String,
}

pub type ApiResult<T> = Result<T, Failure>;

impl Failure {
    pub fn new(code: ApiErrorCode, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
        }
    }

    pub fn not_found() -> Self {
        Failure::new(
            ApiErrorCode::NotFound,
            "no such case, or you hold no role in it",
        )
    }

    pub fn invalid(message: impl Into<String>) -> Self {
        Failure::new(ApiErrorCode::InvalidInput, message)
    }

    pub fn status(&self) -> StatusCode {
        use ApiErrorCode::*;
        match self.code {
            Unauthenticated | TokenExpired | InvalidCredentials => StatusCode::UNAUTHORIZED,
            TooManyAttempts | RateLimited => StatusCode::TOO_MANY_REQUESTS,
            NotFound => StatusCode::NOT_FOUND,
            MalformedJson | InvalidInput | UnsupportedProtocol => StatusCode::BAD_REQUEST,
            PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            Forbidden => StatusCode::FORBIDDEN,
            ResyncRequired => StatusCode::GONE,
            MutationOutOfOrder
            | Conflict
            | TooManyOpenRequests
            | FaceTemplateOutdated
            | ConsentWithdrawalTooLate
            | EvidencePeriodOver
            | ExchangeNotOpen => StatusCode::CONFLICT,
            EvidencePeriodOutOfRange | FileNotWhatItClaims => StatusCode::UNPROCESSABLE_ENTITY,
            OpinionOnOwnEvidence => StatusCode::FORBIDDEN,
            FilingProblems | PictureRejected | FaceCheckFailed | InvalidText | DateOutOfRange
            | IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            PictureUnreadable | PictureNoFace | PictureSeveralFaces | PictureTurned
            | PictureTooDark | PictureBlurred | PictureTooSmall => StatusCode::UNPROCESSABLE_ENTITY,
            ServerBusy | GatewayNotConfigured => StatusCode::SERVICE_UNAVAILABLE,
            IdentityStepMissing
            | FaceRecheckDue
            | PartyConfirmationRequired
            | AssistedChangeRefused
            | PartyPhoneRequired
            | PartyOfAnotherCourt
            | LegalWorkersOnly => StatusCode::FORBIDDEN,
            PartyNotFound => StatusCode::NOT_FOUND,
            WrongCode | CodeExpired => StatusCode::BAD_REQUEST,
            MethodNotAllowed => StatusCode::METHOD_NOT_ALLOWED,
            UriTooLong => StatusCode::URI_TOO_LONG,
            NotPresiding
            | StaffNotRemovable
            | NotAdmitted
            | RemovedFromHearing
            | AttendsInCourtroom
            | TokenForAnotherHearing => StatusCode::FORBIDDEN,
            NotInHearing | RequestNotFound | DocumentNotInCase => StatusCode::NOT_FOUND,
            NotWaiting | WrongHearingState | RequestAlreadyOpen | HearingEnded => {
                StatusCode::CONFLICT
            }
            MediaSetupFailed => StatusCode::SERVICE_UNAVAILABLE,
            Internal => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// Unexpected failures (database down, a bug) are logged in full and answered without detail.
impl From<anyhow::Error> for Failure {
    fn from(e: anyhow::Error) -> Self {
        tracing::error!(error = ?e, "internal error");
        Failure::new(
            ApiErrorCode::Internal,
            "the court service failed; please try again later",
        )
    }
}

impl From<sqlx::Error> for Failure {
    fn from(e: sqlx::Error) -> Self {
        Failure::from(anyhow::Error::from(e))
    }
}

impl IntoResponse for Failure {
    fn into_response(self) -> Response {
        let status = self.status();
        (
            status,
            Json(ApiError {
                code: self.code,
                message: self.message,
            }),
        )
            .into_response()
    }
}
