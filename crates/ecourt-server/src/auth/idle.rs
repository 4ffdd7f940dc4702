//! The court's idle sign-out policy (`policy/idle-sign-out.json`, citing GB/T 22239-2019
//! 8.1.4.1 b): how long a desktop may stay signed in without use, per kind of account. Handed to
//! the desktop at sign-in; the desktop's core enforces it with its own clock (the court cannot
//! see a person walk away from the office machine).

use ecourt_api::IdleSignOut;
use ecourt_domain::AccountKind;
use serde::Deserialize;
use std::collections::HashMap;
use std::sync::OnceLock;

#[derive(Deserialize)]
struct Policy {
    default: Entry,
    #[serde(default)]
    by_kind: HashMap<String, Entry>,
}

#[derive(Deserialize, Clone, Copy)]
struct Entry {
    after_seconds: u32,
    warn_seconds: u32,
}

fn policy() -> &'static Policy {
    static POLICY: OnceLock<Policy> = OnceLock::new();
    POLICY.get_or_init(|| {
        let p: Policy = serde_json::from_str(include_str!("../../policy/idle-sign-out.json"))
            .expect("policy/idle-sign-out.json is valid");
        for e in std::iter::once(&p.default).chain(p.by_kind.values()) {
            assert!(
                e.warn_seconds < e.after_seconds,
                "policy/idle-sign-out.json: the warning comes before the sign-out"
            );
        }
        p
    })
}

/// The idle sign-out for an account of this kind.
pub fn for_kind(kind: AccountKind) -> IdleSignOut {
    let p = policy();
    let e = p.by_kind.get(kind.as_str()).copied().unwrap_or(p.default);
    IdleSignOut {
        after_seconds: e.after_seconds,
        warn_seconds: e.warn_seconds,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_has_a_policy_warning_before_the_sign_out() {
        for kind in policy().by_kind.keys() {
            assert!(
                AccountKind::parse(kind).is_some(),
                "{kind} is a kind of account"
            );
        }
        for kind in [
            AccountKind::Party,
            AccountKind::Lawyer,
            AccountKind::LegalWorker,
            AccountKind::Clerk,
            AccountKind::Judge,
        ] {
            let p = for_kind(kind);
            assert!(p.warn_seconds > 0 && p.warn_seconds < p.after_seconds);
        }
        // The shared office machine's own account signs out sooner than the default.
        assert!(
            for_kind(AccountKind::LegalWorker).after_seconds
                < for_kind(AccountKind::Party).after_seconds
        );
    }
}
