//! The gateways a court plugs in, as ports the capabilities call and the state holds: the
//! payment platform, the SMS provider and the identity provider (who looks at faces). Each
//! has a "none configured" value; the development and local implementations live with the
//! capability that uses them.

use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use chrono::{DateTime, Utc};
use ecourt_api::ApiErrorCode;
use ecourt_domain::Yuan;
use ecourt_face::liveness::{self, LivenessPolicy};
use ecourt_face::{DescribedFace, FaceError, SequenceCheck};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

/// The court's payment gateway (统一缴费平台): it says what the QR code holds, and reports
/// payments back. A court plugs in its own; the development gateway settles on request.
pub trait PaymentGateway: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// What the payment QR code holds for this payment.
    fn pay_uri(&self, payment_number: &str, amount: Yuan) -> ApiResult<String>;
    /// True for the development gateway, whose settle route pays at once (demo and tests).
    fn settles_on_request(&self) -> bool;
}

/// What a court has before its administrator configures a gateway: nothing can be paid.
pub struct NoPaymentGateway;

impl PaymentGateway for NoPaymentGateway {
    fn name(&self) -> &'static str {
        "none"
    }

    fn pay_uri(&self, _payment_number: &str, _amount: Yuan) -> ApiResult<String> {
        Err(Failure::new(
            ApiErrorCode::GatewayNotConfigured,
            "this court has no payment gateway configured; a fee notice cannot be issued yet",
        ))
    }

    fn settles_on_request(&self) -> bool {
        false
    }
}

pub type Delivery<'a> = Pin<Box<dyn Future<Output = anyhow::Result<()>> + Send + 'a>>;

/// Where text messages go: a court's SMS provider, or the development gateway.
pub trait SmsGateway: Send + Sync + 'static {
    fn name(&self) -> &'static str;
    /// Sends `text` to `phone` for `account_id`, inside the transaction that issues the code
    /// (a provider that cannot roll back should queue the message and send after commit).
    fn send<'a>(
        &'a self,
        tx: &'a mut Tx,
        account_id: i64,
        phone: &'a str,
        text: &'a str,
        now: DateTime<Utc>,
    ) -> Delivery<'a>;
    /// True for the development gateway, whose messages `GET /api/v1/dev/sms` shows.
    fn is_development(&self) -> bool;
    /// False only for [`NoSmsGateway`]: nothing can be sent.
    fn is_configured(&self) -> bool {
        true
    }
}

/// What a court has before its administrator configures an SMS provider: nothing is sent.
pub struct NoSmsGateway;

impl SmsGateway for NoSmsGateway {
    fn name(&self) -> &'static str {
        "none"
    }

    fn send<'a>(
        &'a self,
        _tx: &'a mut Tx,
        _account_id: i64,
        _phone: &'a str,
        _text: &'a str,
        _now: DateTime<Utc>,
    ) -> Delivery<'a> {
        Box::pin(async { anyhow::bail!("no SMS gateway is configured") })
    }

    fn is_development(&self) -> bool {
        false
    }

    fn is_configured(&self) -> bool {
        false
    }
}

pub type Answer<'a, T> = Pin<Box<dyn Future<Output = Result<T, CheckError>> + Send + 'a>>;

/// Why a verifier gave no answer.
#[derive(Debug)]
pub enum CheckError {
    /// The picture cannot be used (not a photo, no face, …): the person can retake it.
    Picture(FaceError),
    /// The check itself failed on the court's side (a fault in the pipeline, the models
    /// missing): nothing the person did wrong, and nothing decided.
    Failed(String),
}

impl From<FaceError> for CheckError {
    fn from(e: FaceError) -> Self {
        CheckError::Picture(e)
    }
}

/// Who looks at the faces. The court service decides on what it answers.
pub trait FaceVerifier: Send + Sync + 'static {
    /// The model and its version, as recorded with each decision.
    fn model(&self) -> String;
    /// The face on an ID card's face side.
    fn card(&self, image: Vec<u8>) -> Answer<'_, DescribedFace>;
    /// Liveness and up to three descriptors from frames captured for `steps`.
    fn sequence(
        &self,
        steps: Vec<liveness::ChallengeStep>,
        frames: Arc<Vec<Vec<u8>>>,
        policy: LivenessPolicy,
    ) -> Answer<'_, SequenceCheck>;
}
