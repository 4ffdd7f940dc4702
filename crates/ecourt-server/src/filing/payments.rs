//! Fees: the payment notice issued at registration, the payment gateway, and the fiscal
//! electronic receipt (财政电子票据) kept with the case once the gateway reports the payment.
//!
//! 《诉讼费用交纳办法》第二十二条: the plaintiff pays the acceptance fee within 7 days of the
//! court's notice to pay; unpaid, the suit is treated as withdrawn (see `filings::sweep`).
//! The court never takes the desktop's word for a payment: only the gateway settles one.
//!
//! A court that configured no gateway has none: registration then answers
//! `gateway_not_configured` instead of issuing a notice nobody can pay. The development
//! gateway exists only in the embedded court and in `serve --dev-gateways`, and even there it
//! settles only a notice of a case the caller is a party or an agent in.

use crate::kernel::case_file::{self as cases, Act};
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::{ApiErrorCode, FeeNotice, FeeStatus};
use ecourt_domain::Yuan;
use sqlx::Row;

pub use crate::kernel::ports::{NoPaymentGateway, PaymentGateway};

/// The development gateway: no money moves; `POST /api/v1/dev/payments/{number}/settle` pays.
pub struct DevGateway;

impl PaymentGateway for DevGateway {
    fn name(&self) -> &'static str {
        "dev"
    }

    fn pay_uri(&self, payment_number: &str, amount: Yuan) -> ApiResult<String> {
        Ok(format!("ecourt-dev-pay:{payment_number}?amount={amount}"))
    }

    fn settles_on_request(&self) -> bool {
        true
    }
}

/// A payment number (交费编号): the year, 14 random digits and a Luhn check digit, so that
/// a mistyped number is caught before it reaches the gateway. Random, so that nobody finds
/// another case's notice by counting from their own (the case id once stood there).
pub fn payment_number(year: i32) -> String {
    let mut rng = rand::thread_rng();
    let random: String = (0..14)
        .map(|_| char::from(b'0' + rand::Rng::gen_range(&mut rng, 0..10u8)))
        .collect();
    let body = format!("{year}{random}");
    format!("{body}{}", luhn_digit(&body))
}

/// The answer for a payment number that is unknown or not the caller's to pay: the same in
/// both cases, so that the answer tells nobody which numbers exist.
fn no_such_payment() -> Failure {
    Failure::new(ApiErrorCode::NotFound, "no such payment number")
}

/// The development gateway's "payment": only by a party or an agent of the notice's case.
pub async fn settle_in_dev(
    state: &AppState,
    caller: &ecourt_api::Account,
    payment_number: &str,
) -> ApiResult<FeeNotice> {
    if !state.payments.settles_on_request() {
        return Err(Failure::new(ApiErrorCode::NotFound, "no such route"));
    }
    let payer = sqlx::query(
        "SELECT 1 AS one FROM fee_notices f JOIN case_participants p ON p.case_id = f.case_id
         WHERE f.payment_number = $1 AND p.account_id = $2
           AND p.role IN ('plaintiff', 'defendant', 'third_party', 'agent')",
    )
    .bind(payment_number)
    .bind(caller.id)
    .fetch_optional(&state.db.pool)
    .await?;
    if payer.is_none() {
        return Err(no_such_payment());
    }
    crate::kernel::deadlines::catch_up(state).await?;
    let gateway_ref = format!("DEV-{:016x}", rand::random::<u64>());
    record_payment(state, payment_number, &gateway_ref).await
}

fn luhn_digit(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    (10 - sum % 10) % 10
}

/// Records a payment the gateway reported: marks the notice paid, issues the receipt as a
/// document of the case, tells the filer, and writes the audit entry, all in one transaction.
pub async fn record_payment(
    state: &AppState,
    payment_number: &str,
    gateway_ref: &str,
) -> ApiResult<FeeNotice> {
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let row = sqlx::query(
        "SELECT f.case_id, f.amount_fen, f.status, c.case_number, c.cause, co.name AS court_name
         FROM fee_notices f JOIN cases c ON c.id = f.case_id JOIN courts co ON co.code = c.court_code
         WHERE f.payment_number = $1",
    )
    .bind(payment_number)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(no_such_payment)?;
    let case_id: i64 = row.try_get("case_id")?;
    let status: String = row.try_get("status")?;
    match status.as_str() {
        "unpaid" => {}
        "paid" => {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "this fee is already paid",
            ))
        }
        _ => {
            return Err(Failure::new(
                ApiErrorCode::Conflict,
                "the time to pay has passed and the suit was treated as withdrawn",
            ))
        }
    }
    let amount = Yuan::from_fen(row.try_get("amount_fen")?);
    let case_number: String = row.try_get("case_number")?;
    let payer: String = sqlx::query(
        "SELECT name FROM case_participants WHERE case_id = $1 AND role = 'plaintiff' ORDER BY id LIMIT 1",
    )
    .bind(case_id)
    .fetch_one(&mut *tx)
    .await?
    .try_get("name")?;
    let receipt_number = format!("50{}", &payment_number[..payment_number.len().min(14)]);
    let beijing = ecourt_domain::court_time::court_time(now);
    let receipt = ecourt_papers::Receipt {
        receipt_number: receipt_number.clone(),
        payment_number: payment_number.to_string(),
        payer,
        court_name: row.try_get("court_name")?,
        case_number: case_number.clone(),
        items: vec![("案件受理费".to_string(), amount.fen())],
        total_fen: amount.fen(),
        paid_at: beijing.format("%Y年%m月%d日 %H:%M").to_string(),
        issuer: "重庆市财政局（监制）".to_string(),
        check_code: hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
            format!("{receipt_number}{payment_number}{gateway_ref}").as_bytes(),
        ))[..10]
            .to_string(),
    };
    let font = state
        .config
        .papers_font()
        .map_err(|e| anyhow::anyhow!("no font for receipts: {e}"))?;
    let pdf = ecourt_papers::render(&receipt, font).map_err(anyhow::Error::from)?;
    let receipt_document = cases::add_document(
        &mut tx,
        case_id,
        now,
        cases::NewDocument {
            title: "诉讼费电子票据",
            kind: "fee_receipt",
            mime_type: "application/pdf",
            content: pdf,
        },
    )
    .await?;
    sqlx::query(
        "UPDATE fee_notices SET status = 'paid', paid_at = $1, gateway_ref = $2, receipt_number = $3,
         receipt_document_id = $4 WHERE payment_number = $5",
    )
    .bind(stamp(now))
    .bind(gateway_ref)
    .bind(&receipt_number)
    .bind(receipt_document.id)
    .bind(payment_number)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE cases SET next_deadline_date = NULL, next_deadline_label = NULL WHERE id = $1",
    )
    .bind(case_id)
    .execute(&mut *tx)
    .await?;
    let detail = format!("已交纳案件受理费{amount}元，电子票据号{receipt_number}");
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: "fee_paid",
            title: "诉讼费已交纳",
            detail: Some(&detail),
            actor: None,
            audit: serde_json::json!({
                "payment_number": payment_number,
                "amount": amount.to_string(),
                "gateway": state.payments.name(),
                "gateway_ref": gateway_ref,
                "receipt_number": receipt_number,
                "receipt_sha256": receipt_document.sha256,
            }),
        },
    )
    .await?;
    tx.commit().await?;
    notice_for_case(&state.db, case_id)
        .await?
        .ok_or_else(|| anyhow::anyhow!("the fee notice vanished").into())
}

/// The fee notice of a case, if one was issued.
pub async fn notice_for_case(
    db: &crate::kernel::db::Db,
    case_id: i64,
) -> anyhow::Result<Option<FeeNotice>> {
    let row = sqlx::query(
        "SELECT payment_number, amount_fen, breakdown, issued_at, due_date, status, pay_uri, paid_at, receipt_document_id
         FROM fee_notices WHERE case_id = $1",
    )
    .bind(case_id)
    .fetch_optional(&db.pool)
    .await?;
    row.map(|r| notice_from_row(&r)).transpose()
}

pub fn notice_from_row(r: &sqlx::any::AnyRow) -> anyhow::Result<FeeNotice> {
    let amount = Yuan::from_fen(r.try_get("amount_fen")?);
    let status: String = r.try_get("status")?;
    Ok(FeeNotice {
        payment_number: r.try_get("payment_number")?,
        amount: amount.to_string(),
        breakdown: serde_json::from_str(&r.try_get::<String, _>("breakdown")?)?,
        issued_at: r.try_get("issued_at")?,
        due_date: r.try_get("due_date")?,
        status: match status.as_str() {
            "paid" => FeeStatus::Paid,
            "withdrawn" => FeeStatus::Withdrawn,
            _ => FeeStatus::Unpaid,
        },
        pay_uri: r.try_get("pay_uri")?,
        paid_at: crate::kernel::db::opt_string(r, "paid_at")?,
        receipt_document_id: r.try_get::<Option<i64>, _>("receipt_document_id")?,
    })
}

/// The last day to pay: 7 days from the notice, counted as periods are (民诉法 Art. 85).
pub fn due_date(
    state: &AppState,
    now: chrono::DateTime<chrono::Utc>,
) -> anyhow::Result<chrono::NaiveDate> {
    Ok(crate::kernel::periods::court_period_end(
        state,
        court_date(now),
        7,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn payment_numbers_are_random_and_carry_a_luhn_check_digit() {
        let n = payment_number(2026);
        assert_eq!(n.len(), 19);
        assert!(n.starts_with("2026"));
        let body = &n[..18];
        assert_eq!(luhn_digit(body).to_string(), &n[18..]);
        // Changing any one digit breaks the check.
        for i in 4..18 {
            let mut changed: Vec<u8> = body.bytes().collect();
            changed[i] = b'0' + (changed[i] - b'0' + 1) % 10;
            assert_ne!(
                luhn_digit(std::str::from_utf8(&changed).unwrap()),
                luhn_digit(body)
            );
        }
        // Two notices of the same year share nothing but the year.
        assert_ne!(payment_number(2026), n);
    }
}
