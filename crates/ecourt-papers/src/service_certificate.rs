//! The electronic service certificate (电子送达凭证, 《人民法院在线诉讼规则》 Art. 31: 留痕 … 生成
//! 电子送达凭证，与送达回证具有同等效力): one per document and recipient, naming the document
//! (title and SHA-256), the recipient, each channel with its address, sent and arrived times,
//! the opening, the ground of consent, and the effect time with its rule. The court gives every
//! value already worded; this draws them.

use crate::layout::{Footer, Paper, A4};
use crate::{FontSource, PaperError};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertificateDelivery {
    /// 诉讼平台账号, 电子邮箱, 短信提示.
    pub channel: String,
    pub address: String,
    pub sent: String,
    /// 已到达 time, or why not.
    pub arrived: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCertificatePaper {
    pub court_name: String,
    pub case_number: String,
    pub document_title: String,
    pub document_sha256: String,
    pub recipient: String,
    pub served_by: String,
    pub deliveries: Vec<CertificateDelivery>,
    /// 已阅知 time (the app's moment, and when the court learnt it), or 尚未阅知.
    pub opened: String,
    /// The ground of consent with its article, or why served otherwise.
    pub ground: String,
    /// 送达生效时间 with its rule and article, or 尚未生效.
    pub effect: String,
    pub made_at: String,
}

/// The certificate as a PDF; every sheet's footer names the served document's hash.
pub fn render_service_certificate(
    c: &ServiceCertificatePaper,
    footer: Footer,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let mut paper = Paper::new(font, "电子送达凭证", A4)?.with_footer(footer);
    paper.heading(&c.court_name)?;
    paper.heading("电子送达凭证")?;
    paper.key_values(&[
        ("案号", &c.case_number),
        ("送达文书", &c.document_title),
        ("文书SHA-256", &c.document_sha256),
        ("受送达人", &c.recipient),
        ("送达人", &c.served_by),
        ("同意电子送达的依据", &c.ground),
        ("阅知情况", &c.opened),
        ("送达生效", &c.effect),
    ])?;
    let rows: Vec<Vec<String>> = c
        .deliveries
        .iter()
        .map(|d| {
            vec![
                d.channel.clone(),
                d.address.clone(),
                d.sent.clone(),
                d.arrived.clone(),
            ]
        })
        .collect();
    paper.table(
        &[0.18, 0.3, 0.26, 0.26],
        &["送达方式", "送达地址", "发送时间", "到达"],
        &rows,
    )?;
    paper.paragraph(
        "本凭证依据《人民法院在线诉讼规则》第三十一条生成，与送达回证具有同等效力。送达的每一步均已留痕并记入审计链。",
    )?;
    paper.paragraph(&format!("生成时间：{}", c.made_at))?;
    paper.finish()
}
