//! The whole path from an encoded photo (JPEG or PNG) to one face's descriptor, with the
//! refusals a person understands: not a picture, too large, no face, more than one face.

use crate::{
    extract_face_chip, face_chip_details, Error, FaceDescriptor, FaceDetector, FaceNet, RgbImage,
    ShapePredictor, CHIP_SIZE, DETECTOR_FILE, RESNET_FILE, SHAPE_PREDICTOR_FILE,
};
use std::path::{Path, PathBuf};

/// The largest encoded photo taken (bytes).
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels a photo may decode to (a 8000×5000 photo): more is refused before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The smallest face side searched for, in pixels.
pub const MIN_FACE: u32 = 40;

/// Why a photo gave no descriptor.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum FaceError {
    #[error("the file is not a JPEG or PNG picture that can be read: {0}")]
    Undecodable(String),
    #[error("the picture is too large (at most 20 MB and 40 megapixels)")]
    TooLarge,
    #[error("no face was found")]
    NoFace,
    #[error("{0} faces were found; exactly one is needed")]
    SeveralFaces(usize),
}

/// The models folder: `ECOURT_MODELS_DIR`, else `~/.cache/ecourt/models`, where
/// `scripts/prepare-models.sh` puts them.
pub fn models_dir() -> PathBuf {
    std::env::var_os("ECOURT_MODELS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(std::env::var_os("HOME").unwrap_or_default()).join(".cache/ecourt/models")
        })
}

/// Decodes a JPEG or PNG into RGB bytes, refusing oversized input before decoding it.
pub fn decode_rgb(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), FaceError> {
    if bytes.len() > MAX_IMAGE_BYTES {
        return Err(FaceError::TooLarge);
    }
    let reader = image::ImageReader::new(std::io::Cursor::new(bytes))
        .with_guessed_format()
        .map_err(|e| FaceError::Undecodable(e.to_string()))?;
    let (w, h) = reader
        .into_dimensions()
        .map_err(|e| FaceError::Undecodable(e.to_string()))?;
    if u64::from(w) * u64::from(h) > MAX_PIXELS {
        return Err(FaceError::TooLarge);
    }
    let img = image::load_from_memory(bytes).map_err(|e| FaceError::Undecodable(e.to_string()))?;
    let rgb = img.to_rgb8();
    Ok((rgb.width() as usize, rgb.height() as usize, rgb.into_raw()))
}

/// Detector, landmarks and network together. Not `Send` (see [`FaceDetector`]).
pub struct FacePipeline {
    detector: FaceDetector,
    shape: ShapePredictor,
    net: FaceNet,
}

impl FacePipeline {
    /// Loads the three models from `dir` (see [`models_dir`]).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        Ok(FacePipeline {
            detector: FaceDetector::load(&dir.join(DETECTOR_FILE), MIN_FACE)?,
            shape: ShapePredictor::load(&dir.join(SHAPE_PREDICTOR_FILE))?,
            net: FaceNet::load(&dir.join(RESNET_FILE))?,
        })
    }

    /// The descriptor of the one face in an RGB image.
    pub fn describe(&mut self, img: &RgbImage<'_>) -> Result<FaceDescriptor, FaceError> {
        let faces = self.detector.detect(img);
        let face = match faces.len() {
            0 => return Err(FaceError::NoFace),
            1 => faces[0].face,
            n => return Err(FaceError::SeveralFaces(n)),
        };
        let parts = self.shape.predict(img, face);
        let details = face_chip_details(&parts, CHIP_SIZE, 0.25)
            .map_err(|e| FaceError::Undecodable(e.to_string()))?;
        let chip =
            extract_face_chip(img, &details).map_err(|e| FaceError::Undecodable(e.to_string()))?;
        self.net
            .descriptor(&chip)
            .map_err(|e| FaceError::Undecodable(e.to_string()))
    }

    /// The descriptor of the one face in an encoded photo.
    pub fn describe_encoded(&mut self, bytes: &[u8]) -> Result<FaceDescriptor, FaceError> {
        let (w, h, data) = decode_rgb(bytes)?;
        let img = RgbImage::new(w, h, &data).map_err(|e| FaceError::Undecodable(e.to_string()))?;
        self.describe(&img)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_not_a_picture_is_refused_before_any_model_runs() {
        assert!(matches!(
            decode_rgb(b"%PDF-1.4 not a photo"),
            Err(FaceError::Undecodable(_))
        ));
        assert_eq!(
            decode_rgb(&vec![0u8; MAX_IMAGE_BYTES + 1]),
            Err(FaceError::TooLarge)
        );
        // A PNG header announcing 100000 × 100000 pixels is refused without decoding it.
        let mut ihdr = b"IHDR".to_vec();
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&100_000u32.to_be_bytes());
        ihdr.extend_from_slice(&[8, 2, 0, 0, 0]);
        let mut png = b"\x89PNG\r\n\x1a\n\0\0\0\r".to_vec();
        png.extend_from_slice(&ihdr);
        png.extend_from_slice(&crc32(&ihdr).to_be_bytes());
        for chunk in [&b"IDAT"[..], &b"IEND"[..]] {
            png.extend_from_slice(&[0, 0, 0, 0]);
            png.extend_from_slice(chunk);
            png.extend_from_slice(&crc32(chunk).to_be_bytes());
        }
        assert_eq!(decode_rgb(&png), Err(FaceError::TooLarge));
    }

    /// CRC-32 as PNG chunks carry it.
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xEDB8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
}
