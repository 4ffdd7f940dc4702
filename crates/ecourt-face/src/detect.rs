//! Frontal face detection with `rustface` (SeetaFace's cascade, BSD-2), whose model
//! `seeta_fd_frontal_v1.0.bin` ships in the crate and is copied to the models folder by
//! `scripts/prepare-models.sh`.
//!
//! dlib's landmark model was trained on boxes from dlib's own HOG detector, which frame a face
//! differently (tighter, lower) than SeetaFace's. [`FaceDetector::detect`] therefore answers
//! SeetaFace's boxes moved and scaled to where dlib's detector would put them, by a fit on the
//! reference faces (see `BOX_FIT`); the landmarks then land within a pixel or two of dlib's.

use crate::{Error, FaceBox, RgbImage};

/// How a SeetaFace box (x, y, w, h) maps to a dlib HOG box: dlib's centre is at
/// (x + cx·w, y + cy·h) and its side is s·w.
#[derive(Clone, Copy, Debug)]
struct BoxFit {
    cx: f64,
    cy: f64,
    s: f64,
}

/// Mean over the 18 reference faces both detectors found (face-api demo photos, faces of
/// 104–267 px; per-face spread ±0.08 in cx, ±0.05 in cy, ±0.09 in s, mostly head turn).
/// Fitted and checked on the same faces: `tests/dlib_reference.rs` prints the per-face values.
const BOX_FIT: BoxFit = BoxFit {
    cx: 0.455,
    cy: 0.559,
    s: 0.947,
};

/// A face found by the detector.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Detection {
    /// The box as dlib's detector would draw it, for [`crate::ShapePredictor::predict`].
    pub face: FaceBox,
    /// SeetaFace's own box: x, y, width, height.
    pub raw: (i64, i64, i64, i64),
    /// SeetaFace's score (higher is surer; the default threshold is 2).
    pub score: f64,
}

/// SeetaFace frontal detector. Not `Send` (rustface's detector is a plain trait object): keep one
/// per thread.
pub struct FaceDetector {
    inner: Box<dyn rustface::Detector>,
}

impl std::fmt::Debug for FaceDetector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FaceDetector")
    }
}

impl FaceDetector {
    /// Loads `seeta_fd_frontal_v1.0.bin`; `min_face` is the smallest face side in pixels (≥ 20).
    pub fn from_bytes(model: &[u8], min_face: u32) -> Result<Self, Error> {
        let model =
            rustface::read_model(model).map_err(|e| Error::Format(format!("seeta model: {e}")))?;
        let mut inner = rustface::create_detector_with_model(model);
        inner.set_min_face_size(min_face.max(20));
        inner.set_score_thresh(2.0);
        inner.set_pyramid_scale_factor(0.8);
        inner.set_slide_window_step(4, 4);
        Ok(FaceDetector { inner })
    }

    /// Reads the model file, see [`FaceDetector::from_bytes`].
    pub fn load(path: &std::path::Path, min_face: u32) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io(path.display().to_string(), e))?;
        Self::from_bytes(&bytes, min_face)
    }

    /// The faces in `img`, largest first.
    pub fn detect(&mut self, img: &RgbImage<'_>) -> Vec<Detection> {
        if img.width == 0 || img.height == 0 {
            return Vec::new();
        }
        // Rec. 601 luma, as rustface's examples feed it.
        let gray: Vec<u8> = img
            .data
            .chunks_exact(3)
            .map(|p| {
                ((299 * u32::from(p[0]) + 587 * u32::from(p[1]) + 114 * u32::from(p[2]) + 500)
                    / 1000) as u8
            })
            .collect();
        let data = rustface::ImageData::new(&gray, img.width as u32, img.height as u32);
        let mut found: Vec<Detection> = self
            .inner
            .detect(&data)
            .into_iter()
            .map(|f| {
                let b = f.bbox();
                let raw = (
                    i64::from(b.x()),
                    i64::from(b.y()),
                    i64::from(b.width()),
                    i64::from(b.height()),
                );
                Detection {
                    face: to_dlib_box(raw),
                    raw,
                    score: f.score(),
                }
            })
            .collect();
        found.sort_by_key(|d| std::cmp::Reverse(d.raw.2 * d.raw.3));
        found
    }
}

fn to_dlib_box((x, y, w, h): (i64, i64, i64, i64)) -> FaceBox {
    let fit = BOX_FIT;
    let cx = x as f64 + fit.cx * w as f64;
    let cy = y as f64 + fit.cy * h as f64;
    let side = fit.s * w as f64;
    let left = (cx - side / 2.0).round() as i64;
    let top = (cy - side / 2.0).round() as i64;
    let n = side.round() as i64;
    FaceBox {
        left,
        top,
        right: left + n - 1,
        bottom: top + n - 1,
    }
}
