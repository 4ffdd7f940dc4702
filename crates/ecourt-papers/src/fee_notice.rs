//! The notice to pay the case acceptance fee (交纳诉讼费用通知书), as the party prints it: what
//! is due and how it is reached, the last day, what happens if it is not paid, and the way to
//! ask for deferral, reduction or waiver. The court's notice is the record; this is its paper
//! copy, drawn from what the court sent.

use crate::layout::{Align, Look, Paper, A4, BLACK};
use crate::{yuan, yuan_in_capitals, FontSource, PaperError};

/// A fee notice as printed. Amounts in fen; dates and rules as given (the caller words them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeNoticePaper {
    pub court_name: String,
    /// The case number, or the cause when the case has none yet.
    pub case_label: String,
    pub payer: String,
    pub payment_number: String,
    /// Each line: what it is, the rule behind it, the amount in fen.
    pub lines: Vec<(String, String, i64)>,
    pub total_fen: i64,
    /// When the court issued it, e.g. "2026年12月01日".
    pub issued_on: String,
    /// The last day to pay, e.g. "2026年12月08日".
    pub due_on: String,
    /// How the fee is reached band by band, one line each (the worked example).
    pub worked_example: Vec<String>,
    /// The paragraphs on paying: when, what happens if not, how to ask for relief, each with
    /// its rule.
    pub notes: Vec<String>,
}

const RIGHT: Look = Look::new(12.0, BLACK, Align::Right);
const CENTER: Look = Look::new(12.0, BLACK, Align::Center);

/// The fee notice as a one- or two-page A4 PDF.
pub fn render_fee_notice(
    notice: &FeeNoticePaper,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let items: i64 = notice.lines.iter().map(|l| l.2).sum();
    if items != notice.total_fen {
        return Err(PaperError::TotalMismatch {
            items,
            total: notice.total_fen,
        });
    }
    let capitals = yuan_in_capitals(notice.total_fen)?;
    let mut paper = Paper::new(font, "交纳诉讼费用通知书", A4)?;
    paper.heading(&notice.court_name)?;
    paper.heading("交纳诉讼费用通知书")?;
    paper.line(&notice.case_label, CENTER)?;
    paper.space(8.0);
    paper.key_values(&[
        ("交费人", &notice.payer),
        ("交费编号", &notice.payment_number),
        (
            "应交金额",
            &format!("人民币 {} 元（{capitals}）", yuan(notice.total_fen)),
        ),
        ("交费截止", &notice.due_on),
    ])?;
    paper.space(8.0);
    let rows: Vec<Vec<String>> = (notice.lines.iter())
        .map(|(label, rule, fen)| vec![label.clone(), rule.clone(), yuan(*fen)])
        .collect();
    paper.table(&[0.4, 0.4, 0.2], &["项目", "依据", "金额（元）"], &rows)?;
    if !notice.worked_example.is_empty() {
        paper.space(8.0);
        paper.paragraph("计算方法：")?;
        for l in &notice.worked_example {
            paper.paragraph(l)?;
        }
    }
    paper.space(8.0);
    for n in &notice.notes {
        paper.paragraph(n)?;
    }
    paper.space(12.0);
    paper.line(&notice.court_name, RIGHT)?;
    paper.line(&notice.issued_on, RIGHT)?;
    paper.finish()
}
