//! What every request handler gets: the database, the clock, and a few values made at start-up.

use crate::auth::hash_password;
use crate::clock::{Clock, SystemClock};
use crate::db::Db;
use crate::faces::{FacePolicy, FaceVerifier, TemplateKey};
use crate::identity::{DevSmsGateway, NoSmsGateway, SmsGateway};
use crate::payments::{DevGateway, NoPaymentGateway, PaymentGateway};
use ecourt_domain::period::HolidayCalendar;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// A hash to verify against when a user name is unknown, so that a failed sign-in takes as
    /// long for an unknown user as for a wrong password.
    pub dummy_password_hash: String,
    /// Holidays and make-up workdays for counting periods (data, not code).
    pub calendar: Arc<HolidayCalendar>,
    /// Where fees are paid: none until a court configures its gateway; the development
    /// gateway (settles on request) only where [`AppState::with_dev_gateways`] put it.
    pub payments: Arc<dyn PaymentGateway>,
    /// Where one-time codes are texted: none until configured; the development gateway keeps
    /// them in the database.
    pub sms: Arc<dyn SmsGateway>,
    /// Who looks at faces (the local pipeline, or a deployment's own provider).
    pub faces: Arc<dyn FaceVerifier>,
    /// The court's face verification policy (data).
    pub face_policy: Arc<FacePolicy>,
    /// Seals face templates; kept outside the database (`ECOURT_TEMPLATE_KEY_FILE`).
    pub template_key: Arc<TemplateKey>,
    /// Live hearings, their forwarding unit (on 127.0.0.1 unless set) and the join-token key.
    pub hearings: Arc<crate::hearing_room::Rooms>,
}

impl AppState {
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Ok(AppState {
            db,
            clock,
            dummy_password_hash: hash_password("not-a-real-password")?,
            calendar: Arc::new(HolidayCalendar::china()),
            payments: Arc::new(NoPaymentGateway),
            sms: Arc::new(NoSmsGateway),
            faces: crate::faces::local_verifier(),
            face_policy: Arc::new(FacePolicy::court_default()),
            template_key: Arc::new(crate::faces::template_key_from_env()?),
            hearings: Arc::new(crate::hearing_room::Rooms::new(
                std::net::Ipv4Addr::LOCALHOST.into(),
            )),
        })
    }

    pub fn with_system_clock(db: Db) -> anyhow::Result<Self> {
        Self::new(db, Arc::new(SystemClock))
    }

    /// The development payment and SMS gateways, and their routes: for the embedded court,
    /// tests and `serve --dev-gateways` only — never a deployed court's.
    pub fn with_dev_gateways(self) -> Self {
        AppState {
            payments: Arc::new(DevGateway),
            sms: Arc::new(DevSmsGateway),
            ..self
        }
    }
}
