//! The band of doubt (人工复核): a face verification whose distance is neither a sure match nor
//! a sure mismatch under the court's policy is never an automatic yes. The court keeps, sealed
//! with the template key (AES-256-GCM), the card picture and the compared frames of THAT attempt,
//! and puts it in a queue. Staff of the party's court (the court of the party's latest case; any
//! of this service's courts when the party has none yet) compare the pictures side by side and
//! decide: the same person (the identity is verified exactly as by an automatic match), not the
//! same person, or verify in person. The decision goes to `face_attempts` and the audit chain,
//! and the pictures are deleted.
//!
//! The card picture comes from the upload: a shrunk copy of the card photo is kept sealed next
//! to the template until the identity is verified (`face_templates.sealed_card_picture`),
//! because a doubtful attempt needs something a person can compare the frames with.

use crate::kernel::audit;
use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ecourt_api::{
    Account, ApiErrorCode, FaceReviewDecision, FaceReviewDecisionRequest, FaceReviewItem,
    FaceReviewQueue, FaceReviewResult,
};
use ecourt_domain::id_number::IdNumber;
use sqlx::Row;

/// The longest side of a picture kept for review: enough for a person to compare faces.
pub const CARD_PICTURE_SIDE: usize = 640;
pub const FRAME_PICTURE_SIDE: usize = 480;

/// A JPEG of `bytes` (a JPEG or PNG) shrunk to `max_side`, or `None` when it does not decode.
pub fn review_picture(bytes: &[u8], max_side: usize) -> Option<Vec<u8>> {
    let (w, h, data) = ecourt_face::decode_rgb(bytes).ok()?;
    let (w, h, data) = ecourt_face::shrink(w, h, data, max_side);
    let img = image::RgbImage::from_raw(w as u32, h as u32, data)?;
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .encode_image(&img)
        .ok()?;
    Some(out)
}

/// What the sealed blob of a review holds.
#[derive(serde::Serialize, serde::Deserialize)]
struct Pictures {
    card: Option<String>,
    frames: Vec<String>,
}

/// A doubtful attempt, as recorded.
pub struct Doubtful<'a> {
    pub account_id: i64,
    pub attempt_id: i64,
    pub claimed_name: &'a str,
    pub claimed_id_number: &'a str,
    pub assisted_by: Option<i64>,
    pub distance: f32,
    pub model: &'a str,
    /// The encoded frames compared with the card.
    pub frames: Vec<&'a [u8]>,
}

/// Puts a doubtful attempt in its court's queue, inside the transaction that records it.
pub async fn queue(
    state: &AppState,
    tx: &mut Tx,
    d: Doubtful<'_>,
    now: DateTime<Utc>,
) -> ApiResult<i64> {
    let b64 = |b: Vec<u8>| base64::engine::general_purpose::STANDARD.encode(b);
    let card =
        match sqlx::query("SELECT sealed_card_picture FROM face_templates WHERE account_id = $1")
            .bind(d.account_id)
            .fetch_optional(&mut **tx)
            .await?
        {
            Some(row) => match row.try_get::<Option<Vec<u8>>, _>("sealed_card_picture")? {
                // Empty when the card photo gave no picture to keep.
                Some(sealed) if !sealed.is_empty() => Some(state.template_key.open_bytes(&sealed)?),
                _ => None,
            },
            None => None,
        };
    let pictures = Pictures {
        card: card.map(b64),
        frames: d
            .frames
            .iter()
            .filter_map(|f| review_picture(f, FRAME_PICTURE_SIDE))
            .map(b64)
            .collect(),
    };
    let sealed = state
        .template_key
        .seal_bytes(&serde_json::to_vec(&pictures).map_err(anyhow::Error::from)?);
    let court: Option<String> = sqlx::query(
        "SELECT c.court_code FROM case_participants p JOIN cases c ON c.id = p.case_id
         WHERE p.account_id = $1 ORDER BY c.id DESC LIMIT 1",
    )
    .bind(d.account_id)
    .fetch_optional(&mut **tx)
    .await?
    .map(|r| r.try_get("court_code"))
    .transpose()?;
    let id: i64 = sqlx::query(
        "INSERT INTO face_reviews (account_id, attempt_id, court_code, claimed_name, claimed_id_number, assisted_by,
           distance, model, sealed_pictures, key_id, queued_at)
         VALUES ($1, $2, $3, $4, $5, NULLIF($6, 0), $7, $8, $9, $10, $11) RETURNING id",
    )
    .bind(d.account_id)
    .bind(d.attempt_id)
    .bind(court.unwrap_or_default())
    .bind(d.claimed_name)
    .bind(d.claimed_id_number)
    .bind(d.assisted_by.unwrap_or(0))
    .bind(f64::from(d.distance))
    .bind(d.model)
    .bind(sealed)
    .bind(&state.template_key.id)
    .bind(stamp(now))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok(id)
}

/// Staff of a court, or a refusal.
fn require_staff(caller: &Account) -> ApiResult<&str> {
    match (&caller.court_code, caller.kind.is_court_staff()) {
        (Some(court), true) => Ok(court),
        _ => Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff review face verifications",
        )),
    }
}

/// The court's queue, oldest first (50 at a time: each decided one makes room). A review without a court (the party has no case yet) is
/// in every court's queue of this service.
pub async fn list(state: &AppState, caller: &Account) -> ApiResult<FaceReviewQueue> {
    let court = require_staff(caller)?;
    let rows = sqlx::query(
        "SELECT r.id, r.account_id, a.username, r.claimed_name, r.distance, r.model, r.queued_at, r.sealed_pictures
         FROM face_reviews r JOIN accounts a ON a.id = r.account_id
         WHERE r.decided_at IS NULL AND (r.court_code = $1 OR r.court_code = '')
         ORDER BY r.queued_at, r.id LIMIT 50",
    )
    .bind(court)
    .fetch_all(&state.db.pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        // The band of the model the attempt was scored with.
        let model: String = row.try_get("model")?;
        let band = state.face_policy.band_of(&model);
        let sealed: Vec<u8> = row.try_get("sealed_pictures")?;
        let pictures: Pictures = serde_json::from_slice(&state.template_key.open_bytes(&sealed)?)
            .map_err(anyhow::Error::from)?;
        items.push(FaceReviewItem {
            id: row.try_get("id")?,
            account_id: row.try_get("account_id")?,
            username: row.try_get("username")?,
            claimed_name: row.try_get("claimed_name")?,
            distance: row.try_get::<f64, _>("distance")? as f32,
            match_below: band.match_below,
            mismatch_above: band.mismatch_above,
            model,
            queued_at: row.try_get("queued_at")?,
            card_picture: pictures.card,
            frames: pictures.frames,
        });
    }
    Ok(FaceReviewQueue { items })
}

fn decision_name(d: FaceReviewDecision) -> &'static str {
    match d {
        FaceReviewDecision::Match => "match",
        FaceReviewDecision::NoMatch => "no_match",
        FaceReviewDecision::InPerson => "in_person",
    }
}

/// A court officer's decision on a doubtful attempt.
pub async fn decide(
    state: &AppState,
    caller: &Account,
    id: i64,
    req: FaceReviewDecisionRequest,
) -> ApiResult<FaceReviewResult> {
    let court = require_staff(caller)?;
    let reason = req.reason.trim();
    if reason.is_empty() || reason.chars().count() > 500 {
        return Err(Failure::invalid(
            "give the reason for the decision (at most 500 characters)",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    // Claimed by this decision before anything else: a second decision finds it taken.
    let taken = sqlx::query(
        "UPDATE face_reviews SET decided_at = $1, decided_by = $2, decision = $3, reason = $4, sealed_pictures = NULL
         WHERE id = $5 AND decided_at IS NULL AND (court_code = $6 OR court_code = '')",
    )
    .bind(stamp(now))
    .bind(caller.id)
    .bind(decision_name(req.decision))
    .bind(reason)
    .bind(id)
    .bind(court)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if taken != 1 {
        return Err(Failure::new(
            ApiErrorCode::NotFound,
            "no such face verification waiting for review at this court",
        ));
    }
    let row = sqlx::query(
        "SELECT account_id, attempt_id, claimed_name, claimed_id_number, assisted_by, distance, model
         FROM face_reviews WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&mut *tx)
    .await?;
    let account_id: i64 = row.try_get("account_id")?;
    let attempt_id: i64 = row.try_get("attempt_id")?;
    let model: String = row.try_get("model")?;
    let assisted_by: Option<i64> = row.try_get("assisted_by")?;
    if req.decision == FaceReviewDecision::Match {
        // Never over an identity verified meanwhile (record_identity closes the account's
        // other reviews; this guards one decided in the same moment).
        let verified = sqlx::query(
            "SELECT 1 AS one FROM account_identity WHERE account_id = $1 AND verified_at IS NOT NULL",
        )
        .bind(account_id)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
        if verified {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "this account's identity is already verified",
            ));
        }
        let name: String = row.try_get("claimed_name")?;
        let number: String = row.try_get("claimed_id_number")?;
        // Checked when the attempt was made; read back as it was given.
        let id_number = IdNumber::parse(&number, crate::kernel::clock::court_date(now))
            .map_err(|e| Failure::invalid(format!("identity number: {e}")))?;
        let label = format!("{model} reviewed by {}", caller.username);
        if let Some(refusal) = crate::identity::faces::record_identity(
            &mut tx,
            account_id,
            Some(&(name, id_number)),
            &label,
            assisted_by,
            now,
        )
        .await?
        {
            return Err(refusal);
        }
    }
    sqlx::query(
        "UPDATE face_attempts SET review_decision = $1, reviewed_by = $2, reviewed_at = $3 WHERE id = $4",
    )
    .bind(decision_name(req.decision))
    .bind(caller.id)
    .bind(stamp(now))
    .bind(attempt_id)
    .execute(&mut *tx)
    .await?;
    audit::account_act(
        &mut tx,
        now,
        caller.id,
        "face_review_decided",
        serde_json::json!({
            "review": id,
            "attempt": attempt_id,
            "account_id": account_id,
            "decision": decision_name(req.decision),
            "reason": reason,
            "distance": row.try_get::<f64, _>("distance")?,
            "model": model,
            "pictures_deleted": true,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(FaceReviewResult {
        id,
        decision: req.decision,
        decided_at: stamp(now),
    })
}
