//! The email channel against a real SMTP server: the relay scripts/mail-up.sh starts (Debian's
//! exim4 on 127.0.0.1, `ECOURT_TEST_SMTP`), delivering ecourt.test into Maildirs under
//! `ECOURT_TEST_MAILBOXES` (default /var/lib/ecourt-mail/mailboxes). A message sent through the
//! port is read back from the recipient's mailbox; an unknown recipient is refused at RCPT for
//! good; an address that fails after acceptance comes back as a bounce the court reads. Without
//! `ECOURT_TEST_SMTP` a local run skips these (and says so); CI fails instead.

use ecourt_server::kernel::clock::SystemClock;
use ecourt_server::kernel::mail::{
    archive_bounce, read_bounces, MailGateway, MailMessage, SmtpMailGateway,
};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

const COURT: &str = "court@ecourt.test";

/// The relay's URL and the mailboxes' folder, or `None` (skip) outside CI.
fn relay() -> Option<(String, PathBuf)> {
    match std::env::var("ECOURT_TEST_SMTP") {
        Ok(url) if !url.is_empty() => Some((
            url,
            std::env::var_os("ECOURT_TEST_MAILBOXES")
                .filter(|v| !v.is_empty())
                .map(PathBuf::from)
                .unwrap_or_else(|| PathBuf::from("/var/lib/ecourt-mail/mailboxes")),
        )),
        _ => {
            assert!(
                std::env::var("CI").map_or(true, |v| v != "true"),
                "CI must set ECOURT_TEST_SMTP (scripts/mail-up.sh prints it)"
            );
            eprintln!(
                "ECOURT_TEST_SMTP is not set: skipping this mail test (run scripts/mail-up.sh)"
            );
            None
        }
    }
}

fn gateway(url: &str) -> SmtpMailGateway {
    SmtpMailGateway::new(url, COURT, Arc::new(SystemClock)).unwrap()
}

/// An id no earlier run has used, so a mailbox shared by every run is read for this one only.
fn fresh_id(what: &str) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos();
    format!("{what}-{nanos}-{}@ecourt.test", std::process::id())
}

/// The raw message in `mailbox` (a Maildir) whose Message-ID is `id`, waiting up to 20 s for the
/// relay's delivery.
async fn delivered(mailbox: &Path, id: &str) -> Vec<u8> {
    let needle = format!("<{id}>");
    for _ in 0..200 {
        for sub in ["new", "cur"] {
            let Ok(entries) = std::fs::read_dir(mailbox.join(sub)) else {
                continue;
            };
            for entry in entries.flatten() {
                let raw = std::fs::read(entry.path()).unwrap_or_default();
                if raw.windows(needle.len()).any(|w| w == needle.as_bytes()) {
                    return raw;
                }
            }
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("no message {id} arrived in {}", mailbox.display());
}

#[tokio::test]
async fn a_message_sent_through_the_port_is_read_back_from_the_mailbox() {
    let Some((url, boxes)) = relay() else { return };
    let id = fresh_id("notice");
    let text = "您好：法院已向您送达（2026）京0105民初123号案件的起诉状副本。\n\
                请登录平台查看，查看码：483920。\n"
        .to_string();
    let msg = MailMessage {
        to: "defendant@ecourt.test".into(),
        subject: "电子送达通知 (2026)京0105民初123号".into(),
        text: text.clone(),
        message_id: id.clone(),
    };
    let before = chrono::Utc::now();
    let accepted = gateway(&url).send(&msg).await.expect("the relay takes it");
    assert!(accepted.reply.starts_with("250"), "{}", accepted.reply);
    assert!(accepted.at >= before && accepted.at <= chrono::Utc::now());

    let raw = delivered(&boxes.join("defendant"), &id).await;
    let mail = mail_parser::MessageParser::default().parse(&raw).unwrap();
    assert_eq!(mail.message_id(), Some(id.as_str()));
    assert_eq!(mail.subject(), Some(msg.subject.as_str()));
    assert_eq!(
        mail.body_text(0)
            .as_deref()
            .map(|t| t.replace("\r\n", "\n")),
        Some(text)
    );
    let from = mail
        .from()
        .and_then(|a| a.first())
        .and_then(|a| a.address());
    assert_eq!(from, Some(COURT));
    // The envelope sender is the court's mailbox: that is where a later failure returns.
    assert_eq!(mail.return_path().as_text(), Some(COURT));
}

#[tokio::test]
async fn an_unknown_recipient_is_refused_for_good() {
    let Some((url, _)) = relay() else { return };
    let gateway = gateway(&url);
    for to in ["no-such-person@ecourt.test", "someone@elsewhere.example"] {
        let msg = MailMessage {
            to: to.into(),
            subject: "送达通知".into(),
            text: "x".into(),
            message_id: fresh_id("unknown"),
        };
        let refusal = gateway.send(&msg).await.unwrap_err();
        assert!(refusal.permanent, "{to}: {refusal}");
        assert_eq!(refusal.code, Some(550), "{to}: {refusal}");
    }
    let refusal = gateway
        .send(&MailMessage {
            to: "not an address".into(),
            subject: "s".into(),
            text: "t".into(),
            message_id: fresh_id("bad"),
        })
        .await
        .unwrap_err();
    assert!(refusal.permanent && refusal.code.is_none(), "{refusal}");
}

#[tokio::test]
async fn a_failure_after_acceptance_comes_back_as_a_bounce() {
    let Some((url, boxes)) = relay() else { return };
    let id = fresh_id("bounced");
    let msg = MailMessage {
        to: "wang.wu@bounce.ecourt.test".into(),
        subject: "电子送达通知".into(),
        text: "请登录平台查看。".into(),
        message_id: id.clone(),
    };
    // Accepted: the relay has not yet tried to deliver.
    let accepted = gateway(&url).send(&msg).await.expect("accepted first");
    assert!(accepted.reply.starts_with("250"), "{}", accepted.reply);

    let court = boxes.join("court");
    let mut found = None;
    for _ in 0..200 {
        found = read_bounces(&court)
            .unwrap()
            .into_iter()
            .find(|b| b.message_id == id);
        if found.is_some() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let bounce = found.unwrap_or_else(|| panic!("no bounce for {id} in {}", court.display()));
    assert_eq!(bounce.recipient, "wang.wu@bounce.ecourt.test");
    assert!(bounce.status.starts_with("5."), "{bounce:?}");
    assert!(bounce.diagnostic.contains("disabled"), "{bounce:?}");

    archive_bounce(&court, &bounce).unwrap();
    assert!(
        !read_bounces(&court)
            .unwrap()
            .iter()
            .any(|b| b.message_id == id),
        "an archived bounce is not read again"
    );
}

#[tokio::test]
async fn a_relay_that_cannot_be_reached_is_a_temporary_refusal() {
    // A port nobody listens on (bound, then let go).
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let refusal = gateway(&format!("smtp://127.0.0.1:{port}"))
        .send(&MailMessage {
            to: "defendant@ecourt.test".into(),
            subject: "s".into(),
            text: "t".into(),
            message_id: fresh_id("down"),
        })
        .await
        .unwrap_err();
    assert!(!refusal.permanent && refusal.code.is_none(), "{refusal}");
}
