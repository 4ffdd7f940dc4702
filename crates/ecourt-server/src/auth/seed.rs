//! Sign-in's demo data: the demo accounts with the demo password. Demo only.

use crate::auth::hash_password;
use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::demo::{DemoIds, DEMO_ACCOUNTS, DEMO_COURT_CODE};
use chrono::{DateTime, Utc};
use ecourt_domain::AccountKind;
use sqlx::Row;

pub const DEMO_PASSWORD: &str = "demo12345";

/// Writes the demo accounts (court staff at the demo court) and returns their ids.
pub async fn accounts(tx: &mut Tx, now: DateTime<Utc>) -> anyhow::Result<DemoIds> {
    let password_hash = hash_password(DEMO_PASSWORD)?;
    let mut ids = Vec::new();
    for a in DEMO_ACCOUNTS {
        let court = a.kind.is_court_staff().then_some(DEMO_COURT_CODE);
        let id: i64 = sqlx::query(
            "INSERT INTO accounts (username, password_hash, display_name, kind, court_code, created_at)
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(a.username)
        .bind(&password_hash)
        .bind(a.display_name)
        .bind(a.kind.as_str())
        .bind(court)
        .bind(stamp(now))
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        if a.kind == AccountKind::LegalWorker {
            // The demo worker's office serves the demo court's district.
            sqlx::query("INSERT INTO legal_worker_courts (account_id, court_code) VALUES ($1, $2)")
                .bind(id)
                .bind(DEMO_COURT_CODE)
                .execute(&mut **tx)
                .await?;
        }
        ids.push(id);
    }
    Ok(DemoIds {
        party1: ids[0],
        party2: ids[1],
        lawyer1: ids[2],
        worker1: ids[3],
        clerk1: ids[4],
        judge1: ids[5],
        party3: ids[6],
    })
}
