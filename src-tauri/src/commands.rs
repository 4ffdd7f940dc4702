//! One command per UI call, each forwarding to `ecourt_app::App`.

use ecourt_api::{CorrectionItem, CorrectionNotice, FeeNotice, Registration, ReviewQueue};
use ecourt_app::{
    App, AppError, AppErrorCode, AppInfo, CaseListQuery, CaseView, DocumentView, FilingCheck,
    FilingDraft, SessionView, Settings,
};
use ecourt_domain::filing::{FileRef, FilingApplication};
use std::sync::Arc;
use tauri::ipc::InvokeBody;
use tauri::State;

type Core<'a> = State<'a, Arc<App>>;
type Answer<T> = Result<T, AppError>;

#[tauri::command]
pub fn app_info(app: Core<'_>) -> AppInfo {
    app.info()
}

#[tauri::command]
pub async fn current_session(app: Core<'_>) -> Answer<Option<SessionView>> {
    Ok(app.session().await)
}

#[tauri::command]
pub async fn sign_in(app: Core<'_>, username: String, password: String) -> Answer<SessionView> {
    app.sign_in(&username, &password).await
}

#[tauri::command]
pub async fn sign_out(app: Core<'_>) -> Answer<()> {
    app.sign_out().await
}

#[tauri::command]
pub async fn list_cases(
    app: Core<'_>,
    query: CaseListQuery,
) -> Answer<Vec<ecourt_app::CaseListItem>> {
    app.cases(query).await
}

#[tauri::command]
pub async fn get_case(app: Core<'_>, case_id: i64) -> Answer<CaseView> {
    app.case(case_id).await
}

#[tauri::command]
pub async fn get_document(app: Core<'_>, case_id: i64, document_id: i64) -> Answer<DocumentView> {
    app.document(case_id, document_id).await
}

#[tauri::command]
pub async fn send_message(
    app: Core<'_>,
    case_id: i64,
    text: String,
) -> Answer<ecourt_app::OutboxEntry> {
    app.send_message(case_id, &text).await
}

#[tauri::command]
pub async fn dismiss_rejected(app: Core<'_>, mutation_id: i64) -> Answer<()> {
    app.dismiss_rejected(mutation_id).await
}

#[tauri::command]
pub async fn sync_now(app: Core<'_>) -> Answer<()> {
    app.sync_now().await;
    Ok(())
}

#[tauri::command]
pub fn sync_status(app: Core<'_>) -> ecourt_app::SyncStatus {
    app.sync_status()
}

#[tauri::command]
pub async fn get_settings(app: Core<'_>) -> Answer<Settings> {
    Ok(app.settings().await)
}

#[tauri::command]
pub async fn set_settings(app: Core<'_>, locale: String, large_text: bool) -> Answer<Settings> {
    app.set_settings(locale, large_text).await
}

// ---- filing ---------------------------------------------------------------------------------

#[tauri::command]
pub async fn list_drafts(app: Core<'_>) -> Answer<Vec<FilingDraft>> {
    app.drafts().await
}

#[tauri::command]
pub async fn get_draft(app: Core<'_>, id: String) -> Answer<FilingDraft> {
    app.draft(&id).await
}

#[tauri::command]
pub async fn new_draft(app: Core<'_>) -> Answer<FilingDraft> {
    app.new_draft().await
}

#[tauri::command]
pub async fn correction_draft(app: Core<'_>, case_id: i64) -> Answer<FilingDraft> {
    app.correction_draft(case_id).await
}

#[tauri::command]
pub async fn save_draft(app: Core<'_>, draft: FilingDraft) -> Answer<FilingDraft> {
    app.save_draft(draft).await
}

#[tauri::command]
pub async fn delete_draft(app: Core<'_>, id: String) -> Answer<()> {
    app.delete_draft(&id).await
}

/// The file's bytes come as the raw request body, its name in the `x-file-name` header
/// (percent-encoded), so that megabytes do not travel as JSON arrays.
#[tauri::command]
pub async fn attach_file(app: Core<'_>, request: tauri::ipc::Request<'_>) -> Answer<FileRef> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(
            AppErrorCode::InvalidInput,
            "the file must be sent as bytes",
        ));
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .map(percent_decode)
        .unwrap_or_else(|| "file".into());
    app.attach_file(&name, bytes).await
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[tauri::command]
pub fn check_application(app: Core<'_>, application: FilingApplication) -> FilingCheck {
    app.check_application(&application)
}

#[tauri::command]
pub async fn submit_draft(app: Core<'_>, id: String) -> Answer<i64> {
    app.submit_draft(&id).await
}

#[tauri::command]
pub async fn review_queue(app: Core<'_>) -> Answer<ReviewQueue> {
    app.review_queue().await
}

#[tauri::command]
pub async fn face_reviews(app: Core<'_>) -> Answer<ecourt_api::FaceReviewQueue> {
    app.face_reviews().await
}

#[tauri::command]
pub async fn decide_face_review(
    app: Core<'_>,
    id: i64,
    decision: ecourt_api::FaceReviewDecision,
    reason: String,
) -> Answer<ecourt_api::FaceReviewResult> {
    app.decide_face_review(id, decision, reason).await
}

#[tauri::command]
pub async fn issue_correction(
    app: Core<'_>,
    case_id: i64,
    items: Vec<CorrectionItem>,
    deadline_days: u32,
) -> Answer<CorrectionNotice> {
    app.issue_correction(case_id, items, deadline_days).await
}

#[tauri::command]
pub async fn register_filing(app: Core<'_>, case_id: i64) -> Answer<Registration> {
    app.register_filing(case_id).await
}

#[tauri::command]
pub async fn reject_filing(app: Core<'_>, case_id: i64, reasons: String) -> Answer<()> {
    app.reject_filing(case_id, &reasons).await
}

#[tauri::command]
pub async fn pay_in_demo(app: Core<'_>, payment_number: String) -> Answer<FeeNotice> {
    app.pay_in_demo(&payment_number).await
}

#[tauri::command]
pub fn payment_qr(text: String) -> Answer<String> {
    ecourt_app::qr_svg(&text)
}

#[tauri::command]
pub async fn notices(app: Core<'_>) -> Answer<Vec<ecourt_app::NoticeView>> {
    app.notices().await
}

#[tauri::command]
pub async fn export_document(app: Core<'_>, case_id: i64, document_id: i64) -> Answer<String> {
    app.export_document(case_id, document_id).await
}

// ---- identity -------------------------------------------------------------------------------

#[tauri::command]
pub fn check_id_number(app: Core<'_>, id_number: String) -> ecourt_api::IdNumberCheck {
    app.check_id_number(&id_number)
}

#[tauri::command]
pub async fn identity_status(app: Core<'_>) -> Answer<ecourt_api::IdentityStatus> {
    app.identity_status().await
}

#[tauri::command]
pub async fn send_phone_code(app: Core<'_>, phone: String) -> Answer<ecourt_api::PhoneCodeSent> {
    app.send_phone_code(&phone).await
}

#[tauri::command]
pub async fn verify_phone_code(
    app: Core<'_>,
    phone: String,
    code: String,
) -> Answer<ecourt_api::PhoneVerified> {
    app.verify_phone_code(&phone, &code).await
}

#[tauri::command]
pub async fn demo_messages(app: Core<'_>, phone: String) -> Answer<Vec<ecourt_api::DevSms>> {
    app.demo_messages(&phone).await
}

#[tauri::command]
pub async fn biometric_consent_text(app: Core<'_>) -> Answer<ecourt_api::ConsentText> {
    app.biometric_consent_text().await
}

#[tauri::command]
pub async fn answer_biometric_consent(
    app: Core<'_>,
    version: String,
    accepted: bool,
) -> Answer<ecourt_api::ConsentRecord> {
    app.answer_biometric_consent(&version, accepted).await
}

#[tauri::command]
pub async fn set_lawyer_licence(
    app: Core<'_>,
    licence_number: String,
    law_firm: String,
) -> Answer<ecourt_api::IdentityStatus> {
    app.set_lawyer_licence(&licence_number, &law_firm).await
}

// ---- face verification -----------------------------------------------------------------------

#[tauri::command]
pub fn cameras(app: Core<'_>) -> Vec<ecourt_app::CameraView> {
    app.cameras()
}

/// Opens a camera: preview frames (JPEG bytes) arrive on `preview`, the guide's readings on
/// `guide`.
#[tauri::command]
pub async fn open_camera(
    app: Core<'_>,
    id: String,
    preview: tauri::ipc::Channel<tauri::ipc::InvokeResponseBody>,
    guide: tauri::ipc::Channel<ecourt_app::CameraGuide>,
) -> Answer<()> {
    app.open_camera(
        &id,
        Arc::new(move |jpeg| {
            let _ = preview.send(tauri::ipc::InvokeResponseBody::Raw(jpeg));
        }),
        Arc::new(move |g| {
            let _ = guide.send(g);
        }),
    )
    .await
}

#[tauri::command]
pub async fn close_camera(app: Core<'_>) -> Answer<()> {
    app.close_camera().await;
    Ok(())
}

/// The ID card's face side from a file: raw bytes as the request body.
#[tauri::command]
pub async fn send_id_card(
    app: Core<'_>,
    request: tauri::ipc::Request<'_>,
) -> Answer<ecourt_api::CardAccepted> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(AppError::new(
            AppErrorCode::InvalidInput,
            "the photo must be sent as bytes",
        ));
    };
    app.send_id_card(bytes.clone()).await
}

#[tauri::command]
pub async fn send_id_card_from_camera(app: Core<'_>) -> Answer<ecourt_api::CardAccepted> {
    app.send_id_card_from_camera().await
}

/// Runs the court's challenge with the open camera; the prompts arrive on `phase`.
#[tauri::command]
pub async fn run_face_check(
    app: Core<'_>,
    purpose: ecourt_api::FacePurpose,
    name: Option<String>,
    id_number: Option<String>,
    phase: tauri::ipc::Channel<ecourt_app::CapturePhase>,
) -> Answer<ecourt_api::FaceVerification> {
    app.run_face_check(
        purpose,
        name,
        id_number,
        Arc::new(move |p| {
            let _ = phase.send(p);
        }),
    )
    .await
}

/// A legal worker starts a party's verification on this machine.
#[tauri::command]
pub async fn start_assisted(
    app: Core<'_>,
    username: String,
    code: Option<String>,
) -> Answer<ecourt_api::Account> {
    app.start_assisted(&username, code.as_deref()).await
}

#[tauri::command]
pub async fn end_assisted(app: Core<'_>) -> Answer<()> {
    app.end_assisted().await;
    Ok(())
}

// ---- hearings ------------------------------------------------------------------------------

#[tauri::command]
pub async fn answer_hearing(
    app: Core<'_>,
    hearing_id: i64,
    online: bool,
    ground: Option<ecourt_api::ExclusionGround>,
) -> Answer<ecourt_api::HearingSummary> {
    app.answer_hearing(hearing_id, online, ground).await
}

#[tauri::command]
pub async fn courtroom_rules(app: Core<'_>) -> Answer<ecourt_api::CourtroomRules> {
    app.courtroom_rules().await
}

#[tauri::command]
pub async fn device_check(app: Core<'_>) -> Answer<ecourt_app::DeviceCheck> {
    app.device_check().await
}

#[tauri::command]
pub async fn microphone_level(app: Core<'_>, id: String) -> Answer<f32> {
    app.microphone_level(&id).await
}

/// Joins a hearing. Pictures arrive on `video` as raw bytes: 8 bytes of the account id
/// (little-endian; 0 is one's own camera), then the JPEG. Room states, alerts and sound levels
/// arrive on `updates`.
#[tauri::command]
pub async fn join_hearing(
    app: Core<'_>,
    hearing_id: i64,
    camera: String,
    microphone: Option<String>,
    video: tauri::ipc::Channel<tauri::ipc::InvokeResponseBody>,
    updates: tauri::ipc::Channel<ecourt_app::HearingUpdate>,
) -> Answer<()> {
    app.join_hearing(
        hearing_id,
        camera,
        microphone,
        Arc::new(move |account_id, jpeg| {
            let mut body = Vec::with_capacity(8 + jpeg.len());
            body.extend_from_slice(&account_id.to_le_bytes());
            body.extend_from_slice(&jpeg);
            let _ = video.send(tauri::ipc::InvokeResponseBody::Raw(body));
        }),
        Arc::new(move |u| {
            let _ = updates.send(u);
        }),
    )
    .await
}

#[tauri::command]
pub async fn hearing_signal(app: Core<'_>, signal: ecourt_api::ClientSignal) -> Answer<()> {
    app.hearing_signal(signal).await
}

#[tauri::command]
pub async fn set_hearing_muted(app: Core<'_>, muted: bool) -> Answer<()> {
    app.set_hearing_muted(muted).await;
    Ok(())
}

#[tauri::command]
pub async fn leave_hearing(app: Core<'_>, cause: ecourt_api::DisconnectCause) -> Answer<()> {
    app.leave_hearing(cause).await;
    Ok(())
}

#[tauri::command]
pub async fn hearing_record(app: Core<'_>, hearing_id: i64) -> Answer<ecourt_api::HearingRecord> {
    app.hearing_record(hearing_id).await
}
