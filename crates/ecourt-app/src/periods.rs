//! 期限计算器: the period calculator, offline. It counts with the domain's rules (民事诉讼法
//! Art. 85, the same code the court runs) and the court's holiday schedule as last fetched from
//! `GET /api/v1/periods/calendar` and kept in the account's store; until then (or signed out)
//! with the calendar shipped in the release. The answer says which calendar counted and whether
//! the end is provisional, as the court's answer would.

use crate::{App, AppError, AppErrorCode, AppResult};
use ecourt_api::{Computation, PeriodUnit};
use ecourt_domain::period::{HolidayCalendar, PeriodError, CHINA_CALENDAR_DATA, MAX_PERIOD_DAYS};
use ecourt_store::CachedCalendar;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which calendar a count used.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeriodCalendar {
    /// The court's schedule as fetched (`false`: the one shipped with this app).
    pub from_court: bool,
    /// The court's version of it; `None` while the court counts with the release's own.
    pub version: Option<i64>,
    /// The years with a published State Council schedule; others are provisional.
    pub years: Vec<i32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PeriodAnswer {
    pub computation: Computation,
    pub calendar: PeriodCalendar,
}

fn refusal(e: PeriodError) -> AppError {
    match e {
        PeriodError::YearNotCovered(y) => AppError::new(
            AppErrorCode::DateOutOfRange,
            format!("no holiday calendar for {y}"),
        ),
        PeriodError::TooLong(_) => AppError::new(
            AppErrorCode::InvalidInput,
            format!("days: at most {MAX_PERIOD_DAYS}"),
        ),
        PeriodError::BadData { .. } => AppError::new(AppErrorCode::Storage, e.to_string()),
    }
}

impl App {
    /// The calendar to count with: the court's as cached, else the shipped one.
    async fn period_calendar(&self) -> AppResult<(HolidayCalendar, PeriodCalendar)> {
        let cached = match self.store().await {
            Ok(store) => store.court_calendar().await?,
            Err(_) => None,
        };
        let (data, from_court, version) = match &cached {
            Some(c) => (c.data.as_str(), true, c.version),
            None => (CHINA_CALENDAR_DATA, false, None),
        };
        let cal = HolidayCalendar::parse(data).map_err(refusal)?;
        let years = cal.years().collect();
        Ok((
            cal,
            PeriodCalendar {
                from_court,
                version,
                years,
            },
        ))
    }

    /// Counts a period offline: `start` (`YYYY-MM-DD`, not itself counted), `days` in `unit`.
    pub async fn compute_period(
        &self,
        start: &str,
        days: u32,
        unit: PeriodUnit,
    ) -> AppResult<PeriodAnswer> {
        let start = chrono::NaiveDate::parse_from_str(start.trim(), "%Y-%m-%d")
            .map_err(|_| AppError::new(AppErrorCode::InvalidInput, "start: a date YYYY-MM-DD"))?;
        let (cal, calendar) = self.period_calendar().await?;
        let computation = cal.compute(start, days, unit).map_err(refusal)?;
        Ok(PeriodAnswer {
            computation,
            calendar,
        })
    }

    /// Fetches the court's schedule and keeps it in the account's store (signed in only; a
    /// schedule that does not parse is not kept). Offline: an `offline` error, and the
    /// calculator goes on with what it has.
    pub async fn refresh_period_calendar(&self) -> AppResult<PeriodCalendar> {
        let store = self.store().await?;
        let fetched = self.court.court_calendar().await?;
        HolidayCalendar::parse(&fetched.data).map_err(refusal)?;
        store
            .save_court_calendar(&CachedCalendar {
                version: fetched.version,
                data: fetched.data,
            })
            .await?;
        Ok(self.period_calendar().await?.1)
    }
}
