//! The service put together: every capability's registration, the state they share, and (in
//! `api.rs`) their routers and OpenAPI paths. This is the one place above the capabilities that
//! names them all; adding a capability adds a line here (see docs/ARCHITECTURE.md, "How to add a
//! capability").

use crate::kernel::clock::{Clock, SystemClock};
use crate::kernel::config::{template_key_from_env, FacePolicy, ServiceConfig};
use crate::kernel::db::Db;
use crate::kernel::ports::{NoPaymentGateway, NoSmsGateway};
use crate::kernel::registry::Registry;
use crate::kernel::state::{AppState, Parts};
use crate::{auth, cases, consent, evidence, filing, hearings, identity, signatures};
use ecourt_domain::period::HolidayCalendar;
use std::sync::Arc;

/// Every capability's sweeps, case-detail parts and outbox actions.
pub fn registry() -> Registry {
    let mut registry = Registry::default();
    cases::register(&mut registry);
    filing::register(&mut registry);
    hearings::register(&mut registry);
    identity::register(&mut registry);
    consent::register(&mut registry);
    signatures::register(&mut registry);
    evidence::register(&mut registry);
    registry
}

impl AppState {
    /// The state with the settings read from the environment ([`ServiceConfig::from_env`]).
    pub fn new(db: Db, clock: Arc<dyn Clock>) -> anyhow::Result<Self> {
        Self::configured(db, clock, ServiceConfig::from_env())
    }

    /// The state with the settings its caller read (the embedded court: the desktop's).
    pub fn configured(
        db: Db,
        clock: Arc<dyn Clock>,
        config: ServiceConfig,
    ) -> anyhow::Result<Self> {
        Ok(AppState {
            db,
            clock,
            dummy_password_hash: auth::hash_password("not-a-real-password")?,
            calendar: Arc::new(HolidayCalendar::china()),
            payments: Arc::new(NoPaymentGateway),
            sms: Arc::new(NoSmsGateway),
            faces: identity::faces::local_verifier(config.models_dir.clone()),
            face_policy: Arc::new(FacePolicy::court_default()),
            template_key: Arc::new(template_key_from_env()?),
            parts: Parts::default()
                .with(hearings::room::Rooms::new(
                    std::net::Ipv4Addr::LOCALHOST.into(),
                ))
                .with(evidence::EvidenceParts::new(
                    evidence::files::FileStore::new(config.evidence_dir()),
                )),
            registry: Arc::new(registry()),
            config: Arc::new(config),
        })
    }

    pub fn with_system_clock(db: Db) -> anyhow::Result<Self> {
        Self::new(db, Arc::new(SystemClock))
    }

    /// The development payment and SMS gateways, and their routes: for the embedded court,
    /// tests and `serve --dev-gateways` only — never a deployed court's.
    pub fn with_dev_gateways(self) -> Self {
        AppState {
            payments: Arc::new(filing::payments::DevGateway),
            sms: Arc::new(identity::DevSmsGateway),
            ..self
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outbox_action_of_the_wire_has_one_handler() {
        // The wire's `ActionBody` kinds, as its serde tag names them. The match does not compile
        // when the wire gains a kind until it is listed here too.
        fn listed(body: &ecourt_api::ActionBody) -> &'static str {
            use ecourt_api::ActionBody::*;
            match body {
                SendMessage { .. } => "send_message",
                SubmitFiling { .. } => "submit_filing",
                ResubmitFiling { .. } => "resubmit_filing",
                GiveEvidenceOpinion { .. } => "give_evidence_opinion",
                RecordEvidenceView { .. } => "record_evidence_view",
            }
        }
        let _ = listed;
        let kinds = [
            "send_message",
            "submit_filing",
            "resubmit_filing",
            "give_evidence_opinion",
            "record_evidence_view",
        ];
        let registry = registry();
        let mut registered: Vec<_> = registry.action_kinds().collect();
        registered.sort_unstable();
        let mut expected = kinds.to_vec();
        expected.sort_unstable();
        assert_eq!(registered, expected);
    }

    #[test]
    fn the_deadlines_of_filing_are_swept() {
        let registry = registry();
        let names: Vec<_> = registry.deadlines.names().collect();
        assert_eq!(names, ["filing.correction_deadline", "filing.fee_unpaid"]);
    }
}
