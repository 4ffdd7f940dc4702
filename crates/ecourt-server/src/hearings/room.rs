//! The live hearing (在线庭审): the signalling WebSocket, the room the court keeps (who waits,
//! who is admitted, muted, removed; hands and requests), the forwarding unit the media goes
//! through, and the record of every connection and how it ended.
//!
//! The court is the authority: names and roles come from the case, never from the client; only
//! the presiding judge or clerk admits, mutes, removes, pauses and ends; mutes and pauses are
//! applied at the forwarding unit, not left to the client. How a connection ended is told
//! apart as far as the court can: the client said it leaves (on purpose or app closing), the
//! heartbeat stopped (network or power), the socket was cut without a word (app killed or
//! crashed), a device failed (the client says so), or the court ended it. A rejoining client
//! adds what it saw (its cause and reconnect attempts) and replaces its old connection.
//!
//! The rules are the pure state machine in [`machine`]; this file is its transport: the
//! socket, the room's lock, looking up what the machine needs, and carrying out its effects
//! (the record, the unit, the court's act, messages to connections).

mod machine;

pub use machine::{
    Actor, ConnId, Effect, Entry, MediaStatus, Refusal, Room, Signal, UnitCommand,
    VIDEO_STOPPED_AFTER,
};

use crate::hearings::room_limits::{ConnLimits, Kind, MAX_MESSAGE_BYTES};
use crate::hearings::{self, CourtAct, LogEntry, TokenKey};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::extract::{ApiPath, ApiQuery};
use crate::kernel::state::AppState;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use ecourt_api::*;
use ecourt_rtc::Sfu;
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// No message (a ping comes every second) for this long: the connection is taken as lost.
pub const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(4);

/// The live rooms this court runs, kept by hearings in the state's parts.
pub fn live_rooms(state: &AppState) -> &Rooms {
    state.parts.get::<Rooms>()
}

/// Every live hearing of this court service, and its forwarding unit.
pub struct Rooms {
    key: TokenKey,
    media_ip: IpAddr,
    sfu: Mutex<Option<Arc<Sfu>>>,
    rooms: Mutex<HashMap<i64, Live>>,
    next_conn: AtomicU64,
    supervising: AtomicBool,
}

/// A room and the connections of its members.
struct Live {
    room: Room,
    conns: HashMap<ConnId, Conn>,
}

struct Conn {
    tx: UnboundedSender<ServerSignal>,
    /// The last room state sent, so that only changes go out.
    last_sent: Option<RoomState>,
}

/// An effect with the connection it goes to already found (under the room's lock).
enum Job {
    Send(UnboundedSender<ServerSignal>, ServerSignal),
    Effect(Effect),
}

impl Rooms {
    pub fn new(media_ip: IpAddr) -> Rooms {
        Rooms {
            key: TokenKey::random(),
            media_ip,
            sfu: Mutex::new(None),
            rooms: Mutex::new(HashMap::new()),
            next_conn: AtomicU64::new(1),
            supervising: AtomicBool::new(false),
        }
    }

    pub fn token_key(&self) -> &TokenKey {
        &self.key
    }

    /// The forwarding unit, started on first use.
    pub fn sfu(&self) -> anyhow::Result<Arc<Sfu>> {
        let mut slot = self.sfu.lock().map_err(|_| anyhow::anyhow!("poisoned"))?;
        if let Some(sfu) = slot.as_ref() {
            return Ok(sfu.clone());
        }
        let sfu = Arc::new(Sfu::start(self.media_ip)?);
        tracing::info!(addr = %sfu.addr(), "hearing media unit started");
        *slot = Some(sfu.clone());
        Ok(sfu)
    }

    fn with_room<T>(&self, hearing_id: i64, f: impl FnOnce(&mut Live) -> T) -> Option<T> {
        let mut rooms = self.rooms.lock().ok()?;
        rooms.get_mut(&hearing_id).map(f)
    }

    /// Runs the machine under the room's lock: the effects, each `Send` with its connection
    /// found, and connections no member speaks through any more let go. None: no such room.
    fn run(
        &self,
        hearing_id: i64,
        f: impl FnOnce(&mut Room) -> Result<Vec<Effect>, Refusal>,
    ) -> Option<Result<Vec<Job>, Refusal>> {
        self.with_room(hearing_id, |live| {
            let outcome = f(&mut live.room);
            live.settle(outcome)
        })
    }
}

impl Live {
    /// Each `Send` with its connection found; connections no member speaks through any more
    /// let go.
    fn settle(&mut self, outcome: Result<Vec<Effect>, Refusal>) -> Result<Vec<Job>, Refusal> {
        let jobs = outcome.map(|effects| {
            effects
                .into_iter()
                .filter_map(|e| match e {
                    Effect::Send { conn, signal } => self
                        .conns
                        .get(&conn)
                        .map(|c| Job::Send(c.tx.clone(), signal)),
                    other => Some(Job::Effect(other)),
                })
                .collect()
        });
        let room = &self.room;
        self.conns.retain(|id, _| room.is_current(*id));
        jobs
    }
}

/// The socket refused a message over its size limit.
fn too_big(e: &axum::Error) -> bool {
    let text = e.to_string();
    text.contains("too long") || text.contains("Space limit")
}

fn room_key(hearing_id: i64) -> String {
    format!("hearing-{hearing_id}")
}

#[derive(serde::Deserialize)]
pub struct TokenQuery {
    token: String,
}

/// `GET /api/v1/hearings/{id}/signal?token=…`: the signalling WebSocket. Only the holder of a
/// join token the court signed for this hearing gets in.
pub async fn signal(
    State(state): State<AppState>,
    ApiPath(hearing_id): ApiPath<i64>,
    ApiQuery(q): ApiQuery<TokenQuery>,
    ws: Result<WebSocketUpgrade, WebSocketUpgradeRejection>,
) -> ApiResult<Response> {
    // Refusals in the API's `{code, message}` shape, like every other route.
    let ws = ws.map_err(|e| {
        Failure::invalid(format!("this route takes a WebSocket: {}", e.body_text()))
    })?;
    let claims = live_rooms(&state).key.verify(&q.token, state.clock.now())?;
    if claims.hearing_id != hearing_id {
        return Err(Failure::new(
            ApiErrorCode::TokenForAnotherHearing,
            "this join token is for another hearing",
        ));
    }
    // Who attends online is read again at every connection: a party may have answered, or
    // the court excluded them, since the room was opened.
    let attendee = hearings::attendees(&state.db, hearing_id)
        .await?
        .into_iter()
        .find(|a| a.account_id == claims.account_id)
        .ok_or_else(Failure::not_found)?;
    if attendee.mode != AttendanceMode::Online {
        return Err(Failure::new(
            ApiErrorCode::AttendsInCourtroom,
            "you attend this hearing in the courtroom",
        ));
    }
    ensure_room(&state, hearing_id).await?;
    live_rooms(&state)
        .with_room(hearing_id, |live| live.room.arrive(&attendee))
        .ok_or_else(Failure::not_found)?
        .map_err(|r| Failure::new(r.code(), r.message()))?;
    Ok(ws
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| session(state, hearing_id, claims.account_id, socket)))
}

/// Loads the room from the database the first time anyone connects (and starts the
/// supervisor that watches the media).
async fn ensure_room(state: &AppState, hearing_id: i64) -> ApiResult<()> {
    if live_rooms(state).with_room(hearing_id, |_| ()).is_some() {
        return Ok(());
    }
    let hearing = hearings::hearing(&state.db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    let people = hearings::attendees(&state.db, hearing_id).await?;
    if let Ok(mut rooms) = live_rooms(state).rooms.lock() {
        rooms.entry(hearing_id).or_insert_with(|| Live {
            room: Room::new(hearing, &people),
            conns: HashMap::new(),
        });
    }
    if !live_rooms(state).supervising.swap(true, Ordering::SeqCst) {
        tokio::spawn(supervise(state.clone()));
    }
    Ok(())
}

/// One participant's connection, from the first message to the end.
async fn session(state: AppState, hearing_id: i64, account_id: i64, mut socket: WebSocket) {
    let actor = Actor {
        account_id,
        conn: live_rooms(&state).next_conn.fetch_add(1, Ordering::Relaxed),
    };
    let (tx, mut rx) = unbounded_channel::<ServerSignal>();
    let mut joined = false;
    // Only what the participant sends moves the deadline (what the court sends does not).
    let mut heard_by = tokio::time::Instant::now() + HEARTBEAT_TIMEOUT;
    // What this connection may send, per kind of message (room_limits.rs).
    let mut limits = ConnLimits::new(std::time::Instant::now());
    let cause = loop {
        tokio::select! {
            _ = tokio::time::sleep_until(heard_by) => break DisconnectCause::NetworkLost,
            out = rx.recv() => {
                let Some(mut out) = out else { break DisconnectCause::ConnectionDropped };
                // A slow reader gets the latest room, not every room in between.
                if matches!(out, ServerSignal::Room { .. }) {
                    while let Ok(next) = rx.try_recv() {
                        if matches!(next, ServerSignal::Room { .. }) {
                            out = next;
                        } else {
                            let text = serde_json::to_string(&out).unwrap_or_default();
                            if socket.send(Message::Text(text.into())).await.is_err() {
                                break;
                            }
                            out = next;
                            break;
                        }
                    }
                }
                let closing = match &out { ServerSignal::Closed { cause } => Some(*cause), _ => None };
                let text = serde_json::to_string(&out).unwrap_or_default();
                if socket.send(Message::Text(text.into())).await.is_err() {
                    break DisconnectCause::ConnectionDropped;
                }
                if let Some(cause) = closing {
                    let _ = socket.send(Message::Close(None)).await;
                    break cause;
                }
            }
            incoming = socket.recv() => {
                let msg = match incoming {
                    // Larger than the socket takes: said in the API's shape, then closed
                    // (1009, message too big).
                    Some(Err(e)) if too_big(&e) => {
                        let refusal = ServerSignal::Error {
                            code: ApiErrorCode::PayloadTooLarge,
                            message: format!("a hearing message holds at most {MAX_MESSAGE_BYTES} bytes"),
                        };
                        let text = serde_json::to_string(&refusal).unwrap_or_default();
                        let _ = socket.send(Message::Text(text.into())).await;
                        let _ = socket
                            .send(Message::Close(Some(CloseFrame { code: 1009, reason: "message too big".into() })))
                            .await;
                        break DisconnectCause::ConnectionDropped;
                    }
                    None | Some(Err(_)) | Some(Ok(Message::Close(_))) => {
                        break DisconnectCause::ConnectionDropped
                    }
                    Some(Ok(Message::Text(t))) => t,
                    Some(Ok(_)) => continue,
                };
                heard_by = tokio::time::Instant::now() + HEARTBEAT_TIMEOUT;
                let signal: ClientSignal = match serde_json::from_str(msg.as_str()) {
                    Ok(s) => s,
                    Err(e) => {
                        if limits.allow(Kind::Malformed, std::time::Instant::now()) {
                            let _ = tx.send(ServerSignal::Error {
                                code: ApiErrorCode::MalformedJson,
                                message: format!("not a hearing message: {e}"),
                            });
                        }
                        continue;
                    }
                };
                if Kind::of(&signal).is_some_and(|kind| !limits.allow(kind, std::time::Instant::now())) {
                    let _ = tx.send(ServerSignal::Error {
                        code: ApiErrorCode::RateLimited,
                        message: "too many messages of this kind; wait a moment".into(),
                    });
                    continue;
                }
                match signal {
                    ClientSignal::Hello { reconnect } if !joined => {
                        if let Err(cause) = hello(&state, hearing_id, actor, tx.clone(), reconnect).await {
                            let _ = tx.send(ServerSignal::Closed { cause });
                            continue;
                        }
                        joined = true;
                    }
                    _ if !joined => {
                        let _ = tx.send(ServerSignal::Error {
                            code: ApiErrorCode::InvalidInput,
                            message: "say hello first".into(),
                        });
                    }
                    ClientSignal::Leave { cause } => {
                        let _ = socket.send(Message::Close(None)).await;
                        break machine::leaving(cause);
                    }
                    other => handle(&state, hearing_id, actor, &tx, other).await,
                }
            }
        }
    };
    if joined {
        ended(&state, hearing_id, actor, cause).await;
    }
}

/// The first message: the member is connected (or reconnected), waits or is admitted again,
/// and any earlier connection of theirs is replaced. Someone removed, or a hearing ended since
/// the socket opened, gets the reason instead.
async fn hello(
    state: &AppState,
    hearing_id: i64,
    actor: Actor,
    tx: UnboundedSender<ServerSignal>,
    reconnect: Option<ReconnectReport>,
) -> Result<(), DisconnectCause> {
    // The connection is listed before the machine runs, under the same lock, so that the
    // court can close it (remove, end) as soon as the machine takes it as the member's.
    let outcome = live_rooms(state).with_room(hearing_id, |live| {
        live.conns.insert(
            actor.conn,
            Conn {
                tx,
                last_sent: None,
            },
        );
        let outcome = live.room.apply(actor, Signal::Connect { reconnect });
        live.settle(outcome)
    });
    let jobs = match outcome {
        None => return Err(DisconnectCause::HearingEnded),
        Some(Err(refusal)) => return Err(refusal.closes_with()),
        Some(Ok(jobs)) => jobs,
    };
    carry_out(state, hearing_id, jobs).await;
    Ok(())
}

/// Everything after hello: what the machine needs looked up first, then the machine, then
/// its effects (a refusal goes back to the sender alone).
async fn handle(
    state: &AppState,
    hearing_id: i64,
    actor: Actor,
    tx: &UnboundedSender<ServerSignal>,
    signal: ClientSignal,
) {
    let document_title = match &signal {
        ClientSignal::Request {
            document_id: Some(d),
            ..
        }
        | ClientSignal::ShowDocument {
            document_id: Some(d),
        } => document_title(state, hearing_id, *d).await,
        _ => None,
    };
    let outcome = live_rooms(state).run(hearing_id, |room| {
        room.apply(
            actor,
            Signal::Message {
                signal,
                document_title,
            },
        )
    });
    match outcome {
        None => {}
        Some(Err(refusal)) => {
            let _ = tx.send(refusal.signal());
        }
        Some(Ok(jobs)) => carry_out(state, hearing_id, jobs).await,
    }
}

async fn document_title(state: &AppState, hearing_id: i64, document_id: i64) -> Option<String> {
    sqlx::query_scalar::<_, String>(
        "SELECT d.title FROM documents d JOIN hearings h ON h.case_id = d.case_id WHERE h.id = $1 AND d.id = $2",
    )
    .bind(hearing_id)
    .bind(document_id)
    .fetch_optional(&state.db.pool)
    .await
    .ok()
    .flatten()
}

/// The WebRTC offer of an admitted member: the unit answers it.
async fn join_media(state: &AppState, hearing_id: i64, account_id: i64, conn: ConnId, sdp: String) {
    let admitted = |state: &AppState| {
        live_rooms(state)
            .with_room(hearing_id, |live| live.room.admitted(account_id))
            .unwrap_or(false)
    };
    let reply = |signal: ServerSignal| {
        live_rooms(state).with_room(hearing_id, |live| {
            if let Some(c) = live.conns.get(&conn) {
                let _ = c.tx.send(signal);
            }
        });
    };
    // Mutes and pauses the court decided stay with the room at the unit, across rejoins.
    let answer = match live_rooms(state).sfu() {
        Ok(sfu) => {
            let (room, who) = (room_key(hearing_id), account_id.to_string());
            tokio::task::spawn_blocking(move || sfu.join(&room, &who, &sdp))
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r.map_err(|e| e.to_string()))
        }
        Err(e) => Err(e.to_string()),
    };
    // Removed (or the hearing ended) while the unit was answering: the new connection goes too.
    if !admitted(state) {
        if let Ok(sfu) = live_rooms(state).sfu() {
            let _ = sfu.remove(&room_key(hearing_id), &account_id.to_string());
        }
        return;
    }
    match answer {
        Ok(sdp) => reply(ServerSignal::Answer { sdp }),
        Err(e) => {
            tracing::warn!(hearing_id, account_id, error = %e, "media join failed");
            reply(ServerSignal::Error {
                code: ApiErrorCode::MediaSetupFailed,
                message: format!("the media connection could not be set up: {e}"),
            });
        }
    }
}

/// A connection ended: the machine records how and alerts the court when it matters.
async fn ended(state: &AppState, hearing_id: i64, actor: Actor, cause: DisconnectCause) {
    let jobs = live_rooms(state).run(hearing_id, |room| {
        room.apply(actor, Signal::Disconnected { cause })
    });
    if let Some(Ok(jobs)) = jobs {
        carry_out(state, hearing_id, jobs).await;
    }
}

/// Carries out the machine's effects in their order, then tells everyone the room as it is
/// now.
async fn carry_out(state: &AppState, hearing_id: i64, jobs: Vec<Job>) {
    let now = state.clock.now();
    for job in jobs {
        match job {
            Job::Send(tx, signal) => {
                let _ = tx.send(signal);
            }
            Job::Effect(Effect::Send { .. }) => {}
            Job::Effect(Effect::Unit(c)) => {
                if let Ok(sfu) = live_rooms(state).sfu() {
                    let room = room_key(hearing_id);
                    let _ = match c {
                        UnitCommand::Mute(who, m) => sfu.set_muted(&room, &who.to_string(), m),
                        UnitCommand::Pause(p) => sfu.set_paused(&room, p),
                        UnitCommand::Remove(who) => sfu.remove(&room, &who.to_string()),
                    };
                }
            }
            Job::Effect(Effect::Record(e)) => {
                let Some(case_id) =
                    live_rooms(state).with_room(hearing_id, |live| live.room.hearing().case_id)
                else {
                    continue;
                };
                let entry = LogEntry {
                    hearing_id,
                    case_id,
                    account_id: e.account_id,
                    by: e.by,
                    kind: e.kind,
                    cause: e.cause,
                    detail: e.detail,
                };
                if let Err(err) = hearings::log(&state.db, now, &entry).await {
                    tracing::error!(hearing_id, error = ?err, "the hearing record could not be written");
                }
            }
            Job::Effect(Effect::CourtAct { act, by }) => {
                let actor = crate::kernel::caller::account_by_id(&state.db, by).await;
                let hearing =
                    live_rooms(state).with_room(hearing_id, |live| live.room.hearing().clone());
                if let (Ok(Some(actor)), Some(h)) = (actor, hearing) {
                    if let Err(err) = hearings::court_act(&state.db, now, &h, &actor, act).await {
                        tracing::error!(hearing_id, error = ?err, "the court's act could not be recorded");
                    }
                }
                // An ended hearing's room is gone from memory; the database says it ended.
                if act == CourtAct::End {
                    if let Ok(mut rooms) = live_rooms(state).rooms.lock() {
                        rooms.remove(&hearing_id);
                    }
                }
            }
            Job::Effect(Effect::JoinMedia {
                account_id,
                conn,
                sdp,
            }) => join_media(state, hearing_id, account_id, conn, sdp).await,
        }
    }
    broadcast(state, hearing_id);
}

/// Sends each connected member the room as they may see it, when it changed for them.
fn broadcast(state: &AppState, hearing_id: i64) {
    let sfu = live_rooms(state).sfu().ok();
    let key = room_key(hearing_id);
    live_rooms(state).with_room(hearing_id, |live| {
        let connections: Vec<(i64, ConnId)> = live.room.connections().collect();
        for (receiver, conn) in connections {
            let slots = sfu
                .as_ref()
                .map(|s| s.assignments(&key, &receiver.to_string()))
                .unwrap_or_default();
            let view = live.room.view(receiver, |who, kind| {
                slots
                    .iter()
                    .find(|a| a.kind == kind && a.participant == who.to_string())
                    .map(|a| a.mid.clone())
            });
            if let Some(c) = live.conns.get_mut(&conn) {
                if c.last_sent.as_ref() != Some(&view) {
                    let _ = c.tx.send(ServerSignal::Room { room: view.clone() });
                    c.last_sent = Some(view);
                }
            }
        }
    });
}

/// Watches the forwarding unit every 300 ms and hands the machine what it says of everyone's
/// media; sends changed rooms.
async fn supervise(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_millis(300));
    loop {
        tick.tick().await;
        let Ok(sfu) = live_rooms(&state).sfu() else {
            continue;
        };
        let ids: Vec<i64> = match live_rooms(&state).rooms.lock() {
            Ok(rooms) => rooms.keys().copied().collect(),
            Err(_) => return,
        };
        for hearing_id in ids {
            let status: HashMap<String, ecourt_rtc::PeerStatus> = sfu
                .status(&room_key(hearing_id))
                .into_iter()
                .map(|p| (p.participant.clone(), p))
                .collect();
            let jobs = live_rooms(&state).run(hearing_id, |room| {
                Ok(room.media(|who| {
                    status.get(&who.to_string()).map(|s| MediaStatus {
                        connected: s.connected,
                        video_silent: s.video_silent,
                    })
                }))
            });
            if let Some(Ok(jobs)) = jobs {
                carry_out(&state, hearing_id, jobs).await;
            }
        }
    }
}
