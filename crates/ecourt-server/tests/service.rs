//! Service of documents (送达) through the API, on both engines: the address confirmation
//! signed, consent found per 《人民法院在线诉讼规则》 Art. 29, the policy, the effect per Art. 31,
//! the recipient's opening / confirming / disputing / paper copy through the outbox, the
//! clerks' tasks, the certificate's text, and the periods that run from service (民事诉讼法
//! Art. 128, 171).

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use sqlx::Row;

/// A demo case where `defendant` is sued, with its complaint's document id.
async fn case_with_defendant(court: &TestCourt, defendant: &str) -> (i64, i64) {
    let id = court.account_id(defendant).await;
    let row = sqlx::query(
        "SELECT p.case_id, (SELECT MIN(d.id) FROM documents d WHERE d.case_id = p.case_id AND d.kind = 'complaint') AS doc
         FROM case_participants p JOIN cases c ON c.id = p.case_id
         WHERE p.account_id = $1 AND p.role = 'defendant' AND c.case_number IS NOT NULL ORDER BY p.case_id LIMIT 1",
    )
    .bind(id)
    .fetch_one(&court.state.db.pool)
    .await
    .unwrap();
    (row.try_get("case_id").unwrap(), row.try_get("doc").unwrap())
}

/// Files a court document of `kind` in the case (a judgment, a ruling) as the court would.
async fn file_document(court: &TestCourt, case_id: i64, kind: &str, title: &str) -> i64 {
    let mut tx = court.state.db.begin_write().await.unwrap();
    let doc = ecourt_server::kernel::case_file::add_document(
        &mut tx,
        case_id,
        court.state.clock.now(),
        ecourt_server::kernel::case_file::NewDocument {
            title,
            kind,
            mime_type: "text/plain",
            content: format!("{title}\n……").into_bytes(),
        },
    )
    .await
    .unwrap();
    ecourt_server::kernel::case_file::touch(&mut tx, case_id, court.state.clock.now())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    doc.id
}

async fn rechecked_now(court: &TestCourt, username: &str) {
    sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = $2")
        .bind(ecourt_server::clock::stamp(court.state.clock.now()))
        .bind(court.account_id(username).await)
        .execute(&court.state.db.pool)
        .await
        .unwrap();
}

/// The person fills in and signs their address confirmation (through the signatures route).
async fn confirm_and_sign(court: &TestCourt, username: &str, case_id: i64, body: Value) -> Value {
    let token = court.token(username).await;
    let path = format!("/api/v1/cases/{case_id}/service/address-confirmation");
    let (s, conf) = post(court, &path, Some(&token), body, None).await;
    assert_eq!(s, 200, "{conf}");
    assert_eq!(conf["signed"], false);
    rechecked_now(court, username).await;
    let doc = conf["document_id"].as_i64().unwrap();
    let sign = format!("/api/v1/cases/{case_id}/documents/{doc}/signatures");
    let (s, b) = post(
        court,
        &sign,
        Some(&token),
        json!({"document_sha256": conf["document_sha256"], "outcome": "signed", "reason": null}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    // In force at once in the case as the sync carries it, before anyone asks the
    // address-confirmation route (the desktop learns it from its next pull).
    let (_, case) = get(court, &format!("/api/v1/cases/{case_id}"), Some(&token)).await;
    let mine = case["service"]["address_confirmations"].as_array().unwrap();
    assert_eq!(
        mine.iter()
            .find(|c| c["document_id"].as_i64() == Some(doc))
            .map(|c| c["in_force"].as_bool()),
        Some(Some(true)),
        "{case}"
    );
    let (_, list) = get(court, &path, Some(&token)).await;
    let last = list.as_array().unwrap().last().unwrap().clone();
    assert_eq!(
        (last["signed"].as_bool(), last["in_force"].as_bool()),
        (Some(true), Some(true))
    );
    last
}

async fn act(court: &TestCourt, token: &str, client: &str, m: i64, action: Value) -> Value {
    let (s, b) = post(
        court,
        "/api/v1/actions",
        Some(token),
        json!({"client_id": client, "mutation_id": m, "action": action}),
        Some(&format!("{client}:{m}")),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    b
}

async fn serve(court: &TestCourt, clerk: &str, case_id: i64, docs: &[i64], to: &[Value]) -> Value {
    let (s, b) = post(
        court,
        &format!("/api/v1/cases/{case_id}/service"),
        Some(clerk),
        json!({"document_ids": docs, "recipients": to, "channels": ["platform", "sms"]}),
        None,
    )
    .await;
    assert_eq!(s, 200, "{b}");
    b
}

fn pdf_text(pdf: &[u8]) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-enc", "UTF-8", "-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (poppler-utils)");
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    String::from_utf8(out.stdout)
        .unwrap()
        .split_whitespace()
        .collect()
}

on_both_engines!(
    express_consent_serves_at_arrival_and_starts_the_defence,
    |court: TestCourt| async move {
        let (case_id, complaint) = case_with_defendant(&court, "party2").await;
        let clerk = court.token("clerk1").await;
        let party2 = court.token("party2").await;
        let party2_id = court.account_id("party2").await;

        // Without consent: a task to serve otherwise, nothing electronic.
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[complaint],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        let first = &r["served"][0];
        assert_eq!(
            (
                first["electronic"].as_bool(),
                first["otherwise_reason"].as_str()
            ),
            (Some(false), Some("no_consent"))
        );
        assert_eq!(r["tasks_opened"], 1);
        let (_, q) = get(&court, "/api/v1/service/tasks", Some(&clerk)).await;
        assert!(q["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["service_id"] == first["id"] && t["kind"] == "serve_otherwise"));
        // A party sees no queue.
        assert_eq!(
            get(&court, "/api/v1/service/tasks", Some(&party2)).await.0,
            403
        );

        // The address confirmation signed with consent: Art. 29(1), arrival at the platform
        // account it names is service (Art. 31(1)).
        confirm_and_sign(
            &court,
            "party2",
            case_id,
            json!({"consent_electronic": true, "platform": true,
            "email": null, "mobile": "13800000002", "postal_address": "重庆市渝中区解放碑街道1号"}),
        )
        .await;
        let (_, rec) = get(
            &court,
            &format!("/api/v1/cases/{case_id}/service/recipients"),
            Some(&clerk),
        )
        .await;
        let me = rec["recipients"]
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["account_id"] == party2_id)
            .unwrap()
            .clone();
        assert_eq!(me["ground"], "express_consent");
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[complaint],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        let s = &r["served"][0];
        assert_eq!(s["ground"], "express_consent");
        assert_eq!(s["state"], "effective", "{s}");
        assert_eq!(s["effect"]["rule"], "arrived_at_confirmed_address");
        assert_eq!(
            s["effect"]["article"],
            "《人民法院在线诉讼规则》第三十一条第一款"
        );
        assert_eq!(s["deadline"]["label"], "答辩期");
        // The court's clock stands at 2026-11-20 (Beijing): 15 days (CPL Art. 85: the day of
        // service not counted) end on 2026-12-05, a Saturday → the next working day 12-07.
        assert_eq!(s["deadline"]["date"], "2026-12-07", "{s}");
        let sms = s["deliveries"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["channel"] == "sms")
            .unwrap()
            .clone();
        assert!(sms["arrived_at"].is_string(), "{sms}");

        // The recipient opens it offline; the court keeps both moments.
        let service_id = s["id"].as_i64().unwrap();
        let opened =
            ecourt_server::clock::stamp(court.state.clock.now() + chrono::Duration::minutes(5));
        court.clock.advance(chrono::Duration::hours(2));
        let a = act(&court, &party2, "desk-p2", 1, json!({"kind": "open_served_document", "case_id": case_id, "service_id": service_id, "opened_at": opened})).await;
        assert_eq!(a["status"], "applied", "{a}");
        // The same action again is the stored answer; nothing recorded twice.
        let again = act(&court, &party2, "desk-p2", 1, json!({"kind": "open_served_document", "case_id": case_id, "service_id": service_id, "opened_at": opened})).await;
        assert_eq!(again["replayed"], true);
        assert_eq!(court.count(&format!("SELECT COUNT(*) FROM case_events WHERE kind = 'served_document_opened' AND case_id = {case_id}")).await, 1);
        let (_, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&party2)).await;
        let mine = detail["service"]["served"].as_array().unwrap();
        assert!(mine.iter().all(|x| x["recipient_account_id"] == party2_id));
        let this = mine.iter().find(|x| x["id"] == service_id).unwrap();
        assert_eq!(this["opened_at"].as_str(), Some(opened.as_str()));
        assert!(this["opened_learned_at"].as_str().unwrap() > opened.as_str());
        assert_eq!(detail["summary"]["next_deadline"]["date"], "2026-12-07");
        // Another party does not see it.
        let party1 = court.token("party1").await;
        let (_, other) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&party1)).await;
        if other["service"].is_object() {
            assert!(other["service"]["served"]
                .as_array()
                .unwrap()
                .iter()
                .all(|x| x["recipient_account_id"] != party2_id));
        }

        // The certificate: title, SHA-256, recipient, channel, arrived, opened, ground, effect.
        let (s2, cert) = post(
            &court,
            &format!("/api/v1/service/{service_id}/certificate"),
            Some(&clerk),
            json!(null),
            None,
        )
        .await;
        assert_eq!(s2, 200, "{cert}");
        let pdf = court
            .http
            .get(court.url(&format!(
                "/api/v1/cases/{case_id}/documents/{}/content",
                cert["document_id"]
            )))
            .bearer_auth(&clerk)
            .send()
            .await
            .unwrap()
            .bytes()
            .await
            .unwrap();
        assert_eq!(
            hex::encode(Sha256::digest(&pdf)),
            cert["sha256"].as_str().unwrap()
        );
        let text = pdf_text(&pdf);
        for want in [
            "电子送达凭证",
            "民事起诉状",
            this["document_sha256"].as_str().unwrap(),
            "诉讼平台账号",
            "已到达",
            "已阅知",
            "第二十九条第一项",
            "第三十一条第一款",
        ] {
            assert!(text.contains(want), "{want} in {text}");
        }
        // Every step in the audit chain.
        for kind in [
            "document_served",
            "address_confirmation_made",
            "document_signed",
            "served_document_opened",
            "service_certificate_made",
            "period_started",
        ] {
            assert!(court.count(&format!("SELECT COUNT(*) FROM audit_log WHERE action = '{kind}' AND case_id = {case_id}")).await >= 1, "{kind}");
        }
    }
);

on_both_engines!(
    an_unconfirmed_address_takes_effect_on_reading_and_a_dispute_is_decided,
    |court: TestCourt| async move {
        let (case_id, complaint) = case_with_defendant(&court, "party2").await;
        let clerk = court.token("clerk1").await;
        let party2 = court.token("party2").await;
        let party2_id = court.account_id("party2").await;
        // A pre-suit agreement (Art. 29(2)), but the platform account was never confirmed.
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[complaint],
            &[json!({"account_id": party2_id, "agreed_before_suit": "借款合同第十二条"})],
        )
        .await;
        let s = r["served"][0].clone();
        assert_eq!(
            (s["ground"].as_str(), s["state"].as_str()),
            (Some("agreed_before_suit"), Some("pending")),
            "{s}"
        );
        assert!(s["effect"].is_null());
        let id = s["id"].as_i64().unwrap();
        // Disputing before any presumption: refused with its code, nothing stored.
        let a = act(&court, &party2, "d2", 1, json!({"kind": "dispute_service", "case_id": case_id, "service_id": id, "reason": "不是我看的"})).await;
        assert_eq!(
            (a["status"].as_str(), a["code"].as_str()),
            (Some("rejected"), Some("service_not_presumed"))
        );
        // Read: presumed service (Art. 31(2)).
        let at = ecourt_server::clock::stamp(court.state.clock.now());
        act(&court, &party2, "d2", 2, json!({"kind": "open_served_document", "case_id": case_id, "service_id": id, "opened_at": at})).await;
        let (_, list) = get(
            &court,
            &format!("/api/v1/cases/{case_id}/service"),
            Some(&party2),
        )
        .await;
        let s = list["served"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == id)
            .unwrap()
            .clone();
        assert_eq!(s["effect"]["rule"], "presumed_read", "{s}");
        assert_eq!(s["deadline"]["label"], "答辩期");
        // Disputed with a reason: the court decides; upheld → served otherwise.
        let a = act(&court, &party2, "d2", 3, json!({"kind": "dispute_service", "case_id": case_id, "service_id": id, "reason": "是家人用我的账号打开的"})).await;
        assert_eq!(a["status"], "applied", "{a}");
        let (_, q) = get(&court, "/api/v1/service/tasks", Some(&clerk)).await;
        assert!(q["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["service_id"] == id && t["kind"] == "dispute"));
        let path = format!("/api/v1/service/{id}/dispute-decision");
        assert_eq!(
            post(
                &court,
                &path,
                Some(&party2),
                json!({"upheld": true, "reason": "x"}),
                None
            )
            .await
            .0,
            403
        );
        let (st, d) = post(
            &court,
            &path,
            Some(&clerk),
            json!({"upheld": true, "reason": "系统记录显示异地登录"}),
            None,
        )
        .await;
        assert_eq!(st, 200, "{d}");
        assert_eq!(
            (d["state"].as_str(), d["otherwise_reason"].as_str()),
            (Some("otherwise"), Some("dispute_upheld")),
            "{d}"
        );
        assert!(d["effect"].is_null());
        assert_eq!(
            post(
                &court,
                &path,
                Some(&clerk),
                json!({"upheld": false, "reason": "再次"}),
                None
            )
            .await
            .0,
            409
        );
        // The clerk serves it by post: that takes effect.
        let (_, q) = get(&court, "/api/v1/service/tasks", Some(&clerk)).await;
        let task = q["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["service_id"] == id && t["kind"] == "serve_otherwise")
            .unwrap()
            .clone();
        let when = ecourt_server::clock::stamp(court.state.clock.now());
        let (st, done) = post(
            &court,
            &format!("/api/v1/service/tasks/{}/done", task["id"]),
            Some(&clerk),
            json!({"method": "post", "at": when, "note": "EMS 1234567890"}),
            None,
        )
        .await;
        assert_eq!(st, 200, "{done}");
        assert_eq!(done["effect"]["rule"], "served_otherwise");
        assert_eq!(done["served_otherwise"]["method"], "post");
    }
);

on_both_engines!(
    a_judgment_is_excluded_by_default_and_served_under_the_national_rule,
    |court: TestCourt| async move {
        let (case_id, _) = case_with_defendant(&court, "party2").await;
        let clerk = court.token("clerk1").await;
        let party2 = court.token("party2").await;
        let party2_id = court.account_id("party2").await;
        confirm_and_sign(
            &court,
            "party2",
            case_id,
            json!({"consent_electronic": true, "platform": true,
            "email": null, "mobile": null, "postal_address": null}),
        )
        .await;
        let judgment = file_document(&court, case_id, "judgment", "民事判决书").await;
        let (_, policy) = get(&court, "/api/v1/service/policy", Some(&clerk)).await;
        assert_eq!(policy["rule"], "seed_notice");
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[judgment],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        assert_eq!(r["served"][0]["otherwise_reason"], "excluded_document");
        // A party may not switch the policy; the court may.
        let put = |token: String| {
            let court = &court;
            async move {
                court
                    .http
                    .put(court.url("/api/v1/service/policy"))
                    .bearer_auth(token)
                    .json(&json!({"rule": "national"}))
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        };
        assert_eq!(put(party2.clone()).await, 403);
        assert_eq!(put(clerk.clone()).await, 200);
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[judgment],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        let s = r["served"][0].clone();
        assert_eq!(s["state"], "effective", "{s}");
        // The appeal: 15 days from a judgment (CPL Art. 171).
        assert_eq!(s["deadline"]["label"], "上诉期");
        let id = s["id"].as_i64().unwrap();
        // A paper copy on request (CPL Art. 90), queued for the clerk; of a complaint: refused.
        let a = act(
            &court,
            &party2,
            "d3",
            1,
            json!({"kind": "request_paper_copy", "case_id": case_id, "service_id": id}),
        )
        .await;
        assert_eq!(a["status"], "applied", "{a}");
        let (_, q) = get(&court, "/api/v1/service/tasks", Some(&clerk)).await;
        let task = q["tasks"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["service_id"] == id && t["kind"] == "paper_copy")
            .unwrap()
            .clone();
        let when = ecourt_server::clock::stamp(court.state.clock.now());
        let (st, _) = post(
            &court,
            &format!("/api/v1/service/tasks/{}/done", task["id"]),
            Some(&clerk),
            json!({"method": "post", "at": when, "note": null}),
            None,
        )
        .await;
        assert_eq!(st, 200);
        assert_eq!(court.count(&format!("SELECT COUNT(*) FROM case_events WHERE kind = 'paper_copy_sent' AND case_id = {case_id}")).await, 1);
        let ruling = file_document(&court, case_id, "ruling", "民事裁定书").await;
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[ruling],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        let rid = r["served"][0]["id"].as_i64().unwrap();
        let (_, list) = get(
            &court,
            &format!("/api/v1/cases/{case_id}/service"),
            Some(&party2),
        )
        .await;
        let s = list["served"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["id"] == rid)
            .unwrap()
            .clone();
        assert_eq!(s["deadline"]["label"], "上诉期");
        let complaint_service = list["served"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["document_kind"] == "complaint");
        if let Some(c) = complaint_service {
            let a = act(
                &court,
                &party2,
                "d3",
                2,
                json!({"kind": "request_paper_copy", "case_id": case_id, "service_id": c["id"]}),
            )
            .await;
            assert_eq!(a["code"], "paper_copy_not_applicable");
        }
    }
);

on_both_engines!(
    consent_from_filing_online_and_bad_input,
    |court: TestCourt| async move {
        let clerk = court.token("clerk1").await;
        // party1 sues and filed online through the platform (the consent ledger says so).
        let plaintiff = court.account_id("party1").await;
        let row = sqlx::query(
            "SELECT p.case_id, (SELECT MIN(d.id) FROM documents d WHERE d.case_id = p.case_id AND d.kind = 'complaint') AS doc
             FROM case_participants p JOIN cases c ON c.id = p.case_id
             WHERE p.account_id = $1 AND p.role = 'plaintiff' AND c.case_number IS NOT NULL ORDER BY p.case_id LIMIT 1",
        )
        .bind(plaintiff).fetch_one(&court.state.db.pool).await.unwrap();
        let (case_id, complaint): (i64, i64) =
            (row.try_get("case_id").unwrap(), row.try_get("doc").unwrap());
        let filer = ecourt_api::Account {
            id: plaintiff,
            username: String::new(),
            display_name: "原告".into(),
            kind: ecourt_domain::AccountKind::Party,
            court_code: None,
        };
        let mut tx = court.state.db.begin_write().await.unwrap();
        ecourt_server::kernel::consent::implied_by_filing(
            &mut tx,
            court.state.clock.now(),
            case_id,
            &filer,
            0,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[complaint],
            &[json!({"account_id": plaintiff, "agreed_before_suit": null})],
        )
        .await;
        let s = &r["served"][0];
        assert_eq!(
            (s["ground"].as_str(), s["state"].as_str()),
            (Some("address_in_filing"), Some("effective")),
            "{s}"
        );
        // The plaintiff has no defence period.
        assert!(s["deadline"].is_null());
        // Bad input: a clear code, nothing stored.
        let before = court.count("SELECT COUNT(*) FROM services").await;
        let path = format!("/api/v1/cases/{case_id}/service");
        let (st, b) = post(
            &court,
            &path,
            Some(&clerk),
            json!({"document_ids": [], "recipients": [], "channels": ["platform"]}),
            None,
        )
        .await;
        assert_eq!((st, b["code"].as_str()), (400, Some("invalid_input")));
        let (st, b) = post(&court, &path, Some(&clerk), json!({"document_ids": [999999], "recipients": [{"account_id": plaintiff, "agreed_before_suit": null}], "channels": ["platform"]}), None).await;
        assert_eq!(b["code"], "document_not_in_case", "{st} {b}");
        let (st, _) = post(&court, &path, Some(&clerk), json!({"document_ids": [complaint], "recipients": [{"account_id": 999999, "agreed_before_suit": null}], "channels": ["platform"]}), None).await;
        assert_eq!(st, 400);
        let party1 = court.token("party1").await;
        let (st, _) = post(&court, &path, Some(&party1), json!({"document_ids": [complaint], "recipients": [{"account_id": plaintiff, "agreed_before_suit": null}], "channels": ["platform"]}), None).await;
        assert_eq!(st, 403);
        for who in ["party2", "party3"] {
            if !court.role_case_ids(who).await.contains(&case_id) {
                let outsider = court.token(who).await;
                assert_eq!(get(&court, &path, Some(&outsider)).await.0, 404);
            }
        }
        let (st, b) = post(&court, &format!("/api/v1/cases/{case_id}/service/address-confirmation"), Some(&party1),
            json!({"consent_electronic": true, "platform": false, "email": "not-an-email", "mobile": null, "postal_address": null}), None).await;
        assert_eq!(
            (st, b["code"].as_str()),
            (400, Some("invalid_input")),
            "{b}"
        );
        assert_eq!(court.count("SELECT COUNT(*) FROM services").await, before);
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM address_confirmations")
                .await,
            0
        );
    }
);

on_both_engines!(
    an_appeal_period_from_a_ruling_runs_across_the_spring_festival,
    |court: TestCourt| async move {
        let (case_id, _) = case_with_defendant(&court, "party2").await;
        let party2_id = court.account_id("party2").await;
        confirm_and_sign(
            &court,
            "party2",
            case_id,
            json!({"consent_electronic": true, "platform": true,
            "email": null, "mobile": null, "postal_address": null}),
        )
        .await;
        // From 2026-11-20 10:00 to 2027-01-29 10:00 Beijing time.
        court.clock.advance(chrono::Duration::days(70));
        let clerk = court.token("clerk1").await;
        // Rulings go electronically only under the national rule (CPL Art. 90).
        let put = court
            .http
            .put(court.url("/api/v1/service/policy"))
            .bearer_auth(&clerk)
            .json(&json!({"rule": "national"}))
            .send()
            .await
            .unwrap();
        assert_eq!(put.status(), 200);
        let ruling = file_document(&court, case_id, "ruling", "民事裁定书").await;
        let r = serve(
            &court,
            &clerk,
            case_id,
            &[ruling],
            &[json!({"account_id": party2_id, "agreed_before_suit": null})],
        )
        .await;
        let s = &r["served"][0];
        // CPL Art. 171: 10 days from a ruling; Art. 85: the day of service not counted, and a
        // last day (2027-02-08) in the Spring Festival (除夕 02-05 to 初三 02-08, 2027 counted
        // provisionally from the 放假办法) moves to the next working day.
        assert_eq!(s["deadline"]["label"], "上诉期");
        assert_eq!(s["deadline"]["date"], "2027-02-09", "{s}");
    }
);
