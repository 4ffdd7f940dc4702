//! Data stored on a deposit platform (区块链存证, 《人民法院在线诉讼规则》 Art. 16-19): a party
//! declares that a file was deposited, with the platform's reference and the hash the platform
//! holds; the court records whether that hash is the file's own. A platform's own API (asking it
//! whether the reference holds that hash, and since when) plugs in behind [`DepositVerifier`];
//! the check built here is the one against the file the court received.

use ecourt_api::DepositCheck;

/// What a verifier is asked: the declaration and the hash of the file as the court holds it.
pub struct DepositQuestion<'a> {
    pub platform: &'a str,
    pub reference: &'a str,
    pub declared_sha256: &'a str,
    pub file_sha256: &'a str,
}

pub trait DepositVerifier: Send + Sync + 'static {
    /// The verifier's name as the record keeps it.
    fn name(&self) -> &'static str;
    fn check(&self, q: &DepositQuestion<'_>) -> DepositCheck;
}

/// The court's own check: the hash the platform holds against the file's SHA-256. It tells a
/// file changed after deposit (`differs`), not whether the platform really holds the record.
pub struct FileHashVerifier;

impl DepositVerifier for FileHashVerifier {
    fn name(&self) -> &'static str {
        "file_hash"
    }

    fn check(&self, q: &DepositQuestion<'_>) -> DepositCheck {
        if q.declared_sha256.eq_ignore_ascii_case(q.file_sha256) {
            DepositCheck::Matches
        } else {
            DepositCheck::Differs
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_declared_hash_is_compared_with_the_file() {
        // OLR 第十七条: 当事人对区块链技术存储的电子数据上链后的真实性提出异议……人民法院应当审查.
        let q = |declared: &'static str| DepositQuestion {
            platform: "司法区块链",
            reference: "CQ-2026-0001",
            declared_sha256: declared,
            file_sha256: "ab12",
        };
        assert_eq!(FileHashVerifier.check(&q("AB12")), DepositCheck::Matches);
        assert_eq!(FileHashVerifier.check(&q("ab13")), DepositCheck::Differs);
    }
}
