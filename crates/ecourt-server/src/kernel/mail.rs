//! The email channel's port (电子送达 by email, OLR Art. 29-31): the court hands a message to its
//! mail relay and learns at once whether the relay took it — the receiving server's acceptance is
//! the arrival — or refused it for good (an unknown recipient) or for now (the relay down). A
//! message accepted and failing later comes back as a delivery status notification (RFC 3464) in
//! the court's sender mailbox, which [`read_bounces`] reads for the service capability's sweep.
//!
//! Like the SMS port, a court without a relay has [`NoMailGateway`] (every send refused as not
//! configured); a court with `ECOURT_SMTP_URL` set has [`SmtpMailGateway`] (lettre, plain SMTP to
//! a relay on the same machine, which does the delivery and the bounces).

use crate::kernel::clock::Clock;
use crate::kernel::config::MailSettings;
use chrono::{DateTime, Utc};
use lettre::message::header::ContentType;
use lettre::message::Mailbox;
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// What the court sends: a notice, never the document itself (the link or code to it on the
/// platform is in `text`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    /// One address (`name@domain`), the recipient's confirmed or given email address.
    pub to: String,
    pub subject: String,
    /// Plain text (UTF-8; Chinese is fine).
    pub text: String,
    /// The court's own id for this message, without angle brackets (`service-17-2@ecourt.test`):
    /// sent as the `Message-ID` header and found again in a bounce ([`Bounce::message_id`]).
    pub message_id: String,
}

/// The relay took the message for delivery: under OLR Art. 31 this is when it reached the
/// address's system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAccepted {
    /// When the relay answered the end of the message with 250 (the court's clock is not
    /// consulted: this is the moment the exchange finished).
    pub at: DateTime<Utc>,
    /// The relay's reply, as it said it (`250 OK id=1r…`), kept as the proof of arrival.
    pub reply: String,
}

/// The relay did not take the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}mail refused{}: {text}", if *.permanent { "" } else { "temporarily " }, .code.map(|c| format!(" ({c})")).unwrap_or_default())]
pub struct MailRefusal {
    /// True for a 5xx answer (an unknown recipient, a bad address): sending again will not
    /// help, the service must go another way. False for a 4xx answer, a relay that cannot be
    /// reached, or no gateway configured: it may work later.
    pub permanent: bool,
    /// The SMTP reply code, when the relay answered one.
    pub code: Option<u16>,
    pub text: String,
}

impl MailRefusal {
    /// The refusal of a court without a mail relay (`gateway_not_configured` when shown).
    pub fn not_configured() -> MailRefusal {
        MailRefusal {
            permanent: false,
            code: None,
            text: "no mail gateway is configured (ECOURT_SMTP_URL)".into(),
        }
    }

    /// True for the refusal of [`NoMailGateway`].
    pub fn is_not_configured(&self) -> bool {
        self.code.is_none() && self.text.starts_with("no mail gateway is configured")
    }
}

/// Where court email goes: the court's relay, or nowhere.
#[async_trait::async_trait]
pub trait MailGateway: Send + Sync + 'static {
    /// `none` or `smtp`, as recorded with each sending.
    fn name(&self) -> &'static str;
    /// Hands `msg` to the relay and waits for its answer. Not inside a transaction's lock: a
    /// caller sends, then records what came back.
    async fn send(&self, msg: &MailMessage) -> Result<MailAccepted, MailRefusal>;
    /// False only for [`NoMailGateway`].
    fn is_configured(&self) -> bool {
        true
    }
}

/// What a court has before its administrator configures a relay: nothing is sent.
pub struct NoMailGateway;

#[async_trait::async_trait]
impl MailGateway for NoMailGateway {
    fn name(&self) -> &'static str {
        "none"
    }

    async fn send(&self, _msg: &MailMessage) -> Result<MailAccepted, MailRefusal> {
        Err(MailRefusal::not_configured())
    }

    fn is_configured(&self) -> bool {
        false
    }
}

/// The gateway the settings name: [`SmtpMailGateway`] to `smtp_url`, else [`NoMailGateway`].
/// A relay URL that cannot be used stops the court at start (a misconfiguration, not a
/// refusal to meet at the first service).
pub fn gateway(
    settings: &MailSettings,
    clock: Arc<dyn Clock>,
) -> anyhow::Result<Arc<dyn MailGateway>> {
    Ok(match &settings.smtp_url {
        None => Arc::new(NoMailGateway),
        Some(url) => Arc::new(SmtpMailGateway::new(url, &settings.from, clock)?),
    })
}

/// Plain SMTP (lettre) to the court's relay on its own machine or network, which queues,
/// delivers and bounces. No TLS or login: the relay is the court's, reached over loopback.
pub struct SmtpMailGateway {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    clock: Arc<dyn Clock>,
}

impl SmtpMailGateway {
    /// `url` is `smtp://host[:port]` (port 25 by default); `from` the court's sender address,
    /// also the envelope sender that bounces return to.
    pub fn new(url: &str, from: &str, clock: Arc<dyn Clock>) -> anyhow::Result<SmtpMailGateway> {
        let (host, port) = relay_of(url)?;
        let from: Mailbox = from
            .parse()
            .map_err(|e| anyhow::anyhow!("ECOURT_MAIL_FROM {from:?} is not an address: {e}"))?;
        let transport = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(port)
            .timeout(Some(Duration::from_secs(30)))
            .build();
        Ok(SmtpMailGateway {
            transport,
            from,
            clock,
        })
    }
}

/// The host and port of `smtp://host[:port]`.
fn relay_of(url: &str) -> anyhow::Result<(String, u16)> {
    let rest = url.strip_prefix("smtp://").ok_or_else(|| {
        anyhow::anyhow!("ECOURT_SMTP_URL {url:?}: only smtp://host[:port] (a relay of the court's own) is supported")
    })?;
    let rest = rest.trim_end_matches('/');
    let (host, port) = match rest.strip_prefix('[') {
        Some(v6) => match v6.split_once(']') {
            Some((host, after)) => (host, after.strip_prefix(':')),
            None => anyhow::bail!("ECOURT_SMTP_URL {url:?}: an unclosed [ in the host"),
        },
        None => match rest.split_once(':') {
            Some((host, port)) => (host, Some(port)),
            None => (rest, None),
        },
    };
    let port = match port {
        Some(port) => port
            .parse::<u16>()
            .map_err(|_| anyhow::anyhow!("ECOURT_SMTP_URL {url:?}: the port is not a number"))?,
        None => 25,
    };
    anyhow::ensure!(
        !host.is_empty() && !host.contains(['/', '@', '?']),
        "ECOURT_SMTP_URL {url:?}: no host, or a user, path or query (not supported)"
    );
    Ok((host.to_string(), port))
}

#[async_trait::async_trait]
impl MailGateway for SmtpMailGateway {
    fn name(&self) -> &'static str {
        "smtp"
    }

    async fn send(&self, msg: &MailMessage) -> Result<MailAccepted, MailRefusal> {
        let refused = |text: String| MailRefusal {
            permanent: true,
            code: None,
            text,
        };
        let to: Mailbox = msg
            .to
            .parse()
            .map_err(|e| refused(format!("{:?} is not an email address: {e}", msg.to)))?;
        let email = lettre::Message::builder()
            .from(self.from.clone())
            .to(to)
            .subject(msg.subject.clone())
            .message_id(Some(format!("<{}>", msg.message_id)))
            .date(std::time::SystemTime::from(self.clock.now()))
            .header(ContentType::TEXT_PLAIN)
            .body(msg.text.clone())
            .map_err(|e| refused(format!("the message cannot be built: {e}")))?;
        match self.transport.send(email).await {
            Ok(reply) => Ok(MailAccepted {
                at: self.clock.now(),
                reply: format!(
                    "{} {}",
                    reply.code(),
                    reply.message().collect::<Vec<_>>().join(" ")
                ),
            }),
            Err(e) => Err(MailRefusal {
                permanent: e.is_permanent(),
                code: e.status().map(u16::from),
                text: e.to_string(),
            }),
        }
    }
}

/// A message the relay accepted and could not deliver, as its delivery status notification
/// (RFC 3464, `Action: failed`) tells: one per failed recipient.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bounce {
    /// The failed message's `Message-ID`, without angle brackets ([`MailMessage::message_id`]).
    pub message_id: String,
    /// The failed address (`Final-Recipient`, without its `rfc822;` type).
    pub recipient: String,
    /// The status code (`5.1.1`).
    pub status: String,
    /// What the receiving side said (`Diagnostic-Code`), or empty.
    pub diagnostic: String,
    /// The notification's file in the mailbox, for [`archive_bounce`].
    pub file: PathBuf,
}

/// The failed deliveries reported in the court's bounce mailbox (a Maildir: its `new/` and
/// `cur/`, oldest first), read and left in place; delay warnings and other mail are skipped. A
/// sweep that has recorded a bounce calls [`archive_bounce`] so it is not read again. A mailbox
/// that does not exist is an error (a misconfigured `ECOURT_BOUNCE_MAILBOX`), an empty one not.
pub fn read_bounces(mailbox: &Path) -> anyhow::Result<Vec<Bounce>> {
    use anyhow::Context;
    let mut files = Vec::new();
    for sub in ["new", "cur"] {
        let dir = mailbox.join(sub);
        let entries = std::fs::read_dir(&dir)
            .with_context(|| format!("the bounce mailbox {} cannot be read", dir.display()))?;
        for entry in entries {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                files.push(entry.path());
            }
        }
    }
    // Maildir names begin with the delivery's time in seconds.
    files.sort_by(|a, b| a.file_name().cmp(&b.file_name()));
    let mut bounces = Vec::new();
    for file in files {
        let raw = match std::fs::read(&file) {
            Ok(raw) => raw,
            // Taken away by another reader between listing and reading.
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e).with_context(|| format!("{} cannot be read", file.display())),
        };
        bounces.extend(bounces_in(&raw, &file));
    }
    Ok(bounces)
}

/// The failed recipients a delivery status notification (RFC 3464 §2: a `multipart/report`
/// with a `message/delivery-status` part) reports; none for any other message.
fn bounces_in(raw: &[u8], file: &Path) -> Vec<Bounce> {
    use mail_parser::{MessageParser, MimeHeaders};
    let Some(report) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let is_type = |part: &mail_parser::MessagePart, ctype: &str, subtypes: &[&str]| {
        part.content_type().is_some_and(|t| {
            t.ctype().eq_ignore_ascii_case(ctype)
                && t.subtype()
                    .is_some_and(|s| subtypes.iter().any(|x| s.eq_ignore_ascii_case(x)))
        })
    };
    let Some(status) = report
        .parts
        .iter()
        .find(|p| is_type(p, "message", &["delivery-status", "global-delivery-status"]))
    else {
        return Vec::new();
    };
    // The failed message: returned whole, or its headers only (RFC 3462 text/rfc822-headers);
    // else the report's own References, which Exim and Postfix set to it.
    let message_id = report
        .parts
        .iter()
        .find_map(|p| {
            if let Some(m) = p.message() {
                return m.message_id().map(str::to_string);
            }
            if is_type(p, "text", &["rfc822-headers"]) {
                return MessageParser::default()
                    .parse_headers(p.contents())
                    .and_then(|m| m.message_id().map(str::to_string));
            }
            None
        })
        .or_else(|| report.references().as_text().map(str::to_string))
        .map(|id| id.trim().trim_matches(['<', '>']).to_string());
    let Some(message_id) = message_id else {
        return Vec::new();
    };
    let explanation = report
        .parts
        .iter()
        .find(|p| is_type(p, "text", &["plain"]))
        .and_then(|p| p.text_contents())
        .unwrap_or_default();
    // The status body is groups of header fields, one per message then one per recipient
    // (RFC 3464 §2.1), separated by blank lines: each group is read as a header block.
    let body = String::from_utf8_lossy(status.contents()).replace("\r\n", "\n");
    let field = |group: &mail_parser::Message, name: &str| {
        group
            .header_raw(name)
            .map(|v| v.split_whitespace().collect::<Vec<_>>().join(" "))
    };
    let mut found = Vec::new();
    for block in body.split("\n\n").skip(1) {
        let block = format!("{}\n\n", block.trim_matches('\n'));
        let Some(group) = MessageParser::default().parse_headers(block.as_bytes()) else {
            continue;
        };
        let failed = field(&group, "Action").is_some_and(|a| a.eq_ignore_ascii_case("failed"));
        let Some(recipient) =
            field(&group, "Final-Recipient").or(field(&group, "Original-Recipient"))
        else {
            continue;
        };
        if !failed {
            continue;
        }
        // `rfc822;name@domain` (RFC 3464 §2.3.2: an address type, then the address).
        let recipient = after_type(&recipient);
        let diagnostic = field(&group, "Diagnostic-Code")
            .map(|d| after_type(&d))
            .unwrap_or_else(|| explained(explanation, &recipient));
        found.push(Bounce {
            message_id: message_id.clone(),
            recipient,
            status: field(&group, "Status").unwrap_or_default(),
            diagnostic,
            file: file.to_path_buf(),
        });
    }
    found
}

/// The value of a typed field (`rfc822; a@b`, `smtp; 550 …`) without its type.
fn after_type(value: &str) -> String {
    match value.split_once(';') {
        Some((_, rest)) => rest.trim().to_string(),
        None => value.trim().to_string(),
    }
}

/// What the human-readable part says under the failed address (Exim writes the reason on the
/// indented line after it when there is no `Diagnostic-Code`), or empty.
fn explained(text: &str, recipient: &str) -> String {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        if line.trim().eq_ignore_ascii_case(recipient) {
            return lines
                .take_while(|l| l.starts_with([' ', '\t']) && !l.trim().is_empty())
                .map(str::trim)
                .collect::<Vec<_>>()
                .join(" ");
        }
    }
    String::new()
}

/// Marks a bounce's notification as handled: moved out of the mailbox's `new/` and `cur/` into
/// its `.handled/cur/` folder (kept, never deleted: it is the proof of the failure). Moving one
/// already moved (another recipient of the same report) is not an error.
pub fn archive_bounce(mailbox: &Path, bounce: &Bounce) -> anyhow::Result<()> {
    let handled = mailbox.join(".handled").join("cur");
    std::fs::create_dir_all(&handled)?;
    let Some(name) = bounce.file.file_name() else {
        anyhow::bail!("{} is not a mailbox file", bounce.file.display());
    };
    match std::fs::rename(&bounce.file, handled.join(name)) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        other => Ok(other?),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_exim_report_without_a_diagnostic_code_is_read_with_its_explanation() {
        // Exim 4.96's report for a redirect `:fail:` (scripts/mail/exim4.conf's bounce domain).
        let raw = include_bytes!("mail/exim-bounce.eml");
        let found = bounces_in(raw, Path::new("x"));
        assert_eq!(
            found,
            [Bounce {
                message_id: "t1@ecourt.test".into(),
                recipient: "x@bounce.ecourt.test".into(),
                status: "5.0.0".into(),
                diagnostic: "5.2.1 the mailbox of x@bounce.ecourt.test is disabled (this test \
                             domain fails every delivery after accepting it)"
                    .into(),
                file: PathBuf::from("x"),
            }]
        );
    }

    #[test]
    fn a_postfix_report_gives_the_failed_recipient_only_and_the_id_from_the_headers_part() {
        // RFC 3464 §2.3.3: `Action: delayed` is not a failure; the second recipient waits.
        let raw = include_bytes!("mail/postfix-bounce.eml");
        let found = bounces_in(raw, Path::new("y"));
        assert_eq!(found.len(), 1, "{found:?}");
        let b = &found[0];
        assert_eq!(b.message_id, "service-17-2@ecourt.test");
        assert_eq!(b.recipient, "zhang.san@example.test");
        assert_eq!(b.status, "5.1.1");
        assert_eq!(
            b.diagnostic,
            "550 5.1.1 <zhang.san@example.test>: Recipient address rejected: User unknown in \
             local recipient table"
        );
    }

    #[test]
    fn ordinary_mail_is_no_bounce() {
        let raw = b"From: a@ecourt.test\r\nTo: court@ecourt.test\r\nSubject: hello\r\n\
                    Message-ID: <m1@ecourt.test>\r\n\r\nAction: failed\r\n";
        assert!(bounces_in(raw, Path::new("z")).is_empty());
        assert!(bounces_in(b"", Path::new("z")).is_empty());
    }

    #[test]
    fn a_mailbox_is_read_oldest_first_and_an_archived_report_is_not_read_again() {
        let dir = tempfile::tempdir().unwrap();
        for sub in ["new", "cur", "tmp"] {
            std::fs::create_dir(dir.path().join(sub)).unwrap();
        }
        let exim = include_bytes!("mail/exim-bounce.eml");
        let postfix = include_bytes!("mail/postfix-bounce.eml");
        std::fs::write(dir.path().join("new/1796157600.M2P1.host"), postfix).unwrap();
        std::fs::write(dir.path().join("cur/1796157500.M1P1.host:2,S"), exim).unwrap();
        std::fs::write(
            dir.path().join("new/1796157700.M3P1.host"),
            b"Subject: hi\r\n\r\nx",
        )
        .unwrap();
        let found = read_bounces(dir.path()).unwrap();
        let ids: Vec<_> = found.iter().map(|b| b.message_id.as_str()).collect();
        assert_eq!(ids, ["t1@ecourt.test", "service-17-2@ecourt.test"]);
        archive_bounce(dir.path(), &found[0]).unwrap();
        archive_bounce(dir.path(), &found[0]).unwrap();
        let ids: Vec<_> = read_bounces(dir.path())
            .unwrap()
            .into_iter()
            .map(|b| b.message_id)
            .collect();
        assert_eq!(ids, ["service-17-2@ecourt.test"]);
        assert!(dir
            .path()
            .join(".handled/cur/1796157500.M1P1.host:2,S")
            .exists());
        assert!(read_bounces(&dir.path().join("missing")).is_err());
    }

    #[test]
    fn the_relay_is_named_by_an_smtp_url_only() {
        assert_eq!(
            relay_of("smtp://127.0.0.1:2525").unwrap(),
            ("127.0.0.1".into(), 2525)
        );
        assert_eq!(
            relay_of("smtp://localhost").unwrap(),
            ("localhost".into(), 25)
        );
        assert_eq!(
            relay_of("smtp://[::1]:2525/").unwrap(),
            ("::1".into(), 2525)
        );
        for bad in [
            "smtps://a:465",
            "127.0.0.1:25",
            "smtp://",
            "smtp://u:p@h:25",
            "smtp://h:x",
        ] {
            assert!(relay_of(bad).is_err(), "{bad}");
        }
    }

    #[tokio::test]
    async fn no_gateway_refuses_as_not_configured() {
        let msg = MailMessage {
            to: "defendant@ecourt.test".into(),
            subject: "s".into(),
            text: "t".into(),
            message_id: "m@ecourt.test".into(),
        };
        let refusal = NoMailGateway.send(&msg).await.unwrap_err();
        assert!(refusal.is_not_configured() && !refusal.permanent);
        assert!(!NoMailGateway.is_configured());
    }
}
