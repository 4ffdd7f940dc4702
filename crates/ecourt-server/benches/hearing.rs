//! Hearing figures for docs/benchmarks.md: participants with the synthetic camera and tone
//! join the demo hearing through the embedded court's forwarding unit on loopback; every
//! received frame's capture stamp gives the glass-to-glass latency (capture → encode → SRTP →
//! the unit → SRTP → decode, all on this machine's clock), its counter the frame rate; the
//! threads' CPU time (from /proc) splits into the unit's and the clients'.
//!
//! `cargo bench -p ecourt-server --bench hearing -- [participants 2–4] [WIDTHxHEIGHT] [seconds]`
//! (defaults 3, 640x480, 20). Participants are judge1, party1, party3 and clerk1, in that order.

use ecourt_api::*;
use ecourt_hearing::{HearingEvent, HearingSession, Joining};
use ecourt_rtc::MediaSources;
use ecourt_server::embedded::EmbeddedServer;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

async fn post(http: &reqwest::Client, url: String, token: Option<&str>, body: Value) -> Value {
    let mut rb = http.post(url).json(&body);
    if let Some(t) = token {
        rb = rb.bearer_auth(t);
    }
    rb.send().await.unwrap().json().await.unwrap()
}

/// CPU seconds (user + system) of this process's threads, by thread name.
fn thread_cpu() -> HashMap<String, f64> {
    let tick = 100.0; // USER_HZ on Linux
    let mut out = HashMap::new();
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return out;
    };
    for t in tasks.flatten() {
        let name = std::fs::read_to_string(t.path().join("comm")).unwrap_or_default();
        let stat = std::fs::read_to_string(t.path().join("stat")).unwrap_or_default();
        // Fields after the command's closing parenthesis: state is field 3; utime 14, stime 15.
        let Some(rest) = stat.rsplit_once(')').map(|(_, r)| r) else {
            continue;
        };
        let f: Vec<&str> = rest.split_whitespace().collect();
        let cpu = f.get(11).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0)
            + f.get(12).and_then(|v| v.parse::<f64>().ok()).unwrap_or(0.0);
        *out.entry(name.trim().to_string()).or_default() += cpu / tick;
    }
    out
}

fn delta(after: &HashMap<String, f64>, before: &HashMap<String, f64>, names: &[&str]) -> f64 {
    names
        .iter()
        .map(|n| after.get(*n).unwrap_or(&0.0) - before.get(*n).unwrap_or(&0.0))
        .sum()
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args
        .first()
        .and_then(|a| a.parse().ok())
        .unwrap_or(3)
        .clamp(2, 4);
    let size = args.get(1).cloned().unwrap_or_else(|| "640x480".into());
    let seconds: u64 = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(20);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(run(n, &size, seconds));
}

async fn run(n: usize, size: &str, seconds: u64) {
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
    let names = ["judge1", "party1", "party3", "clerk1"];
    let case: i64 = sqlx::query_scalar(
        "SELECT p.case_id FROM case_participants p JOIN accounts a ON a.id = p.account_id WHERE a.username = 'party3'",
    )
    .fetch_one(&court.db.pool)
    .await
    .unwrap();
    let hearing: i64 = sqlx::query_scalar("SELECT id FROM hearings WHERE case_id = $1")
        .bind(case)
        .fetch_one(&court.db.pool)
        .await
        .unwrap();
    let now = ecourt_server::clock::stamp(chrono::Utc::now());
    let mut sessions = Vec::new();
    let mut receivers = Vec::new();
    for (i, name) in names.iter().take(n).enumerate() {
        let token = post(
            &http,
            format!("{base}/api/v1/session"),
            None,
            json!({"username": name, "password": "demo12345"}),
        )
        .await["token"]
            .as_str()
            .unwrap()
            .to_string();
        if name.starts_with("party") {
            post(
                &http,
                format!("{base}/api/v1/hearings/{hearing}/consent"),
                Some(&token),
                json!({"online": true, "ground": null}),
            )
            .await;
            // A face re-check just passed (measured on its own in the verify bench).
            sqlx::query("INSERT INTO account_identity (account_id) SELECT id FROM accounts WHERE username = $1 ON CONFLICT DO NOTHING")
                .bind(name).execute(&court.db.pool).await.unwrap();
            sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = (SELECT id FROM accounts WHERE username = $2)")
                .bind(&now).bind(name).execute(&court.db.pool).await.unwrap();
        }
        let t = post(
            &http,
            format!("{base}/api/v1/hearings/{hearing}/join-tokens"),
            Some(&token),
            json!({"rules_accepted": true, "no_recording_declared": true}),
        )
        .await;
        let token: JoinToken = serde_json::from_value(t).unwrap();
        let (tx, rx) = tokio::sync::mpsc::unbounded_channel();
        let session = HearingSession::start(
            Joining {
                court: base.clone(),
                token,
                media: MediaSources {
                    camera: format!("synthetic:{size}"),
                    fps: 15,
                    microphone: Some(format!("tone:{}", 300 + 200 * i)),
                },
                previous: None,
                renew: None,
            },
            tx,
        )
        .await
        .unwrap();
        if i == 0 {
            session.send(ClientSignal::Open);
        }
        sessions.push(session);
        receivers.push(rx);
    }

    // The judge admits everyone who waits; wait until every frame path is flowing.
    let mut frames: Vec<HashMap<i64, (u64, Vec<u32>)>> = vec![HashMap::new(); n];
    let warm = Instant::now() + Duration::from_secs(20);
    let mut measuring: Option<(Instant, HashMap<String, f64>)> = None;
    loop {
        for (i, rx) in receivers.iter_mut().enumerate() {
            while let Ok(e) = rx.try_recv() {
                match e {
                    HearingEvent::Room(room) if i == 0 => {
                        for p in room
                            .participants
                            .iter()
                            .filter(|p| p.presence == Presence::Waiting)
                        {
                            sessions[0].send(ClientSignal::Admit {
                                account_id: p.account_id,
                            });
                        }
                    }
                    HearingEvent::Frame { account_id, frame } if measuring.is_some() => {
                        let entry = frames[i].entry(account_id).or_default();
                        entry.0 += 1;
                        if let Some(ms) = ecourt_media::read_latency(&frame, SystemTime::now()) {
                            entry.1.push(ms);
                        }
                    }
                    HearingEvent::Frame { account_id, .. } => {
                        frames[i].entry(account_id).or_default().0 += 1;
                    }
                    _ => {}
                }
            }
        }
        match &measuring {
            None => {
                let flowing = frames
                    .iter()
                    .all(|f| f.len() == n - 1 && f.values().all(|(c, _)| *c > 15));
                if flowing {
                    frames = vec![HashMap::new(); n];
                    measuring = Some((Instant::now(), thread_cpu()));
                } else if Instant::now() > warm {
                    panic!("media did not flow: {frames:?}");
                }
            }
            Some((t0, _)) if t0.elapsed() >= Duration::from_secs(seconds) => break,
            Some(_) => {}
        }
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let (t0, cpu0) = measuring.unwrap();
    let secs = t0.elapsed().as_secs_f64();
    let cpu1 = thread_cpu();
    let mut all: Vec<u32> = Vec::new();
    let mut fps: Vec<f64> = Vec::new();
    for f in &frames {
        for (count, lat) in f.values() {
            fps.push(*count as f64 / secs);
            all.extend(lat);
        }
    }
    all.sort_unstable();
    fps.sort_by(|a, b| a.total_cmp(b));
    let sfu = delta(&cpu1, &cpu0, &["sfu"]) / secs;
    let clients = delta(
        &cpu1,
        &cpu0,
        &[
            "rtc-client",
            "rtc-camera",
            "rtc-microphone",
            "hearing-media",
        ],
    ) / secs;
    let streams = n * (n - 1) * 2; // video and sound, each to every other participant
    println!("participants {n}, {size} at 15 fps, {secs:.1} s measured");
    println!(
        "glass-to-glass latency: median {} ms, p95 {} ms, max {} ms ({} frames)",
        all[all.len() / 2],
        all[all.len() * 95 / 100],
        all[all.len() - 1],
        all.len()
    );
    println!(
        "received frame rate per stream: min {:.1}, median {:.1} fps",
        fps[0],
        fps[fps.len() / 2]
    );
    println!(
        "CPU: forwarding unit {:.1} % of a core ({:.2} % per forwarded stream); clients {:.1} % per participant",
        sfu * 100.0,
        sfu * 100.0 / streams as f64,
        clients * 100.0 / n as f64
    );
    for s in sessions {
        s.leave(DisconnectCause::LeftOnPurpose).await;
    }

    // What the desktop does to each received frame before the window shows it: at most 640
    // wide, JPEG at quality 75 (then raw bytes over a Tauri channel).
    let (w, h) = size
        .split_once('x')
        .map(|(w, h)| (w.parse().unwrap(), h.parse().unwrap()))
        .unwrap();
    let pattern = ecourt_media::SyntheticCamera::new(w, h, 15);
    let mut times: Vec<f64> = Vec::new();
    let mut bytes = 0;
    for i in 0..60 {
        let frame = pattern.frame(i);
        let t = Instant::now();
        let jpeg = ecourt_media::encode_jpeg(&frame.downscaled(640), 75);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
        bytes = jpeg.len();
    }
    times.sort_by(|a, b| a.total_cmp(b));
    println!(
        "to the screen: downscale + JPEG {:.1} ms median, {} KB a picture",
        times[30],
        bytes / 1024
    );
}
