//! Liveness from landmarks over a frame sequence: did a live person in front of the camera follow
//! the court's challenge (blink, turn left, turn right, in the order asked)?
//!
//! Two measures are taken per frame from dlib's 68 landmarks:
//!
//! - **eye openness**: the eyelid gaps of both eyes, as in the eye aspect ratio of Soukupová &
//!   Čech ("Real-Time Eye Blink Detection using Facial Landmarks", CVWW 2016), but measured
//!   against the nose bridge rather than the eye's width: gaps and bridge run the same way, so
//!   tilting a photo (which squeezes the picture up–down) cannot pass for a blink. A blink is a
//!   dip well below the person's own open-eye value and back.
//! - **head turn**: where the nose tip (point 30) sits between the two sides of the face
//!   (points 2 and 14, at nose height) and the chin (point 8), as barycentric coordinates of that
//!   triangle. These are unchanged by any affine map of the picture, so a printed photo or a
//!   screen that is moved, tilted or bent a little (seen from a normal distance, where
//!   perspective is close to affine) does not move the value; only a real head turning in 3-D,
//!   whose nose stands out from the face, does. Turning to one's left moves the nose towards the
//!   right of an unmirrored camera picture.
//!
//! Besides, the sequence must not be a still picture (frames all but identical), must hold
//! exactly one face throughout, and the steps must happen in the order asked; a spontaneous blink
//! is allowed anywhere, a turn the wrong way is not.
//!
//! This module measures and answers what it saw; the court service decides (see
//! `ecourt-server`'s identity module) and records the answer.

use crate::Point;

/// One step of a challenge.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChallengeStep {
    /// Close both eyes and open them again.
    Blink,
    /// Turn the head to one's own left.
    TurnLeft,
    /// Turn the head to one's own right.
    TurnRight,
}

impl ChallengeStep {
    /// Every step, for drawing a random challenge.
    pub const ALL: [ChallengeStep; 3] = [
        ChallengeStep::Blink,
        ChallengeStep::TurnLeft,
        ChallengeStep::TurnRight,
    ];
}

/// What one frame showed.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum FrameFace {
    /// No face found (and none to follow from the frame before).
    None,
    /// More than one face.
    Several(usize),
    /// One face, measured.
    One(FaceMeasure),
}

/// The measures of one face in one frame.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct FaceMeasure {
    /// Mean eyelid gap over the nose bridge's length (open ≈ 0.2–0.3, closed about half that).
    pub eye_openness: f32,
    /// Head turn: the nose tip's barycentric weight towards the picture's right side of the face
    /// (≈ 0.5 looking straight; larger when the head turns to the person's left).
    pub turn: f32,
}

impl FaceMeasure {
    /// Measures from dlib's 68 landmarks; `None` for another point count or a degenerate face.
    pub fn from_landmarks68(p: &[Point]) -> Option<FaceMeasure> {
        if p.len() != 68 {
            return None;
        }
        let f = |i: usize| (p[i].x as f32, p[i].y as f32);
        let dist = |a: usize, b: usize| {
            let ((ax, ay), (bx, by)) = (f(a), f(b));
            ((ax - bx).powi(2) + (ay - by).powi(2)).sqrt()
        };
        // Eyelid gaps (37–41, 38–40, 43–47, 44–46) over the length of the nose bridge (27–30):
        // segments that all run along the face's up-down axis, so their ratio, too, is unchanged
        // when a flat picture is tilted or squeezed.
        let bridge = dist(27, 30);
        if bridge < 1.0 {
            return None;
        }
        let openness = (dist(37, 41) + dist(38, 40) + dist(43, 47) + dist(44, 46)) / (4.0 * bridge);
        // Nose tip 30 in the triangle (2, 14, 8): n = a + u (b − a) + v (c − a); u is the
        // weight of the picture-right side of the face.
        let ((ax, ay), (bx, by), (cx, cy), (nx, ny)) = (f(2), f(14), f(8), f(30));
        let (e1x, e1y, e2x, e2y) = (bx - ax, by - ay, cx - ax, cy - ay);
        let det = e1x * e2y - e1y * e2x;
        if det.abs() < 1.0 {
            return None;
        }
        let (qx, qy) = (nx - ax, ny - ay);
        let u = (qx * e2y - qy * e2x) / det;
        let v = (e1x * qy - e1y * qx) / det;
        // The turn is read along the face's own width: the share of the nose between the two
        // sides once the chin's pull is taken out.
        let turn = if (1.0 - v).abs() > 1e-3 {
            u / (1.0 - v)
        } else {
            0.5
        };
        Some(FaceMeasure {
            eye_openness: openness,
            turn,
        })
    }
}

/// How a challenge is judged. The defaults were set on real sequences (see
/// `docs/benchmarks.md`, liveness) and are the court's policy to change.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LivenessPolicy {
    /// Frames needed at least.
    pub min_frames: usize,
    /// A blink: eye openness below this share of the person's open-eye value…
    pub blink_closed_ratio: f32,
    /// …and back above this share.
    pub blink_open_ratio: f32,
    /// A turn: the turn measure moves this far from the person's straight-ahead value…
    pub turn_delta: f32,
    /// …and comes back within this distance before the next step counts.
    pub turn_back_delta: f32,
    /// Frames whose face could not be followed, at most, in a row.
    pub max_lost_in_a_row: usize,
    /// Consecutive frames differing by less than this mean absolute grey level (0–255) are
    /// "the same picture"; a sequence made only of such frames is a still picture.
    pub still_difference: f32,
}

impl Default for LivenessPolicy {
    fn default() -> Self {
        LivenessPolicy {
            min_frames: 10,
            blink_closed_ratio: 0.7,
            blink_open_ratio: 0.85,
            turn_delta: 0.1,
            turn_back_delta: 0.05,
            max_lost_in_a_row: 8,
            still_difference: 0.5,
        }
    }
}

/// Why a sequence was not taken as a live person following the challenge.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum LivenessFailure {
    #[error("only {0} frames; at least {1} are needed")]
    TooFewFrames(usize, usize),
    #[error("the frames are all the same picture")]
    StillPicture,
    #[error("no face in frames {0}–{1}")]
    FaceLost(usize, usize),
    #[error("{1} faces in frame {0}")]
    SeveralFaces(usize, usize),
    #[error("step {0} ({1:?}) was not seen")]
    NotFollowed(usize, ChallengeStep),
    #[error("step {0} asked for {1:?} but {2:?} came first")]
    WrongOrder(usize, ChallengeStep, ChallengeStep),
}

/// Where each step of the challenge was seen (frame index of its peak).
#[derive(Clone, Debug, PartialEq)]
pub struct LivenessReport {
    pub step_frames: Vec<usize>,
    /// The person's straight-ahead values (median of the first frames).
    pub baseline: FaceMeasure,
}

/// Judges a sequence: `faces` per frame, `differences[i]` the mean absolute grey difference
/// between frame i and frame i + 1 (see [`frame_difference`]).
pub fn judge(
    steps: &[ChallengeStep],
    faces: &[FrameFace],
    differences: &[f32],
    policy: &LivenessPolicy,
) -> Result<LivenessReport, LivenessFailure> {
    if faces.len() < policy.min_frames {
        return Err(LivenessFailure::TooFewFrames(
            faces.len(),
            policy.min_frames,
        ));
    }
    if differences.iter().all(|d| *d < policy.still_difference) {
        return Err(LivenessFailure::StillPicture);
    }
    let mut measures = Vec::with_capacity(faces.len());
    let mut lost_from: Option<usize> = None;
    for (i, face) in faces.iter().enumerate() {
        match face {
            FrameFace::Several(n) => return Err(LivenessFailure::SeveralFaces(i, *n)),
            FrameFace::None => {
                let from = *lost_from.get_or_insert(i);
                if i + 1 - from > policy.max_lost_in_a_row {
                    return Err(LivenessFailure::FaceLost(from, i));
                }
                measures.push(None);
            }
            FrameFace::One(m) => {
                lost_from = None;
                measures.push(Some(*m));
            }
        }
    }
    let seen: Vec<(usize, FaceMeasure)> = measures
        .iter()
        .enumerate()
        .filter_map(|(i, m)| m.map(|m| (i, m)))
        .collect();
    if seen.len() < policy.min_frames {
        return Err(LivenessFailure::FaceLost(0, faces.len() - 1));
    }
    // The person starts looking straight at the camera: the baseline is the median of the
    // first five measured frames (a blink among them does not move a median).
    let head: Vec<FaceMeasure> = seen.iter().take(5).map(|(_, m)| *m).collect();
    let baseline = FaceMeasure {
        eye_openness: median(head.iter().map(|m| m.eye_openness)),
        turn: median(head.iter().map(|m| m.turn)),
    };

    let mut step_frames = Vec::with_capacity(steps.len());
    let mut k = 0; // index into `seen`
    for (n, step) in steps.iter().enumerate() {
        let found = find_step(*step, &seen[k..], &baseline, policy);
        match found {
            Ok((peak, end)) => {
                step_frames.push(seen[k + peak].0);
                k += end;
            }
            Err(Some(other)) => return Err(LivenessFailure::WrongOrder(n, *step, other)),
            Err(None) => return Err(LivenessFailure::NotFollowed(n, *step)),
        }
    }
    Ok(LivenessReport {
        step_frames,
        baseline,
    })
}

/// Looks for `step` from the start of `seen`: answers (peak, first index after the movement
/// ended), or the other turn that came first, or nothing.
fn find_step(
    step: ChallengeStep,
    seen: &[(usize, FaceMeasure)],
    base: &FaceMeasure,
    policy: &LivenessPolicy,
) -> Result<(usize, usize), Option<ChallengeStep>> {
    // Which way a frame leans, if it leans far enough to count as a turn.
    let turned = |m: &FaceMeasure| {
        let d = m.turn - base.turn;
        if d >= policy.turn_delta {
            Some(ChallengeStep::TurnLeft)
        } else if d <= -policy.turn_delta {
            Some(ChallengeStep::TurnRight)
        } else {
            None
        }
    };
    let mut i = 0;
    while i < seen.len() {
        let m = &seen[i].1;
        if let Some(turn) = turned(m) {
            if turn != step {
                return Err(Some(turn));
            }
            // Follow the turn to its peak and back towards straight ahead.
            let mut peak = i;
            let mut j = i;
            while j < seen.len() && (seen[j].1.turn - base.turn).abs() > policy.turn_back_delta {
                if (seen[j].1.turn - base.turn).abs() > (seen[peak].1.turn - base.turn).abs() {
                    peak = j;
                }
                j += 1;
            }
            return Ok((peak, j));
        }
        if step == ChallengeStep::Blink
            && m.eye_openness < base.eye_openness * policy.blink_closed_ratio
        {
            let mut peak = i;
            let mut j = i;
            while j < seen.len()
                && seen[j].1.eye_openness < base.eye_openness * policy.blink_open_ratio
            {
                if seen[j].1.eye_openness < seen[peak].1.eye_openness {
                    peak = j;
                }
                j += 1;
            }
            if j < seen.len() {
                return Ok((peak, j));
            }
            return Err(None); // the eyes never opened again
        }
        i += 1;
    }
    Err(None)
}

fn median(values: impl Iterator<Item = f32>) -> f32 {
    let mut v: Vec<f32> = values.collect();
    v.sort_by(f32::total_cmp);
    if v.is_empty() {
        return 0.0;
    }
    v[v.len() / 2]
}

/// A small grey thumbnail of a frame (for comparing frames cheaply): 32×24 cell means.
pub fn thumbnail(img: &crate::RgbImage<'_>) -> Vec<f32> {
    const W: usize = 32;
    const H: usize = 24;
    let mut sums = vec![0f32; W * H];
    let mut counts = vec![0u32; W * H];
    for y in 0..img.height {
        let cy = y * H / img.height.max(1);
        for x in 0..img.width {
            let cx = x * W / img.width.max(1);
            let [r, g, b] = img.pixel(x, y);
            sums[cy * W + cx] += 0.299 * f32::from(r) + 0.587 * f32::from(g) + 0.114 * f32::from(b);
            counts[cy * W + cx] += 1;
        }
    }
    sums.iter()
        .zip(&counts)
        .map(|(s, c)| if *c > 0 { s / *c as f32 } else { 0.0 })
        .collect()
}

/// Mean absolute difference of two thumbnails (grey levels 0–255).
pub fn frame_difference(a: &[f32], b: &[f32]) -> f32 {
    if a.len() != b.len() || a.is_empty() {
        return f32::INFINITY;
    }
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).sum::<f32>() / a.len() as f32
}

#[cfg(test)]
mod tests {
    use super::*;
    use ChallengeStep::*;

    fn face(eye: f32, turn: f32) -> FrameFace {
        FrameFace::One(FaceMeasure {
            eye_openness: eye,
            turn,
        })
    }

    /// A person who looks straight, then does `moves` one after the other.
    fn sequence(moves: &[ChallengeStep]) -> Vec<FrameFace> {
        let mut v: Vec<FrameFace> = (0..6).map(|_| face(0.30, 0.50)).collect();
        for m in moves {
            let frames: &[(f32, f32)] = match m {
                Blink => &[(0.22, 0.5), (0.10, 0.5), (0.12, 0.5), (0.28, 0.5)],
                TurnLeft => &[
                    (0.3, 0.56),
                    (0.3, 0.64),
                    (0.3, 0.68),
                    (0.3, 0.6),
                    (0.3, 0.52),
                ],
                TurnRight => &[
                    (0.3, 0.44),
                    (0.3, 0.36),
                    (0.3, 0.33),
                    (0.3, 0.42),
                    (0.3, 0.49),
                ],
            };
            v.extend(frames.iter().map(|(e, t)| face(*e, *t)));
            v.extend((0..3).map(|_| face(0.30, 0.50)));
        }
        v
    }

    fn moving(n: usize) -> Vec<f32> {
        vec![3.0; n.saturating_sub(1)]
    }

    #[test]
    fn the_steps_asked_for_in_their_order_pass() {
        let p = LivenessPolicy::default();
        for steps in [
            vec![Blink, TurnLeft, TurnRight],
            vec![TurnRight, Blink, TurnLeft],
            vec![TurnLeft],
        ] {
            let faces = sequence(&steps);
            let report = judge(&steps, &faces, &moving(faces.len()), &p).unwrap();
            assert_eq!(report.step_frames.len(), steps.len());
            assert!(report.step_frames.windows(2).all(|w| w[0] < w[1]));
        }
    }

    #[test]
    fn a_turn_the_wrong_way_or_a_missing_step_fails() {
        let p = LivenessPolicy::default();
        let faces = sequence(&[TurnRight, TurnLeft]);
        assert_eq!(
            judge(&[TurnLeft, TurnRight], &faces, &moving(faces.len()), &p),
            Err(LivenessFailure::WrongOrder(0, TurnLeft, TurnRight))
        );
        let faces = sequence(&[TurnLeft]);
        assert_eq!(
            judge(&[TurnLeft, Blink], &faces, &moving(faces.len()), &p),
            Err(LivenessFailure::NotFollowed(1, Blink))
        );
        // A spontaneous blink before a turn does not count against the person.
        let faces = sequence(&[Blink, TurnLeft]);
        assert!(judge(&[TurnLeft], &faces, &moving(faces.len()), &p).is_ok());
    }

    #[test]
    fn still_pictures_lost_faces_and_second_faces_fail() {
        let p = LivenessPolicy::default();
        let faces = sequence(&[Blink]);
        assert_eq!(
            judge(&[Blink], &faces, &vec![0.1; faces.len() - 1], &p),
            Err(LivenessFailure::StillPicture)
        );
        let mut lost = sequence(&[Blink]);
        for f in lost.iter_mut().skip(2).take(9) {
            *f = FrameFace::None;
        }
        assert_eq!(
            judge(&[Blink], &lost, &moving(lost.len()), &p),
            Err(LivenessFailure::FaceLost(2, 10))
        );
        let mut two = sequence(&[Blink]);
        two[7] = FrameFace::Several(2);
        assert_eq!(
            judge(&[Blink], &two, &moving(two.len()), &p),
            Err(LivenessFailure::SeveralFaces(7, 2))
        );
        assert_eq!(
            judge(&[Blink], &two[..5], &moving(5), &p),
            Err(LivenessFailure::TooFewFrames(5, 10))
        );
    }

    #[test]
    fn the_turn_measure_ignores_affine_maps_of_a_flat_picture() {
        // A face's 68 points (any plausible layout), then the same points after a shear, a
        // rotation and an uneven scale — what tilting a printed photo does at a normal distance.
        let pts: Vec<Point> = (0..68)
            .map(|i| {
                let a = i as f64 * 0.37;
                Point {
                    x: (300.0 + 80.0 * a.cos() + (i as f64) * 1.5) as i64,
                    y: (300.0 + 90.0 * a.sin() + (i as f64) * 0.8) as i64,
                }
            })
            .collect();
        let before = FaceMeasure::from_landmarks68(&pts).unwrap();
        let warped: Vec<Point> = pts
            .iter()
            .map(|p| {
                let (x, y) = (p.x as f64 * 10.0, p.y as f64 * 10.0);
                Point {
                    x: (0.62 * x + 0.21 * y + 400.0).round() as i64,
                    y: (-0.15 * x + 0.93 * y + 120.0).round() as i64,
                }
            })
            .collect();
        let after = FaceMeasure::from_landmarks68(&warped).unwrap();
        assert!(
            (before.turn - after.turn).abs() < 0.01,
            "{} vs {}",
            before.turn,
            after.turn
        );
        assert!(FaceMeasure::from_landmarks68(&pts[..5]).is_none());
    }
}
