//! The public period calculator (`/api/v1/periods/compute`, 民事诉讼法 Art. 85) and the court's
//! holiday schedule in force (`/api/v1/periods/calendar`), which desktops cache to count offline.
//! The counting itself is `ecourt_domain::period`; its answer travels as it is.

pub use ecourt_domain::period::{Computation, DayOff, PeriodUnit, Step};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct PeriodComputeRequest {
    /// The day the period runs from (e.g. the day of service), `YYYY-MM-DD`; not itself counted.
    pub start: String,
    /// How many days (at most `ecourt_domain::period::MAX_PERIOD_DAYS`).
    pub days: u32,
    #[serde(default = "days")]
    pub unit: PeriodUnit,
}

fn days() -> PeriodUnit {
    PeriodUnit::Days
}

/// The holiday schedule the court counts with: the file as loaded (the format of
/// `crates/ecourt-domain/data/holidays-cn.txt`), its version and SHA-256; version `null` while
/// the court counts with the calendar shipped in the release.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CourtCalendar {
    pub version: Option<i64>,
    pub sha256: String,
    pub years: Vec<i32>,
    pub data: String,
}
