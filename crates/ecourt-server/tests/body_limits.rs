//! Large bodies in flight are bounded (issue 10, finding 7): sixteen concurrent 23 MB face
//! submissions were all read into memory at once. Here the face routes' places are held by
//! requests whose bodies arrive slowly; the next one waits, then is told the court is busy
//! (503 `server_busy`, `Retry-After`), while evidence uploads, which have places of their own,
//! still go through; once the slow requests end, face requests are taken again.

mod common;
use common::{Engine, TestCourt};
use tokio::io::AsyncWriteExt;

/// Starts a card upload that announces 20 MB and sends only its first kilobyte, holding a place.
async fn slow_card_upload(court: &TestCourt, token: &str) -> tokio::net::TcpStream {
    let addr = court.base.trim_start_matches("http://").to_string();
    let mut tcp = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "PUT /api/v1/identity/card HTTP/1.1\r\nHost: court\r\nAuthorization: Bearer {token}\r\nContent-Type: image/jpeg\r\nContent-Length: 20000000\r\n\r\n"
    );
    tcp.write_all(head.as_bytes()).await.unwrap();
    tcp.write_all(&[0xFF; 1024]).await.unwrap();
    tcp.flush().await.unwrap();
    tcp
}

async fn card(court: &TestCourt, token: &str) -> reqwest::Response {
    court
        .http
        .put(court.url("/api/v1/identity/card"))
        .bearer_auth(token)
        .header("content-type", "image/jpeg")
        .body(vec![0xFFu8; 4 * 1024 * 1024])
        .send()
        .await
        .unwrap()
}

on_both_engines!(
    large_bodies_beyond_the_places_wait_then_are_told_the_court_is_busy,
    |court: TestCourt| async move {
        let token = court.token("party3").await;
        let held = vec![
            slow_card_upload(&court, &token).await,
            slow_card_upload(&court, &token).await,
        ];
        // Let the court take both into their places.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;

        let started = std::time::Instant::now();
        let busy = card(&court, &token).await;
        assert_eq!(busy.status(), 503);
        assert_eq!(
            busy.headers()
                .get("retry-after")
                .and_then(|v| v.to_str().ok()),
            Some("5")
        );
        let body: serde_json::Value = busy.json().await.unwrap();
        assert_eq!(body["code"], "server_busy", "{body}");
        assert!(started.elapsed() >= std::time::Duration::from_secs(5));

        // Evidence uploads have their own places.
        let upload = court
            .http
            .put(court.url(&format!("/api/v1/uploads/{}", "0".repeat(64))))
            .bearer_auth(&token)
            .header("content-type", "application/pdf")
            .body(b"%PDF-1.4 evidence".to_vec())
            .send()
            .await
            .unwrap();
        assert_ne!(upload.status(), 503);

        // The slow requests end: face requests are taken again (and judged on what they hold).
        drop(held);
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let taken = card(&court, &token).await;
        assert_ne!(taken.status(), 503);
        let body: serde_json::Value = taken.json().await.unwrap();
        assert_ne!(body["code"], "server_busy", "{body}");
    }
);
