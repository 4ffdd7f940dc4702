//! Whether a recipient consents to electronic service, as 《人民法院在线诉讼规则》 Art. 29 finds it,
//! and on which ground — pure rules over the facts the court holds:
//!
//! 第二十九条: 经受送达人同意，人民法院可以 … 电子送达. 受送达人同意的情形: (一) 受送达人明确
//! 表示同意的; (二) 受送达人在诉讼前对适用电子送达已作出约定或者承诺的; (三) 受送达人在提交的起诉状、
//! 上诉状、申请书、答辩状中主动提供用于接收送达的电子地址的; (四) 受送达人通过回复收悉、作出相应诉讼
//! 行为等方式接受已经完成的电子送达，并且未明确表示不同意电子送达的.

use ecourt_api::ConsentGround;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ConsentFacts {
    /// The address confirmation in force chooses electronic service (Some(true)) or refuses it
    /// (Some(false)); none in force (None).
    pub confirmation: Option<bool>,
    /// The consent ledger's latest entry on the service step: given (Some(true)), declined or
    /// withdrawn (Some(false)).
    pub ledger: Option<bool>,
    /// The clerk names a pre-suit agreement to electronic service.
    pub agreed_before_suit: bool,
    /// Filed the case online through the platform account (its complaint gave the address).
    pub filed_online: bool,
    /// Accepted an earlier electronic service in the case (confirmed or acted on it) without
    /// disputing it.
    pub accepted_earlier: bool,
}

/// The ground found, or `Err(true)` when the recipient refused (an express no, which the
/// implied grounds do not override), `Err(false)` when there is none.
pub fn ground(f: &ConsentFacts) -> Result<ConsentGround, bool> {
    // An express answer, the latest on the confirmation first, decides.
    match (f.confirmation, f.ledger) {
        (Some(true), _) | (None, Some(true)) => return Ok(ConsentGround::ExpressConsent),
        (Some(false), _) | (None, Some(false)) => return Err(true),
        (None, None) => {}
    }
    if f.agreed_before_suit {
        Ok(ConsentGround::AgreedBeforeSuit)
    } else if f.filed_online {
        Ok(ConsentGround::AddressInFiling)
    } else if f.accepted_earlier {
        Ok(ConsentGround::AcceptedEarlierService)
    } else {
        Err(false)
    }
}

/// The article of each ground, as printed on the certificate.
pub fn article(g: ConsentGround) -> &'static str {
    match g {
        ConsentGround::ExpressConsent => "《人民法院在线诉讼规则》第二十九条第一项：明确表示同意",
        ConsentGround::AgreedBeforeSuit => {
            "《人民法院在线诉讼规则》第二十九条第二项：诉讼前已作出约定"
        }
        ConsentGround::AddressInFiling => {
            "《人民法院在线诉讼规则》第二十九条第三项：在起诉状等材料中主动提供电子地址"
        }
        ConsentGround::AcceptedEarlierService => {
            "《人民法院在线诉讼规则》第二十九条第四项：接受已完成的电子送达且未表示不同意"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_express_consent_is_found_first() {
        // Art. 29(1): 受送达人明确表示同意的.
        let f = ConsentFacts {
            confirmation: Some(true),
            filed_online: true,
            ..Default::default()
        };
        assert_eq!(ground(&f), Ok(ConsentGround::ExpressConsent));
        let f = ConsentFacts {
            ledger: Some(true),
            ..Default::default()
        };
        assert_eq!(ground(&f), Ok(ConsentGround::ExpressConsent));
    }

    #[test]
    fn an_express_refusal_is_not_overridden_by_an_implied_ground() {
        // Art. 29(4): … 并且未明确表示不同意电子送达的.
        let f = ConsentFacts {
            confirmation: Some(false),
            filed_online: true,
            accepted_earlier: true,
            ..Default::default()
        };
        assert_eq!(ground(&f), Err(true));
    }

    #[test]
    fn the_implied_grounds_in_the_articles_order() {
        // Art. 29(2): 诉讼前对适用电子送达已作出约定或者承诺的.
        let mut f = ConsentFacts {
            agreed_before_suit: true,
            filed_online: true,
            ..Default::default()
        };
        assert_eq!(ground(&f), Ok(ConsentGround::AgreedBeforeSuit));
        // Art. 29(3): 在提交的起诉状 … 中主动提供用于接收送达的电子地址的.
        f.agreed_before_suit = false;
        assert_eq!(ground(&f), Ok(ConsentGround::AddressInFiling));
        // Art. 29(4): 通过回复收悉、作出相应诉讼行为等方式接受已经完成的电子送达.
        f.filed_online = false;
        f.accepted_earlier = true;
        assert_eq!(ground(&f), Ok(ConsentGround::AcceptedEarlierService));
        f.accepted_earlier = false;
        assert_eq!(ground(&f), Err(false));
    }
}
