//! A shared office machine (共用电脑): a legal worker's office serves many parties on one
//! computer, so the core signs an account out after the idle time the court's policy sets
//! (handed over at sign-in, `ecourt_api::IdleSignOut`), counted on the app's injectable clock
//! from the last use the screen reported; at start it does not reopen an account whose idle time
//! ran out while the app was closed. A hearing in progress counts as use (a party listening to
//! the judge touches nothing for long). Also here: the help lines shown on every screen, and the
//! legal worker's lookup of the party in front of them by name and ID number or phone.

use crate::{App, AppError, AppErrorCode, AppResult};
use chrono::{DateTime, Duration, Utc};
use ecourt_api::{CourtHelp, IdleSignOut, PartyFound, PartyLookupRequest};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Last uses are written to `settings.json` at most this often (a restart may then count the
/// idle time from up to this much earlier: it errs on the side of signing out).
const SAVE_EVERY_SECONDS: i64 = 30;

/// The idle clock of the signed-in account.
#[derive(Default)]
pub(crate) struct IdleClock(std::sync::Mutex<Option<Watch>>);

#[derive(Debug, Clone, Copy)]
struct Watch {
    policy: IdleSignOut,
    last_use: DateTime<Utc>,
    saved: DateTime<Utc>,
}

impl Watch {
    fn ends(&self) -> DateTime<Utc> {
        self.last_use + Duration::seconds(self.policy.after_seconds.into())
    }
}

impl IdleClock {
    fn get(&self) -> Option<Watch> {
        *self.0.lock().unwrap_or_else(|e| e.into_inner())
    }

    fn set(&self, w: Option<Watch>) {
        *self.0.lock().unwrap_or_else(|e| e.into_inner()) = w;
    }
}

/// When the signed-in account was last used and what the policy is, kept in `settings.json`
/// so that a restart knows whether the idle time ran out while the app was closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdleRecord {
    pub after_seconds: u32,
    pub warn_seconds: u32,
    pub last_use: DateTime<Utc>,
}

/// What the screen shows about the idle sign-out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct IdleStatus {
    /// Seconds until the sign-out while signed in; none when nobody is signed in.
    pub seconds_left: Option<u32>,
    /// The warning is due (within the policy's last `warn_seconds`): any use postpones it.
    pub warning: bool,
    /// The account was signed out just now for being idle: the screen says so at sign-in.
    pub signed_out_idle: bool,
}

impl App {
    /// Starts the idle clock at sign-in.
    pub(crate) async fn start_idle_clock(&self, policy: IdleSignOut) -> AppResult<()> {
        let now = self.now();
        self.idle.set(Some(Watch {
            policy,
            last_use: now,
            saved: now,
        }));
        self.save_idle(Some(IdleRecord {
            after_seconds: policy.after_seconds,
            warn_seconds: policy.warn_seconds,
            last_use: now,
        }))
        .await
    }

    /// At start: the reopened account's idle clock from the last use saved, or `false` when
    /// its idle time ran out (or none was recorded) and it must not be reopened.
    pub(crate) async fn resume_idle_clock(&self) -> bool {
        let Some(r) = self.settings.lock().await.idle else {
            return false;
        };
        let w = Watch {
            policy: IdleSignOut {
                after_seconds: r.after_seconds,
                warn_seconds: r.warn_seconds,
            },
            last_use: r.last_use,
            saved: r.last_use,
        };
        if self.now() >= w.ends() {
            return false;
        }
        self.idle.set(Some(w));
        true
    }

    pub(crate) async fn stop_idle_clock(&self) -> AppResult<()> {
        self.idle.set(None);
        self.save_idle(None).await
    }

    async fn save_idle(&self, record: Option<IdleRecord>) -> AppResult<()> {
        let mut settings = self.settings.lock().await;
        settings.idle = record;
        settings.save(&self.config.data_dir.join("settings.json"))?;
        Ok(())
    }

    /// A hearing in progress counts as use: nobody is signed out while listening to the judge.
    fn in_hearing(&self) -> bool {
        match self.hearing.try_lock() {
            // A connection that ended (the hearing closed, a removal, a lost line) is no use.
            Ok(h) => h.as_ref().is_some_and(|a| !a.session.is_finished()),
            // Someone is joining, leaving or acting in the hearing right now.
            Err(_) => true,
        }
    }

    /// The screen reports use (a key, a click, a touch; it sends at most one every few
    /// seconds). Refused with `idle_signed_out` if the idle time already ran out.
    pub async fn report_activity(&self) -> AppResult<()> {
        self.enforce_idle().await?;
        let now = self.now();
        let Some(mut w) = self.idle.get() else {
            return Ok(());
        };
        w.last_use = now;
        let save = now - w.saved >= Duration::seconds(SAVE_EVERY_SECONDS);
        if save {
            w.saved = now;
        }
        self.idle.set(Some(w));
        if save {
            self.save_idle(Some(IdleRecord {
                after_seconds: w.policy.after_seconds,
                warn_seconds: w.policy.warn_seconds,
                last_use: now,
            }))
            .await?;
        }
        Ok(())
    }

    /// Signs the account out if its idle time ran out (every use of the signed-in account's
    /// data goes through here first, so nothing of it is answered after the time).
    pub(crate) async fn enforce_idle(&self) -> AppResult<()> {
        let Some(mut w) = self.idle.get() else {
            return Ok(());
        };
        let now = self.now();
        if self.in_hearing() {
            w.last_use = now;
            self.idle.set(Some(w));
            return Ok(());
        }
        if now < w.ends() {
            return Ok(());
        }
        tracing::info!(
            after_seconds = w.policy.after_seconds,
            "signing out after the court's idle time"
        );
        self.sign_out().await?;
        Err(AppError::new(
            AppErrorCode::IdleSignedOut,
            "signed out after no use for the court's idle time",
        ))
    }

    /// How long until the idle sign-out, and whether to warn; signs out when the time ran out.
    pub async fn idle_status(&self) -> AppResult<IdleStatus> {
        match self.enforce_idle().await {
            Err(e) if e.code == AppErrorCode::IdleSignedOut => {
                return Ok(IdleStatus {
                    seconds_left: None,
                    warning: false,
                    signed_out_idle: true,
                })
            }
            other => other?,
        }
        Ok(match self.idle.get() {
            None => IdleStatus {
                seconds_left: None,
                warning: false,
                signed_out_idle: false,
            },
            Some(w) => {
                let left = (w.ends() - self.now()).num_seconds().max(0);
                IdleStatus {
                    seconds_left: Some(u32::try_from(left).unwrap_or(u32::MAX)),
                    warning: left <= i64::from(w.policy.warn_seconds),
                    signed_out_idle: false,
                }
            }
        })
    }

    /// Where to call for help: 12368 and the court's own number, from the court's data. The
    /// court this desktop is set up for (`ECOURT_COURT_CODE`), else a staff account's court,
    /// else the service's only court.
    pub async fn help(&self) -> AppResult<CourtHelp> {
        let court = match &self.config.court_code {
            Some(code) => Some(code.clone()),
            None => self
                .session
                .lock()
                .await
                .as_ref()
                .and_then(|s| s.account.court_code.clone()),
        };
        Ok(self.court.help(court.as_deref()).await?)
    }

    /// A legal worker finds the party in front of them by name and ID number, or name and
    /// verified phone, or (a newcomer who verified nothing) name and user name: the court
    /// matches exactly, only its own parties, and records the lookup.
    pub async fn find_party(
        &self,
        name: &str,
        id_number: Option<&str>,
        phone: Option<&str>,
        username: Option<&str>,
    ) -> AppResult<PartyFound> {
        let name = name.trim();
        fn given(v: Option<&str>) -> Option<&str> {
            v.map(str::trim).filter(|s| !s.is_empty())
        }
        let (id_number, phone, username) = (given(id_number), given(phone), given(username));
        let keys = [id_number, phone, username].iter().flatten().count();
        if name.is_empty() || keys != 1 {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "the party's name with one of the ID number, the phone or the user name",
            ));
        }
        if let Some(id) = id_number {
            let today = crate::clock::court_date(self.now());
            ecourt_domain::IdNumber::parse(id, today)
                .map_err(|e| AppError::new(AppErrorCode::InvalidInput, e.to_string()))?;
        }
        let req = PartyLookupRequest {
            name: name.into(),
            id_number: id_number.map(Into::into),
            phone: phone.map(Into::into),
            username: username.map(Into::into),
        };
        Ok(self.online_client().await?.lookup_party(&req).await?)
    }
}
