//! Filing on the desktop (网上立案): drafts saved as the filer types, files attached by content
//! hash, a local pre-check and fee estimate, submission through the outbox; and, for court
//! staff, the review queue and its decisions, which go straight to the court (they are the
//! court's acts and need it online). Payment goes through the court's gateway.

use crate::{App, AppError, AppErrorCode, AppResult, NoticeView};

/// Timeline events that are the court telling the user something they must know or do.
const NOTICE_KINDS: [&str; 8] = [
    "correction_notice",
    "filing_returned",
    "filing_rejected",
    "filing_registered",
    "fee_notice",
    "fee_paid",
    "treated_as_withdrawn",
    "filing_submitted",
];
/// How far back the notices reach.
const NOTICE_DAYS: i64 = 60;
use ecourt_api::{
    CorrectionItem, CorrectionNotice, CorrectionRequest, FeeNotice, FeeQuoteResponse, Registration,
    ReviewQueue,
};
use ecourt_domain::filing::{
    sniff_mime, FileRef, FilingApplication, FilingParty, PartyKind, Problem, MAX_FILE_BYTES,
};
use ecourt_domain::{AccountKind, CaseType};
use ecourt_store::FilingDraft;
use ecourt_sync::CourtClient;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The local pre-check of an application: what to fix, and the fee it would cost as filed,
/// with the worked example of that fee and the rules on paying it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FilingCheck {
    pub problems: Vec<Problem>,
    pub fee: FeeQuoteResponse,
    /// How the acceptance fee of the claimed total is reached, band by band (a property case);
    /// empty for a case without a claimed amount.
    pub worked_example: Vec<FeeStep>,
    pub rules: FeeRules,
}

/// One band of the worked example: the part of the amount in it, its rate, what it pays.
/// Yuan as strings with two decimals.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FeeStep {
    pub above: String,
    pub up_to: Option<String>,
    pub part: String,
    /// Per ten thousand; none for the flat fee of the first band.
    pub rate_bp: Option<i64>,
    pub fee: String,
}

/// When the fee is due, what happens if it is not paid, and the way to ask for help, with the
/// rules that say so.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct FeeRules {
    pub pay_within_days: u32,
    pub pay_within_rule: String,
    pub not_paid_rule: String,
    pub relief_rule: String,
    /// The scale the worked example follows.
    pub scale_rule: String,
}

/// The worked example and the rules of the fee of `application` as filed.
fn fee_explained(application: &FilingApplication) -> (Vec<FeeStep>, FeeRules) {
    use ecourt_domain::fees;
    let total = application.claimed_total();
    let steps = if total > ecourt_domain::money::Yuan::ZERO {
        fees::PROPERTY
            .steps(total)
            .into_iter()
            .map(|s| FeeStep {
                above: s.above.to_string(),
                up_to: s.up_to.map(|u| u.to_string()),
                part: s.part.to_string(),
                rate_bp: s.rate_bp,
                fee: s.fee.to_string(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let rules = FeeRules {
        pay_within_days: fees::PAY_WITHIN_DAYS,
        pay_within_rule: fees::PAY_WITHIN_RULE.into(),
        not_paid_rule: fees::NOT_PAID_RULE.into(),
        relief_rule: fees::RELIEF_RULE.into(),
        scale_rule: fees::PROPERTY.rule.into(),
    };
    (steps, rules)
}

fn empty_party(name: &str) -> FilingParty {
    FilingParty {
        kind: PartyKind::Person,
        name: name.into(),
        id_number: String::new(),
        phone: String::new(),
        address: String::new(),
        representative: String::new(),
    }
}

impl App {
    /// The court applications go to: the configured one, else the demo court.
    fn default_court_code(&self) -> String {
        self.config
            .court_code
            .clone()
            .unwrap_or_else(|| ecourt_server::embedded::DEMO_COURT_CODE.to_string())
    }

    fn now_stamp(&self) -> String {
        crate::clock::stamp(self.now())
    }

    /// The court's date today, for the pre-check of birth dates.
    fn court_today(&self) -> chrono::NaiveDate {
        crate::clock::court_date(self.now())
    }

    /// A client with the signed-in account's token, for calls that need the court now.
    pub(crate) async fn online_client(&self) -> AppResult<CourtClient> {
        let saved = self
            .store()
            .await?
            .session()
            .await?
            .ok_or_else(|| AppError::new(AppErrorCode::SessionExpired, "sign in again"))?;
        Ok(self.court.signed_in(&saved.token))
    }

    pub async fn drafts(&self) -> AppResult<Vec<FilingDraft>> {
        Ok(self.store().await?.drafts().await?)
    }

    pub async fn draft(&self, id: &str) -> AppResult<FilingDraft> {
        self.store()
            .await?
            .draft(id)
            .await?
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no such draft"))
    }

    /// Starts a draft, with the signed-in person already named where they belong.
    pub async fn new_draft(&self) -> AppResult<FilingDraft> {
        let account = self
            .session()
            .await
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "sign in first"))?
            .account;
        if account.kind.is_court_staff() {
            return Err(AppError::new(
                AppErrorCode::Forbidden,
                "court staff do not file applications",
            ));
        }
        let me = account.display_name.as_str();
        let mut application = FilingApplication {
            court_code: self.default_court_code(),
            case_type: CaseType::CivilFirstInstance,
            cause: String::new(),
            plaintiffs: vec![empty_party(if account.kind == AccountKind::Party {
                me
            } else {
                ""
            })],
            defendants: vec![empty_party("")],
            third_parties: vec![],
            agents: vec![],
            claims: vec![ecourt_domain::filing::Claim {
                text: String::new(),
                amount: None,
            }],
            facts_and_reasons: String::new(),
            evidence: vec![],
        };
        if account.kind != AccountKind::Party {
            application.agents.push(ecourt_domain::filing::FilingAgent {
                kind: if account.kind == AccountKind::Lawyer {
                    ecourt_domain::filing::AgentKind::Lawyer
                } else {
                    ecourt_domain::filing::AgentKind::LegalWorker
                },
                name: me.into(),
                represents: String::new(),
                licence_number: String::new(),
                firm: String::new(),
                power_of_attorney: None,
            });
        }
        let draft = FilingDraft {
            id: ecourt_store_id(),
            case_id: None,
            application,
            updated_at: self.now_stamp(),
            submitted_mutation_id: None,
        };
        self.store().await?.save_draft(&draft).await?;
        Ok(draft)
    }

    /// The draft that corrects a case's application (补正), started from the application as
    /// the court holds it; the same draft again while it is not yet submitted.
    pub async fn correction_draft(&self, case_id: i64) -> AppResult<FilingDraft> {
        let store = self.store().await?;
        if let Some(d) = store
            .drafts()
            .await?
            .into_iter()
            .find(|d| d.case_id == Some(case_id) && d.submitted_mutation_id.is_none())
        {
            return Ok(d);
        }
        let detail = store.case_detail(case_id).await?.ok_or_else(|| {
            AppError::new(AppErrorCode::NotFound, "this case is not in your list")
        })?;
        let filing = detail.filing.ok_or_else(|| {
            AppError::new(
                AppErrorCode::NotFound,
                "this case has no filing application",
            )
        })?;
        let draft = FilingDraft {
            id: ecourt_store_id(),
            case_id: Some(case_id),
            application: filing.application,
            updated_at: self.now_stamp(),
            submitted_mutation_id: None,
        };
        store.save_draft(&draft).await?;
        Ok(draft)
    }

    pub async fn save_draft(&self, mut draft: FilingDraft) -> AppResult<FilingDraft> {
        draft.updated_at = self.now_stamp();
        self.store().await?.save_draft(&draft).await?;
        Ok(draft)
    }

    pub async fn delete_draft(&self, id: &str) -> AppResult<()> {
        Ok(self.store().await?.delete_draft(id).await?)
    }

    /// Keeps a file for a draft: PDF, JPEG or PNG by its content (not its name), at most 20 MB.
    pub async fn attach_file(&self, name: &str, bytes: &[u8]) -> AppResult<FileRef> {
        if bytes.is_empty() {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                format!("“{name}” is empty"),
            ));
        }
        if bytes.len() as i64 > MAX_FILE_BYTES {
            return Err(AppError::new(
                AppErrorCode::InvalidInput,
                format!(
                    "“{name}” is larger than {} MB",
                    MAX_FILE_BYTES / 1024 / 1024
                ),
            ));
        }
        let mime = sniff_mime(bytes).ok_or_else(|| {
            AppError::new(
                AppErrorCode::InvalidInput,
                format!("“{name}” is not a PDF, JPG or PNG file"),
            )
        })?;
        let sha256 = self.store().await?.put_draft_file(mime, bytes).await?;
        Ok(FileRef {
            name: name.chars().take(200).collect(),
            mime_type: mime.into(),
            size_bytes: bytes.len() as i64,
            sha256,
        })
    }

    /// The same checks the court runs, and the fee as filed (the court decides both).
    pub fn check_application(&self, application: &FilingApplication) -> FilingCheck {
        let (worked_example, rules) = fee_explained(application);
        FilingCheck {
            problems: application.problems(self.court_today()),
            fee: application.fee_quote().into(),
            worked_example,
            rules,
        }
    }

    /// Submits a draft through the outbox: once, even if pressed twice or the app restarts.
    pub async fn submit_draft(&self, id: &str) -> AppResult<i64> {
        let store = self.store().await?;
        let draft = self.draft(id).await?;
        let problems = draft.application.problems(self.court_today());
        if !problems.is_empty() {
            let lines: Vec<String> = problems
                .into_iter()
                .map(|p| format!("{}: {}", p.field, p.code))
                .collect();
            return Err(AppError::new(AppErrorCode::InvalidInput, lines.join("\n")));
        }
        let mutation = store.submit_draft(id, &self.now_stamp()).await?;
        self.sync_now().await;
        Ok(mutation)
    }

    /// The court's latest notices in the user's cases (filing decisions, fees), newest first:
    /// what the home screen lists and the window announces when a sync brings a new one.
    pub async fn notices(&self) -> AppResult<Vec<NoticeView>> {
        let since = crate::clock::stamp(self.now() - chrono::Duration::days(NOTICE_DAYS));
        let mut out = Vec::new();
        for case in self.store().await?.cases_updated_since(&since).await? {
            let label = case
                .summary
                .case_number
                .clone()
                .unwrap_or_else(|| case.summary.cause.clone());
            for e in case
                .events
                .iter()
                .filter(|e| NOTICE_KINDS.contains(&e.kind.as_str()))
            {
                out.push(NoticeView {
                    case_id: case.summary.id,
                    case_label: label.clone(),
                    event_id: e.id,
                    at: e.at.clone(),
                    kind: e.kind.clone(),
                    title: e.title.clone(),
                    detail: e.detail.clone(),
                });
            }
        }
        out.sort_by(|a, b| b.at.cmp(&a.at).then(b.event_id.cmp(&a.event_id)));
        out.truncate(20);
        Ok(out)
    }

    pub async fn review_queue(&self) -> AppResult<ReviewQueue> {
        Ok(self.online_client().await?.review_queue().await?)
    }

    pub async fn issue_correction(
        &self,
        case_id: i64,
        items: Vec<CorrectionItem>,
        deadline_days: u32,
    ) -> AppResult<CorrectionNotice> {
        let req = CorrectionRequest {
            items,
            deadline_days,
        };
        let notice = self
            .online_client()
            .await?
            .issue_correction(case_id, &req)
            .await?;
        self.sync_now().await;
        Ok(notice)
    }

    pub async fn register_filing(&self, case_id: i64) -> AppResult<Registration> {
        let reg = self.online_client().await?.register(case_id).await?;
        self.sync_now().await;
        Ok(reg)
    }

    pub async fn reject_filing(&self, case_id: i64, reasons: &str) -> AppResult<()> {
        self.online_client().await?.reject(case_id, reasons).await?;
        self.sync_now().await;
        Ok(())
    }

    /// Pays through the development gateway of the embedded court. A real court's gateway is
    /// paid in the bank's app from the QR code; the court then tells the desktop by sync.
    pub async fn pay_in_demo(&self, payment_number: &str) -> AppResult<FeeNotice> {
        if self.embedded.is_none() {
            return Err(AppError::new(
                AppErrorCode::Forbidden,
                "pay with the QR code in your bank's app",
            ));
        }
        let notice = self
            .online_client()
            .await?
            .dev_settle(payment_number)
            .await?;
        self.sync_now().await;
        Ok(notice)
    }
}

/// An SVG QR code of `text` (the payment address), for the fee notice.
pub fn qr_svg(text: &str) -> AppResult<String> {
    let code = qrcode::QrCode::new(text.as_bytes())
        .map_err(|e| AppError::new(AppErrorCode::InvalidInput, e.to_string()))?;
    Ok(code
        .render::<qrcode::render::svg::Color>()
        .min_dimensions(200, 200)
        .quiet_zone(true)
        .build())
}

fn ecourt_store_id() -> String {
    format!("draft-{}", uuid::Uuid::new_v4())
}
