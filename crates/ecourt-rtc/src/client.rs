//! A participant's end: the camera's frames encoded as H.264 and sent, the others' video
//! received in the receive slots and decoded back into frames.

use crate::{crypto, receive, RtcError, SLOTS};
use ecourt_media::{Frame, VideoDecoder, VideoEncoder};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};
use str0m::change::{SdpAnswer, SdpOffer};
use str0m::format::Codec;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};

/// A decoded frame of another participant's video, and the receive slot it came in.
#[derive(Debug)]
pub struct ReceivedFrame {
    pub mid: String,
    pub frame: Frame,
}

/// A connected participant. Dropping it leaves.
pub struct RtcClient {
    frames: mpsc::Receiver<ReceivedFrame>,
    stop: Arc<AtomicBool>,
    connected: Arc<AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RtcClient {
    /// Connects from a free UDP port of `ip`: offers the camera and the receive slots, hands
    /// the offer to `signal` (which brings back the unit's answer), then sends `camera`'s
    /// frames (opened on the client's own thread) at `fps`.
    pub fn connect(
        ip: IpAddr,
        participant: &str,
        signal: impl FnOnce(SdpOffer) -> Result<SdpAnswer, RtcError>,
        camera_id: &str,
        fps: u32,
    ) -> Result<RtcClient, RtcError> {
        crypto();
        let socket = UdpSocket::bind(SocketAddr::new(ip, 0))?;
        let mut rtc = Rtc::builder()
            .clear_codecs()
            .enable_h264(true)
            .build(Instant::now());
        rtc.add_local_candidate(Candidate::host(socket.local_addr()?, "udp")?);
        let mut change = rtc.sdp_api();
        let camera = change.add_media(
            MediaKind::Video,
            Direction::SendOnly,
            Some(participant.to_string()),
            None,
            None,
        );
        for _ in 0..SLOTS {
            change.add_media(MediaKind::Video, Direction::RecvOnly, None, None, None);
        }
        let (offer, pending) = change
            .apply()
            .ok_or_else(|| RtcError::Rtc("nothing to offer".into()))?;
        let answer = signal(offer)?;
        rtc.sdp_api().accept_answer(pending, answer)?;

        // The camera on a thread of its own (some backends are tied to their thread).
        let (frame_tx, frame_rx) = mpsc::sync_channel::<Frame>(2);
        let stop = Arc::new(AtomicBool::new(false));
        let camera_stop = stop.clone();
        let camera_id = camera_id.to_string();
        std::thread::Builder::new()
            .name("rtc-camera".into())
            .spawn(move || {
                let Ok(mut source) = ecourt_media::open(&camera_id, fps) else {
                    return;
                };
                while !camera_stop.load(Ordering::Relaxed) {
                    match source.next_frame() {
                        Ok(f) => {
                            if frame_tx.try_send(f).is_err() && camera_stop.load(Ordering::Relaxed)
                            {
                                break;
                            }
                        }
                        Err(_) => break,
                    }
                }
            })?;

        let (out_tx, frames) = mpsc::channel();
        let connected = Arc::new(AtomicBool::new(false));
        let (stopped, is_connected) = (stop.clone(), connected.clone());
        let encoder = VideoEncoder::new(fps, 600_000).map_err(|e| RtcError::Rtc(e.to_string()))?;
        let thread = std::thread::Builder::new()
            .name("rtc-client".into())
            .spawn(move || {
                run(
                    socket,
                    rtc,
                    camera,
                    encoder,
                    frame_rx,
                    out_tx,
                    stopped,
                    is_connected,
                );
            })?;
        Ok(RtcClient {
            frames,
            stop,
            connected,
            thread: Some(thread),
        })
    }

    /// The next decoded frame of another participant, waiting at most `timeout`.
    pub fn next_frame(&self, timeout: Duration) -> Option<ReceivedFrame> {
        self.frames.recv_timeout(timeout).ok()
    }

    /// Whether ICE and DTLS are through.
    pub fn is_connected(&self) -> bool {
        self.connected.load(Ordering::Relaxed)
    }
}

impl Drop for RtcClient {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn run(
    socket: UdpSocket,
    mut rtc: Rtc,
    camera: Mid,
    mut encoder: VideoEncoder,
    camera_frames: mpsc::Receiver<Frame>,
    out: mpsc::Sender<ReceivedFrame>,
    stop: Arc<AtomicBool>,
    connected: Arc<AtomicBool>,
) {
    let started = Instant::now();
    let mut decoders: HashMap<Mid, VideoDecoder> = HashMap::new();
    let mut buf = vec![0u8; 2000];
    while !stop.load(Ordering::Relaxed) {
        let mut deadline = Instant::now() + Duration::from_millis(50);
        loop {
            match rtc.poll_output() {
                Ok(Output::Timeout(t)) => {
                    deadline = deadline.min(t);
                    break;
                }
                Ok(Output::Transmit(t)) => {
                    let _ = socket.send_to(&t.contents, t.destination);
                }
                Ok(Output::Event(e)) => match e {
                    Event::Connected => connected.store(true, Ordering::Relaxed),
                    Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                        connected.store(false, Ordering::Relaxed);
                    }
                    Event::KeyframeRequest(_) => encoder.force_keyframe(),
                    Event::MediaData(d) => {
                        let decoder = match decoders.entry(d.mid) {
                            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                            std::collections::hash_map::Entry::Vacant(v) => {
                                match VideoDecoder::new() {
                                    Ok(dec) => v.insert(dec),
                                    Err(_) => continue,
                                }
                            }
                        };
                        if let Ok(Some(frame)) = decoder.decode(&d.data) {
                            let _ = out.send(ReceivedFrame {
                                mid: d.mid.to_string(),
                                frame,
                            });
                        }
                    }
                    _ => {}
                },
                Err(e) => {
                    tracing::warn!(error = %e, "rtc client failed");
                    return;
                }
            }
        }
        if !rtc.is_alive() {
            return;
        }

        // A camera frame, once connected (media written before that is dropped).
        if connected.load(Ordering::Relaxed) {
            if let Ok(frame) = camera_frames.try_recv() {
                if let Ok(au) = encoder.encode(&frame) {
                    let ticks = started.elapsed().as_micros() as u64 * 9 / 100;
                    if let Some(writer) = rtc.writer(camera) {
                        let pt = writer
                            .payload_params()
                            .find(|p| p.spec().codec == Codec::H264)
                            .map(|p| p.pt());
                        if let Some(pt) = pt {
                            let time = MediaTime::new(ticks, Frequency::NINETY_KHZ);
                            if let Err(e) = writer.write(pt, Instant::now(), time, au) {
                                tracing::warn!(error = %e, "sending video failed");
                            }
                        }
                    }
                    continue; // poll what the write produced
                }
            }
        }

        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(5));
        if let Some(input) = receive(&socket, &mut buf, wait) {
            if rtc.handle_input(input).is_err() {
                return;
            }
            continue;
        }
        if rtc.handle_input(Input::Timeout(Instant::now())).is_err() {
            return;
        }
    }
}
