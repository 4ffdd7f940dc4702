//! Filing drafts and their attached files: saved locally as the filer types, surviving restarts
//! and days offline, and submitted through the outbox exactly once.

use crate::{Result, Store, StoreError};
use ecourt_api::ActionBody;
use ecourt_domain::FilingApplication;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use sqlx::Row;
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct FilingDraft {
    pub id: String,
    /// Set when the draft corrects an application the court sent back for corrections.
    pub case_id: Option<i64>,
    pub application: FilingApplication,
    pub updated_at: String,
    /// The outbox entry that carries it, once submitted.
    pub submitted_mutation_id: Option<i64>,
}

fn from_row(r: &sqlx::sqlite::SqliteRow) -> Result<FilingDraft> {
    Ok(FilingDraft {
        id: r.try_get("id")?,
        case_id: r.try_get("case_id")?,
        application: serde_json::from_str(&r.try_get::<String, _>("application_json")?)?,
        updated_at: r.try_get("updated_at")?,
        submitted_mutation_id: r.try_get("submitted_mutation_id")?,
    })
}

impl Store {
    /// Saves a draft as typed. A submitted draft is never changed again.
    pub async fn save_draft(&self, draft: &FilingDraft) -> Result<()> {
        sqlx::query(
            "INSERT INTO filing_drafts (id, case_id, application_json, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET application_json = excluded.application_json, updated_at = excluded.updated_at
             WHERE filing_drafts.submitted_mutation_id IS NULL",
        )
        .bind(&draft.id)
        .bind(draft.case_id)
        .bind(serde_json::to_string(&draft.application)?)
        .bind(&draft.updated_at)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn drafts(&self) -> Result<Vec<FilingDraft>> {
        let rows = sqlx::query("SELECT * FROM filing_drafts ORDER BY updated_at DESC")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(from_row).collect()
    }

    pub async fn draft(&self, id: &str) -> Result<Option<FilingDraft>> {
        let row = sqlx::query("SELECT * FROM filing_drafts WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(from_row).transpose()
    }

    /// Deletes an unsubmitted draft, and the files no other draft refers to.
    pub async fn delete_draft(&self, id: &str) -> Result<()> {
        sqlx::query("DELETE FROM filing_drafts WHERE id = $1 AND submitted_mutation_id IS NULL")
            .bind(id)
            .execute(&self.pool)
            .await?;
        self.prune_draft_files().await
    }

    /// Puts the draft in the outbox and marks it submitted, in one transaction: a draft is
    /// submitted once, however often the button is pressed. Returns the mutation id.
    pub async fn submit_draft(&self, id: &str, now: &str) -> Result<i64> {
        // The write lock first: a deferred transaction that reads and then writes fails at once
        // (SQLITE_BUSY_SNAPSHOT, no busy wait) when the sync engine committed in between.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let row = sqlx::query("SELECT * FROM filing_drafts WHERE id = $1")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or_else(|| StoreError::Sqlx(sqlx::Error::RowNotFound))?;
        let draft = from_row(&row)?;
        if let Some(m) = draft.submitted_mutation_id {
            return Ok(m);
        }
        let action = match draft.case_id {
            Some(case_id) => ActionBody::ResubmitFiling {
                case_id,
                application: draft.application,
            },
            None => ActionBody::SubmitFiling {
                draft_id: draft.id.clone(),
                application: draft.application,
            },
        };
        let mutation_id = crate::outbox::enqueue_in(&mut tx, &action, now).await?;
        sqlx::query("UPDATE filing_drafts SET submitted_mutation_id = $1 WHERE id = $2")
            .bind(mutation_id)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(mutation_id)
    }

    /// Keeps an attached file by its hash and returns the hash.
    pub async fn put_draft_file(&self, mime_type: &str, content: &[u8]) -> Result<String> {
        let sha = hex::encode(Sha256::digest(content));
        sqlx::query("INSERT INTO draft_files (sha256, mime_type, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
            .bind(&sha)
            .bind(mime_type)
            .bind(content)
            .execute(&self.pool)
            .await?;
        Ok(sha)
    }

    /// An attached file's type and bytes.
    pub async fn draft_file(&self, sha256: &str) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query("SELECT mime_type, content FROM draft_files WHERE sha256 = $1")
            .bind(sha256)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| Ok((r.try_get("mime_type")?, r.try_get("content")?)))
            .transpose()
    }

    /// Drops files that neither a draft nor a waiting outbox entry refers to.
    pub async fn prune_draft_files(&self) -> Result<()> {
        let mut keep = std::collections::HashSet::new();
        for d in self.drafts().await? {
            keep.extend(d.application.files().into_iter().map(|f| f.sha256.clone()));
        }
        for e in self.pending().await? {
            keep.extend(e.action.files().into_iter().map(|f| f.sha256.clone()));
        }
        let all: Vec<String> = sqlx::query("SELECT sha256 FROM draft_files")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|r| r.try_get("sha256"))
            .collect::<std::result::Result<_, _>>()?;
        for sha in all.into_iter().filter(|s| !keep.contains(s)) {
            sqlx::query("DELETE FROM draft_files WHERE sha256 = $1")
                .bind(sha)
                .execute(&self.pool)
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::store;
    use crate::FilingDraft;
    use ecourt_domain::filing::{EvidenceItem, FileRef};
    use ecourt_domain::{CaseType, FilingApplication};

    fn draft(id: &str, file: Option<FileRef>) -> FilingDraft {
        FilingDraft {
            id: id.into(),
            case_id: None,
            application: FilingApplication {
                court_code: "渝0103".into(),
                case_type: CaseType::CivilFirstInstance,
                cause: "民间借贷纠纷".into(),
                plaintiffs: vec![],
                defendants: vec![],
                third_parties: vec![],
                agents: vec![],
                claims: vec![],
                facts_and_reasons: String::new(),
                evidence: vec![EvidenceItem {
                    name: "借条".into(),
                    source: String::new(),
                    proves: String::new(),
                    files: file.into_iter().collect(),
                }],
            },
            updated_at: "2026-11-29T00:00:00.000Z".into(),
            submitted_mutation_id: None,
        }
    }

    #[tokio::test]
    async fn a_draft_is_submitted_once_and_then_frozen() {
        let (_dir, store) = store().await;
        store.save_draft(&draft("d1", None)).await.unwrap();
        let first = store.submit_draft("d1", "t").await.unwrap();
        let again = store.submit_draft("d1", "t").await.unwrap();
        assert_eq!(first, again, "pressing submit twice queues one action");
        assert_eq!(store.pending().await.unwrap().len(), 1);
        let mut changed = draft("d1", None);
        changed.application.cause = "买卖合同纠纷".into();
        store.save_draft(&changed).await.unwrap();
        let kept = store.draft("d1").await.unwrap().unwrap();
        assert_eq!(
            kept.application.cause, "民间借贷纠纷",
            "a submitted draft is not changed"
        );
    }

    fn answer(mutation_id: i64, status: ecourt_api::ActionStatus) -> ecourt_api::ActionResult {
        ecourt_api::ActionResult {
            mutation_id,
            status,
            code: Some(ecourt_api::ApiErrorCode::IdentityStepMissing),
            message: Some("verify your identity".into()),
            event_id: None,
            replayed: false,
        }
    }

    #[tokio::test]
    async fn a_refused_draft_comes_back_editable_and_an_applied_one_stays_frozen() {
        let (_dir, store) = store().await;
        store.save_draft(&draft("refused", None)).await.unwrap();
        store.save_draft(&draft("applied", None)).await.unwrap();
        let refused = store.submit_draft("refused", "t").await.unwrap();
        let applied = store.submit_draft("applied", "t").await.unwrap();
        store
            .record_answer(&answer(refused, ecourt_api::ActionStatus::Rejected))
            .await
            .unwrap();
        let mut ok = answer(applied, ecourt_api::ActionStatus::Applied);
        ok.code = None;
        store.record_answer(&ok).await.unwrap();

        let back = store.draft("refused").await.unwrap().unwrap();
        assert_eq!(
            back.submitted_mutation_id, None,
            "the refused draft is a draft again"
        );
        let mut edited = back.clone();
        edited.application.cause = "买卖合同纠纷".into();
        store.save_draft(&edited).await.unwrap();
        assert_eq!(
            store
                .draft("refused")
                .await
                .unwrap()
                .unwrap()
                .application
                .cause,
            "买卖合同纠纷"
        );
        assert_eq!(
            store
                .draft("applied")
                .await
                .unwrap()
                .unwrap()
                .submitted_mutation_id,
            Some(applied)
        );
        let listed: Vec<i64> = store
            .rejected()
            .await
            .unwrap()
            .iter()
            .map(|e| e.mutation_id)
            .collect();
        assert_eq!(listed, vec![refused]);
        // Submitted again, it goes under a new mutation id (the refused one stays refused).
        let again = store.submit_draft("refused", "t").await.unwrap();
        assert!(again > applied);
        store.dismiss_rejected(refused).await.unwrap();
        assert!(store.rejected().await.unwrap().is_empty());
        assert_eq!(
            store
                .draft("refused")
                .await
                .unwrap()
                .unwrap()
                .submitted_mutation_id,
            Some(again),
            "dismissing the refusal leaves the draft as it is"
        );
    }

    #[tokio::test]
    async fn attached_files_stay_while_a_draft_or_the_outbox_needs_them() {
        let (_dir, store) = store().await;
        let sha = store
            .put_draft_file("application/pdf", b"%PDF-1.4 x")
            .await
            .unwrap();
        let file = FileRef {
            name: "借条.pdf".into(),
            mime_type: "application/pdf".into(),
            size_bytes: 10,
            sha256: sha.clone(),
        };
        store
            .save_draft(&draft("d1", Some(file.clone())))
            .await
            .unwrap();
        store.save_draft(&draft("d2", None)).await.unwrap();
        store.delete_draft("d2").await.unwrap();
        assert!(store.draft_file(&sha).await.unwrap().is_some());
        store.submit_draft("d1", "t").await.unwrap();
        store.prune_draft_files().await.unwrap();
        assert!(
            store.draft_file(&sha).await.unwrap().is_some(),
            "the outbox still needs it"
        );
    }
}
