//! Uploading a file from disk as a stream: the body is read a chunk at a time while it is sent,
//! so a 200 MB recording costs the client a few hundred kilobytes of memory, not 200 MB. The
//! caller may watch the bytes go (a progress bar). The usual 60 s limit of one request would cut
//! a large file on a slow line, so a streamed request gets time by its size.

use crate::{unreachable, ClientError, CourtClient};
use ecourt_api::routes::{evidence, filing, path};
use ecourt_api::{EvidenceFileReceipt, UploadReceipt};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;
use tokio::io::AsyncReadExt;

/// Bytes read from disk and handed to the connection at a time.
pub const STREAM_CHUNK: usize = 256 * 1024;
/// The slowest line a streamed upload still finishes on (bytes a second).
pub const SLOWEST_LINE: u64 = 64 * 1024;

/// Told how many bytes have gone so far and the whole size.
pub type Progress = Arc<dyn Fn(u64, u64) + Send + Sync>;

/// The time a streamed request of `size` bytes is given.
pub fn time_for(size: u64) -> Duration {
    Duration::from_secs(60 + size / SLOWEST_LINE)
}

impl CourtClient {
    /// PUTs the file at `file` as the body of `route_path` (a path under the court, e.g.
    /// from `ecourt_api::routes`), streamed from disk, and decodes the court's JSON answer.
    pub async fn put_file<T: serde::de::DeserializeOwned>(
        &self,
        route_path: &str,
        mime_type: &str,
        file: &Path,
        progress: Option<Progress>,
    ) -> Result<T, ClientError> {
        let f = tokio::fs::File::open(file)
            .await
            .map_err(|e| ClientError::Protocol(format!("{}: {e}", file.display())))?;
        let size = f
            .metadata()
            .await
            .map_err(|e| ClientError::Protocol(e.to_string()))?
            .len();
        let stream = futures_util::stream::try_unfold((f, 0u64), move |(mut f, sent)| {
            let progress = progress.clone();
            async move {
                let mut buf = vec![0u8; STREAM_CHUNK];
                let n = f.read(&mut buf).await?;
                if n == 0 {
                    return Ok::<_, std::io::Error>(None);
                }
                buf.truncate(n);
                let sent = sent + n as u64;
                if let Some(p) = &progress {
                    p(sent, size);
                }
                Ok(Some((buf, (f, sent))))
            }
        });
        let rb = self
            .http
            .put(self.url(route_path))
            .timeout(time_for(size))
            .header(reqwest::header::CONTENT_TYPE, mime_type)
            .header(reqwest::header::CONTENT_LENGTH, size)
            .body(reqwest::Body::wrap_stream(stream));
        let resp = self.authed(rb).send().await.map_err(unreachable)?;
        Self::decode(resp).await
    }

    /// Uploads a filing's file by its content hash, streamed from disk (idempotent; the
    /// court's filing uploads take at most 20 MB).
    pub async fn upload_from_disk(
        &self,
        sha256: &str,
        mime_type: &str,
        file: &Path,
        progress: Option<Progress>,
    ) -> Result<UploadReceipt, ClientError> {
        // The route first: a `&dyn Display` held across the await would make the future !Send.
        let route = path(filing::UPLOAD, &[&sha256]);
        self.put_file(&route, mime_type, file, progress).await
    }

    /// Uploads a file of evidence (a recording of hundreds of megabytes) by its hash, streamed
    /// from disk; the court checks it by content and seals it (idempotent).
    pub async fn upload_evidence_file_from_disk(
        &self,
        sha256: &str,
        mime_type: &str,
        file: &Path,
        progress: Option<Progress>,
    ) -> Result<EvidenceFileReceipt, ClientError> {
        let route = path(evidence::FILE_UPLOAD, &[&sha256]);
        self.put_file(&route, mime_type, file, progress).await
    }
}
