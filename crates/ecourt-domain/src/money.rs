//! Money in yuan, held as whole fen (分, 0.01 yuan) in an integer: never floating point.

use std::fmt;

/// An amount of money in fen. Non-negative amounts only are meaningful for fees.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Yuan(i64);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("an amount is written in yuan with at most two decimals, e.g. 150000 or 1234.50")]
    Malformed,
    #[error("the amount must not be negative")]
    Negative,
    #[error("the amount is larger than any claim a court handles (at most 10^13 yuan)")]
    TooLarge,
}

/// The largest amount taken: ten trillion yuan, far above any claim, far below overflow.
const MAX_FEN: i64 = 1_000_000_000_000_000;

impl Yuan {
    pub const ZERO: Yuan = Yuan(0);

    pub const fn from_fen(fen: i64) -> Yuan {
        Yuan(fen)
    }

    pub const fn whole(yuan: i64) -> Yuan {
        Yuan(yuan * 100)
    }

    pub fn fen(self) -> i64 {
        self.0
    }

    /// Parses a decimal string in yuan: digits, optionally a point and one or two digits.
    pub fn parse(s: &str) -> Result<Yuan, MoneyError> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix('-') {
            return match Yuan::parse(rest) {
                Ok(_) => Err(MoneyError::Negative),
                Err(e) => Err(e),
            };
        }
        let (int, frac) = match s.split_once('.') {
            Some((i, f)) => (i, f),
            None => (s, ""),
        };
        if int.is_empty() || int.len() > 14 || !int.bytes().all(|b| b.is_ascii_digit()) {
            return Err(
                if int.len() > 14 && int.bytes().all(|b| b.is_ascii_digit()) {
                    MoneyError::TooLarge
                } else {
                    MoneyError::Malformed
                },
            );
        }
        if frac.len() > 2
            || !frac.bytes().all(|b| b.is_ascii_digit())
            || (s.contains('.') && frac.is_empty())
        {
            return Err(MoneyError::Malformed);
        }
        let int: i64 = int.parse().map_err(|_| MoneyError::Malformed)?;
        let frac: i64 = format!("{frac:0<2}")
            .parse()
            .map_err(|_| MoneyError::Malformed)?;
        let fen = int
            .checked_mul(100)
            .and_then(|v| v.checked_add(frac))
            .ok_or(MoneyError::TooLarge)?;
        if fen > MAX_FEN {
            return Err(MoneyError::TooLarge);
        }
        Ok(Yuan(fen))
    }

    /// `rate` per ten thousand (basis points) of this amount, rounded half up to the fen.
    pub fn basis_points(self, rate: i64) -> Yuan {
        let scaled = self.0 as i128 * rate as i128;
        Yuan(((scaled + 5_000) / 10_000) as i64)
    }

    /// Half of this amount, rounded half up to the fen.
    pub fn half(self) -> Yuan {
        Yuan((self.0 + 1) / 2)
    }

    pub fn min(self, other: Yuan) -> Yuan {
        Yuan(self.0.min(other.0))
    }

    pub fn saturating_sub(self, other: Yuan) -> Yuan {
        Yuan((self.0 - other.0).max(0))
    }
}

impl std::ops::Add for Yuan {
    type Output = Yuan;
    fn add(self, o: Yuan) -> Yuan {
        Yuan(self.0 + o.0)
    }
}

impl std::iter::Sum for Yuan {
    fn sum<I: Iterator<Item = Yuan>>(iter: I) -> Yuan {
        iter.fold(Yuan::ZERO, |a, b| a + b)
    }
}

/// Two decimals, no grouping: `3300.00`.
impl fmt::Display for Yuan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{:02}", self.0 / 100, self.0 % 100)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_yuan_with_up_to_two_decimals() {
        assert_eq!(Yuan::parse("150000").unwrap(), Yuan::whole(150_000));
        assert_eq!(Yuan::parse("1234.5").unwrap(), Yuan::from_fen(123_450));
        assert_eq!(Yuan::parse("0.01").unwrap(), Yuan::from_fen(1));
        assert_eq!(Yuan::parse(" 7.00 ").unwrap(), Yuan::whole(7));
        assert_eq!(Yuan::parse("-5"), Err(MoneyError::Negative));
        for bad in [
            "", "abc", "1.234", "1,000", "1e5", "1.", ".5", "NaN", "１０",
        ] {
            assert_eq!(Yuan::parse(bad), Err(MoneyError::Malformed), "{bad:?}");
        }
        assert_eq!(
            Yuan::parse("99999999999999999999"),
            Err(MoneyError::TooLarge)
        );
        assert_eq!(Yuan::parse("10000000000001"), Err(MoneyError::TooLarge));
    }

    #[test]
    fn rounds_half_up_to_the_fen() {
        // 0.01 yuan at 2.5% is 0.00025 yuan: rounds to 0.00.
        assert_eq!(Yuan::from_fen(1).basis_points(250), Yuan::ZERO);
        // 0.20 yuan at 2.5% is 0.005 yuan: rounds up to 0.01.
        assert_eq!(Yuan::from_fen(20).basis_points(250), Yuan::from_fen(1));
        assert_eq!(Yuan::from_fen(3).half(), Yuan::from_fen(2));
        assert_eq!(Yuan::whole(3300).half(), Yuan::whole(1650));
        assert_eq!(Yuan::from_fen(330_001).to_string(), "3300.01");
    }
}
