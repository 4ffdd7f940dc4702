//! Serving documents and what follows: the recipients and their grounds (Art. 29, [`grounds`]),
//! the deliveries through the channels ([`channels`]), the effect (Art. 31, [`effect`]) and the
//! periods it starts, the recipient's acts (outbox actions: open, confirm, dispute, ask for
//! paper), the court's decision of a dispute, the certificate, and the case detail's part.

use super::{addresses, channels, effect, grounds, policy, tasks};
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::db::{opt_string, placeholders, Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::periods::{self, PeriodStart};
use crate::kernel::registry::{ActionOutcome, Boxed, Registry};
use crate::kernel::state::AppState;
use chrono::{DateTime, Utc};
use ecourt_api::*;
use ecourt_domain::court_time::{court_date, court_time};
use ecourt_domain::period::PeriodUnit;
use ecourt_domain::CaseRole;
use sqlx::Row;
use std::collections::HashMap;

pub fn register(registry: &mut Registry) {
    registry.action("open_served_document", recipient_act);
    registry.action("confirm_service_receipt", recipient_act);
    registry.action("dispute_service", recipient_act);
    registry.action("request_paper_copy", recipient_act);
    registry.detail_part("service", detail_part);
    registry.on_document_signed("service", addresses::signed);
}

fn parse_time(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

fn opt_time(r: &sqlx::any::AnyRow, col: &str) -> sqlx::Result<Option<DateTime<Utc>>> {
    Ok(opt_string(r, col)?.as_deref().and_then(parse_time))
}

/// A reason given to the court (something, at most 500 characters), trimmed.
fn given_reason(reason: &str) -> ApiResult<String> {
    use crate::kernel::reasons::{check, ReasonProblem};
    match check(Some(reason)) {
        Ok(()) => Ok(reason.trim().to_owned()),
        Err(ReasonProblem::Missing) => Err(Failure::invalid("reason: say why")),
        Err(_) => Err(Failure::invalid("reason: at most 500 characters")),
    }
}

fn staff_only(caller: &Account) -> ApiResult<()> {
    if caller.kind.is_court_staff() {
        Ok(())
    } else {
        Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff serve documents",
        ))
    }
}

/// Served documents by id, with their deliveries.
async fn load(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<ServedDocument>> {
    if ids.is_empty() {
        return Ok(vec![]);
    }
    let list = placeholders(1, ids.len());
    let sql = format!(
        "SELECT s.*, d.title, d.kind FROM services s JOIN documents d ON d.id = s.document_id
         WHERE s.id IN ({list}) ORDER BY s.id"
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let rows = q.fetch_all(&db.pool).await?;
    let sql = format!(
        "SELECT service_id, channel, address, address_confirmed, sent_at, arrived_at, failure
         FROM service_deliveries WHERE service_id IN ({list}) ORDER BY id"
    );
    let mut q = sqlx::query(&sql);
    for id in ids {
        q = q.bind(*id);
    }
    let mut deliveries: HashMap<i64, Vec<ServiceDelivery>> = HashMap::new();
    for r in q.fetch_all(&db.pool).await? {
        let channel: String = r.try_get("channel")?;
        deliveries
            .entry(r.try_get("service_id")?)
            .or_default()
            .push(ServiceDelivery {
                channel: ServiceChannel::parse(&channel).unwrap_or(ServiceChannel::Platform),
                address: r.try_get("address")?,
                address_confirmed: r.try_get::<i64, _>("address_confirmed")? != 0,
                sent_at: r.try_get("sent_at")?,
                arrived_at: opt_string(&r, "arrived_at")?,
                failure: opt_string(&r, "failure")?,
            });
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get("id")?;
            let state: String = r.try_get("state")?;
            let effect = match (
                opt_string(r, "effect_at")?,
                opt_string(r, "effect_rule")?.and_then(|s| EffectRule::parse(&s)),
            ) {
                (Some(at), Some(rule)) => Some(ServiceEffect {
                    at,
                    rule,
                    channel: opt_string(r, "effect_channel")?
                        .and_then(|c| ServiceChannel::parse(&c)),
                    article: effect::article(rule).into(),
                }),
                _ => None,
            };
            let dispute = match (
                opt_string(r, "dispute_reason")?,
                opt_string(r, "dispute_at")?,
            ) {
                (Some(reason), Some(at)) => Some(ServiceDispute {
                    reason,
                    at,
                    decision: match opt_string(r, "dispute_decided_at")? {
                        Some(at) => Some(DisputeDecision {
                            upheld: r.try_get::<Option<i64>, _>("dispute_upheld")?.unwrap_or(0)
                                != 0,
                            reason: opt_string(r, "dispute_decision_reason")?.unwrap_or_default(),
                            at,
                            by: opt_string(r, "dispute_decided_by")?.unwrap_or_default(),
                        }),
                        None => None,
                    },
                }),
                _ => None,
            };
            let served_otherwise = match (
                opt_string(r, "otherwise_method")?.and_then(|m| OtherwiseMethod::parse(&m)),
                opt_string(r, "otherwise_at")?,
            ) {
                (Some(method), Some(at)) => Some(ServedOtherwise {
                    method,
                    at,
                    note: opt_string(r, "otherwise_note")?,
                    by: opt_string(r, "otherwise_by")?.unwrap_or_default(),
                }),
                _ => None,
            };
            let deadline = match (
                opt_string(r, "deadline_date")?,
                opt_string(r, "deadline_label")?,
            ) {
                (Some(date), Some(label)) => Some(Deadline { date, label }),
                _ => None,
            };
            Ok(ServedDocument {
                id,
                case_id: r.try_get("case_id")?,
                document_id: r.try_get("document_id")?,
                document_title: r.try_get("title")?,
                document_kind: r.try_get("kind")?,
                document_sha256: r.try_get("document_sha256")?,
                recipient_account_id: r.try_get("recipient_account_id")?,
                recipient_name: r.try_get("recipient_name")?,
                served_by: r.try_get("served_by_name")?,
                served_at: r.try_get("served_at")?,
                state: ServiceState::parse(&state).unwrap_or(ServiceState::Pending),
                electronic: r.try_get::<i64, _>("electronic")? != 0,
                ground: opt_string(r, "ground")?.and_then(|g| ConsentGround::parse(&g)),
                otherwise_reason: opt_string(r, "otherwise_reason")?
                    .and_then(|g| OtherwiseReason::parse(&g)),
                deliveries: deliveries.remove(&id).unwrap_or_default(),
                opened_at: opt_string(r, "opened_at")?,
                opened_learned_at: opt_string(r, "opened_learned_at")?,
                receipt_confirmed_at: opt_string(r, "receipt_confirmed_at")?,
                acted_at: opt_string(r, "acted_at")?,
                effect,
                dispute,
                paper_copy_requested_at: opt_string(r, "paper_copy_requested_at")?,
                served_otherwise,
                deadline,
                certificate_document_id: r.try_get("certificate_document_id")?,
            })
        })
        .collect()
}

pub async fn one(db: &Db, id: i64) -> sqlx::Result<Option<ServedDocument>> {
    Ok(load(db, &[id]).await?.into_iter().next())
}

/// The ids of the services of these cases the caller may see: their own (court staff: all).
async fn visible_ids(db: &Db, caller: &Account, case_ids: &[i64]) -> sqlx::Result<Vec<i64>> {
    if case_ids.is_empty() {
        return Ok(vec![]);
    }
    let staff = caller.kind.is_court_staff();
    let sql = format!(
        "SELECT id FROM services WHERE case_id IN ({}) AND ($1 = 1 OR recipient_account_id = $2) ORDER BY id",
        placeholders(3, case_ids.len())
    );
    let mut q = sqlx::query(&sql).bind(staff as i64).bind(caller.id);
    for id in case_ids {
        q = q.bind(*id);
    }
    q.fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get("id"))
        .collect()
}

/// The case detail's `service`: the caller's own served documents and address confirmations
/// (court staff: all).
fn detail_part<'a>(
    db: &'a Db,
    caller: &'a Account,
    details: &'a mut [CaseDetail],
) -> Boxed<'a, sqlx::Result<()>> {
    Box::pin(async move {
        let ids: Vec<i64> = details.iter().map(|d| d.summary.id).collect();
        let served = load(db, &visible_ids(db, caller, &ids).await?).await?;
        let who = (!caller.kind.is_court_staff()).then_some(caller.id);
        let confirmations = addresses::stored(db, &ids, who).await?;
        for d in details.iter_mut() {
            let id = d.summary.id;
            d.service = CaseService {
                served: served.iter().filter(|s| s.case_id == id).cloned().collect(),
                address_confirmations: confirmations
                    .iter()
                    .filter(|(c, _)| *c == id)
                    .map(|(_, a)| a.clone())
                    .collect(),
            };
        }
        Ok(())
    })
}

pub async fn list(state: &AppState, caller: &Account, case_id: i64) -> ApiResult<ServiceList> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    let ids = visible_ids(&state.db, caller, &[case_id]).await?;
    Ok(ServiceList {
        served: load(&state.db, &ids).await?,
    })
}

/// A person of the case with an account, as service sees them.
struct Person {
    account_id: i64,
    name: String,
    role: CaseRole,
    username: String,
}

async fn people(db: &Db, case_id: i64) -> sqlx::Result<Vec<Person>> {
    let rows = sqlx::query(
        "SELECT p.account_id, p.name, p.role, a.username FROM case_participants p
         JOIN accounts a ON a.id = p.account_id WHERE p.case_id = $1 ORDER BY p.id",
    )
    .bind(case_id)
    .fetch_all(&db.pool)
    .await?;
    let mut out: Vec<Person> = Vec::new();
    for r in rows {
        let role: String = r.try_get("role")?;
        let Some(role) = CaseRole::parse(&role) else {
            continue;
        };
        if matches!(role, CaseRole::Judge | CaseRole::Clerk | CaseRole::Mediator) {
            continue;
        }
        let account_id: i64 = r.try_get("account_id")?;
        if out.iter().any(|p| p.account_id == account_id) {
            continue;
        }
        out.push(Person {
            account_id,
            name: r.try_get("name")?,
            role,
            username: r.try_get("username")?,
        });
    }
    Ok(out)
}

/// What the court knows of one recipient: the consent facts and the addresses.
struct Standing {
    facts: grounds::ConsentFacts,
    confirmation: Option<AddressConfirmation>,
}

async fn standing(state: &AppState, case_id: i64, account_id: i64) -> ApiResult<Standing> {
    let confirmation = addresses::in_force(state, case_id, account_id).await?;
    let ledger = sqlx::query(
        "SELECT kind FROM step_consents WHERE case_id = $1 AND account_id = $2 AND step = 'service'
         ORDER BY id DESC LIMIT 1",
    )
    .bind(case_id)
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .map(|r| r.try_get::<String, _>("kind"))
    .transpose()?
    .map(|k| k == "given");
    let filed_online = sqlx::query(
        "SELECT 1 AS yes FROM step_consents WHERE case_id = $1 AND account_id = $2 AND step = 'filing'
         AND means = 'filed_online' LIMIT 1",
    )
    .bind(case_id)
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .is_some();
    let accepted_earlier = sqlx::query(
        "SELECT 1 AS yes FROM services WHERE case_id = $1 AND recipient_account_id = $2 AND electronic = 1
         AND effect_rule IN ('receipt_confirmed', 'acted_on') AND dispute_at IS NULL LIMIT 1",
    )
    .bind(case_id)
    .bind(account_id)
    .fetch_optional(&state.db.pool)
    .await?
    .is_some();
    Ok(Standing {
        facts: grounds::ConsentFacts {
            confirmation: confirmation.as_ref().map(|c| c.consent_electronic),
            ledger,
            agreed_before_suit: false,
            filed_online,
            accepted_earlier,
        },
        confirmation,
    })
}

/// The electronic addresses known for a person: the platform account (confirmed by an address
/// confirmation choosing it, or by filing through it), the confirmation's email and mobile.
fn known_addresses(p: &Person, s: &Standing) -> Vec<KnownAddress> {
    let mut out = Vec::new();
    let platform_confirmed =
        s.confirmation.as_ref().is_some_and(|c| c.platform) || s.facts.filed_online;
    out.push(KnownAddress {
        channel: ServiceChannel::Platform,
        address: p.username.clone(),
        confirmed: platform_confirmed,
    });
    if let Some(c) = &s.confirmation {
        if let Some(e) = &c.email {
            out.push(KnownAddress {
                channel: ServiceChannel::Email,
                address: e.clone(),
                confirmed: true,
            });
        }
        if let Some(m) = &c.mobile {
            out.push(KnownAddress {
                channel: ServiceChannel::Sms,
                address: m.clone(),
                confirmed: true,
            });
        }
    }
    out
}

pub async fn recipients(
    state: &AppState,
    caller: &Account,
    case_id: i64,
) -> ApiResult<ServiceRecipients> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    staff_only(caller)?;
    let mut out = Vec::new();
    for p in people(&state.db, case_id).await? {
        let s = standing(state, case_id, p.account_id).await?;
        let found = grounds::ground(&s.facts);
        out.push(ServiceRecipient {
            account_id: p.account_id,
            name: p.name.clone(),
            role: p.role,
            ground: found.ok(),
            declined: found == Err(true),
            addresses: known_addresses(&p, &s),
            postal_address: s
                .confirmation
                .as_ref()
                .and_then(|c| c.postal_address.clone()),
        });
    }
    Ok(ServiceRecipients { recipients: out })
}

pub async fn serve(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    req: &ServeRequest,
) -> ApiResult<ServeResult> {
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    staff_only(caller)?;
    if req.document_ids.is_empty() || req.recipients.is_empty() {
        return Err(Failure::invalid(
            "document_ids, recipients: name at least one document and one recipient",
        ));
    }
    if req.channels.is_empty() {
        return Err(Failure::invalid("channels: choose at least one channel"));
    }
    if req.document_ids.len() * req.recipients.len() > 5_000 {
        return Err(Failure::invalid(
            "recipients: at most 5,000 services at once",
        ));
    }
    let mut docs = Vec::new();
    for id in &req.document_ids {
        let row = sqlx::query(
            "SELECT id, title, kind, sha256 FROM documents WHERE id = $1 AND case_id = $2",
        )
        .bind(*id)
        .bind(case_id)
        .fetch_optional(&state.db.pool)
        .await?
        .ok_or_else(|| {
            Failure::new(
                ApiErrorCode::DocumentNotInCase,
                format!("document_ids: document {id} is not in this case"),
            )
        })?;
        docs.push((
            row.try_get::<i64, _>("id")?,
            row.try_get::<String, _>("title")?,
            row.try_get::<String, _>("kind")?,
            row.try_get::<String, _>("sha256")?,
        ));
    }
    let everyone = people(&state.db, case_id).await?;
    let court_code: String = sqlx::query("SELECT court_code FROM cases WHERE id = $1")
        .bind(case_id)
        .fetch_one(&state.db.pool)
        .await?
        .try_get("court_code")?;
    let policy = policy::of_court(state, &court_code).await?;
    // Everything read first, then one transaction writes every service.
    let mut plans = Vec::new();
    for r in &req.recipients {
        let Some(p) = everyone.iter().find(|p| p.account_id == r.account_id) else {
            return Err(Failure::invalid(format!(
                "recipients: account {} is not a party or agent of this case",
                r.account_id
            )));
        };
        let agreed = r
            .agreed_before_suit
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty());
        if agreed.is_some_and(|a| a.chars().count() > 200) {
            return Err(Failure::invalid(
                "agreed_before_suit: at most 200 characters",
            ));
        }
        let mut s = standing(state, case_id, p.account_id).await?;
        s.facts.agreed_before_suit = agreed.is_some();
        plans.push((p, s, agreed.map(str::to_owned)));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let mut ids = Vec::new();
    let mut tasks_opened = 0;
    for (doc_id, title, kind, sha) in &docs {
        for (p, s, agreed) in &plans {
            let found = grounds::ground(&s.facts);
            let allowed = policy::allows(&policy, kind);
            let (electronic, reason) = match (found, allowed) {
                (Ok(_), true) => (true, None),
                (Ok(_), false) => (false, Some(OtherwiseReason::ExcludedDocument)),
                (Err(true), _) => (false, Some(OtherwiseReason::Declined)),
                (Err(false), _) => (false, Some(OtherwiseReason::NoConsent)),
            };
            let ground = found.ok().filter(|_| electronic);
            let id: i64 = sqlx::query(
                "INSERT INTO services (case_id, document_id, document_sha256, recipient_account_id, recipient_name,
                     served_by, served_by_name, served_at, state, electronic, ground, ground_detail, otherwise_reason)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) RETURNING id",
            )
            .bind(case_id)
            .bind(*doc_id)
            .bind(sha)
            .bind(p.account_id)
            .bind(&p.name)
            .bind(caller.id)
            .bind(&caller.display_name)
            .bind(stamp(now))
            .bind(if electronic { "pending" } else { "otherwise" })
            .bind(electronic as i64)
            .bind(ground.map(|g| g.as_str()))
            .bind(agreed.as_deref().filter(|_| ground == Some(ConsentGround::AgreedBeforeSuit)))
            .bind(reason.map(|r| r.as_str()))
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            let mut arrived_any = false;
            if electronic {
                for a in known_addresses(p, s) {
                    if !req.channels.contains(&a.channel) {
                        continue;
                    }
                    let outgoing = channels::Outgoing {
                        service_id: id,
                        recipient_account_id: p.account_id,
                        address: &a.address,
                        document_title: title,
                        case_id,
                    };
                    let d = channels::deliver(state, &mut tx, a.channel, &outgoing, now).await?;
                    if a.channel != ServiceChannel::Sms && d.arrived_at.is_some() {
                        arrived_any = true;
                    }
                    sqlx::query(
                        "INSERT INTO service_deliveries (service_id, channel, address, address_confirmed, sent_at,
                             arrived_at, failure, message_id)
                         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
                    )
                    .bind(id)
                    .bind(a.channel.as_str())
                    .bind(&a.address)
                    .bind(a.confirmed as i64)
                    .bind(stamp(now))
                    .bind(d.arrived_at.map(stamp))
                    .bind(&d.failure)
                    .bind(&d.message_id)
                    .execute(&mut *tx)
                    .await?;
                    if d.permanent_failure {
                        tasks::open(
                            &mut tx,
                            id,
                            case_id,
                            &court_code,
                            ServiceTaskKind::Bounce,
                            None,
                            d.failure.as_deref(),
                            now,
                        )
                        .await?;
                        tasks_opened += 1;
                    }
                }
            }
            let reason = match (electronic, arrived_any) {
                (false, _) => reason,
                (true, false) => Some(OtherwiseReason::ChannelsFailed),
                (true, true) => None,
            };
            if let Some(r) = reason {
                if electronic {
                    sqlx::query("UPDATE services SET state = 'otherwise', otherwise_reason = $1 WHERE id = $2")
                        .bind(r.as_str())
                        .bind(id)
                        .execute(&mut *tx)
                        .await?;
                }
                tasks::open(
                    &mut tx,
                    id,
                    case_id,
                    &court_code,
                    ServiceTaskKind::ServeOtherwise,
                    Some(r),
                    None,
                    now,
                )
                .await?;
                tasks_opened += 1;
            }
            let how = match (ground, reason) {
                (Some(g), None) => format!("电子送达（{}）", grounds::article(g)),
                _ => "待以其他方式送达".to_owned(),
            };
            let detail = format!("向{}送达《{}》：{}", p.name, title, how);
            cases::record_act(
                &mut tx,
                now,
                Act {
                    case_id,
                    kind: "document_served",
                    title: "送达",
                    detail: Some(&detail),
                    actor: Some(caller),
                    audit: serde_json::json!({
                        "service_id": id, "document_id": doc_id, "document_sha256": sha,
                        "recipient": p.account_id, "electronic": electronic,
                        "ground": ground.map(|g| g.as_str()),
                        "otherwise_reason": reason.map(|r| r.as_str()),
                    }),
                },
            )
            .await?;
            recompute(&mut tx, state, id, now).await?;
            ids.push(id);
        }
    }
    tx.commit().await?;
    Ok(ServeResult {
        served: load(&state.db, &ids).await?,
        tasks_opened,
    })
}

/// The period a service of `kind` to someone in `role` starts: the defence 15 days from the
/// complaint's copy (民事诉讼法 Art. 128), the appeal 15 days from a judgment and 10 from a
/// ruling (Art. 171).
pub fn period_for(kind: &str, role: CaseRole) -> Option<(&'static str, &'static str, u32)> {
    match (kind, role) {
        ("complaint", CaseRole::Defendant) => Some(("defence", "答辩期", 15)),
        ("judgment", CaseRole::Plaintiff | CaseRole::Defendant | CaseRole::ThirdParty) => {
            Some(("appeal_judgment", "上诉期", 15))
        }
        ("ruling", CaseRole::Plaintiff | CaseRole::Defendant | CaseRole::ThirdParty) => {
            Some(("appeal_ruling", "上诉期", 10))
        }
        _ => None,
    }
}

/// Works the effect out again from the stored facts, stores it and the state, and starts the
/// period once service first takes effect.
pub async fn recompute(
    tx: &mut Tx,
    state: &AppState,
    service_id: i64,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let r = sqlx::query(
        "SELECT s.*, d.kind AS document_kind FROM services s JOIN documents d ON d.id = s.document_id WHERE s.id = $1",
    )
    .bind(service_id)
    .fetch_one(&mut **tx)
    .await?;
    let channels = sqlx::query(
        "SELECT channel, address_confirmed, arrived_at FROM service_deliveries WHERE service_id = $1",
    )
    .bind(service_id)
    .fetch_all(&mut **tx)
    .await?
    .iter()
    .map(|d| {
        Ok(effect::Channel {
            channel: ServiceChannel::parse(&d.try_get::<String, _>("channel")?)
                .unwrap_or(ServiceChannel::Sms),
            address_confirmed: d.try_get::<i64, _>("address_confirmed")? != 0,
            arrived_at: opt_time(d, "arrived_at")?,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    let facts = effect::Facts {
        channels,
        opened_at: opt_time(&r, "opened_at")?,
        opened_learned_at: opt_time(&r, "opened_learned_at")?,
        receipt_confirmed_at: opt_time(&r, "receipt_confirmed_at")?,
        acted_at: opt_time(&r, "acted_at")?,
        presumption_set_aside: r.try_get::<Option<i64>, _>("dispute_upheld")?.unwrap_or(0) != 0,
        served_otherwise_at: opt_time(&r, "otherwise_at")?,
    };
    let found = effect::effect(&facts);
    let old_state: String = r.try_get("state")?;
    let disputed =
        opt_string(&r, "dispute_at")?.is_some() && opt_string(&r, "dispute_decided_at")?.is_none();
    let new_state = match (&found, disputed) {
        (_, true) => ServiceState::Disputed,
        (Some(_), false) => ServiceState::Effective,
        (None, false) if old_state == "otherwise" => ServiceState::Otherwise,
        (None, false) => {
            if facts.presumption_set_aside {
                ServiceState::Otherwise
            } else {
                ServiceState::Pending
            }
        }
    };
    sqlx::query(
        "UPDATE services SET effect_at = $1, effect_rule = $2, effect_channel = $3, state = $4 WHERE id = $5",
    )
    .bind(found.map(|e| stamp(e.at)))
    .bind(found.map(|e| e.rule.as_str()))
    .bind(found.and_then(|e| e.channel).map(|c| c.as_str()))
    .bind(new_state.as_str())
    .bind(service_id)
    .execute(&mut **tx)
    .await?;
    let period_id: Option<i64> = r.try_get("period_id")?;
    if let (Some(e), None) = (found, period_id) {
        let case_id: i64 = r.try_get("case_id")?;
        let recipient: i64 = r.try_get("recipient_account_id")?;
        let kind: String = r.try_get("document_kind")?;
        let role = sqlx::query(
            "SELECT role FROM case_participants WHERE case_id = $1 AND account_id = $2 ORDER BY id",
        )
        .bind(case_id)
        .bind(recipient)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .filter_map(|x| x.try_get::<String, _>("role").ok())
        .filter_map(|x| CaseRole::parse(&x))
        .find_map(|role| period_for(&kind, role));
        if let Some((pkind, label, days)) = role {
            let running = periods::start(
                tx,
                state,
                case_id,
                now,
                PeriodStart {
                    kind: pkind,
                    label,
                    from: court_date(e.at),
                    days,
                    unit: PeriodUnit::Days,
                    holder_account_id: Some(recipient),
                    basis: serde_json::json!({ "service_id": service_id }),
                },
            )
            .await?;
            sqlx::query(
                "UPDATE services SET period_id = $1, deadline_label = $2, deadline_date = $3 WHERE id = $4",
            )
            .bind(running.id)
            .bind(label)
            .bind(running.end.to_string())
            .bind(service_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

/// The recipient's own acts on a served document, from the outbox.
fn recipient_act<'a>(
    state: &'a AppState,
    caller: &'a Account,
    tx: &'a mut Tx,
    req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async move {
        let now = state.clock.now();
        let (case_id, service_id) = match &req.action {
            ActionBody::OpenServedDocument {
                case_id,
                service_id,
                ..
            }
            | ActionBody::ConfirmServiceReceipt {
                case_id,
                service_id,
            }
            | ActionBody::DisputeService {
                case_id,
                service_id,
                ..
            }
            | ActionBody::RequestPaperCopy {
                case_id,
                service_id,
            } => (*case_id, *service_id),
            _ => return Err(anyhow::anyhow!("a service action got another action").into()),
        };
        let row = sqlx::query(
            "SELECT s.*, d.title, d.kind AS document_kind, c.court_code FROM services s
             JOIN documents d ON d.id = s.document_id JOIN cases c ON c.id = s.case_id
             WHERE s.id = $1 AND s.case_id = $2 AND s.recipient_account_id = $3",
        )
        .bind(service_id)
        .bind(case_id)
        .bind(caller.id)
        .fetch_optional(&mut **tx)
        .await?;
        let Some(row) = row else {
            return Ok(Err(Failure::not_found()));
        };
        let title: String = row.try_get("title")?;
        let court_code: String = row.try_get("court_code")?;
        let audit = serde_json::json!({
            "service_id": service_id, "client_id": req.client_id, "mutation_id": req.mutation_id,
        });
        let (kind, words, mut audit) = match &req.action {
            ActionBody::OpenServedDocument { opened_at, .. } => {
                let Some(at) = parse_time(opened_at) else {
                    return Ok(Err(Failure::invalid("opened_at: not an RFC 3339 time")));
                };
                if opt_string(&row, "opened_at")?.is_some() {
                    // The first opening counts; a later one changes nothing.
                    return Ok(Ok(None));
                }
                sqlx::query(
                    "UPDATE services SET opened_at = $1, opened_learned_at = $2 WHERE id = $3",
                )
                .bind(stamp(at))
                .bind(stamp(now))
                .bind(service_id)
                .execute(&mut **tx)
                .await?;
                let mut a = audit;
                a["opened_at"] = stamp(at).into();
                a["learned_at"] = stamp(now).into();
                (
                    "served_document_opened",
                    format!("{}已阅读《{}》", caller.display_name, title),
                    a,
                )
            }
            ActionBody::ConfirmServiceReceipt { .. } => {
                if opt_string(&row, "receipt_confirmed_at")?.is_some() {
                    return Ok(Ok(None));
                }
                sqlx::query("UPDATE services SET receipt_confirmed_at = $1 WHERE id = $2")
                    .bind(stamp(now))
                    .bind(service_id)
                    .execute(&mut **tx)
                    .await?;
                (
                    "service_receipt_confirmed",
                    format!("{}确认收到《{}》", caller.display_name, title),
                    audit,
                )
            }
            ActionBody::DisputeService { reason, .. } => {
                let reason = match given_reason(reason) {
                    Ok(r) => r,
                    Err(f) => return Ok(Err(f)),
                };
                let presumed = opt_string(&row, "effect_rule")?.as_deref() == Some("presumed_read");
                if !presumed || opt_string(&row, "dispute_at")?.is_some() {
                    return Ok(Err(Failure::new(
                        ApiErrorCode::ServiceNotPresumed,
                        "only a service presumed from reading can be disputed, once",
                    )));
                }
                sqlx::query(
                    "UPDATE services SET dispute_reason = $1, dispute_at = $2 WHERE id = $3",
                )
                .bind(&reason)
                .bind(stamp(now))
                .bind(service_id)
                .execute(&mut **tx)
                .await?;
                tasks::open(
                    tx,
                    service_id,
                    case_id,
                    &court_code,
                    ServiceTaskKind::Dispute,
                    None,
                    Some(&reason),
                    now,
                )
                .await?;
                let mut a = audit;
                a["reason"] = reason.clone().into();
                (
                    "service_disputed",
                    format!(
                        "{}对《{}》的推定送达提出异议：{}",
                        caller.display_name, title, reason
                    ),
                    a,
                )
            }
            ActionBody::RequestPaperCopy { .. } => {
                let kind: String = row.try_get("document_kind")?;
                let policy = policy::of_court(state, &court_code).await?;
                let electronic = row.try_get::<i64, _>("electronic")? != 0;
                if !electronic || !policy.paper_copy_kinds.contains(&kind) {
                    return Ok(Err(Failure::new(
                        ApiErrorCode::PaperCopyNotApplicable,
                        "a paper copy only of a judgment, ruling or mediation statement served electronically",
                    )));
                }
                if opt_string(&row, "paper_copy_requested_at")?.is_some() {
                    return Ok(Ok(None));
                }
                // Asking for paper of a document is acting on it (Art. 31(2)).
                sqlx::query(
                    "UPDATE services SET paper_copy_requested_at = $1, acted_at = COALESCE(acted_at, $1) WHERE id = $2",
                )
                .bind(stamp(now))
                .bind(service_id)
                .execute(&mut **tx)
                .await?;
                tasks::open(
                    tx,
                    service_id,
                    case_id,
                    &court_code,
                    ServiceTaskKind::PaperCopy,
                    None,
                    None,
                    now,
                )
                .await?;
                (
                    "paper_copy_requested",
                    format!("{}申请《{}》的纸质文书", caller.display_name, title),
                    audit,
                )
            }
            _ => unreachable!("matched above"),
        };
        recompute(tx, state, service_id, now).await?;
        if let Some(s) = sqlx::query("SELECT effect_at, effect_rule FROM services WHERE id = $1")
            .bind(service_id)
            .fetch_optional(&mut **tx)
            .await?
        {
            audit["effect_at"] = opt_string(&s, "effect_at")?.into();
            audit["effect_rule"] = opt_string(&s, "effect_rule")?.into();
        }
        let event_id = cases::record_act(
            tx,
            now,
            Act {
                case_id,
                kind,
                title: "送达",
                detail: Some(&words),
                actor: Some(caller),
                audit,
            },
        )
        .await?;
        Ok(Ok(Some(event_id)))
    })
}

/// Loads a service the caller (court staff of its court) may act on.
pub(super) async fn staff_service(
    state: &AppState,
    caller: &Account,
    service_id: i64,
) -> ApiResult<ServedDocument> {
    staff_only(caller)?;
    let s = one(&state.db, service_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    if !cases::visible(&state.db, caller, s.case_id).await? {
        return Err(Failure::not_found());
    }
    Ok(s)
}

pub async fn decide_dispute(
    state: &AppState,
    caller: &Account,
    service_id: i64,
    req: &DisputeDecisionRequest,
) -> ApiResult<ServedDocument> {
    let s = staff_service(state, caller, service_id).await?;
    let reason = given_reason(&req.reason)?;
    if s.state != ServiceState::Disputed {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "no dispute of this service waits for a decision",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE services SET dispute_upheld = $1, dispute_decision_reason = $2, dispute_decided_at = $3,
             dispute_decided_by = $4 WHERE id = $5",
    )
    .bind(req.upheld as i64)
    .bind(&reason)
    .bind(stamp(now))
    .bind(&caller.display_name)
    .bind(service_id)
    .execute(&mut *tx)
    .await?;
    tasks::close_kind(&mut tx, service_id, ServiceTaskKind::Dispute, caller, now).await?;
    if req.upheld {
        sqlx::query("UPDATE services SET state = 'otherwise', otherwise_reason = 'dispute_upheld' WHERE id = $1")
            .bind(service_id)
            .execute(&mut *tx)
            .await?;
    }
    recompute(&mut tx, state, service_id, now).await?;
    let still = one_in(&mut tx, service_id).await?;
    if req.upheld && still.is_none() {
        let court_code: String = sqlx::query("SELECT court_code FROM cases WHERE id = $1")
            .bind(s.case_id)
            .fetch_one(&mut *tx)
            .await?
            .try_get("court_code")?;
        tasks::open(
            &mut tx,
            service_id,
            s.case_id,
            &court_code,
            ServiceTaskKind::ServeOtherwise,
            Some(OtherwiseReason::DisputeUpheld),
            None,
            now,
        )
        .await?;
    }
    let detail = format!(
        "法院对{}就《{}》推定送达的异议作出决定：{}。理由：{}",
        s.recipient_name,
        s.document_title,
        if req.upheld {
            "异议成立，另行送达"
        } else {
            "异议不成立"
        },
        reason
    );
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: s.case_id,
            kind: "service_dispute_decided",
            title: "送达",
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({
                "service_id": service_id, "upheld": req.upheld, "reason": reason,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    one(&state.db, service_id)
        .await?
        .ok_or_else(Failure::not_found)
}

/// The effect time of a service, inside `tx`.
async fn one_in(tx: &mut Tx, service_id: i64) -> sqlx::Result<Option<String>> {
    let r = sqlx::query("SELECT effect_at FROM services WHERE id = $1")
        .bind(service_id)
        .fetch_one(&mut **tx)
        .await?;
    opt_string(&r, "effect_at")
}

fn court_words(at: &str) -> String {
    parse_time(at)
        .map(|t| court_time(t).format("%Y年%m月%d日 %H:%M:%S").to_string())
        .unwrap_or_else(|| at.to_owned())
}

fn channel_words(c: ServiceChannel) -> &'static str {
    match c {
        ServiceChannel::Platform => "诉讼平台账号",
        ServiceChannel::Email => "电子邮箱",
        ServiceChannel::Sms => "短信提示",
    }
}

/// The certificate's values in the court's words.
pub fn certificate_paper(
    s: &ServedDocument,
    court_name: &str,
    case_number: &str,
    now: DateTime<Utc>,
) -> ecourt_papers::ServiceCertificatePaper {
    let opened = match (&s.opened_at, &s.opened_learned_at) {
        (Some(at), Some(learned)) => format!(
            "已阅知：{}（受送达人端记录）；法院获知：{}",
            court_words(at),
            court_words(learned)
        ),
        _ => "尚未阅知".to_owned(),
    };
    let ground = match (s.ground, s.otherwise_reason) {
        (Some(g), _) => grounds::article(g).to_owned(),
        (None, Some(r)) => format!("未电子送达（{}）", r.as_str()),
        (None, None) => "—".to_owned(),
    };
    let effect = match &s.effect {
        Some(e) => format!(
            "{}；规则：{}（{}）{}",
            court_words(&e.at),
            effect::words(e.rule),
            e.article,
            e.channel
                .map(|c| format!("；生效方式：{}", channel_words(c)))
                .unwrap_or_default()
        ),
        None => "尚未生效".to_owned(),
    };
    ecourt_papers::ServiceCertificatePaper {
        court_name: court_name.to_owned(),
        case_number: case_number.to_owned(),
        document_title: s.document_title.clone(),
        document_sha256: s.document_sha256.clone(),
        recipient: s.recipient_name.clone(),
        served_by: s.served_by.clone(),
        deliveries: s
            .deliveries
            .iter()
            .map(|d| ecourt_papers::CertificateDelivery {
                channel: channel_words(d.channel).to_owned(),
                address: d.address.clone(),
                sent: court_words(&d.sent_at),
                arrived: match (&d.arrived_at, &d.failure) {
                    (Some(at), _) => format!("已到达 {}", court_words(at)),
                    (None, Some(f)) => format!("未到达：{f}"),
                    (None, None) => "未到达".to_owned(),
                },
            })
            .collect(),
        opened,
        ground,
        effect,
        made_at: court_time(now).format("%Y年%m月%d日 %H:%M").to_string(),
    }
}

pub async fn certificate(
    state: &AppState,
    caller: &Account,
    service_id: i64,
) -> ApiResult<ServiceCertificate> {
    let s = staff_service(state, caller, service_id).await?;
    let meta = sqlx::query(
        "SELECT c.case_number, ct.name AS court_name FROM cases c JOIN courts ct ON ct.code = c.court_code WHERE c.id = $1",
    )
    .bind(s.case_id)
    .fetch_one(&state.db.pool)
    .await?;
    let case_number = opt_string(&meta, "case_number")?.unwrap_or_default();
    let now = state.clock.now();
    let paper = certificate_paper(
        &s,
        &meta.try_get::<String, _>("court_name")?,
        &case_number,
        now,
    );
    let mut sha = [0u8; 32];
    hex::decode_to_slice(&s.document_sha256, &mut sha)
        .map_err(|e| anyhow::anyhow!("a stored hash is not hex: {e}"))?;
    let font = state
        .config
        .papers_font()
        .map_err(|e| anyhow::anyhow!("no font for court papers: {e}"))?;
    let pdf = ecourt_papers::render_service_certificate(
        &paper,
        ecourt_papers::Footer {
            case_number,
            sha256: sha,
        },
        font,
    )
    .map_err(anyhow::Error::from)?;
    let title = format!("电子送达凭证（{}·{}）", s.document_title, s.recipient_name);
    let mut tx = state.db.begin_write().await?;
    let doc = cases::add_document(
        &mut tx,
        s.case_id,
        now,
        cases::NewDocument {
            title: &title,
            kind: "service_certificate",
            mime_type: "application/pdf",
            content: pdf,
        },
    )
    .await?;
    sqlx::query("UPDATE services SET certificate_document_id = $1 WHERE id = $2")
        .bind(doc.id)
        .bind(service_id)
        .execute(&mut *tx)
        .await?;
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: s.case_id,
            kind: "service_certificate_made",
            title: "电子送达凭证",
            detail: Some(&title),
            actor: Some(caller),
            audit: serde_json::json!({
                "service_id": service_id, "document_id": doc.id, "document_sha256": doc.sha256,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(ServiceCertificate {
        service_id,
        document_id: doc.id,
        sha256: doc.sha256,
        title,
    })
}
