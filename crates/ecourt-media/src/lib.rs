//! Where pictures come from: every camera is a [`CameraSource`], so identity checks (and later
//! hearings) run the very same code on a real webcam, on recorded frames and on a test pattern.
//!
//! - [`FileCamera`]: frames read from a folder of JPEG/PNG files, played at a fixed rate. A
//!   folder with one sub-folder per prompt (`straight/`, `blink/`, `turn-left/`, …) is a
//!   recorded person who does what the screen asks ([`CameraSource::prompt`]), which is how
//!   tests and machines without a webcam go through a live check.
//! - [`SyntheticCamera`]: a moving test pattern with the frame number drawn into it.
//! - `native` (feature `native`): the system's webcams through nokhwa.
//!
//! [`cameras`] lists what is there; [`open`] opens one by its id. [`VideoEncoder`] and
//! [`VideoDecoder`] turn frames into H.264 and back for hearings; [`MicrophoneSource`],
//! [`AudioEncoder`] and [`AudioDecoder`] do the same for sound (Opus).

mod audio;
mod camera;
mod file;
#[cfg(feature = "native")]
mod native;
#[cfg(feature = "native")]
mod native_audio;
mod synthetic;
mod video;

pub use audio::{
    default_speaker, level_dbfs, microphones, open_microphone, tone_strength, AudioDecoder,
    AudioEncoder, AudioError, MicrophoneInfo, MicrophoneSource, Speaker, ToneMicrophone,
    BLOCK_SAMPLES, SAMPLE_RATE,
};
pub use camera::{
    cameras, encode_jpeg, open, CameraError, CameraInfo, CameraSource, DeviceConfig, Frame,
};
pub use file::FileCamera;
pub use synthetic::{clock_stamp, read_counter, read_latency, SyntheticCamera};
pub use video::{VideoDecoder, VideoEncoder, VideoError};
