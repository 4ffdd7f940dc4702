//! The outbox (待发送): the user's actions, kept in order until the court has answered them.
//!
//! An action is written here in one transaction with its mutation id, so that once `enqueue`
//! returns the action survives a crash, and it is sent with the same id however often it is
//! retried; the court applies each id once.

use crate::{Result, Store};
use ecourt_api::{ActionBody, ActionResult};
use serde::{Deserialize, Serialize};
use sqlx::sqlite::SqliteRow;
use sqlx::Row;
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// Waiting to be sent, or sent without an answer yet.
    Pending,
    /// The court recorded it; its record arrives with the next pull.
    Applied,
    /// The court refused it; shown to the user, never retried.
    Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OutboxEntry {
    pub mutation_id: i64,
    pub case_id: Option<i64>,
    pub action: ActionBody,
    pub created_at: String,
    pub state: OutboxState,
    pub attempts: i64,
    /// The last reason a send failed (network, server), for the status line.
    pub last_error: Option<String>,
    /// The court's refusal, for rejected entries: its detail, in English.
    pub rejection: Option<String>,
    /// The refusal's code, which the desktop words in the user's language. Not sent to the
    /// window as such: the desktop core turns it into its own code.
    #[serde(skip)]
    #[ts(skip)]
    pub rejection_code: Option<ecourt_api::ApiErrorCode>,
}

fn entry(r: &SqliteRow) -> Result<OutboxEntry> {
    let state = match r.try_get::<String, _>("state")?.as_str() {
        "applied" => OutboxState::Applied,
        "rejected" => OutboxState::Rejected,
        _ => OutboxState::Pending,
    };
    let result: Option<ActionResult> = r
        .try_get::<Option<String>, _>("result_json")?
        .map(|j| serde_json::from_str(&j))
        .transpose()?
        .filter(|_| state == OutboxState::Rejected);
    Ok(OutboxEntry {
        mutation_id: r.try_get("mutation_id")?,
        case_id: r.try_get("case_id")?,
        action: serde_json::from_str(&r.try_get::<String, _>("action_json")?)?,
        created_at: r.try_get("created_at")?,
        state,
        attempts: r.try_get("attempts")?,
        last_error: r.try_get("last_error")?,
        rejection_code: result.as_ref().and_then(|r| r.code),
        rejection: result.and_then(|r| r.message),
    })
}

fn case_of(action: &ActionBody) -> Option<i64> {
    match action {
        ActionBody::SendMessage { case_id, .. }
        | ActionBody::ResubmitFiling { case_id, .. }
        | ActionBody::GiveEvidenceOpinion { case_id, .. }
        | ActionBody::RecordEvidenceView { case_id, .. } => Some(*case_id),
        ActionBody::OpenServedDocument { case_id, .. }
        | ActionBody::ConfirmServiceReceipt { case_id, .. }
        | ActionBody::DisputeService { case_id, .. }
        | ActionBody::RequestPaperCopy { case_id, .. } => Some(*case_id),
        ActionBody::SubmitFiling { .. } => None,
    }
}

/// Queues an action inside `tx` and returns its mutation id.
pub(crate) async fn enqueue_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    action: &ActionBody,
    now: &str,
) -> Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO sync_state (key, value) VALUES ('last_mutation_id', '1')
         ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
         RETURNING CAST(value AS INTEGER) AS id",
    )
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    sqlx::query("INSERT INTO outbox (mutation_id, case_id, action_json, created_at) VALUES ($1, $2, $3, $4)")
        .bind(id)
        .bind(case_of(action))
        .bind(serde_json::to_string(action)?)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(id)
}

impl Store {
    /// Queues an action and returns its mutation id. The id comes from a counter kept in the same
    /// transaction, so ids never repeat, even after entries leave the outbox.
    pub async fn enqueue(&self, action: &ActionBody, now: &str) -> Result<i64> {
        let mut tx = self.pool.begin().await?;
        let id = enqueue_in(&mut tx, action, now).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Actions still to send, oldest first.
    pub async fn pending(&self) -> Result<Vec<OutboxEntry>> {
        let rows = sqlx::query("SELECT * FROM outbox WHERE state = 'pending' ORDER BY mutation_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry).collect()
    }

    /// Everything in the outbox (pending, applied awaiting the pull, rejected), oldest first.
    pub async fn outbox(&self) -> Result<Vec<OutboxEntry>> {
        let rows = sqlx::query("SELECT * FROM outbox ORDER BY mutation_id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry).collect()
    }

    pub async fn outbox_for_case(&self, case_id: i64) -> Result<Vec<OutboxEntry>> {
        let rows = sqlx::query("SELECT * FROM outbox WHERE case_id = $1 ORDER BY mutation_id")
            .bind(case_id)
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(entry).collect()
    }

    /// Records the court's answer: applied entries wait for the pull, rejected ones stay visible.
    /// A refused filing's draft comes back editable in the same transaction (its
    /// `submitted_mutation_id` link is cleared), so the application is never lost with the refusal.
    pub async fn record_answer(&self, result: &ActionResult) -> Result<()> {
        let state = match result.status {
            ecourt_api::ActionStatus::Applied => "applied",
            ecourt_api::ActionStatus::Rejected => "rejected",
        };
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE outbox SET state = $1, result_json = $2, last_error = NULL WHERE mutation_id = $3")
            .bind(state)
            .bind(serde_json::to_string(result)?)
            .bind(result.mutation_id)
            .execute(&mut *tx)
            .await?;
        if result.status == ecourt_api::ActionStatus::Rejected {
            sqlx::query(
                "UPDATE filing_drafts SET submitted_mutation_id = NULL WHERE submitted_mutation_id = $1",
            )
            .bind(result.mutation_id)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The actions the court refused and the user has not dismissed yet, oldest first.
    pub async fn rejected(&self) -> Result<Vec<OutboxEntry>> {
        let rows =
            sqlx::query("SELECT * FROM outbox WHERE state = 'rejected' ORDER BY mutation_id")
                .fetch_all(&self.pool)
                .await?;
        rows.iter().map(entry).collect()
    }

    /// Notes a failed send; the entry stays pending and is sent again with the same id.
    pub async fn record_failure(&self, mutation_id: i64, error: &str) -> Result<()> {
        sqlx::query(
            "UPDATE outbox SET attempts = attempts + 1, last_error = $1 WHERE mutation_id = $2",
        )
        .bind(error)
        .bind(mutation_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The user clears a rejected entry they have read.
    pub async fn dismiss_rejected(&self, mutation_id: i64) -> Result<()> {
        sqlx::query("DELETE FROM outbox WHERE mutation_id = $1 AND state = 'rejected'")
            .bind(mutation_id)
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::store;
    use ecourt_api::{ActionBody, ActionResult, ActionStatus};

    fn msg(text: &str) -> ActionBody {
        ActionBody::SendMessage {
            case_id: 7,
            text: text.into(),
        }
    }

    #[tokio::test]
    async fn mutation_ids_rise_and_never_repeat() {
        let (_dir, store) = store().await;
        assert_eq!(store.enqueue(&msg("a"), "t").await.unwrap(), 1);
        assert_eq!(store.enqueue(&msg("b"), "t").await.unwrap(), 2);
        let answer = ActionResult {
            mutation_id: 2,
            status: ActionStatus::Applied,
            code: None,
            message: None,
            event_id: Some(1),
            replayed: false,
        };
        store.record_answer(&answer).await.unwrap();
        store
            .apply_changes(&ecourt_api::ChangesPage {
                cases: vec![],
                removed_case_ids: vec![],
                cursor: 1,
                has_more: false,
                contents: vec![],
            })
            .await
            .unwrap();
        // The applied entry left with the pull; the next id is still new.
        assert_eq!(store.enqueue(&msg("c"), "t").await.unwrap(), 3);
        let pending: Vec<i64> = store
            .pending()
            .await
            .unwrap()
            .iter()
            .map(|e| e.mutation_id)
            .collect();
        assert_eq!(pending, vec![1, 3]);
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn concurrent_writers_each_get_their_own_id() {
        // The sync engine and the screens write at once; every action must get a distinct id.
        let (_dir, store) = store().await;
        let tasks: Vec<_> = (0..50)
            .map(|k| {
                let store = store.clone();
                tokio::spawn(
                    async move { store.enqueue(&msg(&format!("m{k}")), "t").await.unwrap() },
                )
            })
            .collect();
        let mut ids = Vec::new();
        for t in tasks {
            ids.push(t.await.unwrap());
        }
        ids.sort();
        assert_eq!(ids, (1..=50).collect::<Vec<i64>>());
    }

    #[tokio::test]
    async fn a_failed_send_keeps_the_entry_pending() {
        let (_dir, store) = store().await;
        store.enqueue(&msg("a"), "t").await.unwrap();
        store.record_failure(1, "connection refused").await.unwrap();
        let p = store.pending().await.unwrap();
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].attempts, 1);
        assert_eq!(p[0].last_error.as_deref(), Some("connection refused"));
    }
}
