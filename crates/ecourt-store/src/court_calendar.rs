//! The court's holiday schedule as last fetched, kept in the account's store (its key-value
//! `sync_state`), so the period calculator counts as the court does when offline.

use crate::{Result, Store};

/// The court's schedule file and its version (`None`: the court counts with the release's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedCalendar {
    pub version: Option<i64>,
    pub data: String,
}

impl Store {
    pub async fn court_calendar(&self) -> Result<Option<CachedCalendar>> {
        let Some(data) = self.state("court_calendar").await? else {
            return Ok(None);
        };
        let version = self
            .state("court_calendar_version")
            .await?
            .and_then(|v| v.parse().ok());
        Ok(Some(CachedCalendar { version, data }))
    }

    pub async fn save_court_calendar(&self, cal: &CachedCalendar) -> Result<()> {
        let mut tx = self.pool.begin().await?;
        for (key, value) in [
            ("court_calendar", cal.data.clone()),
            (
                "court_calendar_version",
                cal.version.map(|v| v.to_string()).unwrap_or_default(),
            ),
        ] {
            sqlx::query(
                "INSERT INTO sync_state (key, value) VALUES ($1, $2)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            )
            .bind(key)
            .bind(value)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_calendar_is_kept_and_replaced() {
        let (_dir, store) = crate::testing::store().await;
        assert_eq!(store.court_calendar().await.unwrap(), None);
        let first = CachedCalendar {
            version: None,
            data: "year 2026\n".into(),
        };
        store.save_court_calendar(&first).await.unwrap();
        assert_eq!(store.court_calendar().await.unwrap(), Some(first));
        let second = CachedCalendar {
            version: Some(3),
            data: "year 2026\nyear 2027\n".into(),
        };
        store.save_court_calendar(&second).await.unwrap();
        assert_eq!(store.court_calendar().await.unwrap(), Some(second));
    }
}
