//! A participant's end of an online hearing (在线庭审).
//!
//! [`HearingSession::start`] opens the court's signalling WebSocket with a join token, says
//! hello (telling, after a lost connection, what the client saw and how often it tried to come
//! back), sends a heartbeat every second, and reports the room as the court sends it. Once the
//! judge admits the participant, the media starts through [`ecourt_rtc::RtcClient`]: the
//! others' video arrives as [`HearingEvent::Frame`] tagged with whose it is (from the court's
//! slot assignments, never from the sender), their sound as levels (and, on a desktop, to the
//! speaker). A lost connection is retried by itself with backoff; a connection the court ends
//! (removed, replaced, hearing ended) is not.

use ecourt_api::*;
use ecourt_media::Frame;
use ecourt_rtc::{CameraFeed, MediaSources, RtcClient};
use futures_util::{SinkExt, StreamExt};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};
use tokio_tungstenite::tungstenite::Message;

/// What happens in the hearing, for the screen (or a test).
#[derive(Debug)]
pub enum HearingEvent {
    /// The room as the court shows it to this participant now.
    Room(RoomState),
    Alert {
        kind: AlertKind,
        account_id: i64,
        name: String,
    },
    /// A decoded frame of another participant's video.
    Frame { account_id: i64, frame: Frame },
    /// A frame of one's own camera as it is sent (for the preview).
    OwnFrame(Frame),
    /// How loud another participant is (dBFS over the last 200 ms).
    Sound { account_id: i64, level_dbfs: f32 },
    /// The connection was lost; trying again (attempt n).
    Reconnecting {
        attempt: u32,
        cause: DisconnectCause,
    },
    /// The court refused a message; its closed code says why (not presiding, not admitted,
    /// a request already open, …) and the message is detail for the log.
    Refused(ApiError),
    /// The session is over: the court ended it, or the participant left.
    Closed(DisconnectCause),
}

/// Why a session could not start.
#[derive(Debug, thiserror::Error)]
pub enum HearingError {
    /// The court refused the connection; its code says why (removed from the hearing, the
    /// hearing ended, attends in the courtroom, an expired or foreign token).
    #[error("the court refused: {}", .0.message)]
    Refused(ApiError),
    #[error("the court cannot be reached: {0}")]
    Unreachable(String),
}

/// Asks the court for a fresh join token (the old one expired, or the court restarted).
pub type RenewToken = Arc<
    dyn Fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<JoinToken>> + Send>>
        + Send
        + Sync,
>;

/// Where to connect and what to send.
#[derive(Clone)]
pub struct Joining {
    /// The court's address, e.g. `http://127.0.0.1:8080`.
    pub court: String,
    pub token: JoinToken,
    pub media: MediaSources,
    /// What the app knows of an earlier connection to this hearing that ended badly (it was
    /// closed, or crashed), told in the first hello.
    pub previous: Option<ReconnectReport>,
    /// Where a fresh token comes from when reconnecting needs one; without it, an expired
    /// token ends the session.
    pub renew: Option<RenewToken>,
}

enum Command {
    Send(ClientSignal),
    Leave(DisconnectCause),
    Abort,
}

/// A participant in a hearing. Dropping it cuts the connection without a word (as a crash
/// would); [`HearingSession::leave`] says goodbye.
pub struct HearingSession {
    commands: UnboundedSender<Command>,
    muted: Arc<AtomicBool>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl HearingSession {
    /// Connects and keeps the session going (reconnecting by itself) until it is closed.
    /// Fails at once when the court refuses the token or the court cannot be reached at all.
    pub async fn start(
        joining: Joining,
        events: UnboundedSender<HearingEvent>,
    ) -> Result<HearingSession, HearingError> {
        let ws = connect(&joining).await?;
        let (commands, rx) = unbounded_channel();
        let muted = Arc::new(AtomicBool::new(false));
        let task = tokio::spawn(run(joining, ws, rx, events, muted.clone()));
        Ok(HearingSession {
            commands,
            muted,
            task: Some(task),
        })
    }

    /// Sends a message to the court (raise hand, a request, the judge's controls).
    pub fn send(&self, signal: ClientSignal) {
        let _ = self.commands.send(Command::Send(signal));
    }

    /// Mutes one's own microphone (nothing is sent while muted).
    pub fn set_muted(&self, muted: bool) {
        self.muted.store(muted, Ordering::Relaxed);
    }

    /// Leaves, telling the court why, and waits (3 s at most) for the goodbye to go out; a
    /// session that cannot say it (the network is down) ends anyway.
    pub async fn leave(mut self, cause: DisconnectCause) {
        let _ = self.commands.send(Command::Leave(cause));
        if let Some(mut task) = self.task.take() {
            if tokio::time::timeout(Duration::from_secs(3), &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
    }

    /// Ends the session without a word, as if the app were killed.
    pub fn abort(mut self) {
        let _ = self.commands.send(Command::Abort);
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }

    /// Whether the session has ended.
    pub fn is_finished(&self) -> bool {
        self.task.as_ref().is_none_or(|t| t.is_finished())
    }
}

impl Drop for HearingSession {
    fn drop(&mut self) {
        if let Some(task) = self.task.take() {
            task.abort();
        }
    }
}

type Ws =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

async fn connect(joining: &Joining) -> Result<Ws, HearingError> {
    let base = joining
        .court
        .trim_end_matches('/')
        .replacen("https://", "wss://", 1)
        .replacen("http://", "ws://", 1);
    let url = format!(
        "{base}{}?token={}",
        joining.token.signal_path, joining.token.token
    );
    // A line that swallows everything must not hang the reconnect.
    let attempt = tokio::time::timeout(
        Duration::from_secs(5),
        tokio_tungstenite::connect_async(url),
    );
    let Ok(result) = attempt.await else {
        return Err(HearingError::Unreachable("no answer within 5 s".into()));
    };
    match result {
        Ok((ws, _)) => Ok(ws),
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            let status = response.status();
            let error = response
                .body()
                .as_ref()
                .and_then(|b| serde_json::from_slice::<ApiError>(b).ok())
                .unwrap_or_else(|| ApiError {
                    code: match status.as_u16() {
                        401 => ApiErrorCode::Unauthenticated,
                        403 => ApiErrorCode::Forbidden,
                        404 => ApiErrorCode::NotFound,
                        409 => ApiErrorCode::Conflict,
                        _ => ApiErrorCode::Internal,
                    },
                    message: status.to_string(),
                });
            if error.code == ApiErrorCode::Internal {
                // The court is there but failing: like not reachable, try again.
                return Err(HearingError::Unreachable(error.message));
            }
            Err(HearingError::Refused(error))
        }
        Err(e) => Err(HearingError::Unreachable(e.to_string())),
    }
}

/// How one connection ended.
enum End {
    /// The court closed it; do not come back.
    ByCourt(DisconnectCause),
    /// The participant left or the session was aborted.
    Left(DisconnectCause),
    /// Lost: come back.
    Lost(DisconnectCause),
}

async fn run(
    mut joining: Joining,
    first: Ws,
    mut commands: UnboundedReceiver<Command>,
    events: UnboundedSender<HearingEvent>,
    muted: Arc<AtomicBool>,
) {
    let mut ws = Some(first);
    let mut report: Option<ReconnectReport> = joining.previous.clone();
    // The camera is on from the start (one's own picture in the waiting room) to the end, across
    // reconnections; the media connection takes its frames while it lasts.
    let own = events.clone();
    let camera = CameraFeed::start(&joining.media.camera, joining.media.fps, move |frame| {
        let _ = own.send(HearingEvent::OwnFrame(frame));
    });
    let mut attempts = 0u32;
    loop {
        let socket = match ws.take() {
            Some(s) => s,
            None => match connect(&joining).await {
                Ok(s) => s,
                // The token expired (or the court restarted and forgot its key): a fresh one.
                Err(HearingError::Refused(e))
                    if matches!(
                        e.code,
                        ApiErrorCode::TokenExpired | ApiErrorCode::Unauthenticated
                    ) && joining.renew.is_some()
                        && attempts < 5 =>
                {
                    attempts += 1;
                    let renew = joining.renew.clone().expect("checked above");
                    match renew().await {
                        Some(token) => joining.token = token,
                        None => tokio::time::sleep(backoff(attempts)).await,
                    }
                    continue;
                }
                // Refused at the door: the court's code goes to the screen, and the session
                // ends with the cause it names (another refusal keeps the participant out too).
                Err(HearingError::Refused(e)) => {
                    let cause = match e.code {
                        ApiErrorCode::HearingEnded | ApiErrorCode::Conflict => {
                            DisconnectCause::HearingEnded
                        }
                        // No fresh pass could be had (the court unreachable meanwhile, or it
                        // asks for a new re-check): the line is lost, not a removal; entering
                        // again goes through the court's door as the first time.
                        ApiErrorCode::TokenExpired | ApiErrorCode::Unauthenticated => {
                            let _ = events.send(HearingEvent::Closed(DisconnectCause::NetworkLost));
                            return;
                        }
                        _ => DisconnectCause::Removed,
                    };
                    let _ = events.send(HearingEvent::Refused(e));
                    let _ = events.send(HearingEvent::Closed(cause));
                    return;
                }
                Err(HearingError::Unreachable(_)) => {
                    attempts += 1;
                    if let Some(r) = report.as_mut() {
                        r.attempts = attempts;
                    }
                    let cause = report
                        .as_ref()
                        .map_or(DisconnectCause::NetworkLost, |r| r.cause);
                    if !pause_before_retry(attempts, cause, &events, &mut commands).await {
                        return;
                    }
                    continue;
                }
            },
        };
        let end = session(
            &joining,
            &camera,
            socket,
            report.take(),
            &mut commands,
            &events,
            &muted,
        )
        .await;
        match end {
            End::ByCourt(cause) | End::Left(cause) => {
                let _ = events.send(HearingEvent::Closed(cause));
                return;
            }
            End::Lost(cause) => {
                attempts = 1;
                report = Some(ReconnectReport {
                    cause,
                    attempts,
                    since: chrono::Utc::now().to_rfc3339(),
                });
                if !pause_before_retry(attempts, cause, &events, &mut commands).await {
                    return;
                }
            }
        }
    }
}

/// Says the session is reconnecting and waits out the backoff; false when the participant left
/// meanwhile (the session is then closed). Other messages are dropped: they are about a room
/// the client is not in.
async fn pause_before_retry(
    attempt: u32,
    cause: DisconnectCause,
    events: &UnboundedSender<HearingEvent>,
    commands: &mut UnboundedReceiver<Command>,
) -> bool {
    let _ = events.send(HearingEvent::Reconnecting { attempt, cause });
    let until = tokio::time::Instant::now() + backoff(attempt);
    loop {
        let end = tokio::select! {
            _ = tokio::time::sleep_until(until) => return true,
            command = commands.recv() => match command {
                Some(Command::Leave(cause)) => cause,
                Some(Command::Abort) | None => DisconnectCause::ConnectionDropped,
                Some(Command::Send(_)) => continue,
            },
        };
        let _ = events.send(HearingEvent::Closed(end));
        return false;
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(250 * 2u64.pow(attempt.min(4)))
}

/// The media of an admitted participant, and the thread that takes its decoded output.
struct Media {
    client: Arc<RtcClient>,
    stop: Arc<AtomicBool>,
}

impl Drop for Media {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

/// One connection: hello, heartbeat, room states, media once admitted.
async fn session(
    joining: &Joining,
    camera: &CameraFeed,
    socket: Ws,
    report: Option<ReconnectReport>,
    commands: &mut UnboundedReceiver<Command>,
    events: &UnboundedSender<HearingEvent>,
    muted: &Arc<AtomicBool>,
) -> End {
    let (mut sink, mut stream) = socket.split();
    let send =
        |s: &ClientSignal| Message::Text(serde_json::to_string(s).unwrap_or_default().into());
    if sink
        .send(send(&ClientSignal::Hello { reconnect: report }))
        .await
        .is_err()
    {
        return End::Lost(DisconnectCause::NetworkLost);
    }
    let started = Instant::now();
    let mut ping = tokio::time::interval(Duration::from_secs(1));
    let mut rtt_ms: Option<u32> = None;
    let mut last_heard = Instant::now();
    // Whose media each receive slot carries, from the court's room state.
    let slots: Arc<Mutex<HashMap<String, i64>>> = Arc::default();
    let mut media: Option<Media> = None;
    // The SDP offer waits here for the court's answer.
    let (offer_tx, mut offer_rx) = unbounded_channel::<String>();
    let mut answer_to: Option<std::sync::mpsc::Sender<String>> = None;
    let (answer_slot_tx, mut answer_slot_rx) =
        unbounded_channel::<std::sync::mpsc::Sender<String>>();
    let mut reported = DeviceState {
        camera_ok: true,
        microphone_ok: true,
    };
    let (media_tx, mut media_rx) = unbounded_channel::<Result<Media, String>>();
    let mut connecting = false;
    let (mut admitted, mut you) = (false, 0i64);
    loop {
        tokio::select! {
            _ = ping.tick() => {
                if last_heard.elapsed() > Duration::from_secs(4) {
                    return End::Lost(DisconnectCause::NetworkLost);
                }
                let sent_ms = started.elapsed().as_millis() as u64;
                if sink.send(send(&ClientSignal::Ping { sent_ms, rtt_ms })).await.is_err() {
                    return End::Lost(DisconnectCause::NetworkLost);
                }
                if let Some(m) = &media {
                    m.client.set_muted(muted.load(Ordering::Relaxed));
                }
                // A failing camera or microphone is told to the court once.
                let devices = DeviceState {
                    camera_ok: !camera.failed(),
                    microphone_ok: media.as_ref().is_none_or(|m| !m.client.microphone_failed()),
                };
                if devices != reported {
                    reported = devices;
                    let _ = sink.send(send(&ClientSignal::Device { state: devices })).await;
                }
            }
            Some(command) = commands.recv() => match command {
                Command::Send(s) => {
                    if sink.send(send(&s)).await.is_err() {
                        return End::Lost(DisconnectCause::NetworkLost);
                    }
                }
                Command::Leave(cause) => {
                    let _ = sink.send(send(&ClientSignal::Leave { cause })).await;
                    let _ = sink.close().await;
                    return End::Left(cause);
                }
                Command::Abort => return End::Left(DisconnectCause::ConnectionDropped),
            },
            Some(offer) = offer_rx.recv() => {
                if sink.send(send(&ClientSignal::Offer { sdp: offer })).await.is_err() {
                    return End::Lost(DisconnectCause::NetworkLost);
                }
            }
            Some(tx) = answer_slot_rx.recv() => answer_to = Some(tx),
            Some(started) = media_rx.recv() => {
                connecting = false;
                match started {
                    Ok(m) => {
                        m.client.set_muted(muted.load(Ordering::Relaxed));
                        // Admission may have ended while connecting.
                        media = admitted.then_some(m);
                    }
                    Err(e) => tracing::warn!(error = %e, "media could not start"),
                }
            }
            incoming = stream.next() => {
                let text = match incoming {
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(Message::Close(_))) | None | Some(Err(_)) => {
                        return End::Lost(DisconnectCause::NetworkLost)
                    }
                    Some(Ok(_)) => continue,
                };
                last_heard = Instant::now();
                let Ok(signal) = serde_json::from_str::<ServerSignal>(text.as_str()) else {
                    continue;
                };
                match signal {
                    ServerSignal::Room { room } => {
                        if let Ok(mut s) = slots.lock() {
                            s.clear();
                            for p in &room.participants {
                                for mid in [&p.video_mid, &p.audio_mid].into_iter().flatten() {
                                    s.insert(mid.clone(), p.account_id);
                                }
                            }
                        }
                        admitted = room
                            .participants
                            .iter()
                            .any(|p| p.account_id == room.you && p.presence == Presence::Admitted)
                            && room.state != HearingState::Ended;
                        you = room.you;
                        let _ = events.send(HearingEvent::Room(room));
                    }
                    ServerSignal::Answer { sdp } => {
                        if let Some(tx) = answer_to.take() {
                            let _ = tx.send(sdp);
                        }
                    }
                    ServerSignal::Pong { sent_ms } => {
                        rtt_ms = Some((started.elapsed().as_millis() as u64).saturating_sub(sent_ms) as u32);
                    }
                    ServerSignal::Alert { kind, account_id, name } => {
                        let _ = events.send(HearingEvent::Alert { kind, account_id, name });
                    }
                    ServerSignal::Closed { cause } => return End::ByCourt(cause),
                    ServerSignal::Error { code, message } => {
                        let _ = events.send(HearingEvent::Refused(ApiError { code, message }));
                    }
                }
            }
        }
        // Media while admitted, and only then; a media connection that died (ICE gave up) is
        // set up again while the signalling holds.
        if !admitted {
            media = None;
        } else if media.as_ref().is_some_and(|m| m.client.is_closed()) {
            tracing::info!("the media connection ended; connecting it again");
            media = None;
        }
        if admitted && media.is_none() && !connecting {
            // On a task of its own: the offer and answer go through this loop.
            connecting = true;
            let start = start_media(
                joining.clone(),
                you,
                camera.connect(),
                offer_tx.clone(),
                answer_slot_tx.clone(),
                slots.clone(),
                events.clone(),
            );
            let done = media_tx.clone();
            tokio::spawn(async move {
                let _ = done.send(start.await);
            });
        }
    }
}

/// Connects the media (blocking work on a worker thread) and starts the thread that hands the
/// decoded video and sound to `events`.
#[allow(clippy::too_many_arguments)]
async fn start_media(
    joining: Joining,
    you: i64,
    frames: std::sync::mpsc::Receiver<Frame>,
    offers: UnboundedSender<String>,
    answer_slot: UnboundedSender<std::sync::mpsc::Sender<String>>,
    slots: Arc<Mutex<HashMap<String, i64>>>,
    events: UnboundedSender<HearingEvent>,
) -> Result<Media, String> {
    let sources = joining.media.clone();
    let client = tokio::task::spawn_blocking(move || {
        // Finding the local address may look the court's name up: off the async runtime.
        let ip = local_ip_towards(&joining.court);
        RtcClient::connect_frames(
            ip,
            &you.to_string(),
            move |offer| {
                let (tx, rx) = std::sync::mpsc::channel();
                answer_slot
                    .send(tx)
                    .map_err(|_| ecourt_rtc::RtcError::Stopped)?;
                offers
                    .send(offer)
                    .map_err(|_| ecourt_rtc::RtcError::Stopped)?;
                rx.recv_timeout(Duration::from_secs(10))
                    .map_err(|_| ecourt_rtc::RtcError::Rtc("the court did not answer".into()))
            },
            frames,
            sources.fps,
            sources.microphone.as_deref(),
        )
    })
    .await
    .map_err(|e| e.to_string())?
    .map_err(|e| e.to_string())?;
    let client = Arc::new(client);
    let stop = Arc::new(AtomicBool::new(false));
    let (c, s) = (client.clone(), stop.clone());
    std::thread::Builder::new()
        .name("hearing-media".into())
        .spawn(move || pump(c, s, slots, events))
        .map_err(|e| e.to_string())?;
    Ok(Media { client, stop })
}

/// Takes decoded frames and sound off the media client and tags them with whose they are.
fn pump(
    client: Arc<RtcClient>,
    stop: Arc<AtomicBool>,
    slots: Arc<Mutex<HashMap<String, i64>>>,
    events: UnboundedSender<HearingEvent>,
) {
    let whose = |mid: &str| slots.lock().ok().and_then(|s| s.get(mid).copied());
    let mut last_sound = Instant::now();
    let mut speaker = ecourt_media::default_speaker();
    while !stop.load(Ordering::Relaxed) && !client.is_closed() {
        if let Some(r) = client.next_frame(Duration::from_millis(30)) {
            if let Some(account_id) = whose(&r.mid) {
                let _ = events.send(HearingEvent::Frame {
                    account_id,
                    frame: r.frame,
                });
            }
        }
        if last_sound.elapsed() >= Duration::from_millis(200) {
            last_sound = Instant::now();
            let mut by: HashMap<i64, Vec<i16>> = HashMap::new();
            for s in client.take_sound() {
                if let Some(speaker) = speaker.as_mut() {
                    speaker.play(&s.mid, &s.samples);
                }
                if let Some(a) = whose(&s.mid) {
                    by.entry(a).or_default().extend(s.samples);
                }
            }
            for (account_id, samples) in by {
                let _ = events.send(HearingEvent::Sound {
                    account_id,
                    level_dbfs: ecourt_media::level_dbfs(&samples),
                });
            }
        }
    }
}

/// The local address that routes to the court (loopback for a court on this machine).
pub fn local_ip_towards(court: &str) -> IpAddr {
    let host = court
        .split("://")
        .nth(1)
        .unwrap_or(court)
        .split('/')
        .next()
        .unwrap_or("127.0.0.1");
    let probe = std::net::UdpSocket::bind("0.0.0.0:0").and_then(|s| {
        let target = if host.contains(':') {
            host.to_string()
        } else {
            format!("{host}:80")
        };
        s.connect(target)?;
        s.local_addr()
    });
    probe
        .map(|a| a.ip())
        .unwrap_or(IpAddr::V4(std::net::Ipv4Addr::LOCALHOST))
}
