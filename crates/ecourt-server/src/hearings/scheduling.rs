//! Hearings as the court records them (开庭): scheduling, each summoned person's answer on an
//! online hearing and the court's exclusions (seed §四: no consent, no equipment, identity or
//! originals to check in person, physical evidence → not online), the join token, and the
//! hearing record of connections and causes. The live room is [`crate::hearing_room`].

use crate::kernel::caller::Caller;
use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::stamp;
use crate::kernel::consent;
use crate::kernel::db::{opt_string, placeholders, Db, Tx};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use chrono::{DateTime, Utc};
use ecourt_api::*;
use ecourt_domain::{AccountKind, CaseRole};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::Row;
use std::collections::HashMap;

/// How long a join token lets its holder open the signalling socket (and reconnect with it).
pub const JOIN_TOKEN_MINUTES: i64 = 30;
/// A party's or agent's face must have been re-checked this recently to join.
pub const RECHECK_WITHIN_HOURS: i64 = 2;

/// The courtroom rules and the no-recording declaration (data: `policy/courtroom-rules.json`).
pub fn courtroom_rules() -> CourtroomRules {
    #[derive(serde::Deserialize)]
    struct Policy {
        version: String,
        rules: Vec<String>,
        declaration: String,
    }
    let p: Policy = serde_json::from_str(include_str!("../../policy/courtroom-rules.json"))
        .expect("policy/courtroom-rules.json is valid");
    CourtroomRules {
        version: p.version,
        rules: p.rules,
        declaration: p.declaration,
    }
}

/// Court staff take part from the courtroom's own equipment and need no consent.
pub fn is_court_role(role: CaseRole) -> bool {
    matches!(role, CaseRole::Judge | CaseRole::Clerk)
}

/// One summoned person, as stored.
#[derive(Debug, Clone)]
pub struct Attendee {
    pub account_id: i64,
    pub name: String,
    pub role: CaseRole,
    pub mode: AttendanceMode,
    pub ground: Option<ExclusionGround>,
    /// Court staff in a court role: may admit, mute, remove, pause and end.
    pub presides: bool,
}

/// A hearing's fixed facts.
#[derive(Debug, Clone)]
pub struct Hearing {
    pub id: i64,
    pub case_id: i64,
    pub case_number: Option<String>,
    pub courtroom: String,
    pub scheduled_at: String,
    pub contact_phone: Option<String>,
    pub state: HearingState,
}

fn mode_of(s: &str) -> AttendanceMode {
    match s {
        "online" => AttendanceMode::Online,
        "offline" => AttendanceMode::Offline,
        _ => AttendanceMode::Pending,
    }
}

fn mode_str(m: AttendanceMode) -> &'static str {
    match m {
        AttendanceMode::Pending => "pending",
        AttendanceMode::Online => "online",
        AttendanceMode::Offline => "offline",
    }
}

fn decode(what: &str, value: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("unexpected {what} {value:?}").into())
}

pub async fn hearing(db: &Db, hearing_id: i64) -> sqlx::Result<Option<Hearing>> {
    let Some(row) = sqlx::query(
        "SELECT h.id, h.case_id, c.case_number, h.courtroom, h.scheduled_at, h.contact_phone, h.state
         FROM hearings h JOIN cases c ON c.id = h.case_id WHERE h.id = $1",
    )
    .bind(hearing_id)
    .fetch_optional(&db.pool)
    .await?
    else {
        return Ok(None);
    };
    let state: String = row.try_get("state")?;
    Ok(Some(Hearing {
        id: row.try_get("id")?,
        case_id: row.try_get("case_id")?,
        case_number: opt_string(&row, "case_number")?,
        courtroom: row.try_get("courtroom")?,
        scheduled_at: row.try_get("scheduled_at")?,
        contact_phone: opt_string(&row, "contact_phone")?,
        state: HearingState::parse(&state).ok_or_else(|| decode("state", &state))?,
    }))
}

pub async fn attendees(db: &Db, hearing_id: i64) -> sqlx::Result<Vec<Attendee>> {
    let rows = sqlx::query(
        "SELECT a.account_id, a.name, a.role, a.mode, a.ground, u.kind FROM hearing_attendees a
         JOIN accounts u ON u.id = a.account_id WHERE a.hearing_id = $1 ORDER BY a.account_id",
    )
    .bind(hearing_id)
    .fetch_all(&db.pool)
    .await?;
    rows.iter()
        .map(|row| {
            let mut a = attendee_from_row(row)?;
            let kind: String = row.try_get("kind")?;
            a.presides = AccountKind::parse(&kind)
                .is_some_and(|k| k.is_court_staff() && is_court_role(a.role));
            Ok(a)
        })
        .collect()
}

fn attendee_from_row(row: &sqlx::any::AnyRow) -> sqlx::Result<Attendee> {
    let role: String = row.try_get("role")?;
    let mode: String = row.try_get("mode")?;
    Ok(Attendee {
        account_id: row.try_get("account_id")?,
        name: row.try_get("name")?,
        role: CaseRole::parse(&role).ok_or_else(|| decode("role", &role))?,
        mode: mode_of(&mode),
        ground: opt_string(row, "ground")?.and_then(|g| ExclusionGround::parse(&g)),
        presides: false,
    })
}

/// The hearings of `case_ids` for the case detail, with the caller marked.
pub async fn summaries(
    db: &Db,
    caller: &ecourt_api::Account,
    case_ids: &[i64],
) -> sqlx::Result<HashMap<i64, Vec<HearingSummary>>> {
    let mut out: HashMap<i64, Vec<HearingSummary>> = HashMap::new();
    if case_ids.is_empty() {
        return Ok(out);
    }
    let list = placeholders(1, case_ids.len());
    let sql = format!(
        "SELECT h.id, h.case_id, h.scheduled_at, h.courtroom, h.state, a.account_id, a.name, a.role, a.mode, a.ground
         FROM hearings h LEFT JOIN hearing_attendees a ON a.hearing_id = h.id
         WHERE h.case_id IN ({list}) ORDER BY h.scheduled_at, h.id, a.account_id"
    );
    let mut q = sqlx::query(&sql);
    for id in case_ids {
        q = q.bind(*id);
    }
    for row in q.fetch_all(&db.pool).await? {
        let case_id: i64 = row.try_get("case_id")?;
        let id: i64 = row.try_get("id")?;
        let list = out.entry(case_id).or_default();
        if list.last().is_none_or(|h| h.id != id) {
            let state: String = row.try_get("state")?;
            list.push(HearingSummary {
                id,
                scheduled_at: row.try_get("scheduled_at")?,
                courtroom: row.try_get("courtroom")?,
                state: HearingState::parse(&state).ok_or_else(|| decode("state", &state))?,
                attendees: Vec::new(),
            });
        }
        let account: Option<i64> = row.try_get("account_id")?;
        if account.is_some() {
            let a = attendee_from_row(&row)?;
            if let Some(h) = list.last_mut() {
                h.attendees.push(HearingAttendee {
                    you: a.account_id == caller.id,
                    name: a.name,
                    role: a.role,
                    mode: a.mode,
                    ground: a.ground,
                });
            }
        }
    }
    Ok(out)
}

/// Schedules a hearing of a case (court staff of the case's court): everyone in the case with
/// an account is summoned; court staff attend online from the courtroom.
pub async fn schedule(
    state: &AppState,
    caller: &ecourt_api::Account,
    case_id: i64,
    scheduled_at: DateTime<Utc>,
    courtroom: &str,
    contact_phone: Option<&str>,
) -> ApiResult<i64> {
    if !caller.kind.is_court_staff() {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court schedules hearings",
        ));
    }
    if !cases::visible(&state.db, caller, case_id).await? {
        return Err(Failure::not_found());
    }
    let courtroom = checked_time_and_room(state, scheduled_at, courtroom)?;
    let contact_phone = match contact_phone.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => Some(desk_phone(p).ok_or_else(|| {
            Failure::invalid("contact_phone: a phone number of digits, spaces and dashes")
        })?),
        None => None,
    };
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let id = insert_hearing(&mut tx, case_id, scheduled_at, courtroom).await?;
    if let Some(phone) = &contact_phone {
        set_contact_phone(&mut tx, id, phone).await?;
    }
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "hearing_scheduled",
            title: "排定开庭",
            detail: Some(&format!(
                "{}，{}（在线庭审）",
                ecourt_domain::court_time::court_time(scheduled_at).format("%Y-%m-%d %H:%M"),
                courtroom
            )),
            actor: Some(caller),
            audit: serde_json::json!({"hearing_id": id, "scheduled_at": stamp(scheduled_at), "courtroom": courtroom}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

/// A desk phone as a participant dials it (e.g. "0571-8706 1234", "12368"): digits with spaces
/// or dashes between them, 5 to 15 digits, "+" in front for an international form.
pub fn desk_phone(input: &str) -> Option<String> {
    let body = input.strip_prefix('+').unwrap_or(input);
    let digits = body.chars().filter(char::is_ascii_digit).count();
    let ok = body
        .chars()
        .all(|c| c.is_ascii_digit() || c == '-' || c == ' ')
        && body.starts_with(|c: char| c.is_ascii_digit())
        && body.ends_with(|c: char| c.is_ascii_digit())
        && (5..=15).contains(&digits);
    ok.then(|| input.to_string())
}

/// The phone of the hearing's clerk's desk.
pub async fn set_contact_phone(tx: &mut Tx, hearing_id: i64, phone: &str) -> sqlx::Result<()> {
    sqlx::query("UPDATE hearings SET contact_phone = $1 WHERE id = $2")
        .bind(phone)
        .bind(hearing_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// A hearing's time (from yesterday to two years ahead, court time) and courtroom (a name of at
/// most 60 characters) as the court takes them when scheduling or moving one; the courtroom
/// trimmed.
pub(crate) fn checked_time_and_room<'a>(
    state: &AppState,
    scheduled_at: DateTime<Utc>,
    courtroom: &'a str,
) -> ApiResult<&'a str> {
    let today = crate::kernel::clock::court_date(state.clock.now());
    let day = crate::kernel::clock::court_date(scheduled_at);
    let earliest = today - chrono::Days::new(1);
    let latest = today
        .checked_add_months(chrono::Months::new(24))
        .unwrap_or(chrono::NaiveDate::MAX);
    if day < earliest || day > latest {
        return Err(Failure::new(
            ApiErrorCode::DateOutOfRange,
            format!("a hearing is scheduled between {earliest} and {latest} (court time)"),
        ));
    }
    ecourt_domain::text::check_name(courtroom)
        .map_err(|p| crate::kernel::extract::text_failure("courtroom", p))?;
    let courtroom = courtroom.trim();
    if courtroom.is_empty() || courtroom.chars().count() > 60 {
        return Err(Failure::invalid(
            "name the courtroom (at most 60 characters)",
        ));
    }
    Ok(courtroom)
}

/// Inserts a hearing and summons the case's participants who have accounts (seed and
/// scheduling).
pub async fn insert_hearing(
    tx: &mut Tx,
    case_id: i64,
    scheduled_at: DateTime<Utc>,
    courtroom: &str,
) -> anyhow::Result<i64> {
    let id: i64 = sqlx::query(
        "INSERT INTO hearings (case_id, scheduled_at, courtroom) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(case_id)
    .bind(stamp(scheduled_at))
    .bind(courtroom)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let people = sqlx::query(
        "SELECT DISTINCT account_id, name, role FROM case_participants
         WHERE case_id = $1 AND account_id IS NOT NULL",
    )
    .bind(case_id)
    .fetch_all(&mut **tx)
    .await?;
    for p in people {
        let role: String = p.try_get("role")?;
        let court = CaseRole::parse(&role).is_some_and(is_court_role);
        sqlx::query(
            "INSERT INTO hearing_attendees (hearing_id, account_id, name, role, mode) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(p.try_get::<i64, _>("account_id")?)
        .bind(p.try_get::<String, _>("name")?)
        .bind(&role)
        .bind(if court { "online" } else { "pending" })
        .execute(&mut **tx)
        .await?;
    }
    Ok(id)
}

/// The caller's own attendance, or 404 (not summoned: the hearing's existence is not told).
async fn own_attendance(
    db: &Db,
    caller: &ecourt_api::Account,
    hearing_id: i64,
) -> ApiResult<(Hearing, Attendee)> {
    let h = hearing(db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    let me = attendees(db, hearing_id)
        .await?
        .into_iter()
        .find(|a| a.account_id == caller.id)
        .ok_or_else(Failure::not_found)?;
    Ok((h, me))
}

/// A party's or agent's answer: online, or offline with a ground (refused, no equipment, …).
pub async fn answer(
    state: &AppState,
    caller: &ecourt_api::Account,
    hearing_id: i64,
    req: &HearingConsentRequest,
) -> ApiResult<HearingSummary> {
    let (h, me) = own_attendance(&state.db, caller, hearing_id).await?;
    if is_court_role(me.role) {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "the court's own staff give no consent",
        ));
    }
    if h.state == HearingState::Ended {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "the hearing has ended",
        ));
    }
    let (mode, ground) = match (req.online, req.ground) {
        (true, None) => (AttendanceMode::Online, None),
        (true, Some(_)) => {
            return Err(Failure::invalid("a ground goes with a refusal only"));
        }
        (false, g) => (
            AttendanceMode::Offline,
            Some(g.unwrap_or(ExclusionGround::Refused)),
        ),
    };
    // The answer is an entry of the consent ledger: a court's ground binds the party, and
    // agreeing then saying no is a withdrawal, possible only before the hearing opens.
    let answer = match ground {
        None => consent::rules::Answer::Give,
        Some(g) => consent::rules::Answer::Decline {
            ground: Some(g),
            reason: None,
        },
    };
    let means = consent::means_of(state, caller).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let kind =
        consent::decide(&mut tx, h.case_id, caller.id, OnlineStep::Hearing, &answer).await??;
    set_mode(&mut tx, hearing_id, caller.id, mode, ground, now).await?;
    let (title, detail) = match ground {
        None => ("同意在线庭审", format!("{}同意以在线方式参加庭审", me.name)),
        Some(g) => ("在线庭审改为线下", format!("{}：{}", me.name, ground_zh(g))),
    };
    let event_id = cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: h.case_id,
            kind: "hearing_consent",
            title,
            detail: Some(&detail),
            actor: Some(caller),
            audit: serde_json::json!({"hearing_id": hearing_id, "mode": mode_str(mode), "ground": ground.map(|g| g.as_str())}),
        },
    )
    .await?;
    consent::append(
        &mut tx,
        now,
        &consent::Entry {
            case_id: h.case_id,
            account_id: caller.id,
            name: &me.name,
            step: OnlineStep::Hearing,
            kind,
            ground,
            reason: None,
            means,
            recorded_by: caller.id,
            event_id: Some(event_id),
        },
    )
    .await?;
    tx.commit().await?;
    summary(state, caller, h.case_id, hearing_id).await
}

/// The court excludes a participant from the online hearing on a ground.
pub async fn exclude(
    state: &AppState,
    caller: &ecourt_api::Account,
    hearing_id: i64,
    req: &HearingExclusionRequest,
) -> ApiResult<HearingSummary> {
    let h = hearing(&state.db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    if !caller.kind.is_court_staff() || !cases::visible(&state.db, caller, h.case_id).await? {
        return Err(Failure::not_found());
    }
    let target = sqlx::query(
        "SELECT a.account_id, a.name FROM hearing_attendees a JOIN accounts u ON u.id = a.account_id
         WHERE a.hearing_id = $1 AND u.username = $2",
    )
    .bind(hearing_id)
    .bind(&req.username)
    .fetch_optional(&state.db.pool)
    .await?
    .ok_or_else(|| Failure::invalid("that person is not summoned to this hearing"))?;
    let (account_id, name): (i64, String) =
        (target.try_get("account_id")?, target.try_get("name")?);
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    set_mode(
        &mut tx,
        hearing_id,
        account_id,
        AttendanceMode::Offline,
        Some(req.ground),
        now,
    )
    .await?;
    let event_id = cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: h.case_id,
            kind: "hearing_exclusion",
            title: "不适用在线庭审",
            detail: Some(&format!("{name}：{}", ground_zh(req.ground))),
            actor: Some(caller),
            audit: serde_json::json!({"hearing_id": hearing_id, "account_id": account_id, "ground": req.ground.as_str()}),
        },
    )
    .await?;
    consent::append(
        &mut tx,
        now,
        &consent::Entry {
            case_id: h.case_id,
            account_id,
            name: &name,
            step: OnlineStep::Hearing,
            kind: StepConsentKind::Excluded,
            ground: Some(req.ground),
            reason: None,
            means: ConsentMeans::CourtRecord,
            recorded_by: caller.id,
            event_id: Some(event_id),
        },
    )
    .await?;
    tx.commit().await?;
    summary(state, caller, h.case_id, hearing_id).await
}

async fn set_mode(
    tx: &mut Tx,
    hearing_id: i64,
    account_id: i64,
    mode: AttendanceMode,
    ground: Option<ExclusionGround>,
    now: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE hearing_attendees SET mode = $1, ground = $2, answered_at = $3 WHERE hearing_id = $4 AND account_id = $5",
    )
    .bind(mode_str(mode))
    .bind(ground.map(|g| g.as_str()))
    .bind(stamp(now))
    .bind(hearing_id)
    .bind(account_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn summary(
    state: &AppState,
    caller: &ecourt_api::Account,
    case_id: i64,
    hearing_id: i64,
) -> ApiResult<HearingSummary> {
    summaries(&state.db, caller, &[case_id])
        .await?
        .remove(&case_id)
        .and_then(|l| l.into_iter().find(|h| h.id == hearing_id))
        .ok_or_else(Failure::not_found)
}

pub fn ground_zh(g: ExclusionGround) -> &'static str {
    match g {
        ExclusionGround::Refused => "不同意在线庭审",
        ExclusionGround::NoEquipment => "不具备在线庭审技术条件",
        ExclusionGround::OriginalsToCheck => "需现场查明身份、核对原件",
        ExclusionGround::PhysicalEvidence => "需现场查验实物证据",
        ExclusionGround::IdentityInPerson => "需现场核验身份",
    }
}

/// What a join token says, signed by the court.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TokenClaims {
    pub hearing_id: i64,
    pub account_id: i64,
    /// Expiry, seconds since the Unix epoch.
    pub exp: i64,
}

/// Signs and checks join tokens with a key the court service keeps in memory.
pub struct TokenKey([u8; 32]);

impl TokenKey {
    pub fn random() -> TokenKey {
        TokenKey(rand::random())
    }

    fn mac(&self, payload: &str) -> Hmac<Sha256> {
        let mut mac = Hmac::<Sha256>::new_from_slice(&self.0).expect("HMAC takes any key");
        mac.update(b"ecourt-hearing-join\x1f");
        mac.update(payload.as_bytes());
        mac
    }

    pub fn sign(&self, claims: &TokenClaims) -> String {
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(claims).expect("claims serialise"));
        let tag = URL_SAFE_NO_PAD.encode(self.mac(&payload).finalize().into_bytes());
        format!("{payload}.{tag}")
    }

    /// The claims of a token this key signed, unexpired at `now`.
    pub fn verify(&self, token: &str, now: DateTime<Utc>) -> Result<TokenClaims, Failure> {
        let bad = || Failure::new(ApiErrorCode::Unauthenticated, "not a valid join token");
        let (payload, tag) = token.split_once('.').ok_or_else(bad)?;
        let tag = URL_SAFE_NO_PAD.decode(tag).map_err(|_| bad())?;
        self.mac(payload).verify_slice(&tag).map_err(|_| bad())?;
        let claims: TokenClaims =
            serde_json::from_slice(&URL_SAFE_NO_PAD.decode(payload).map_err(|_| bad())?)
                .map_err(|_| bad())?;
        if claims.exp <= now.timestamp() {
            return Err(Failure::new(
                ApiErrorCode::TokenExpired,
                "the join token has expired; ask for a new one",
            ));
        }
        Ok(claims)
    }
}

/// Issues a join token: only to someone summoned who attends online, has accepted the rules
/// and the no-recording declaration, and (parties and agents) re-checked their face lately.
pub async fn join_token(
    state: &AppState,
    caller: &ecourt_api::Account,
    hearing_id: i64,
    req: &JoinTokenRequest,
) -> ApiResult<JoinToken> {
    let (h, me) = own_attendance(&state.db, caller, hearing_id).await?;
    if h.state == HearingState::Ended {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "the hearing has ended",
        ));
    }
    match me.mode {
        AttendanceMode::Online => {}
        AttendanceMode::Pending => {
            return Err(Failure::new(
                ApiErrorCode::IdentityStepMissing,
                "answer whether you agree to an online hearing first",
            ))
        }
        AttendanceMode::Offline => {
            return Err(Failure::new(
                ApiErrorCode::Forbidden,
                "you attend this hearing in the courtroom",
            ))
        }
    }
    if !req.rules_accepted || !req.no_recording_declared {
        return Err(Failure::invalid(
            "accept the courtroom rules and the no-recording declaration first",
        ));
    }
    if !me.presides
        && !state
            .registry
            .face_rechecked(
                state,
                caller.id,
                chrono::Duration::hours(RECHECK_WITHIN_HOURS),
            )
            .await?
    {
        return Err(Failure::new(
            ApiErrorCode::FaceRecheckDue,
            "confirm it is you with a face re-check before joining",
        ));
    }
    let now = state.clock.now();
    let rules = courtroom_rules();
    let expires = now + chrono::Duration::minutes(JOIN_TOKEN_MINUTES);
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "UPDATE hearing_attendees SET rules_accepted_at = $1, rules_version = $2 WHERE hearing_id = $3 AND account_id = $4",
    )
    .bind(stamp(now))
    .bind(&rules.version)
    .bind(hearing_id)
    .bind(caller.id)
    .execute(&mut *tx)
    .await?;
    crate::kernel::audit::append(
        &mut tx,
        now,
        crate::kernel::audit::AuditEntry {
            actor_account_id: Some(caller.id),
            action: "hearing_join_token",
            case_id: Some(h.case_id),
            payload: serde_json::json!({"hearing_id": hearing_id, "rules_version": rules.version, "no_recording_declared": true}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(JoinToken {
        token: super::room::live_rooms(state)
            .token_key()
            .sign(&TokenClaims {
                hearing_id,
                account_id: caller.id,
                exp: expires.timestamp(),
            }),
        expires_at: stamp(expires),
        signal_path: format!("/api/v1/hearings/{hearing_id}/signal"),
    })
}

/// One entry for the hearing record, written with its audit entry.
pub struct LogEntry {
    pub hearing_id: i64,
    pub case_id: i64,
    pub account_id: i64,
    pub by: Option<i64>,
    pub kind: &'static str,
    pub cause: Option<DisconnectCause>,
    pub detail: Option<String>,
}

pub async fn log(db: &Db, now: DateTime<Utc>, e: &LogEntry) -> anyhow::Result<()> {
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO hearing_log (hearing_id, account_id, by_account_id, at, kind, cause, detail)
         VALUES ($1, $2, NULLIF($3, 0), $4, $5, $6, $7)",
    )
    .bind(e.hearing_id)
    .bind(e.account_id)
    .bind(e.by.unwrap_or(0))
    .bind(stamp(now))
    .bind(e.kind)
    .bind(e.cause.map(|c| c.as_str()))
    .bind(e.detail.as_deref())
    .execute(&mut *tx)
    .await?;
    crate::kernel::audit::append(
        &mut tx,
        now,
        crate::kernel::audit::AuditEntry {
            actor_account_id: Some(e.by.unwrap_or(e.account_id)),
            action: &format!("hearing_{}", e.kind),
            case_id: Some(e.case_id),
            payload: serde_json::json!({
                "hearing_id": e.hearing_id, "account_id": e.account_id,
                "cause": e.cause.map(|c| c.as_str()), "detail": e.detail,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// What the presiding judge does to the hearing as a whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CourtAct {
    Open,
    Pause,
    Resume,
    End,
}

impl CourtAct {
    /// The state it leads to, its kind in the record, and its title on the case's timeline.
    pub fn effect(self) -> (HearingState, &'static str, &'static str) {
        match self {
            CourtAct::Open => (HearingState::Open, "opened", "在线开庭"),
            CourtAct::Pause => (HearingState::Paused, "paused", "休庭"),
            CourtAct::Resume => (HearingState::Open, "resumed", "继续开庭"),
            CourtAct::End => (HearingState::Ended, "ended", "庭审结束"),
        }
    }

    /// Whether it can be done in state `from`.
    pub fn allowed_in(self, from: HearingState) -> bool {
        matches!(
            (self, from),
            (CourtAct::Open, HearingState::Scheduled)
                | (CourtAct::Pause, HearingState::Open)
                | (CourtAct::Resume, HearingState::Paused)
                | (
                    CourtAct::End,
                    HearingState::Open | HearingState::Paused | HearingState::Scheduled
                )
        )
    }
}

/// Records a [`CourtAct`]: the hearing's state, and an act on the case's timeline.
pub async fn court_act(
    db: &Db,
    now: DateTime<Utc>,
    h: &Hearing,
    actor: &ecourt_api::Account,
    act: CourtAct,
) -> anyhow::Result<()> {
    let (to, kind, title) = act.effect();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "UPDATE hearings SET state = $1, opened_at = COALESCE(opened_at, $2),
         ended_at = CASE WHEN $1 = 'ended' THEN $2 ELSE ended_at END WHERE id = $3",
    )
    .bind(to.as_str())
    .bind(stamp(now))
    .bind(h.id)
    .execute(&mut *tx)
    .await?;
    if to == HearingState::Open {
        crate::kernel::consent::mark_started(&mut tx, h.case_id, OnlineStep::Hearing, now).await?;
    }
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id: h.case_id,
            kind: &format!("hearing_{kind}"),
            title,
            detail: Some(&h.courtroom),
            actor: Some(actor),
            audit: serde_json::json!({"hearing_id": h.id, "state": to.as_str()}),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The hearing record, for everyone summoned and the court.
pub async fn record(
    state: &AppState,
    caller: &Caller,
    hearing_id: i64,
) -> ApiResult<HearingRecord> {
    let h = hearing(&state.db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    let summoned = attendees(&state.db, hearing_id)
        .await?
        .iter()
        .any(|a| a.account_id == caller.0.id);
    let staff =
        caller.0.kind.is_court_staff() && cases::visible(&state.db, &caller.0, h.case_id).await?;
    if !summoned && !staff {
        return Err(Failure::not_found());
    }
    let rows = sqlx::query(
        "SELECT l.at, l.kind, l.cause, l.detail, a.name, a.role, b.display_name AS by_name
         FROM hearing_log l JOIN hearing_attendees a ON a.hearing_id = l.hearing_id AND a.account_id = l.account_id
         LEFT JOIN accounts b ON b.id = l.by_account_id
         WHERE l.hearing_id = $1 ORDER BY l.id",
    )
    .bind(hearing_id)
    .fetch_all(&state.db.pool)
    .await?;
    let entries = rows
        .iter()
        .map(|r| {
            let role: String = r.try_get("role")?;
            Ok(HearingLogEntry {
                at: r.try_get("at")?,
                name: r.try_get("name")?,
                role: CaseRole::parse(&role).ok_or_else(|| decode("role", &role))?,
                kind: r.try_get("kind")?,
                cause: opt_string(r, "cause")?,
                detail: opt_string(r, "detail")?,
                by: opt_string(r, "by_name")?,
            })
        })
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok(HearingRecord {
        hearing_id,
        entries,
    })
}
