//! The client's side of uploading a large recording of evidence, measured: a video file of
//! `MB` megabytes (a well-formed MP4: ftyp, moov, then one mdat) is copied into the desktop's
//! folder of large files (hashed while copied) and streamed to a running court's evidence
//! upload route. Prints the times, the throughput and this process's peak resident memory
//! (VmHWM), which stays near its start when nothing holds the file whole.
//!
//! `cargo run --example upload_recording -- URL USER PASSWORD MB`
//! (a court from `ecourt-server … serve --dev-gateways`; see docs/benchmarks.md).

use ecourt_store::FileStore;
use ecourt_sync::CourtClient;
use std::io::Write;
use std::time::Instant;

fn peak_rss_mb() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Writes an MP4 of about `mb` megabytes, a megabyte at a time.
fn write_mp4(path: &std::path::Path, mb: u64) {
    let mut f = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    let ftyp = b"isom\0\0\x02\0isomiso2mp41";
    f.write_all(&(8 + ftyp.len() as u32).to_be_bytes()).unwrap();
    f.write_all(b"ftyp").unwrap();
    f.write_all(ftyp).unwrap();
    let moov = [0u8; 100];
    f.write_all(&(8 + moov.len() as u32).to_be_bytes()).unwrap();
    f.write_all(b"moov").unwrap();
    f.write_all(&moov).unwrap();
    let chunk: Vec<u8> = (0..1024 * 1024).map(|i| (i * 31 % 251) as u8).collect();
    let body = mb * chunk.len() as u64;
    // A box over 4 GiB would need the 64-bit size; these are far below.
    f.write_all(&(8 + body as u32).to_be_bytes()).unwrap();
    f.write_all(b"mdat").unwrap();
    for _ in 0..mb {
        f.write_all(&chunk).unwrap();
    }
    f.flush().unwrap();
}

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [url, user, password, mb] = &args[..] else {
        eprintln!("usage: upload_recording URL USER PASSWORD MB");
        std::process::exit(2);
    };
    let mb: u64 = mb.parse().expect("MB is a number");
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("recording.mp4");
    write_mp4(&source, mb);
    let start_rss = peak_rss_mb();

    let files = FileStore::at(&dir.path().join("files"));
    let t = Instant::now();
    let (stored, _) = files.import(&source).await.unwrap();
    let hashed = t.elapsed();

    let client = CourtClient::new(url).unwrap();
    let session = client.sign_in(user, password).await.unwrap();
    let client = client.signed_in(&session.token);
    let on_disk = files.path_of(&stored.sha256).unwrap();
    let t = Instant::now();
    let receipt: serde_json::Value = client
        .put_file(
            &ecourt_api::routes::path(ecourt_api::routes::evidence::FILE_UPLOAD, &[&stored.sha256]),
            "video/mp4",
            &on_disk,
            None,
        )
        .await
        .unwrap();
    let sent = t.elapsed();
    let size_mb = stored.size as f64 / 1024.0 / 1024.0;
    println!("file: {size_mb:.1} MiB, sha256 {}", stored.sha256);
    println!(
        "copy + hash into the file folder: {:.2} s",
        hashed.as_secs_f64()
    );
    println!(
        "streamed upload and seal: {:.2} s ({:.1} MiB/s)",
        sent.as_secs_f64(),
        size_mb / sent.as_secs_f64()
    );
    println!("court: {receipt}");
    println!(
        "client peak resident memory: {:.1} MiB (after writing the file: {start_rss:.1} MiB)",
        peak_rss_mb()
    );
}
