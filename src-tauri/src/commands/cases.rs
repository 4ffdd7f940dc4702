//! The synced cases: the list, a case, its documents and messages to the court.

use ecourt_app::{
    CaseListItem, CaseListQuery, CaseView, DocumentView, NoticeView, OutboxEntry, RefusedAction,
};

commands! {
    fn list_cases(app, query: CaseListQuery) -> Vec<CaseListItem> {
        app.cases(query).await
    }

    fn get_case(app, case_id: i64) -> CaseView {
        app.case(case_id).await
    }

    fn get_document(app, case_id: i64, document_id: i64) -> DocumentView {
        app.document(case_id, document_id).await
    }

    /// Saves a copy where the user keeps downloads; answers the path.
    fn export_document(app, case_id: i64, document_id: i64) -> String {
        app.export_document(case_id, document_id).await
    }

    fn send_message(app, case_id: i64, text: String) -> OutboxEntry {
        app.send_message(case_id, &text).await
    }

    fn dismiss_rejected(app, mutation_id: i64) -> () {
        app.dismiss_rejected(mutation_id).await
    }

    /// Every action the court refused and the user has not dismissed yet, newest first.
    fn refused_actions(app) -> Vec<RefusedAction> {
        app.refused_actions().await
    }

    fn notices(app) -> Vec<NoticeView> {
        app.notices().await
    }
}
