//! Online hearings (在线庭审): the hearing in the case, each participant's consent and mode,
//! the join token, and the messages of the hearing's signalling WebSocket.
//!
//! The WebSocket at `/api/v1/hearings/{id}/signal?token=…` carries JSON: [`ClientSignal`] up,
//! [`ServerSignal`] down. The court keeps the room (who waits, who is admitted, muted, removed)
//! and tells each participant the room as they may see it ([`RoomState`]).

use ecourt_domain::CaseRole;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum HearingState {
    /// Scheduled, not yet opened by the judge.
    Scheduled,
    /// In session.
    Open,
    /// Paused by the judge (no media flows).
    Paused,
    /// Ended.
    Ended,
}

impl HearingState {
    pub fn as_str(self) -> &'static str {
        match self {
            HearingState::Scheduled => "scheduled",
            HearingState::Open => "open",
            HearingState::Paused => "paused",
            HearingState::Ended => "ended",
        }
    }

    pub fn parse(s: &str) -> Option<HearingState> {
        [
            HearingState::Scheduled,
            HearingState::Open,
            HearingState::Paused,
            HearingState::Ended,
        ]
        .into_iter()
        .find(|h| h.as_str() == s)
    }
}

/// Why a party takes part offline (在线庭审的排除情形, 《人民法院在线诉讼规则》 Art. 21 and
/// domain.md §4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ExclusionGround {
    /// The party refuses an online hearing.
    Refused,
    /// No camera, microphone or network to take part (不具备在线庭审技术条件).
    NoEquipment,
    /// Originals must be checked in person (需要现场查明身份、核对原件).
    OriginalsToCheck,
    /// Physical evidence must be examined (需要现场查验实物证据).
    PhysicalEvidence,
    /// Identity must be checked in person.
    IdentityInPerson,
}

impl ExclusionGround {
    pub const ALL: [ExclusionGround; 5] = [
        ExclusionGround::Refused,
        ExclusionGround::NoEquipment,
        ExclusionGround::OriginalsToCheck,
        ExclusionGround::PhysicalEvidence,
        ExclusionGround::IdentityInPerson,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ExclusionGround::Refused => "refused",
            ExclusionGround::NoEquipment => "no_equipment",
            ExclusionGround::OriginalsToCheck => "originals_to_check",
            ExclusionGround::PhysicalEvidence => "physical_evidence",
            ExclusionGround::IdentityInPerson => "identity_in_person",
        }
    }

    pub fn parse(s: &str) -> Option<ExclusionGround> {
        Self::ALL.into_iter().find(|g| g.as_str() == s)
    }
}

/// How a participant takes part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AttendanceMode {
    /// Has not answered yet (parties and agents must consent first).
    Pending,
    Online,
    /// In the courtroom: refused, or an exclusion ground applies.
    Offline,
}

/// One person summoned to the hearing, as the court knows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingAttendee {
    pub name: String,
    pub role: CaseRole,
    pub mode: AttendanceMode,
    /// Why offline, when offline.
    pub ground: Option<ExclusionGround>,
    /// The caller themselves.
    pub you: bool,
}

/// A hearing of the case (开庭).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingSummary {
    pub id: i64,
    /// When it starts (RFC 3339).
    pub scheduled_at: String,
    pub courtroom: String,
    pub state: HearingState,
    pub attendees: Vec<HearingAttendee>,
}

/// A party's or agent's answer on the online hearing, or the court's exclusion.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingConsentRequest {
    /// True: agrees to take part online. False: refuses (then `ground` is `refused` or another
    /// ground the party names, e.g. `no_equipment`).
    pub online: bool,
    pub ground: Option<ExclusionGround>,
}

/// The court (judge or clerk) sets an exclusion ground for a participant, who then takes part
/// in the courtroom.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingExclusionRequest {
    pub username: String,
    pub ground: ExclusionGround,
}

/// Asking to join: the courtroom rules and the no-recording declaration accepted.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct JoinTokenRequest {
    pub rules_accepted: bool,
    pub no_recording_declared: bool,
}

/// A short-lived pass to the hearing's signalling WebSocket, signed by the court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct JoinToken {
    pub token: String,
    pub expires_at: String,
    /// The WebSocket path, relative to the court's address.
    pub signal_path: String,
}

/// The court schedules a hearing of a case.
#[derive(Debug, Clone, Serialize, Deserialize, TS, ToSchema)]
pub struct ScheduleHearingRequest {
    /// RFC 3339.
    pub scheduled_at: String,
    pub courtroom: String,
    /// The phone a participant calls when they cannot get in (the clerk's desk), if any.
    #[serde(default)]
    pub contact_phone: Option<String>,
}

/// The courtroom rules shown before joining (the court's text, data).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct CourtroomRules {
    pub version: String,
    pub rules: Vec<String>,
    pub declaration: String,
}

/// One entry of the hearing record (庭审记录): a connection, a disconnection with its cause,
/// a reconnect, a leave, or an act of the court.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingLogEntry {
    pub at: String,
    /// Whom it is about.
    pub name: String,
    pub role: CaseRole,
    /// e.g. `connected`, `disconnected`, `reconnected`, `left`, `left_without_permission`,
    /// `admitted`, `muted`, `removed`, `paused`, `resumed`, `ended`, `video_stopped`,
    /// `video_resumed`, `hand_raised`, `request`.
    pub kind: String,
    /// For a disconnection or leave: [`DisconnectCause`] as text.
    pub cause: Option<String>,
    pub detail: Option<String>,
    /// Who did it, when someone else than the subject did (the judge admitting, removing).
    pub by: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct HearingRecord {
    pub hearing_id: i64,
    pub entries: Vec<HearingLogEntry>,
}

/// Why a participant's connection ended, as far as the court and the client can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum DisconnectCause {
    /// The client said it leaves on purpose.
    LeftOnPurpose,
    /// The client said its app is closing.
    AppClosed,
    /// The client said its camera or microphone failed.
    DeviceFailure,
    /// Nothing arrived for a while (heartbeat lost): the network, or the machine lost power.
    NetworkLost,
    /// The connection was cut without a word (the app was killed or crashed, or the machine
    /// lost power); the client tells more when it comes back.
    ConnectionDropped,
    /// The judge removed them.
    Removed,
    /// The same person connected again (from this or another machine).
    Replaced,
    /// The hearing ended.
    HearingEnded,
}

impl DisconnectCause {
    pub fn as_str(self) -> &'static str {
        match self {
            DisconnectCause::LeftOnPurpose => "left_on_purpose",
            DisconnectCause::AppClosed => "app_closed",
            DisconnectCause::DeviceFailure => "device_failure",
            DisconnectCause::NetworkLost => "network_lost",
            DisconnectCause::ConnectionDropped => "connection_dropped",
            DisconnectCause::Removed => "removed",
            DisconnectCause::Replaced => "replaced",
            DisconnectCause::HearingEnded => "hearing_ended",
        }
    }
}

/// What a rejoining client tells about its last connection: why it thinks it lost it, and
/// how often it tried to come back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ReconnectReport {
    pub cause: DisconnectCause,
    pub attempts: u32,
    /// When the client noticed (RFC 3339, the client's clock).
    pub since: String,
}

/// A procedural request made in the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProceduralRequestKind {
    /// 申请回避
    Recusal,
    /// 举证: show a document of the case file to everyone.
    PresentEvidence,
    /// 请求发言 / 陈述
    Statement,
    /// Ask the judge's permission to leave (申请退庭).
    Leave,
}

/// A participant's device state, sent when it changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct DeviceState {
    pub camera_ok: bool,
    pub microphone_ok: bool,
}

/// Client → court over the signalling WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ClientSignal {
    /// First message: who we are is in the token; a rejoin says what happened.
    Hello {
        reconnect: Option<ReconnectReport>,
    },
    /// The WebRTC offer (SDP) once admitted.
    Offer {
        sdp: String,
    },
    /// Every second; the court answers with `pong`. Carries the client's last measured round
    /// trip, which the court shows as connection quality.
    Ping {
        sent_ms: u64,
        rtt_ms: Option<u32>,
    },
    RaiseHand {
        raised: bool,
    },
    Request {
        kind: ProceduralRequestKind,
        document_id: Option<i64>,
        note: Option<String>,
    },
    Device {
        state: DeviceState,
    },
    /// Leaving: on purpose (after the warning) or because the app closes.
    Leave {
        cause: DisconnectCause,
    },
    // The court's controls (judge or clerk only).
    Admit {
        account_id: i64,
    },
    Mute {
        account_id: i64,
        muted: bool,
    },
    Remove {
        account_id: i64,
    },
    PermitLeave {
        account_id: i64,
    },
    /// The court has dealt with a procedural request (heard the statement, decided the
    /// recusal): it leaves the list.
    DismissRequest {
        request_id: i64,
    },
    /// Shows a document of the case file on everyone's screen (none: stop showing).
    ShowDocument {
        document_id: Option<i64>,
    },
    Open,
    Pause,
    Resume,
    End,
}

/// Where someone is in the hearing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Presence {
    /// Summoned, not connected.
    Absent,
    /// Connected, waiting for the judge to admit them.
    Waiting,
    /// Admitted and in the hearing.
    Admitted,
    /// Was connected; the connection is lost (they may come back).
    Dropped,
    /// Left (with or without permission).
    Left,
    Removed,
}

/// One participant as the court shows them to the receiver of the [`RoomState`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomParticipant {
    pub account_id: i64,
    /// Name and role as the court knows them, never typed by the user.
    pub name: String,
    pub role: CaseRole,
    /// How they were summoned to take part: online, in the courtroom, or not answered yet.
    /// Those not online are listed too (as absent), so the court sees who is expected.
    pub mode: AttendanceMode,
    /// The presiding judge or the clerk (admits, mutes, removes, pauses and ends).
    pub presides: bool,
    pub presence: Presence,
    /// Media flows between them and the court.
    pub media_connected: bool,
    /// Their video reaches the court (false: it stopped, the judge is alerted).
    pub video_live: bool,
    pub muted: bool,
    pub hand_raised: bool,
    pub device: Option<DeviceState>,
    /// Which of the receiver's slots carries their video and sound.
    pub video_mid: Option<String>,
    pub audio_mid: Option<String>,
    /// Round trip of their last heartbeat, in ms.
    pub rtt_ms: Option<u32>,
}

/// A request waiting for the judge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomRequest {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub kind: ProceduralRequestKind,
    pub document_id: Option<i64>,
    pub document_title: Option<String>,
    pub note: Option<String>,
}

/// The hearing as one participant may see it now.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
pub struct RoomState {
    pub hearing_id: i64,
    pub case_number: Option<String>,
    pub courtroom: String,
    /// When it starts (RFC 3339), for the waiting room.
    pub scheduled_at: String,
    /// The phone a participant calls when they cannot get in (the clerk's desk), if the court
    /// gave one.
    pub contact_phone: Option<String>,
    pub state: HearingState,
    /// The receiver's own account.
    pub you: i64,
    /// The receiver may admit, mute, remove, pause and end.
    pub presiding: bool,
    pub participants: Vec<RoomParticipant>,
    pub requests: Vec<RoomRequest>,
    /// Leave granted to the receiver by the judge.
    pub leave_permitted: bool,
    /// The document of the case file the court is showing everyone, if any.
    pub shown_document: Option<ShownDocument>,
}

/// A document of the case file on everyone's screen (each shows it from their own copy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ShownDocument {
    pub document_id: i64,
    pub title: String,
}

/// A warning for the court (and the person concerned).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AlertKind {
    Dropped,
    VideoStopped,
    LeftWithoutPermission,
    DeviceFailure,
}

/// Court → client over the signalling WebSocket.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS, ToSchema)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum ServerSignal {
    Room {
        room: RoomState,
    },
    Answer {
        sdp: String,
    },
    Pong {
        sent_ms: u64,
    },
    Alert {
        kind: AlertKind,
        account_id: i64,
        name: String,
    },
    /// The court ends this connection (removed, replaced, hearing ended); no reconnecting.
    Closed {
        cause: DisconnectCause,
    },
    Error {
        code: crate::ApiErrorCode,
        message: String,
    },
}
