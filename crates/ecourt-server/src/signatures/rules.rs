//! Whether a person may sign (or refuse to sign) a version of a document, as plain functions.
//!
//! 《人民法院在线诉讼规则》 Art. 33: the record is confirmed online or by electronic signature,
//! and an act through an account is presumed the person's own, so the signer must be verified
//! and prove presence at the moment of signing (a fresh face re-check). 民事诉讼法 Art. 150: a
//! refusal to sign is noted and kept with the file, so it is recorded with its reason.

use chrono::{DateTime, Duration, Utc};
use ecourt_api::SignatureOutcome;

/// A face re-check at most this old lets its person sign.
pub const FRESH_RECHECK_MINUTES: i64 = 10;

/// What the court knows of the signer at the moment of signing.
#[derive(Debug, Clone, Copy)]
pub struct Signer {
    pub verified: bool,
    pub rechecked_at: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    NotVerified,
    RecheckExpired,
    /// The document is no longer the version the signer read.
    VersionChanged,
    ReasonRequired,
    /// The reason is longer than the court keeps (`kernel::reasons::MAX_REASON_CHARS`).
    ReasonTooLong,
    /// The signer already signed or refused this version.
    AlreadyAnswered,
}

/// Whether the act may be recorded. `earlier`: the hashes this signer already answered.
pub fn check(
    signer: Signer,
    now: DateTime<Utc>,
    current_sha256: &str,
    read_sha256: &str,
    outcome: SignatureOutcome,
    reason: Option<&str>,
    earlier: &[String],
) -> Result<(), Refusal> {
    if !signer.verified {
        return Err(Refusal::NotVerified);
    }
    if !current_sha256.eq_ignore_ascii_case(read_sha256) {
        return Err(Refusal::VersionChanged);
    }
    if earlier
        .iter()
        .any(|h| h.eq_ignore_ascii_case(current_sha256))
    {
        return Err(Refusal::AlreadyAnswered);
    }
    match outcome {
        SignatureOutcome::Signed => {
            let fresh = now - Duration::minutes(FRESH_RECHECK_MINUTES);
            if !signer
                .rechecked_at
                .is_some_and(|at| at >= fresh && at <= now)
            {
                return Err(Refusal::RecheckExpired);
            }
        }
        SignatureOutcome::Refused => match crate::kernel::reasons::check(reason) {
            Ok(()) => {}
            Err(crate::kernel::reasons::ReasonProblem::Missing) => {
                return Err(Refusal::ReasonRequired)
            }
            Err(crate::kernel::reasons::ReasonProblem::TooLong) => {
                return Err(Refusal::ReasonTooLong)
            }
        },
    }
    Ok(())
}

/// A signature holds only for the exact bytes signed: any change to the document voids it.
pub fn holds(current_sha256: &str, signed_sha256: &str) -> bool {
    current_sha256.eq_ignore_ascii_case(signed_sha256)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    const V1: &str = "aa11";
    const V2: &str = "bb22";

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 20, 2, 0, 0).unwrap()
    }

    fn rechecked(minutes_ago: i64) -> Signer {
        Signer {
            verified: true,
            rechecked_at: Some(now() - Duration::minutes(minutes_ago)),
        }
    }

    #[test]
    fn a_verified_person_signs_after_a_fresh_recheck() {
        let ok = check(
            rechecked(3),
            now(),
            V1,
            V1,
            SignatureOutcome::Signed,
            None,
            &[],
        );
        assert_eq!(ok, Ok(()));
    }

    #[test]
    fn signer_not_verified_or_recheck_expired_is_refused() {
        let unverified = Signer {
            verified: false,
            rechecked_at: Some(now()),
        };
        let sign = |s| check(s, now(), V1, V1, SignatureOutcome::Signed, None, &[]);
        assert_eq!(sign(unverified), Err(Refusal::NotVerified));
        assert_eq!(
            sign(rechecked(FRESH_RECHECK_MINUTES + 1)),
            Err(Refusal::RecheckExpired)
        );
        let never = Signer {
            verified: true,
            rechecked_at: None,
        };
        assert_eq!(sign(never), Err(Refusal::RecheckExpired));
    }

    #[test]
    fn refusing_to_sign_needs_a_reason_not_a_recheck() {
        let stale = rechecked(600);
        let refuse = |r| check(stale, now(), V1, V1, SignatureOutcome::Refused, r, &[]);
        assert_eq!(refuse(Some("笔录第3页记录有误")), Ok(()));
        assert_eq!(refuse(Some("  ")), Err(Refusal::ReasonRequired));
        assert_eq!(refuse(None), Err(Refusal::ReasonRequired));
    }

    #[test]
    fn only_the_version_read_and_only_once() {
        let s = rechecked(1);
        assert_eq!(
            check(s, now(), V2, V1, SignatureOutcome::Signed, None, &[]),
            Err(Refusal::VersionChanged)
        );
        assert_eq!(
            check(
                s,
                now(),
                V1,
                V1,
                SignatureOutcome::Signed,
                None,
                &[V1.into()]
            ),
            Err(Refusal::AlreadyAnswered)
        );
        // A new version may be signed again.
        assert_eq!(
            check(
                s,
                now(),
                V2,
                V2,
                SignatureOutcome::Signed,
                None,
                &[V1.into()]
            ),
            Ok(())
        );
    }

    #[test]
    fn a_change_after_signing_voids_the_signature() {
        assert!(holds(V1, V1));
        assert!(!holds(V2, V1));
    }
}
