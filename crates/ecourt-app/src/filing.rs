//! Filing on the desktop (网上立案): drafts saved as the filer types, files attached by content
//! hash, a local pre-check and fee estimate, submission through the outbox; and, for court
//! staff, the review queue and its decisions, which go straight to the court (they are the
//! court's acts and need it online). Payment goes through the court's gateway.

use crate::{App, AppError, AppErrorCode, AppResult, NoticeView};

/// Timeline events that are the court telling the user something they must know or do.
const NOTICE_KINDS: [&str; 10] = [
    // A hearing set or moved: the person must know the new time (and may have to answer).
    "hearing_scheduled",
    "hearing_rescheduled",
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
        self.draft_from(&self.store().await?, None, application)
            .await
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
        let detail = crate::cached_case(&store, case_id).await?;
        let filing = filing_of(detail.filing)?;
        self.draft_from(&store, Some(case_id), filing.application)
            .await
    }

    /// A new application from the materials of one the court returned (材料退回) or refused
    /// (不予受理): everything as filed, to be corrected and filed again as a new application
    /// (《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百一十二条: 裁定不予受理、
    /// 驳回起诉的案件，原告再次起诉，符合起诉条件的，人民法院应予受理). The files are those
    /// already given to the court, named by their hashes.
    pub async fn refile_draft(&self, case_id: i64) -> AppResult<FilingDraft> {
        use ecourt_api::FilingStatus;
        let store = self.store().await?;
        let detail = crate::cached_case(&store, case_id).await?;
        let filing = filing_of(detail.filing)?;
        if !matches!(
            filing.status,
            FilingStatus::Returned | FilingStatus::Rejected
        ) {
            return Err(AppError::new(
                AppErrorCode::Conflict,
                "only a returned or refused application is filed again",
            ));
        }
        let mut application = filing.application;
        application.court_code = detail.summary.court_code;
        self.draft_from(&store, None, application).await
    }

    /// A new draft on this computer holding `application`: the correction of case `case_id`, or
    /// (no case) a new filing.
    async fn draft_from(
        &self,
        store: &ecourt_store::Store,
        case_id: Option<i64>,
        application: ecourt_domain::FilingApplication,
    ) -> AppResult<FilingDraft> {
        let draft = FilingDraft {
            id: ecourt_store_id(),
            case_id,
            application,
            updated_at: self.now_stamp(),
            submitted_mutation_id: None,
        };
        store.save_draft(&draft).await?;
        Ok(draft)
    }

    /// The court's fee notice of a case as a PDF to print (交纳诉讼费用通知书), saved where the
    /// user keeps downloads. Drawn from the notice as the court sent it, with the worked example
    /// of the fee, the day it is due, what happens if it is not paid and how to ask for relief.
    pub async fn export_fee_notice(&self, case_id: i64) -> AppResult<String> {
        use ecourt_domain::fees;
        use ecourt_domain::money::Yuan;
        let store = self.store().await?;
        let detail = crate::cached_case(&store, case_id).await?;
        let filing = filing_of(detail.filing.as_ref())?;
        let fee = filing
            .fee
            .as_ref()
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no fee notice yet"))?;
        let fen = |s: &str| {
            Yuan::parse(s).map(Yuan::fen).map_err(|_| {
                AppError::new(
                    AppErrorCode::Internal,
                    format!("the court sent the amount {s}"),
                )
            })
        };
        let lines = (fee.breakdown.iter())
            .map(|l| Ok((l.label.clone(), l.rule.clone(), fen(&l.amount)?)))
            .collect::<AppResult<Vec<_>>>()?;
        let total_fen = fen(&fee.amount)?;
        // The worked example when the notice is the property scale of the claims as filed (the
        // court may have decided otherwise, e.g. halved it for the summary procedure).
        let claimed = filing.application.claimed_total();
        let worked_example =
            if claimed > Yuan::ZERO && fees::PROPERTY.apply(claimed).fen() == total_fen {
                worked_example_zh(&fees::PROPERTY.steps(claimed))
            } else {
                Vec::new()
            };
        let date_zh = |d: chrono::NaiveDate| d.format("%Y年%m月%d日").to_string();
        let issued_on = chrono::DateTime::parse_from_rfc3339(&fee.issued_at)
            .map(|t| date_zh(crate::clock::court_date(t.with_timezone(&chrono::Utc))))
            .unwrap_or_else(|_| fee.issued_at.clone());
        let due_on = chrono::NaiveDate::parse_from_str(&fee.due_date, "%Y-%m-%d")
            .map(date_zh)
            .unwrap_or_else(|_| fee.due_date.clone());
        let payer = (filing.application.plaintiffs.iter())
            .map(|p| p.name.trim())
            .collect::<Vec<_>>()
            .join("、");
        let label = detail
            .summary
            .case_number
            .clone()
            .unwrap_or_else(|| detail.summary.cause.clone());
        let paper = ecourt_papers::FeeNoticePaper {
            court_name: detail.summary.court_name.clone(),
            case_label: label.clone(),
            payer,
            payment_number: fee.payment_number.clone(),
            lines,
            total_fen,
            issued_on,
            due_on,
            worked_example,
            notes: vec![
                format!(
                    "请自收到本通知次日起{}日内交纳案件受理费（{}）。可用手机银行扫描交费通知上的二维码，或凭交费编号在网上银行交纳。",
                    fees::PAY_WITHIN_DAYS,
                    fees::PAY_WITHIN_RULE
                ),
                format!(
                    "逾期不交纳，又未申请缓交、减交、免交或者申请未获批准的，人民法院将裁定按撤诉处理（{}）。",
                    fees::NOT_PAID_RULE
                ),
                format!(
                    "交纳诉讼费用确有困难的，可以向人民法院书面申请缓交、减交或者免交（司法救助），并附上确有经济困难的证明材料；请尽早提出，不要晚于交费截止日（{}）。",
                    fees::RELIEF_RULE
                ),
            ],
        };
        let font = papers_font()?;
        let pdf = ecourt_papers::render_fee_notice(&paper, &font)
            .map_err(|e| AppError::new(AppErrorCode::Internal, e.to_string()))?;
        self.write_export(&label, "交纳诉讼费用通知书", "pdf", &pdf)
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

    /// The court's name for its code (a filer knows "重庆市渝中区人民法院", not "渝0103"): from
    /// the user's cached cases of that court, else the embedded demo court's; none when this
    /// computer has not heard of the court.
    pub async fn court_name(&self, code: &str) -> AppResult<Option<String>> {
        let cases = (self.store().await?)
            .list_cases(&ecourt_store::CaseQuery::default())
            .await?;
        if let Some(c) = cases.into_iter().find(|c| c.court_code == code) {
            return Ok(Some(c.court_name));
        }
        let demo = ecourt_server::embedded::DEMO_COURT_CODE;
        Ok((self.embedded.is_some() && code == demo)
            .then(|| ecourt_server::embedded::DEMO_COURT_NAME.to_string()))
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
        let store = self.store().await?;
        let marks = store.read_marks().await?;
        for case in store.cases_updated_since(&since).await? {
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
                    read: marks.is_read(ecourt_store::ReadKind::Event, case.summary.id, e.id),
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

/// The worked example in the court's words, one line per band, e.g.
/// "超过1万元至10万元的部分：90000.00元×2.5%＝2250.00元".
fn worked_example_zh(steps: &[ecourt_domain::fees::Step]) -> Vec<String> {
    let wan = |y: ecourt_domain::money::Yuan| {
        let fen = y.fen();
        if fen % 1_000_000 == 0 {
            format!("{}万元", fen / 1_000_000)
        } else {
            format!("{y}元")
        }
    };
    steps
        .iter()
        .map(|s| match s.rate_bp {
            None => format!(
                "不超过{}的部分：每件{}元",
                s.up_to.map(wan).unwrap_or_default(),
                s.fee
            ),
            Some(bp) => {
                let band = match s.up_to {
                    Some(up) => format!("超过{}至{}的部分", wan(s.above), wan(up)),
                    None => format!("超过{}的部分", wan(s.above)),
                };
                let rate = format!("{}", bp as f64 / 100.0);
                format!("{band}：{}元×{rate}%＝{}元", s.part, s.fee)
            }
        })
        .collect()
}

/// The papers' font as configured (`ECOURT_PAPERS_FONT`), else the system's.
fn papers_font() -> AppResult<ecourt_papers::FontSource> {
    let set = ecourt_papers::FONT_SETTINGS
        .into_iter()
        .find_map(|name| std::env::var_os(name).filter(|p| !p.is_empty()));
    ecourt_papers::FontSource::configured(set.as_deref().map(std::path::Path::new))
        .map_err(|e| AppError::new(AppErrorCode::Internal, e.to_string()))
}

fn ecourt_store_id() -> String {
    format!("draft-{}", uuid::Uuid::new_v4())
}

/// A case's filing application, or a plain "no filing application" (a case filed on paper).
fn filing_of<T>(filing: Option<T>) -> AppResult<T> {
    filing.ok_or_else(|| {
        AppError::new(
            AppErrorCode::NotFound,
            "this case has no filing application",
        )
    })
}
