//! A test pattern with the frame number drawn into it, for tests and for checking a video path
//! end to end (the receiver reads the number back with [`read_counter`]).

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
}

impl SyntheticCamera {
    /// How [`crate::cameras`] lists the pattern.
    pub fn info() -> CameraInfo {
        CameraInfo {
            id: "synthetic".into(),
            name: "测试图案".into(),
        }
    }

    /// A pattern of `width × height` (at least 256 × 32) at `fps` (1–60).
    pub fn new(width: u32, height: u32, fps: u32) -> Self {
        SyntheticCamera {
            width: width.max(BITS * BLOCK),
            height: height.max(2 * BLOCK),
            fps: fps.clamp(1, 60),
            delivered: 0,
            next_due: None,
        }
    }

    /// The frame with number `n`, without waiting.
    pub fn frame(&self, n: u64) -> Frame {
        let (w, h) = (self.width, self.height);
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        let shift = (n * 4) as u32;
        for y in 0..h {
            for x in 0..w {
                if y < BLOCK && x < BITS * BLOCK {
                    let bit = (n >> (BITS - 1 - x / BLOCK)) & 1;
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
        let frame = self.frame(self.delivered);
        self.delivered += 1;
        Ok(frame)
    }
}

/// Reads the frame number back from a pattern frame (after any lossy coding), or `None` when
/// the top row does not look like counter blocks.
pub fn read_counter(frame: &Frame) -> Option<u64> {
    if frame.width < BITS * BLOCK || frame.height < BLOCK {
        return None;
    }
    let mut n = 0u64;
    for bit in 0..BITS {
        // The block's centre pixel, averaged over its grey channels.
        let (x, y) = (bit * BLOCK + BLOCK / 2, BLOCK / 2);
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
}
