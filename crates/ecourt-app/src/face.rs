//! Face verification on the desktop: the camera picker, the live preview (with a guide that
//! says "no face", "several faces" or "too dark" before anything is sent), the ID card from a
//! file or the camera, and the capture of the court's challenge. The court decides; this module
//! shows the prompts at the court's pace and sends what the camera saw.

use crate::{App, AppError, AppErrorCode, AppResult};
use base64::Engine as _;
use ecourt_api::{
    CardAccepted, ChallengeStep, FaceChallenge, FacePurpose, FaceVerification,
    FaceVerificationRequest,
};
use ecourt_media::{CameraSource, Frame};
use serde::{Deserialize, Serialize};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use ts_rs::TS;

/// A camera the user can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CameraView {
    pub id: String,
    pub name: String,
}

/// What the preview guide sees (a pre-check only; the court decides).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CameraGuide {
    /// Faces the detector finds in the latest checked frame.
    pub faces: u32,
    /// Mean grey level of the frame, 0–255.
    pub brightness: f32,
    /// Frames per second the preview delivers.
    pub fps: f32,
}

/// Where a capture is, for the screen to show the prompt.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "phase", rename_all = "snake_case")]
pub enum CapturePhase {
    /// Look straight at the camera.
    Straight { seconds: f32 },
    /// Do step `index` (from 0) of `count`.
    Step {
        index: u32,
        count: u32,
        step: ChallengeStep,
        seconds: f32,
    },
    /// The frames are on their way to the court.
    Sending { frames: u32 },
}

/// How long the person looks straight first, how long each step lasts, and the pause between.
const STRAIGHT_FIRST: Duration = Duration::from_millis(1000);
const STEP_TIME: Duration = Duration::from_millis(2300);
const BETWEEN_STEPS: Duration = Duration::from_millis(700);
/// Frames kept while recording, per second (a blink lasts 100–400 ms), and their width.
const RECORD_FPS: u32 = 12;
const FRAME_WIDTH: u32 = 640;
/// Preview frames are sent at this width and JPEG quality.
const PREVIEW_WIDTH: u32 = 480;

enum Control {
    Prompt(Option<String>),
    Record(bool),
    Still(mpsc::Sender<Option<Frame>>),
}

/// The open camera: a thread that owns the source (some webcam backends are tied to their
/// thread), sends preview frames, and records on request.
pub(crate) struct CameraSession {
    control: mpsc::Sender<Control>,
    recorded: Arc<Mutex<Vec<Vec<u8>>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
}

pub type PreviewSink = Arc<dyn Fn(Vec<u8>) + Send + Sync>;
pub type GuideSink = Arc<dyn Fn(CameraGuide) + Send + Sync>;

impl CameraSession {
    fn open(
        id: &str,
        models_dir: &std::path::Path,
        preview: PreviewSink,
        guide: GuideSink,
    ) -> AppResult<CameraSession> {
        let (control, rx) = mpsc::channel::<Control>();
        let recorded = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (ready_tx, ready_rx) = mpsc::channel::<Result<(), String>>();
        let (id, rec, stopped) = (id.to_string(), recorded.clone(), stop.clone());
        let detector = models_dir.join(ecourt_face::DETECTOR_FILE);
        std::thread::Builder::new()
            .name("camera".into())
            .spawn(move || {
                let source = match ecourt_media::open(&id, 15) {
                    Ok(s) => {
                        let _ = ready_tx.send(Ok(()));
                        s
                    }
                    Err(e) => {
                        let _ = ready_tx.send(Err(e.to_string()));
                        return;
                    }
                };
                camera_loop(source, &detector, rx, rec, stopped, preview, guide);
            })
            .map_err(|e| AppError::new(AppErrorCode::Internal, e.to_string()))?;
        match ready_rx.recv_timeout(Duration::from_secs(10)) {
            Ok(Ok(())) => Ok(CameraSession {
                control,
                recorded,
                stop,
            }),
            Ok(Err(e)) => Err(AppError::new(AppErrorCode::CameraUnavailable, e)),
            Err(_) => Err(AppError::new(
                AppErrorCode::CameraUnavailable,
                "the camera did not start",
            )),
        }
    }

    fn send(&self, c: Control) -> AppResult<()> {
        self.control
            .send(c)
            .map_err(|_| AppError::new(AppErrorCode::CameraUnavailable, "the camera stopped"))
    }
}

impl Drop for CameraSession {
    fn drop(&mut self) {
        self.stop.store(true, std::sync::atomic::Ordering::Relaxed);
    }
}

fn camera_loop(
    mut source: Box<dyn CameraSource>,
    detector: &std::path::Path,
    rx: mpsc::Receiver<Control>,
    recorded: Arc<Mutex<Vec<Vec<u8>>>>,
    stop: Arc<std::sync::atomic::AtomicBool>,
    preview: PreviewSink,
    guide: GuideSink,
) {
    let detector = ecourt_face::FaceDetector::load(detector, 40).ok();
    let mut detector = detector;
    let mut recording = false;
    // When the next recorded frame is due: a schedule, so that a 15 or 30 fps camera gives
    // RECORD_FPS on average rather than every other frame.
    let period = Duration::from_secs(1) / RECORD_FPS;
    let mut next_keep: Option<Instant> = None;
    let mut latest: Option<Frame> = None;
    // When the last 30 frames arrived, for the frame rate shown.
    let mut arrivals: std::collections::VecDeque<Instant> = std::collections::VecDeque::new();
    let mut delivered = 0u64;
    while !stop.load(std::sync::atomic::Ordering::Relaxed) {
        while let Ok(c) = rx.try_recv() {
            match c {
                Control::Prompt(cue) => source.prompt(cue.as_deref()),
                Control::Record(on) => {
                    recording = on;
                    next_keep = None;
                    if on {
                        recorded.lock().map(|mut r| r.clear()).ok();
                    }
                }
                Control::Still(reply) => {
                    let _ = reply.send(latest.clone());
                }
            }
        }
        let frame = match source.next_frame() {
            Ok(f) => f.downscaled(FRAME_WIDTH),
            Err(e) => {
                tracing::warn!(error = %e, "camera");
                break;
            }
        };
        delivered += 1;
        let now = Instant::now();
        arrivals.push_back(now);
        if arrivals.len() > 30 {
            arrivals.pop_front();
        }
        if recording && next_keep.is_none_or(|t| now >= t) {
            next_keep = Some(next_keep.map_or(now, |t| t.max(now - period)) + period);
            let jpeg = ecourt_media::encode_jpeg(&frame, 85);
            if let Ok(mut r) = recorded.lock() {
                r.push(jpeg);
            }
        }
        preview(ecourt_media::encode_jpeg(
            &frame.downscaled(PREVIEW_WIDTH),
            70,
        ));
        // The guide: every fifth frame, faces and light on a small copy.
        if delivered % 5 == 1 {
            if let Some(d) = detector.as_mut() {
                let small = frame.downscaled(320);
                if let Ok(img) = ecourt_face::RgbImage::new(
                    small.width as usize,
                    small.height as usize,
                    &small.rgb,
                ) {
                    let faces = d.detect(&img).len() as u32;
                    let brightness = small.rgb.iter().map(|v| u32::from(*v)).sum::<u32>() as f32
                        / small.rgb.len().max(1) as f32;
                    guide(CameraGuide {
                        faces,
                        brightness,
                        fps: match (arrivals.front(), arrivals.back()) {
                            (Some(a), Some(b)) if arrivals.len() > 1 => {
                                (arrivals.len() - 1) as f32
                                    / b.duration_since(*a).as_secs_f32().max(0.001)
                            }
                            _ => 0.0,
                        },
                    });
                }
            }
        }
        latest = Some(frame);
    }
}

fn step_cue(step: ChallengeStep) -> &'static str {
    match step {
        ChallengeStep::Blink => "blink",
        ChallengeStep::TurnLeft => "turn-left",
        ChallengeStep::TurnRight => "turn-right",
    }
}

/// JPEG or PNG by their first bytes.
fn picture_type(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else {
        None
    }
}

impl App {
    /// Every camera found (webcams, and in tests or demos the recorded ones).
    pub fn cameras(&self) -> Vec<CameraView> {
        ecourt_media::cameras(&self.config.devices)
            .into_iter()
            .map(|c| CameraView {
                id: c.id,
                name: c.name,
            })
            .collect()
    }

    /// Opens a camera for the preview; a camera already open is closed first.
    pub async fn open_camera(
        &self,
        id: &str,
        preview: PreviewSink,
        guide: GuideSink,
    ) -> AppResult<()> {
        let mut camera = self.camera.lock().await;
        *camera = None;
        *camera = Some(CameraSession::open(
            id,
            &self.config.models_dir,
            preview,
            guide,
        )?);
        Ok(())
    }

    pub async fn close_camera(&self) {
        *self.camera.lock().await = None;
    }

    /// Sends a photo of the ID card's face side (from a file) to the court.
    pub async fn send_id_card(&self, bytes: Vec<u8>) -> AppResult<CardAccepted> {
        if bytes.len() > ecourt_face::MAX_IMAGE_BYTES {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "the photo is larger than 20 MB",
            ));
        }
        let mime = picture_type(&bytes).ok_or_else(|| {
            AppError::new(
                AppErrorCode::PictureUnreadable,
                "the file is not a JPEG or PNG photo",
            )
        })?;
        Ok(self
            .identity_client()
            .await?
            .put_id_card(mime, bytes)
            .await?)
    }

    /// Takes the card's photo from the open camera.
    pub async fn send_id_card_from_camera(&self) -> AppResult<CardAccepted> {
        let frame = {
            let camera = self.camera.lock().await;
            let session = camera.as_ref().ok_or_else(|| {
                AppError::new(AppErrorCode::CameraUnavailable, "no camera is open")
            })?;
            let (tx, rx) = mpsc::channel();
            session.send(Control::Still(tx))?;
            rx.recv_timeout(Duration::from_secs(3)).ok().flatten()
        }
        .ok_or_else(|| AppError::new(AppErrorCode::CameraUnavailable, "no picture yet"))?;
        self.send_id_card(ecourt_media::encode_jpeg(&frame, 92))
            .await
    }

    /// Runs a face check with the open camera: asks the court for a challenge, shows each
    /// step for a fixed time while recording, and sends the frames. `phase` is told where the
    /// capture is. `name` and `id_number` are needed for the first verification.
    pub async fn run_face_check(
        &self,
        purpose: FacePurpose,
        name: Option<String>,
        id_number: Option<String>,
        phase: Arc<dyn Fn(CapturePhase) + Send + Sync>,
    ) -> AppResult<FaceVerification> {
        if let (FacePurpose::Verify, Some(id)) = (purpose, id_number.as_deref()) {
            let check = self.check_id_number(id);
            if !check.valid {
                return Err(AppError::new(
                    AppErrorCode::InvalidInput,
                    check.message.unwrap_or_default(),
                ));
            }
        }
        let client = self.identity_client().await?;
        let challenge: FaceChallenge = client.face_challenge(purpose).await?;
        let frames = {
            let camera = self.camera.lock().await;
            let session = camera.as_ref().ok_or_else(|| {
                AppError::new(AppErrorCode::CameraUnavailable, "open a camera first")
            })?;
            session.send(Control::Prompt(None))?;
            session.send(Control::Record(true))?;
            phase(CapturePhase::Straight {
                seconds: STRAIGHT_FIRST.as_secs_f32(),
            });
            tokio::time::sleep(STRAIGHT_FIRST).await;
            let count = challenge.steps.len() as u32;
            for (i, step) in challenge.steps.iter().enumerate() {
                session.send(Control::Prompt(Some(step_cue(*step).into())))?;
                phase(CapturePhase::Step {
                    index: i as u32,
                    count,
                    step: *step,
                    seconds: STEP_TIME.as_secs_f32(),
                });
                tokio::time::sleep(STEP_TIME).await;
                session.send(Control::Prompt(None))?;
                phase(CapturePhase::Straight {
                    seconds: BETWEEN_STEPS.as_secs_f32(),
                });
                tokio::time::sleep(BETWEEN_STEPS).await;
            }
            session.send(Control::Record(false))?;
            // The camera thread may be finishing a frame.
            tokio::time::sleep(Duration::from_millis(150)).await;
            let frames = session
                .recorded
                .lock()
                .map(|r| r.clone())
                .unwrap_or_default();
            frames
        };
        phase(CapturePhase::Sending {
            frames: frames.len() as u32,
        });
        let req = FaceVerificationRequest {
            challenge_id: challenge.id,
            nonce: challenge.nonce,
            name: name.filter(|_| purpose == FacePurpose::Verify),
            id_number: id_number.filter(|_| purpose == FacePurpose::Verify),
            frames: frames
                .iter()
                .map(|f| base64::engine::general_purpose::STANDARD.encode(f))
                .collect(),
        };
        Ok(client.face_verification(&req).await?)
    }
}
