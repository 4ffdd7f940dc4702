//! Periods running in a case (期间) and the holiday calendar in force — the kernel's part, so
//! that any capability can start a period (the service of a complaint's copy starts the defence
//! period) and count with the same calendar, without importing another capability.
//!
//! Counting is the domain's ([`HolidayCalendar::compute`], 民事诉讼法 Art. 85). The calendar in
//! force is the one shipped with the release until the court loads a newer schedule as data
//! ([`load_schedule`]); that recomputes every provisional period and tells the case when an
//! end moves (act `deadline_moved`). Every started period also sets the case's next deadline
//! (`cases.next_deadline_*`, the one place a case's deadline is shown): the earliest of what is
//! there already and the open periods.

use crate::kernel::case_file::{self, Act};
use crate::kernel::db::{opt_string, Db, Tx};
use crate::kernel::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use ecourt_api::Account;
use ecourt_domain::court_time::court_date;
use ecourt_domain::period::{Computation, HolidayCalendar, PeriodError, PeriodUnit};
use sqlx::Row;
use std::sync::{Arc, RwLock};

/// The holiday calendar in force on this court, swapped whole when a schedule is loaded (by this
/// process, or by another on the same database: [`refresh`]).
pub struct CalendarInForce {
    current: RwLock<(Option<i64>, Arc<HolidayCalendar>)>,
}

impl CalendarInForce {
    /// The calendar shipped with the release, until the database says otherwise.
    pub fn shipped() -> CalendarInForce {
        CalendarInForce {
            current: RwLock::new((None, Arc::new(HolidayCalendar::china()))),
        }
    }

    pub fn get(&self) -> Arc<HolidayCalendar> {
        self.current.read().expect("calendar lock").1.clone()
    }

    /// The loaded schedule's version in force; `None` for the shipped one.
    pub fn version(&self) -> Option<i64> {
        self.current.read().expect("calendar lock").0
    }

    fn set(&self, version: i64, cal: HolidayCalendar) {
        let mut cur = self.current.write().expect("calendar lock");
        if cur.0.is_none_or(|v| v < version) {
            *cur = (Some(version), Arc::new(cal));
        }
    }

    /// [`HolidayCalendar::period_end`] with the calendar in force (strict: an error for a year
    /// without a schedule), kept so that callers written against the plain calendar still work.
    pub fn period_end(&self, start: NaiveDate, days: u32) -> Result<NaiveDate, PeriodError> {
        self.get().period_end(start, days)
    }

    /// [`HolidayCalendar::is_working_day`] with the calendar in force.
    pub fn is_working_day(&self, day: NaiveDate) -> Result<bool, PeriodError> {
        self.get().is_working_day(day)
    }
}

/// The calendar in force: use it for every period the court counts (in place of
/// `HolidayCalendar::china()`), e.g. the filing review's 7 days.
pub fn calendar(state: &AppState) -> Arc<HolidayCalendar> {
    state.calendar.get()
}

/// What starts a period in a case.
pub struct PeriodStart<'a> {
    /// Stable kind, e.g. `defence` (CPL Art. 128), `appeal_judgment`, `appeal_ruling` (Art. 171).
    pub kind: &'a str,
    /// As shown to people: 答辩期, 上诉期.
    pub label: &'a str,
    /// The day it runs from (the day of service); not itself counted (Art. 85).
    pub from: NaiveDate,
    pub days: u32,
    pub unit: PeriodUnit,
    /// Whose period it is (the person served); `None` for the case as a whole.
    pub holder_account_id: Option<i64>,
    /// What started it, kept with the period (e.g. `{"service_id": 7}`).
    pub basis: serde_json::Value,
}

/// A period as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunningPeriod {
    pub id: i64,
    pub end: NaiveDate,
    /// The end lies in (or is counted through) a year whose State Council schedule is not yet
    /// loaded: the official schedule may still move it; loading it recomputes this period.
    pub provisional: bool,
}

/// Starts a period in a case inside `tx`: counts it with the calendar in force, records it
/// (`case_periods`), records the act `period_started` (timeline + audit; the caller's own act,
/// e.g. the service, is recorded by the caller), and sets the case's next deadline to the
/// earliest of the one it has and its open periods. An error for a year beyond every calendar
/// (past the statutory table, 2100) or a period longer than the domain counts.
pub async fn start(
    tx: &mut Tx,
    state: &AppState,
    case_id: i64,
    now: DateTime<Utc>,
    start: PeriodStart<'_>,
) -> anyhow::Result<RunningPeriod> {
    let c = calendar(state).compute(start.from, start.days, start.unit)?;
    let stamp = crate::kernel::clock::stamp(now);
    let id: i64 = sqlx::query(
        "INSERT INTO case_periods (case_id, kind, label, from_date, days, unit, end_date, provisional,
             holder_account_id, basis, calendar_version, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id",
    )
    .bind(case_id)
    .bind(start.kind)
    .bind(start.label)
    .bind(start.from.to_string())
    .bind(start.days as i64)
    .bind(start.unit.as_str())
    .bind(c.end.to_string())
    .bind(c.provisional as i64)
    .bind(start.holder_account_id)
    .bind(start.basis.to_string())
    .bind(state.calendar.version())
    .bind(&stamp)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let title = format!(
        "{}至 {}{}",
        start.label,
        c.end,
        provisional_mark(c.provisional)
    );
    case_file::record_act(
        tx,
        now,
        Act {
            case_id,
            kind: "period_started",
            title: &title,
            detail: provisional_detail(&c).as_deref(),
            actor: None,
            audit: serde_json::json!({
                "period_id": id, "kind": start.kind, "from": start.from, "days": start.days,
                "unit": start.unit.as_str(), "end": c.end, "provisional": c.provisional,
                "holder_account_id": start.holder_account_id, "basis": start.basis,
            }),
        },
    )
    .await?;
    set_next_deadline(tx, case_id, court_date(now), None).await?;
    Ok(RunningPeriod {
        id,
        end: c.end,
        provisional: c.provisional,
    })
}

/// "（暂定）" after a provisional end, as the case's deadline label and timeline show it.
pub fn provisional_mark(provisional: bool) -> &'static str {
    if provisional {
        "（暂定）"
    } else {
        ""
    }
}

fn provisional_detail(c: &Computation) -> Option<String> {
    c.provisional.then(|| {
        let years: Vec<String> = c.provisional_years.iter().map(|y| y.to_string()).collect();
        format!(
            "{}年的放假安排尚未公布，按法定节假日和周末暂定计算；公布后可能变动，届时另行告知。",
            years.join("、")
        )
    })
}

/// Sets `cases.next_deadline_*` to the earliest of the deadline the case has (unless it is
/// `replacing`, a period's old end being moved) and its periods that have not ended by `today`.
async fn set_next_deadline(
    tx: &mut Tx,
    case_id: i64,
    today: NaiveDate,
    replacing: Option<(&str, &str)>,
) -> anyhow::Result<()> {
    let row =
        sqlx::query("SELECT next_deadline_date, next_deadline_label FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_one(&mut **tx)
            .await?;
    let current = match (
        opt_string(&row, "next_deadline_date")?,
        opt_string(&row, "next_deadline_label")?,
    ) {
        (Some(d), l) => Some((d, l.unwrap_or_default())),
        _ => None,
    };
    let replaced = |c: &(String, String)| replacing.is_some_and(|(d, l)| c.0 == d && c.1 == l);
    let mut best = current.clone().filter(|c| !replaced(c));
    let open = sqlx::query(
        "SELECT end_date, label, provisional FROM case_periods
         WHERE case_id = $1 AND end_date >= $2 ORDER BY end_date, id LIMIT 1",
    )
    .bind(case_id)
    .bind(today.to_string())
    .fetch_optional(&mut **tx)
    .await?;
    if let Some(r) = open {
        let end: String = r.try_get("end_date")?;
        let label: String = r.try_get("label")?;
        let provisional: i64 = r.try_get("provisional")?;
        let label = format!("{label}{}", provisional_mark(provisional != 0));
        if best.as_ref().is_none_or(|b| end < b.0) {
            best = Some((end, label));
        }
    }
    if best != current {
        sqlx::query(
            "UPDATE cases SET next_deadline_date = $1, next_deadline_label = $2 WHERE id = $3",
        )
        .bind(best.as_ref().map(|b| b.0.as_str()))
        .bind(best.as_ref().map(|b| b.1.as_str()))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

/// A schedule loaded by the court.
#[derive(Debug, Clone)]
pub struct LoadedSchedule {
    pub version: i64,
    pub sha256: String,
    pub years: Vec<i32>,
    /// The provisional periods whose end moved: (period id, case id, old end, new end).
    pub moved: Vec<MovedPeriod>,
    /// How many provisional periods were counted again.
    pub recomputed: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MovedPeriod {
    pub period_id: i64,
    pub case_id: i64,
    pub old_end: NaiveDate,
    pub new_end: NaiveDate,
}

/// Why a schedule is not loaded.
#[derive(Debug, thiserror::Error)]
pub enum ScheduleRefusal {
    #[error("the schedule does not parse: {0}")]
    Malformed(PeriodError),
    #[error("the schedule leaves out {0}, which the calendar in force holds")]
    DropsYear(i32),
}

/// The latest schedule the court loaded (version, the file), if any: what desktops fetch.
pub async fn current_schedule(db: &Db) -> anyhow::Result<Option<(i64, String, String)>> {
    let row = sqlx::query(
        "SELECT version, data, sha256 FROM court_calendars ORDER BY version DESC LIMIT 1",
    )
    .fetch_optional(&db.pool)
    .await?;
    Ok(match row {
        Some(r) => Some((
            r.try_get("version")?,
            r.try_get("data")?,
            r.try_get("sha256")?,
        )),
        None => None,
    })
}

/// Puts the latest loaded schedule in force in this process if it is newer than the one in
/// force (another process on the same database may have loaded it). Returns the version.
pub async fn refresh(state: &AppState) -> anyhow::Result<Option<i64>> {
    if let Some((version, data, _)) = current_schedule(&state.db).await? {
        if state.calendar.version().is_none_or(|v| v < version) {
            state.calendar.set(version, HolidayCalendar::parse(&data)?);
        }
    }
    Ok(state.calendar.version())
}

/// Loads a reviewed schedule file (the format of `holidays-cn.txt`, holding at least every year
/// the calendar in force holds), keeps it with a new version, recounts every provisional period
/// with it, and for each end that moved records the act `deadline_moved` on its case naming the
/// old and new date and updates the case's next deadline. `loaded_by`: the court staff member,
/// or `None` from the command line on the court's machine.
pub async fn load_schedule(
    state: &AppState,
    text: &str,
    loaded_by: Option<&Account>,
    now: DateTime<Utc>,
) -> anyhow::Result<Result<LoadedSchedule, ScheduleRefusal>> {
    refresh(state).await?;
    let cal = match HolidayCalendar::parse(text) {
        Ok(c) => c,
        Err(e) => return Ok(Err(ScheduleRefusal::Malformed(e))),
    };
    let years: Vec<i32> = cal.years().collect();
    if let Some(y) = calendar(state).years().find(|y| !years.contains(y)) {
        return Ok(Err(ScheduleRefusal::DropsYear(y)));
    }
    use sha2::Digest as _;
    let sha256 = hex::encode(sha2::Sha256::digest(text.as_bytes()));
    let stamp = crate::kernel::clock::stamp(now);
    let mut tx = state.db.begin_write().await?;
    let version: i64 = sqlx::query(
        "INSERT INTO court_calendars (data, sha256, years, loaded_at, loaded_by)
         VALUES ($1, $2, $3, $4, $5) RETURNING version",
    )
    .bind(text)
    .bind(&sha256)
    .bind(
        years
            .iter()
            .map(|y| y.to_string())
            .collect::<Vec<_>>()
            .join(","),
    )
    .bind(&stamp)
    .bind(loaded_by.map(|a| a.id))
    .fetch_one(&mut *tx)
    .await?
    .try_get("version")?;
    crate::kernel::audit::append(
        &mut tx,
        now,
        crate::kernel::audit::AuditEntry {
            actor_account_id: loaded_by.map(|a| a.id),
            action: "holiday_schedule_loaded",
            case_id: None,
            payload: serde_json::json!({"version": version, "sha256": sha256, "years": years}),
        },
    )
    .await?;
    let rows = sqlx::query(
        "SELECT id, case_id, label, from_date, days, unit, end_date FROM case_periods
         WHERE provisional = 1 ORDER BY id",
    )
    .fetch_all(&mut *tx)
    .await?;
    let today = court_date(now);
    let mut moved = Vec::new();
    for r in &rows {
        let (id, case_id): (i64, i64) = (r.try_get("id")?, r.try_get("case_id")?);
        let label: String = r.try_get("label")?;
        let from: NaiveDate = r.try_get::<String, _>("from_date")?.parse()?;
        let days: i64 = r.try_get("days")?;
        let unit = PeriodUnit::parse(&r.try_get::<String, _>("unit")?)
            .ok_or_else(|| anyhow::anyhow!("period {id}: unknown unit"))?;
        let old_end: NaiveDate = r.try_get::<String, _>("end_date")?.parse()?;
        let c = cal.compute(from, days as u32, unit)?;
        sqlx::query(
            "UPDATE case_periods SET end_date = $1, provisional = $2, calendar_version = $3,
                 updated_at = $4 WHERE id = $5",
        )
        .bind(c.end.to_string())
        .bind(c.provisional as i64)
        .bind(version)
        .bind(&stamp)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let old_label = format!("{label}{}", provisional_mark(true));
        if c.end != old_end {
            let title = format!(
                "{label}届满日期变更：{old_end} → {}{}",
                c.end,
                provisional_mark(c.provisional)
            );
            let detail = format!(
                "法院载入了新公布的放假安排（第{version}版），{label}按民事诉讼法第八十五条重新计算。"
            );
            case_file::record_act(
                &mut tx,
                now,
                Act {
                    case_id,
                    kind: "deadline_moved",
                    title: &title,
                    detail: Some(&detail),
                    actor: None,
                    audit: serde_json::json!({
                        "period_id": id, "old_end": old_end, "new_end": c.end,
                        "provisional": c.provisional, "calendar_version": version,
                    }),
                },
            )
            .await?;
            moved.push(MovedPeriod {
                period_id: id,
                case_id,
                old_end,
                new_end: c.end,
            });
        } else if !c.provisional {
            // Same date, no longer provisional: the case's label loses its mark.
            case_file::touch(&mut tx, case_id, now).await?;
        }
        set_next_deadline(
            &mut tx,
            case_id,
            today,
            Some((&old_end.to_string(), &old_label)),
        )
        .await?;
    }
    tx.commit().await?;
    state.calendar.set(version, cal);
    Ok(Ok(LoadedSchedule {
        version,
        sha256,
        years,
        moved,
        recomputed: rows.len(),
    }))
}
