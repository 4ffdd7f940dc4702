//! Bounded, seeded, deterministic fuzzing of the JSON bodies against a real court on both
//! engines: random mutations of a valid body for every JSON route (values replaced by hostile
//! text, other types, huge or deep values; bytes flipped, cut and inserted), posted with a
//! signed-in caller. Whatever comes in, the court never answers 5xx and every refusal is
//! `{code, message}`. `ECOURT_FUZZ_ITERATIONS` (per engine) runs longer, `ECOURT_FUZZ_SEED`
//! another sequence (docs/benchmarks.md).

mod common;
use common::{Engine, TestCourt};
use serde_json::{json, Value};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

fn env(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// A value that breaks something somewhere.
fn hostile(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => json!("\u{0}"),
        1 => json!("张三\u{202E}1000"),
        2 => json!("\u{200B}\u{200B}"),
        3 => json!("a\r\nb\u{7}"),
        4 => json!(""),
        5 => json!("x".repeat(70_000)),
        6 => json!(i64::MAX),
        7 => json!(-1),
        8 => json!(1.5e300),
        9 => Value::Null,
        10 => json!([1, "two", null]),
        11 => json!({"nested": {"deeper": [{}]}}),
        12 => json!(true),
        _ => {
            // Deep nesting: past serde_json's recursion limit half the time.
            let depth = 100 + rng.below(100);
            serde_json::from_str(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)))
                .unwrap_or(Value::Null)
        }
    }
}

/// Replaces one random node of the document (or adds a key) with a hostile value.
fn mutate_value(rng: &mut Rng, v: &mut Value) {
    match v {
        Value::Object(map) if !map.is_empty() && rng.below(4) != 0 => {
            let keys: Vec<String> = map.keys().cloned().collect();
            let k = &keys[rng.below(keys.len())];
            let child = map.get_mut(k).unwrap();
            if rng.below(3) == 0 {
                *child = hostile(rng);
            } else {
                mutate_value(rng, child);
            }
        }
        Value::Object(map) => {
            let key = if rng.below(2) == 0 {
                "unknown\u{0}"
            } else {
                "extra"
            };
            map.insert(key.into(), hostile(rng));
        }
        Value::Array(items) if !items.is_empty() => {
            let i = rng.below(items.len());
            mutate_value(rng, &mut items[i]);
        }
        other => *other = hostile(rng),
    }
}

/// Flips, cuts or inserts bytes of the serialized body (often no longer JSON or UTF-8).
fn mutate_bytes(rng: &mut Rng, bytes: &mut Vec<u8>) {
    for _ in 0..=rng.below(3) {
        match rng.below(3) {
            0 if !bytes.is_empty() => {
                let i = rng.below(bytes.len());
                bytes[i] ^= 1 << rng.below(8);
            }
            1 if !bytes.is_empty() => bytes.truncate(rng.below(bytes.len())),
            _ => {
                let i = rng.below(bytes.len() + 1);
                let b = [b'"', b'{', b'}', b'\\', 0xFF, 0xC3, b'0', b'\\', b'u'][rng.below(9)];
                bytes.insert(i, b);
            }
        }
    }
}

on_both_engines!(
    mutated_json_bodies_never_get_a_5xx,
    |court: TestCourt| async move {
        let lawyer = court.token("lawyer1").await;
        let clerk = court.token("clerk1").await;
        let party3 = court.token("party3").await;
        let lawyer_case = court.role_case_ids("lawyer1").await[0];
        let case = court.role_case_ids("party3").await[0];
        let hearing: i64 = sqlx::query_scalar("SELECT id FROM hearings WHERE case_id = $1")
            .bind(case)
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap();
        // (method, path, caller, a valid body)
        let routes: Vec<(&str, String, Option<&str>, Value)> = vec![
            (
                "POST",
                "/api/v1/session".into(),
                None,
                json!({"username": "party2", "password": "wrong-password"}),
            ),
            (
                "POST",
                "/api/v1/actions".into(),
                Some(&lawyer),
                json!({"client_id": "fuzz", "mutation_id": 1,
            "action": {"kind": "send_message", "case_id": lawyer_case, "text": "您好"}}),
            ),
            (
                "POST",
                "/api/v1/fees/quote".into(),
                None,
                json!({"fee_type": "property_case", "amount": "150000", "procedure": "ordinary"}),
            ),
            (
                "POST",
                format!("/api/v1/filings/{case}/correction-notice"),
                Some(&clerk),
                json!({"items": [{"field": "plaintiffs[0].address", "problem": "请补充住所"}], "deadline_days": 15}),
            ),
            (
                "POST",
                format!("/api/v1/filings/{case}/reject"),
                Some(&clerk),
                json!({"reasons": "不符合起诉条件"}),
            ),
            (
                "POST",
                "/api/v1/identity/id-numbers/check".into(),
                None,
                json!({"id_number": "11010519491231002X"}),
            ),
            (
                "POST",
                "/api/v1/identity/phone/code".into(),
                Some(&party3),
                json!({"phone": "13800000003"}),
            ),
            (
                "POST",
                "/api/v1/identity/phone/verify".into(),
                Some(&party3),
                json!({"phone": "13800000003", "code": "000000"}),
            ),
            (
                "POST",
                "/api/v1/identity/consents".into(),
                Some(&party3),
                json!({"kind": "biometric", "version": "x", "accepted": false}),
            ),
            (
                "PUT",
                "/api/v1/identity/lawyer-licence".into(),
                Some(&lawyer),
                json!({"licence_number": "15001201012345678", "law_firm": "某律所"}),
            ),
            (
                "POST",
                "/api/v1/identity/face/challenges".into(),
                Some(&party3),
                json!({"purpose": "recheck"}),
            ),
            (
                "POST",
                "/api/v1/identity/face/verifications".into(),
                Some(&party3),
                json!({"challenge_id": "x", "nonce": "y", "name": null, "id_number": null, "frames": []}),
            ),
            (
                "POST",
                "/api/v1/identity/assisted-sessions".into(),
                Some(&lawyer),
                json!({"username": "party1"}),
            ),
            (
                "POST",
                format!("/api/v1/cases/{case}/hearings"),
                Some(&clerk),
                json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": "第五法庭"}),
            ),
            (
                "POST",
                format!("/api/v1/hearings/{hearing}/consent"),
                Some(&party3),
                json!({"online": true, "ground": null}),
            ),
            (
                "POST",
                format!("/api/v1/hearings/{hearing}/exclusions"),
                Some(&clerk),
                json!({"username": "party1", "ground": "refused"}),
            ),
            (
                "POST",
                format!("/api/v1/hearings/{hearing}/join-tokens"),
                Some(&party3),
                json!({"rules_accepted": true, "no_recording_declared": true}),
            ),
        ];
        let iterations = env("ECOURT_FUZZ_ITERATIONS", 400);
        let mut rng = Rng(env("ECOURT_FUZZ_SEED", 0x5eed_2026).max(1));
        let mut statuses = std::collections::BTreeMap::<u16, u32>::new();
        for i in 0..iterations {
            let (method, path, token, valid) = &routes[i as usize % routes.len()];
            let mut body = valid.clone();
            let bytes = if rng.below(3) == 0 {
                let mut b = serde_json::to_vec(&body).unwrap();
                mutate_bytes(&mut rng, &mut b);
                b
            } else {
                mutate_value(&mut rng, &mut body);
                serde_json::to_vec(&body).unwrap()
            };
            let mut rb = court
                .http
                .request(method.parse().unwrap(), court.url(path))
                .header("content-type", "application/json")
                .body(bytes.clone());
            if let Some(t) = token {
                rb = rb.bearer_auth(t);
            }
            if path.ends_with("/actions") {
                rb = rb.header("Idempotency-Key", "fuzz:1");
            }
            let resp = rb.send().await.unwrap();
            let status = resp.status().as_u16();
            *statuses.entry(status).or_default() += 1;
            let answer = resp.bytes().await.unwrap();
            let what = format!(
                "#{i} {method} {path} with {}",
                String::from_utf8_lossy(&bytes[..bytes.len().min(300)])
            );
            assert!(
                status < 500,
                "{what}: {status} {}",
                String::from_utf8_lossy(&answer)
            );
            if status >= 400 {
                let e: Value = serde_json::from_slice(&answer)
                    .unwrap_or_else(|_| panic!("{what}: {status} not JSON"));
                assert!(
                    e["code"].is_string() && e["message"].is_string(),
                    "{what}: {e}"
                );
            }
        }
        eprintln!("{iterations} bodies, answers by status: {statuses:?}");
    }
);
