//! The routes of evidence exchange (`ecourt_api::routes::evidence`) and their OpenAPI paths.
//! Thin: each hands its body to `acts`, `book` or `papers`. The file upload and download
//! stream (never a whole body in memory) and take a place among the large bodies in flight.

use crate::evidence::{acts, book, papers};
use crate::kernel::body_limits::InFlight;
use crate::kernel::caller::Caller;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiJson, ApiPath, ApiQuery};
use crate::kernel::state::AppState;
use axum::body::Body;
use axum::extract::{DefaultBodyLimit, State};
use axum::http::{header, HeaderMap, HeaderValue};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use ecourt_api::routes::evidence as r;
use ecourt_api::*;

#[derive(utoipa::OpenApi)]
#[openapi(
    paths(
        upload_file,
        case_evidence,
        give_item,
        new_version,
        item_views,
        record_view,
        item_file,
        give_opinion,
        admit,
        ask_original,
        declare_deposit,
        original_outcome,
        set_period,
        choose_mode,
        grant_leave,
        open_exchange,
        remind,
        close,
        take_item,
        matrix,
        file_record,
        file_opinion_sheet
    ),
    components(schemas(
        EvidenceProcedure,
        ExchangeMode,
        ExchangeState,
        OriginalOrCopy,
        EvidenceFileKind,
        EvidenceFile,
        EvidenceFileReceipt,
        NewEvidenceItem,
        EvidenceVersion,
        Admission,
        DepositDeclaration,
        DepositCheck,
        DepositView,
        OriginalGround,
        OriginalOutcome,
        OriginalRequestView,
        EvidenceItemView,
        OpinionStance,
        PropertyOpinion,
        OpinionRequest,
        EvidenceOpinionView,
        EvidencePeriodRequest,
        EvidencePeriodView,
        ModeChoiceRequest,
        ModeChoiceView,
        OpenExchangeRequest,
        ExchangeParty,
        ExchangeView,
        LeaveRequest,
        LeaveView,
        AdmissionRequest,
        OriginalRequest,
        OriginalOutcomeRequest,
        ViewRequest,
        EvidenceViewRecord,
        CurrentItemRequest,
        CaseEvidence,
        MatrixCell,
        MatrixRow,
        EvidenceMatrix,
        EvidencePaper
    ))
)]
pub struct Doc;

pub fn routes(state: &AppState) -> Router<AppState> {
    // Files stream: the body limit is the file policy's, checked while the bytes arrive.
    let uploads = InFlight::uploads();
    Router::new()
        .route(
            r::FILE_UPLOAD,
            uploads.wrap(state, put(upload_file).layer(DefaultBodyLimit::disable())),
        )
        .route(r::CASE_EVIDENCE, get(case_evidence).post(give_item))
        .route(r::ITEM_VERSIONS, post(new_version))
        .route(r::ITEM_VIEWS, get(item_views).post(record_view))
        .route(r::ITEM_FILE, get(item_file))
        .route(r::ITEM_OPINIONS, post(give_opinion))
        .route(r::ITEM_ADMISSION, post(admit))
        .route(r::ITEM_ORIGINALS, post(ask_original))
        .route(r::ITEM_DEPOSIT, post(declare_deposit))
        .route(r::ORIGINAL_OUTCOME, post(original_outcome))
        .route(r::PERIOD, post(set_period))
        .route(r::MODE, post(choose_mode))
        .route(r::LEAVE, post(grant_leave))
        .route(r::EXCHANGE, post(open_exchange))
        .route(r::EXCHANGE_REMIND, post(remind))
        .route(r::EXCHANGE_CLOSE, post(close))
        .route(r::CURRENT_ITEM, post(take_item))
        .route(r::MATRIX, get(matrix))
        .route(r::RECORD, post(file_record))
        .route(r::OPINION_SHEET, post(file_opinion_sheet))
}

/// Uploads one file of evidence (PDF, JPEG, PNG, audio or video), streamed into the court's
/// file store under its SHA-256; checked by content and size as it arrives.
#[utoipa::path(put, path = "/api/v1/evidence/files/{sha256}", params(("sha256" = String, Path)),
    request_body(content = Vec<u8>, content_type = "application/octet-stream"),
    security(("bearer" = [])),
    responses((status = 200, body = EvidenceFileReceipt), (status = 400, body = ApiError),
        (status = 413, body = ApiError), (status = 422, body = ApiError), (status = 503, body = ApiError)))]
async fn upload_file(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(sha256): ApiPath<String>,
    headers: HeaderMap,
    body: Body,
) -> ApiResult<Json<EvidenceFileReceipt>> {
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let length = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    let stream = body.into_data_stream();
    Ok(Json(
        acts::upload(&state, &caller, &sha256, content_type, length, stream).await?,
    ))
}

/// The case's evidence as the caller may see it.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 404, body = ApiError)))]
async fn case_evidence(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseEvidence>> {
    let st = book::standing(&state.db, &caller, id).await?;
    Ok(Json(
        book::case_evidence(&state.db, &caller, &st, id).await?,
    ))
}

/// Gives an item of evidence (after a face re-check); sealed at once, marked late after the
/// period.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence", params(("id" = i64, Path)),
    request_body = NewEvidenceItem, security(("bearer" = [])),
    responses((status = 200, body = EvidenceItemView), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn give_item(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<NewEvidenceItem>,
) -> ApiResult<Json<EvidenceItemView>> {
    Ok(Json(acts::give_item(&state, &caller, id, &req).await?))
}

/// A later version of one's own side's item; the earlier ones are kept as sealed.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/versions",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = NewEvidenceItem,
    security(("bearer" = [])),
    responses((status = 200, body = EvidenceItemView), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn new_version(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<NewEvidenceItem>,
) -> ApiResult<Json<EvidenceItemView>> {
    Ok(Json(
        acts::new_version(&state, &caller, id, item_id, &req).await?,
    ))
}

/// Who viewed the item (the court: everyone; the giver's side: everyone; others: their own).
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence/items/{item_id}/views",
    params(("id" = i64, Path), ("item_id" = i64, Path)), security(("bearer" = [])),
    responses((status = 200, body = Vec<EvidenceViewRecord>), (status = 404, body = ApiError)))]
async fn item_views(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
) -> ApiResult<Json<Vec<EvidenceViewRecord>>> {
    Ok(Json(acts::views(&state, &caller, id, item_id).await?))
}

/// Records a view of the item shown on the desktop's screen.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/views",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = ViewRequest,
    security(("bearer" = [])),
    responses((status = 200, body = Vec<EvidenceViewRecord>), (status = 400, body = ApiError),
        (status = 404, body = ApiError)))]
async fn record_view(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<ViewRequest>,
) -> ApiResult<Json<Vec<EvidenceViewRecord>>> {
    Ok(Json(
        acts::record_view(&state, &caller, id, item_id, &req).await?,
    ))
}

/// A file of the item, streamed from the file store; the view is recorded.
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence/items/{item_id}/files/{sha256}",
    params(("id" = i64, Path), ("item_id" = i64, Path), ("sha256" = String, Path)),
    security(("bearer" = [])),
    responses((status = 200, content_type = "application/octet-stream", body = Vec<u8>),
        (status = 404, body = ApiError)))]
async fn item_file(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id, sha256)): ApiPath<(i64, i64, String)>,
) -> ApiResult<Response> {
    let (file, len, handle) =
        acts::file_for_download(&state, &caller, id, item_id, &sha256).await?;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        handle,
        256 * 1024,
    ));
    let mut answer = body.into_response();
    let h = answer.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_str(&file.mime_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream")),
    );
    h.insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(v) = HeaderValue::from_str(&format!("sha256={}", file.sha256)) {
        h.insert("Digest", v);
    }
    Ok(answer)
}

/// A cross-examination opinion on the other side's item (or, by court staff in a synchronous
/// exchange, one given live).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/opinions",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = OpinionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn give_opinion(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<OpinionRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::give_opinion(&state, &caller, id, item_id, &req).await?,
    ))
}

/// The judge's admission decision and note on an item.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/admission",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = AdmissionRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
async fn admit(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<AdmissionRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::admit(&state, &caller, id, item_id, &req).await?))
}

/// The court asks for the original of an item (OLR Art. 13).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/originals",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = OriginalRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
async fn ask_original(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<OriginalRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::ask_original(&state, &caller, id, item_id, &req).await?,
    ))
}

/// Declares that a file of one's item was stored on a deposit platform; checked at once.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/items/{item_id}/deposit",
    params(("id" = i64, Path), ("item_id" = i64, Path)), request_body = DepositDeclaration,
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn declare_deposit(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, item_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<DepositDeclaration>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::declare_deposit(&state, &caller, id, item_id, &req).await?,
    ))
}

/// What came of an original asked for (provided, checked offline, not provided).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/originals/{request_id}/outcome",
    params(("id" = i64, Path), ("request_id" = i64, Path)), request_body = OriginalOutcomeRequest,
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
async fn original_outcome(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath((id, request_id)): ApiPath<(i64, i64)>,
    ApiJson(req): ApiJson<OriginalOutcomeRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::original_outcome(&state, &caller, id, request_id, &req).await?,
    ))
}

/// The judge sets the evidence period (refused outside 民诉法解释 Art. 99, 266, 275).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/period", params(("id" = i64, Path)),
    request_body = EvidencePeriodRequest, security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn set_period(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<EvidencePeriodRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::set_period(&state, &caller, id, &req).await?))
}

/// A party agrees to the exchange online and chooses its mode (on the consent ledger).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/mode", params(("id" = i64, Path)),
    request_body = ModeChoiceRequest, security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn choose_mode(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<ModeChoiceRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::choose_mode(&state, &caller, id, &req).await?))
}

/// The judge lets one party answer after the period.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/leave", params(("id" = i64, Path)),
    request_body = LeaveRequest, security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError)))]
async fn grant_leave(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<LeaveRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::grant_leave(&state, &caller, id, &req).await?))
}

/// The judge opens the exchange (mode, period, parties).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/exchange", params(("id" = i64, Path)),
    request_body = OpenExchangeRequest, security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 400, body = ApiError),
        (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn open_exchange(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<OpenExchangeRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::open_exchange(&state, &caller, id, &req).await?))
}

/// Reminds the parties of the open exchange.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/exchange/remind", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn remind(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::remind_or_close(&state, &caller, id, false).await?,
    ))
}

/// Closes the open exchange.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/exchange/close", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn close(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(
        acts::remind_or_close(&state, &caller, id, true).await?,
    ))
}

/// A synchronous exchange: the judge takes up one item (shown in the video room).
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/exchange/current-item",
    params(("id" = i64, Path)), request_body = CurrentItemRequest, security(("bearer" = [])),
    responses((status = 200, body = CaseEvidence), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn take_item(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiJson(req): ApiJson<CurrentItemRequest>,
) -> ApiResult<Json<CaseEvidence>> {
    Ok(Json(acts::take_item(&state, &caller, id, &req).await?))
}

/// The judge's evidence matrix (`?disputed=true`: disputed items only).
#[utoipa::path(get, path = "/api/v1/cases/{id}/evidence/matrix",
    params(("id" = i64, Path), ("disputed" = Option<bool>, Query)), security(("bearer" = [])),
    responses((status = 200, body = EvidenceMatrix), (status = 403, body = ApiError),
        (status = 404, body = ApiError)))]
async fn matrix(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<MatrixQuery>,
) -> ApiResult<Json<EvidenceMatrix>> {
    let st = book::standing(&state.db, &caller, id).await?;
    if !st.staff {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "the evidence matrix is the court's",
        ));
    }
    Ok(Json(
        book::matrix(&state.db, &caller, &st, id, q.disputed).await?,
    ))
}

/// Files the record of the exchange (证据交换笔录) as a document of the case, to be signed.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/record", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = EvidencePaper), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn file_record(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EvidencePaper>> {
    Ok(Json(papers::file_paper(&state, &caller, id, false).await?))
}

/// Files the opinion sheet (质证意见表) as a document of the case.
#[utoipa::path(post, path = "/api/v1/cases/{id}/evidence/opinion-sheet", params(("id" = i64, Path)),
    security(("bearer" = [])),
    responses((status = 200, body = EvidencePaper), (status = 403, body = ApiError),
        (status = 404, body = ApiError), (status = 409, body = ApiError)))]
async fn file_opinion_sheet(
    State(state): State<AppState>,
    Caller(caller): Caller,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<EvidencePaper>> {
    Ok(Json(papers::file_paper(&state, &caller, id, true).await?))
}
