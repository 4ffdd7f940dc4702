//! The routes of hearings (and the live room's signalling socket), and their OpenAPI paths.

use crate::hearings;
use crate::kernel::caller::Caller;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiJson, ApiPath, ApiQuery};
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use ecourt_api::*;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    paths(
        schedule_hearing,
        move_hearing,
        hearing_consent,
        hearing_exclusion,
        courtroom_rules,
        join_token,
        hearing_record,
        hearing_probe
    ),
    components(schemas(
        HearingState,
        ExclusionGround,
        AttendanceMode,
        HearingAttendee,
        HearingSummary,
        HearingConsentRequest,
        HearingExclusionRequest,
        ScheduleHearingRequest,
        JoinTokenRequest,
        JoinToken,
        CourtroomRules,
        HearingLogEntry,
        HearingRecord,
        DisconnectCause,
        ReconnectReport,
        ProceduralRequestKind,
        DeviceState,
        ClientSignal,
        ServerSignal,
        Presence,
        RoomParticipant,
        RoomRequest,
        RoomState,
        ShownDocument,
        AlertKind
    ))
)]
pub struct Doc;

pub fn routes(_state: &AppState) -> Router<AppState> {
    Router::new()
        .route(routes::hearing::SCHEDULE, post(schedule_hearing))
        .route(routes::hearing::MOVE, post(move_hearing))
        .route(routes::hearing::RULES, get(courtroom_rules))
        .route(routes::hearing::PROBE, get(hearing_probe))
        .route(routes::hearing::CONSENT, post(hearing_consent))
        .route(routes::hearing::EXCLUSIONS, post(hearing_exclusion))
        .route(routes::hearing::JOIN_TOKENS, post(join_token))
        .route(routes::hearing::RECORD, get(hearing_record))
        .route(routes::hearing::SIGNAL, get(super::room::signal))
}

// ---- hearings ------------------------------------------------------------------------------

/// The court schedules an online hearing of a case; everyone in the case with an account is
/// summoned.
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings", params(("id" = i64, Path)), request_body = ScheduleHearingRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn schedule_hearing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(case_id): ApiPath<i64>,
    ApiJson(req): ApiJson<ScheduleHearingRequest>,
) -> ApiResult<Json<HearingSummary>> {
    let at = start_of(&req)?;
    let id = hearings::schedule(
        &state,
        &caller,
        case_id,
        at,
        &req.courtroom,
        req.contact_phone.as_deref(),
    )
    .await?;
    Ok(Json(summary_of(&state, &caller, case_id, id).await?))
}

/// The start a scheduling or moving request names.
fn start_of(req: &ScheduleHearingRequest) -> ApiResult<chrono::DateTime<chrono::Utc>> {
    Ok(chrono::DateTime::parse_from_rfc3339(&req.scheduled_at)
        .map_err(|_| Failure::invalid("scheduled_at must be a date and time (RFC 3339)"))?
        .with_timezone(&chrono::Utc))
}

/// A hearing of a case as the caller sees it.
async fn summary_of(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    id: i64,
) -> ApiResult<HearingSummary> {
    hearings::summaries(&state.db, caller, &[case_id])
        .await?
        .remove(&case_id)
        .and_then(|l| l.into_iter().find(|h| h.id == id))
        .ok_or_else(Failure::not_found)
}

/// The court moves a hearing not yet opened to another time or courtroom; the summoned are told
/// through the case's timeline.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/move", params(("id" = i64, Path)), request_body = ScheduleHearingRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn move_hearing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ScheduleHearingRequest>,
) -> ApiResult<Json<HearingSummary>> {
    let at = start_of(&req)?;
    let case_id = hearings::reschedule(&state, &caller, id, at, &req.courtroom).await?;
    Ok(Json(summary_of(&state, &caller, case_id, id).await?))
}

/// A party's or agent's answer on the online hearing: online, or offline with a ground.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/consent", params(("id" = i64, Path)), request_body = HearingConsentRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn hearing_consent(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<HearingConsentRequest>,
) -> ApiResult<Json<HearingSummary>> {
    Ok(Json(hearings::answer(&state, &caller, id, &req).await?))
}

/// The court sets an exclusion ground: the participant attends in the courtroom.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/exclusions", params(("id" = i64, Path)), request_body = HearingExclusionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 404, body = ApiError)))]
async fn hearing_exclusion(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<HearingExclusionRequest>,
) -> ApiResult<Json<HearingSummary>> {
    Ok(Json(hearings::exclude(&state, &caller, id, &req).await?))
}

/// The courtroom rules and the no-recording declaration, to accept before joining.
#[utoipa::path(get, path = "/api/v1/hearings/rules", responses((status = 200, body = CourtroomRules)))]
async fn courtroom_rules() -> Json<CourtroomRules> {
    Json(hearings::courtroom_rules())
}

#[derive(Deserialize, IntoParams)]
struct ProbeQuery {
    /// How many bytes to send back (at most 4 MiB).
    bytes: usize,
}

/// A block of bytes for the device check to time: round trip and bandwidth to the court.
#[utoipa::path(get, path = "/api/v1/hearings/probe", params(ProbeQuery), security(("bearer" = [])),
    responses((status = 200, description = "the bytes asked for")))]
async fn hearing_probe(
    Caller(_caller): Caller,
    ApiQuery(q): ApiQuery<ProbeQuery>,
) -> ApiResult<impl IntoResponse> {
    if q.bytes > 4 * 1024 * 1024 {
        return Err(Failure::invalid("at most 4 MiB"));
    }
    // Not compressible, like video.
    let block: Vec<u8> = (0..q.bytes)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], block))
}

/// A short-lived, court-signed pass to the hearing's signalling socket: only for someone
/// summoned who attends online, has accepted the rules and (parties, agents) re-checked their
/// face.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/join-tokens", params(("id" = i64, Path)), request_body = JoinTokenRequest,
    security(("bearer" = [])),
    responses((status = 200, body = JoinToken), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 422, body = ApiError)))]
async fn join_token(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<JoinTokenRequest>,
) -> ApiResult<Json<JoinToken>> {
    Ok(Json(hearings::join_token(&state, &caller, id, &req).await?))
}

/// The hearing record: every connection, disconnection with its cause, reconnect, leave and
/// act of the court.
#[utoipa::path(get, path = "/api/v1/hearings/{id}/record", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = HearingRecord), (status = 404, body = ApiError)))]
async fn hearing_record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<HearingRecord>> {
    Ok(Json(hearings::record(&state, &caller, id).await?))
}
