//! The fiscal electronic receipt (财政电子票据, 诉讼费电子票据) for a court fee that has already
//! been paid, as a one-page form (A5 landscape) drawn with the layout toolkit.
//!
//! Amounts are whole fen, never floats.

use crate::layout::{Align, Grid, GridRow, Look, Paper, A5_LANDSCAPE, BLACK, RED};
use crate::{FontSource, PaperError};

/// A paid court fee as printed on its receipt. `items` and `total_fen` are in fen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    pub receipt_number: String,
    pub payment_number: String,
    pub payer: String,
    pub court_name: String,
    pub case_number: String,
    /// Fee items (项目, e.g. 案件受理费) with their amounts in fen.
    pub items: Vec<(String, i64)>,
    pub total_fen: i64,
    /// When it was paid, as printed, e.g. "2026年11月29日 15:04".
    pub paid_at: String,
    /// Who supervises the receipt form, e.g. "重庆市财政局 (监制)".
    pub issuer: String,
    pub check_code: String,
}

/// Amounts from this many fen up (10^16 yuan) are refused; it keeps sums far from overflow.
pub const LIMIT_FEN: i64 = 1_000_000_000_000_000_000;
/// The most fee items that fit on the page.
pub const MAX_ITEMS: usize = 5;

/// Yuan with two decimals, e.g. 330000 fen → "3300.00".
pub fn yuan(fen: i64) -> String {
    let sign = if fen < 0 { "-" } else { "" };
    format!("{sign}{}.{:02}", fen.abs() / 100, fen.abs() % 100)
}

/// An amount in 人民币大写, e.g. 叁仟叁佰元整, 伍拾元伍角, 壹万陆仟肆佰零玖元零贰分.
///
/// One 零 stands for each run of zeros between digits, except a run that only ends a 万 or
/// 元 group before a non-zero 千 or 角 (壹拾万伍仟元, 伍拾元伍角), where the rules allow either.
/// 整 follows 元 only; after 角 it is left out, after 分 it is never written.
pub fn yuan_in_capitals(fen: i64) -> Result<String, PaperError> {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
    // 万 counts up to 9999; above 亿 they count 亿 again (壹万零壹亿 is 10001 亿).
    const GROUPS: [&str; 4] = ["", "万", "亿", "万"];
    if !(0..LIMIT_FEN).contains(&fen) {
        return Err(PaperError::Amount(fen));
    }
    let (whole, jiao, fen) = (fen / 100, fen / 10 % 10, fen % 10);
    let mut out = String::new();
    let (mut started, mut gap) = (false, false);
    for group in (0..4).rev() {
        let value = whole / 10_i64.pow(4 * group as u32) % 10_000;
        if value == 0 {
            if started && group == 2 {
                out.push('亿');
            }
            gap |= started;
            continue;
        }
        if started && (gap || value < 1000) {
            out.push('零');
        }
        let mut zero = false;
        for place in (0..4).rev() {
            match value / 10_i64.pow(place as u32) % 10 {
                0 => zero |= value >= 10_i64.pow(place as u32 + 1),
                d => {
                    if std::mem::take(&mut zero) {
                        out.push('零');
                    }
                    out.push(DIGITS[d as usize]);
                    out.push_str(PLACES[place]);
                }
            }
        }
        out.push_str(GROUPS[group]);
        (started, gap) = (true, false);
    }
    if started {
        out.push('元');
    }
    match (jiao, fen) {
        (0, 0) if started => out.push('整'),
        (0, 0) => out.push_str("零元整"),
        (0, f) if started => out.extend(['零', DIGITS[f as usize], '分']),
        (0, f) => out.extend([DIGITS[f as usize], '分']),
        (j, 0) => out.extend([DIGITS[j as usize], '角']),
        (j, f) => out.extend([DIGITS[j as usize], '角', DIGITS[f as usize], '分']),
    }
    Ok(out)
}

const PAGE_W: f32 = A5_LANDSCAPE.width;
const LEFT: f32 = 40.0;
const RIGHT: f32 = PAGE_W - 40.0;
/// Column edges of the table: label, value, label, value.
const COLS: [f32; 5] = [LEFT, 122.0, 318.0, 400.0, RIGHT];
/// Heights of table rows.
const ROW: f32 = 22.0;
const TALL: f32 = 26.0;

const TITLE: Look = Look::new(24.0, RED, Align::Center).bold();
const LABEL: Look = Look::new(10.5, RED, Align::Center);
const TEXT: Look = Look::new(11.0, BLACK, Align::Left);
const NUMBER: Look = Look::new(11.0, BLACK, Align::Center);
const MONEY: Look = Look::new(11.0, BLACK, Align::Right);
const NOTE: Look = Look::new(10.0, BLACK, Align::Left);
const NOTE_RIGHT: Look = Look::new(10.0, BLACK, Align::Right);
const ISSUER: Look = Look::new(10.0, RED, Align::Right);

/// Cells of each kind of table row: (first column, last column + 1, look).
type Cells = &'static [(usize, usize, Look)];
const PAIRS: Cells = &[(0, 1, LABEL), (1, 2, TEXT), (2, 3, LABEL), (3, 4, TEXT)];
const HEADER: Cells = &[(0, 1, LABEL), (1, 3, LABEL), (3, 4, LABEL)];
const ITEM: Cells = &[(0, 1, NUMBER), (1, 3, TEXT), (3, 4, MONEY)];
const TOTAL: Cells = &[(0, 1, LABEL), (1, 3, TEXT), (3, 4, MONEY)];
const WIDE: Cells = &[(0, 1, LABEL), (1, 4, TEXT)];

/// Renders the receipt as a one-page PDF (A5 landscape).
pub fn render(receipt: &Receipt, font: &FontSource) -> Result<Vec<u8>, PaperError> {
    let r = receipt;
    if r.items.is_empty() || r.items.len() > MAX_ITEMS {
        return Err(PaperError::ItemCount(r.items.len()));
    }
    if let Some(&(_, fen)) = r
        .items
        .iter()
        .find(|(_, fen)| !(0..LIMIT_FEN).contains(fen))
    {
        return Err(PaperError::Amount(fen));
    }
    let (items, total) = (r.items.iter().map(|(_, fen)| fen).sum(), r.total_fen);
    if items != total {
        return Err(PaperError::TotalMismatch { items, total });
    }
    let capitals = format!("（大写）{}", yuan_in_capitals(total)?);
    let figures = format!("（小写）¥{}", yuan(total));

    let title = format!("诉讼费电子票据 {}", r.receipt_number);
    let mut paper = Paper::new(font, &title, A5_LANDSCAPE)?;
    let (pen, s) = paper.canvas();

    // The title, made bold, over a double rule.
    pen.text(s, "诉讼费电子票据", (LEFT, RIGHT), 62.0, TITLE)?;
    let (x0, x1) = (PAGE_W / 2.0 - 100.0, PAGE_W / 2.0 + 100.0);
    s.line(&[(x0, 70.0), (x1, 70.0)], 1.2, RED);
    s.line(&[(x0, 73.5), (x1, 73.5)], 0.5, RED);
    let number = format!("票据号码：{}", r.receipt_number);
    pen.text(s, &number, (LEFT - 6.0, 300.0), 98.0, NOTE)?;
    let check = format!("校验码：{}", r.check_code);
    pen.text(s, &check, (300.0, RIGHT + 6.0), 98.0, NOTE_RIGHT)?;

    // The table, row by row: height, kind of row, texts.
    let (payer, court, case) = (&*r.payer, &*r.court_name, &*r.case_number);
    let amounts: Vec<_> = r.items.iter().map(|(_, fen)| yuan(*fen)).collect();
    let mut rows: Vec<GridRow> = vec![
        (
            TALL,
            PAIRS,
            vec!["交款人", payer, "缴费单号", &r.payment_number],
        ),
        (TALL, PAIRS, vec!["收款单位", court, "案号", case]),
        (ROW, HEADER, vec!["序号", "项目名称", "金额（元）"]),
    ];
    for (i, (name, _)) in r.items.iter().enumerate() {
        let number = ["1", "2", "3", "4", "5"][i];
        rows.push((ROW, ITEM, vec![number, name, &amounts[i]]));
    }
    // Blank rows keep it a form even for a single item.
    rows.resize(MAX_ITEMS + 3, (ROW, ITEM, vec![""; 3]));
    rows.push((TALL + 2.0, TOTAL, vec!["金额合计", &capitals, &figures]));
    rows.push((TALL, WIDE, vec!["缴费时间", &r.paid_at]));
    let grid = Grid {
        columns: &COLS,
        color: RED,
        rules: (0.5, 1.4),
    };
    let y = grid.draw(pen, s, 106.0, &rows)?;

    let stamp = format!("收款单位（章）：{}", r.court_name);
    pen.text(s, &stamp, (LEFT - 6.0, 330.0), y + 24.0, NOTE)?;
    pen.text(s, &r.issuer, (330.0, RIGHT + 6.0), y + 24.0, ISSUER)?;
    paper.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn capitals_follow_the_rmb_rules() {
        let cases = [
            (330000, "叁仟叁佰元整"),
            (5050, "伍拾元伍角"),
            (0, "零元整"),
            (5, "伍分"),
            (50, "伍角"),
            (55, "伍角伍分"),
            (1000, "壹拾元整"),
            (100500, "壹仟零伍元整"),
            (105000, "壹仟零伍拾元整"),
            (168032, "壹仟陆佰捌拾元叁角贰分"),
            (1640902, "壹万陆仟肆佰零玖元零贰分"),
            (32504, "叁佰贰拾伍元零肆分"),
            (10700053, "壹拾万柒仟元伍角叁分"),
            (10050000, "壹拾万零伍佰元整"),
            (10000000000, "壹亿元整"),
            (10000500000, "壹亿零伍仟元整"),
            (15000000000, "壹亿伍仟万元整"),
            (10500000000, "壹亿零伍佰万元整"),
            (100000000000000, "壹万亿元整"),
            (1000000000100, "壹佰亿零壹元整"),
            (100010000000000, "壹万零壹亿元整"),
            (100005000000000, "壹万亿零伍仟万元整"),
            (150000000000000, "壹万伍仟亿元整"),
            (
                LIMIT_FEN - 1,
                "玖仟玖佰玖拾玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分",
            ),
        ];
        for (fen, words) in cases {
            assert_eq!(yuan_in_capitals(fen).unwrap(), words, "{fen} fen");
        }
        assert!(matches!(yuan_in_capitals(-1), Err(PaperError::Amount(-1))));
        assert_eq!(yuan(330000), "3300.00");
        assert_eq!(yuan(5), "0.05");
    }
}
