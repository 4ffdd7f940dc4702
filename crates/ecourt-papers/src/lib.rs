//! Court papers: every document the court issues, drawn as PDF with an embedded, subset Chinese
//! font (krilla; the system's Noto CJK SC face as a CID-keyed CFF subset with a ToUnicode map, so
//! the text can be read back and searched).
//!
//! One layout toolkit ([`layout`]: pages, headings, paragraphs broken by the Chinese line rules,
//! key-value and ruled tables, a footer with the case number and the document's SHA-256) serves
//! every document: the fiscal receipt ([`receipt`]) and the fee notice the party prints
//! ([`fee_notice`]), signature pages ([`signatures`]) for
//! the documents that are signed online (OLR Art. 33, 民事诉讼法 Art. 150), and next the
//! mediation agreement, the ruling, the transcript and the service certificate.
//!
//! It only draws what it is given: it decides no fee, number, signer or time, and does no I/O
//! besides reading the font file in [`FontSource`].

pub mod address_confirmation;
pub mod evidence_record;
pub mod fee_notice;
pub mod font;
pub mod layout;
pub mod receipt;
pub mod service_certificate;
pub mod signatures;

pub use address_confirmation::{render_address_confirmation, AddressConfirmationPaper};
pub use evidence_record::{
    render_exchange_record, render_opinion_sheet, ExchangeRecord, RecordItem, RecordOpinion,
};
pub use fee_notice::{render_fee_notice, FeeNoticePaper};
pub use font::{FontSource, FONT_SETTINGS, SYSTEM_FONTS};
pub use layout::{Footer, Paper};
pub use receipt::{render, yuan, yuan_in_capitals, Receipt, LIMIT_FEN, MAX_ITEMS};
pub use service_certificate::{
    render_service_certificate, CertificateDelivery, ServiceCertificatePaper,
};
pub use signatures::{render_signature_page, SignaturePage, Signer, Signing, SigningMethod};

/// Why a paper could not be drawn.
#[derive(Debug, thiserror::Error)]
pub enum PaperError {
    #[error("no Chinese font: install fonts-noto-cjk or set ECOURT_PAPERS_FONT to a font file")]
    FontNotFound,
    #[error("cannot read the font {path}: {source}")]
    FontRead {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error("the font file has no usable Simplified Chinese face")]
    NoChineseFace,
    #[error("the font has no glyph for {0:?}")]
    MissingGlyph(char),
    #[error("amount of {0} fen cannot be printed: negative or beyond 10^16 yuan")]
    Amount(i64),
    #[error("the items add up to {items} fen but the total is {total} fen")]
    TotalMismatch { items: i64, total: i64 },
    #[error("a receipt has one to {MAX_ITEMS} items, not {0}")]
    ItemCount(usize),
    #[error("a signature page lists at least one signer")]
    NoSigners,
    #[error("a signature page needs the paper's footer: its hash is what the signers signed")]
    NoFooter,
    #[error("the PDF could not be written: {0}")]
    Pdf(#[from] krilla::error::KrillaError),
}

/// The receipt's errors are the papers' errors (the name the receipt's callers knew).
pub type ReceiptError = PaperError;
