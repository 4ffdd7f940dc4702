//! The caller of a request: the signed-in account behind `Authorization: Bearer <token>`
//! (the `Caller` and `IdentityCaller` extractors every capability's routes use), and how an
//! account is read. Signing in (making a session) is the `auth` capability's.

use crate::kernel::clock::stamp;
use crate::kernel::error::Failure;
use crate::kernel::state::AppState;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use base64::Engine as _;
use ecourt_api::{Account, ApiErrorCode};
use ecourt_domain::AccountKind;
use rand::RngCore;
use sha2::{Digest, Sha256};
use sqlx::any::AnyRow;
use sqlx::Row;

/// A fresh session token: 32 random bytes.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(bytes)
}

/// Sessions are stored by the SHA-256 of their token, never the token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
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

pub async fn account_by_id(db: &crate::kernel::db::Db, id: i64) -> sqlx::Result<Option<Account>> {
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
