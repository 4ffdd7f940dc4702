//! The desktop's core (桌面端核心): everything the app does, callable without a webview.
//!
//! [`App`] is the explicit context: configuration, the court's address (a remote court, or the
//! embedded one it starts itself), the signed-in account's store and sync engine. The Tauri
//! shell only forwards UI calls here. The court decides; this crate shows what the court sent,
//! queues what the user does, and pre-checks input only to answer faster.

pub mod bindings;
mod calendar;
mod clock;
mod config;
mod error;
mod evidence;
mod exports;
mod face;
mod face_review;
mod filing;
mod hearing;
mod hearing_checks;
mod identity;
mod office;
mod periods;
mod refusals;
mod service;
mod settings;
mod signatures;
mod todo;
mod views;

pub use calendar::{CalendarEntry, CalendarWeek};
pub use clock::{Clock, ManualClock, SystemClock};
pub use config::AppConfig;
pub use error::{AppError, AppErrorCode, AppResult};
pub use evidence::{evidence_mime, EvidenceDesk, EvidenceFileReady, WaitingOpinion};
pub use face::{CameraGuide, CameraView, CapturePhase, GuideSink, PreviewSink};
pub use filing::{qr_svg, FilingCheck};
pub use hearing::{DeviceCheck, HearingUpdate, MicrophoneView, UpdateSink, VideoSink};
pub use hearing_checks::HearingChecks;
pub use office::{IdleRecord, IdleStatus};
pub use periods::{PeriodAnswer, PeriodCalendar};
pub use refusals::{RefusedAction, RefusedKind};
pub use service::{CertificateSaved, ConfirmationNeeded, InboxItem, ServiceInbox};
pub use settings::Settings;
pub use signatures::{SignatureOutcome, SigningView};
pub use todo::{CourtDate, CourtDateKind, Duty, DutyKind, TodoList};
pub use views::*;

// The types the shell hands to the UI.
pub use ecourt_api::{CaseSummary, SessionResponse};
pub use ecourt_store::{FilingDraft, OutboxEntry, ReadKind};
pub use ecourt_sync::SyncStatus;

use ecourt_api::{limits, ActionBody};
use ecourt_server::embedded::{EmbeddedServer, ServiceConfig};
use ecourt_store::{CaseQuery, SavedSession, Store};
use ecourt_sync::{CourtClient, SyncEngine, SyncHandle};
use sha2::{Digest, Sha256};
use std::path::PathBuf;
use std::sync::Arc;
use tokio::sync::{watch, Mutex};

struct ActiveSession {
    account: ecourt_api::Account,
    store: Store,
    sync: SyncHandle,
    forward: tokio::task::JoinHandle<()>,
}

pub struct App {
    config: AppConfig,
    clock: Arc<dyn Clock>,
    court_url: String,
    /// The court's client, built once: every call of every session goes through its one
    /// connection pool (signed-in copies share it).
    court: CourtClient,
    embedded: Option<EmbeddedServer>,
    session: Mutex<Option<ActiveSession>>,
    settings: Mutex<Settings>,
    status: watch::Sender<SyncStatus>,
    /// The camera, while the identity screen has one open.
    camera: Mutex<Option<face::CameraSession>>,
    /// A party whose verification a legal worker is running on this machine, and the
    /// court's session for it (identity routes only).
    assisted: Mutex<Option<(ecourt_api::Account, String)>>,
    /// The hearing this app is in, if any.
    hearing: Mutex<Option<hearing::ActiveHearing>>,
    /// The signed-in account's idle sign-out (a shared office machine).
    idle: office::IdleClock,
    /// What was passed before entering each hearing (for "重新进入").
    hearing_memory: Arc<hearing_checks::CheckMemory>,
}

/// A case of the user's list from the cache, or a plain "not in your list".
pub(crate) async fn cached_case(store: &Store, case_id: i64) -> AppResult<ecourt_api::CaseDetail> {
    store
        .case_detail(case_id)
        .await?
        .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "this case is not in your list"))
}

/// A document's type and bytes from the cache, or a plain "not downloaded yet".
async fn downloaded(store: &Store, case_id: i64, document_id: i64) -> AppResult<(String, Vec<u8>)> {
    store
        .document_content(case_id, document_id)
        .await?
        .ok_or_else(|| {
            AppError::new(
                AppErrorCode::NotFound,
                "this document has not been downloaded yet",
            )
        })
}

fn account_dir_key(court_url: &str, username: &str) -> String {
    hex::encode(&Sha256::digest(format!("{court_url}\n{username}").as_bytes())[..8])
}

impl App {
    /// Starts the embedded court if no court is configured, and reopens the last session from
    /// the cache (so the cases show even when the court cannot be reached).
    pub async fn start(config: AppConfig) -> AppResult<App> {
        Self::start_with_clock(config, Arc::new(SystemClock)).await
    }

    /// [`App::start`] with another clock (tests that set the time).
    pub async fn start_with_clock(config: AppConfig, clock: Arc<dyn Clock>) -> AppResult<App> {
        std::fs::create_dir_all(&config.data_dir)?;
        let (embedded, court_url) = match &config.server_url {
            Some(url) => (None, url.trim_end_matches('/').to_string()),
            None => {
                let server = EmbeddedServer::start(
                    &config.data_dir.join("court"),
                    config.embedded_port,
                    ServiceConfig::new(config.models_dir.clone(), config.papers_font.clone())
                        .with_mail(config.mail.clone()),
                )
                .await
                .map_err(|e| AppError::new(AppErrorCode::Storage, format!("{e:#}")))?;
                let url = server.base_url.clone();
                (Some(server), url)
            }
        };
        let settings = Settings::load(&config.data_dir.join("settings.json"));
        let (status, _) = watch::channel(SyncStatus::default());
        let court = CourtClient::new(&court_url)?;
        let app = App {
            config,
            clock,
            court_url,
            court,
            embedded,
            session: Mutex::new(None),
            settings: Mutex::new(settings),
            status,
            camera: Mutex::new(None),
            assisted: Mutex::new(None),
            hearing: Mutex::new(None),
            idle: office::IdleClock::default(),
            hearing_memory: Arc::default(),
        };
        app.restore().await?;
        Ok(app)
    }

    fn store_path(&self, key: &str) -> PathBuf {
        self.config
            .data_dir
            .join("accounts")
            .join(key)
            .join("cache.sqlite")
    }

    async fn restore(&self) -> AppResult<()> {
        let Some(key) = self.settings.lock().await.last_account.clone() else {
            return Ok(());
        };
        let path = self.store_path(&key);
        if !path.exists() {
            return Ok(());
        }
        let store = Store::open(&path).await?;
        match store.session().await? {
            // The embedded court listens on a new port each start: the account is the same.
            Some(saved)
                if !saved.token.is_empty()
                    && (saved.server_url == self.court_url || self.embedded.is_some()) =>
            {
                if self.resume_idle_clock().await {
                    self.activate(saved.account, store, &saved.token).await;
                } else {
                    // Its idle time ran out while the app was closed: not reopened, the token
                    // forgotten (and ended at the court when it answers soon).
                    let court = self.court.signed_in(&saved.token);
                    let _ =
                        tokio::time::timeout(std::time::Duration::from_secs(3), court.sign_out())
                            .await;
                    store.forget_token().await?;
                    store.close().await;
                    self.stop_idle_clock().await?;
                    let mut settings = self.settings.lock().await;
                    settings.last_account = None;
                    settings.save(&self.config.data_dir.join("settings.json"))?;
                }
            }
            _ => store.close().await,
        }
        Ok(())
    }

    async fn activate(&self, account: ecourt_api::Account, store: Store, token: &str) {
        let sync = SyncEngine::new(store.clone(), self.court.signed_in(token)).spawn();
        sync.sync_now();
        let mut from = sync.status();
        let to = self.status.clone();
        let forward = tokio::spawn(async move {
            loop {
                let s = from.borrow_and_update().clone();
                to.send_replace(s);
                if from.changed().await.is_err() {
                    break;
                }
            }
        });
        let mut slot = self.session.lock().await;
        if let Some(old) = slot.take() {
            old.forward.abort();
            old.sync.stop();
        }
        *slot = Some(ActiveSession {
            account,
            store,
            sync,
            forward,
        });
    }

    pub fn info(&self) -> AppInfo {
        let demo = self.embedded.is_some();
        AppInfo {
            version: env!("CARGO_PKG_VERSION").into(),
            embedded: demo,
            court_url: self.court_url.clone(),
            demo_accounts: if demo {
                ecourt_server::embedded::DEMO_ACCOUNTS
                    .iter()
                    .map(|a| DemoAccountView {
                        username: a.username.into(),
                        display_name: a.display_name.into(),
                        kind: a.kind,
                    })
                    .collect()
            } else {
                vec![]
            },
            demo_password: demo.then(|| ecourt_server::embedded::DEMO_PASSWORD.to_string()),
            case_stages: ecourt_domain::CaseStage::ALL.to_vec(),
            case_roles: ecourt_domain::CaseRole::ALL.to_vec(),
        }
    }

    pub async fn sign_in(&self, username: &str, password: &str) -> AppResult<SessionView> {
        let username = username.trim();
        if username.is_empty() || password.is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "user name and password are required",
            ));
        }
        let session = self.court.sign_in(username, password).await?;
        let key = account_dir_key(&self.court_url, username);
        let store = Store::open(&self.store_path(&key)).await?;
        store
            .save_session(&SavedSession {
                server_url: self.court_url.clone(),
                token: session.token.clone(),
                expires_at: session.expires_at.clone(),
                account: session.account.clone(),
            })
            .await?;
        {
            let mut settings = self.settings.lock().await;
            settings.last_account = Some(key);
            settings.save(&self.config.data_dir.join("settings.json"))?;
        }
        self.activate(session.account.clone(), store, &session.token)
            .await;
        self.start_idle_clock(session.idle_sign_out).await?;
        Ok(SessionView::new(session.account))
    }

    /// Ends the session on the court (when reachable) and here. The cache and any queued actions
    /// stay on disk for this account's next sign-in; nobody else can open them through the app.
    pub async fn sign_out(&self) -> AppResult<()> {
        self.stop_idle_clock().await?;
        self.end_assisted().await;
        self.leave_hearing(ecourt_api::DisconnectCause::LeftOnPurpose)
            .await;
        let Some(active) = self.session.lock().await.take() else {
            return Ok(());
        };
        active.forward.abort();
        active.sync.stop();
        if let Some(saved) = active.store.session().await? {
            let _ = self.court.signed_in(&saved.token).sign_out().await;
        }
        active.store.forget_token().await?;
        active.store.close().await;
        let mut settings = self.settings.lock().await;
        settings.last_account = None;
        settings.save(&self.config.data_dir.join("settings.json"))?;
        self.status.send_replace(SyncStatus::default());
        Ok(())
    }

    pub async fn session(&self) -> Option<SessionView> {
        // An account whose idle time ran out is signed out first, not shown.
        let _ = self.enforce_idle().await;
        self.session
            .lock()
            .await
            .as_ref()
            .map(|s| SessionView::new(s.account.clone()))
    }

    pub(crate) async fn store(&self) -> AppResult<Store> {
        self.enforce_idle().await?;
        self.session
            .lock()
            .await
            .as_ref()
            .map(|s| s.store.clone())
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "sign in first"))
    }

    /// The cases in the cache that match, each with the days left to its next deadline on the
    /// court's date.
    pub async fn cases(&self, query: CaseListQuery) -> AppResult<Vec<CaseListItem>> {
        let store = self.store().await?;
        let q = CaseQuery {
            text: query.text.filter(|t| !t.trim().is_empty()),
            stage: query.stage,
            role: query.role,
        };
        let today = clock::court_date(self.now());
        let me = self.account().await?.display_name;
        Ok(store
            .list_case_details(&q)
            .await?
            .into_iter()
            .map(|c| CaseListItem::of(c, &me, today))
            .collect())
    }

    pub async fn case(&self, case_id: i64) -> AppResult<CaseView> {
        let store = self.store().await?;
        let detail = cached_case(&store, case_id).await?;
        Ok(CaseView {
            detail,
            outbox: store
                .outbox_for_case(case_id)
                .await?
                .into_iter()
                .map(OutboxView::from)
                .collect(),
        })
    }

    pub async fn document(&self, case_id: i64, document_id: i64) -> AppResult<DocumentView> {
        let store = self.store().await?;
        let (mime_type, bytes) = downloaded(&store, case_id, document_id).await?;
        let text = mime_type
            .starts_with("text/")
            .then(|| String::from_utf8_lossy(&bytes).into_owned());
        Ok(DocumentView {
            case_id,
            document_id,
            mime_type,
            text,
        })
    }

    /// Saves a copy of a document (a receipt, a notice) where the user keeps downloads:
    /// the configured folder (`ECOURT_EXPORT_DIR`, else `~/Downloads`), else the app's data
    /// folder. Returns the path.
    pub async fn export_document(&self, case_id: i64, document_id: i64) -> AppResult<String> {
        let store = self.store().await?;
        let detail = cached_case(&store, case_id).await?;
        let doc = detail
            .documents
            .iter()
            .find(|d| d.id == document_id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no such document"))?;
        let (_, bytes) = downloaded(&store, case_id, document_id).await?;
        let extension = match doc.mime_type.as_str() {
            "application/pdf" => "pdf",
            "image/jpeg" => "jpg",
            "image/png" => "png",
            _ => "txt",
        };
        let label = detail
            .summary
            .case_number
            .clone()
            .unwrap_or_else(|| format!("case-{case_id}"));
        self.write_export(&label, &doc.title, extension, &bytes)
    }

    /// Queues a message to the court (留言) and wakes the sync. The court checks again.
    pub async fn send_message(&self, case_id: i64, text: &str) -> AppResult<OutboxEntry> {
        let text = text.trim();
        if text.is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "the message is empty",
            ));
        }
        if text.chars().count() > limits::MESSAGE_MAX_CHARS {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                format!(
                    "a message holds at most {} characters",
                    limits::MESSAGE_MAX_CHARS
                ),
            ));
        }
        // The court's own text rule, here before queueing: refused later, the message would
        // come back only as a refused action.
        ecourt_domain::text::check(text, ecourt_domain::text::Shape::MultiLine)
            .map_err(|p| AppError::new(AppErrorCode::InvalidText, p.to_string()))?;
        self.enforce_idle().await?;
        let guard = self.session.lock().await;
        let active = guard
            .as_ref()
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "sign in first"))?;
        if active.store.case_detail(case_id).await?.is_none() {
            return Err(AppError::new(
                AppErrorCode::NotFound,
                "this case is not in your list",
            ));
        }
        let now = clock::stamp(self.clock.now());
        let id = active
            .store
            .enqueue(
                &ActionBody::SendMessage {
                    case_id,
                    text: text.into(),
                },
                &now,
            )
            .await?;
        active.sync.sync_now();
        let entry = active
            .store
            .outbox_for_case(case_id)
            .await?
            .into_iter()
            .find(|e| e.mutation_id == id);
        entry.ok_or_else(|| AppError::new(AppErrorCode::Internal, "the queued message vanished"))
    }

    /// The user read a refusal and clears it; the status bar's count follows at once.
    pub async fn dismiss_rejected(&self, mutation_id: i64) -> AppResult<()> {
        self.store().await?.dismiss_rejected(mutation_id).await?;
        self.sync_now().await;
        Ok(())
    }

    pub async fn sync_now(&self) {
        if let Some(s) = self.session.lock().await.as_ref() {
            s.sync.sync_now();
        }
    }

    /// Now, by the app's clock.
    pub(crate) fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn sync_status(&self) -> SyncStatus {
        self.status.borrow().clone()
    }

    /// Every change of the sync status, for the shell to forward to the UI as events.
    pub fn watch_status(&self) -> watch::Receiver<SyncStatus> {
        self.status.subscribe()
    }

    pub async fn settings(&self) -> Settings {
        self.settings.lock().await.clone()
    }

    pub async fn set_settings(&self, locale: String, large_text: bool) -> AppResult<Settings> {
        if locale != "zh-CN" && locale != "en" {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "locale must be zh-CN or en",
            ));
        }
        let mut s = self.settings.lock().await;
        s.locale = locale;
        s.large_text = large_text;
        s.save(&self.config.data_dir.join("settings.json"))?;
        Ok(s.clone())
    }
}
