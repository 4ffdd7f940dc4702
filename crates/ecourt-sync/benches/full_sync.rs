//! Figure: a full sync of N cases (default 10,000) from a court on loopback into an empty cache.
//! `cargo bench -p ecourt-sync --bench full_sync -- [N] [RUNS]` prints each run and the median.

use ecourt_server::embedded::EmbeddedServer;
use ecourt_store::Store;
use ecourt_sync::{CourtClient, SyncEngine};
use std::time::Instant;

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let runs: usize = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(3);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async move {
        let dir = tempfile::tempdir().unwrap();
        let server = EmbeddedServer::start(
            &dir.path().join("court"),
            0,
            ecourt_server::embedded::ServiceConfig::from_env(),
        )
            .await
            .unwrap();
        let t = Instant::now();
        ecourt_server::seed::seed_bulk(&server.db, "lawyer1", n, chrono::Utc::now())
            .await
            .unwrap();
        eprintln!("seeded {n} cases in {:.1} s", t.elapsed().as_secs_f64());
        let token = CourtClient::new(&server.base_url)
            .unwrap()
            .sign_in("lawyer1", "demo12345")
            .await
            .unwrap()
            .token;
        let mut times = Vec::new();
        for run in 0..runs {
            let path = dir.path().join(format!("cache-{run}.sqlite"));
            let store = Store::open(&path).await.unwrap();
            let engine = SyncEngine::new(
                store.clone(),
                CourtClient::new(&server.base_url)
                    .unwrap()
                    .with_token(&token),
            );
            let t = Instant::now();
            let report = engine.run_round().await.unwrap();
            let secs = t.elapsed().as_secs_f64();
            let cached = store.case_count().await.unwrap();
            println!(
                "run {run}: {cached} cases, {} pages, {} documents fetched one by one, in {secs:.2} s ({:.0} cases/s)",
                report.pages,
                report.blobs,
                cached as f64 / secs
            );
            times.push(secs);
        }
        times.sort_by(|a, b| a.partial_cmp(b).unwrap());
        println!(
            "median full sync of {n}+ cases: {:.2} s",
            times[times.len() / 2]
        );
    });
}
