//! `ecourt-server face-compare` on photos built from the face-api demo pictures (npm
//! `@vladmandic/face-api`, decoded by dlib in `scripts/prepare-models.sh`): the same face cut two
//! ways is the same person, two different people in one photo are not, and pictures without
//! exactly one face or that are no picture at all are refused with a clear message.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Face {
    image: String,
    rect: (i64, i64, i64, i64),
    descriptor: Vec<f32>,
}

fn models() -> Option<PathBuf> {
    let dir = ecourt_face::test_support::models_dir();
    if dir.join("reference/reference.tsv").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").is_err(),
        "CI must prepare the face models (scripts/prepare-models.sh)"
    );
    eprintln!(
        "SKIPPED: no face models in {} (run scripts/prepare-models.sh)",
        dir.display()
    );
    None
}

/// Cuts the face's box grown by `margin` of its side on every side into a PNG file.
fn crop_png(dir: &Path, images: &[(String, usize, usize)], face: &Face, margin: f64, out: &Path) {
    let (_, w, h) = images.iter().find(|(n, _, _)| *n == face.image).unwrap();
    let raw = std::fs::read(dir.join(format!("reference/{}.rgb", face.image))).unwrap();
    let (l, t, r, b) = face.rect;
    let side = (r - l) as f64;
    let x0 = ((l as f64 - margin * side).max(0.0)) as usize;
    let y0 = ((t as f64 - margin * side).max(0.0)) as usize;
    let x1 = ((r as f64 + margin * side) as usize).min(w - 1);
    let y1 = ((b as f64 + margin * side) as usize).min(h - 1);
    let mut img = image::RgbImage::new((x1 - x0 + 1) as u32, (y1 - y0 + 1) as u32);
    for y in y0..=y1 {
        for x in x0..=x1 {
            let i = (y * w + x) * 3;
            img.put_pixel(
                (x - x0) as u32,
                (y - y0) as u32,
                image::Rgb([raw[i], raw[i + 1], raw[i + 2]]),
            );
        }
    }
    img.save(out).unwrap();
}

fn compare(a: &Path, b: &Path) -> (bool, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_ecourt-server"))
        .args(["face-compare"])
        .arg(a)
        .arg(b)
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}

#[test]
fn face_compare_tells_people_apart_and_refuses_what_is_not_one_face() {
    let Some(dir) = models() else { return };
    let tsv = std::fs::read_to_string(dir.join("reference/reference.tsv")).unwrap();
    let mut images = Vec::new();
    let mut faces = Vec::new();
    for line in tsv.lines() {
        let f: Vec<&str> = line.split('\t').collect();
        match f[0] {
            "image" if !f[1].contains("zoom") => images.push((
                f[1].to_string(),
                f[2].parse().unwrap(),
                f[3].parse().unwrap(),
            )),
            "face" if !f[1].contains("zoom") => faces.push(Face {
                image: f[1].to_string(),
                rect: (
                    f[3].parse().unwrap(),
                    f[4].parse().unwrap(),
                    f[5].parse().unwrap(),
                    f[6].parse().unwrap(),
                ),
                descriptor: f[18..]
                    .iter()
                    .filter(|v| !v.is_empty())
                    .map(|v| v.parse().unwrap())
                    .collect(),
            }),
            _ => {}
        }
    }
    // The two most different large faces that share a photo: certainly two people.
    let big = |f: &Face| f.rect.2 - f.rect.0 >= 150;
    let distance = |a: &Face, b: &Face| {
        a.descriptor
            .iter()
            .zip(&b.descriptor)
            .map(|(x, y)| (x - y) * (x - y))
            .sum::<f32>()
            .sqrt()
    };
    let (a, b) = faces
        .iter()
        .flat_map(|a| faces.iter().map(move |b| (a, b)))
        .filter(|(a, b)| a.image == b.image && a.rect != b.rect && big(a) && big(b))
        .max_by(|x, y| distance(x.0, x.1).total_cmp(&distance(y.0, y.1)))
        .expect("a demo photo with two large faces");
    let tmp = tempfile::tempdir().unwrap();
    let (a1, a2, b1) = (
        tmp.path().join("a1.png"),
        tmp.path().join("a2.png"),
        tmp.path().join("b.png"),
    );
    crop_png(&dir, &images, a, 0.5, &a1);
    crop_png(&dir, &images, a, 0.8, &a2);
    crop_png(&dir, &images, b, 0.5, &b1);

    let (ok, same) = compare(&a1, &a2);
    assert!(ok, "{same}");
    let same: serde_json::Value = serde_json::from_str(&same).unwrap();
    assert_eq!(same["same_person"], true, "{same}");
    assert_eq!(same["zone"], "match", "{same}");
    assert!(same["distance"].as_f64().unwrap() < 0.3, "{same}");
    let (ok, other) = compare(&a1, &b1);
    assert!(ok, "{other}");
    let other: serde_json::Value = serde_json::from_str(&other).unwrap();
    assert_eq!(other["same_person"], false, "{other}");

    // Not a picture; a picture without a face.
    let pdf = tmp.path().join("card.jpg");
    std::fs::write(&pdf, b"%PDF-1.4 this is not a photo").unwrap();
    let (ok, said) = compare(&pdf, &a1);
    assert!(!ok && said.contains("not a JPEG or PNG"), "{said}");
    let blank = tmp.path().join("blank.png");
    image::RgbImage::from_pixel(320, 240, image::Rgb([128, 128, 128]))
        .save(&blank)
        .unwrap();
    let (ok, said) = compare(&a1, &blank);
    assert!(!ok && said.contains("no face"), "{said}");
}

/// A plain grey 4096×4096 JPEG overflowed the detector and crashed the command.
#[test]
fn face_compare_refuses_a_huge_plain_picture_without_crashing() {
    let Some(_) = models() else { return };
    let tmp = tempfile::tempdir().unwrap();
    let grey = tmp.path().join("grey.jpg");
    let img = image::RgbImage::from_pixel(4096, 4096, image::Rgb([200, 200, 200]));
    let mut bytes = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut bytes, 85)
        .encode_image(&img)
        .unwrap();
    std::fs::write(&grey, bytes).unwrap();
    let (ok, said) = compare(&grey, &grey);
    assert!(!ok, "{said}");
    assert!(said.contains("no face"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}
