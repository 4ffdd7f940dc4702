//! Service of documents (送达): the served documents of a case, serving (court staff), the
//! recipients with their consent grounds, the address confirmation, disputes' decisions, the
//! certificate, the clerks' queue and the court's policy. The recipient's own acts (opening,
//! confirming, disputing, asking for paper) are outbox actions, sent by the sync engine.

use crate::{ClientError, CourtClient};
use ecourt_api::routes::{path, service};
use ecourt_api::{
    AddressConfirmation, AddressConfirmationRequest, DisputeDecisionRequest, ServeRequest,
    ServeResult, ServedDocument, ServiceCertificate, ServiceList, ServicePolicy,
    ServicePolicyRequest, ServicePolicyRule, ServiceRecipients, ServiceTasks, TaskDoneRequest,
};

impl CourtClient {
    /// The documents served in the case (the caller's own; court staff: all).
    pub async fn served_documents(&self, case_id: i64) -> Result<ServiceList, ClientError> {
        let url = self.url(&path(service::CASE_SERVICE, &[&case_id]));
        self.call(self.http.get(url)).await
    }

    /// Serves documents of the case to recipients (court staff).
    pub async fn serve(
        &self,
        case_id: i64,
        req: &ServeRequest,
    ) -> Result<ServeResult, ClientError> {
        let url = self.url(&path(service::CASE_SERVICE, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    /// Who can be served in the case and on which ground of consent (court staff).
    pub async fn service_recipients(&self, case_id: i64) -> Result<ServiceRecipients, ClientError> {
        let url = self.url(&path(service::RECIPIENTS, &[&case_id]));
        self.call(self.http.get(url)).await
    }

    /// The caller's address confirmations in the case, every version.
    pub async fn address_confirmations(
        &self,
        case_id: i64,
    ) -> Result<Vec<AddressConfirmation>, ClientError> {
        let url = self.url(&path(service::ADDRESS_CONFIRMATION, &[&case_id]));
        self.call(self.http.get(url)).await
    }

    /// A new version of the caller's address confirmation; sign its document to put it in force.
    pub async fn confirm_addresses(
        &self,
        case_id: i64,
        req: &AddressConfirmationRequest,
    ) -> Result<AddressConfirmation, ClientError> {
        let url = self.url(&path(service::ADDRESS_CONFIRMATION, &[&case_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn decide_service_dispute(
        &self,
        service_id: i64,
        req: &DisputeDecisionRequest,
    ) -> Result<ServedDocument, ClientError> {
        let url = self.url(&path(service::DISPUTE_DECISION, &[&service_id]));
        self.call(self.http.post(url).json(req)).await
    }

    /// Makes the electronic service certificate and files it in the case.
    pub async fn service_certificate(
        &self,
        service_id: i64,
    ) -> Result<ServiceCertificate, ClientError> {
        let url = self.url(&path(service::CERTIFICATE, &[&service_id]));
        self.call(self.http.post(url)).await
    }

    pub async fn service_tasks(&self) -> Result<ServiceTasks, ClientError> {
        self.call(self.http.get(self.url(service::TASKS))).await
    }

    pub async fn service_task_done(
        &self,
        task_id: i64,
        req: &TaskDoneRequest,
    ) -> Result<ServedDocument, ClientError> {
        let url = self.url(&path(service::TASK_DONE, &[&task_id]));
        self.call(self.http.post(url).json(req)).await
    }

    pub async fn service_policy(&self) -> Result<ServicePolicy, ClientError> {
        self.call(self.http.get(self.url(service::POLICY))).await
    }

    pub async fn set_service_policy(
        &self,
        rule: ServicePolicyRule,
    ) -> Result<ServicePolicy, ClientError> {
        let req = ServicePolicyRequest { rule };
        self.call(self.http.put(self.url(service::POLICY)).json(&req))
            .await
    }
}
