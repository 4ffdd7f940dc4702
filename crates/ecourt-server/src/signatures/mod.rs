//! Electronic signatures (电子签名, 《人民法院在线诉讼规则》 Art. 33; 民事诉讼法 Art. 150): a
//! verified person signs the SHA-256 of one exact version of a document of the case after a
//! fresh face re-check, or refuses to sign it with a reason. Each act is on the case's timeline
//! and in the audit chain (`cases::record_act`); a signature shows as void once the document's
//! bytes no longer have the hash signed.
//!
//! The rules are [`rules`]; this module keeps `signatures` (migration 0017) and answers
//! `/api/v1/cases/{id}/documents/{document_id}/signatures`. The document is read through
//! `cases::document_content` (which also decides who may see it).

pub mod rules;

use crate::kernel::caller::Caller;
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::db::opt_string;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiJson, ApiPath};
use crate::kernel::registry::Registry;
use crate::kernel::state::AppState;
use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use ecourt_api::*;
use rules::{Refusal, Signer};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// Signatures answer whether a person signed a document as it is now (asked by service for
/// the address confirmation); they ask the kernel who is verified.
pub fn register(registry: &mut Registry) {
    registry.answer_document_signed(signed_as_it_is);
}

fn signed_as_it_is(
    state: &AppState,
    document_id: i64,
    account_id: i64,
) -> crate::kernel::registry::Boxed<'_, ApiResult<bool>> {
    Box::pin(async move {
        let row = sqlx::query(
            "SELECT 1 AS yes FROM signatures s JOIN documents d ON d.id = s.document_id
             WHERE s.document_id = $1 AND s.signer = $2 AND s.outcome = 'signed'
               AND s.document_sha256 = d.sha256",
        )
        .bind(document_id)
        .bind(account_id)
        .fetch_optional(&state.db.pool)
        .await?;
        Ok(row.is_some())
    })
}

/// The signatures' OpenAPI paths, merged into the court's document by `api.rs`.
#[derive(utoipa::OpenApi)]
#[openapi(paths(document_signatures, sign_document))]
pub struct Doc;

/// The routes of signatures: the API's router merges these.
pub fn router() -> Router<AppState> {
    Router::new().route(
        ecourt_api::routes::signatures::DOCUMENT_SIGNATURES,
        get(document_signatures).post(sign_document),
    )
}

fn refusal(r: Refusal) -> Failure {
    match r {
        Refusal::NotVerified => Failure::new(
            ApiErrorCode::IdentityStepMissing,
            "verify your identity before signing",
        ),
        Refusal::RecheckExpired => Failure::new(
            ApiErrorCode::IdentityStepMissing,
            format!(
                "a face re-check within the last {} minutes is needed to sign",
                rules::FRESH_RECHECK_MINUTES
            ),
        ),
        Refusal::VersionChanged => Failure::new(
            ApiErrorCode::Conflict,
            "the document has changed since this version: read it again",
        ),
        Refusal::ReasonRequired => Failure::invalid("reason: say why you refuse to sign"),
        Refusal::ReasonTooLong => Failure::invalid("reason: at most 500 characters"),
        Refusal::AlreadyAnswered => Failure::new(
            ApiErrorCode::Conflict,
            "you already signed or refused this version",
        ),
    }
}

/// The document's hash now, or 404 when the caller may not see it.
async fn current_sha256(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    document_id: i64,
) -> ApiResult<String> {
    let (_, bytes) = cases::document_content(&state.db, caller, case_id, document_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    Ok(hex::encode(Sha256::digest(&bytes)))
}

/// Every signature and refusal on the document, each marked void if the document changed.
pub async fn list(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    document_id: i64,
) -> ApiResult<DocumentSignatures> {
    let sha256 = current_sha256(state, caller, case_id, document_id).await?;
    let rows = sqlx::query(
        "SELECT id, name, outcome, method, document_sha256, reason, at FROM signatures
         WHERE document_id = $1 ORDER BY id",
    )
    .bind(document_id)
    .fetch_all(&state.db.pool)
    .await?;
    let signatures = rows
        .iter()
        .map(|r| {
            let outcome: String = r.try_get("outcome")?;
            let signed: String = r.try_get("document_sha256")?;
            Ok(DocumentSignature {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                outcome: SignatureOutcome::parse(&outcome).ok_or_else(|| {
                    sqlx::Error::Decode(format!("unexpected outcome {outcome:?}").into())
                })?,
                method: opt_string(r, "method")?.map(|_| SignatureMethod::FaceRecheck),
                valid: rules::holds(&sha256, &signed),
                document_sha256: signed,
                reason: opt_string(r, "reason")?,
                at: r.try_get("at")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(DocumentSignatures {
        document_id,
        sha256,
        signatures,
    })
}

/// Signs or refuses to sign the version the caller read.
pub async fn sign(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    document_id: i64,
    req: &SignRequest,
) -> ApiResult<DocumentSignatures> {
    let sha256 = current_sha256(state, caller, case_id, document_id).await?;
    let identity = state.registry.identity_of(state, caller).await?;
    let signer = Signer {
        verified: identity.verified,
        rechecked_at: identity.rechecked_at,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let earlier: Vec<String> = sqlx::query(
        "SELECT document_sha256 FROM signatures WHERE document_id = $1 AND signer = $2",
    )
    .bind(document_id)
    .bind(caller.id)
    .fetch_all(&mut *tx)
    .await?
    .iter()
    .map(|r| r.try_get("document_sha256"))
    .collect::<sqlx::Result<_>>()?;
    let reason = req.reason.as_deref().map(str::trim);
    rules::check(
        signer,
        now,
        &sha256,
        &req.document_sha256,
        req.outcome,
        reason,
        &earlier,
    )
    .map_err(refusal)?;
    let (method, reason) = match req.outcome {
        SignatureOutcome::Signed => (Some("face_recheck"), None),
        SignatureOutcome::Refused => (None, reason),
    };
    let (kind, title, detail) = match req.outcome {
        SignatureOutcome::Signed => (
            "document_signed",
            "电子签名",
            format!("{}已签名（人脸核验）", caller.display_name),
        ),
        SignatureOutcome::Refused => (
            "signature_refused",
            "拒绝签名",
            format!(
                "{}拒绝签名：{}",
                caller.display_name,
                reason.unwrap_or_default()
            ),
        ),
    };
    let event_id = cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind,
            title,
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "document_id": document_id, "document_sha256": sha256,
                "method": method, "reason": reason,
            }),
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO signatures (case_id, document_id, document_sha256, signer, name, outcome, method, reason, at, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(case_id)
    .bind(document_id)
    .bind(&sha256)
    .bind(caller.id)
    .bind(&caller.display_name)
    .bind(req.outcome.as_str())
    .bind(method)
    .bind(reason)
    .bind(stamp(now))
    .bind(event_id)
    .execute(&mut *tx)
    .await?;
    if req.outcome == SignatureOutcome::Signed {
        state
            .registry
            .document_was_signed(&mut tx, now, case_id, document_id, caller.id)
            .await?;
    }
    tx.commit().await?;
    list(state, caller, case_id, document_id).await
}

/// The document's signatures and refusals, each marked void once the document changed.
#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{document_id}/signatures",
    params(("id" = i64, Path), ("document_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = DocumentSignatures), (status = 404, body = ApiError)))]
pub async fn document_signatures(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<DocumentSignatures>> {
    Ok(Json(list(&state, &caller, id, document_id).await?))
}

/// Signs the exact version read (after a fresh face re-check), or refuses with a reason.
#[utoipa::path(post, path = "/api/v1/cases/{id}/documents/{document_id}/signatures",
    params(("id" = i64, Path), ("document_id" = i64, Path)), request_body = SignRequest,
    security(("bearer" = [])),
    responses((status = 200, body = DocumentSignatures), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn sign_document(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<SignRequest>,
) -> ApiResult<Json<DocumentSignatures>> {
    Ok(Json(sign(&state, &caller, id, document_id, &req).await?))
}
