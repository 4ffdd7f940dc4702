//! Electronic service through the desktop core against the real embedded court (OLR Art. 29-31):
//! the clerk sees each recipient's ground of consent and serves the complaint's copy; it reaches
//! the defendant's inbox through the ordinary sync with the period it starts; the defendant opens
//! it while the court is away, the moment is kept in the outbox, and once the court is back it
//! has both times — the app's moment and when it learnt of it — exactly once, however often the
//! document was opened. The address confirmation filed from the desktop arrives in the cache as
//! a document to sign.

use ecourt_api::{AddressConfirmationRequest, ServeRecipient, ServeRequest, ServiceChannel};
use ecourt_app::{App, AppConfig, CaseListQuery};
use ecourt_server::embedded::{EmbeddedServer, ServiceConfig};
use ecourt_sync::Connection;
use std::path::Path;
use std::time::Duration;

async fn court(dir: &Path, port: u16) -> EmbeddedServer {
    EmbeddedServer::start(
        &dir.join("court"),
        port,
        ServiceConfig::new(dir.join("models"), None),
    )
    .await
    .unwrap()
}

async fn app_for(dir: &Path, name: &str, url: &str, username: &str) -> App {
    let mut config = AppConfig::embedded(dir.join(name));
    config.server_url = Some(url.to_string());
    let app = App::start(config).await.unwrap();
    app.sign_in(username, "demo12345").await.unwrap();
    synced(&app).await;
    app
}

/// Waits for a sync round after now that reached the court with nothing left to send.
async fn synced(app: &App) {
    app.sync_now().await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let mut rx = app.watch_status();
    tokio::time::timeout(
        Duration::from_secs(30),
        rx.wait_for(|s| {
            s.connection == Connection::Online
                && s.last_synced_at.is_some()
                && !s.syncing
                && s.pending_actions == 0
        }),
    )
    .await
    .expect("a sync round")
    .unwrap();
}

async fn until<F, Fut>(what: &str, mut f: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    tokio::time::timeout(Duration::from_secs(30), async {
        while !f().await {
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .unwrap_or_else(|_| panic!("{what}"));
}

#[tokio::test]
async fn a_document_opened_offline_reaches_the_court_once_with_both_times() {
    let dir = tempfile::tempdir().unwrap();
    let mut server = court(dir.path(), 0).await;
    let port = server.addr.port();
    let url = server.base_url.clone();
    let clerk = app_for(dir.path(), "clerk", &url, "clerk1").await;
    let defendant = app_for(dir.path(), "party3", &url, "party3").await;

    // The suit of 张晓梅 (party1) against 韩志远 (party3), and its complaint.
    let mut found = None;
    for case in defendant.cases(CaseListQuery::default()).await.unwrap() {
        let view = defendant.case(case.id).await.unwrap();
        if let Some(d) = view.detail.documents.first() {
            found = Some((case.id, d.id));
            break;
        }
    }
    let (case_id, document_id) = found.expect("a case of party3 with a document");
    let me = defendant.session().await.unwrap().account.id;

    // The clerk sees the defendant among the recipients, with the ground the court finds.
    let recipients = clerk.service_recipients(case_id).await.unwrap();
    let them = recipients
        .recipients
        .iter()
        .find(|r| r.account_id == me)
        .expect("the defendant can be served");
    let agreed = them
        .ground
        .is_none()
        .then(|| "借款合同第12条（电子送达约定）".to_string());
    let result = clerk
        .serve_documents(
            case_id,
            ServeRequest {
                document_ids: vec![document_id],
                recipients: vec![ServeRecipient {
                    account_id: me,
                    agreed_before_suit: agreed,
                }],
                channels: vec![ServiceChannel::Platform],
            },
        )
        .await
        .unwrap();
    assert_eq!(result.served.len(), 1);
    let service_id = result.served[0].id;
    assert!(result.served[0].electronic, "{:?}", result.served[0]);

    // The defendant's inbox, through the ordinary sync.
    until("the served document in the inbox", || async {
        synced(&defendant).await;
        defendant
            .service_inbox()
            .await
            .unwrap()
            .items
            .iter()
            .any(|i| i.served.id == service_id && i.downloaded)
    })
    .await;
    let inbox = defendant.service_inbox().await.unwrap();
    assert_eq!(inbox.unopened, 1);
    assert!(
        inbox.confirm_first.iter().any(|c| c.case_id == case_id),
        "the address confirmation is asked for on first need"
    );

    // The court goes away; the defendant opens the document twice, from the cache.
    server.stop().await;
    let view = defendant
        .open_served_document(case_id, service_id)
        .await
        .unwrap();
    assert_eq!(view.document_id, document_id);
    defendant
        .open_served_document(case_id, service_id)
        .await
        .unwrap();
    let inbox = defendant.service_inbox().await.unwrap();
    let item = inbox
        .items
        .iter()
        .find(|i| i.served.id == service_id)
        .unwrap();
    let moment = item.opened_here_at.clone().expect("the moment kept here");
    assert!(item.served.opened_at.is_none());
    assert_eq!(item.waiting, vec!["open_served_document".to_string()]);
    assert_eq!(inbox.unopened, 0);
    tokio::time::sleep(Duration::from_millis(1200)).await;

    // Back: the court learns it once, and keeps both times.
    server = court(dir.path(), port).await;
    until("the opening at the court", || async {
        defendant.sync_now().await;
        clerk.sync_now().await;
        let v = clerk.case(case_id).await.unwrap();
        v.detail
            .service
            .served
            .iter()
            .any(|s| s.id == service_id && s.opened_learned_at.is_some())
    })
    .await;
    let at_court = clerk
        .case(case_id)
        .await
        .unwrap()
        .detail
        .service
        .served
        .into_iter()
        .find(|s| s.id == service_id)
        .unwrap();
    assert_eq!(at_court.opened_at.as_deref(), Some(moment.as_str()));
    assert!(
        at_court.opened_learned_at.as_deref().unwrap() > moment.as_str(),
        "learnt after the moment it happened: {at_court:?}"
    );
    // Exactly once: one act on the timeline and one entry in the audit chain.
    let audited: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM audit_log WHERE action = 'served_document_opened' AND case_id = $1",
    )
    .bind(case_id)
    .fetch_one(&server.db.pool)
    .await
    .unwrap();
    assert_eq!(audited, 1);
    let events = clerk
        .case(case_id)
        .await
        .unwrap()
        .detail
        .events
        .iter()
        .filter(|e| e.kind == "served_document_opened")
        .count();
    assert_eq!(events, 1);
    // Opened again online: nothing new is queued.
    synced(&defendant).await;
    defendant
        .open_served_document(case_id, service_id)
        .await
        .unwrap();
    assert!(defendant
        .service_inbox()
        .await
        .unwrap()
        .items
        .iter()
        .all(|i| i.waiting.is_empty()));

    // The address confirmation, filed from the desktop, arrives as a document of the case.
    let confirmation = defendant
        .confirm_address(
            case_id,
            AddressConfirmationRequest {
                consent_electronic: true,
                platform: true,
                email: Some(" party3@ecourt.test ".into()),
                mobile: None,
                postal_address: Some("重庆市渝中区解放碑1号".into()),
            },
        )
        .await
        .unwrap();
    assert_eq!(confirmation.email.as_deref(), Some("party3@ecourt.test"));
    assert!(!confirmation.in_force, "in force once signed");
    let signing = defendant
        .signing(case_id, confirmation.document_id)
        .await
        .unwrap();
    assert!(signing.same_as_court);
    // A bad mobile number never leaves the desktop.
    let err = defendant
        .confirm_address(
            case_id,
            AddressConfirmationRequest {
                consent_electronic: true,
                platform: true,
                email: None,
                mobile: Some("12345".into()),
                postal_address: None,
            },
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, ecourt_app::AppErrorCode::InvalidInput);

    defendant.sign_out().await.unwrap();
    clerk.sign_out().await.unwrap();
    server.stop().await;
}
