//! The match thresholds of every configured model against labelled photos from registry
//! packages (see `scripts/prepare-face-fixtures.sh`): every pair of faces of the same person
//! (genuine) and of different people (impostor), the false-reject and false-accept rates at a
//! range of distances, and the false accepts among the hard impostor pairs (same sex and same
//! appearance group, from `labelled/labels.tsv`) and among pairs of East Asian faces.
//!
//! Identities: the labelled photos; the two recorded men (their mock card and frames from
//! their videos; the second is franck of the labelled photos); every face in the group photos
//! (`groups/`, and the face-api demo photos kept by prepare-models.sh), each face its own
//! person (impostor pairs only). A face in a group photo takes the labels of the nearest
//! labelled position in `labels.tsv`.
//!
//! `RAYON_NUM_THREADS=1 cargo bench -p ecourt-face --bench calibrate` (one model:
//! `ECOURT_CALIBRATE_MODEL=sface_2021dec`).

#[path = "common.rs"]
mod common;

use ecourt_face::test_support::models_dir;
use ecourt_face::{decode_rgb, DescribedFace, FaceModel, FacePipeline, RgbImage, StageTimes};
use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

/// What the labels say about a person or a face.
#[derive(Clone, Debug, Default)]
struct Labels {
    sex: Option<String>,
    appearance: Option<String>,
}

struct Face {
    person: String,
    source: String,
    labels: Labels,
    face: DescribedFace,
}

/// A labelled position in a group photo: (photo, x, y, labels, name).
type Spot = (String, f32, f32, Labels, String);

fn read_labels(fx: &Path) -> (Vec<(String, Labels)>, Vec<Spot>) {
    let text = std::fs::read_to_string(fx.join("labelled/labels.tsv")).unwrap_or_default();
    let (mut people, mut spots) = (Vec::new(), Vec::new());
    for line in text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let f: Vec<&str> = line.split('\t').collect();
        let labels = Labels {
            sex: f.get(2).map(|s| s.to_string()),
            appearance: f.get(3).map(|s| s.to_string()),
        };
        match f[0] {
            "person" => people.push((f[1].to_string(), labels)),
            "face" => spots.push((
                f[1].to_string(),
                f[4].parse().unwrap(),
                f[5].parse().unwrap(),
                labels,
                f.get(6).unwrap_or(&"").to_string(),
            )),
            other => panic!("labels.tsv: unknown kind {other}"),
        }
    }
    (people, spots)
}

fn collect(model: FaceModel, fx: &Path, times: &mut Vec<(Duration, Duration)>) -> Vec<Face> {
    let models = models_dir();
    let mut pipeline = FacePipeline::load_model(&models, model.id()).unwrap();
    let (people, spots) = read_labels(fx);
    let label_of = |person: &str| {
        people
            .iter()
            .find(|(p, _)| p == person)
            .map(|(_, l)| l.clone())
            .unwrap_or_default()
    };
    let mut faces = Vec::new();
    let mut skipped = Vec::new();
    let mut describe = |pipeline: &mut FacePipeline, f: &Path| {
        let (w, h, data) = decode_rgb(&std::fs::read(f).unwrap())?;
        let img = RgbImage::new(w, h, &data).unwrap();
        let mut t = StageTimes::default();
        let start = std::time::Instant::now();
        let d = pipeline.describe_timed(&img, &mut t)?;
        times.push((t.embed, start.elapsed()));
        Ok::<_, ecourt_face::FaceError>(d)
    };

    let mut dirs: Vec<_> = std::fs::read_dir(fx.join("labelled"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let person = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in common::files(&dir) {
            match describe(&mut pipeline, &f) {
                Ok(d) => faces.push(Face {
                    person: person.clone(),
                    source: f.display().to_string(),
                    labels: label_of(&person),
                    face: d,
                }),
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
        let mut files = vec![fx.join(card)];
        for clip in clips {
            let c = common::files(&fx.join(clip));
            files.extend([c[0].clone(), c[c.len() / 2].clone(), c[c.len() - 1].clone()]);
        }
        for f in files {
            match describe(&mut pipeline, &f) {
                Ok(d) => faces.push(Face {
                    person: person.into(),
                    source: f.display().to_string(),
                    labels: label_of(person),
                    face: d,
                }),
                Err(e) => skipped.push(format!("{}: {e}", f.display())),
            }
        }
    }

    // Group photos: every face found, each its own person.
    let mut groups: Vec<(String, usize, usize, Vec<u8>)> = Vec::new();
    if fx.join("groups").is_dir() {
        for f in common::files(&fx.join("groups")) {
            let (w, h, data) = decode_rgb(&std::fs::read(&f).unwrap()).unwrap();
            let name = format!("groups/{}", f.file_name().unwrap().to_string_lossy());
            groups.push((name, w, h, data));
        }
    }
    let tsv = std::fs::read_to_string(models.join("reference/reference.tsv")).unwrap();
    for line in tsv
        .lines()
        .filter(|l| l.starts_with("image\t") && !l.contains("_zoom"))
    {
        let f: Vec<&str> = line.split('\t').collect();
        let (w, h) = (f[2].parse().unwrap(), f[3].parse().unwrap());
        let data = std::fs::read(models.join("reference").join(f[4])).unwrap();
        groups.push((format!("demo:{}", f[1]), w, h, data));
    }
    for (name, w, h, data) in groups {
        let img = RgbImage::new(w, h, &data).unwrap();
        for (i, d) in pipeline
            .describe_every(&img)
            .unwrap()
            .into_iter()
            .enumerate()
        {
            // The labels of the nearest labelled spot in this photo, within a face's width.
            let spot = spots
                .iter()
                .filter(|s| s.0 == name)
                .map(|s| {
                    let [(rx, ry), (lx, ly)] = d.eyes;
                    let (cx, cy) = ((rx + lx) / 2.0, (ry + ly) / 2.0);
                    (((s.1 - cx).powi(2) + (s.2 - cy).powi(2)).sqrt(), s)
                })
                .filter(|(dist, _)| *dist < 3.0 * d.quality.eye_distance)
                .min_by(|a, b| a.0.total_cmp(&b.0));
            let (labels, who) = match spot {
                Some((_, s)) => (s.3.clone(), s.4.clone()),
                None => (Labels::default(), String::new()),
            };
            faces.push(Face {
                person: format!("{name}-{i}"),
                source: format!("{name} face {i} {who}"),
                labels,
                face: d,
            });
        }
    }
    for s in &skipped {
        println!("  skipped {s}");
    }
    faces
}

fn pct(n: usize, of: usize) -> f64 {
    100.0 * n as f64 / of.max(1) as f64
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
}

fn report(model: FaceModel, faces: &[Face], times: &[(Duration, Duration)]) {
    let thresholds: &[f32] = match model {
        FaceModel::DlibResnetV1 => &[0.40, 0.45, 0.50, 0.55, 0.60],
        FaceModel::Sface2021Dec => &[0.50, 0.55, 0.60, 0.65, 0.70, 0.75],
    };
    let people: BTreeSet<&str> = faces.iter().map(|f| f.person.as_str()).collect();
    let gated = faces
        .iter()
        .filter(|f| f.face.quality.check().is_ok())
        .count();
    // (distance, hard, east asian, both pass the quality gates, pair)
    let mut genuine = Vec::new();
    let mut impostor = Vec::new();
    for i in 0..faces.len() {
        for j in i + 1..faces.len() {
            let (a, b) = (&faces[i], &faces[j]);
            let d = a.face.distance(&b.face).unwrap();
            let pass = a.face.quality.check().is_ok() && b.face.quality.check().is_ok();
            let pair = format!("{} – {}", a.source, b.source);
            if a.person == b.person {
                genuine.push((d, pass, pair));
            } else {
                let same = |x: &Option<String>, y: &Option<String>| x.is_some() && x == y;
                let hard = same(&a.labels.sex, &b.labels.sex)
                    && same(&a.labels.appearance, &b.labels.appearance);
                let east = a.labels.appearance.as_deref() == Some("east_asian")
                    && b.labels.appearance.as_deref() == Some("east_asian");
                impostor.push((d, hard, east, pass, pair));
            }
        }
    }
    let hard_n = impostor.iter().filter(|p| p.1).count();
    let east_n = impostor.iter().filter(|p| p.2).count();
    let g_pass = genuine.iter().filter(|p| p.1).count();
    let i_pass = impostor.iter().filter(|p| p.3).count();
    println!(
        "\n== {} ({}): {} faces of {} people ({} pass the quality gates); {} genuine pairs, {} impostor pairs ({} hard: same sex and appearance; {} both East Asian)",
        model.id(),
        models_dir().display(),
        faces.len(),
        people.len(),
        gated,
        genuine.len(),
        impostor.len(),
        hard_n,
        east_n
    );
    println!(
        "time per face (release, RAYON_NUM_THREADS as set): descriptor (alignment + network) median {:.1} ms, whole photo median {:.1} ms, over {} photos",
        median(times.iter().map(|t| t.0).collect()).as_secs_f64() * 1e3,
        median(times.iter().map(|t| t.1).collect()).as_secs_f64() * 1e3,
        times.len()
    );
    println!("distance  false rejects     false accepts       hard FA        East Asian FA   | gated: FR          FA");
    for &t in thresholds {
        let fr = genuine.iter().filter(|p| p.0 >= t).count();
        let fa = impostor.iter().filter(|p| p.0 < t).count();
        let hard = impostor.iter().filter(|p| p.1 && p.0 < t).count();
        let east = impostor.iter().filter(|p| p.2 && p.0 < t).count();
        let gfr = genuine.iter().filter(|p| p.1 && p.0 >= t).count();
        let gfa = impostor.iter().filter(|p| p.3 && p.0 < t).count();
        println!(
            "  {t:.2}   {fr:>3}/{} ({:>4.1} %)  {fa:>4}/{} ({:.2} %)  {hard:>3}/{hard_n} ({:.1} %)  {east:>3}/{east_n}   | {gfr:>3}/{g_pass} ({:.1} %)  {gfa:>3}/{i_pass} ({:.2} %)",
            genuine.len(),
            pct(fr, genuine.len()),
            impostor.len(),
            pct(fa, impostor.len()),
            pct(hard, hard_n),
            pct(gfr, g_pass),
            pct(gfa, i_pass),
        );
    }
    genuine.sort_by(|a, b| b.0.total_cmp(&a.0));
    impostor.sort_by(|a, b| a.0.total_cmp(&b.0));
    for g in genuine.iter().take(3) {
        println!("farthest genuine {:.3}: {}", g.0, g.2);
    }
    for i in impostor.iter().take(3) {
        println!("closest impostor {:.3}: {}", i.0, i.4);
    }
    if let Some(h) = impostor.iter().find(|p| p.1) {
        println!("closest hard impostor {:.3}: {}", h.0, h.4);
    }
    if let Some(e) = impostor.iter().find(|p| p.2) {
        println!("closest East Asian impostor {:.3}: {}", e.0, e.4);
    }
    // Quality of what was measured, to set the gates on.
    let mut eyes: Vec<(f32, &str)> = faces
        .iter()
        .map(|f| (f.face.quality.eye_distance, f.source.as_str()))
        .collect();
    eyes.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut sharp: Vec<(f32, &str)> = faces
        .iter()
        .map(|f| (f.face.quality.sharpness, f.source.as_str()))
        .collect();
    sharp.sort_by(|a, b| a.0.total_cmp(&b.0));
    for (what, v) in [("eye distance (px)", &eyes), ("sharpness", &sharp)] {
        println!(
            "{what}: min {:.0} ({}), median {:.0}, max {:.0}",
            v[0].0,
            v[0].1,
            v[v.len() / 2].0,
            v[v.len() - 1].0
        );
    }
    for f in faces
        .iter()
        .filter(|f| !f.source.contains("labelled") && !f.source.contains(" face "))
    {
        println!(
            "  {}: eyes {:.0} px, sharpness {:.0}, brightness {:.0}",
            f.source,
            f.face.quality.eye_distance,
            f.face.quality.sharpness,
            f.face.quality.brightness
        );
    }
}

fn main() {
    let fx = common::fixtures();
    let only = std::env::var("ECOURT_CALIBRATE_MODEL").ok();
    for model in FaceModel::ALL {
        if only.as_deref().is_some_and(|m| m != model.id()) {
            continue;
        }
        let mut times = Vec::new();
        let faces = collect(model, &fx, &mut times);
        report(model, &faces, &times);
    }
}
