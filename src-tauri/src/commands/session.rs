//! Signing in and out, the app's settings and the sync's state.

use ecourt_api::CourtHelp;
use ecourt_app::{AppInfo, IdleStatus, SessionView, Settings, SyncStatus};

commands! {
    fn app_info(app) -> AppInfo {
        Ok(app.info())
    }

    fn current_session(app) -> Option<SessionView> {
        Ok(app.session().await)
    }

    fn sign_in(app, username: String, password: String) -> SessionView {
        app.sign_in(&username, &password).await
    }

    fn sign_out(app) -> () {
        app.sign_out().await
    }

    fn report_activity(app) -> () {
        app.report_activity().await
    }

    fn idle_status(app) -> IdleStatus {
        app.idle_status().await
    }

    fn court_help(app) -> CourtHelp {
        app.help().await
    }

    fn sync_now(app) -> () {
        app.sync_now().await;
        Ok(())
    }

    fn sync_status(app) -> SyncStatus {
        Ok(app.sync_status())
    }

    fn get_settings(app) -> Settings {
        Ok(app.settings().await)
    }

    fn set_settings(app, locale: String, large_text: bool) -> Settings {
        app.set_settings(locale, large_text).await
    }
}
