//! Evidence's demo data: in the case where 张晓梅 (party1) sues 李建国 (party2), an evidence
//! period, three items (two of the plaintiff's, one of the defendant's), both parties' choice of
//! the asynchronous mode, an open exchange and the defendant's opinion on the loan note. The
//! files are tiny PDFs made from their text, so the seed needs no file store: a download of one
//! missing from the store makes it again ([`demo_file`]). Demo only.

use crate::evidence::acts::insert_version;
use crate::kernel::clock::{court_date, stamp};
use crate::kernel::db::Tx;
use crate::kernel::demo::DemoIds;
use chrono::{DateTime, Duration, Utc};
use ecourt_api::{EvidenceFile, EvidenceProcedure, NewEvidenceItem, OriginalOrCopy};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// The demo items: giver (true: the plaintiff), name, source, what it proves, the file's text.
const ITEMS: [(bool, &str, &str, &str, &str); 3] = [
    (
        true,
        "借条",
        "原告保存",
        "被告向原告借款5万元",
        "借条：今借到张晓梅人民币伍万元整",
    ),
    (
        true,
        "银行转账记录",
        "中国工商银行",
        "原告已将借款转入被告账户",
        "转账记录：50000.00元",
    ),
    (
        false,
        "还款收据",
        "被告保存",
        "被告已归还2万元",
        "收据：今收到李建国还款贰万元",
    ),
];

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").into_bytes()
}

/// A demo file by its hash: its type and bytes.
pub fn demo_file(sha256: &str) -> Option<(&'static str, Vec<u8>)> {
    ITEMS
        .iter()
        .map(|i| pdf(i.4))
        .find(|b| hex::encode(Sha256::digest(b)).eq_ignore_ascii_case(sha256))
        .map(|b| ("application/pdf", b))
}

/// Writes the demo exchange (its timeline entries too, so the cases show it).
pub async fn demo_exchange(tx: &mut Tx, ids: &DemoIds, now: DateTime<Utc>) -> anyhow::Result<()> {
    let Some(row) = sqlx::query(
        "SELECT p.case_id FROM case_participants p JOIN case_participants d ON d.case_id = p.case_id
         WHERE p.account_id = $1 AND p.role = 'plaintiff' AND d.account_id = $2 AND d.role = 'defendant'
         ORDER BY p.case_id LIMIT 1",
    )
    .bind(ids.party1)
    .bind(ids.party2)
    .fetch_optional(&mut **tx)
    .await?
    else {
        return Ok(());
    };
    let case_id: i64 = row.try_get("case_id")?;
    let today = court_date(now);
    let from = today - Duration::days(3);
    let ends = crate::evidence::rules::evidence_period_end(
        &ecourt_domain::period::HolidayCalendar::china(),
        EvidenceProcedure::Ordinary,
        from,
        15,
    )
    .unwrap_or(from + Duration::days(15));
    let at = stamp(now - Duration::days(2));
    sqlx::query(
        "INSERT INTO evidence_periods (case_id, procedure_kind, from_date, days, ends, set_by, set_at)
         VALUES ($1, 'ordinary', $2, 15, $3, $4, $5)",
    )
    .bind(case_id)
    .bind(from.to_string())
    .bind(ends.to_string())
    .bind(ids.judge1)
    .bind(&at)
    .execute(&mut **tx)
    .await?;
    let mut numbers = (0i64, 0i64);
    let mut loan_note = None;
    for (plaintiff, name, source, proves, text) in ITEMS {
        let (giver, side) = if plaintiff {
            (ids.party1, "plaintiff")
        } else {
            (ids.party2, "defendant")
        };
        let bytes = pdf(text);
        let sha = hex::encode(Sha256::digest(&bytes));
        sqlx::query(
            "INSERT INTO evidence_files (account_id, sha256, mime_type, kind, size_bytes, uploaded_at)
             VALUES ($1, $2, 'application/pdf', 'document', $3, $4)",
        )
        .bind(giver)
        .bind(&sha)
        .bind(bytes.len() as i64)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
        let number = if plaintiff {
            numbers.0 += 1;
            numbers.0
        } else {
            numbers.1 += 1;
            numbers.1
        };
        let item_id: i64 = sqlx::query(
            "INSERT INTO evidence_items (case_id, submitted_by, name, side, number, late, admission, created_at)
             VALUES ($1, $2, $3, $4, $5, 0, 'pending', $6) RETURNING id",
        )
        .bind(case_id)
        .bind(giver)
        .bind(name)
        .bind(side)
        .bind(number)
        .bind(&at)
        .fetch_one(&mut **tx)
        .await?
        .try_get("id")?;
        let item = NewEvidenceItem {
            name: name.into(),
            source: source.into(),
            proves: proves.into(),
            original: OriginalOrCopy::Copy,
            pages: 1,
            files: vec![EvidenceFile {
                name: format!("{name}.pdf"),
                mime_type: "application/pdf".into(),
                size_bytes: bytes.len() as i64,
                sha256: sha,
            }],
        };
        insert_version(tx, now - Duration::days(2), item_id, 1, &item).await?;
        if name == "借条" {
            loan_note = Some(item_id);
        }
    }
    for (account, name) in [(ids.party1, "张晓梅"), (ids.party2, "李建国")] {
        sqlx::query(
            "INSERT INTO evidence_mode_choices (case_id, account_id, name, mode, at) VALUES ($1, $2, $3, 'asynchronous', $4)",
        )
        .bind(case_id)
        .bind(account)
        .bind(name)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    let opened = stamp(now - Duration::days(1));
    let exchange_id: i64 = sqlx::query(
        "INSERT INTO evidence_exchanges (case_id, mode, mode_basis, state, answer_until, opened_by, opened_by_name, opened_at)
         VALUES ($1, 'asynchronous', 'agreed', 'open', $2, $3, '周文斌', $4) RETURNING id",
    )
    .bind(case_id)
    .bind((today + Duration::days(7)).to_string())
    .bind(ids.judge1)
    .bind(&opened)
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    for (account, name, role) in [
        (ids.party1, "张晓梅", "plaintiff"),
        (ids.party2, "李建国", "defendant"),
    ] {
        sqlx::query(
            "INSERT INTO evidence_exchange_parties (exchange_id, account_id, name, role) VALUES ($1, $2, $3, $4)",
        )
        .bind(exchange_id)
        .bind(account)
        .bind(name)
        .bind(role)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(item_id) = loan_note {
        sqlx::query(
            "INSERT INTO evidence_opinions (case_id, item_id, version, account_id, name, authenticity,
                authenticity_reason, legality, legality_reason, relevance, relevance_reason,
                copy_matches_original, objection_reason, written_at, given_at, recorded_live,
                recorded_by, recorded_by_name)
             VALUES ($1, $2, 1, $3, '李建国', 'agreed', NULL, 'agreed', NULL, 'partly_agreed',
                '借条只能证明借款5万元，已还2万元', 1, NULL, $4, $4, 0, $3, '李建国')",
        )
        .bind(case_id)
        .bind(item_id)
        .bind(ids.party2)
        .bind(&opened)
        .execute(&mut **tx)
        .await?;
    }
    for (kind, title, detail, actor) in [
        (
            "evidence_period_set",
            "确定举证期限",
            format!("举证期限15日，自{from}起算，至{ends}止"),
            ids.judge1,
        ),
        (
            "evidence_submitted",
            "提交证据",
            "张晓梅提交证据1《借条》、证据2《银行转账记录》".to_string(),
            ids.party1,
        ),
        (
            "evidence_submitted",
            "提交证据",
            "李建国提交证据1《还款收据》".to_string(),
            ids.party2,
        ),
        (
            "evidence_exchange_opened",
            "开始证据交换",
            format!(
                "非同步证据交换：请于{}前发表质证意见",
                today + Duration::days(7)
            ),
            ids.judge1,
        ),
    ] {
        sqlx::query(
            "INSERT INTO case_events (case_id, at, kind, title, detail, actor_account_id, actor_name)
             SELECT $1, $2, $3, $4, $5, a.id, a.display_name FROM accounts a WHERE a.id = $6",
        )
        .bind(case_id)
        .bind(&at)
        .bind(kind)
        .bind(title)
        .bind(detail)
        .bind(actor)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}
