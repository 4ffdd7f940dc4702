//! Sound for hearings: microphones behind one [`MicrophoneSource`] trait (the system's through
//! cpal with the `native` feature, and a synthetic tone), Opus coding (libopus through
//! audiopus), and the measures a device check and a test need: the level in dBFS and the
//! strength of one tone (Goertzel).
//!
//! Everything is mono, 48 kHz, in blocks of 20 ms ([`BLOCK_SAMPLES`]), which is what Opus and
//! WebRTC expect.

use audiopus::coder::{Decoder, Encoder};
use audiopus::{Application, Channels, SampleRate};
use std::time::{Duration, Instant};

/// Samples a second.
pub const SAMPLE_RATE: u32 = 48_000;
/// Samples in one 20 ms block.
pub const BLOCK_SAMPLES: usize = 960;

/// A microphone the user can pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MicrophoneInfo {
    /// Stable id for [`open_microphone`]: `native:<name>`, `tone:440`.
    pub id: String,
    /// The name shown to the user.
    pub name: String,
}

/// Why there is no sound, in terms the screen can explain.
#[derive(Debug, thiserror::Error)]
pub enum AudioError {
    #[error("no microphone or speaker with id {0}")]
    NotFound(String),
    #[error("the sound device is in use or access was denied: {0}")]
    Unavailable(String),
    #[error("the sound device stopped: {0}")]
    Failed(String),
    #[error("the audio codec failed: {0}")]
    Codec(String),
}

/// A source of sound. Blocking: [`MicrophoneSource::next_block`] waits for the next 20 ms.
pub trait MicrophoneSource: Send {
    fn info(&self) -> MicrophoneInfo;
    /// The next [`BLOCK_SAMPLES`] samples.
    fn next_block(&mut self) -> Result<Vec<i16>, AudioError>;
}

/// Every microphone on this machine: the system's (with the `native` feature), then the
/// configured synthetic tone.
pub fn microphones(devices: &crate::DeviceConfig) -> Vec<MicrophoneInfo> {
    let mut list = Vec::new();
    #[cfg(feature = "native")]
    list.extend(crate::native_audio::microphones());
    if let Some(hz) = devices.tone_microphone {
        list.push(ToneMicrophone::info_for(hz));
    }
    list
}

/// Opens a microphone by the id [`microphones`] gave.
pub fn open_microphone(id: &str) -> Result<Box<dyn MicrophoneSource>, AudioError> {
    if let Some(hz) = id.strip_prefix("tone:") {
        let hz = hz.parse().map_err(|_| AudioError::NotFound(id.into()))?;
        return Ok(Box::new(ToneMicrophone::new(hz)));
    }
    #[cfg(feature = "native")]
    if let Some(name) = id.strip_prefix("native:") {
        return crate::native_audio::open_microphone(name);
    }
    Err(AudioError::NotFound(id.to_string()))
}

/// A steady sine tone at real-time pace: a microphone for tests and machines without one. Each
/// participant of a test gets its own pitch, so a receiver can tell whose sound it hears.
#[derive(Debug)]
pub struct ToneMicrophone {
    hz: u32,
    sample: u64,
    next_due: Option<Instant>,
}

impl ToneMicrophone {
    pub fn info_for(hz: u32) -> MicrophoneInfo {
        MicrophoneInfo {
            id: format!("tone:{hz}"),
            name: format!("测试音 {hz} Hz"),
        }
    }

    pub fn new(hz: u32) -> ToneMicrophone {
        ToneMicrophone {
            hz: hz.clamp(20, 20_000),
            sample: 0,
            next_due: None,
        }
    }

    /// The next block without waiting.
    pub fn block(&mut self) -> Vec<i16> {
        let step = 2.0 * std::f64::consts::PI * f64::from(self.hz) / f64::from(SAMPLE_RATE);
        let block = (0..BLOCK_SAMPLES as u64)
            .map(|i| ((self.sample + i) as f64 * step).sin() * 0.3 * f64::from(i16::MAX))
            .map(|v| v as i16)
            .collect();
        self.sample += BLOCK_SAMPLES as u64;
        block
    }
}

impl MicrophoneSource for ToneMicrophone {
    fn info(&self) -> MicrophoneInfo {
        Self::info_for(self.hz)
    }

    fn next_block(&mut self) -> Result<Vec<i16>, AudioError> {
        let now = Instant::now();
        let due = self.next_due.unwrap_or(now);
        if due > now {
            std::thread::sleep(due - now);
        }
        self.next_due = Some(crate::camera::next_due(due, now, Duration::from_millis(20)));
        Ok(self.block())
    }
}

/// Where received sound is played: one queue per source (a participant's slot), mixed.
pub trait Speaker: Send {
    fn play(&mut self, source: &str, samples: &[i16]);
}

/// The system's default speaker (with the `native` feature), or none (tests, machines without
/// sound).
pub fn default_speaker() -> Option<Box<dyn Speaker>> {
    #[cfg(feature = "native")]
    return crate::native_audio::default_speaker();
    #[cfg(not(feature = "native"))]
    None
}

fn codec(e: audiopus::Error) -> AudioError {
    AudioError::Codec(e.to_string())
}

/// Encodes 20 ms blocks into Opus packets (voice mode, 48 kHz mono).
pub struct AudioEncoder {
    inner: Encoder,
}

impl AudioEncoder {
    pub fn new() -> Result<AudioEncoder, AudioError> {
        Ok(AudioEncoder {
            inner: Encoder::new(SampleRate::Hz48000, Channels::Mono, Application::Voip)
                .map_err(codec)?,
        })
    }

    /// One block of [`BLOCK_SAMPLES`] → one packet.
    pub fn encode(&mut self, block: &[i16]) -> Result<Vec<u8>, AudioError> {
        let mut out = vec![0u8; 1500];
        let n = self.inner.encode(block, &mut out).map_err(codec)?;
        out.truncate(n);
        Ok(out)
    }
}

/// Decodes Opus packets back into samples.
pub struct AudioDecoder {
    inner: Decoder,
}

impl AudioDecoder {
    pub fn new() -> Result<AudioDecoder, AudioError> {
        Ok(AudioDecoder {
            inner: Decoder::new(SampleRate::Hz48000, Channels::Mono).map_err(codec)?,
        })
    }

    /// One packet → its samples (a packet holds at most 120 ms).
    pub fn decode(&mut self, packet: &[u8]) -> Result<Vec<i16>, AudioError> {
        let mut pcm = vec![0i16; SAMPLE_RATE as usize * 120 / 1000];
        let packet = audiopus::packet::Packet::try_from(packet).map_err(codec)?;
        let signals = audiopus::MutSignals::try_from(&mut pcm[..]).map_err(codec)?;
        let n = self
            .inner
            .decode(Some(packet), signals, false)
            .map_err(codec)?;
        pcm.truncate(n);
        Ok(pcm)
    }
}

/// Loudness of a block in dB relative to full scale (−100 for silence): what a microphone
/// level meter shows.
pub fn level_dbfs(samples: &[i16]) -> f32 {
    if samples.is_empty() {
        return -100.0;
    }
    let mean = samples
        .iter()
        .map(|s| f64::from(*s) * f64::from(*s))
        .sum::<f64>()
        / samples.len() as f64;
    let rms = mean.sqrt() / f64::from(i16::MAX);
    if rms <= 1e-5 {
        -100.0
    } else {
        (20.0 * rms.log10()) as f32
    }
}

/// The amplitude (0–1 of full scale) of the `hz` component of `samples` (Goertzel).
pub fn tone_strength(samples: &[i16], hz: u32) -> f32 {
    if samples.is_empty() {
        return 0.0;
    }
    let w = 2.0 * std::f64::consts::PI * f64::from(hz) / f64::from(SAMPLE_RATE);
    let coeff = 2.0 * w.cos();
    let (mut s1, mut s2) = (0.0f64, 0.0f64);
    for x in samples {
        let s0 = f64::from(*x) / f64::from(i16::MAX) + coeff * s1 - s2;
        s2 = s1;
        s1 = s0;
    }
    let power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
    (2.0 * power.max(0.0).sqrt() / samples.len() as f64) as f32
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tone_survives_opus_and_is_told_from_another() {
        let mut mic = ToneMicrophone::new(500);
        let mut enc = AudioEncoder::new().unwrap();
        let mut dec = AudioDecoder::new().unwrap();
        let mut heard = Vec::new();
        for _ in 0..25 {
            let packet = enc.encode(&mic.block()).unwrap();
            assert!(
                packet.len() < 400,
                "a voice packet is small: {}",
                packet.len()
            );
            heard.extend(dec.decode(&packet).unwrap());
        }
        assert_eq!(heard.len(), 25 * BLOCK_SAMPLES);
        // After the codec's start-up, the 500 Hz tone is there and 700 Hz is not.
        let tail = &heard[10 * BLOCK_SAMPLES..];
        assert!(
            tone_strength(tail, 500) > 0.15,
            "{}",
            tone_strength(tail, 500)
        );
        assert!(
            tone_strength(tail, 700) < 0.03,
            "{}",
            tone_strength(tail, 700)
        );
        let level = level_dbfs(tail);
        assert!(
            (-16.0..-8.0).contains(&level),
            "a 0.3 sine is about −13 dBFS: {level}"
        );
        assert_eq!(level_dbfs(&[0; 960]), -100.0);
    }

    #[test]
    fn a_corrupt_packet_is_an_error_not_a_crash() {
        let mut dec = AudioDecoder::new().unwrap();
        assert!(dec.decode(&[]).is_err());
        assert!(open_microphone("tone:x").is_err());
        assert!(open_microphone("nothing").is_err());
    }
}
