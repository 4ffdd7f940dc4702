//! Renders the fiscal electronic receipt (财政电子票据, 诉讼费电子票据) for a court fee that has
//! already been paid, as a one-page PDF with a subset, embedded Chinese font.
//!
//! It only draws what it is given: it must not decide fees, numbers or who paid, and does no
//! I/O besides reading the font file in [`FontSource`]. Amounts are whole fen, never floats.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke};
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::raw::FileRef;
use skrifa::string::StringId;
use skrifa::{FontRef, MetadataProvider};

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

#[derive(Debug, thiserror::Error)]
pub enum ReceiptError {
    #[error("no Chinese font: install fonts-noto-cjk or set ECOURT_RECEIPT_FONT to a font file")]
    FontNotFound,
    #[error("cannot read the font {path}: {source}")]
    FontRead {
        path: PathBuf,
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
    #[error("the PDF could not be written: {0}")]
    Pdf(#[from] krilla::error::KrillaError),
}

/// Amounts from this many fen up (10^16 yuan) are refused; it keeps sums far from overflow.
pub const LIMIT_FEN: i64 = 1_000_000_000_000_000_000;
/// The most fee items that fit on the page.
pub const MAX_ITEMS: usize = 5;
/// Font files tried by [`FontSource::system`], best first (Debian package fonts-noto-cjk).
pub const SYSTEM_FONTS: [&str; 2] = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
];

/// A loaded font file and the face in it used for Simplified Chinese. Load once, render often.
#[derive(Clone)]
pub struct FontSource {
    data: Arc<Vec<u8>>,
    index: u32,
    font: Font,
}

impl std::fmt::Debug for FontSource {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FontSource")
            .field("face", &self.index)
            .finish_non_exhaustive()
    }
}

impl FontSource {
    /// `$ECOURT_RECEIPT_FONT` if set (and then only that), else the first of [`SYSTEM_FONTS`].
    pub fn system() -> Result<FontSource, ReceiptError> {
        if let Some(path) = std::env::var_os("ECOURT_RECEIPT_FONT").filter(|p| !p.is_empty()) {
            return FontSource::from_path(path);
        }
        let found = SYSTEM_FONTS.iter().map(Path::new).find(|p| p.is_file());
        FontSource::from_path(found.ok_or(ReceiptError::FontNotFound)?)
    }

    /// A font or collection (.ttf, .otf, .ttc) on disk.
    pub fn from_path(path: impl AsRef<Path>) -> Result<FontSource, ReceiptError> {
        let path = path.as_ref();
        let data = std::fs::read(path).map_err(|source| ReceiptError::FontRead {
            path: path.to_owned(),
            source,
        })?;
        FontSource::from_bytes(data)
    }

    /// Picks the face named "… SC" in a collection, else the first face that has Chinese.
    pub fn from_bytes(data: Vec<u8>) -> Result<FontSource, ReceiptError> {
        let file = FileRef::new(&data).map_err(|_| ReceiptError::NoChineseFace)?;
        let faces: Vec<FontRef> = file.fonts().filter_map(Result::ok).collect();
        let is_sc = |f: &FontRef| {
            f.localized_strings(StringId::FAMILY_NAME)
                .any(|name| name.to_string().ends_with(" SC"))
        };
        let has_chinese = |f: &FontRef| f.charmap().map('票').is_some_and(|g| g.to_u32() != 0);
        let index = (faces.iter().position(is_sc))
            .or_else(|| faces.iter().position(has_chinese))
            .ok_or(ReceiptError::NoChineseFace)? as u32;
        let data = Arc::new(data);
        let font = Font::new(data.clone().into(), index).ok_or(ReceiptError::NoChineseFace)?;
        Ok(FontSource { data, index, font })
    }
}

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
pub fn yuan_in_capitals(fen: i64) -> Result<String, ReceiptError> {
    const DIGITS: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    const PLACES: [&str; 4] = ["", "拾", "佰", "仟"];
    // 万 counts up to 9999; above 亿 they count 亿 again (壹万零壹亿 is 10001 亿).
    const GROUPS: [&str; 4] = ["", "万", "亿", "万"];
    if !(0..LIMIT_FEN).contains(&fen) {
        return Err(ReceiptError::Amount(fen));
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

// A5 landscape, in points; y grows downwards in krilla.
const PAGE_W: f32 = 595.28;
const PAGE_H: f32 = 419.53;
const LEFT: f32 = 40.0;
const RIGHT: f32 = PAGE_W - 40.0;
/// Column edges of the table: label, value, label, value.
const COLS: [f32; 5] = [LEFT, 122.0, 318.0, 400.0, RIGHT];
/// Heights of table rows.
const ROW: f32 = 22.0;
const TALL: f32 = 26.0;
const RED: (u8, u8, u8) = (160, 40, 30);
const BLACK: (u8, u8, u8) = (20, 20, 20);

#[derive(Clone, Copy, PartialEq)]
enum Align {
    Left,
    Center,
    Right,
}

/// How a piece of text looks: size in points, colour, alignment in its box.
type Look = (f32, (u8, u8, u8), Align);
const TITLE: Look = (24.0, RED, Align::Center);
const LABEL: Look = (10.5, RED, Align::Center);
const TEXT: Look = (11.0, BLACK, Align::Left);
const NUMBER: Look = (11.0, BLACK, Align::Center);
const MONEY: Look = (11.0, BLACK, Align::Right);
const NOTE: Look = (10.0, BLACK, Align::Left);
const NOTE_RIGHT: Look = (10.0, BLACK, Align::Right);
const ISSUER: Look = (10.0, RED, Align::Right);

/// Cells of each kind of table row: (first column, last column + 1, look).
type Cells = &'static [(usize, usize, Look)];
const PAIRS: Cells = &[(0, 1, LABEL), (1, 2, TEXT), (2, 3, LABEL), (3, 4, TEXT)];
const HEADER: Cells = &[(0, 1, LABEL), (1, 3, LABEL), (3, 4, LABEL)];
const ITEM: Cells = &[(0, 1, NUMBER), (1, 3, TEXT), (3, 4, MONEY)];
const TOTAL: Cells = &[(0, 1, LABEL), (1, 3, TEXT), (3, 4, MONEY)];
const WIDE: Cells = &[(0, 1, LABEL), (1, 4, TEXT)];

fn paint((r, g, b): (u8, u8, u8)) -> krilla::paint::Paint {
    rgb::Color::new(r, g, b).into()
}

fn stroke(width: f32) -> Option<Stroke> {
    Some(Stroke {
        paint: paint(RED),
        width,
        ..Stroke::default()
    })
}

/// Draws single lines of text with one font, without shaping (none is needed for Chinese).
struct Pen<'a> {
    face: FontRef<'a>,
    font: Font,
}

impl Pen<'_> {
    /// The glyphs of `text` and its width in em.
    fn glyphs(&self, text: &str) -> Result<(Vec<KrillaGlyph>, f32), ReceiptError> {
        let charmap = self.face.charmap();
        let metrics = self
            .face
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let upem = self.font.units_per_em();
        let (mut glyphs, mut width) = (Vec::new(), 0.0);
        for (at, c) in text.char_indices() {
            let id = charmap.map(c).filter(|g| g.to_u32() != 0);
            let id = id.ok_or(ReceiptError::MissingGlyph(c))?;
            let advance = metrics.advance_width(id).unwrap_or(upem) / upem;
            let range = at..at + c.len_utf8();
            let id = GlyphId::new(id.to_u32());
            glyphs.push(KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, range, None));
            width += advance;
        }
        Ok((glyphs, width))
    }

    /// Writes `text` between `x0` and `x1` with its baseline at `y`, shrunk to fit if need be.
    fn text(&self, s: &mut Surface, text: &str, (x0, x1): (f32, f32), y: f32, look: Look) -> R {
        let ((glyphs, em), (size, color, align)) = (self.glyphs(text)?, look);
        let pad = if align == Align::Center { 0.0 } else { 6.0 };
        let size = size.min((x1 - x0 - 2.0 * pad) / em.max(0.01));
        let x = match align {
            Align::Left => x0 + pad,
            Align::Center => (x0 + x1 - em * size) / 2.0,
            Align::Right => x1 - pad - em * size,
        };
        s.set_fill(Some(Fill {
            paint: paint(color),
            ..Fill::default()
        }));
        let font = self.font.clone();
        s.draw_glyphs(Point::from_xy(x, y), &glyphs, font, text, size, false);
        Ok(())
    }
}

type R = Result<(), ReceiptError>;

fn line(s: &mut Surface, points: &[(f32, f32)], width: f32) {
    let mut pb = PathBuilder::new();
    pb.move_to(points[0].0, points[0].1);
    points[1..].iter().for_each(|&(x, y)| pb.line_to(x, y));
    s.set_fill(None);
    s.set_stroke(stroke(width));
    if let Some(path) = pb.finish() {
        s.draw_path(&path);
    }
    s.set_stroke(None);
}

/// Renders the receipt as a one-page PDF (A5 landscape).
pub fn render(receipt: &Receipt, font: &FontSource) -> Result<Vec<u8>, ReceiptError> {
    let r = receipt;
    if r.items.is_empty() || r.items.len() > MAX_ITEMS {
        return Err(ReceiptError::ItemCount(r.items.len()));
    }
    if let Some(&(_, fen)) = r
        .items
        .iter()
        .find(|(_, fen)| !(0..LIMIT_FEN).contains(fen))
    {
        return Err(ReceiptError::Amount(fen));
    }
    let (items, total) = (r.items.iter().map(|(_, fen)| fen).sum(), r.total_fen);
    if items != total {
        return Err(ReceiptError::TotalMismatch { items, total });
    }
    let capitals = format!("（大写）{}", yuan_in_capitals(total)?);
    let figures = format!("（小写）¥{}", yuan(total));
    let face = FontRef::from_index(&font.data, font.index);
    let face = face.map_err(|_| ReceiptError::NoChineseFace)?;
    let pen = Pen {
        face,
        font: font.font.clone(),
    };

    let mut doc = Document::new();
    let title = format!("诉讼费电子票据 {}", r.receipt_number);
    doc.set_metadata(Metadata::new().title(title).language("zh-CN".into()));
    let size = PageSettings::from_wh(PAGE_W, PAGE_H).expect("A5 is a valid page size");
    let mut page = doc.start_page_with(size);
    let mut s = page.surface();

    // The title, made bold by stroking its outline too, over a double rule.
    let title = "诉讼费电子票据";
    s.set_stroke(stroke(0.5));
    pen.text(&mut s, title, (LEFT, RIGHT), 62.0, TITLE)?;
    s.set_stroke(None);
    let (x0, x1) = (PAGE_W / 2.0 - 100.0, PAGE_W / 2.0 + 100.0);
    line(&mut s, &[(x0, 70.0), (x1, 70.0)], 1.2);
    line(&mut s, &[(x0, 73.5), (x1, 73.5)], 0.5);
    let number = format!("票据号码：{}", r.receipt_number);
    pen.text(&mut s, &number, (LEFT - 6.0, 300.0), 98.0, NOTE)?;
    let check = format!("校验码：{}", r.check_code);
    pen.text(&mut s, &check, (300.0, RIGHT + 6.0), 98.0, NOTE_RIGHT)?;

    // The table, row by row: height, kind of row, texts.
    let (payer, court, case) = (&*r.payer, &*r.court_name, &*r.case_number);
    let amounts: Vec<_> = r.items.iter().map(|(_, fen)| yuan(*fen)).collect();
    let mut rows: Vec<(f32, Cells, Vec<&str>)> = vec![
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

    let top = 106.0;
    let mut y = top;
    for (i, (height, cells, texts)) in rows.iter().enumerate() {
        if i > 0 {
            line(&mut s, &[(LEFT, y), (RIGHT, y)], 0.5);
        }
        for (&(from, to, look), text) in cells.iter().zip(texts) {
            if from > 0 {
                line(&mut s, &[(COLS[from], y), (COLS[from], y + height)], 0.5);
            }
            let baseline = y + height / 2.0 + look.0 * 0.36;
            pen.text(&mut s, text, (COLS[from], COLS[to]), baseline, look)?;
        }
        y += height;
    }
    let corners = [
        (LEFT, top),
        (RIGHT, top),
        (RIGHT, y),
        (LEFT, y),
        (LEFT, top),
    ];
    line(&mut s, &corners, 1.4);

    let stamp = format!("收款单位（章）：{}", r.court_name);
    pen.text(&mut s, &stamp, (LEFT - 6.0, 330.0), y + 24.0, NOTE)?;
    pen.text(&mut s, &r.issuer, (330.0, RIGHT + 6.0), y + 24.0, ISSUER)?;

    s.finish();
    page.finish();
    Ok(doc.finish()?)
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
        assert!(matches!(
            yuan_in_capitals(-1),
            Err(ReceiptError::Amount(-1))
        ));
        assert_eq!(yuan(330000), "3300.00");
        assert_eq!(yuan(5), "0.05");
    }
}
