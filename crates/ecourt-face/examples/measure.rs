//! Prints what the liveness check sees in each frame of a folder of frames (JPEG/PNG, in name
//! order): faces found, eye openness, head turn, and the grey difference to the frame before.
//! For preparing test recordings and calibrating the liveness policy:
//!
//! ```text
//! cargo run -p ecourt-face --example measure -- FOLDER
//! ```

use ecourt_face::liveness::{frame_difference, thumbnail, FaceMeasure};
use ecourt_face::test_support::models_dir;
use ecourt_face::{decode_rgb, FaceDetector, RgbImage, ShapePredictor};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args().nth(1).ok_or("usage: measure FOLDER")?;
    let models = models_dir();
    let mut detector = FaceDetector::load(&models.join(ecourt_face::DETECTOR_FILE), 40)?;
    let shape = ShapePredictor::load(&models.join(ecourt_face::SHAPE_PREDICTOR_68_FILE))?;
    let mut files: Vec<_> = std::fs::read_dir(&dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "jpg" || e == "png"))
        .collect();
    files.sort();
    let mut previous: Option<Vec<f32>> = None;
    println!("frame\tfaces\topenness\tturn\tdifference");
    for path in files {
        let (w, h, data) = decode_rgb(&std::fs::read(&path)?)?;
        let img = RgbImage::new(w, h, &data)?;
        let thumb = thumbnail(&img);
        let diff = previous
            .as_ref()
            .map(|p| frame_difference(p, &thumb))
            .unwrap_or(0.0);
        previous = Some(thumb);
        let faces = detector.detect(&img);
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        match faces.first() {
            Some(f) => {
                let m = FaceMeasure::from_landmarks68(&shape.predict(&img, f.face));
                let (o, t) = m
                    .map(|m| (m.eye_openness, m.turn))
                    .unwrap_or((f32::NAN, f32::NAN));
                println!("{name}\t{}\t{o:.3}\t{t:.3}\t{diff:.2}", faces.len());
            }
            None => println!("{name}\t0\t\t\t{diff:.2}"),
        }
    }
    Ok(())
}
