//! Mainland mobile numbers (手机号码) for the real-name code (实名手机号码关联, domain.md §1).

/// An 11-digit mainland mobile number: 1, then 3 to 9, then nine digits. Spaces, hyphens and a
/// leading +86 are ignored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MobileNumber(String);

impl MobileNumber {
    pub fn parse(input: &str) -> Option<MobileNumber> {
        let digits: String = input
            .trim()
            .trim_start_matches("+86")
            .chars()
            .filter(|c| !matches!(c, ' ' | '-'))
            .collect();
        let b = digits.as_bytes();
        let ok = b.len() == 11
            && b.iter().all(u8::is_ascii_digit)
            && b[0] == b'1'
            && (b'3'..=b'9').contains(&b[1]);
        ok.then_some(MobileNumber(digits))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The number as shown in logs and notices: 138****0001.
    pub fn masked(&self) -> String {
        format!("{}****{}", &self.0[..3], &self.0[7..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mainland_mobile_numbers() {
        assert_eq!(
            MobileNumber::parse("+86 138-0000-0001").unwrap().as_str(),
            "13800000001"
        );
        assert_eq!(
            MobileNumber::parse("13800000001").unwrap().masked(),
            "138****0001"
        );
        for bad in [
            "",
            "1380000000",
            "12800000001",
            "23800000001",
            "1380000000a",
        ] {
            assert_eq!(MobileNumber::parse(bad), None, "{bad}");
        }
    }
}
