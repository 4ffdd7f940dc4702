//! A test pattern with the frame number drawn into it, for tests and for checking a video path
//! end to end (the receiver reads the number back with [`read_counter`]), and under it the
//! moment the frame was captured (milliseconds of the wall clock, modulo 65,536), from which a
//! receiver on the same machine measures glass-to-glass latency ([`read_latency`]).

use crate::{CameraError, CameraInfo, CameraSource, Frame};
use std::time::{Duration, Instant};

/// Bits of the frame counter drawn in the top row.
const BITS: u32 = 16;
/// Side of one counter block, in pixels: large enough to survive lossy video coding.
const BLOCK: u32 = 16;

/// A moving colour gradient with the frame number as a row of black/white blocks.
#[derive(Debug)]
pub struct SyntheticCamera {
    width: u32,
    height: u32,
    fps: u32,
    delivered: u64,
    next_due: Option<Instant>,
    /// Fails after this many frames, like a webcam pulled out (for tests of a failing device).
    unplug_after: Option<u64>,
}

impl SyntheticCamera {
    /// How [`crate::cameras`] lists the pattern.
    pub fn info() -> CameraInfo {
        CameraInfo {
            id: "synthetic".into(),
            name: "测试图案".into(),
        }
    }

    /// Opens `synthetic` (640 × 480) or `synthetic:WIDTHxHEIGHT`, optionally followed by
    /// `:unplug-after=N` (the camera fails after N frames, as if pulled out).
    pub fn open(id: &str, fps: u32) -> Option<SyntheticCamera> {
        let rest = id.strip_prefix("synthetic")?;
        let mut parts = rest.split(':').skip(1);
        let size = match parts.next() {
            None => (640, 480),
            Some(size) => {
                let (w, h) = size.split_once('x')?;
                (w.parse().ok()?, h.parse().ok()?)
            }
        };
        if !rest.is_empty() && !rest.starts_with(':') {
            return None;
        }
        let mut camera = SyntheticCamera::new(size.0, size.1, fps);
        for option in parts {
            camera.unplug_after = Some(option.strip_prefix("unplug-after=")?.parse().ok()?);
        }
        Some(camera)
    }

    /// A pattern of `width × height` (at least 256 × 32) at `fps` (1–60).
    pub fn new(width: u32, height: u32, fps: u32) -> Self {
        SyntheticCamera {
            width: width.max(BITS * BLOCK),
            height: height.max(2 * BLOCK),
            fps: fps.clamp(1, 60),
            delivered: 0,
            next_due: None,
            unplug_after: None,
        }
    }

    /// The frame with number `n`, without waiting (capture stamp 0).
    pub fn frame(&self, n: u64) -> Frame {
        self.frame_stamped(n, 0)
    }

    /// The frame with number `n` and the capture stamp `stamp` (see [`clock_stamp`]).
    pub fn frame_stamped(&self, n: u64, stamp: u16) -> Frame {
        let (w, h) = (self.width, self.height);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let shift = (n * 4) as u32;
        for y in 0..h {
            for x in 0..w {
                if y < 2 * BLOCK && x < BITS * BLOCK {
                    let value = if y < BLOCK { n } else { u64::from(stamp) };
                    let bit = (value >> (BITS - 1 - x / BLOCK)) & 1;
                    let v = if bit == 1 { 255 } else { 0 };
                    rgb.extend_from_slice(&[v, v, v]);
                } else {
                    rgb.extend_from_slice(&[
                        ((x + shift) % 256) as u8,
                        ((y + shift / 2) % 256) as u8,
                        (((x + y) / 2) % 256) as u8,
                    ]);
                }
            }
        }
        Frame {
            width: w,
            height: h,
            rgb,
            index: n,
        }
    }
}

impl CameraSource for SyntheticCamera {
    fn info(&self) -> CameraInfo {
        Self::info()
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        if self.unplug_after.is_some_and(|n| self.delivered >= n) {
            return Err(CameraError::Failed("the test pattern was unplugged".into()));
        }
        let now = Instant::now();
        let due = self.next_due.unwrap_or(now);
        if due > now {
            std::thread::sleep(due - now);
        }
        self.next_due = Some(crate::camera::next_due(
            due,
            now,
            Duration::from_secs(1) / self.fps,
        ));
        let frame = self.frame_stamped(self.delivered, clock_stamp(std::time::SystemTime::now()));
        self.delivered += 1;
        Ok(frame)
    }
}

/// The wall clock in milliseconds, modulo 65,536: what the pattern carries as capture stamp.
pub fn clock_stamp(at: std::time::SystemTime) -> u16 {
    let ms = at
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or(0);
    (ms % 65_536) as u16
}

/// Reads the frame number back from a pattern frame (after any lossy coding), or `None` when
/// the top row does not look like counter blocks.
pub fn read_counter(frame: &Frame) -> Option<u64> {
    read_row(frame, 0)
}

/// Milliseconds from the frame's capture (its stamp) to `now`, on the same machine's clock.
pub fn read_latency(frame: &Frame, now: std::time::SystemTime) -> Option<u32> {
    let stamp = read_row(frame, 1)? as u16;
    Some(u32::from(clock_stamp(now).wrapping_sub(stamp)))
}

fn read_row(frame: &Frame, row: u32) -> Option<u64> {
    if frame.width < BITS * BLOCK || frame.height < (row + 1) * BLOCK {
        return None;
    }
    let mut n = 0u64;
    for bit in 0..BITS {
        // The block's centre pixel, averaged over its grey channels.
        let (x, y) = (bit * BLOCK + BLOCK / 2, row * BLOCK + BLOCK / 2);
        let i = ((y * frame.width + x) * 3) as usize;
        let v = frame
            .rgb
            .get(i..i + 3)?
            .iter()
            .map(|c| u32::from(*c))
            .sum::<u32>()
            / 3;
        if (64..192).contains(&v) {
            return None;
        }
        n = (n << 1) | u64::from(v >= 192);
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counter_survives_a_jpeg_round_trip() {
        let cam = SyntheticCamera::new(640, 480, 30);
        for n in [0u64, 1, 1234, 65_535] {
            let frame = cam.frame(n);
            assert_eq!(read_counter(&frame), Some(n));
            let jpeg = crate::encode_jpeg(&frame, 60);
            let back = image::load_from_memory(&jpeg).unwrap().to_rgb8();
            let back = Frame {
                width: back.width(),
                height: back.height(),
                rgb: back.into_raw(),
                index: 0,
            };
            assert_eq!(read_counter(&back), Some(n), "frame {n} after JPEG");
        }
    }

    #[test]
    fn the_capture_stamp_gives_the_latency() {
        let cam = SyntheticCamera::open("synthetic:320x240", 15).unwrap();
        let t0 = std::time::SystemTime::now();
        let frame = cam.frame_stamped(7, clock_stamp(t0));
        assert_eq!((frame.width, frame.height), (320, 240));
        assert_eq!(read_counter(&frame), Some(7));
        let later = t0 + Duration::from_millis(123);
        assert_eq!(read_latency(&frame, later), Some(123));
        assert!(SyntheticCamera::open("synthetic:wide", 15).is_none());
        assert!(SyntheticCamera::open("synthetics", 15).is_none());
        let mut unplugged = SyntheticCamera::open("synthetic:320x240:unplug-after=2", 60).unwrap();
        assert!(unplugged.next_frame().is_ok() && unplugged.next_frame().is_ok());
        assert!(
            unplugged.next_frame().is_err(),
            "fails like a pulled-out webcam"
        );
    }
}
