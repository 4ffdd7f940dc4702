//! The acts of evidence exchange, each in one transaction with its timeline event and audit
//! entry (`case_file::record_act`): giving an item and its later versions, the period, the
//! parties' choice of mode (on the consent ledger), leave, opening, reminding and closing the
//! exchange, opinions (online, through the outbox, or recorded live by the court), originals,
//! admission and deposit declarations. Views are recorded with an audit entry but no timeline
//! event (a view is a trace, not news for the others).

use crate::evidence::book::{self, Standing};
use crate::evidence::deposit::{DepositQuestion, DepositVerifier, FileHashVerifier};
use crate::evidence::files::{FilePolicy, FileStore, StoreRefusal};
use crate::evidence::rules::{self, ItemProblem, OpinionProblem, PeriodRefusal};
use crate::kernel::audit::{self, AuditEntry};
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::consent::{self, rules::Answer, Entry};
use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::{DateTime, Duration, NaiveDate, Utc};
use ecourt_api::*;
use sqlx::Row;

/// What evidence keeps among the state's parts: the file store, the file policy, the deposit
/// verifier.
pub struct EvidenceParts {
    pub store: FileStore,
    pub policy: FilePolicy,
    pub verifier: Box<dyn DepositVerifier>,
}

impl EvidenceParts {
    pub fn new(store: FileStore) -> EvidenceParts {
        EvidenceParts {
            store,
            policy: FilePolicy::court_default(),
            verifier: Box::new(FileHashVerifier),
        }
    }
}

pub fn parts(state: &AppState) -> &EvidenceParts {
    state.parts.get::<EvidenceParts>()
}

fn staff_only(st: &Standing) -> ApiResult<()> {
    if st.staff {
        Ok(())
    } else {
        Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff do this",
        ))
    }
}

fn party_side(st: &Standing) -> ApiResult<String> {
    match (&st.side, st.staff) {
        (Some(side), false) => Ok(side.clone()),
        _ => Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only a party or their agent gives evidence or opinions",
        )),
    }
}

fn date(field: &str, s: &str) -> ApiResult<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| Failure::invalid(format!("{field}: a date YYYY-MM-DD")))
}

fn reason(field: &str, r: Option<&str>) -> ApiResult<Option<String>> {
    match r.map(str::trim) {
        None | Some("") => Ok(None),
        Some(r) if r.chars().count() > crate::kernel::reasons::MAX_REASON_CHARS => {
            Err(Failure::invalid(format!("{field}: at most 500 characters")))
        }
        Some(r) => Ok(Some(r.to_string())),
    }
}

/// The identity re-check before giving evidence or opinions (OLR Art. 7), as of `since`.
async fn rechecked(state: &AppState, caller: &Account, since: DateTime<Utc>) -> ApiResult<()> {
    let now = state.clock.now();
    let within = (now - since).max(Duration::zero()) + Duration::hours(rules::RECHECK_HOURS);
    if state
        .registry
        .face_rechecked(state, caller.id, within)
        .await?
    {
        Ok(())
    } else {
        Err(Failure::new(
            ApiErrorCode::FaceRecheckDue,
            format!(
                "a live face re-check within {} hours is needed before giving evidence or opinions",
                rules::RECHECK_HOURS
            ),
        ))
    }
}

fn item_problem(p: ItemProblem) -> Failure {
    Failure::invalid(match p {
        ItemProblem::Empty(f) => format!("{f}: required"),
        ItemProblem::TooLong(f) => format!("{f}: at most {} characters", rules::MAX_FIELD_CHARS),
        ItemProblem::Pages => "pages: 0 to 100000".into(),
        ItemProblem::NoFiles => "files: at least one file".into(),
        ItemProblem::TooManyFiles => {
            format!("files: at most {} files", rules::MAX_FILES_PER_ITEM)
        }
        ItemProblem::FileHash => "files.sha256: 64 hex digits".into(),
    })
}

// ---- Files ------------------------------------------------------------------------------

/// Takes a file of evidence into the store while it arrives, then records who uploaded it.
pub async fn upload<S, B, E>(
    state: &AppState,
    caller: &Account,
    sha256: &str,
    content_type: Option<&str>,
    content_length: Option<u64>,
    body: S,
) -> ApiResult<EvidenceFileReceipt>
where
    S: futures_util::Stream<Item = Result<B, E>> + Unpin,
    B: AsRef<[u8]>,
    E: std::fmt::Display,
{
    let ev = parts(state);
    if !rules::is_sha256(sha256) {
        return Err(Failure::invalid("sha256: 64 hex digits"));
    }
    let Some(ty) = content_type.and_then(|c| ev.policy.type_of(c)) else {
        let taken: Vec<&str> = ev
            .policy
            .types
            .iter()
            .map(|t| t.mime_type.as_str())
            .collect();
        return Err(Failure::invalid(format!(
            "Content-Type: one of {}",
            taken.join(", ")
        )));
    };
    let too_large = |max: u64| {
        Failure::new(
            ApiErrorCode::PayloadTooLarge,
            format!(
                "a file of this kind may hold at most {} MB",
                max / 1024 / 1024
            ),
        )
    };
    if content_length.is_some_and(|len| len > ty.max_bytes) {
        return Err(too_large(ty.max_bytes));
    }
    let stored = ev
        .store
        .put(sha256, &ty.mime_type, ty.max_bytes, body)
        .await
        .map_err(|e| match e {
            StoreRefusal::TooLarge { max_bytes } => too_large(max_bytes),
            StoreRefusal::Empty => Failure::invalid("the file is empty"),
            StoreRefusal::HashDiffers => {
                Failure::invalid("the file's SHA-256 does not match the address it was sent to")
            }
            StoreRefusal::NotWhatItClaims(why) => Failure::new(
                ApiErrorCode::FileNotWhatItClaims,
                format!("the file is not a real {}: {}", ty.mime_type, why.0),
            ),
            StoreRefusal::Body(e) => Failure::invalid(format!("the upload broke off: {e}")),
            StoreRefusal::Io(e) => Failure::from(anyhow::Error::from(e)),
        })?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let exists =
        sqlx::query("SELECT 1 AS one FROM evidence_files WHERE account_id = $1 AND sha256 = $2")
            .bind(caller.id)
            .bind(&stored.sha256)
            .fetch_optional(&mut *tx)
            .await?
            .is_some();
    if !exists {
        sqlx::query(
            "INSERT INTO evidence_files (account_id, sha256, mime_type, kind, size_bytes, uploaded_at)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(caller.id)
        .bind(&stored.sha256)
        .bind(&ty.mime_type)
        .bind(book::kind_str(ty.kind))
        .bind(stored.size_bytes as i64)
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
        audit::append(
            &mut tx,
            now,
            AuditEntry {
                actor_account_id: Some(caller.id),
                action: "evidence_file_uploaded",
                case_id: None,
                payload: serde_json::json!({
                    "sha256": stored.sha256, "mime_type": ty.mime_type, "size_bytes": stored.size_bytes,
                }),
            },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(EvidenceFileReceipt {
        sha256: stored.sha256,
        mime_type: ty.mime_type.clone(),
        kind: ty.kind,
        size_bytes: stored.size_bytes as i64,
    })
}

/// The item's files as the court received them from the giver (mime type and size are the
/// court's, never the request's).
async fn files_as_received(
    tx: &mut Tx,
    giver: i64,
    item: &NewEvidenceItem,
) -> ApiResult<Vec<EvidenceFile>> {
    let mut out = Vec::new();
    for f in &item.files {
        let sha = f.sha256.to_ascii_lowercase();
        let Some(r) = sqlx::query(
            "SELECT mime_type, size_bytes FROM evidence_files WHERE account_id = $1 AND sha256 = $2",
        )
        .bind(giver)
        .bind(&sha)
        .fetch_optional(&mut **tx)
        .await?
        else {
            return Err(Failure::invalid(format!(
                "files: {} was not uploaded (PUT it to /api/v1/evidence/files/{{sha256}} first)",
                f.name
            )));
        };
        out.push(EvidenceFile {
            name: f.name.trim().to_string(),
            mime_type: r.try_get("mime_type")?,
            size_bytes: r.try_get("size_bytes")?,
            sha256: sha,
        });
    }
    Ok(out)
}

// ---- Items ------------------------------------------------------------------------------

pub(crate) async fn insert_version(
    tx: &mut Tx,
    now: DateTime<Utc>,
    item_id: i64,
    version: i64,
    item: &NewEvidenceItem,
) -> sqlx::Result<String> {
    let sealed = rules::seal(item_id, version, item);
    let vid: i64 = sqlx::query(
        "INSERT INTO evidence_versions (item_id, version, name, source, proves, original, pages, sealed_sha256, submitted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(item_id)
    .bind(version)
    .bind(item.name.trim())
    .bind(item.source.trim())
    .bind(item.proves.trim())
    .bind(book::original_str(item.original))
    .bind(item.pages)
    .bind(&sealed)
    .bind(stamp(now))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    for (i, f) in item.files.iter().enumerate() {
        sqlx::query(
            "INSERT INTO evidence_version_files (version_id, position, name, mime_type, size_bytes, sha256)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(vid)
        .bind(i as i64)
        .bind(&f.name)
        .bind(&f.mime_type)
        .bind(f.size_bytes)
        .bind(&f.sha256)
        .execute(&mut **tx)
        .await?;
    }
    Ok(sealed)
}

/// Whether the evidence period of the case has ended (court date).
async fn after_period(state: &AppState, case_id: i64, now: DateTime<Utc>) -> ApiResult<bool> {
    Ok(match book::period(&state.db, case_id).await? {
        Some(p) => rules::period_over(date("ends", &p.ends)?, court_date(now)),
        None => false,
    })
}

/// Gives an item of evidence: sealed, numbered, marked late after the period.
pub async fn give_item(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item: &NewEvidenceItem,
) -> ApiResult<EvidenceItemView> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let side = party_side(&st)?;
    rules::check_item(item).map_err(item_problem)?;
    let now = state.clock.now();
    rechecked(state, caller, now).await?;
    let late = after_period(state, case_id, now).await?;
    let mut tx = state.db.begin_write().await?;
    let files = files_as_received(&mut tx, caller.id, item).await?;
    let item = NewEvidenceItem {
        files,
        ..item.clone()
    };
    let number: i64 = sqlx::query(
        "SELECT COALESCE(MAX(number), 0) + 1 AS n FROM evidence_items WHERE case_id = $1 AND submitted_by = $2",
    )
    .bind(case_id)
    .bind(caller.id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("n")?;
    let item_id: i64 = sqlx::query(
        "INSERT INTO evidence_items (case_id, submitted_by, name, side, number, late, admission, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(caller.id)
    .bind(item.name.trim())
    .bind(&side)
    .bind(number)
    .bind(late as i64)
    .bind(book::admission_str(Admission::Pending))
    .bind(stamp(now))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    let sealed = insert_version(&mut tx, now, item_id, 1, &item).await?;
    let detail = format!(
        "{}提交证据{}《{}》{}",
        caller.display_name,
        number,
        item.name.trim(),
        if late {
            "（逾期提交，待法官决定是否采纳）"
        } else {
            ""
        }
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_submitted",
            title: if late {
                "逾期提交证据"
            } else {
                "提交证据"
            },
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "item_id": item_id, "version": 1, "sealed_sha256": sealed, "late": late,
                "files": item.files.iter().map(|f| &f.sha256).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    book::item(&state.db, caller, &st, case_id, item_id).await
}

/// A later version of one's own side's item; the earlier versions stay as they were sealed.
pub async fn new_version(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    item: &NewEvidenceItem,
) -> ApiResult<EvidenceItemView> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let side = party_side(&st)?;
    let existing = book::item(&state.db, caller, &st, case_id, item_id).await?;
    if existing.side != side {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the side that gave an item gives a new version of it",
        ));
    }
    rules::check_item(item).map_err(item_problem)?;
    let now = state.clock.now();
    rechecked(state, caller, now).await?;
    let mut tx = state.db.begin_write().await?;
    let files = files_as_received(&mut tx, caller.id, item).await?;
    let item = NewEvidenceItem {
        files,
        ..item.clone()
    };
    let version: i64 = sqlx::query(
        "SELECT COALESCE(MAX(version), 0) + 1 AS v FROM evidence_versions WHERE item_id = $1",
    )
    .bind(item_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("v")?;
    let sealed = insert_version(&mut tx, now, item_id, version, &item).await?;
    let detail = format!(
        "{}提交证据{}的第{}版《{}》（此前各版保留）",
        caller.display_name,
        existing.number,
        version,
        item.name.trim()
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_version_submitted",
            title: "提交证据新版本",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "item_id": item_id, "version": version, "sealed_sha256": sealed,
                "files": item.files.iter().map(|f| &f.sha256).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    book::item(&state.db, caller, &st, case_id, item_id).await
}

// ---- The period, the mode, leave ---------------------------------------------------------

pub async fn set_period(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &EvidencePeriodRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let from = date("from", &req.from)?;
    let ends = rules::evidence_period_end(
        &crate::kernel::periods::calendar(state),
        req.procedure,
        from,
        req.days,
    )
    .map_err(|r| match r {
        PeriodRefusal::OutOfRange(bound) => Failure::new(
            ApiErrorCode::EvidencePeriodOutOfRange,
            format!("days: outside the bound of {}", bound.rule),
        ),
        PeriodRefusal::Nonsense => Failure::invalid("days: 1 to 366"),
        PeriodRefusal::Calendar(e) => Failure::invalid(format!("from: {e}")),
    })?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO evidence_periods (case_id, procedure_kind, from_date, days, ends, set_by, set_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(book::procedure_str(req.procedure))
    .bind(from.to_string())
    .bind(req.days as i64)
    .bind(ends.to_string())
    .bind(caller.id)
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "举证期限{}日，自{}起算，至{}止（民事诉讼法第八十五条计算）",
        req.days, from, ends
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_period_set",
            title: "确定举证期限",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "procedure": book::procedure_str(req.procedure), "from": from.to_string(),
                "days": req.days, "ends": ends.to_string(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

/// A party's choice of mode: consent to the step online on the ledger, and the mode chosen.
pub async fn choose_mode(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &ModeChoiceRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    party_side(&st)?;
    let means = consent::means_of(state, caller).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let kind = consent::decide(
        &mut tx,
        case_id,
        caller.id,
        OnlineStep::EvidenceExchange,
        &Answer::Give,
    )
    .await??;
    let mode_zh = match req.mode {
        ExchangeMode::Synchronous => "同步",
        ExchangeMode::Asynchronous => "非同步",
    };
    let detail = format!(
        "{}同意在线证据交换，选择{}方式",
        caller.display_name, mode_zh
    );
    let event_id = cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_mode_chosen",
            title: "选择证据交换方式",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "step": OnlineStep::EvidenceExchange.as_str(), "mode": book::mode_str(req.mode),
                "means": means.as_str(),
            }),
        },
    )
    .await?;
    consent::append(
        &mut tx,
        now,
        &Entry {
            case_id,
            account_id: caller.id,
            name: &caller.display_name,
            step: OnlineStep::EvidenceExchange,
            kind,
            ground: None,
            reason: None,
            means,
            recorded_by: caller.id,
            event_id: Some(event_id),
        },
    )
    .await?;
    sqlx::query(
        "INSERT INTO evidence_mode_choices (case_id, account_id, name, mode, at) VALUES ($1, $2, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(caller.id)
    .bind(&caller.display_name)
    .bind(book::mode_str(req.mode))
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

pub async fn grant_leave(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &LeaveRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let until = date("until", &req.until)?;
    let why = reason("reason", Some(&req.reason))?
        .ok_or_else(|| Failure::invalid("reason: say why more time is given"))?;
    let party = book::parties(&state.db, case_id)
        .await?
        .into_iter()
        .find(|p| p.account_id == req.account_id)
        .ok_or_else(|| Failure::invalid("account_id: not a party or agent of the case"))?;
    let now = state.clock.now();
    if until < court_date(now) {
        return Err(Failure::invalid("until: not before today"));
    }
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO evidence_leaves (case_id, account_id, name, until_date, reason, granted_by, granted_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(party.account_id)
    .bind(&party.name)
    .bind(until.to_string())
    .bind(&why)
    .bind(caller.id)
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    let detail = format!("准许{}延期至{}：{}", party.name, until, why);
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_leave_granted",
            title: "准许延期质证",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "account_id": party.account_id, "until": until.to_string(), "reason": why,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

// ---- The exchange ---------------------------------------------------------------------------

pub async fn open_exchange(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &OpenExchangeRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let until = date("answer_until", &req.answer_until)?;
    let now = state.clock.now();
    if until < court_date(now) {
        return Err(Failure::invalid("answer_until: not before today"));
    }
    if let Some(x) = book::exchange(&state.db, case_id).await? {
        if x.state == ExchangeState::Open {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "an exchange is already open in this case",
            ));
        }
    }
    let all = book::parties(&state.db, case_id).await?;
    let chosen: Vec<_> = if req.parties.is_empty() {
        all.clone()
    } else {
        let mut chosen = Vec::new();
        for id in &req.parties {
            chosen.push(
                all.iter()
                    .find(|p| p.account_id == *id)
                    .cloned()
                    .ok_or_else(|| {
                        Failure::invalid(format!(
                            "parties: {id} is not a party or agent of the case"
                        ))
                    })?,
            );
        }
        chosen
    };
    if chosen.is_empty() {
        return Err(Failure::invalid(
            "parties: nobody of the case has an account",
        ));
    }
    let choices: Vec<ExchangeMode> = book::mode_choices(&state.db, case_id)
        .await?
        .into_iter()
        .filter(|c| chosen.iter().any(|p| p.account_id == c.account_id))
        .map(|c| c.mode)
        .collect();
    let (mode, basis) = rules::mode(&choices, chosen.len(), req.mode);
    if let Some(hearing_id) = req.hearing_id {
        let found = sqlx::query("SELECT 1 AS one FROM hearings WHERE id = $1 AND case_id = $2")
            .bind(hearing_id)
            .bind(case_id)
            .fetch_optional(&state.db.pool)
            .await?
            .is_some();
        if !found {
            return Err(Failure::invalid("hearing_id: no hearing of this case"));
        }
    } else if mode == ExchangeMode::Synchronous {
        return Err(Failure::invalid(
            "hearing_id: a synchronous exchange is held in a hearing's video room",
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let exchange_id: i64 = sqlx::query(
        "INSERT INTO evidence_exchanges (case_id, mode, mode_basis, state, answer_until, hearing_id, opened_by, opened_by_name, opened_at)
         VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(case_id)
    .bind(book::mode_str(mode))
    .bind(basis)
    .bind(until.to_string())
    .bind(req.hearing_id)
    .bind(caller.id)
    .bind(&caller.display_name)
    .bind(stamp(now))
    .fetch_one(&mut *tx)
    .await?
    .try_get("id")?;
    for p in &chosen {
        sqlx::query(
            "INSERT INTO evidence_exchange_parties (exchange_id, account_id, name, role) VALUES ($1, $2, $3, $4)",
        )
        .bind(exchange_id)
        .bind(p.account_id)
        .bind(&p.name)
        .bind(p.role.as_str())
        .execute(&mut *tx)
        .await?;
    }
    // The step has started: consent to it can no longer be withdrawn (OLR Art. 5).
    consent::mark_started(&mut tx, case_id, OnlineStep::EvidenceExchange, now).await?;
    let detail = match mode {
        ExchangeMode::Asynchronous => format!(
            "非同步证据交换：各方可查看对方证据，请于{}前发表质证意见",
            until
        ),
        ExchangeMode::Synchronous => format!(
            "同步证据交换：{}在线上法庭进行，法官逐项出示证据{}",
            until,
            if basis == "no_agreement" {
                "（各方对方式未达成一致，适用同步方式）"
            } else {
                ""
            }
        ),
    };
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_exchange_opened",
            title: "开始证据交换",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "exchange_id": exchange_id, "mode": book::mode_str(mode), "basis": basis,
                "answer_until": until.to_string(), "hearing_id": req.hearing_id,
                "parties": chosen.iter().map(|p| p.account_id).collect::<Vec<_>>(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

async fn open_exchange_of(state: &AppState, case_id: i64) -> ApiResult<ExchangeView> {
    match book::exchange(&state.db, case_id).await? {
        Some(x) if x.state == ExchangeState::Open => Ok(x),
        _ => Err(Failure::new(
            ApiErrorCode::ExchangeNotOpen,
            "no evidence exchange is open in this case",
        )),
    }
}

/// Reminds the parties (a timeline event reaches each of them) or closes the exchange.
pub async fn remind_or_close(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    close: bool,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let x = open_exchange_of(state, case_id).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let (kind, title, detail) = if close {
        sqlx::query("UPDATE evidence_exchanges SET state = 'closed', closed_at = $1 WHERE id = $2")
            .bind(stamp(now))
            .bind(x.id)
            .execute(&mut *tx)
            .await?;
        (
            "evidence_exchange_closed",
            "证据交换结束",
            "证据交换已结束".to_string(),
        )
    } else {
        sqlx::query("INSERT INTO evidence_reminders (exchange_id, at) VALUES ($1, $2)")
            .bind(x.id)
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
        (
            "evidence_exchange_reminded",
            "提醒发表质证意见",
            format!("请于{}前对对方证据发表质证意见", x.answer_until),
        )
    };
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind,
            title,
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({ "exchange_id": x.id }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

/// The synchronous exchange: the judge takes up one item (everyone sees which; each view of it
/// in the room is recorded for the exchange's parties).
pub async fn take_item(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &CurrentItemRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let x = open_exchange_of(state, case_id).await?;
    if x.mode != ExchangeMode::Synchronous {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "items are taken one by one only in a synchronous exchange",
        ));
    }
    let item = book::item(&state.db, caller, &st, case_id, req.item_id).await?;
    let version = item.versions.last().map(|v| v.version).unwrap_or(1);
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE evidence_exchanges SET current_item = $1 WHERE id = $2")
        .bind(item.id)
        .bind(x.id)
        .execute(&mut *tx)
        .await?;
    for p in &x.parties {
        insert_view(
            &mut tx,
            now,
            case_id,
            item.id,
            version,
            p.account_id,
            &p.name,
            now,
            "room",
        )
        .await?;
    }
    let name = item.versions.last().map(|v| v.name.as_str()).unwrap_or("");
    let detail = format!(
        "法官出示{}的证据{}《{}》，请各方发表质证意见",
        item.submitted_by_name, item.number, name
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_item_taken",
            title: "出示证据",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({ "exchange_id": x.id, "item_id": item.id, "version": version }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

// ---- Opinions ---------------------------------------------------------------------------------

/// Whose opinion it is and by whom recorded, once every check passed (read before the write).
struct Prepared {
    item: EvidenceItemView,
    author: (i64, String),
    live: bool,
    written_at: DateTime<Utc>,
}

async fn prepare_opinion(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    written_at: Option<DateTime<Utc>>,
    req: &OpinionRequest,
) -> ApiResult<Prepared> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let now = state.clock.now();
    let x = open_exchange_of(state, case_id).await?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    rules::check_opinion(req).map_err(|p| {
        Failure::invalid(match p {
            OpinionProblem::ReasonMissing(f) => {
                format!("{f}.reason: say why it is disputed or only partly agreed")
            }
            OpinionProblem::ReasonTooLong(f) => format!("{f}: at most 500 characters"),
            OpinionProblem::ObjectionWithoutReason => {
                "objection_reason: say why the copy does not match the original".into()
            }
        })
    })?;
    let latest = item.versions.last().map(|v| v.version).unwrap_or(1);
    if req.version != latest {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            format!("the item has version {latest} now: read it again before giving an opinion"),
        ));
    }
    let sides = book::parties(&state.db, case_id).await?;
    let (author, live) = match (st.staff, req.on_behalf_of) {
        (true, Some(account_id)) => {
            if x.mode != ExchangeMode::Synchronous {
                return Err(Failure::new(
                    ApiErrorCode::Conflict,
                    "the court records opinions as given only in a synchronous exchange",
                ));
            }
            let p = sides
                .iter()
                .find(|p| p.account_id == account_id)
                .ok_or_else(|| Failure::invalid("on_behalf_of: not a party of the case"))?;
            ((p.account_id, p.name.clone(), p.side.clone()), true)
        }
        (true, None) => {
            return Err(Failure::invalid(
                "on_behalf_of: whose opinion the court records",
            ))
        }
        (false, Some(_)) => {
            return Err(Failure::new(
                ApiErrorCode::Forbidden,
                "only the court records an opinion for someone else",
            ))
        }
        (false, None) => (
            (caller.id, caller.display_name.clone(), st.side.clone()),
            false,
        ),
    };
    if !x.parties.iter().any(|p| p.account_id == author.0) {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "not among the parties of this exchange",
        ));
    }
    if author.2.as_deref() == Some(item.side.as_str()) {
        return Err(Failure::new(
            ApiErrorCode::OpinionOnOwnEvidence,
            "opinions are given on the other side's evidence",
        ));
    }
    let written_at = rules::written_moment(written_at, now);
    if !live {
        // The court's date of receipt decides the period; a leave for the author extends it.
        let leave = book::leaves(&state.db, caller, &st, case_id)
            .await?
            .into_iter()
            .filter(|l| l.account_id == author.0)
            .filter_map(|l| NaiveDate::parse_from_str(&l.until, "%Y-%m-%d").ok())
            .max();
        let until = date("answer_until", &x.answer_until)?;
        let until = leave.map_or(until, |l| l.max(until));
        if rules::period_over(until, court_date(now)) {
            return Err(Failure::new(
                ApiErrorCode::EvidencePeriodOver,
                format!("the period for opinions ended on {until} and no leave was given"),
            ));
        }
        rechecked(state, caller, written_at).await?;
    }
    Ok(Prepared {
        item,
        author: (author.0, author.1),
        live,
        written_at,
    })
}

async fn insert_opinion(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    case_id: i64,
    p: &Prepared,
    req: &OpinionRequest,
) -> anyhow::Result<i64> {
    let now = state.clock.now();
    let objection = req
        .objection_reason
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let r = |o: &PropertyOpinion| {
        o.reason
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string)
    };
    let opinion_id: i64 = sqlx::query(
        "INSERT INTO evidence_opinions (case_id, item_id, version, account_id, name, authenticity,
            authenticity_reason, legality, legality_reason, relevance, relevance_reason,
            copy_matches_original, objection_reason, written_at, given_at, recorded_live,
            recorded_by, recorded_by_name)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
         RETURNING id",
    )
    .bind(case_id)
    .bind(p.item.id)
    .bind(req.version)
    .bind(p.author.0)
    .bind(&p.author.1)
    .bind(book::stance_str(req.authenticity.stance))
    .bind(r(&req.authenticity))
    .bind(book::stance_str(req.legality.stance))
    .bind(r(&req.legality))
    .bind(book::stance_str(req.relevance.stance))
    .bind(r(&req.relevance))
    .bind(req.copy_matches_original.map(|b| b as i64))
    .bind(objection)
    .bind(stamp(p.written_at))
    .bind(stamp(now))
    .bind(p.live as i64)
    .bind(caller.id)
    .bind(&caller.display_name)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let word = |s: OpinionStance| match s {
        OpinionStance::Agreed => "无异议",
        OpinionStance::Disputed => "有异议",
        OpinionStance::PartlyAgreed => "部分认可",
    };
    let detail = format!(
        "{}对{}的证据{}发表质证意见：真实性{}，合法性{}，关联性{}{}{}",
        p.author.1,
        p.item.submitted_by_name,
        p.item.number,
        word(req.authenticity.stance),
        word(req.legality.stance),
        word(req.relevance.stance),
        match req.copy_matches_original {
            Some(false) => "；认为电子件与原件不一致",
            _ => "",
        },
        if p.live {
            "（当庭发表，法院记录）"
        } else {
            ""
        }
    );
    let event_id = cases::record_act(
        tx,
        now,
        Act {
            case_id,
            kind: "evidence_opinion_given",
            title: "质证意见",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "opinion_id": opinion_id, "item_id": p.item.id, "version": req.version,
                "account_id": p.author.0, "live": p.live, "written_at": stamp(p.written_at),
                "authenticity": book::stance_str(req.authenticity.stance),
                "legality": book::stance_str(req.legality.stance),
                "relevance": book::stance_str(req.relevance.stance),
                "copy_matches_original": req.copy_matches_original,
            }),
        },
    )
    .await?;
    if rules::asks_for_original(req) {
        // OLR Art. 12(1): a reasoned objection to the copy asks for the original.
        insert_original_request(
            tx,
            now,
            case_id,
            &p.item,
            OriginalGround::Objection,
            objection.unwrap_or_default(),
            (p.author.0, &p.author.1),
            Some(opinion_id),
            Some(caller),
        )
        .await?;
    }
    Ok(event_id)
}

/// An opinion given online (or recorded live by the court).
pub async fn give_opinion(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    req: &OpinionRequest,
) -> ApiResult<CaseEvidence> {
    let p = prepare_opinion(state, caller, case_id, item_id, None, req).await?;
    let mut tx = state.db.begin_write().await?;
    insert_opinion(state, caller, &mut tx, case_id, &p, req).await?;
    tx.commit().await?;
    let st = book::standing(&state.db, caller, case_id).await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

fn moment(field: &str, s: &str) -> Result<DateTime<Utc>, Failure> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| Failure::invalid(format!("{field}: an RFC 3339 time")))
}

/// The outbox action `give_evidence_opinion`, inside the transaction recording its answer.
pub async fn opinion_action(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    case_id: i64,
    item_id: i64,
    written_at: &str,
    req: &OpinionRequest,
) -> Result<Result<Option<i64>, Failure>, Failure> {
    let written_at = match moment("written_at", written_at) {
        Ok(t) => t,
        Err(refusal) => return Ok(Err(refusal)),
    };
    let p = match prepare_opinion(state, caller, case_id, item_id, Some(written_at), req).await {
        Ok(p) => p,
        Err(refusal) if refusal.code == ApiErrorCode::Internal => return Err(refusal),
        Err(refusal) => return Ok(Err(refusal)),
    };
    let event = insert_opinion(state, caller, tx, case_id, &p, req).await?;
    Ok(Ok(Some(event)))
}

// ---- Views ------------------------------------------------------------------------------------

#[allow(clippy::too_many_arguments)]
async fn insert_view(
    tx: &mut Tx,
    now: DateTime<Utc>,
    case_id: i64,
    item_id: i64,
    version: i64,
    account_id: i64,
    name: &str,
    viewed_at: DateTime<Utc>,
    via: &str,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO evidence_views (case_id, item_id, version, account_id, name, viewed_at, via)
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(case_id)
    .bind(item_id)
    .bind(version)
    .bind(account_id)
    .bind(name)
    .bind(stamp(viewed_at))
    .bind(via)
    .execute(&mut **tx)
    .await?;
    audit::append(
        tx,
        now,
        AuditEntry {
            actor_account_id: Some(account_id),
            action: "evidence_viewed",
            case_id: Some(case_id),
            payload: serde_json::json!({
                "item_id": item_id, "version": version, "viewed_at": stamp(viewed_at), "via": via,
            }),
        },
    )
    .await?;
    Ok(())
}

async fn checked_view(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    version: i64,
) -> ApiResult<()> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    if !item.versions.iter().any(|v| v.version == version) {
        return Err(Failure::invalid("version: no such version of the item"));
    }
    Ok(())
}

/// A view recorded from the desktop's screen (online).
pub async fn record_view(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    req: &ViewRequest,
) -> ApiResult<Vec<EvidenceViewRecord>> {
    checked_view(state, caller, case_id, item_id, req.version).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    insert_view(
        &mut tx,
        now,
        case_id,
        item_id,
        req.version,
        caller.id,
        &caller.display_name,
        now,
        "screen",
    )
    .await?;
    tx.commit().await?;
    views(state, caller, case_id, item_id).await
}

/// The outbox action `record_evidence_view`.
pub async fn view_action(
    state: &AppState,
    caller: &Account,
    tx: &mut Tx,
    case_id: i64,
    item_id: i64,
    version: i64,
    viewed_at: &str,
) -> Result<Result<Option<i64>, Failure>, Failure> {
    let viewed_at = match moment("viewed_at", viewed_at) {
        Ok(t) => t,
        Err(refusal) => return Ok(Err(refusal)),
    };
    match checked_view(state, caller, case_id, item_id, version).await {
        Ok(()) => {}
        Err(refusal) if refusal.code == ApiErrorCode::Internal => return Err(refusal),
        Err(refusal) => return Ok(Err(refusal)),
    }
    let now = state.clock.now();
    let viewed_at = rules::written_moment(Some(viewed_at), now);
    insert_view(
        tx,
        now,
        case_id,
        item_id,
        version,
        caller.id,
        &caller.display_name,
        viewed_at,
        "screen",
    )
    .await?;
    Ok(Ok(None))
}

/// A file's bytes for download, recording the view; the file must belong to a version of an
/// item the caller may see.
pub async fn file_for_download(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    sha256: &str,
) -> ApiResult<(EvidenceFile, u64, tokio::fs::File)> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    let sha = sha256.to_ascii_lowercase();
    let (version, file) = item
        .versions
        .iter()
        .rev()
        .find_map(|v| {
            v.files
                .iter()
                .find(|f| f.sha256 == sha)
                .map(|f| (v.version, f.clone()))
        })
        .ok_or_else(|| Failure::new(ApiErrorCode::NotFound, "no such file of the item"))?;
    let store = &parts(state).store;
    if !store.has(&sha).await {
        // The demo data's files are made from their text (the seed has no file store).
        if let Some((mime, bytes)) = crate::evidence::seed::demo_file(&sha) {
            let chunks = futures_util::stream::iter([Ok::<_, std::io::Error>(bytes)]);
            store
                .put(&sha, mime, u64::MAX, chunks)
                .await
                .map_err(|e| Failure::from(anyhow::anyhow!("demo file: {e:?}")))?;
        }
    }
    let (len, handle) = store
        .open(&sha)
        .await
        .map_err(|e| Failure::from(anyhow::Error::from(e)))?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    insert_view(
        &mut tx,
        now,
        case_id,
        item_id,
        version,
        caller.id,
        &caller.display_name,
        now,
        "file",
    )
    .await?;
    tx.commit().await?;
    Ok((file, len, handle))
}

/// Who viewed the item: the court sees everyone; the giver's side sees who of the others
/// looked; anyone else only their own views.
pub async fn views(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
) -> ApiResult<Vec<EvidenceViewRecord>> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    let all = st.staff || st.side.as_deref() == Some(item.side.as_str());
    Ok(sqlx::query(
        "SELECT item_id, version, account_id, name, viewed_at, via FROM evidence_views
         WHERE item_id = $1 ORDER BY id",
    )
    .bind(item_id)
    .fetch_all(&state.db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(EvidenceViewRecord {
            item_id: r.try_get("item_id")?,
            version: r.try_get("version")?,
            account_id: r.try_get("account_id")?,
            name: r.try_get("name")?,
            viewed_at: r.try_get("viewed_at")?,
            via: r.try_get("via")?,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?
    .into_iter()
    .filter(|v| all || v.account_id == caller.id)
    .collect())
}

// ---- Originals, admission, deposit ---------------------------------------------------------

#[allow(clippy::too_many_arguments)]
async fn insert_original_request(
    tx: &mut Tx,
    now: DateTime<Utc>,
    case_id: i64,
    item: &EvidenceItemView,
    ground: OriginalGround,
    reason: &str,
    asked_by: (i64, &str),
    opinion_id: Option<i64>,
    actor: Option<&Account>,
) -> anyhow::Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO evidence_original_requests (case_id, item_id, ground, reason, asked_by, asked_by_name, opinion_id, requested_at, outcome)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'requested') RETURNING id",
    )
    .bind(case_id)
    .bind(item.id)
    .bind(book::ground_str(ground))
    .bind(reason)
    .bind(asked_by.0)
    .bind(asked_by.1)
    .bind(opinion_id)
    .bind(stamp(now))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let detail = format!(
        "请{}提供证据{}的原件（{}）：{}",
        item.submitted_by_name,
        item.number,
        match ground {
            OriginalGround::Objection => "对方对电子件与原件的一致性提出异议",
            OriginalGround::Unclear => "电子件不清晰",
            OriginalGround::Archive => "档案管理需要",
            OriginalGround::CourtNecessary => "法院认为确有必要",
        },
        reason
    );
    cases::record_act(
        tx,
        now,
        Act {
            case_id,
            kind: "evidence_original_requested",
            title: "要求提供原件",
            detail: Some(&detail),
            actor,
            audit: serde_json::json!({
                "request_id": id, "item_id": item.id, "ground": book::ground_str(ground),
                "opinion_id": opinion_id,
            }),
        },
    )
    .await?;
    Ok(id)
}

/// The court asks for the original (OLR Art. 13).
pub async fn ask_original(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    req: &OriginalRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    let why = reason("reason", Some(&req.reason))?
        .ok_or_else(|| Failure::invalid("reason: say why the original is needed"))?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    insert_original_request(
        &mut tx,
        now,
        case_id,
        &item,
        req.ground,
        &why,
        (caller.id, &caller.display_name),
        None,
        Some(caller),
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

pub async fn original_outcome(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    request_id: i64,
    req: &OriginalOutcomeRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    if req.outcome == OriginalOutcome::Requested {
        return Err(Failure::invalid(
            "outcome: provided, checked_offline or not_provided",
        ));
    }
    let note = reason("note", req.note.as_deref())?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let updated = sqlx::query(
        "UPDATE evidence_original_requests SET outcome = $1, outcome_note = $2, decided_at = $3
         WHERE id = $4 AND case_id = $5 RETURNING item_id",
    )
    .bind(book::outcome_str(req.outcome))
    .bind(&note)
    .bind(stamp(now))
    .bind(request_id)
    .bind(case_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| Failure::new(ApiErrorCode::NotFound, "no such request for an original"))?;
    let item_id: i64 = updated.try_get("item_id")?;
    let detail = format!(
        "原件{}{}",
        match req.outcome {
            OriginalOutcome::Provided => "已提供",
            OriginalOutcome::CheckedOffline => "已线下核对",
            _ => "未提供",
        },
        note.as_deref()
            .map(|n| format!("：{n}"))
            .unwrap_or_default()
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_original_outcome",
            title: "原件核对",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "request_id": request_id, "item_id": item_id, "outcome": book::outcome_str(req.outcome),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

/// The judge's decision on admitting an item (a late one above all) and the note on admission.
pub async fn admit(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    req: &AdmissionRequest,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    staff_only(&st)?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    let note = reason("note", req.note.as_deref())?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query("UPDATE evidence_items SET admission = $1, admission_note = $2 WHERE id = $3")
        .bind(book::admission_str(req.admission))
        .bind(&note)
        .bind(item.id)
        .execute(&mut *tx)
        .await?;
    let detail = format!(
        "{}的证据{}：{}{}",
        item.submitted_by_name,
        item.number,
        match req.admission {
            Admission::Admitted => "予以采纳",
            Admission::NotAdmitted => "不予采纳",
            Admission::Pending => "待定",
        },
        note.as_deref()
            .map(|n| format!("（{n}）"))
            .unwrap_or_default()
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_admission",
            title: "证据采纳",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "item_id": item.id, "admission": book::admission_str(req.admission), "note": note,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}

/// A deposit declaration for one's own side's item, checked at once by the verifier.
pub async fn declare_deposit(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    item_id: i64,
    req: &DepositDeclaration,
) -> ApiResult<CaseEvidence> {
    let st = book::standing(&state.db, caller, case_id).await?;
    let side = party_side(&st)?;
    let item = book::item(&state.db, caller, &st, case_id, item_id).await?;
    if item.side != side {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the side that gave an item declares its deposit",
        ));
    }
    for (field, v) in [("platform", &req.platform), ("reference", &req.reference)] {
        if v.trim().is_empty() || v.chars().count() > rules::MAX_FIELD_CHARS {
            return Err(Failure::invalid(format!("{field}: 1 to 500 characters")));
        }
    }
    if !rules::is_sha256(&req.sha256) {
        return Err(Failure::invalid("sha256: 64 hex digits"));
    }
    let file_sha = req.file_sha256.to_ascii_lowercase();
    let latest = item.versions.last();
    if !latest.is_some_and(|v| v.files.iter().any(|f| f.sha256 == file_sha)) {
        return Err(Failure::invalid(
            "file_sha256: not a file of the item's latest version",
        ));
    }
    let verifier = &parts(state).verifier;
    let check = verifier.check(&DepositQuestion {
        platform: req.platform.trim(),
        reference: req.reference.trim(),
        declared_sha256: &req.sha256,
        file_sha256: &file_sha,
    });
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO evidence_deposits (item_id, platform, reference, sha256, file_sha256, outcome, verifier, declared_by, declared_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
    )
    .bind(item.id)
    .bind(req.platform.trim())
    .bind(req.reference.trim())
    .bind(req.sha256.to_ascii_lowercase())
    .bind(&file_sha)
    .bind(book::check_str(check))
    .bind(verifier.name())
    .bind(caller.id)
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    let detail = format!(
        "{}声明证据{}已在{}存证（编号{}）：{}",
        caller.display_name,
        item.number,
        req.platform.trim(),
        req.reference.trim(),
        match check {
            DepositCheck::Matches => "存证哈希值与文件一致",
            DepositCheck::Differs => "存证哈希值与文件不一致",
            DepositCheck::Unverified => "尚未核验",
        }
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "evidence_deposit_declared",
            title: "区块链存证声明",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "item_id": item.id, "platform": req.platform.trim(), "reference": req.reference.trim(),
                "sha256": req.sha256.to_ascii_lowercase(), "file_sha256": file_sha,
                "check": book::check_str(check), "verifier": verifier.name(),
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(book::case_evidence(&state.db, caller, &st, case_id).await?)
}
