//! Case numbers (案号): （year）+ court code + case type code + sequence + 号.
//!
//! 《关于人民法院案件案号的若干规定》: "案号的基本要素为收案年度、法院代字、类型代字、案件编号"; the
//! year is in full-width parentheses and the number ends in 号, e.g. （2026）渝0103民初1234号. The
//! sequence restarts every year, per court and per case type (domain.md §2).

use crate::CaseType;
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseNumber {
    pub year: u16,
    /// 法院代字, e.g. 渝0103 (重庆市渝中区人民法院).
    pub court_code: String,
    pub case_type: CaseType,
    /// 案件编号, from 1, per court, year and type.
    pub sequence: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CaseNumberError {
    #[error("a case number starts with the year in full-width parentheses, e.g. （2026）")]
    MissingYear,
    #[error("the year must be four digits")]
    BadYear,
    #[error("a case number ends with 号")]
    MissingSuffix,
    #[error("unknown case type code")]
    UnknownType,
    #[error("the court code must be a province abbreviation followed by digits, e.g. 渝0103")]
    BadCourtCode,
    #[error("the sequence must be a positive number")]
    BadSequence,
}

impl fmt::Display for CaseNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "（{}）{}{}{}号",
            self.year,
            self.court_code,
            self.case_type.code(),
            self.sequence
        )
    }
}

impl CaseNumber {
    pub fn parse(s: &str) -> Result<Self, CaseNumberError> {
        let rest = s
            .trim()
            .strip_prefix('（')
            .ok_or(CaseNumberError::MissingYear)?;
        let (year, rest) = rest.split_once('）').ok_or(CaseNumberError::MissingYear)?;
        if year.len() != 4 || !year.chars().all(|c| c.is_ascii_digit()) {
            return Err(CaseNumberError::BadYear);
        }
        let year: u16 = year.parse().map_err(|_| CaseNumberError::BadYear)?;
        let body = rest
            .strip_suffix('号')
            .ok_or(CaseNumberError::MissingSuffix)?;
        // Court code: one CJK character (the province) then digits.
        let mut chars = body.char_indices();
        let (_, province) = chars.next().ok_or(CaseNumberError::BadCourtCode)?;
        if province.is_ascii() {
            return Err(CaseNumberError::BadCourtCode);
        }
        let digits_start = province.len_utf8();
        let digits_end = body[digits_start..]
            .find(|c: char| !c.is_ascii_digit())
            .map(|i| digits_start + i)
            .ok_or(CaseNumberError::UnknownType)?;
        if digits_end == digits_start {
            return Err(CaseNumberError::BadCourtCode);
        }
        let court_code = body[..digits_end].to_string();
        let after_court = &body[digits_end..];
        let seq_start = after_court
            .find(|c: char| c.is_ascii_digit())
            .ok_or(CaseNumberError::BadSequence)?;
        let case_type =
            CaseType::from_code(&after_court[..seq_start]).ok_or(CaseNumberError::UnknownType)?;
        let seq_text = &after_court[seq_start..];
        if !seq_text.chars().all(|c| c.is_ascii_digit()) {
            return Err(CaseNumberError::BadSequence);
        }
        let sequence: u32 = seq_text.parse().map_err(|_| CaseNumberError::BadSequence)?;
        if sequence == 0 {
            return Err(CaseNumberError::BadSequence);
        }
        Ok(CaseNumber {
            year,
            court_code,
            case_type,
            sequence,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_as_in_the_rules() {
        // "Case numbers: (year) + court code + type code + sequence + 号, e.g. （2026）渝0103民初1234号."
        let n = CaseNumber {
            year: 2026,
            court_code: "渝0103".into(),
            case_type: CaseType::CivilFirstInstance,
            sequence: 1234,
        };
        assert_eq!(n.to_string(), "（2026）渝0103民初1234号");
        assert_eq!(CaseNumber::parse("（2026）渝0103民初1234号").unwrap(), n);
    }

    #[test]
    fn parses_every_type_code() {
        for t in CaseType::ALL {
            let s = format!("（2025）渝0103{}7号", t.code());
            let n = CaseNumber::parse(&s).unwrap();
            assert_eq!(n.case_type, t);
            assert_eq!(n.sequence, 7);
            assert_eq!(n.to_string(), s);
        }
    }

    #[test]
    fn rejects_malformed_numbers() {
        assert_eq!(
            CaseNumber::parse("(2026)渝0103民初1号"),
            Err(CaseNumberError::MissingYear)
        );
        assert_eq!(
            CaseNumber::parse("（26）渝0103民初1号"),
            Err(CaseNumberError::BadYear)
        );
        assert_eq!(
            CaseNumber::parse("（2026）渝0103民初1"),
            Err(CaseNumberError::MissingSuffix)
        );
        assert_eq!(
            CaseNumber::parse("（2026）渝0103民X1号"),
            Err(CaseNumberError::UnknownType)
        );
        assert_eq!(
            CaseNumber::parse("（2026）渝民初1号"),
            Err(CaseNumberError::BadCourtCode)
        );
        assert_eq!(
            CaseNumber::parse("（2026）渝0103民初0号"),
            Err(CaseNumberError::BadSequence)
        );
        assert_eq!(
            CaseNumber::parse("（2026）渝0103民初号"),
            Err(CaseNumberError::BadSequence)
        );
    }
}
