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

/// Files a complete application as 张晓梅 with the given cause and one claim of `amount`.
async fn file_as_party(app: &App, cause: &str, amount: &str) {
    let mut draft = app.new_draft().await.unwrap();
    let a = &mut draft.application;
    a.cause = cause.into();
    a.plaintiffs[0].id_number = "11010519491231002X".into();
    a.plaintiffs[0].address = "重庆市渝中区解放碑街道1号".into();
    a.defendants[0].name = "赵大勇".into();
    a.defendants[0].address = "重庆市渝中区民族路88号".into();
    a.claims[0].text = "判令被告支付货款".into();
    a.claims[0].amount = Some(amount.into());
    a.facts_and_reasons = "被告收货后至今未付款。".into();
    let draft = app.save_draft(draft).await.unwrap();
    assert_eq!(app.check_application(&draft.application).problems, vec![]);
    // A sync writing the cache meanwhile can hold the database ("database is locked"): wait
    // for it to settle first (a store-level retry is left to the store).
    wait_for_status(app, "the sync settled", |s| !s.syncing).await;
    app.submit_draft(&draft.id).await.unwrap();
    // Sent and back as a case of the party's own list.
    for _ in 0..150 {
        let cases = app
            .cases(CaseListQuery::default())
            .await
            .unwrap_or_default();
        if cases.iter().any(|c| c.cause == cause) {
            return;
        }
        app.sync_now().await;
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("{cause} was not filed: {:?}", app.watch_status().borrow());
}

async fn filing_status(app: &App, case_id: i64) -> Option<ecourt_api::FilingStatus> {
    Some(app.case(case_id).await.ok()?.detail.filing?.status)
}

async fn switch_to(app: &App, username: &str) {
    app.sign_out().await.unwrap();
    app.sign_in(username, "demo12345").await.unwrap();
    app.sync_now().await;
}

/// A returned or refused application is filed again from its own materials; the fee notice of a
/// registered one prints as a PDF with the amount, the deadline and what follows if unpaid.
#[tokio::test]
async fn a_refused_filing_is_filed_again_and_a_fee_notice_prints() {
    let dir = tempfile::tempdir().unwrap();
    let exports = dir.path().join("exports");
    let app = App::start(AppConfig {
        export_dir: Some(exports.clone()),
        ..AppConfig::embedded(dir.path().join("desk"))
    })
    .await
    .unwrap();
    app.sign_in("party1", "demo12345").await.unwrap();
    wait_for_status(&app, "the first sync", |s| {
        s.connection == Connection::Online && s.last_synced_at.is_some()
    })
    .await;
    // The filer sees the court's name, not its code.
    let code = app.new_draft().await.unwrap().application.court_code;
    assert_eq!(
        app.court_name(&code).await.unwrap().as_deref(),
        Some("重庆市渝中区人民法院")
    );
    assert_eq!(app.court_name("京0000").await.unwrap(), None);
    file_as_party(&app, "承揽合同纠纷", "150000").await;
    file_as_party(&app, "储蓄存款合同纠纷", "20000").await;

    switch_to(&app, "clerk1").await;
    let queue = app.review_queue().await.unwrap().items;
    let id_of = |cause: &str| {
        (queue.iter().find(|i| i.cause == cause))
            .unwrap_or_else(|| panic!("{cause} is not in {queue:?}"))
            .case_id
    };
    let (sale, lease) = (id_of("承揽合同纠纷"), id_of("储蓄存款合同纠纷"));
    app.register_filing(sale).await.unwrap();
    app.reject_filing(lease, "不属于本院管辖").await.unwrap();

    switch_to(&app, "party1").await;
    // The party's copy learns of both decisions by sync.
    for _ in 0..150 {
        if filing_status(&app, lease).await == Some(ecourt_api::FilingStatus::Rejected)
            && filing_status(&app, sale).await == Some(ecourt_api::FilingStatus::Registered)
        {
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Only a returned or refused application is filed again.
    assert_eq!(
        app.refile_draft(sale).await.unwrap_err().code,
        AppErrorCode::Conflict
    );
    let again = app.refile_draft(lease).await.unwrap();
    assert_eq!(again.case_id, None, "a new application, not a correction");
    assert_eq!(again.application.cause, "储蓄存款合同纠纷");
    assert_eq!(again.application.defendants[0].name, "赵大勇");
    assert_eq!(app.check_application(&again.application).problems, vec![]);
    assert!(app.drafts().await.unwrap().iter().any(|d| d.id == again.id));

    // The refused one has no fee notice; the registered one prints.
    assert_eq!(
        app.export_fee_notice(lease).await.unwrap_err().code,
        AppErrorCode::NotFound
    );
    let path = app.export_fee_notice(sale).await.unwrap();
    assert!(path.starts_with(exports.to_str().unwrap()));
    assert!(path.ends_with("交纳诉讼费用通知书.pdf"));
    let pdf = std::fs::read(&path).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = std::process::Command::new("pdftotext")
        .args(["-raw", &path, "-"])
        .output()
        .expect("poppler-utils");
    let text: String = String::from_utf8(text.stdout)
        .unwrap()
        .split_whitespace()
        .collect();
    for expected in [
        "张晓梅",
        "3300.00",
        "叁仟叁佰元整",
        "7日内",
        "按撤诉处理",
        "缓交",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from {text}"
        );
    }
    // The worked example of 150,000: 50 + 90,000 × 2.5% + 50,000 × 2%.
    assert!(text.contains("90000.00元×2.5%＝2250.00元"), "{text}");
}
