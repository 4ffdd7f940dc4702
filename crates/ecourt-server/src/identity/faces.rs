//! Face verification (人脸识别): the court decides whether the person in front of the camera is
//! the person on the ID card, and is alive and present.
//!
//! 1. The card's face side is uploaded; its portrait's descriptor is kept encrypted
//!    (AES-256-GCM under the court's template key), the photo itself is not kept.
//! 2. The court issues a challenge: steps in random order (blink, turn left, turn right), a
//!    nonce, a short expiry; each challenge is used once.
//! 3. The desktop sends the frames it captured while the person followed the prompts. The
//!    court runs detection, landmarks, liveness and the descriptors itself (`ecourt-face`, on a
//!    worker thread), compares with the card's template under the policy's threshold, and
//!    records the outcome, distance, threshold, model and challenge in the audit log. The
//!    frames are dropped once decided (policy `keep_frames` is false; storing them is not built).
//!    Frames already received once are refused as a replay.
//!
//! Who verifies is a [`FaceVerifier`]: the local pipeline here, or a deployment's own provider
//! (a court's verification service, the national identity authentication platform) behind the
//! same trait, chosen at start-up, so the flow does not change with the provider.

use crate::kernel::audit;
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use base64::Engine as _;
use chrono::{DateTime, Duration, Utc};
use ecourt_api::{
    Account, ApiErrorCode, CardAccepted, ChallengeStep, FaceChallenge, FaceOutcome, FacePurpose,
    FaceVerification, FaceVerificationRequest,
};
use ecourt_domain::id_number::IdNumber;
use ecourt_face::liveness::{self, LivenessFailure, LivenessPolicy};
use ecourt_face::{DescribedFace, FaceError, FaceModel, ModelDescriptor, SequenceCheck};
use rand::seq::SliceRandom;
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::path::{Path, PathBuf};
use std::sync::Arc;

// The identity provider's port, the face policy and the template key are the kernel's (the
// state holds them); the old paths keep working.
pub use crate::kernel::config::{template_key_from_env, FacePolicy, ModelBand, TemplateKey, Zone};
pub use crate::kernel::ports::{Answer, CheckError, FaceVerifier};

enum Job {
    Card(
        Vec<u8>,
        tokio::sync::oneshot::Sender<Result<DescribedFace, CheckError>>,
    ),
    Sequence(
        Vec<liveness::ChallengeStep>,
        Arc<Vec<Vec<u8>>>,
        LivenessPolicy,
        tokio::sync::oneshot::Sender<Result<SequenceCheck, CheckError>>,
    ),
}

/// The local pipeline (`ecourt-face`, dlib's models) on a worker thread of its own: the models
/// are loaded on first use and requests are taken one at a time. A fault in the pipeline on
/// one picture (a panic) fails that request only: the models are loaded afresh for the next,
/// and a worker that ended all the same is started again, so one picture cannot switch face
/// verification off for the court.
pub struct LocalFaceVerifier {
    jobs: std::sync::Mutex<tokio::sync::mpsc::UnboundedSender<Job>>,
    models: PathBuf,
    model_id: String,
    model: String,
}

impl LocalFaceVerifier {
    /// `model` is a [`FaceModel`] id; an unknown one leaves the verifier answering that the
    /// models are not available (and is logged).
    pub fn start(models: PathBuf, model: &str) -> LocalFaceVerifier {
        let model_id = model.to_string();
        let model = model_version(&models, model);
        let jobs = std::sync::Mutex::new(Self::worker(models.clone(), model_id.clone()));
        LocalFaceVerifier {
            jobs,
            models,
            model_id,
            model,
        }
    }

    fn worker(models: PathBuf, model_id: String) -> tokio::sync::mpsc::UnboundedSender<Job> {
        let (jobs, mut rx) = tokio::sync::mpsc::unbounded_channel::<Job>();
        std::thread::Builder::new()
            .name("face-verifier".into())
            .spawn(move || {
                let mut pipeline: Option<ecourt_face::FacePipeline> = None;
                while let Some(job) = rx.blocking_recv() {
                    if pipeline.is_none() {
                        match ecourt_face::FacePipeline::load_model(&models, &model_id) {
                            Ok(p) => pipeline = Some(p),
                            Err(e) => {
                                tracing::error!(error = %e, dir = %models.display(), "face models")
                            }
                        }
                    }
                    match job {
                        Job::Card(image, reply) => {
                            let r = guarded(&mut pipeline, |p| p.describe_card(&image));
                            let _ = reply.send(r);
                        }
                        Job::Sequence(steps, frames, policy, reply) => {
                            let r = guarded(&mut pipeline, |p| {
                                let refs: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
                                p.check_sequence(&steps, &refs, &policy)
                            });
                            let _ = reply.send(r);
                        }
                    }
                }
            })
            .expect("spawning the face verifier thread");
        jobs
    }

    async fn ask<T>(
        &self,
        job: impl FnOnce(tokio::sync::oneshot::Sender<Result<T, CheckError>>) -> Job,
    ) -> Result<T, CheckError> {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let sent = self
            .jobs
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .send(job(tx))
            .is_ok();
        match rx.await {
            Ok(answer) => answer,
            Err(_) => {
                // The worker ended (before or while taking this job): a new one takes the
                // next, unless another request already started it.
                let mut jobs = self
                    .jobs
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if jobs.is_closed() {
                    tracing::error!(sent, "the face verifier ended; starting it again");
                    *jobs = Self::worker(self.models.clone(), self.model_id.clone());
                }
                Err(CheckError::Failed("the face verifier stopped".into()))
            }
        }
    }
}

/// Runs one job on the loaded models, catching a panic inside them: the job fails, and the
/// models, whose buffers the panic may have left half-written, are dropped to be loaded
/// afresh for the next job.
fn guarded<P, T>(
    pipeline: &mut Option<P>,
    work: impl FnOnce(&mut P) -> Result<T, FaceError>,
) -> Result<T, CheckError> {
    let Some(p) = pipeline.as_mut() else {
        return Err(CheckError::Failed(
            "the face models are not available on the court service".into(),
        ));
    };
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(p))) {
        Ok(answer) => answer.map_err(CheckError::Picture),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "a panic".into());
            tracing::error!(panic = %what, "the face pipeline failed on a picture; models reloaded");
            *pipeline = None;
            Err(CheckError::Failed(what))
        }
    }
}

impl FaceVerifier for LocalFaceVerifier {
    fn model(&self) -> String {
        self.model.clone()
    }

    fn card(&self, image: Vec<u8>) -> Answer<'_, DescribedFace> {
        Box::pin(self.ask(move |tx| Job::Card(image, tx)))
    }

    fn sequence(
        &self,
        steps: Vec<liveness::ChallengeStep>,
        frames: Arc<Vec<Vec<u8>>>,
        policy: LivenessPolicy,
    ) -> Answer<'_, SequenceCheck> {
        Box::pin(self.ask(move |tx| Job::Sequence(steps, frames, policy, tx)))
    }
}

/// `<model id>@<sha256 prefix of its file>`, e.g. `sface_2021dec@0ba9fbfa01b5`.
fn model_version(models: &Path, model: &str) -> String {
    match FaceModel::from_id(model) {
        Some(m) => ecourt_face::model_version(models, m),
        None => format!("{model}@unknown"),
    }
}

/// The model id in a recorded `<id>@<version>`.
fn model_of(version: &str) -> Option<FaceModel> {
    FaceModel::from_id(version.split('@').next().unwrap_or_default())
}

/// A card template sealed under another model (or another version of its file) than the one
/// deciding now is never compared: the party gives the card photo again.
fn template_outdated(sealed_under: &str, now: &str) -> Failure {
    Failure::new(
        ApiErrorCode::FaceTemplateOutdated,
        format!(
            "the ID card portrait on file was read with {sealed_under}; the court now compares faces with {now}: upload the face side of your ID card again"
        ),
    )
}

/// The refusal when the check itself failed on the court's side.
fn check_failed() -> Failure {
    Failure::new(
        ApiErrorCode::FaceCheckFailed,
        "the court could not complete the face check on this picture; nothing was decided; try again, or verify in person at the court",
    )
}

fn picture_rejected(e: FaceError) -> Failure {
    let message = match &e {
        FaceError::Undecodable(_) => {
            "the file is not a JPEG or PNG photo that can be read".to_string()
        }
        FaceError::TooLarge => {
            "the photo is too large (at most 20 MB and 40 megapixels)".to_string()
        }
        FaceError::NoFace => {
            "no face was found on the card; photograph the side with the portrait".to_string()
        }
        FaceError::SeveralFaces(n) => format!("{n} faces were found; photograph the card alone"),
        FaceError::Rotated(deg) => {
            format!("the card is turned; turn the photo {deg}° clockwise or retake it upright")
        }
        FaceError::TooDark(_) => {
            "the portrait is too dark; retake the photo in better light".to_string()
        }
        FaceError::Blurred(_) => {
            "the portrait is blurred; hold still and retake the photo".to_string()
        }
        FaceError::TooSmall(_) => {
            "the portrait is too small; photograph the card closer so that it fills the picture"
                .to_string()
        }
        FaceError::ModelMismatch(e) => e.to_string(),
    };
    // A code of its own for each, so the desktop words it in the user's language (the
    // message stays English detail for the log).
    let code = match e {
        FaceError::TooLarge => ApiErrorCode::PayloadTooLarge,
        FaceError::Undecodable(_) => ApiErrorCode::PictureUnreadable,
        FaceError::NoFace => ApiErrorCode::PictureNoFace,
        FaceError::SeveralFaces(_) => ApiErrorCode::PictureSeveralFaces,
        FaceError::Rotated(_) => ApiErrorCode::PictureTurned,
        FaceError::TooDark(_) => ApiErrorCode::PictureTooDark,
        FaceError::Blurred(_) => ApiErrorCode::PictureBlurred,
        FaceError::TooSmall(_) => ApiErrorCode::PictureTooSmall,
        FaceError::ModelMismatch(_) => ApiErrorCode::PictureRejected,
    };
    Failure::new(code, message)
}

struct Prerequisites {
    phone_verified: bool,
    consent: bool,
    /// A card template sealed under the model deciding now.
    card: bool,
    /// The model of a card template sealed under another one (it must be made again).
    outdated_card: Option<String>,
    verified: bool,
}

async fn prerequisites(state: &AppState, account_id: i64) -> ApiResult<Prerequisites> {
    let identity = sqlx::query(
        "SELECT phone_verified_at, verified_at FROM account_identity WHERE account_id = $1",
    )
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?;
    let (phone_verified, verified) = match &identity {
        Some(r) => (
            crate::kernel::db::opt_string(r, "phone_verified_at")?.is_some(),
            crate::kernel::db::opt_string(r, "verified_at")?.is_some(),
        ),
        None => (false, false),
    };
    let consent = sqlx::query(
        "SELECT accepted FROM consents WHERE account_id = $1 AND kind = 'biometric' ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .map(|r| r.try_get::<i64, _>("accepted"))
    .transpose()?
        == Some(1);
    let card_model: Option<String> =
        sqlx::query("SELECT model FROM face_templates WHERE account_id = $1")
            .bind(account_id)
            .fetch_optional(&state.db.pool)
            .await?
            .map(|r| r.try_get("model"))
            .transpose()?;
    let current = state.faces.model();
    Ok(Prerequisites {
        phone_verified,
        consent,
        card: card_model.as_ref() == Some(&current),
        outdated_card: card_model.filter(|m| *m != current),
        verified,
    })
}

fn missing(message: &str) -> Failure {
    Failure::new(ApiErrorCode::IdentityStepMissing, message)
}

/// Receives the ID card's face side: keeps the portrait's template (encrypted), not the photo.
pub async fn receive_card(
    state: &AppState,
    caller: &Account,
    assisted_by: Option<i64>,
    image: Vec<u8>,
) -> ApiResult<CardAccepted> {
    // A new card replaces the template the identity was verified against: in an assisted
    // session only after the party's own fresh face check.
    crate::identity::assisted::may_change_verified(state, caller.id, assisted_by).await?;
    let pre = prerequisites(state, caller.id).await?;
    if !pre.phone_verified {
        return Err(missing("verify your mobile number first"));
    }
    if !pre.consent {
        return Err(missing(
            "face verification needs your consent to processing facial information first",
        ));
    }
    // A card verified online stays the one on file. Someone verified in person at the court
    // has none yet; theirs is taken so that later re-checks have a portrait to compare with.
    // A template sealed under a model the court no longer decides with is made again from the
    // card photo the party gives again (audited with the model it replaces).
    if pre.verified && pre.card {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "this account is already verified; the card on file is the one it was verified with",
        ));
    }
    let image_sha256 = hex::encode(Sha256::digest(&image));
    // A shrunk copy for a court officer, should an attempt fall in the band of doubt (see
    // face_review); decoded off the async threads, the photo handed back for the check.
    let (picture, image) = tokio::task::spawn_blocking(move || {
        (
            crate::identity::face_review::review_picture(
                &image,
                crate::identity::face_review::CARD_PICTURE_SIDE,
            ),
            image,
        )
    })
    .await
    .map_err(anyhow::Error::from)?;
    let face = match state.faces.card(image).await {
        Ok(face) => face,
        Err(CheckError::Picture(e)) => return Err(picture_rejected(e)),
        Err(CheckError::Failed(why)) => {
            let now = state.clock.now();
            let mut tx = state.db.begin_write().await?;
            audit::account_act(
                &mut tx,
                now,
                caller.id,
                "id_card_check_failed",
                serde_json::json!({ "image_sha256": image_sha256, "failure": why, "assisted_by": assisted_by }),
            )
            .await?;
            tx.commit().await?;
            return Err(check_failed());
        }
    };
    let model = state.faces.model();
    let now = state.clock.now();
    let sealed = state.template_key.seal(&face.descriptor);
    // Not kept for one verified in person (no doubtful attempt can follow).
    let sealed_picture = picture
        .filter(|_| !pre.verified)
        .map(|p| state.template_key.seal_bytes(&p))
        .unwrap_or_default();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO face_templates (account_id, sealed, key_id, model, image_sha256, created_at, sealed_card_picture)
         VALUES ($1, $2, $3, $4, $5, $6, $7)
         ON CONFLICT (account_id) DO UPDATE SET sealed = excluded.sealed, key_id = excluded.key_id, model = excluded.model,
           image_sha256 = excluded.image_sha256, created_at = excluded.created_at, sealed_card_picture = excluded.sealed_card_picture",
    )
    .bind(caller.id)
    .bind(sealed)
    .bind(&state.template_key.id)
    .bind(&model)
    .bind(&image_sha256)
    .bind(stamp(now))
    .bind(sealed_picture)
    .execute(&mut *tx)
    .await?;
    audit::account_act(
        &mut tx,
        now,
        caller.id,
        "id_card_portrait_received",
        serde_json::json!({
            "image_sha256": image_sha256,
            "model": model,
            "brightness": face.quality.brightness,
            "sharpness": face.quality.sharpness,
            "eye_distance": face.quality.eye_distance,
            "replaces_model": pre.outdated_card,
            // Only a shrunk copy, sealed, until the identity is verified (for a review).
            "photo_kept": false,
            "review_copy_kept": !pre.verified,
            "assisted_by": assisted_by,
        }),
    )
    .await?;
    tx.commit().await?;
    Ok(CardAccepted {
        accepted_at: stamp(now),
        model,
    })
}

fn step_name(s: ChallengeStep) -> &'static str {
    match s {
        ChallengeStep::Blink => "blink",
        ChallengeStep::TurnLeft => "turn_left",
        ChallengeStep::TurnRight => "turn_right",
    }
}

fn parse_step(s: &str) -> Option<ChallengeStep> {
    match s {
        "blink" => Some(ChallengeStep::Blink),
        "turn_left" => Some(ChallengeStep::TurnLeft),
        "turn_right" => Some(ChallengeStep::TurnRight),
        _ => None,
    }
}

fn to_liveness(s: ChallengeStep) -> liveness::ChallengeStep {
    match s {
        ChallengeStep::Blink => liveness::ChallengeStep::Blink,
        ChallengeStep::TurnLeft => liveness::ChallengeStep::TurnLeft,
        ChallengeStep::TurnRight => liveness::ChallengeStep::TurnRight,
    }
}

fn purpose_name(p: FacePurpose) -> &'static str {
    match p {
        FacePurpose::Verify => "verify",
        FacePurpose::Recheck => "recheck",
    }
}

/// Attempts left today for this purpose.
async fn attempts_left(
    state: &AppState,
    account_id: i64,
    purpose: FacePurpose,
    now: DateTime<Utc>,
) -> ApiResult<i64> {
    // Court days start at midnight in China (UTC+8).
    let day_start = ecourt_domain::court_time::court_day_start(court_date(now));
    let used: i64 = sqlx::query(
        "SELECT COUNT(*) AS n FROM face_attempts WHERE account_id = $1 AND purpose = $2 AND at >= $3",
    )
    .bind(account_id)
    .bind(purpose_name(purpose))
    .bind(stamp(day_start))
    .fetch_one(&state.db.pool)
    .await?
    .try_get("n")?;
    Ok((state.face_policy.attempts_per_day - used).max(0))
}

/// Issues a challenge: steps in random order, a nonce, an expiry.
pub async fn issue_challenge(
    state: &AppState,
    caller: &Account,
    purpose: FacePurpose,
) -> ApiResult<FaceChallenge> {
    let pre = prerequisites(state, caller.id).await?;
    if !pre.consent {
        return Err(missing(
            "face verification needs your consent to processing facial information first",
        ));
    }
    if let Some(old) = &pre.outdated_card {
        return Err(template_outdated(old, &state.faces.model()));
    }
    match purpose {
        FacePurpose::Verify if !pre.phone_verified => {
            return Err(missing("verify your mobile number first"))
        }
        FacePurpose::Verify if !pre.card => {
            return Err(missing("upload the face side of your ID card first"))
        }
        FacePurpose::Verify if pre.verified => {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "this account is already verified",
            ))
        }
        FacePurpose::Recheck if !pre.verified => {
            return Err(missing(
                "a re-check needs a verified identity; verify first",
            ))
        }
        FacePurpose::Recheck if !pre.card => {
            return Err(missing(
                "a re-check needs the photo of your ID card on file; upload it first",
            ))
        }
        _ => {}
    }
    let now = state.clock.now();
    let left = attempts_left(state, caller.id, purpose, now).await?;
    if left == 0 {
        return Err(Failure::new(
            ApiErrorCode::TooManyAttempts,
            format!(
                "no attempts left today (at most {} a day); try again tomorrow or verify at the court",
                state.face_policy.attempts_per_day
            ),
        ));
    }
    let count = match purpose {
        FacePurpose::Verify => state.face_policy.verify_steps,
        FacePurpose::Recheck => state.face_policy.recheck_steps,
    };
    let mut steps = vec![
        ChallengeStep::Blink,
        ChallengeStep::TurnLeft,
        ChallengeStep::TurnRight,
    ];
    let (id, nonce) = {
        let mut rng = rand::thread_rng();
        steps.shuffle(&mut rng);
        (
            hex::encode(rng.gen::<[u8; 16]>()),
            hex::encode(rng.gen::<[u8; 16]>()),
        )
    };
    steps.truncate(count.clamp(1, 3));
    let expires = now + Duration::seconds(state.face_policy.challenge_seconds);
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO face_challenges (id, account_id, purpose, steps, nonce, issued_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&id)
    .bind(caller.id)
    .bind(purpose_name(purpose))
    .bind(steps.iter().map(|s| step_name(*s)).collect::<Vec<_>>().join(","))
    .bind(&nonce)
    .bind(stamp(now))
    .bind(stamp(expires))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(FaceChallenge {
        id,
        nonce,
        purpose,
        steps,
        expires_at: stamp(expires),
        attempts_left: left,
    })
}

fn outcome_of(check: &SequenceCheck) -> (FaceOutcome, String) {
    match &check.liveness {
        Err(LivenessFailure::StillPicture) => (
            FaceOutcome::StillPicture,
            "the frames are one still picture".into(),
        ),
        Err(LivenessFailure::SeveralFaces(i, n)) => {
            (FaceOutcome::SeveralFaces, format!("{n} faces in frame {i}"))
        }
        Err(LivenessFailure::FaceLost(a, b)) => {
            (FaceOutcome::NoFace, format!("no face in frames {a}–{b}"))
        }
        Err(e) => (FaceOutcome::ChallengeNotFollowed, e.to_string()),
        Ok(_) if check.faces.is_empty() => (
            FaceOutcome::NoFace,
            "no frame shows the face straight on".into(),
        ),
        Ok(_) => (FaceOutcome::Matched, String::new()),
    }
}

/// Decides on the frames sent for a challenge and records the decision.
pub async fn verify(
    state: &AppState,
    caller: &Account,
    assisted_by: Option<i64>,
    mut req: FaceVerificationRequest,
) -> ApiResult<FaceVerification> {
    let policy = &state.face_policy;
    let now = state.clock.now();
    // The challenge: the caller's, unused, unexpired, and the nonce it was issued with. It is
    // spent before anything else so that a second sending of the same answer finds it used.
    let row = sqlx::query(
        "SELECT purpose, steps, nonce, issued_at, expires_at, used_at FROM face_challenges WHERE id = $1 AND account_id = $2",
    )
    .bind(&req.challenge_id)
    .bind(caller.id)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(Failure::not_found)?;
    let purpose = match row.try_get::<String, _>("purpose")?.as_str() {
        "recheck" => FacePurpose::Recheck,
        _ => FacePurpose::Verify,
    };
    let steps: Vec<ChallengeStep> = row
        .try_get::<String, _>("steps")?
        .split(',')
        .filter_map(parse_step)
        .collect();
    let nonce: String = row.try_get("nonce")?;
    let issued_at: String = row.try_get("issued_at")?;
    if crate::kernel::db::opt_string(&row, "used_at")?.is_some() {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "this challenge was already answered; ask for a new one",
        ));
    }
    if req.nonce != nonce {
        return Err(Failure::invalid(
            "the nonce does not belong to this challenge",
        ));
    }
    let expires_at: String = row.try_get("expires_at")?;
    if stamp(now) > expires_at {
        return Err(Failure::new(
            ApiErrorCode::CodeExpired,
            "the challenge expired; ask for a new one",
        ));
    }
    // Identity claimed with a first verification.
    let claimed = match purpose {
        FacePurpose::Verify => {
            let name = req
                .name
                .as_deref()
                .map(str::trim)
                .unwrap_or_default()
                .to_string();
            if name.is_empty() || name.chars().count() > 50 {
                return Err(Failure::invalid("give your name as on the ID card"));
            }
            let id = IdNumber::parse(
                req.id_number.as_deref().unwrap_or_default(),
                court_date(now),
            )
            .map_err(|e| Failure::invalid(format!("identity number: {e}")))?;
            Some((name, id))
        }
        FacePurpose::Recheck => None,
    };
    // The frames: enough, not too many, each a reasonable size.
    if req.frames.len() < policy.min_frames || req.frames.len() > ecourt_face::MAX_FRAMES {
        return Err(Failure::invalid(format!(
            "send between {} and {} frames",
            policy.min_frames,
            ecourt_face::MAX_FRAMES
        )));
    }
    // Each frame's text is dropped as soon as it is decoded, so that a 24 MB body is not held
    // twice over.
    let frame_count = req.frames.len();
    let mut frames = Vec::with_capacity(frame_count);
    for f in std::mem::take(&mut req.frames) {
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(&f)
            .map_err(|_| Failure::invalid("a frame is not base64"))?;
        drop(f);
        if bytes.len() > policy.max_frame_bytes {
            return Err(Failure::new(
                ApiErrorCode::PayloadTooLarge,
                "a frame is larger than 1 MB",
            ));
        }
        frames.push(bytes);
    }
    let digests: Vec<String> = frames
        .iter()
        .map(|f| hex::encode(Sha256::digest(f)))
        .collect();
    let frames_sha256 = hex::encode(Sha256::digest(digests.concat().as_bytes()));
    let frames = Arc::new(frames);

    let mut tx = state.db.begin_write().await?;
    let spent =
        sqlx::query("UPDATE face_challenges SET used_at = $1 WHERE id = $2 AND used_at IS NULL")
            .bind(stamp(now))
            .bind(&req.challenge_id)
            .execute(&mut *tx)
            .await?
            .rows_affected();
    if spent != 1 {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "this challenge was already answered; ask for a new one",
        ));
    }
    // Frames received in an earlier answer (identical frames within this one are a still
    // picture, judged below).
    let mut seen_before = false;
    let mut unique = digests.clone();
    unique.sort();
    unique.dedup();
    for d in &unique {
        let inserted = sqlx::query(
            "INSERT INTO face_frames_seen (account_id, sha256) VALUES ($1, $2) ON CONFLICT (account_id, sha256) DO NOTHING",
        )
        .bind(caller.id)
        .bind(d)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        seen_before |= inserted == 0;
    }
    tx.commit().await?;

    let model = state.faces.model();
    let mut check_failure: Option<String> = None;
    let mut review_frames: Vec<usize> = Vec::new();
    let (outcome, detail, distance, step_frames) = if seen_before {
        (
            FaceOutcome::Replayed,
            "frames received before were sent again".to_string(),
            None,
            Vec::new(),
        )
    } else {
        let liveness_policy = LivenessPolicy {
            min_frames: policy.min_frames,
            ..LivenessPolicy::default()
        };
        let check = match state
            .faces
            .sequence(
                steps.iter().map(|s| to_liveness(*s)).collect(),
                frames.clone(),
                liveness_policy,
            )
            .await
        {
            Ok(check) => Some(check),
            Err(CheckError::Picture(e)) => return Err(picture_rejected(e)),
            // Recorded and counted like any attempt (below), then refused: a picture that
            // breaks the check must not buy unlimited tries.
            Err(CheckError::Failed(why)) => {
                check_failure = Some(why);
                None
            }
        };
        match check {
            None => (
                FaceOutcome::NoFace,
                "the face check failed on the court's side".to_string(),
                None,
                Vec::new(),
            ),
            Some(check) => {
                let step_frames = check
                    .liveness
                    .as_ref()
                    .map(|r| r.step_frames.clone())
                    .unwrap_or_default();
                let (outcome, detail) = outcome_of(&check);
                if outcome != FaceOutcome::Matched {
                    (outcome, detail, None, step_frames)
                } else if let Some(q) = check
                    .faces
                    .iter()
                    .map(|(_, f)| f.quality)
                    .find(|q| q.check().is_err())
                {
                    (
                        FaceOutcome::TooDarkOrBlurred,
                        format!(
                            "brightness {:.0}, sharpness {:.0}",
                            q.brightness, q.sharpness
                        ),
                        None,
                        step_frames,
                    )
                } else {
                    let row = sqlx::query(
                        "SELECT sealed, model FROM face_templates WHERE account_id = $1",
                    )
                    .bind(caller.id)
                    .fetch_one(&state.db.pool)
                    .await?;
                    let (sealed, sealed_under): (Vec<u8>, String) =
                        (row.try_get("sealed")?, row.try_get("model")?);
                    // The model may have changed since the challenge was issued (a restart).
                    let template = match model_of(&sealed_under) {
                        Some(m) if sealed_under == model => ModelDescriptor {
                            model: m,
                            vector: state.template_key.open(&sealed)?,
                        },
                        _ => return Err(template_outdated(&sealed_under, &model)),
                    };
                    let mismatch = |_| template_outdated(&sealed_under, &model);
                    // Every straight-on frame must match the card, and each other: the person who
                    // followed the challenge is the one compared.
                    let mut worst = 0f32;
                    for (i, (_, a)) in check.faces.iter().enumerate() {
                        worst = worst.max(template.distance(&a.tagged()).map_err(mismatch)?);
                        for (_, b) in &check.faces[i + 1..] {
                            worst = worst.max(a.distance(b).map_err(mismatch)?);
                        }
                    }
                    match (policy.zone_of(&model, worst), purpose) {
                        (Zone::Match, _) => (
                            FaceOutcome::Matched,
                            String::new(),
                            Some(worst),
                            step_frames,
                        ),
                        (Zone::Mismatch, _) => (
                            FaceOutcome::NotSamePerson,
                            "the live face does not match".into(),
                            Some(worst),
                            step_frames,
                        ),
                        // Neither sure: a court officer compares the card with these frames.
                        (Zone::Doubt, FacePurpose::Verify) => {
                            review_frames = check.faces.iter().map(|(i, _)| *i).collect();
                            (
                                FaceOutcome::PendingReview,
                                "a court officer will compare the card with the live face".into(),
                                Some(worst),
                                step_frames,
                            )
                        }
                        // A re-check has no card picture left to show (it is deleted once the
                        // identity is verified): not confirmed, and the person tries again.
                        (Zone::Doubt, FacePurpose::Recheck) => (
                            FaceOutcome::NotSamePerson,
                            "the live face is not close enough to be sure; try again in better light, or at the court".into(),
                            Some(worst),
                            step_frames,
                        ),
                    }
                }
            }
        }
    };

    // Record the attempt and, when it verified the account, the verified identity.
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let mut refused: Option<Failure> = None;
    let matched = outcome == FaceOutcome::Matched;
    if matched {
        let label = format!("{model} < {}", policy.band_of(&model).match_below);
        refused = record_identity(
            &mut tx,
            caller.id,
            claimed.as_ref().filter(|_| purpose == FacePurpose::Verify),
            &label,
            assisted_by,
            now,
        )
        .await?;
    }
    let recorded_outcome = if check_failure.is_some() {
        "check_failed"
    } else if refused.is_some() {
        "identity_number_taken"
    } else {
        outcome_name(outcome)
    };
    let attempt_id: i64 = sqlx::query(
        "INSERT INTO face_attempts (account_id, challenge_id, purpose, outcome, distance, threshold, model, frames_sha256, at)
         VALUES ($1, $2, $3, $4, NULLIF($5, -1.0), $6, $7, $8, $9) RETURNING id",
    )
    .bind(caller.id)
    .bind(&req.challenge_id)
    .bind(purpose_name(purpose))
    .bind(recorded_outcome)
    // Always a number: PostgreSQL through sqlx's Any driver caches the statement with the
    // first value's type, so a NULL bound once would break a later distance.
    .bind(distance.map(f64::from).unwrap_or(-1.0))
    .bind(f64::from(policy.band_of(&model).match_below))
    .bind(&model)
    .bind(&frames_sha256)
    .bind(stamp(now))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    if outcome == FaceOutcome::PendingReview {
        let (name, id_number) = claimed
            .as_ref()
            .map(|(n, id)| (n.as_str(), id.as_str()))
            .unwrap_or_default();
        crate::identity::face_review::queue(
            state,
            &mut tx,
            crate::identity::face_review::Doubtful {
                account_id: caller.id,
                attempt_id,
                claimed_name: name,
                claimed_id_number: id_number,
                assisted_by,
                distance: distance.unwrap_or_default(),
                model: &model,
                frames: review_frames
                    .iter()
                    .filter_map(|i| frames.get(*i))
                    .map(Vec::as_slice)
                    .collect(),
            },
            now,
        )
        .await?;
    }
    audit::account_act(
        &mut tx,
        now,
        caller.id,
        match purpose {
            FacePurpose::Verify => "face_verification",
            FacePurpose::Recheck => "face_recheck",
        },
        serde_json::json!({
            "outcome": recorded_outcome,
            "distance": distance,
            "threshold": policy.band_of(&model).match_below,
            "mismatch_above": policy.band_of(&model).mismatch_above,
            "model": model,
            "challenge": {
                "id": req.challenge_id,
                "steps": steps.iter().map(|s| step_name(*s)).collect::<Vec<_>>(),
                "issued_at": issued_at,
                "seen_at_frames": step_frames,
            },
            "frames": frame_count,
            "frames_sha256": frames_sha256,
            // Only a doubtful attempt's best frames, sealed, until a court officer decides.
            "frames_kept": outcome == FaceOutcome::PendingReview,
            "id_number": claimed.as_ref().map(|(_, id)| id.as_str().to_string()),
            "assisted_by": assisted_by,
            "failure": check_failure,
        }),
    )
    .await?;
    tx.commit().await?;
    if check_failure.is_some() {
        return Err(check_failed());
    }
    if let Some(refusal) = refused {
        return Err(refusal);
    }
    let left = attempts_left(state, caller.id, purpose, now).await?;
    Ok(FaceVerification {
        outcome,
        purpose,
        detail,
        distance,
        threshold: policy.band_of(&model).match_below,
        model,
        attempts_left: left,
        decided_at: matched.then(|| stamp(now)),
    })
}

/// Records what a match establishes: with a first verification (`claimed`), the verified
/// identity, unless that identity number is verified on another account (one person, one
/// account: the refusal is returned); with a re-check, its time. The court officer's match on
/// a doubtful attempt records the same as an automatic one.
pub(crate) async fn record_identity(
    tx: &mut crate::kernel::db::Tx,
    account_id: i64,
    claimed: Option<&(String, IdNumber)>,
    model_label: &str,
    assisted_by: Option<i64>,
    now: DateTime<Utc>,
) -> ApiResult<Option<Failure>> {
    match claimed {
        Some((name, id)) => {
            let taken = sqlx::query(
                "SELECT account_id FROM account_identity WHERE verified_id_number = $1 AND account_id <> $2",
            )
            .bind(id.as_str())
            .bind(account_id)
            .fetch_optional(&mut **tx)
            .await?;
            if taken.is_some() {
                // Recorded like any attempt, then refused: one person has one account.
                return Ok(Some(Failure::new(
                    ApiErrorCode::Conflict,
                    "this identity number is already verified on another account; one person has one account",
                )));
            }
            sqlx::query(
                "UPDATE account_identity SET verified_name = $1, verified_id_number = $2, verified_at = $3, verified_model = $4,
                   rechecked_at = $3, verified_assisted_by = NULLIF($5, 0) WHERE account_id = $6",
            )
            .bind(name)
            .bind(id.as_str())
            .bind(stamp(now))
            .bind(model_label)
            // Account ids start at 1; 0 stands for "nobody" (see the distance below).
            .bind(assisted_by.unwrap_or(0))
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
            // The card picture kept for a review is not needed once the identity is verified.
            sqlx::query(
                "UPDATE face_templates SET sealed_card_picture = NULL WHERE account_id = $1",
            )
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
            // Other doubtful attempts of this account are moot now: closed, pictures deleted,
            // so a later officer's "match" cannot replace the identity just verified.
            sqlx::query(
                "UPDATE face_reviews SET decided_at = $1, decision = 'superseded', sealed_pictures = NULL
                 WHERE account_id = $2 AND decided_at IS NULL",
            )
            .bind(stamp(now))
            .bind(account_id)
            .execute(&mut **tx)
            .await?;
        }
        None => {
            sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = $2")
                .bind(stamp(now))
                .bind(account_id)
                .execute(&mut **tx)
                .await?;
        }
    }
    Ok(None)
}

fn outcome_name(o: FaceOutcome) -> &'static str {
    match o {
        FaceOutcome::Matched => "matched",
        FaceOutcome::NotSamePerson => "not_same_person",
        FaceOutcome::NoFace => "no_face",
        FaceOutcome::SeveralFaces => "several_faces",
        FaceOutcome::TooDarkOrBlurred => "too_dark_or_blurred",
        FaceOutcome::ChallengeNotFollowed => "challenge_not_followed",
        FaceOutcome::StillPicture => "still_picture",
        FaceOutcome::Replayed => "replayed",
        FaceOutcome::PendingReview => "pending_review",
    }
}

/// Whether the account's face was checked live within `within` of `now` — a re-check, or the
/// online verification itself (called before mediation, evidence exchange and hearings).
pub async fn recently_rechecked(
    state: &AppState,
    account_id: i64,
    within: Duration,
) -> ApiResult<bool> {
    let at = sqlx::query("SELECT rechecked_at FROM account_identity WHERE account_id = $1")
        .bind(account_id)
        .fetch_optional(&state.db.pool)
        .await?
        .map(|r| crate::kernel::db::opt_string(&r, "rechecked_at"))
        .transpose()?
        .flatten();
    Ok(at.is_some_and(|at| at >= stamp(state.clock.now() - within)))
}

/// The local pipeline over the models in `models_dir` (the service's configured folder).
pub fn local_verifier(models_dir: std::path::PathBuf) -> Arc<dyn FaceVerifier> {
    Arc::new(LocalFaceVerifier::start(
        models_dir,
        &FacePolicy::court_default().model,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_in_a_job_fails_that_job_only_and_the_models_are_loaded_afresh() {
        let mut models = Some(7u8);
        let r: Result<(), CheckError> =
            guarded(&mut models, |_| panic!("attempt to subtract with overflow"));
        assert!(
            matches!(&r, Err(CheckError::Failed(w)) if w.contains("overflow")),
            "{r:?}"
        );
        assert!(
            models.is_none(),
            "the models the panic went through are dropped"
        );
        // Without models: a failure on the court's side, not a refused picture.
        let r = guarded(&mut models, |m| Ok(*m));
        assert!(matches!(r, Err(CheckError::Failed(_))), "{r:?}");
        let mut models = Some(7u8);
        assert_eq!(guarded(&mut models, |m| Ok(*m)).unwrap(), 7);
        let r: Result<u8, CheckError> = guarded(&mut models, |_| Err(FaceError::NoFace));
        assert!(matches!(r, Err(CheckError::Picture(FaceError::NoFace))));
        assert!(models.is_some());
    }
}
