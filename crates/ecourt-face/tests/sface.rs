//! SFace (with YuNet's landmarks) on the recorded people and the mock cards, next to dlib's
//! ResNet: each model tells the card holder from the other man, descriptors of the two models
//! are never compared, and faces too small to compare are refused before any verdict.
//!
//! Needs the models and the fixtures; without them the tests say so and pass, unless `CI` is
//! set, where they fail.

use ecourt_face::liveness::{ChallengeStep, LivenessPolicy};
use ecourt_face::test_support::models_dir;
use ecourt_face::{
    decode_rgb, FaceError, FaceModel, FacePipeline, ModelMismatch, RgbImage, MIN_EYE_DISTANCE,
};
use std::path::{Path, PathBuf};

fn files(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    v.sort();
    v
}

fn jpeg(img: &image::DynamicImage) -> Vec<u8> {
    let mut bytes = Vec::new();
    img.write_to(
        &mut std::io::Cursor::new(&mut bytes),
        image::ImageFormat::Jpeg,
    )
    .unwrap();
    bytes
}

#[test]
fn sface_tells_the_card_holder_from_the_other_man_and_never_meets_dlib() {
    let Some(fx) = ecourt_face::test_support::prepared_fixtures() else {
        return;
    };
    let dir = models_dir();
    let mut sface = FacePipeline::load_model(&dir, "sface_2021dec").unwrap();
    let mut dlib = FacePipeline::load_model(&dir, "dlib_face_recognition_resnet_model_v1").unwrap();
    assert_eq!(sface.model(), FaceModel::Sface2021Dec);
    assert!(
        sface
            .model_version()
            .starts_with("sface_2021dec@0ba9fbfa01b5"),
        "{}",
        sface.model_version()
    );
    assert!(FacePipeline::load_model(&dir, "facenet").is_err());

    let card_a = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
    let card_b = std::fs::read(fx.join("person-b-card.jpg")).unwrap();
    let a = sface.describe_card(&card_a).unwrap();
    let b = sface.describe_card(&card_b).unwrap();
    assert_eq!(a.model, FaceModel::Sface2021Dec);
    // A feature of unit length.
    let norm: f32 = a.descriptor.0.iter().map(|v| v * v).sum::<f32>().sqrt();
    assert!((norm - 1.0).abs() < 1e-4, "{norm}");
    let mut worst_same = 0f32;
    let mut best_other = f32::MAX;
    for f in files(&fx.join("person-a/straight")).iter().step_by(5) {
        let (w, h, data) = decode_rgb(&std::fs::read(f).unwrap()).unwrap();
        let img = RgbImage::new(w, h, &data).unwrap();
        let live = sface.describe_checked(&img).unwrap();
        worst_same = worst_same.max(a.distance(&live).unwrap());
        best_other = best_other.min(b.distance(&live).unwrap());
    }
    eprintln!("sface: card holder at most {worst_same:.3}, the other man at least {best_other:.3}");
    // OpenCV's own cosine threshold for SFace is 0.363, i.e. a distance of 0.637.
    assert!(worst_same < 0.637, "{worst_same}");
    assert!(best_other > 0.637, "{best_other}");

    // The same card through dlib: a number of another scale, never compared with SFace's.
    let a_dlib = dlib.describe_card(&card_a).unwrap();
    assert_eq!(a_dlib.model, FaceModel::DlibResnetV1);
    assert_eq!(
        a_dlib.distance(&a),
        Err(ModelMismatch(
            FaceModel::DlibResnetV1,
            FaceModel::Sface2021Dec
        ))
    );
}

#[test]
fn sface_gives_the_live_frames_of_a_sequence_that_match_the_card() {
    let Some(fx) = ecourt_face::test_support::prepared_fixtures() else {
        return;
    };
    let mut sface = FacePipeline::load_model(&models_dir(), "sface_2021dec").unwrap();
    let card = sface
        .describe_card(&std::fs::read(fx.join("person-a-card.jpg")).unwrap())
        .unwrap();
    let person = fx.join("person-a");
    let straight: Vec<Vec<u8>> = files(&person.join("straight"))
        .iter()
        .map(|f| std::fs::read(f).unwrap())
        .collect();
    let mut frames: Vec<Vec<u8>> = straight[..10].to_vec();
    frames.extend(
        files(&person.join("blink"))
            .iter()
            .map(|f| std::fs::read(f).unwrap()),
    );
    frames.extend(straight[10..15].iter().cloned());
    let refs: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
    let check = sface
        .check_sequence(&[ChallengeStep::Blink], &refs, &LivenessPolicy::default())
        .unwrap();
    assert!(check.liveness.is_ok(), "{:?}", check.liveness);
    assert!(!check.faces.is_empty());
    for (i, f) in &check.faces {
        assert_eq!(f.model, FaceModel::Sface2021Dec);
        f.quality.check().unwrap();
        let d = card.distance(f).unwrap();
        eprintln!("frame {i}: {d:.3}, eyes {:.0} px", f.quality.eye_distance);
        assert!(d < 0.637, "frame {i}: {d}");
    }
}

#[test]
fn a_face_too_small_to_compare_is_refused_whatever_the_model() {
    let Some(fx) = ecourt_face::test_support::prepared_fixtures() else {
        return;
    };
    let card = image::open(fx.join("person-a-card.jpg")).unwrap();
    // The card photographed from afar: the portrait's eyes some 20 px apart, still found by
    // the detector, too small to tell two similar people apart.
    let far = card.resize(380, 240, image::imageops::FilterType::Triangle);
    for model in FaceModel::ALL {
        let mut p = FacePipeline::load_model(&models_dir(), model.id()).unwrap();
        let near = p.describe_card(&jpeg(&card)).unwrap();
        assert!(near.quality.eye_distance >= MIN_EYE_DISTANCE, "{near:?}");
        match p.describe_card(&jpeg(&far)) {
            Err(FaceError::TooSmall(eyes)) => {
                assert!(eyes < MIN_EYE_DISTANCE, "{model}: {eyes}");
            }
            other => panic!("{model}: a far card gave {other:?}"),
        }
    }
}
