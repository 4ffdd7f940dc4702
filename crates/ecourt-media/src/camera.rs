//! The camera abstraction and the list of cameras on this machine.

use std::path::PathBuf;
use std::time::{Duration, Instant};

/// One RGB frame: 3 bytes a pixel, rows top to bottom.
#[derive(Clone, Debug, PartialEq)]
pub struct Frame {
    pub width: u32,
    pub height: u32,
    pub rgb: Vec<u8>,
    /// The source's own count of frames delivered, from 0.
    pub index: u64,
}

impl Frame {
    /// The frame made at most `max_width` wide (area averaging, aspect kept); smaller frames
    /// are returned as they are.
    pub fn downscaled(&self, max_width: u32) -> Frame {
        if self.width <= max_width || max_width == 0 {
            return self.clone();
        }
        let nh =
            (u64::from(self.height) * u64::from(max_width) / u64::from(self.width)).max(1) as u32;
        let Some(img) = image::RgbImage::from_raw(self.width, self.height, self.rgb.clone()) else {
            return self.clone();
        };
        let small = image::imageops::thumbnail(&img, max_width, nh);
        Frame {
            width: max_width,
            height: nh,
            rgb: small.into_raw(),
            index: self.index,
        }
    }
}

/// A camera the user can pick.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CameraInfo {
    /// Stable id for [`open`]: `native:0`, `file:/path/to/frames`, `synthetic` (or
    /// `synthetic:1280x720`).
    pub id: String,
    /// The name shown to the user.
    pub name: String,
}

/// Why a camera gave no picture, in terms the screen can explain.
#[derive(Debug, thiserror::Error)]
pub enum CameraError {
    #[error("no camera with id {0}")]
    NotFound(String),
    #[error("the camera is in use by another program or access was denied: {0}")]
    Unavailable(String),
    #[error("the camera stopped delivering pictures: {0}")]
    Failed(String),
}

/// A source of frames. Blocking: [`CameraSource::next_frame`] waits for the next frame at the
/// source's own rate. Not `Send` (some webcam backends are tied to their thread): open a source
/// on the thread that reads it.
pub trait CameraSource {
    /// What this camera is.
    fn info(&self) -> CameraInfo;
    /// Frames per second the source delivers.
    fn fps(&self) -> u32;
    /// The next frame.
    fn next_frame(&mut self) -> Result<Frame, CameraError>;
    /// What the screen now asks the person to do (`straight`, `blink`, `turn-left`,
    /// `turn-right`), or `None`. A real camera ignores it — the person reads the screen; a
    /// recorded person plays the matching clip.
    fn prompt(&mut self, _cue: Option<&str>) {}
}

/// The devices to offer besides the system's, as the application's configuration says (the
/// desktop reads it from its environment once, in `ecourt_app::AppConfig`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeviceConfig {
    /// Folders of recorded frames or clips, each offered as a file-backed camera.
    pub camera_files: Vec<PathBuf>,
    /// Offer the synthetic test pattern.
    pub synthetic_camera: bool,
    /// Offer a synthetic tone of this pitch (Hz) as a microphone.
    pub tone_microphone: Option<u32>,
}

/// Every camera on this machine: the webcams (with the `native` feature), then a file-backed
/// camera for each configured folder that exists, then the test pattern when configured.
pub fn cameras(devices: &DeviceConfig) -> Vec<CameraInfo> {
    let mut list = Vec::new();
    #[cfg(feature = "native")]
    list.extend(crate::native::cameras());
    for dir in &devices.camera_files {
        if dir.is_dir() {
            list.push(crate::FileCamera::info_for(dir));
        }
    }
    if devices.synthetic_camera {
        list.push(crate::SyntheticCamera::info());
    }
    list
}

/// Opens a camera by the id [`cameras`] gave.
pub fn open(id: &str, fps: u32) -> Result<Box<dyn CameraSource>, CameraError> {
    if let Some(path) = id.strip_prefix("file:") {
        return Ok(Box::new(crate::FileCamera::open(
            &PathBuf::from(path),
            fps,
        )?));
    }
    if let Some(camera) = crate::SyntheticCamera::open(id, fps) {
        return Ok(Box::new(camera));
    }
    #[cfg(feature = "native")]
    if let Some(index) = id.strip_prefix("native:") {
        return crate::native::open(index, fps);
    }
    Err(CameraError::NotFound(id.to_string()))
}

/// When a paced source delivers its next frame: a fixed rate, like a camera's sensor, so that a
/// consumer that is sometimes slow still gets the full rate on average; after falling more than
/// a frame behind, the pace starts again from now instead of bursting.
pub(crate) fn next_due(due: Instant, now: Instant, period: Duration) -> Instant {
    if now > due + period {
        now + period
    } else {
        due + period
    }
}

/// Encodes a frame as JPEG (quality 0–100), for previews and uploads.
pub fn encode_jpeg(frame: &Frame, quality: u8) -> Vec<u8> {
    let mut out = Vec::new();
    let mut enc = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, quality);
    // The buffer holds exactly width × height RGB pixels by construction.
    if enc
        .encode(
            &frame.rgb,
            frame.width,
            frame.height,
            image::ExtendedColorType::Rgb8,
        )
        .is_err()
    {
        out.clear();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pace_holds_through_a_slow_frame_and_restarts_when_far_behind() {
        let t0 = Instant::now();
        let p = Duration::from_millis(66);
        // Asked 20 ms late: the next frame is still one period after the due time.
        assert_eq!(next_due(t0, t0 + Duration::from_millis(20), p), t0 + p);
        // Asked two periods late: start again from now rather than burst.
        let late = t0 + 2 * p;
        assert_eq!(next_due(t0, late, p), late + p);
    }
}
