//! Memory under large bodies for docs/benchmarks.md (issue 10, finding 7): 16 concurrent 23 MB
//! face submissions against the embedded court, and the peak resident memory they cause.
//!
//! `cargo test --workspace --bench big_bodies -- [submissions] [megabytes]` (defaults 16 and 23;
//! the debug build, as the embedded court runs). The submissions name no challenge of the
//! caller, so each is read and parsed whole, then refused: the cost measured is holding the
//! bodies. The body is one shared buffer on the client side, so the peak (VmHWM, reset after
//! start-up through /proc/self/clear_refs) is the court's.

use ecourt_server::embedded::EmbeddedServer;
use serde_json::{json, Value};
use std::time::Instant;

fn status_kib(field: &str) -> u64 {
    std::fs::read_to_string("/proc/self/status")
        .unwrap()
        .lines()
        .find(|l| l.starts_with(field))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0)
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let submissions = args.first().copied().unwrap_or(16);
    let megabytes = args.get(1).copied().unwrap_or(23);
    let dir = tempfile::tempdir().unwrap();
    let court = EmbeddedServer::start(
        dir.path(),
        0,
        ecourt_server::embedded::ServiceConfig::from_env(),
    )
    .await
    .unwrap();
    let base = court.base_url.clone();
    let http = reqwest::Client::new();
    let token: Value = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": "party3", "password": "demo12345" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let token = token["token"].as_str().unwrap().to_string();
    // 23 frames of 1 MB of base64 text each: 23 MB of JSON.
    let frame = "A".repeat(1024 * 1024);
    let body = axum::body::Bytes::from(
        serde_json::to_vec(&json!({
            "challenge_id": "none", "nonce": "none",
            "frames": vec![frame; megabytes],
        }))
        .unwrap(),
    );
    let before = status_kib("VmRSS:");
    std::fs::write("/proc/self/clear_refs", "5").unwrap();
    let started = Instant::now();
    let answers = futures_join(&http, &base, &token, body, submissions).await;
    let elapsed = started.elapsed();
    let peak = status_kib("VmHWM:");
    let mut by_status = std::collections::BTreeMap::<u16, usize>::new();
    for s in answers {
        *by_status.entry(s).or_default() += 1;
    }
    println!(
        "{submissions} × {megabytes} MB face submissions: RSS before {:.0} MiB, peak {:.0} MiB; answers {by_status:?} in {:.1} s",
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        elapsed.as_secs_f64()
    );
}

async fn futures_join(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    body: axum::body::Bytes,
    n: usize,
) -> Vec<u16> {
    let mut tasks = Vec::new();
    for _ in 0..n {
        let (http, url, token, body) = (
            http.clone(),
            format!("{base}/api/v1/identity/face/verifications"),
            token.to_string(),
            body.clone(),
        );
        tasks.push(tokio::spawn(async move {
            http.post(url)
                .bearer_auth(token)
                .header("content-type", "application/json")
                .body(body)
                .send()
                .await
                .map(|r| r.status().as_u16())
                .unwrap_or(0)
        }));
    }
    let mut out = Vec::new();
    for t in tasks {
        out.push(t.await.unwrap());
    }
    out
}
