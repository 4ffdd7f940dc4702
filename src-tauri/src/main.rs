//! The e-Court desktop shell: opens the window, starts the app core, forwards UI calls to it and
//! its sync status to the UI. Everything the app does lives in `ecourt-app`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod commands;

use ecourt_app::{App, AppConfig};
use std::sync::Arc;
use tauri::{Emitter, Manager};

fn main() {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    tauri::Builder::default()
        .setup(|app| {
            let config = AppConfig::from_env(app.path().app_data_dir()?);
            tracing::info!(data_dir = %config.data_dir.display(), court = ?config.server_url, "starting");
            let core = Arc::new(tauri::async_runtime::block_on(App::start(config))?);
            let mut status = core.watch_status();
            let handle = app.handle().clone();
            tauri::async_runtime::spawn(async move {
                while status.changed().await.is_ok() {
                    let s = status.borrow_and_update().clone();
                    let _ = handle.emit("sync-status", s);
                }
            });
            app.manage(core);
            Ok(())
        })
        // Closing the window in a hearing: the court is told the app closed (the screen has
        // already warned of the consequence).
        .on_window_event(|window, event| {
            if let tauri::WindowEvent::CloseRequested { .. } = event {
                if let Some(core) = window.try_state::<Arc<App>>() {
                    let core = core.inner().clone();
                    tauri::async_runtime::block_on(
                        core.leave_hearing(ecourt_api::DisconnectCause::AppClosed),
                    );
                }
            }
        })
        .invoke_handler(tauri::generate_handler![
            commands::app_info,
            commands::current_session,
            commands::sign_in,
            commands::sign_out,
            commands::list_cases,
            commands::get_case,
            commands::get_document,
            commands::send_message,
            commands::dismiss_rejected,
            commands::sync_now,
            commands::sync_status,
            commands::get_settings,
            commands::set_settings,
            commands::list_drafts,
            commands::get_draft,
            commands::new_draft,
            commands::correction_draft,
            commands::save_draft,
            commands::delete_draft,
            commands::attach_file,
            commands::check_application,
            commands::submit_draft,
            commands::review_queue,
            commands::face_reviews,
            commands::decide_face_review,
            commands::issue_correction,
            commands::register_filing,
            commands::reject_filing,
            commands::pay_in_demo,
            commands::payment_qr,
            commands::notices,
            commands::export_document,
            commands::check_id_number,
            commands::identity_status,
            commands::send_phone_code,
            commands::verify_phone_code,
            commands::demo_messages,
            commands::biometric_consent_text,
            commands::answer_biometric_consent,
            commands::set_lawyer_licence,
            commands::cameras,
            commands::open_camera,
            commands::close_camera,
            commands::send_id_card,
            commands::send_id_card_from_camera,
            commands::run_face_check,
            commands::start_assisted,
            commands::end_assisted,
            commands::answer_hearing,
            commands::courtroom_rules,
            commands::device_check,
            commands::microphone_level,
            commands::join_hearing,
            commands::hearing_signal,
            commands::set_hearing_muted,
            commands::leave_hearing,
            commands::hearing_record,
        ])
        .run(tauri::generate_context!())
        .expect("the e-Court window failed to start");
}
