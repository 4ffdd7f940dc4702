//! The channels a served document travels by, behind one trait: the platform account (arrives
//! at once), email (through the kernel's mail port, when the court has one: a notice with a
//! one-time code to the document on the platform, never the judgment itself; the receiving
//! server's acceptance is the arrival) and an SMS notice through the SMS gateway (OLR Art. 32:
//! it tells the recipient to look; it carries nothing, so it never makes service take effect).

use crate::kernel::db::Tx;
use crate::kernel::state::AppState;
use chrono::{DateTime, Utc};
use ecourt_api::ServiceChannel;

/// One document going to one address.
pub struct Outgoing<'a> {
    pub service_id: i64,
    pub case_id: i64,
    pub recipient_account_id: i64,
    pub address: &'a str,
    pub document_title: &'a str,
}

/// What the channel reports.
#[derive(Debug, Default)]
pub struct Delivered {
    pub arrived_at: Option<DateTime<Utc>>,
    pub failure: Option<String>,
    /// Refused for good (an unknown mailbox): the clerk gets a bounce task.
    pub permanent_failure: bool,
    pub message_id: Option<String>,
}

pub type Sending<'a> = crate::kernel::registry::Boxed<'a, anyhow::Result<Delivered>>;

/// A way of serving electronically.
pub trait Channel: Send + Sync {
    fn channel(&self) -> ServiceChannel;
    fn deliver<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        out: &'a Outgoing<'a>,
        now: DateTime<Utc>,
    ) -> Sending<'a>;
}

/// The platform account: the document is in the recipient's account (and their inbox) once the
/// service is committed, so it arrives then.
pub struct Platform;

impl Channel for Platform {
    fn channel(&self) -> ServiceChannel {
        ServiceChannel::Platform
    }

    fn deliver<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _out: &'a Outgoing<'a>,
        now: DateTime<Utc>,
    ) -> Sending<'a> {
        Box::pin(async move {
            Ok(Delivered {
                arrived_at: Some(now),
                ..Delivered::default()
            })
        })
    }
}

/// The SMS notice (短信提示) through the court's SMS gateway.
pub struct Sms;

impl Channel for Sms {
    fn channel(&self) -> ServiceChannel {
        ServiceChannel::Sms
    }

    fn deliver<'a>(
        &'a self,
        state: &'a AppState,
        tx: &'a mut Tx,
        out: &'a Outgoing<'a>,
        now: DateTime<Utc>,
    ) -> Sending<'a> {
        Box::pin(async move {
            let text = format!(
                "【人民法院】法院已向您送达《{}》，请登录在线诉讼平台查看。",
                out.document_title
            );
            match state
                .sms
                .send(tx, out.recipient_account_id, out.address, &text, now)
                .await
            {
                Ok(()) => Ok(Delivered {
                    arrived_at: Some(now),
                    ..Delivered::default()
                }),
                Err(e) => Ok(Delivered {
                    failure: Some(e.to_string()),
                    ..Delivered::default()
                }),
            }
        })
    }
}

/// Email, until the court's mail port is merged in: nothing can be sent, said plainly.
pub struct Email;

impl Channel for Email {
    fn channel(&self) -> ServiceChannel {
        ServiceChannel::Email
    }

    fn deliver<'a>(
        &'a self,
        _state: &'a AppState,
        _tx: &'a mut Tx,
        _out: &'a Outgoing<'a>,
        _now: DateTime<Utc>,
    ) -> Sending<'a> {
        Box::pin(async move {
            Ok(Delivered {
                failure: Some("no mail gateway is configured".into()),
                ..Delivered::default()
            })
        })
    }
}

/// Delivers through the channel named.
pub async fn deliver(
    state: &AppState,
    tx: &mut Tx,
    channel: ServiceChannel,
    out: &Outgoing<'_>,
    now: DateTime<Utc>,
) -> anyhow::Result<Delivered> {
    let port: &dyn Channel = match channel {
        ServiceChannel::Platform => &Platform,
        ServiceChannel::Email => &Email,
        ServiceChannel::Sms => &Sms,
    };
    debug_assert_eq!(port.channel(), channel);
    let _ = out.service_id + out.case_id;
    port.deliver(state, tx, out, now).await
}
