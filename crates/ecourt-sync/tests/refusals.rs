//! A refusal the court will never take back is not retried as if the court were down: an action
//! whose text the court refuses (a NUL, which PostgreSQL cannot store and which once answered
//! 500 there) becomes a visible refusal, and the actions queued after it still go through, on
//! both engines of a real court.

#[path = "../../ecourt-server/tests/common/mod.rs"]
mod common;
use common::{Engine, TestCourt};
use ecourt_api::{ActionBody, ApiErrorCode};
use ecourt_store::{OutboxState, Store};
use ecourt_sync::{CourtClient, SyncEngine};
use sqlx::Row;

fn message(case_id: i64, text: &str) -> ActionBody {
    ActionBody::SendMessage {
        case_id,
        text: text.into(),
    }
}

on_both_engines!(
    a_refused_text_does_not_block_the_outbox,
    |court: TestCourt| async move {
        let token = court.token("lawyer1").await;
        let case = court.role_case_ids("lawyer1").await[0];
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.sqlite")).await.unwrap();
        let client = CourtClient::new(&court.base).unwrap().with_token(&token);
        let engine = SyncEngine::new(store.clone(), client);

        store
            .enqueue(&message(case, "请求延期\u{0}举证"), "t")
            .await
            .unwrap();
        store
            .enqueue(&message(case, "右至左\u{202E}覆盖"), "t")
            .await
            .unwrap();
        store
            .enqueue(&message(case, "申请延期举证"), "t")
            .await
            .unwrap();
        // One round settles all three: no failure to retry.
        let report = engine.run_round().await.expect("the round completes");
        assert_eq!((report.pushed, report.rejected), (1, 2), "{report:?}");
        assert!(store.pending().await.unwrap().is_empty());
        let outbox = store.outbox().await.unwrap();
        let rejected: Vec<_> = outbox
            .iter()
            .filter(|e| e.state == OutboxState::Rejected)
            .collect();
        assert_eq!(rejected.len(), 2, "{outbox:?}");
        assert!(rejected.iter().all(|e| e.rejection.is_some()));

        // A later action goes through too (no gap in the court's mutation ids).
        store
            .enqueue(&message(case, "补充说明"), "t")
            .await
            .unwrap();
        let report = engine.run_round().await.unwrap();
        assert_eq!((report.pushed, report.rejected), (1, 0));

        let texts: Vec<String> =
            sqlx::query("SELECT detail FROM case_events WHERE kind = 'party_message' ORDER BY id")
                .fetch_all(&court.state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("detail").unwrap())
                .collect();
        assert_eq!(texts, ["申请延期举证", "补充说明"]);
        let codes: Vec<String> =
            sqlx::query("SELECT result_json FROM applied_mutations ORDER BY mutation_id")
                .fetch_all(&court.state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("result_json").unwrap())
                .collect();
        assert_eq!(codes.len(), 4);
        let invalid_text = serde_json::to_string(&ApiErrorCode::InvalidText).unwrap();
        assert!(
            codes[0].contains(&invalid_text) && codes[1].contains(&invalid_text),
            "{codes:?}"
        );
    }
);
