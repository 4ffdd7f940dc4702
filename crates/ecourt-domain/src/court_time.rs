//! The court's time: Beijing time (UTC+8). China keeps one time zone without daylight saving,
//! so the court's calendar date, the start of a court day and the time printed on its papers
//! are all computed here, once, for the court service and the desktop alike.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};

/// UTC+8, the offset of Beijing time.
pub fn court_offset() -> FixedOffset {
    FixedOffset::east_opt(8 * 3600).expect("UTC+8 is a valid offset")
}

/// An instant as the court's wall clock shows it.
pub fn court_time(at: DateTime<Utc>) -> DateTime<FixedOffset> {
    at.with_timezone(&court_offset())
}

/// The court's calendar date of an instant.
pub fn court_date(at: DateTime<Utc>) -> NaiveDate {
    court_time(at).date_naive()
}

/// The instant a court day begins (midnight Beijing time), in UTC.
pub fn court_day_start(date: NaiveDate) -> DateTime<Utc> {
    date.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .and_local_timezone(court_offset())
        .single()
        .expect("a fixed offset has one midnight")
        .with_timezone(&Utc)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_court_day_turns_at_midnight_beijing_time() {
        let d = |s| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(court_date(utc("2026-12-31T15:59:59Z")), d("2026-12-31"));
        assert_eq!(court_date(utc("2026-12-31T16:00:00Z")), d("2027-01-01"));
        assert_eq!(
            court_day_start(d("2027-01-01")),
            utc("2026-12-31T16:00:00Z")
        );
        assert_eq!(
            court_time(utc("2026-03-01T01:30:00Z"))
                .format("%Y-%m-%d %H:%M")
                .to_string(),
            "2026-03-01 09:30"
        );
    }
}
