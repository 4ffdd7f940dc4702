//! Evidence files uploaded before the application that names them (`PUT /api/v1/uploads/{sha256}`).
//!
//! Content-addressed and per account: uploading the same bytes again changes nothing, so the
//! desktop may retry freely. The server checks the hash, the size and that the bytes really are
//! the PDF, JPEG or PNG they claim to be; an application refers to files only by these hashes.

use crate::kernel::clock::stamp;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ApiErrorCode, UploadReceipt};
use ecourt_domain::filing::{sniff_mime, ALLOWED_MIME_TYPES, MAX_FILE_BYTES};
use sha2::{Digest, Sha256};

pub async fn put(
    state: &AppState,
    caller: &Account,
    sha256: &str,
    declared_mime: Option<&str>,
    bytes: &[u8],
) -> ApiResult<UploadReceipt> {
    if bytes.len() as i64 > MAX_FILE_BYTES {
        return Err(Failure::new(
            ApiErrorCode::PayloadTooLarge,
            format!(
                "a file may hold at most {} MB",
                MAX_FILE_BYTES / 1024 / 1024
            ),
        ));
    }
    if bytes.is_empty() {
        return Err(Failure::invalid("the file is empty"));
    }
    let actual = hex::encode(Sha256::digest(bytes));
    if !actual.eq_ignore_ascii_case(sha256) {
        return Err(Failure::invalid(
            "the file's SHA-256 does not match the address it was sent to",
        ));
    }
    let declared = declared_mime
        .map(|m| {
            m.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .unwrap_or_default();
    if !ALLOWED_MIME_TYPES.contains(&declared.as_str()) {
        return Err(Failure::invalid(
            "only PDF, JPEG and PNG files are taken (Content-Type application/pdf, image/jpeg or image/png)",
        ));
    }
    if sniff_mime(bytes) != Some(declared.as_str()) {
        return Err(Failure::invalid(format!(
            "the file is not a real {declared}: its content says otherwise"
        )));
    }
    let mut tx = state.db.begin_write().await?;
    // Insert unless present; the bytes are the same whenever the hash is.
    let exists = sqlx::query("SELECT 1 AS one FROM uploads WHERE account_id = $1 AND sha256 = $2")
        .bind(caller.id)
        .bind(&actual)
        .fetch_optional(&mut *tx)
        .await?
        .is_some();
    if !exists {
        sqlx::query(
            "INSERT INTO uploads (account_id, sha256, mime_type, size_bytes, content, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(caller.id)
        .bind(&actual)
        .bind(&declared)
        .bind(bytes.len() as i64)
        .bind(bytes)
        .bind(stamp(state.clock.now()))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    Ok(UploadReceipt {
        sha256: actual,
        mime_type: declared,
        size_bytes: bytes.len() as i64,
    })
}
