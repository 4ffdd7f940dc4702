//! Demo data for the embedded mode and for tests: one basic court (渝0103), seven accounts and a
//! few dozen cases in every stage, with realistic names, causes, timelines and documents. Each
//! capability writes its own part (`auth/seed.rs`, `identity/seed.rs`, `cases/seed.rs`,
//! `hearings/seed.rs`, `evidence/seed.rs`, over the demo court and people of `kernel/demo.rs`); this puts them
//! together in one transaction.
//!
//! The demo password is for demo data only and must never exist in a deployed court. The data
//! is generated deterministically, with dates relative to the moment of seeding so that
//! deadlines lie ahead of the person trying the app.

use crate::kernel::audit::{self, AuditEntry};
use crate::kernel::db::Db;
use crate::{auth, cases, evidence, hearings, identity, kernel};
use chrono::{DateTime, Utc};
use sqlx::Row;

pub use crate::auth::seed::DEMO_PASSWORD;
pub use crate::cases::seed::seed_bulk;
pub use crate::identity::seed::demo_id_number;
pub use crate::kernel::demo::{DemoAccount, DEMO_ACCOUNTS, DEMO_COURT_CODE, DEMO_COURT_NAME};

/// Seeds the demo court, accounts and cases once. Returns false when demo data is already there.
pub async fn seed_demo(db: &Db, now: DateTime<Utc>) -> anyhow::Result<bool> {
    let existing: i64 = sqlx::query("SELECT COUNT(*) AS n FROM accounts WHERE username = $1")
        .bind(DEMO_ACCOUNTS[0].username)
        .fetch_one(&db.pool)
        .await?
        .try_get("n")?;
    if existing > 0 {
        return Ok(false);
    }
    let mut tx = db.begin_write().await?;
    kernel::demo::court(&mut tx).await?;
    let accounts = auth::seed::accounts(&mut tx, now).await?;
    identity::seed::verified_in_person(&mut tx, &accounts, now).await?;
    let mut demo_hearings = Vec::new();
    for i in 0..36 {
        cases::seed::demo_case(&mut tx, &accounts, i, now, &mut demo_hearings).await?;
    }
    hearings::seed::demo_hearings(&mut tx, &demo_hearings).await?;
    evidence::seed::demo_exchange(&mut tx, &accounts, now).await?;
    audit::append(
        &mut tx,
        now,
        AuditEntry {
            actor_account_id: None,
            action: "demo_seeded",
            case_id: None,
            payload: serde_json::json!({ "cases": 36 }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
