//! Accounts, passwords and sessions.
//!
//! Passwords are hashed with Argon2id. A session is an opaque random token; the server keeps
//! only its SHA-256, with an expiry. Sign-ins for one user name are throttled: at most
//! `MAX_FAILED_SIGN_INS` password checks in the window, however many arrive at once
//! (`throttle::reserve_sign_in`); a right password forgives the earlier ones.

use crate::audit::{self, AuditEntry};
use crate::clock::stamp;
use crate::error::{ApiResult, Failure};
use crate::state::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine as _;
use chrono::Duration;
use ecourt_api::{Account, ApiErrorCode, SessionResponse};
use ecourt_domain::AccountKind;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// How long a session lasts (one working day and a bit).
pub const SESSION_TTL_HOURS: i64 = 12;
/// Password checks for one user name within the window (from its first attempt) before
/// sign-in is refused; a success starts the window afresh.
pub const MAX_FAILED_SIGN_INS: i64 = 5;
pub const FAILED_SIGN_IN_WINDOW_MINUTES: i64 = 15;

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("hashing a password: {e}"))
}

fn password_matches(password: &str, stored: &str) -> bool {
    PasswordHash::new(stored)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

pub fn account_from_row(row: &AnyRow) -> sqlx::Result<Account> {
    let kind: String = row.try_get("kind")?;
    Ok(Account {
        id: row.try_get("id")?,
        username: row.try_get("username")?,
        display_name: row.try_get("display_name")?,
        kind: AccountKind::parse(&kind)
            .ok_or_else(|| sqlx::Error::Decode(format!("unknown account kind {kind}").into()))?,
        court_code: row.try_get("court_code")?,
    })
}

pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
) -> ApiResult<SessionResponse> {
    let now = state.clock.now();
    // The attempt is counted before the password is checked, in one statement: parallel
    // guesses cannot all pass a count taken before any of them was recorded.
    let attempt = crate::throttle::reserve_sign_in(
        &state.db,
        username,
        now,
        Duration::minutes(FAILED_SIGN_IN_WINDOW_MINUTES),
    )
    .await?;
    if attempt > MAX_FAILED_SIGN_INS {
        return Err(Failure::new(
            ApiErrorCode::TooManyAttempts,
            format!(
                "too many failed sign-ins; try again in {FAILED_SIGN_IN_WINDOW_MINUTES} minutes"
            ),
        ));
    }
    let row = sqlx::query(
        "SELECT id, username, display_name, kind, court_code, password_hash FROM accounts WHERE username = $1",
    )
    .bind(username)
    .fetch_optional(&state.db.pool)
    .await?;
    // Verify against a dummy hash when the user is unknown, so timing does not tell who exists.
    let stored = match &row {
        Some(r) => r.try_get::<String, _>("password_hash")?,
        None => state.dummy_password_hash.clone(),
    };
    let candidate = password.to_string();
    let ok = tokio::task::spawn_blocking(move || password_matches(&candidate, &stored))
        .await
        .map_err(anyhow::Error::from)?;
    let mut tx = state.db.begin_write().await?;
    let Some(row) = row.filter(|_| ok) else {
        audit::append(
            &mut tx,
            now,
            AuditEntry {
                actor_account_id: None,
                action: "sign_in_failed",
                case_id: None,
                payload: serde_json::json!({ "username": username }),
            },
        )
        .await?;
        tx.commit().await?;
        return Err(Failure::new(
            ApiErrorCode::InvalidCredentials,
            "wrong user name or password",
        ));
    };
    let account = account_from_row(&row)?;
    let token = new_token();
    let expires_at = now + Duration::hours(SESSION_TTL_HOURS);
    sqlx::query("INSERT INTO sessions (token_hash, account_id, created_at, expires_at) VALUES ($1, $2, $3, $4)")
        .bind(token_hash(&token))
        .bind(account.id)
        .bind(stamp(now))
        .bind(stamp(expires_at))
        .execute(&mut *tx)
        .await?;
    crate::throttle::forgive_sign_ins(&mut tx, username, attempt).await?;
    audit::account_act(
        &mut tx,
        now,
        account.id,
        "sign_in",
        serde_json::json!({ "username": username }),
    )
    .await?;
    tx.commit().await?;
    Ok(SessionResponse {
        token,
        expires_at: stamp(expires_at),
        account,
    })
}

/// An account by its id.
pub async fn account_by_id(db: &crate::db::Db, id: i64) -> sqlx::Result<Option<Account>> {
    sqlx::query("SELECT id, username, display_name, kind, court_code FROM accounts WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| account_from_row(&r))
        .transpose()
}

/// The signed-in caller of a request, from `Authorization: Bearer <token>`.
#[derive(Debug, Clone)]
pub struct Caller(pub Account);

/// The caller on the identity routes: the account, and the legal worker running the
/// verification on its behalf when the session is an assisted one.
pub struct IdentityCaller {
    pub account: Account,
    pub assisted_by: Option<i64>,
}

/// The signed-in account behind a request's bearer token, and who assists, if anyone.
pub(crate) async fn session_of(
    parts: &Parts,
    state: &AppState,
) -> Result<(Account, Option<i64>), Failure> {
    let header = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| Failure::new(ApiErrorCode::Unauthenticated, "sign in first"))?;
    let token = header
        .strip_prefix("Bearer ")
        .ok_or_else(|| Failure::new(ApiErrorCode::Unauthenticated, "expected a bearer token"))?;
    let row = sqlx::query(
        "SELECT a.id, a.username, a.display_name, a.kind, a.court_code, s.expires_at, s.assisted_by
         FROM sessions s JOIN accounts a ON a.id = s.account_id WHERE s.token_hash = $1",
    )
    .bind(token_hash(token))
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| {
        Failure::new(
            ApiErrorCode::Unauthenticated,
            "unknown session; sign in again",
        )
    })?;
    let expires_at: String = row.try_get("expires_at")?;
    if expires_at <= stamp(state.clock.now()) {
        return Err(Failure::new(
            ApiErrorCode::TokenExpired,
            "the session has expired; sign in again",
        ));
    }
    let assisted_by: Option<i64> = row.try_get("assisted_by")?;
    Ok((account_from_row(&row)?, assisted_by))
}

impl FromRequestParts<AppState> for Caller {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        match session_of(parts, state).await? {
            (account, None) => Ok(Caller(account)),
            (_, Some(_)) => Err(Failure::new(
                ApiErrorCode::Forbidden,
                "an assisted session serves the party's identity verification only",
            )),
        }
    }
}

impl FromRequestParts<AppState> for IdentityCaller {
    type Rejection = Failure;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let (account, assisted_by) = session_of(parts, state).await?;
        Ok(IdentityCaller {
            account,
            assisted_by,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_verify_only_against_their_own_hash() {
        let h = hash_password("demo12345").unwrap();
        assert!(h.starts_with("$argon2id$"));
        assert!(password_matches("demo12345", &h));
        assert!(!password_matches("demo12346", &h));
        assert!(!password_matches("demo12345", "not a hash"));
    }

    #[test]
    fn tokens_are_random_and_stored_hashed() {
        let (a, b) = (new_token(), new_token());
        assert_ne!(a, b);
        assert_eq!(a.len(), 43);
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}
