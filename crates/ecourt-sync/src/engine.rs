//! The sync engine: one loop per signed-in account that pushes the outbox and pulls changes.
//!
//! - Push: pending actions in mutation-id order, each with its idempotency key; the court's
//!   answer is recorded before the next is sent. A transient failure stops the round and keeps
//!   the action; a refusal is recorded and does not block the actions after it.
//! - Pull: pages of changes by cursor, each applied with its cursor in one transaction; a
//!   `resync_required` answer drops the synced rows (never the outbox) and starts from zero.
//! - Content: documents whose content is missing are fetched and checked against their hash.
//!
//! The loop wakes on every local write, on `sync_now`, and on a backoff timer that always
//! re-arms, so a queue never waits for the next write after a failure.

use ecourt_api::{ActionRequest, ActionResult, ActionStatus, ApiErrorCode};
use ecourt_client::{ClientError, CourtClient, Faults};
use ecourt_store::{Store, StoreError};
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{watch, Notify};
use ts_rs::TS;

/// Cases per page of changes.
pub const PAGE_SIZE: i64 = 200;
/// How often to pull when all is well.
pub const PERIODIC: Duration = Duration::from_secs(30);
/// Retry delays after a failure: doubling from the first to the last.
pub const BACKOFF_FIRST: Duration = Duration::from_secs(1);
pub const BACKOFF_MAX: Duration = Duration::from_secs(8);

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Client(#[from] ClientError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("stopped at failpoint {0}")]
    Injected(&'static str),
}

impl SyncError {
    fn connection(&self) -> Connection {
        match self {
            SyncError::Client(e) if e.is_auth() => Connection::SessionExpired,
            SyncError::Client(ClientError::Unreachable(_)) => Connection::Offline,
            _ => Connection::Online,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Connection {
    /// Not tried yet.
    Unknown,
    Online,
    /// The court cannot be reached; everything cached is still shown.
    Offline,
    /// The court no longer accepts the session; sign in again (the outbox waits).
    SessionExpired,
}

/// What the status line shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncStatus {
    pub connection: Connection,
    pub syncing: bool,
    /// RFC 3339 time of the last complete sync.
    pub last_synced_at: Option<String>,
    /// Actions waiting to be sent.
    pub pending_actions: i64,
    /// Actions the court refused, for the user to read.
    pub rejected_actions: i64,
    pub last_error: Option<String>,
}

impl Default for SyncStatus {
    fn default() -> Self {
        SyncStatus {
            connection: Connection::Unknown,
            syncing: false,
            last_synced_at: None,
            pending_actions: 0,
            rejected_actions: 0,
            last_error: None,
        }
    }
}

/// What one round did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct RoundReport {
    pub pushed: usize,
    pub rejected: usize,
    pub pages: usize,
    pub resynced: bool,
    pub blobs: usize,
}

pub struct SyncEngine {
    store: Store,
    client: CourtClient,
    faults: Faults,
    status: watch::Sender<SyncStatus>,
    wake: Arc<Notify>,
}

/// Handle to a running engine.
pub struct SyncHandle {
    wake: Arc<Notify>,
    status: watch::Receiver<SyncStatus>,
    task: tokio::task::JoinHandle<()>,
}

impl SyncHandle {
    /// Asks for a round now (after a local write, or when the user presses 重试).
    pub fn sync_now(&self) {
        self.wake.notify_one();
    }

    pub fn status(&self) -> watch::Receiver<SyncStatus> {
        self.status.clone()
    }

    pub fn stop(self) {
        self.task.abort();
    }
}

impl Drop for SyncHandle {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl SyncEngine {
    pub fn new(store: Store, client: CourtClient) -> Self {
        let (status, _) = watch::channel(SyncStatus::default());
        SyncEngine {
            store,
            client,
            faults: Faults::default(),
            status,
            wake: Arc::new(Notify::new()),
        }
    }

    /// Failpoints for tests; the same set is handed to the client.
    pub fn with_faults(mut self, faults: Faults) -> Self {
        self.client = self.client.with_faults(faults.clone());
        self.faults = faults;
        self
    }

    fn fault(&self, point: &'static str) -> Result<(), SyncError> {
        if self.faults.hit(point) {
            Err(SyncError::Injected(point))
        } else {
            Ok(())
        }
    }

    /// One full round: push, pull, fetch content.
    pub async fn run_round(&self) -> Result<RoundReport, SyncError> {
        let mut report = RoundReport::default();
        self.push(&mut report).await?;
        self.pull(&mut report).await?;
        self.fetch_blobs(&mut report).await?;
        Ok(report)
    }

    pub async fn push(&self, report: &mut RoundReport) -> Result<(), SyncError> {
        let client_id = self.store.client_id().await?;
        for entry in self.store.pending().await? {
            self.fault("push.before_send")?;
            let req = ActionRequest {
                client_id: client_id.clone(),
                mutation_id: entry.mutation_id,
                action: entry.action.clone(),
            };
            let sent = match self.upload_files(&entry.action).await {
                Ok(()) => self.client.push(&req).await,
                Err(e) => Err(e),
            };
            let answer = match sent {
                Ok(answer) => answer,
                Err(e) if e.is_transient() || e.is_auth() => {
                    self.store
                        .record_failure(entry.mutation_id, &e.to_string())
                        .await?;
                    return Err(e.into());
                }
                // The court refused the request itself (malformed, out of order, forbidden):
                // sending it again cannot help, so it becomes a visible refusal.
                Err(e) => ActionResult {
                    mutation_id: entry.mutation_id,
                    status: ActionStatus::Rejected,
                    code: e.code().or(Some(ApiErrorCode::InvalidInput)),
                    message: Some(e.to_string()),
                    event_id: None,
                    replayed: false,
                },
            };
            self.fault("push.after_answer")?;
            self.store.record_answer(&answer).await?;
            match answer.status {
                ActionStatus::Applied => report.pushed += 1,
                ActionStatus::Rejected => report.rejected += 1,
            }
        }
        Ok(())
    }

    /// Uploads the files an action refers to, from the drafts' file store, or streamed from
    /// the folder of large files (`Store::files`) a chunk at a time. Uploads are keyed by
    /// content hash, so repeating one after a crash costs bandwidth, never a duplicate.
    async fn upload_files(&self, action: &ecourt_api::ActionBody) -> Result<(), ClientError> {
        for f in action.files() {
            let draft_file = self
                .store
                .draft_file(&f.sha256)
                .await
                .map_err(|e| ClientError::Protocol(e.to_string()))?;
            if draft_file.is_none() {
                if let Some(on_disk) = self.store.files().path_of(&f.sha256) {
                    let _: serde_json::Value = self
                        .client
                        .put_file(
                            &upload_path(action, &f.sha256),
                            &f.mime_type,
                            &on_disk,
                            None,
                        )
                        .await?;
                    continue;
                }
            }
            let Some((mime, bytes)) = draft_file else {
                return Err(ClientError::Api {
                    status: 400,
                    error: ecourt_api::ApiError {
                        code: ApiErrorCode::InvalidInput,
                        message: format!(
                            "the file “{}” is no longer on this computer; attach it again",
                            f.name
                        ),
                    },
                });
            };
            self.client.upload(&f.sha256, &mime, bytes).await?;
        }
        Ok(())
    }

    pub async fn pull(&self, report: &mut RoundReport) -> Result<(), SyncError> {
        loop {
            let cursor = self.store.cursor().await?;
            let page = match self.client.changes(cursor, PAGE_SIZE).await {
                Ok(page) => page,
                Err(e) if e.code() == Some(ApiErrorCode::ResyncRequired) && !report.resynced => {
                    tracing::warn!(cursor, "the court asked for a full resync");
                    self.store.reset_synced_rows().await?;
                    report.resynced = true;
                    continue;
                }
                Err(e) => return Err(e.into()),
            };
            self.fault("pull.before_apply")?;
            self.store.apply_changes(&page).await?;
            report.pages += 1;
            if !page.has_more {
                return Ok(());
            }
        }
    }

    pub async fn fetch_blobs(&self, report: &mut RoundReport) -> Result<(), SyncError> {
        loop {
            let missing = self.store.missing_blobs(50).await?;
            if missing.is_empty() {
                return Ok(());
            }
            let mut stored = 0;
            for (case_id, document_id, sha256) in missing {
                self.fault("blobs.before_fetch")?;
                let (mime, bytes) = self.client.document(case_id, document_id).await?;
                match self.store.put_blob(&sha256, &mime, &bytes).await {
                    Ok(()) => {
                        stored += 1;
                        report.blobs += 1;
                    }
                    // Keep what is known good; the mismatch is logged and tried again later.
                    Err(e @ StoreError::ContentMismatch { .. }) => {
                        tracing::error!(case_id, document_id, error = %e, "document content failed its hash check");
                    }
                    Err(e) => return Err(e.into()),
                }
            }
            if stored == 0 {
                return Ok(());
            }
        }
    }

    async fn refresh_counts(&self) {
        if let Ok(outbox) = self.store.outbox().await {
            use ecourt_store::OutboxState::*;
            let pending = outbox.iter().filter(|e| e.state == Pending).count() as i64;
            let rejected = outbox.iter().filter(|e| e.state == Rejected).count() as i64;
            self.status.send_modify(|s| {
                s.pending_actions = pending;
                s.rejected_actions = rejected;
            });
        }
    }

    /// Runs the loop in the background until the handle is dropped.
    pub fn spawn(self) -> SyncHandle {
        let wake = self.wake.clone();
        let status = self.status.subscribe();
        let task = tokio::spawn(async move { self.run().await });
        SyncHandle { wake, status, task }
    }

    async fn run(self) {
        let mut backoff = BACKOFF_FIRST;
        loop {
            self.status.send_modify(|s| s.syncing = true);
            self.refresh_counts().await;
            let result = self.run_round().await;
            let wait = match &result {
                Ok(_) => {
                    backoff = BACKOFF_FIRST;
                    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
                    self.status.send_modify(|s| {
                        s.connection = Connection::Online;
                        s.last_synced_at = Some(now);
                        s.last_error = None;
                    });
                    PERIODIC
                }
                Err(e) => {
                    let connection = e.connection();
                    tracing::info!(error = %e, "sync round failed; retrying in {backoff:?}");
                    self.status.send_modify(|s| {
                        s.connection = connection;
                        s.last_error = Some(e.to_string());
                    });
                    let wait = backoff;
                    backoff = (backoff * 2).min(BACKOFF_MAX);
                    wait
                }
            };
            self.refresh_counts().await;
            self.status.send_modify(|s| s.syncing = false);
            tokio::select! {
                _ = self.wake.notified() => {}
                _ = tokio::time::sleep(wait) => {}
            }
        }
    }
}

/// Where an action's file goes up: the route of the capability the action belongs to.
fn upload_path(action: &ecourt_api::ActionBody, sha256: &str) -> String {
    use ecourt_api::routes::{filing, path};
    match action {
        ecourt_api::ActionBody::SendMessage { .. }
        | ecourt_api::ActionBody::GiveEvidenceOpinion { .. }
        | ecourt_api::ActionBody::RecordEvidenceView { .. }
        | ecourt_api::ActionBody::OpenServedDocument { .. }
        | ecourt_api::ActionBody::ConfirmServiceReceipt { .. }
        | ecourt_api::ActionBody::DisputeService { .. }
        | ecourt_api::ActionBody::RequestPaperCopy { .. }
        | ecourt_api::ActionBody::SubmitFiling { .. }
        | ecourt_api::ActionBody::ResubmitFiling { .. } => path(filing::UPLOAD, &[&sha256]),
    }
}
