//! One command per UI call, each forwarding to `ecourt_app::App`.

use ecourt_app::{
    App, AppError, AppInfo, CaseListQuery, CaseView, DocumentView, SessionView, Settings,
};
use std::sync::Arc;
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
) -> Answer<Vec<ecourt_app::CaseSummary>> {
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
