//! A reason a person gives the court for a procedural choice (withdrawing consent, refusing to
//! sign, 民事诉讼法 Art. 150's 拒绝签名 recorded with its reason): it must say something, and it
//! is a sentence or a short paragraph, not a document (documents are uploaded as evidence).

/// Longest reason the court keeps, in characters.
pub const MAX_REASON_CHARS: usize = 500;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReasonProblem {
    Missing,
    TooLong,
}

/// Whether `reason` is one the court records.
pub fn check(reason: Option<&str>) -> Result<(), ReasonProblem> {
    match reason.map(str::trim) {
        None | Some("") => Err(ReasonProblem::Missing),
        Some(r) if r.chars().count() > MAX_REASON_CHARS => Err(ReasonProblem::TooLong),
        Some(_) => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_says_something_and_is_not_a_document() {
        assert_eq!(check(None), Err(ReasonProblem::Missing));
        assert_eq!(check(Some("  \n")), Err(ReasonProblem::Missing));
        assert_eq!(check(Some("笔录遗漏本人陈述")), Ok(()));
        let longest = "因".repeat(MAX_REASON_CHARS);
        assert_eq!(check(Some(&longest)), Ok(()));
        assert_eq!(
            check(Some(&format!("{longest}因"))),
            Err(ReasonProblem::TooLong)
        );
    }
}
