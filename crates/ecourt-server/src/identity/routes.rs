//! The routes of identity: ID numbers, phone codes, consents, the lawyer's licence, the card,
//! faces and their review, assisted sessions; and their OpenAPI paths.

use crate::identity;
use crate::kernel::body_limits::InFlight;
use crate::kernel::caller::{Caller, IdentityCaller};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{raw_body, ApiJson, ApiPath};
use crate::kernel::state::AppState;
use axum::extract::{DefaultBodyLimit, State};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use ecourt_api::*;
use utoipa::OpenApi;

#[derive(OpenApi)]
#[openapi(
    paths(
        check_id_number,
        send_phone_code,
        verify_phone_code,
        identity_status,
        consent_text,
        answer_consent,
        lawyer_licence,
        id_card,
        face_challenge,
        face_verification,
        assisted_session,
        assisted_party_lookup,
        face_reviews,
        face_review_decision
    ),
    components(schemas(
        IdNumberCheckRequest,
        IdNumberCheck,
        PhoneCodeRequest,
        PhoneCodeSent,
        PhoneVerifyRequest,
        PhoneVerified,
        IdentityStatus,
        ConsentKind,
        ConsentText,
        ConsentAnswer,
        ConsentRecord,
        LawyerLicence,
        VerifiedIdentity,
        ChallengeStep,
        FacePurpose,
        FaceChallengeRequest,
        FaceChallenge,
        CardAccepted,
        FaceVerificationRequest,
        FaceOutcome,
        FaceVerification,
        AssistedSessionRequest,
        AssistedSession,
        PartyLookupRequest,
        PartyFound,
        FaceReviewItem,
        FaceReviewQueue,
        FaceReviewDecision,
        FaceReviewDecisionRequest,
        FaceReviewResult
    ))
)]
pub struct Doc;

pub fn routes(state: &AppState) -> Router<AppState> {
    let faces = InFlight::faces();
    Router::new()
        .route(routes::identity::ID_NUMBER_CHECK, post(check_id_number))
        .route(routes::identity::PHONE_CODE, post(send_phone_code))
        .route(routes::identity::PHONE_VERIFY, post(verify_phone_code))
        .route(routes::identity::ME, get(identity_status))
        .route(routes::identity::BIOMETRIC_CONSENT, get(consent_text))
        .route(routes::identity::CONSENTS, post(answer_consent))
        .route(routes::identity::LAWYER_LICENCE, put(lawyer_licence))
        .route(
            routes::identity::ID_CARD,
            faces.wrap(
                state,
                put(id_card).layer(DefaultBodyLimit::max(ecourt_face::MAX_IMAGE_BYTES + 1024)),
            ),
        )
        .route(routes::identity::FACE_CHALLENGES, post(face_challenge))
        .route(routes::identity::ASSISTED_SESSIONS, post(assisted_session))
        .route(
            routes::identity::ASSISTED_PARTY_LOOKUP,
            post(assisted_party_lookup),
        )
        .route(routes::identity::FACE_REVIEWS, get(face_reviews))
        .route(
            routes::identity::FACE_REVIEW_DECISION,
            post(face_review_decision),
        )
        .route(
            routes::identity::FACE_VERIFICATIONS,
            faces.wrap(
                state,
                post(face_verification).layer(DefaultBodyLimit::max(limits::FRAMES_BODY_MAX_BYTES)),
            ),
        )
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
        identity::faces::receive_card(&state, &caller, assisted_by, body.to_vec()).await?,
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
        identity::faces::issue_challenge(&state, &caller, req.purpose).await?,
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
        identity::faces::verify(&state, &caller, assisted_by, req).await?,
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
    Ok(Json(identity::face_review::list(&state, &caller).await?))
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
        identity::face_review::decide(&state, &caller, id, req).await?,
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
    Ok(Json(
        identity::assisted::start(&state, &caller, &req).await?,
    ))
}

/// A grassroots legal worker finds the party in front of them by name and ID number, or name
/// and verified phone: exact match only, the worker's court only, audited.
#[utoipa::path(post, path = "/api/v1/identity/assisted-parties/lookup", request_body = PartyLookupRequest,
    security(("bearer" = [])),
    responses((status = 200, body = PartyFound),
        (status = 404, body = ApiError, description = "party_not_found: no exact match"),
        (status = 403, body = ApiError, description = "legal_workers_only, or party_of_another_court"),
        (status = 400, body = ApiError, description = "no name, or neither a valid ID number nor a phone")))]
async fn assisted_party_lookup(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiJson(req): ApiJson<PartyLookupRequest>,
) -> ApiResult<Json<PartyFound>> {
    Ok(Json(
        identity::party_lookup::lookup(&state, &caller, &req).await?,
    ))
}
