//! The court's clock, injectable so that expiry and deadline logic can be tested.

use chrono::{DateTime, SecondsFormat, Utc};
use std::sync::Mutex;

pub trait Clock: Send + Sync + 'static {
    fn now(&self) -> DateTime<Utc>;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved; for tests.
pub struct ManualClock(Mutex<DateTime<Utc>>);

impl ManualClock {
    pub fn new(at: DateTime<Utc>) -> Self {
        ManualClock(Mutex::new(at))
    }

    pub fn advance(&self, by: chrono::Duration) {
        let mut t = self.0.lock().unwrap_or_else(|e| e.into_inner());
        *t += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// The system clock moved forward by a number of seconds read from a file at every reading:
/// for demonstrations and end-to-end tests of deadlines (`serve --dev-clock-offset-file`).
/// A missing or unreadable file means no offset. Never for a court in service.
pub struct OffsetFileClock(pub std::path::PathBuf);

impl Clock for OffsetFileClock {
    fn now(&self) -> DateTime<Utc> {
        let seconds = std::fs::read_to_string(&self.0)
            .ok()
            .and_then(|s| s.trim().parse::<i64>().ok())
            .unwrap_or(0);
        Utc::now() + chrono::Duration::seconds(seconds)
    }
}

/// Timestamps are stored as fixed-width RFC 3339 UTC text, so that text order is time order on
/// both engines.
pub fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// The court's calendar date of an instant (Beijing time, kept in the domain).
pub use ecourt_domain::court_time::court_date;
