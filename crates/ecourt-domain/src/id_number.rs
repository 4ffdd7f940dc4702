//! The citizen identity number (公民身份号码), GB 11643-1999.
//!
//! 18 characters: a 6-digit address code (行政区划代码), an 8-digit birth date `YYYYMMDD`, a
//! 3-digit order code whose last digit is odd for men and even for women, and a check character:
//! with weights W_i = 2^(18−i) mod 11, the check value is (12 − Σ a_i·W_i mod 11) mod 11, written
//! as `X` when it is 10. Numbers issued before 1999 had 15 digits; they are no longer valid
//! for real-name verification and get their own message.
//!
//! The address code must be one of GB/T 2260 (current or abolished: cards keep the code their
//! number was given under), from the region table kept as data (`regions.rs`).

use crate::regions::RegionTable;
use chrono::{Datelike, NaiveDate};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdNumberError {
    #[error("the identity number is empty")]
    Empty,
    #[error("this is an old 15-digit number; please use the 18-digit number on your current card")]
    Legacy15,
    #[error("an identity number has 18 characters, got {0}")]
    Length(usize),
    #[error("only digits are allowed, and X as the last character")]
    Character,
    #[error("the first six digits are not a known region code")]
    Region,
    #[error("characters 7 to 14 are not a real birth date")]
    BirthDate,
    #[error("the birth date lies in the future")]
    FutureBirthDate,
    #[error("the last character should be {expected}, not {found}: a digit was probably mistyped")]
    Check { expected: char, found: char },
}

impl IdNumberError {
    /// A stable machine code for the API and the UI's translations.
    pub fn code(&self) -> &'static str {
        match self {
            IdNumberError::Empty => "empty",
            IdNumberError::Legacy15 => "legacy_15_digit",
            IdNumberError::Length(_) => "wrong_length",
            IdNumberError::Character => "bad_character",
            IdNumberError::Region => "unknown_region",
            IdNumberError::BirthDate => "bad_birth_date",
            IdNumberError::FutureBirthDate => "future_birth_date",
            IdNumberError::Check { .. } => "bad_check_character",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sex {
    Male,
    Female,
}

/// A number that passed every check, in upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdNumber {
    number: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// The place the region code names, e.g. 重庆市渝中区.
    pub region: String,
}

impl IdNumber {
    /// Checks a number as typed: spaces are ignored and a lowercase `x` is read as `X`.
    /// `today` is the court's date, for refusing birth dates in the future.
    pub fn parse(input: &str, today: NaiveDate) -> Result<IdNumber, IdNumberError> {
        let number: String = input
            .chars()
            .filter(|c| !c.is_whitespace())
            .map(|c| c.to_ascii_uppercase())
            .collect();
        let len = number.chars().count();
        if len == 0 {
            return Err(IdNumberError::Empty);
        }
        if len == 15 && number.chars().all(|c| c.is_ascii_digit()) {
            return Err(IdNumberError::Legacy15);
        }
        if len != 18 {
            return Err(IdNumberError::Length(len));
        }
        let bytes = number.as_bytes();
        if !bytes[..17].iter().all(u8::is_ascii_digit)
            || !(bytes[17].is_ascii_digit() || bytes[17] == b'X')
        {
            return Err(IdNumberError::Character);
        }
        let code: u32 = number[..6].parse().map_err(|_| IdNumberError::Character)?;
        let region = RegionTable::china()
            .describe(code)
            .ok_or(IdNumberError::Region)?;
        let birth_date = NaiveDate::parse_from_str(&number[6..14], "%Y%m%d")
            .map_err(|_| IdNumberError::BirthDate)?;
        if birth_date.year() < 1900 {
            return Err(IdNumberError::BirthDate);
        }
        if birth_date > today {
            return Err(IdNumberError::FutureBirthDate);
        }
        let expected = check_character(&bytes[..17]);
        let found = bytes[17] as char;
        if expected != found {
            return Err(IdNumberError::Check { expected, found });
        }
        let sex = if (bytes[16] - b'0') % 2 == 1 {
            Sex::Male
        } else {
            Sex::Female
        };
        Ok(IdNumber {
            number,
            birth_date,
            sex,
            region,
        })
    }

    pub fn as_str(&self) -> &str {
        &self.number
    }

    /// The 2-digit province code.
    pub fn province_code(&self) -> &str {
        &self.number[..2]
    }
}

/// The check character of the first 17 digits (GB 11643-1999 §7).
pub fn check_character(digits: &[u8]) -> char {
    let sum: u32 = digits
        .iter()
        .enumerate()
        .map(|(i, d)| u32::from(d - b'0') * ((1u32 << (17 - i)) % 11))
        .sum();
    match (12 - sum % 11) % 11 {
        10 => 'X',
        v => char::from(b'0' + v as u8),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    /// Builds a number with the correct check character from its first 17 digits.
    fn with_check(first17: &str) -> String {
        format!("{first17}{}", check_character(first17.as_bytes()))
    }

    #[test]
    fn the_check_character_follows_gb_11643() {
        // The standard's own example: 11010519491231002X.
        let id = IdNumber::parse("11010519491231002X", today()).unwrap();
        assert_eq!(
            id.birth_date,
            NaiveDate::from_ymd_opt(1949, 12, 31).unwrap()
        );
        assert_eq!(id.sex, Sex::Female);
        assert_eq!(id.province_code(), "11");
        assert_eq!(id.region, "北京市朝阳区");
        // "a lowercase x is read as X", spaces ignored.
        assert!(IdNumber::parse(" 11010519491231002x ", today()).is_ok());
        assert_eq!(
            IdNumber::parse("110105194912310021", today()),
            Err(IdNumberError::Check {
                expected: 'X',
                found: '1'
            })
        );
    }

    #[test]
    fn dates_must_be_real_and_past() {
        assert!(IdNumber::parse(&with_check("50010320000229123"), today()).is_ok()); // 2000 leap
        assert_eq!(
            IdNumber::parse(&with_check("50010319000229123"), today()),
            Err(IdNumberError::BirthDate)
        ); // 1900 is not a leap year
        assert_eq!(
            IdNumber::parse(&with_check("50010320011332123"), today()),
            Err(IdNumberError::BirthDate)
        );
        assert_eq!(
            IdNumber::parse(&with_check("50010320991231123"), today()),
            Err(IdNumberError::FutureBirthDate)
        );
    }

    #[test]
    fn other_malformed_numbers_get_their_own_reason() {
        assert_eq!(IdNumber::parse("", today()), Err(IdNumberError::Empty));
        assert_eq!(
            IdNumber::parse("500103800101123", today()),
            Err(IdNumberError::Legacy15)
        );
        assert_eq!(
            IdNumber::parse("5001031980010112", today()),
            Err(IdNumberError::Length(16))
        );
        assert_eq!(
            IdNumber::parse("5001031980O101123X", today()),
            Err(IdNumberError::Character)
        );
        assert_eq!(
            IdNumber::parse(&with_check("99010319800101123"), today()),
            Err(IdNumberError::Region)
        );
        // A province that exists with a county code that never did.
        assert_eq!(
            IdNumber::parse(&with_check("50019919800101123"), today()),
            Err(IdNumberError::Region)
        );
        // 崇文区 (110103) was abolished in 2010; numbers given under it stay valid.
        assert_eq!(
            IdNumber::parse(&with_check("11010319800101123"), today())
                .unwrap()
                .region,
            "北京市崇文区"
        );
        assert_eq!(
            IdNumber::parse(&with_check("50010319800101123"), today())
                .unwrap()
                .sex,
            Sex::Male
        );
    }
}
