//! One repository layer over SQLite (embedded mode) and PostgreSQL (a court's deployment).
//!
//! Queries are written once in the SQL both engines accept (`$1` placeholders, `RETURNING`,
//! `ON CONFLICT`) and run through sqlx's `Any` driver; only the migrations differ per engine.

use anyhow::Context as _;
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{Any, AnyPool, Connection as _, Executor, Row, Transaction};
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Self> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(Backend::Postgres)
        } else {
            anyhow::bail!("--database-url must start with sqlite:// or postgres://, got {url:?}")
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Connections to an SQLite file: one writer at a time anyway, a few readers beside it.
const SQLITE_CONNECTIONS: u32 = 4;

/// The court's database: a pool and which engine is behind it.
#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
}

pub type Tx = Transaction<'static, Any>;

impl Db {
    pub async fn connect(url: &str) -> anyhow::Result<Self> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            // Create the file on first use, as a court's first start expects.
            Backend::Sqlite if !url.contains("mode=") => {
                if url.contains('?') {
                    format!("{url}&mode=rwc")
                } else {
                    format!("{url}?mode=rwc")
                }
            }
            _ => url.to_string(),
        };
        let mut options = AnyPoolOptions::new()
            .max_connections(match backend {
                Backend::Sqlite => SQLITE_CONNECTIONS,
                Backend::Postgres => 16,
            })
            .acquire_timeout(Duration::from_secs(10));
        if backend == Backend::Sqlite {
            options = options
                .min_connections(SQLITE_CONNECTIONS)
                .idle_timeout(None)
                .max_lifetime(None);
        }
        if backend == Backend::Sqlite {
            // WAL is a property of the file: set it once, alone, before the pool opens several
            // connections (switching modes while another connection writes fails).
            let mut first = sqlx::AnyConnection::connect(&url)
                .await
                .with_context(|| format!("cannot open the court database ({})", backend.name()))?;
            first.execute("PRAGMA journal_mode = WAL").await?;
            sqlx::Connection::close(first).await?;
            options = options.after_connect(|conn, _meta| {
                Box::pin(async move {
                    conn.execute("PRAGMA busy_timeout = 10000").await?;
                    conn.execute("PRAGMA synchronous = NORMAL").await?;
                    conn.execute("PRAGMA foreign_keys = ON").await?;
                    Ok(())
                })
            });
        }
        let pool = options
            .connect(&url)
            .await
            .with_context(|| format!("cannot open the court database ({})", backend.name()))?;
        if backend == Backend::Sqlite {
            // Open every connection now, one after another, and keep them: SQLite answered
            // "unable to open database file" when a connection was opened while others wrote.
            let mut held = Vec::new();
            for _ in 0..SQLITE_CONNECTIONS {
                held.push(pool.acquire().await?);
            }
        }
        Ok(Db { pool, backend })
    }

    pub async fn migrate(&self) -> anyhow::Result<()> {
        let migrator = match self.backend {
            Backend::Sqlite => &SQLITE_MIGRATIONS,
            Backend::Postgres => &POSTGRES_MIGRATIONS,
        };
        migrator
            .run(&self.pool)
            .await
            .context("migrating the court database")?;
        Ok(())
    }

    /// Begins a transaction that will write. On SQLite it takes the write lock at once (the
    /// first statement writes), so that two writers queue on the busy timeout instead of one
    /// failing when it upgrades a read lock. On PostgreSQL row locks do the same job.
    pub async fn begin_write(&self) -> anyhow::Result<Tx> {
        let mut tx = self.pool.begin().await?;
        if self.backend == Backend::Sqlite {
            sqlx::query("UPDATE sync_clock SET seq = seq WHERE id = 1")
                .execute(&mut *tx)
                .await?;
        }
        Ok(tx)
    }
}

/// `$first, $first+1, …` for an `IN (…)` list of `n` values.
pub fn placeholders(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

pub fn opt_string(row: &AnyRow, col: &str) -> sqlx::Result<Option<String>> {
    row.try_get::<Option<String>, _>(col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_number_from_the_first() {
        assert_eq!(placeholders(3, 3), "$3, $4, $5");
        assert_eq!(placeholders(1, 1), "$1");
    }

    #[test]
    fn only_sqlite_and_postgres_urls_are_taken() {
        assert_eq!(Backend::from_url("sqlite://x.db").unwrap(), Backend::Sqlite);
        assert_eq!(
            Backend::from_url("postgres://u@h/db").unwrap(),
            Backend::Postgres
        );
        assert!(Backend::from_url("mysql://u@h/db").is_err());
    }
}
