//! A camera that plays recorded frames from a folder.

use crate::{CameraError, CameraInfo, CameraSource, Frame};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The clip a recorded person rests in between prompts.
const RESTING: &str = "straight";

/// Frames from a folder, in file-name order, at a fixed rate.
///
/// Either the folder holds the frames themselves (played in a loop), or it holds one folder of
/// frames per prompt: `straight/` is played in a loop, and when the screen prompts for, say,
/// `blink`, `blink/` is played once from its start and then `straight/` again.
#[derive(Debug)]
pub struct FileCamera {
    dir: PathBuf,
    fps: u32,
    clips: BTreeMap<String, Vec<PathBuf>>,
    playing: String,
    position: usize,
    delivered: u64,
    next_due: Option<Instant>,
    /// State of the sensor-noise generator (xorshift), seeded per opening.
    noise: u32,
}

impl FileCamera {
    /// How [`crate::cameras`] lists a folder.
    pub fn info_for(dir: &Path) -> CameraInfo {
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        CameraInfo {
            id: format!("file:{}", dir.display()),
            name: format!("录制画面 {name}"),
        }
    }

    /// Opens a folder of frames (see the type's documentation); `fps` 1–60.
    pub fn open(dir: &Path, fps: u32) -> Result<Self, CameraError> {
        let not_found = || CameraError::NotFound(format!("file:{}", dir.display()));
        let mut clips = BTreeMap::new();
        let own = frames_in(dir).map_err(|_| not_found())?;
        if !own.is_empty() {
            clips.insert(RESTING.to_string(), own);
        } else {
            let entries = std::fs::read_dir(dir).map_err(|_| not_found())?;
            for entry in entries.flatten() {
                let path = entry.path();
                if path.is_dir() {
                    let frames = frames_in(&path).map_err(|_| not_found())?;
                    if !frames.is_empty() {
                        clips.insert(entry.file_name().to_string_lossy().into_owned(), frames);
                    }
                }
            }
        }
        let playing = if clips.contains_key(RESTING) {
            RESTING.to_string()
        } else {
            clips.keys().next().cloned().ok_or_else(not_found)?
        };
        Ok(FileCamera {
            dir: dir.to_path_buf(),
            fps: fps.clamp(1, 60),
            clips,
            playing,
            position: 0,
            delivered: 0,
            next_due: None,
            noise: std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.subsec_nanos() | 1)
                .unwrap_or(1),
        })
    }

    /// The prompts this recording has a clip for.
    pub fn clips(&self) -> Vec<&str> {
        self.clips.keys().map(String::as_str).collect()
    }

    fn resting(&self) -> String {
        if self.clips.contains_key(RESTING) {
            RESTING.to_string()
        } else {
            self.clips.keys().next().cloned().unwrap_or_default()
        }
    }
}

impl CameraSource for FileCamera {
    fn info(&self) -> CameraInfo {
        Self::info_for(&self.dir)
    }

    fn fps(&self) -> u32 {
        self.fps
    }

    fn next_frame(&mut self) -> Result<Frame, CameraError> {
        let period = Duration::from_secs(1) / self.fps;
        let now = Instant::now();
        let due = self.next_due.unwrap_or(now);
        if due > now {
            std::thread::sleep(due - now);
        }
        self.next_due = Some(crate::camera::next_due(due, now, period));

        let clip = &self.clips[&self.playing];
        let path = &clip[self.position % clip.len()];
        let img = image::open(path)
            .map_err(|e| CameraError::Failed(format!("{}: {e}", path.display())))?
            .to_rgb8();
        self.position += 1;
        if self.position >= clip.len() && self.playing != self.resting() {
            self.playing = self.resting();
            self.position = 0;
        }
        // Like a real sensor, no two frames come out byte for byte the same: a faint noise
        // (one grey level on a few pixels) that no measure notices.
        let mut rgb = img.as_raw().clone();
        for px in rgb.chunks_exact_mut(3).step_by(7) {
            self.noise ^= self.noise << 13;
            self.noise ^= self.noise >> 17;
            self.noise ^= self.noise << 5;
            px[1] = px[1].saturating_add((self.noise & 1) as u8);
        }
        let frame = Frame {
            width: img.width(),
            height: img.height(),
            rgb,
            index: self.delivered,
        };
        self.delivered += 1;
        Ok(frame)
    }

    fn prompt(&mut self, cue: Option<&str>) {
        let target = cue
            .filter(|c| self.clips.contains_key(*c))
            .map(str::to_string)
            .unwrap_or_else(|| self.resting());
        if target != self.playing {
            self.playing = target;
            self.position = 0;
        }
    }
}

/// The JPEG and PNG files directly in `dir`, by name.
fn frames_in(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut frames: Vec<PathBuf> = std::fs::read_dir(dir)?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.is_file()
                && p.extension().and_then(|e| e.to_str()).is_some_and(|e| {
                    matches!(e.to_ascii_lowercase().as_str(), "jpg" | "jpeg" | "png")
                })
        })
        .collect();
    frames.sort();
    Ok(frames)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_frame(path: &Path, shade: u8) {
        let img = image::RgbImage::from_pixel(8, 6, image::Rgb([shade, shade, shade]));
        img.save(path).unwrap();
    }

    fn tempdir(tag: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ecourt-media-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        dir
    }

    #[test]
    fn a_recorded_person_plays_the_clip_the_screen_asks_for_then_rests() {
        let dir = tempdir("clips");
        for (clip, shades) in [("straight", [10u8, 20]), ("blink", [100, 110])] {
            std::fs::create_dir_all(dir.join(clip)).unwrap();
            for (i, s) in shades.iter().enumerate() {
                write_frame(&dir.join(clip).join(format!("{i:03}.png")), *s);
            }
        }
        let mut cam = FileCamera::open(&dir, 60).unwrap();
        assert_eq!(cam.clips(), ["blink", "straight"]);
        let shade = |cam: &mut FileCamera| cam.next_frame().unwrap().rgb[0]; // red: no noise
        assert_eq!(
            [shade(&mut cam), shade(&mut cam), shade(&mut cam)],
            [10, 20, 10]
        );
        cam.prompt(Some("blink"));
        assert_eq!(
            [shade(&mut cam), shade(&mut cam), shade(&mut cam)],
            [100, 110, 10]
        );
        cam.prompt(Some("turn-left")); // no such clip: the person keeps looking straight
        assert_eq!(shade(&mut cam), 20);
        let f = cam.next_frame().unwrap();
        assert_eq!((f.width, f.height, f.index), (8, 6, 7));
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn an_empty_or_missing_folder_is_no_camera_and_a_bad_frame_is_an_error() {
        let dir = tempdir("empty");
        assert!(matches!(
            FileCamera::open(&dir, 15),
            Err(CameraError::NotFound(_))
        ));
        assert!(matches!(
            FileCamera::open(&dir.join("nope"), 15),
            Err(CameraError::NotFound(_))
        ));
        std::fs::write(dir.join("000.jpg"), b"not a picture").unwrap();
        let mut cam = FileCamera::open(&dir, 15).unwrap();
        assert!(matches!(cam.next_frame(), Err(CameraError::Failed(_))));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
