//! A shared office machine with the real court and the core's manual clock: the idle sign-out
//! the court's policy sets (the warning in the last minute, any use postponing it, nothing of
//! the account answered after it), and a restart that does not reopen an account whose idle
//! time ran out while the app was closed.

use chrono::Duration;
use ecourt_app::{App, AppConfig, AppErrorCode, CaseListQuery, ManualClock};
use std::sync::Arc;

fn clock() -> ManualClock {
    ManualClock::at("2026-12-01T01:00:00Z".parse().unwrap())
}

#[tokio::test]
async fn an_idle_account_is_signed_out_after_the_courts_idle_time() {
    let dir = tempfile::tempdir().unwrap();
    let clock = clock();
    let app = App::start_with_clock(
        AppConfig::embedded(dir.path().to_path_buf()),
        Arc::new(clock.clone()),
    )
    .await
    .unwrap();
    let before = app.idle_status().await.unwrap();
    assert_eq!(before.seconds_left, None, "nobody signed in");
    // The legal worker's office machine: the court's policy gives 10 minutes, a warning in the
    // last one.
    app.sign_in("worker1", "demo12345").await.unwrap();
    let s = app.idle_status().await.unwrap();
    assert_eq!((s.seconds_left, s.warning), (Some(600), false));
    clock.advance(Duration::seconds(530));
    let s = app.idle_status().await.unwrap();
    assert_eq!((s.seconds_left, s.warning), (Some(70), false));
    clock.advance(Duration::seconds(20));
    let s = app.idle_status().await.unwrap();
    assert_eq!((s.seconds_left, s.warning), (Some(50), true));
    // Any use starts the time again; asking the status is not use.
    app.report_activity().await.unwrap();
    let s = app.idle_status().await.unwrap();
    assert_eq!((s.seconds_left, s.warning), (Some(600), false));
    clock.advance(Duration::seconds(599));
    app.cases(CaseListQuery::default()).await.unwrap();
    assert!(app.session().await.is_some());

    // The time runs out: the next call of anything signs out, and nothing of the account is
    // answered.
    clock.advance(Duration::seconds(1));
    let gone = app.cases(CaseListQuery::default()).await.unwrap_err();
    assert_eq!(gone.code, AppErrorCode::IdleSignedOut);
    assert!(app.session().await.is_none());
    assert_eq!(
        app.cases(CaseListQuery::default()).await.unwrap_err().code,
        AppErrorCode::NotSignedIn
    );
    assert_eq!(app.settings().await.last_account, None);
    assert_eq!(app.settings().await.idle, None);

    // The screen's poll meets the sign-out itself and says why.
    app.sign_in("party1", "demo12345").await.unwrap();
    let s = app.idle_status().await.unwrap();
    assert_eq!(
        s.seconds_left,
        Some(900),
        "a party's idle time is the default"
    );
    clock.advance(Duration::seconds(900));
    let s = app.idle_status().await.unwrap();
    assert!(s.signed_out_idle);
    assert!(app.session().await.is_none());
    let late = app.report_activity().await;
    assert!(late.is_ok(), "nobody signed in: nothing to refuse");
}

#[tokio::test]
async fn at_start_an_account_whose_idle_time_ran_out_is_not_reopened() {
    let dir = tempfile::tempdir().unwrap();
    let court = ecourt_server::embedded::EmbeddedServer::start(
        &dir.path().join("court"),
        0,
        ecourt_server::embedded::ServiceConfig::from_env(),
    )
    .await
    .unwrap();
    let config = AppConfig {
        server_url: Some(court.base_url.clone()),
        ..AppConfig::embedded(dir.path().join("desk"))
    };
    let clock = clock();
    let app = App::start_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .unwrap();
    app.sign_in("party1", "demo12345").await.unwrap();
    clock.advance(Duration::seconds(200));
    app.report_activity().await.unwrap();
    drop(app);

    // Closed for 10 minutes after the last use (of the party's 15): reopened where it was.
    clock.advance(Duration::seconds(600));
    let app = App::start_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .unwrap();
    assert_eq!(
        app.session().await.map(|s| s.account.username),
        Some("party1".into())
    );
    let s = app.idle_status().await.unwrap();
    assert_eq!(s.seconds_left, Some(300));
    drop(app);

    // Closed past the idle time: the next person sees the sign-in screen, and the token is
    // gone from the account's file (a later start does not reopen it either).
    clock.advance(Duration::seconds(301));
    let app = App::start_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .unwrap();
    assert!(app.session().await.is_none());
    assert_eq!(
        app.cases(CaseListQuery::default()).await.unwrap_err().code,
        AppErrorCode::NotSignedIn
    );
    drop(app);
    clock.set("2026-12-01T01:20:00Z".parse().unwrap());
    let app = App::start_with_clock(config.clone(), Arc::new(clock.clone()))
        .await
        .unwrap();
    assert!(app.session().await.is_none());
    // Signing in again works as ever, with its cached cases.
    app.sign_in("party1", "demo12345").await.unwrap();
    assert!(app.session().await.is_some());
}
