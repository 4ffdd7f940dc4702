//! The e-Court desktop shell: opens the window, starts the app core, forwards UI calls to it and
//! its sync status to the UI. Everything the app does lives in `ecourt-app`.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use ecourt_app::{App, AppConfig};
use ecourt_desktop::commands;
use std::sync::Arc;
use tauri::Manager;

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
                    commands::emit_sync_status(&handle, &s);
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
        .invoke_handler(commands::handler())
        .run(tauri::generate_context!())
        .expect("the e-Court window failed to start");
}
