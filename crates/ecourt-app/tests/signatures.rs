//! Electronic signing from the desktop core against the real embedded court (OLR Art. 33;
//! 民事诉讼法 Art. 150): the hash signed is that of the bytes in this computer's cache; without a
//! fresh face re-check the core says so first and the court refuses; once re-checked the
//! signature holds and a second answer to the same version is the court's conflict; a refusal
//! needs its reason before anything leaves the desktop.

use ecourt_app::{App, AppConfig, AppErrorCode, CaseListQuery, SignatureOutcome};
use ecourt_server::embedded::{EmbeddedServer, ServiceConfig};
use ecourt_sync::Connection;
use std::time::Duration;

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

/// A face re-check just passed at the court (the check itself is tested in face.rs).
async fn rechecked_now(court: &EmbeddedServer, username: &str) {
    sqlx::query(
        "UPDATE account_identity SET rechecked_at = $1
         WHERE account_id = (SELECT id FROM accounts WHERE username = $2)",
    )
    .bind(ecourt_server::clock::stamp(chrono::Utc::now()))
    .bind(username)
    .execute(&court.db.pool)
    .await
    .unwrap();
}

#[tokio::test]
async fn a_party_signs_the_version_in_the_cache_after_a_fresh_recheck() {
    let dir = tempfile::tempdir().unwrap();
    let court = EmbeddedServer::start(
        &dir.path().join("court"),
        0,
        ServiceConfig::new(dir.path().join("models"), None),
    )
    .await
    .unwrap();
    let mut config = AppConfig::embedded(dir.path().join("app"));
    config.server_url = Some(court.base_url.clone());
    let app = App::start(config).await.unwrap();
    // 张晓梅 (party1, verified at the counter) and the complaint of her suit against party3.
    signed_in(&app, "party1").await;
    let mut found = None;
    for case in app.cases(CaseListQuery::default()).await.unwrap() {
        let view = app.case(case.id).await.unwrap();
        if view
            .detail
            .participants
            .iter()
            .any(|p| p.name.contains("韩"))
        {
            if let Some(d) = view.detail.documents.first() {
                found = Some((case.id, d.id, d.sha256.clone()));
                break;
            }
        }
    }
    let (case_id, document_id, sha256) = found.expect("a document in party1's suit");

    let view = app.signing(case_id, document_id).await.unwrap();
    assert_eq!(view.sha256, sha256, "the hash of the cached bytes");
    assert!(view.same_as_court);
    assert!(view.identity.verified.is_some());
    assert!(view.recheck_needed, "no re-check yet");
    assert!(view.mine.is_none());

    // Without a re-check the court refuses; nothing is recorded.
    let err = app
        .sign_document(case_id, document_id, SignatureOutcome::Signed, None)
        .await
        .unwrap_err();
    assert_eq!(err.code, AppErrorCode::IdentityStepMissing, "{err:?}");
    assert!(app
        .signing(case_id, document_id)
        .await
        .unwrap()
        .signatures
        .is_empty());

    // A refusal without a reason never leaves the desktop.
    let err = app
        .sign_document(
            case_id,
            document_id,
            SignatureOutcome::Refused,
            Some("  ".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, AppErrorCode::InvalidInput);

    rechecked_now(&court, "party1").await;
    let view = app.signing(case_id, document_id).await.unwrap();
    assert!(!view.recheck_needed);
    let view = app
        .sign_document(case_id, document_id, SignatureOutcome::Signed, None)
        .await
        .unwrap();
    let mine = view.mine.expect("the signature is mine");
    assert_eq!(mine.outcome, SignatureOutcome::Signed);
    assert!(mine.valid);
    assert_eq!(mine.document_sha256, sha256);

    // The same version once only: the court's conflict, worded by its code.
    let err = app
        .sign_document(
            case_id,
            document_id,
            SignatureOutcome::Refused,
            Some("我不同意".into()),
        )
        .await
        .unwrap_err();
    assert_eq!(err.code, AppErrorCode::Conflict, "{err:?}");

    // The act reaches the cache's timeline through the ordinary sync.
    tokio::time::timeout(Duration::from_secs(30), async {
        loop {
            let view = app.case(case_id).await.unwrap();
            if view
                .detail
                .events
                .iter()
                .any(|e| e.kind == "document_signed")
            {
                break;
            }
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    })
    .await
    .expect("the signature on the timeline");
    app.sign_out().await.unwrap();
    court.stop().await;
}
