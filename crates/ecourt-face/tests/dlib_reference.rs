//! Checks the Rust port against dlib itself, on the reference results that
//! `scripts/prepare-models.sh` records with `tools/models/dlib_export.cpp` (dlib's HOG face
//! boxes, landmarks, chips and descriptors for the face-api demo photos from npm).
//!
//! Needs the models folder (`ECOURT_MODELS_DIR`, else `~/.cache/ecourt/models`). Without it
//! the test says so and passes, unless `CI` is set, where a missing folder is a failure.

use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Instant;

use ecourt_face::{
    extract_face_chip, face_chip_details, FaceBox, FaceDescriptor, FaceNet, Point, RgbImage,
    ShapePredictor, CHIP_SIZE, DESCRIPTOR_LEN, RESNET_FILE, SAME_PERSON_THRESHOLD,
    SHAPE_PREDICTOR_FILE,
};

fn models_dir() -> Option<PathBuf> {
    let dir = match std::env::var_os("ECOURT_MODELS_DIR") {
        Some(d) => PathBuf::from(d),
        None => PathBuf::from(std::env::var_os("HOME")?).join(".cache/ecourt/models"),
    };
    if dir.join(RESNET_FILE).is_file() && dir.join("reference/reference.tsv").is_file() {
        return Some(dir);
    }
    if std::env::var_os("CI").is_some() {
        panic!(
            "models not found in {} (run scripts/prepare-models.sh)",
            dir.display()
        );
    }
    eprintln!(
        "SKIPPED: no models in {} — run scripts/prepare-models.sh to check against dlib",
        dir.display()
    );
    None
}

struct Face {
    image: String,
    index: usize,
    rect: FaceBox,
    parts: Vec<Point>,
    chip: Vec<u8>,
    descriptor: FaceDescriptor,
}

struct Image {
    width: usize,
    height: usize,
    data: Vec<u8>,
}

fn load_reference(dir: &std::path::Path) -> (HashMap<String, Image>, Vec<Face>) {
    let ref_dir = dir.join("reference");
    let tsv = std::fs::read_to_string(ref_dir.join("reference.tsv")).unwrap();
    let mut images = HashMap::new();
    let mut faces = Vec::new();
    for line in tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "image" => {
                let data = std::fs::read(ref_dir.join(f[4])).unwrap();
                let image = Image {
                    width: f[2].parse().unwrap(),
                    height: f[3].parse().unwrap(),
                    data,
                };
                images.insert(f[1].to_string(), image);
            }
            "face" => {
                let n = |i: usize| f[i].parse::<i64>().unwrap();
                let rect = FaceBox {
                    left: n(3),
                    top: n(4),
                    right: n(5),
                    bottom: n(6),
                };
                let parts = (0..5)
                    .map(|k| Point {
                        x: n(7 + 2 * k),
                        y: n(8 + 2 * k),
                    })
                    .collect();
                let chip = std::fs::read(ref_dir.join(f[17])).unwrap();
                let mut d = [0.0f32; DESCRIPTOR_LEN];
                for (k, v) in d.iter_mut().enumerate() {
                    *v = f[18 + k].parse().unwrap();
                }
                faces.push(Face {
                    image: f[1].to_string(),
                    index: f[2].parse().unwrap(),
                    rect,
                    parts,
                    chip,
                    descriptor: FaceDescriptor(d),
                });
            }
            other => panic!("unexpected line kind {other}"),
        }
    }
    (images, faces)
}

fn max_abs_diff(a: &FaceDescriptor, b: &FaceDescriptor) -> f32 {
    a.0.iter()
        .zip(&b.0)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f32::max)
}

#[test]
fn matches_dlib_on_the_demo_photos() {
    let Some(dir) = models_dir() else { return };
    let net = FaceNet::load(&dir.join(RESNET_FILE)).unwrap();
    let sp = ShapePredictor::load(&dir.join(SHAPE_PREDICTOR_FILE)).unwrap();
    let (images, faces) = load_reference(&dir);
    assert!(
        faces.len() >= 10,
        "expected the reference faces, got {}",
        faces.len()
    );

    let mut worst_descriptor = 0.0f32;
    let mut worst_landmark = 0i64;
    let mut worst_chip = 0u8;
    let mut chip_bytes_off = 0usize;
    let mut worst_pipeline = 0.0f32;
    let (mut net_time, mut shape_time, mut chip_time) = (0.0f64, 0.0f64, 0.0f64);
    let mut ours = Vec::new();
    for face in &faces {
        let image = &images[&face.image];
        let img = RgbImage::new(image.width, image.height, &image.data).unwrap();
        let tag = format!("{}#{}", face.image, face.index);

        // 1. The network on dlib's own chip.
        let t = Instant::now();
        let d = net.descriptor(&face.chip).unwrap();
        net_time += t.elapsed().as_secs_f64();
        let diff = max_abs_diff(&d, &face.descriptor);
        worst_descriptor = worst_descriptor.max(diff);

        // 2. Landmarks from dlib's face box.
        let t = Instant::now();
        let parts = sp.predict(&img, face.rect);
        shape_time += t.elapsed().as_secs_f64();
        let off = parts
            .iter()
            .zip(&face.parts)
            .map(|(a, b)| (a.x - b.x).abs().max((a.y - b.y).abs()))
            .max()
            .unwrap();
        worst_landmark = worst_landmark.max(off);

        // 3. The chip from dlib's landmarks.
        let t = Instant::now();
        let details = face_chip_details(&face.parts, CHIP_SIZE, 0.25).unwrap();
        let chip = extract_face_chip(&img, &details).unwrap();
        chip_time += t.elapsed().as_secs_f64();
        assert_eq!(chip.len(), face.chip.len());
        let chip_max = chip
            .iter()
            .zip(&face.chip)
            .map(|(a, b)| a.abs_diff(*b))
            .max()
            .unwrap();
        let chip_n = chip.iter().zip(&face.chip).filter(|(a, b)| a != b).count();
        worst_chip = worst_chip.max(chip_max);
        chip_bytes_off += chip_n;

        // 4. The whole pipeline from dlib's face box, compared by distance.
        let chip_ours =
            extract_face_chip(&img, &face_chip_details(&parts, CHIP_SIZE, 0.25).unwrap()).unwrap();
        let d_ours = net.descriptor(&chip_ours).unwrap();
        let dist = d_ours.distance(&face.descriptor);
        worst_pipeline = worst_pipeline.max(dist);
        ours.push(d_ours);

        eprintln!(
            "{tag:<10} descriptor max|Δ| {diff:.2e}  landmarks off by {off} px  chip: {chip_n} bytes differ (max {chip_max})  pipeline distance to dlib {dist:.2e}"
        );
    }
    eprintln!(
        "{} faces: descriptor max|Δ| {worst_descriptor:.2e}, landmarks ≤ {worst_landmark} px, chip max byte diff {worst_chip} ({chip_bytes_off} bytes of {}), pipeline distance ≤ {worst_pipeline:.2e}; per face: descriptor {:.1} ms, landmarks {:.2} ms, chip {:.2} ms",
        faces.len(),
        faces.len() * CHIP_SIZE * CHIP_SIZE * 3,
        net_time * 1000.0 / faces.len() as f64,
        shape_time * 1000.0 / faces.len() as f64,
        chip_time * 1000.0 / faces.len() as f64
    );

    // Same-person pairs among the demo faces, by dlib's threshold.
    let mut pairs = Vec::new();
    for i in 0..faces.len() {
        for j in i + 1..faces.len() {
            pairs.push((faces[i].descriptor.distance(&faces[j].descriptor), i, j));
        }
    }
    pairs.sort_by(|a, b| a.0.total_cmp(&b.0));
    let under = pairs.iter().filter(|p| p.0 < SAME_PERSON_THRESHOLD).count();
    eprintln!(
        "{} pairs, {under} under {SAME_PERSON_THRESHOLD}; closest:",
        pairs.len()
    );
    for (dist, i, j) in pairs.iter().take(8) {
        let (a, b) = (&faces[*i], &faces[*j]);
        eprintln!(
            "  {:.3}  {}#{} – {}#{}",
            dist, a.image, a.index, b.image, b.index
        );
    }
    let median = pairs[pairs.len() / 2].0;
    eprintln!("  median pair distance {median:.3}");

    assert!(
        worst_descriptor < 1e-4,
        "descriptor differs from dlib by {worst_descriptor}"
    );
    assert!(
        worst_landmark <= 1,
        "landmarks differ from dlib by {worst_landmark} px"
    );
    assert!(
        worst_chip <= 1,
        "chip differs from dlib by {worst_chip} in some byte"
    );
    assert!(
        worst_pipeline < 0.01,
        "pipeline descriptor is {worst_pipeline} from dlib's"
    );
}

/// SeetaFace (rustface) boxes against dlib's HOG boxes on the same photos, and the whole
/// pipeline from our own detection: the descriptor must stay close to dlib's.
#[test]
fn detection_then_pipeline_stays_close_to_dlib() {
    let Some(dir) = models_dir() else { return };
    let net = FaceNet::load(&dir.join(RESNET_FILE)).unwrap();
    let sp = ShapePredictor::load(&dir.join(SHAPE_PREDICTOR_FILE)).unwrap();
    let mut detector =
        ecourt_face::FaceDetector::load(&dir.join(ecourt_face::DETECTOR_FILE), 60).unwrap();
    let (images, faces) = load_reference(&dir);
    let mut names: Vec<&String> = images.keys().collect();
    names.sort();
    let mut matched = 0;
    let mut worst = 0.0f32;
    let mut det_time = 0.0;
    for name in names {
        let image = &images[name];
        let img = RgbImage::new(image.width, image.height, &image.data).unwrap();
        let t = Instant::now();
        let dets = detector.detect(&img);
        det_time += t.elapsed().as_secs_f64();
        for face in faces.iter().filter(|f| &f.image == name) {
            let (cx, cy) = (
                (face.rect.left + face.rect.right) / 2,
                (face.rect.top + face.rect.bottom) / 2,
            );
            let Some(det) = dets.iter().find(|d| {
                let (x, y, w, h) = d.raw;
                cx >= x && cx < x + w && cy >= y && cy < y + h
            }) else {
                eprintln!("{name}#{} not found by rustface", face.index);
                continue;
            };
            matched += 1;
            let (x, y, w, h) = det.raw;
            let dside = (face.rect.right - face.rect.left + 1) as f64;
            eprintln!(
                "FIT {name}#{} seeta {x} {y} {w} {h} dlib {} {} {} {} cx {:.4} cy {:.4} s {:.4}",
                face.index,
                face.rect.left,
                face.rect.top,
                face.rect.right,
                face.rect.bottom,
                ((face.rect.left + face.rect.right) as f64 / 2.0 - x as f64) / w as f64,
                ((face.rect.top + face.rect.bottom) as f64 / 2.0 - y as f64) / h as f64,
                dside / w as f64
            );
            let parts = sp.predict(&img, det.face);
            let off = parts
                .iter()
                .zip(&face.parts)
                .map(|(a, b)| (a.x - b.x).abs().max((a.y - b.y).abs()))
                .max()
                .unwrap();
            let chip =
                extract_face_chip(&img, &face_chip_details(&parts, CHIP_SIZE, 0.25).unwrap())
                    .unwrap();
            let dist = net.descriptor(&chip).unwrap().distance(&face.descriptor);
            worst = worst.max(dist);
            eprintln!(
                "{name}#{}: landmarks off by {off} px, distance to dlib's descriptor {dist:.4}",
                face.index
            );
        }
    }
    eprintln!(
        "rustface found {matched} of {} dlib faces; worst distance {worst:.4}; {:.0} ms per photo",
        faces.len(),
        det_time * 1000.0 / images.len() as f64
    );
    assert!(
        matched * 10 >= faces.len() * 8,
        "rustface found only {matched} of {} faces",
        faces.len()
    );
    assert!(
        worst < 0.15,
        "pipeline from rustface boxes drifts {worst} from dlib's descriptor"
    );
}

/// The 68-point model (eyelids, jaw line, nose tip: what the liveness check reads) against
/// dlib's own landmarks from the same face boxes.
#[test]
fn landmarks68_match_dlib() {
    let Some(dir) = models_dir() else { return };
    let sp = ShapePredictor::load(&dir.join(ecourt_face::SHAPE_PREDICTOR_68_FILE)).unwrap();
    assert_eq!(sp.num_parts(), 68);
    let (images, _) = load_reference(&dir);
    let tsv = std::fs::read_to_string(dir.join("reference/landmarks68.tsv")).unwrap();
    let mut worst = 0i64;
    let mut faces = 0;
    let t = Instant::now();
    for line in tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        let n = |i: usize| f[i].parse::<i64>().unwrap();
        let image = &images[f[1]];
        let img = RgbImage::new(image.width, image.height, &image.data).unwrap();
        let rect = FaceBox {
            left: n(3),
            top: n(4),
            right: n(5),
            bottom: n(6),
        };
        let parts = sp.predict(&img, rect);
        assert_eq!(parts.len(), 68);
        for (k, p) in parts.iter().enumerate() {
            worst = worst.max((p.x - n(7 + 2 * k)).abs().max((p.y - n(8 + 2 * k)).abs()));
        }
        faces += 1;
    }
    eprintln!(
        "{faces} faces, 68 landmarks off by ≤ {worst} px, {:.2} ms a face",
        t.elapsed().as_secs_f64() * 1000.0 / faces as f64
    );
    assert!(faces >= 10, "expected the reference faces, got {faces}");
    assert!(worst <= 1, "68 landmarks differ from dlib by {worst} px");
}
