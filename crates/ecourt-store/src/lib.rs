//! The desktop's local database (本地缓存): every case the signed-in account may see, as the court
//! last sent it, the documents' content, the session, and the outbox of actions waiting to be
//! sent.
//!
//! One SQLite file per account and court, in WAL mode. Migrations are embedded; the file is
//! backed up before a migration, and a file written by a newer app is refused rather than
//! damaged. Synced rows are written only by the sync engine; the user's own actions go to the
//! outbox, never straight into synced rows. This crate does no networking.

mod cases;
mod court_calendar;
mod drafts;
mod files;
mod outbox;
mod read_marks;
mod session;

pub use cases::CaseQuery;
pub use court_calendar::CachedCalendar;
pub use drafts::FilingDraft;
pub use files::{hash_file, FileStore, StoredFile, HEAD_BYTES};
pub use outbox::{OutboxEntry, OutboxState};
pub use read_marks::{ReadKind, ReadMarks};
pub use session::SavedSession;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::Connection as _;
use sqlx::{Row, SqlitePool};
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

/// Connections to the cache file: the sync engine writes while the screens read.
const CONNECTIONS: u32 = 4;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("this local database was written by a newer version of the app (schema {found}, this app knows up to {known}); please update the app")]
    NewerThanApp { found: i64, known: i64 },
    #[error("document content does not match its SHA-256 (expected {expected}, got {actual})")]
    ContentMismatch { expected: String, actual: String },
    #[error("local database: {0}")]
    Sqlx(#[from] sqlx::Error),
    #[error("local database migration: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("local data: {0}")]
    Json(#[from] serde_json::Error),
    #[error("local files: {0}")]
    Io(#[from] std::io::Error),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// The open local database of one account.
#[derive(Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens or creates the database at `path`, refusing one written by a newer app and backing
    /// the file up before any migration.
    pub async fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let options = SqliteConnectOptions::from_str(&format!("sqlite://{}", path.display()))?
            .create_if_missing(true)
            .synchronous(SqliteSynchronous::Full)
            .busy_timeout(Duration::from_secs(10))
            .foreign_keys(true);
        // WAL is a property of the file: switch it once, on one connection, then open the pool's
        // connections one after another and keep them (opening while another writes fails).
        let wal = options.clone().journal_mode(SqliteJournalMode::Wal);
        SqliteConnection::connect_with(&wal).await?.close().await?;
        let pool = SqlitePoolOptions::new()
            .max_connections(CONNECTIONS)
            .min_connections(CONNECTIONS)
            .idle_timeout(None)
            .max_lifetime(None)
            .connect_with(options)
            .await?;
        let mut held = Vec::new();
        for _ in 0..CONNECTIONS {
            held.push(pool.acquire().await?);
        }
        drop(held);
        let store = Store {
            pool,
            path: path.to_path_buf(),
        };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<()> {
        let known = MIGRATOR.iter().map(|m| m.version).max().unwrap_or(0);
        let has_table: bool =
            sqlx::query("SELECT COUNT(*) AS n FROM sqlite_master WHERE name = '_sqlx_migrations'")
                .fetch_one(&self.pool)
                .await?
                .try_get::<i64, _>("n")?
                > 0;
        if has_table {
            let applied: Vec<i64> = sqlx::query("SELECT version FROM _sqlx_migrations")
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| r.try_get("version"))
                .collect::<std::result::Result<_, _>>()?;
            if let Some(&found) = applied
                .iter()
                .find(|v| !MIGRATOR.iter().any(|m| m.version == **v))
            {
                return Err(StoreError::NewerThanApp { found, known });
            }
            let pending = MIGRATOR.iter().any(|m| !applied.contains(&m.version));
            if pending {
                let current = applied.iter().copied().max().unwrap_or(0);
                let backup = self.path.with_extension(format!("v{current}.bak"));
                let _ = std::fs::remove_file(&backup);
                sqlx::query("VACUUM INTO $1")
                    .bind(backup.display().to_string())
                    .execute(&self.pool)
                    .await?;
                tracing::info!(backup = %backup.display(), "backed up the local database before migrating");
            }
        }
        MIGRATOR.run(&self.pool).await?;
        Ok(())
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes the pool; used before the file is moved or deleted, and by crash tests.
    pub async fn close(&self) {
        self.pool.close().await;
    }

    async fn state(&self, key: &str) -> Result<Option<String>> {
        Ok(sqlx::query("SELECT value FROM sync_state WHERE key = $1")
            .bind(key)
            .fetch_optional(&self.pool)
            .await?
            .map(|r| r.try_get("value"))
            .transpose()?)
    }

    /// This installation's id for the court's exactly-once bookkeeping, made on first use.
    pub async fn client_id(&self) -> Result<String> {
        if let Some(id) = self.state("client_id").await? {
            return Ok(id);
        }
        let id = uuid::Uuid::new_v4().to_string();
        sqlx::query("INSERT INTO sync_state (key, value) VALUES ('client_id', $1) ON CONFLICT (key) DO NOTHING")
            .bind(&id)
            .execute(&self.pool)
            .await?;
        Ok(self.state("client_id").await?.unwrap_or(id))
    }

    /// The cursor of the last page of changes applied (0 before the first).
    pub async fn cursor(&self) -> Result<i64> {
        Ok(self
            .state("cursor")
            .await?
            .and_then(|v| v.parse().ok())
            .unwrap_or(0))
    }
}

#[cfg(test)]
pub(crate) mod testing {
    pub async fn store() -> (tempfile::TempDir, super::Store) {
        let dir = tempfile::tempdir().unwrap();
        let store = super::Store::open(&dir.path().join("cache.sqlite"))
            .await
            .unwrap();
        (dir, store)
    }
}
