//! What a person already passed before entering a hearing, remembered per hearing and account
//! for as long as the app runs: the devices they checked (and which camera and microphone),
//! the courtroom rules and the no-recording declaration they accepted (by the court's rules
//! version), and whether the court let them in (the face re-check, when asked, passed).
//!
//! After a dropped connection that did not come back by itself, "重新进入" enters again with
//! what was passed, without the device check and the rules a second time, and tells the court
//! how the last connection ended, so that the record shows a drop and a return, not a leave.
//! The court still decides: a re-check that has run out, a removal or an ended hearing are
//! refused by the court as at the first entry.

use crate::hearing::{UpdateSink, VideoSink};
use crate::{App, AppError, AppErrorCode, AppResult};
use ecourt_api::{DisconnectCause, ReconnectReport};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::sync::Mutex;
use ts_rs::TS;

/// What this person passed in this hearing, as the screen needs it to skip steps.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HearingChecks {
    pub hearing_id: i64,
    /// The device check passed with this camera (none: not yet).
    pub camera: Option<String>,
    pub microphone: Option<String>,
    /// The courtroom rules of this version and the declaration were accepted.
    pub rules_version: Option<String>,
    /// The court let them in once in this hearing (its re-check, when it asks one, passed).
    pub entered: bool,
    /// How the last connection ended, when it ended without the person leaving on purpose
    /// (a drop the app could not repair by itself): "重新进入" is offered.
    pub dropped: Option<DisconnectCause>,
}

impl HearingChecks {
    /// Everything needed to enter again without asking anything: devices, rules, entered once.
    pub fn all_passed(&self) -> bool {
        self.camera.is_some() && self.rules_version.is_some() && self.entered
    }
}

/// The memory, per (account, hearing).
#[derive(Default)]
pub(crate) struct CheckMemory {
    passed: Mutex<HashMap<(i64, i64), Passed>>,
}

#[derive(Clone, Default)]
struct Passed {
    checks: HearingChecks,
    /// When the drop was noticed and how often the app tried to come back.
    drop_report: Option<ReconnectReport>,
    /// The app's own tries to come back in the current session: when it first noticed, how many.
    trying: Option<(String, u32)>,
}

impl CheckMemory {
    fn with<T>(&self, account: i64, hearing: i64, f: impl FnOnce(&mut Passed) -> T) -> T {
        let mut map = self.passed.lock().unwrap_or_else(|p| p.into_inner());
        let entry = map.entry((account, hearing)).or_insert_with(|| Passed {
            checks: HearingChecks {
                hearing_id: hearing,
                ..Default::default()
            },
            drop_report: None,
            trying: None,
        });
        f(entry)
    }

    pub(crate) fn devices(&self, account: i64, hearing: i64, camera: &str, mic: Option<&str>) {
        self.with(account, hearing, |p| {
            p.checks.camera = Some(camera.to_string());
            p.checks.microphone = mic.map(str::to_string);
        });
    }

    /// The court issued a join token after the rules of `version` were accepted.
    pub(crate) fn rules(&self, account: i64, hearing: i64, version: &str) {
        self.with(account, hearing, |p| {
            p.checks.rules_version = Some(version.to_string())
        });
    }

    /// The session started: the person is in (the waiting room or the courtroom).
    pub(crate) fn entered(&self, account: i64, hearing: i64) {
        self.with(account, hearing, |p| {
            p.checks.entered = true;
            p.checks.dropped = None;
            p.drop_report = None;
            p.trying = None;
        });
    }

    /// The session closed. A cause the person did not choose and the court did not give (the
    /// network, the connection cut, a device) is a drop: remembered for "重新进入".
    pub(crate) fn closed(&self, account: i64, hearing: i64, cause: DisconnectCause, at: String) {
        let dropped = matches!(
            cause,
            DisconnectCause::NetworkLost
                | DisconnectCause::ConnectionDropped
                | DisconnectCause::DeviceFailure
        );
        self.with(account, hearing, |p| {
            let (since, attempts) = p.trying.take().unwrap_or((at, 0));
            p.checks.dropped = dropped.then_some(cause);
            p.drop_report = dropped.then_some(ReconnectReport {
                cause,
                attempts,
                since,
            });
        });
    }

    /// The app is trying to come back by itself (attempt n of this session).
    pub(crate) fn attempts(&self, account: i64, hearing: i64, attempt: u32, at: String) {
        self.with(account, hearing, |p| {
            let since = p.trying.take().map_or(at, |(since, _)| since);
            p.trying = Some((since, attempt));
        });
    }

    fn get(&self, account: i64, hearing: i64) -> Passed {
        self.with(account, hearing, |p| p.clone())
    }
}

impl App {
    async fn signed_in_id(&self) -> AppResult<i64> {
        self.session()
            .await
            .map(|s| s.account.id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "not signed in"))
    }

    /// What the signed-in person passed in this hearing. Rules the court has changed since
    /// count as not accepted (they are shown again).
    pub async fn hearing_checks(&self, hearing_id: i64) -> AppResult<HearingChecks> {
        let me = self.signed_in_id().await?;
        let mut checks = self.hearing_memory.get(me, hearing_id).checks;
        if checks.rules_version.is_some() {
            // Offline: the court cannot be asked; entering needs the court anyway.
            match self.courtroom_rules().await {
                Ok(rules) if Some(&rules.version) == checks.rules_version.as_ref() => {}
                Ok(_) => checks.rules_version = None,
                Err(e) if e.code == AppErrorCode::Offline => {}
                Err(e) => return Err(e),
            }
        }
        Ok(checks)
    }

    /// The device check passed with this camera and microphone.
    pub async fn hearing_devices_checked(
        &self,
        hearing_id: i64,
        camera: String,
        microphone: Option<String>,
    ) -> AppResult<()> {
        let me = self.signed_in_id().await?;
        self.hearing_memory
            .devices(me, hearing_id, &camera, microphone.as_deref());
        Ok(())
    }

    /// "重新进入": enters the hearing again with the devices and the rules already passed in it,
    /// telling the court how the last connection ended. Refused (invalid input) when something
    /// was not passed yet; the screen then shows that step.
    pub async fn reenter_hearing(
        &self,
        hearing_id: i64,
        video: VideoSink,
        updates: UpdateSink,
    ) -> AppResult<()> {
        let me = self.signed_in_id().await?;
        let checks = self.hearing_checks(hearing_id).await?;
        let Some(camera) = checks.camera.clone().filter(|_| checks.all_passed()) else {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "the device check and the courtroom rules are not passed in this hearing yet",
            ));
        };
        let report = self.hearing_memory.get(me, hearing_id).drop_report;
        self.enter_hearing(
            hearing_id,
            camera,
            checks.microphone,
            report,
            video,
            updates,
        )
        .await
    }
}
