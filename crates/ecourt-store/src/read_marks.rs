//! Read marks (已读): which of the court's notices and documents the account has opened on this
//! computer. The store is per account, so the marks are too; they never travel to the court.

use crate::{Result, Store};
use serde::{Deserialize, Serialize};
use sqlx::Row;
use std::collections::HashSet;
use ts_rs::TS;

/// What a mark is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ReadKind {
    /// A timeline event (a notice).
    Event,
    /// A document of the case file.
    Document,
}

impl ReadKind {
    fn as_str(self) -> &'static str {
        match self {
            ReadKind::Event => "event",
            ReadKind::Document => "document",
        }
    }
    fn parse(s: &str) -> Option<Self> {
        match s {
            "event" => Some(ReadKind::Event),
            "document" => Some(ReadKind::Document),
            _ => None,
        }
    }
}

/// Every mark, for asking "was this read?" without a query per item.
#[derive(Debug, Clone, Default)]
pub struct ReadMarks(HashSet<(ReadKind, i64, i64)>);

impl ReadMarks {
    pub fn is_read(&self, kind: ReadKind, case_id: i64, item_id: i64) -> bool {
        self.0.contains(&(kind, case_id, item_id))
    }
}

impl FromIterator<(ReadKind, i64, i64)> for ReadMarks {
    fn from_iter<I: IntoIterator<Item = (ReadKind, i64, i64)>>(items: I) -> Self {
        ReadMarks(items.into_iter().collect())
    }
}

impl Store {
    /// Marks items read (again marking one is harmless; the first time is kept).
    pub async fn mark_read(
        &self,
        kind: ReadKind,
        case_id: i64,
        ids: &[i64],
        at: &str,
    ) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for id in ids {
            sqlx::query(
                "INSERT INTO read_marks (kind, case_id, item_id, read_at) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (kind, case_id, item_id) DO NOTHING",
            )
            .bind(kind.as_str())
            .bind(case_id)
            .bind(id)
            .bind(at)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    pub async fn read_marks(&self) -> Result<ReadMarks> {
        let rows = sqlx::query("SELECT kind, case_id, item_id FROM read_marks")
            .fetch_all(&self.pool)
            .await?;
        let mut set = HashSet::with_capacity(rows.len());
        for r in rows {
            if let Some(kind) = ReadKind::parse(&r.try_get::<String, _>("kind")?) {
                set.insert((kind, r.try_get("case_id")?, r.try_get("item_id")?));
            }
        }
        Ok(ReadMarks(set))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn marks_are_kept_per_kind_and_case_and_survive_a_reopen() {
        let (dir, store) = crate::testing::store().await;
        store
            .mark_read(ReadKind::Event, 1, &[10, 11], "2026-03-01T00:00:00.000Z")
            .await
            .unwrap();
        store
            .mark_read(ReadKind::Event, 1, &[10], "2026-03-02T00:00:00.000Z")
            .await
            .unwrap();
        let marks = store.read_marks().await.unwrap();
        assert!(marks.is_read(ReadKind::Event, 1, 10));
        assert!(marks.is_read(ReadKind::Event, 1, 11));
        assert!(!marks.is_read(ReadKind::Document, 1, 10), "another kind");
        assert!(!marks.is_read(ReadKind::Event, 2, 10), "another case");
        let path = store.path().to_path_buf();
        store.close().await;
        let again = Store::open(&path).await.unwrap();
        assert!(again
            .read_marks()
            .await
            .unwrap()
            .is_read(ReadKind::Event, 1, 11));
        drop(dir);
    }
}
