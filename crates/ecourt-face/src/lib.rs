//! Face comparison for identity checks (real-name verification: the ID-card photo against the
//! person in front of the camera), with dlib's public models run in pure Rust:
//!
//! 0. [`FaceDetector`]: frontal face boxes (rustface, SeetaFace's model), mapped to where
//!    dlib's own detector would put them;
//! 1. [`ShapePredictor`]: dlib's 5-point landmark model (an ERT cascade), given a face box;
//! 2. [`extract_face_chip`]: the aligned 150×150 chip, as dlib's
//!    `extract_image_chip(img, get_face_chip_details(shape, 150, 0.25))`;
//! 3. [`FaceNet`]: dlib's face recognition ResNet, answering a 128-d [`FaceDescriptor`]; dlib
//!    takes two faces for the same person when their [`FaceDescriptor::distance`] is below
//!    [`SAME_PERSON_THRESHOLD`] (0.6).
//!
//! The models are converted from the PyPI `face-recognition-models` files by
//! `scripts/prepare-models.sh` (see `tools/models/dlib_export.cpp` for the file formats) and
//! loaded from a folder at run time; nothing is fetched from the network.
//!
//! [`FacePipeline`] runs the whole path on an encoded photo (JPEG/PNG, size-limited before
//! decoding), refusing pictures with no face or several.
//!
//! This crate must not decide anything: it measures a distance, and the caller (the court
//! service) decides what a match means and records it. It does no I/O besides reading model
//! files, keeps no images, and is no liveness check — a printed photo has the same descriptor
//! as its subject.

use std::fmt;

mod chip;
mod detect;
pub mod liveness;
mod model;
pub mod models;
pub mod onnx;
mod pipeline;
mod shape;
#[cfg(feature = "test-support")]
pub mod test_support;

pub use chip::{extract_face_chip, face_chip_details, ChipDetails, DRect};
pub use detect::{Detection, FaceDetector};
pub use model::{FaceNet, CHIP_SIZE};
pub use models::{
    model_version, FaceModel, ModelDescriptor, ModelMismatch, SFACE_FILE, YUNET_FILE,
};
pub use pipeline::{
    decode_rgb, shrink, DescribedFace, FaceError, FacePipeline, Quality, SequenceCheck, StageTimes,
    CARD_MAX_SIDE, FRAME_MAX_SIDE, MAX_FRAMES, MAX_IMAGE_BYTES, MAX_PIXELS, MIN_BRIGHTNESS,
    MIN_EYE_DISTANCE, MIN_SHARPNESS,
};
pub use shape::{FaceBox, Point, ShapePredictor};

/// Length of a face descriptor.
pub const DESCRIPTOR_LEN: usize = 128;

/// dlib's threshold: descriptors closer than this (Euclidean) are taken to be the same person
/// (99.38% on LFW according to dlib). Not a verdict: on the face-api demo photos three pairs of
/// different people (faces in the same photo) came in at 0.56–0.58, so a verification policy
/// should choose its own, stricter threshold on its own data.
pub const SAME_PERSON_THRESHOLD: f32 = 0.6;

/// File names inside the models folder, as written by `scripts/prepare-models.sh`.
pub const RESNET_FILE: &str = "face_resnet_v1.bin";
/// See [`RESNET_FILE`].
pub const SHAPE_PREDICTOR_FILE: &str = "shape_predictor_5.bin";
/// See [`RESNET_FILE`]: dlib's 68-point model (eyelids, jaw line, nose tip), for liveness.
pub const SHAPE_PREDICTOR_68_FILE: &str = "shape_predictor_68.bin";
/// See [`RESNET_FILE`].
pub const DETECTOR_FILE: &str = "seeta_fd_frontal_v1.0.bin";

/// Errors from loading models or checking inputs.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {0}: {1}")]
    Io(String, #[source] std::io::Error),
    #[error("bad model file: {0}")]
    Format(String),
    #[error("bad input: {0}")]
    Input(String),
}

/// A 128-d face descriptor.
#[derive(Clone, Copy, PartialEq)]
pub struct FaceDescriptor(pub [f32; DESCRIPTOR_LEN]);

impl FaceDescriptor {
    /// Euclidean distance; below [`SAME_PERSON_THRESHOLD`] means the same person.
    pub fn distance(&self, other: &FaceDescriptor) -> f32 {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| (a - b) * (a - b))
            .sum::<f32>()
            .sqrt()
    }
}

impl fmt::Debug for FaceDescriptor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "FaceDescriptor({:.4}, {:.4}, …)", self.0[0], self.0[1])
    }
}

/// A borrowed RGB image: 3 bytes a pixel, rows top to bottom, no padding between rows.
#[derive(Clone, Copy, Debug)]
pub struct RgbImage<'a> {
    pub width: usize,
    pub height: usize,
    pub data: &'a [u8],
}

impl<'a> RgbImage<'a> {
    /// Checks that `data` holds exactly `width × height` pixels.
    pub fn new(width: usize, height: usize, data: &'a [u8]) -> Result<Self, Error> {
        if width.checked_mul(height).and_then(|n| n.checked_mul(3)) != Some(data.len()) {
            return Err(Error::Input(format!(
                "{} bytes is not a {width}×{height} RGB image",
                data.len()
            )));
        }
        Ok(RgbImage {
            width,
            height,
            data,
        })
    }

    fn pixel(&self, x: usize, y: usize) -> [u8; 3] {
        let i = (y * self.width + x) * 3;
        [self.data[i], self.data[i + 1], self.data[i + 2]]
    }
}
