//! Periods (期间) counted in days, with the holiday calendar as data.
//!
//! 《中华人民共和国民事诉讼法》第八十五条: "期间开始的时和日，不计算在期间内。期间届满的最后一日是法定休假日的，
//! 以法定休假日后的第一日为期间届满的日期。" Days off are weekends and the statutory holidays of the
//! State Council's yearly notice; a weekend day the notice makes a working day (调休上班) is not a
//! day off. The calendar lives in `data/holidays-cn.txt`; a court updates it every year.
//!
//! The notice for a year comes out only weeks before it starts. For a year the data does not
//! cover, [`HolidayCalendar::compute`] counts *provisionally* from weekends and the holidays the
//! law itself fixes ([`statutory`](crate::statutory_holidays)) and says so; [`HolidayCalendar::period_end`]
//! keeps refusing such a year, for callers that must not guess.

use crate::statutory_holidays;
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PeriodError {
    #[error(
        "no holiday calendar for {0}: add that year's State Council notice to the calendar data"
    )]
    YearNotCovered(i32),
    #[error("calendar data line {line}: {reason}")]
    BadData { line: usize, reason: String },
    #[error("a period of {0} days is longer than the court counts (at most {MAX_PERIOD_DAYS})")]
    TooLong(u32),
}

/// The longest period the calculator counts: no period of the procedure laws runs past a
/// year and a half (the longest, the appeal against a default judgment served abroad, 30 days;
/// the longest time limit, 6 months); this bounds the work one request can ask for.
pub const MAX_PERIOD_DAYS: u32 = 3660;

/// How a period is counted: in days (民事诉讼法 Art. 85, the default for the procedure's
/// periods) or in working days (工作日, where a rule says so in those words).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PeriodUnit {
    Days,
    WorkingDays,
}

impl PeriodUnit {
    pub fn as_str(self) -> &'static str {
        match self {
            PeriodUnit::Days => "days",
            PeriodUnit::WorkingDays => "working_days",
        }
    }

    pub fn parse(s: &str) -> Option<PeriodUnit> {
        match s {
            "days" => Some(PeriodUnit::Days),
            "working_days" => Some(PeriodUnit::WorkingDays),
            _ => None,
        }
    }
}

/// Why a day is not a working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DayOff {
    /// A Saturday or Sunday the schedule does not make a working day.
    Weekend,
    /// A statutory holiday (or a day the schedule joins to it, 调休), by its name (春节).
    Holiday { name: String },
}

/// What one day is, and whether that comes from a published schedule or only from the law.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayKind {
    /// `None`: a working day.
    pub off: Option<DayOff>,
    /// A weekend day the schedule makes a working day (调休上班), by its name.
    pub make_up_workday: Option<String>,
    /// The day's year has no State Council schedule in the data: counted from the law only.
    pub provisional: bool,
}

/// One step of a computation, in the order the days were looked at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Step {
    /// Art. 85: "期间开始的时和日，不计算在期间内" — counting begins the day after.
    StartNotCounted { date: NaiveDate },
    /// Days: every calendar day from `from` to `to` counts, days off included.
    DaysCounted {
        from: NaiveDate,
        to: NaiveDate,
        days: u32,
    },
    /// Working days: a day off skipped (not counted), and why.
    Skipped {
        date: NaiveDate,
        why: DayOff,
        provisional: bool,
    },
    /// Working days: a weekend day the schedule makes a working day (调休上班), counted.
    MakeUpWorkdayCounted {
        date: NaiveDate,
        name: String,
        nth: u32,
    },
    /// Art. 85: the last day is a day off, so the period runs on past it.
    LastDayOff {
        date: NaiveDate,
        why: DayOff,
        provisional: bool,
    },
    /// The period's last day (a working day).
    End { date: NaiveDate, provisional: bool },
}

/// A computed period: its last day, how it was reached, and whether a year on the way had no
/// published schedule (then the official schedule may still move the end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Computation {
    pub end: NaiveDate,
    pub steps: Vec<Step>,
    pub provisional: bool,
    /// The years counted without a published schedule (empty unless provisional).
    pub provisional_years: Vec<i32>,
}

/// Which days are days off, for the years the data covers.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    years: BTreeSet<i32>,
    holidays: HashMap<NaiveDate, String>,
    workdays: HashMap<NaiveDate, String>,
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
            holidays: HashMap::new(),
            workdays: HashMap::new(),
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
                    let name = words.collect::<Vec<_>>().join(" ");
                    let mut d = first;
                    while d <= last {
                        cal.holidays.insert(d, name.clone());
                        d += Duration::days(1);
                    }
                }
                Some("workday") => {
                    let d = date(words.next())?;
                    if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
                        return Err(bad("a make-up working day is a Saturday or Sunday"));
                    }
                    cal.workdays.insert(d, words.collect::<Vec<_>>().join(" "));
                }
                _ => return Err(bad("a line starts with year, holiday or workday")),
            }
        }
        for d in cal.holidays.keys().chain(cal.workdays.keys()) {
            if !cal.years.contains(&d.year()) {
                return Err(PeriodError::BadData {
                    line: 0,
                    reason: format!("{d} lies in a year not declared"),
                });
            }
        }
        Ok(cal)
    }

    /// The years whose State Council schedule the data holds.
    pub fn years(&self) -> impl Iterator<Item = i32> + '_ {
        self.years.iter().copied()
    }

    /// Whether `day` is a working day; an error for a year the data does not cover.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, PeriodError> {
        if !self.years.contains(&day.year()) {
            return Err(PeriodError::YearNotCovered(day.year()));
        }
        Ok(self.day(day)?.off.is_none())
    }

    /// What `day` is: from the schedule where the data covers its year, otherwise provisionally
    /// from weekends and the statutory holidays; an error beyond the statutory table too.
    pub fn day(&self, day: NaiveDate) -> Result<DayKind, PeriodError> {
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        if self.years.contains(&day.year()) {
            if let Some(name) = self.workdays.get(&day) {
                return Ok(DayKind {
                    off: None,
                    make_up_workday: Some(name.clone()),
                    provisional: false,
                });
            }
            let off = match self.holidays.get(&day) {
                Some(name) => Some(DayOff::Holiday { name: name.clone() }),
                None if weekend => Some(DayOff::Weekend),
                None => None,
            };
            return Ok(DayKind {
                off,
                make_up_workday: None,
                provisional: false,
            });
        }
        let off = match statutory_holidays::holiday_on(day)? {
            Some(name) => Some(DayOff::Holiday { name: name.into() }),
            None if weekend => Some(DayOff::Weekend),
            None => None,
        };
        Ok(DayKind {
            off,
            make_up_workday: None,
            provisional: true,
        })
    }

    /// The last day of a period of `days` days that starts on `start` (the start day is not
    /// counted), moved to the first working day when it falls on a day off. Refuses a year the
    /// schedule does not cover (see [`HolidayCalendar::compute`] for the provisional answer).
    pub fn period_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate, PeriodError> {
        let mut end = start + Duration::days(days as i64);
        while !self.is_working_day(end)? {
            end += Duration::days(1);
        }
        Ok(end)
    }

    /// A period of `days` counted from `start` in `unit` under Art. 85, with every step: the
    /// start day not counted; in days, every calendar day counts and a last day off moves the
    /// end to the next working day; in working days, days off are skipped and make-up working
    /// days count. Provisional where a year on the way has no published schedule.
    pub fn compute(
        &self,
        start: NaiveDate,
        days: u32,
        unit: PeriodUnit,
    ) -> Result<Computation, PeriodError> {
        if days > MAX_PERIOD_DAYS {
            return Err(PeriodError::TooLong(days));
        }
        let mut steps = vec![Step::StartNotCounted { date: start }];
        let mut provisional_years = BTreeSet::new();
        let mut note = |k: &DayKind, d: NaiveDate| {
            if k.provisional {
                provisional_years.insert(d.year());
            }
        };
        let mut day = start;
        match unit {
            PeriodUnit::Days => {
                day = start + Duration::days(days as i64);
                if days > 0 {
                    steps.push(Step::DaysCounted {
                        from: start + Duration::days(1),
                        to: day,
                        days,
                    });
                }
            }
            PeriodUnit::WorkingDays => {
                let mut counted = 0;
                while counted < days {
                    day += Duration::days(1);
                    let k = self.day(day)?;
                    note(&k, day);
                    match (k.off, k.make_up_workday) {
                        (Some(why), _) => steps.push(Step::Skipped {
                            date: day,
                            why,
                            provisional: k.provisional,
                        }),
                        (None, Some(name)) => {
                            counted += 1;
                            steps.push(Step::MakeUpWorkdayCounted {
                                date: day,
                                name,
                                nth: counted,
                            });
                        }
                        (None, None) => counted += 1,
                    }
                }
            }
        }
        loop {
            let k = self.day(day)?;
            note(&k, day);
            match k.off {
                Some(why) => {
                    steps.push(Step::LastDayOff {
                        date: day,
                        why,
                        provisional: k.provisional,
                    });
                    day += Duration::days(1);
                }
                None => {
                    steps.push(Step::End {
                        date: day,
                        provisional: k.provisional,
                    });
                    break;
                }
            }
        }
        Ok(Computation {
            end: day,
            steps,
            provisional: !provisional_years.is_empty(),
            provisional_years: provisional_years.into_iter().collect(),
        })
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

    fn holiday(name: &str) -> DayOff {
        DayOff::Holiday { name: name.into() }
    }

    #[test]
    fn the_issues_example_counts_fifteen_calendar_days_after_the_start() {
        // 第八十五条 "期间开始的时和日，不计算在期间内": from Monday 28 September 2026, 15 days run
        // 29 September to 13 October — the National Day holiday inside counts as days.
        let c = HolidayCalendar::china()
            .compute(d("2026-09-28"), 15, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2026-10-13"));
        assert!(!c.provisional);
        assert_eq!(
            c.steps,
            vec![
                Step::StartNotCounted {
                    date: d("2026-09-28")
                },
                Step::DaysCounted {
                    from: d("2026-09-29"),
                    to: d("2026-10-13"),
                    days: 15
                },
                Step::End {
                    date: d("2026-10-13"),
                    provisional: false
                },
            ]
        );
    }

    #[test]
    fn a_period_starting_on_a_holiday_counts_from_the_next_day() {
        // "期间开始的时和日，不计算在期间内" — also when that day is 国庆节: 1 October + 7 = 8 October.
        let c = HolidayCalendar::china()
            .compute(d("2026-10-01"), 7, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2026-10-08"));
        assert_eq!(c.steps.len(), 3);
    }

    #[test]
    fn a_last_day_on_a_holiday_moves_to_the_first_day_after_and_each_day_passed_is_named() {
        // "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期": 28 September + 7 =
        // 5 October, inside 国庆节 (1–7 October) → Thursday 8 October.
        let c = HolidayCalendar::china()
            .compute(d("2026-09-28"), 7, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2026-10-08"));
        let passed: Vec<_> = c
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::LastDayOff { date, why, .. } => Some((*date, why.clone())),
                _ => None,
            })
            .collect();
        assert_eq!(
            passed,
            vec![
                (d("2026-10-05"), holiday("国庆节")),
                (d("2026-10-06"), holiday("国庆节")),
                (d("2026-10-07"), holiday("国庆节")),
            ]
        );
        // An ordinary weekend is a day off too: Saturday 7 March → Monday 9 March.
        let c = HolidayCalendar::china()
            .compute(d("2026-03-02"), 5, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2026-03-09"));
        assert!(matches!(
            c.steps[2],
            Step::LastDayOff {
                why: DayOff::Weekend,
                ..
            }
        ));
    }

    #[test]
    fn a_last_day_on_a_make_up_workday_is_the_end() {
        // The notice: "10月10日（周六）上班" — not a 法定休假日, so a period ending that day ends then.
        let c = HolidayCalendar::china()
            .compute(d("2026-10-03"), 7, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2026-10-10"));
        assert_eq!(
            c.steps.last(),
            Some(&Step::End {
                date: d("2026-10-10"),
                provisional: false
            })
        );
    }

    #[test]
    fn working_days_skip_days_off_and_count_make_up_workdays() {
        // 5 working days from Monday 28 September 2026: 29, 30 September; 1–7 October skipped
        // (国庆节); 8, 9 October; Saturday 10 October "上班" counts as the fifth.
        let c = HolidayCalendar::china()
            .compute(d("2026-09-28"), 5, PeriodUnit::WorkingDays)
            .unwrap();
        assert_eq!(c.end, d("2026-10-10"));
        let skipped = c
            .steps
            .iter()
            .filter(|s| matches!(s, Step::Skipped { why, .. } if *why == holiday("国庆节")))
            .count();
        assert_eq!(skipped, 7);
        assert!(c.steps.contains(&Step::MakeUpWorkdayCounted {
            date: d("2026-10-10"),
            name: "国庆节调休上班".into(),
            nth: 5
        }));
        // A weekend is skipped: Friday 6 March + 1 working day = Monday 9 March.
        let c = HolidayCalendar::china()
            .compute(d("2026-03-06"), 1, PeriodUnit::WorkingDays)
            .unwrap();
        assert_eq!(c.end, d("2026-03-09"));
        assert_eq!(
            c.steps[1],
            Step::Skipped {
                date: d("2026-03-07"),
                why: DayOff::Weekend,
                provisional: false
            }
        );
    }

    #[test]
    fn a_period_across_the_year_boundary_into_a_year_without_a_schedule_is_provisional() {
        // The issue: a judgment served 2026-12-20, 15 days to appeal (民事诉讼法第一百七十一条),
        // ends in 2027, whose schedule is not published: 4 January 2027, provisionally.
        let cal = HolidayCalendar::china();
        let c = cal.compute(d("2026-12-20"), 15, PeriodUnit::Days).unwrap();
        assert_eq!(c.end, d("2027-01-04"));
        assert!(c.provisional);
        assert_eq!(c.provisional_years, vec![2027]);
        // Ending on 1 January 2027 (元旦, fixed by the 办法) then the weekend → Monday 4 January.
        let c = cal.compute(d("2026-12-17"), 15, PeriodUnit::Days).unwrap();
        assert_eq!(c.end, d("2027-01-04"));
        assert_eq!(
            c.steps[2],
            Step::LastDayOff {
                date: d("2027-01-01"),
                why: holiday("元旦"),
                provisional: true
            }
        );
        // A period wholly inside 2026 is not provisional, though 2027 is unknown.
        assert!(
            !cal.compute(d("2026-12-01"), 15, PeriodUnit::Days)
                .unwrap()
                .provisional
        );
        // The strict period_end still refuses to guess.
        assert_eq!(
            cal.period_end(d("2026-12-20"), 15),
            Err(PeriodError::YearNotCovered(2027))
        );
    }

    #[test]
    fn a_provisional_spring_festival_follows_the_2024_revision() {
        // 《全国年节及纪念日放假办法》第二条（二）"春节，放假4天（农历除夕、正月初一至初三）": 2027's 除夕
        // is 5 February; 22 January + 15 = 6 February (初一) → 7, 8 February are 春节 too → 9 February.
        let c = HolidayCalendar::china()
            .compute(d("2027-01-22"), 15, PeriodUnit::Days)
            .unwrap();
        assert_eq!(c.end, d("2027-02-09"));
        assert!(c.provisional);
        let names: Vec<_> = c
            .steps
            .iter()
            .filter_map(|s| match s {
                Step::LastDayOff {
                    why: DayOff::Holiday { name },
                    provisional: true,
                    ..
                } => Some(name.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(names, ["春节", "春节", "春节"]);
    }

    #[test]
    fn a_schedule_loaded_later_can_move_a_provisional_end() {
        // A schedule for 2027 as a court would load it (a test's data, shaped like the State
        // Council's notices: the holiday joined with weekends into 9 days, two make-up Saturdays).
        let later = format!(
            "{CHINA_CALENDAR_DATA}\nyear 2027\nholiday 2027-01-01 2027-01-03 元旦\n\
             holiday 2027-02-05 2027-02-13 春节\nworkday 2027-02-20 春节调休上班\n"
        );
        let cal = HolidayCalendar::parse(&later).unwrap();
        let c = cal.compute(d("2027-01-22"), 15, PeriodUnit::Days).unwrap();
        // Provisionally 9 February (above); with the schedule 春节 runs to 13 February and
        // Sunday 14 February is a weekend day → Monday 15 February, no longer provisional.
        assert_eq!(c.end, d("2027-02-15"));
        assert!(!c.provisional);
        // And the other way: the make-up Saturday 20 February ends a period that provisionally
        // ran on to Monday 22 February.
        let shipped = HolidayCalendar::china();
        assert_eq!(
            shipped
                .compute(d("2027-02-13"), 7, PeriodUnit::Days)
                .unwrap()
                .end,
            d("2027-02-22")
        );
        assert_eq!(
            cal.compute(d("2027-02-13"), 7, PeriodUnit::Days)
                .unwrap()
                .end,
            d("2027-02-20")
        );
    }

    #[test]
    fn an_endless_period_is_refused_and_a_zero_day_period_ends_on_the_next_working_day() {
        let cal = HolidayCalendar::china();
        assert_eq!(
            cal.compute(d("2026-03-02"), MAX_PERIOD_DAYS + 1, PeriodUnit::Days),
            Err(PeriodError::TooLong(MAX_PERIOD_DAYS + 1))
        );
        assert_eq!(
            cal.compute(d("2026-03-07"), 0, PeriodUnit::Days)
                .unwrap()
                .end,
            d("2026-03-09")
        );
        assert_eq!(
            cal.compute(d("2101-01-01"), 3, PeriodUnit::Days),
            Err(PeriodError::YearNotCovered(2101))
        );
    }

    #[test]
    fn units_read_and_write_as_on_the_wire() {
        for u in [PeriodUnit::Days, PeriodUnit::WorkingDays] {
            assert_eq!(PeriodUnit::parse(u.as_str()), Some(u));
        }
        assert_eq!(PeriodUnit::parse("weeks"), None);
    }
}
