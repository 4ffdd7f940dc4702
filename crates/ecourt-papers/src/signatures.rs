//! The signature page: who had to sign a document, how and when each signed, or that they
//! refused and why.
//!
//! Documents made online are confirmed by online confirmation or an electronic seal (人民法院在线
//! 诉讼规则 Art. 33); a record is signed by the parties and other participants, and a refusal to
//! sign is noted and kept with the file (民事诉讼法 Art. 150: 拒绝签名盖章的，记明情况附卷). The
//! page names the SHA-256 of the content that was signed, the same as every page's footer, so a
//! signature can never be read as one given to another version of the document.

use crate::layout::{Align, Footer, Look, Paper, A4, BLACK};
use crate::{FontSource, PaperError};

/// How a signer confirmed the document (OLR Art. 33).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SigningMethod {
    /// 在线确认: confirmed in the app after a verified sign-in.
    OnlineConfirmation,
    /// 电子签章: an electronic signature or seal.
    ElectronicSeal,
}

impl SigningMethod {
    /// The method in the court's words, as printed.
    pub fn words(self) -> &'static str {
        match self {
            SigningMethod::OnlineConfirmation => "在线确认",
            SigningMethod::ElectronicSeal => "电子签章",
        }
    }
}

/// What became of one signer's signature. Times are printed as given (court time, e.g.
/// "2026年12月01日 15:04").
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Signing {
    Signed {
        method: SigningMethod,
        at: String,
    },
    /// Refused to sign, with the reason as recorded (记明情况).
    Refused {
        reason: String,
        at: String,
    },
    /// Not signed yet: a copy printed before everyone signed says so.
    Pending,
}

/// One person who signs: name, their capacity in the case (原告, 审判员, 调解员, …) and the
/// outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Signer {
    pub name: String,
    pub role: String,
    pub signing: Signing,
}

/// A signature page for the document titled `document_title`, listing every signer in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignaturePage {
    pub document_title: String,
    pub signers: Vec<Signer>,
}

const NOTE: Look = Look::new(10.5, BLACK, Align::Left);
const HASH: Look = Look::new(10.0, BLACK, Align::Center);

impl Paper<'_> {
    /// Adds the signature page(s) on a sheet of their own. The paper must carry a [`Footer`]:
    /// its hash is what the signers signed.
    pub fn signature_page(&mut self, page: &SignaturePage) -> Result<(), PaperError> {
        if page.signers.is_empty() {
            return Err(PaperError::NoSigners);
        }
        let hash = self.footer().ok_or(PaperError::NoFooter)?.sha256_hex();
        self.begin_sheet();
        self.heading("签名页")?;
        self.line(
            &format!("《{}》", page.document_title),
            HASH.align(Align::Center),
        )?;
        self.space(6.0);
        self.paragraph(
            "本页列明上列文书应当签名的每一个人及其签名情况。各人签名确认的是 SHA-256 值为下列数值的文书内容；\
             文书内容有任何改动，其 SHA-256 值即与下列数值不符。",
        )?;
        self.line(&hash, HASH)?;
        self.space(8.0);
        let rows: Vec<Vec<String>> = (page.signers.iter().enumerate())
            .map(|(i, s)| {
                let (what, at) = match &s.signing {
                    Signing::Signed { method, at } => {
                        (format!("已签名（{}）", method.words()), at.clone())
                    }
                    Signing::Refused { reason, at } => {
                        (format!("拒绝签名。理由：{reason}"), at.clone())
                    }
                    Signing::Pending => ("尚未签名".to_owned(), "—".to_owned()),
                };
                vec![
                    (i + 1).to_string(),
                    s.name.clone(),
                    s.role.clone(),
                    what,
                    at,
                ]
            })
            .collect();
        let header = ["序号", "签名人", "身份", "签名情况", "时间"];
        self.table(&[0.08, 0.2, 0.14, 0.32, 0.26], &header, &rows)?;
        if (page.signers.iter()).any(|s| matches!(s.signing, Signing::Refused { .. })) {
            self.line(
                "拒绝签名的，记明情况附卷（《中华人民共和国民事诉讼法》第一百五十条）。",
                NOTE,
            )?;
        }
        Ok(())
    }
}

/// A signature page on its own, as a PDF (for a document whose body is another file, such as
/// an uploaded agreement), every sheet with `footer`.
pub fn render_signature_page(
    page: &SignaturePage,
    footer: Footer,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let title = format!("{}：签名页", page.document_title);
    let mut paper = Paper::new(font, &title, A4)?.with_footer(footer);
    paper.signature_page(page)?;
    paper.finish()
}
