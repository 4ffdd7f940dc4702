//! Evidence exchange through the API, on both engines (证据交换 / 质证, 《人民法院在线诉讼规则》
//! Art. 12-19; 民诉法解释 Art. 99, 266, 275): items given and sealed, seen by the other side only
//! once the exchange opens, every view recorded, opinions per property, a late item, a reasoned
//! objection asking for the original, versions kept, the period's bounds, bad files and
//! opinions refused with nothing stored, a party kept out of another case and off the other
//! side's items and opinions, opinions through the outbox, the synchronous mode with opinions
//! recorded live, deposit declarations, and the record and opinion sheet read back as text.

mod common;
use common::{get, post, Engine, TestCourt};
use ecourt_server::evidence::{files::FileStore, EvidenceParts};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A court whose evidence files go to a folder of this test's own.
struct Court {
    c: TestCourt,
    store: tempfile::TempDir,
}

impl std::ops::Deref for Court {
    type Target = TestCourt;
    fn deref(&self) -> &TestCourt {
        &self.c
    }
}

async fn court(engine: Engine) -> Option<Court> {
    let store = tempfile::tempdir().unwrap();
    let root = store.path().to_path_buf();
    let c = TestCourt::start_with(engine, move |s| {
        s.parts = s.parts.with(EvidenceParts::new(FileStore::new(root)));
    })
    .await?;
    clear_demo_evidence(&c).await;
    Some(Court { c, store })
}

/// These tests start from cases without evidence: the demo exchange (tested on its own below)
/// is removed first.
async fn clear_demo_evidence(c: &TestCourt) {
    for table in [
        "evidence_opinions",
        "evidence_original_requests",
        "evidence_deposits",
        "evidence_views",
        "evidence_version_files",
        "evidence_versions",
        "evidence_exchange_parties",
        "evidence_reminders",
        "evidence_exchanges",
        "evidence_items",
        "evidence_mode_choices",
        "evidence_periods",
        "evidence_leaves",
        "evidence_files",
    ] {
        sqlx::query(&format!("DELETE FROM {table}"))
            .execute(&c.state.db.pool)
            .await
            .unwrap();
    }
}

macro_rules! both {
    ($name:ident, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test]
            async fn sqlite() {
                if let Some(c) = court(Engine::Sqlite).await {
                    ($body)(c).await;
                }
            }
            #[tokio::test]
            async fn postgres() {
                if let Some(c) = court(Engine::Postgres).await {
                    ($body)(c).await;
                }
            }
        }
    };
}

fn pdf(text: &str) -> Vec<u8> {
    format!("%PDF-1.4\n% {text}\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n").into_bytes()
}

fn mp4(mdat: usize) -> Vec<u8> {
    let mut out = Vec::new();
    for (kind, body) in [
        (b"ftyp", b"isom\0\0\x02\0isomiso2".to_vec()),
        (b"moov", vec![0u8; 64]),
        (b"mdat", vec![7u8; mdat]),
    ] {
        out.extend_from_slice(&(8 + body.len() as u32).to_be_bytes());
        out.extend_from_slice(kind);
        out.extend_from_slice(&body);
    }
    out
}

fn sha(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

async fn put_file(court: &Court, token: &str, mime: &str, bytes: &[u8]) -> (u16, Value) {
    let resp = court
        .http
        .put(court.url(&format!("/api/v1/evidence/files/{}", sha(bytes))))
        .bearer_auth(token)
        .header("Content-Type", mime)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

/// A face re-check just passed (the face check itself is tested in face.rs).
async fn rechecked_now(court: &Court, username: &str) {
    sqlx::query(
        "INSERT INTO account_identity (account_id, rechecked_at) VALUES ($1, $2)
         ON CONFLICT (account_id) DO UPDATE SET rechecked_at = $2",
    )
    .bind(court.account_id(username).await)
    .bind(ecourt_server::clock::stamp(court.state.clock.now()))
    .execute(&court.state.db.pool)
    .await
    .unwrap();
}

/// The case where 张晓梅 (party1) sues 李建国 (party2).
async fn shared_case(court: &Court) -> i64 {
    sqlx::query_scalar::<_, i64>(
        "SELECT p.case_id FROM case_participants p JOIN case_participants d ON d.case_id = p.case_id
         WHERE p.account_id = $1 AND p.role = 'plaintiff' AND d.account_id = $2 AND d.role = 'defendant'
         ORDER BY p.case_id LIMIT 1",
    )
    .bind(court.account_id("party1").await)
    .bind(court.account_id("party2").await)
    .fetch_one(&court.state.db.pool)
    .await
    .unwrap()
}

fn item(name: &str, files: &[(&str, &str, &[u8])]) -> Value {
    json!({
        "name": name,
        "source": "原告保存",
        "proves": "借款事实及金额",
        "original": "copy",
        "pages": 1,
        "files": files.iter().map(|(n, m, b)| json!({
            "name": n, "mime_type": m, "size_bytes": b.len(), "sha256": sha(b),
        })).collect::<Vec<_>>(),
    })
}

fn agreed() -> Value {
    json!({"stance": "agreed", "reason": null})
}

fn opinion(version: i64) -> Value {
    json!({
        "version": version,
        "authenticity": agreed(),
        "legality": agreed(),
        "relevance": {"stance": "partly_agreed", "reason": "只能证明借款，不能证明利息约定"},
        "copy_matches_original": true,
        "objection_reason": null,
    })
}

async fn give(court: &Court, token: &str, case_id: i64, name: &str, bytes: &[u8]) -> Value {
    assert_eq!(
        put_file(court, token, "application/pdf", bytes).await.0,
        200
    );
    let (s, b) = post(
        court,
        &format!("/api/v1/cases/{case_id}/evidence"),
        Some(token),
        item(name, &[(&format!("{name}.pdf"), "application/pdf", bytes)]),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    b
}

both!(give_open_see_and_answer, |court: Court| async move {
    let case_id = shared_case(&court).await;
    let ev = format!("/api/v1/cases/{case_id}/evidence");
    let plaintiff = court.token("party1").await;
    let defendant = court.token("party2").await;
    let outsider = court.token("party3").await;
    let judge = court.token("judge1").await;

    // The evidence period: 民诉法解释 Art. 99 (ordinary: at least 15 days), Art. 266 (summary: at
    // most 15), Art. 275 (small claims: at most 7) — refused outside, counted per CPL Art. 85.
    for (procedure, days) in [("ordinary", 14), ("summary", 16), ("small_claims", 8)] {
        let (s, b) = post(
            &court,
            &format!("{ev}/period"),
            Some(&judge),
            json!({"procedure": procedure, "from": "2026-11-20", "days": days}),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (422, Some("evidence_period_out_of_range")),
            "{procedure} {days}: {b}"
        );
    }
    assert_eq!(
        court.count("SELECT COUNT(*) FROM evidence_periods").await,
        0
    );
    let (s, b) = post(
        &court,
        &format!("{ev}/period"),
        Some(&plaintiff),
        json!({"procedure": "ordinary", "from": "2026-11-20", "days": 15}),
        None,
    )
    .await;
    assert_eq!((s, b["code"].as_str()), (403, Some("forbidden")));
    let (s, b) = post(
        &court,
        &format!("{ev}/period"),
        Some(&judge),
        json!({"procedure": "ordinary", "from": "2026-11-20", "days": 15}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // Friday 20 November + 15 days = Saturday 5 December, a day off: Monday 7 December.
    assert_eq!(b["period"]["ends"], "2026-12-07");
    assert!(b["period"]["rule"].as_str().unwrap().contains("第九十九条"));

    // Giving evidence needs a face re-check first (OLR Art. 7).
    let loan = pdf("借条");
    assert_eq!(
        put_file(&court, &plaintiff, "application/pdf", &loan)
            .await
            .0,
        200
    );
    let (s, b) = post(
        &court,
        &ev,
        Some(&plaintiff),
        item("借条", &[("借条.pdf", "application/pdf", &loan)]),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (403, Some("face_recheck_due")),
        "{b}"
    );
    assert_eq!(court.count("SELECT COUNT(*) FROM evidence_items").await, 0);
    rechecked_now(&court, "party1").await;
    rechecked_now(&court, "party2").await;
    let loan_item = give(&court, &plaintiff, case_id, "借条", &loan).await;
    let loan_id = loan_item["id"].as_i64().unwrap();
    assert_eq!(loan_item["number"], 1);
    assert_eq!(loan_item["late"], false);
    assert_eq!(loan_item["side"], "plaintiff");
    let sealed = loan_item["versions"][0]["sealed_sha256"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(sealed.len(), 64);
    // A file named that was never uploaded is refused, nothing stored.
    let never = pdf("从未上传");
    let (s, _) = post(
        &court,
        &ev,
        Some(&plaintiff),
        item("转账记录", &[("转账记录.pdf", "application/pdf", &never)]),
        None,
    )
    .await;
    assert_eq!(s, 400);
    assert_eq!(court.count("SELECT COUNT(*) FROM evidence_items").await, 1);

    // The defendant's own item; neither side sees the other's before the exchange opens.
    let receipt = pdf("还款收据");
    let receipt_item = give(&court, &defendant, case_id, "还款收据", &receipt).await;
    let receipt_id = receipt_item["id"].as_i64().unwrap();
    let (s, seen) = get(&court, &ev, Some(&defendant)).await;
    assert_eq!(s, 200);
    let names: Vec<&str> = seen["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["versions"][0]["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["还款收据"]);
    let file_path = format!("{ev}/items/{loan_id}/files/{}", sha(&loan));
    assert_eq!(get(&court, &file_path, Some(&defendant)).await.0, 404);
    // Someone of another case sees nothing of this one.
    assert_eq!(get(&court, &ev, Some(&outsider)).await.0, 404);
    assert_eq!(get(&court, &file_path, Some(&outsider)).await.0, 404);
    // The court sees everything.
    let (_, all) = get(&court, &ev, Some(&judge)).await;
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    // No opinions before the exchange opens.
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        opinion(1),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (409, Some("exchange_not_open")),
        "{b}"
    );

    // Both choose the asynchronous mode (on the consent ledger), and the judge opens.
    for t in [&plaintiff, &defendant] {
        let (s, b) = post(
            &court,
            &format!("{ev}/mode"),
            Some(t),
            json!({"mode": "asynchronous"}),
            None,
        )
        .await;
        assert_eq!(s, 200, "{b}");
    }
    let (_, ledger) = get(
        &court,
        &format!("/api/v1/cases/{case_id}/consents"),
        Some(&judge),
    )
    .await;
    assert_eq!(
        ledger["entries"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|e| e["step"] == "evidence_exchange" && e["kind"] == "given")
            .count(),
        2,
        "{ledger}"
    );
    let (s, b) = post(
        &court,
        &format!("{ev}/exchange"),
        Some(&judge),
        json!({"mode": null, "answer_until": "2026-11-27", "hearing_id": null, "parties": []}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["exchange"]["mode"], "asynchronous");
    assert_eq!(b["exchange"]["mode_basis"], "agreed");
    assert_eq!(b["exchange"]["state"], "open");

    // Now each side sees the other's items; fetching the file records the view.
    let (_, seen) = get(&court, &ev, Some(&defendant)).await;
    assert_eq!(seen["items"].as_array().unwrap().len(), 2);
    let resp = court
        .http
        .get(court.url(&file_path))
        .bearer_auth(&defendant)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    assert_eq!(resp.headers()["content-type"], "application/pdf");
    assert_eq!(resp.bytes().await.unwrap().as_ref(), loan.as_slice());
    let (s, views) = get(
        &court,
        &format!("{ev}/items/{loan_id}/views"),
        Some(&plaintiff),
    )
    .await;
    assert_eq!(s, 200);
    assert_eq!(views[0]["name"], "李建国");
    assert_eq!(views[0]["via"], "file");
    assert_eq!(
        court
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'evidence_viewed'")
            .await,
        1
    );

    // Opinions: not on one's own item, reasons for what is disputed, the version read.
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{receipt_id}/opinions"),
        Some(&defendant),
        opinion(1),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (403, Some("opinion_on_own_evidence")),
        "{b}"
    );
    let mut no_reason = opinion(1);
    no_reason["authenticity"] = json!({"stance": "disputed", "reason": " "});
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        no_reason,
        None,
    )
    .await;
    assert_eq!(s, 400, "{b}");
    assert!(b["message"].as_str().unwrap().contains("authenticity"));
    assert_eq!(
        court.count("SELECT COUNT(*) FROM evidence_opinions").await,
        0
    );
    // A reasoned objection that the copy differs asks the court for the original (OLR Art. 12).
    let mut objection = opinion(1);
    objection["authenticity"] = json!({"stance": "disputed", "reason": "签名不是被告本人所写"});
    objection["copy_matches_original"] = json!(false);
    objection["objection_reason"] = json!("复印件上的签名与原件笔迹明显不同");
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        objection,
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let loan_now = b["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == loan_id)
        .unwrap()
        .clone();
    assert_eq!(loan_now["originals"][0]["ground"], "objection");
    assert_eq!(loan_now["originals"][0]["outcome"], "requested");
    assert_eq!(b["opinions"][0]["authenticity"]["stance"], "disputed");
    assert_eq!(b["opinions"][0]["name"], "李建国");
    // The plaintiff answers the defendant's item; the court cannot answer without naming whom.
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{receipt_id}/opinions"),
        Some(&plaintiff),
        opinion(1),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        post(
            &court,
            &format!("{ev}/items/{receipt_id}/opinions"),
            Some(&judge),
            opinion(1),
            None
        )
        .await
        .0,
        400
    );
    // A party cannot give an opinion as someone else.
    let mut as_other = opinion(1);
    as_other["on_behalf_of"] = json!(court.account_id("party2").await);
    assert_eq!(
        post(
            &court,
            &format!("{ev}/items/{receipt_id}/opinions"),
            Some(&plaintiff),
            as_other,
            None
        )
        .await
        .0,
        403
    );

    // The original's outcome, and the matrix with its filter.
    let request_id = loan_now["originals"][0]["id"].as_i64().unwrap();
    let (s, b) = post(
        &court,
        &format!("{ev}/originals/{request_id}/outcome"),
        Some(&judge),
        json!({"outcome": "checked_offline", "note": "当庭核对原件，与复印件一致"}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        get(&court, &format!("{ev}/matrix"), Some(&plaintiff))
            .await
            .0,
        403
    );
    let (s, m) = get(&court, &format!("{ev}/matrix"), Some(&judge)).await;
    assert_eq!(s, 200, "{m}");
    assert_eq!(m["rows"].as_array().unwrap().len(), 2);
    let (_, m) = get(&court, &format!("{ev}/matrix?disputed=true"), Some(&judge)).await;
    assert_eq!(
        m["rows"].as_array().unwrap().len(),
        2,
        "partly agreed counts as disputed"
    );
    let loan_row = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item_id"] == loan_id)
        .unwrap();
    assert_eq!(loan_row["originals"][0]["outcome"], "checked_offline");
    let cells = loan_row["cells"].as_array().unwrap();
    let party1_id = court.account_id("party1").await;
    let own = cells.iter().find(|c| c["account_id"] == party1_id).unwrap();
    assert!(own["opinion"].is_null(), "the giver's own cell is empty");

    // A later version keeps the earlier one; the other side cannot make one.
    let loan2 = pdf("借条（清晰扫描）");
    assert_eq!(
        put_file(&court, &plaintiff, "application/pdf", &loan2)
            .await
            .0,
        200
    );
    let newer = item("借条", &[("借条-清晰.pdf", "application/pdf", &loan2)]);
    assert_eq!(
        put_file(&court, &defendant, "application/pdf", &loan2)
            .await
            .0,
        200
    );
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/versions"),
        Some(&defendant),
        newer.clone(),
        None,
    )
    .await;
    assert_eq!((s, b["code"].as_str()), (403, Some("forbidden")));
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/versions"),
        Some(&plaintiff),
        newer,
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let versions = b["versions"].as_array().unwrap();
    assert_eq!(versions.len(), 2);
    assert_eq!(versions[0]["sealed_sha256"], sealed.as_str());
    assert_eq!(versions[0]["files"][0]["sha256"], sha(&loan));
    assert_eq!(versions[1]["files"][0]["sha256"], sha(&loan2));
    assert_ne!(versions[1]["sealed_sha256"], sealed.as_str());
    // The old file is still there; an opinion on the old version now asks to read again.
    assert_eq!(get(&court, &file_path, Some(&judge)).await.0, 200);
    assert_eq!(
        post(
            &court,
            &format!("{ev}/items/{loan_id}/opinions"),
            Some(&defendant),
            opinion(1),
            None
        )
        .await
        .0,
        409
    );

    // After the period: an opinion is refused without leave, taken with it.
    court.clock.advance(chrono::Duration::days(8));
    rechecked_now(&court, "party2").await;
    let (defendant, judge) = (court.token("party2").await, court.token("judge1").await);
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        opinion(2),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (409, Some("evidence_period_over")),
        "{b}"
    );
    let opinions_before = court.count("SELECT COUNT(*) FROM evidence_opinions").await;
    assert_eq!(opinions_before, 2);
    let (s, b) = post(
        &court,
        &format!("{ev}/leave"),
        Some(&judge),
        json!({"account_id": court.account_id("party2").await, "until": "2026-12-02", "reason": "被告住院，申请延期"}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        opinion(2),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let current: Vec<_> = b["opinions"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["item_id"] == loan_id)
        .map(|o| o["current"].as_bool().unwrap())
        .collect();
    assert_eq!(
        current,
        [false, true],
        "the earlier opinion is kept, not current"
    );

    // After the evidence period (7 December), an item is marked late; the judge decides.
    court.clock.advance(chrono::Duration::days(10));
    rechecked_now(&court, "party1").await;
    let (plaintiff, defendant, judge) = (
        court.token("party1").await,
        court.token("party2").await,
        court.token("judge1").await,
    );
    let late = give(
        &court,
        &plaintiff,
        case_id,
        "补充转账记录",
        &pdf("转账记录"),
    )
    .await;
    assert_eq!(late["late"], true);
    assert_eq!(late["admission"], "pending");
    let late_id = late["id"].as_i64().unwrap();
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{late_id}/admission"),
        Some(&judge),
        json!({"admission": "not_admitted", "note": "逾期提交且无正当理由"}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    let (_, m) = get(&court, &format!("{ev}/matrix"), Some(&judge)).await;
    let late_row = m["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["item_id"] == late_id)
        .unwrap();
    assert_eq!(late_row["late"], true);
    assert_eq!(late_row["admission"], "not_admitted");
    assert_eq!(late_row["admission_note"], "逾期提交且无正当理由");

    // Every act is on the timeline (and so reaches every cache) and in the audit chain.
    let (_, detail) = get(
        &court,
        &format!("/api/v1/cases/{case_id}"),
        Some(&defendant),
    )
    .await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    for k in [
        "evidence_period_set",
        "evidence_submitted",
        "evidence_mode_chosen",
        "evidence_exchange_opened",
        "evidence_opinion_given",
        "evidence_original_requested",
        "evidence_original_outcome",
        "evidence_version_submitted",
        "evidence_leave_granted",
        "evidence_admission",
    ] {
        assert!(kinds.contains(&k), "{k} in {kinds:?}");
    }
    assert_eq!(detail["evidence"]["items"].as_array().unwrap().len(), 3);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_ecourt-server"))
        .args(["--database-url", &court.database_url, "audit-verify"])
        .output()
        .unwrap();
    assert!(out.status.success(), "the audit chain holds: {out:?}");
});

// The demo data: an open asynchronous exchange in the case where 张晓梅 sues 李建国, its files
// made again from their text when the store lacks them.
on_both_engines!(the_demo_exchange, |court: TestCourt| async move {
    let case_id =
        sqlx::query_scalar::<_, i64>("SELECT case_id FROM evidence_exchanges ORDER BY id LIMIT 1")
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap();
    let defendant = court.token("party2").await;
    let (s, detail) = get(
        &court,
        &format!("/api/v1/cases/{case_id}"),
        Some(&defendant),
    )
    .await;
    assert_eq!(s, 200);
    let ev = &detail["evidence"];
    assert_eq!(ev["exchange"]["state"], "open");
    assert_eq!(ev["exchange"]["mode"], "asynchronous");
    assert_eq!(ev["items"].as_array().unwrap().len(), 3);
    assert_eq!(ev["opinions"][0]["relevance"]["stance"], "partly_agreed");
    let loan = &ev["items"][0];
    let file = loan["versions"][0]["files"][0]["sha256"].as_str().unwrap();
    let resp = court
        .http
        .get(court.url(&format!(
            "/api/v1/cases/{case_id}/evidence/items/{}/files/{file}",
            loan["id"]
        )))
        .bearer_auth(&defendant)
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 200);
    let bytes = resp.bytes().await.unwrap();
    assert_eq!(sha(&bytes), file);
    assert!(bytes.starts_with(b"%PDF-"));
    // Someone of another case sees none of it.
    let outsider = court.token("party3").await;
    assert_eq!(
        get(
            &court,
            &format!("/api/v1/cases/{case_id}/evidence"),
            Some(&outsider)
        )
        .await
        .0,
        404
    );
});

both!(files_must_be_what_they_claim, |court: Court| async move {
    let party = court.token("party1").await;
    let store_files = || {
        walk(court.store.path())
            .into_iter()
            .filter(|p| !p.starts_with(court.store.path().join("tmp")))
            .count()
    };
    let rows = || court.count("SELECT COUNT(*) FROM evidence_files");

    // A PDF sent as a JPEG, a JPEG sent as a PDF, a PDF cut short.
    let real_pdf = pdf("合同");
    for (mime, bytes) in [
        ("image/jpeg", real_pdf.clone()),
        (
            "application/pdf",
            vec![0xFF, 0xD8, 0xFF, 0xE0, 0, 0, 0xFF, 0xD9],
        ),
        ("application/pdf", real_pdf[..real_pdf.len() - 8].to_vec()),
        ("video/mp4", real_pdf.clone()),
    ] {
        let (s, b) = put_file(&court, &party, mime, &bytes).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (422, Some("file_not_what_it_claims")),
            "{mime}: {b}"
        );
    }
    // A recording cut short (its last box runs past the end).
    let video = mp4(4096);
    let cut = &video[..video.len() - 100];
    let (s, b) = put_file(&court, &party, "video/mp4", cut).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (422, Some("file_not_what_it_claims")),
        "{b}"
    );
    // A type the court does not take, a hash that is not the content's.
    assert_eq!(
        put_file(&court, &party, "application/zip", &real_pdf)
            .await
            .0,
        400
    );
    let resp = court
        .http
        .put(court.url(&format!("/api/v1/evidence/files/{}", "ab".repeat(32))))
        .bearer_auth(&party)
        .header("Content-Type", "application/pdf")
        .body(real_pdf.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!((rows().await, store_files()), (0, 0), "nothing stored");
    assert_eq!(
        walk(&court.store.path().join("tmp")).len(),
        0,
        "no part-file left behind"
    );

    // A real recording is taken, once however often it is sent.
    let (s, b) = put_file(&court, &party, "video/mp4", &video).await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["kind"], "video");
    assert_eq!(b["size_bytes"], video.len());
    assert_eq!(put_file(&court, &party, "video/mp4", &video).await.0, 200);
    assert_eq!((rows().await, store_files()), (1, 1));
    let stored =
        std::fs::read(court.store.path().join(&sha(&video)[..2]).join(sha(&video))).unwrap();
    assert_eq!(stored, video);
    // Without a token, nothing is read at all.
    let resp = court
        .http
        .put(court.url(&format!("/api/v1/evidence/files/{}", sha(&video))))
        .header("Content-Type", "video/mp4")
        .body(video.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 401);
});

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// An oversized recording: the court's policy in this test takes at most 64 KiB of video; the
/// upload is refused before its body is read (the store also stops a body without a length
/// once past the limit: `evidence::files` unit tests), nothing stored.
mod an_oversized_recording_is_refused {
    use super::*;

    async fn run(engine: Engine) {
        let store = tempfile::tempdir().unwrap();
        let root = store.path().to_path_buf();
        let Some(court) = TestCourt::start_with(engine, move |s| {
            let mut parts = EvidenceParts::new(FileStore::new(root));
            for t in &mut parts.policy.types {
                if t.mime_type == "video/mp4" {
                    t.max_bytes = 64 * 1024;
                }
            }
            s.parts = s.parts.with(parts);
        })
        .await
        else {
            return;
        };
        clear_demo_evidence(&court).await;
        let court = Court { c: court, store };
        let party = court.token("party1").await;
        let big = mp4(100 * 1024);
        let (s, b) = put_file(&court, &party, "video/mp4", &big).await;
        assert_eq!(
            (s, b["code"].as_str()),
            (413, Some("payload_too_large")),
            "{b}"
        );
        let small = mp4(1024);
        assert_eq!(put_file(&court, &party, "video/mp4", &small).await.0, 200);
        assert_eq!(court.count("SELECT COUNT(*) FROM evidence_files").await, 1);
        assert_eq!(walk(&court.store.path().join("tmp")).len(), 0);
    }

    #[tokio::test]
    async fn sqlite() {
        run(Engine::Sqlite).await
    }

    #[tokio::test]
    async fn postgres() {
        run(Engine::Postgres).await
    }
}

both!(opinions_through_the_outbox, |court: Court| async move {
    let case_id = shared_case(&court).await;
    let ev = format!("/api/v1/cases/{case_id}/evidence");
    let plaintiff = court.token("party1").await;
    let defendant = court.token("party2").await;
    let judge = court.token("judge1").await;
    rechecked_now(&court, "party1").await;
    let loan = give(&court, &plaintiff, case_id, "借条", &pdf("借条")).await;
    let loan_id = loan["id"].as_i64().unwrap();
    let (s, _) = post(
        &court,
        &format!("{ev}/exchange"),
        Some(&judge),
        json!({"mode": "asynchronous", "answer_until": "2026-11-27", "hearing_id": null, "parties": []}),
        None,
    )
    .await;
    assert_eq!(s, 200);
    // The defendant re-checked, then wrote offline an hour later; the court gets it at noon.
    rechecked_now(&court, "party2").await;
    court.clock.advance(chrono::Duration::hours(1));
    let written = ecourt_server::clock::stamp(court.state.clock.now());
    court.clock.advance(chrono::Duration::hours(3));
    let action = |m: i64, item: i64| {
        json!({"client_id": "desk-2", "mutation_id": m, "action": {
            "kind": "give_evidence_opinion", "case_id": case_id, "item_id": item,
            "written_at": written, "opinion": opinion(1),
        }})
    };
    let (s, b) = post(
        &court,
        "/api/v1/actions",
        Some(&defendant),
        action(1, loan_id),
        Some("desk-2:1"),
    )
    .await;
    assert_eq!((s, b["status"].as_str()), (200, Some("applied")), "{b}");
    let (_, again) = post(
        &court,
        "/api/v1/actions",
        Some(&defendant),
        action(1, loan_id),
        Some("desk-2:1"),
    )
    .await;
    assert_eq!(again["replayed"], true);
    assert_eq!(
        court.count("SELECT COUNT(*) FROM evidence_opinions").await,
        1
    );
    let (_, seen) = get(&court, &ev, Some(&judge)).await;
    assert_eq!(seen["opinions"][0]["written_at"], written.as_str());
    assert_ne!(seen["opinions"][0]["given_at"], written.as_str());
    assert_eq!(seen["opinions"][0]["recorded_live"], false);
    // A refusal is recorded under its mutation id (an unknown item), and the next one applies.
    let (_, b) = post(
        &court,
        "/api/v1/actions",
        Some(&defendant),
        action(2, 999_999),
        Some("desk-2:2"),
    )
    .await;
    assert_eq!(b["status"], "rejected", "{b}");
    // A view from the cache, with its moment.
    let (s, b) = post(
        &court,
        "/api/v1/actions",
        Some(&defendant),
        json!({"client_id": "desk-2", "mutation_id": 3, "action": {
            "kind": "record_evidence_view", "case_id": case_id, "item_id": loan_id, "version": 1,
            "viewed_at": written,
        }}),
        Some("desk-2:3"),
    )
    .await;
    assert_eq!((s, b["status"].as_str()), (200, Some("applied")), "{b}");
    let (_, views) = get(
        &court,
        &format!("{ev}/items/{loan_id}/views"),
        Some(&plaintiff),
    )
    .await;
    assert_eq!(views[0]["viewed_at"], written.as_str());
    assert_eq!(views[0]["via"], "screen");
    // Without a recent re-check when written, an offline opinion is refused.
    court.clock.advance(chrono::Duration::days(1));
    let defendant = court.token("party2").await;
    let late_written = ecourt_server::clock::stamp(court.state.clock.now());
    let (_, b) = post(
        &court,
        "/api/v1/actions",
        Some(&defendant),
        json!({"client_id": "desk-2", "mutation_id": 4, "action": {
            "kind": "give_evidence_opinion", "case_id": case_id, "item_id": loan_id,
            "written_at": late_written, "opinion": opinion(1),
        }}),
        Some("desk-2:4"),
    )
    .await;
    assert_eq!(
        (b["status"].as_str(), b["code"].as_str()),
        (Some("rejected"), Some("face_recheck_due")),
        "{b}"
    );
    assert_eq!(
        court.count("SELECT COUNT(*) FROM evidence_opinions").await,
        1
    );
});

both!(synchronous_mode_and_the_papers, |court: Court| async move {
    let case_id = shared_case(&court).await;
    let ev = format!("/api/v1/cases/{case_id}/evidence");
    let plaintiff = court.token("party1").await;
    let defendant = court.token("party2").await;
    let judge = court.token("judge1").await;
    rechecked_now(&court, "party1").await;
    let loan_bytes = pdf("借条");
    let loan = give(&court, &plaintiff, case_id, "借条", &loan_bytes).await;
    let loan_id = loan["id"].as_i64().unwrap();
    // A deposit declaration: the hash matches the file, or not (OLR Art. 16-19).
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/deposit"),
        Some(&plaintiff),
        json!({"platform": "人民法院司法区块链", "reference": "CQ-2026-000123",
               "sha256": sha(&loan_bytes), "file_sha256": sha(&loan_bytes)}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["items"][0]["deposit"]["check"], "matches");
    assert_eq!(b["items"][0]["deposit"]["verifier"], "file_hash");
    let (_, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/deposit"),
        Some(&plaintiff),
        json!({"platform": "人民法院司法区块链", "reference": "CQ-2026-000124",
               "sha256": "00".repeat(32), "file_sha256": sha(&loan_bytes)}),
        None,
    )
    .await;
    assert_eq!(b["items"][0]["deposit"]["check"], "differs");
    assert_eq!(
        post(
            &court,
            &format!("{ev}/items/{loan_id}/deposit"),
            Some(&defendant),
            json!({"platform": "x", "reference": "y", "sha256": sha(&loan_bytes), "file_sha256": sha(&loan_bytes)}),
            None
        )
        .await
        .0,
        404,
        "the defendant does not even see it yet"
    );

    // They agree to go online but not on the mode: synchronous (OLR Art. 14), in a hearing's room.
    post(
        &court,
        &format!("{ev}/mode"),
        Some(&plaintiff),
        json!({"mode": "synchronous"}),
        None,
    )
    .await;
    post(
        &court,
        &format!("{ev}/mode"),
        Some(&defendant),
        json!({"mode": "asynchronous"}),
        None,
    )
    .await;
    let open = json!({"mode": "asynchronous", "answer_until": "2026-11-25", "hearing_id": null, "parties": []});
    let (s, b) = post(&court, &format!("{ev}/exchange"), Some(&judge), open, None).await;
    assert_eq!(s, 400, "a synchronous exchange needs a hearing's room: {b}");
    let (s, hearing) = post(
        &court,
        &format!("/api/v1/cases/{case_id}/hearings"),
        Some(&judge),
        json!({"scheduled_at": "2026-11-25T01:30:00Z", "courtroom": "第三法庭"}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{hearing}");
    let hearing_id = hearing["id"].as_i64().unwrap();
    let (s, b) = post(
        &court,
        &format!("{ev}/exchange"),
        Some(&judge),
        json!({"mode": "asynchronous", "answer_until": "2026-11-25", "hearing_id": hearing_id, "parties": []}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["exchange"]["mode"], "synchronous");
    assert_eq!(b["exchange"]["mode_basis"], "no_agreement");
    // Consent to the step can no longer be withdrawn once it started (OLR Art. 5).
    let (s, b) = post(
        &court,
        &format!("/api/v1/cases/{case_id}/consents"),
        Some(&defendant),
        json!({"step": "evidence_exchange", "answer": "withdraw", "reason": "不想在线"}),
        None,
    )
    .await;
    assert_eq!(
        (s, b["code"].as_str()),
        (409, Some("consent_withdrawal_too_late")),
        "{b}"
    );

    // The judge takes the item; the court records the defendant's opinion as given.
    let (s, b) = post(
        &court,
        &format!("{ev}/exchange/current-item"),
        Some(&judge),
        json!({"item_id": loan_id}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["exchange"]["current_item"], loan_id);
    let mut live = opinion(1);
    live["on_behalf_of"] = json!(court.account_id("party2").await);
    live["authenticity"] = json!({"stance": "disputed", "reason": "被告当庭称借条系伪造"});
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&judge),
        live,
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["opinions"][0]["recorded_live"], true);
    assert_eq!(b["opinions"][0]["name"], "李建国");
    assert_eq!(b["opinions"][0]["recorded_by"], "周文斌");
    let (_, views) = get(&court, &format!("{ev}/items/{loan_id}/views"), Some(&judge)).await;
    assert!(views.as_array().unwrap().iter().any(|v| v["via"] == "room"));

    // The record (证据交换笔录), filed as a document and signed through the signatures route.
    let (s, paper) = post(
        &court,
        &format!("{ev}/record"),
        Some(&judge),
        json!({}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{paper}");
    let document_id = paper["document_id"].as_i64().unwrap();
    let content = court
        .http
        .get(court.url(&format!(
            "/api/v1/cases/{case_id}/documents/{document_id}/content"
        )))
        .bearer_auth(&plaintiff)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert_eq!(sha(&content), paper["sha256"].as_str().unwrap());
    if let Some(text) = pdftotext(&content) {
        for words in [
            "证据交换笔录",
            "借条",
            "原告张晓梅证据1",
            "同步，在线上法庭进行",
            "各方对方式未达成一致，适用同步方式",
            "真实性有异议：被告当庭称借条系伪造",
            "当庭发表",
            "存证哈希值与文件不一致",
            "第一百五十条",
        ] {
            assert!(text.contains(words), "{words} in the record: {text}");
        }
    }
    let (s, b) = post(
        &court,
        &format!("/api/v1/cases/{case_id}/documents/{document_id}/signatures"),
        Some(&plaintiff),
        json!({"document_sha256": sha(&content), "outcome": "signed", "reason": null}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // The opinion sheet (质证意见表).
    let (s, sheet) = post(
        &court,
        &format!("{ev}/opinion-sheet"),
        Some(&judge),
        json!({}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{sheet}");
    let sheet_id = sheet["document_id"].as_i64().unwrap();
    let content = court
        .http
        .get(court.url(&format!(
            "/api/v1/cases/{case_id}/documents/{sheet_id}/content"
        )))
        .bearer_auth(&defendant)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    if let Some(text) = pdftotext(&content) {
        for words in [
            "质证意见表",
            "真实性",
            "合法性",
            "关联性",
            "李建国",
            "有异议",
        ] {
            assert!(text.contains(words), "{words} in the sheet: {text}");
        }
    }
    assert_eq!(
        post(
            &court,
            &format!("{ev}/record"),
            Some(&plaintiff),
            json!({}),
            None
        )
        .await
        .0,
        403
    );
    // A reminder reaches everyone through the timeline.
    let (s, b) = post(
        &court,
        &format!("{ev}/exchange/remind"),
        Some(&judge),
        json!({}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["exchange"]["reminders"].as_array().unwrap().len(), 1);
    let (_, detail) = get(
        &court,
        &format!("/api/v1/cases/{case_id}"),
        Some(&defendant),
    )
    .await;
    assert!(detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "evidence_exchange_reminded"));
    assert_eq!(
        post(
            &court,
            &format!("{ev}/exchange/remind"),
            Some(&defendant),
            json!({}),
            None
        )
        .await
        .0,
        403
    );
    // Closing: no more opinions.
    let (s, _) = post(
        &court,
        &format!("{ev}/exchange/close"),
        Some(&judge),
        json!({}),
        None,
    )
    .await;
    assert_eq!(s, 200);
    let (s, b) = post(
        &court,
        &format!("{ev}/items/{loan_id}/opinions"),
        Some(&defendant),
        opinion(1),
        None,
    )
    .await;
    assert_eq!((s, b["code"].as_str()), (409, Some("exchange_not_open")));
});

/// The PDF's text without white space (pdftotext guesses spaces from gaps), or `None` without
/// poppler-utils outside CI.
fn pdftotext(pdf: &[u8]) -> Option<String> {
    use std::io::Write;
    let child = std::process::Command::new("pdftotext")
        .args(["-raw", "-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(_) => {
            assert!(std::env::var("CI").is_err(), "CI has poppler-utils");
            eprintln!("no pdftotext: the papers' text is not checked");
            return None;
        }
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    Some(
        String::from_utf8(out.stdout)
            .unwrap()
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect(),
    )
}
