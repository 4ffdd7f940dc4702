//! A real court service on loopback over a fresh database (SQLite file or PostgreSQL database),
//! with a clock the test can move.
#![allow(dead_code)]

use chrono::TimeZone;
use ecourt_server::clock::ManualClock;
use ecourt_server::db::Db;
use ecourt_server::embedded::EmbeddedServer;
use ecourt_server::state::AppState;
use serde_json::Value;
use std::sync::Arc;

#[derive(Clone, Copy, Debug)]
pub enum Engine {
    Sqlite,
    Postgres,
}

pub struct TestCourt {
    pub base: String,
    pub state: AppState,
    pub clock: Arc<ManualClock>,
    pub server: Option<EmbeddedServer>,
    pub http: reqwest::Client,
    pub database_url: String,
    _dir: tempfile::TempDir,
}

/// The PostgreSQL server the tests use: `ECOURT_TEST_POSTGRES_URL`, e.g.
/// `postgres://ecourt:ecourt@127.0.0.1:5432/postgres`. CI always sets it; without it a local run
/// skips the PostgreSQL half (and says so), while CI fails.
pub fn postgres_admin_url() -> Option<String> {
    match std::env::var("ECOURT_TEST_POSTGRES_URL") {
        Ok(u) if !u.is_empty() => Some(u),
        _ => {
            assert!(
                std::env::var("CI").is_err(),
                "CI must set ECOURT_TEST_POSTGRES_URL"
            );
            eprintln!(
                "ECOURT_TEST_POSTGRES_URL is not set: skipping the PostgreSQL run of this test"
            );
            None
        }
    }
}

pub async fn fresh_postgres_database(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("ecourt_test_{}", uuid_like());
    let admin = sqlx::AnyPool::connect(admin_url)
        .await
        .expect("connect to the test PostgreSQL");
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&admin)
        .await
        .unwrap();
    admin.close().await;
    let (prefix, _) = admin_url
        .rsplit_once('/')
        .expect("a database name in the URL");
    format!("{prefix}/{name}")
}

fn uuid_like() -> String {
    use rand::Rng;
    let mut rng = rand::thread_rng();
    (0..16)
        .map(|_| char::from(b'a' + rng.gen_range(0..26u8)))
        .collect()
}

impl TestCourt {
    /// Starts a seeded court with the development gateways (as the embedded court has), or
    /// `None` when the engine is not available locally.
    pub async fn start(engine: Engine) -> Option<TestCourt> {
        Self::start_configured(engine, true, |_| {}).await
    }

    /// Starts a seeded court as a plain `serve` has it (`dev_gateways: false`) or with the
    /// development gateways.
    pub async fn start_with_gateways(engine: Engine, dev_gateways: bool) -> Option<TestCourt> {
        Self::start_configured(engine, dev_gateways, |_| {}).await
    }

    /// Starts a seeded court (with the development gateways) whose state `adjust` changes
    /// first (a policy under test).
    pub async fn start_with(
        engine: Engine,
        adjust: impl FnOnce(&mut AppState),
    ) -> Option<TestCourt> {
        Self::start_configured(engine, true, adjust).await
    }

    async fn start_configured(
        engine: Engine,
        dev_gateways: bool,
        adjust: impl FnOnce(&mut AppState),
    ) -> Option<TestCourt> {
        // The court's own error log, shown with a failing test's output.
        let _ = tracing_subscriber::fmt().with_test_writer().try_init();
        let dir = tempfile::tempdir().unwrap();
        let url = match engine {
            Engine::Sqlite => format!("sqlite://{}", dir.path().join("court.sqlite").display()),
            Engine::Postgres => fresh_postgres_database(&postgres_admin_url()?).await,
        };
        let db = Db::connect(&url).await.unwrap();
        db.migrate().await.unwrap();
        let clock = Arc::new(ManualClock::new(
            chrono::Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap(),
        ));
        let state = AppState::new(db, clock.clone()).unwrap();
        let mut state = if dev_gateways {
            state.with_dev_gateways()
        } else {
            state
        };
        adjust(&mut state);
        ecourt_server::seed::seed_demo(&state.db, state.clock.now())
            .await
            .unwrap();
        let server = EmbeddedServer::start_with(state.clone(), "127.0.0.1:0".parse().unwrap())
            .await
            .unwrap();
        Some(TestCourt {
            base: server.base_url.clone(),
            state,
            clock,
            server: Some(server),
            http: reqwest::Client::new(),
            database_url: url,
            _dir: dir,
        })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub async fn token(&self, username: &str) -> String {
        let resp = self
            .http
            .post(self.url("/api/v1/session"))
            .json(&serde_json::json!({ "username": username, "password": "demo12345" }))
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200, "sign-in of {username}");
        resp.json::<serde_json::Value>().await.unwrap()["token"]
            .as_str()
            .unwrap()
            .to_string()
    }

    pub async fn account_id(&self, username: &str) -> i64 {
        use sqlx::Row;
        sqlx::query("SELECT id FROM accounts WHERE username = $1")
            .bind(username)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .try_get("id")
            .unwrap()
    }

    pub async fn count(&self, sql: &str) -> i64 {
        use sqlx::Row;
        sqlx::query(sql)
            .fetch_one(&self.state.db.pool)
            .await
            .unwrap()
            .try_get(0)
            .unwrap()
    }

    /// Case ids where the account holds a role, straight from the database.
    pub async fn role_case_ids(&self, username: &str) -> Vec<i64> {
        use sqlx::Row;
        let id = self.account_id(username).await;
        let mut ids: Vec<i64> =
            sqlx::query("SELECT DISTINCT case_id FROM case_participants WHERE account_id = $1")
                .bind(id)
                .fetch_all(&self.state.db.pool)
                .await
                .unwrap()
                .iter()
                .map(|r| r.try_get("case_id").unwrap())
                .collect();
        ids.sort();
        ids
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL.
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                if let Some(court) = TestCourt::start(Engine::Sqlite).await {
                    ($body)(court).await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(court) = TestCourt::start(Engine::Postgres).await {
                    ($body)(court).await;
                }
            }
        }
    };
}

/// GET with an optional bearer token: the status and the JSON body (or the text as a string).
pub async fn get(court: &TestCourt, path: &str, token: Option<&str>) -> (u16, Value) {
    let mut rb = court.http.get(court.url(path));
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status().as_u16();
    let text = resp.text().await.unwrap();
    (
        status,
        serde_json::from_str(&text).unwrap_or(Value::String(text)),
    )
}

pub async fn post(
    court: &TestCourt,
    path: &str,
    token: Option<&str>,
    body: Value,
    key: Option<&str>,
) -> (u16, Value) {
    let mut rb = court.http.post(court.url(path)).json(&body);
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    if let Some(k) = key {
        rb = rb.header("Idempotency-Key", k);
    }
    let resp = rb.send().await.unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}
