//! H.264 video (openh264, Cisco's codec built from the crate's bundled source): frames from a
//! [`crate::CameraSource`] to Annex-B access units and back. Configured for live calls: a
//! keyframe every second (so a participant who joins or loses packets recovers quickly), no
//! skipped frames (every frame counts, and the synthetic camera's counter shows each one).

use crate::Frame;
use openh264::decoder::Decoder;
use openh264::encoder::{BitRate, Encoder, EncoderConfig, FrameRate, IntraFramePeriod};
use openh264::formats::{RgbSliceU8, YUVBuffer, YUVSource};
use openh264::OpenH264API;

/// Why a frame could not be coded.
#[derive(Debug, thiserror::Error)]
pub enum VideoError {
    #[error("the video codec failed: {0}")]
    Codec(String),
    #[error("a frame must have an even width and height, got {0}×{1}")]
    OddSize(u32, u32),
}

fn codec(e: openh264::Error) -> VideoError {
    VideoError::Codec(e.to_string())
}

/// Encodes frames of one size into H.264 access units.
pub struct VideoEncoder {
    inner: Encoder,
    fps: u32,
}

impl VideoEncoder {
    /// An encoder for `fps` frames a second at about `bitrate_bps`.
    pub fn new(fps: u32, bitrate_bps: u32) -> Result<VideoEncoder, VideoError> {
        let fps = fps.clamp(1, 60);
        let config = EncoderConfig::new()
            .bitrate(BitRate::from_bps(bitrate_bps))
            .max_frame_rate(FrameRate::from_hz(fps as f32))
            .skip_frames(false)
            .intra_frame_period(IntraFramePeriod::from_num_frames(fps));
        let inner = Encoder::with_api_config(OpenH264API::from_source(), config).map_err(codec)?;
        Ok(VideoEncoder { inner, fps })
    }

    /// Frames a second this encoder was made for.
    pub fn fps(&self) -> u32 {
        self.fps
    }

    /// One frame → one Annex-B access unit (start codes included).
    pub fn encode(&mut self, frame: &Frame) -> Result<Vec<u8>, VideoError> {
        if frame.width % 2 == 1 || frame.height % 2 == 1 {
            return Err(VideoError::OddSize(frame.width, frame.height));
        }
        let yuv = YUVBuffer::from_rgb8_source(RgbSliceU8::new(
            &frame.rgb,
            (frame.width as usize, frame.height as usize),
        ));
        Ok(self.inner.encode(&yuv).map_err(codec)?.to_vec())
    }

    /// The next frame will be a keyframe (a receiver asked for one).
    pub fn force_keyframe(&mut self) {
        self.inner.force_intra_frame();
    }
}

/// Decodes H.264 access units into RGB frames.
pub struct VideoDecoder {
    inner: Decoder,
    decoded: u64,
}

impl VideoDecoder {
    pub fn new() -> Result<VideoDecoder, VideoError> {
        Ok(VideoDecoder {
            inner: Decoder::new().map_err(codec)?,
            decoded: 0,
        })
    }

    /// One access unit → a frame, or `None` while the decoder waits for more (e.g. a keyframe).
    pub fn decode(&mut self, access_unit: &[u8]) -> Result<Option<Frame>, VideoError> {
        let Some(yuv) = self.inner.decode(access_unit).map_err(codec)? else {
            return Ok(None);
        };
        let (w, h) = yuv.dimensions();
        let mut rgb = vec![0u8; w * h * 3];
        yuv.write_rgb8(&mut rgb);
        let frame = Frame {
            width: w as u32,
            height: h as u32,
            rgb,
            index: self.decoded,
        };
        self.decoded += 1;
        Ok(Some(frame))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{read_counter, SyntheticCamera};

    #[test]
    fn every_frame_survives_coding_with_its_counter() {
        let cam = SyntheticCamera::new(320, 240, 15);
        let mut enc = VideoEncoder::new(15, 500_000).unwrap();
        let mut dec = VideoDecoder::new().unwrap();
        let mut bytes = 0;
        for n in 0..45u64 {
            let au = enc.encode(&cam.frame(n)).unwrap();
            bytes += au.len();
            let frame = dec
                .decode(&au)
                .unwrap()
                .expect("a frame for every access unit");
            assert_eq!((frame.width, frame.height), (320, 240));
            assert_eq!(read_counter(&frame), Some(n), "frame {n}");
        }
        // 3 s at 500 kbps is about 190 kB; a runaway encoder would show here.
        assert!(bytes < 400_000, "{bytes} bytes for 45 frames");
    }

    #[test]
    fn a_decoder_joining_late_waits_for_the_next_keyframe() {
        let cam = SyntheticCamera::new(320, 240, 15);
        let mut enc = VideoEncoder::new(15, 500_000).unwrap();
        let units: Vec<Vec<u8>> = (0..20)
            .map(|n| enc.encode(&cam.frame(n)).unwrap())
            .collect();
        // Joining at frame 5 (after the first keyframe): nothing shown until frame 15, the
        // next keyframe a second later, then every frame.
        let mut dec = VideoDecoder::new().unwrap();
        let shown: Vec<u64> = units[5..]
            .iter()
            .filter_map(|au| dec.decode(au).ok().flatten())
            .filter_map(|f| read_counter(&f))
            .collect();
        assert_eq!(shown.first(), Some(&15), "{shown:?}");
        assert_eq!(shown, (15..20).collect::<Vec<_>>());
        assert!(matches!(
            enc.encode(&Frame {
                width: 3,
                height: 2,
                rgb: vec![0; 18],
                index: 0
            }),
            Err(VideoError::OddSize(3, 2))
        ));
    }
}
