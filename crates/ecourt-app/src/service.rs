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
use ecourt_api::{CaseDetail, EffectRule};
use ecourt_store::{CaseQuery, OutboxEntry, OutboxState};
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

/// The recipient's acts on one service still in the outbox (refused ones are not), with their
/// kinds.
fn queued_for(outbox: &[OutboxEntry], service_id: i64) -> Vec<(&'static str, &OutboxEntry)> {
    outbox
        .iter()
        .filter(|e| e.state != OutboxState::Rejected)
        .filter_map(|e| {
            action_service_id(&e.action)
                .filter(|(id, _)| *id == service_id)
                .map(|(_, kind)| (kind, e))
        })
        .collect()
}

/// Whether opening the document now is to be told to the court: only the first opening is,
/// whether the court knows it already or it waits in the outbox (a refused one is told again).
fn opening_to_record(served: &ServedDocument, outbox: &[OutboxEntry]) -> bool {
    served.opened_at.is_none()
        && !queued_for(outbox, served.id)
            .iter()
            .any(|(k, _)| *k == "open_served_document")
}

/// One cached case's part of the inbox: what was served on `me` (documents in `downloaded` are
/// in the cache), and whether the case asks for their address confirmation first.
fn inbox_of(
    detail: &CaseDetail,
    outbox: &[OutboxEntry],
    me: i64,
    downloaded: &[i64],
) -> (Vec<InboxItem>, Option<ConfirmationNeeded>) {
    let case_id = detail.summary.id;
    let mine: Vec<&ServedDocument> = detail
        .service
        .served
        .iter()
        .filter(|s| s.recipient_account_id == me)
        .collect();
    if mine.is_empty() {
        return (vec![], None);
    }
    let in_force = detail
        .service
        .address_confirmations
        .iter()
        .any(|c| c.account_id == me && c.in_force);
    let confirm = (!in_force).then(|| ConfirmationNeeded {
        case_id,
        case_number: detail.summary.case_number.clone(),
    });
    let items = mine
        .into_iter()
        .map(|s| {
            let queued = queued_for(outbox, s.id);
            let asked = |kind: &str| queued.iter().any(|(k, _)| *k == kind);
            InboxItem {
                case_id,
                case_number: detail.summary.case_number.clone(),
                opened_here_at: queued.iter().find_map(|(_, e)| match &e.action {
                    ActionBody::OpenServedDocument { opened_at, .. } => Some(opened_at.clone()),
                    _ => None,
                }),
                waiting: queued
                    .iter()
                    .filter(|(_, e)| e.state == OutboxState::Pending)
                    .map(|(k, _)| k.to_string())
                    .collect(),
                downloaded: downloaded.contains(&s.document_id),
                paper_copy_possible: s.electronic
                    && s.paper_copy_requested_at.is_none()
                    && PAPER_COPY_KINDS.contains(&s.document_kind.as_str())
                    && !asked("request_paper_copy"),
                disputable: s.dispute.is_none()
                    && s.effect
                        .as_ref()
                        .is_some_and(|e| e.rule == EffectRule::PresumedRead)
                    && !asked("dispute_service"),
                served: s.clone(),
            }
        })
        .collect();
    (items, confirm)
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
            let mut downloaded = Vec::new();
            for s in detail
                .service
                .served
                .iter()
                .filter(|s| s.recipient_account_id == me)
            {
                if store
                    .document_content(case_id, s.document_id)
                    .await?
                    .is_some()
                {
                    downloaded.push(s.document_id);
                }
            }
            let outbox = store.outbox_for_case(case_id).await?;
            let (mine, confirm) = inbox_of(&detail, &outbox, me, &downloaded);
            items.extend(mine);
            confirm_first.extend(confirm);
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
        if opening_to_record(&served, &store.outbox_for_case(case_id).await?) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use ecourt_api::{CaseService, CaseSummary, ServiceEffect, ServiceState};

    const ME: i64 = 7;

    fn served(id: i64, kind: &str) -> ServedDocument {
        ServedDocument {
            id,
            case_id: 1,
            document_id: 100 + id,
            document_title: "民事起诉状（副本）".into(),
            document_kind: kind.into(),
            document_sha256: "ab".repeat(32),
            recipient_account_id: ME,
            recipient_name: "韩志远".into(),
            served_by: "刘婷".into(),
            served_at: format!("2026-12-01T02:00:0{id}Z"),
            state: ServiceState::Pending,
            electronic: true,
            ground: None,
            otherwise_reason: None,
            deliveries: vec![],
            opened_at: None,
            opened_learned_at: None,
            receipt_confirmed_at: None,
            acted_at: None,
            effect: None,
            dispute: None,
            paper_copy_requested_at: None,
            served_otherwise: None,
            deadline: None,
            certificate_document_id: None,
        }
    }

    fn detail(served: Vec<ServedDocument>, confirmations: Vec<AddressConfirmation>) -> CaseDetail {
        let summary: CaseSummary = serde_json::from_value(serde_json::json!({
            "id": 1, "case_number": "（2026）渝0103民初1号", "court_code": "C", "court_name": "渝中区人民法院",
            "cause": "民间借贷纠纷", "case_type": "civil_first_instance", "stage": "in_trial",
            "my_roles": ["defendant"], "next_deadline": null, "updated_at": "2026-12-01T00:00:00Z"
        }))
        .unwrap();
        CaseDetail {
            summary,
            participants: vec![],
            events: vec![],
            documents: vec![],
            filing: None,
            hearings: vec![],
            evidence: None,
            service: CaseService {
                served,
                address_confirmations: confirmations,
            },
        }
    }

    fn queued(mutation_id: i64, action: ActionBody, state: OutboxState) -> OutboxEntry {
        OutboxEntry {
            mutation_id,
            case_id: Some(1),
            action,
            created_at: "2026-12-01T03:00:00Z".into(),
            state,
            attempts: 0,
            last_error: None,
            rejection: None,
            rejection_code: None,
        }
    }

    fn opening(service_id: i64, state: OutboxState) -> OutboxEntry {
        queued(
            1,
            ActionBody::OpenServedDocument {
                case_id: 1,
                service_id,
                opened_at: "2026-12-01T03:00:00Z".into(),
            },
            state,
        )
    }

    fn confirmation(account_id: i64, in_force: bool) -> AddressConfirmation {
        AddressConfirmation {
            id: 1,
            account_id,
            name: "韩志远".into(),
            version: 1,
            consent_electronic: true,
            platform: true,
            email: None,
            mobile: None,
            postal_address: None,
            document_id: 9,
            document_sha256: "cd".repeat(32),
            created_at: "2026-12-01T01:00:00Z".into(),
            signed: in_force,
            in_force,
        }
    }

    /// The court keeps the first opening's moment (OLR Art. 31(2): presumed served when the
    /// system reports it read): the desktop tells it once, whether the court knows it already or
    /// it waits in the outbox, and again only when the court refused the first telling.
    #[test]
    fn only_the_first_opening_is_told_to_the_court() {
        let s = served(1, "complaint_copy");
        assert!(opening_to_record(&s, &[]));
        assert!(!opening_to_record(&s, &[opening(1, OutboxState::Pending)]));
        assert!(!opening_to_record(&s, &[opening(1, OutboxState::Applied)]));
        assert!(opening_to_record(&s, &[opening(1, OutboxState::Rejected)]));
        assert!(opening_to_record(&s, &[opening(2, OutboxState::Pending)]));
        let known = ServedDocument {
            opened_at: Some("2026-12-01T03:00:00Z".into()),
            ..s
        };
        assert!(!opening_to_record(&known, &[]));
    }

    #[test]
    fn the_inbox_shows_the_moment_kept_here_and_what_waits() {
        let d = detail(
            vec![served(1, "complaint_copy"), served(2, "notice")],
            vec![],
        );
        let (items, confirm) = inbox_of(&d, &[opening(1, OutboxState::Pending)], ME, &[101]);
        assert_eq!(items.len(), 2);
        let first = items.iter().find(|i| i.served.id == 1).unwrap();
        assert_eq!(
            first.opened_here_at.as_deref(),
            Some("2026-12-01T03:00:00Z")
        );
        assert_eq!(first.waiting, vec!["open_served_document"]);
        assert!(first.downloaded);
        let second = items.iter().find(|i| i.served.id == 2).unwrap();
        assert!(second.opened_here_at.is_none() && !second.downloaded);
        assert!(confirm.is_some(), "no confirmation in force: asked first");
        // Someone else's service in the case is not in this inbox.
        let other = ServedDocument {
            recipient_account_id: ME + 1,
            ..served(3, "notice")
        };
        let (items, confirm) = inbox_of(&detail(vec![other], vec![]), &[], ME, &[]);
        assert!(items.is_empty() && confirm.is_none());
    }

    /// First need: asked while the person has no confirmation in force in the case (another
    /// person's, or one not signed yet, does not count).
    #[test]
    fn the_address_confirmation_is_asked_until_one_is_in_force() {
        let s = vec![served(1, "complaint_copy")];
        let mine_signed = detail(s.clone(), vec![confirmation(ME, true)]);
        assert!(inbox_of(&mine_signed, &[], ME, &[]).1.is_none());
        let not_signed = detail(s.clone(), vec![confirmation(ME, false)]);
        assert!(inbox_of(&not_signed, &[], ME, &[]).1.is_some());
        let someone_else = detail(s, vec![confirmation(ME + 1, true)]);
        assert!(inbox_of(&someone_else, &[], ME, &[]).1.is_some());
    }

    /// 民事诉讼法 Art. 90: a paper copy of a judgment, ruling or mediation statement served
    /// electronically may be asked for; once asked (at the court or waiting here), not again.
    #[test]
    fn a_paper_copy_of_a_judgment_served_electronically_once() {
        let judgment = served(1, "judgment");
        let d = detail(vec![judgment.clone()], vec![]);
        assert!(inbox_of(&d, &[], ME, &[]).0[0].paper_copy_possible);
        let notice = detail(vec![served(1, "notice")], vec![]);
        assert!(!inbox_of(&notice, &[], ME, &[]).0[0].paper_copy_possible);
        let on_paper = detail(
            vec![ServedDocument {
                electronic: false,
                ..judgment.clone()
            }],
            vec![],
        );
        assert!(!inbox_of(&on_paper, &[], ME, &[]).0[0].paper_copy_possible);
        let asked = queued(
            2,
            ActionBody::RequestPaperCopy {
                case_id: 1,
                service_id: 1,
            },
            OutboxState::Pending,
        );
        assert!(!inbox_of(&d, &[asked], ME, &[]).0[0].paper_copy_possible);
    }

    /// OLR Art. 31(2): only a service presumed from reading may be disputed, once.
    #[test]
    fn only_a_presumed_service_may_be_disputed() {
        let effect = |rule| ServiceEffect {
            at: "2026-12-01T03:00:00Z".into(),
            rule,
            channel: Some(ecourt_api::ServiceChannel::Platform),
            article: "《人民法院在线诉讼规则》第三十一条第二款".into(),
        };
        let presumed = ServedDocument {
            effect: Some(effect(EffectRule::PresumedRead)),
            ..served(1, "complaint_copy")
        };
        let d = detail(vec![presumed], vec![]);
        assert!(inbox_of(&d, &[], ME, &[]).0[0].disputable);
        let disputing = queued(
            3,
            ActionBody::DisputeService {
                case_id: 1,
                service_id: 1,
                reason: "不是本人打开".into(),
            },
            OutboxState::Pending,
        );
        assert!(!inbox_of(&d, &[disputing], ME, &[]).0[0].disputable);
        let arrived = ServedDocument {
            effect: Some(effect(EffectRule::ArrivedAtConfirmedAddress)),
            ..served(1, "complaint_copy")
        };
        let d = detail(vec![arrived], vec![]);
        assert!(!inbox_of(&d, &[], ME, &[]).0[0].disputable);
    }
}
