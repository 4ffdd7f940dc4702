//! The court's edge against hostile input, on both engines: text the court cannot store or
//! would show misleadingly (NUL, bidirectional overrides, invisible names) is refused with
//! `invalid_text` on every route that takes text, never answered with a 500.

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};

/// NUL (PostgreSQL cannot store it) and a right-to-left override (a name that reads
/// backwards).
const HOSTILE: [&str; 2] = ["张\u{0}三", "张三\u{202E}1000"];

fn assert_refused(what: &str, status: u16, body: &Value) {
    assert_eq!(status, 422, "{what}: {body}");
    assert_eq!(body["code"], "invalid_text", "{what}: {body}");
    assert!(body["message"].is_string(), "{what}: {body}");
}

async fn put(court: &TestCourt, path: &str, token: &str, body: Value) -> (u16, Value) {
    let resp = court
        .http
        .put(court.url(path))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    let status = resp.status().as_u16();
    (status, resp.json().await.unwrap_or(Value::Null))
}

on_both_engines!(
    hostile_text_is_refused_at_the_edge,
    |court: TestCourt| async move {
        let lawyer = court.token("lawyer1").await;
        let clerk = court.token("clerk1").await;
        let lawyer_case = court.role_case_ids("lawyer1").await[0];
        let party3_case = court.role_case_ids("party3").await[0];
        let events_before = court.count("SELECT COUNT(*) FROM case_events").await;
        let hearings_before = court.count("SELECT COUNT(*) FROM hearings").await;

        for (i, bad) in HOSTILE.iter().enumerate() {
            // Sign-in name.
            let (s, b) = post(
                &court,
                "/api/v1/session",
                None,
                json!({"username": format!("lawyer1{bad}"), "password": "demo12345"}),
                None,
            )
            .await;
            assert_refused("sign-in name", s, &b);

            // Case search.
            let q: String = url_escape(&format!("借款{bad}"));
            let (s, b) = get(&court, &format!("/api/v1/cases?q={q}"), Some(&lawyer)).await;
            assert_refused("case search", s, &b);

            // Courtroom.
            let (s, b) = post(
            &court,
            &format!("/api/v1/cases/{party3_case}/hearings"),
            Some(&clerk),
            json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": format!("第五法庭{bad}")}),
            None,
        )
        .await;
            assert_refused("courtroom", s, &b);

            // Law firm.
            let (s, b) = put(
                &court,
                "/api/v1/identity/lawyer-licence",
                &lawyer,
                json!({"licence_number": "15001201012345678", "law_firm": format!("某律所{bad}")}),
            )
            .await;
            assert_refused("law firm", s, &b);

            // Message text through the outbox: a recorded refusal (so the client's next action is
            // no gap), not a failure of the court.
            let mutation = i as i64 + 1;
            let (s, b) = post(
            &court,
            "/api/v1/actions",
            Some(&lawyer),
            json!({"client_id": "edge-client", "mutation_id": mutation,
                   "action": {"kind": "send_message", "case_id": lawyer_case, "text": format!("您好{bad}")}}),
            Some(&format!("edge-client:{mutation}")),
        )
        .await;
            assert_eq!(s, 200, "message: {b}");
            assert_eq!(b["status"], "rejected", "{b}");
            assert_eq!(b["code"], "invalid_text", "{b}");
        }
        // The next action from the same client goes through.
        let (s, b) = post(
        &court,
        "/api/v1/actions",
        Some(&lawyer),
        json!({"client_id": "edge-client", "mutation_id": 3,
               "action": {"kind": "send_message", "case_id": lawyer_case, "text": "第一行\n第二行"}}),
        Some("edge-client:3"),
    )
    .await;
        assert_eq!((s, b["status"].as_str()), (200, Some("applied")), "{b}");

        // Nothing was stored but that one message.
        assert_eq!(
            court.count("SELECT COUNT(*) FROM case_events").await,
            events_before + 1
        );
        assert_eq!(
            court.count("SELECT COUNT(*) FROM hearings").await,
            hearings_before
        );

        // A name of zero-width characters only is no name; a line break does not belong in one.
        for courtroom in ["\u{200B}\u{200B}", "第五\n法庭"] {
            let (s, b) = post(
                &court,
                &format!("/api/v1/cases/{party3_case}/hearings"),
                Some(&clerk),
                json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": courtroom}),
                None,
            )
            .await;
            assert_refused("invisible courtroom", s, &b);
        }

        // A lone surrogate escape is not text at all: refused as malformed JSON, not a 500.
        let resp = court
            .http
            .post(court.url("/api/v1/session"))
            .header("content-type", "application/json")
            .body(r#"{"username": "lawyer1\ud800", "password": "demo12345"}"#)
            .send()
            .await
            .unwrap();
        assert_eq!(resp.status(), 400);
        let b: Value = resp.json().await.unwrap();
        assert_eq!(b["code"], "malformed_json", "{b}");
    }
);

/// Percent-encodes every byte that is not an unreserved ASCII character.
fn url_escape(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}
