//! Periods (期间): the public calculator and the court's holiday schedule, served to desktops.
//! Counting is the domain's (民事诉讼法 Art. 85); the calendar in force and the periods running
//! in cases are the kernel's (`kernel::periods`), which the service of documents starts. A new
//! schedule is loaded by the court's operator from the command line
//! (`ecourt-server holidays load FILE`), never over the API: it is a reviewed data file that
//! moves deadlines in every case, an act of the court's administration rather than of a clerk.

use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::ApiJson;
use crate::kernel::periods;
use crate::kernel::registry::Registry;
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::*;
use ecourt_domain::period::{PeriodError, CHINA_CALENDAR_DATA, MAX_PERIOD_DAYS};

/// Periods register one sweep: another process on the same database may have loaded a
/// schedule, and this one must count with it too.
pub fn register(registry: &mut Registry) {
    registry.deadlines.register("periods.calendar", |state| {
        Box::pin(refresh_calendar(state)) as crate::kernel::deadlines::SweepFuture<'_>
    });
}

async fn refresh_calendar(state: &AppState) -> anyhow::Result<usize> {
    periods::refresh(state).await?;
    Ok(0)
}

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(compute, calendar),
    components(schemas(
        PeriodComputeRequest,
        Computation,
        Step,
        DayOff,
        PeriodUnit,
        CourtCalendar
    ))
)]
pub struct Doc;

pub fn router() -> Router<AppState> {
    Router::new()
        .route(routes::periods::COMPUTE, post(compute))
        .route(routes::periods::CALENDAR, get(calendar))
}

/// Why a period cannot be counted, as the API says it.
pub fn refusal(e: PeriodError) -> Failure {
    match e {
        PeriodError::YearNotCovered(y) => Failure::new(
            ApiErrorCode::DateOutOfRange,
            format!("the court has no holiday calendar for {y}, not even the statutory one"),
        ),
        PeriodError::TooLong(_) => Failure::invalid(format!("days: at most {MAX_PERIOD_DAYS}")),
        PeriodError::BadData { .. } => Failure::from(anyhow::Error::from(e)),
    }
}

/// The public period calculator: the end of a period of `days` days (or working days) from
/// `start`, every step of the count, and whether the end is provisional (a year on the way
/// without the State Council's schedule).
#[utoipa::path(post, path = "/api/v1/periods/compute", request_body = PeriodComputeRequest,
    responses((status = 200, body = Computation), (status = 400, body = ApiError),
        (status = 422, body = ApiError)))]
async fn compute(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<PeriodComputeRequest>,
) -> ApiResult<Json<Computation>> {
    let start = chrono::NaiveDate::parse_from_str(&req.start, "%Y-%m-%d")
        .map_err(|_| Failure::invalid("start: a date YYYY-MM-DD"))?;
    periods::refresh(&state).await?;
    let c = periods::calendar(&state)
        .compute(start, req.days, req.unit)
        .map_err(refusal)?;
    Ok(Json(c))
}

/// The holiday schedule the court counts with, for desktops to count offline as the court does.
#[utoipa::path(get, path = "/api/v1/periods/calendar",
    responses((status = 200, body = CourtCalendar)))]
async fn calendar(State(state): State<AppState>) -> ApiResult<Json<CourtCalendar>> {
    let cal = match periods::current_schedule(&state.db).await? {
        Some((version, data, sha256)) => (Some(version), data, sha256),
        None => {
            use sha2::Digest as _;
            let sha = hex::encode(sha2::Sha256::digest(CHINA_CALENDAR_DATA.as_bytes()));
            (None, CHINA_CALENDAR_DATA.to_string(), sha)
        }
    };
    let years = ecourt_domain::period::HolidayCalendar::parse(&cal.1)
        .map_err(anyhow::Error::from)?
        .years()
        .collect();
    Ok(Json(CourtCalendar {
        version: cal.0,
        sha256: cal.2,
        years,
        data: cal.1,
    }))
}
