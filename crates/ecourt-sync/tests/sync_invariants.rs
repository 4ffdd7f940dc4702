//! The sync engine's promises, checked against a real court service on loopback with failpoints
//! standing in for a crash at each step. A "crash" drops the engine and closes the database;
//! the next "start" opens the same file again, as the app does after a restart.

use ecourt_api::ActionBody;
use ecourt_server::embedded::EmbeddedServer;
use ecourt_server::state::AppState;
use ecourt_store::Store;
use ecourt_sync::engine::RoundReport;
use ecourt_sync::{CourtClient, Faults, SyncEngine};
use sqlx::Row;
use std::path::PathBuf;
use std::time::Duration;

struct World {
    server: EmbeddedServer,
    state: AppState,
    token: String,
    cache: PathBuf,
    _dir: tempfile::TempDir,
}

impl World {
    async fn new() -> World {
        let dir = tempfile::tempdir().unwrap();
        let server = EmbeddedServer::start(
            &dir.path().join("court"),
            0,
            ecourt_server::embedded::ServiceConfig::from_env(),
        )
        .await
        .unwrap();
        let state = AppState::with_system_clock(server.db.clone()).unwrap();
        let token = CourtClient::new(&server.base_url)
            .unwrap()
            .sign_in("lawyer1", "demo12345")
            .await
            .unwrap()
            .token;
        let cache = dir.path().join("desk").join("cache.sqlite");
        add_large_document(&state).await;
        World {
            server,
            state,
            token,
            cache,
            _dir: dir,
        }
    }

    async fn engine(&self, faults: &Faults) -> (Store, SyncEngine) {
        let store = Store::open(&self.cache).await.unwrap();
        let client = CourtClient::new(&self.server.base_url)
            .unwrap()
            .with_token(&self.token);
        let engine = SyncEngine::new(store.clone(), client).with_faults(faults.clone());
        (store, engine)
    }

    async fn server_messages(&self) -> Vec<String> {
        sqlx::query("SELECT detail FROM case_events WHERE kind = 'party_message' ORDER BY id")
            .fetch_all(&self.state.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("detail").unwrap())
            .collect()
    }

    async fn lawyer_case(&self) -> i64 {
        sqlx::query(
            "SELECT p.case_id FROM case_participants p JOIN accounts a ON a.id = p.account_id
             WHERE a.username = 'lawyer1' ORDER BY p.case_id LIMIT 1",
        )
        .fetch_one(&self.state.db.pool)
        .await
        .unwrap()
        .try_get("case_id")
        .unwrap()
    }
}

/// A scanned exhibit too large to travel inline, so that content is also fetched by id.
async fn add_large_document(state: &AppState) {
    use sha2::Digest;
    let case: i64 = sqlx::query(
        "SELECT p.case_id FROM case_participants p JOIN accounts a ON a.id = p.account_id
         WHERE a.username = 'lawyer1' ORDER BY p.case_id DESC LIMIT 1",
    )
    .fetch_one(&state.db.pool)
    .await
    .unwrap()
    .try_get("case_id")
    .unwrap();
    let bytes = "证据照片说明。".repeat(10_000).into_bytes();
    assert!(bytes.len() as i64 > ecourt_api::limits::INLINE_CONTENT_MAX_BYTES);
    let now = chrono::Utc::now();
    let mut tx = state.db.begin_write().await.unwrap();
    sqlx::query(
        "INSERT INTO documents (case_id, title, kind, mime_type, size_bytes, sha256, content, created_at)
         VALUES ($1, '现场照片说明', 'evidence', 'text/plain; charset=utf-8', $2, $3, $4, $5)",
    )
    .bind(case)
    .bind(bytes.len() as i64)
    .bind(hex::encode(sha2::Sha256::digest(&bytes)))
    .bind(bytes)
    .bind(ecourt_server::clock::stamp(now))
    .execute(&mut *tx)
    .await
    .unwrap();
    ecourt_server::cases::touch(&mut tx, case, now)
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

fn message(case_id: i64, text: &str) -> ActionBody {
    ActionBody::SendMessage {
        case_id,
        text: text.into(),
    }
}

#[tokio::test]
async fn a_full_sync_brings_every_visible_case_and_its_documents() {
    let world = World::new().await;
    let (store, engine) = world.engine(&Faults::default()).await;
    let report = engine.run_round().await.unwrap();
    let listed = CourtClient::new(&world.server.base_url)
        .unwrap()
        .with_token(&world.token)
        .cases()
        .await
        .unwrap();
    assert_eq!(store.case_count().await.unwrap(), listed.cases.len() as i64);
    // Small documents arrive inside the pages; only the large exhibit is fetched on its own.
    assert_eq!(report.blobs, 1);
    assert!(
        store.missing_blobs(10).await.unwrap().is_empty(),
        "every document's content is cached"
    );
    let first = &listed.cases[0];
    let detail = store.case_detail(first.id).await.unwrap().unwrap();
    let doc = &detail.documents[0];
    let (mime, bytes) = store
        .document_content(first.id, doc.id)
        .await
        .unwrap()
        .unwrap();
    assert!(mime.starts_with("text/plain"));
    assert_eq!(bytes.len() as i64, doc.size_bytes);
    // A second round finds nothing new.
    let again = engine.run_round().await.unwrap();
    assert_eq!(
        again,
        RoundReport {
            pages: 1,
            ..RoundReport::default()
        }
    );
}

#[tokio::test]
async fn pushing_the_same_outbox_twice_changes_nothing() {
    let world = World::new().await;
    let case = world.lawyer_case().await;
    let faults = Faults::default();
    let (store, engine) = world.engine(&faults).await;
    store
        .enqueue(&message(case, "申请延期举证"), "t")
        .await
        .unwrap();
    // The court applies the action but its answer is lost on the way back.
    faults.arm("push.after_send", 1);
    assert!(engine.run_round().await.is_err());
    assert_eq!(
        store.pending().await.unwrap().len(),
        1,
        "unanswered, so still queued"
    );
    // The retry sends the same id: the court answers from its record.
    engine.run_round().await.unwrap();
    assert_eq!(world.server_messages().await, vec!["申请延期举证"]);
    // Pushing the very same request yet again is answered as a replay.
    let client_id = store.client_id().await.unwrap();
    let client = CourtClient::new(&world.server.base_url)
        .unwrap()
        .with_token(&world.token);
    let replay = client
        .push(&ecourt_api::ActionRequest {
            client_id,
            mutation_id: 1,
            action: message(case, "申请延期举证"),
        })
        .await
        .unwrap();
    assert!(replay.replayed);
    assert_eq!(world.server_messages().await.len(), 1);
    // The court's record of the message reached the cache, and the outbox is empty.
    assert!(store.outbox().await.unwrap().is_empty());
    let detail = store.case_detail(case).await.unwrap().unwrap();
    assert!(detail
        .events
        .iter()
        .any(|e| e.detail.as_deref() == Some("申请延期举证")));
}

#[tokio::test]
async fn killing_the_client_at_any_point_loses_no_queued_action() {
    let world = World::new().await;
    let case = world.lawyer_case().await;
    let mut expected = Vec::new();
    for (round, point) in
        // Content is fetched only while some is missing, so that point goes first, on a fresh cache.
        [
            "blobs.before_fetch",
            "push.before_send",
            "push.after_send",
            "push.after_answer",
            "pull.before_apply",
        ]
        .into_iter()
        .enumerate()
    {
        let faults = Faults::default();
        {
            let (store, engine) = world.engine(&faults).await;
            for k in 0..2 {
                let text = format!("第{round}轮第{k}条");
                store.enqueue(&message(case, &text), "t").await.unwrap();
                expected.push(text);
            }
            faults.arm(point, 1);
            assert!(
                engine.run_round().await.is_err(),
                "the round stopped at {point}"
            );
            // The process dies here: engine and pool are gone, only the file remains.
            drop(engine);
            store.close().await;
        }
        let (store, engine) = world.engine(&Faults::default()).await;
        engine.run_round().await.unwrap();
        assert!(
            store.pending().await.unwrap().is_empty(),
            "after {point}: everything was sent"
        );
        assert_eq!(
            world.server_messages().await,
            expected,
            "after {point}: each action exactly once, in order"
        );
        store.close().await;
    }
}

#[tokio::test]
async fn a_row_deleted_on_the_server_disappears_locally() {
    let world = World::new().await;
    let (store, engine) = world.engine(&Faults::default()).await;
    engine.run_round().await.unwrap();
    let before = store.case_count().await.unwrap();
    let deleted = world.lawyer_case().await;
    assert!(store.case_detail(deleted).await.unwrap().is_some());
    ecourt_server::sync::delete_case(&world.state.db, None, deleted, chrono::Utc::now())
        .await
        .unwrap();
    // A role that ends takes the case out of this account's view too.
    let lawyer: i64 = sqlx::query("SELECT id FROM accounts WHERE username = 'lawyer1'")
        .fetch_one(&world.state.db.pool)
        .await
        .unwrap()
        .try_get("id")
        .unwrap();
    let revoked = world.lawyer_case().await;
    ecourt_server::sync::end_roles(&world.state.db, None, revoked, lawyer, chrono::Utc::now())
        .await
        .unwrap();
    engine.run_round().await.unwrap();
    assert!(store.case_detail(deleted).await.unwrap().is_none());
    assert!(store.case_detail(revoked).await.unwrap().is_none());
    assert_eq!(store.case_count().await.unwrap(), before - 2);
}

#[tokio::test]
async fn a_too_old_cursor_triggers_a_full_resync_that_keeps_the_outbox() {
    let world = World::new().await;
    let case = world.lawyer_case().await;
    let (store, engine) = world.engine(&Faults::default()).await;
    engine.run_round().await.unwrap();
    let cases = store.case_count().await.unwrap();
    // An action waiting to be sent while the resync happens.
    store
        .enqueue(&message(case, "重新同步前排队的留言"), "t")
        .await
        .unwrap();
    // The court prunes its tombstones past this client's cursor.
    let clock: i64 = sqlx::query("SELECT seq FROM sync_clock")
        .fetch_one(&world.state.db.pool)
        .await
        .unwrap()
        .try_get("seq")
        .unwrap();
    ecourt_server::sync::delete_case(&world.state.db, None, case + 1000, chrono::Utc::now())
        .await
        .unwrap();
    ecourt_server::sync::prune_tombstones(&world.state.db, clock + 1)
        .await
        .unwrap();
    let mut report = RoundReport::default();
    engine.pull(&mut report).await.unwrap();
    assert!(report.resynced);
    assert_eq!(
        store.case_count().await.unwrap(),
        cases,
        "every case is back"
    );
    assert_eq!(
        store.pending().await.unwrap().len(),
        1,
        "the outbox survived the resync"
    );
    engine.run_round().await.unwrap();
    assert_eq!(world.server_messages().await, vec!["重新同步前排队的留言"]);
}

#[tokio::test]
async fn a_failed_push_is_retried_without_a_new_local_write() {
    let world = World::new().await;
    let case = world.lawyer_case().await;
    let faults = Faults::default();
    let (store, engine) = world.engine(&faults).await;
    store
        .enqueue(&message(case, "网络恢复后自动发送"), "t")
        .await
        .unwrap();
    // The first two sends fail; nothing else is written locally after that.
    faults.arm("push.before_send", 2);
    let handle = engine.spawn();
    let deadline = tokio::time::Instant::now() + Duration::from_secs(30);
    while !store.pending().await.unwrap().is_empty() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the queue did not drain by itself"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    assert_eq!(world.server_messages().await, vec!["网络恢复后自动发送"]);
    let mut status = handle.status();
    tokio::time::timeout(
        Duration::from_secs(10),
        status.wait_for(|s| s.pending_actions == 0 && !s.syncing),
    )
    .await
    .expect("the status line catches up")
    .unwrap();
    handle.stop();
}

#[tokio::test]
async fn a_refused_action_is_kept_visible_and_does_not_block_the_next() {
    let world = World::new().await;
    let case = world.lawyer_case().await;
    let (store, engine) = world.engine(&Faults::default()).await;
    // A case this lawyer holds no role in: the court refuses, for good.
    store
        .enqueue(&message(999_999, "发错案件的留言"), "t")
        .await
        .unwrap();
    store
        .enqueue(&message(case, "正常的留言"), "t")
        .await
        .unwrap();
    let report = engine.run_round().await.unwrap();
    assert_eq!((report.pushed, report.rejected), (1, 1));
    assert_eq!(world.server_messages().await, vec!["正常的留言"]);
    let outbox = store.outbox().await.unwrap();
    assert_eq!(outbox.len(), 1);
    assert_eq!(outbox[0].state, ecourt_store::OutboxState::Rejected);
    assert!(outbox[0].rejection.is_some());
}

#[tokio::test]
async fn the_server_going_away_is_reported_as_offline_and_the_cache_stays() {
    let world = World::new().await;
    let (store, engine) = world.engine(&Faults::default()).await;
    engine.run_round().await.unwrap();
    let cached = store.case_count().await.unwrap();
    let World { server, .. } = world;
    server.stop().await;
    let err = engine.run_round().await.unwrap_err();
    assert!(
        matches!(
            err,
            ecourt_sync::SyncError::Client(ecourt_sync::ClientError::Unreachable(_))
        ),
        "{err}"
    );
    assert_eq!(store.case_count().await.unwrap(), cached);
}
