//! Electronic service (电子送达): the recipient's inbox, opening (recorded also offline),
//! confirming receipt, disputing, a paper copy, the address confirmation; the clerk's serving,
//! task queue, dispute decisions and certificate.

use ecourt_api::{
    AddressConfirmation, AddressConfirmationRequest, ServeRequest, ServeResult, ServiceRecipients,
    ServiceTasks, TaskDoneRequest,
};
use ecourt_app::{CertificateSaved, DocumentView, ServiceInbox};

commands! {
    fn service_inbox(app) -> ServiceInbox {
        app.service_inbox().await
    }

    /// The document from the cache; the first opening is recorded with this moment.
    fn open_served_document(app, case_id: i64, service_id: i64) -> DocumentView {
        app.open_served_document(case_id, service_id).await
    }

    fn confirm_service_receipt(app, case_id: i64, service_id: i64) -> () {
        app.confirm_service_receipt(case_id, service_id).await
    }

    fn dispute_service(app, case_id: i64, service_id: i64, reason: String) -> () {
        app.dispute_service(case_id, service_id, &reason).await
    }

    fn request_paper_copy(app, case_id: i64, service_id: i64) -> () {
        app.request_paper_copy(case_id, service_id).await
    }

    fn address_confirmation(app, case_id: i64) -> Option<AddressConfirmation> {
        app.address_confirmation(case_id).await
    }

    fn confirm_address(app, case_id: i64, request: AddressConfirmationRequest) -> AddressConfirmation {
        app.confirm_address(case_id, request).await
    }

    fn service_recipients(app, case_id: i64) -> ServiceRecipients {
        app.service_recipients(case_id).await
    }

    fn serve_documents(app, case_id: i64, request: ServeRequest) -> ServeResult {
        app.serve_documents(case_id, request).await
    }

    fn service_tasks(app) -> ServiceTasks {
        app.service_tasks().await
    }

    fn complete_service_task(app, task_id: i64, request: TaskDoneRequest) -> ServiceTasks {
        app.complete_service_task(task_id, request).await
    }

    fn decide_service_dispute(app, service_id: i64, upheld: bool, reason: String) -> () {
        app.decide_service_dispute(service_id, upheld, reason).await
    }

    /// Makes the certificate at the court and saves a copy; answers where.
    fn service_certificate(app, case_id: i64, service_id: i64) -> CertificateSaved {
        app.service_certificate(case_id, service_id).await
    }
}
