//! The court service inside the desktop process: SQLite in the app's data folder, demo data on
//! first start, listening on 127.0.0.1 so the desktop talks to it over HTTP exactly as it would
//! to a remote court.

use crate::kernel::clock::SystemClock;
use crate::kernel::db::Db;
use crate::kernel::state::AppState;
use crate::{seed, serve};
use std::net::SocketAddr;
use std::path::Path;
use tokio::sync::oneshot;

/// The embedded court's settings, given by the desktop from its own configuration.
pub use crate::kernel::config::ServiceConfig;
/// What the embedded court is seeded with, for the desktop's demo hints.
pub use crate::seed::{
    DemoAccount, DEMO_ACCOUNTS, DEMO_COURT_CODE, DEMO_COURT_NAME, DEMO_PASSWORD,
};
/// The settings naming the papers' font (the embedded court issues receipts too).
pub use ecourt_papers::FONT_SETTINGS;

pub struct EmbeddedServer {
    pub base_url: String,
    pub addr: SocketAddr,
    /// The court's database, for tests and benchmarks that look behind the API.
    pub db: crate::kernel::db::Db,
    stop: Option<oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl EmbeddedServer {
    /// Opens (or creates) `court.sqlite` in `dir`, migrates it, seeds the demo data once, and
    /// starts listening on loopback `port`: 0 for a free one, or a fixed one (the desktop's
    /// `ECOURT_EMBEDDED_PORT`) so that a second participant — another app or
    /// `ecourt-hearing-bot` — can join the demo court's hearings.
    pub async fn start(dir: &Path, port: u16, mut config: ServiceConfig) -> anyhow::Result<Self> {
        std::fs::create_dir_all(dir)?;
        config
            .evidence_dir
            .get_or_insert_with(|| dir.join("evidence"));
        let url = format!("sqlite://{}", dir.join("court.sqlite").display());
        let db = Db::connect(&url).await?;
        db.migrate().await?;
        // The embedded court is the user's own demo court: its gateways are the development ones.
        let mut state =
            AppState::configured(db, std::sync::Arc::new(SystemClock), config)?.with_dev_gateways();
        // Face templates are sealed with a key beside the database, never inside it.
        state.template_key = std::sync::Arc::new(
            crate::kernel::config::TemplateKey::load_or_create(&dir.join("template.key"))?,
        );
        seed::seed_demo(&state.db, state.clock.now()).await?;
        Self::start_with(state, SocketAddr::from(([127, 0, 0, 1], port))).await
    }

    pub async fn start_with(state: AppState, listen: SocketAddr) -> anyhow::Result<Self> {
        let db = state.db.clone();
        let listener = tokio::net::TcpListener::bind(listen).await?;
        let addr = listener.local_addr()?;
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            if let Err(e) = serve(listener, state, async {
                let _ = stopped.await;
            })
            .await
            {
                tracing::error!(error = ?e, "the embedded court service stopped");
            }
        });
        Ok(EmbeddedServer {
            db,
            base_url: format!("http://{addr}"),
            addr,
            stop: Some(stop),
            task: Some(task),
        })
    }

    /// Stops listening and waits for requests in flight to finish.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for EmbeddedServer {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
