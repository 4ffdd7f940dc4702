//! The face recognition models a court may configure, each with its own id, version (a prefix
//! of its file's SHA-256) and distance. Descriptors carry the model that made them: two
//! descriptors of different models are never compared (an error, not a number), so that a
//! template sealed under one model cannot silently be matched under another.

use crate::{FaceDescriptor, DESCRIPTOR_LEN, RESNET_FILE};
use std::path::Path;

/// File names of the OpenCV Zoo models inside the models folder (`scripts/prepare-models.sh`).
pub const SFACE_FILE: &str = "face_recognition_sface_2021dec.onnx";
/// See [`SFACE_FILE`]: the detector SFace's landmarks come from.
pub const YUNET_FILE: &str = "face_detection_yunet_2023mar.onnx";

/// A face recognition model. Every model's score is a distance: lower is more alike.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum FaceModel {
    /// dlib's ResNet (`dlib_face_recognition_resnet_model_v1`): Euclidean distance between
    /// 128-d descriptors of a 150×150 chip from dlib's 5 landmarks.
    DlibResnetV1,
    /// OpenCV Zoo's SFace 2021dec: 1 − cosine between 128-d features of a 112×112 face aligned
    /// from YuNet 2023mar's 5 landmarks onto the ArcFace template.
    Sface2021Dec,
}

impl FaceModel {
    pub const ALL: [FaceModel; 2] = [FaceModel::DlibResnetV1, FaceModel::Sface2021Dec];

    /// The id a policy names the model by.
    pub fn id(self) -> &'static str {
        match self {
            FaceModel::DlibResnetV1 => "dlib_face_recognition_resnet_model_v1",
            FaceModel::Sface2021Dec => "sface_2021dec",
        }
    }

    /// The model named `id`.
    pub fn from_id(id: &str) -> Option<FaceModel> {
        FaceModel::ALL.into_iter().find(|m| m.id() == id)
    }

    /// The file whose hash versions the model's descriptors.
    pub fn file(self) -> &'static str {
        match self {
            FaceModel::DlibResnetV1 => RESNET_FILE,
            FaceModel::Sface2021Dec => SFACE_FILE,
        }
    }

    /// The distance between two descriptors of this model.
    fn distance(self, a: &FaceDescriptor, b: &FaceDescriptor) -> f32 {
        match self {
            FaceModel::DlibResnetV1 => a.distance(b),
            // Features are scaled to unit length when computed; divided again here so that a
            // descriptor from elsewhere (a sealed template) is measured the same way.
            FaceModel::Sface2021Dec => {
                let dot: f32 = a.0.iter().zip(&b.0).map(|(x, y)| x * y).sum();
                let na = a.0.iter().map(|x| x * x).sum::<f32>().sqrt();
                let nb = b.0.iter().map(|x| x * x).sum::<f32>().sqrt();
                1.0 - dot / (na * nb).max(1e-12)
            }
        }
    }
}

impl std::fmt::Display for FaceModel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// `<model id>@<first 12 hex digits of the SHA-256 of its file>` (`@missing` without the file):
/// what is recorded with each template and decision.
pub fn model_version(dir: &Path, model: FaceModel) -> String {
    use sha2::Digest as _;
    let version: String = std::fs::read(dir.join(model.file()))
        .map(|b| {
            let digest = sha2::Sha256::digest(&b);
            digest[..6].iter().map(|x| format!("{x:02x}")).collect()
        })
        .unwrap_or_else(|_| "missing".into());
    format!("{}@{version}", model.id())
}

/// Two descriptors of different models were to be compared.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("a {0} descriptor cannot be compared with a {1} descriptor")]
pub struct ModelMismatch(pub FaceModel, pub FaceModel);

/// A descriptor with the model that made it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ModelDescriptor {
    pub model: FaceModel,
    pub vector: FaceDescriptor,
}

impl ModelDescriptor {
    /// The model's distance (lower is more alike), or an error for descriptors of two models.
    pub fn distance(&self, other: &ModelDescriptor) -> Result<f32, ModelMismatch> {
        if self.model != other.model {
            return Err(ModelMismatch(self.model, other.model));
        }
        Ok(self.model.distance(&self.vector, &other.vector))
    }

    /// The values as little-endian bytes (the model is not in them: keep it alongside).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        self.vector.0.iter().flat_map(|v| v.to_le_bytes()).collect()
    }

    /// The descriptor of `model` held in `bytes` (as [`ModelDescriptor::to_le_bytes`] wrote).
    pub fn from_le_bytes(model: FaceModel, bytes: &[u8]) -> Option<ModelDescriptor> {
        if bytes.len() != DESCRIPTOR_LEN * 4 {
            return None;
        }
        let mut d = [0f32; DESCRIPTOR_LEN];
        for (v, b) in d.iter_mut().zip(bytes.chunks_exact(4)) {
            *v = f32::from_le_bytes([b[0], b[1], b[2], b[3]]);
        }
        Some(ModelDescriptor {
            model,
            vector: FaceDescriptor(d),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn descriptors_of_two_models_are_never_compared() {
        let mut v = [0f32; DESCRIPTOR_LEN];
        v[0] = 1.0;
        let dlib = ModelDescriptor {
            model: FaceModel::DlibResnetV1,
            vector: FaceDescriptor(v),
        };
        let sface = ModelDescriptor {
            model: FaceModel::Sface2021Dec,
            vector: FaceDescriptor(v),
        };
        assert_eq!(
            dlib.distance(&sface),
            Err(ModelMismatch(
                FaceModel::DlibResnetV1,
                FaceModel::Sface2021Dec
            ))
        );
        assert_eq!(sface.distance(&sface), Ok(0.0));
        let mut w = [0f32; DESCRIPTOR_LEN];
        w[1] = 3.0;
        let other = ModelDescriptor {
            model: FaceModel::Sface2021Dec,
            vector: FaceDescriptor(w),
        };
        // Orthogonal features: cosine 0, distance 1, whatever their lengths.
        assert!((sface.distance(&other).unwrap() - 1.0).abs() < 1e-6);
        assert_eq!(
            ModelDescriptor::from_le_bytes(FaceModel::Sface2021Dec, &other.to_le_bytes()),
            Some(other)
        );
        for m in FaceModel::ALL {
            assert_eq!(FaceModel::from_id(m.id()), Some(m));
        }
    }
}
