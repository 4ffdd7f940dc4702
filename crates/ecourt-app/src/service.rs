//! Electronic service on the desktop (电子送达; 民事诉讼法 Art. 90, 《人民法院在线诉讼规则》 Art.
//! 29-32). For the recipient: the inbox of documents served to them, worked out from the cached
//! cases (so offline too); opening one records the moment on this computer and queues it in the
//! outbox, so the court keeps both that moment and when it learnt of it (exactly once, however
//! often it is opened); confirming receipt, disputing a presumed service and asking for a paper
//! copy are outbox actions as well. The address confirmation (送达地址确认书) is filed at the
//! court, which makes it a document of the case, and then signed like any document
//! (`signatures.rs`). For the clerk, online: who can be served and on which ground, serving,
//! the task queue, the dispute decisions and the certificate. The court decides every effect;
//! the desktop shows what it sent and pre-checks input only.

use crate::{cached_case, clock, downloaded, App, AppError, AppErrorCode, AppResult};
use ecourt_api::{
    ActionBody, AddressConfirmation, AddressConfirmationRequest, DisputeDecisionRequest,
    ServeRequest, ServeResult, ServedDocument, ServiceCertificate, ServiceRecipients, ServiceTasks,
    TaskDoneRequest,
};
use ecourt_store::{CaseQuery, OutboxState};
use serde::{Deserialize, Serialize};
use std::time::Duration;
use ts_rs::TS;

/// Kinds a recipient may ask a paper copy of once served electronically (民事诉讼法 Art. 90:
/// judgments, rulings and mediation statements); the court's policy decides again.
const PAPER_COPY_KINDS: [&str; 3] = ["judgment", "ruling", "mediation_statement"];

/// One document served to the signed-in person, as the inbox shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct InboxItem {
    pub case_id: i64,
    pub case_number: Option<String>,
    pub served: ServedDocument,
    /// The moment this computer recorded the opening, while the court has not learnt it yet.
    pub opened_here_at: Option<String>,
    /// Actions on it still waiting in the outbox (their kinds: `confirm_service_receipt`, …).
    pub waiting: Vec<String>,
    /// The document's bytes are in the cache (it can be read offline).
    pub downloaded: bool,
    /// A paper copy may be asked for (a judgment, ruling or mediation statement served
    /// electronically, not asked yet).
    pub paper_copy_possible: bool,
    /// A presumed service (read, not confirmed) may be disputed.
    pub disputable: bool,
}

/// A case that needs the person's address confirmation before its service (first need).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ConfirmationNeeded {
    pub case_id: i64,
    pub case_number: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ServiceInbox {
    /// Newest first.
    pub items: Vec<InboxItem>,
    pub confirm_first: Vec<ConfirmationNeeded>,
    /// Documents not opened yet.
    pub unopened: i64,
}

fn action_service_id(action: &ActionBody) -> Option<(i64, &'static str)> {
    match action {
        ActionBody::OpenServedDocument { service_id, .. } => {
            Some((*service_id, "open_served_document"))
        }
        ActionBody::ConfirmServiceReceipt { service_id, .. } => {
            Some((*service_id, "confirm_service_receipt"))
        }
        ActionBody::DisputeService { service_id, .. } => Some((*service_id, "dispute_service")),
        ActionBody::RequestPaperCopy { service_id, .. } => {
            Some((*service_id, "request_paper_copy"))
        }
        _ => None,
    }
}

/// The person's latest address confirmation in the case, if any.
fn latest_confirmation(list: &[AddressConfirmation], me: i64) -> Option<&AddressConfirmation> {
    list.iter()
        .filter(|c| c.account_id == me)
        .max_by_key(|c| c.version)
}

impl App {
    /// The documents served to the signed-in person in every cached case, with what this
    /// computer still has to tell the court about them.
    pub async fn service_inbox(&self) -> AppResult<ServiceInbox> {
        let store = self.store().await?;
        let me = self.account().await?.id;
        let mut items = Vec::new();
        let mut confirm_first = Vec::new();
        for detail in store.list_case_details(&CaseQuery::default()).await? {
            let case_id = detail.summary.id;
            let mine: Vec<&ServedDocument> = detail
                .service
                .served
                .iter()
                .filter(|s| s.recipient_account_id == me)
                .collect();
            if mine.is_empty() {
                continue;
            }
            let in_force = detail
                .service
                .address_confirmations
                .iter()
                .any(|c| c.account_id == me && c.in_force);
            if !in_force {
                confirm_first.push(ConfirmationNeeded {
                    case_id,
                    case_number: detail.summary.case_number.clone(),
                });
            }
            let outbox = store.outbox_for_case(case_id).await?;
            for s in mine {
                let queued: Vec<_> = outbox
                    .iter()
                    .filter(|e| e.state != OutboxState::Rejected)
                    .filter_map(|e| {
                        action_service_id(&e.action)
                            .filter(|(id, _)| *id == s.id)
                            .map(|(_, kind)| (kind, e))
                    })
                    .collect();
                let opened_here_at = queued.iter().find_map(|(_, e)| match &e.action {
                    ActionBody::OpenServedDocument { opened_at, .. } => Some(opened_at.clone()),
                    _ => None,
                });
                let downloaded = store
                    .document_content(case_id, s.document_id)
                    .await?
                    .is_some();
                items.push(InboxItem {
                    case_id,
                    case_number: detail.summary.case_number.clone(),
                    paper_copy_possible: s.electronic
                        && s.paper_copy_requested_at.is_none()
                        && PAPER_COPY_KINDS.contains(&s.document_kind.as_str())
                        && !queued.iter().any(|(k, _)| *k == "request_paper_copy"),
                    disputable: s.dispute.is_none()
                        && s.effect
                            .as_ref()
                            .is_some_and(|e| e.rule == ecourt_api::EffectRule::PresumedRead)
                        && !queued.iter().any(|(k, _)| *k == "dispute_service"),
                    waiting: queued
                        .iter()
                        .filter(|(_, e)| e.state == OutboxState::Pending)
                        .map(|(k, _)| k.to_string())
                        .collect(),
                    opened_here_at,
                    downloaded,
                    served: s.clone(),
                });
            }
        }
        items.sort_by(|a, b| b.served.served_at.cmp(&a.served.served_at));
        let unopened = items
            .iter()
            .filter(|i| i.served.opened_at.is_none() && i.opened_here_at.is_none())
            .count() as i64;
        Ok(ServiceInbox {
            items,
            confirm_first,
            unopened,
        })
    }

    /// The served document of the signed-in person, from the cache.
    async fn my_service(&self, case_id: i64, service_id: i64) -> AppResult<ServedDocument> {
        let store = self.store().await?;
        let me = self.account().await?.id;
        cached_case(&store, case_id)
            .await?
            .service
            .served
            .into_iter()
            .find(|s| s.id == service_id && s.recipient_account_id == me)
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no such served document"))
    }

    /// Queues one of the recipient's acts and wakes the sync.
    async fn queue_service_act(&self, action: ActionBody) -> AppResult<i64> {
        let store = self.store().await?;
        let id = store.enqueue(&action, &clock::stamp(self.now())).await?;
        self.sync_now().await;
        Ok(id)
    }

    /// Opens a served document: its content from the cache, and — the first time — the moment
    /// recorded and queued for the court (阅知), online or not.
    pub async fn open_served_document(
        &self,
        case_id: i64,
        service_id: i64,
    ) -> AppResult<crate::DocumentView> {
        let served = self.my_service(case_id, service_id).await?;
        let store = self.store().await?;
        let (mime_type, bytes) = downloaded(&store, case_id, served.document_id).await?;
        let already = served.opened_at.is_some()
            || store.outbox_for_case(case_id).await?.iter().any(|e| {
                e.state != OutboxState::Rejected
                    && matches!(&e.action, ActionBody::OpenServedDocument { service_id: s, .. } if *s == service_id)
            });
        if !already {
            self.queue_service_act(ActionBody::OpenServedDocument {
                case_id,
                service_id,
                opened_at: clock::stamp(self.now()),
            })
            .await?;
        }
        let _ = self
            .mark_read(
                ecourt_store::ReadKind::Document,
                case_id,
                vec![served.document_id],
            )
            .await;
        Ok(crate::DocumentView {
            case_id,
            document_id: served.document_id,
            text: mime_type
                .starts_with("text/")
                .then(|| String::from_utf8_lossy(&bytes).into_owned()),
            mime_type,
        })
    }

    /// 确认收到: the recipient replies that they received it.
    pub async fn confirm_service_receipt(&self, case_id: i64, service_id: i64) -> AppResult<()> {
        let served = self.my_service(case_id, service_id).await?;
        if served.receipt_confirmed_at.is_some() {
            return Ok(());
        }
        self.queue_service_act(ActionBody::ConfirmServiceReceipt {
            case_id,
            service_id,
        })
        .await?;
        Ok(())
    }

    /// 异议: disputes a service presumed from reading, with the reason (the court decides).
    pub async fn dispute_service(
        &self,
        case_id: i64,
        service_id: i64,
        reason: &str,
    ) -> AppResult<()> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "say why the service did not reach you",
            ));
        }
        if reason.chars().count() > 500 {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "a reason holds at most 500 characters",
            ));
        }
        ecourt_domain::text::check(reason, ecourt_domain::text::Shape::MultiLine)
            .map_err(|p| AppError::new(AppErrorCode::InvalidText, p.to_string()))?;
        self.my_service(case_id, service_id).await?;
        self.queue_service_act(ActionBody::DisputeService {
            case_id,
            service_id,
            reason: reason.into(),
        })
        .await?;
        Ok(())
    }

    /// 申请纸质文书 (民事诉讼法 Art. 90).
    pub async fn request_paper_copy(&self, case_id: i64, service_id: i64) -> AppResult<()> {
        self.my_service(case_id, service_id).await?;
        self.queue_service_act(ActionBody::RequestPaperCopy {
            case_id,
            service_id,
        })
        .await?;
        Ok(())
    }

    /// The signed-in person's latest address confirmation in the case, from the cache.
    pub async fn address_confirmation(
        &self,
        case_id: i64,
    ) -> AppResult<Option<AddressConfirmation>> {
        let store = self.store().await?;
        let me = self.account().await?.id;
        let detail = cached_case(&store, case_id).await?;
        Ok(latest_confirmation(&detail.service.address_confirmations, me).cloned())
    }

    /// Files a new version of the address confirmation at the court and waits (a little) for
    /// its document to reach the cache, so it can be read and signed here at once.
    pub async fn confirm_address(
        &self,
        case_id: i64,
        request: AddressConfirmationRequest,
    ) -> AppResult<AddressConfirmation> {
        let trim = |v: Option<String>| v.map(|s| s.trim().to_string()).filter(|s| !s.is_empty());
        let request = AddressConfirmationRequest {
            email: trim(request.email),
            mobile: trim(request.mobile),
            postal_address: trim(request.postal_address),
            ..request
        };
        if let Some(m) = &request.mobile {
            if ecourt_domain::phone::MobileNumber::parse(m).is_none() {
                return Err(AppError::new(
                    AppErrorCode::InvalidInput,
                    "a mobile number has 11 digits and starts with 13 to 19",
                ));
            }
        }
        if let Some(e) = &request.email {
            let ok = e.split_once('@').is_some_and(|(a, d)| {
                !a.is_empty() && d.contains('.') && !e.chars().any(char::is_whitespace)
            });
            if !ok {
                return Err(AppError::new(
                    AppErrorCode::InvalidInput,
                    "an email address looks like name@example.cn",
                ));
            }
        }
        let confirmation = self
            .online_client()
            .await?
            .confirm_addresses(case_id, &request)
            .await?;
        self.until_cached(case_id, confirmation.document_id).await;
        Ok(confirmation)
    }

    /// Waits up to 15 s for a document the court just filed to arrive in the cache.
    async fn until_cached(&self, case_id: i64, document_id: i64) {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
        while tokio::time::Instant::now() < deadline {
            self.sync_now().await;
            if let Ok(store) = self.store().await {
                if matches!(
                    store.document_content(case_id, document_id).await,
                    Ok(Some(_))
                ) {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(250)).await;
        }
    }

    // ---- the court's side (online) ----------------------------------------------------------

    pub async fn service_recipients(&self, case_id: i64) -> AppResult<ServiceRecipients> {
        Ok(self
            .online_client()
            .await?
            .service_recipients(case_id)
            .await?)
    }

    pub async fn serve_documents(
        &self,
        case_id: i64,
        request: ServeRequest,
    ) -> AppResult<ServeResult> {
        if request.document_ids.is_empty() || request.recipients.is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "choose at least one document and one recipient",
            ));
        }
        let result = self.online_client().await?.serve(case_id, &request).await?;
        self.sync_now().await;
        Ok(result)
    }

    pub async fn service_tasks(&self) -> AppResult<ServiceTasks> {
        Ok(self.online_client().await?.service_tasks().await?)
    }

    pub async fn complete_service_task(
        &self,
        task_id: i64,
        request: TaskDoneRequest,
    ) -> AppResult<ServiceTasks> {
        let court = self.online_client().await?;
        court.service_task_done(task_id, &request).await?;
        self.sync_now().await;
        Ok(court.service_tasks().await?)
    }

    pub async fn decide_service_dispute(
        &self,
        service_id: i64,
        upheld: bool,
        reason: String,
    ) -> AppResult<()> {
        if reason.trim().is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                "give the reason of the decision",
            ));
        }
        let req = DisputeDecisionRequest {
            upheld,
            reason: reason.trim().into(),
        };
        self.online_client()
            .await?
            .decide_service_dispute(service_id, &req)
            .await?;
        self.sync_now().await;
        Ok(())
    }

    /// Makes the electronic service certificate at the court and saves a copy where the user
    /// keeps downloads once it reached the cache; answers the certificate and the path.
    pub async fn service_certificate(
        &self,
        case_id: i64,
        service_id: i64,
    ) -> AppResult<CertificateSaved> {
        let certificate = self
            .online_client()
            .await?
            .service_certificate(service_id)
            .await?;
        self.until_cached(case_id, certificate.document_id).await;
        let path = self
            .export_document(case_id, certificate.document_id)
            .await?;
        Ok(CertificateSaved { certificate, path })
    }
}

/// A certificate made and saved.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CertificateSaved {
    pub certificate: ServiceCertificate,
    pub path: String,
}
