//! Filing figures for docs/benchmarks.md: the time from a desktop's submission (a 5 MB
//! evidence upload plus the filing action) to the application showing in the clerk's review
//! queue, and the court's throughput for such submissions from several filers at once.
//!
//! `cargo bench -p ecourt-server --bench filing -- [submissions] [concurrency]`
//! (defaults 40 and 4), against the embedded court on SQLite in a temporary folder.

use ecourt_server::embedded::EmbeddedServer;
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use std::time::{Duration, Instant};

const EVIDENCE_BYTES: usize = 5 * 1024 * 1024;

async fn token(http: &reqwest::Client, base: &str, user: &str) -> String {
    let v: Value = http
        .post(format!("{base}/api/v1/session"))
        .json(&json!({ "username": user, "password": "demo12345" }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["token"].as_str().unwrap().to_string()
}

/// A distinct 5 MB "PDF" for submission `n`.
fn evidence(n: usize) -> Vec<u8> {
    let mut bytes = format!("%PDF-1.4\n% evidence {n}\n").into_bytes();
    let mut x = n as u64 + 1;
    while bytes.len() < EVIDENCE_BYTES {
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.extend_from_slice(b"\n%%EOF\n");
    bytes
}

/// Uploads the evidence and pushes the filing; returns when the court has answered both.
async fn submit(
    http: &reqwest::Client,
    base: &str,
    token: &str,
    client: &str,
    mutation: i64,
    n: usize,
) {
    let bytes = evidence(n);
    let sha = hex::encode(Sha256::digest(&bytes));
    let size = bytes.len();
    let up = http
        .put(format!("{base}/api/v1/uploads/{sha}"))
        .bearer_auth(token)
        .header("Content-Type", "application/pdf")
        .body(bytes)
        .send()
        .await
        .unwrap();
    assert!(
        up.status().is_success(),
        "upload: {}",
        up.text().await.unwrap()
    );
    let app = json!({
        "court_code": "渝0103", "case_type": "civil_first_instance", "cause": "民间借贷纠纷",
        "plaintiffs": [{ "kind": "person", "name": "张晓梅", "id_number": "11010519491231002X", "address": "重庆市渝中区" }],
        "defendants": [{ "kind": "person", "name": format!("被告{n}"), "address": "重庆市渝中区" }],
        "claims": [{ "text": "判令被告偿还借款", "amount": "150000" }],
        "facts_and_reasons": "被告借款未还。",
        "evidence": [{ "name": "借条", "source": "原告", "proves": "借款事实",
                       "files": [{ "name": "借条.pdf", "mime_type": "application/pdf", "size_bytes": size, "sha256": sha }] }]
    });
    let r: Value = http
        .post(format!("{base}/api/v1/actions"))
        .bearer_auth(token)
        .header("Idempotency-Key", format!("{client}:{mutation}"))
        .json(&json!({ "client_id": client, "mutation_id": mutation,
                       "action": { "kind": "submit_filing", "draft_id": format!("{client}-{mutation}"), "application": app } }))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(r["status"], "applied", "{r}");
}

async fn queue_len(http: &reqwest::Client, base: &str, token: &str) -> usize {
    let v: Value = http
        .get(format!("{base}/api/v1/filings/review-queue"))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v["items"].as_array().unwrap().len()
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

#[tokio::main]
async fn main() {
    let args: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let total = args.first().copied().unwrap_or(40);
    let concurrency = args.get(1).copied().unwrap_or(4).max(1);
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
    let party = token(&http, &base, "party1").await;
    let clerk = token(&http, &base, "clerk1").await;

    // One at a time: submission to visible in the review queue.
    let mut latencies = Vec::new();
    for n in 0..10 {
        let before = queue_len(&http, &base, &clerk).await;
        let t = Instant::now();
        submit(&http, &base, &party, "latency", n as i64 + 1, n).await;
        while queue_len(&http, &base, &clerk).await == before {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
        latencies.push(t.elapsed());
    }
    println!(
        "submission (5 MB evidence) to visible in the review queue: median {:.1} ms over {} runs",
        median(latencies).as_secs_f64() * 1000.0,
        10
    );

    // Several filers at once.
    let t = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..concurrency {
        let (http, base, party) = (http.clone(), base.clone(), party.clone());
        tasks.push(tokio::spawn(async move {
            let mut m = 0;
            for n in (w..total).step_by(concurrency) {
                m += 1;
                submit(&http, &base, &party, &format!("load-{w}"), m, 1000 + n).await;
            }
        }));
    }
    for t in tasks {
        t.await.unwrap();
    }
    let secs = t.elapsed().as_secs_f64();
    println!(
        "{total} submissions with 5 MB evidence each, {concurrency} at a time: {:.1} s, {:.2} submissions/s, {:.1} MB/s",
        secs,
        total as f64 / secs,
        (total * EVIDENCE_BYTES) as f64 / secs / 1024.0 / 1024.0
    );
    court.stop().await;
}
