//! WebRTC for hearings, on str0m (a sans-IO WebRTC library): [`Sfu`], the court's selective
//! forwarding unit, forwards every participant's media to the others in the same room (one room
//! per hearing) over one UDP socket, and can mute, pause and remove; [`RtcClient`] is a
//! participant's end — camera frames and microphone sound in, H.264 and Opus out, and the
//! others' video and sound decoded back.
//!
//! Each participant offers its own camera (send) and a fixed number of receive slots; the
//! unit fills a free slot with each other participant's video and says which slot carries whom
//! through the caller's signalling ([`SlotAssignment`]). Fixed slots mean no renegotiation when
//! someone joins or leaves: a hearing has a bounded number of participants.
//!
//! Signalling (who may join, the SDP offer and answer, slot assignments) is the caller's: the
//! court service carries it over its authenticated API.

mod client;
mod sfu;

pub use client::{CameraFeed, MediaSources, ReceivedFrame, ReceivedSound, RtcClient};
pub use sfu::{PeerStatus, Sfu, SlotAssignment};

/// Receive slots of each kind (video, sound) each participant offers: the most other
/// participants it can see and hear.
pub const SLOTS: usize = 8;

/// Why a connection failed.
#[derive(Debug, thiserror::Error)]
pub enum RtcError {
    #[error("network: {0}")]
    Io(#[from] std::io::Error),
    #[error("webrtc: {0}")]
    Rtc(String),
    #[error("the forwarding unit has stopped")]
    Stopped,
}

impl From<str0m::error::IceError> for RtcError {
    fn from(e: str0m::error::IceError) -> Self {
        RtcError::Rtc(e.to_string())
    }
}

impl From<str0m::RtcError> for RtcError {
    fn from(e: str0m::RtcError) -> Self {
        RtcError::Rtc(e.to_string())
    }
}

/// Installs str0m's pure-Rust crypto once per process.
fn crypto() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| str0m::crypto::from_feature_flags().install_process_default());
}

/// Waits up to `wait` (1 ms at least) for one UDP datagram and wraps it as str0m input.
fn receive<'a>(
    socket: &std::net::UdpSocket,
    buf: &'a mut Vec<u8>,
    wait: std::time::Duration,
) -> Option<str0m::Input<'a>> {
    let _ = socket.set_read_timeout(Some(wait.max(std::time::Duration::from_millis(1))));
    buf.resize(2000, 0);
    let (n, source) = socket.recv_from(buf).ok()?;
    let contents = buf[..n].try_into().ok()?;
    Some(str0m::Input::Receive(
        std::time::Instant::now(),
        str0m::net::Receive {
            proto: str0m::net::Protocol::Udp,
            source,
            destination: socket.local_addr().unwrap_or(source),
            contents,
        },
    ))
}
