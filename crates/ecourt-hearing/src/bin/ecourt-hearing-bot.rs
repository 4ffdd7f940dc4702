//! A scripted hearing participant for demonstrations, window tests and measurements: signs in,
//! joins a hearing with the synthetic camera and tone, optionally opens it and admits whoever
//! waits (as the presiding judge), and reports what it receives — one line per second with the
//! frames, the frame rate and the glass-to-glass latency (from the capture stamp the synthetic
//! camera draws into every frame) per sender.
//!
//! `ecourt-hearing-bot --court http://127.0.0.1:8080 --user judge1 --hearing 11 --open --admit`

use clap::Parser;
use ecourt_api::*;
use ecourt_client::CourtClient;
use ecourt_hearing::{HearingEvent, HearingSession, Joining};
use ecourt_rtc::MediaSources;
use std::collections::HashMap;
use std::time::{Duration, Instant, SystemTime};

#[derive(Parser)]
struct Args {
    #[arg(long, default_value = "http://127.0.0.1:8080")]
    court: String,
    #[arg(long)]
    user: String,
    #[arg(long, default_value = "demo12345")]
    password: String,
    #[arg(long)]
    hearing: i64,
    /// Open the hearing (presiding judge or clerk).
    #[arg(long)]
    open: bool,
    /// Admit everyone who waits (presiding judge or clerk).
    #[arg(long)]
    admit: bool,
    #[arg(long, default_value = "synthetic:640x480")]
    camera: String,
    #[arg(long, default_value_t = 15)]
    fps: u32,
    #[arg(long, default_value_t = 300)]
    tone: u32,
    /// Stop after this many seconds (0: run until killed).
    #[arg(long, default_value_t = 0)]
    seconds: u64,
}

/// The bot accepts the courtroom rules and the declaration (it records nothing).
fn rules_accepted() -> JoinTokenRequest {
    JoinTokenRequest {
        rules_accepted: true,
        no_recording_declared: true,
    }
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args = Args::parse();
    let court = CourtClient::new(&args.court)?;
    let session = court.sign_in(&args.user, &args.password).await?;
    let client = court.signed_in(&session.token);
    let token = client.join_token(args.hearing, &rules_accepted()).await?;
    let (tx, mut events) = tokio::sync::mpsc::unbounded_channel();
    let hearing = HearingSession::start(
        Joining {
            court: args.court.clone(),
            token,
            media: MediaSources {
                camera: args.camera.clone(),
                fps: args.fps,
                microphone: Some(format!("tone:{}", args.tone)),
            },
            previous: None,
            renew: Some(std::sync::Arc::new(move || {
                let (client, hearing) = (client.clone(), args.hearing);
                Box::pin(async move { client.join_token(hearing, &rules_accepted()).await.ok() })
            })),
        },
        tx,
    )
    .await?;
    println!("joined hearing {} as {}", args.hearing, args.user);
    let started = Instant::now();
    let mut opened = false;
    let mut window = Instant::now();
    // Per sender: frames and latencies in the current second, frames in all.
    let mut second: HashMap<i64, Vec<u32>> = HashMap::new();
    let mut total: HashMap<i64, u64> = HashMap::new();
    loop {
        if args.seconds > 0 && started.elapsed() > Duration::from_secs(args.seconds) {
            hearing.leave(DisconnectCause::LeftOnPurpose).await;
            return Ok(());
        }
        let event = tokio::time::timeout(Duration::from_millis(200), events.recv()).await;
        match event {
            Ok(Some(HearingEvent::Room(room))) => {
                if args.open && !opened && room.state == HearingState::Scheduled {
                    hearing.send(ClientSignal::Open);
                    opened = true;
                }
                if args.admit {
                    for p in room
                        .participants
                        .iter()
                        .filter(|p| p.presence == Presence::Waiting)
                    {
                        println!("admitting {} {}", p.account_id, p.name);
                        hearing.send(ClientSignal::Admit {
                            account_id: p.account_id,
                        });
                    }
                }
            }
            Ok(Some(HearingEvent::Frame { account_id, frame })) => {
                *total.entry(account_id).or_default() += 1;
                if let Some(ms) = ecourt_media::read_latency(&frame, SystemTime::now()) {
                    second.entry(account_id).or_default().push(ms);
                }
            }
            Ok(Some(HearingEvent::Closed(cause))) => {
                println!("closed: {}", cause.as_str());
                return Ok(());
            }
            Ok(Some(HearingEvent::Alert { kind, name, .. })) => println!("alert: {kind:?} {name}"),
            Ok(Some(_)) | Err(_) => {}
            Ok(None) => return Ok(()),
        }
        if window.elapsed() >= Duration::from_secs(1) {
            let secs = window.elapsed().as_secs_f64();
            window = Instant::now();
            for (who, mut lat) in second.drain() {
                lat.sort_unstable();
                println!(
                    "from {who}: {} frames, {:.1} fps, latency median {} ms, p95 {} ms",
                    total[&who],
                    lat.len() as f64 / secs,
                    lat[lat.len() / 2],
                    lat[(lat.len() * 95 / 100).min(lat.len() - 1)]
                );
            }
        }
    }
}
