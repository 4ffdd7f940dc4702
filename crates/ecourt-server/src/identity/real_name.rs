//! Real-name identity (实名认证), the parts that need no camera: the identity-number check for
//! instant feedback, and the one-time code to a mobile number (实名手机号码关联, domain.md §1).
//!
//! Codes: 6 random digits, valid 5 minutes, 5 tries; a new code no sooner than 60 s after the
//! last and at most 5 an hour per account. Only a hash of each code is stored. The SMS goes
//! through an [`SmsGateway`]; the development gateway (embedded court and `serve
//! --dev-gateways` only) keeps its messages in `dev_sms`, where the embedded mode's messages
//! panel and the tests read them — each account only the messages sent for it. A court with
//! no gateway configured answers `gateway_not_configured`.

use crate::kernel::audit;
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::db::Tx;
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use chrono::{DateTime, Duration, Utc};
use ecourt_api::{
    Account, ApiErrorCode, ConsentAnswer, ConsentKind, ConsentRecord, ConsentText, DevSms,
    IdNumberCheck, IdentityStatus, LawyerLicence, PhoneCodeSent, PhoneVerified, VerifiedIdentity,
};
use ecourt_domain::id_number::IdNumber;
use ecourt_domain::phone::MobileNumber;
use ecourt_domain::AccountKind;
use rand::Rng;
use sha2::{Digest, Sha256};
use sqlx::Row;

pub const CODE_VALID_FOR: Duration = Duration::minutes(5);
pub const CODE_MAX_ATTEMPTS: i64 = 5;
pub const RESEND_AFTER: Duration = Duration::seconds(60);
pub const CODES_PER_HOUR: i64 = 5;

pub use crate::kernel::ports::{Delivery, NoSmsGateway, SmsGateway};

/// Keeps messages in the court's own database instead of sending them.
pub struct DevSmsGateway;

impl SmsGateway for DevSmsGateway {
    fn name(&self) -> &'static str {
        "dev"
    }

    fn send<'a>(
        &'a self,
        tx: &'a mut Tx,
        account_id: i64,
        phone: &'a str,
        text: &'a str,
        now: DateTime<Utc>,
    ) -> Delivery<'a> {
        Box::pin(async move {
            sqlx::query(
                "INSERT INTO dev_sms (account_id, phone, text, sent_at) VALUES ($1, $2, $3, $4)",
            )
            .bind(account_id)
            .bind(phone)
            .bind(text)
            .bind(stamp(now))
            .execute(&mut **tx)
            .await?;
            Ok(())
        })
    }

    fn is_development(&self) -> bool {
        true
    }
}

/// Checks an identity number as typed, for instant feedback (the court decides again later).
pub fn check_id_number(input: &str, now: DateTime<Utc>) -> IdNumberCheck {
    IdNumber::parse(input, court_date(now)).into()
}

fn code_hash(account_id: i64, phone: &str, code: &str) -> String {
    hex::encode(Sha256::digest(
        format!("{account_id}:{phone}:{code}").as_bytes(),
    ))
}

fn parse_phone(input: &str) -> ApiResult<MobileNumber> {
    MobileNumber::parse(input)
        .ok_or_else(|| Failure::invalid("a mobile number has 11 digits and starts with 13 to 19"))
}

fn parse_time(s: &str) -> anyhow::Result<DateTime<Utc>> {
    Ok(DateTime::parse_from_rfc3339(s)?.with_timezone(&Utc))
}

/// Whether another code may be sent, given the sends of the last hour (newest first) to the
/// same account or the same number: not within 60 s of the last, at most 5 an hour.
fn send_allowed(recent: &[sqlx::any::AnyRow], now: DateTime<Utc>) -> ApiResult<()> {
    if let Some(last) = recent.first() {
        let last = parse_time(&last.try_get::<String, _>("created_at")?)?;
        if now < last + RESEND_AFTER {
            let wait = (last + RESEND_AFTER - now).num_seconds().max(1);
            return Err(Failure::new(
                ApiErrorCode::TooManyAttempts,
                format!("a code was just sent; ask again in {wait} s"),
            ));
        }
    }
    if recent.len() as i64 >= CODES_PER_HOUR {
        return Err(Failure::new(
            ApiErrorCode::TooManyAttempts,
            format!("at most {CODES_PER_HOUR} codes an hour; please try again later"),
        ));
    }
    Ok(())
}

/// What a code is for: confirming the number itself, or — sent to the party's verified
/// number — the party's consent to a legal worker's assisted session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CodePurpose {
    VerifyPhone,
    AssistedSession { worker: i64 },
}

impl CodePurpose {
    fn as_str(self) -> &'static str {
        match self {
            CodePurpose::VerifyPhone => "verify_phone",
            CodePurpose::AssistedSession { .. } => "assisted_session",
        }
    }

    fn worker(self) -> Option<i64> {
        match self {
            CodePurpose::VerifyPhone => None,
            CodePurpose::AssistedSession { worker } => Some(worker),
        }
    }
}

/// Issues a code for `account_id` to `phone` inside `tx`, within the limits per account and
/// per number, and texts it. The caller commits. Answers when the code expires.
pub(crate) async fn issue_code(
    state: &AppState,
    tx: &mut Tx,
    account_id: i64,
    phone: &MobileNumber,
    purpose: CodePurpose,
    now: DateTime<Utc>,
) -> ApiResult<DateTime<Utc>> {
    if !state.sms.is_configured() {
        return Err(Failure::new(
            ApiErrorCode::GatewayNotConfigured,
            "this court has no SMS gateway configured; codes cannot be sent yet",
        ));
    }
    // Counted and recorded one at a time per account and per number (account first, then
    // number, always in that order): neither parallel sends nor two accounts texting one
    // number get past the limits.
    crate::kernel::throttle::lock(tx, &format!("account:{account_id}")).await?;
    crate::kernel::throttle::lock(tx, &format!("phone:{}", phone.as_str())).await?;
    let since = stamp(now - Duration::hours(1));
    let by_account = sqlx::query(
        "SELECT created_at FROM phone_codes WHERE account_id = $1 AND created_at > $2 ORDER BY created_at DESC",
    )
    .bind(account_id)
    .bind(&since)
    .fetch_all(&mut **tx)
    .await?;
    let by_number = sqlx::query(
        "SELECT created_at FROM phone_codes WHERE phone = $1 AND created_at > $2 ORDER BY created_at DESC",
    )
    .bind(phone.as_str())
    .bind(&since)
    .fetch_all(&mut **tx)
    .await?;
    send_allowed(&by_account, now)?;
    send_allowed(&by_number, now)?;
    // Earlier codes for the same purpose stop working when a new one is sent.
    sqlx::query(
        "UPDATE phone_codes SET closed_at = $1 WHERE account_id = $2 AND purpose = $3 AND closed_at IS NULL",
    )
    .bind(stamp(now))
    .bind(account_id)
    .bind(purpose.as_str())
    .execute(&mut **tx)
    .await?;
    let code = format!("{:06}", rand::thread_rng().gen_range(0..1_000_000));
    let expires = now + CODE_VALID_FOR;
    sqlx::query(
        "INSERT INTO phone_codes (account_id, phone, code_hash, created_at, expires_at, attempts, purpose, for_worker)
         VALUES ($1, $2, $3, $4, $5, 0, $6, $7)",
    )
    .bind(account_id)
    .bind(phone.as_str())
    .bind(code_hash(account_id, phone.as_str(), &code))
    .bind(stamp(now))
    .bind(stamp(expires))
    .bind(purpose.as_str())
    .bind(purpose.worker())
    .execute(&mut **tx)
    .await?;
    let text = match purpose {
        CodePurpose::VerifyPhone => format!("【在线诉讼服务】您的验证码是{code}，5分钟内有效。请勿告诉他人，法院工作人员不会向您索要验证码。"),
        CodePurpose::AssistedSession { .. } => format!("【在线诉讼服务】您的验证码是{code}，用于同意法律服务工作者在其办公电脑上协助您办理实名认证，5分钟内有效。如非本人在场办理，请勿告诉任何人。"),
    };
    state
        .sms
        .send(tx, account_id, phone.as_str(), &text, now)
        .await?;
    Ok(expires)
}

/// Whether a try of a code was right, or how it went wrong.
pub(crate) enum Try {
    Right,
    Wrong(Failure),
}

/// Spends one try of the open code for `account_id`, `phone` and `purpose` inside `tx`. A
/// wrong try stays counted when the caller commits.
pub(crate) async fn spend_try(
    tx: &mut Tx,
    account_id: i64,
    phone: &MobileNumber,
    purpose: CodePurpose,
    code: &str,
    now: DateTime<Utc>,
) -> ApiResult<(Try, i64)> {
    // The try is counted before the code is compared, in one statement that only counts a
    // try while some are left: parallel guesses get at most CODE_MAX_ATTEMPTS comparisons.
    let row = sqlx::query(
        "UPDATE phone_codes SET attempts = attempts + 1
         WHERE id = (SELECT id FROM phone_codes WHERE account_id = $1 AND phone = $2 AND purpose = $4
                       AND COALESCE(for_worker, 0) = $5 AND closed_at IS NULL
                     ORDER BY created_at DESC, id DESC LIMIT 1)
           AND closed_at IS NULL AND attempts < $3
         RETURNING id, code_hash, expires_at, attempts",
    )
    .bind(account_id)
    .bind(phone.as_str())
    .bind(CODE_MAX_ATTEMPTS)
    .bind(purpose.as_str())
    .bind(purpose.worker().unwrap_or(0))
    .fetch_optional(&mut **tx)
    .await?
    .ok_or_else(|| Failure::new(ApiErrorCode::CodeExpired, "no code is waiting for this number; ask for one"))?;
    let id: i64 = row.try_get("id")?;
    if now > parse_time(&row.try_get::<String, _>("expires_at")?)? {
        return Err(Failure::new(
            ApiErrorCode::CodeExpired,
            "the code has expired; ask for a new one",
        ));
    }
    let attempts: i64 = row.try_get("attempts")?;
    let right = row.try_get::<String, _>("code_hash")?
        == code_hash(account_id, phone.as_str(), code.trim());
    // The code is closed when it was right or its tries are used up.
    let used_up = attempts >= CODE_MAX_ATTEMPTS;
    if right || used_up {
        sqlx::query("UPDATE phone_codes SET closed_at = $1 WHERE id = $2")
            .bind(stamp(now))
            .bind(id)
            .execute(&mut **tx)
            .await?;
    }
    Ok(if right {
        (Try::Right, attempts)
    } else if used_up {
        (
            Try::Wrong(Failure::new(
                ApiErrorCode::CodeExpired,
                "wrong code five times; ask for a new one",
            )),
            attempts,
        )
    } else {
        (
            Try::Wrong(Failure::new(
                ApiErrorCode::WrongCode,
                format!("wrong code; {} tries left", CODE_MAX_ATTEMPTS - attempts),
            )),
            attempts,
        )
    })
}

/// Sends a new code to the caller's mobile number.
pub async fn send_code(
    state: &AppState,
    caller: &Account,
    assisted_by: Option<i64>,
    phone: &str,
) -> ApiResult<PhoneCodeSent> {
    let phone = parse_phone(phone)?;
    crate::identity::assisted::may_set_phone(state, caller.id, assisted_by, &phone).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let expires = issue_code(
        state,
        &mut tx,
        caller.id,
        &phone,
        CodePurpose::VerifyPhone,
        now,
    )
    .await?;
    audit::account_act(&mut tx, now, caller.id, "phone_code_sent", serde_json::json!({ "phone": phone.masked(), "gateway": state.sms.name(), "assisted_by": assisted_by })).await?;
    tx.commit().await?;
    Ok(PhoneCodeSent {
        phone: phone.masked(),
        expires_at: stamp(expires),
        resend_after: stamp(now + RESEND_AFTER),
    })
}

/// Checks a code; on success the number is the account's verified real-name number.
pub async fn verify_code(
    state: &AppState,
    caller: &Account,
    assisted_by: Option<i64>,
    phone: &str,
    code: &str,
) -> ApiResult<PhoneVerified> {
    let phone = parse_phone(phone)?;
    crate::identity::assisted::may_set_phone(state, caller.id, assisted_by, &phone).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let (outcome, attempts) = spend_try(
        &mut tx,
        caller.id,
        &phone,
        CodePurpose::VerifyPhone,
        code,
        now,
    )
    .await?;
    if let Try::Wrong(failure) = outcome {
        audit::account_act(
            &mut tx,
            now,
            caller.id,
            "phone_code_wrong",
            serde_json::json!({ "phone": phone.masked(), "attempts": attempts, "assisted_by": assisted_by }),
        )
        .await?;
        tx.commit().await?;
        return Err(failure);
    }
    sqlx::query(
        "INSERT INTO account_identity (account_id, phone, phone_verified_at) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET phone = excluded.phone, phone_verified_at = excluded.phone_verified_at",
    )
    .bind(caller.id)
    .bind(phone.as_str())
    .bind(stamp(now))
    .execute(&mut *tx)
    .await?;
    audit::account_act(
        &mut tx,
        now,
        caller.id,
        "phone_verified",
        serde_json::json!({ "phone": phone.masked(), "assisted_by": assisted_by }),
    )
    .await?;
    tx.commit().await?;
    Ok(PhoneVerified {
        phone: phone.masked(),
        verified_at: stamp(now),
    })
}

/// The development gateway's messages to a number, newest first: only those sent for the
/// caller's own account (so to its verified or pending number), never anyone else's.
pub async fn dev_messages(
    state: &AppState,
    caller: &Account,
    phone: &str,
) -> ApiResult<Vec<DevSms>> {
    if !state.sms.is_development() {
        return Err(Failure::new(ApiErrorCode::NotFound, "no such route"));
    }
    let phone = parse_phone(phone)?;
    let rows = sqlx::query(
        "SELECT phone, text, sent_at FROM dev_sms WHERE phone = $1 AND account_id = $2
         ORDER BY id DESC LIMIT 20",
    )
    .bind(phone.as_str())
    .bind(caller.id)
    .fetch_all(&state.db.pool)
    .await?;
    rows.iter()
        .map(|r| {
            Ok(DevSms {
                phone: r.try_get("phone")?,
                text: r.try_get("text")?,
                sent_at: r.try_get("sent_at")?,
            })
        })
        .collect::<sqlx::Result<_>>()
        .map_err(Into::into)
}

/// What the caller has proven so far.
pub async fn status(state: &AppState, caller: &Account) -> ApiResult<IdentityStatus> {
    let row = sqlx::query(
        "SELECT i.phone, i.phone_verified_at, i.licence_number, i.law_firm, i.verified_name, i.verified_id_number,
                i.verified_at, i.verified_model, i.rechecked_at, a.display_name AS assisted_by
         FROM account_identity i LEFT JOIN accounts a ON a.id = i.verified_assisted_by WHERE i.account_id = $1",
    )
    .bind(caller.id)
    .fetch_optional(&state.db.pool)
    .await?;
    let get = |col: &str| -> sqlx::Result<Option<String>> {
        match &row {
            Some(r) => crate::kernel::db::opt_string(r, col),
            None => Ok(None),
        }
    };
    let consent = sqlx::query(
        "SELECT text_version, accepted, at FROM consents WHERE account_id = $1 AND kind = 'biometric' ORDER BY at DESC, id DESC LIMIT 1",
    )
    .bind(caller.id)
    .fetch_optional(&state.db.pool)
    .await?
    .map(|r| -> sqlx::Result<ConsentRecord> {
        Ok(ConsentRecord {
            kind: ConsentKind::Biometric,
            version: r.try_get("text_version")?,
            accepted: r.try_get::<i64, _>("accepted")? == 1,
            at: r.try_get("at")?,
        })
    })
    .transpose()?;
    let card_on_file = sqlx::query("SELECT 1 AS one FROM face_templates WHERE account_id = $1")
        .bind(caller.id)
        .fetch_optional(&state.db.pool)
        .await?
        .is_some();
    let verified = match (get("verified_at")?, get("verified_id_number")?) {
        (Some(at), Some(id)) => Some(VerifiedIdentity {
            name: get("verified_name")?.unwrap_or_default(),
            id_number: mask_id_number(&id),
            verified_at: at,
            model: get("verified_model")?.unwrap_or_default(),
            assisted_by: get("assisted_by")?,
        }),
        _ => None,
    };
    Ok(IdentityStatus {
        verified,
        rechecked_at: get("rechecked_at")?,
        card_on_file,
        phone: get("phone")?
            .as_deref()
            .and_then(MobileNumber::parse)
            .map(|p| p.masked()),
        phone_verified_at: get("phone_verified_at")?,
        biometric_consent: consent,
        licence_number: get("licence_number")?,
        law_firm: get("law_firm")?,
    })
}

/// An identity number as shown: the region and the last four (500103**********21 style).
fn mask_id_number(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() < 10 {
        return "*".repeat(chars.len());
    }
    let head: String = chars[..4].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{}{tail}", "*".repeat(chars.len() - 8))
}

/// The court's words for the biometric consent (policy, kept as text beside the code).
const BIOMETRIC_CONSENT_ZH: &str = include_str!("../../policy/biometric-consent.zh.txt");
const BIOMETRIC_CONSENT_EN: &str = include_str!("../../policy/biometric-consent.en.txt");

pub fn consent_text(kind: ConsentKind) -> ConsentText {
    match kind {
        ConsentKind::Biometric => ConsentText {
            kind,
            version: hex::encode(Sha256::digest(BIOMETRIC_CONSENT_ZH.as_bytes()))[..12].to_string(),
            text_zh: BIOMETRIC_CONSENT_ZH.to_string(),
            text_en: BIOMETRIC_CONSENT_EN.to_string(),
        },
    }
}

/// Records a consent or its refusal or withdrawal, naming the exact text answered.
pub async fn answer_consent(
    state: &AppState,
    caller: &Account,
    assisted_by: Option<i64>,
    answer: &ConsentAnswer,
) -> ApiResult<ConsentRecord> {
    let current = consent_text(answer.kind);
    if answer.version != current.version {
        return Err(Failure::new(
            ApiErrorCode::Conflict,
            "the consent text has changed; please read the current text and answer again",
        ));
    }
    crate::identity::assisted::may_change_verified(state, caller.id, assisted_by).await?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query("INSERT INTO consents (account_id, kind, text_version, accepted, at) VALUES ($1, 'biometric', $2, $3, $4)")
        .bind(caller.id)
        .bind(&answer.version)
        .bind(i64::from(answer.accepted))
        .bind(stamp(now))
        .execute(&mut *tx)
        .await?;
    audit::account_act(&mut tx, now, caller.id, if answer.accepted {
                "consent_given"
            } else {
                "consent_refused"
            }, serde_json::json!({ "kind": "biometric", "version": answer.version, "assisted_by": assisted_by })).await?;
    tx.commit().await?;
    Ok(ConsentRecord {
        kind: answer.kind,
        version: answer.version.clone(),
        accepted: answer.accepted,
        at: stamp(now),
    })
}

/// A lawyer records their practising certificate number and firm on the account.
pub async fn set_lawyer_licence(
    state: &AppState,
    caller: &Account,
    licence: &LawyerLicence,
) -> ApiResult<IdentityStatus> {
    if caller.kind != AccountKind::Lawyer {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only lawyers' accounts carry a practising certificate",
        ));
    }
    if !ecourt_domain::filing::is_lawyer_licence(&licence.licence_number) {
        return Err(Failure::invalid(
            "a practising certificate number has 17 digits",
        ));
    }
    let firm = licence.law_firm.trim();
    if firm.is_empty() || firm.chars().count() > 100 {
        return Err(Failure::invalid(
            "give the law firm's name (at most 100 characters)",
        ));
    }
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    sqlx::query(
        "INSERT INTO account_identity (account_id, licence_number, law_firm) VALUES ($1, $2, $3)
         ON CONFLICT (account_id) DO UPDATE SET licence_number = excluded.licence_number, law_firm = excluded.law_firm",
    )
    .bind(caller.id)
    .bind(licence.licence_number.trim())
    .bind(firm)
    .execute(&mut *tx)
    .await?;
    audit::account_act(
        &mut tx,
        now,
        caller.id,
        "lawyer_licence_recorded",
        serde_json::json!({ "licence_number": licence.licence_number.trim(), "law_firm": firm }),
    )
    .await?;
    tx.commit().await?;
    status(state, caller).await
}
