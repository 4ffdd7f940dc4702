//! The app core without a window: the embedded court, sign-in, the cached list, an action
//! queued offline, and a restart that reopens on the cached cases with the court gone.

use ecourt_app::{App, AppConfig, AppErrorCode, CaseListQuery};
use ecourt_sync::Connection;
use std::time::Duration;

async fn wait_for_status(app: &App, what: &str, f: impl Fn(&ecourt_app::SyncStatus) -> bool) {
    let mut rx = app.watch_status();
    tokio::time::timeout(Duration::from_secs(30), rx.wait_for(|s| f(s)))
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
        .unwrap();
}

#[tokio::test]
async fn embedded_court_sign_in_and_restart_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    let config = AppConfig::embedded(dir.path().to_path_buf());
    let app = App::start(config.clone()).await.unwrap();
    let info = app.info();
    assert!(info.embedded);
    assert_eq!(info.demo_accounts.len(), 7);
    // The case list's filters come from the core: every role, mediators included.
    assert_eq!(info.case_roles, ecourt_domain::CaseRole::ALL);
    assert_eq!(info.case_stages, ecourt_domain::CaseStage::ALL);

    let bad = app.sign_in("party1", "wrong").await.unwrap_err();
    assert_eq!(bad.code, AppErrorCode::InvalidCredentials);
    let session = app.sign_in("party1", "demo12345").await.unwrap();
    assert_eq!(session.account.display_name, "张晓梅");
    assert!(!session.court_staff);
    wait_for_status(&app, "the first sync", |s| {
        s.connection == Connection::Online && s.last_synced_at.is_some()
    })
    .await;
    let cases = app.cases(CaseListQuery::default()).await.unwrap();
    assert!(!cases.is_empty());
    let filtered = app
        .cases(CaseListQuery {
            text: Some(cases[0].cause.clone()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert!(filtered.iter().all(|c| c.cause == cases[0].cause));

    // Bad input is refused before anything is queued.
    let empty = app.send_message(cases[0].id, "   ").await.unwrap_err();
    assert_eq!(empty.code, AppErrorCode::InvalidInput);
    let too_long = app
        .send_message(cases[0].id, &"字".repeat(2001))
        .await
        .unwrap_err();
    assert_eq!(too_long.code, AppErrorCode::InvalidInput);
    let stranger = app.send_message(999_999, "hello").await.unwrap_err();
    assert_eq!(stranger.code, AppErrorCode::NotFound);

    let doc = &app.case(cases[0].id).await.unwrap().detail.documents[0];
    let content = app.document(cases[0].id, doc.id).await.unwrap();
    assert!(content.text.unwrap().contains("张晓梅"));
}

#[tokio::test]
async fn a_restart_with_the_court_gone_reopens_on_the_cached_cases() {
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
    let app = App::start(config.clone()).await.unwrap();
    assert!(
        !app.info().embedded,
        "a configured court means no demo accounts are offered"
    );
    assert!(app.info().demo_accounts.is_empty());
    app.sign_in("party1", "demo12345").await.unwrap();
    wait_for_status(&app, "the first sync", |s| {
        s.connection == Connection::Online && s.last_synced_at.is_some()
    })
    .await;
    let cases = app.cases(CaseListQuery::default()).await.unwrap();
    drop(app);
    court.stop().await;

    // The court is gone: the cases are still shown, marked offline, and actions wait.
    let offline = App::start(config.clone()).await.unwrap();
    assert_eq!(
        offline.session().await.map(|s| s.account.username),
        Some("party1".into())
    );
    assert_eq!(
        offline.cases(CaseListQuery::default()).await.unwrap().len(),
        cases.len()
    );
    wait_for_status(&offline, "the offline mark", |s| {
        s.connection == Connection::Offline
    })
    .await;
    let queued = offline.send_message(cases[0].id, "离线留言").await.unwrap();
    assert_eq!(queued.state, ecourt_store::OutboxState::Pending);
    assert_eq!(offline.case(cases[0].id).await.unwrap().outbox.len(), 1);

    // A filing draft typed offline survives a restart, its attached file included; a file
    // that is not what it claims is refused; an incomplete draft is not queued.
    let mut draft = offline.new_draft().await.unwrap();
    assert_eq!(draft.application.plaintiffs[0].name, "张晓梅");
    draft.application.cause = "民间借贷纠纷".into();
    let file = offline
        .attach_file("借条.pdf", b"%PDF-1.4\n%%EOF\n")
        .await
        .unwrap();
    draft
        .application
        .evidence
        .push(ecourt_domain::filing::EvidenceItem {
            name: "借条".into(),
            source: "原告提供".into(),
            proves: "借款事实".into(),
            files: vec![file.clone()],
        });
    offline.save_draft(draft.clone()).await.unwrap();
    let fake = offline
        .attach_file("借条.pdf", b"MZ\x90\x00")
        .await
        .unwrap_err();
    assert_eq!(fake.code, AppErrorCode::InvalidInput);
    drop(offline);
    let offline = App::start(config.clone()).await.unwrap();
    let kept = offline.draft(&draft.id).await.unwrap();
    assert_eq!(kept.application.cause, "民间借贷纠纷");
    assert_eq!(kept.application.evidence[0].files, vec![file]);
    let incomplete = offline.submit_draft(&draft.id).await.unwrap_err();
    assert_eq!(incomplete.code, AppErrorCode::InvalidInput);
    assert_eq!(offline.case(cases[0].id).await.unwrap().outbox.len(), 1);

    offline.sign_out().await.unwrap();
    assert_eq!(
        offline
            .cases(CaseListQuery::default())
            .await
            .unwrap_err()
            .code,
        AppErrorCode::NotSignedIn
    );
}

/// The core stamps what it queues and saves by its own clock, not the machine's.
#[tokio::test]
async fn what_the_core_queues_carries_the_time_of_its_clock() {
    let dir = tempfile::tempdir().unwrap();
    let clock = ecourt_app::ManualClock::at("2030-01-02T03:04:05Z".parse().unwrap());
    let app = App::start_with_clock(
        AppConfig::embedded(dir.path().to_path_buf()),
        std::sync::Arc::new(clock.clone()),
    )
    .await
    .unwrap();
    app.sign_in("party1", "demo12345").await.unwrap();
    wait_for_status(&app, "the first sync", |s| s.last_synced_at.is_some()).await;
    let case_id = app.cases(CaseListQuery::default()).await.unwrap()[0].id;
    let queued = app.send_message(case_id, "请确认开庭时间").await.unwrap();
    assert_eq!(queued.created_at, "2030-01-02T03:04:05.000Z");
    // Within the idle time (a day later the idle sign-out would have signed the party out).
    clock.advance(chrono::Duration::minutes(5));
    let draft = app.new_draft().await.unwrap();
    assert_eq!(draft.updated_at, "2030-01-02T03:09:05.000Z");
}
