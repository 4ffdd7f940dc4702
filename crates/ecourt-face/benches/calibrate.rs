//! The match threshold against labelled photos from registry packages (see
//! `scripts/prepare-face-fixtures.sh`): every pair of faces of the same person (genuine) and
//! of different people (impostor), the false-reject and false-accept rates at thresholds
//! from 0.40 to 0.60. Identities: the labelled photos, the two recorded men (their mock card
//! and frames from their videos; the second is franck of the labelled photos), and every face in the face-api demo group photos (each face
//! its own person, impostor pairs only).
//!
//! `cargo bench -p ecourt-face --bench calibrate`

#[path = "common.rs"]
mod common;

use ecourt_face::{
    extract_face_chip, face_chip_details, models_dir, FaceDescriptor, FaceDetector, FaceNet,
    FacePipeline, RgbImage, ShapePredictor, CHIP_SIZE,
};

fn main() {
    let fx = common::fixtures();
    let models = models_dir();
    let mut pipeline = FacePipeline::load(&models).unwrap();
    let mut faces: Vec<(String, String, FaceDescriptor)> = Vec::new(); // (person, source, descriptor)
    let mut skipped = Vec::new();

    for dir in common::files(&fx.join("labelled")).into_iter().chain(
        std::fs::read_dir(fx.join("labelled"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.is_dir()),
    ) {
        if !dir.is_dir() {
            continue;
        }
        let person = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in common::files(&dir) {
            match pipeline.describe_encoded(&std::fs::read(&f).unwrap()) {
                Ok(d) => faces.push((person.clone(), f.display().to_string(), d)),
                Err(e) => skipped.push(format!("{}: {e}", f.display())),
            }
        }
    }
    for (person, card, clips) in [
        (
            "recorded-a",
            "person-a-card.jpg",
            vec!["person-a/straight", "person-a/second-take"],
        ),
        // The other recorded man is franck of the labelled photos (the same video).
        ("franck", "person-b-card.jpg", vec!["person-b/straight"]),
    ] {
        let d = pipeline
            .describe_encoded(&std::fs::read(fx.join(card)).unwrap())
            .unwrap();
        faces.push((person.into(), card.into(), d));
        for clip in clips {
            let files = common::files(&fx.join(clip));
            for f in [&files[0], &files[files.len() / 2], &files[files.len() - 1]] {
                match pipeline.describe_encoded(&std::fs::read(f).unwrap()) {
                    Ok(d) => faces.push((person.into(), f.display().to_string(), d)),
                    Err(e) => skipped.push(format!("{}: {e}", f.display())),
                }
            }
        }
    }
    // The face-api demo group photos (raw pixels kept by prepare-models.sh): every face found.
    let mut detector = FaceDetector::load(&models.join(ecourt_face::DETECTOR_FILE), 40).unwrap();
    let shape = ShapePredictor::load(&models.join(ecourt_face::SHAPE_PREDICTOR_FILE)).unwrap();
    let net = FaceNet::load(&models.join(ecourt_face::RESNET_FILE)).unwrap();
    let tsv = std::fs::read_to_string(models.join("reference/reference.tsv")).unwrap();
    for line in tsv
        .lines()
        .filter(|l| l.starts_with("image\t") && !l.contains("_zoom"))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (w, h) = (
            f[2].parse::<usize>().unwrap(),
            f[3].parse::<usize>().unwrap(),
        );
        let data = std::fs::read(models.join("reference").join(f[4])).unwrap();
        let img = RgbImage::new(w, h, &data).unwrap();
        for (i, det) in detector.detect(&img).iter().enumerate() {
            let parts = shape.predict(&img, det.face);
            let chip =
                extract_face_chip(&img, &face_chip_details(&parts, CHIP_SIZE, 0.25).unwrap())
                    .unwrap();
            let d = net.descriptor(&chip).unwrap();
            faces.push((
                format!("demo-{}-{i}", f[1]),
                format!("{} face {i}", f[1]),
                d,
            ));
        }
    }

    let mut genuine = Vec::new();
    let mut impostor = Vec::new();
    let mut closest_impostor = (f32::MAX, String::new());
    let mut farthest_genuine = (0f32, String::new());
    for i in 0..faces.len() {
        for j in i + 1..faces.len() {
            let d = faces[i].2.distance(&faces[j].2);
            let pair = format!("{} – {}", faces[i].1, faces[j].1);
            if faces[i].0 == faces[j].0 {
                genuine.push(d);
                if d > farthest_genuine.0 {
                    farthest_genuine = (d, pair);
                }
            } else {
                impostor.push(d);
                if d < closest_impostor.0 {
                    closest_impostor = (d, pair);
                }
            }
        }
    }
    let people: std::collections::BTreeSet<&str> = faces.iter().map(|f| f.0.as_str()).collect();
    println!(
        "{} faces of {} people; {} genuine pairs, {} impostor pairs",
        faces.len(),
        people.len(),
        genuine.len(),
        impostor.len()
    );
    for s in &skipped {
        println!("  skipped {s}");
    }
    println!("threshold  false rejects      false accepts");
    for t in [0.40f32, 0.45, 0.50, 0.55, 0.60] {
        let fr = genuine.iter().filter(|d| **d >= t).count();
        let fa = impostor.iter().filter(|d| **d < t).count();
        println!(
            "  {t:.2}     {fr:>3}/{} ({:.1} %)   {fa:>4}/{} ({:.2} %)",
            genuine.len(),
            100.0 * fr as f64 / genuine.len() as f64,
            impostor.len(),
            100.0 * fa as f64 / impostor.len() as f64
        );
    }
    println!(
        "farthest genuine pair {:.3}: {}",
        farthest_genuine.0, farthest_genuine.1
    );
    println!(
        "closest impostor pair {:.3}: {}",
        closest_impostor.0, closest_impostor.1
    );
}
