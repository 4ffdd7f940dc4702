//! dlib's `shape_predictor` (Kazemi & Sullivan's ensemble of regression trees), used with
//! `shape_predictor_5_face_landmarks`: eye corners and the base of the nose.
//!
//! # File format ("ECSHAPE1", written by `tools/models/dlib_export.cpp`)
//!
//! Little-endian; `u32` integers, `f32` reals:
//!
//! ```text
//! "ECSHAPE1"  parts P  initial_shape[2P] (x0 y0 x1 y1 …, in the face box's unit square)
//! cascades C, then C times:
//!     features F, then F times: anchor part (u32), dx, dy    (offsets in the initial shape's frame)
//!     trees T, then T times:
//!         splits S, then S times: idx1 (u32), idx2 (u32), threshold
//!         S+1 leaves of 2P values each (added to the current shape)
//! ```
//!
//! The prediction follows `dlib/image_processing/shape_predictor.h` step by step, with the same
//! float/double split and the same rounding, so that the landmarks come out identical.

use crate::model::ByteReader;
use crate::{Error, RgbImage};

const MAGIC: &[u8; 8] = b"ECSHAPE1";

/// A pixel position (dlib `point`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    pub x: i64,
    pub y: i64,
}

/// A face box as dlib's `rectangle`: inclusive pixel bounds (`right = left + width − 1`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FaceBox {
    pub left: i64,
    pub top: i64,
    pub right: i64,
    pub bottom: i64,
}

#[derive(Debug)]
struct Split {
    idx1: usize,
    idx2: usize,
    thresh: f32,
}

#[derive(Debug)]
struct Tree {
    splits: Vec<Split>,
    /// (splits + 1) leaves of 2P values each, concatenated.
    leaves: Vec<f32>,
}

#[derive(Debug)]
struct Cascade {
    /// For each feature pixel: the initial-shape part it hangs from, and its offset.
    anchors: Vec<(usize, [f32; 2])>,
    trees: Vec<Tree>,
}

/// A landmark model loaded from an "ECSHAPE1" file.
#[derive(Debug)]
pub struct ShapePredictor {
    parts: usize,
    initial: Vec<f32>,
    cascades: Vec<Cascade>,
}

impl ShapePredictor {
    /// Parses an "ECSHAPE1" file (see the module documentation), checking every index.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self, Error> {
        let mut r = ByteReader::new(bytes);
        r.magic(MAGIC)?;
        let parts = r.usize()?;
        if parts == 0 || parts > 1000 {
            return Err(Error::Format(format!("{parts} parts")));
        }
        let initial = r.f32s(2 * parts)?;
        let n_cascades = r.usize()?;
        let mut cascades = Vec::with_capacity(n_cascades.min(100));
        for _ in 0..n_cascades {
            let n_features = r.usize()?;
            let mut anchors = Vec::with_capacity(n_features.min(10_000));
            for _ in 0..n_features {
                let part = r.usize()?;
                if part >= parts {
                    return Err(Error::Format("anchor beyond the parts".into()));
                }
                anchors.push((part, [r.f32()?, r.f32()?]));
            }
            let n_trees = r.usize()?;
            let mut trees = Vec::with_capacity(n_trees.min(10_000));
            for _ in 0..n_trees {
                let n_splits = r.usize()?;
                let mut splits = Vec::with_capacity(n_splits.min(10_000));
                for _ in 0..n_splits {
                    let split = Split {
                        idx1: r.usize()?,
                        idx2: r.usize()?,
                        thresh: r.f32()?,
                    };
                    if split.idx1 >= n_features || split.idx2 >= n_features {
                        return Err(Error::Format("split on a missing feature".into()));
                    }
                    splits.push(split);
                }
                let leaves = r.f32s_of(&[n_splits.saturating_add(1), 2, parts])?;
                trees.push(Tree { splits, leaves });
            }
            cascades.push(Cascade { anchors, trees });
        }
        r.end()?;
        Ok(ShapePredictor {
            parts,
            initial,
            cascades,
        })
    }

    /// Reads an "ECSHAPE1" file.
    pub fn load(path: &std::path::Path) -> Result<Self, Error> {
        let bytes = std::fs::read(path).map_err(|e| Error::Io(path.display().to_string(), e))?;
        Self::from_bytes(&bytes)
    }

    /// Number of landmarks (5 for `shape_predictor_5_face_landmarks`).
    pub fn num_parts(&self) -> usize {
        self.parts
    }

    /// The landmarks of the face in `face` (dlib `shape_predictor::operator()`).
    pub fn predict(&self, img: &RgbImage<'_>, face: FaceBox) -> Vec<Point> {
        let to_img = Unnormalize::new(face);
        let mut shape = self.initial.clone();
        let mut features: Vec<f32> = Vec::new();
        for cascade in &self.cascades {
            // Feature pixels are placed relative to the current shape: the offsets learned in
            // the initial shape's frame are carried over by the similarity transform from the
            // initial shape to the current one (float matrix, as dlib casts it).
            let m = similarity(&self.initial, &shape).m;
            let m = [
                [m[0][0] as f32, m[0][1] as f32],
                [m[1][0] as f32, m[1][1] as f32],
            ];
            features.clear();
            features.extend(cascade.anchors.iter().map(|&(part, [dx, dy])| {
                let x = m[0][0] * dx + m[0][1] * dy + shape[2 * part];
                let y = m[1][0] * dx + m[1][1] * dy + shape[2 * part + 1];
                let p = to_img.apply(x, y);
                if p.x >= 0 && p.y >= 0 && (p.x as usize) < img.width && (p.y as usize) < img.height
                {
                    f32::from(intensity(img.pixel(p.x as usize, p.y as usize)))
                } else {
                    0.0
                }
            }));
            for tree in &cascade.trees {
                let mut i = 0;
                while i < tree.splits.len() {
                    let s = &tree.splits[i];
                    i = if features[s.idx1] - features[s.idx2] > s.thresh {
                        2 * i + 1
                    } else {
                        2 * i + 2
                    };
                }
                let leaf = i - tree.splits.len();
                let delta = &tree.leaves[leaf * 2 * self.parts..(leaf + 1) * 2 * self.parts];
                shape.iter_mut().zip(delta).for_each(|(s, d)| *s += d);
            }
        }
        shape
            .chunks_exact(2)
            .map(|p| to_img.apply(p[0], p[1]))
            .collect()
    }
}

/// dlib's grayscale of an RGB pixel: the integer mean of the three channels.
fn intensity(p: [u8; 3]) -> u8 {
    ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8
}

/// dlib `unnormalizing_tform(rect)`: (0,0) → top-left corner, (1,1) → bottom-right corner,
/// then rounded to the nearest pixel as dlib converts a `dpoint` to a `point`.
struct Unnormalize {
    left: f64,
    top: f64,
    sx: f64,
    sy: f64,
}

impl Unnormalize {
    fn new(r: FaceBox) -> Self {
        Unnormalize {
            left: r.left as f64,
            top: r.top as f64,
            sx: (r.right - r.left) as f64,
            sy: (r.bottom - r.top) as f64,
        }
    }

    fn apply(&self, x: f32, y: f32) -> Point {
        let px = self.sx * f64::from(x) + self.left;
        let py = self.sy * f64::from(y) + self.top;
        Point {
            x: round(px),
            y: round(py),
        }
    }
}

/// dlib's double → integer point conversion: floor(v + 0.5).
pub(crate) fn round(v: f64) -> i64 {
    (v + 0.5).floor() as i64
}

/// A similarity transform `p ↦ m·p + t`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Similarity {
    pub m: [[f64; 2]; 2],
    pub t: [f64; 2],
}

/// The least-squares similarity transform taking `from` to `to` (interleaved x, y), computed in
/// double as dlib's `find_similarity_transform` (Umeyama). In two dimensions Umeyama's SVD
/// solution has this closed form, reflection handling included: scale·rotation =
/// [[a, −b], [b, a]] with a = tr(cov)/σ², b = (cov₁₀ − cov₀₁)/σ².
pub(crate) fn similarity<T: Copy + Into<f64>>(from: &[T], to: &[T]) -> Similarity {
    let n = (from.len() / 2) as f64;
    let pt = |s: &[T], i: usize| -> [f64; 2] { [s[2 * i].into(), s[2 * i + 1].into()] };
    let count = from.len() / 2;
    let (mut mf, mut mt) = ([0.0f64; 2], [0.0f64; 2]);
    for i in 0..count {
        let (f, t) = (pt(from, i), pt(to, i));
        mf[0] += f[0];
        mf[1] += f[1];
        mt[0] += t[0];
        mt[1] += t[1];
    }
    mf = [mf[0] / n, mf[1] / n];
    mt = [mt[0] / n, mt[1] / n];
    let mut sigma = 0.0;
    let mut cov = [[0.0f64; 2]; 2];
    for i in 0..count {
        let (f, t) = (pt(from, i), pt(to, i));
        let df = [f[0] - mf[0], f[1] - mf[1]];
        let dt = [t[0] - mt[0], t[1] - mt[1]];
        sigma += df[0] * df[0] + df[1] * df[1];
        cov[0][0] += dt[0] * df[0];
        cov[0][1] += dt[0] * df[1];
        cov[1][0] += dt[1] * df[0];
        cov[1][1] += dt[1] * df[1];
    }
    sigma /= n;
    let cov = [
        [cov[0][0] / n, cov[0][1] / n],
        [cov[1][0] / n, cov[1][1] / n],
    ];
    let (a, b) = if sigma != 0.0 {
        (
            (cov[0][0] + cov[1][1]) / sigma,
            (cov[1][0] - cov[0][1]) / sigma,
        )
    } else {
        (1.0, 0.0)
    };
    let m = [[a, -b], [b, a]];
    let t = [
        mt[0] - (m[0][0] * mf[0] + m[0][1] * mf[1]),
        mt[1] - (m[1][0] * mf[0] + m[1][1] * mf[1]),
    ];
    Similarity { m, t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn similarity_recovers_rotation_scale_and_shift() {
        let (angle, scale, shift) = (0.3f64, 1.7f64, [5.0, -2.0]);
        let from = [0.0, 0.0, 1.0, 0.0, 0.0, 2.0, 3.0, 1.0];
        let mut to = Vec::new();
        for p in from.chunks_exact(2) {
            let (c, s) = (angle.cos() * scale, angle.sin() * scale);
            to.push(c * p[0] - s * p[1] + shift[0]);
            to.push(s * p[0] + c * p[1] + shift[1]);
        }
        let tf = similarity(&from, &to);
        assert!((tf.m[0][0] - angle.cos() * scale).abs() < 1e-12);
        assert!((tf.m[1][0] - angle.sin() * scale).abs() < 1e-12);
        assert!((tf.t[0] - shift[0]).abs() < 1e-12 && (tf.t[1] - shift[1]).abs() < 1e-12);
    }

    #[test]
    fn rounds_like_dlib() {
        assert_eq!((round(2.5), round(-2.5), round(2.4999)), (3, -2, 2));
        assert_eq!(intensity([255, 255, 254]), 254);
    }

    #[test]
    fn refuses_out_of_range_indices() {
        // One part, one cascade with one feature, one tree splitting on feature 7.
        let mut b = b"ECSHAPE1".to_vec();
        let u = |b: &mut Vec<u8>, v: u32| b.extend_from_slice(&v.to_le_bytes());
        let f = |b: &mut Vec<u8>, v: f32| b.extend_from_slice(&v.to_le_bytes());
        u(&mut b, 1);
        f(&mut b, 0.5);
        f(&mut b, 0.5);
        u(&mut b, 1); // cascades
        u(&mut b, 1); // features
        u(&mut b, 0);
        f(&mut b, 0.0);
        f(&mut b, 0.0);
        u(&mut b, 1); // trees
        u(&mut b, 1); // splits
        u(&mut b, 7);
        u(&mut b, 0);
        f(&mut b, 0.0);
        assert!(matches!(
            ShapePredictor::from_bytes(&b),
            Err(Error::Format(_))
        ));
    }
}
