//! A participant's end: the camera's frames encoded as H.264 and the microphone's sound as
//! Opus, sent; the others' video and sound received in the receive slots and decoded.

use crate::{crypto, receive, RtcError, SLOTS};
use ecourt_media::{AudioDecoder, AudioEncoder, Frame, VideoDecoder, VideoEncoder};
use std::collections::{HashMap, HashSet};
use std::net::{IpAddr, SocketAddr, UdpSocket};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Mutex};
use std::time::{Duration, Instant};
use str0m::change::SdpAnswer;
use str0m::format::Codec;
use str0m::media::{Direction, Frequency, MediaKind, MediaTime, Mid};
use str0m::{Candidate, Event, IceConnectionState, Input, Output, Rtc};

/// A decoded frame of another participant's video, and the receive slot it came in.
#[derive(Debug)]
pub struct ReceivedFrame {
    pub mid: String,
    pub frame: Frame,
}

/// Decoded sound of another participant (20 ms, 48 kHz mono), and the slot it came in.
#[derive(Debug)]
pub struct ReceivedSound {
    pub mid: String,
    pub samples: Vec<i16>,
}

/// What a participant sends: a camera (by its `ecourt_media` id) at a frame rate, and
/// optionally a microphone.
#[derive(Clone, Debug)]
pub struct MediaSources {
    pub camera: String,
    pub fps: u32,
    pub microphone: Option<String>,
}

/// What the client's own devices are doing; shared with its threads.
#[derive(Debug, Default)]
struct Shared {
    stop: AtomicBool,
    connected: AtomicBool,
    muted: AtomicBool,
    microphone_failed: AtomicBool,
}

/// A connected participant. Dropping it leaves.
pub struct RtcClient {
    // Behind locks so that one thread can read while another mutes (the client is `Sync`).
    frames: Mutex<mpsc::Receiver<ReceivedFrame>>,
    sound: Mutex<mpsc::Receiver<ReceivedSound>>,
    /// The camera, when the client opened it itself.
    camera: Option<CameraFeed>,
    shared: Arc<Shared>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl RtcClient {
    /// Connects from a free UDP port of `ip`: offers the camera, the microphone and the receive
    /// slots, hands the SDP offer to `signal` (which brings back the unit's SDP answer), then
    /// sends the sources' frames and sound (each opened on a thread of its own).
    pub fn connect(
        ip: IpAddr,
        participant: &str,
        signal: impl FnOnce(String) -> Result<String, RtcError>,
        sources: &MediaSources,
    ) -> Result<RtcClient, RtcError> {
        let negotiated = Negotiated::new(ip, participant, signal)?;
        let camera = CameraFeed::start(&sources.camera, sources.fps, |_| {});
        let frames = camera.connect();
        let mut client = RtcClient::launch(
            negotiated,
            frames,
            sources.fps,
            sources.microphone.as_deref(),
        )?;
        client.camera = Some(camera);
        Ok(client)
    }

    /// Like [`RtcClient::connect`], with the camera's frames coming from the caller's
    /// [`CameraFeed`] (kept open across connections, e.g. for a preview before and between
    /// them).
    pub fn connect_frames(
        ip: IpAddr,
        participant: &str,
        signal: impl FnOnce(String) -> Result<String, RtcError>,
        frames: mpsc::Receiver<Frame>,
        fps: u32,
        microphone: Option<&str>,
    ) -> Result<RtcClient, RtcError> {
        let negotiated = Negotiated::new(ip, participant, signal)?;
        RtcClient::launch(negotiated, frames, fps, microphone)
    }

    fn launch(
        n: Negotiated,
        frames: mpsc::Receiver<Frame>,
        fps: u32,
        microphone: Option<&str>,
    ) -> Result<RtcClient, RtcError> {
        let shared = Arc::new(Shared::default());
        let sound_rx = match microphone {
            Some(id) => Some(spawn_microphone(id, shared.clone())?),
            None => None,
        };
        let (frame_out, received) = mpsc::channel();
        let (sound_out, sound) = mpsc::sync_channel(100);
        let video = VideoEncoder::new(fps, 600_000).map_err(|e| RtcError::Rtc(e.to_string()))?;
        let audio = AudioEncoder::new().map_err(|e| RtcError::Rtc(e.to_string()))?;
        let state = shared.clone();
        let thread = std::thread::Builder::new()
            .name("rtc-client".into())
            .spawn(move || {
                run(Session {
                    socket: n.socket,
                    rtc: n.rtc,
                    camera: n.camera,
                    microphone: n.microphone,
                    audio_slots: n.audio_slots,
                    video,
                    audio,
                    camera_frames: frames,
                    microphone_blocks: sound_rx,
                    frame_out,
                    sound_out,
                    shared: state,
                });
            })?;
        Ok(RtcClient {
            frames: Mutex::new(received),
            sound: Mutex::new(sound),
            camera: None,
            shared,
            thread: Some(thread),
        })
    }

    /// The next decoded frame of another participant, waiting at most `timeout`.
    pub fn next_frame(&self, timeout: Duration) -> Option<ReceivedFrame> {
        self.frames.lock().ok()?.recv_timeout(timeout).ok()
    }

    /// Decoded sound received so far (what is not taken is dropped after 2 s).
    pub fn take_sound(&self) -> Vec<ReceivedSound> {
        self.sound
            .lock()
            .map(|s| s.try_iter().collect())
            .unwrap_or_default()
    }

    /// Whether ICE and DTLS are through.
    pub fn is_connected(&self) -> bool {
        self.shared.connected.load(Ordering::Relaxed)
    }

    /// Whether the connection has ended (left, removed, or lost for good).
    pub fn is_closed(&self) -> bool {
        self.thread.as_ref().is_none_or(|t| t.is_finished())
    }

    /// Stops (or resumes) sending the microphone's sound.
    pub fn set_muted(&self, muted: bool) {
        self.shared.muted.store(muted, Ordering::Relaxed);
    }

    /// Whether the camera the client opened stopped delivering pictures (a device failure).
    pub fn camera_failed(&self) -> bool {
        self.camera.as_ref().is_some_and(CameraFeed::failed)
    }

    /// Whether the microphone stopped delivering sound.
    pub fn microphone_failed(&self) -> bool {
        self.shared.microphone_failed.load(Ordering::Relaxed)
    }
}

/// A connection whose offer the unit has answered: the socket, the `Rtc`, and the media ids.
struct Negotiated {
    socket: UdpSocket,
    rtc: Rtc,
    camera: Mid,
    microphone: Mid,
    audio_slots: HashSet<Mid>,
}

impl Negotiated {
    fn new(
        ip: IpAddr,
        participant: &str,
        signal: impl FnOnce(String) -> Result<String, RtcError>,
    ) -> Result<Negotiated, RtcError> {
        crypto();
        let socket = UdpSocket::bind(SocketAddr::new(ip, 0))?;
        let mut rtc = Rtc::builder()
            .clear_codecs()
            .enable_h264(true)
            .enable_opus(true, false)
            .build(Instant::now());
        rtc.add_local_candidate(Candidate::host(socket.local_addr()?, "udp")?);
        let mut change = rtc.sdp_api();
        let stream = Some(participant.to_string());
        let camera = change.add_media(
            MediaKind::Video,
            Direction::SendOnly,
            stream.clone(),
            None,
            None,
        );
        let microphone =
            change.add_media(MediaKind::Audio, Direction::SendOnly, stream, None, None);
        let mut audio_slots = HashSet::new();
        for _ in 0..SLOTS {
            change.add_media(MediaKind::Video, Direction::RecvOnly, None, None, None);
            audio_slots.insert(change.add_media(
                MediaKind::Audio,
                Direction::RecvOnly,
                None,
                None,
                None,
            ));
        }
        let (offer, pending) = change
            .apply()
            .ok_or_else(|| RtcError::Rtc("nothing to offer".into()))?;
        let answer = SdpAnswer::from_sdp_string(&signal(offer.to_sdp_string())?)
            .map_err(|e| RtcError::Rtc(format!("not an SDP answer: {e}")))?;
        rtc.sdp_api().accept_answer(pending, answer)?;
        Ok(Negotiated {
            socket,
            rtc,
            camera,
            microphone,
            audio_slots,
        })
    }
}

/// A camera on a thread of its own (some backends are tied to their thread), open for as long
/// as the feed lives: every other frame to a preview, every frame to the media connection
/// while there is one ([`CameraFeed::connect`]).
pub struct CameraFeed {
    media: Arc<Mutex<Option<mpsc::SyncSender<Frame>>>>,
    failed: Arc<AtomicBool>,
    stop: Arc<AtomicBool>,
}

impl CameraFeed {
    pub fn start(id: &str, fps: u32, preview: impl Fn(Frame) + Send + 'static) -> CameraFeed {
        let feed = CameraFeed {
            media: Arc::default(),
            failed: Arc::default(),
            stop: Arc::default(),
        };
        let (media, failed, stop) = (feed.media.clone(), feed.failed.clone(), feed.stop.clone());
        let id = id.to_string();
        let spawned = std::thread::Builder::new()
            .name("rtc-camera".into())
            .spawn(move || {
                let mut source = match ecourt_media::open(&id, fps) {
                    Ok(s) => s,
                    Err(e) => {
                        tracing::warn!(camera = %id, error = %e, "camera failed to open");
                        failed.store(true, Ordering::Relaxed);
                        return;
                    }
                };
                while !stop.load(Ordering::Relaxed) {
                    match source.next_frame() {
                        Ok(frame) => {
                            if let Some(tx) = media.lock().ok().and_then(|m| m.clone()) {
                                let _ = tx.try_send(frame.clone());
                            }
                            if frame.index % 2 == 0 {
                                preview(frame);
                            }
                        }
                        Err(e) => {
                            tracing::warn!(camera = %id, error = %e, "camera stopped");
                            failed.store(true, Ordering::Relaxed);
                            return;
                        }
                    }
                }
            });
        if spawned.is_err() {
            feed.failed.store(true, Ordering::Relaxed);
        }
        feed
    }

    /// A fresh stream of frames for a new media connection (the previous one's ends).
    pub fn connect(&self) -> mpsc::Receiver<Frame> {
        let (tx, rx) = mpsc::sync_channel(2);
        if let Ok(mut m) = self.media.lock() {
            *m = Some(tx);
        }
        rx
    }

    /// Whether the camera failed to open or stopped delivering pictures.
    pub fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }
}

impl Drop for CameraFeed {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}

fn spawn_microphone(id: &str, shared: Arc<Shared>) -> Result<mpsc::Receiver<Vec<i16>>, RtcError> {
    let (tx, rx) = mpsc::sync_channel::<Vec<i16>>(10);
    let id = id.to_string();
    std::thread::Builder::new()
        .name("rtc-microphone".into())
        .spawn(move || {
            let mut source = match ecourt_media::open_microphone(&id) {
                Ok(s) => s,
                Err(e) => {
                    tracing::warn!(microphone = %id, error = %e, "microphone failed to open");
                    shared.microphone_failed.store(true, Ordering::Relaxed);
                    return;
                }
            };
            while !shared.stop.load(Ordering::Relaxed) {
                match source.next_block() {
                    Ok(b) => {
                        let _ = tx.try_send(b);
                    }
                    Err(e) => {
                        tracing::warn!(microphone = %id, error = %e, "microphone stopped");
                        shared.microphone_failed.store(true, Ordering::Relaxed);
                        break;
                    }
                }
            }
        })?;
    Ok(rx)
}

impl Drop for RtcClient {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

struct Session {
    socket: UdpSocket,
    rtc: Rtc,
    camera: Mid,
    microphone: Mid,
    audio_slots: HashSet<Mid>,
    video: VideoEncoder,
    audio: AudioEncoder,
    camera_frames: mpsc::Receiver<Frame>,
    microphone_blocks: Option<mpsc::Receiver<Vec<i16>>>,
    frame_out: mpsc::Sender<ReceivedFrame>,
    sound_out: mpsc::SyncSender<ReceivedSound>,
    shared: Arc<Shared>,
}

/// Writes one coded unit on `mid` with the first payload type of `codec`.
fn write(rtc: &mut Rtc, mid: Mid, codec: Codec, time: MediaTime, data: Vec<u8>) {
    let Some(writer) = rtc.writer(mid) else {
        return;
    };
    let Some(pt) = writer
        .payload_params()
        .find(|p| p.spec().codec == codec)
        .map(|p| p.pt())
    else {
        return;
    };
    if let Err(e) = writer.write(pt, Instant::now(), time, data) {
        tracing::warn!(error = %e, "sending media failed");
    }
}

/// Runs the connection until it ends, then stops the microphone's thread with it.
fn run(mut s: Session) {
    run_session(&mut s);
    s.shared.stop.store(true, Ordering::Relaxed);
}

fn run_session(s: &mut Session) {
    let started = Instant::now();
    let mut video_decoders: HashMap<Mid, VideoDecoder> = HashMap::new();
    let mut audio_decoders: HashMap<Mid, AudioDecoder> = HashMap::new();
    let mut blocks_sent: u64 = 0;
    let mut buf = vec![0u8; 2000];
    while !s.shared.stop.load(Ordering::Relaxed) {
        let mut deadline = Instant::now() + Duration::from_millis(50);
        loop {
            match s.rtc.poll_output() {
                Ok(Output::Timeout(t)) => {
                    deadline = deadline.min(t);
                    break;
                }
                Ok(Output::Transmit(t)) => {
                    let _ = s.socket.send_to(&t.contents, t.destination);
                }
                Ok(Output::Event(e)) => match e {
                    Event::Connected => s.shared.connected.store(true, Ordering::Relaxed),
                    // ICE gave up: this connection is over (str0m keeps the Rtc; the caller
                    // connects again if it still should).
                    Event::IceConnectionStateChange(IceConnectionState::Disconnected) => {
                        s.shared.connected.store(false, Ordering::Relaxed);
                        return;
                    }
                    Event::KeyframeRequest(_) => s.video.force_keyframe(),
                    Event::MediaData(d) if s.audio_slots.contains(&d.mid) => {
                        let decoder = match audio_decoders.entry(d.mid) {
                            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                            std::collections::hash_map::Entry::Vacant(v) => {
                                match AudioDecoder::new() {
                                    Ok(dec) => v.insert(dec),
                                    Err(_) => continue,
                                }
                            }
                        };
                        if let Ok(samples) = decoder.decode(&d.data) {
                            let _ = s.sound_out.try_send(ReceivedSound {
                                mid: d.mid.to_string(),
                                samples,
                            });
                        }
                    }
                    Event::MediaData(d) => {
                        let decoder = match video_decoders.entry(d.mid) {
                            std::collections::hash_map::Entry::Occupied(o) => o.into_mut(),
                            std::collections::hash_map::Entry::Vacant(v) => {
                                match VideoDecoder::new() {
                                    Ok(dec) => v.insert(dec),
                                    Err(_) => continue,
                                }
                            }
                        };
                        if let Ok(Some(frame)) = decoder.decode(&d.data) {
                            let _ = s.frame_out.send(ReceivedFrame {
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
        if !s.rtc.is_alive() {
            return;
        }

        // Media once connected (what is written before that is dropped).
        if s.shared.connected.load(Ordering::Relaxed) {
            if let Ok(frame) = s.camera_frames.try_recv() {
                if let Ok(au) = s.video.encode(&frame) {
                    let ticks = started.elapsed().as_micros() as u64 * 9 / 100;
                    let time = MediaTime::new(ticks, Frequency::NINETY_KHZ);
                    write(&mut s.rtc, s.camera, Codec::H264, time, au);
                    continue; // poll what the write produced
                }
            }
            let block = s.microphone_blocks.as_ref().and_then(|m| m.try_recv().ok());
            if let Some(block) = block {
                // Muted: the sound is not sent at all (the court mutes at the unit too).
                if !s.shared.muted.load(Ordering::Relaxed) {
                    if let Ok(packet) = s.audio.encode(&block) {
                        let time = MediaTime::new(
                            blocks_sent * ecourt_media::BLOCK_SAMPLES as u64,
                            Frequency::FORTY_EIGHT_KHZ,
                        );
                        blocks_sent += 1;
                        write(&mut s.rtc, s.microphone, Codec::Opus, time, packet);
                        continue;
                    }
                }
            }
        }

        let wait = deadline
            .saturating_duration_since(Instant::now())
            .min(Duration::from_millis(5));
        if let Some(input) = receive(&s.socket, &mut buf, wait) {
            if s.rtc.handle_input(input).is_err() {
                return;
            }
            continue;
        }
        if s.rtc.handle_input(Input::Timeout(Instant::now())).is_err() {
            return;
        }
    }
}
