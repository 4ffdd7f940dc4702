//! Filing (网上立案): drafts and their files, the pre-check, submission, and the court staff's
//! review (register, correction notice, refusal) and the demo payment.

use super::ipc::{Body, FileName};
use ecourt_api::{CorrectionItem, CorrectionNotice, FeeNotice, Registration, ReviewQueue};
use ecourt_app::{FilingCheck, FilingDraft};
use ecourt_domain::filing::{FileRef, FilingApplication};

commands! {
    fn list_drafts(app) -> Vec<FilingDraft> {
        app.drafts().await
    }

    fn get_draft(app, id: String) -> FilingDraft {
        app.draft(&id).await
    }

    fn new_draft(app) -> FilingDraft {
        app.new_draft().await
    }

    fn correction_draft(app, case_id: i64) -> FilingDraft {
        app.correction_draft(case_id).await
    }

    fn refile_draft(app, case_id: i64) -> FilingDraft {
        app.refile_draft(case_id).await
    }

    /// The fee notice as a PDF to print, saved where the user keeps downloads; its path.
    fn export_fee_notice(app, case_id: i64) -> String {
        app.export_fee_notice(case_id).await
    }

    fn save_draft(app, draft: FilingDraft) -> FilingDraft {
        app.save_draft(draft).await
    }

    fn delete_draft(app, id: String) -> () {
        app.delete_draft(&id).await
    }

    /// The file's bytes travel as the raw body, its name in a header.
    fn attach_file(app, body: Body<'_>, file_name: FileName) -> FileRef {
        app.attach_file(&file_name.0, body.bytes("the file")?).await
    }

    fn court_name(app, code: String) -> Option<String> {
        app.court_name(&code).await
    }

    fn check_application(app, application: FilingApplication) -> FilingCheck {
        Ok(app.check_application(&application))
    }

    fn submit_draft(app, id: String) -> i64 {
        app.submit_draft(&id).await
    }

    fn review_queue(app) -> ReviewQueue {
        app.review_queue().await
    }

    fn issue_correction(
        app,
        case_id: i64,
        items: Vec<CorrectionItem>,
        deadline_days: u32,
    ) -> CorrectionNotice {
        app.issue_correction(case_id, items, deadline_days).await
    }

    fn register_filing(app, case_id: i64) -> Registration {
        app.register_filing(case_id).await
    }

    fn reject_filing(app, case_id: i64, reasons: String) -> () {
        app.reject_filing(case_id, &reasons).await
    }

    fn pay_in_demo(app, payment_number: String) -> FeeNotice {
        app.pay_in_demo(&payment_number).await
    }

    fn payment_qr(app, text: String) -> String {
        ecourt_app::qr_svg(&text)
    }
}
