//! Online filing through the API, on SQLite and on PostgreSQL: file → correction notice →
//! resubmit → register → pay → receipt; deadlines that pass (returned, treated as withdrawn);
//! and bad input refused with nothing stored.

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

async fn upload(court: &TestCourt, token: &str, bytes: &[u8], mime: &str) -> (u16, Value) {
    let sha = hex::encode(Sha256::digest(bytes));
    let resp = court
        .http
        .put(court.url(&format!("/api/v1/uploads/{sha}")))
        .bearer_auth(token)
        .header("Content-Type", mime)
        .body(bytes.to_vec())
        .send()
        .await
        .unwrap();
    (
        resp.status().as_u16(),
        resp.json().await.unwrap_or(Value::Null),
    )
}

/// Pushes one action as a desktop's outbox would.
async fn act(court: &TestCourt, token: &str, client: &str, mutation: i64, action: Value) -> Value {
    let (status, body) = post(
        court,
        "/api/v1/actions",
        Some(token),
        json!({ "client_id": client, "mutation_id": mutation, "action": action }),
        Some(&format!("{client}:{mutation}")),
    )
    .await;
    assert_eq!(status, 200, "{body}");
    body
}

fn file_ref(name: &str, bytes: &[u8], mime: &str) -> Value {
    json!({ "name": name, "mime_type": mime, "size_bytes": bytes.len(), "sha256": hex::encode(Sha256::digest(bytes)) })
}

/// 张晓梅 (party1) sues 赵大勇 for 150,000 yuan of a loan, with the IOU as evidence.
fn application() -> Value {
    json!({
        "court_code": "渝0103",
        "case_type": "civil_first_instance",
        "cause": "民间借贷纠纷",
        "plaintiffs": [{ "kind": "person", "name": "张晓梅", "id_number": "11010519491231002X",
                         "phone": "13800000001", "address": "重庆市渝中区解放碑街道1号" }],
        "defendants": [{ "kind": "person", "name": "赵大勇", "address": "重庆市渝中区" }],
        "claims": [
            { "text": "判令被告偿还借款本金150000元", "amount": "150000" },
            { "text": "判令被告承担本案诉讼费用", "amount": null }
        ],
        "facts_and_reasons": "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。",
        "evidence": [{ "name": "借条", "source": "原告提供", "proves": "借款事实",
                       "files": [file_ref("借条.pdf", PDF, "application/pdf")] }]
    })
}

async fn my_case(court: &TestCourt, token: &str, case_id: i64) -> Value {
    let (status, body) = get(court, &format!("/api/v1/cases/{case_id}"), Some(token)).await;
    assert_eq!(status, 200, "{body}");
    body
}

fn event_kinds(case: &Value) -> Vec<String> {
    case["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

/// Files the application as party1 and returns the new case's id.
async fn file(court: &TestCourt, token: &str, client: &str, mutation: i64, draft: &str) -> i64 {
    assert_eq!(upload(court, token, PDF, "application/pdf").await.0, 200);
    let result = act(
        court,
        token,
        client,
        mutation,
        json!({ "kind": "submit_filing", "draft_id": draft, "application": application() }),
    )
    .await;
    assert_eq!(result["status"], "applied", "{result}");
    let (_, list) = get(court, "/api/v1/cases?stage=filing_review", Some(token)).await;
    list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .max()
        .unwrap()
}

on_both_engines!(
    file_correct_register_pay_receipt,
    |court: TestCourt| async move {
        let party = court.token("party1").await;
        let clerk = court.token("clerk1").await;
        // Uploading the same bytes twice is harmless.
        assert_eq!(upload(&court, &party, PDF, "application/pdf").await.0, 200);
        let case_id = file(&court, &party, "desk-a", 1, "draft-1").await;
        // A replayed push (the answer was lost) gets the stored answer and files nothing more.
        let replay = act(
            &court,
            &party,
            "desk-a",
            1,
            json!({ "kind": "submit_filing", "draft_id": "draft-1", "application": application() }),
        )
        .await;
        assert_eq!(replay["replayed"], true);
        assert_eq!(court.count("SELECT COUNT(*) FROM filings").await, 1);

        // Submitted on Friday 20 Nov 2026: the 7 days end on Friday 27 Nov.
        let case = my_case(&court, &party, case_id).await;
        assert_eq!(case["summary"]["stage"], "filing_review");
        assert_eq!(case["filing"]["status"], "under_review");
        assert_eq!(case["filing"]["review_due"], "2026-11-27");
        let kinds: Vec<&str> = case["documents"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["kind"].as_str().unwrap())
            .collect();
        assert_eq!(kinds, ["complaint", "evidence"]);

        // The clerk's queue; a party has none.
        let (status, queue) = get(&court, "/api/v1/filings/review-queue", Some(&clerk)).await;
        assert_eq!(status, 200);
        let item = &queue["items"][0];
        assert_eq!(
            (
                item["case_id"].as_i64(),
                item["days_left"].as_i64(),
                &item["overdue"]
            ),
            (Some(case_id), Some(7), &json!(false))
        );
        assert_eq!(
            get(&court, "/api/v1/filings/review-queue", Some(&party))
                .await
                .0,
            403
        );

        // One correction notice listing every item; a second is refused (一次性告知).
        let items = json!([{ "field": "defendants[0].address", "problem": "被告住址不详，请写明具体门牌号" },
                       { "field": "defendants[0].id_number", "problem": "请补充被告身份证号码或其他身份信息" }]);
        let path = format!("/api/v1/filings/{case_id}/correction-notice");
        let (status, notice) = post(
            &court,
            &path,
            Some(&clerk),
            json!({ "items": items, "deadline_days": 7 }),
            None,
        )
        .await;
        assert_eq!(status, 200, "{notice}");
        assert_eq!(notice["deadline"], "2026-11-27");
        let (status, again) = post(
            &court,
            &path,
            Some(&clerk),
            json!({ "items": items, "deadline_days": 7 }),
            None,
        )
        .await;
        assert_eq!((status, again["code"].as_str()), (409, Some("conflict")));
        let register = format!("/api/v1/filings/{case_id}/register");
        assert_eq!(
            post(&court, &register, Some(&clerk), json!({}), None)
                .await
                .0,
            409
        );
        let case = my_case(&court, &party, case_id).await;
        assert_eq!(
            case["filing"]["correction"]["items"]
                .as_array()
                .unwrap()
                .len(),
            2
        );
        assert_eq!(case["summary"]["next_deadline"]["label"], "补正期限");

        // Corrected on Sunday 22 Nov: the review restarts and ends on Sunday 29 Nov, a day off, so
        // on Monday 30 Nov (民诉法 Art. 85).
        court.clock.advance(chrono::Duration::days(2));
        let (party, clerk) = (court.token("party1").await, court.token("clerk1").await);
        let mut corrected = application();
        corrected["defendants"][0]["address"] = json!("重庆市渝中区民族路88号");
        corrected["defendants"][0]["id_number"] = json!("500103198001011238");
        let result = act(
            &court,
            &party,
            "desk-a",
            2,
            json!({ "kind": "resubmit_filing", "case_id": case_id, "application": corrected }),
        )
        .await;
        assert_eq!(result["status"], "applied", "{result}");
        let case = my_case(&court, &party, case_id).await;
        assert_eq!(
            (
                &case["filing"]["status"],
                &case["filing"]["round"],
                &case["filing"]["review_due"]
            ),
            (&json!("under_review"), &json!(2), &json!("2026-11-30"))
        );
        assert!(case["filing"]["correction"]["answered_at"].is_string());
        // The court keeps the first version, for the staff to see what the correction changed.
        let address = |a: &Value| a["defendants"][0]["address"].clone();
        assert_eq!(
            address(&case["filing"]["first_application"]),
            address(&application())
        );
        assert_eq!(address(&case["filing"]["application"]), address(&corrected));
        assert_ne!(address(&application()), address(&corrected));

        // Registered: a case number from the sequence and the fee notice (150,000 → 3,300 yuan).
        let (status, reg) = post(&court, &register, Some(&clerk), json!({}), None).await;
        assert_eq!(status, 200, "{reg}");
        let number = reg["case_number"].as_str().unwrap();
        assert!(
            number.starts_with("（2026）渝0103民初") && number.ends_with('号'),
            "{number}"
        );
        assert_eq!(
            (&reg["fee"]["amount"], &reg["fee"]["status"]),
            (&json!("3300.00"), &json!("unpaid"))
        );
        assert_eq!(
            post(&court, &register, Some(&clerk), json!({}), None)
                .await
                .0,
            409
        );

        // Paid through the development gateway: the receipt is a PDF document of the case.
        let settle = format!(
            "/api/v1/dev/payments/{}/settle",
            reg["fee"]["payment_number"].as_str().unwrap()
        );
        let (status, paid) = post(&court, &settle, Some(&party), json!({}), None).await;
        assert_eq!(status, 200, "{paid}");
        assert_eq!(paid["status"], "paid");
        assert_eq!(
            post(&court, &settle, Some(&party), json!({}), None).await.0,
            409
        );
        let case = my_case(&court, &party, case_id).await;
        assert_eq!(case["summary"]["case_number"], number);
        assert_eq!(case["summary"]["stage"], "awaiting_hearing");
        let receipt = case["documents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["kind"] == "fee_receipt")
            .unwrap();
        assert_eq!(receipt["id"], paid["receipt_document_id"]);
        let bytes = court
            .http
            .get(court.url(&format!(
                "/api/v1/cases/{case_id}/documents/{}/content",
                receipt["id"]
            )))
            .bearer_auth(&party)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert!(bytes.starts_with(b"%PDF"));
        assert_eq!(
            event_kinds(&case),
            [
                "filing_submitted",
                "correction_notice",
                "filing_corrected",
                "filing_registered",
                "fee_notice",
                "fee_paid"
            ]
        );
        let verdict = ecourt_server::audit::verify(&court.state.db).await.unwrap();
        assert!(
            matches!(verdict, ecourt_server::audit::Verdict::Intact { .. }),
            "{verdict:?}"
        );
    }
);

on_both_engines!(
    deadlines_that_pass_return_or_withdraw,
    |court: TestCourt| async move {
        let party = court.token("party1").await;
        let clerk = court.token("clerk1").await;
        // Not corrected by the deadline (Mon 23 Nov): returned on the 24th, and a late correction
        // is refused.
        let returned = file(&court, &party, "desk-b", 1, "draft-r").await;
        let items = json!([{ "field": "evidence", "problem": "请提交借条原件照片" }]);
        let (status, notice) = post(
            &court,
            &format!("/api/v1/filings/{returned}/correction-notice"),
            Some(&clerk),
            json!({ "items": items, "deadline_days": 3 }),
            None,
        )
        .await;
        assert_eq!(
            (status, notice["deadline"].as_str()),
            (200, Some("2026-11-23"))
        );
        // Another application is registered the same day and not paid.
        let unpaid = file(&court, &party, "desk-b", 2, "draft-u").await;
        let (status, reg) = post(
            &court,
            &format!("/api/v1/filings/{unpaid}/register"),
            Some(&clerk),
            json!({}),
            None,
        )
        .await;
        assert_eq!(status, 200, "{reg}");
        assert_eq!(reg["fee"]["due_date"], "2026-11-27");

        court.clock.advance(chrono::Duration::days(3)); // Mon 23 Nov: still in time.
        let party = court.token("party1").await;
        assert_eq!(
            my_case(&court, &party, returned).await["filing"]["status"],
            "correction_requested"
        );
        court.clock.advance(chrono::Duration::days(1)); // Tue 24 Nov
        let party = court.token("party1").await;
        let (status, _) = get(
            &court,
            "/api/v1/sync/changes?since=0&protocol=1",
            Some(&party),
        )
        .await;
        assert_eq!(status, 200);
        let case = my_case(&court, &party, returned).await;
        assert_eq!(
            (&case["filing"]["status"], &case["summary"]["stage"]),
            (&json!("returned"), &json!("closed"))
        );
        assert_eq!(event_kinds(&case).last().unwrap(), "filing_returned");
        let late = act(
            &court,
            &party,
            "desk-b",
            3,
            json!({ "kind": "resubmit_filing", "case_id": returned, "application": application() }),
        )
        .await;
        assert_eq!(
            (&late["status"], &late["code"]),
            (&json!("rejected"), &json!("conflict"))
        );

        court.clock.advance(chrono::Duration::days(4)); // Sat 28 Nov: the fee was due on the 27th.
        let (party, clerk) = (court.token("party1").await, court.token("clerk1").await);
        let (status, queue) = get(&court, "/api/v1/filings/review-queue", Some(&clerk)).await;
        assert_eq!((status, queue["items"].as_array().unwrap().len()), (200, 0));
        let case = my_case(&court, &party, unpaid).await;
        assert_eq!(
            (&case["filing"]["fee"]["status"], &case["summary"]["stage"]),
            (&json!("withdrawn"), &json!("closed"))
        );
        assert_eq!(event_kinds(&case).last().unwrap(), "treated_as_withdrawn");
        let settle = format!(
            "/api/v1/dev/payments/{}/settle",
            reg["fee"]["payment_number"].as_str().unwrap()
        );
        assert_eq!(
            post(&court, &settle, Some(&party), json!({}), None).await.0,
            409
        );
        assert!(matches!(
            ecourt_server::audit::verify(&court.state.db).await.unwrap(),
            ecourt_server::audit::Verdict::Intact { .. }
        ));
    }
);

on_both_engines!(
    bad_filings_are_refused_and_nothing_is_stored,
    |court: TestCourt| async move {
        let party = court.token("party1").await;
        let cases_before = court.count("SELECT COUNT(*) FROM cases").await;
        let mut mutation = 0;
        let mut push = |app: Value| {
            mutation += 1;
            (mutation, app)
        };

        // Bad uploads: not really a PDF, a hash that does not match, an executable, too large.
        assert_eq!(
            upload(&court, &party, b"MZ\x90\x00 not a pdf", "application/pdf")
                .await
                .1["code"],
            "invalid_input"
        );
        assert_eq!(
            upload(
                &court,
                &party,
                b"\x7fELF binary",
                "application/octet-stream"
            )
            .await
            .1["code"],
            "invalid_input"
        );
        let wrong_hash = court
            .http
            .put(court.url(&format!("/api/v1/uploads/{}", "0".repeat(64))))
            .bearer_auth(&party)
            .header("Content-Type", "application/pdf")
            .body(PDF.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(wrong_hash.status(), 400);
        let mut huge = b"%PDF-1.4\n".to_vec();
        huge.resize(21 * 1024 * 1024, b' ');
        assert_eq!(
            upload(&court, &party, &huge, "application/pdf").await.0,
            413
        );
        assert_eq!(court.count("SELECT COUNT(*) FROM uploads").await, 0);

        // A file the court never received.
        let (m, app) = push(application());
        let r = act(
            &court,
            &party,
            "desk-c",
            m,
            json!({ "kind": "submit_filing", "draft_id": "d1", "application": app }),
        )
        .await;
        assert_eq!(
            (&r["status"], &r["code"]),
            (&json!("rejected"), &json!("invalid_input")),
            "{r}"
        );
        assert_eq!(upload(&court, &party, PDF, "application/pdf").await.0, 200);

        let mut no_defendant = application();
        no_defendant["defendants"] = json!([]);
        let mut same_person = application();
        same_person["defendants"] = json!([{ "kind": "person", "name": "张晓梅", "id_number": "11010519491231002x", "address": "重庆" }]);
        let mut negative = application();
        negative["claims"][0]["amount"] = json!("-150000");
        let mut absurd = application();
        absurd["claims"][0]["amount"] = json!("1e30");
        let mut not_me = application();
        not_me["plaintiffs"][0]["name"] = json!("李建国");
        for (label, app, code) in [
            ("no defendant", no_defendant, "filing_problems"),
            ("defendant is the plaintiff", same_person, "filing_problems"),
            ("negative amount", negative, "filing_problems"),
            ("absurd amount", absurd, "filing_problems"),
            ("filing in someone else's name", not_me, "filing_problems"),
        ] {
            let (m, app) = push(app);
            let r = act(
                &court,
                &party,
                "desk-c",
                m,
                json!({ "kind": "submit_filing", "draft_id": format!("d{m}"), "application": app }),
            )
            .await;
            assert_eq!(
                (&r["status"], &r["code"]),
                (&json!("rejected"), &json!(code)),
                "{label}: {r}"
            );
        }
        // Court staff do not file.
        let clerk = court.token("clerk1").await;
        let r = act(
            &court,
            &clerk,
            "desk-d",
            1,
            json!({ "kind": "submit_filing", "draft_id": "x", "application": application() }),
        )
        .await;
        assert_eq!(r["code"], "forbidden");
        assert_eq!(
            court.count("SELECT COUNT(*) FROM cases").await,
            cases_before
        );

        // The same draft pushed twice under two mutation ids files once.
        let (m, app) = push(application());
        let first = act(
            &court,
            &party,
            "desk-c",
            m,
            json!({ "kind": "submit_filing", "draft_id": "same", "application": app.clone() }),
        )
        .await;
        assert_eq!(first["status"], "applied");
        let (m, app) = push(app);
        let second = act(
            &court,
            &party,
            "desk-c",
            m,
            json!({ "kind": "submit_filing", "draft_id": "same", "application": app }),
        )
        .await;
        assert_eq!(
            (&second["status"], &second["code"]),
            (&json!("rejected"), &json!("conflict"))
        );
        assert_eq!(
            court.count("SELECT COUNT(*) FROM cases").await,
            cases_before + 1
        );

        // A stranger's filing is not the party's to correct, nor another court's to review.
        let party2 = court.token("party2").await;
        let (_, list) = get(&court, "/api/v1/cases?stage=filing_review", Some(&party)).await;
        let mine = list["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["id"].as_i64().unwrap())
            .max()
            .unwrap();
        let r = act(
            &court,
            &party2,
            "desk-e",
            1,
            json!({ "kind": "resubmit_filing", "case_id": mine, "application": application() }),
        )
        .await;
        assert_eq!(r["code"], "not_found");
        let (status, _) = post(
            &court,
            &format!("/api/v1/filings/{mine}/register"),
            Some(&party2),
            json!({}),
            None,
        )
        .await;
        assert_eq!(status, 403);
    }
);

/// Files as party1 and registers as clerk1: the new case's id and its fee notice.
async fn registered(court: &TestCourt, draft: &str) -> (i64, Value) {
    let party = court.token("party1").await;
    let clerk = court.token("clerk1").await;
    let case_id = file(court, &party, &format!("desk-{draft}"), 1, draft).await;
    let (status, reg) = post(
        court,
        &format!("/api/v1/filings/{case_id}/register"),
        Some(&clerk),
        json!({}),
        None,
    )
    .await;
    assert_eq!(status, 200, "{reg}");
    (case_id, reg["fee"].clone())
}

on_both_engines!(
    the_dev_gateway_settles_only_the_callers_own_fee,
    |court: TestCourt| async move {
        let (_, fee) = registered(&court, "own-fee").await;
        let number = fee["payment_number"].as_str().unwrap().to_string();
        // Random digits after the year and a check digit: nothing of the case id to count from.
        assert_eq!(number.len(), 19, "{number}");
        assert!(number.starts_with("2026") && number.bytes().all(|b| b.is_ascii_digit()));
        let (_, other) = registered(&court, "other-fee").await;
        let other = other["payment_number"].as_str().unwrap();
        assert_ne!(&number[..18], &other[..18]);

        let settle = |n: String, who: &'static str| {
            let court = &court;
            async move {
                let token = court.token(who).await;
                post(
                    court,
                    &format!("/api/v1/dev/payments/{n}/settle"),
                    Some(&token),
                    json!({}),
                    None,
                )
                .await
            }
        };
        // The attack: party2 (no role in the case) pays party1's fee. Refused, and answered
        // exactly as an unknown number is; court staff do not "pay" either.
        let unknown = settle("2026000000000000000".into(), "party2").await;
        assert_eq!(
            (unknown.0, unknown.1["code"].as_str()),
            (404, Some("not_found"))
        );
        assert_eq!(settle(number.clone(), "party2").await, unknown);
        assert_eq!(settle(number.clone(), "judge1").await, unknown);
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM fee_notices WHERE status = 'paid'")
                .await,
            0
        );
        // The party themselves pays; afterwards another's try still says nothing about it.
        let (status, paid) = settle(number.clone(), "party1").await;
        assert_eq!((status, &paid["status"]), (200, &json!("paid")), "{paid}");
        assert_eq!(settle(number.clone(), "party2").await, unknown);
    }
);

/// A court started as the README's plain `serve` line has it: no development gateway, no dev
/// routes, nothing in the OpenAPI document, and a clear code where a gateway is missing.
async fn plain_serve_has_no_dev_gateways(court: TestCourt) {
    let party = court.token("party1").await;
    let (_, doc) = get(&court, "/api/openapi.json", None).await;
    let paths = doc["paths"].as_object().unwrap();
    assert!(paths.contains_key("/api/v1/identity/phone/code"));
    assert!(
        !paths.keys().any(|p| p.starts_with("/api/v1/dev/")),
        "{:?}",
        paths.keys().collect::<Vec<_>>()
    );
    let (status, body) = get(&court, "/api/v1/dev/sms?phone=13800000001", Some(&party)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    // Registration would issue a notice nobody can pay: refused, nothing registered.
    let clerk = court.token("clerk1").await;
    let case_id = file(&court, &party, "desk-plain", 1, "plain").await;
    let (status, body) = post(
        &court,
        &format!("/api/v1/filings/{case_id}/register"),
        Some(&clerk),
        json!({}),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("gateway_not_configured")),
        "{body}"
    );
    assert_eq!(court.count("SELECT COUNT(*) FROM fee_notices").await, 0);
    let (status, _) = post(
        &court,
        "/api/v1/dev/payments/2026000000000000000/settle",
        Some(&party),
        json!({}),
        None,
    )
    .await;
    assert_eq!(status, 404);
    // Codes cannot be texted either, and say so.
    let (status, body) = post(
        &court,
        "/api/v1/identity/phone/code",
        Some(&party),
        json!({ "phone": "13800000001" }),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (503, Some("gateway_not_configured"))
    );
    assert_eq!(court.count("SELECT COUNT(*) FROM phone_codes").await, 0);
}

mod a_plain_serve_has_no_dev_gateways {
    use super::*;
    #[tokio::test]
    async fn sqlite() {
        if let Some(court) = TestCourt::start_with_gateways(Engine::Sqlite, false).await {
            plain_serve_has_no_dev_gateways(court).await;
        }
    }
    #[tokio::test]
    async fn postgres() {
        if let Some(court) = TestCourt::start_with_gateways(Engine::Postgres, false).await {
            plain_serve_has_no_dev_gateways(court).await;
        }
    }
}
