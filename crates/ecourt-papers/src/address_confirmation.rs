//! The address confirmation (送达地址确认书): whether the person agrees to electronic service,
//! their electronic addresses and postal address, for the whole case (appeal and enforcement
//! included) until changed, and what they were told of its scope and effect (OLR Art. 30). It is
//! signed through the signatures route; the footer names the SHA-256 of what it confirms.

use crate::layout::{Footer, Paper, A4};
use crate::{FontSource, PaperError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AddressConfirmationPaper {
    pub court_name: String,
    pub case_number: String,
    pub name: String,
    /// 原告, 被告, …
    pub capacity: String,
    pub version: i64,
    pub consent_electronic: bool,
    /// The platform account's user name, when chosen.
    pub platform: Option<String>,
    pub email: Option<String>,
    pub mobile: Option<String>,
    pub postal_address: Option<String>,
    pub made_at: String,
}

pub fn render_address_confirmation(
    c: &AddressConfirmationPaper,
    footer: Footer,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let mut paper = Paper::new(font, "送达地址确认书", A4)?.with_footer(footer);
    paper.heading(&c.court_name)?;
    paper.heading("送达地址确认书")?;
    let none = "未提供".to_owned();
    let version = format!("第{}版", c.version);
    let consent = if c.consent_electronic {
        "同意电子送达"
    } else {
        "不同意电子送达"
    };
    paper.key_values(&[
        ("案号", &c.case_number),
        ("受送达人", &c.name),
        ("诉讼地位", &c.capacity),
        ("版本", &version),
        ("是否同意电子送达", consent),
        ("诉讼平台账号", c.platform.as_ref().unwrap_or(&none)),
        ("电子邮箱", c.email.as_ref().unwrap_or(&none)),
        ("接收通知的手机号码", c.mobile.as_ref().unwrap_or(&none)),
        ("邮寄地址", c.postal_address.as_ref().unwrap_or(&none)),
    ])?;
    paper.paragraph(
        "告知事项：本确认书适用于本案一审、二审和执行程序，变更前一直有效；变更的，应当及时告知法院，变更本身将被记录。\
         同意电子送达的，送达信息到达上列电子地址所在系统时即为送达（《人民法院在线诉讼规则》第三十条、第三十一条）。\
         判决书、裁定书、调解书以电子方式送达的，可以申请纸质文书（《中华人民共和国民事诉讼法》第九十条）。",
    )?;
    paper.paragraph(&format!("确认时间：{}", c.made_at))?;
    paper.finish()
}
