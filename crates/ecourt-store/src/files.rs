//! Large files kept on disk by their SHA-256 (evidence recordings of hundreds of megabytes):
//! a folder `files/` beside the cache database, never a database row, so no step holds a whole
//! file in memory. A file arrives either in pieces (the window reads the user's file slice by
//! slice and hands each piece over) or by copying a path; either way it is hashed as it is
//! read and renamed into place under its hash only when complete, so a file under a hash name
//! is always whole and always the bytes of that hash.

use crate::{Result, StoreError};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Bytes read at a time while hashing or copying.
const READ_CHUNK: usize = 256 * 1024;

/// The account's file folder.
#[derive(Debug, Clone)]
pub struct FileStore {
    dir: PathBuf,
}

/// A complete file in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredFile {
    pub sha256: String,
    pub size: u64,
}

impl crate::Store {
    /// The folder of large files beside this account's cache file.
    pub fn files(&self) -> FileStore {
        let base = self.path().parent().unwrap_or_else(|| Path::new("."));
        FileStore {
            dir: base.join("files"),
        }
    }
}

fn is_sha256(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

fn is_piece_id(s: &str) -> bool {
    !s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

fn bad(what: String) -> StoreError {
    StoreError::Io(std::io::Error::new(std::io::ErrorKind::InvalidInput, what))
}

impl FileStore {
    pub fn at(dir: &Path) -> Self {
        FileStore {
            dir: dir.to_path_buf(),
        }
    }

    fn partial_dir(&self) -> PathBuf {
        self.dir.join("partial")
    }

    fn partial(&self, id: &str) -> Result<PathBuf> {
        if !is_piece_id(id) {
            return Err(bad(format!("not an upload id: {id:?}")));
        }
        Ok(self.partial_dir().join(id))
    }

    /// Where the file of this hash lives, if the store has it.
    pub fn path_of(&self, sha256: &str) -> Option<PathBuf> {
        if !is_sha256(sha256) {
            return None;
        }
        let p = self.dir.join(sha256);
        p.is_file().then_some(p)
    }

    /// The size of the file of this hash, if the store has it.
    pub async fn size_of(&self, sha256: &str) -> Option<u64> {
        let p = self.path_of(sha256)?;
        tokio::fs::metadata(p).await.ok().map(|m| m.len())
    }

    /// Starts a file that arrives in pieces; the id names it in [`FileStore::append`].
    pub async fn begin(&self) -> Result<String> {
        tokio::fs::create_dir_all(self.partial_dir()).await?;
        let id = uuid::Uuid::new_v4().to_string();
        tokio::fs::File::create(self.partial(&id)?).await?;
        Ok(id)
    }

    /// Appends a piece at `offset`, which must be the length received so far: a piece sent
    /// twice or out of order is refused instead of corrupting the file. Returns the new length.
    pub async fn append(&self, id: &str, offset: u64, piece: &[u8]) -> Result<u64> {
        let path = self.partial(id)?;
        let have = tokio::fs::metadata(&path).await?.len();
        if have != offset {
            return Err(bad(format!(
                "piece at {offset} but {have} bytes received so far"
            )));
        }
        let mut f = tokio::fs::OpenOptions::new()
            .append(true)
            .open(&path)
            .await?;
        f.write_all(piece).await?;
        f.flush().await?;
        Ok(have + piece.len() as u64)
    }

    /// Drops a file that was started but will not be finished.
    pub async fn abandon(&self, id: &str) -> Result<()> {
        match tokio::fs::remove_file(self.partial(id)?).await {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e.into()),
            _ => Ok(()),
        }
    }

    /// Completes a file that arrived in pieces: hashes it as it is read and moves it under its
    /// hash. Its first bytes come back too, for the caller's check of what kind of file it is.
    pub async fn finish(&self, id: &str) -> Result<(StoredFile, Vec<u8>)> {
        let path = self.partial(id)?;
        let (sha256, size, head) = hash_file(&path).await?;
        self.settle(&path, &sha256, true).await?;
        Ok((StoredFile { sha256, size }, head))
    }

    /// Copies the file at `source` into the store, hashing while copying (never whole in
    /// memory); its first bytes come back for the caller's check.
    pub async fn import(&self, source: &Path) -> Result<(StoredFile, Vec<u8>)> {
        tokio::fs::create_dir_all(self.partial_dir()).await?;
        let tmp = self.partial(&uuid::Uuid::new_v4().to_string())?;
        let mut from = tokio::fs::File::open(source).await?;
        let mut to = tokio::fs::File::create(&tmp).await?;
        let mut hasher = Sha256::new();
        let mut buf = vec![0u8; READ_CHUNK];
        let mut head = Vec::new();
        let mut size = 0u64;
        loop {
            let n = from.read(&mut buf).await?;
            if n == 0 {
                break;
            }
            if head.len() < HEAD_BYTES {
                head.extend_from_slice(&buf[..n.min(HEAD_BYTES - head.len())]);
            }
            hasher.update(&buf[..n]);
            to.write_all(&buf[..n]).await?;
            size += n as u64;
        }
        to.sync_all().await?;
        drop(to);
        let sha256 = hex::encode(hasher.finalize());
        self.settle(&tmp, &sha256, false).await?;
        Ok((StoredFile { sha256, size }, head))
    }

    /// Moves a complete file under its hash (durably), or drops it when the store has it.
    async fn settle(&self, from: &Path, sha256: &str, sync: bool) -> Result<()> {
        if sync {
            tokio::fs::File::open(from).await?.sync_all().await?;
        }
        let to = self.dir.join(sha256);
        if to.is_file() {
            tokio::fs::remove_file(from).await?;
        } else {
            tokio::fs::rename(from, &to).await?;
        }
        Ok(())
    }

    /// Deletes the file of this hash (nothing when absent).
    pub async fn remove(&self, sha256: &str) -> Result<()> {
        if let Some(p) = self.path_of(sha256) {
            tokio::fs::remove_file(p).await?;
        }
        Ok(())
    }
}

/// How many first bytes [`FileStore::finish`] and [`FileStore::import`] hand back.
pub const HEAD_BYTES: usize = 64;

/// The SHA-256, size and first bytes of a file, read a chunk at a time.
pub async fn hash_file(path: &Path) -> Result<(String, u64, Vec<u8>)> {
    let mut f = tokio::fs::File::open(path).await?;
    let mut hasher = Sha256::new();
    let mut buf = vec![0u8; READ_CHUNK];
    let mut head = Vec::new();
    let mut size = 0u64;
    loop {
        let n = f.read(&mut buf).await?;
        if n == 0 {
            break;
        }
        if head.len() < HEAD_BYTES {
            head.extend_from_slice(&buf[..n.min(HEAD_BYTES - head.len())]);
        }
        hasher.update(&buf[..n]);
        size += n as u64;
    }
    Ok((hex::encode(hasher.finalize()), size, head))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn pieces_become_one_file_under_its_hash() {
        let (_dir, store) = crate::testing::store().await;
        let files = store.files();
        let id = files.begin().await.unwrap();
        let a = vec![1u8; 300_000];
        let b = vec![2u8; 100];
        assert_eq!(files.append(&id, 0, &a).await.unwrap(), 300_000);
        // A piece sent again (the window retried) is refused, not appended twice.
        assert!(files.append(&id, 0, &a).await.is_err());
        files.append(&id, 300_000, &b).await.unwrap();
        let (stored, head) = files.finish(&id).await.unwrap();
        let whole = [a, b].concat();
        assert_eq!(stored.sha256, hex::encode(Sha256::digest(&whole)));
        assert_eq!(stored.size, whole.len() as u64);
        assert_eq!(head, whole[..HEAD_BYTES]);
        let path = files.path_of(&stored.sha256).unwrap();
        assert_eq!(std::fs::read(path).unwrap(), whole);
        // Finished means gone from the partial folder.
        assert!(files.append(&id, 300_100, b"x").await.is_err());
    }

    #[tokio::test]
    async fn a_copied_file_is_hashed_and_kept_once() {
        let (dir, store) = crate::testing::store().await;
        let files = store.files();
        let src = dir.path().join("clip.mp4");
        std::fs::write(&src, b"\0\0\0\x18ftypmp42 some video").unwrap();
        let (one, _) = files.import(&src).await.unwrap();
        let (two, _) = files.import(&src).await.unwrap();
        assert_eq!(one, two);
        assert_eq!(files.size_of(&one.sha256).await, Some(23));
        // Only hashes name files: no way out of the folder.
        assert!(files.path_of("../cache.sqlite").is_none());
        assert!(files.append("../x", 0, b"").await.is_err());
        files.remove(&one.sha256).await.unwrap();
        assert!(files.path_of(&one.sha256).is_none());
    }
}
