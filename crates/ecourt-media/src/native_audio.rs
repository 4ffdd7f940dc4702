//! The system's microphones and speaker through cpal (ALSA on Linux, CoreAudio, WASAPI).
//! Whatever rate and channels the device has are converted to and from 48 kHz mono.

use crate::audio::{
    AudioError, MicrophoneInfo, MicrophoneSource, Speaker, BLOCK_SAMPLES, SAMPLE_RATE,
};
use cpal::traits::{DeviceTrait, HostTrait, StreamTrait};
use std::collections::{HashMap, VecDeque};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub(crate) fn microphones() -> Vec<MicrophoneInfo> {
    let host = cpal::default_host();
    let Ok(devices) = host.input_devices() else {
        return Vec::new();
    };
    devices
        .filter_map(|d| d.name().ok())
        .map(|name| MicrophoneInfo {
            id: format!("native:{name}"),
            name,
        })
        .collect()
}

fn unavailable(e: impl std::fmt::Display) -> AudioError {
    AudioError::Unavailable(e.to_string())
}

/// A microphone: cpal's stream lives on a thread of its own (streams are not `Send`) and
/// hands 20 ms blocks over a channel.
struct NativeMicrophone {
    name: String,
    blocks: mpsc::Receiver<Result<Vec<i16>, String>>,
    /// Dropping it ends the stream's thread.
    _alive: mpsc::Sender<()>,
}

pub(crate) fn open_microphone(name: &str) -> Result<Box<dyn MicrophoneSource>, AudioError> {
    let (tx, rx) = mpsc::sync_channel::<Result<Vec<i16>, String>>(50);
    let (ready_tx, ready_rx) = mpsc::channel::<Result<(), AudioError>>();
    let (alive_tx, alive_rx) = mpsc::channel::<()>();
    let wanted = name.to_string();
    std::thread::Builder::new()
        .name("microphone".into())
        .spawn(move || {
            let host = cpal::default_host();
            let device = host
                .input_devices()
                .ok()
                .and_then(|mut d| d.find(|d| d.name().ok().as_deref() == Some(&wanted)));
            let Some(device) = device else {
                let _ = ready_tx.send(Err(AudioError::NotFound(wanted)));
                return;
            };
            let config = match device.default_input_config() {
                Ok(c) => c,
                Err(e) => {
                    let _ = ready_tx.send(Err(unavailable(e)));
                    return;
                }
            };
            let channels = usize::from(config.channels()).max(1);
            let rate = config.sample_rate().0;
            let format = config.sample_format();
            let config: cpal::StreamConfig = config.into();
            let stream = match format {
                cpal::SampleFormat::F32 => input::<f32>(&device, &config, channels, rate, tx),
                cpal::SampleFormat::I16 => input::<i16>(&device, &config, channels, rate, tx),
                cpal::SampleFormat::U16 => input::<u16>(&device, &config, channels, rate, tx),
                _ => Err(cpal::BuildStreamError::StreamConfigNotSupported),
            };
            let stream = match stream {
                Ok(s) => s,
                Err(e) => {
                    let _ = ready_tx.send(Err(unavailable(e)));
                    return;
                }
            };
            if let Err(e) = stream.play() {
                let _ = ready_tx.send(Err(unavailable(e)));
                return;
            }
            let _ = ready_tx.send(Ok(()));
            // Keep the stream until the reader goes away.
            let _ = alive_rx.recv();
            drop(stream);
        })
        .map_err(|e| AudioError::Failed(e.to_string()))?;
    ready_rx
        .recv_timeout(Duration::from_secs(5))
        .map_err(|_| AudioError::Unavailable("the microphone did not start".into()))??;
    Ok(Box::new(NativeMicrophone {
        name: name.to_string(),
        blocks: rx,
        _alive: alive_tx,
    }))
}

/// An input stream of the device's own sample type, delivering 20 ms mono blocks at 48 kHz.
fn input<T>(
    device: &cpal::Device,
    config: &cpal::StreamConfig,
    channels: usize,
    rate: u32,
    tx: mpsc::SyncSender<Result<Vec<i16>, String>>,
) -> Result<cpal::Stream, cpal::BuildStreamError>
where
    T: cpal::SizedSample,
    f32: cpal::FromSample<T>,
{
    let mut pending: Vec<i16> = Vec::with_capacity(BLOCK_SAMPLES * 2);
    let mut resampler = Resampler::new(rate, SAMPLE_RATE);
    let data_tx = tx.clone();
    device.build_input_stream(
        config,
        move |data: &[T], _: &cpal::InputCallbackInfo| {
            let mono = data.chunks(channels).map(|frame| {
                frame.iter().map(|s| s.to_sample::<f32>()).sum::<f32>() / channels as f32
            });
            pending.extend(
                resampler
                    .push(mono)
                    .map(|v| (v.clamp(-1.0, 1.0) * 32767.0) as i16),
            );
            while pending.len() >= BLOCK_SAMPLES {
                let block: Vec<i16> = pending.drain(..BLOCK_SAMPLES).collect();
                let _ = data_tx.try_send(Ok(block));
            }
        },
        move |e| {
            let _ = tx.try_send(Err(e.to_string()));
        },
        None,
    )
}

impl MicrophoneSource for NativeMicrophone {
    fn info(&self) -> MicrophoneInfo {
        MicrophoneInfo {
            id: format!("native:{}", self.name),
            name: self.name.clone(),
        }
    }

    fn next_block(&mut self) -> Result<Vec<i16>, AudioError> {
        match self.blocks.recv_timeout(Duration::from_secs(2)) {
            Ok(Ok(b)) => Ok(b),
            Ok(Err(e)) => Err(AudioError::Failed(e)),
            Err(_) => Err(AudioError::Failed("no sound for 2 s".into())),
        }
    }
}

/// Linear resampling, enough for speech.
struct Resampler {
    step: f64,
    pos: f64,
    last: f32,
}

impl Resampler {
    fn new(from: u32, to: u32) -> Resampler {
        Resampler {
            step: f64::from(from) / f64::from(to),
            pos: 0.0,
            last: 0.0,
        }
    }

    fn push(&mut self, input: impl Iterator<Item = f32>) -> std::vec::IntoIter<f32> {
        let mut out = Vec::new();
        for x in input {
            while self.pos < 1.0 {
                out.push(self.last + (x - self.last) * self.pos as f32);
                self.pos += self.step;
            }
            self.pos -= 1.0;
            self.last = x;
        }
        out.into_iter()
    }
}

/// The default output device, mixing every source that plays into it.
struct NativeSpeaker {
    mixer: Arc<Mutex<HashMap<String, VecDeque<i16>>>>,
    _alive: mpsc::Sender<()>,
}

pub(crate) fn default_speaker() -> Option<Box<dyn Speaker>> {
    let mixer: Arc<Mutex<HashMap<String, VecDeque<i16>>>> = Arc::default();
    let (alive_tx, alive_rx) = mpsc::channel::<()>();
    let (ready_tx, ready_rx) = mpsc::channel::<bool>();
    let shared = mixer.clone();
    std::thread::Builder::new()
        .name("speaker".into())
        .spawn(move || {
            let host = cpal::default_host();
            let Some(device) = host.default_output_device() else {
                let _ = ready_tx.send(false);
                return;
            };
            let Ok(config) = device.default_output_config() else {
                let _ = ready_tx.send(false);
                return;
            };
            let channels = usize::from(config.channels()).max(1);
            let rate = config.sample_rate().0;
            let mut resampler = Resampler::new(SAMPLE_RATE, rate);
            let mut ready: VecDeque<f32> = VecDeque::new();
            let stream = device.build_output_stream(
                &config.into(),
                move |out: &mut [f32], _: &cpal::OutputCallbackInfo| {
                    let frames = out.len() / channels;
                    while ready.len() < frames {
                        // Mix one 48 kHz sample from every source, then resample.
                        let mixed: Vec<f32> = {
                            let Ok(mut sources) = shared.lock() else {
                                break;
                            };
                            (0..256)
                                .map(|_| {
                                    sources
                                        .values_mut()
                                        .filter_map(|q| q.pop_front())
                                        .map(|s| f32::from(s) / 32768.0)
                                        .sum::<f32>()
                                        .clamp(-1.0, 1.0)
                                })
                                .collect()
                        };
                        ready.extend(resampler.push(mixed.into_iter()));
                    }
                    for frame in out.chunks_mut(channels) {
                        let v = ready.pop_front().unwrap_or(0.0);
                        frame.iter_mut().for_each(|s| *s = v);
                    }
                },
                |e| tracing::warn!(error = %e, "speaker failed"),
                None,
            );
            let Ok(stream) = stream else {
                let _ = ready_tx.send(false);
                return;
            };
            if stream.play().is_err() {
                let _ = ready_tx.send(false);
                return;
            }
            let _ = ready_tx.send(true);
            // Until the speaker is dropped.
            let _ = alive_rx.recv();
            drop(stream);
        })
        .ok()?;
    if !ready_rx
        .recv_timeout(Duration::from_secs(3))
        .unwrap_or(false)
    {
        return None;
    }
    Some(Box::new(NativeSpeaker {
        mixer,
        _alive: alive_tx,
    }))
}

impl Speaker for NativeSpeaker {
    fn play(&mut self, source: &str, samples: &[i16]) {
        if let Ok(mut m) = self.mixer.lock() {
            let q = m.entry(source.to_string()).or_default();
            q.extend(samples);
            // Never more than half a second behind.
            let max = SAMPLE_RATE as usize / 2;
            if q.len() > max {
                let extra = q.len() - max;
                q.drain(..extra);
            }
        }
    }
}
