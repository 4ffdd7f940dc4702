//! The unified social credit code (统一社会信用代码) of organisations, GB 32100-2015.
//!
//! 18 characters from "0123456789ABCDEFGHJKLMNPQRTUWXY" (no I, O, S, V, Z): the registration
//! authority (登记管理部门码), the organisation category (机构类别码), a 6-digit administrative
//! division code, the 9-character organisation code, and a check character: with weights
//! W_i = 3^(i-1) mod 31, C18 = 31 − (Σ C_i·W_i mod 31), where 31 is written as 0.
//! Used for organisations named as parties in a filing.

use std::fmt;

const CHARSET: &str = "0123456789ABCDEFGHJKLMNPQRTUWXY";
/// Registration authorities of GB 32100-2015 (1–9, A for the military, N for agriculture, Y
/// for others).
const AUTHORITIES: &str = "123456789ANY";

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum UsccError {
    #[error("a unified social credit code has 18 characters, got {0}")]
    Length(usize),
    #[error("character {position} ({found:?}) is not allowed (I, O, S, V and Z never occur)")]
    Character { position: usize, found: char },
    #[error("unknown registration authority {0:?}")]
    Authority(char),
    #[error("the organisation category must be a digit from 1 to 9")]
    Category,
    #[error("characters 3 to 8 are the administrative division code and must be digits")]
    Region,
    #[error(
        "the check character should be {expected}, not {found}: a character was probably mistyped"
    )]
    Check { expected: char, found: char },
}

/// A code that passed every check, in upper case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Uscc(String);

impl Uscc {
    /// Checks a code as typed: surrounding spaces are ignored and lower case is read as upper.
    pub fn parse(input: &str) -> Result<Uscc, UsccError> {
        let code: Vec<char> = input
            .trim()
            .chars()
            .map(|c| c.to_ascii_uppercase())
            .collect();
        if code.len() != 18 {
            return Err(UsccError::Length(code.len()));
        }
        let mut values = Vec::with_capacity(18);
        for (i, c) in code.iter().enumerate() {
            match CHARSET.find(*c) {
                Some(v) if c.is_ascii() => values.push(v as u32),
                _ => {
                    return Err(UsccError::Character {
                        position: i + 1,
                        found: *c,
                    })
                }
            }
        }
        if !AUTHORITIES.contains(code[0]) {
            return Err(UsccError::Authority(code[0]));
        }
        if !matches!(code[1], '1'..='9') {
            return Err(UsccError::Category);
        }
        if !code[2..8].iter().all(|c| c.is_ascii_digit()) {
            return Err(UsccError::Region);
        }
        let expected = check_character(&values[..17]);
        if code[17] != expected {
            return Err(UsccError::Check {
                expected,
                found: code[17],
            });
        }
        Ok(Uscc(code.into_iter().collect()))
    }

    /// The administrative division code of the registering authority.
    pub fn region_code(&self) -> &str {
        &self.0[2..8]
    }
}

fn check_character(values: &[u32]) -> char {
    let mut weight = 1u32;
    let mut sum = 0u32;
    for v in values {
        sum += v * weight;
        weight = weight * 3 % 31;
    }
    let c = (31 - sum % 31) % 31;
    CHARSET.as_bytes()[c as usize] as char
}

impl fmt::Display for Uscc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_codes_whose_check_character_matches() {
        // "C18 = 31 − MOD(Σ Ci × Wi, 31)", Wi = 3^(i−1) MOD 31. 91350100M000100Y43 is the example
        // usually given with the rule; the other two were checked by hand against the formula.
        for code in [
            "91350100M000100Y43",
            "91110000600037341L",
            "91440300708461136T",
        ] {
            assert_eq!(Uscc::parse(code).unwrap().to_string(), code);
        }
        assert_eq!(
            Uscc::parse(" 91350100m000100y43 ").unwrap().to_string(),
            "91350100M000100Y43"
        );
        assert_eq!(
            Uscc::parse("91350100M000100Y43").unwrap().region_code(),
            "350100"
        );
    }

    #[test]
    fn the_weights_are_powers_of_three_modulo_31() {
        let mut w = 1u32;
        let weights: Vec<u32> = (0..17)
            .map(|_| {
                let x = w;
                w = w * 3 % 31;
                x
            })
            .collect();
        assert_eq!(
            weights,
            vec![1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28]
        );
    }

    #[test]
    fn refuses_codes_with_a_clear_reason() {
        assert_eq!(Uscc::parse("9135010"), Err(UsccError::Length(7)));
        assert_eq!(Uscc::parse(""), Err(UsccError::Length(0)));
        // A single mistyped character breaks the check.
        assert_eq!(
            Uscc::parse("91350100M000100Y44"),
            Err(UsccError::Check {
                expected: '3',
                found: '4'
            })
        );
        assert_eq!(
            Uscc::parse("91350100M0001O0Y43"),
            Err(UsccError::Character {
                position: 14,
                found: 'O'
            })
        );
        assert_eq!(
            Uscc::parse("B1350100M000100Y43"),
            Err(UsccError::Authority('B'))
        );
        assert_eq!(Uscc::parse("90350100M000100Y43"), Err(UsccError::Category));
        assert_eq!(Uscc::parse("913501A0M000100Y43"), Err(UsccError::Region));
        assert!(matches!(
            Uscc::parse("９1350100M000100Y43"),
            Err(UsccError::Character { position: 1, .. })
        ));
    }
}
