//! The append-only, hash-chained audit log (留痕): every entry carries the previous entry's hash,
//! so that removing, reordering or editing any entry breaks the chain at that point.
//!
//! Appends happen inside the transaction of the act they record, so an act and its trace commit
//! together or not at all. `audit-verify` walks the chain.

use crate::kernel::clock::stamp;
use crate::kernel::db::{Db, Tx};
use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const GENESIS_HASH: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// What an entry records: who did what, in which case, with which details.
pub struct AuditEntry<'a> {
    pub actor_account_id: Option<i64>,
    pub action: &'a str,
    pub case_id: Option<i64>,
    pub payload: serde_json::Value,
}

fn entry_hash(
    prev_hash: &str,
    seq: i64,
    at: &str,
    actor: Option<i64>,
    action: &str,
    case_id: Option<i64>,
    payload: &str,
) -> String {
    let mut h = Sha256::new();
    // Fields are separated by a byte that cannot occur in any of them (JSON escapes it).
    for part in [
        prev_hash.to_string(),
        seq.to_string(),
        at.to_string(),
        actor.map(|a| a.to_string()).unwrap_or_default(),
        action.to_string(),
        case_id.map(|c| c.to_string()).unwrap_or_default(),
        payload.to_string(),
    ] {
        h.update(part.as_bytes());
        h.update([0x1f]);
    }
    hex::encode(h.finalize())
}

/// Records an act on an account (no case): sign-in, identity steps, consents.
pub async fn account_act(
    tx: &mut Tx,
    now: DateTime<Utc>,
    actor: i64,
    action: &str,
    payload: serde_json::Value,
) -> anyhow::Result<i64> {
    append(
        tx,
        now,
        AuditEntry {
            actor_account_id: Some(actor),
            action,
            case_id: None,
            payload,
        },
    )
    .await
}

/// Appends one entry inside `tx`. Updating the head row first serialises concurrent appends.
pub async fn append(tx: &mut Tx, now: DateTime<Utc>, entry: AuditEntry<'_>) -> anyhow::Result<i64> {
    let head = sqlx::query("UPDATE audit_head SET seq = seq + 1 WHERE id = 1 RETURNING seq, hash")
        .fetch_one(&mut **tx)
        .await?;
    let seq: i64 = head.try_get("seq")?;
    let prev: String = head.try_get("hash")?;
    let at = stamp(now);
    let payload = entry.payload.to_string();
    let hash = entry_hash(
        &prev,
        seq,
        &at,
        entry.actor_account_id,
        entry.action,
        entry.case_id,
        &payload,
    );
    sqlx::query(
        "INSERT INTO audit_log (seq, at, actor_account_id, action, case_id, payload, prev_hash, hash)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(seq)
    .bind(&at)
    .bind(entry.actor_account_id)
    .bind(entry.action)
    .bind(entry.case_id)
    .bind(&payload)
    .bind(&prev)
    .bind(&hash)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE audit_head SET hash = $1 WHERE id = 1")
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// The outcome of walking the chain.
#[derive(Debug, PartialEq, Eq)]
pub enum Verdict {
    Intact { entries: i64 },
    Broken { at_seq: i64, reason: String },
}

pub async fn verify(db: &Db) -> anyhow::Result<Verdict> {
    let mut prev = GENESIS_HASH.to_string();
    let mut expected_seq = 1i64;
    let mut last_seq = 0i64;
    // Walk in pages so that a long log does not have to fit in memory.
    loop {
        let rows = sqlx::query(
            "SELECT seq, at, actor_account_id, action, case_id, payload, prev_hash, hash
             FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT 1000",
        )
        .bind(last_seq)
        .fetch_all(&db.pool)
        .await?;
        if rows.is_empty() {
            break;
        }
        for row in rows {
            let seq: i64 = row.try_get("seq")?;
            let stored_prev: String = row.try_get("prev_hash")?;
            let stored_hash: String = row.try_get("hash")?;
            if seq != expected_seq {
                return Ok(Verdict::Broken {
                    at_seq: expected_seq,
                    reason: format!("entry {expected_seq} is missing"),
                });
            }
            if stored_prev != prev {
                return Ok(Verdict::Broken {
                    at_seq: seq,
                    reason: "does not link to the entry before it".into(),
                });
            }
            let recomputed = entry_hash(
                &stored_prev,
                seq,
                &row.try_get::<String, _>("at")?,
                row.try_get::<Option<i64>, _>("actor_account_id")?,
                &row.try_get::<String, _>("action")?,
                row.try_get::<Option<i64>, _>("case_id")?,
                &row.try_get::<String, _>("payload")?,
            );
            if recomputed != stored_hash {
                return Ok(Verdict::Broken {
                    at_seq: seq,
                    reason: "its content does not match its hash".into(),
                });
            }
            prev = stored_hash;
            expected_seq += 1;
            last_seq = seq;
        }
    }
    let head = sqlx::query("SELECT seq, hash FROM audit_head WHERE id = 1")
        .fetch_one(&db.pool)
        .await?;
    let head_seq: i64 = head.try_get("seq")?;
    let head_hash: String = head.try_get("hash")?;
    if head_seq != last_seq || head_hash != prev {
        return Ok(Verdict::Broken {
            at_seq: head_seq.max(last_seq),
            reason: "entries after the last one found were removed".into(),
        });
    }
    Ok(Verdict::Intact { entries: last_seq })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_covers_every_field() {
        let base = entry_hash(GENESIS_HASH, 1, "t", Some(1), "a", Some(2), "{}");
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 2, "t", Some(1), "a", Some(2), "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "u", Some(1), "a", Some(2), "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "t", None, "a", Some(2), "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "t", Some(1), "b", Some(2), "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "t", Some(1), "a", None, "{}")
        );
        assert_ne!(
            base,
            entry_hash(GENESIS_HASH, 1, "t", Some(1), "a", Some(2), "{\"x\":1}")
        );
        assert_ne!(
            base,
            entry_hash(&"1".repeat(64), 1, "t", Some(1), "a", Some(2), "{}")
        );
        // Moving a character between fields changes the hash too.
        assert_ne!(
            entry_hash(GENESIS_HASH, 1, "t", Some(1), "ab", Some(2), "{}"),
            entry_hash(GENESIS_HASH, 1, "t", Some(1), "a", Some(2), "b{}")
        );
    }
}
