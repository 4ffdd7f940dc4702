//! Synced cases and document content: written only by the sync engine, read by the screens.

use crate::{Result, Store, StoreError};
use ecourt_api::{CaseDetail, CaseSummary, ChangesPage};
use ecourt_domain::{CaseRole, CaseStage};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// What the case list asks for.
#[derive(Debug, Default, Clone)]
pub struct CaseQuery {
    /// Part of the case number, court, cause or a participant's name.
    pub text: Option<String>,
    pub stage: Option<CaseStage>,
    pub role: Option<CaseRole>,
}

fn search_text(c: &CaseDetail) -> String {
    let mut s = format!(
        "{} {} {}",
        c.summary.case_number.as_deref().unwrap_or(""),
        c.summary.court_name,
        c.summary.cause
    );
    for p in &c.participants {
        s.push(' ');
        s.push_str(&p.name);
    }
    s
}

impl Store {
    /// Applies one page of changes and its cursor in one transaction, so that after a crash the
    /// cached rows are exactly the court's rows at the stored cursor. Actions the court has
    /// acknowledged leave the outbox here, now that the court's record of them has arrived.
    pub async fn apply_changes(&self, page: &ChangesPage) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for case in &page.cases {
            let s = &case.summary;
            sqlx::query(
                "INSERT INTO cases (id, case_number, stage, updated_at, next_deadline_date, my_roles, search_text, detail_json)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                 ON CONFLICT (id) DO UPDATE SET case_number = excluded.case_number, stage = excluded.stage,
                   updated_at = excluded.updated_at, next_deadline_date = excluded.next_deadline_date,
                   my_roles = excluded.my_roles, search_text = excluded.search_text, detail_json = excluded.detail_json",
            )
            .bind(s.id)
            .bind(&s.case_number)
            .bind(s.stage.as_str())
            .bind(&s.updated_at)
            .bind(s.next_deadline.as_ref().map(|d| &d.date))
            .bind(serde_json::to_string(&s.my_roles)?)
            .bind(search_text(case))
            .bind(serde_json::to_string(case)?)
            .execute(&mut *tx)
            .await?;
            sqlx::query("DELETE FROM case_documents WHERE case_id = $1")
                .bind(s.id)
                .execute(&mut *tx)
                .await?;
            for d in &case.documents {
                sqlx::query(
                    "INSERT INTO case_documents (case_id, document_id, sha256) VALUES ($1, $2, $3)",
                )
                .bind(s.id)
                .bind(d.id)
                .bind(&d.sha256)
                .execute(&mut *tx)
                .await?;
            }
        }
        for content in &page.contents {
            // Content that does not match its hash is not kept; it is fetched again by id later.
            let Some(bytes) = verified(&content.sha256, &content.base64) else {
                tracing::warn!(sha256 = %content.sha256, "inline document content failed its hash check");
                continue;
            };
            sqlx::query(
                "INSERT INTO document_blobs (sha256, mime_type, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING",
            )
            .bind(&content.sha256)
            .bind(&content.mime_type)
            .bind(bytes)
            .execute(&mut *tx)
            .await?;
        }
        for id in &page.removed_case_ids {
            sqlx::query("DELETE FROM cases WHERE id = $1")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        sqlx::query("INSERT INTO sync_state (key, value) VALUES ('cursor', $1) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
            .bind(page.cursor.to_string())
            .execute(&mut *tx)
            .await?;
        sqlx::query("DELETE FROM outbox WHERE state = 'applied'")
            .execute(&mut *tx)
            .await?;
        if !page.removed_case_ids.is_empty() {
            prune_unused_blobs(&mut tx).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// The court said the cursor is too old: drop every synced row and start from zero. The
    /// outbox is kept: nothing the user did is lost by a resync.
    pub async fn reset_synced_rows(&self) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM cases").execute(&mut *tx).await?;
        sqlx::query("DELETE FROM sync_state WHERE key = 'cursor'")
            .execute(&mut *tx)
            .await?;
        prune_unused_blobs(&mut tx).await?;
        tx.commit().await?;
        Ok(())
    }

    pub async fn list_cases(&self, q: &CaseQuery) -> Result<Vec<CaseSummary>> {
        Ok(self
            .list_case_details(q)
            .await?
            .into_iter()
            .map(|d| d.summary)
            .collect())
    }

    /// [`Store::list_cases`] with each case's whole record (the list's party column needs the
    /// participants).
    pub async fn list_case_details(&self, q: &CaseQuery) -> Result<Vec<CaseDetail>> {
        let mut sql = String::from("SELECT detail_json FROM cases WHERE 1 = 1");
        if q.text.is_some() {
            sql.push_str(" AND search_text LIKE $1");
        }
        if q.stage.is_some() {
            sql.push_str(" AND stage = $2");
        }
        if q.role.is_some() {
            sql.push_str(" AND my_roles LIKE $3");
        }
        sql.push_str(" ORDER BY CASE WHEN next_deadline_date IS NULL THEN 1 ELSE 0 END, next_deadline_date, updated_at DESC");
        let text = q
            .text
            .as_ref()
            .map(|t| format!("%{}%", t.trim().replace(['%', '_'], "")));
        let rows = sqlx::query(&sql)
            .bind(text)
            .bind(q.stage.map(|s| s.as_str()))
            .bind(q.role.map(|r| format!("%\"{}\"%", r.as_str())))
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| {
                Ok(serde_json::from_str(
                    &r.try_get::<String, _>("detail_json")?,
                )?)
            })
            .collect()
    }

    /// Cases the court changed at or after `since` (RFC 3339), newest first.
    pub async fn cases_updated_since(&self, since: &str) -> Result<Vec<CaseDetail>> {
        let rows = sqlx::query(
            "SELECT detail_json FROM cases WHERE updated_at >= $1 ORDER BY updated_at DESC",
        )
        .bind(since)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok(serde_json::from_str(
                    &r.try_get::<String, _>("detail_json")?,
                )?)
            })
            .collect()
    }

    pub async fn case_detail(&self, id: i64) -> Result<Option<CaseDetail>> {
        let row = sqlx::query("SELECT detail_json FROM cases WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.map(|r| {
            Ok(serde_json::from_str(
                &r.try_get::<String, _>("detail_json")?,
            )?)
        })
        .transpose()
    }

    pub async fn case_count(&self) -> Result<i64> {
        Ok(sqlx::query("SELECT COUNT(*) AS n FROM cases")
            .fetch_one(&self.pool)
            .await?
            .try_get("n")?)
    }

    /// Documents whose content is not here yet: (case id, document id, sha256).
    pub async fn missing_blobs(&self, limit: i64) -> Result<Vec<(i64, i64, String)>> {
        let rows = sqlx::query(
            "SELECT d.case_id, d.document_id, d.sha256 FROM case_documents d
             LEFT JOIN document_blobs b ON b.sha256 = d.sha256 WHERE b.sha256 IS NULL
             ORDER BY d.case_id, d.document_id LIMIT $1",
        )
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("case_id")?,
                    r.try_get("document_id")?,
                    r.try_get("sha256")?,
                ))
            })
            .collect()
    }

    /// Stores content after checking it against the hash the court announced.
    pub async fn put_blob(&self, sha256: &str, mime_type: &str, content: &[u8]) -> Result<()> {
        let actual = hex::encode(Sha256::digest(content));
        if actual != sha256 {
            return Err(StoreError::ContentMismatch {
                expected: sha256.to_string(),
                actual,
            });
        }
        sqlx::query("INSERT INTO document_blobs (sha256, mime_type, content) VALUES ($1, $2, $3) ON CONFLICT (sha256) DO NOTHING")
            .bind(sha256)
            .bind(mime_type)
            .bind(content)
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// A document's content (type and bytes), if it is one of this account's cases and has been
    /// downloaded.
    pub async fn document_content(
        &self,
        case_id: i64,
        document_id: i64,
    ) -> Result<Option<(String, Vec<u8>)>> {
        let row = sqlx::query(
            "SELECT b.mime_type, b.content FROM case_documents d JOIN document_blobs b ON b.sha256 = d.sha256
             WHERE d.case_id = $1 AND d.document_id = $2",
        )
        .bind(case_id)
        .bind(document_id)
        .fetch_optional(&self.pool)
        .await?;
        row.map(|r| Ok((r.try_get("mime_type")?, r.try_get("content")?)))
            .transpose()
    }
}

/// The bytes of inline content, if they decode and match the announced hash.
fn verified(sha256: &str, encoded: &str) -> Option<Vec<u8>> {
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    (hex::encode(Sha256::digest(&bytes)) == sha256).then_some(bytes)
}

/// Content no remaining case refers to goes: a case that left the account's view takes its
/// documents with it.
async fn prune_unused_blobs(tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>) -> Result<()> {
    sqlx::query(
        "DELETE FROM document_blobs WHERE sha256 NOT IN (SELECT sha256 FROM case_documents)",
    )
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use crate::testing::store;
    use base64::Engine as _;
    use ecourt_api::{ChangesPage, DocumentContent};
    use sha2::{Digest, Sha256};

    fn content(bytes: &[u8], claimed: &[u8]) -> DocumentContent {
        DocumentContent {
            sha256: hex::encode(Sha256::digest(claimed)),
            mime_type: "text/plain".into(),
            base64: base64::engine::general_purpose::STANDARD.encode(bytes),
        }
    }

    #[tokio::test]
    async fn inline_content_is_kept_only_when_it_matches_its_hash() {
        let (_dir, store) = store().await;
        let good = content("民事起诉状".as_bytes(), "民事起诉状".as_bytes());
        let forged = content("篡改过的内容".as_bytes(), "原件".as_bytes());
        let garbled = DocumentContent {
            base64: "***".into(),
            ..content(b"x", b"x")
        };
        let page = ChangesPage {
            cases: vec![],
            removed_case_ids: vec![],
            cursor: 3,
            has_more: false,
            contents: vec![good.clone(), forged.clone(), garbled.clone()],
        };
        store.apply_changes(&page).await.unwrap();
        let stored: Vec<String> = sqlx::query_scalar("SELECT sha256 FROM document_blobs")
            .fetch_all(&store.pool)
            .await
            .unwrap();
        assert_eq!(
            stored,
            vec![good.sha256],
            "only the matching content is stored"
        );
        assert_eq!(
            store.cursor().await.unwrap(),
            3,
            "a bad content does not hold the page back"
        );
    }
}
