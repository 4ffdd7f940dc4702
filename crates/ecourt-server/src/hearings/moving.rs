//! Moving a hearing (改期): the court's staff set a new time or courtroom for a hearing not yet
//! opened. It is an act on the case's timeline (`hearing_rescheduled`), so every summoned
//! person's desktop learns it through the ordinary sync and shows it as a notice with the new
//! time; the answers on taking part online stand (the court excludes anew if it must).

use super::scheduling::{checked_time_and_room, hearing};
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::{DateTime, Utc};
use ecourt_api::{ApiErrorCode, HearingState};
use ecourt_domain::court_time::court_time;

/// Moves a scheduled hearing to `scheduled_at` in `courtroom` (court staff of the case's court).
pub async fn reschedule(
    state: &AppState,
    caller: &ecourt_api::Account,
    hearing_id: i64,
    scheduled_at: DateTime<Utc>,
    courtroom: &str,
) -> ApiResult<i64> {
    let h = hearing(&state.db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    if !cases::visible(&state.db, caller, h.case_id).await? {
        return Err(Failure::not_found());
    }
    if !caller.kind.is_court_staff() {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court moves hearings",
        ));
    }
    if h.state != HearingState::Scheduled {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "only a hearing not yet opened can be moved",
        ));
    }
    let courtroom = checked_time_and_room(state, scheduled_at, courtroom)?;
    let before = h
        .scheduled_at
        .parse::<DateTime<Utc>>()
        .map(|t| court_time(t).format("%Y-%m-%d %H:%M").to_string())
        .unwrap_or_else(|_| h.scheduled_at.clone());
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    // Still not opened when the move is written (the judge may open it at the same moment).
    let moved = sqlx::query(
        "UPDATE hearings SET scheduled_at = $1, courtroom = $2 WHERE id = $3 AND state = 'scheduled'",
    )
    .bind(stamp(scheduled_at))
    .bind(courtroom)
    .bind(h.id)
    .execute(&mut *tx)
    .await?;
    if moved.rows_affected() == 0 {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "only a hearing not yet opened can be moved",
        ));
    }
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: h.case_id,
            kind: "hearing_rescheduled",
            title: "开庭时间变更",
            detail: Some(&format!(
                "改定于{}，{}（原定{}，{}）",
                court_time(scheduled_at).format("%Y-%m-%d %H:%M"),
                courtroom,
                before,
                h.courtroom
            )),
            actor: Some(caller),
            audit: serde_json::json!({
                "hearing_id": h.id, "scheduled_at": stamp(scheduled_at), "courtroom": courtroom,
                "before": {"scheduled_at": h.scheduled_at, "courtroom": h.courtroom},
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(h.case_id)
}
