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

on_both_engines!(
    hearings_only_within_a_sane_window,
    |court: TestCourt| async move {
        let clerk = court.token("clerk1").await;
        let case = court.role_case_ids("party3").await[0];
        // The court's clock stands at 2026-11-20 10:00 court time.
        for (at, ok) in [
            ("0001-01-01T00:00:00Z", false),
            ("9999-12-31T00:00:00Z", false),
            ("2026-11-18T01:00:00Z", false),
            ("2028-11-21T01:00:00Z", false),
            ("2026-11-19T01:00:00Z", true),
            ("2028-11-19T01:00:00Z", true),
        ] {
            let (s, b) = post(
                &court,
                &format!("/api/v1/cases/{case}/hearings"),
                Some(&clerk),
                json!({"scheduled_at": at, "courtroom": "第五法庭"}),
                None,
            )
            .await;
            if ok {
                assert_eq!(s, 200, "{at}: {b}");
            } else {
                assert_eq!(
                    (s, b["code"].as_str()),
                    (422, Some("date_out_of_range")),
                    "{at}: {b}"
                );
            }
        }
    }
);

on_both_engines!(
    every_answer_carries_the_edge_headers,
    |court: TestCourt| async move {
        let token = court.token("lawyer1").await;
        let long = format!("/api/v1/cases?q={}", "a".repeat(9000));
        for (method, path, status, code) in [
            ("GET", "/api/v1/health", 200, None),
            ("GET", "/api/v1/cases", 200, None),
            ("GET", "/api/v1/no-such-route", 404, Some("not_found")),
            ("DELETE", "/api/v1/cases", 405, Some("method_not_allowed")),
            ("PUT", "/api/v1/session", 405, Some("method_not_allowed")),
            ("GET", long.as_str(), 414, Some("uri_too_long")),
            (
                "GET",
                "/api/v1/hearings/1/signal",
                400,
                Some("invalid_input"),
            ),
        ] {
            let resp = court
                .http
                .request(method.parse().unwrap(), court.url(path))
                .bearer_auth(&token)
                .send()
                .await
                .unwrap();
            let what = format!("{method} {}", &path[..path.len().min(60)]);
            assert_eq!(resp.status().as_u16(), status, "{what}");
            let h = resp.headers();
            assert_eq!(h["x-content-type-options"], "nosniff", "{what}");
            assert_eq!(h["cache-control"], "no-store", "{what}");
            let body: Value = resp.json().await.unwrap_or(Value::Null);
            if let Some(code) = code {
                assert_eq!(body["code"], code, "{what}: {body}");
                assert!(body["message"].is_string(), "{what}: {body}");
            }
        }
    }
);

// Every `{param}` of every path is declared, and every operation behind the bearer token
// declares 401 and answers it without a token; the public ones do not.
on_both_engines!(
    the_openapi_document_says_what_the_routes_do,
    |court: TestCourt| async move {
        let (s, doc) = get(&court, "/api/openapi.json", None).await;
        assert_eq!(s, 200);
        let mut problems = Vec::new();
        let mut operations = 0;
        for (path, item) in doc["paths"].as_object().unwrap() {
            let params: Vec<&str> = path
                .split('/')
                .filter_map(|seg| seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')))
                .collect();
            for (method, op) in item.as_object().unwrap() {
                operations += 1;
                let declared: Vec<&str> = op["parameters"]
                    .as_array()
                    .map(|ps| {
                        ps.iter()
                            .filter(|p| p["in"] == "path")
                            .filter_map(|p| p["name"].as_str())
                            .collect()
                    })
                    .unwrap_or_default();
                for p in &params {
                    if !declared.contains(p) {
                        problems.push(format!("{method} {path}: path parameter {p} undeclared"));
                    }
                }
                let secured = op["security"].as_array().is_some_and(|s| !s.is_empty());
                if secured && op["responses"].get("401").is_none() {
                    problems.push(format!("{method} {path}: no 401 declared"));
                }
                let concrete = params.iter().fold(path.clone(), |p, name| {
                    p.replace(&format!("{{{name}}}"), "1")
                });
                let resp = court
                    .http
                    .request(method.to_uppercase().parse().unwrap(), court.url(&concrete))
                    .json(&json!({}))
                    .send()
                    .await
                    .unwrap();
                let status = resp.status().as_u16();
                if secured != (status == 401) {
                    problems.push(format!(
                        "{method} {path}: secured = {secured} but answers {status} without a token"
                    ));
                }
            }
        }
        assert!(operations > 30, "{operations} operations");
        assert!(problems.is_empty(), "{problems:#?}");
    }
);

on_both_engines!(
    an_idempotency_key_names_one_action,
    |court: TestCourt| async move {
        let lawyer = court.token("lawyer1").await;
        let case = court.role_case_ids("lawyer1").await[0];
        let push = |text: &'static str| {
            let (court, lawyer) = (&court, &lawyer);
            async move {
                post(
                    court,
                    "/api/v1/actions",
                    Some(lawyer),
                    json!({"client_id": "key-client", "mutation_id": 1,
                       "action": {"kind": "send_message", "case_id": case, "text": text}}),
                    Some("key-client:1"),
                )
                .await
            }
        };
        let (s, first) = push("申请延期举证").await;
        assert_eq!(
            (s, first["status"].as_str()),
            (200, Some("applied")),
            "{first}"
        );
        // The same action again: the stored answer.
        let (s, again) = push("申请延期举证").await;
        assert_eq!(
            (s, again["replayed"].as_bool()),
            (200, Some(true)),
            "{again}"
        );
        assert_eq!(again["event_id"], first["event_id"]);
        // Another action under the same key: refused, not answered with the first one's result.
        let (s, other) = push("撤回起诉").await;
        assert_eq!(
            (s, other["code"].as_str()),
            (422, Some("idempotency_key_reused")),
            "{other}"
        );
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM case_events WHERE kind = 'party_message'")
                .await,
            1
        );
    }
);
