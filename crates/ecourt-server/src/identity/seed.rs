//! Identity's demo data: the demo accounts verified in person at the court's counter
//! (临柜核验), each with a valid demo identity number. Demo only.

use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::demo::{DemoIds, DEMO_ACCOUNTS};
use chrono::{DateTime, Utc};

/// A demo identity number (渝中区, born 1980, valid check character) for the i-th account.
pub fn demo_id_number(i: usize) -> String {
    let first17 = format!("500103198001{:02}{:03}", 10 + i % 18, 101 + 2 * i);
    let check = ecourt_domain::id_number::check_character(first17.as_bytes());
    format!("{first17}{check}")
}

/// Everyone but the newcomer (`party3`) and court staff, verified in person.
pub async fn verified_in_person(
    tx: &mut Tx,
    ids: &DemoIds,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let ids = [
        ids.party1,
        ids.party2,
        ids.lawyer1,
        ids.worker1,
        ids.clerk1,
        ids.judge1,
        ids.party3,
    ];
    // Everyone but the newcomer was verified in person at the court (the clerk's act).
    for (i, (a, id)) in DEMO_ACCOUNTS.iter().zip(&ids).enumerate() {
        if a.kind.is_court_staff() || a.username == "party3" {
            continue;
        }
        sqlx::query(
            "INSERT INTO account_identity (account_id, verified_name, verified_id_number, verified_at, verified_model)
             VALUES ($1, $2, $3, $4, 'in_person')",
        )
        .bind(id)
        .bind(a.display_name)
        .bind(demo_id_number(i))
        .bind(stamp(now))
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn demo_identity_numbers_are_valid_and_distinct() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
        let ids: Vec<String> = (0..DEMO_ACCOUNTS.len()).map(demo_id_number).collect();
        for id in &ids {
            ecourt_domain::id_number::IdNumber::parse(id, today).unwrap();
        }
        let mut unique = ids.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), ids.len());
    }
}
