//! 网上立案: filing applications and their review (domain.md §2).
//!
//! An application becomes a case in the stage 立案审查 without a case number; the filer sees it
//! through the ordinary sync feed. The court reviews it within 7 days (periods counted with the
//! holiday calendar, 民诉法 Art. 85) and then registers it (案号 and the fee notice), issues the
//! one correction notice that lists every item at once (一次性告知; a second is refused), or
//! refuses it with reasons. A correction restarts the 7 days from the day after it arrives.
//! When the correction deadline passes the materials are returned (退回), and when the fee is
//! not paid within 7 days of the notice the suit is treated as withdrawn (按撤诉处理):
//! [`sweep`] does both, run by the court's clock.

use crate::filing::payments;
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::case_numbers;
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::db::{opt_string, placeholders, Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::periods;
use crate::kernel::state::AppState;
use chrono::{DateTime, NaiveDate, Utc};
use ecourt_api::{
    Account, ActionRequest, ApiErrorCode, CorrectionItem, CorrectionNotice, CorrectionRequest,
    FilingState, FilingStatus, Registration, ReviewQueue, ReviewQueueItem,
};
use ecourt_domain::filing::{FilingApplication, PartyKind};
use ecourt_domain::{AccountKind, CaseRole, CaseType};
use sha2::{Digest, Sha256};
use sqlx::Row;
use std::collections::HashMap;

/// 《最高人民法院关于人民法院推行立案登记制改革的意见》 and the notice (seed §2): the court
/// reviews an online application within 7 days.
pub const REVIEW_DAYS: u32 = 7;
/// The longest correction period a reviewer may set.
pub const MAX_CORRECTION_DAYS: u32 = 30;

type Effect = Result<Result<Option<i64>, Failure>, Failure>;

fn status_str(s: FilingStatus) -> &'static str {
    match s {
        FilingStatus::UnderReview => "under_review",
        FilingStatus::CorrectionRequested => "correction_requested",
        FilingStatus::Returned => "returned",
        FilingStatus::Rejected => "rejected",
        FilingStatus::Registered => "registered",
    }
}

fn parse_status(s: &str) -> anyhow::Result<FilingStatus> {
    [
        FilingStatus::UnderReview,
        FilingStatus::CorrectionRequested,
        FilingStatus::Returned,
        FilingStatus::Rejected,
        FilingStatus::Registered,
    ]
    .into_iter()
    .find(|x| status_str(*x) == s)
    .ok_or_else(|| anyhow::anyhow!("unknown filing status {s:?}"))
}

fn date_str(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn review_due(state: &AppState, now: DateTime<Utc>) -> anyhow::Result<NaiveDate> {
    Ok(periods::court_period_end(
        state,
        court_date(now),
        REVIEW_DAYS,
    )?)
}

fn conflict(message: impl Into<String>) -> Failure {
    Failure::new(ApiErrorCode::Conflict, message)
}

/// What the court refuses before it looks at the merits; `None` when the application may go on.
async fn refusal(
    tx: &mut Tx,
    caller: &Account,
    app: &FilingApplication,
    today: NaiveDate,
) -> Result<Option<Failure>, Failure> {
    if caller.kind.is_court_staff() {
        return Ok(Some(Failure::new(
            ApiErrorCode::Forbidden,
            "court staff do not file applications",
        )));
    }
    // 《人民法院在线诉讼规则》第七条: identity is verified before litigating online.
    let verified = sqlx::query(
        "SELECT 1 AS one FROM account_identity WHERE account_id = $1 AND verified_at IS NOT NULL",
    )
    .bind(caller.id)
    .fetch_optional(&mut **tx)
    .await?
    .is_some();
    if !verified {
        return Ok(Some(Failure::new(
            ApiErrorCode::IdentityStepMissing,
            "verify your identity (ID card and face) before filing online",
        )));
    }
    let problems = app.problems(today);
    if !problems.is_empty() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.code))
            .collect();
        return Ok(Some(Failure::new(
            ApiErrorCode::FilingProblems,
            lines.join("\n"),
        )));
    }
    let court = sqlx::query("SELECT code FROM courts WHERE code = $1")
        .bind(&app.court_code)
        .fetch_optional(&mut **tx)
        .await?;
    if court.is_none() {
        return Ok(Some(Failure::invalid(format!(
            "court_code: no court {} takes online filings here",
            app.court_code
        ))));
    }
    let me = caller.display_name.as_str();
    let named = match caller.kind {
        AccountKind::Party => app.plaintiffs.iter().any(|p| p.name.trim() == me),
        _ => app.agents.iter().any(|a| a.name.trim() == me),
    };
    if !named {
        let message = match caller.kind {
            AccountKind::Party => "plaintiffs: 以本人名义起诉时，原告中应有您本人",
            _ => "agents: 代为立案时，请在代理人中填写您本人并上传授权委托书",
        };
        return Ok(Some(Failure::new(ApiErrorCode::FilingProblems, message)));
    }
    for f in app.files() {
        let row = sqlx::query(
            "SELECT size_bytes, mime_type FROM uploads WHERE account_id = $1 AND sha256 = $2",
        )
        .bind(caller.id)
        .bind(&f.sha256)
        .fetch_optional(&mut **tx)
        .await?;
        let matches = match row {
            Some(r) => {
                r.try_get::<i64, _>("size_bytes")? == f.size_bytes
                    && r.try_get::<String, _>("mime_type")? == f.mime_type
            }
            None => false,
        };
        if !matches {
            return Ok(Some(Failure::invalid(format!(
                "the file “{}” did not reach the court; please attach it again",
                f.name
            ))));
        }
    }
    Ok(None)
}

async fn insert_participants(
    tx: &mut Tx,
    case_id: i64,
    caller: &Account,
    app: &FilingApplication,
) -> sqlx::Result<()> {
    let mut linked = false;
    let mut rows: Vec<cases::NewParticipant> = Vec::new();
    for (list, role) in [
        (&app.plaintiffs, CaseRole::Plaintiff),
        (&app.defendants, CaseRole::Defendant),
        (&app.third_parties, CaseRole::ThirdParty),
    ] {
        for p in list {
            let me = !linked
                && role == CaseRole::Plaintiff
                && caller.kind == AccountKind::Party
                && p.name.trim() == caller.display_name;
            linked |= me;
            let note = match p.kind {
                PartyKind::Organisation => Some("法人或其他组织"),
                PartyKind::Person => None,
            };
            rows.push(cases::NewParticipant {
                account_id: me.then_some(caller.id),
                name: p.name.trim(),
                role,
                represents: None,
                note,
            });
        }
    }
    for a in &app.agents {
        let me =
            !linked && caller.kind != AccountKind::Party && a.name.trim() == caller.display_name;
        linked |= me;
        let note = (!a.firm.trim().is_empty()).then_some(a.firm.trim());
        rows.push(cases::NewParticipant {
            account_id: me.then_some(caller.id),
            name: a.name.trim(),
            role: CaseRole::Agent,
            represents: Some(a.represents.trim()),
            note,
        });
    }
    for p in &rows {
        cases::add_participant(tx, case_id, p).await?;
    }
    Ok(())
}

/// The complaint (起诉状) written out from the application, as the court keeps it.
pub fn complaint_text(app: &FilingApplication) -> String {
    let mut t = String::from("民事起诉状\n\n");
    for (label, list) in [
        ("原告", &app.plaintiffs),
        ("被告", &app.defendants),
        ("第三人", &app.third_parties),
    ] {
        for p in list {
            t += &format!("{label}：{}", p.name.trim());
            if !p.id_number.trim().is_empty() {
                t += &format!("，证件号码{}", p.id_number.trim());
            }
            if !p.representative.trim().is_empty() {
                t += &format!("，法定代表人{}", p.representative.trim());
            }
            if !p.address.trim().is_empty() {
                t += &format!("，住所{}", p.address.trim());
            }
            t += "。\n";
        }
    }
    for a in &app.agents {
        t += &format!(
            "委托诉讼代理人：{}（代理{}）",
            a.name.trim(),
            a.represents.trim()
        );
        if !a.firm.trim().is_empty() {
            t += &format!("，{}律师", a.firm.trim());
        }
        t += "。\n";
    }
    t += &format!("\n案由：{}\n\n诉讼请求：\n", app.cause.trim());
    for (i, c) in app.claims.iter().enumerate() {
        t += &format!("{}. {}\n", i + 1, c.text.trim());
    }
    t += &format!("\n事实与理由：\n{}\n", app.facts_and_reasons.trim());
    if !app.evidence.is_empty() {
        t += "\n证据清单：\n";
        for (i, e) in app.evidence.iter().enumerate() {
            t += &format!(
                "{}. {}（来源：{}；证明目的：{}）\n",
                i + 1,
                e.name.trim(),
                e.source.trim(),
                e.proves.trim()
            );
        }
    }
    t += "\n此致\n人民法院\n";
    t
}

/// Files the complaint and every uploaded file the case does not hold yet as documents.
async fn insert_materials(
    tx: &mut Tx,
    case_id: i64,
    caller: &Account,
    app: &FilingApplication,
    title: &str,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    cases::add_document(
        tx,
        case_id,
        now,
        cases::NewDocument {
            title,
            kind: "complaint",
            mime_type: "text/plain; charset=utf-8",
            content: complaint_text(app).into_bytes(),
        },
    )
    .await?;
    let mut named: Vec<(String, String, &str)> = Vec::new();
    for e in &app.evidence {
        for f in &e.files {
            named.push((
                format!("{}：{}", e.name.trim(), f.name),
                f.sha256.clone(),
                "evidence",
            ));
        }
    }
    for a in &app.agents {
        if let Some(f) = &a.power_of_attorney {
            named.push((
                format!("授权委托书：{}", a.name.trim()),
                f.sha256.clone(),
                "power_of_attorney",
            ));
        }
    }
    for (title, sha, kind) in named {
        let present =
            sqlx::query("SELECT 1 AS one FROM documents WHERE case_id = $1 AND sha256 = $2")
                .bind(case_id)
                .bind(&sha)
                .fetch_optional(&mut **tx)
                .await?
                .is_some();
        if present {
            continue;
        }
        sqlx::query(
            "INSERT INTO documents (case_id, title, kind, mime_type, size_bytes, sha256, content, created_at)
             SELECT $1, $2, $3, mime_type, size_bytes, sha256, content, $4 FROM uploads
             WHERE account_id = $5 AND sha256 = $6",
        )
        .bind(case_id)
        .bind(title)
        .bind(kind)
        .bind(stamp(now))
        .bind(caller.id)
        .bind(&sha)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

fn application_json(app: &FilingApplication) -> anyhow::Result<String> {
    Ok(serde_json::to_string(app)?)
}

/// A new application from the filer's outbox (inside the action's transaction).
pub async fn submit(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    req: &ActionRequest,
    draft_id: &str,
    app: &FilingApplication,
) -> Effect {
    let now = state.clock.now();
    if draft_id.is_empty() || draft_id.len() > 64 {
        return Ok(Err(Failure::invalid("draft_id must be 1 to 64 characters")));
    }
    if let Some(r) = refusal(tx, caller, app, court_date(now)).await? {
        return Ok(Err(r));
    }
    let earlier =
        sqlx::query("SELECT case_id FROM filings WHERE filer_account_id = $1 AND draft_id = $2")
            .bind(caller.id)
            .bind(draft_id)
            .fetch_optional(&mut **tx)
            .await?;
    if earlier.is_some() {
        return Ok(Err(conflict("this draft was already filed")));
    }
    let due = review_due(state, now)?;
    let case_id: i64 = sqlx::query(
        "INSERT INTO cases (case_number, court_code, cause, case_type, stage, next_deadline_date, next_deadline_label,
                            created_at, updated_at, change_seq)
         VALUES (NULL, $1, $2, $3, 'filing_review', $4, '法院审查期限', $5, $5, 0) RETURNING id",
    )
    .bind(&app.court_code)
    .bind(app.cause.trim())
    .bind(app.case_type.as_str())
    .bind(date_str(due))
    .bind(stamp(now))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    insert_participants(tx, case_id, caller, app).await?;
    insert_materials(tx, case_id, caller, app, "民事起诉状", now).await?;
    let json = application_json(app)?;
    sqlx::query(
        "INSERT INTO filings (case_id, filer_account_id, draft_id, status, application, submitted_at, review_due, round)
         VALUES ($1, $2, $3, 'under_review', $4, $5, $6, 1)",
    )
    .bind(case_id)
    .bind(caller.id)
    .bind(draft_id)
    .bind(&json)
    .bind(stamp(now))
    .bind(date_str(due))
    .execute(&mut **tx)
    .await?;
    let detail = format!("法院将于{}前完成审查", date_str(due));
    let event = cases::record_act(
        tx,
        now,
        Act {
            case_id,
            kind: "filing_submitted",
            title: "提交立案申请",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "draft_id": draft_id,
                "client_id": req.client_id,
                "mutation_id": req.mutation_id,
                "application_sha256": hex::encode(Sha256::digest(json.as_bytes())),
                "files": app.files().iter().map(|f| &f.sha256).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    crate::kernel::consent::implied_by_filing(tx, now, case_id, caller, event).await?;
    Ok(Ok(Some(event)))
}

/// The corrected application (补正), answering the correction notice before its deadline.
pub async fn resubmit(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    req: &ActionRequest,
    case_id: i64,
    app: &FilingApplication,
) -> Effect {
    let now = state.clock.now();
    let today = court_date(now);
    let row = sqlx::query(
        "SELECT f.status, n.deadline FROM filings f LEFT JOIN correction_notices n ON n.case_id = f.case_id
         WHERE f.case_id = $1 AND f.filer_account_id = $2",
    )
    .bind(case_id)
    .bind(caller.id)
    .fetch_optional(&mut **tx)
    .await?;
    let Some(row) = row else {
        return Ok(Err(Failure::not_found()));
    };
    if parse_status(&row.try_get::<String, _>("status")?)? != FilingStatus::CorrectionRequested {
        return Ok(Err(conflict(
            "this application is not waiting for corrections",
        )));
    }
    let deadline: String = row.try_get("deadline")?;
    if date_str(today) > deadline {
        return Ok(Err(conflict(format!(
            "the deadline for corrections ({deadline}) has passed"
        ))));
    }
    if let Some(r) = refusal(tx, caller, app, today).await? {
        return Ok(Err(r));
    }
    if app.court_code != current_court(tx, case_id).await? {
        return Ok(Err(Failure::invalid(
            "court_code: a correction cannot move the application to another court",
        )));
    }
    let due = review_due(state, now)?;
    sqlx::query("DELETE FROM case_participants WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    insert_participants(tx, case_id, caller, app).await?;
    insert_materials(tx, case_id, caller, app, "民事起诉状（补正后）", now).await?;
    let json = application_json(app)?;
    sqlx::query(
        // The first version is kept from the application this one replaces (the SET sees the
        // row as it was), once.
        "UPDATE filings SET status = 'under_review', first_application = COALESCE(first_application, application),
                application = $1, submitted_at = $2, review_due = $3, round = round + 1
         WHERE case_id = $4",
    )
    .bind(&json)
    .bind(stamp(now))
    .bind(date_str(due))
    .bind(case_id)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE correction_notices SET answered_at = $1 WHERE case_id = $2")
        .bind(stamp(now))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query("UPDATE cases SET cause = $1, next_deadline_date = $2, next_deadline_label = '法院审查期限' WHERE id = $3")
        .bind(app.cause.trim())
        .bind(date_str(due))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    let detail = format!("已按补正通知修改，法院将于{}前完成审查", date_str(due));
    let event = cases::record_act(
        tx,
        now,
        Act {
            case_id,
            kind: "filing_corrected",
            title: "提交补正材料",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "client_id": req.client_id,
                "mutation_id": req.mutation_id,
                "application_sha256": hex::encode(Sha256::digest(json.as_bytes())),
            }),
        },
    )
    .await?;
    Ok(Ok(Some(event)))
}

async fn current_court(tx: &mut Tx, case_id: i64) -> sqlx::Result<String> {
    sqlx::query("SELECT court_code FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get("court_code")
}

/// The filing states of these cases (already checked visible to the caller).
pub async fn states(db: &Db, ids: &[i64]) -> sqlx::Result<HashMap<i64, FilingState>> {
    let mut out = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT f.case_id, f.status, f.application, f.first_application, f.submitted_at, f.review_due, f.round, f.decision_reasons,
                n.issued_at, n.deadline, n.items, n.answered_at, a.display_name AS issued_by
         FROM filings f
         LEFT JOIN correction_notices n ON n.case_id = f.case_id
         LEFT JOIN accounts a ON a.id = n.issued_by
         WHERE f.case_id IN ({list})"
    );
    let bad = |e: anyhow::Error| sqlx::Error::Decode(e.into());
    for row in cases::rows_for_cases(db, &sql, ids).await? {
        let correction = match opt_string(&row, "issued_at")? {
            Some(issued_at) => Some(CorrectionNotice {
                issued_at,
                issued_by: row.try_get("issued_by")?,
                deadline: row.try_get("deadline")?,
                items: serde_json::from_str(&row.try_get::<String, _>("items")?)
                    .map_err(|e| bad(e.into()))?,
                answered_at: opt_string(&row, "answered_at")?,
            }),
            None => None,
        };
        let case_id: i64 = row.try_get("case_id")?;
        out.insert(
            case_id,
            FilingState {
                status: parse_status(&row.try_get::<String, _>("status")?).map_err(bad)?,
                submitted_at: row.try_get("submitted_at")?,
                review_due: row.try_get("review_due")?,
                round: row.try_get("round")?,
                application: serde_json::from_str(&row.try_get::<String, _>("application")?)
                    .map_err(|e| bad(e.into()))?,
                first_application: match opt_string(&row, "first_application")? {
                    Some(json) => Some(serde_json::from_str(&json).map_err(|e| bad(e.into()))?),
                    None => None,
                },
                correction,
                decision_reasons: opt_string(&row, "decision_reasons")?,
                fee: None,
            },
        );
    }
    let sql = format!(
        "SELECT case_id, payment_number, amount_fen, breakdown, issued_at, due_date, status, pay_uri, paid_at, receipt_document_id
         FROM fee_notices WHERE case_id IN ({list})"
    );
    for row in cases::rows_for_cases(db, &sql, ids).await? {
        let case_id: i64 = row.try_get("case_id")?;
        if let Some(state) = out.get_mut(&case_id) {
            state.fee = Some(payments::notice_from_row(&row).map_err(bad)?);
        }
    }
    Ok(out)
}

fn require_staff(caller: &Account) -> ApiResult<&str> {
    match (&caller.court_code, caller.kind.is_court_staff()) {
        (Some(court), true) => Ok(court),
        _ => Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff review filings",
        )),
    }
}

/// The court's review queue: applications waiting for a decision first, the nearest review
/// deadline first; then those waiting for the filer's corrections.
pub async fn review_queue(state: &AppState, caller: &Account) -> ApiResult<ReviewQueue> {
    let court = require_staff(caller)?;
    crate::kernel::deadlines::catch_up(state).await?;
    let today = court_date(state.clock.now());
    let rows = sqlx::query(
        "SELECT f.case_id, f.status, f.application, f.first_application, f.submitted_at, f.review_due, f.round, c.cause
         FROM filings f JOIN cases c ON c.id = f.case_id
         WHERE c.court_code = $1 AND f.status IN ('under_review', 'correction_requested')
         ORDER BY CASE f.status WHEN 'under_review' THEN 0 ELSE 1 END, f.review_due, f.submitted_at",
    )
    .bind(court)
    .fetch_all(&state.db.pool)
    .await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let app: FilingApplication =
            serde_json::from_str(&row.try_get::<String, _>("application")?)
                .map_err(anyhow::Error::from)?;
        let due: String = row.try_get("review_due")?;
        let due_date = NaiveDate::parse_from_str(&due, "%Y-%m-%d").map_err(anyhow::Error::from)?;
        let days_left = (due_date - today).num_days();
        let status = parse_status(&row.try_get::<String, _>("status")?)?;
        items.push(ReviewQueueItem {
            case_id: row.try_get("case_id")?,
            cause: row.try_get("cause")?,
            plaintiffs: app.plaintiffs.iter().map(|p| p.name.clone()).collect(),
            defendants: app.defendants.iter().map(|p| p.name.clone()).collect(),
            status,
            submitted_at: row.try_get("submitted_at")?,
            review_due: due,
            days_left,
            overdue: status == FilingStatus::UnderReview && days_left < 0,
            round: row.try_get("round")?,
        });
    }
    Ok(ReviewQueue { items })
}

/// Loads an application for a reviewer of its court, refusing unless it awaits a decision.
async fn for_decision(
    tx: &mut Tx,
    caller: &Account,
    case_id: i64,
) -> ApiResult<(FilingApplication, CaseType)> {
    let court = require_staff(caller)?;
    let row = sqlx::query(
        "SELECT f.status, f.application, c.case_type FROM filings f JOIN cases c ON c.id = f.case_id
         WHERE f.case_id = $1 AND c.court_code = $2",
    )
    .bind(case_id)
    .bind(court)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(Failure::not_found)?;
    let status = parse_status(&row.try_get::<String, _>("status")?)?;
    if status != FilingStatus::UnderReview {
        return Err(conflict(match status {
            FilingStatus::CorrectionRequested => {
                "the application waits for the filer's corrections"
            }
            _ => "the application was already decided",
        }));
    }
    let app = serde_json::from_str(&row.try_get::<String, _>("application")?)
        .map_err(anyhow::Error::from)?;
    let case_type: String = row.try_get("case_type")?;
    let case_type = CaseType::parse(&case_type)
        .ok_or_else(|| anyhow::anyhow!("unknown case type {case_type}"))?;
    Ok((app, case_type))
}

/// Issues the one correction notice (一次性告知): every item at once, with its deadline.
pub async fn issue_correction(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &CorrectionRequest,
) -> ApiResult<CorrectionNotice> {
    crate::kernel::deadlines::catch_up(state).await?;
    let items: Vec<CorrectionItem> = req
        .items
        .iter()
        .map(|i| CorrectionItem {
            field: i.field.trim().into(),
            problem: i.problem.trim().into(),
        })
        .collect();
    if items.is_empty() || items.len() > 50 {
        return Err(Failure::invalid("a correction notice lists 1 to 50 items"));
    }
    if items
        .iter()
        .any(|i| i.field.is_empty() || i.problem.is_empty() || i.problem.chars().count() > 500)
    {
        return Err(Failure::invalid(
            "every item names its field and says what is wrong (at most 500 characters)",
        ));
    }
    if !(1..=MAX_CORRECTION_DAYS).contains(&req.deadline_days) {
        return Err(Failure::invalid(format!(
            "the deadline is 1 to {MAX_CORRECTION_DAYS} days"
        )));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    for_decision(&mut tx, caller, case_id).await?;
    let earlier = sqlx::query("SELECT 1 AS one FROM correction_notices WHERE case_id = $1")
        .bind(case_id)
        .fetch_optional(&mut *tx)
        .await?;
    if earlier.is_some() {
        return Err(conflict(
            "the correction notice was already issued: all items are told at once (一次性告知); register or refuse the application",
        ));
    }
    let deadline = periods::court_period_end(state, court_date(now), req.deadline_days)
        .map_err(anyhow::Error::from)?;
    let items_json = serde_json::to_string(&items).map_err(anyhow::Error::from)?;
    sqlx::query(
        "INSERT INTO correction_notices (case_id, issued_at, issued_by, deadline, items) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(stamp(now))
    .bind(caller.id)
    .bind(date_str(deadline))
    .bind(&items_json)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE filings SET status = 'correction_requested' WHERE case_id = $1")
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE cases SET next_deadline_date = $1, next_deadline_label = '补正期限' WHERE id = $2",
    )
    .bind(date_str(deadline))
    .bind(case_id)
    .execute(&mut *tx)
    .await?;
    let mut detail = format!("请于{}前补正以下{}项：", date_str(deadline), items.len());
    for (i, item) in items.iter().enumerate() {
        detail += &format!("\n{}. {}", i + 1, item.problem);
    }
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "correction_notice",
            title: "补正通知",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({ "deadline": date_str(deadline), "items": items }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(CorrectionNotice {
        issued_at: stamp(now),
        issued_by: caller.display_name.clone(),
        deadline: date_str(deadline),
        items,
        answered_at: None,
    })
}

/// Registers the case (立案登记): the next case number of its court, year and type, and the
/// fee notice with its payment number and 7 days to pay.
pub async fn register(state: &AppState, caller: &Account, case_id: i64) -> ApiResult<Registration> {
    crate::kernel::deadlines::catch_up(state).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let (app, case_type) = for_decision(&mut tx, caller, case_id).await?;
    let court = require_staff(caller)?;
    let number =
        case_numbers::allocate(&mut tx, court, case_numbers::court_year(now), case_type).await?;
    let quote = app.fee_quote();
    let payment_number = payments::payment_number(case_numbers::court_year(now));
    let due = payments::due_date(state, now)?;
    let breakdown = crate::filing::fees::to_wire(quote.clone()).breakdown;
    sqlx::query("UPDATE cases SET case_number = $1, stage = 'awaiting_hearing', next_deadline_date = $2, next_deadline_label = '交费期限' WHERE id = $3")
        .bind(number.to_string())
        .bind(date_str(due))
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE filings SET status = 'registered', decided_at = $1 WHERE case_id = $2")
        .bind(stamp(now))
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO fee_notices (payment_number, case_id, amount_fen, breakdown, issued_at, due_date, status, pay_uri)
         VALUES ($1, $2, $3, $4, $5, $6, 'unpaid', $7)",
    )
    .bind(&payment_number)
    .bind(case_id)
    .bind(quote.total.fen())
    .bind(serde_json::to_string(&breakdown).map_err(anyhow::Error::from)?)
    .bind(stamp(now))
    .bind(date_str(due))
    .bind(state.payments.pay_uri(&payment_number, quote.total)?)
    .execute(&mut *tx)
    .await?;
    let registered = format!("案号{number}");
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "filing_registered",
            title: "立案登记",
            detail: Some(&registered),
            actor: Some(caller),
            audit: serde_json::json!({
                "case_number": number.to_string(),
                "payment_number": payment_number,
                "fee": quote.total.to_string(),
                "due_date": date_str(due),
            }),
        },
    )
    .await?;
    let fee_detail = format!(
        "请于{}前交纳案件受理费{}元，交费编号{}；逾期未交按撤诉处理",
        date_str(due),
        quote.total,
        payment_number
    );
    cases::add_event(
        &mut tx,
        case_id,
        now,
        "fee_notice",
        "交费通知",
        Some(&fee_detail),
        Some(caller),
    )
    .await?;
    tx.commit().await?;
    let fee = payments::notice_for_case(&state.db, case_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the fee notice vanished"))?;
    Ok(Registration {
        case_number: number.to_string(),
        fee,
    })
}

/// Refuses the application with reasons (不予受理).
pub async fn reject(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    reasons: &str,
) -> ApiResult<()> {
    let reasons = reasons.trim();
    if reasons.is_empty() || reasons.chars().count() > 2000 {
        return Err(Failure::invalid(
            "give the reasons (at most 2000 characters)",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    for_decision(&mut tx, caller, case_id).await?;
    sqlx::query("UPDATE filings SET status = 'rejected', decided_at = $1, decision_reasons = $2 WHERE case_id = $3")
        .bind(stamp(now))
        .bind(reasons)
        .bind(case_id)
        .execute(&mut *tx)
        .await?;
    close_case(&mut tx, case_id).await?;
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "filing_rejected",
            title: "不予受理",
            detail: Some(reasons),
            actor: Some(caller),
            audit: serde_json::json!({ "reasons": reasons }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

async fn close_case(tx: &mut Tx, case_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE cases SET stage = 'closed', next_deadline_date = NULL, next_deadline_label = NULL WHERE id = $1")
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// What the court's clock decides, swept by the kernel's scheduler (registered in
/// [`super::register`]): an application not corrected by its deadline is returned (退回).
/// Each change is its own transaction and re-checks the state, so concurrent sweeps are safe.
/// Returns how many cases changed.
pub async fn return_uncorrected(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let today = date_str(court_date(now));
    let mut changed = 0;
    let overdue = sqlx::query(
        "SELECT f.case_id, n.deadline FROM filings f JOIN correction_notices n ON n.case_id = f.case_id
         WHERE f.status = 'correction_requested' AND n.deadline < $1",
    )
    .bind(&today)
    .fetch_all(&state.db.pool)
    .await?;
    for row in overdue {
        let case_id: i64 = row.try_get("case_id")?;
        let deadline: String = row.try_get("deadline")?;
        let mut tx = state.db.begin_write().await?;
        let reasons = format!("未在补正期限（{deadline}）内补正");
        let done = sqlx::query(
            "UPDATE filings SET status = 'returned', decided_at = $1, decision_reasons = $2
             WHERE case_id = $3 AND status = 'correction_requested'",
        )
        .bind(stamp(now))
        .bind(&reasons)
        .bind(case_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if done == 1 {
            close_case(&mut tx, case_id).await?;
            let detail = format!("{reasons}，立案材料已退回。您可以重新提交立案申请。");
            cases::record_act(
                &mut tx,
                now,
                Act {
                    case_id,
                    kind: "filing_returned",
                    title: "材料退回",
                    detail: Some(&detail),
                    actor: None,
                    audit: serde_json::json!({ "deadline": deadline }),
                },
            )
            .await?;
            changed += 1;
        }
        tx.commit().await?;
    }
    Ok(changed)
}

/// A fee not paid by its due date makes the suit treated as withdrawn (按撤诉处理,
/// 《诉讼费用交纳办法》第二十二条), swept like [`return_uncorrected`].
pub async fn withdraw_unpaid(state: &AppState) -> anyhow::Result<usize> {
    let now = state.clock.now();
    let today = date_str(court_date(now));
    let mut changed = 0;
    let unpaid = sqlx::query("SELECT case_id, payment_number, due_date FROM fee_notices WHERE status = 'unpaid' AND due_date < $1")
        .bind(&today)
        .fetch_all(&state.db.pool)
        .await?;
    for row in unpaid {
        let case_id: i64 = row.try_get("case_id")?;
        let number: String = row.try_get("payment_number")?;
        let due: String = row.try_get("due_date")?;
        let mut tx = state.db.begin_write().await?;
        let done = sqlx::query("UPDATE fee_notices SET status = 'withdrawn' WHERE payment_number = $1 AND status = 'unpaid'")
            .bind(&number)
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if done == 1 {
            close_case(&mut tx, case_id).await?;
            let detail = format!(
                "未在{due}前交纳案件受理费，本案按撤诉处理（《诉讼费用交纳办法》第二十二条）"
            );
            cases::record_act(
                &mut tx,
                now,
                Act {
                    case_id,
                    kind: "treated_as_withdrawn",
                    title: "按撤诉处理",
                    detail: Some(&detail),
                    actor: None,
                    audit: serde_json::json!({ "payment_number": number, "due_date": due }),
                },
            )
            .await?;
            changed += 1;
        }
        tx.commit().await?;
    }
    Ok(changed)
}
