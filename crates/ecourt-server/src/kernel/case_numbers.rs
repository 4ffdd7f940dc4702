//! Allocating case numbers (案号) at registration.
//!
//! The sequence restarts every year, per court and per case type (domain.md §2; 《关于人民法院
//! 案件案号的若干规定》). The counter row is incremented inside the registering transaction with
//! one atomic upsert, so concurrent registrations queue on the row, and a registration that rolls
//! back takes its number with it: no gaps, no duplicates.

use crate::kernel::db::Tx;
use chrono::{DateTime, Datelike, Utc};
use ecourt_domain::{CaseNumber, CaseType};
use sqlx::Row;

/// The court's calendar year of an instant: China keeps one time zone, UTC+8, without DST.
pub fn court_year(at: DateTime<Utc>) -> i32 {
    crate::kernel::clock::court_date(at).year()
}

/// The next case number for this court, year and type, inside `tx`.
pub async fn allocate(
    tx: &mut Tx,
    court_code: &str,
    year: i32,
    case_type: CaseType,
) -> anyhow::Result<CaseNumber> {
    let value: i64 = sqlx::query(
        "INSERT INTO case_number_sequences (court_code, year, case_type, last_value) VALUES ($1, $2, $3, 1)
         ON CONFLICT (court_code, year, case_type)
         DO UPDATE SET last_value = case_number_sequences.last_value + 1
         RETURNING last_value",
    )
    .bind(court_code)
    .bind(year as i64)
    .bind(case_type.as_str())
    .fetch_one(&mut **tx)
    .await?
    .try_get("last_value")?;
    Ok(CaseNumber {
        year: u16::try_from(year)?,
        court_code: court_code.to_string(),
        case_type,
        sequence: u32::try_from(value)?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn the_year_turns_at_midnight_beijing_time() {
        // 31 Dec 2026 16:00 UTC is already 1 Jan 2027 in the court.
        assert_eq!(
            court_year(Utc.with_ymd_and_hms(2026, 12, 31, 15, 59, 59).unwrap()),
            2026
        );
        assert_eq!(
            court_year(Utc.with_ymd_and_hms(2026, 12, 31, 16, 0, 0).unwrap()),
            2027
        );
    }
}
