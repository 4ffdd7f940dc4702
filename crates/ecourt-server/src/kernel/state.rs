//! What every request handler gets: the database, the clock, the gateways, the registry of
//! the capabilities' parts, and a few values made at start-up. It is put together by the
//! service's root (`capabilities.rs`), which knows the capabilities; the kernel does not.

use crate::kernel::clock::Clock;
use crate::kernel::config::{FacePolicy, ServiceConfig, TemplateKey};
use crate::kernel::db::Db;
use crate::kernel::mail::MailGateway;
use crate::kernel::periods::CalendarInForce;
use crate::kernel::ports::{FaceVerifier, PaymentGateway, SmsGateway};
use crate::kernel::registry::Registry;
use std::sync::Arc;

#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub clock: Arc<dyn Clock>,
    /// A hash to verify against when a user name is unknown, so that a failed sign-in takes as
    /// long for an unknown user as for a wrong password.
    pub dummy_password_hash: String,
    /// Holidays and make-up workdays for counting periods (data, not code): the shipped
    /// calendar until the court loads a newer schedule (`kernel::periods::calendar`).
    pub calendar: Arc<CalendarInForce>,
    /// Where fees are paid: none until a court configures its gateway; the development
    /// gateway (settles on request) only where [`AppState::with_dev_gateways`] put it.
    pub payments: Arc<dyn PaymentGateway>,
    /// Where one-time codes are texted: none until configured; the development gateway keeps
    /// them in the database.
    pub sms: Arc<dyn SmsGateway>,
    /// Where court email goes (`kernel::mail`): none until `ECOURT_SMTP_URL` names a relay.
    pub mail: Arc<dyn MailGateway>,
    /// Who looks at faces (the local pipeline, or a deployment's own provider).
    pub faces: Arc<dyn FaceVerifier>,
    /// The court's face verification policy (data).
    pub face_policy: Arc<FacePolicy>,
    /// Seals face templates; kept outside the database (`ECOURT_TEMPLATE_KEY_FILE`).
    pub template_key: Arc<TemplateKey>,
    /// What capabilities keep for themselves while the court runs (the hearings' live rooms,
    /// their forwarding unit and join-token key), found by type: the kernel names none of them.
    pub parts: Parts,
    /// The capabilities' sweeps, case-detail parts and outbox actions.
    pub registry: Arc<Registry>,
    /// The settings read once at start (models folder, papers' font).
    pub config: Arc<ServiceConfig>,
}

/// State that capabilities keep for themselves, one value per type, put in when the court
/// starts (`capabilities.rs`) and found by its type (`state.parts.get::<Rooms>()`).
#[derive(Clone, Default)]
pub struct Parts(
    Arc<std::collections::HashMap<std::any::TypeId, Arc<dyn std::any::Any + Send + Sync>>>,
);

impl Parts {
    /// These parts and `part`, replacing one of its type.
    pub fn with<T: std::any::Any + Send + Sync>(&self, part: T) -> Parts {
        let mut map = (*self.0).clone();
        map.insert(std::any::TypeId::of::<T>(), Arc::new(part));
        Parts(Arc::new(map))
    }

    /// The part of type `T`. Every part is put in when the court starts, so a missing one is
    /// a bug in `capabilities.rs`, not something a request can cause.
    pub fn get<T: std::any::Any + Send + Sync>(&self) -> &T {
        self.0
            .get(&std::any::TypeId::of::<T>())
            .and_then(|p| p.downcast_ref::<T>())
            .unwrap_or_else(|| panic!("no {} among the state's parts", std::any::type_name::<T>()))
    }
}
