//! The files of evidence: what the court takes (types and size limits as data,
//! `policy/evidence-files.json`), the check that a file really is what it claims (magic bytes
//! and a structural check, made while the bytes stream past), and the court's content-addressed
//! file store, where a file lies under its SHA-256 and is written while it is hashed — never
//! held whole in memory, never in a database row (a recording runs to hundreds of megabytes).
//!
//! A file arrives into `tmp/` under a random name and is renamed to `<aa>/<sha256>` only once its
//! hash, size and content check passed and it was synced to disk; a rename is atomic, so a
//! reader sees a whole file or none, and the same bytes uploaded twice (or by two accounts)
//! are stored once.

use ecourt_api::EvidenceFileKind;
use serde::Deserialize;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::AsyncWriteExt;

/// One type the court takes.
#[derive(Debug, Clone, Deserialize)]
pub struct FileType {
    pub mime_type: String,
    pub kind: EvidenceFileKind,
    pub max_bytes: u64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct FilePolicy {
    pub types: Vec<FileType>,
}

impl FilePolicy {
    pub fn court_default() -> FilePolicy {
        serde_json::from_str(include_str!("../../policy/evidence-files.json"))
            .expect("policy/evidence-files.json is valid")
    }

    /// The type of a declared `Content-Type` (parameters and case ignored).
    pub fn type_of(&self, declared: &str) -> Option<&FileType> {
        let mime = declared
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        self.types.iter().find(|t| t.mime_type == mime)
    }

    pub fn largest(&self) -> u64 {
        self.types.iter().map(|t| t.max_bytes).max().unwrap_or(0)
    }
}

/// Why a file is not what it claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotWhatItClaims(pub String);

/// Reads a file's structure while it streams past: its first bytes, its last bytes, its length,
/// and (for MP4/QuickTime) the chain of its top-level boxes, without keeping the file.
pub struct Sniffer {
    mime: String,
    head: Vec<u8>,
    tail: Vec<u8>,
    len: u64,
    /// MP4: where the next top-level box starts, and the header bytes gathered for it.
    next_box: u64,
    box_header: Vec<u8>,
    boxes: Vec<[u8; 4]>,
    broken_box: bool,
}

const HEAD: usize = 64;
const TAIL: usize = 1024;

impl Sniffer {
    pub fn new(mime: &str) -> Sniffer {
        Sniffer {
            mime: mime.to_string(),
            head: Vec::with_capacity(HEAD),
            tail: Vec::with_capacity(TAIL * 2),
            len: 0,
            next_box: 0,
            box_header: Vec::with_capacity(16),
            boxes: Vec::new(),
            broken_box: false,
        }
    }

    fn is_mp4(&self) -> bool {
        matches!(
            self.mime.as_str(),
            "video/mp4" | "video/quicktime" | "audio/mp4"
        )
    }

    pub fn update(&mut self, chunk: &[u8]) {
        if self.head.len() < HEAD {
            let take = (HEAD - self.head.len()).min(chunk.len());
            self.head.extend_from_slice(&chunk[..take]);
        }
        if chunk.len() >= TAIL {
            self.tail.clear();
            self.tail.extend_from_slice(&chunk[chunk.len() - TAIL..]);
        } else {
            self.tail.extend_from_slice(chunk);
            if self.tail.len() > TAIL {
                let cut = self.tail.len() - TAIL;
                self.tail.drain(..cut);
            }
        }
        if self.is_mp4() {
            self.walk_boxes(chunk);
        }
        self.len += chunk.len() as u64;
    }

    /// Follows the top-level boxes: at each box's start, read its 8-byte header (16 with a
    /// 64-bit size) and jump to its end.
    fn walk_boxes(&mut self, chunk: &[u8]) {
        let start = self.len;
        let end = start + chunk.len() as u64;
        while !self.broken_box && self.next_box < end {
            let at = (self.next_box.max(start) - start) as usize;
            let need = if self.box_header.len() >= 8 && self.box_header[..4] == [0, 0, 0, 1] {
                16
            } else {
                8
            };
            let take = (need - self.box_header.len()).min(chunk.len() - at);
            self.box_header.extend_from_slice(&chunk[at..at + take]);
            let consumed_to = start + (at + take) as u64;
            if self.box_header.len() < 8 {
                self.next_box = consumed_to;
                continue;
            }
            let small = u32::from_be_bytes(self.box_header[..4].try_into().unwrap()) as u64;
            let size = if small == 1 {
                if self.box_header.len() < 16 {
                    self.next_box = consumed_to;
                    continue;
                }
                u64::from_be_bytes(self.box_header[8..16].try_into().unwrap())
            } else {
                small
            };
            let header_len = self.box_header.len() as u64;
            let mut kind = [0u8; 4];
            kind.copy_from_slice(&self.box_header[4..8]);
            let box_start = consumed_to - header_len;
            if size == 0 {
                // "The box runs to the end of the file": nothing may follow.
                self.boxes.push(kind);
                self.next_box = u64::MAX;
                self.box_header.clear();
                return;
            }
            if size < header_len {
                self.broken_box = true;
                return;
            }
            self.boxes.push(kind);
            self.box_header.clear();
            self.next_box = box_start + size;
        }
    }

    /// The verdict once every byte went past.
    pub fn finish(&self) -> Result<(), NotWhatItClaims> {
        let bad = |why: &str| Err(NotWhatItClaims(why.to_string()));
        let h = &self.head;
        let t = &self.tail;
        match self.mime.as_str() {
            "application/pdf" => {
                if !h.starts_with(b"%PDF-") {
                    return bad("a PDF starts with %PDF-");
                }
                if !contains(t, b"%%EOF") {
                    return bad("a PDF ends with %%EOF (the file is cut short)");
                }
            }
            "image/jpeg" => {
                if !h.starts_with(&[0xFF, 0xD8, 0xFF]) {
                    return bad("a JPEG starts with FF D8 FF");
                }
                let trimmed = trim_end_zeros(t);
                if !trimmed.ends_with(&[0xFF, 0xD9]) {
                    return bad("a JPEG ends with its end-of-image marker FF D9");
                }
            }
            "image/png" => {
                if !h.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
                    return bad("a PNG starts with its signature");
                }
                if h.len() < 16 || &h[12..16] != b"IHDR" {
                    return bad("a PNG's first chunk is IHDR");
                }
                if t.len() < 12 || &t[t.len() - 8..t.len() - 4] != b"IEND" {
                    return bad("a PNG ends with its IEND chunk");
                }
            }
            "audio/wav" => {
                if h.len() < 12 || &h[..4] != b"RIFF" || &h[8..12] != b"WAVE" {
                    return bad("a WAV file starts with RIFF … WAVE");
                }
                let riff = u32::from_le_bytes(h[4..8].try_into().unwrap()) as u64;
                if riff + 8 != self.len && riff + 9 != self.len {
                    return bad("a WAV file's RIFF length is its own length");
                }
            }
            "audio/mpeg" => {
                if h.starts_with(b"ID3") {
                    if h.len() < 10 || h[6..10].iter().any(|b| b & 0x80 != 0) {
                        return bad("an MP3's ID3 header is broken");
                    }
                } else if !(h.len() >= 2 && h[0] == 0xFF && h[1] & 0xE0 == 0xE0) {
                    return bad("an MP3 starts with an ID3 tag or a frame");
                }
            }
            "video/mp4" | "video/quicktime" | "audio/mp4" => {
                if h.len() < 12 || &h[4..8] != b"ftyp" {
                    return bad("an MP4 or QuickTime file starts with its ftyp box");
                }
                if self.broken_box {
                    return bad("an MP4 box is smaller than its own header");
                }
                if self.next_box != self.len && self.next_box != u64::MAX {
                    return bad(
                        "the MP4's boxes do not end where the file ends (cut short or padded)",
                    );
                }
                if !self.boxes.iter().any(|b| b == b"moov") {
                    return bad("an MP4 without its moov box cannot be played");
                }
                let brand = &h[8..12];
                let quicktime = brand == b"qt  ";
                if (self.mime == "video/quicktime") != quicktime {
                    return bad("the ftyp brand says another kind (QuickTime is brand 'qt  ')");
                }
            }
            other => return Err(NotWhatItClaims(format!("{other} is not taken"))),
        }
        Ok(())
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    hay.windows(needle.len()).any(|w| w == needle)
}

fn trim_end_zeros(b: &[u8]) -> &[u8] {
    let mut end = b.len();
    while end > 0 && b[end - 1] == 0 {
        end -= 1;
    }
    &b[..end]
}

/// Why an upload did not reach the store.
#[derive(Debug)]
pub enum StoreRefusal {
    TooLarge {
        max_bytes: u64,
    },
    Empty,
    HashDiffers,
    NotWhatItClaims(NotWhatItClaims),
    /// The connection failed while the body arrived.
    Body(String),
    Io(std::io::Error),
}

impl From<std::io::Error> for StoreRefusal {
    fn from(e: std::io::Error) -> Self {
        StoreRefusal::Io(e)
    }
}

/// A file as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stored {
    pub sha256: String,
    pub size_bytes: u64,
}

/// The court's content-addressed store of evidence files (a folder).
#[derive(Debug, Clone)]
pub struct FileStore {
    root: PathBuf,
}

impl FileStore {
    pub fn new(root: impl Into<PathBuf>) -> FileStore {
        FileStore { root: root.into() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// Where the bytes of `sha256` lie (lower-case hex).
    pub fn path_of(&self, sha256: &str) -> PathBuf {
        let sha = sha256.to_ascii_lowercase();
        self.root.join(&sha[..2]).join(&sha)
    }

    pub async fn has(&self, sha256: &str) -> bool {
        tokio::fs::metadata(self.path_of(sha256)).await.is_ok()
    }

    /// Writes a stream of chunks into the store, hashing and checking it as it passes; the
    /// file is kept only if its SHA-256 is `expected`, it is at most `max_bytes` and it is the
    /// type `mime` claims.
    pub async fn put<S, B, E>(
        &self,
        expected: &str,
        mime: &str,
        max_bytes: u64,
        mut chunks: S,
    ) -> Result<Stored, StoreRefusal>
    where
        S: futures_util::Stream<Item = Result<B, E>> + Unpin,
        B: AsRef<[u8]>,
        E: std::fmt::Display,
    {
        use futures_util::StreamExt;
        let tmp_dir = self.root.join("tmp");
        tokio::fs::create_dir_all(&tmp_dir).await?;
        let tmp = tmp_dir.join(format!("{:016x}.part", rand::random::<u64>()));
        let mut file = tokio::fs::File::create(&tmp).await?;
        let mut hasher = Sha256::new();
        let mut sniffer = Sniffer::new(mime);
        let mut size: u64 = 0;
        let written: Result<(), StoreRefusal> = async {
            while let Some(chunk) = chunks.next().await {
                let chunk = chunk.map_err(|e| StoreRefusal::Body(e.to_string()))?;
                let chunk = chunk.as_ref();
                size += chunk.len() as u64;
                if size > max_bytes {
                    return Err(StoreRefusal::TooLarge { max_bytes });
                }
                hasher.update(chunk);
                sniffer.update(chunk);
                file.write_all(chunk).await?;
            }
            file.flush().await?;
            file.sync_all().await?;
            Ok(())
        }
        .await;
        drop(file);
        let verdict = written.and_then(|()| {
            if size == 0 {
                return Err(StoreRefusal::Empty);
            }
            let actual = hex::encode(hasher.finalize());
            if !actual.eq_ignore_ascii_case(expected) {
                return Err(StoreRefusal::HashDiffers);
            }
            sniffer.finish().map_err(StoreRefusal::NotWhatItClaims)?;
            Ok(actual)
        });
        let sha256 = match verdict {
            Ok(sha) => sha,
            Err(e) => {
                let _ = tokio::fs::remove_file(&tmp).await;
                return Err(e);
            }
        };
        let dest = self.path_of(&sha256);
        if let Some(dir) = dest.parent() {
            tokio::fs::create_dir_all(dir).await?;
        }
        if tokio::fs::metadata(&dest).await.is_ok() {
            // The same bytes are already here (a retry, or another account's copy).
            tokio::fs::remove_file(&tmp).await?;
        } else {
            tokio::fs::rename(&tmp, &dest).await?;
        }
        Ok(Stored {
            sha256,
            size_bytes: size,
        })
    }

    /// The file's bytes as a stream of chunks (never read whole).
    pub async fn open(&self, sha256: &str) -> std::io::Result<(u64, tokio::fs::File)> {
        let file = tokio::fs::File::open(self.path_of(sha256)).await?;
        let len = file.metadata().await?.len();
        Ok((len, file))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniff(mime: &str, chunks: &[&[u8]]) -> Result<(), NotWhatItClaims> {
        let mut s = Sniffer::new(mime);
        for c in chunks {
            s.update(c);
        }
        s.finish()
    }

    /// An MP4 of these top-level boxes.
    fn mp4(boxes: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
        let mut out = Vec::new();
        for (kind, body) in boxes {
            out.extend_from_slice(&(8 + body.len() as u32).to_be_bytes());
            out.extend_from_slice(*kind);
            out.extend_from_slice(body);
        }
        out
    }

    #[test]
    fn a_pdf_needs_its_header_and_its_trailer() {
        assert!(sniff("application/pdf", &[b"%PDF-1.7\n...\n%%EOF\n"]).is_ok());
        assert!(sniff("application/pdf", &[b"%PDF-1.7\n... cut"]).is_err());
        assert!(sniff("application/pdf", &[b"\xFF\xD8\xFF...%%EOF"]).is_err());
    }

    #[test]
    fn pictures_need_their_end_markers() {
        assert!(sniff(
            "image/jpeg",
            &[&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2], &[0xFF, 0xD9]]
        )
        .is_ok());
        assert!(sniff("image/jpeg", &[&[0xFF, 0xD8, 0xFF, 0xE0, 1, 2]]).is_err());
        assert!(sniff("image/png", &[b"%PDF-1.4 %%EOF"]).is_err());
    }

    #[test]
    fn an_mp4_is_walked_box_by_box_across_chunks() {
        let file = mp4(&[
            (b"ftyp", b"isom\0\0\0\0isom".to_vec()),
            (b"moov", vec![7; 40]),
            (b"mdat", vec![9; 1000]),
        ]);
        // Every way of cutting it into chunks gives the same verdict.
        for cut in [1, 3, 7, 8, 16, 100, 5000] {
            let chunks: Vec<&[u8]> = file.chunks(cut).collect();
            assert!(sniff("video/mp4", &chunks).is_ok(), "chunks of {cut}");
        }
        // Cut short: the last box runs past the end.
        assert!(sniff("video/mp4", &[&file[..file.len() - 1]]).is_err());
        // Without moov.
        let no_moov = mp4(&[(b"ftyp", b"isom\0\0\0\0".to_vec()), (b"mdat", vec![9; 10])]);
        assert!(sniff("video/mp4", &[&no_moov]).is_err());
        // A PDF renamed .mp4.
        assert!(sniff("video/mp4", &[b"%PDF-1.4 ... %%EOF"]).is_err());
        // QuickTime's brand.
        let mov = mp4(&[(b"ftyp", b"qt  \0\0\0\0".to_vec()), (b"moov", vec![1; 8])]);
        assert!(sniff("video/quicktime", &[&mov]).is_ok());
        assert!(sniff("video/mp4", &[&mov]).is_err());
    }

    #[tokio::test]
    async fn the_store_keeps_only_what_passed_and_stops_past_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let store = FileStore::new(dir.path());
        let video = mp4(&[
            (b"ftyp", b"isom\0\0\0\0".to_vec()),
            (b"moov", vec![1; 8]),
            (b"mdat", vec![2; 50_000]),
        ]);
        let sha = hex::encode(Sha256::digest(&video));
        let chunks = |b: &[u8]| {
            futures_util::stream::iter(
                b.chunks(4096)
                    .map(|c| Ok::<_, std::io::Error>(c.to_vec()))
                    .collect::<Vec<_>>(),
            )
        };
        // Past the limit: stopped while streaming, the part-file removed.
        let refused = store.put(&sha, "video/mp4", 10_000, chunks(&video)).await;
        assert!(matches!(
            refused,
            Err(StoreRefusal::TooLarge { max_bytes: 10_000 })
        ));
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
        assert!(!store.has(&sha).await);
        // Another hash than the address: refused.
        let wrong = store
            .put(&"0".repeat(64), "video/mp4", 1 << 20, chunks(&video))
            .await;
        assert!(matches!(wrong, Err(StoreRefusal::HashDiffers)));
        // Within: stored under its hash, byte for byte.
        let stored = store
            .put(&sha, "video/mp4", 1 << 20, chunks(&video))
            .await
            .unwrap();
        assert_eq!(stored.size_bytes, video.len() as u64);
        assert_eq!(std::fs::read(store.path_of(&sha)).unwrap(), video);
        assert_eq!(
            std::fs::read_dir(dir.path().join("tmp")).unwrap().count(),
            0
        );
    }

    #[test]
    fn a_wav_length_is_its_riff_length() {
        let mut wav = b"RIFF".to_vec();
        wav.extend_from_slice(&(4u32 + 8).to_le_bytes());
        wav.extend_from_slice(b"WAVEdata\0\0\0\0");
        assert!(sniff("audio/wav", &[&wav]).is_ok());
        assert!(sniff("audio/wav", &[&wav[..wav.len() - 2]]).is_err());
    }
}
