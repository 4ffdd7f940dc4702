//! The layout toolkit every paper is drawn with.
//!
//! A [`Paper`] is laid out first, into [`Sheet`]s of marks (text runs and ruled lines), and
//! painted into the PDF only at [`Paper::finish`], so the footer can say "第 2 页 共 3 页" and
//! layout can be tested without reading a PDF. Two ways of placing things share one [`Pen`]:
//! fixed forms (the receipt: text in boxes at given positions, a [`Grid`] of ruled cells) and
//! flowing documents (headings, paragraphs, tables that break onto new pages).
//!
//! Chinese needs no shaping: one glyph per character, advances from the font. Lines break
//! between any two Chinese characters but never before closing punctuation nor after opening
//! punctuation (避头尾, GB/T 15834 and the W3C's "Requirements for Chinese Text Layout"), and
//! never inside a run of Latin letters and digits (a case number's year, a hash).

use krilla::color::rgb;
use krilla::geom::{PathBuilder, Point};
use krilla::metadata::Metadata;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Paint, Stroke};
use krilla::text::{Font, GlyphId, KrillaGlyph};
use krilla::Document;
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};

use crate::{FontSource, PaperError};

type R = Result<(), PaperError>;

/// A colour, red, green, blue.
pub type Rgb = (u8, u8, u8);
pub const BLACK: Rgb = (20, 20, 20);
/// The red of fiscal forms and court seals.
pub const RED: Rgb = (160, 40, 30);
pub const GREY: Rgb = (100, 100, 100);

/// A page's size in points (1/72 inch); y grows downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSize {
    pub width: f32,
    pub height: f32,
}

/// Court documents (GB/T 9704 uses A4 for official documents).
pub const A4: PageSize = PageSize {
    width: 595.28,
    height: 841.89,
};
/// The fiscal receipt's form.
pub const A5_LANDSCAPE: PageSize = PageSize {
    width: 595.28,
    height: 419.53,
};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// How a piece of text looks: size in points, colour, alignment in its box, weight. Bold is the
/// regular face with its outline stroked too (one embedded face keeps every paper small).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Look {
    pub size: f32,
    pub color: Rgb,
    pub align: Align,
    pub bold: bool,
}

impl Look {
    pub const fn new(size: f32, color: Rgb, align: Align) -> Look {
        Look {
            size,
            color,
            align,
            bold: false,
        }
    }

    pub const fn bold(self) -> Look {
        Look { bold: true, ..self }
    }

    pub const fn align(self, align: Align) -> Look {
        Look { align, ..self }
    }
}

/// Something painted on a sheet.
#[derive(Debug, Clone)]
enum Mark {
    Text {
        at: (f32, f32),
        look: Look,
        glyphs: Vec<KrillaGlyph>,
        text: String,
    },
    Line {
        points: Vec<(f32, f32)>,
        width: f32,
        color: Rgb,
    },
}

/// One page as laid out: its size and what is painted on it, in order.
#[derive(Debug, Clone)]
pub struct Sheet {
    pub size: PageSize,
    marks: Vec<Mark>,
}

impl Sheet {
    fn new(size: PageSize) -> Sheet {
        Sheet {
            size,
            marks: Vec::new(),
        }
    }

    /// A ruled line through `points`.
    pub fn line(&mut self, points: &[(f32, f32)], width: f32, color: Rgb) {
        if points.len() > 1 {
            let points = points.to_vec();
            self.marks.push(Mark::Line {
                points,
                width,
                color,
            });
        }
    }

    /// A rectangle's outline from its top-left to its bottom-right corner.
    pub fn frame(&mut self, (x0, y0): (f32, f32), (x1, y1): (f32, f32), width: f32, color: Rgb) {
        let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0)];
        self.line(&corners, width, color);
    }

    /// The texts on the sheet in the order they were placed (for tests of layout).
    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.marks.iter().filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.as_str()),
            Mark::Line { .. } => None,
        })
    }
}

/// Places text in the one font: measures, breaks lines, and puts glyph runs on sheets.
pub struct Pen<'f> {
    face: FontRef<'f>,
    font: Font,
}

impl<'f> Pen<'f> {
    pub fn new(font: &'f FontSource) -> Result<Pen<'f>, PaperError> {
        let (face, font) = (font.face()?, font.font.clone());
        Ok(Pen { face, font })
    }

    /// Each character's glyph and advance in em; a character the font lacks is an error, never
    /// a blank or a box on a court's paper.
    fn measure(&self, text: &str) -> Result<Vec<(GlyphId, f32)>, PaperError> {
        let charmap = self.face.charmap();
        let metrics = self
            .face
            .glyph_metrics(Size::unscaled(), LocationRef::default());
        let upem = self.font.units_per_em();
        text.chars()
            .map(|c| {
                let id = charmap.map(c).filter(|g| g.to_u32() != 0);
                let id = id.ok_or(PaperError::MissingGlyph(c))?;
                let advance = metrics.advance_width(id).unwrap_or(upem) / upem;
                Ok((GlyphId::new(id.to_u32()), advance))
            })
            .collect()
    }

    /// The width of `text` in points at `size`.
    pub fn width(&self, text: &str, size: f32) -> Result<f32, PaperError> {
        Ok(self.measure(text)?.iter().map(|(_, a)| a).sum::<f32>() * size)
    }

    /// Puts `text` with its left end at `x` and its baseline at `y`, `spacing` em added after
    /// each character but the last.
    fn put(
        &self,
        sheet: &mut Sheet,
        text: &str,
        (x, y): (f32, f32),
        look: Look,
        spacing: f32,
    ) -> R {
        let last = text.chars().count().saturating_sub(1);
        let glyphs = text
            .char_indices()
            .zip(self.measure(text)?)
            .enumerate()
            .map(|(i, ((at, c), (id, advance)))| {
                let range = at..at + c.len_utf8();
                let advance = if i < last { advance + spacing } else { advance };
                KrillaGlyph::new(id, advance, 0.0, 0.0, 0.0, range, None)
            })
            .collect();
        let text = text.to_owned();
        sheet.marks.push(Mark::Text {
            at: (x, y),
            look,
            glyphs,
            text,
        });
        Ok(())
    }

    /// Writes one line of `text` between `x0` and `x1` with its baseline at `y`, aligned as its
    /// look says (6 pt in from the edge it leans on) and shrunk to fit if need be: for forms,
    /// whose boxes are fixed.
    pub fn text(
        &self,
        sheet: &mut Sheet,
        text: &str,
        (x0, x1): (f32, f32),
        y: f32,
        look: Look,
    ) -> R {
        let em = self.width(text, 1.0)?;
        let pad = if look.align == Align::Center {
            0.0
        } else {
            6.0
        };
        let size = look.size.min((x1 - x0 - 2.0 * pad) / em.max(0.01));
        let x = match look.align {
            Align::Left => x0 + pad,
            Align::Center => (x0 + x1 - em * size) / 2.0,
            Align::Right => x1 - pad - em * size,
        };
        self.put(sheet, text, (x, y), Look { size, ..look }, 0.0)
    }

    /// Breaks `text` into lines no wider than `first` points (the first line) and `rest` (the
    /// others) at `size`. A line break in the text is kept; spaces at a break are dropped; a
    /// run too long for a whole line (a hash in a narrow cell) is cut where it must be.
    pub fn break_lines(
        &self,
        text: &str,
        size: f32,
        first: f32,
        rest: f32,
    ) -> Result<Vec<String>, PaperError> {
        let mut lines: Vec<String> = Vec::new();
        for part in text.split('\n') {
            let advances = self.measure(part)?;
            let chars: Vec<char> = part.chars().collect();
            let (mut line, mut width) = (String::new(), 0.0);
            let mut start = 0;
            while start < chars.len() {
                // The unbreakable run from `start`: up to the next place a line may break.
                let end = (start + 1..chars.len())
                    .find(|&i| may_break(chars[i - 1], chars[i]))
                    .unwrap_or(chars.len());
                let run: f32 = advances[start..end].iter().map(|(_, a)| a * size).sum();
                let room = if lines.is_empty() { first } else { rest };
                if width + run > room && !line.trim().is_empty() {
                    lines.push(std::mem::take(&mut line).trim_end().to_owned());
                    width = 0.0;
                }
                let room = if lines.is_empty() { first } else { rest };
                for i in start..end {
                    if line.is_empty() && chars[i] == ' ' {
                        continue;
                    }
                    let advance = advances[i].1 * size;
                    if width + advance > room && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        width = 0.0;
                    }
                    line.push(chars[i]);
                    width += advance;
                }
                start = end;
            }
            lines.push(line.trim_end().to_owned());
        }
        Ok(lines)
    }
}

/// Characters that must not begin a line (closing marks, pauses, stops).
pub const NO_START: &str = "，。、；：？！）］｝〕〉》」』】〗〙”’…‥·・%‰℃,.;:?!)]}";
/// Characters that must not end a line (opening marks).
pub const NO_END: &str = "（［｛〔〈《「『【〖〘“‘·([{";

/// Whether a line may break between `a` and `b`.
fn may_break(a: char, b: char) -> bool {
    let latin = |c: char| c.is_ascii_graphic();
    !(NO_START.contains(b)
        || NO_END.contains(a)
        || b == ' '
        || (latin(a) && latin(b))
        || (a == '—' && b == '—'))
}

/// A ruled form: column edges, and rows of fixed height whose cells span columns. Each text is
/// written on one line (shrunk to fit): a form's boxes do not grow.
pub struct Grid<'a> {
    /// Column edges from left to right; a row's cell `(from, to, look)` spans `from..to`.
    pub columns: &'a [f32],
    pub color: Rgb,
    /// Width of the rules between cells and of the frame around them.
    pub rules: (f32, f32),
}

/// One row of a [`Grid`]: its height, its cells and their texts.
pub type GridRow<'a> = (f32, &'a [(usize, usize, Look)], Vec<&'a str>);

impl Grid<'_> {
    /// Draws the rows from `top` down and returns the bottom edge.
    pub fn draw(
        &self,
        pen: &Pen,
        sheet: &mut Sheet,
        top: f32,
        rows: &[GridRow],
    ) -> Result<f32, PaperError> {
        let (cols, (rule, frame)) = (self.columns, self.rules);
        let (left, right) = (cols[0], cols[cols.len() - 1]);
        let mut y = top;
        for (i, (height, cells, texts)) in rows.iter().enumerate() {
            if i > 0 {
                sheet.line(&[(left, y), (right, y)], rule, self.color);
            }
            for (&(from, to, look), text) in cells.iter().zip(texts) {
                if from > 0 {
                    sheet.line(
                        &[(cols[from], y), (cols[from], y + height)],
                        rule,
                        self.color,
                    );
                }
                let baseline = y + height / 2.0 + look.size * 0.36;
                pen.text(sheet, text, (cols[from], cols[to]), baseline, look)?;
            }
            y += height;
        }
        sheet.frame((left, top), (right, y), frame, self.color);
        Ok(y)
    }
}

/// What every page of a court document carries at its foot: the case number, and the SHA-256
/// of the document's content as the court holds it (the bytes its signers sign, given by the
/// caller: a PDF cannot carry the hash of its own bytes), so a printed page can be matched to
/// the court's record and a changed document is seen not to match.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Footer {
    pub case_number: String,
    pub sha256: [u8; 32],
}

impl Footer {
    /// The hash as 64 lowercase hex digits.
    pub fn sha256_hex(&self) -> String {
        self.sha256.iter().map(|b| format!("{b:02x}")).collect()
    }
}

/// The body text of flowing documents: 四号 (14 pt).
pub const BODY: Look = Look::new(14.0, BLACK, Align::Left);
/// A document's title: 二号 (22 pt), bold, centred.
pub const HEADING: Look = Look::new(22.0, BLACK, Align::Center).bold();
/// Text in tables: 五号 (10.5 pt).
pub const CELL: Look = Look::new(10.5, BLACK, Align::Left);
const FOOT: Look = Look::new(8.0, GREY, Align::Left);
/// Space between a table cell's rules and its text.
const CELL_PAD: (f32, f32) = (5.0, 4.0);
/// Line height as a multiple of the text's size (Chinese text is set loose).
const LEADING: f32 = 1.7;

/// A document being laid out: the sheets so far, the cursor on the last one, the footer every
/// sheet will carry.
pub struct Paper<'f> {
    pen: Pen<'f>,
    title: String,
    size: PageSize,
    /// Top, right, bottom, left, in points; the footer sits in the bottom margin.
    margins: (f32, f32, f32, f32),
    footer: Option<Footer>,
    sheets: Vec<Sheet>,
    y: f32,
    /// Where the cursor stood when the current sheet was begun (a table row taller than a
    /// page is cut only there).
    fresh: f32,
}

impl<'f> Paper<'f> {
    /// A paper of one empty sheet; `title` goes into the PDF's metadata.
    pub fn new(font: &'f FontSource, title: &str, size: PageSize) -> Result<Paper<'f>, PaperError> {
        let margins = (72.0, 72.0, 80.0, 72.0);
        Ok(Paper {
            pen: Pen::new(font)?,
            title: title.to_owned(),
            size,
            margins,
            footer: None,
            sheets: vec![Sheet::new(size)],
            y: margins.0,
            fresh: margins.0,
        })
    }

    /// Every sheet will carry `footer`.
    pub fn with_footer(mut self, footer: Footer) -> Paper<'f> {
        self.footer = Some(footer);
        self
    }

    pub fn footer(&self) -> Option<&Footer> {
        self.footer.as_ref()
    }

    /// The pen and the current sheet, for drawing a fixed form.
    pub fn canvas(&mut self) -> (&Pen<'f>, &mut Sheet) {
        let sheet = self.sheets.last_mut().expect("a paper has a sheet");
        (&self.pen, sheet)
    }

    /// The sheets laid out so far.
    pub fn sheets(&self) -> &[Sheet] {
        &self.sheets
    }

    fn left(&self) -> f32 {
        self.margins.3
    }

    fn right(&self) -> f32 {
        self.size.width - self.margins.1
    }

    /// The lowest a line of the body may reach.
    fn bottom(&self) -> f32 {
        self.size.height - self.margins.2
    }

    /// Begins a new sheet.
    pub fn new_page(&mut self) {
        self.sheets.push(Sheet::new(self.size));
        (self.y, self.fresh) = (self.margins.0, self.margins.0);
    }

    /// Begins a new sheet unless the current one is still blank.
    pub fn begin_sheet(&mut self) {
        if !self.sheets.last().is_some_and(|s| s.marks.is_empty()) {
            self.new_page();
        }
    }

    /// Moves down by `points` (no further than a new sheet's top).
    pub fn space(&mut self, points: f32) {
        self.y += points;
        if self.y > self.bottom() {
            self.new_page();
        }
    }

    /// Makes room for `height` on this sheet or begins the next.
    fn room(&mut self, height: f32) {
        if self.y + height > self.bottom() && self.y > self.fresh {
            self.new_page();
        }
    }

    /// Lines of text, each on its own line of height `size × LEADING`: the first indented by
    /// `indent` points, aligned as the look says; with `justify`, every line but the last of a
    /// left-aligned text is spread to both margins (两端对齐), as Chinese body text is set.
    fn lines(&mut self, text: &str, look: Look, indent: f32, justify: bool) -> R {
        let (left, right) = (self.left(), self.right());
        let width = right - left;
        let lines = self
            .pen
            .break_lines(text, look.size, width - indent, width)?;
        let leading = look.size * LEADING;
        let count = lines.len();
        for (i, line) in lines.iter().enumerate() {
            self.room(leading);
            let baseline = self.y + (leading - look.size) / 2.0 + look.size * 0.88;
            let x0 = if i == 0 { left + indent } else { left };
            let sheet = self.sheets.last_mut().expect("a paper has a sheet");
            // Flowing text is set flush with the margins, without a form's padding.
            let em = self.pen.width(line, 1.0)? * look.size;
            let x = match look.align {
                Align::Left => x0,
                Align::Center => (x0 + right - em) / 2.0,
                Align::Right => right - em,
            };
            // Spread only what a line breaker's rules left over, not a gap before a long run.
            let gaps = line.chars().count().saturating_sub(1) as f32;
            let spacing = (right - x0 - em) / look.size / gaps.max(1.0);
            let spread = justify && look.align == Align::Left && i + 1 < count && spacing < 0.3;
            let spacing = if spread { spacing.max(0.0) } else { 0.0 };
            self.pen.put(sheet, line, (x, baseline), look, spacing)?;
            self.y += leading;
        }
        Ok(())
    }

    /// A title, centred and bold, broken over lines if long.
    pub fn heading(&mut self, text: &str) -> R {
        self.room(HEADING.size * 3.0);
        self.lines(text, HEADING, 0.0, false)?;
        self.y += HEADING.size * 0.5;
        Ok(())
    }

    /// Lines in any look (a case number under the title, a date at the right).
    pub fn line(&mut self, text: &str, look: Look) -> R {
        self.lines(text, look, 0.0, false)
    }

    /// A paragraph of body text, its first line indented by two characters (首行缩进两字) and
    /// its lines justified; each line break in `text` begins another such paragraph.
    pub fn paragraph(&mut self, text: &str) -> R {
        for part in text.split('\n') {
            self.lines(part, BODY, 2.0 * BODY.size, true)?;
            self.y += BODY.size * 0.3;
        }
        Ok(())
    }

    /// A two-column table of labels and values (当事人, 案由, …).
    pub fn key_values(&mut self, rows: &[(&str, &str)]) -> R {
        let rows: Vec<Vec<String>> = (rows.iter())
            .map(|(k, v)| vec![k.to_string(), v.to_string()])
            .collect();
        self.table(&[0.28, 0.72], &[], &rows)
    }

    /// A ruled table across the text width: columns in proportion to `widths`, an optional
    /// header row (bold, centred, repeated on every sheet the table runs onto), and rows whose
    /// cells wrap. A row moves whole to the next sheet unless it is taller than a sheet.
    pub fn table(&mut self, widths: &[f32], header: &[&str], rows: &[Vec<String>]) -> R {
        let (left, right) = (self.left(), self.right());
        let sum: f32 = widths.iter().sum();
        let mut edges = vec![left];
        for w in widths {
            edges.push(edges[edges.len() - 1] + w / sum * (right - left));
        }
        let header: Vec<String> = header.iter().map(|h| h.to_string()).collect();
        let leading = CELL.size * LEADING;
        let cells = |paper: &Paper, row: &[String]| -> Result<Vec<Vec<String>>, PaperError> {
            (row.iter().zip(edges.windows(2)))
                .map(|(text, e)| {
                    let width = e[1] - e[0] - 2.0 * CELL_PAD.0;
                    paper.pen.break_lines(text, CELL.size, width, width)
                })
                .collect()
        };
        let head = if header.is_empty() {
            None
        } else {
            Some(cells(self, &header)?)
        };
        let head_height = |h: &Vec<Vec<String>>| {
            let n = h.iter().map(Vec::len).max().unwrap_or(1);
            n as f32 * leading + 2.0 * CELL_PAD.1
        };
        let heading = |paper: &mut Paper| -> R {
            if let Some(h) = &head {
                paper.row(&edges, h, 0..usize::MAX, CELL.bold().align(Align::Center))?;
                paper.fresh = paper.y;
            }
            Ok(())
        };
        if let Some(h) = &head {
            self.room(head_height(h) + leading + 2.0 * CELL_PAD.1);
        }
        heading(self)?;
        for row in rows {
            let lines = cells(self, row)?;
            let total = lines.iter().map(Vec::len).max().unwrap_or(1).max(1);
            let mut from = 0;
            while from < total {
                let fit = ((self.bottom() - self.y - 2.0 * CELL_PAD.1) / leading).floor();
                let fit = fit.max(0.0) as usize;
                if fit < total - from && self.y > self.fresh {
                    self.new_page();
                    heading(self)?;
                    continue;
                }
                let take = (total - from).min(fit.max(1));
                self.row(&edges, &lines, from..from + take, CELL)?;
                from += take;
            }
        }
        self.y += BODY.size * 0.5;
        Ok(())
    }

    /// Draws the lines `range` of each cell as one ruled row at the cursor.
    fn row(
        &mut self,
        edges: &[f32],
        cells: &[Vec<String>],
        range: std::ops::Range<usize>,
        look: Look,
    ) -> R {
        let leading = look.size * LEADING;
        let n = cells
            .iter()
            .map(|c| c.len().min(range.end).saturating_sub(range.start))
            .max()
            .unwrap_or(0)
            .max(1);
        let (top, height) = (self.y, n as f32 * leading + 2.0 * CELL_PAD.1);
        let sheet = self.sheets.last_mut().expect("a paper has a sheet");
        for (lines, e) in cells.iter().zip(edges.windows(2)) {
            sheet.frame((e[0], top), (e[1], top + height), 0.6, BLACK);
            let shown = lines.iter().skip(range.start).take(range.len());
            for (k, line) in shown.enumerate() {
                let baseline = top + CELL_PAD.1 + k as f32 * leading + (leading - look.size) / 2.0;
                let baseline = baseline + look.size * 0.88;
                let (x0, x1) = (e[0] + CELL_PAD.0 - 6.0, e[1] - CELL_PAD.0 + 6.0);
                self.pen.text(sheet, line, (x0, x1), baseline, look)?;
            }
        }
        self.y += height;
        Ok(())
    }

    /// Paints the footers and writes the PDF.
    pub fn finish(mut self) -> Result<Vec<u8>, PaperError> {
        if let Some(footer) = self.footer.take() {
            let (left, right, count) = (self.left(), self.right(), self.sheets.len());
            let foot = self.size.height - self.margins.2 + 24.0;
            let case = format!("案号：{}", footer.case_number);
            let hash = format!("文书 SHA-256：{}", footer.sha256_hex());
            for (i, sheet) in self.sheets.iter_mut().enumerate() {
                sheet.line(&[(left, foot), (right, foot)], 0.5, GREY);
                self.pen
                    .text(sheet, &case, (left - 6.0, right), foot + 13.0, FOOT)?;
                let page = format!("第 {} 页 共 {count} 页", i + 1);
                let right_look = FOOT.align(Align::Right);
                self.pen
                    .text(sheet, &page, (left, right + 6.0), foot + 13.0, right_look)?;
                self.pen
                    .text(sheet, &hash, (left - 6.0, right + 6.0), foot + 25.0, FOOT)?;
            }
        }
        let mut doc = Document::new();
        doc.set_metadata(Metadata::new().title(self.title).language("zh-CN".into()));
        for sheet in &self.sheets {
            let size = PageSettings::from_wh(sheet.size.width, sheet.size.height);
            let mut page = doc.start_page_with(size.expect("a paper's size is a valid page"));
            let mut s = page.surface();
            for mark in &sheet.marks {
                match mark {
                    Mark::Text {
                        at,
                        look,
                        glyphs,
                        text,
                    } => {
                        if look.bold {
                            s.set_stroke(stroke(look.color, look.size / 48.0));
                        }
                        s.set_fill(Some(Fill {
                            paint: paint(look.color),
                            ..Fill::default()
                        }));
                        let (point, font) = (Point::from_xy(at.0, at.1), self.pen.font.clone());
                        s.draw_glyphs(point, glyphs, font, text, look.size, false);
                        if look.bold {
                            s.set_stroke(None);
                        }
                    }
                    Mark::Line {
                        points,
                        width,
                        color,
                    } => {
                        let mut pb = PathBuilder::new();
                        pb.move_to(points[0].0, points[0].1);
                        points[1..].iter().for_each(|&(x, y)| pb.line_to(x, y));
                        s.set_fill(None);
                        s.set_stroke(stroke(*color, *width));
                        if let Some(path) = pb.finish() {
                            s.draw_path(&path);
                        }
                        s.set_stroke(None);
                    }
                }
            }
            s.finish();
            page.finish();
        }
        Ok(doc.finish()?)
    }
}

fn paint((r, g, b): Rgb) -> Paint {
    rgb::Color::new(r, g, b).into()
}

fn stroke(color: Rgb, width: f32) -> Option<Stroke> {
    Some(Stroke {
        paint: paint(color),
        width,
        ..Stroke::default()
    })
}
