//! Reading the evidence of a case as one caller may see it (the case's evidence book): the
//! period, the exchange, the items with their versions, the opinions, originals, deposits and
//! leaves; and the judge's matrix. Court staff see everything; a party sees their own side's
//! items always and the other side's only once an exchange was opened in the case.

use crate::evidence::rules;
use crate::kernel::db::{opt_string, Db};
use crate::kernel::error::{ApiResult, Failure};
use ecourt_api::*;
use ecourt_domain::CaseRole;
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// Where the caller stands in the case, for evidence.
#[derive(Debug, Clone)]
pub struct Standing {
    pub staff: bool,
    /// The caller's side (`plaintiff`, `defendant`, `third_party`; an agent's principal's).
    pub side: Option<String>,
}

/// A participant with an account: who may take part in the exchange.
#[derive(Debug, Clone)]
pub struct Party {
    pub account_id: i64,
    pub name: String,
    pub role: CaseRole,
    pub side: Option<String>,
}

fn is_party_role(role: CaseRole) -> bool {
    matches!(
        role,
        CaseRole::Plaintiff | CaseRole::Defendant | CaseRole::ThirdParty
    )
}

/// Every participant of the case with an account who is a party or an agent, with their side.
pub async fn parties(db: &Db, case_id: i64) -> sqlx::Result<Vec<Party>> {
    let rows = sqlx::query(
        "SELECT account_id, name, role, represents FROM case_participants WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut all = Vec::new();
    for r in &rows {
        let role: String = r.try_get("role")?;
        let Some(role) = CaseRole::parse(&role) else {
            continue;
        };
        all.push((
            r.try_get::<Option<i64>, _>("account_id")?,
            r.try_get::<String, _>("name")?,
            role,
            opt_string(r, "represents")?,
        ));
    }
    let side_of_name = |name: &str| {
        all.iter()
            .find(|(_, n, role, _)| n == name && is_party_role(*role))
            .map(|(_, _, role, _)| role.as_str().to_string())
    };
    Ok(all
        .iter()
        .filter_map(|(account, name, role, represents)| {
            let account_id = (*account)?;
            let side = if is_party_role(*role) {
                Some(role.as_str().to_string())
            } else if *role == CaseRole::Agent {
                represents.as_deref().and_then(side_of_name)
            } else {
                return None;
            };
            Some(Party {
                account_id,
                name: name.clone(),
                role: *role,
                side,
            })
        })
        .collect())
}

/// The caller's standing, or 404 when they may not see the case.
pub async fn standing(db: &Db, caller: &Account, case_id: i64) -> ApiResult<Standing> {
    if !crate::kernel::case_file::visible(db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    if caller.kind.is_court_staff() {
        return Ok(Standing {
            staff: true,
            side: None,
        });
    }
    let side = parties(db, case_id)
        .await?
        .into_iter()
        .find(|p| p.account_id == caller.id)
        .and_then(|p| p.side);
    Ok(Standing { staff: false, side })
}

/// Whether an exchange was ever opened in the case (then each side sees the other's items).
pub async fn exchange_opened(db: &Db, case_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 AS one FROM evidence_exchanges WHERE case_id = $1")
            .bind(case_id)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

fn parse<T>(r: &AnyRow, col: &str, f: impl Fn(&str) -> Option<T>) -> sqlx::Result<T> {
    let s: String = r.try_get(col)?;
    f(&s).ok_or_else(|| sqlx::Error::Decode(format!("unexpected {col} {s:?}").into()))
}

pub fn procedure_str(p: EvidenceProcedure) -> &'static str {
    match p {
        EvidenceProcedure::Ordinary => "ordinary",
        EvidenceProcedure::Summary => "summary",
        EvidenceProcedure::SmallClaims => "small_claims",
    }
}

fn procedure_parse(s: &str) -> Option<EvidenceProcedure> {
    [
        EvidenceProcedure::Ordinary,
        EvidenceProcedure::Summary,
        EvidenceProcedure::SmallClaims,
    ]
    .into_iter()
    .find(|p| procedure_str(*p) == s)
}

pub fn mode_str(m: ExchangeMode) -> &'static str {
    match m {
        ExchangeMode::Synchronous => "synchronous",
        ExchangeMode::Asynchronous => "asynchronous",
    }
}

fn mode_parse(s: &str) -> Option<ExchangeMode> {
    [ExchangeMode::Synchronous, ExchangeMode::Asynchronous]
        .into_iter()
        .find(|m| mode_str(*m) == s)
}

pub fn original_str(o: OriginalOrCopy) -> &'static str {
    match o {
        OriginalOrCopy::Original => "original",
        OriginalOrCopy::Copy => "copy",
    }
}

pub fn admission_str(a: Admission) -> &'static str {
    match a {
        Admission::Pending => "pending",
        Admission::Admitted => "admitted",
        Admission::NotAdmitted => "not_admitted",
    }
}

fn admission_parse(s: &str) -> Option<Admission> {
    [
        Admission::Pending,
        Admission::Admitted,
        Admission::NotAdmitted,
    ]
    .into_iter()
    .find(|a| admission_str(*a) == s)
}

pub fn stance_str(s: OpinionStance) -> &'static str {
    match s {
        OpinionStance::Agreed => "agreed",
        OpinionStance::Disputed => "disputed",
        OpinionStance::PartlyAgreed => "partly_agreed",
    }
}

fn stance_parse(s: &str) -> Option<OpinionStance> {
    [
        OpinionStance::Agreed,
        OpinionStance::Disputed,
        OpinionStance::PartlyAgreed,
    ]
    .into_iter()
    .find(|x| stance_str(*x) == s)
}

pub fn ground_str(g: OriginalGround) -> &'static str {
    match g {
        OriginalGround::Objection => "objection",
        OriginalGround::Unclear => "unclear",
        OriginalGround::Archive => "archive",
        OriginalGround::CourtNecessary => "court_necessary",
    }
}

fn ground_parse(s: &str) -> Option<OriginalGround> {
    [
        OriginalGround::Objection,
        OriginalGround::Unclear,
        OriginalGround::Archive,
        OriginalGround::CourtNecessary,
    ]
    .into_iter()
    .find(|g| ground_str(*g) == s)
}

pub fn outcome_str(o: OriginalOutcome) -> &'static str {
    match o {
        OriginalOutcome::Requested => "requested",
        OriginalOutcome::Provided => "provided",
        OriginalOutcome::CheckedOffline => "checked_offline",
        OriginalOutcome::NotProvided => "not_provided",
    }
}

fn outcome_parse(s: &str) -> Option<OriginalOutcome> {
    [
        OriginalOutcome::Requested,
        OriginalOutcome::Provided,
        OriginalOutcome::CheckedOffline,
        OriginalOutcome::NotProvided,
    ]
    .into_iter()
    .find(|o| outcome_str(*o) == s)
}

pub fn check_str(c: DepositCheck) -> &'static str {
    match c {
        DepositCheck::Matches => "matches",
        DepositCheck::Differs => "differs",
        DepositCheck::Unverified => "unverified",
    }
}

fn check_parse(s: &str) -> Option<DepositCheck> {
    [
        DepositCheck::Matches,
        DepositCheck::Differs,
        DepositCheck::Unverified,
    ]
    .into_iter()
    .find(|c| check_str(*c) == s)
}

pub fn kind_str(k: EvidenceFileKind) -> &'static str {
    match k {
        EvidenceFileKind::Document => "document",
        EvidenceFileKind::Picture => "picture",
        EvidenceFileKind::Audio => "audio",
        EvidenceFileKind::Video => "video",
    }
}

/// The latest evidence period of the case.
pub async fn period(db: &Db, case_id: i64) -> sqlx::Result<Option<EvidencePeriodView>> {
    let Some(r) = sqlx::query(
        "SELECT procedure_kind, from_date, days, ends, set_at FROM evidence_periods
         WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let procedure = parse(&r, "procedure_kind", procedure_parse)?;
    Ok(Some(EvidencePeriodView {
        procedure,
        from: r.try_get("from_date")?,
        days: r.try_get::<i64, _>("days")? as u32,
        ends: r.try_get("ends")?,
        rule: rules::period_bound(procedure).rule.to_string(),
        set_at: r.try_get("set_at")?,
    }))
}

/// The latest exchange of the case.
pub async fn exchange(db: &Db, case_id: i64) -> sqlx::Result<Option<ExchangeView>> {
    let Some(r) = sqlx::query(
        "SELECT id, mode, mode_basis, state, answer_until, hearing_id, opened_by_name, opened_at,
                closed_at, current_item
         FROM evidence_exchanges WHERE case_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let id: i64 = r.try_get("id")?;
    let parties = sqlx::query(
        "SELECT account_id, name, role FROM evidence_exchange_parties WHERE exchange_id = $1 ORDER BY account_id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|p| {
        Ok(ExchangeParty {
            account_id: p.try_get("account_id")?,
            name: p.try_get("name")?,
            role: p.try_get("role")?,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    let reminders =
        sqlx::query("SELECT at FROM evidence_reminders WHERE exchange_id = $1 ORDER BY id")
            .bind(id)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|p| p.try_get("at"))
            .collect::<sqlx::Result<Vec<String>>>()?;
    let state: String = r.try_get("state")?;
    Ok(Some(ExchangeView {
        id,
        mode: parse(&r, "mode", mode_parse)?,
        mode_basis: r.try_get("mode_basis")?,
        state: if state == "open" {
            ExchangeState::Open
        } else {
            ExchangeState::Closed
        },
        answer_until: r.try_get("answer_until")?,
        hearing_id: r.try_get("hearing_id")?,
        parties,
        opened_at: r.try_get("opened_at")?,
        opened_by: r.try_get("opened_by_name")?,
        reminders,
        closed_at: opt_string(&r, "closed_at")?,
        current_item: r.try_get("current_item")?,
    }))
}

/// Each party's latest choice of mode.
pub async fn mode_choices(db: &Db, case_id: i64) -> sqlx::Result<Vec<ModeChoiceView>> {
    let rows = sqlx::query(
        "SELECT account_id, name, mode, at FROM evidence_mode_choices WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut latest: Vec<ModeChoiceView> = Vec::new();
    for r in &rows {
        let v = ModeChoiceView {
            account_id: r.try_get("account_id")?,
            name: r.try_get("name")?,
            mode: parse(r, "mode", mode_parse)?,
            at: r.try_get("at")?,
        };
        latest.retain(|c| c.account_id != v.account_id);
        latest.push(v);
    }
    Ok(latest)
}

/// Which items of the case the caller sees.
fn sees(st: &Standing, opened: bool, item_side: &str) -> bool {
    st.staff || opened || st.side.as_deref() == Some(item_side)
}

/// The items of the case the caller may see, with everything on them.
pub async fn items(
    db: &Db,
    caller: &Account,
    st: &Standing,
    case_id: i64,
) -> sqlx::Result<Vec<EvidenceItemView>> {
    let opened = exchange_opened(db, case_id).await?;
    let rows = sqlx::query(
        "SELECT i.id, i.submitted_by, a.display_name, i.side, i.number, i.late, i.admission, i.admission_note
         FROM evidence_items i JOIN accounts a ON a.id = i.submitted_by
         WHERE i.case_id = $1 ORDER BY i.id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let side: String = r.try_get("side")?;
        if !sees(st, opened, &side) {
            continue;
        }
        let id: i64 = r.try_get("id")?;
        let submitted_by: i64 = r.try_get("submitted_by")?;
        out.push(EvidenceItemView {
            id,
            case_id,
            number: r.try_get("number")?,
            submitted_by,
            submitted_by_name: r.try_get("display_name")?,
            side,
            yours: submitted_by == caller.id,
            late: r.try_get::<i64, _>("late")? != 0,
            admission: parse(r, "admission", admission_parse)?,
            admission_note: opt_string(r, "admission_note")?,
            versions: versions(db, id).await?,
            deposit: deposit(db, id).await?,
            originals: originals(db, id).await?,
        });
    }
    Ok(out)
}

/// One item if the caller may see it.
pub async fn item(
    db: &Db,
    caller: &Account,
    st: &Standing,
    case_id: i64,
    item_id: i64,
) -> ApiResult<EvidenceItemView> {
    items(db, caller, st, case_id)
        .await?
        .into_iter()
        .find(|i| i.id == item_id)
        .ok_or_else(|| {
            Failure::new(
                ApiErrorCode::NotFound,
                "no such item of evidence in the case",
            )
        })
}

pub async fn versions(db: &Db, item_id: i64) -> sqlx::Result<Vec<EvidenceVersion>> {
    let rows = sqlx::query(
        "SELECT id, version, name, source, proves, original, pages, sealed_sha256, submitted_at
         FROM evidence_versions WHERE item_id = $1 ORDER BY version",
    )
    .bind(item_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out = Vec::new();
    for r in &rows {
        let vid: i64 = r.try_get("id")?;
        let files = sqlx::query(
            "SELECT name, mime_type, size_bytes, sha256 FROM evidence_version_files
             WHERE version_id = $1 ORDER BY position",
        )
        .bind(vid)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|f| {
            Ok(EvidenceFile {
                name: f.try_get("name")?,
                mime_type: f.try_get("mime_type")?,
                size_bytes: f.try_get("size_bytes")?,
                sha256: f.try_get("sha256")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
        let original: String = r.try_get("original")?;
        out.push(EvidenceVersion {
            version: r.try_get("version")?,
            name: r.try_get("name")?,
            source: r.try_get("source")?,
            proves: r.try_get("proves")?,
            original: if original == "original" {
                OriginalOrCopy::Original
            } else {
                OriginalOrCopy::Copy
            },
            pages: r.try_get("pages")?,
            files,
            sealed_sha256: r.try_get("sealed_sha256")?,
            submitted_at: r.try_get("submitted_at")?,
        });
    }
    Ok(out)
}

async fn deposit(db: &Db, item_id: i64) -> sqlx::Result<Option<DepositView>> {
    let Some(r) = sqlx::query(
        "SELECT platform, reference, sha256, file_sha256, outcome, verifier, declared_at
         FROM evidence_deposits WHERE item_id = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(item_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    Ok(Some(DepositView {
        platform: r.try_get("platform")?,
        reference: r.try_get("reference")?,
        sha256: r.try_get("sha256")?,
        file_sha256: r.try_get("file_sha256")?,
        check: parse(&r, "outcome", check_parse)?,
        verifier: r.try_get("verifier")?,
        declared_at: r.try_get("declared_at")?,
    }))
}

async fn originals(db: &Db, item_id: i64) -> sqlx::Result<Vec<OriginalRequestView>> {
    sqlx::query(
        "SELECT id, item_id, ground, reason, asked_by_name, requested_at, outcome, outcome_note, decided_at
         FROM evidence_original_requests WHERE item_id = $1 ORDER BY id",
    )
    .bind(item_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(OriginalRequestView {
            id: r.try_get("id")?,
            item_id: r.try_get("item_id")?,
            ground: parse(r, "ground", ground_parse)?,
            reason: r.try_get("reason")?,
            asked_by: r.try_get("asked_by_name")?,
            requested_at: r.try_get("requested_at")?,
            outcome: parse(r, "outcome", outcome_parse)?,
            outcome_note: opt_string(r, "outcome_note")?,
            decided_at: opt_string(r, "decided_at")?,
        })
    })
    .collect()
}

fn property(r: &AnyRow, col: &str) -> sqlx::Result<PropertyOpinion> {
    Ok(PropertyOpinion {
        stance: parse(r, col, stance_parse)?,
        reason: opt_string(r, &format!("{col}_reason"))?,
    })
}

/// Every opinion on these items, each marked current unless its author gave a later one.
pub async fn opinions(
    db: &Db,
    case_id: i64,
    item_ids: &[i64],
) -> sqlx::Result<Vec<EvidenceOpinionView>> {
    let rows = sqlx::query(
        "SELECT id, item_id, version, account_id, name, authenticity, authenticity_reason, legality,
                legality_reason, relevance, relevance_reason, copy_matches_original, objection_reason,
                written_at, given_at, recorded_live, recorded_by_name
         FROM evidence_opinions WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<EvidenceOpinionView> = Vec::new();
    for r in &rows {
        let item_id: i64 = r.try_get("item_id")?;
        if !item_ids.contains(&item_id) {
            continue;
        }
        let account_id: i64 = r.try_get("account_id")?;
        for earlier in out
            .iter_mut()
            .filter(|o| o.item_id == item_id && o.account_id == account_id)
        {
            earlier.current = false;
        }
        out.push(EvidenceOpinionView {
            id: r.try_get("id")?,
            item_id,
            version: r.try_get("version")?,
            account_id,
            name: r.try_get("name")?,
            authenticity: property(r, "authenticity")?,
            legality: property(r, "legality")?,
            relevance: property(r, "relevance")?,
            copy_matches_original: r
                .try_get::<Option<i64>, _>("copy_matches_original")?
                .map(|v| v != 0),
            objection_reason: opt_string(r, "objection_reason")?,
            written_at: r.try_get("written_at")?,
            given_at: r.try_get("given_at")?,
            recorded_live: r.try_get::<i64, _>("recorded_live")? != 0,
            recorded_by: r.try_get("recorded_by_name")?,
            current: true,
        });
    }
    Ok(out)
}

/// The judge's leaves: all for the court, one's own for a party.
pub async fn leaves(
    db: &Db,
    caller: &Account,
    st: &Standing,
    case_id: i64,
) -> sqlx::Result<Vec<LeaveView>> {
    sqlx::query(
        "SELECT account_id, name, until_date, reason, granted_at FROM evidence_leaves
         WHERE case_id = $1 ORDER BY id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(LeaveView {
            account_id: r.try_get("account_id")?,
            name: r.try_get("name")?,
            until: r.try_get("until_date")?,
            reason: r.try_get("reason")?,
            granted_at: r.try_get("granted_at")?,
        })
    })
    .filter(|l: &sqlx::Result<LeaveView>| {
        l.as_ref()
            .map(|l| st.staff || l.account_id == caller.id)
            .unwrap_or(true)
    })
    .collect()
}

/// The whole evidence of the case as the caller may see it.
pub async fn case_evidence(
    db: &Db,
    caller: &Account,
    st: &Standing,
    case_id: i64,
) -> sqlx::Result<CaseEvidence> {
    let items = items(db, caller, st, case_id).await?;
    let ids: Vec<i64> = items.iter().map(|i| i.id).collect();
    Ok(CaseEvidence {
        period: period(db, case_id).await?,
        exchange: exchange(db, case_id).await?,
        mode_choices: mode_choices(db, case_id).await?,
        opinions: opinions(db, case_id, &ids).await?,
        leaves: leaves(db, caller, st, case_id).await?,
        items,
    })
}

/// Which of these cases hold anything of evidence (the detail part is `None` for the others),
/// in one query for a whole page of the sync feed.
pub async fn cases_with_evidence(
    db: &Db,
    case_ids: &[i64],
) -> sqlx::Result<std::collections::HashSet<i64>> {
    if case_ids.is_empty() {
        return Ok(Default::default());
    }
    let list = crate::kernel::db::placeholders(1, case_ids.len());
    let sql = [
        "evidence_items",
        "evidence_periods",
        "evidence_exchanges",
        "evidence_mode_choices",
    ]
    .iter()
    .map(|t| format!("SELECT case_id FROM {t} WHERE case_id IN ({list})"))
    .collect::<Vec<_>>()
    .join(" UNION ");
    let mut q = sqlx::query(&sql);
    for id in case_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("case_id"))
        .collect()
}

/// The matrix: items down, the exchange's parties (or every party of the case) across.
pub async fn matrix(
    db: &Db,
    caller: &Account,
    st: &Standing,
    case_id: i64,
    only_disputed: bool,
) -> sqlx::Result<EvidenceMatrix> {
    let ev = case_evidence(db, caller, st, case_id).await?;
    let parties: Vec<ExchangeParty> = match &ev.exchange {
        Some(x) => x.parties.clone(),
        None => parties(db, case_id)
            .await?
            .into_iter()
            .map(|p| ExchangeParty {
                account_id: p.account_id,
                name: p.name,
                role: p.role.as_str().to_string(),
            })
            .collect(),
    };
    let sides: HashMap<i64, Option<String>> = self::parties(db, case_id)
        .await?
        .into_iter()
        .map(|p| (p.account_id, p.side))
        .collect();
    let mut rows = Vec::new();
    for item in &ev.items {
        let cells: Vec<MatrixCell> = parties
            .iter()
            .map(|p| MatrixCell {
                account_id: p.account_id,
                opinion: if sides.get(&p.account_id).cloned().flatten().as_deref()
                    == Some(item.side.as_str())
                {
                    None
                } else {
                    ev.opinions
                        .iter()
                        .find(|o| o.item_id == item.id && o.account_id == p.account_id && o.current)
                        .cloned()
                },
            })
            .collect();
        let disputed = cells.iter().filter_map(|c| c.opinion.as_ref()).any(|o| {
            rules::disputes(
                [&o.authenticity, &o.legality, &o.relevance],
                o.copy_matches_original,
            )
        });
        if only_disputed && !disputed {
            continue;
        }
        let latest = item.versions.last();
        rows.push(MatrixRow {
            item_id: item.id,
            number: item.number,
            name: latest.map(|v| v.name.clone()).unwrap_or_default(),
            submitted_by_name: item.submitted_by_name.clone(),
            side: item.side.clone(),
            late: item.late,
            admission: item.admission,
            admission_note: item.admission_note.clone(),
            disputed,
            originals: item.originals.clone(),
            deposit: item.deposit.clone(),
            cells,
        });
    }
    Ok(EvidenceMatrix { parties, rows })
}
