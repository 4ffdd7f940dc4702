//! The selective forwarding unit: one UDP socket, one `Rtc` per participant, every
//! participant's camera forwarded into a receive slot of each of the others.

use crate::{crypto, receive, RtcError};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer};
use str0m::media::{Direction, MediaData, MediaKind, Mid};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};

/// Which receive slot (by its media id) carries which participant's video.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlotAssignment {
    pub mid: String,
    pub participant: String,
}

enum Command {
    Join {
        participant: String,
        offer: SdpOffer,
        reply: mpsc::Sender<Result<SdpAnswer, RtcError>>,
    },
    Stop,
}

type Assignments = Arc<Mutex<HashMap<String, Vec<SlotAssignment>>>>;

/// A running forwarding unit. Dropping it stops it.
pub struct Sfu {
    addr: SocketAddr,
    commands: mpsc::Sender<Command>,
    assignments: Assignments,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Sfu {
    /// Starts a unit listening on a free UDP port of `ip`.
    pub fn start(ip: IpAddr) -> Result<Sfu, RtcError> {
        crypto();
        let socket = UdpSocket::bind(SocketAddr::new(ip, 0))?;
        let addr = socket.local_addr()?;
        let (commands, rx) = mpsc::channel();
        let assignments: Assignments = Arc::default();
        let shared = assignments.clone();
        let thread = std::thread::Builder::new()
            .name("sfu".into())
            .spawn(move || run(socket, rx, shared))?;
        Ok(Sfu {
            addr,
            commands,
            assignments,
            thread: Some(thread),
        })
    }

    /// Where participants send their media.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Admits a participant with their SDP offer and answers it. The caller has checked that
    /// the participant may join.
    pub fn join(&self, participant: &str, offer: SdpOffer) -> Result<SdpAnswer, RtcError> {
        let (reply, answer) = mpsc::channel();
        self.commands
            .send(Command::Join {
                participant: participant.to_string(),
                offer,
                reply,
            })
            .map_err(|_| RtcError::Stopped)?;
        answer
            .recv_timeout(Duration::from_secs(10))
            .map_err(|_| RtcError::Stopped)?
    }

    /// What `participant`'s receive slots carry now.
    pub fn assignments(&self, participant: &str) -> Vec<SlotAssignment> {
        self.assignments
            .lock()
            .map(|a| a.get(participant).cloned().unwrap_or_default())
            .unwrap_or_default()
    }
}

impl Drop for Sfu {
    fn drop(&mut self) {
        let _ = self.commands.send(Command::Stop);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Peer {
    participant: String,
    rtc: Rtc,
    camera: Option<Mid>,
    /// Receive slots (sending, from here) and whose video each carries.
    slots: Vec<(Mid, Option<String>)>,
}

fn run(socket: UdpSocket, commands: mpsc::Receiver<Command>, shared: Assignments) {
    let mut peers: Vec<Peer> = Vec::new();
    let mut buf = vec![0u8; 2000];
    loop {
        // Signalling first, so that a participant's Rtc is in place before its first packet.
        loop {
            match commands.try_recv() {
                Ok(Command::Join {
                    participant,
                    offer,
                    reply,
                }) => {
                    let _ = reply.send(admit(&socket, &mut peers, participant, offer));
                }
                Ok(Command::Stop) | Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => break,
            }
        }

        // Everything each participant's Rtc has to say, and the media to forward.
        let mut deadline = Instant::now() + Duration::from_millis(50);
        let mut forward: Vec<(String, MediaData)> = Vec::new();
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
                        Event::MediaAdded(m) if m.kind == MediaKind::Video => match m.direction {
                            Direction::RecvOnly => peer.camera = Some(m.mid),
                            Direction::SendOnly => peer.slots.push((m.mid, None)),
                            _ => {}
                        },
                        Event::MediaData(d) if Some(d.mid) == peer.camera => {
                            forward.push((peer.participant.clone(), d));
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
        if peers.len() != before || assign(&mut peers) {
            publish(&peers, &shared);
        }

        if !forward.is_empty() {
            for (origin, data) in &forward {
                for peer in peers.iter_mut().filter(|p| &p.participant != origin) {
                    let Some(mid) = peer
                        .slots
                        .iter()
                        .find(|(_, who)| who.as_ref() == Some(origin))
                        .map(|(mid, _)| *mid)
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
    participant: String,
    offer: SdpOffer,
) -> Result<SdpAnswer, RtcError> {
    // A participant who rejoins replaces their earlier connection: never two of them.
    for p in peers.iter_mut().filter(|p| p.participant == participant) {
        p.rtc.disconnect();
    }
    let mut rtc = Rtc::builder().build(Instant::now());
    let candidate = Candidate::host(socket.local_addr()?, "udp")?;
    rtc.add_local_candidate(candidate);
    let answer = rtc.sdp_api().accept_offer(offer)?;
    peers.push(Peer {
        participant,
        rtc,
        camera: None,
        slots: Vec::new(),
    });
    Ok(answer)
}

/// Gives every participant's camera a free slot at each of the others; true when anything
/// changed.
fn assign(peers: &mut [Peer]) -> bool {
    let mut changed = false;
    let present: Vec<String> = peers.iter().map(|p| p.participant.clone()).collect();
    let senders: Vec<String> = peers
        .iter()
        .filter(|p| p.camera.is_some())
        .map(|p| p.participant.clone())
        .collect();
    for peer in peers.iter_mut() {
        // Slots of those who left are free again.
        for (_, who) in peer.slots.iter_mut() {
            if who.as_ref().is_some_and(|w| !present.contains(w)) {
                *who = None;
                changed = true;
            }
        }
        for sender in senders.iter().filter(|s| **s != peer.participant) {
            if peer
                .slots
                .iter()
                .any(|(_, who)| who.as_ref() == Some(sender))
            {
                continue;
            }
            if let Some(slot) = peer.slots.iter_mut().find(|(_, who)| who.is_none()) {
                slot.1 = Some(sender.clone());
                changed = true;
            }
        }
    }
    changed
}

fn publish(peers: &[Peer], shared: &Assignments) {
    let Ok(mut map) = shared.lock() else { return };
    map.clear();
    for peer in peers {
        map.insert(
            peer.participant.clone(),
            peer.slots
                .iter()
                .filter_map(|(mid, who)| {
                    who.as_ref().map(|w| SlotAssignment {
                        mid: mid.to_string(),
                        participant: w.clone(),
                    })
                })
                .collect(),
        );
    }
}
