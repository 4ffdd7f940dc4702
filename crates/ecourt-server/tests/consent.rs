//! The consent ledger through the API, on both engines (《人民法院在线诉讼规则》 Art. 4-5): a
//! party gives and withdraws consent per case and step, withdrawal only before the step starts
//! and with a reason; filing online is consent to online filing; the hearing's answers and the
//! court's exclusion grounds land in the ledger; consent to one step is no consent to another;
//! the court and the case's timeline see every entry.

mod common;
use common::{get, post, Engine, TestCourt};
use ecourt_server::hearings::{self, CourtAct};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// The demo case where party3 (韩志远) is sued by party1 (张晓梅), before judge1, and its hearing.
async fn demo_case(court: &TestCourt) -> (i64, i64) {
    let cases = court.role_case_ids("party3").await;
    let hearing = sqlx::query_scalar::<_, i64>("SELECT id FROM hearings WHERE case_id = $1")
        .bind(cases[0])
        .fetch_one(&court.state.db.pool)
        .await
        .unwrap();
    (cases[0], hearing)
}

async fn consents(court: &TestCourt, case_id: i64, bearer: &str) -> (u16, Value) {
    get(
        court,
        &format!("/api/v1/cases/{case_id}/consents"),
        Some(bearer),
    )
    .await
}

async fn answer(court: &TestCourt, case_id: i64, bearer: &str, body: Value) -> (u16, Value) {
    post(
        court,
        &format!("/api/v1/cases/{case_id}/consents"),
        Some(bearer),
        body,
        None,
    )
    .await
}

fn standing<'a>(ledger: &'a Value, name: &str, step: &str) -> Option<&'a Value> {
    ledger["standings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["name"] == name && s["step"] == step)
}

fn event_kinds(detail: &Value) -> Vec<String> {
    detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap().to_string())
        .collect()
}

on_both_engines!(
    give_withdraw_and_step_isolation,
    |court: TestCourt| async move {
        let (case_id, _) = demo_case(&court).await;
        let party3 = court.token("party3").await;
        let judge = court.token("judge1").await;
        let outsider = court.token("party2").await;

        // Nothing recorded yet; someone outside the case learns nothing.
        let (s, ledger) = consents(&court, case_id, &party3).await;
        assert_eq!(s, 200, "{ledger}");
        assert_eq!(ledger["entries"], json!([]));
        assert_eq!(consents(&court, case_id, &outsider).await.0, 404);
        let give = json!({"step": "mediation", "answer": "give", "reason": null});
        assert_eq!(
            answer(&court, case_id, &outsider, give.clone()).await.0,
            404
        );
        // The court's staff give no consent.
        assert_eq!(answer(&court, case_id, &judge, give.clone()).await.0, 403);

        // party3 agrees to online mediation: who, which step, when, by which means.
        let (s, ledger) = answer(&court, case_id, &party3, give.clone()).await;
        assert_eq!(s, 200, "{ledger}");
        let e = &ledger["entries"][0];
        assert_eq!(
            (&e["name"], &e["step"], &e["kind"], &e["you"]),
            (
                &json!("韩志远"),
                &json!("mediation"),
                &json!("given"),
                &json!(true)
            )
        );
        // party3 is the demo's newcomer: signed in, identity not verified yet.
        assert_eq!(e["means"], "signed_in");
        assert_eq!(
            e["at"],
            ecourt_server::clock::stamp(court.state.clock.now())
        );

        // Art. 4(4): that is consent to mediation only.
        for step in ["filing", "evidence_exchange", "hearing", "service"] {
            assert!(standing(&ledger, "韩志远", step).is_none(), "{step}");
        }
        assert_eq!(
            standing(&ledger, "韩志远", "mediation").unwrap()["online"],
            true
        );
        let (s, b) = answer(
            &court,
            case_id,
            &party3,
            json!({"step": "service", "answer": "withdraw", "reason": "不同意电子送达"}),
        )
        .await;
        assert_eq!((s, b["code"].as_str()), (409, Some("conflict")), "{b}");

        // Withdrawing needs a reason; with one, before the step starts, it is recorded.
        for reason in [json!(null), json!("   ")] {
            let (s, b) = answer(
                &court,
                case_id,
                &party3,
                json!({"step": "mediation", "answer": "withdraw", "reason": reason}),
            )
            .await;
            assert_eq!((s, b["code"].as_str()), (400, Some("invalid_input")), "{b}");
        }
        let (s, ledger) = answer(
        &court,
        case_id,
        &party3,
        json!({"step": "mediation", "answer": "withdraw", "reason": "家中网络不稳定，愿到法院调解"}),
    )
    .await;
        assert_eq!(s, 200, "{ledger}");
        let m = standing(&ledger, "韩志远", "mediation").unwrap();
        assert_eq!(
            (&m["online"], &m["kind"]),
            (&json!(false), &json!("withdrawn"))
        );
        assert_eq!(
            ledger["entries"][1]["reason"],
            "家中网络不稳定，愿到法院调解"
        );

        // The court sees the same ledger (not as its own), and both acts are on the timeline.
        let (s, seen) = consents(&court, case_id, &judge).await;
        assert_eq!(s, 200);
        assert_eq!(seen["entries"].as_array().unwrap().len(), 2);
        assert_eq!(seen["entries"][0]["you"], false);
        let (_, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&judge)).await;
        let kinds = event_kinds(&detail);
        assert!(kinds.contains(&"consent_given".to_string()), "{kinds:?}");
        assert!(
            kinds.contains(&"consent_withdrawn".to_string()),
            "{kinds:?}"
        );
        // And in the audit chain, with the means.
        assert_eq!(
        court
            .count("SELECT COUNT(*) FROM audit_log WHERE action IN ('consent_given', 'consent_withdrawn')")
            .await,
        2
    );
        // Only through the hearing itself is a hearing answered.
        let (s, _) = answer(
            &court,
            case_id,
            &party3,
            json!({"step": "hearing", "answer": "give", "reason": null}),
        )
        .await;
        assert_eq!(s, 409);
    }
);

on_both_engines!(
    hearing_consent_lives_in_the_ledger,
    |court: TestCourt| async move {
        let (case_id, hearing) = demo_case(&court).await;
        let party3 = court.token("party3").await;
        let clerk = court.token("clerk1").await;
        let consent = format!("/api/v1/hearings/{hearing}/consent");

        let (s, b) = post(
            &court,
            &consent,
            Some(&party3),
            json!({"online": true, "ground": null}),
            None,
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, ledger) = consents(&court, case_id, &clerk).await;
        let h = standing(&ledger, "韩志远", "hearing").unwrap();
        assert_eq!((&h["online"], &h["kind"]), (&json!(true), &json!("given")));
        assert!(standing(&ledger, "韩志远", "mediation").is_none());

        // Before the hearing opens, saying "offline" withdraws the consent, the ground its reason.
        let (s, b) = post(
            &court,
            &consent,
            Some(&party3),
            json!({"online": false, "ground": "no_equipment"}),
            None,
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, ledger) = consents(&court, case_id, &clerk).await;
        let last = ledger["entries"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (&last["kind"], &last["ground"]),
            (&json!("withdrawn"), &json!("no_equipment"))
        );
        let (s, _) = post(
            &court,
            &consent,
            Some(&party3),
            json!({"online": true, "ground": null}),
            None,
        )
        .await;
        assert_eq!(s, 200);

        // The judge opens the hearing: the step has started, and the consent stands (Art. 5).
        let h = hearings::hearing(&court.state.db, hearing)
            .await
            .unwrap()
            .unwrap();
        let judge =
            ecourt_server::auth::account_by_id(&court.state.db, court.account_id("judge1").await)
                .await
                .unwrap()
                .unwrap();
        hearings::court_act(
            &court.state.db,
            court.state.clock.now(),
            &h,
            &judge,
            CourtAct::Open,
        )
        .await
        .unwrap();
        let (s, b) = post(
            &court,
            &consent,
            Some(&party3),
            json!({"online": false, "ground": "refused"}),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (409, Some("consent_withdrawal_too_late")),
            "{b}"
        );
        let (_, ledger) = consents(&court, case_id, &party3).await;
        assert_eq!(
            standing(&ledger, "韩志远", "hearing").unwrap()["online"],
            true
        );
        assert_eq!(ledger["started"][0]["step"], "hearing");

        // The court's exclusion ground is an entry too, by the court, and binds the party.
        let (s, b) = post(
            &court,
            &format!("/api/v1/hearings/{hearing}/exclusions"),
            Some(&clerk),
            json!({"username": "party3", "ground": "physical_evidence"}),
            None,
        )
        .await;
        assert_eq!(s, 200, "{b}");
        let (_, ledger) = consents(&court, case_id, &party3).await;
        let last = ledger["entries"]
            .as_array()
            .unwrap()
            .last()
            .unwrap()
            .clone();
        assert_eq!(
            (
                &last["kind"],
                &last["ground"],
                &last["means"],
                &last["name"]
            ),
            (
                &json!("excluded"),
                &json!("physical_evidence"),
                &json!("court_record"),
                &json!("韩志远")
            )
        );
        assert_ne!(last["recorded_by"], "韩志远");
        let (s, _) = post(
            &court,
            &consent,
            Some(&party3),
            json!({"online": true, "ground": null}),
            None,
        )
        .await;
        assert_eq!(s, 409);
    }
);

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

on_both_engines!(
    filing_online_is_consent_to_online_filing,
    |court: TestCourt| async move {
        let party1 = court.token("party1").await;
        let sha = hex::encode(Sha256::digest(PDF));
        let resp = court
            .http
            .put(court.url(&format!("/api/v1/uploads/{sha}")))
            .bearer_auth(&party1)
            .header("Content-Type", "application/pdf")
            .body(PDF.to_vec())
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 200);
        let application = json!({
            "court_code": "渝0103",
            "case_type": "civil_first_instance",
            "cause": "民间借贷纠纷",
            "plaintiffs": [{ "kind": "person", "name": "张晓梅", "id_number": "11010519491231002X",
                             "phone": "13800000001", "address": "重庆市渝中区解放碑街道1号" }],
            "defendants": [{ "kind": "person", "name": "赵大勇", "address": "重庆市渝中区" }],
            "claims": [{ "text": "判令被告偿还借款本金150000元", "amount": "150000" }],
            "facts_and_reasons": "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。",
            "evidence": [{ "name": "借条", "source": "原告提供", "proves": "借款事实",
                           "files": [{ "name": "借条.pdf", "mime_type": "application/pdf",
                                       "size_bytes": PDF.len(), "sha256": sha }] }]
        });
        let (s, result) = post(
        &court,
        "/api/v1/actions",
        Some(&party1),
        json!({ "client_id": "c1", "mutation_id": 1,
                "action": { "kind": "submit_filing", "draft_id": "d1", "application": application } }),
        Some("c1:1"),
    )
    .await;
        assert_eq!((s, &result["status"]), (200, &json!("applied")), "{result}");
        let case_id = sqlx::query_scalar::<_, i64>("SELECT MAX(case_id) FROM filings")
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap();

        // Art. 4(1): the filer chose online filing, so consented to it — and to nothing else.
        let (s, ledger) = consents(&court, case_id, &party1).await;
        assert_eq!(s, 200, "{ledger}");
        assert_eq!(ledger["entries"].as_array().unwrap().len(), 1);
        let e = &ledger["entries"][0];
        assert_eq!(
            (&e["step"], &e["kind"], &e["means"], &e["name"]),
            (
                &json!("filing"),
                &json!("given"),
                &json!("filed_online"),
                &json!("张晓梅")
            )
        );
        assert!(standing(&ledger, "张晓梅", "hearing").is_none());
        assert_eq!(ledger["started"][0]["step"], "filing");
        // The filing has happened: that consent can no longer be withdrawn, nor be given again here.
        let (s, b) = answer(
            &court,
            case_id,
            &party1,
            json!({"step": "filing", "answer": "withdraw", "reason": "改为线下立案"}),
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (409, Some("consent_withdrawal_too_late")),
            "{b}"
        );
        let (s, _) = answer(
            &court,
            case_id,
            &party1,
            json!({"step": "filing", "answer": "give", "reason": null}),
        )
        .await;
        assert_eq!(s, 409);
        // The court reviewing the application sees it.
        let clerk = court.token("clerk1").await;
        let (s, seen) = consents(&court, case_id, &clerk).await;
        assert_eq!((s, seen["entries"].as_array().unwrap().len()), (200, 1));
    }
);
