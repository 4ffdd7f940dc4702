//! A real process kill: a child process queues actions and syncs in a loop while the test kills
//! it with SIGKILL at random moments. Afterwards one clean round must leave every action the
//! child committed applied exactly once, in order, and nothing else.
//!
//! The child is this same test binary, started with `ECOURT_KILL_CHILD` set.

use ecourt_api::ActionBody;
use ecourt_server::embedded::EmbeddedServer;
use ecourt_store::Store;
use ecourt_sync::{CourtClient, SyncEngine};
use sqlx::Row;
use std::process::{Command, Stdio};
use std::time::Duration;

const ROUNDS: usize = 6;
const PER_ROUND: usize = 4;

/// The child: queue `PER_ROUND` messages, syncing after each, then keep syncing.
#[tokio::test]
async fn child_process_entry() {
    let Ok(spec) = std::env::var("ECOURT_KILL_CHILD") else {
        return;
    };
    let mut parts = spec.split('|');
    let (url, token, cache, case, round) = (
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
        parts.next().unwrap().to_string(),
        parts.next().unwrap().parse::<i64>().unwrap(),
        parts.next().unwrap().to_string(),
    );
    let store = Store::open(std::path::Path::new(&cache)).await.unwrap();
    let engine = SyncEngine::new(
        store.clone(),
        CourtClient::new(&url).unwrap().with_token(&token),
    );
    for j in 0..PER_ROUND {
        let text = format!("r{round}-m{j}");
        store
            .enqueue(
                &ActionBody::SendMessage {
                    case_id: case,
                    text,
                },
                "t",
            )
            .await
            .unwrap();
        let _ = engine.run_round().await;
    }
    loop {
        let _ = engine.run_round().await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_the_client_process_loses_and_repeats_nothing() {
    if std::env::var("ECOURT_KILL_CHILD").is_ok() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let server = EmbeddedServer::start(
        &dir.path().join("court"),
        0,
        ecourt_server::embedded::ServiceConfig::from_env(),
    )
    .await
    .unwrap();
    let token = CourtClient::new(&server.base_url)
        .unwrap()
        .sign_in("lawyer1", "demo12345")
        .await
        .unwrap()
        .token;
    let case: i64 = sqlx::query(
        "SELECT p.case_id FROM case_participants p JOIN accounts a ON a.id = p.account_id
         WHERE a.username = 'lawyer1' ORDER BY p.case_id LIMIT 1",
    )
    .fetch_one(&server.db.pool)
    .await
    .unwrap()
    .try_get("case_id")
    .unwrap();
    let cache = dir.path().join("desk").join("cache.sqlite");
    let exe = std::env::current_exe().unwrap();
    for round in 0..ROUNDS {
        let mut child = Command::new(&exe)
            .args([
                "--exact",
                "child_process_entry",
                "--nocapture",
                "--test-threads=1",
            ])
            .env(
                "ECOURT_KILL_CHILD",
                format!(
                    "{}|{}|{}|{}|{}",
                    server.base_url,
                    token,
                    cache.display(),
                    case,
                    round
                ),
            )
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Kill at a different moment each round: mid-enqueue, mid-push, mid-pull, idle.
        tokio::time::sleep(Duration::from_millis(40 + 90 * round as u64)).await;
        child.kill().unwrap(); // SIGKILL on Unix
        child.wait().unwrap();
    }
    // A clean start finishes what the killed processes left.
    let store = Store::open(&cache).await.unwrap();
    let queued: Vec<String> = store
        .pending()
        .await
        .unwrap()
        .into_iter()
        .map(|e| match e.action {
            ActionBody::SendMessage { text, .. } => text,
            other => panic!("only messages were queued, found {other:?}"),
        })
        .collect();
    let engine = SyncEngine::new(
        store.clone(),
        CourtClient::new(&server.base_url)
            .unwrap()
            .with_token(&token),
    );
    engine.run_round().await.unwrap();
    assert!(store.pending().await.unwrap().is_empty());
    let applied: Vec<String> =
        sqlx::query("SELECT detail FROM case_events WHERE kind = 'party_message' ORDER BY id")
            .fetch_all(&server.db.pool)
            .await
            .unwrap()
            .iter()
            .map(|r| r.try_get("detail").unwrap())
            .collect();
    eprintln!(
        "after {ROUNDS} kills: {} applied, {} were still queued: {applied:?}",
        applied.len(),
        queued.len()
    );
    // Exactly once: no message twice.
    let mut unique = applied.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(
        unique.len(),
        applied.len(),
        "a message was applied twice: {applied:?}"
    );
    // Nothing lost: every message still queued after the kills is now applied.
    for q in &queued {
        assert!(applied.contains(q), "{q} was queued but never applied");
    }
    // In order, and without holes: within each round, messages arrive as m0, m1, … (a process
    // killed mid-round simply never queued the rest).
    for round in 0..ROUNDS {
        let mine: Vec<&String> = applied
            .iter()
            .filter(|t| t.starts_with(&format!("r{round}-")))
            .collect();
        let expected: Vec<String> = (0..mine.len()).map(|j| format!("r{round}-m{j}")).collect();
        assert_eq!(
            mine.iter().map(|s| s.as_str()).collect::<Vec<_>>(),
            expected,
            "round {round}"
        );
    }
    // And the kills did land at different points: some rounds queued work, not all finished.
    assert!(!applied.is_empty());
}
