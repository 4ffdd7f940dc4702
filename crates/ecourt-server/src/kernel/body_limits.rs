//! How many large request bodies the court holds at once. The card photo (up to 20 MB), the face
//! frames (up to 24 MB of JSON) and evidence uploads (up to 20 MB) are read whole into memory,
//! and the face check then works on one request at a time: sixteen concurrent 23 MB frame
//! submissions took the service from 25 MiB to 378 MiB while they waited for the verifier.
//!
//! A request on these routes takes a place before its body is read (the body stays in the
//! network's buffers until then). Without a place within a short wait it is answered 503
//! `server_busy` with `Retry-After`: the court is the one that is full, not the caller who asked
//! too often (which 429 would say), and the desktop already treats a 503 as passing and retries
//! its queued uploads later. Each group of routes has its own places, so evidence uploads do not
//! wait behind face checks.

use crate::kernel::error::Failure;
use crate::kernel::state::AppState;
use axum::extract::Request;
use axum::http::header::RETRY_AFTER;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::MethodRouter;
use ecourt_api::ApiErrorCode;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;

/// Places for one group of large routes.
#[derive(Clone)]
pub struct InFlight {
    places: Arc<Semaphore>,
    wait: Duration,
}

impl InFlight {
    pub fn new(places: usize, wait: Duration) -> InFlight {
        InFlight {
            places: Arc::new(Semaphore::new(places)),
            wait,
        }
    }

    /// The card and the face frames: the verifier checks one request at a time, so two places
    /// keep one request waiting behind the one being checked; a check takes 1–3 s.
    pub fn faces() -> InFlight {
        InFlight::new(2, Duration::from_secs(10))
    }

    /// Evidence uploads: only hashed and written, so a few at once.
    pub fn uploads() -> InFlight {
        InFlight::new(4, Duration::from_secs(10))
    }

    /// `route` taking a place before its body is read.
    /// Only a signed-in caller takes a place: without that check anyone could hold every
    /// place with bodies that never finish arriving.
    pub fn wrap<S>(&self, state: &AppState, route: MethodRouter<S>) -> MethodRouter<S>
    where
        S: Clone + Send + Sync + 'static,
    {
        let (limit, state) = (self.clone(), state.clone());
        route.layer(axum::middleware::from_fn(
            move |req: Request, next: Next| {
                let (limit, state) = (limit.clone(), state.clone());
                async move {
                    let (parts, body) = req.into_parts();
                    if let Err(refusal) = crate::kernel::caller::session_of(&parts, &state).await {
                        return refusal.into_response();
                    }
                    limit.admit(Request::from_parts(parts, body), next).await
                }
            },
        ))
    }

    async fn admit(&self, req: Request, next: Next) -> Response {
        match tokio::time::timeout(self.wait, self.places.clone().acquire_owned()).await {
            Ok(Ok(place)) => {
                let answer = next.run(req).await;
                drop(place);
                answer
            }
            _ => {
                let mut answer = Failure::new(
                    ApiErrorCode::ServerBusy,
                    "the court is busy with other large uploads; try again in a few seconds",
                )
                .into_response();
                answer
                    .headers_mut()
                    .insert(RETRY_AFTER, axum::http::HeaderValue::from_static("5"));
                answer
            }
        }
    }
}
