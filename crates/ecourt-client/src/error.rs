//! What can go wrong on a call to the court, and whether trying again later could help.

use ecourt_api::{ApiError, ApiErrorCode};

#[derive(Debug, thiserror::Error)]
pub enum ClientError {
    /// The court could not be reached (no network, service down, timed out).
    #[error("cannot reach the court service: {0}")]
    Unreachable(String),
    /// The court answered with an error.
    #[error("{}", .error.message)]
    Api { status: u16, error: ApiError },
    /// The court answered something this app does not understand.
    #[error("unexpected answer from the court service: {0}")]
    Protocol(String),
    /// A failpoint stopped the client (tests only).
    #[error("stopped at failpoint {0}")]
    Injected(&'static str),
}

impl ClientError {
    pub fn code(&self) -> Option<ApiErrorCode> {
        match self {
            ClientError::Api { error, .. } => Some(error.code),
            _ => None,
        }
    }

    /// Worth trying again later without any change: network trouble, server failures (5xx), a
    /// timeout (408) and "slow down" (429). Every other answer of the court (400, 403, 404,
    /// 409, 413, 422, …) is its decision on this request and would be the same next time, so
    /// the action becomes a visible refusal instead of blocking the outbox; 401 is
    /// [`is_auth`](Self::is_auth): the outbox waits for a new sign-in.
    pub fn is_transient(&self) -> bool {
        match self {
            ClientError::Unreachable(_) | ClientError::Injected(_) => true,
            ClientError::Api { status, error } => {
                *status >= 500
                    || *status == 408
                    || *status == 429
                    || error.code == ApiErrorCode::TooManyAttempts
            }
            ClientError::Protocol(_) => false,
        }
    }

    pub fn is_auth(&self) -> bool {
        matches!(
            self.code(),
            Some(ApiErrorCode::Unauthenticated | ApiErrorCode::TokenExpired)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(status: u16, code: ApiErrorCode) -> ClientError {
        ClientError::Api {
            status,
            error: ApiError {
                code,
                message: String::new(),
            },
        }
    }

    #[test]
    fn refusals_are_final_failures_are_transient() {
        use ApiErrorCode::*;
        for (status, code) in [
            (400, InvalidInput),
            (400, MalformedJson),
            (403, Forbidden),
            (404, NotFound),
            (409, MutationOutOfOrder),
            (413, PayloadTooLarge),
            (422, InvalidText),
        ] {
            let e = answer(status, code);
            assert!(!e.is_transient() && !e.is_auth(), "{status} {code:?}");
        }
        for (status, code) in [
            (500, Internal),
            (502, Internal),
            (503, Internal),
            (408, InvalidInput),
            (429, TooManyAttempts),
            // A proxy's 429 without our body.
            (429, InvalidInput),
        ] {
            assert!(answer(status, code).is_transient(), "{status} {code:?}");
        }
        assert!(answer(401, Unauthenticated).is_auth());
        assert!(ClientError::Unreachable("reset".into()).is_transient());
    }
}
