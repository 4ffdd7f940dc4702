//! Reading cases as one caller may see them (人、案、账号匹配一致), and marking a case changed.
//!
//! Every query that returns case data goes through [`Scope`], so no route can forget the rule:
//! court staff see their own court's cases; everyone else only cases where they hold a role.

use crate::kernel::clock::stamp;
use crate::kernel::db::{opt_string, placeholders, Db, Tx};
use crate::kernel::registry::{fill_parts, Registry};
use base64::Engine as _;
use chrono::{DateTime, Utc};
use ecourt_api::{
    Account, CaseDetail, CaseDocument, CaseEvent, CaseParticipant, CaseSummary, Deadline,
    DocumentContent,
};
use ecourt_domain::{CaseRole, CaseStage, CaseType};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// Which cases a caller may see, as an SQL condition on the alias `c`.
pub enum Scope {
    Court(String),
    Participant(i64),
    Nothing,
}

impl Scope {
    pub fn of(caller: &Account) -> Scope {
        if caller.kind.is_court_staff() {
            match &caller.court_code {
                Some(code) => Scope::Court(code.clone()),
                None => Scope::Nothing,
            }
        } else {
            Scope::Participant(caller.id)
        }
    }

    /// The condition, with its one parameter numbered `$n`.
    fn condition(&self, n: usize) -> String {
        match self {
            Scope::Court(_) => format!("c.court_code = ${n}"),
            Scope::Participant(_) => format!(
                "EXISTS (SELECT 1 FROM case_participants p WHERE p.case_id = c.id AND p.account_id = ${n})"
            ),
            Scope::Nothing => format!("(${n} IS NULL AND 1 = 0)"),
        }
    }

    fn bind<'q>(
        &self,
        q: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>> {
        match self {
            Scope::Court(code) => q.bind(code.clone()),
            Scope::Participant(id) => q.bind(*id),
            Scope::Nothing => q.bind(0i64),
        }
    }
}

const CASE_COLUMNS: &str =
    "c.id, c.case_number, c.court_code, ct.name AS court_name, c.cause, c.case_type, c.stage,
     c.next_deadline_date, c.next_deadline_label, c.updated_at, c.change_seq";

/// Filters of the case list.
#[derive(Debug, Default, Clone)]
pub struct CaseFilter {
    /// Matches the case number, the cause or a participant's name.
    pub text: Option<String>,
    pub stage: Option<CaseStage>,
}

fn decode_err(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unknown {what} {value:?}").into())
}

fn summary_from_row(row: &AnyRow, my_roles: Vec<CaseRole>) -> sqlx::Result<CaseSummary> {
    let case_type: String = row.try_get("case_type")?;
    let stage: String = row.try_get("stage")?;
    let deadline = match (
        opt_string(row, "next_deadline_date")?,
        opt_string(row, "next_deadline_label")?,
    ) {
        (Some(date), Some(label)) => Some(Deadline { date, label }),
        _ => None,
    };
    Ok(CaseSummary {
        id: row.try_get("id")?,
        case_number: opt_string(row, "case_number")?,
        court_code: row.try_get("court_code")?,
        court_name: row.try_get("court_name")?,
        cause: row.try_get("cause")?,
        case_type: CaseType::parse(&case_type)
            .ok_or_else(|| decode_err("case type", &case_type))?,
        stage: CaseStage::parse(&stage).ok_or_else(|| decode_err("stage", &stage))?,
        my_roles,
        next_deadline: deadline,
        updated_at: row.try_get("updated_at")?,
    })
}

async fn my_roles(
    db: &Db,
    caller: &Account,
    ids: &[i64],
) -> sqlx::Result<HashMap<i64, Vec<CaseRole>>> {
    let mut out: HashMap<i64, Vec<CaseRole>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let sql = format!(
        "SELECT case_id, role FROM case_participants WHERE account_id = $1 AND case_id IN ({}) ORDER BY id",
        placeholders(2, ids.len())
    );
    let mut q = sqlx::query(&sql).bind(caller.id);
    for id in ids {
        q = q.bind(*id);
    }
    for row in q.fetch_all(&db.pool).await? {
        let role: String = row.try_get("role")?;
        let role = CaseRole::parse(&role).ok_or_else(|| decode_err("role", &role))?;
        let roles = out.entry(row.try_get("case_id")?).or_default();
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(out)
}

async fn summaries(db: &Db, caller: &Account, rows: &[AnyRow]) -> sqlx::Result<Vec<CaseSummary>> {
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("id"))
        .collect::<Result<_, _>>()?;
    let mut roles = my_roles(db, caller, &ids).await?;
    rows.iter()
        .zip(&ids)
        .map(|(row, id)| summary_from_row(row, roles.remove(id).unwrap_or_default()))
        .collect()
}

pub async fn list(
    db: &Db,
    caller: &Account,
    filter: &CaseFilter,
) -> sqlx::Result<Vec<CaseSummary>> {
    let scope = Scope::of(caller);
    let mut sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c JOIN courts ct ON ct.code = c.court_code WHERE {}",
        scope.condition(1)
    );
    let mut n = 2;
    if filter.stage.is_some() {
        sql.push_str(&format!(" AND c.stage = ${n}"));
        n += 1;
    }
    if filter.text.is_some() {
        sql.push_str(&format!(
            " AND (c.case_number LIKE ${n} OR c.cause LIKE ${n} OR EXISTS (SELECT 1 FROM case_participants q
               WHERE q.case_id = c.id AND q.name LIKE ${n}))"
        ));
    }
    sql.push_str(" ORDER BY c.updated_at DESC, c.id DESC");
    let mut q = scope.bind(sqlx::query(&sql));
    if let Some(stage) = filter.stage {
        q = q.bind(stage.as_str());
    }
    if let Some(text) = &filter.text {
        let escaped = text.replace(['%', '_'], "");
        q = q.bind(format!("%{escaped}%"));
    }
    let rows = q.fetch_all(&db.pool).await?;
    summaries(db, caller, &rows).await
}

/// The case if the caller may see it; `None` both when it does not exist and when the caller
/// holds no role in it, so that the answer does not tell which.
pub async fn detail(
    db: &Db,
    registry: &Registry,
    caller: &Account,
    case_id: i64,
) -> sqlx::Result<Option<CaseDetail>> {
    let scope = Scope::of(caller);
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c JOIN courts ct ON ct.code = c.court_code WHERE {} AND c.id = $2",
        scope.condition(1)
    );
    let rows = scope
        .bind(sqlx::query(&sql))
        .bind(case_id)
        .fetch_all(&db.pool)
        .await?;
    Ok(details(db, registry, caller, &rows)
        .await?
        .into_iter()
        .next())
}

/// Whether the caller may see the case (for routes that return part of it).
pub async fn visible(db: &Db, caller: &Account, case_id: i64) -> sqlx::Result<bool> {
    let scope = Scope::of(caller);
    let sql = format!(
        "SELECT c.id FROM cases c WHERE {} AND c.id = $2",
        scope.condition(1)
    );
    Ok(scope
        .bind(sqlx::query(&sql))
        .bind(case_id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// Cases the caller may see whose change sequence is above `since`, in change order, at most
/// `limit`; with each case's sequence.
pub async fn changed_since(
    db: &Db,
    registry: &Registry,
    caller: &Account,
    since: i64,
    upto: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, CaseDetail)>> {
    let scope = Scope::of(caller);
    let sql = format!(
        "SELECT {CASE_COLUMNS} FROM cases c JOIN courts ct ON ct.code = c.court_code
         WHERE {} AND c.change_seq > $2 AND c.change_seq <= $3 ORDER BY c.change_seq LIMIT $4",
        scope.condition(1)
    );
    let rows = scope
        .bind(sqlx::query(&sql))
        .bind(since)
        .bind(upto)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?;
    let seqs: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get("change_seq"))
        .collect::<Result<_, _>>()?;
    let details = details(db, registry, caller, &rows).await?;
    Ok(seqs.into_iter().zip(details).collect())
}

/// Runs `sql`, whose parameters `$1…$n` are the case ids.
pub(crate) async fn rows_for_cases(db: &Db, sql: &str, ids: &[i64]) -> sqlx::Result<Vec<AnyRow>> {
    let mut q = sqlx::query(sql);
    for id in ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.pool).await
}

/// Full details for case rows, loading participants, events and documents in one query each.
async fn details(
    db: &Db,
    registry: &Registry,
    caller: &Account,
    rows: &[AnyRow],
) -> sqlx::Result<Vec<CaseDetail>> {
    let summaries = summaries(db, caller, rows).await?;
    if summaries.is_empty() {
        return Ok(vec![]);
    }
    let ids: Vec<i64> = summaries.iter().map(|s| s.id).collect();
    let list = placeholders(1, ids.len());

    let mut participants: HashMap<i64, Vec<CaseParticipant>> = HashMap::new();
    let sql = format!(
        "SELECT case_id, name, role, represents, note FROM case_participants WHERE case_id IN ({list}) ORDER BY id"
    );
    for row in rows_for_cases(db, &sql, &ids).await? {
        let role: String = row.try_get("role")?;
        participants
            .entry(row.try_get("case_id")?)
            .or_default()
            .push(CaseParticipant {
                name: row.try_get("name")?,
                role: CaseRole::parse(&role).ok_or_else(|| decode_err("role", &role))?,
                represents: opt_string(&row, "represents")?,
                note: opt_string(&row, "note")?,
            });
    }

    let mut events: HashMap<i64, Vec<CaseEvent>> = HashMap::new();
    let sql = format!(
        "SELECT id, case_id, at, kind, title, detail, actor_name FROM case_events WHERE case_id IN ({list}) ORDER BY at, id"
    );
    for row in rows_for_cases(db, &sql, &ids).await? {
        events
            .entry(row.try_get("case_id")?)
            .or_default()
            .push(CaseEvent {
                id: row.try_get("id")?,
                at: row.try_get("at")?,
                kind: row.try_get("kind")?,
                title: row.try_get("title")?,
                detail: opt_string(&row, "detail")?,
                actor: opt_string(&row, "actor_name")?,
            });
    }

    let mut documents: HashMap<i64, Vec<CaseDocument>> = HashMap::new();
    let sql = format!(
        "SELECT id, case_id, title, kind, mime_type, size_bytes, sha256, created_at FROM documents
         WHERE case_id IN ({list}) ORDER BY created_at, id"
    );
    for row in rows_for_cases(db, &sql, &ids).await? {
        documents
            .entry(row.try_get("case_id")?)
            .or_default()
            .push(CaseDocument {
                id: row.try_get("id")?,
                title: row.try_get("title")?,
                kind: row.try_get("kind")?,
                mime_type: row.try_get("mime_type")?,
                size_bytes: row.try_get("size_bytes")?,
                sha256: row.try_get("sha256")?,
                created_at: row.try_get("created_at")?,
            });
    }

    let mut details: Vec<CaseDetail> = summaries
        .into_iter()
        .map(|summary| CaseDetail {
            participants: participants.remove(&summary.id).unwrap_or_default(),
            events: events.remove(&summary.id).unwrap_or_default(),
            documents: documents.remove(&summary.id).unwrap_or_default(),
            // Filled by the capabilities' registered parts.
            filing: None,
            hearings: Vec::new(),
            evidence: None,
            summary,
        })
        .collect();
    fill_parts(registry, db, caller, &mut details).await?;
    Ok(details)
}

/// The content of the documents of these cases (already checked visible) up to `max_bytes`
/// each, once per distinct content, for sending inline with a page of changes.
pub async fn small_contents(
    db: &Db,
    case_ids: &[i64],
    max_bytes: i64,
) -> sqlx::Result<Vec<DocumentContent>> {
    if case_ids.is_empty() {
        return Ok(vec![]);
    }
    // `max_bytes` is a number, written into the SQL; the ids are the parameters.
    let sql = format!(
        "SELECT sha256, mime_type, content FROM documents WHERE case_id IN ({}) AND size_bytes <= {max_bytes}",
        placeholders(1, case_ids.len()),
    );
    let mut seen = std::collections::HashSet::new();
    let mut out = Vec::new();
    for row in rows_for_cases(db, &sql, case_ids).await? {
        let sha256: String = row.try_get("sha256")?;
        if seen.insert(sha256.clone()) {
            let bytes: Vec<u8> = row.try_get("content")?;
            out.push(DocumentContent {
                sha256,
                mime_type: row.try_get("mime_type")?,
                base64: base64::engine::general_purpose::STANDARD.encode(bytes),
            });
        }
    }
    Ok(out)
}

/// A document's bytes and type, if the caller may see its case.
pub async fn document_content(
    db: &Db,
    caller: &Account,
    case_id: i64,
    document_id: i64,
) -> sqlx::Result<Option<(String, Vec<u8>)>> {
    if !visible(db, caller, case_id).await? {
        return Ok(None);
    }
    let row =
        sqlx::query("SELECT mime_type, content FROM documents WHERE id = $1 AND case_id = $2")
            .bind(document_id)
            .bind(case_id)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| Ok((r.try_get("mime_type")?, r.try_get("content")?)))
        .transpose()
}

/// Advances the sync clock and stamps the case with it: call in every transaction that changes
/// a case or anything under it, so that every caller who sees the case pulls it again. The
/// clock row stays locked until commit, so sequences commit in order.
pub async fn touch(tx: &mut Tx, case_id: i64, now: DateTime<Utc>) -> sqlx::Result<i64> {
    let seq: i64 = sqlx::query("UPDATE sync_clock SET seq = seq + 1 WHERE id = 1 RETURNING seq")
        .fetch_one(&mut **tx)
        .await?
        .try_get("seq")?;
    sqlx::query("UPDATE cases SET change_seq = $1, updated_at = $2 WHERE id = $3")
        .bind(seq)
        .bind(stamp(now))
        .bind(case_id)
        .execute(&mut **tx)
        .await?;
    Ok(seq)
}

/// A document the court files in a case: its bytes are kept with the case and reach every
/// cache of someone who sees the case through the sync feed.
pub struct NewDocument<'a> {
    pub title: &'a str,
    /// e.g. `complaint`, `fee_receipt`, `service_certificate`.
    pub kind: &'a str,
    pub mime_type: &'a str,
    pub content: Vec<u8>,
}

/// A document as filed: its id and the SHA-256 of its bytes (hex).
pub struct FiledDocument {
    pub id: i64,
    pub sha256: String,
}

/// Files a document in a case inside `tx`; the SHA-256 and size are computed here from the
/// bytes, never taken from the caller. The caller stamps the case ([`touch`] or
/// [`record_act`]) in the same transaction.
pub async fn add_document(
    tx: &mut Tx,
    case_id: i64,
    now: DateTime<Utc>,
    doc: NewDocument<'_>,
) -> sqlx::Result<FiledDocument> {
    use sha2::Digest as _;
    let sha = hex::encode(sha2::Sha256::digest(&doc.content));
    let id: i64 = sqlx::query(
        "INSERT INTO documents (case_id, title, kind, mime_type, size_bytes, sha256, content, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(doc.title)
    .bind(doc.kind)
    .bind(doc.mime_type)
    .bind(doc.content.len() as i64)
    .bind(&sha)
    .bind(doc.content)
    .bind(stamp(now))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    Ok(FiledDocument { id, sha256: sha })
}

/// Adds an event to a case's timeline inside `tx` and returns its id. `actor` is whoever did
/// it, as the court knows them; none for what the court's clock does (a deadline passing).
pub async fn add_event(
    tx: &mut Tx,
    case_id: i64,
    now: DateTime<Utc>,
    kind: &str,
    title: &str,
    detail: Option<&str>,
    actor: Option<&Account>,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO case_events (case_id, at, kind, title, detail, actor_account_id, actor_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(case_id)
    .bind(stamp(now))
    .bind(kind)
    .bind(title)
    .bind(detail)
    .bind(actor.map(|a| a.id))
    .bind(actor.map(|a| a.display_name.as_str()))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")
}

/// One act of the court or a participant in a case, as it is recorded: an event on the case's
/// timeline (which is also how the people in the case are told), the case stamped for sync,
/// and an audit entry whose action is the event's kind. All inside the act's transaction.
pub struct Act<'a> {
    pub case_id: i64,
    /// The stable kind, e.g. `filing_registered`; also the audit action.
    pub kind: &'a str,
    pub title: &'a str,
    pub detail: Option<&'a str>,
    /// Who did it; none for what the court's clock does.
    pub actor: Option<&'a Account>,
    /// The audit payload (an object); the event's id is added to it.
    pub audit: serde_json::Value,
}

/// Records an act (see [`Act`]) and returns the id of its timeline event.
pub async fn record_act(tx: &mut Tx, now: DateTime<Utc>, act: Act<'_>) -> anyhow::Result<i64> {
    let event_id = add_event(
        tx,
        act.case_id,
        now,
        act.kind,
        act.title,
        act.detail,
        act.actor,
    )
    .await?;
    touch(tx, act.case_id, now).await?;
    let mut payload = act.audit;
    if let Some(map) = payload.as_object_mut() {
        map.insert("event_id".into(), event_id.into());
    }
    crate::kernel::audit::append(
        tx,
        now,
        crate::kernel::audit::AuditEntry {
            actor_account_id: act.actor.map(|a| a.id),
            action: act.kind,
            case_id: Some(act.case_id),
            payload,
        },
    )
    .await?;
    Ok(event_id)
}

/// A participant as stored: the linked account (if any), name, role, whom an agent represents,
/// and a note (a lawyer's firm, "法人或其他组织").
pub struct NewParticipant<'a> {
    pub account_id: Option<i64>,
    pub name: &'a str,
    pub role: CaseRole,
    pub represents: Option<&'a str>,
    pub note: Option<&'a str>,
}

pub async fn add_participant(
    tx: &mut Tx,
    case_id: i64,
    p: &NewParticipant<'_>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO case_participants (case_id, account_id, name, role, represents, note) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case_id)
    .bind(p.account_id)
    .bind(p.name)
    .bind(p.role.as_str())
    .bind(p.represents)
    .bind(p.note)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
