//! When service takes effect (民事诉讼法 Art. 90; 《人民法院在线诉讼规则》 Art. 31), as pure rules:
//!
//! - 第三十一条第一款: 受送达人明确表示同意 … 以其主动提供或者确认的电子地址 … 送达信息到达
//!   受送达人特定系统时，即为送达 — at an address the recipient gave or confirmed, service
//!   takes effect when the document reaches that address's system;
//! - 第三十一条第二款: at an address not confirmed but the recipient's, when the recipient
//!   replies that they received it, or acts on it (作出相应诉讼行为); or presumed when the
//!   system reports it was read (系统反馈 … 已经阅知), unless the recipient proves otherwise;
//! - with several channels, the earliest effective one counts (多种方式 … 以最先到达的为准).
//!
//! A dispute upheld by the court sets the presumption aside; serving otherwise, as the clerk
//! records it, takes effect then.

use chrono::{DateTime, Utc};
use ecourt_api::{EffectRule, ServiceChannel};

/// What one channel did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Channel {
    pub channel: ServiceChannel,
    pub address_confirmed: bool,
    pub arrived_at: Option<DateTime<Utc>>,
}

/// Everything the rules look at for one service.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub channels: Vec<Channel>,
    /// When the recipient opened it, as their app recorded it.
    pub opened_at: Option<DateTime<Utc>>,
    /// When the court learnt of the opening (the presumption cannot be earlier than the
    /// arrival nor later than this).
    pub opened_learned_at: Option<DateTime<Utc>>,
    pub receipt_confirmed_at: Option<DateTime<Utc>>,
    pub acted_at: Option<DateTime<Utc>>,
    /// The court upheld the recipient's dispute of the presumption.
    pub presumption_set_aside: bool,
    pub served_otherwise_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Effect {
    pub at: DateTime<Utc>,
    pub rule: EffectRule,
    pub channel: Option<ServiceChannel>,
}

/// The article of each rule, as printed on the certificate.
pub fn article(rule: EffectRule) -> &'static str {
    match rule {
        EffectRule::ArrivedAtConfirmedAddress => "《人民法院在线诉讼规则》第三十一条第一款",
        EffectRule::ReceiptConfirmed | EffectRule::ActedOn | EffectRule::PresumedRead => {
            "《人民法院在线诉讼规则》第三十一条第二款"
        }
        EffectRule::ServedOtherwise => "《中华人民共和国民事诉讼法》第七章第二节",
    }
}

/// The rule in the court's words.
pub fn words(rule: EffectRule) -> &'static str {
    match rule {
        EffectRule::ArrivedAtConfirmedAddress => "送达信息到达受送达人确认的电子地址所在系统",
        EffectRule::ReceiptConfirmed => "受送达人回复确认已收悉",
        EffectRule::ActedOn => "受送达人作出相应诉讼行为",
        EffectRule::PresumedRead => "系统反馈受送达人已阅知（推定送达）",
        EffectRule::ServedOtherwise => "以其他方式送达",
    }
}

/// Whether a channel carries the document (SMS only tells the recipient to look, Art. 32).
fn carries(c: ServiceChannel) -> bool {
    !matches!(c, ServiceChannel::Sms)
}

/// When service took effect, and by which rule; none yet.
pub fn effect(f: &Facts) -> Option<Effect> {
    let mut candidates: Vec<Effect> = Vec::new();
    for c in f.channels.iter().filter(|c| carries(c.channel)) {
        if let (true, Some(at)) = (c.address_confirmed, c.arrived_at) {
            candidates.push(Effect {
                at,
                rule: EffectRule::ArrivedAtConfirmedAddress,
                channel: Some(c.channel),
            });
        }
    }
    // At an address not confirmed: the recipient's own reply or act, or the presumption.
    let arrived_unconfirmed = f
        .channels
        .iter()
        .filter(|c| carries(c.channel) && !c.address_confirmed)
        .filter_map(|c| c.arrived_at.map(|at| (at, c.channel)))
        .min();
    if let Some((arrived, channel)) = arrived_unconfirmed {
        if let Some(at) = f.receipt_confirmed_at {
            candidates.push(Effect {
                at: at.max(arrived),
                rule: EffectRule::ReceiptConfirmed,
                channel: Some(channel),
            });
        }
        if let Some(at) = f.acted_at {
            candidates.push(Effect {
                at: at.max(arrived),
                rule: EffectRule::ActedOn,
                channel: Some(channel),
            });
        }
        if let (Some(opened), false) = (f.opened_at, f.presumption_set_aside) {
            let mut at = opened.max(arrived);
            if let Some(learned) = f.opened_learned_at {
                at = at.min(learned.max(arrived));
            }
            candidates.push(Effect {
                at,
                rule: EffectRule::PresumedRead,
                channel: Some(channel),
            });
        }
    }
    if let Some(at) = f.served_otherwise_at {
        candidates.push(Effect {
            at,
            rule: EffectRule::ServedOtherwise,
            channel: None,
        });
    }
    // The earliest counts; on a tie, the stronger rule (listed first).
    candidates.into_iter().min_by_key(|e| (e.at, rank(e.rule)))
}

fn rank(r: EffectRule) -> u8 {
    match r {
        EffectRule::ArrivedAtConfirmedAddress => 0,
        EffectRule::ReceiptConfirmed => 1,
        EffectRule::ActedOn => 2,
        EffectRule::ServedOtherwise => 3,
        EffectRule::PresumedRead => 4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn t(h: u32, m: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 9, 28, h, m, 0).unwrap()
    }

    fn ch(channel: ServiceChannel, confirmed: bool, at: Option<DateTime<Utc>>) -> Channel {
        Channel {
            channel,
            address_confirmed: confirmed,
            arrived_at: at,
        }
    }

    #[test]
    fn at_a_confirmed_address_arrival_is_service() {
        // Art. 31(1): 送达信息到达受送达人特定系统时，即为送达.
        let f = Facts {
            channels: vec![ch(ServiceChannel::Platform, true, Some(t(2, 0)))],
            ..Facts::default()
        };
        let e = effect(&f).unwrap();
        assert_eq!(e.at, t(2, 0));
        assert_eq!(e.rule, EffectRule::ArrivedAtConfirmedAddress);
        assert_eq!(article(e.rule), "《人民法院在线诉讼规则》第三十一条第一款");
    }

    #[test]
    fn with_several_channels_the_earliest_effective_counts() {
        // Art. 31: 采取多种电子方式送达的，以最先完成的有效送达时间为送达生效时间.
        let f = Facts {
            channels: vec![
                ch(ServiceChannel::Platform, true, Some(t(3, 0))),
                ch(ServiceChannel::Email, true, Some(t(2, 30))),
            ],
            ..Facts::default()
        };
        let e = effect(&f).unwrap();
        assert_eq!((e.at, e.channel), (t(2, 30), Some(ServiceChannel::Email)));
        // An SMS notice only tells the recipient to look (Art. 32): never the effect.
        let f = Facts {
            channels: vec![
                ch(ServiceChannel::Sms, true, Some(t(1, 0))),
                ch(ServiceChannel::Platform, true, Some(t(3, 0))),
            ],
            ..Facts::default()
        };
        assert_eq!(effect(&f).unwrap().channel, Some(ServiceChannel::Platform));
    }

    #[test]
    fn at_an_unconfirmed_address_arrival_alone_is_not_service() {
        // Art. 31(2): 受送达人未确认的电子地址 … 回复收悉、作出相应诉讼行为或系统反馈已阅知.
        let mut f = Facts {
            channels: vec![ch(ServiceChannel::Platform, false, Some(t(2, 0)))],
            ..Facts::default()
        };
        assert_eq!(effect(&f), None);
        f.receipt_confirmed_at = Some(t(5, 0));
        assert_eq!(effect(&f).unwrap().rule, EffectRule::ReceiptConfirmed);
        f.acted_at = Some(t(4, 0));
        assert_eq!(effect(&f).unwrap().rule, EffectRule::ActedOn);
        assert_eq!(effect(&f).unwrap().at, t(4, 0));
    }

    #[test]
    fn reading_is_presumed_service_at_the_apps_moment_bounded_by_arrival_and_learning() {
        // Art. 31(2): 根据系统反馈 … 已经阅知的，推定完成有效送达.
        let f = Facts {
            channels: vec![ch(ServiceChannel::Platform, false, Some(t(2, 0)))],
            opened_at: Some(t(6, 0)),
            opened_learned_at: Some(t(9, 0)),
            ..Facts::default()
        };
        let e = effect(&f).unwrap();
        assert_eq!((e.at, e.rule), (t(6, 0), EffectRule::PresumedRead));
        // A clock before the arrival does not move service earlier; one after the court
        // learnt of it does not move it later.
        let early = Facts {
            opened_at: Some(t(1, 0)),
            ..f.clone()
        };
        assert_eq!(effect(&early).unwrap().at, t(2, 0));
        let late = Facts {
            opened_at: Some(t(11, 0)),
            ..f.clone()
        };
        assert_eq!(effect(&late).unwrap().at, t(9, 0));
        // A dispute upheld sets the presumption aside (… 但受送达人能够证明 … 的除外).
        let aside = Facts {
            presumption_set_aside: true,
            ..f
        };
        assert_eq!(effect(&aside), None);
    }

    #[test]
    fn served_otherwise_takes_effect_when_the_clerk_records_it() {
        let f = Facts {
            served_otherwise_at: Some(t(8, 0)),
            ..Facts::default()
        };
        assert_eq!(effect(&f).unwrap().rule, EffectRule::ServedOtherwise);
    }
}
