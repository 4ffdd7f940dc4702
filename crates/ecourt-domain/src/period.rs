//! Periods (期间) counted in days, with the holiday calendar as data.
//!
//! 《中华人民共和国民事诉讼法》第八十五条: "期间开始的时和日，不计算在期间内。期间届满的最后一日是法定休假日的，
//! 以法定休假日后的第一日为期间届满的日期。" Days off are weekends and the statutory holidays of the
//! State Council's yearly notice; a weekend day the notice makes a working day (调休上班) is not a
//! day off. The calendar lives in `data/holidays-cn.txt`; a court updates it every year.

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::{BTreeSet, HashSet};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "no holiday calendar for {0}: add that year's State Council notice to the calendar data"
    )]
    YearNotCovered(i32),
    #[error("calendar data line {line}: {reason}")]
    BadData { line: usize, reason: String },
}

/// Which days are days off, for the years the data covers.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    years: BTreeSet<i32>,
    holidays: HashSet<NaiveDate>,
    workdays: HashSet<NaiveDate>,
}

/// The calendar shipped with the app (mainland China, from the State Council's notices).
pub const CHINA_CALENDAR_DATA: &str = include_str!("../data/holidays-cn.txt");

impl HolidayCalendar {
    pub fn china() -> HolidayCalendar {
        // The shipped data is checked by a test, so this cannot fail at run time.
        HolidayCalendar::parse(CHINA_CALENDAR_DATA).expect("the shipped holiday calendar parses")
    }

    pub fn parse(text: &str) -> Result<HolidayCalendar, PeriodError> {
        let mut cal = HolidayCalendar {
            years: BTreeSet::new(),
            holidays: HashSet::new(),
            workdays: HashSet::new(),
        };
        for (i, raw) in text.lines().enumerate() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            let bad = |reason: &str| PeriodError::BadData {
                line: i + 1,
                reason: reason.into(),
            };
            let date = |s: Option<&str>| {
                s.and_then(|s| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok())
                    .ok_or_else(|| bad("expected a date YYYY-MM-DD"))
            };
            let mut words = line.split_whitespace();
            match words.next() {
                Some("year") => {
                    let y = words
                        .next()
                        .and_then(|y| y.parse().ok())
                        .ok_or_else(|| bad("expected a year"))?;
                    cal.years.insert(y);
                }
                Some("holiday") => {
                    let (first, last) = (date(words.next())?, date(words.next())?);
                    if last < first || (last - first).num_days() > 31 {
                        return Err(bad("a holiday runs forward and for at most a month"));
                    }
                    let mut d = first;
                    while d <= last {
                        cal.holidays.insert(d);
                        d += Duration::days(1);
                    }
                }
                Some("workday") => {
                    let d = date(words.next())?;
                    if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                        return Err(bad("a make-up working day is a Saturday or Sunday"));
                    }
                    cal.workdays.insert(d);
                }
                _ => return Err(bad("a line starts with year, holiday or workday")),
            }
        }
        for d in cal.holidays.iter().chain(&cal.workdays) {
            if !cal.years.contains(&d.year()) {
                return Err(PeriodError::BadData {
                    line: 0,
                    reason: format!("{d} lies in a year not declared"),
                });
            }
        }
        Ok(cal)
    }

    /// Whether `day` is a working day; an error for a year the data does not cover.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, PeriodError> {
        if !self.years.contains(&day.year()) {
            return Err(PeriodError::YearNotCovered(day.year()));
        }
        if self.workdays.contains(&day) {
            return Ok(true);
        }
        Ok(!self.holidays.contains(&day) && !matches!(day.weekday(), Weekday::Sat | Weekday::Sun))
    }

    /// The last day of a period of `days` days that starts on `start` (the start day is not
    /// counted), moved to the first working day when it falls on a day off.
    pub fn period_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate, PeriodError> {
        let mut end = start + Duration::days(days as i64);
        while !self.is_working_day(end)? {
            end += Duration::days(1);
        }
        Ok(end)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_start_day_is_not_counted() {
        // 第八十五条: "期间开始的时和日，不计算在期间内" — a filing on Tuesday 3 March 2026, reviewed
        // "within 7 days", is due Tuesday 10 March.
        assert_eq!(
            HolidayCalendar::china()
                .period_end(d("2026-03-03"), 7)
                .unwrap(),
            d("2026-03-10")
        );
    }

    #[test]
    fn a_period_ending_in_spring_festival_ends_on_the_first_working_day_after() {
        // "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期";
        // 春节: "2月15日至23日放假调休，共9天". Filed 10 Feb + 7 days = 17 Feb, inside the holiday
        // → Tuesday 24 Feb.
        let cal = HolidayCalendar::china();
        assert_eq!(cal.period_end(d("2026-02-10"), 7).unwrap(), d("2026-02-24"));
        assert!(!cal.is_working_day(d("2026-02-23")).unwrap());
    }

    #[test]
    fn make_up_working_days_count_as_working_days() {
        // "2月14日（周六）、2月28日（周六）上班": a period ending on Saturday 28 Feb ends that day.
        let cal = HolidayCalendar::china();
        assert_eq!(cal.period_end(d("2026-02-21"), 7).unwrap(), d("2026-02-28"));
        assert!(cal.is_working_day(d("2026-02-14")).unwrap());
        // An ordinary Saturday is a day off: 2 March + 5 = Saturday 7 March → Monday 9 March.
        assert_eq!(cal.period_end(d("2026-03-02"), 5).unwrap(), d("2026-03-09"));
    }

    #[test]
    fn a_period_ending_in_national_day_moves_past_it() {
        // "国庆节：10月1日（周四）至7日（周三）放假调休，共7天。9月20日（周日）、10月10日（周六）上班。"
        let cal = HolidayCalendar::china();
        assert_eq!(cal.period_end(d("2026-09-28"), 7).unwrap(), d("2026-10-08"));
        // Ending on the make-up Saturday 10 October: that day.
        assert_eq!(cal.period_end(d("2026-10-03"), 7).unwrap(), d("2026-10-10"));
        assert!(cal.is_working_day(d("2026-09-20")).unwrap());
        // 中秋节 25–27 September: a period ending on Friday 25 Sept moves to Monday 28 Sept.
        assert_eq!(cal.period_end(d("2026-09-18"), 7).unwrap(), d("2026-09-28"));
    }

    #[test]
    fn a_year_without_calendar_data_is_an_error_not_a_guess() {
        let cal = HolidayCalendar::china();
        assert_eq!(
            cal.period_end(d("2026-12-28"), 7),
            Err(PeriodError::YearNotCovered(2027))
        );
    }

    #[test]
    fn malformed_calendar_data_is_refused_with_its_line() {
        assert!(matches!(
            HolidayCalendar::parse("year 2026\nholiday 2026-13-01 2026-13-02 x"),
            Err(PeriodError::BadData { line: 2, .. })
        ));
        assert!(matches!(
            HolidayCalendar::parse("year 2026\nworkday 2026-03-04 wednesday"),
            Err(PeriodError::BadData { line: 2, .. })
        ));
        assert!(
            HolidayCalendar::parse("holiday 2026-01-01 2026-01-01 x").is_err(),
            "the year must be declared"
        );
        assert!(matches!(
            HolidayCalendar::parse("party 2026"),
            Err(PeriodError::BadData { line: 1, .. })
        ));
    }
}
