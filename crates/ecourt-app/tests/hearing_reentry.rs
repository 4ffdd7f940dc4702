//! Entering an online hearing again after a drop, through the app core and the real embedded
//! court (signalling and media on loopback, a synthetic camera): the checks passed on the way in
//! (the device check, the rules) are remembered per hearing and account, "重新进入" needs none of
//! them again, and the court records a drop and a return, not a leave.

use ecourt_api::{AttendanceMode, DisconnectCause, HearingState, Presence};
use ecourt_app::{App, AppConfig, AppErrorCode, CaseListQuery, HearingUpdate};
use ecourt_sync::Connection;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

const CAMERA: &str = "synthetic:320x240";

async fn signed_in(app: &App, username: &str) {
    app.sign_in(username, "demo12345").await.unwrap();
    let mut rx = app.watch_status();
    tokio::time::timeout(
        Duration::from_secs(30),
        rx.wait_for(|s| s.connection == Connection::Online && s.last_synced_at.is_some()),
    )
    .await
    .expect("the first sync")
    .unwrap();
}

/// A hearing still to come that the signed-in account attends online.
async fn coming_hearing(app: &App) -> i64 {
    for case in app.cases(CaseListQuery::default()).await.unwrap() {
        let view = app.case(case.id).await.unwrap();
        if let Some(h) = view.detail.hearings.iter().find(|h| {
            h.state == HearingState::Scheduled
                && h.attendees
                    .iter()
                    .any(|a| a.you && a.mode == AttendanceMode::Online)
        }) {
            return h.id;
        }
    }
    panic!("no coming hearing attended online");
}

fn sinks() -> (
    ecourt_app::VideoSink,
    ecourt_app::UpdateSink,
    UnboundedReceiver<HearingUpdate>,
) {
    let (tx, rx) = unbounded_channel();
    (
        Arc::new(|_, _| {}),
        Arc::new(move |u| {
            let _ = tx.send(u);
        }),
        rx,
    )
}

/// Waits until the court shows the receiver in the courtroom.
async fn until_in_court(rx: &mut UnboundedReceiver<HearingUpdate>) {
    tokio::time::timeout(Duration::from_secs(30), async {
        while let Some(u) = rx.recv().await {
            if let HearingUpdate::Room { room } = u {
                let me = room.participants.iter().find(|p| p.account_id == room.you);
                if me.is_some_and(|p| p.presence == Presence::Admitted) {
                    return;
                }
            }
        }
        panic!("the session ended before the court admitted");
    })
    .await
    .expect("admitted by the court");
}

#[tokio::test]
async fn after_a_drop_one_click_enters_again_without_the_checks() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(AppConfig::embedded(dir.path().to_path_buf()))
        .await
        .unwrap();
    signed_in(&app, "judge1").await;
    let hearing = coming_hearing(&app).await;

    // Nothing passed yet: entering again is refused, the screen shows the steps.
    let fresh = app.hearing_checks(hearing).await.unwrap();
    assert!(!fresh.all_passed());
    let (video, updates, _rx) = sinks();
    let refused = app
        .reenter_hearing(hearing, video, updates)
        .await
        .unwrap_err();
    assert_eq!(refused.code, AppErrorCode::InvalidInput);

    // The way in: the device check, the rules (join), in the courtroom.
    app.hearing_devices_checked(hearing, CAMERA.into(), None)
        .await
        .unwrap();
    let (video, updates, mut rx) = sinks();
    app.join_hearing(hearing, CAMERA.into(), None, video, updates)
        .await
        .unwrap();
    until_in_court(&mut rx).await;
    let passed = app.hearing_checks(hearing).await.unwrap();
    assert!(passed.all_passed(), "{passed:?}");
    assert_eq!(passed.camera.as_deref(), Some(CAMERA));
    assert_eq!(passed.dropped, None);

    // The line goes and the app gives up on it: remembered as a drop, not a leave.
    app.leave_hearing(DisconnectCause::NetworkLost).await;
    let dropped = tokio::time::timeout(Duration::from_secs(10), async {
        loop {
            let c = app.hearing_checks(hearing).await.unwrap();
            if c.dropped.is_some() {
                return c;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    })
    .await
    .expect("the drop is remembered");
    assert_eq!(dropped.dropped, Some(DisconnectCause::NetworkLost));
    assert!(dropped.all_passed());

    // "重新进入": no camera, no rules asked; the court lets them in again.
    let (video, updates, mut rx) = sinks();
    app.reenter_hearing(hearing, video, updates).await.unwrap();
    until_in_court(&mut rx).await;
    assert_eq!(app.hearing_checks(hearing).await.unwrap().dropped, None);

    // The court's record: a disconnection and a return with the cause the app saw, never a
    // leave.
    let record = app.hearing_record(hearing).await.unwrap();
    let kinds: Vec<(String, Option<String>)> = record
        .entries
        .iter()
        .filter(|e| e.role == ecourt_domain::CaseRole::Judge)
        .map(|e| (e.kind.clone(), e.cause.clone()))
        .collect();
    assert!(
        kinds.contains(&("disconnected".into(), Some("connection_dropped".into()))),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&("reconnected".into(), Some("network_lost".into()))),
        "{kinds:?}"
    );
    assert!(
        !kinds
            .iter()
            .any(|(k, _)| k == "left" || k == "left_without_permission"),
        "{kinds:?}"
    );
    app.leave_hearing(DisconnectCause::LeftOnPurpose).await;

    // Another account on this machine passed nothing in this hearing.
    app.sign_out().await.unwrap();
    signed_in(&app, "clerk1").await;
    let theirs = app.hearing_checks(hearing).await.unwrap();
    assert!(!theirs.all_passed(), "{theirs:?}");
    let (video, updates, _rx) = sinks();
    assert_eq!(
        app.reenter_hearing(hearing, video, updates)
            .await
            .unwrap_err()
            .code,
        AppErrorCode::InvalidInput
    );
}
