//! The hearing room's rules as a pure state machine: `Room::apply(actor, signal)` answers the
//! effects of what someone did (record entries, the forwarding unit's commands, the court's
//! act, messages to connections) or a [`Refusal`] with a closed code, and changes the room only
//! when it does not refuse. No database, no sockets, no clock: the transport
//! (`hearing_room.rs`) looks up what is needed first (a document's title), runs the machine
//! under the room's lock and carries the effects out afterwards, in the order given.
//!
//! Who may do what: everyone summoned online may connect, raise a hand, make procedural
//! requests and report their devices; only the presiding judge or the clerk admits, mutes,
//! removes, permits leave, shows documents and opens, pauses, resumes and ends the hearing
//! (《人民法院在线诉讼规则》 Art. 24-27: the court runs the online hearing as in the courtroom).
//! The court's own staff cannot be removed. A member who was admitted once comes back
//! without the waiting room; one the judge removed stays out.

use crate::hearings::room_limits::MAX_OPEN_REQUESTS;
use crate::hearings::{Attendee, CourtAct, Hearing};
use ecourt_api::*;
use ecourt_domain::CaseRole;
use std::collections::BTreeMap;
use std::time::Duration;

/// A participant's video silent this long at the unit is "stopped" (the judge is alerted).
pub const VIDEO_STOPPED_AFTER: Duration = Duration::from_millis(1500);

/// One signalling connection, numbered by the transport.
pub type ConnId = u64;

/// Someone acting in the room: their account and the connection they speak through (a
/// replaced connection's last words are ignored).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Actor {
    pub account_id: i64,
    pub conn: ConnId,
}

/// What happened, as the room sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum Signal {
    /// The connection's first message (hello), with what a rejoining client saw.
    Connect { reconnect: Option<ReconnectReport> },
    /// Any later message, with the title of the document of the case it names, if it names
    /// one the case holds (looked up by the transport beforehand).
    Message {
        signal: ClientSignal,
        document_title: Option<String>,
    },
    /// The connection ended, for this cause.
    Disconnected { cause: DisconnectCause },
}

/// What a change to the room means outside it. Carried out in the order given.
#[derive(Debug, Clone, PartialEq)]
pub enum Effect {
    /// A message to one connection (the court closing it, an alert, a pong).
    Send { conn: ConnId, signal: ServerSignal },
    /// A command to the forwarding unit.
    Unit(UnitCommand),
    /// An entry of the hearing record (and the audit chain).
    Record(Entry),
    /// The court's act on the hearing as a whole, by this account (recorded on the case;
    /// after `End` the room is let go).
    CourtAct { act: CourtAct, by: i64 },
    /// The actor's WebRTC offer goes to the unit; its answer back to the connection.
    JoinMedia {
        account_id: i64,
        conn: ConnId,
        sdp: String,
    },
}

/// An entry of this hearing's record: whom it is about, who did it when someone else did,
/// what happened, how a connection ended, and detail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub account_id: i64,
    pub by: Option<i64>,
    pub kind: &'static str,
    pub cause: Option<DisconnectCause>,
    pub detail: Option<String>,
}

/// What the forwarding unit is told.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitCommand {
    Mute(i64, bool),
    Pause(bool),
    Remove(i64),
}

/// Why the room refused; each is a closed code the desktop words for the user.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Only the presiding judge or the clerk may do this.
    NotPresiding,
    /// The person named is not in this hearing.
    NotInHearing,
    /// Admitting someone who is not in the waiting room.
    NotWaiting,
    /// The court's own staff cannot be removed.
    StaffNotRemovable,
    /// No such request before the court.
    RequestNotFound,
    /// No such document in the case file.
    DocumentNotInCase,
    /// Not in this state of the hearing (e.g. pausing a hearing not open).
    WrongHearingState,
    /// Media only once the judge admitted the member.
    NotAdmitted,
    /// The same request is already before the court.
    RequestAlreadyOpen,
    /// As many of the member's requests are open as the court takes at once.
    TooManyOpenRequests,
    /// The judge removed the member.
    Removed,
    /// The hearing has ended.
    HearingEnded,
}

impl Refusal {
    pub fn code(self) -> ApiErrorCode {
        match self {
            Refusal::NotPresiding => ApiErrorCode::NotPresiding,
            Refusal::NotInHearing => ApiErrorCode::NotInHearing,
            Refusal::NotWaiting => ApiErrorCode::NotWaiting,
            Refusal::StaffNotRemovable => ApiErrorCode::StaffNotRemovable,
            Refusal::RequestNotFound => ApiErrorCode::RequestNotFound,
            Refusal::DocumentNotInCase => ApiErrorCode::DocumentNotInCase,
            Refusal::WrongHearingState => ApiErrorCode::WrongHearingState,
            Refusal::NotAdmitted => ApiErrorCode::NotAdmitted,
            Refusal::RequestAlreadyOpen => ApiErrorCode::RequestAlreadyOpen,
            Refusal::TooManyOpenRequests => ApiErrorCode::TooManyOpenRequests,
            Refusal::Removed => ApiErrorCode::RemovedFromHearing,
            Refusal::HearingEnded => ApiErrorCode::HearingEnded,
        }
    }

    /// The detail for the log and the `message` field (the desktop words the code).
    pub fn message(self) -> &'static str {
        match self {
            Refusal::NotPresiding => "only the presiding judge or the clerk may do this",
            Refusal::NotInHearing => "not in this hearing",
            Refusal::NotWaiting => "they are not in the waiting room",
            Refusal::StaffNotRemovable => "the court's own staff cannot be removed",
            Refusal::RequestNotFound => "no such request",
            Refusal::DocumentNotInCase => "no such document in this case",
            Refusal::WrongHearingState => "not in this state of the hearing",
            Refusal::NotAdmitted => "wait until the judge admits you",
            Refusal::RequestAlreadyOpen => "this request is already before the court",
            Refusal::TooManyOpenRequests => {
                "as many of your requests are open as the court takes at once"
            }
            Refusal::Removed => "the judge removed you from this hearing",
            Refusal::HearingEnded => "the hearing has ended",
        }
    }

    /// A refused hello ends the connection with this cause.
    pub fn closes_with(self) -> DisconnectCause {
        match self {
            Refusal::HearingEnded => DisconnectCause::HearingEnded,
            _ => DisconnectCause::Removed,
        }
    }

    /// The refusal as the socket sends it.
    pub fn signal(self) -> ServerSignal {
        ServerSignal::Error {
            code: self.code(),
            message: self.message().into(),
        }
    }
}

/// How a connection that said `leave` ended: a client may say it leaves on purpose or that
/// its app closes; any other cause (removed, the hearing ended, …) is not its to give, and the
/// connection counts as cut without a word.
pub fn leaving(claimed: DisconnectCause) -> DisconnectCause {
    match claimed {
        DisconnectCause::LeftOnPurpose | DisconnectCause::AppClosed => claimed,
        _ => DisconnectCause::ConnectionDropped,
    }
}

/// One person summoned online, as the room knows them.
#[derive(Debug, Clone)]
struct Member {
    account_id: i64,
    name: String,
    role: CaseRole,
    /// How they were summoned (online, in the courtroom, not answered yet).
    mode: AttendanceMode,
    presides: bool,
    presence: Presence,
    /// The connection they speak through now.
    conn: Option<ConnId>,
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

impl Member {
    fn new(a: &Attendee) -> Member {
        Member {
            account_id: a.account_id,
            name: a.name.clone(),
            role: a.role,
            mode: a.mode,
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

/// What the unit says of one participant's media.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaStatus {
    pub connected: bool,
    /// How long since their video last arrived (none: never).
    pub video_silent: Option<Duration>,
}

/// One live hearing.
#[derive(Debug, Clone)]
pub struct Room {
    hearing: Hearing,
    members: BTreeMap<i64, Member>,
    requests: Vec<RoomRequest>,
    next_request: i64,
    shown: Option<ShownDocument>,
}

/// Effects gathered in kinds, handed out in the order the transport carries them out: the
/// court closing connections, the unit, the record, the court's act, then alerts and
/// replies (so that a record is written before the judge is alerted of it).
#[derive(Default)]
struct Fx {
    close: Vec<Effect>,
    unit: Vec<Effect>,
    records: Vec<Effect>,
    act: Option<Effect>,
    alerts: Vec<(AlertKind, i64, String)>,
    replies: Vec<Effect>,
}

impl Fx {
    fn close(&mut self, conn: ConnId, cause: DisconnectCause) {
        self.close.push(Effect::Send {
            conn,
            signal: ServerSignal::Closed { cause },
        });
    }
    fn unit(&mut self, c: UnitCommand) {
        self.unit.push(Effect::Unit(c));
    }
    fn record(&mut self, e: Entry) {
        self.records.push(Effect::Record(e));
    }
}

impl Room {
    /// The room of a hearing: everyone summoned is listed from the start (as absent), those
    /// who take part in the courtroom or have not answered yet with their mode, so that the
    /// court sees who is expected and who is missing; others join the list when they connect.
    pub fn new(hearing: Hearing, attendees: &[Attendee]) -> Room {
        Room {
            members: attendees
                .iter()
                .map(|a| (a.account_id, Member::new(a)))
                .collect(),
            hearing,
            requests: Vec::new(),
            next_request: 1,
            shown: None,
        }
    }

    pub fn hearing(&self) -> &Hearing {
        &self.hearing
    }

    /// Someone summoned online opens the signalling socket: listed if they were not, refused
    /// if the hearing ended or the judge removed them.
    pub fn arrive(&mut self, a: &Attendee) -> Result<(), Refusal> {
        if self.hearing.state == HearingState::Ended {
            return Err(Refusal::HearingEnded);
        }
        let member = self
            .members
            .entry(a.account_id)
            .or_insert_with(|| Member::new(a));
        if member.presence == Presence::Removed {
            return Err(Refusal::Removed);
        }
        // Only those who attend online get this far (the transport checks the mode again at
        // every connection): one who answered since the room opened is online now.
        member.mode = a.mode;
        Ok(())
    }

    /// Whether the member is admitted to a hearing that has not ended.
    pub fn admitted(&self, account_id: i64) -> bool {
        self.hearing.state != HearingState::Ended
            && self
                .members
                .get(&account_id)
                .is_some_and(|m| m.presence == Presence::Admitted)
    }

    /// Whether this connection is someone's current one.
    pub fn is_current(&self, conn: ConnId) -> bool {
        self.members.values().any(|m| m.conn == Some(conn))
    }

    /// Each member and the connection they speak through now.
    pub fn connections(&self) -> impl Iterator<Item = (i64, ConnId)> + '_ {
        self.members
            .values()
            .filter_map(|m| m.conn.map(|c| (m.account_id, c)))
    }

    /// What `actor` did, and what it means; refused without any change.
    pub fn apply(&mut self, actor: Actor, signal: Signal) -> Result<Vec<Effect>, Refusal> {
        let mut fx = Fx::default();
        match signal {
            Signal::Connect { reconnect } => self.connect(actor, reconnect, &mut fx)?,
            Signal::Disconnected { cause } => self.disconnected(actor, cause, &mut fx),
            Signal::Message {
                signal,
                document_title,
            } => {
                // A replaced or removed connection's last messages are ignored.
                if self.members.get(&actor.account_id).and_then(|m| m.conn) != Some(actor.conn) {
                    return Ok(Vec::new());
                }
                self.message(actor, signal, document_title, &mut fx)?
            }
        }
        Ok(self.effects(fx))
    }

    /// The unit's report on everyone's media: who has it, whose video stopped (the judge is
    /// alerted at once and it goes in the record), whose came back.
    pub fn media(&mut self, status: impl Fn(i64) -> Option<MediaStatus>) -> Vec<Effect> {
        let mut fx = Fx::default();
        let paused = self.hearing.state == HearingState::Paused;
        for m in self.members.values_mut() {
            let s = status(m.account_id);
            let connected = m.conn.is_some() && s.is_some_and(|s| s.connected);
            let live = connected
                && s.and_then(|s| s.video_silent)
                    .is_some_and(|d| d < VIDEO_STOPPED_AFTER);
            m.media_connected = connected;
            if live != m.video_live {
                // Stopped while still connected: the judge must know at once. (A pause stops
                // nothing: media still reaches the unit.)
                if m.video_ever && connected && !paused {
                    fx.record(Entry {
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
                        fx.alerts
                            .push((AlertKind::VideoStopped, m.account_id, m.name.clone()));
                    }
                }
                m.video_live = live;
                m.video_ever |= live;
            }
        }
        self.effects(fx)
    }

    /// The room as `receiver` may see it; `slot(whom, kind)` says which of the receiver's
    /// slots carries whose video or sound.
    pub fn view(&self, receiver: i64, slot: impl Fn(i64, &str) -> Option<String>) -> RoomState {
        let me = self.members.get(&receiver);
        RoomState {
            hearing_id: self.hearing.id,
            case_number: self.hearing.case_number.clone(),
            courtroom: self.hearing.courtroom.clone(),
            scheduled_at: self.hearing.scheduled_at.clone(),
            contact_phone: self.hearing.contact_phone.clone(),
            state: self.hearing.state,
            you: receiver,
            presiding: me.is_some_and(|m| m.presides),
            participants: self
                .members
                .values()
                .map(|m| RoomParticipant {
                    account_id: m.account_id,
                    name: m.name.clone(),
                    role: m.role,
                    mode: m.mode,
                    presides: m.presides,
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
            requests: self.requests.clone(),
            leave_permitted: me.is_some_and(|m| m.leave_permitted),
            shown_document: self.shown.clone(),
        }
    }

    /// Hands the effects out in order, alerts to the presiding members' connections.
    fn effects(&self, fx: Fx) -> Vec<Effect> {
        let mut out = fx.close;
        out.extend(fx.unit);
        out.extend(fx.records);
        out.extend(fx.act);
        for m in self.members.values().filter(|m| m.presides) {
            if let Some(conn) = m.conn {
                for (kind, account_id, name) in &fx.alerts {
                    out.push(Effect::Send {
                        conn,
                        signal: ServerSignal::Alert {
                            kind: *kind,
                            account_id: *account_id,
                            name: name.clone(),
                        },
                    });
                }
            }
        }
        out.extend(fx.replies);
        out
    }

    /// A member the court's controls act on: summoned online (one in the courtroom or who has
    /// not answered is listed, but not in the online hearing).
    fn online_member(&mut self, who: i64) -> Result<&mut Member, Refusal> {
        self.members
            .get_mut(&who)
            .filter(|m| m.mode == AttendanceMode::Online)
            .ok_or(Refusal::NotInHearing)
    }

    fn entry(subject: i64, by: i64, kind: &'static str) -> Entry {
        Entry {
            account_id: subject,
            by: (subject != by).then_some(by),
            kind,
            cause: None,
            detail: None,
        }
    }

    /// Hello: connected (or reconnected), waiting or admitted again; an earlier connection of
    /// theirs is replaced.
    fn connect(
        &mut self,
        actor: Actor,
        reconnect: Option<ReconnectReport>,
        fx: &mut Fx,
    ) -> Result<(), Refusal> {
        if self.hearing.state == HearingState::Ended {
            return Err(Refusal::HearingEnded);
        }
        let mut entry = Room::entry(
            actor.account_id,
            actor.account_id,
            if reconnect.is_some() {
                "reconnected"
            } else {
                "connected"
            },
        );
        let Some(m) = self.members.get_mut(&actor.account_id) else {
            return Err(Refusal::Removed);
        };
        if m.presence == Presence::Removed {
            return Err(Refusal::Removed);
        }
        if let Some(old) = m.conn.replace(actor.conn) {
            fx.close(old, DisconnectCause::Replaced);
        }
        m.presence = if m.presides || m.admitted_once {
            m.admitted_once = true;
            Presence::Admitted
        } else {
            Presence::Waiting
        };
        m.media_connected = false;
        m.video_live = false;
        entry.cause = reconnect.as_ref().map(|r| r.cause);
        entry.detail = reconnect.as_ref().map(|r| {
            format!(
                "client: {} since {}, {} reconnect attempt(s)",
                r.cause.as_str(),
                r.since,
                r.attempts
            )
        });
        fx.record(entry);
        Ok(())
    }

    /// A connection ended: how, recorded; the judge alerted of a drop or an unpermitted leave
    /// (中途退庭).
    fn disconnected(&mut self, actor: Actor, cause: DisconnectCause, fx: &mut Fx) {
        let in_session = matches!(
            self.hearing.state,
            HearingState::Open | HearingState::Paused
        );
        let Some(m) = self.members.get_mut(&actor.account_id) else {
            return;
        };
        // A replaced or court-closed connection was recorded when that happened.
        if m.conn != Some(actor.conn) {
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
        fx.record(Entry {
            account_id: actor.account_id,
            by: None,
            kind,
            cause: Some(cause),
            detail: None,
        });
        if unpermitted {
            fx.alerts.push((
                AlertKind::LeftWithoutPermission,
                actor.account_id,
                m.name.clone(),
            ));
        } else if !on_purpose {
            fx.alerts
                .push((AlertKind::Dropped, actor.account_id, m.name.clone()));
        }
        fx.unit(UnitCommand::Remove(actor.account_id));
    }

    /// Everything after hello, from the member's current connection.
    fn message(
        &mut self,
        actor: Actor,
        signal: ClientSignal,
        document_title: Option<String>,
        fx: &mut Fx,
    ) -> Result<(), Refusal> {
        let account_id = actor.account_id;
        let Some(me) = self.members.get(&account_id) else {
            return Err(Refusal::NotInHearing);
        };
        let (presides, name, hand_was_raised, device_was) =
            (me.presides, me.name.clone(), me.hand_raised, me.device);
        match signal {
            ClientSignal::Offer { sdp } => {
                if !self.admitted(account_id) {
                    return Err(Refusal::NotAdmitted);
                }
                fx.replies.push(Effect::JoinMedia {
                    account_id,
                    conn: actor.conn,
                    sdp,
                });
            }
            ClientSignal::Ping { sent_ms, rtt_ms } => {
                if let Some(m) = self.members.get_mut(&account_id) {
                    m.rtt_ms = rtt_ms;
                }
                fx.replies.push(Effect::Send {
                    conn: actor.conn,
                    signal: ServerSignal::Pong { sent_ms },
                });
            }
            ClientSignal::RaiseHand { raised } => {
                if let Some(m) = self.members.get_mut(&account_id) {
                    m.hand_raised = raised;
                }
                // Raising a raised hand again changes nothing and records nothing.
                if raised && !hand_was_raised {
                    fx.record(Room::entry(account_id, account_id, "hand_raised"));
                }
            }
            ClientSignal::Request {
                kind,
                document_id,
                note,
            } => {
                if kind == ProceduralRequestKind::PresentEvidence && document_title.is_none() {
                    return Err(Refusal::DocumentNotInCase);
                }
                let open = self.requests.iter().filter(|r| r.account_id == account_id);
                if open.clone().count() >= MAX_OPEN_REQUESTS {
                    return Err(Refusal::TooManyOpenRequests);
                }
                if open
                    .clone()
                    .any(|r| r.kind == kind && r.document_id == document_id)
                {
                    return Err(Refusal::RequestAlreadyOpen);
                }
                let note = note.map(|n| n.chars().take(500).collect::<String>());
                let id = self.next_request;
                self.next_request += 1;
                self.requests.push(RoomRequest {
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
                let mut e = Room::entry(account_id, account_id, "request");
                e.detail = Some(
                    [Some(what), document_title, note]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(": "),
                );
                fx.record(e);
            }
            ClientSignal::Device { state: device } => {
                let was_ok = device_was.is_none_or(|d| d.camera_ok && d.microphone_ok);
                if let Some(m) = self.members.get_mut(&account_id) {
                    m.device = Some(device);
                }
                let ok = device.camera_ok && device.microphone_ok;
                if was_ok && !ok {
                    let mut e = Room::entry(account_id, account_id, "device_failure");
                    e.detail = Some(format!(
                        "camera {}, microphone {}",
                        if device.camera_ok { "ok" } else { "failed" },
                        if device.microphone_ok { "ok" } else { "failed" }
                    ));
                    e.cause = Some(DisconnectCause::DeviceFailure);
                    fx.record(e);
                    fx.alerts.push((AlertKind::DeviceFailure, account_id, name));
                } else if !was_ok && ok {
                    fx.record(Room::entry(account_id, account_id, "device_restored"));
                }
            }
            // Hello comes once (the transport answers a second one here), leave ends the
            // connection (the transport sees to it).
            ClientSignal::Hello { .. } | ClientSignal::Leave { .. } => {}
            // The court's controls.
            _ if !presides => return Err(Refusal::NotPresiding),
            ClientSignal::Admit { account_id: who } => {
                let m = self.online_member(who)?;
                if m.presence != Presence::Waiting {
                    return Err(Refusal::NotWaiting);
                }
                m.presence = Presence::Admitted;
                m.admitted_once = true;
                fx.record(Room::entry(who, account_id, "admitted"));
            }
            ClientSignal::Mute {
                account_id: who,
                muted,
            } => {
                let m = self.online_member(who)?;
                m.muted = muted;
                fx.unit(UnitCommand::Mute(who, muted));
                fx.record(Room::entry(
                    who,
                    account_id,
                    if muted { "muted" } else { "unmuted" },
                ));
            }
            ClientSignal::Remove { account_id: who } => {
                let m = self.online_member(who)?;
                if m.presides {
                    return Err(Refusal::StaffNotRemovable);
                }
                m.presence = Presence::Removed;
                if let Some(conn) = m.conn.take() {
                    fx.close(conn, DisconnectCause::Removed);
                }
                fx.unit(UnitCommand::Remove(who));
                let mut e = Room::entry(who, account_id, "removed");
                e.cause = Some(DisconnectCause::Removed);
                fx.record(e);
            }
            ClientSignal::PermitLeave { account_id: who } => {
                let m = self.online_member(who)?;
                m.leave_permitted = true;
                self.requests
                    .retain(|r| !(r.account_id == who && r.kind == ProceduralRequestKind::Leave));
                fx.record(Room::entry(who, account_id, "leave_permitted"));
            }
            ClientSignal::DismissRequest { request_id } => {
                let at = self
                    .requests
                    .iter()
                    .position(|r| r.id == request_id)
                    .ok_or(Refusal::RequestNotFound)?;
                let r = self.requests.remove(at);
                fx.record(Room::entry(r.account_id, account_id, "request_dealt_with"));
            }
            ClientSignal::ShowDocument { document_id } => {
                self.shown = match (document_id, document_title) {
                    (None, _) => None,
                    (Some(id), Some(title)) => Some(ShownDocument {
                        document_id: id,
                        title,
                    }),
                    (Some(_), None) => return Err(Refusal::DocumentNotInCase),
                };
                if let Some(shown) = self.shown.clone() {
                    self.requests
                        .retain(|r| r.document_id != Some(shown.document_id));
                    let mut e = Room::entry(account_id, account_id, "document_shown");
                    e.detail = Some(shown.title);
                    fx.record(e);
                }
            }
            ClientSignal::Open | ClientSignal::Pause | ClientSignal::Resume | ClientSignal::End => {
                let act = match signal {
                    ClientSignal::Open => CourtAct::Open,
                    ClientSignal::Pause => CourtAct::Pause,
                    ClientSignal::Resume => CourtAct::Resume,
                    _ => CourtAct::End,
                };
                if !act.allowed_in(self.hearing.state) {
                    return Err(Refusal::WrongHearingState);
                }
                self.hearing.state = act.effect().0;
                match act {
                    CourtAct::Pause => fx.unit(UnitCommand::Pause(true)),
                    CourtAct::Resume | CourtAct::Open => fx.unit(UnitCommand::Pause(false)),
                    CourtAct::End => {
                        for m in self.members.values_mut() {
                            if let Some(conn) = m.conn.take() {
                                fx.close(conn, DisconnectCause::HearingEnded);
                            }
                            if matches!(m.presence, Presence::Admitted | Presence::Waiting) {
                                m.presence = Presence::Left;
                            }
                            fx.unit(UnitCommand::Remove(m.account_id));
                        }
                    }
                }
                fx.act = Some(Effect::CourtAct {
                    act,
                    by: account_id,
                });
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
