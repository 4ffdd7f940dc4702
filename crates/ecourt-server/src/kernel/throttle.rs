//! Throttles that hold however many requests arrive at once: the attempt is reserved (counted)
//! atomically before the work it limits is done, on both engines.
//!
//! Sign-in: one upsert on a per-user-name counter row both counts and reserves (PostgreSQL
//! row-locks the row for the statement, SQLite runs one writer at a time), so that of a
//! hundred parallel guesses only the first `MAX_FAILED_SIGN_INS` reach the password check.
//! Code sends: the sending transaction first locks a row per account and per phone number
//! (`lock`), so that counting the recent sends and recording the new one happen one at a time.

use crate::kernel::clock::stamp;
use crate::kernel::db::{Db, Tx};
use chrono::{DateTime, Duration, Utc};
use sqlx::Row;

/// Reserves a sign-in attempt for `username` in the window of `window` starting at its first
/// attempt, and answers how many this window now holds (this one included).
pub async fn reserve_sign_in(
    db: &Db,
    username: &str,
    now: DateTime<Utc>,
    window: Duration,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO sign_in_attempts (username, window_start, attempts) VALUES ($1, $2, 1)
         ON CONFLICT (username) DO UPDATE SET
           attempts = CASE WHEN sign_in_attempts.window_start <= $3 THEN 1
                           ELSE sign_in_attempts.attempts + 1 END,
           window_start = CASE WHEN sign_in_attempts.window_start <= $3 THEN excluded.window_start
                               ELSE sign_in_attempts.window_start END
         RETURNING attempts",
    )
    .bind(username)
    .bind(stamp(now))
    .bind(stamp(now - window))
    .fetch_one(&db.pool)
    .await?
    .try_get("attempts")
}

/// After a right password: the window starts afresh — unless other attempts were reserved
/// after this one (parallel guesses), which keep counting.
pub async fn forgive_sign_ins(tx: &mut Tx, username: &str, attempt: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE sign_in_attempts SET attempts = 0 WHERE username = $1 AND attempts = $2")
        .bind(username)
        .bind(attempt)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Locks `key`'s row until the transaction ends (created on first use).
pub async fn lock(tx: &mut Tx, key: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO throttle_locks (key) VALUES ($1) ON CONFLICT (key) DO UPDATE SET key = excluded.key",
    )
    .bind(key)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
