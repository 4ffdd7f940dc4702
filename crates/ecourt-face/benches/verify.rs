//! One verification as the court runs it, in release: the ID card photo, then a capture of 30
//! frames (the recorded person looks straight, blinks, looks straight) checked for liveness
//! with descriptors of three frames. Prints per-stage times (median of 10 runs) and the
//! process's peak memory.
//!
//! `cargo bench -p ecourt-face --bench verify`

#[path = "common.rs"]
mod common;

use ecourt_face::liveness::{ChallengeStep, LivenessPolicy};
use ecourt_face::test_support::models_dir;
use ecourt_face::FacePipeline;
use std::time::{Duration, Instant};

fn main() {
    let fx = common::fixtures();
    let t = Instant::now();
    let mut pipeline =
        FacePipeline::load(&models_dir()).expect("models (scripts/prepare-models.sh)");
    let load = t.elapsed();
    let card = std::fs::read(fx.join("person-a-card.jpg")).unwrap();
    let straight = common::files(&fx.join("person-a/straight"));
    let blink = common::files(&fx.join("person-a/blink"));
    // 8 straight, the blink's 17 middle frames, 5 straight: 30 frames.
    let mut paths: Vec<_> = straight[..8].to_vec();
    paths.extend(blink[8..25].iter().cloned());
    paths.extend(straight[8..13].iter().cloned());
    let frames: Vec<Vec<u8>> = paths.iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert_eq!(frames.len(), 30);
    let refs: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
    let policy = LivenessPolicy::default();

    let mut runs = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let c = pipeline.describe_card(&card).unwrap();
        let card_time = t.elapsed();
        let t = Instant::now();
        let check = pipeline
            .check_sequence(&[ChallengeStep::Blink], &refs, &policy)
            .unwrap();
        let seq_time = t.elapsed();
        assert!(check.liveness.is_ok(), "{:?}", check.liveness);
        let d = check
            .faces
            .iter()
            .map(|(_, f)| c.descriptor.distance(&f.descriptor))
            .fold(0f32, f32::max);
        assert!(d < 0.5);
        runs.push((card_time, seq_time, check.times));
    }
    let median = |mut v: Vec<Duration>| {
        v.sort();
        v[v.len() / 2]
    };
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let card = median(runs.iter().map(|r| r.0).collect());
    let seq = median(runs.iter().map(|r| r.1).collect());
    let decode = median(runs.iter().map(|r| r.2.decode).collect());
    let detect = median(runs.iter().map(|r| r.2.detect).collect());
    let landmarks = median(runs.iter().map(|r| r.2.landmarks).collect());
    let embed = median(runs.iter().map(|r| r.2.embed).collect());
    let total = median(runs.iter().map(|r| r.0 + r.1).collect());
    let peak = std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .map(str::to_string)
        })
        .unwrap_or_default();
    println!("models loaded in {:.0} ms", ms(load));
    println!("card photo (856×540): {:.1} ms", ms(card));
    println!(
        "30 frames (400×300): {:.1} ms — decode {:.1}, detect {:.1} (every third frame), landmarks {:.1} (68 + 5 points), embed {:.1} (3 descriptors)",
        ms(seq),
        ms(decode),
        ms(detect),
        ms(landmarks),
        ms(embed)
    );
    println!(
        "card + 30 frames: {:.1} ms (median of {})",
        ms(total),
        runs.len()
    );
    println!("peak memory {peak}");
}
