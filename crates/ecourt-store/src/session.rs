//! The signed-in session kept with the cache, so that the app reopens offline on the cases.
//!
//! The token sits in the account's own database file inside the app's data folder, readable by
//! the user only; a court that wants more can keep it in the OS keyring instead.

use crate::{Result, Store};
use ecourt_api::Account;
use sqlx::Row;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedSession {
    pub server_url: String,
    pub token: String,
    pub expires_at: String,
    pub account: Account,
}

impl Store {
    pub async fn save_session(&self, s: &SavedSession) -> Result<()> {
        sqlx::query(
            "INSERT INTO session (id, server_url, token, expires_at, account_json) VALUES (1, $1, $2, $3, $4)
             ON CONFLICT (id) DO UPDATE SET server_url = excluded.server_url, token = excluded.token,
               expires_at = excluded.expires_at, account_json = excluded.account_json",
        )
        .bind(&s.server_url)
        .bind(&s.token)
        .bind(&s.expires_at)
        .bind(serde_json::to_string(&s.account)?)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    pub async fn session(&self) -> Result<Option<SavedSession>> {
        let Some(row) = sqlx::query(
            "SELECT server_url, token, expires_at, account_json FROM session WHERE id = 1",
        )
        .fetch_optional(&self.pool)
        .await?
        else {
            return Ok(None);
        };
        Ok(Some(SavedSession {
            server_url: row.try_get("server_url")?,
            token: row.try_get("token")?,
            expires_at: row.try_get("expires_at")?,
            account: serde_json::from_str(&row.try_get::<String, _>("account_json")?)?,
        }))
    }

    /// Forgets the token (sign-out or expiry) but keeps the cached cases and the outbox: queued
    /// actions are sent after the next sign-in of the same account.
    pub async fn forget_token(&self) -> Result<()> {
        sqlx::query("UPDATE session SET token = '' WHERE id = 1")
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
