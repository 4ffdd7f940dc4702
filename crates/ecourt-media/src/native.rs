//! The system's webcams through nokhwa (V4L2 on Linux, Media Foundation on Windows,
//! AVFoundation on macOS).

use crate::{CameraError, CameraInfo, CameraSource, Frame};
use nokhwa::pixel_format::RgbFormat;
use nokhwa::utils::{ApiBackend, CameraIndex, RequestedFormat, RequestedFormatType};

/// The webcams nokhwa finds; none (not an error) when there are none or listing is refused.
pub fn cameras() -> Vec<CameraInfo> {
    match nokhwa::query(ApiBackend::Auto) {
        Ok(list) => list
            .into_iter()
            .map(|c| CameraInfo {
                id: format!("native:{}", c.index()),
                name: c.human_name(),
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

/// Opens webcam `index` (as listed) at the highest frame rate it offers, decoded to RGB.
pub fn open(index: &str, fps: u32) -> Result<Box<dyn CameraSource>, CameraError> {
    let idx = match index.parse::<u32>() {
        Ok(n) => CameraIndex::Index(n),
        Err(_) => CameraIndex::String(index.to_string()),
    };
    let requested =
        RequestedFormat::new::<RgbFormat>(RequestedFormatType::AbsoluteHighestFrameRate);
    let mut camera =
        nokhwa::Camera::new(idx, requested).map_err(|e| CameraError::Unavailable(e.to_string()))?;
    camera
        .open_stream()
        .map_err(|e| CameraError::Unavailable(e.to_string()))?;
    Ok(Box::new(NativeCamera {
        info: CameraInfo {
            id: format!("native:{index}"),
            name: camera.info().human_name(),
        },
        camera,
        fps,
        delivered: 0,
    }))
}

struct NativeCamera {
    info: CameraInfo,
    camera: nokhwa::Camera,
    fps: u32,
    delivered: u64,
}

impl CameraSource for NativeCamera {
    fn info(&self) -> CameraInfo {
        self.info.clone()
    }

    fn fps(&self) -> u32 {
        self.camera.frame_rate().max(1).min(self.fps.max(1))
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        let buffer = self
            .camera
            .frame()
            .map_err(|e| CameraError::Failed(e.to_string()))?;
        let img = buffer
            .decode_image::<RgbFormat>()
            .map_err(|e| CameraError::Failed(e.to_string()))?;
        let frame = Frame {
            width: img.width(),
            height: img.height(),
            rgb: img.into_raw(),
            index: self.delivered,
        };
        self.delivered += 1;
        Ok(frame)
    }
}

impl Drop for NativeCamera {
    fn drop(&mut self) {
        let _ = self.camera.stop_stream();
    }
}
