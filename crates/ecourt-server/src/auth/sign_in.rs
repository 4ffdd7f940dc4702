//! Accounts, passwords and sessions.
//!
//! Passwords are hashed with Argon2id. A session is an opaque random token; the server keeps
//! only its SHA-256, with an expiry. Sign-ins for one user name are throttled: at most
//! `MAX_FAILED_SIGN_INS` password checks in the window, however many arrive at once
//! (`throttle::reserve_sign_in`); a right password forgives the earlier ones.

use crate::kernel::audit::{self, AuditEntry};
use crate::kernel::caller::{account_from_row, new_token, token_hash};
use crate::kernel::clock::stamp;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use argon2::password_hash::{
    rand_core::OsRng, PasswordHash, PasswordHasher, PasswordVerifier, SaltString,
};
use argon2::Argon2;
use chrono::Duration;
use ecourt_api::{ApiErrorCode, SessionResponse};
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

pub async fn sign_in(
    state: &AppState,
    username: &str,
    password: &str,
) -> ApiResult<SessionResponse> {
    let now = state.clock.now();
    // The attempt is counted before the password is checked, in one statement: parallel
    // guesses cannot all pass a count taken before any of them was recorded.
    let attempt = crate::kernel::throttle::reserve_sign_in(
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
    crate::kernel::throttle::forgive_sign_ins(&mut tx, username, attempt).await?;
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
        idle_sign_out: crate::auth::idle::for_kind(account.kind),
        account,
    })
}

/// An account by its id.
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
