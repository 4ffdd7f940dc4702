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

use crate::error::{ApiResult, Failure};
use crate::extract::{ApiPath, ApiQuery};
use crate::hearings::{self, CourtAct, Hearing, LogEntry, TokenKey};
use crate::room_limits::{ConnLimits, Kind, MAX_MESSAGE_BYTES, MAX_OPEN_REQUESTS};
use crate::state::AppState;
use axum::extract::ws::rejection::WebSocketUpgradeRejection;
use axum::extract::ws::{CloseFrame, Message, WebSocket, WebSocketUpgrade};
use axum::extract::State;
use axum::response::Response;
use ecourt_api::*;
use ecourt_domain::CaseRole;
use ecourt_rtc::Sfu;
use std::collections::{BTreeMap, HashMap};
use std::net::IpAddr;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::mpsc::{unbounded_channel, UnboundedSender};

/// No message (a ping comes every second) for this long: the connection is taken as lost.
pub const HEARTBEAT_TIMEOUT: Duration = Duration::from_secs(4);
/// A participant's video silent this long at the unit is "stopped" (the judge is alerted).
pub const VIDEO_STOPPED_AFTER: Duration = Duration::from_millis(1500);

/// Every live hearing of this court service, and its forwarding unit.
pub struct Rooms {
    key: TokenKey,
    media_ip: IpAddr,
    sfu: Mutex<Option<Arc<Sfu>>>,
    rooms: Mutex<HashMap<i64, Room>>,
    next_conn: AtomicU64,
    supervising: AtomicBool,
}

struct Conn {
    id: u64,
    tx: UnboundedSender<ServerSignal>,
    /// The last room state sent, so that only changes go out.
    last_sent: Option<RoomState>,
}

struct Member {
    account_id: i64,
    name: String,
    role: CaseRole,
    presides: bool,
    presence: Presence,
    conn: Option<Conn>,
    admitted_once: bool,
    muted: bool,
    hand_raised: bool,
    device: Option<DeviceState>,
    media_connected: bool,
    video_live: bool,
    video_ever: bool,
    rtt_ms: Option<u32>,
    leave_permitted: bool,
}

struct Room {
    hearing: Hearing,
    members: BTreeMap<i64, Member>,
    requests: Vec<RoomRequest>,
    next_request: i64,
    shown: Option<ShownDocument>,
}

/// What a change to a room means outside it: record entries, the unit's commands, a court
/// act, alerts. Done after the room's lock is released.
#[derive(Default)]
struct Effects {
    logs: Vec<LogEntry>,
    sfu: Vec<SfuCommand>,
    act: Option<(CourtAct, i64)>,
    alerts: Vec<(AlertKind, i64, String)>,
    direct: Vec<(UnboundedSender<ServerSignal>, ServerSignal)>,
}

enum SfuCommand {
    Mute(i64, bool),
    Pause(bool),
    Remove(i64),
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

    /// Whether the member is admitted to a hearing that has not ended.
    fn admitted(&self, hearing_id: i64, account_id: i64) -> bool {
        self.with_room(hearing_id, |room| {
            room.hearing.state != HearingState::Ended
                && room
                    .members
                    .get(&account_id)
                    .is_some_and(|m| m.presence == Presence::Admitted)
        })
        .unwrap_or(false)
    }

    fn with_room<T>(&self, hearing_id: i64, f: impl FnOnce(&mut Room) -> T) -> Option<T> {
        let mut rooms = self.rooms.lock().ok()?;
        rooms.get_mut(&hearing_id).map(f)
    }
}

/// Why a message was refused, sent back to its sender as `{code, message}`.
struct Refusal(ApiErrorCode, &'static str);

impl Refusal {
    fn forbidden(why: &'static str) -> Refusal {
        Refusal(ApiErrorCode::Forbidden, why)
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
    let claims = state.hearings.key.verify(&q.token, state.clock.now())?;
    if claims.hearing_id != hearing_id {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
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
            ApiErrorCode::Forbidden,
            "you attend this hearing in the courtroom",
        ));
    }
    ensure_room(&state, hearing_id).await?;
    let admissible = state
        .hearings
        .with_room(hearing_id, |room| {
            if room.hearing.state == HearingState::Ended {
                return Err(Failure::new(
                    ApiErrorCode::Conflict,
                    "the hearing has ended",
                ));
            }
            let member = room
                .members
                .entry(attendee.account_id)
                .or_insert_with(|| Member::new(&attendee));
            if member.presence == Presence::Removed {
                return Err(Failure::new(
                    ApiErrorCode::Forbidden,
                    "the judge removed you from this hearing",
                ));
            }
            Ok(())
        })
        .ok_or_else(Failure::not_found)?;
    admissible?;
    Ok(ws
        .max_message_size(MAX_MESSAGE_BYTES)
        .max_frame_size(MAX_MESSAGE_BYTES)
        .on_upgrade(move |socket| session(state, hearing_id, claims.account_id, socket)))
}

impl Member {
    fn new(a: &hearings::Attendee) -> Member {
        Member {
            account_id: a.account_id,
            name: a.name.clone(),
            role: a.role,
            presides: a.presides,
            presence: Presence::Absent,
            conn: None,
            admitted_once: false,
            muted: false,
            hand_raised: false,
            device: None,
            media_connected: false,
            video_live: false,
            video_ever: false,
            rtt_ms: None,
            leave_permitted: false,
        }
    }
}

/// Loads the room from the database the first time anyone connects (and starts the
/// supervisor that watches the media). Those summoned online are listed from the start (as
/// absent); others join the list when they connect.
async fn ensure_room(state: &AppState, hearing_id: i64) -> ApiResult<()> {
    if state.hearings.with_room(hearing_id, |_| ()).is_some() {
        return Ok(());
    }
    let hearing = hearings::hearing(&state.db, hearing_id)
        .await?
        .ok_or_else(Failure::not_found)?;
    let people = hearings::attendees(&state.db, hearing_id).await?;
    let mut members = BTreeMap::new();
    for a in people
        .into_iter()
        .filter(|a| a.mode == AttendanceMode::Online)
    {
        members.insert(a.account_id, Member::new(&a));
    }
    if let Ok(mut rooms) = state.hearings.rooms.lock() {
        rooms.entry(hearing_id).or_insert(Room {
            hearing,
            members,
            requests: Vec::new(),
            next_request: 1,
            shown: None,
        });
    }
    if !state.hearings.supervising.swap(true, Ordering::SeqCst) {
        tokio::spawn(supervise(state.clone()));
    }
    Ok(())
}

/// One participant's connection, from the first message to the end.
async fn session(state: AppState, hearing_id: i64, account_id: i64, mut socket: WebSocket) {
    let conn_id = state.hearings.next_conn.fetch_add(1, Ordering::Relaxed);
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
                        if let Err(cause) = hello(&state, hearing_id, account_id, conn_id, tx.clone(), reconnect).await {
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
                        // A client says it leaves or closes; any other cause is not its to give.
                        break match cause {
                            DisconnectCause::LeftOnPurpose | DisconnectCause::AppClosed => cause,
                            _ => DisconnectCause::ConnectionDropped,
                        };
                    }
                    other => handle(&state, hearing_id, account_id, conn_id, &tx, other).await,
                }
            }
        }
    };
    if joined {
        ended(&state, hearing_id, account_id, conn_id, cause).await;
    }
}

/// The first message: the member is connected (or reconnected), waits or is admitted again,
/// and any earlier connection of theirs is replaced. Someone removed, or a hearing ended since
/// the socket opened, gets the reason instead.
async fn hello(
    state: &AppState,
    hearing_id: i64,
    account_id: i64,
    conn_id: u64,
    tx: UnboundedSender<ServerSignal>,
    reconnect: Option<ReconnectReport>,
) -> Result<(), DisconnectCause> {
    let mut fx = Effects::default();
    let refused = state.hearings.with_room(hearing_id, |room| {
        let case_id = room.hearing.case_id;
        if room.hearing.state == HearingState::Ended {
            return Err(DisconnectCause::HearingEnded);
        }
        let Some(m) = room.members.get_mut(&account_id) else {
            return Err(DisconnectCause::Removed);
        };
        if m.presence == Presence::Removed {
            return Err(DisconnectCause::Removed);
        }
        if let Some(old) = m.conn.take() {
            fx.direct.push((
                old.tx,
                ServerSignal::Closed {
                    cause: DisconnectCause::Replaced,
                },
            ));
        }
        m.conn = Some(Conn {
            id: conn_id,
            tx,
            last_sent: None,
        });
        m.presence = if m.presides || m.admitted_once {
            m.admitted_once = true;
            Presence::Admitted
        } else {
            Presence::Waiting
        };
        m.media_connected = false;
        m.video_live = false;
        let detail = reconnect.as_ref().map(|r| {
            format!(
                "client: {} since {}, {} reconnect attempt(s)",
                r.cause.as_str(),
                r.since,
                r.attempts
            )
        });
        fx.logs.push(LogEntry {
            hearing_id,
            case_id,
            account_id,
            by: None,
            kind: if reconnect.is_some() {
                "reconnected"
            } else {
                "connected"
            },
            cause: reconnect.as_ref().map(|r| r.cause),
            detail,
        });
        Ok(())
    });
    refused.unwrap_or(Err(DisconnectCause::HearingEnded))?;
    apply(state, hearing_id, fx).await;
    Ok(())
}

/// Everything after hello, from the member's current connection only (a replaced or removed
/// connection's last messages are ignored).
async fn handle(
    state: &AppState,
    hearing_id: i64,
    account_id: i64,
    conn_id: u64,
    tx: &UnboundedSender<ServerSignal>,
    signal: ClientSignal,
) {
    // What needs the database or the unit before the room changes.
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
    let current = state
        .hearings
        .with_room(hearing_id, |room| {
            room.members
                .get(&account_id)
                .and_then(|m| m.conn.as_ref())
                .is_some_and(|c| c.id == conn_id)
        })
        .unwrap_or(false);
    if !current {
        return;
    }
    if let ClientSignal::Offer { sdp } = signal {
        return offer(state, hearing_id, account_id, tx, sdp).await;
    }
    if let ClientSignal::Ping { sent_ms, rtt_ms } = signal {
        let _ = tx.send(ServerSignal::Pong { sent_ms });
        state.hearings.with_room(hearing_id, |room| {
            if let Some(m) = room.members.get_mut(&account_id) {
                m.rtt_ms = rtt_ms;
            }
        });
        return broadcast(state, hearing_id);
    }
    let mut fx = Effects::default();
    let refused = state.hearings.with_room(hearing_id, |room| {
        let case_id = room.hearing.case_id;
        let hearing_state = room.hearing.state;
        let Some(me) = room.members.get(&account_id) else {
            return Some(Refusal::forbidden("not in this hearing"));
        };
        let (presides, name, hand_was_raised) = (me.presides, me.name.clone(), me.hand_raised);
        let log = |kind: &'static str, subject: i64, detail: Option<String>| LogEntry {
            hearing_id,
            case_id,
            account_id: subject,
            by: (subject != account_id).then_some(account_id),
            kind,
            cause: None,
            detail,
        };
        match signal {
            ClientSignal::RaiseHand { raised } => {
                if let Some(m) = room.members.get_mut(&account_id) {
                    m.hand_raised = raised;
                }
                // Raising a raised hand again changes nothing and records nothing.
                if raised && !hand_was_raised {
                    fx.logs.push(log("hand_raised", account_id, None));
                }
            }
            ClientSignal::Request {
                kind,
                document_id,
                note,
            } => {
                if kind == ProceduralRequestKind::PresentEvidence && document_title.is_none() {
                    return Some(Refusal::forbidden(
                        "choose a document of this case to present",
                    ));
                }
                let open = room.requests.iter().filter(|r| r.account_id == account_id);
                if open.clone().count() >= MAX_OPEN_REQUESTS {
                    return Some(Refusal(
                        ApiErrorCode::TooManyOpenRequests,
                        "as many of your requests are open as the court takes at once",
                    ));
                }
                if open
                    .clone()
                    .any(|r| r.kind == kind && r.document_id == document_id)
                {
                    return Some(Refusal(
                        ApiErrorCode::Conflict,
                        "this request is already before the court",
                    ));
                }
                let note = note.map(|n| n.chars().take(500).collect::<String>());
                let id = room.next_request;
                room.next_request += 1;
                room.requests.push(RoomRequest {
                    id,
                    account_id,
                    name,
                    kind,
                    document_id: document_id.filter(|_| document_title.is_some()),
                    document_title: document_title.clone(),
                    note: note.clone(),
                });
                let what = serde_json::to_value(kind)
                    .ok()
                    .and_then(|v| v.as_str().map(String::from))
                    .unwrap_or_default();
                let detail = [Some(what), document_title.clone(), note]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(": ");
                fx.logs.push(log("request", account_id, Some(detail)));
            }
            ClientSignal::Device { state: device } => {
                let was_ok = me.device.is_none_or(|d| d.camera_ok && d.microphone_ok);
                if let Some(m) = room.members.get_mut(&account_id) {
                    m.device = Some(device);
                }
                let ok = device.camera_ok && device.microphone_ok;
                if was_ok && !ok {
                    let detail = format!(
                        "camera {}, microphone {}",
                        if device.camera_ok { "ok" } else { "failed" },
                        if device.microphone_ok { "ok" } else { "failed" }
                    );
                    let mut e = log("device_failure", account_id, Some(detail));
                    e.cause = Some(DisconnectCause::DeviceFailure);
                    fx.logs.push(e);
                    fx.alerts.push((
                        AlertKind::DeviceFailure,
                        account_id,
                        room.members[&account_id].name.clone(),
                    ));
                } else if !was_ok && ok {
                    fx.logs.push(log("device_restored", account_id, None));
                }
            }
            // The court's controls.
            _ if !presides => {
                return Some(Refusal::forbidden(
                    "only the presiding judge or the clerk may do this",
                ))
            }
            ClientSignal::Admit { account_id: who } => {
                let Some(m) = room.members.get_mut(&who) else {
                    return Some(Refusal::forbidden("not in this hearing"));
                };
                if m.presence != Presence::Waiting {
                    return Some(Refusal::forbidden("they are not in the waiting room"));
                }
                m.presence = Presence::Admitted;
                m.admitted_once = true;
                fx.logs.push(log("admitted", who, None));
            }
            ClientSignal::Mute {
                account_id: who,
                muted,
            } => {
                let Some(m) = room.members.get_mut(&who) else {
                    return Some(Refusal::forbidden("not in this hearing"));
                };
                m.muted = muted;
                fx.sfu.push(SfuCommand::Mute(who, muted));
                fx.logs
                    .push(log(if muted { "muted" } else { "unmuted" }, who, None));
            }
            ClientSignal::Remove { account_id: who } => {
                let Some(m) = room.members.get_mut(&who) else {
                    return Some(Refusal::forbidden("not in this hearing"));
                };
                if m.presides {
                    return Some(Refusal::forbidden(
                        "the court's own staff cannot be removed",
                    ));
                }
                m.presence = Presence::Removed;
                if let Some(conn) = m.conn.take() {
                    fx.direct.push((
                        conn.tx,
                        ServerSignal::Closed {
                            cause: DisconnectCause::Removed,
                        },
                    ));
                }
                fx.sfu.push(SfuCommand::Remove(who));
                let mut e = log("removed", who, None);
                e.cause = Some(DisconnectCause::Removed);
                fx.logs.push(e);
            }
            ClientSignal::PermitLeave { account_id: who } => {
                let Some(m) = room.members.get_mut(&who) else {
                    return Some(Refusal::forbidden("not in this hearing"));
                };
                m.leave_permitted = true;
                room.requests
                    .retain(|r| !(r.account_id == who && r.kind == ProceduralRequestKind::Leave));
                fx.logs.push(log("leave_permitted", who, None));
            }
            ClientSignal::DismissRequest { request_id } => {
                let Some(at) = room.requests.iter().position(|r| r.id == request_id) else {
                    return Some(Refusal::forbidden("no such request"));
                };
                let r = room.requests.remove(at);
                fx.logs.push(log("request_dealt_with", r.account_id, None));
            }
            ClientSignal::ShowDocument { document_id } => {
                room.shown = match (document_id, document_title.clone()) {
                    (None, _) => None,
                    (Some(id), Some(title)) => Some(ShownDocument {
                        document_id: id,
                        title,
                    }),
                    (Some(_), None) => {
                        return Some(Refusal::forbidden("no such document in this case"))
                    }
                };
                if let Some(shown) = &room.shown {
                    room.requests
                        .retain(|r| r.document_id != Some(shown.document_id));
                    fx.logs
                        .push(log("document_shown", account_id, Some(shown.title.clone())));
                }
            }
            ClientSignal::Open | ClientSignal::Pause | ClientSignal::Resume | ClientSignal::End => {
                let act = match signal {
                    ClientSignal::Open => CourtAct::Open,
                    ClientSignal::Pause => CourtAct::Pause,
                    ClientSignal::Resume => CourtAct::Resume,
                    _ => CourtAct::End,
                };
                if !act.allowed_in(hearing_state) {
                    return Some(Refusal::forbidden("not in this state of the hearing"));
                }
                room.hearing.state = act.effect().0;
                match act {
                    CourtAct::Pause => fx.sfu.push(SfuCommand::Pause(true)),
                    CourtAct::Resume | CourtAct::Open => fx.sfu.push(SfuCommand::Pause(false)),
                    CourtAct::End => {
                        for m in room.members.values_mut() {
                            if let Some(conn) = m.conn.take() {
                                fx.direct.push((
                                    conn.tx,
                                    ServerSignal::Closed {
                                        cause: DisconnectCause::HearingEnded,
                                    },
                                ));
                            }
                            if m.presence == Presence::Admitted || m.presence == Presence::Waiting {
                                m.presence = Presence::Left;
                            }
                            fx.sfu.push(SfuCommand::Remove(m.account_id));
                        }
                    }
                }
                fx.act = Some((act, account_id));
            }
            ClientSignal::Hello { .. }
            | ClientSignal::Offer { .. }
            | ClientSignal::Ping { .. }
            | ClientSignal::Leave { .. } => {}
        }
        None
    });
    if let Some(Some(Refusal(code, why))) = refused {
        let _ = tx.send(ServerSignal::Error {
            code,
            message: why.into(),
        });
        return;
    }
    apply(state, hearing_id, fx).await;
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
async fn offer(
    state: &AppState,
    hearing_id: i64,
    account_id: i64,
    tx: &UnboundedSender<ServerSignal>,
    sdp: String,
) {
    let admitted = state.hearings.admitted(hearing_id, account_id);
    if !admitted {
        let _ = tx.send(ServerSignal::Error {
            code: ApiErrorCode::Forbidden,
            message: "wait until the judge admits you".into(),
        });
        return;
    }
    // Mutes and pauses the court decided stay with the room at the unit, across rejoins.
    let answer = match state.hearings.sfu() {
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
    let still_admitted = state.hearings.admitted(hearing_id, account_id);
    if !still_admitted {
        if let Ok(sfu) = state.hearings.sfu() {
            let _ = sfu.remove(&room_key(hearing_id), &account_id.to_string());
        }
        return;
    }
    match answer {
        Ok(sdp) => {
            let _ = tx.send(ServerSignal::Answer { sdp });
        }
        Err(e) => {
            tracing::warn!(hearing_id, account_id, error = %e, "media join failed");
            let _ = tx.send(ServerSignal::Error {
                code: ApiErrorCode::InvalidInput,
                message: format!("the media connection could not be set up: {e}"),
            });
        }
    }
}

/// A connection ended: its cause recorded, the court alerted when it matters.
async fn ended(
    state: &AppState,
    hearing_id: i64,
    account_id: i64,
    conn_id: u64,
    cause: DisconnectCause,
) {
    let mut fx = Effects::default();
    state.hearings.with_room(hearing_id, |room| {
        let case_id = room.hearing.case_id;
        let in_session = matches!(
            room.hearing.state,
            HearingState::Open | HearingState::Paused
        );
        let Some(m) = room.members.get_mut(&account_id) else {
            return;
        };
        // A replaced or court-closed connection was recorded when that happened.
        if m.conn.as_ref().is_none_or(|c| c.id != conn_id) {
            return;
        }
        m.conn = None;
        m.media_connected = false;
        m.video_live = false;
        m.hand_raised = false;
        let on_purpose = matches!(
            cause,
            DisconnectCause::LeftOnPurpose | DisconnectCause::AppClosed
        );
        let unpermitted = on_purpose && in_session && !m.presides && !m.leave_permitted;
        m.presence = if on_purpose {
            Presence::Left
        } else {
            Presence::Dropped
        };
        let kind = if unpermitted {
            "left_without_permission"
        } else if on_purpose {
            "left"
        } else {
            "disconnected"
        };
        fx.logs.push(LogEntry {
            hearing_id,
            case_id,
            account_id,
            by: None,
            kind,
            cause: Some(cause),
            detail: None,
        });
        if unpermitted {
            fx.alerts
                .push((AlertKind::LeftWithoutPermission, account_id, m.name.clone()));
        } else if !on_purpose {
            fx.alerts
                .push((AlertKind::Dropped, account_id, m.name.clone()));
        }
        fx.sfu.push(SfuCommand::Remove(account_id));
    });
    apply(state, hearing_id, fx).await;
}

/// Carries out a room change's effects, then tells everyone the room as it is now.
async fn apply(state: &AppState, hearing_id: i64, fx: Effects) {
    for (tx, signal) in fx.direct {
        let _ = tx.send(signal);
    }
    if !fx.sfu.is_empty() {
        if let Ok(sfu) = state.hearings.sfu() {
            let room = room_key(hearing_id);
            for c in fx.sfu {
                let _ = match c {
                    SfuCommand::Mute(who, m) => sfu.set_muted(&room, &who.to_string(), m),
                    SfuCommand::Pause(p) => sfu.set_paused(&room, p),
                    SfuCommand::Remove(who) => sfu.remove(&room, &who.to_string()),
                };
            }
        }
    }
    let now = state.clock.now();
    for e in &fx.logs {
        if let Err(err) = hearings::log(&state.db, now, e).await {
            tracing::error!(hearing_id, error = ?err, "the hearing record could not be written");
        }
    }
    if let Some((act, by)) = fx.act {
        let actor = crate::auth::account_by_id(&state.db, by).await;
        let hearing = state.hearings.with_room(hearing_id, |r| r.hearing.clone());
        if let (Ok(Some(actor)), Some(h)) = (actor, hearing) {
            if let Err(err) = hearings::court_act(&state.db, now, &h, &actor, act).await {
                tracing::error!(hearing_id, error = ?err, "the court's act could not be recorded");
            }
        }
        // An ended hearing's room is gone from memory; the database says it ended.
        if act == CourtAct::End {
            if let Ok(mut rooms) = state.hearings.rooms.lock() {
                rooms.remove(&hearing_id);
            }
        }
    }
    if !fx.alerts.is_empty() {
        state.hearings.with_room(hearing_id, |room| {
            for m in room.members.values().filter(|m| m.presides) {
                if let Some(conn) = &m.conn {
                    for (kind, account_id, name) in &fx.alerts {
                        let _ = conn.tx.send(ServerSignal::Alert {
                            kind: *kind,
                            account_id: *account_id,
                            name: name.clone(),
                        });
                    }
                }
            }
        });
    }
    broadcast(state, hearing_id);
}

/// Sends each connected member the room as they may see it, when it changed for them.
fn broadcast(state: &AppState, hearing_id: i64) {
    let sfu = state.hearings.sfu().ok();
    state.hearings.with_room(hearing_id, |room| {
        let ids: Vec<i64> = room.members.keys().copied().collect();
        for id in ids {
            let view = room_state(room, id, sfu.as_deref());
            if let Some(conn) = room.members.get_mut(&id).and_then(|m| m.conn.as_mut()) {
                if conn.last_sent.as_ref() != Some(&view) {
                    let _ = conn.tx.send(ServerSignal::Room { room: view.clone() });
                    conn.last_sent = Some(view);
                }
            }
        }
    });
}

fn room_state(room: &Room, receiver: i64, sfu: Option<&Sfu>) -> RoomState {
    let key = room_key(room.hearing.id);
    let slots = sfu
        .map(|s| s.assignments(&key, &receiver.to_string()))
        .unwrap_or_default();
    let slot = |who: i64, kind: &str| {
        slots
            .iter()
            .find(|a| a.kind == kind && a.participant == who.to_string())
            .map(|a| a.mid.clone())
    };
    let me = room.members.get(&receiver);
    RoomState {
        hearing_id: room.hearing.id,
        case_number: room.hearing.case_number.clone(),
        courtroom: room.hearing.courtroom.clone(),
        state: room.hearing.state,
        you: receiver,
        presiding: me.is_some_and(|m| m.presides),
        participants: room
            .members
            .values()
            .map(|m| RoomParticipant {
                account_id: m.account_id,
                name: m.name.clone(),
                role: m.role,
                presence: m.presence,
                media_connected: m.media_connected,
                video_live: m.video_live,
                muted: m.muted,
                hand_raised: m.hand_raised,
                device: m.device,
                video_mid: slot(m.account_id, "video"),
                audio_mid: slot(m.account_id, "audio"),
                rtt_ms: m.rtt_ms,
            })
            .collect(),
        requests: room.requests.clone(),
        leave_permitted: me.is_some_and(|m| m.leave_permitted),
        shown_document: room.shown.clone(),
    }
}

/// Watches the forwarding unit: who has media, whose video stopped (the judge is alerted at
/// once and it goes in the record), whose came back; and sends changed rooms.
async fn supervise(state: AppState) {
    let mut tick = tokio::time::interval(Duration::from_millis(300));
    loop {
        tick.tick().await;
        let Ok(sfu) = state.hearings.sfu() else {
            continue;
        };
        let ids: Vec<i64> = match state.hearings.rooms.lock() {
            Ok(rooms) => rooms.keys().copied().collect(),
            Err(_) => return,
        };
        for hearing_id in ids {
            let status: HashMap<String, ecourt_rtc::PeerStatus> = sfu
                .status(&room_key(hearing_id))
                .into_iter()
                .map(|p| (p.participant.clone(), p))
                .collect();
            let mut fx = Effects::default();
            state.hearings.with_room(hearing_id, |room| {
                let case_id = room.hearing.case_id;
                let paused = room.hearing.state == HearingState::Paused;
                for m in room.members.values_mut() {
                    let s = status.get(&m.account_id.to_string());
                    let connected = m.conn.is_some() && s.is_some_and(|s| s.connected);
                    let live = connected
                        && s.and_then(|s| s.video_silent)
                            .is_some_and(|d| d < VIDEO_STOPPED_AFTER);
                    m.media_connected = connected;
                    if live != m.video_live {
                        // Stopped while still connected: the judge must know at once. (A pause
                        // stops nothing: media still reaches the unit.)
                        if m.video_ever && connected && !paused {
                            fx.logs.push(LogEntry {
                                hearing_id,
                                case_id,
                                account_id: m.account_id,
                                by: None,
                                kind: if live {
                                    "video_resumed"
                                } else {
                                    "video_stopped"
                                },
                                cause: None,
                                detail: None,
                            });
                            if !live {
                                fx.alerts.push((
                                    AlertKind::VideoStopped,
                                    m.account_id,
                                    m.name.clone(),
                                ));
                            }
                        }
                        m.video_live = live;
                        m.video_ever |= live;
                    }
                }
            });
            apply(&state, hearing_id, fx).await;
        }
    }
}
