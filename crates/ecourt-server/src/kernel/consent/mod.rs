//! The consent ledger (在线诉讼同意, 《人民法院在线诉讼规则》 Art. 4-5; seed §1 确认、留痕): each
//! party's consent to handling one step of one case online — filing, mediation, evidence
//! exchange, hearing, service — given, declined, withdrawn, or set aside by the court on an
//! exclusion ground; every entry with who, which case, which step, when and by which verified
//! means, on the case's timeline and in the court's view of the case.
//!
//! The rules are [`rules`]; this module reads and writes the ledger (`step_consents`,
//! `step_starts`, migration 0016) and answers for the routes of `crate::consent` (`/api/v1/cases/{id}/consents`). It sits in the kernel because every step's capability records into it: filing
//! call in: filing records the consent its submission implies ([`implied_by_filing`]), the
//! hearing's answer and exclusion go through [`decide`] and [`append`], and a step's start is
//! marked with [`mark_started`]. This module calls none of them.

pub mod rules;

use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::db::{opt_string, Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::{DateTime, Duration, Utc};
use ecourt_api::*;
use rules::{Answer, Refusal, Standing};
use sqlx::Row;

/// A face re-check this recent is recorded as the means of an answer (the hearing asks for
/// the same freshness to join).
const FRESH_RECHECK_HOURS: i64 = 2;

/// The step as the court's documents name it.
pub fn step_zh(step: OnlineStep) -> &'static str {
    match step {
        OnlineStep::Filing => "网上立案",
        OnlineStep::Mediation => "在线调解",
        OnlineStep::EvidenceExchange => "在线证据交换",
        OnlineStep::Hearing => "在线庭审",
        OnlineStep::Service => "电子送达",
    }
}

/// One entry to add to the ledger.
pub struct Entry<'a> {
    pub case_id: i64,
    pub account_id: i64,
    pub name: &'a str,
    pub step: OnlineStep,
    pub kind: StepConsentKind,
    pub ground: Option<ExclusionGround>,
    pub reason: Option<&'a str>,
    pub means: ConsentMeans,
    pub recorded_by: i64,
    /// The timeline event that shows it.
    pub event_id: Option<i64>,
}

/// Adds an entry, inside the transaction of the act it belongs to.
pub async fn append(tx: &mut Tx, now: DateTime<Utc>, e: &Entry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO step_consents (case_id, account_id, name, step, kind, ground, reason, means, recorded_by, at, event_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(e.case_id)
    .bind(e.account_id)
    .bind(e.name)
    .bind(e.step.as_str())
    .bind(e.kind.as_str())
    .bind(e.ground.map(|g| g.as_str()))
    .bind(e.reason)
    .bind(e.means.as_str())
    .bind(e.recorded_by)
    .bind(stamp(now))
    .bind(e.event_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Marks that a step of the case has started (the first time only): consent to it can no
/// longer be withdrawn (Art. 5).
pub async fn mark_started(
    tx: &mut Tx,
    case_id: i64,
    step: OnlineStep,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO step_starts (case_id, step, started_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING",
    )
    .bind(case_id)
    .bind(step.as_str())
    .bind(stamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn decode(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected {what} {value:?}").into())
}

fn standing_from(row: &sqlx::any::AnyRow) -> sqlx::Result<(OnlineStep, Standing)> {
    let step: String = row.try_get("step")?;
    let kind: String = row.try_get("kind")?;
    let ground = opt_string(row, "ground")?;
    Ok((
        OnlineStep::parse(&step).ok_or_else(|| decode("step", &step))?,
        Standing {
            kind: StepConsentKind::parse(&kind).ok_or_else(|| decode("kind", &kind))?,
            ground: match ground {
                Some(g) => Some(ExclusionGround::parse(&g).ok_or_else(|| decode("ground", &g))?),
                None => None,
            },
        },
    ))
}

/// Whether the answer may be recorded, and as what: the person's standing on this step and
/// the step's start read inside the transaction that will record it.
pub async fn decide(
    tx: &mut Tx,
    case_id: i64,
    account_id: i64,
    step: OnlineStep,
    answer: &Answer,
) -> anyhow::Result<Result<StepConsentKind, Failure>> {
    let entries = sqlx::query(
        "SELECT step, kind, ground FROM step_consents WHERE case_id = $1 AND account_id = $2 ORDER BY id",
    )
    .bind(case_id)
    .bind(account_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(standing_from)
    .collect::<sqlx::Result<Vec<_>>>()?;
    let started =
        sqlx::query("SELECT started_at FROM step_starts WHERE case_id = $1 AND step = $2")
            .bind(case_id)
            .bind(step.as_str())
            .fetch_optional(&mut **tx)
            .await?
            .is_some();
    Ok(
        rules::decide(rules::standing_on(&entries, step), answer, started)
            .map_err(|r| refusal(r, step)),
    )
}

/// The closed code and words for each refusal.
pub fn refusal(r: Refusal, step: OnlineStep) -> Failure {
    match r {
        Refusal::DecidedByCourt => Failure::new(
            ApiErrorCode::Conflict,
            "the court has decided you attend in the courtroom",
        ),
        Refusal::TooLate => Failure::new(
            ApiErrorCode::ConsentWithdrawalTooLate,
            format!(
                "the step {} has started: consent is withdrawn only before it",
                step.as_str()
            ),
        ),
        Refusal::ReasonRequired => Failure::invalid("reason: say why the consent is withdrawn"),
        Refusal::ReasonTooLong => Failure::invalid("reason: at most 500 characters"),
        Refusal::NotGiven => Failure::new(
            ApiErrorCode::Conflict,
            "there is no consent to this step to withdraw",
        ),
    }
}

/// By which verified means the caller answers now.
pub async fn means_of(state: &AppState, caller: &Account) -> ApiResult<ConsentMeans> {
    if state
        .registry
        .face_rechecked(state, caller.id, Duration::hours(FRESH_RECHECK_HOURS))
        .await?
    {
        return Ok(ConsentMeans::FaceRecheck);
    }
    Ok(
        if state.registry.identity_of(state, caller).await?.verified {
            ConsentMeans::VerifiedIdentity
        } else {
            ConsentMeans::SignedIn
        },
    )
}

/// Filing online is consent to online filing (Art. 4(1)), and the filing step starts with it:
/// recorded with the submission's timeline event, in its transaction.
pub async fn implied_by_filing(
    tx: &mut Tx,
    now: DateTime<Utc>,
    case_id: i64,
    filer: &Account,
    event_id: i64,
) -> sqlx::Result<()> {
    mark_started(tx, case_id, OnlineStep::Filing, now).await?;
    append(
        tx,
        now,
        &Entry {
            case_id,
            account_id: filer.id,
            name: &filer.display_name,
            step: OnlineStep::Filing,
            kind: StepConsentKind::Given,
            ground: None,
            reason: None,
            means: ConsentMeans::FiledOnline,
            recorded_by: filer.id,
            event_id: Some(event_id),
        },
    )
    .await
}

/// The case's ledger, for the court and everyone in the case (anyone else: 404).
pub async fn ledger(db: &Db, caller: &Account, case_id: i64) -> ApiResult<StepConsentLedger> {
    if !cases::visible(db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    let rows = sqlx::query(
        "SELECT s.id, s.account_id, s.name, s.step, s.kind, s.ground, s.reason, s.means, s.at,
                r.display_name AS recorded_by
         FROM step_consents s JOIN accounts r ON r.id = s.recorded_by
         WHERE s.case_id = $1 ORDER BY s.id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut entries = Vec::with_capacity(rows.len());
    let mut standings: Vec<(i64, StepStanding)> = Vec::new();
    for row in &rows {
        let (step, standing) = standing_from(row)?;
        let account_id: i64 = row.try_get("account_id")?;
        let means: String = row.try_get("means")?;
        let entry = StepConsentEntry {
            id: row.try_get("id")?,
            name: row.try_get("name")?,
            step,
            kind: standing.kind,
            ground: standing.ground,
            reason: opt_string(row, "reason")?,
            means: ConsentMeans::parse(&means).ok_or_else(|| decode("means", &means))?,
            recorded_by: row.try_get("recorded_by")?,
            at: row.try_get("at")?,
            you: account_id == caller.id,
        };
        let now = StepStanding {
            name: entry.name.clone(),
            step,
            online: entry.kind == StepConsentKind::Given,
            kind: entry.kind,
            since: entry.at.clone(),
            you: entry.you,
        };
        // Entries come oldest first, so the last one per person and step stands.
        match standings
            .iter_mut()
            .find(|(a, s)| *a == account_id && s.step == step)
        {
            Some((_, s)) => *s = now,
            None => standings.push((account_id, now)),
        }
        entries.push(entry);
    }
    let started = sqlx::query(
        "SELECT step, started_at FROM step_starts WHERE case_id = $1 ORDER BY started_at, step",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|row| {
        let step: String = row.try_get("step")?;
        Ok(StepStarted {
            step: OnlineStep::parse(&step).ok_or_else(|| decode("step", &step))?,
            at: row.try_get("started_at")?,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(StepConsentLedger {
        case_id,
        entries,
        standings: standings.into_iter().map(|(_, s)| s).collect(),
        started,
    })
}

/// A party's own answer on a step of the case (mediation, evidence exchange, service; a
/// withdrawal of the consent filing implied is refused as too late).
pub async fn answer(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &StepConsentRequest,
) -> ApiResult<StepConsentLedger> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    if caller.kind.is_court_staff() {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "the court's own staff give no consent",
        ));
    }
    let answer = match req.answer {
        StepConsentAnswer::Give => Answer::Give,
        StepConsentAnswer::Withdraw => Answer::Withdraw {
            reason: req.reason.clone(),
        },
    };
    match (req.step, req.answer) {
        (OnlineStep::Filing, StepConsentAnswer::Give) => {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "consent to online filing is given by filing online",
            ))
        }
        (OnlineStep::Hearing, _) => {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "a hearing is answered on the hearing itself (/api/v1/hearings/{id}/consent)",
            ))
        }
        _ => {}
    }
    let means = means_of(state, caller).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let kind = decide(&mut tx, case_id, caller.id, req.step, &answer).await??;
    let reason = match kind {
        StepConsentKind::Withdrawn => req.reason.as_deref().map(str::trim),
        _ => None,
    };
    let (event_kind, title, detail) = match kind {
        StepConsentKind::Given => (
            "consent_given",
            format!("同意{}", step_zh(req.step)),
            format!(
                "{}同意以在线方式进行{}",
                caller.display_name,
                step_zh(req.step)
            ),
        ),
        _ => (
            "consent_withdrawn",
            format!("撤回{}的同意", step_zh(req.step)),
            format!("{}：{}", caller.display_name, reason.unwrap_or_default()),
        ),
    };
    let event_id = cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: event_kind,
            title: &title,
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "step": req.step.as_str(), "kind": kind.as_str(), "means": means.as_str(), "reason": reason,
            }),
        },
    )
    .await?;
    append(
        &mut tx,
        now,
        &Entry {
            case_id,
            account_id: caller.id,
            name: &caller.display_name,
            step: req.step,
            kind,
            ground: None,
            reason,
            means,
            recorded_by: caller.id,
            event_id: Some(event_id),
        },
    )
    .await?;
    tx.commit().await?;
    ledger(&state.db, caller, case_id).await
}
