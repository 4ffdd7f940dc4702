//! What text the court accepts from outside (names, messages, search words, courtrooms).
//!
//! One rule for every place text comes in, applied at the edge before anything is stored:
//! - no control characters (C0, DEL, C1): PostgreSQL cannot store U+0000 at all, and the
//!   others are invisible in a record that people read and sign. Multi-line text keeps line
//!   feeds and tabs.
//! - no bidirectional embeddings, overrides or isolates (U+202A–U+202E, U+2066–U+2069): they
//!   make a name or a sum read differently from what is stored ("Trojan Source").
//! - a name must show something: one made only of spaces and zero-width characters is empty.
//!
//! Unpaired surrogates cannot occur in a Rust `str`; the JSON parser already refuses a lone
//! `\uD800` escape, and percent-decoding refuses invalid UTF-8 in queries.

/// Single-line text (a name, a search word) or multi-line text (a message, reasons).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shape {
    Line,
    MultiLine,
}

/// Why a text was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum TextProblem {
    #[error("the text contains a control character (U+{0:04X})")]
    Control(u32),
    #[error("the text contains a line break or tab where one line is expected")]
    LineBreak,
    #[error("the text contains a bidirectional control character (U+{0:04X})")]
    Bidi(u32),
    #[error("the text is made only of invisible characters")]
    Invisible,
}

/// Bidirectional embeddings, overrides (LRE, RLE, PDF, LRO, RLO) and isolates (LRI, RLI, FSI,
/// PDI).
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Characters that take no room on screen: white space and the zero-width ones (ZWSP, ZWNJ,
/// ZWJ, word joiner, BOM, and the left-to-right / right-to-left marks).
pub fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200B}'..='\u{200F}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}' | '\u{061C}' | '\u{180E}'
        )
}

/// Checks text of the given shape. Empty text passes: whether a field may be empty is the
/// field's own rule.
pub fn check(s: &str, shape: Shape) -> Result<(), TextProblem> {
    for c in s.chars() {
        if c.is_control() {
            let multi_ok = matches!(c, '\n' | '\t');
            if !multi_ok {
                return Err(TextProblem::Control(c as u32));
            }
            if shape == Shape::Line {
                return Err(TextProblem::LineBreak);
            }
        }
        if is_bidi_control(c) {
            return Err(TextProblem::Bidi(c as u32));
        }
    }
    Ok(())
}

/// Checks a name: one line, and not made only of invisible characters when not empty.
pub fn check_name(s: &str) -> Result<(), TextProblem> {
    check(s, Shape::Line)?;
    if !s.is_empty() && visible_len(s) == 0 {
        return Err(TextProblem::Invisible);
    }
    Ok(())
}

/// How many characters of `s` show on screen.
pub fn visible_len(s: &str) -> usize {
    s.chars().filter(|c| !is_invisible(*c)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_text_passes() {
        assert_eq!(check("张三 诉 李四（2026）", Shape::Line), Ok(()));
        assert_eq!(check("第一行\n\t第二行", Shape::MultiLine), Ok(()));
        // Joiners inside an emoji or a script are fine where something visible is around them.
        assert_eq!(check_name("王\u{200D}五"), Ok(()));
        assert_eq!(check_name(""), Ok(()));
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            check("a\0b", Shape::MultiLine),
            Err(TextProblem::Control(0))
        );
        assert_eq!(
            check("a\rb", Shape::MultiLine),
            Err(TextProblem::Control(13))
        );
        assert_eq!(
            check("\u{7F}", Shape::Line),
            Err(TextProblem::Control(0x7F))
        );
        assert_eq!(
            check("\u{85}", Shape::Line),
            Err(TextProblem::Control(0x85))
        );
        assert_eq!(check("a\nb", Shape::Line), Err(TextProblem::LineBreak));
        assert_eq!(check("a\tb", Shape::Line), Err(TextProblem::LineBreak));
    }

    #[test]
    fn bidirectional_controls_are_refused() {
        for c in [
            '\u{202A}', '\u{202B}', '\u{202C}', '\u{202D}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            let s = format!("金额{c}0001");
            assert_eq!(
                check(&s, Shape::MultiLine),
                Err(TextProblem::Bidi(c as u32))
            );
        }
    }

    #[test]
    fn invisible_names_are_refused() {
        assert_eq!(check_name("\u{200B}\u{200B}"), Err(TextProblem::Invisible));
        assert_eq!(
            check_name(" \u{FEFF}\u{2060} "),
            Err(TextProblem::Invisible)
        );
        assert_eq!(visible_len("\u{200B}张\u{200C}"), 1);
    }
}
