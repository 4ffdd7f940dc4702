//! The desktop's clock. Everything the core stamps or counts from "now" (queued actions, the
//! court's date for the pre-checks, the notices window) asks this, so tests can set the time.

use chrono::{DateTime, Utc};
use std::sync::{Arc, Mutex};

pub trait Clock: Send + Sync {
    fn now(&self) -> DateTime<Utc>;
}

/// The machine's clock.
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }
}

/// A clock that stands still until moved (tests).
#[derive(Clone)]
pub struct ManualClock(Arc<Mutex<DateTime<Utc>>>);

impl ManualClock {
    pub fn at(t: DateTime<Utc>) -> Self {
        ManualClock(Arc::new(Mutex::new(t)))
    }

    pub fn set(&self, t: DateTime<Utc>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = t;
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

/// A fixed-width RFC 3339 stamp in UTC with milliseconds, as the store and the court keep them.
pub(crate) fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true)
}

/// The court's date (Beijing time) at `t`: the domain's one definition.
pub(crate) use ecourt_domain::court_time::court_date;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_court_date_turns_at_midnight_beijing_time() {
        let t = "2026-03-01T15:59:59Z".parse::<DateTime<Utc>>().unwrap();
        assert_eq!(court_date(t).to_string(), "2026-03-01");
        let clock = ManualClock::at(t);
        clock.advance(chrono::Duration::seconds(1));
        assert_eq!(court_date(clock.now()).to_string(), "2026-03-02");
        assert_eq!(stamp(clock.now()), "2026-03-01T16:00:00.000Z");
    }
}
