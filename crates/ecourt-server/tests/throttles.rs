//! Throttles under parallel requests, on SQLite and on PostgreSQL: sign-ins, phone-code tries
//! and code sends are counted before the work they limit, one at a time, however many arrive
//! at once (the probe's 40 parallel sign-ins got 39 × 401 and a 200; 100 were all checked).

mod common;
use common::{post, Engine, TestCourt};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// Sends every body at once to `path` and counts the answers by status.
async fn all_at_once(
    court: &TestCourt,
    path: &str,
    token: Option<&str>,
    bodies: Vec<Value>,
) -> (BTreeMap<u16, usize>, Vec<(u16, Value)>) {
    let mut tasks = tokio::task::JoinSet::new();
    for (i, body) in bodies.into_iter().enumerate() {
        let mut rb = court.http.post(court.url(path)).json(&body);
        if let Some(t) = token {
            rb = rb.bearer_auth(t);
        }
        tasks.spawn(async move {
            let resp = rb.send().await.unwrap();
            let status = resp.status().as_u16();
            (i, status, resp.json::<Value>().await.unwrap_or(Value::Null))
        });
    }
    let mut answers = Vec::new();
    while let Some(done) = tasks.join_next().await {
        let (i, status, body) = done.unwrap();
        answers.push((i, status, body));
    }
    answers.sort_by_key(|a| a.0);
    let mut counts = BTreeMap::new();
    for (_, status, _) in &answers {
        *counts.entry(*status).or_default() += 1;
    }
    (
        counts,
        answers.into_iter().map(|(_, s, b)| (s, b)).collect(),
    )
}

fn sign_in(username: &str, password: &str) -> Value {
    json!({ "username": username, "password": password })
}

/// Password checks recorded for a user name: failures and successes in the audit chain.
async fn checks(court: &TestCourt, username: &str) -> i64 {
    court
        .count(&format!(
            "SELECT COUNT(*) FROM audit_log WHERE action IN ('sign_in_failed', 'sign_in')
             AND payload LIKE '%\"username\":\"{username}\"%'"
        ))
        .await
}

on_both_engines!(
    a_hundred_parallel_guesses_get_five_checks,
    |court: TestCourt| async move {
        let guesses = (0..100)
            .map(|i| sign_in("party2", &format!("guess{i}")))
            .collect();
        let (counts, _) = all_at_once(&court, "/api/v1/session", None, guesses).await;
        assert_eq!(counts.get(&401), Some(&5), "{counts:?}");
        assert_eq!(counts.get(&429), Some(&95), "{counts:?}");
        assert_eq!(checks(&court, "party2").await, 5);
        // Past the limit even the right password is refused, and not checked.
        let (status, body) = post(
            &court,
            "/api/v1/session",
            None,
            sign_in("party2", "demo12345"),
            None,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (429, Some("too_many_attempts"))
        );
        assert_eq!(checks(&court, "party2").await, 5);
        // After the window the account works again.
        court.clock.advance(chrono::Duration::minutes(16));
        court.token("party2").await;
    }
);

on_both_engines!(
    forty_parallel_guesses_with_the_right_one_among_them,
    |court: TestCourt| async move {
        let mut guesses: Vec<Value> = (0..39)
            .map(|i| sign_in("party1", &format!("guess{i}")))
            .collect();
        guesses.insert(23, sign_in("party1", "demo12345"));
        let (counts, answers) = all_at_once(&court, "/api/v1/session", None, guesses).await;
        let checked = counts.get(&401).unwrap_or(&0) + counts.get(&200).unwrap_or(&0);
        assert!(checked <= 5, "{counts:?}");
        assert!(counts.get(&429).unwrap_or(&0) >= &35, "{counts:?}");
        assert!(checks(&court, "party1").await <= 5);
        // The right password got in only if it was among the five checked.
        let right = &answers[23];
        assert!(right.0 == 200 || right.0 == 429, "{right:?}");
        assert_eq!(
            court.count("SELECT COUNT(*) FROM sessions").await,
            i64::from(right.0 == 200)
        );
    }
);

on_both_engines!(
    parallel_code_guesses_get_five_tries,
    |court: TestCourt| async move {
        let party = court.token("party3").await;
        let (status, _) = post(
            &court,
            "/api/v1/identity/phone/code",
            Some(&party),
            json!({ "phone": "13900000003" }),
            None,
        )
        .await;
        assert_eq!(status, 200);
        let (_, messages) =
            common::get(&court, "/api/v1/dev/sms?phone=13900000003", Some(&party)).await;
        let code: String = messages[0]["text"]
            .as_str()
            .unwrap()
            .chars()
            .filter(char::is_ascii_digit)
            .take(6)
            .collect();
        let guesses = (0..40)
            .map(|i| format!("{:06}", (i * 7919) % 1_000_000))
            .filter(|g| *g != code)
            .map(|g| json!({ "phone": "13900000003", "code": g }))
            .collect();
        let (_, answers) = all_at_once(
            &court,
            "/api/v1/identity/phone/verify",
            Some(&party),
            guesses,
        )
        .await;
        let wrong = answers
            .iter()
            .filter(|a| a.1["code"] == "wrong_code")
            .count();
        assert!(wrong <= 4, "{wrong} answered wrong_code");
        assert!(answers
            .iter()
            .all(|a| a.1["code"] == "wrong_code" || a.1["code"] == "code_expired"));
        assert_eq!(
            court.count("SELECT MAX(attempts) FROM phone_codes").await,
            5
        );
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'phone_code_wrong'")
                .await,
            5
        );
        // The code is used up: the right one does not verify any more.
        let (status, body) = post(
            &court,
            "/api/v1/identity/phone/verify",
            Some(&party),
            json!({ "phone": "13900000003", "code": code }),
            None,
        )
        .await;
        assert_eq!((status, body["code"].as_str()), (400, Some("code_expired")));
    }
);

on_both_engines!(
    code_sends_are_limited_per_number_and_per_account,
    |court: TestCourt| async move {
        // Ten parallel sends from one account: one code.
        let party = court.token("party3").await;
        let bodies = (0..10).map(|_| json!({ "phone": "13900000003" })).collect();
        let (counts, _) =
            all_at_once(&court, "/api/v1/identity/phone/code", Some(&party), bodies).await;
        assert_eq!(counts.get(&200), Some(&1), "{counts:?}");
        assert_eq!(counts.get(&429), Some(&9), "{counts:?}");
        // Two accounts cannot text one number more than one account could.
        let other = court.token("party1").await;
        let (status, body) = post(
            &court,
            "/api/v1/identity/phone/code",
            Some(&other),
            json!({ "phone": "13900000003" }),
            None,
        )
        .await;
        assert_eq!(
            (status, body["code"].as_str()),
            (429, Some("too_many_attempts"))
        );
        let accounts = ["party1", "party2", "lawyer1", "worker1", "party3", "clerk1"];
        let mut sent = 1;
        for who in accounts {
            court.clock.advance(chrono::Duration::seconds(61));
            let token = court.token(who).await;
            let (status, _) = post(
                &court,
                "/api/v1/identity/phone/code",
                Some(&token),
                json!({ "phone": "13900000003" }),
                None,
            )
            .await;
            if status == 200 {
                sent += 1;
            }
        }
        assert_eq!(sent, 5, "five codes an hour to one number, whoever asks");
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM phone_codes WHERE phone = '13900000003'")
                .await,
            5
        );
    }
);
