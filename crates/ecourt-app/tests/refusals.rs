//! A filing the court refuses does not disappear: the newcomer party3, whose identity is not
//! verified yet, files with the real court (embedded); the court refuses it
//! (`identity_step_missing`, 《人民法院在线诉讼规则》第七条), the refusal is listed and counted,
//! its draft comes back editable, and dismissing it clears the count. Once online, once submitted
//! while the court was unreachable and refused when it came back.

use ecourt_app::{App, AppConfig, AppErrorCode, FilingDraft, RefusedKind, SyncStatus};
use ecourt_server::embedded::{EmbeddedServer, ServiceConfig};
use ecourt_sync::Connection;
use std::path::Path;
use std::time::Duration;

async fn wait_for_status(app: &App, what: &str, f: impl Fn(&SyncStatus) -> bool) {
    let mut rx = app.watch_status();
    tokio::time::timeout(Duration::from_secs(30), rx.wait_for(|s| f(s)))
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
        .unwrap();
}

/// 韩志远 (party3) sues 赵大勇 over a loan: complete, so only the court can refuse it.
async fn complete_draft(app: &App) -> FilingDraft {
    let mut draft = app.new_draft().await.unwrap();
    let a = &mut draft.application;
    assert_eq!(a.plaintiffs[0].name, "韩志远");
    a.cause = "民间借贷纠纷".into();
    a.plaintiffs[0].id_number = "11010519491231002X".into();
    a.plaintiffs[0].phone = "13800000003".into();
    a.plaintiffs[0].address = "重庆市渝中区解放碑街道1号".into();
    a.defendants[0].name = "赵大勇".into();
    a.defendants[0].address = "重庆市渝中区".into();
    a.claims[0].text = "判令被告偿还借款本金150000元".into();
    a.claims[0].amount = Some("150000".into());
    a.facts_and_reasons = "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。".into();
    let iou = app
        .attach_file("借条.pdf", b"%PDF-1.4\n%%EOF\n")
        .await
        .unwrap();
    a.evidence.push(ecourt_domain::filing::EvidenceItem {
        name: "借条".into(),
        source: "原告提供".into(),
        proves: "借款事实".into(),
        files: vec![iou],
    });
    let draft = app.save_draft(draft).await.unwrap();
    assert!(app
        .check_application(&draft.application)
        .problems
        .is_empty());
    draft
}

/// After the court's refusal: listed with its reason and its draft, counted, the draft editable,
/// and gone from list and count once dismissed.
async fn the_refusal_is_shown_and_the_draft_restored(app: &App, draft: &FilingDraft) {
    wait_for_status(app, "the refusal counted", |s| s.rejected_actions == 1).await;
    let refused = app.refused_actions().await.unwrap();
    assert_eq!(refused.len(), 1, "{refused:?}");
    let r = &refused[0];
    assert_eq!(r.kind, RefusedKind::Filing);
    assert_eq!(r.refusal, AppErrorCode::IdentityStepMissing);
    assert_eq!(r.label, "民间借贷纠纷");
    assert_eq!(r.case_id, None, "a refused new filing belongs to no case");
    assert_eq!(r.draft_id.as_deref(), Some(draft.id.as_str()));

    let back = app.draft(&draft.id).await.unwrap();
    assert_eq!(
        back.submitted_mutation_id, None,
        "the draft is a draft again"
    );
    assert_eq!(back.application, draft.application, "nothing typed is lost");
    let mut edited = back.clone();
    edited
        .application
        .facts_and_reasons
        .push_str("经多次催讨未果。");
    app.save_draft(edited.clone()).await.unwrap();
    assert_eq!(
        app.draft(&draft.id).await.unwrap().application,
        edited.application,
        "and it can be edited"
    );

    app.dismiss_rejected(r.mutation_id).await.unwrap();
    assert!(app.refused_actions().await.unwrap().is_empty());
    wait_for_status(app, "the count cleared", |s| s.rejected_actions == 0).await;
    assert!(
        app.draft(&draft.id).await.is_ok(),
        "dismissing the refusal keeps the draft"
    );
}

#[tokio::test]
async fn a_refused_filing_is_listed_and_its_draft_restored_online() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::start(AppConfig::embedded(dir.path().to_path_buf()))
        .await
        .unwrap();
    app.sign_in("party3", "demo12345").await.unwrap();
    wait_for_status(&app, "the first sync", |s| {
        s.connection == Connection::Online && s.last_synced_at.is_some()
    })
    .await;
    let draft = complete_draft(&app).await;
    app.submit_draft(&draft.id).await.unwrap();
    the_refusal_is_shown_and_the_draft_restored(&app, &draft).await;
}

async fn court(dir: &Path, port: u16) -> EmbeddedServer {
    EmbeddedServer::start(dir, port, ServiceConfig::from_env())
        .await
        .unwrap()
}

#[tokio::test]
async fn a_filing_submitted_offline_and_refused_later_is_listed_and_its_draft_restored() {
    let dir = tempfile::tempdir().unwrap();
    let court_dir = dir.path().join("court");
    let first = court(&court_dir, 0).await;
    let url = first.base_url.clone();
    let port: u16 = url
        .trim_end_matches('/')
        .rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("no port in {url}"));
    let app = App::start(AppConfig {
        server_url: Some(url),
        ..AppConfig::embedded(dir.path().join("desk"))
    })
    .await
    .unwrap();
    app.sign_in("party3", "demo12345").await.unwrap();
    wait_for_status(&app, "the first sync", |s| s.last_synced_at.is_some()).await;

    // The court is unreachable: the filing waits in the outbox, nothing refused yet.
    first.stop().await;
    app.sync_now().await;
    wait_for_status(&app, "the offline mark", |s| {
        s.connection == Connection::Offline
    })
    .await;
    let draft = complete_draft(&app).await;
    app.submit_draft(&draft.id).await.unwrap();
    wait_for_status(&app, "the filing waiting", |s| s.pending_actions == 1).await;
    assert!(app.refused_actions().await.unwrap().is_empty());
    assert!(app
        .draft(&draft.id)
        .await
        .unwrap()
        .submitted_mutation_id
        .is_some());

    // The court is back (same data, same address) and refuses it.
    let _back = court(&court_dir, port).await;
    app.sync_now().await;
    the_refusal_is_shown_and_the_draft_restored(&app, &draft).await;
}
