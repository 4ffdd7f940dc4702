//! The one deadline scheduler (期限): capabilities register their sweeps, and this runs them —
//! once a minute, and before any answer that tells a state a passed deadline would change (the
//! change feed, the review queue, a decision, a payment). No capability calls another's sweep.
//!
//! A sweep decides what the court's clock decides by itself (a correction period running out,
//! a fee left unpaid, later a mediation period or service deemed effective). Each sweep must be
//! safe to run concurrently with itself and with the acts it races (re-check the state inside
//! its own transaction), since the ticker and a request may run it at the same moment.

use std::future::Future;
use std::pin::Pin;

/// What a sweep returns: how many cases it changed.
pub type SweepFuture<'a> = Pin<Box<dyn Future<Output = anyhow::Result<usize>> + Send + 'a>>;

/// One registered sweep over a context `C` (the service's state; something smaller in tests).
pub struct Sweep<C> {
    /// A stable name, `capability.deadline`, for logs and errors.
    pub name: &'static str,
    pub run: for<'a> fn(&'a C) -> SweepFuture<'a>,
}

/// The registered sweeps, run in the order they were registered.
pub struct Scheduler<C> {
    sweeps: Vec<Sweep<C>>,
}

impl<C> Default for Scheduler<C> {
    fn default() -> Self {
        Scheduler { sweeps: Vec::new() }
    }
}

impl<C: Sync> Scheduler<C> {
    /// Adds a sweep. Two sweeps of one name are a programming error, caught at start-up.
    pub fn register(&mut self, name: &'static str, run: for<'a> fn(&'a C) -> SweepFuture<'a>) {
        assert!(
            self.sweeps.iter().all(|s| s.name != name),
            "the deadline sweep {name} is registered twice"
        );
        self.sweeps.push(Sweep { name, run });
    }

    pub fn names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.sweeps.iter().map(|s| s.name)
    }

    /// Runs every sweep and returns how many cases they changed together. A failing sweep does
    /// not keep the others from deciding their deadlines; the first failure is returned after
    /// all have run, naming its sweep.
    pub async fn run_due(&self, ctx: &C) -> anyhow::Result<usize> {
        let mut changed = 0;
        let mut first_failure = None;
        for sweep in &self.sweeps {
            match (sweep.run)(ctx).await {
                Ok(n) => changed += n,
                Err(e) => {
                    tracing::warn!(sweep = sweep.name, error = ?e, "deadline sweep failed");
                    first_failure
                        .get_or_insert(e.context(format!("deadline sweep {}", sweep.name)));
                }
            }
        }
        match first_failure {
            Some(e) => Err(e),
            None => Ok(changed),
        }
    }
}

/// Runs the service's registered sweeps now: call before answering with a state that a passed
/// deadline would change.
pub async fn catch_up(state: &crate::kernel::state::AppState) -> anyhow::Result<usize> {
    state.registry.deadlines.run_due(state).await
}

/// Runs the service's sweeps once a minute until the returned task is aborted: the court's
/// clock decides deadlines even when nobody asks.
pub fn every_minute(state: crate::kernel::state::AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(std::time::Duration::from_secs(60));
        loop {
            tick.tick().await;
            if let Err(e) = catch_up(&state).await {
                tracing::warn!(error = ?e, "deadline sweep failed; retrying in a minute");
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// A context that records which sweeps ran, in order.
    #[derive(Default)]
    struct Log(Mutex<Vec<&'static str>>);

    fn returns_two(log: &Log) -> SweepFuture<'_> {
        Box::pin(async move {
            log.0.lock().unwrap().push("two");
            Ok(2)
        })
    }

    fn returns_three(log: &Log) -> SweepFuture<'_> {
        Box::pin(async move {
            log.0.lock().unwrap().push("three");
            Ok(3)
        })
    }

    fn fails(log: &Log) -> SweepFuture<'_> {
        Box::pin(async move {
            log.0.lock().unwrap().push("fails");
            anyhow::bail!("the database went away")
        })
    }

    #[tokio::test]
    async fn runs_every_sweep_in_registration_order_and_adds_their_changes() {
        let mut s = Scheduler::default();
        s.register("a.three", returns_three);
        s.register("b.two", returns_two);
        let log = Log::default();
        assert_eq!(s.run_due(&log).await.unwrap(), 5);
        assert_eq!(*log.0.lock().unwrap(), ["three", "two"]);
        assert_eq!(s.names().collect::<Vec<_>>(), ["a.three", "b.two"]);
    }

    #[tokio::test]
    async fn nothing_registered_changes_nothing() {
        let s = Scheduler::<Log>::default();
        assert_eq!(s.run_due(&Log::default()).await.unwrap(), 0);
    }

    #[tokio::test]
    async fn a_failing_sweep_does_not_stop_the_others_and_is_named() {
        let mut s = Scheduler::default();
        s.register("a.two", returns_two);
        s.register("b.fails", fails);
        s.register("c.three", returns_three);
        let log = Log::default();
        let err = s.run_due(&log).await.unwrap_err();
        assert_eq!(*log.0.lock().unwrap(), ["two", "fails", "three"]);
        let text = format!("{err:#}");
        assert!(text.contains("b.fails"), "{text}");
        assert!(text.contains("the database went away"), "{text}");
    }

    #[tokio::test]
    async fn running_again_runs_again() {
        // The scheduler keeps no state between runs: a sweep decides from the clock and the
        // database each time (twice at once is the sweep's own business to make safe).
        let mut s = Scheduler::default();
        s.register("a.two", returns_two);
        let log = Log::default();
        s.run_due(&log).await.unwrap();
        s.run_due(&log).await.unwrap();
        assert_eq!(log.0.lock().unwrap().len(), 2);
    }

    #[test]
    #[should_panic(expected = "registered twice")]
    fn one_name_twice_is_refused() {
        let mut s = Scheduler::<Log>::default();
        s.register("a.two", returns_two);
        s.register("a.two", returns_three);
    }
}
