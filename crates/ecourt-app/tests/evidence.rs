//! Evidence exchange through the desktop core and a real embedded court: both parties give
//! evidence (the files streamed from this computer's folder of large files) while the demo's
//! exchange of the case is open, the defendant sees the plaintiff's item from the cache and
//! writes an opinion while the court is gone, and once the court is back the opinion reaches it
//! exactly once, with the moment it was written; the judge's matrix shows it, disputed, and the
//! reasoned objection to the copy has asked for the original.

use ecourt_api::{
    NewEvidenceItem, OpinionRequest, OpinionStance, OriginalOrCopy, OriginalOutcome,
    PropertyOpinion,
};
use ecourt_app::{App, AppConfig, AppErrorCode, CaseListQuery};
use ecourt_server::embedded::{EmbeddedServer, ServiceConfig};
use ecourt_sync::Connection;
use sqlx::Row;
use std::path::Path;
use std::time::Duration;

async fn wait_for_status(app: &App, what: &str, f: impl Fn(&ecourt_app::SyncStatus) -> bool) {
    let mut rx = app.watch_status();
    tokio::time::timeout(Duration::from_secs(30), rx.wait_for(|s| f(s)))
        .await
        .unwrap_or_else(|_| panic!("timed out waiting for {what}"))
        .unwrap();
}

async fn desk(dir: &Path, court: &str, username: &str) -> App {
    let config = AppConfig {
        server_url: Some(court.to_string()),
        ..AppConfig::embedded(dir.join(username))
    };
    let app = App::start(config).await.unwrap();
    app.sign_in(username, "demo12345").await.unwrap();
    synced(&app).await;
    app
}

/// Waits for a round that ended after now (the cache holds what the court had then).
async fn synced(app: &App) {
    let before = app.sync_status().last_synced_at;
    app.sync_now().await;
    wait_for_status(app, "a sync round", |s| {
        s.connection == Connection::Online
            && s.last_synced_at.is_some()
            && (s.last_synced_at != before || s.pending_actions == 0 && !s.syncing)
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.sync_now().await;
    wait_for_status(app, "the round after", |s| {
        s.connection == Connection::Online && !s.syncing && s.pending_actions == 0
    })
    .await;
}

/// The identity re-check before evidence (OLR Art. 7) as the face check leaves it on the
/// account; the check itself is tested with recorded people in `face.rs` and the court's tests.
async fn rechecked(court: &EmbeddedServer, username: &str) {
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let id: i64 = sqlx::query("SELECT id FROM accounts WHERE username = $1")
        .bind(username)
        .fetch_one(&court.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = $2")
        .bind(now)
        .bind(id)
        .execute(&court.db.pool)
        .await
        .unwrap();
}

fn pdf(dir: &Path, name: &str, words: &str) -> std::path::PathBuf {
    let p = dir.join(name);
    let body = format!(
        "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {words}\ntrailer << /Root 1 0 R >>\n%%EOF\n"
    );
    std::fs::write(&p, body).unwrap();
    p
}

fn agreed() -> PropertyOpinion {
    PropertyOpinion {
        stance: OpinionStance::Agreed,
        reason: None,
    }
}

#[tokio::test]
async fn an_opinion_written_offline_reaches_the_court_once_and_the_matrix_shows_it() {
    let dir = tempfile::tempdir().unwrap();
    let court_dir = dir.path().join("court");
    let court = EmbeddedServer::start(&court_dir, 0, ServiceConfig::from_env())
        .await
        .unwrap();
    let port = court.addr.port();
    let url = court.base_url.clone();
    rechecked(&court, "party1").await;
    rechecked(&court, "party2").await;

    let plaintiff = desk(dir.path(), &url, "party1").await;
    let defendant = desk(dir.path(), &url, "party2").await;
    let judge = desk(dir.path(), &url, "judge1").await;

    // The case where 张晓梅 sues 李建国 (the demo's meeting case), registered.
    let case = plaintiff
        .cases(CaseListQuery::default())
        .await
        .unwrap()
        .into_iter()
        .find(|c| c.case_number.is_some() && c.defendants.iter().any(|p| p.contains("李建国")))
        .expect("the case of both demo parties");
    let case_id = case.id;

    // Each side gives an item; its file goes up streamed from this computer's file folder.
    let iou = plaintiff
        .import_evidence_file(&pdf(dir.path(), "借条.pdf", "IOU"))
        .await
        .unwrap();
    assert_eq!(iou.file.mime_type, "application/pdf");
    let given = plaintiff
        .give_evidence(
            case_id,
            None,
            NewEvidenceItem {
                name: "借条".into(),
                source: "原告持有".into(),
                proves: "被告向原告借款15万元".into(),
                original: OriginalOrCopy::Copy,
                pages: 1,
                files: vec![iou.file.clone()],
            },
        )
        .await
        .unwrap();
    assert!(given.yours);
    let receipt = defendant
        .import_evidence_file(&pdf(dir.path(), "还款记录.pdf", "repaid"))
        .await
        .unwrap();
    let own = defendant
        .give_evidence(
            case_id,
            None,
            NewEvidenceItem {
                name: "银行转账记录（补充）".into(),
                source: "被告的银行".into(),
                proves: "已还款5万元".into(),
                original: OriginalOrCopy::Original,
                pages: 2,
                files: vec![receipt.file],
            },
        )
        .await
        .unwrap();
    // A file that is not what it says is refused here before anything goes up.
    let fake = dir.path().join("录音.mp3");
    std::fs::write(&fake, b"PK\x03\x04 a zip archive").unwrap();
    let refused = defendant.import_evidence_file(&fake).await.unwrap_err();
    assert_eq!(refused.code, AppErrorCode::FileNotWhatItClaims);

    // The demo's exchange of this case is open: the judge reminds the parties, and the
    // defendant's cache holds the plaintiff's new item.
    judge.remind_exchange(case_id).await.unwrap();
    synced(&defendant).await;
    let open = defendant.case_evidence(case_id).await.unwrap();
    let theirs = open
        .evidence
        .items
        .iter()
        .find(|i| i.id == given.id)
        .expect("the plaintiff's new item, the exchange being open")
        .clone();
    assert!(!theirs.yours);
    assert_eq!(theirs.versions[0].name, "借条");
    // An opinion on one's own item is refused before it is queued.
    let opinion = OpinionRequest {
        version: theirs.versions.last().unwrap().version,
        authenticity: PropertyOpinion {
            stance: OpinionStance::Disputed,
            reason: Some("借条上的签名不是被告所签".into()),
        },
        legality: agreed(),
        relevance: PropertyOpinion {
            stance: OpinionStance::PartlyAgreed,
            reason: Some("只能证明部分借款".into()),
        },
        copy_matches_original: Some(false),
        objection_reason: Some("复印件与原件的日期不一致".into()),
        on_behalf_of: None,
    };
    let mine = defendant
        .give_evidence_opinion(case_id, own.id, opinion.clone())
        .await
        .unwrap_err();
    assert_eq!(mine.code, AppErrorCode::OpinionOnOwnEvidence);

    // The court goes away; the defendant writes the opinion offline.
    court.stop().await;
    defendant.sync_now().await;
    wait_for_status(&defendant, "offline", |s| {
        s.connection == Connection::Offline
    })
    .await;
    let queued = defendant
        .give_evidence_opinion(case_id, theirs.id, opinion.clone())
        .await
        .unwrap();
    let waiting = defendant.case_evidence(case_id).await.unwrap().waiting;
    assert_eq!(waiting.len(), 1);
    assert_eq!(waiting[0].outbox.entry.mutation_id, queued.mutation_id);
    let written_at = waiting[0].written_at.clone();
    tokio::time::sleep(Duration::from_millis(1200)).await;

    // Back online: sent once, applied, and the cache shows the court's record of it.
    let court = EmbeddedServer::start(&court_dir, port, ServiceConfig::from_env())
        .await
        .unwrap();
    synced(&defendant).await;
    synced(&defendant).await;
    let after = defendant.case_evidence(case_id).await.unwrap();
    assert!(after.waiting.is_empty(), "{:?}", after.waiting);
    let recorded: Vec<_> = after
        .evidence
        .opinions
        .iter()
        .filter(|o| o.item_id == theirs.id)
        .collect();
    assert_eq!(recorded.len(), 1, "{recorded:?}");
    assert_eq!(recorded[0].written_at, written_at);
    assert!(recorded[0].given_at > recorded[0].written_at);
    let rows: i64 = sqlx::query("SELECT COUNT(*) AS n FROM evidence_opinions WHERE item_id = $1")
        .bind(theirs.id)
        .fetch_one(&court.db.pool)
        .await
        .unwrap()
        .try_get("n")
        .unwrap();
    assert_eq!(rows, 1, "applied exactly once");

    // The judge's matrix: the plaintiff's item disputed by the defendant, the original asked.
    let matrix = judge.evidence_matrix(case_id, true).await.unwrap();
    let row = matrix
        .rows
        .iter()
        .find(|r| r.item_id == theirs.id)
        .expect("the disputed item");
    assert!(row.disputed);
    let defendant_id = matrix
        .parties
        .iter()
        .position(|p| p.name == "李建国")
        .unwrap();
    let cell = row.cells[defendant_id].opinion.as_ref().unwrap();
    assert_eq!(cell.authenticity.stance, OpinionStance::Disputed);
    assert_eq!(cell.copy_matches_original, Some(false));
    assert!(row
        .originals
        .iter()
        .any(|o| o.outcome == OriginalOutcome::Requested));
    // The item the defendant agreed to nothing on is not in the disputed view.
    let all = judge.evidence_matrix(case_id, false).await.unwrap();
    assert!(all.rows.iter().any(|r| r.item_id == own.id && !r.disputed));
    assert!(matrix.rows.iter().all(|r| r.disputed));
    court.stop().await;
}
