//! Online hearings on the desktop: the answer on an online hearing, the device check (camera,
//! microphone level, round trip and bandwidth to the court), the courtroom rules, joining with
//! the court's token, and the live session — the room and alerts as updates, everyone's video
//! as JPEG pictures tagged with whose they are, one's own controls. The court decides who gets
//! in and what happens; the screen shows it.
//!
//! A marker file says a hearing was joined and not left; if the app ends without leaving
//! (closed, killed, power cut), the next join tells the court so.

use crate::face::CameraView;
use crate::{App, AppError, AppErrorCode, AppResult};
use ecourt_api::*;
use ecourt_hearing::{HearingEvent, HearingSession, Joining};
use ecourt_rtc::MediaSources;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;
use ts_rs::TS;

/// A microphone the user can pick.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MicrophoneView {
    pub id: String,
    pub name: String,
}

/// What the device check found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct DeviceCheck {
    pub cameras: Vec<CameraView>,
    pub microphones: Vec<MicrophoneView>,
    /// Median round trip of small requests to the court, ms.
    pub rtt_ms: u32,
    /// Download speed from the court, kbit/s (a 1 MiB probe).
    pub download_kbps: u32,
    /// A hearing needs about 1,000 kbit/s down and a round trip under 300 ms.
    pub good_enough: bool,
}

/// What happens in the hearing, for the screen.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum HearingUpdate {
    Room {
        room: RoomState,
    },
    Alert {
        kind: AlertKind,
        account_id: i64,
        name: String,
    },
    Sound {
        account_id: i64,
        level_dbfs: f32,
    },
    Reconnecting {
        attempt: u32,
        cause: DisconnectCause,
    },
    /// The court refused a message: its code (worded by the UI) and its detail.
    Refused {
        code: crate::error::AppErrorCode,
        message: String,
    },
    Closed {
        cause: DisconnectCause,
    },
}

/// Everyone's video as JPEG: (account id, or 0 for one's own camera; the picture).
pub type VideoSink = Arc<dyn Fn(i64, Vec<u8>) + Send + Sync>;
pub type UpdateSink = Arc<dyn Fn(HearingUpdate) + Send + Sync>;

/// The hearing this app is in.
pub(crate) struct ActiveHearing {
    hearing_id: i64,
    pub(crate) session: HearingSession,
}

/// What the marker file holds.
#[derive(Serialize, Deserialize)]
struct Marker {
    hearing_id: i64,
    since: String,
}

/// The widest picture sent to the screen.
const SCREEN_WIDTH: u32 = 640;

impl App {
    fn marker_path(&self) -> std::path::PathBuf {
        self.config.data_dir.join("hearing-active.json")
    }

    /// A party's or agent's answer on the online hearing.
    pub async fn answer_hearing(
        &self,
        hearing_id: i64,
        online: bool,
        ground: Option<ExclusionGround>,
    ) -> AppResult<HearingSummary> {
        let summary = self
            .online_client()
            .await?
            .hearing_consent(hearing_id, &HearingConsentRequest { online, ground })
            .await?;
        self.sync_now().await;
        Ok(summary)
    }

    pub async fn courtroom_rules(&self) -> AppResult<CourtroomRules> {
        Ok(self.online_client().await?.courtroom_rules().await?)
    }

    pub fn microphones(&self) -> Vec<MicrophoneView> {
        ecourt_media::microphones(&self.config.devices)
            .into_iter()
            .map(|m| MicrophoneView {
                id: m.id,
                name: m.name,
            })
            .collect()
    }

    /// How loud the microphone is over half a second (dBFS), for the level meter.
    pub async fn microphone_level(&self, id: &str) -> AppResult<f32> {
        let id = id.to_string();
        tokio::task::spawn_blocking(move || {
            let mut mic = ecourt_media::open_microphone(&id)
                .map_err(|e| AppError::new(AppErrorCode::CameraUnavailable, e.to_string()))?;
            let mut samples = Vec::new();
            for _ in 0..25 {
                samples.extend(
                    mic.next_block().map_err(|e| {
                        AppError::new(AppErrorCode::CameraUnavailable, e.to_string())
                    })?,
                );
            }
            Ok(ecourt_media::level_dbfs(&samples))
        })
        .await
        .map_err(|e| AppError::new(AppErrorCode::Internal, e.to_string()))?
    }

    /// The devices and the line to the court.
    pub async fn device_check(&self) -> AppResult<DeviceCheck> {
        let client = self.online_client().await?;
        let mut rtts = Vec::new();
        for _ in 0..5 {
            let t = Instant::now();
            client.probe(1).await?;
            rtts.push(t.elapsed().as_millis() as u32);
        }
        rtts.sort_unstable();
        let t = Instant::now();
        let bytes = client.probe(1024 * 1024).await?;
        let secs = t.elapsed().as_secs_f64().max(1e-3);
        let download_kbps = (bytes as f64 * 8.0 / 1000.0 / secs) as u32;
        let rtt_ms = rtts[rtts.len() / 2];
        Ok(DeviceCheck {
            cameras: self.cameras(),
            microphones: self.microphones(),
            rtt_ms,
            download_kbps,
            good_enough: download_kbps >= 1000 && rtt_ms < 300,
        })
    }

    /// Joins a hearing: asks the court for a token (the rules accepted; the court checks the
    /// consent and the face re-check), then connects. The room and everyone's video arrive
    /// through the sinks until the session closes. What was passed on the way is remembered
    /// for "重新进入" ([`crate::hearing_checks`]).
    pub async fn join_hearing(
        &self,
        hearing_id: i64,
        camera: String,
        microphone: Option<String>,
        video: VideoSink,
        updates: UpdateSink,
    ) -> AppResult<()> {
        self.enter_hearing(hearing_id, camera, microphone, None, video, updates)
            .await
    }

    /// [`App::join_hearing`], telling the court how the last connection ended (`previous`; or,
    /// when none is given, what the marker file says of an app that ended without leaving).
    pub(crate) async fn enter_hearing(
        &self,
        hearing_id: i64,
        camera: String,
        microphone: Option<String>,
        previous: Option<ReconnectReport>,
        video: VideoSink,
        updates: UpdateSink,
    ) -> AppResult<()> {
        let me = self
            .session()
            .await
            .map(|s| s.account.id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "not signed in"))?;
        // The app ended without leaving last time (the marker is still there): say so. Read
        // before anything else touches the marker.
        let previous = previous.or_else(|| {
            std::fs::read(self.marker_path())
                .ok()
                .and_then(|b| serde_json::from_slice::<Marker>(&b).ok())
                .filter(|m| m.hearing_id == hearing_id)
                .map(|m| ReconnectReport {
                    cause: DisconnectCause::ConnectionDropped,
                    attempts: 0,
                    since: m.since,
                })
        });
        self.leave_hearing(DisconnectCause::LeftOnPurpose).await;
        let client = self.online_client().await?;
        // The screen has shown the rules and the declaration, and the person accepted both.
        let accepted = JoinTokenRequest {
            rules_accepted: true,
            no_recording_declared: true,
        };
        let rules = client.courtroom_rules().await?;
        let token = client.join_token(hearing_id, &accepted).await?;
        // The court took the acceptance of these rules (it records their version too).
        self.hearing_memory.rules(me, hearing_id, &rules.version);
        let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
        let session = HearingSession::start(
            Joining {
                court: self.court_url.clone(),
                token,
                media: MediaSources {
                    camera,
                    fps: 15,
                    microphone,
                },
                previous,
                renew: Some(Arc::new(move || {
                    let (client, accepted) = (client.clone(), accepted.clone());
                    Box::pin(async move { client.join_token(hearing_id, &accepted).await.ok() })
                })),
            },
            tx,
        )
        .await
        .map_err(|e| match e {
            // The court's reason, worded by the UI (removed, the hearing ended, in the
            // courtroom, …), not a generic refusal.
            ecourt_hearing::HearingError::Refused(e) => {
                AppError::new(crate::error::app_code(e.code), e.message)
            }
            ecourt_hearing::HearingError::Unreachable(m) => AppError::new(AppErrorCode::Offline, m),
        })?;
        std::fs::write(
            self.marker_path(),
            serde_json::to_vec(&Marker {
                hearing_id,
                since: self.now().to_rfc3339(),
            })?,
        )?;
        self.hearing_memory.entered(me, hearing_id);
        let marker = self.marker_path();
        let memory = self.hearing_memory.clone();
        // Pictures are made into JPEG on a thread of their own, off the async runtime.
        std::thread::Builder::new()
            .name("hearing-screen".into())
            .spawn(move || {
                while let Some(event) = rx.blocking_recv() {
                    match event {
                        HearingEvent::Frame { account_id, frame } => {
                            video(account_id, screen_jpeg(&frame));
                        }
                        HearingEvent::OwnFrame(frame) => video(0, screen_jpeg(&frame)),
                        HearingEvent::Room(room) => updates(HearingUpdate::Room { room }),
                        HearingEvent::Alert {
                            kind,
                            account_id,
                            name,
                        } => updates(HearingUpdate::Alert {
                            kind,
                            account_id,
                            name,
                        }),
                        HearingEvent::Sound {
                            account_id,
                            level_dbfs,
                        } => updates(HearingUpdate::Sound {
                            account_id,
                            level_dbfs,
                        }),
                        HearingEvent::Reconnecting { attempt, cause } => {
                            memory.attempts(
                                me,
                                hearing_id,
                                attempt,
                                chrono::Utc::now().to_rfc3339(),
                            );
                            updates(HearingUpdate::Reconnecting { attempt, cause })
                        }
                        HearingEvent::Refused(e) => updates(HearingUpdate::Refused {
                            code: crate::error::app_code(e.code),
                            message: e.message,
                        }),
                        HearingEvent::Closed(cause) => {
                            let _ = std::fs::remove_file(&marker);
                            memory.closed(me, hearing_id, cause, chrono::Utc::now().to_rfc3339());
                            updates(HearingUpdate::Closed { cause });
                        }
                    }
                }
            })?;
        *self.hearing.lock().await = Some(ActiveHearing {
            hearing_id,
            session,
        });
        Ok(())
    }

    /// Sends a message to the court in the current hearing (hand, request, the judge's
    /// controls).
    pub async fn hearing_signal(&self, signal: ClientSignal) -> AppResult<()> {
        let hearing = self.hearing.lock().await;
        let active = hearing
            .as_ref()
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "not in a hearing"))?;
        if matches!(
            signal,
            ClientSignal::Hello { .. } | ClientSignal::Offer { .. } | ClientSignal::Leave { .. }
        ) {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "not a message the screen sends",
            ));
        }
        active.session.send(signal);
        Ok(())
    }

    /// Mutes or unmutes one's own microphone.
    pub async fn set_hearing_muted(&self, muted: bool) {
        if let Some(active) = &*self.hearing.lock().await {
            active.session.set_muted(muted);
        }
    }

    /// Leaves the current hearing, telling the court why.
    pub async fn leave_hearing(&self, cause: DisconnectCause) {
        let active = self.hearing.lock().await.take();
        if let Some(active) = active {
            tracing::info!(
                hearing_id = active.hearing_id,
                ?cause,
                "leaving the hearing"
            );
            active.session.leave(cause).await;
        }
        let _ = std::fs::remove_file(self.marker_path());
    }

    pub async fn hearing_record(&self, hearing_id: i64) -> AppResult<HearingRecord> {
        Ok(self
            .online_client()
            .await?
            .hearing_record(hearing_id)
            .await?)
    }
}

/// A frame as the screen shows it: at most 640 wide, JPEG.
fn screen_jpeg(frame: &ecourt_media::Frame) -> Vec<u8> {
    ecourt_media::encode_jpeg(&frame.downscaled(SCREEN_WIDTH), 75)
}
