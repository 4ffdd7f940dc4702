//! The whole path from an encoded photo (JPEG or PNG) to one face's descriptor, with the
//! refusals a person understands: not a picture, too large, no face, more than one face.

use crate::liveness::{
    frame_difference, judge, thumbnail, ChallengeStep, FaceMeasure, FrameFace, LivenessFailure,
    LivenessPolicy, LivenessReport,
};
use crate::models::{model_version, FaceModel, ModelDescriptor, ModelMismatch};
use crate::onnx::{align_arcface, SFace, YuNet, YuNetFace, SFACE_SIDE};
use crate::{
    extract_face_chip, face_chip_details, Error, FaceBox, FaceDescriptor, FaceDetector, FaceNet,
    Point, RgbImage, ShapePredictor, CHIP_SIZE, DETECTOR_FILE, RESNET_FILE, SFACE_FILE,
    SHAPE_PREDICTOR_68_FILE, SHAPE_PREDICTOR_FILE, YUNET_FILE,
};
use std::path::Path;
use std::time::{Duration, Instant};

/// The largest encoded photo taken (bytes).
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;
/// The most pixels a photo may decode to (a 8000×5000 photo): more is refused before decoding.
pub const MAX_PIXELS: u64 = 40_000_000;
/// The smallest face side searched for, in pixels.
pub const MIN_FACE: u32 = 40;
/// The longest side a card photo is searched at. A phone photo of the card filling the frame
/// is shrunk to about 1500 px across the card, which leaves its portrait (26 of the card's
/// 85.6 mm) some 450 px wide and the face near 300 px: far above [`MIN_FACE`] and the network's
/// 150 px chip, while the detector's work stays bounded.
pub const CARD_MAX_SIDE: usize = 1600;
/// The longest side a camera frame is searched at: a 1280×720 webcam frame is taken as it is
/// (what the desktop sends is smaller still); larger frames are shrunk, the face of a person
/// sitting at the screen staying well over 100 px.
pub const FRAME_MAX_SIDE: usize = 1280;
/// rustface's detector sums over the whole picture in `i32` (its LAB stage's integral image
/// overflows past 2³¹ / 255 ≈ 8.4 million pixels of white) and, in the debug build the
/// embedded court runs, a plain grey 4096² frame panics it with an overflow: no picture reaches
/// the detector larger than [`CARD_MAX_SIDE`]², under a third of that bound.
const _: () = assert!((CARD_MAX_SIDE * CARD_MAX_SIDE) as u64 * 255 < i32::MAX as u64);

/// Why a photo gave no descriptor.
#[derive(Debug, thiserror::Error, PartialEq)]
pub enum FaceError {
    #[error("the file is not a JPEG or PNG picture that can be read: {0}")]
    Undecodable(String),
    #[error("the picture is too large (at most 20 MB and 40 megapixels)")]
    TooLarge,
    #[error("no face was found")]
    NoFace,
    #[error("{0} faces were found; exactly one is needed")]
    SeveralFaces(usize),
    #[error("the face is upright only when the picture is turned {0}° clockwise")]
    Rotated(u16),
    #[error("the face is too dark (brightness {0:.0} of 255)")]
    TooDark(f32),
    #[error("the face is blurred (sharpness {0:.0})")]
    Blurred(f32),
    #[error("the face is too small ({0:.0} pixels between the eyes; at least {min} are needed)", min = MIN_EYE_DISTANCE)]
    TooSmall(f32),
    #[error("{0}")]
    ModelMismatch(#[from] ModelMismatch),
}

/// The least mean brightness (0–255) of an aligned face chip taken as usable.
pub const MIN_BRIGHTNESS: f32 = 40.0;
/// The least sharpness (variance of the Laplacian over the aligned grey chip) taken as usable.
/// Set on the recorded webcam faces (400×300 video: 26–34) and the same card blurred
/// (Gaussian σ = 1: 10; σ = 1.5: 7).
pub const MIN_SHARPNESS: f32 = 12.0;

/// The least distance between the eye centres, in pixels of the picture as taken, of a face
/// taken as large enough to compare: a smaller face has lost the detail that tells two similar
/// people apart (ISO/IEC 19794-5 asks 90 px for an ID photo). Measured on the fixtures by the
/// calibrate bench (docs/benchmarks.md): the mock cards 59–87 px, the recorded webcam faces
/// (400×300 and 360×288 video) 45–62 px, the labelled photos 30–149 px; the faces under 32 px are the
/// smallest faces of a group photo.
pub const MIN_EYE_DISTANCE: f32 = 32.0;

/// How well a face can be seen: brightness and sharpness measured on its aligned 150×150 chip
/// so that the values do not depend on the picture's size, and the face's size in the picture.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Quality {
    /// Mean grey level, 0–255.
    pub brightness: f32,
    /// Variance of the 4-neighbour Laplacian of the grey chip.
    pub sharpness: f32,
    /// Distance between the eye centres in the picture, in pixels.
    pub eye_distance: f32,
}

impl Quality {
    /// Measures an RGB chip of a face whose eyes were `eye_distance` pixels apart.
    pub fn of_chip(chip: &[u8], side: usize, eye_distance: f32) -> Quality {
        let grey: Vec<f32> = chip
            .chunks_exact(3)
            .map(|p| 0.299 * f32::from(p[0]) + 0.587 * f32::from(p[1]) + 0.114 * f32::from(p[2]))
            .collect();
        let brightness = grey.iter().sum::<f32>() / grey.len().max(1) as f32;
        let mut lap = Vec::with_capacity(grey.len());
        for y in 1..side.saturating_sub(1) {
            for x in 1..side - 1 {
                let i = y * side + x;
                lap.push(
                    grey[i - 1] + grey[i + 1] + grey[i - side] + grey[i + side] - 4.0 * grey[i],
                );
            }
        }
        let mean = lap.iter().sum::<f32>() / lap.len().max(1) as f32;
        let sharpness =
            lap.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / lap.len().max(1) as f32;
        Quality {
            brightness,
            sharpness,
            eye_distance,
        }
    }

    /// Refuses a face too dark, too blurred or too small to compare.
    pub fn check(&self) -> Result<(), FaceError> {
        if self.brightness < MIN_BRIGHTNESS {
            return Err(FaceError::TooDark(self.brightness));
        }
        if self.sharpness < MIN_SHARPNESS {
            return Err(FaceError::Blurred(self.sharpness));
        }
        if self.eye_distance < MIN_EYE_DISTANCE {
            return Err(FaceError::TooSmall(self.eye_distance));
        }
        Ok(())
    }
}

/// Time spent per stage (summed over frames).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct StageTimes {
    pub decode: Duration,
    pub detect: Duration,
    pub landmarks: Duration,
    pub embed: Duration,
}

/// One face described: its descriptor, the model that made it and how well it could be seen.
#[derive(Clone, Copy, Debug)]
pub struct DescribedFace {
    pub descriptor: FaceDescriptor,
    pub quality: Quality,
    pub model: FaceModel,
    /// The centres of the subject's right and left eye in the picture, in pixels.
    pub eyes: [(f32, f32); 2],
}

impl DescribedFace {
    /// The descriptor with its model.
    pub fn tagged(&self) -> ModelDescriptor {
        ModelDescriptor {
            model: self.model,
            vector: self.descriptor,
        }
    }

    /// The model's distance to another face (lower is more alike); an error when the two were
    /// described by different models.
    pub fn distance(&self, other: &DescribedFace) -> Result<f32, ModelMismatch> {
        self.tagged().distance(&other.tagged())
    }
}

/// What a captured sequence showed.
#[derive(Debug)]
pub struct SequenceCheck {
    /// Whether the challenge was followed by a live person.
    pub liveness: Result<LivenessReport, LivenessFailure>,
    /// Descriptors of up to three frames where the person looks straight with open eyes,
    /// spread over the sequence (empty when liveness failed).
    pub faces: Vec<(usize, DescribedFace)>,
    pub times: StageTimes,
}

/// The detector runs on one frame in this many; faces are followed in between.
const DETECT_EVERY: usize = 3;

/// The most frames a sequence may hold.
pub const MAX_FRAMES: usize = 150;

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
    // The JPEG decoder fills a cut-off picture with grey rather than failing; a JPEG without
    // its end marker is refused here as the damaged file it is.
    if bytes.starts_with(&[0xFF, 0xD8]) && !bytes.windows(2).any(|w| w == [0xFF, 0xD9]) {
        return Err(FaceError::Undecodable("the JPEG file is cut off".into()));
    }
    let img = image::load_from_memory(bytes).map_err(|e| FaceError::Undecodable(e.to_string()))?;
    let rgb = img.to_rgb8();
    Ok((rgb.width() as usize, rgb.height() as usize, rgb.into_raw()))
}

/// Detector, landmarks and network together. Not `Send` (see [`FaceDetector`]).
///
/// Which faces there are and liveness always come from the SeetaFace detector and dlib's
/// landmarks; the descriptor for the match comes from the model chosen at load time.
pub struct FacePipeline {
    detector: FaceDetector,
    shape: ShapePredictor,
    shape68: ShapePredictor,
    matcher: Matcher,
    version: String,
}

/// The model that describes faces for the match.
enum Matcher {
    Dlib(FaceNet),
    Sface { yunet: YuNet, net: SFace },
}

impl Matcher {
    fn model(&self) -> FaceModel {
        match self {
            Matcher::Dlib(_) => FaceModel::DlibResnetV1,
            Matcher::Sface { .. } => FaceModel::Sface2021Dec,
        }
    }
}

/// One frame of a sequence, observed.
struct Observation {
    face: FrameFace,
    parts5: Option<Vec<Point>>,
    /// The face box the landmarks were read in, and the landmarks' own extent.
    boxes: Option<(FaceBox, Extent)>,
    /// Whether the detector ran on this frame.
    detected: bool,
    thumb: Vec<f32>,
}

/// The bounding box of a face's 68 landmarks (jaw, brows, chin), as reals.
#[derive(Clone, Copy, Debug)]
struct Extent {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl Extent {
    fn of(parts: &[Point]) -> Extent {
        parts.iter().fold(
            Extent {
                left: f64::MAX,
                top: f64::MAX,
                right: f64::MIN,
                bottom: f64::MIN,
            },
            |e, p| Extent {
                left: e.left.min(p.x as f64),
                top: e.top.min(p.y as f64),
                right: e.right.max(p.x as f64),
                bottom: e.bottom.max(p.y as f64),
            },
        )
    }
}

/// How the detector's box sat on the landmarks' extent when it last ran, so that the face can
/// be followed in the frames between: each side of the box as a share of the extent's size.
#[derive(Clone, Copy, Debug)]
struct BoxFit {
    left: f64,
    top: f64,
    right: f64,
    bottom: f64,
}

impl BoxFit {
    fn new(b: FaceBox, e: Extent) -> Option<BoxFit> {
        let (w, h) = (e.right - e.left, e.bottom - e.top);
        (w > 1.0 && h > 1.0).then(|| BoxFit {
            left: (b.left as f64 - e.left) / w,
            top: (b.top as f64 - e.top) / h,
            right: (b.right as f64 - e.right) / w,
            bottom: (b.bottom as f64 - e.bottom) / h,
        })
    }

    /// The box around a new extent: it narrows when the face narrows (a tilted photo) and
    /// moves with it, as the detector's own box would.
    fn apply(&self, e: Extent) -> FaceBox {
        let (w, h) = (e.right - e.left, e.bottom - e.top);
        FaceBox {
            left: (e.left + self.left * w).round() as i64,
            top: (e.top + self.top * h).round() as i64,
            right: (e.right + self.right * w).round() as i64,
            bottom: (e.bottom + self.bottom * h).round() as i64,
        }
    }
}

impl FacePipeline {
    /// Loads the detector, the landmark models and dlib's ResNet from `dir` (the models
    /// folder its caller was configured with; `scripts/prepare-models.sh` fills it).
    pub fn load(dir: &Path) -> Result<Self, Error> {
        Self::load_model(dir, FaceModel::DlibResnetV1.id())
    }

    /// Loads the pipeline with the recognition model named `model` ([`FaceModel::id`]).
    pub fn load_model(dir: &Path, model: &str) -> Result<Self, Error> {
        let model = FaceModel::from_id(model)
            .ok_or_else(|| Error::Input(format!("no face model named {model:?}")))?;
        let matcher = match model {
            FaceModel::DlibResnetV1 => Matcher::Dlib(FaceNet::load(&dir.join(RESNET_FILE))?),
            FaceModel::Sface2021Dec => Matcher::Sface {
                yunet: YuNet::load(&dir.join(YUNET_FILE))?,
                net: SFace::load(&dir.join(SFACE_FILE))?,
            },
        };
        Ok(FacePipeline {
            detector: FaceDetector::load(&dir.join(DETECTOR_FILE), MIN_FACE)?,
            shape: ShapePredictor::load(&dir.join(SHAPE_PREDICTOR_FILE))?,
            shape68: ShapePredictor::load(&dir.join(SHAPE_PREDICTOR_68_FILE))?,
            matcher,
            version: model_version(dir, model),
        })
    }

    /// The model describing faces for the match.
    pub fn model(&self) -> FaceModel {
        self.matcher.model()
    }

    /// The model and its file's version, as [`model_version`] writes it.
    pub fn model_version(&self) -> &str {
        &self.version
    }

    /// The descriptor of the one face in an RGB image.
    pub fn describe(&mut self, img: &RgbImage<'_>) -> Result<FaceDescriptor, FaceError> {
        Ok(self.describe_checked(img)?.descriptor)
    }

    /// The one face in an RGB image, with its quality (not checked).
    pub fn describe_checked(&mut self, img: &RgbImage<'_>) -> Result<DescribedFace, FaceError> {
        self.describe_timed(img, &mut StageTimes::default())
    }

    /// [`FacePipeline::describe_checked`], adding the time each stage took to `times`.
    pub fn describe_timed(
        &mut self,
        img: &RgbImage<'_>,
        times: &mut StageTimes,
    ) -> Result<DescribedFace, FaceError> {
        let t = Instant::now();
        let faces = self.detector.detect(img);
        times.detect += t.elapsed();
        let face = match faces.len() {
            0 => return Err(FaceError::NoFace),
            1 => faces[0].face,
            n => return Err(FaceError::SeveralFaces(n)),
        };
        let t = Instant::now();
        let parts = self.shape.predict(img, face);
        times.landmarks += t.elapsed();
        self.describe_face(img, face, &parts, times)?
            .ok_or(FaceError::NoFace)
    }

    /// Every face the detector finds in an RGB image (a group photo), largest first; faces
    /// the chosen model's own detector does not see are left out. For calibration: each face
    /// in a group photo is a different person.
    pub fn describe_every(&mut self, img: &RgbImage<'_>) -> Result<Vec<DescribedFace>, FaceError> {
        let mut out = Vec::new();
        for d in self.detector.detect(img) {
            let parts = self.shape.predict(img, d.face);
            if let Some(f) = self.describe_face(img, d.face, &parts, &mut StageTimes::default())? {
                out.push(f);
            }
        }
        Ok(out)
    }

    /// The face in `face` (its dlib 5 landmarks `parts`) described by the chosen model; `None`
    /// when SFace's detector does not see that face.
    fn describe_face(
        &mut self,
        img: &RgbImage<'_>,
        face: FaceBox,
        parts: &[Point],
        times: &mut StageTimes,
    ) -> Result<Option<DescribedFace>, FaceError> {
        let internal = |e: Error| FaceError::Undecodable(e.to_string());
        let model = self.matcher.model();
        match &self.matcher {
            Matcher::Dlib(net) => {
                let t = Instant::now();
                let details = face_chip_details(parts, CHIP_SIZE, 0.25).map_err(internal)?;
                let chip = extract_face_chip(img, &details).map_err(internal)?;
                let eyes = dlib_eyes(parts);
                let quality = Quality::of_chip(&chip, CHIP_SIZE, distance(eyes[0], eyes[1]));
                let descriptor = net.descriptor(&chip).map_err(internal)?;
                times.embed += t.elapsed();
                Ok(Some(DescribedFace {
                    descriptor,
                    quality,
                    model,
                    eyes,
                }))
            }
            Matcher::Sface { yunet, net } => {
                let t = Instant::now();
                let found = yunet.detect(img).map_err(internal)?;
                times.detect += t.elapsed();
                let Some(yf) = yunet_face_in(&found, face) else {
                    return Ok(None);
                };
                let t = Instant::now();
                // Quality on a 150-px chip of the same alignment, so that its sharpness is on
                // the scale of dlib's chip (the face spans about the same pixels in both).
                let wide = align_arcface(img, &yf.landmarks, CHIP_SIZE);
                let quality = Quality::of_chip(&wide, CHIP_SIZE, yf.eye_distance());
                let aligned = align_arcface(img, &yf.landmarks, SFACE_SIDE);
                let descriptor = FaceDescriptor(net.feature(&aligned).map_err(internal)?);
                times.embed += t.elapsed();
                Ok(Some(DescribedFace {
                    descriptor,
                    quality,
                    model,
                    eyes: [yf.landmarks[0], yf.landmarks[1]],
                }))
            }
        }
    }

    /// The one face in an encoded photo, described under the loaded model with its quality.
    pub fn describe_encoded(&mut self, bytes: &[u8]) -> Result<DescribedFace, FaceError> {
        let (w, h, data) = decode_rgb(bytes)?;
        // A photo is searched at a card's size at most (see [`CARD_MAX_SIDE`]).
        let (w, h, data) = shrink(w, h, data, CARD_MAX_SIDE);
        let img = RgbImage::new(w, h, &data).map_err(|e| FaceError::Undecodable(e.to_string()))?;
        self.describe_checked(&img)
    }

    /// The portrait on a photo of an ID card's face side: exactly one face, seen well enough.
    /// A card photographed sideways or upside down is refused with the turn that would right
    /// it, so the person can retake it.
    pub fn describe_card(&mut self, bytes: &[u8]) -> Result<DescribedFace, FaceError> {
        let (w, h, data) = decode_rgb(bytes)?;
        // Phone photos are large; the portrait stays well over the detector's minimum at this size.
        let (w, h, data) = shrink(w, h, data, CARD_MAX_SIDE);
        let img = RgbImage::new(w, h, &data).map_err(|e| FaceError::Undecodable(e.to_string()))?;
        match self.describe_checked(&img) {
            Err(FaceError::NoFace) => {}
            Ok(face) => {
                face.quality.check()?;
                return Ok(face);
            }
            Err(e) => return Err(e),
        }
        for quarter in 1..=3u16 {
            let (rw, rh, rotated) = rotate_quarters(w, h, &data, quarter);
            let img = RgbImage::new(rw, rh, &rotated)
                .map_err(|e| FaceError::Undecodable(e.to_string()))?;
            if !self.detector.detect(&img).is_empty() {
                return Err(FaceError::Rotated(quarter * 90));
            }
        }
        Err(FaceError::NoFace)
    }

    /// Checks a captured sequence (encoded frames, in order) against a challenge: liveness from
    /// the 68 landmarks, then descriptors of up to three straight-ahead frames. Bad frames
    /// (undecodable, too large, too many) are errors; what the frames show is in the answer.
    pub fn check_sequence(
        &mut self,
        steps: &[ChallengeStep],
        frames: &[&[u8]],
        policy: &LivenessPolicy,
    ) -> Result<SequenceCheck, FaceError> {
        if frames.len() > MAX_FRAMES {
            return Err(FaceError::TooLarge);
        }
        let mut times = StageTimes::default();
        let mut observations = Vec::with_capacity(frames.len());
        let mut fit: Option<BoxFit> = None;
        let mut last: Option<Extent> = None;
        for (i, bytes) in frames.iter().enumerate() {
            // One frame decoded at a time: 150 decoded 720p frames would hold 400 MB; the few
            // described below are decoded again.
            let t = Instant::now();
            let (w, h, data) = decode_frame(bytes)?;
            times.decode += t.elapsed();
            let img =
                RgbImage::new(w, h, &data).map_err(|e| FaceError::Undecodable(e.to_string()))?;
            // The detector runs on every third frame (and whenever the face was lost); in
            // between, the face is followed from its landmarks. A second face stays in view
            // far longer than two frames.
            let follow = match (fit, last) {
                (Some(f), Some(e)) if i % DETECT_EVERY != 0 => Some((f, e)),
                _ => None,
            };
            let obs = self.observe(&img, follow, &mut times);
            last = None;
            if let (FrameFace::One(_), Some((b, e))) = (&obs.face, obs.boxes) {
                if obs.detected {
                    fit = BoxFit::new(b, e);
                }
                last = Some(e);
            }
            observations.push(obs);
        }
        let differences: Vec<f32> = observations
            .windows(2)
            .map(|o| frame_difference(&o[0].thumb, &o[1].thumb))
            .collect();
        let faces: Vec<FrameFace> = observations.iter().map(|o| o.face).collect();
        let liveness = judge(steps, &faces, &differences, policy);
        let mut described = Vec::new();
        if let Ok(report) = &liveness {
            let base = report.baseline;
            let straight: Vec<usize> = faces
                .iter()
                .enumerate()
                .filter_map(|(i, f)| match f {
                    FrameFace::One(m) if looks_straight(m, &base, policy) => Some(i),
                    _ => None,
                })
                .collect();
            let mut picks: Vec<usize> = match straight.len() {
                0 => Vec::new(),
                n => vec![straight[0], straight[n / 2], straight[n - 1]],
            };
            picks.dedup();
            for i in picks {
                let (w, h, data) = decode_frame(frames[i])?;
                let img = RgbImage::new(w, h, &data)
                    .map_err(|e| FaceError::Undecodable(e.to_string()))?;
                if let (Some(parts), Some((face, _))) =
                    (&observations[i].parts5, observations[i].boxes)
                {
                    if let Some(face) = self.describe_face(&img, face, parts, &mut times)? {
                        described.push((i, face));
                    }
                }
            }
        }
        Ok(SequenceCheck {
            liveness,
            faces: described,
            times,
        })
    }

    /// Finds and measures the face in one frame. When the detector misses a face it found in
    /// the frame before (a turned head is harder for a frontal detector), the landmarks are
    /// read in the box carried over from that frame.
    fn observe(
        &mut self,
        img: &RgbImage<'_>,
        follow: Option<(BoxFit, Extent)>,
        times: &mut StageTimes,
    ) -> Observation {
        let thumb = thumbnail(img);
        if let Some((fit, extent)) = follow {
            // The box from the last frame's landmarks, then once more from this frame's own,
            // so that the box does not lag behind a moving face.
            let t = Instant::now();
            let first = Extent::of(&self.shape68.predict(img, fit.apply(extent)));
            times.landmarks += t.elapsed();
            return self.measure(img, fit.apply(first), false, thumb, times);
        }
        let t = Instant::now();
        let found = self.detector.detect(img);
        times.detect += t.elapsed();
        // Faces less than half the size of the nearest one are in the background.
        let big = found.first().map(|d| d.raw.2).unwrap_or(0);
        let near: Vec<FaceBox> = found
            .iter()
            .filter(|d| 2 * d.raw.2 >= big)
            .map(|d| d.face)
            .collect();
        let face = match near.len() {
            1 => near[0],
            n => {
                return Observation {
                    face: if n == 0 {
                        FrameFace::None
                    } else {
                        FrameFace::Several(n)
                    },
                    parts5: None,
                    boxes: None,
                    detected: true,
                    thumb,
                }
            }
        };
        self.measure(img, face, true, thumb, times)
    }

    fn measure(
        &mut self,
        img: &RgbImage<'_>,
        face: FaceBox,
        detected: bool,
        thumb: Vec<f32>,
        times: &mut StageTimes,
    ) -> Observation {
        let t = Instant::now();
        let parts68 = self.shape68.predict(img, face);
        let parts5 = self.shape.predict(img, face);
        times.landmarks += t.elapsed();
        match FaceMeasure::from_landmarks68(&parts68) {
            Some(m) => Observation {
                face: FrameFace::One(m),
                parts5: Some(parts5),
                boxes: Some((face, Extent::of(&parts68))),
                detected,
                thumb,
            },
            None => Observation {
                face: FrameFace::None,
                parts5: None,
                boxes: None,
                detected,
                thumb,
            },
        }
    }
}

/// The eye centres from dlib's 5 landmarks (two corners of each eye, then the base of the
/// nose); dlib's first eye is on the picture's right (the subject's left).
fn dlib_eyes(parts: &[Point]) -> [(f32, f32); 2] {
    if parts.len() < 4 {
        return [(0.0, 0.0); 2];
    }
    let centre = |a: Point, b: Point| ((a.x + b.x) as f32 / 2.0, (a.y + b.y) as f32 / 2.0);
    [centre(parts[2], parts[3]), centre(parts[0], parts[1])]
}

fn distance(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((a.0 - b.0).powi(2) + (a.1 - b.1).powi(2)).sqrt()
}

/// The YuNet face that is the detector's face `face`: the best-scoring one whose eyes lie
/// inside that box.
fn yunet_face_in(found: &[YuNetFace], face: FaceBox) -> Option<YuNetFace> {
    let inside = |(x, y): (f32, f32)| {
        x >= face.left as f32
            && x <= face.right as f32
            && y >= face.top as f32
            && y <= face.bottom as f32
    };
    found
        .iter()
        .filter(|f| inside(f.landmarks[0]) && inside(f.landmarks[1]))
        .max_by(|a, b| a.score.total_cmp(&b.score))
        .copied()
}

/// Straight ahead with open eyes, relative to the person's own baseline.
fn looks_straight(m: &FaceMeasure, base: &FaceMeasure, policy: &LivenessPolicy) -> bool {
    (m.turn - base.turn).abs() <= policy.turn_back_delta
        && m.eye_openness >= base.eye_openness * policy.blink_open_ratio
}

/// A camera frame decoded and shrunk to [`FRAME_MAX_SIDE`].
fn decode_frame(bytes: &[u8]) -> Result<(usize, usize, Vec<u8>), FaceError> {
    let (w, h, data) = decode_rgb(bytes)?;
    Ok(shrink(w, h, data, FRAME_MAX_SIDE))
}

/// Shrinks an RGB image so that its longer side is at most `max_side` (area averaging, aspect
/// kept); smaller images are returned as they are.
pub fn shrink(w: usize, h: usize, data: Vec<u8>, max_side: usize) -> (usize, usize, Vec<u8>) {
    let long = w.max(h);
    if long <= max_side || max_side == 0 {
        return (w, h, data);
    }
    let (nw, nh) = ((w * max_side / long).max(1), (h * max_side / long).max(1));
    match image::RgbImage::from_raw(w as u32, h as u32, data) {
        Some(img) => {
            let small = image::imageops::thumbnail(&img, nw as u32, nh as u32);
            (nw, nh, small.into_raw())
        }
        // from_raw refuses a buffer of the wrong size; callers pass whole images.
        None => (0, 0, Vec::new()),
    }
}

/// Turns an RGB image clockwise by `quarters` × 90°.
fn rotate_quarters(w: usize, h: usize, data: &[u8], quarters: u16) -> (usize, usize, Vec<u8>) {
    let (nw, nh) = if quarters % 2 == 1 { (h, w) } else { (w, h) };
    let mut out = vec![0u8; data.len()];
    for y in 0..h {
        for x in 0..w {
            let (nx, ny) = match quarters % 4 {
                1 => (h - 1 - y, x),
                2 => (w - 1 - x, h - 1 - y),
                3 => (y, w - 1 - x),
                _ => (x, y),
            };
            let (i, j) = ((y * w + x) * 3, (ny * nw + nx) * 3);
            out[j..j + 3].copy_from_slice(&data[i..i + 3]);
        }
    }
    (nw, nh, out)
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
