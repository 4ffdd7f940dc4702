//! The HTTP API under `/api/v1`, and its OpenAPI document at `/api/openapi.json`.
//!
//! Handlers are a few lines each: they extract, call the module that owns the rule, and answer.

use crate::actions;
use crate::auth::{self, Caller, IdentityCaller};
use crate::body_limits::InFlight;
use crate::cases::{self, CaseFilter};
use crate::error::{ApiResult, Failure};
use crate::extract::{ApiJson, ApiPath, ApiQuery, UncheckedJson};
use crate::fees;
use crate::filings;
use crate::identity;
use crate::state::AppState;
use crate::sync;
use crate::uploads;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::{get, post, put};
use axum::{Json, Router};
use ecourt_api::*;
use ecourt_domain::filing::MAX_FILE_BYTES;
use ecourt_domain::CaseStage;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "e-Court service (在线诉讼服务)", description = "The court service the e-Court desktop talks to."),
    paths(health, create_session, delete_session, list_cases, get_case, document_content, changes, push_action, fee_quote,
        review_queue, correction_notice, register_filing, reject_filing, upload,
        check_id_number, send_phone_code, verify_phone_code, identity_status, consent_text,
        answer_consent, lawyer_licence, id_card, face_challenge, face_verification, assisted_session, face_reviews, face_review_decision,
        schedule_hearing, hearing_consent, hearing_exclusion, courtroom_rules, join_token, hearing_record, hearing_probe,
        crate::consent::case_ledger, crate::consent::answer_on_case,
        crate::signatures::document_signatures, crate::signatures::sign_document),
    components(schemas(
        ApiError, ApiErrorCode, SessionRequest, SessionResponse, Account, Health, CaseList, CaseSummary,
        CaseDetail, CaseParticipant, CaseEvent, CaseDocument, Deadline, ChangesPage, ActionRequest,
        ActionBody, ActionResult, ActionStatus, FeeQuoteRequest, FeeQuoteResponse, FeeLine, FeeType, Procedure,
        FilingState, FilingStatus, CorrectionItem, CorrectionNotice, FeeNotice, FeeStatus, ReviewQueue, ReviewQueueItem,
        CorrectionRequest, RejectRequest, Registration, UploadReceipt,
        IdNumberCheckRequest, IdNumberCheck, PhoneCodeRequest, PhoneCodeSent, PhoneVerifyRequest, PhoneVerified, IdentityStatus,
        ConsentKind, ConsentText, ConsentAnswer, ConsentRecord, LawyerLicence,
        VerifiedIdentity, ChallengeStep, FacePurpose, FaceChallengeRequest, FaceChallenge, CardAccepted,
        FaceVerificationRequest, FaceOutcome, FaceVerification, AssistedSessionRequest, AssistedSession,
        FaceReviewItem, FaceReviewQueue, FaceReviewDecision, FaceReviewDecisionRequest, FaceReviewResult,
        HearingState, ExclusionGround, AttendanceMode, HearingAttendee, HearingSummary, HearingConsentRequest,
        HearingExclusionRequest, ScheduleHearingRequest, JoinTokenRequest, JoinToken, CourtroomRules, HearingLogEntry, HearingRecord,
        DisconnectCause, ReconnectReport, ProceduralRequestKind, DeviceState, ClientSignal, ServerSignal, Presence,
        RoomParticipant, RoomRequest, RoomState, ShownDocument, AlertKind,
        ecourt_domain::filing::FilingApplication, ecourt_domain::filing::FilingParty, ecourt_domain::filing::FilingAgent,
        ecourt_domain::filing::Claim, ecourt_domain::filing::EvidenceItem, ecourt_domain::filing::FileRef,
        ecourt_domain::filing::PartyKind, ecourt_domain::filing::AgentKind
    )),
    modifiers(&BearerAuth)
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        if let Some(components) = openapi.components.as_mut() {
            components.add_security_scheme(
                "bearer",
                SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
            );
        }
        // Every operation behind the bearer token can answer 401 (the `Caller` extractor runs
        // first); declared here once rather than in each operation.
        let unauthorized = utoipa::openapi::ResponseBuilder::new()
            .description("no token, an unknown one, or an expired session")
            .content(
                "application/json",
                utoipa::openapi::ContentBuilder::new()
                    .schema(Some(utoipa::openapi::Ref::from_schema_name("ApiError")))
                    .build(),
            )
            .build();
        for item in openapi.paths.paths.values_mut() {
            for op in [
                &mut item.get,
                &mut item.post,
                &mut item.put,
                &mut item.delete,
                &mut item.patch,
            ]
            .into_iter()
            .flatten()
            {
                if op.security.as_ref().is_some_and(|s| !s.is_empty()) {
                    op.responses
                        .responses
                        .entry("401".into())
                        .or_insert_with(|| unauthorized.clone().into());
                }
            }
        }
    }
}

pub fn router(state: AppState) -> Router {
    let (faces, uploads) = (InFlight::faces(), InFlight::uploads());
    // The development gateways' routes exist only where those gateways do.
    let dev_routes = crate::dev_gateways::routes(&state);
    let api = Router::new()
        .route("/api/openapi.json", get(openapi))
        .route("/api/v1/health", get(health))
        .route(
            "/api/v1/session",
            post(create_session).delete(delete_session),
        )
        .route("/api/v1/cases", get(list_cases))
        .route("/api/v1/cases/{id}", get(get_case))
        .route(
            "/api/v1/cases/{id}/documents/{document_id}/content",
            get(document_content),
        )
        .route("/api/v1/sync/changes", get(changes))
        .route("/api/v1/actions", post(push_action))
        .route("/api/v1/fees/quote", post(fee_quote))
        .route("/api/v1/filings/review-queue", get(review_queue))
        .route(
            "/api/v1/filings/{id}/correction-notice",
            post(correction_notice),
        )
        .route("/api/v1/filings/{id}/register", post(register_filing))
        .route("/api/v1/filings/{id}/reject", post(reject_filing))
        .route(
            "/api/v1/uploads/{sha256}",
            uploads.wrap(
                &state,
                put(upload).layer(DefaultBodyLimit::max(MAX_FILE_BYTES as usize + 1024)),
            ),
        )
        .route("/api/v1/identity/id-numbers/check", post(check_id_number))
        .route("/api/v1/identity/phone/code", post(send_phone_code))
        .route("/api/v1/identity/phone/verify", post(verify_phone_code))
        .route("/api/v1/identity/me", get(identity_status))
        .route("/api/v1/identity/consents/biometric", get(consent_text))
        .route("/api/v1/identity/consents", post(answer_consent))
        .route("/api/v1/identity/lawyer-licence", put(lawyer_licence))
        .route(
            "/api/v1/identity/card",
            faces.wrap(
                &state,
                put(id_card).layer(DefaultBodyLimit::max(ecourt_face::MAX_IMAGE_BYTES + 1024)),
            ),
        )
        .route("/api/v1/identity/face/challenges", post(face_challenge))
        .route("/api/v1/identity/assisted-sessions", post(assisted_session))
        .route("/api/v1/identity/face/reviews", get(face_reviews))
        .route(
            "/api/v1/identity/face/reviews/{id}/decision",
            post(face_review_decision),
        )
        .route(
            "/api/v1/identity/face/verifications",
            faces.wrap(
                &state,
                post(face_verification).layer(DefaultBodyLimit::max(limits::FRAMES_BODY_MAX_BYTES)),
            ),
        )
        .route("/api/v1/cases/{id}/hearings", post(schedule_hearing))
        .route("/api/v1/hearings/rules", get(courtroom_rules))
        .route("/api/v1/hearings/probe", get(hearing_probe))
        .route("/api/v1/hearings/{id}/consent", post(hearing_consent))
        .route("/api/v1/hearings/{id}/exclusions", post(hearing_exclusion))
        .route("/api/v1/hearings/{id}/join-tokens", post(join_token))
        .route("/api/v1/hearings/{id}/record", get(hearing_record))
        .route(
            "/api/v1/hearings/{id}/signal",
            get(crate::hearing_room::signal),
        )
        .merge(dev_routes)
        .merge(crate::consent::router())
        .merge(crate::signatures::router())
        .fallback(|| async { Failure::new(ApiErrorCode::NotFound, "no such route") })
        .method_not_allowed_fallback(|| async {
            Failure::new(
                ApiErrorCode::MethodNotAllowed,
                "this route does not take this method",
            )
        })
        .layer(DefaultBodyLimit::max(limits::JSON_BODY_MAX_BYTES))
        .with_state(state);
    crate::edge::wrap(api)
}

async fn openapi(State(state): State<AppState>) -> impl IntoResponse {
    Json(crate::dev_gateways::document(&state, ApiDoc::openapi()))
}

#[utoipa::path(get, path = "/api/v1/health", responses((status = 200, body = Health)))]
async fn health(State(state): State<AppState>) -> ApiResult<Json<Health>> {
    sqlx::query("SELECT 1").execute(&state.db.pool).await?;
    Ok(Json(Health {
        status: "ok".into(),
        version: env!("CARGO_PKG_VERSION").into(),
        database: state.db.backend.name().into(),
    }))
}

#[utoipa::path(post, path = "/api/v1/session", request_body = SessionRequest,
    responses((status = 200, body = SessionResponse), (status = 401, body = ApiError), (status = 429, body = ApiError)))]
async fn create_session(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<SessionRequest>,
) -> ApiResult<Json<SessionResponse>> {
    if req.username.is_empty() || req.username.len() > 64 || req.password.len() > 256 {
        return Err(Failure::new(
            ApiErrorCode::InvalidCredentials,
            "wrong user name or password",
        ));
    }
    Ok(Json(
        auth::sign_in(&state, &req.username, &req.password).await?,
    ))
}

#[utoipa::path(delete, path = "/api/v1/session", security(("bearer" = [])),
    responses((status = 204), (status = 401, body = ApiError)))]
async fn delete_session(
    State(state): State<AppState>,
    headers: HeaderMap,
    _caller: Caller,
) -> ApiResult<StatusCode> {
    if let Some(token) = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
    {
        sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
            .bind(auth::token_hash(token))
            .execute(&state.db.pool)
            .await?;
    }
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Debug, Deserialize, IntoParams)]
struct CaseListQuery {
    /// Part of a case number, cause or participant's name.
    q: Option<String>,
    /// Only cases in this stage.
    stage: Option<CaseStage>,
}

#[utoipa::path(get, path = "/api/v1/cases", params(CaseListQuery), security(("bearer" = [])),
    responses((status = 200, body = CaseList), (status = 401, body = ApiError)))]
async fn list_cases(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<CaseListQuery>,
) -> ApiResult<Json<CaseList>> {
    let filter = CaseFilter {
        text: query.q.filter(|q| !q.trim().is_empty()),
        stage: query.stage,
    };
    Ok(Json(CaseList {
        cases: cases::list(&state.db, &caller, &filter).await?,
    }))
}

#[utoipa::path(get, path = "/api/v1/cases/{id}", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = CaseDetail), (status = 404, body = ApiError), (status = 401, body = ApiError)))]
async fn get_case(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseDetail>> {
    cases::detail(&state.db, &caller, id)
        .await?
        .map(Json)
        .ok_or_else(Failure::not_found)
}

#[utoipa::path(get, path = "/api/v1/cases/{id}/documents/{document_id}/content",
    params(("id" = i64, Path), ("document_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, description = "the document's bytes"), (status = 404, body = ApiError)))]
async fn document_content(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, document_id)): ApiPath<(i64, i64)>,
) -> ApiResult<impl IntoResponse> {
    let (mime, bytes) = cases::document_content(&state.db, &caller, id, document_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    Ok(([(header::CONTENT_TYPE, mime)], bytes))
}

#[derive(Debug, Deserialize, IntoParams)]
struct ChangesQuery {
    /// The cursor from the last page applied; 0 for everything.
    since: i64,
    /// At most this many cases (default 200, at most 1000).
    limit: Option<i64>,
    /// The client's sync protocol version.
    protocol: i64,
}

#[utoipa::path(get, path = "/api/v1/sync/changes", params(ChangesQuery), security(("bearer" = [])),
    responses((status = 200, body = ChangesPage), (status = 410, body = ApiError, description = "resync from zero")))]
async fn changes(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiQuery(query): ApiQuery<ChangesQuery>,
) -> ApiResult<Json<ChangesPage>> {
    if query.protocol != SYNC_PROTOCOL_VERSION {
        return Err(Failure::new(
            ApiErrorCode::UnsupportedProtocol,
            format!(
                "this court speaks sync protocol {SYNC_PROTOCOL_VERSION}; please update the app"
            ),
        ));
    }
    // Deadlines that passed are decided before anyone is told the state.
    filings::sweep(&state).await?;
    let limit = query.limit.unwrap_or(sync::DEFAULT_PAGE);
    Ok(Json(
        sync::changes(&state.db, &caller, query.since, limit).await?,
    ))
}

#[utoipa::path(post, path = "/api/v1/actions", request_body = ActionRequest, security(("bearer" = [])),
    params(("Idempotency-Key" = String, Header, description = "client_id:mutation_id")),
    responses((status = 200, body = ActionResult), (status = 409, body = ApiError), (status = 400, body = ApiError)))]
async fn push_action(
    State(state): State<AppState>,
    Caller(caller): Caller,
    headers: HeaderMap,
    UncheckedJson(req): UncheckedJson<ActionRequest>,
) -> ApiResult<Json<ActionResult>> {
    let key = headers
        .get(IDEMPOTENCY_KEY_HEADER)
        .and_then(|v| v.to_str().ok());
    actions::check_key(key, &req)?;
    Ok(Json(actions::apply(&state, &caller, req).await?))
}

/// The public fee calculator: no sign-in needed.
#[utoipa::path(post, path = "/api/v1/fees/quote", request_body = FeeQuoteRequest,
    responses((status = 200, body = FeeQuoteResponse), (status = 400, body = ApiError)))]
async fn fee_quote(ApiJson(req): ApiJson<FeeQuoteRequest>) -> ApiResult<Json<FeeQuoteResponse>> {
    Ok(Json(fees::quote(&req)?))
}

/// The court's review queue (立案审查): staff of the court only.
#[utoipa::path(get, path = "/api/v1/filings/review-queue", security(("bearer" = [])),
    responses((status = 200, body = ReviewQueue), (status = 403, body = ApiError)))]
async fn review_queue(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> ApiResult<Json<ReviewQueue>> {
    Ok(Json(filings::review_queue(&state, &caller).await?))
}

/// Issues the one correction notice (一次性告知); a second one is refused with 409.
#[utoipa::path(post, path = "/api/v1/filings/{id}/correction-notice", params(("id" = i64, Path)),
    request_body = CorrectionRequest, security(("bearer" = [])),
    responses((status = 200, body = CorrectionNotice), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn correction_notice(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CorrectionRequest>,
) -> ApiResult<Json<CorrectionNotice>> {
    Ok(Json(
        filings::issue_correction(&state, &caller, id, &req).await?,
    ))
}

/// Registers the case: case number and fee notice.
#[utoipa::path(post, path = "/api/v1/filings/{id}/register", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Registration), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn register_filing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Registration>> {
    Ok(Json(filings::register(&state, &caller, id).await?))
}

/// Refuses the application with reasons.
#[utoipa::path(post, path = "/api/v1/filings/{id}/reject", params(("id" = i64, Path)),
    request_body = RejectRequest, security(("bearer" = [])),
    responses((status = 204), (status = 409, body = ApiError), (status = 404, body = ApiError)))]
async fn reject_filing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<RejectRequest>,
) -> ApiResult<StatusCode> {
    filings::reject(&state, &caller, id, &req.reasons).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Uploads an evidence file by its SHA-256 (PDF, JPEG or PNG; at most 20 MB). Idempotent.
#[utoipa::path(put, path = "/api/v1/uploads/{sha256}", params(("sha256" = String, Path)), security(("bearer" = [])),
    request_body(content = Vec<u8>, content_type = "application/pdf"),
    responses((status = 200, body = UploadReceipt), (status = 400, body = ApiError), (status = 413, body = ApiError)))]
async fn upload(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(sha256): ApiPath<String>,
    headers: HeaderMap,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<UploadReceipt>> {
    let body = raw_body(body, "a file may hold at most 20 MB")?;
    let mime = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    Ok(Json(
        uploads::put(&state, &caller, &sha256, mime, &body).await?,
    ))
}

/// A raw request body, or the API's own error when it is too large or cut short.
fn raw_body(
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
    too_large: &str,
) -> ApiResult<axum::body::Bytes> {
    body.map_err(|e| {
        if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
            Failure::new(ApiErrorCode::PayloadTooLarge, too_large)
        } else {
            Failure::invalid(e.body_text())
        }
    })
}

/// Checks an identity number as typed (no sign-in needed): instant feedback, decided again later.
#[utoipa::path(post, path = "/api/v1/identity/id-numbers/check", request_body = IdNumberCheckRequest,
    responses((status = 200, body = IdNumberCheck)))]
async fn check_id_number(
    State(state): State<AppState>,
    ApiJson(req): ApiJson<IdNumberCheckRequest>,
) -> ApiResult<Json<IdNumberCheck>> {
    if req.id_number.len() > 64 {
        return Err(Failure::invalid("an identity number has 18 characters"));
    }
    Ok(Json(identity::check_id_number(
        &req.id_number,
        state.clock.now(),
    )))
}

/// Texts a one-time code to the caller's mobile number.
#[utoipa::path(post, path = "/api/v1/identity/phone/code", request_body = PhoneCodeRequest, security(("bearer" = [])),
    responses((status = 200, body = PhoneCodeSent), (status = 429, body = ApiError), (status = 400, body = ApiError)))]
async fn send_phone_code(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller,
        assisted_by,
    }: IdentityCaller,
    ApiJson(req): ApiJson<PhoneCodeRequest>,
) -> ApiResult<Json<PhoneCodeSent>> {
    Ok(Json(
        identity::send_code(&state, &caller, assisted_by, &req.phone).await?,
    ))
}

/// Checks the code; on success the number is the account's verified real-name number.
#[utoipa::path(post, path = "/api/v1/identity/phone/verify", request_body = PhoneVerifyRequest, security(("bearer" = [])),
    responses((status = 200, body = PhoneVerified), (status = 400, body = ApiError)))]
async fn verify_phone_code(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller,
        assisted_by,
    }: IdentityCaller,
    ApiJson(req): ApiJson<PhoneVerifyRequest>,
) -> ApiResult<Json<PhoneVerified>> {
    Ok(Json(
        identity::verify_code(&state, &caller, assisted_by, &req.phone, &req.code).await?,
    ))
}

/// What the caller's account has proven so far.
#[utoipa::path(get, path = "/api/v1/identity/me", security(("bearer" = [])),
    responses((status = 200, body = IdentityStatus), (status = 401, body = ApiError)))]
async fn identity_status(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller, ..
    }: IdentityCaller,
) -> ApiResult<Json<IdentityStatus>> {
    Ok(Json(identity::status(&state, &caller).await?))
}

/// The court's current text of the biometric consent (public: read it before signing in).
#[utoipa::path(get, path = "/api/v1/identity/consents/biometric", responses((status = 200, body = ConsentText)))]
async fn consent_text() -> Json<ConsentText> {
    Json(identity::consent_text(ConsentKind::Biometric))
}

/// Records the caller's answer to a consent (given, refused or withdrawn), naming its text.
#[utoipa::path(post, path = "/api/v1/identity/consents", request_body = ConsentAnswer, security(("bearer" = [])),
    responses((status = 200, body = ConsentRecord), (status = 409, body = ApiError, description = "the text changed")))]
async fn answer_consent(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller,
        assisted_by,
    }: IdentityCaller,
    ApiJson(answer): ApiJson<ConsentAnswer>,
) -> ApiResult<Json<ConsentRecord>> {
    Ok(Json(
        identity::answer_consent(&state, &caller, assisted_by, &answer).await?,
    ))
}

/// A lawyer's practising certificate number and firm.
#[utoipa::path(put, path = "/api/v1/identity/lawyer-licence", request_body = LawyerLicence, security(("bearer" = [])),
    responses((status = 200, body = IdentityStatus), (status = 403, body = ApiError), (status = 400, body = ApiError)))]
async fn lawyer_licence(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(licence): ApiJson<LawyerLicence>,
) -> ApiResult<Json<IdentityStatus>> {
    Ok(Json(
        identity::set_lawyer_licence(&state, &caller, &licence).await?,
    ))
}

/// The face side of the caller's ID card (JPEG or PNG, at most 20 MB): the court keeps the
/// portrait's face template, encrypted, and not the photo.
#[utoipa::path(put, path = "/api/v1/identity/card", request_body(content = Vec<u8>, content_type = "image/jpeg"),
    security(("bearer" = [])),
    responses((status = 200, body = CardAccepted), (status = 422, body = ApiError, description = "no face, several, turned, dark, blurred, not a photo"),
        (status = 413, body = ApiError), (status = 403, body = ApiError, description = "phone or consent missing")))]
async fn id_card(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller,
        assisted_by,
    }: IdentityCaller,
    body: Result<axum::body::Bytes, axum::extract::rejection::BytesRejection>,
) -> ApiResult<Json<CardAccepted>> {
    let body = raw_body(body, "the photo may hold at most 20 MB")?;
    Ok(Json(
        crate::faces::receive_card(&state, &caller, assisted_by, body.to_vec()).await?,
    ))
}

/// A liveness challenge: steps in random order, a nonce, a short expiry; used once.
#[utoipa::path(post, path = "/api/v1/identity/face/challenges", request_body = FaceChallengeRequest,
    security(("bearer" = [])),
    responses((status = 200, body = FaceChallenge), (status = 403, body = ApiError), (status = 429, body = ApiError)))]
async fn face_challenge(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller, ..
    }: IdentityCaller,
    ApiJson(req): ApiJson<FaceChallengeRequest>,
) -> ApiResult<Json<FaceChallenge>> {
    Ok(Json(
        crate::faces::issue_challenge(&state, &caller, req.purpose).await?,
    ))
}

/// The frames captured for a challenge; the court decides and records the decision.
#[utoipa::path(post, path = "/api/v1/identity/face/verifications", request_body = FaceVerificationRequest,
    security(("bearer" = [])),
    responses((status = 200, body = FaceVerification), (status = 409, body = ApiError, description = "challenge already used"),
        (status = 400, body = ApiError, description = "expired, wrong nonce, bad frames")))]
async fn face_verification(
    State(state): State<AppState>,
    IdentityCaller {
        account: caller,
        assisted_by,
    }: IdentityCaller,
    ApiJson(req): ApiJson<FaceVerificationRequest>,
) -> ApiResult<Json<FaceVerification>> {
    Ok(Json(
        crate::faces::verify(&state, &caller, assisted_by, req).await?,
    ))
}

/// Doubtful face verifications waiting for the caller's court (staff only), with the card
/// picture and the frames side by side.
#[utoipa::path(get, path = "/api/v1/identity/face/reviews", security(("bearer" = [])),
    responses((status = 200, body = FaceReviewQueue), (status = 401, body = ApiError), (status = 403, body = ApiError)))]
async fn face_reviews(
    State(state): State<AppState>,
    Caller(caller): Caller,
) -> ApiResult<Json<FaceReviewQueue>> {
    Ok(Json(crate::face_review::list(&state, &caller).await?))
}

/// A court officer's decision on a doubtful verification: match (the identity is verified),
/// no match, or verify in person; the pictures are deleted.
#[utoipa::path(post, path = "/api/v1/identity/face/reviews/{id}/decision", params(("id" = i64, Path)),
    request_body = FaceReviewDecisionRequest, security(("bearer" = [])),
    responses((status = 200, body = FaceReviewResult), (status = 401, body = ApiError), (status = 403, body = ApiError),
        (status = 404, body = ApiError, description = "not waiting at this court"), (status = 409, body = ApiError)))]
async fn face_review_decision(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<FaceReviewDecisionRequest>,
) -> ApiResult<Json<FaceReviewResult>> {
    Ok(Json(
        crate::face_review::decide(&state, &caller, id, req).await?,
    ))
}

/// A grassroots legal worker starts a party's verification on the office machine: a short
/// session acting for the party on the identity routes only, naming the worker.
#[utoipa::path(post, path = "/api/v1/identity/assisted-sessions", request_body = AssistedSessionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = AssistedSession), (status = 404, body = ApiError),
        (status = 403, body = ApiError, description = "not a legal worker, or the party's code is needed (it was just sent)"),
        (status = 400, body = ApiError, description = "wrong or expired code")))]
async fn assisted_session(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(req): ApiJson<AssistedSessionRequest>,
) -> ApiResult<Json<AssistedSession>> {
    Ok(Json(crate::assisted::start(&state, &caller, &req).await?))
}

// ---- hearings ------------------------------------------------------------------------------

/// The court schedules an online hearing of a case; everyone in the case with an account is
/// summoned.
#[utoipa::path(post, path = "/api/v1/cases/{id}/hearings", params(("id" = i64, Path)), request_body = ScheduleHearingRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn schedule_hearing(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(case_id): ApiPath<i64>,
    ApiJson(req): ApiJson<ScheduleHearingRequest>,
) -> ApiResult<Json<HearingSummary>> {
    let at = chrono::DateTime::parse_from_rfc3339(&req.scheduled_at)
        .map_err(|_| Failure::invalid("scheduled_at must be a date and time (RFC 3339)"))?
        .with_timezone(&chrono::Utc);
    let id = crate::hearings::schedule(&state, &caller, case_id, at, &req.courtroom).await?;
    Ok(Json(
        crate::hearings::summaries(&state.db, &caller, &[case_id])
            .await?
            .remove(&case_id)
            .and_then(|l| l.into_iter().find(|h| h.id == id))
            .ok_or_else(Failure::not_found)?,
    ))
}

/// A party's or agent's answer on the online hearing: online, or offline with a ground.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/consent", params(("id" = i64, Path)), request_body = HearingConsentRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn hearing_consent(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<HearingConsentRequest>,
) -> ApiResult<Json<HearingSummary>> {
    Ok(Json(
        crate::hearings::answer(&state, &caller, id, &req).await?,
    ))
}

/// The court sets an exclusion ground: the participant attends in the courtroom.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/exclusions", params(("id" = i64, Path)), request_body = HearingExclusionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = HearingSummary), (status = 404, body = ApiError)))]
async fn hearing_exclusion(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<HearingExclusionRequest>,
) -> ApiResult<Json<HearingSummary>> {
    Ok(Json(
        crate::hearings::exclude(&state, &caller, id, &req).await?,
    ))
}

/// The courtroom rules and the no-recording declaration, to accept before joining.
#[utoipa::path(get, path = "/api/v1/hearings/rules", responses((status = 200, body = CourtroomRules)))]
async fn courtroom_rules() -> Json<CourtroomRules> {
    Json(crate::hearings::courtroom_rules())
}

#[derive(Deserialize, IntoParams)]
struct ProbeQuery {
    /// How many bytes to send back (at most 4 MiB).
    bytes: usize,
}

/// A block of bytes for the device check to time: round trip and bandwidth to the court.
#[utoipa::path(get, path = "/api/v1/hearings/probe", params(ProbeQuery), security(("bearer" = [])),
    responses((status = 200, description = "the bytes asked for")))]
async fn hearing_probe(
    Caller(_caller): Caller,
    ApiQuery(q): ApiQuery<ProbeQuery>,
) -> ApiResult<impl IntoResponse> {
    if q.bytes > 4 * 1024 * 1024 {
        return Err(Failure::invalid("at most 4 MiB"));
    }
    // Not compressible, like video.
    let block: Vec<u8> = (0..q.bytes)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    Ok(([(header::CONTENT_TYPE, "application/octet-stream")], block))
}

/// A short-lived, court-signed pass to the hearing's signalling socket: only for someone
/// summoned who attends online, has accepted the rules and (parties, agents) re-checked their
/// face.
#[utoipa::path(post, path = "/api/v1/hearings/{id}/join-tokens", params(("id" = i64, Path)), request_body = JoinTokenRequest,
    security(("bearer" = [])),
    responses((status = 200, body = JoinToken), (status = 403, body = ApiError), (status = 404, body = ApiError),
        (status = 422, body = ApiError)))]
async fn join_token(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<JoinTokenRequest>,
) -> ApiResult<Json<JoinToken>> {
    Ok(Json(
        crate::hearings::join_token(&state, &caller, id, &req).await?,
    ))
}

/// The hearing record: every connection, disconnection with its cause, reconnect, leave and
/// act of the court.
#[utoipa::path(get, path = "/api/v1/hearings/{id}/record", params(("id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = HearingRecord), (status = 404, body = ApiError)))]
async fn hearing_record(
    State(state): State<AppState>,
    caller: Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<HearingRecord>> {
    Ok(Json(crate::hearings::record(&state, &caller, id).await?))
}
