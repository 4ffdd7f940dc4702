//! The selective forwarding unit: one UDP socket, one `Rtc` per participant, each hearing a
//! room of its own. Every participant's camera and microphone are forwarded into receive slots
//! of the others in the same room, unless the room is paused or the participant is muted.

use crate::{crypto, receive, RtcError};
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer};
use str0m::media::{Direction, MediaData, MediaKind, Mid};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};

/// Which receive slot (by its media id) carries whose video or sound.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotAssignment {
    pub mid: String,
    /// `video` or `audio`.
    pub kind: String,
    pub participant: String,
}

/// What the unit sees of one participant's connection.
#[derive(Clone, Debug, PartialEq)]
pub struct PeerStatus {
    pub participant: String,
    /// ICE and DTLS are through.
    pub connected: bool,
    /// How long ago their last video and sound arrived (`None`: never).
    pub video_silent: Option<Duration>,
    pub audio_silent: Option<Duration>,
    /// Video frames received from them.
    pub video_frames: u64,
}

enum Command {
    Join {
        room: String,
        participant: String,
        offer: SdpOffer,
        reply: mpsc::Sender<Result<SdpAnswer, RtcError>>,
    },
    Mute {
        room: String,
        participant: String,
        muted: bool,
    },
    Pause {
        room: String,
        paused: bool,
    },
    Remove {
        room: String,
        participant: String,
    },
    Stop,
}

#[derive(Clone, Debug, Default)]
struct PeerView {
    slots: Vec<SlotAssignment>,
    connected: bool,
    last_video: Option<Instant>,
    last_audio: Option<Instant>,
    video_frames: u64,
}

type Views = Arc<Mutex<HashMap<(String, String), PeerView>>>;

/// A running forwarding unit. Dropping it stops it.
pub struct Sfu {
    addr: SocketAddr,
    commands: Mutex<mpsc::Sender<Command>>,
    views: Views,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sfu {
    /// Starts a unit listening on a free UDP port of `ip`.
    pub fn start(ip: IpAddr) -> Result<Sfu, RtcError> {
        Sfu::bind(SocketAddr::new(ip, 0))
    }

    /// Starts a unit listening on `addr` (port 0: any free port).
    pub fn bind(addr: SocketAddr) -> Result<Sfu, RtcError> {
        crypto();
        let socket = UdpSocket::bind(addr)?;
        let addr = socket.local_addr()?;
        let (commands, rx) = mpsc::channel();
        let views: Views = Arc::default();
        let shared = views.clone();
        let thread = std::thread::Builder::new()
            .name("sfu".into())
            .spawn(move || run(socket, rx, shared))?;
        Ok(Sfu {
            addr,
            commands: Mutex::new(commands),
            views,
            thread: Some(thread),
        })
    }

    /// Where participants send their media.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    fn send(&self, command: Command) -> Result<(), RtcError> {
        self.commands
            .lock()
            .map_err(|_| RtcError::Stopped)?
            .send(command)
            .map_err(|_| RtcError::Stopped)
    }

    /// Admits a participant into `room` with their SDP offer (text) and answers it (text). The
    /// caller has checked that the participant may join. A participant who joins again
    /// replaces their earlier connection: never two of them in a room.
    pub fn join(&self, room: &str, participant: &str, offer: &str) -> Result<String, RtcError> {
        let offer = SdpOffer::from_sdp_string(offer)
            .map_err(|e| RtcError::Rtc(format!("not an SDP offer: {e}")))?;
        let (reply, answer) = mpsc::channel();
        self.send(Command::Join {
            room: room.to_string(),
            participant: participant.to_string(),
            offer,
            reply,
        })?;
        let answer: SdpAnswer = answer
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| RtcError::Stopped)??;
        Ok(answer.to_sdp_string())
    }

    /// Stops (or resumes) forwarding `participant`'s sound to the others.
    pub fn set_muted(&self, room: &str, participant: &str, muted: bool) -> Result<(), RtcError> {
        self.send(Command::Mute {
            room: room.into(),
            participant: participant.into(),
            muted,
        })
    }

    /// Stops (or resumes) forwarding anything in `room`.
    pub fn set_paused(&self, room: &str, paused: bool) -> Result<(), RtcError> {
        self.send(Command::Pause {
            room: room.into(),
            paused,
        })
    }

    /// Closes `participant`'s connection.
    pub fn remove(&self, room: &str, participant: &str) -> Result<(), RtcError> {
        self.send(Command::Remove {
            room: room.into(),
            participant: participant.into(),
        })
    }

    /// What `participant`'s receive slots carry now.
    pub fn assignments(&self, room: &str, participant: &str) -> Vec<SlotAssignment> {
        self.views
            .lock()
            .map(|v| {
                v.get(&(room.to_string(), participant.to_string()))
                    .map(|p| p.slots.clone())
                    .unwrap_or_default()
            })
            .unwrap_or_default()
    }

    /// Everyone connected to `room`, as the unit sees them.
    pub fn status(&self, room: &str) -> Vec<PeerStatus> {
        let now = Instant::now();
        let Ok(views) = self.views.lock() else {
            return Vec::new();
        };
        let mut list: Vec<PeerStatus> = views
            .iter()
            .filter(|((r, _), _)| r == room)
            .map(|((_, who), v)| PeerStatus {
                participant: who.clone(),
                connected: v.connected,
                video_silent: v.last_video.map(|t| now.saturating_duration_since(t)),
                audio_silent: v.last_audio.map(|t| now.saturating_duration_since(t)),
                video_frames: v.video_frames,
            })
            .collect();
        list.sort_by(|a, b| a.participant.cmp(&b.participant));
        list
    }
}

impl Drop for Sfu {
    fn drop(&mut self) {
        let _ = self.send(Command::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Slot {
    mid: Mid,
    kind: MediaKind,
    who: Option<String>,
}

struct Peer {
    room: String,
    participant: String,
    rtc: Rtc,
    connected: bool,
    camera: Option<Mid>,
    microphone: Option<Mid>,
    /// Receive slots (sending, from here) and whose media each carries.
    slots: Vec<Slot>,
    last_video: Option<Instant>,
    last_audio: Option<Instant>,
    video_frames: u64,
}

impl Peer {
    fn key(&self) -> (String, String) {
        (self.room.clone(), self.participant.clone())
    }
}

#[derive(Default)]
struct Rules {
    paused: HashSet<String>,
    muted: HashSet<(String, String)>,
}

fn run(socket: UdpSocket, commands: mpsc::Receiver<Command>, shared: Views) {
    let mut peers: Vec<Peer> = Vec::new();
    let mut rules = Rules::default();
    let mut buf = vec![0u8; 2000];
    let mut last_publish = Instant::now();
    loop {
        // Signalling first, so that a participant's Rtc is in place before its first packet.
        loop {
            match commands.try_recv() {
                Ok(Command::Join {
                    room,
                    participant,
                    offer,
                    reply,
                }) => {
                    let _ = reply.send(admit(&socket, &mut peers, room, participant, offer));
                }
                Ok(Command::Mute {
                    room,
                    participant,
                    muted,
                }) => {
                    if muted {
                        rules.muted.insert((room, participant));
                    } else {
                        rules.muted.remove(&(room, participant));
                    }
                }
                Ok(Command::Pause { room, paused }) => {
                    if paused {
                        rules.paused.insert(room);
                    } else {
                        rules.paused.remove(&room);
                    }
                }
                Ok(Command::Remove { room, participant }) => {
                    for p in peers
                        .iter_mut()
                        .filter(|p| p.room == room && p.participant == participant)
                    {
                        p.rtc.disconnect();
                    }
                }
                Ok(Command::Stop) | Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }

        // Everything each participant's Rtc has to say, and the media to forward.
        let mut deadline = Instant::now() + Duration::from_millis(50);
        let mut forward: Vec<(String, String, MediaData)> = Vec::new();
        for peer in &mut peers {
            loop {
                match peer.rtc.poll_output() {
                    Ok(Output::Timeout(t)) => {
                        deadline = deadline.min(t);
                        break;
                    }
                    Ok(Output::Transmit(t)) => {
                        let _ = socket.send_to(&t.contents, t.destination);
                    }
                    Ok(Output::Event(e)) => match e {
                        Event::Connected => peer.connected = true,
                        Event::MediaAdded(m) => match m.direction {
                            Direction::RecvOnly if m.kind == MediaKind::Video => {
                                peer.camera = Some(m.mid)
                            }
                            Direction::RecvOnly => peer.microphone = Some(m.mid),
                            Direction::SendOnly => peer.slots.push(Slot {
                                mid: m.mid,
                                kind: m.kind,
                                who: None,
                            }),
                            _ => {}
                        },
                        Event::MediaData(d) => {
                            let now = Instant::now();
                            if Some(d.mid) == peer.camera {
                                peer.last_video = Some(now);
                                peer.video_frames += 1;
                            } else if Some(d.mid) == peer.microphone {
                                peer.last_audio = Some(now);
                            } else {
                                continue;
                            }
                            forward.push((peer.room.clone(), peer.participant.clone(), d));
                        }
                        Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                            peer.rtc.disconnect();
                        }
                        _ => {}
                    },
                    Err(e) => {
                        tracing::warn!(participant = %peer.participant, error = %e, "rtc failed");
                        peer.rtc.disconnect();
                        break;
                    }
                }
            }
        }
        let before = peers.len();
        peers.retain(|p| p.rtc.is_alive());
        if peers.len() != before || assign(&mut peers) || last_publish.elapsed().as_millis() > 200 {
            publish(&peers, &shared);
            last_publish = Instant::now();
        }

        if !forward.is_empty() {
            for (room, origin, data) in &forward {
                if rules.paused.contains(room) {
                    continue;
                }
                let kind = peers
                    .iter()
                    .find(|p| &p.room == room && &p.participant == origin)
                    .map(|p| {
                        if Some(data.mid) == p.camera {
                            MediaKind::Video
                        } else {
                            MediaKind::Audio
                        }
                    });
                let Some(kind) = kind else { continue };
                if kind == MediaKind::Audio && rules.muted.contains(&(room.clone(), origin.clone()))
                {
                    continue;
                }
                for peer in peers
                    .iter_mut()
                    .filter(|p| &p.room == room && &p.participant != origin)
                {
                    let Some(mid) = peer
                        .slots
                        .iter()
                        .find(|s| s.kind == kind && s.who.as_ref() == Some(origin))
                        .map(|s| s.mid)
                    else {
                        continue;
                    };
                    let Some(writer) = peer.rtc.writer(mid) else {
                        continue;
                    };
                    let Some(pt) = writer.match_params(data.params) else {
                        continue;
                    };
                    if let Err(e) =
                        writer.write(pt, data.network_time, data.time, data.data.clone())
                    {
                        tracing::warn!(participant = %peer.participant, error = %e, "forwarding failed");
                    }
                }
            }
            // What was written must be polled out before anything else happens.
            continue;
        }

        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(20));
        if let Some(input) = receive(&socket, &mut buf, wait) {
            if let Some(peer) = peers.iter_mut().find(|p| p.rtc.accepts(&input)) {
                if let Err(e) = peer.rtc.handle_input(input) {
                    tracing::warn!(participant = %peer.participant, error = %e, "bad input");
                    peer.rtc.disconnect();
                }
            }
        }
        let now = Instant::now();
        for peer in &mut peers {
            if peer.rtc.handle_input(Input::Timeout(now)).is_err() {
                peer.rtc.disconnect();
            }
        }
    }
}

fn admit(
    socket: &UdpSocket,
    peers: &mut Vec<Peer>,
    room: String,
    participant: String,
    offer: SdpOffer,
) -> Result<SdpAnswer, RtcError> {
    // A participant who rejoins replaces their earlier connection: never two of them.
    peers.retain_mut(|p| {
        let same = p.room == room && p.participant == participant;
        if same {
            p.rtc.disconnect();
        }
        !same
    });
    let mut rtc = Rtc::builder().build(Instant::now());
    let candidate = Candidate::host(socket.local_addr()?, "udp")?;
    rtc.add_local_candidate(candidate);
    let answer = rtc.sdp_api().accept_offer(offer)?;
    peers.push(Peer {
        room,
        participant,
        rtc,
        connected: false,
        camera: None,
        microphone: None,
        slots: Vec::new(),
        last_video: None,
        last_audio: None,
        video_frames: 0,
    });
    Ok(answer)
}

/// Gives every participant's camera and microphone a free slot of the same kind at each of the
/// others in their room; true when anything changed.
fn assign(peers: &mut [Peer]) -> bool {
    let mut changed = false;
    let present: Vec<(String, String)> = peers.iter().map(Peer::key).collect();
    let senders: Vec<(String, String, MediaKind)> = peers
        .iter()
        .flat_map(|p| {
            let mut kinds = Vec::new();
            if p.camera.is_some() {
                kinds.push((p.room.clone(), p.participant.clone(), MediaKind::Video));
            }
            if p.microphone.is_some() {
                kinds.push((p.room.clone(), p.participant.clone(), MediaKind::Audio));
            }
            kinds
        })
        .collect();
    for peer in peers.iter_mut() {
        // Slots of those who left are free again.
        for slot in peer.slots.iter_mut() {
            if slot
                .who
                .as_ref()
                .is_some_and(|w| !present.contains(&(peer.room.clone(), w.clone())))
            {
                slot.who = None;
                changed = true;
            }
        }
        for (room, sender, kind) in &senders {
            if *room != peer.room || *sender == peer.participant {
                continue;
            }
            if peer
                .slots
                .iter()
                .any(|s| s.kind == *kind && s.who.as_ref() == Some(sender))
            {
                continue;
            }
            if let Some(slot) = peer
                .slots
                .iter_mut()
                .find(|s| s.kind == *kind && s.who.is_none())
            {
                slot.who = Some(sender.clone());
                changed = true;
            }
        }
    }
    changed
}

fn publish(peers: &[Peer], shared: &Views) {
    let Ok(mut map) = shared.lock() else { return };
    map.clear();
    for peer in peers {
        map.insert(
            peer.key(),
            PeerView {
                slots: peer
                    .slots
                    .iter()
                    .filter_map(|s| {
                        s.who.as_ref().map(|w| SlotAssignment {
                            mid: s.mid.to_string(),
                            kind: if s.kind == MediaKind::Video {
                                "video".into()
                            } else {
                                "audio".into()
                            },
                            participant: w.clone(),
                        })
                    })
                    .collect(),
                connected: peer.connected,
                last_video: peer.last_video,
                last_audio: peer.last_audio,
                video_frames: peer.video_frames,
            },
        );
    }
}
