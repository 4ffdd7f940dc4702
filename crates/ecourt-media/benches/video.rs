//! H.264 encode and decode time per frame of the synthetic camera, release, one thread:
//! the ground for the hearing's frame-rate figures.
//!
//! `cargo bench -p ecourt-media --bench video`

use ecourt_media::{read_counter, SyntheticCamera, VideoDecoder, VideoEncoder};
use std::time::{Duration, Instant};

fn main() {
    for (w, h, bps) in [(640u32, 480u32, 1_000_000u32), (1280, 720, 2_500_000)] {
        let cam = SyntheticCamera::new(w, h, 30);
        let mut enc = VideoEncoder::new(30, bps).unwrap();
        let mut dec = VideoDecoder::new().unwrap();
        let (mut te, mut td, mut bytes) = (Vec::new(), Vec::new(), 0usize);
        for n in 0..150u64 {
            let frame = cam.frame(n);
            let t = Instant::now();
            let au = enc.encode(&frame).unwrap();
            te.push(t.elapsed());
            bytes += au.len();
            let t = Instant::now();
            let out = dec.decode(&au).unwrap().unwrap();
            td.push(t.elapsed());
            assert_eq!(read_counter(&out), Some(n));
        }
        let median = |mut v: Vec<Duration>| {
            v.sort();
            v[v.len() / 2].as_secs_f64() * 1000.0
        };
        println!(
            "{w}×{h}: encode {:.1} ms, decode {:.1} ms a frame (median of 150); {:.0} kbit/s at 30 fps",
            median(te),
            median(td),
            bytes as f64 * 8.0 / 5.0 / 1000.0
        );
    }
}
