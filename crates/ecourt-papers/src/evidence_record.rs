//! The papers of an evidence exchange: the record (证据交换笔录, made synchronously and confirmed
//! online, 《人民法院在线诉讼规则》 Art. 34; signed by the participants, 民事诉讼法 Art. 150) and the
//! cross-examination opinion sheet (质证意见表): for every item, each party's opinion on its
//! authenticity, legality and relevance (Art. 15) and on whether the copy matches the original.
//!
//! Both draw only what the court gives them, in the court's words; the caller supplies every
//! time already in court time and the SHA-256 of the content for the footer.

use crate::layout::{Align, Footer, Look, Paper, A4, BLACK};
use crate::{FontSource, PaperError};

/// One party's opinion on one item, in the court's words (无异议 / 有异议：理由 / 部分认可：理由).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordOpinion {
    pub by: String,
    pub authenticity: String,
    pub legality: String,
    pub relevance: String,
    /// 电子件与原件一致 / 不一致：理由 / 未发表意见.
    pub copy: String,
    /// When, in court time; with "当庭" when the court recorded it as given live.
    pub at: String,
}

/// One item as the record lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecordItem {
    /// e.g. "原告 张三 证据1".
    pub label: String,
    pub name: String,
    pub source: String,
    pub proves: String,
    /// 原件 or 复制件, and the page count.
    pub form: String,
    /// The seal of the version examined (hex SHA-256) and its version number.
    pub sealed: String,
    /// 逾期提交 and the judge's decision, or empty.
    pub late: String,
    /// The judge's admission and note (待定, 予以采纳, 不予采纳：…).
    pub admission: String,
    /// Originals asked for and their outcome, one line each.
    pub originals: Vec<String>,
    /// A deposit declaration and its check, if any.
    pub deposit: Option<String>,
    pub opinions: Vec<RecordOpinion>,
}

/// The exchange as the record tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExchangeRecord {
    pub court_name: String,
    pub case_number: String,
    pub cause: String,
    /// 同步（线上法庭） or 非同步, with why (各方选择 / 未达成一致，适用同步方式 / 法院决定).
    pub mode: String,
    /// Opened and closed (or 尚未结束), in court time.
    pub time: String,
    /// Who opened it (审判员 …).
    pub presiding: String,
    /// The participants, each "原告 张三".
    pub participants: Vec<String>,
    /// The evidence period as set (e.g. 举证期限15日，至2026-12-07).
    pub period: String,
    pub items: Vec<RecordItem>,
}

const NOTE: Look = Look::new(10.5, BLACK, Align::Left);

fn opinion_text(o: &RecordOpinion) -> String {
    format!(
        "{}（{}）：真实性{}；合法性{}；关联性{}；{}",
        o.by, o.at, o.authenticity, o.legality, o.relevance, o.copy
    )
}

/// 证据交换笔录 as a PDF, every sheet with `footer`; the signers sign it through the court's
/// signature route.
pub fn render_exchange_record(
    r: &ExchangeRecord,
    footer: Footer,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let mut paper = Paper::new(font, "证据交换笔录", A4)?.with_footer(footer);
    paper.line(&r.court_name, Look::new(16.0, BLACK, Align::Center).bold())?;
    paper.heading("证据交换笔录")?;
    paper.line(&r.case_number, Look::new(12.0, BLACK, Align::Right))?;
    paper.space(6.0);
    let participants = r.participants.join("；");
    paper.key_values(&[
        ("案由", &r.cause),
        ("交换方式", &r.mode),
        ("时间", &r.time),
        ("主持人", &r.presiding),
        ("参加人", &participants),
        ("举证期限", &r.period),
    ])?;
    paper.space(8.0);
    paper.paragraph(
        "本次证据交换通过人民法院在线诉讼平台进行。各方当事人已在线核验身份，证据以提交时的 SHA-256 值封存，\
         质证意见围绕证据的真实性、合法性、关联性发表（《人民法院在线诉讼规则》第十五条）。",
    )?;
    if r.items.is_empty() {
        paper.paragraph("本次证据交换中没有当事人提交证据。")?;
    }
    for item in &r.items {
        paper.space(6.0);
        paper.line(
            &format!("{}：{}", item.label, item.name),
            Look::new(14.0, BLACK, Align::Left).bold(),
        )?;
        let mut rows: Vec<(&str, &str)> = vec![
            ("证据来源", &item.source),
            ("证明目的", &item.proves),
            ("原件或复制件", &item.form),
            ("封存值", &item.sealed),
        ];
        if !item.late.is_empty() {
            rows.push(("逾期提交", &item.late));
        }
        rows.push(("采纳情况", &item.admission));
        let originals = item.originals.join("\n");
        if !originals.is_empty() {
            rows.push(("原件核对", &originals));
        }
        if let Some(d) = &item.deposit {
            rows.push(("区块链存证", d));
        }
        paper.key_values(&rows)?;
        if item.opinions.is_empty() {
            paper.line("质证意见：尚无。", NOTE)?;
        }
        for o in &item.opinions {
            paper.paragraph(&opinion_text(o))?;
        }
    }
    paper.space(10.0);
    paper.line(
        "以上笔录经各参加人在线阅看，确认无误后以电子签名确认；认为记录有遗漏或差错的，可以申请补正（《中华人民共和国民事诉讼法》第一百五十条）。",
        NOTE,
    )?;
    paper.finish()
}

/// 质证意见表 as a PDF: one row per item and party, the three properties and the copy.
pub fn render_opinion_sheet(
    r: &ExchangeRecord,
    footer: Footer,
    font: &FontSource,
) -> Result<Vec<u8>, PaperError> {
    let mut paper = Paper::new(font, "质证意见表", A4)?.with_footer(footer);
    paper.line(&r.court_name, Look::new(16.0, BLACK, Align::Center).bold())?;
    paper.heading("质证意见表")?;
    paper.line(&r.case_number, Look::new(12.0, BLACK, Align::Right))?;
    paper.space(6.0);
    let mut rows = Vec::new();
    for item in &r.items {
        if item.opinions.is_empty() {
            rows.push(vec![
                format!("{}\n{}", item.label, item.name),
                "—".into(),
                "尚无意见".into(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for o in &item.opinions {
            rows.push(vec![
                format!("{}\n{}", item.label, item.name),
                o.by.clone(),
                o.authenticity.clone(),
                o.legality.clone(),
                o.relevance.clone(),
                o.copy.clone(),
            ]);
        }
    }
    paper.table(
        &[0.22, 0.12, 0.17, 0.17, 0.17, 0.15],
        &[
            "证据",
            "质证人",
            "真实性",
            "合法性",
            "关联性",
            "与原件是否一致",
        ],
        &rows,
    )?;
    paper.space(6.0);
    paper.line(&format!("交换方式：{}；{}", r.mode, r.time), NOTE)?;
    paper.finish()
}
