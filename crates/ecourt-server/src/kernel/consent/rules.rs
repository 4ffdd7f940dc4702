//! The rules of the consent ledger as plain functions (no database): what a party's answer on
//! one step becomes, given their standing on that step and whether the step has started.
//!
//! 《人民法院在线诉讼规则》 Art. 4: consent is the party's, step by step, and consent to some
//! steps is never taken for others (4(4)); Art. 5: a party who agreed and changes their mind
//! must say so before the step is held, and the court sets the step offline where a party
//! cannot take part online or the step is unfit for it (the exclusion grounds, Art. 21).

use ecourt_api::{ExclusionGround, OnlineStep, StepConsentKind};

/// A person's standing on one step: their latest entry (none: never answered).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Standing {
    pub kind: StepConsentKind,
    pub ground: Option<ExclusionGround>,
}

/// A person's standing on `step` from their entries (oldest first): the latest entry on that
/// step alone — an answer on one step says nothing about another (Art. 4(4)).
pub fn standing_on(entries: &[(OnlineStep, Standing)], step: OnlineStep) -> Option<Standing> {
    entries
        .iter()
        .rev()
        .find(|(s, _)| *s == step)
        .map(|(_, standing)| *standing)
}

/// What is asked of the ledger.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The party agrees to the step online.
    Give,
    /// The party answers no, with a ground (the hearing's) or their own reason: a withdrawal
    /// when they had agreed, a plain refusal otherwise.
    Decline {
        ground: Option<ExclusionGround>,
        reason: Option<String>,
    },
    /// The party takes back the consent they gave (there must be one).
    Withdraw { reason: Option<String> },
    /// The court sets the step offline for the party on a ground.
    Exclude(ExclusionGround),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The court set a ground only it can lift (originals, physical evidence, identity).
    DecidedByCourt,
    /// The step has started: consent can no longer be withdrawn (Art. 5).
    TooLate,
    /// A withdrawal names no reason.
    ReasonRequired,
    /// The reason is longer than the court keeps (`kernel::reasons::MAX_REASON_CHARS`).
    ReasonTooLong,
    /// There is no consent to withdraw.
    NotGiven,
}

/// Grounds the party itself may give (and answer past); the others are the court's.
pub fn party_may_give(g: ExclusionGround) -> bool {
    matches!(g, ExclusionGround::Refused | ExclusionGround::NoEquipment)
}

/// The entry an answer becomes, or why it is refused.
pub fn decide(
    current: Option<Standing>,
    answer: &Answer,
    started: bool,
) -> Result<StepConsentKind, Refusal> {
    if let Answer::Exclude(_) = answer {
        return Ok(StepConsentKind::Excluded);
    }
    if current.is_some_and(|s| s.ground.is_some_and(|g| !party_may_give(g))) {
        return Err(Refusal::DecidedByCourt);
    }
    let given = current.is_some_and(|s| s.kind == StepConsentKind::Given);
    let withdrawal = |ground: Option<ExclusionGround>, reason: &Option<String>| {
        if started {
            Err(Refusal::TooLate)
        } else if ground.is_some() {
            Ok(StepConsentKind::Withdrawn)
        } else if let Err(p) = crate::kernel::reasons::check(reason.as_deref()) {
            Err(match p {
                crate::kernel::reasons::ReasonProblem::Missing => Refusal::ReasonRequired,
                crate::kernel::reasons::ReasonProblem::TooLong => Refusal::ReasonTooLong,
            })
        } else {
            Ok(StepConsentKind::Withdrawn)
        }
    };
    match answer {
        Answer::Give => Ok(StepConsentKind::Given),
        Answer::Decline { ground, reason } if given => withdrawal(*ground, reason),
        Answer::Decline { .. } => Ok(StepConsentKind::Declined),
        Answer::Withdraw { reason } if given => withdrawal(None, reason),
        Answer::Withdraw { .. } => Err(Refusal::NotGiven),
        Answer::Exclude(_) => unreachable!("answered above"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn standing(kind: StepConsentKind) -> Option<Standing> {
        Some(Standing { kind, ground: None })
    }

    fn withdraw(reason: &str) -> Answer {
        Answer::Withdraw {
            reason: Some(reason.into()),
        }
    }

    #[test]
    fn consent_is_given_and_given_again() {
        assert_eq!(
            decide(None, &Answer::Give, false),
            Ok(StepConsentKind::Given)
        );
        let given = standing(StepConsentKind::Given);
        assert_eq!(
            decide(given, &Answer::Give, false),
            Ok(StepConsentKind::Given)
        );
        // Agreeing late is still agreeing: only withdrawing is bound to the step's start.
        assert_eq!(
            decide(None, &Answer::Give, true),
            Ok(StepConsentKind::Given)
        );
        let withdrawn = standing(StepConsentKind::Withdrawn);
        assert_eq!(
            decide(withdrawn, &Answer::Give, false),
            Ok(StepConsentKind::Given)
        );
    }

    #[test]
    fn withdrawal_before_the_step_with_a_reason() {
        let given = standing(StepConsentKind::Given);
        assert_eq!(
            decide(given, &withdraw("网络不稳定，改为到庭"), false),
            Ok(StepConsentKind::Withdrawn)
        );
        assert_eq!(
            decide(given, &withdraw("  "), false),
            Err(Refusal::ReasonRequired)
        );
        assert_eq!(
            decide(given, &Answer::Withdraw { reason: None }, false),
            Err(Refusal::ReasonRequired)
        );
    }

    /// Art. 5: once the step is under way, the consent stands.
    #[test]
    fn withdrawal_after_the_step_started_is_too_late() {
        let given = standing(StepConsentKind::Given);
        assert_eq!(
            decide(given, &withdraw("改变主意"), true),
            Err(Refusal::TooLate)
        );
        // Answering "offline" on a hearing one agreed to is a withdrawal too.
        let offline = Answer::Decline {
            ground: Some(ExclusionGround::NoEquipment),
            reason: None,
        };
        assert_eq!(decide(given, &offline, true), Err(Refusal::TooLate));
        assert_eq!(
            decide(given, &offline, false),
            Ok(StepConsentKind::Withdrawn)
        );
        // Someone who never agreed may still say no after the start.
        assert_eq!(decide(None, &offline, true), Ok(StepConsentKind::Declined));
    }

    /// Art. 4(4): consent to the hearing (or filing online) is no consent to mediation.
    #[test]
    fn consent_to_one_step_is_not_consent_to_another() {
        let given = Standing {
            kind: StepConsentKind::Given,
            ground: None,
        };
        let withdrawn = Standing {
            kind: StepConsentKind::Withdrawn,
            ground: None,
        };
        let entries = [
            (OnlineStep::Filing, given),
            (OnlineStep::Hearing, given),
            (OnlineStep::Mediation, given),
            (OnlineStep::Mediation, withdrawn),
        ];
        assert_eq!(standing_on(&entries, OnlineStep::Hearing), Some(given));
        assert_eq!(
            standing_on(&entries, OnlineStep::Mediation),
            Some(withdrawn)
        );
        assert_eq!(standing_on(&entries, OnlineStep::EvidenceExchange), None);
        assert_eq!(standing_on(&entries, OnlineStep::Service), None);
        // And so withdrawing the one never reached leaves nothing to withdraw.
        assert_eq!(
            decide(
                standing_on(&entries, OnlineStep::Service),
                &withdraw("理由"),
                false
            ),
            Err(Refusal::NotGiven)
        );
    }

    #[test]
    fn nothing_to_withdraw() {
        for current in [
            None,
            standing(StepConsentKind::Declined),
            standing(StepConsentKind::Withdrawn),
        ] {
            assert_eq!(
                decide(current, &withdraw("理由"), false),
                Err(Refusal::NotGiven)
            );
        }
    }

    #[test]
    fn the_courts_grounds_bind_the_party_but_not_the_court() {
        let excluded = Some(Standing {
            kind: StepConsentKind::Excluded,
            ground: Some(ExclusionGround::PhysicalEvidence),
        });
        assert_eq!(
            decide(excluded, &Answer::Give, false),
            Err(Refusal::DecidedByCourt)
        );
        assert_eq!(
            decide(excluded, &Answer::Exclude(ExclusionGround::Refused), true),
            Ok(StepConsentKind::Excluded)
        );
        // A party's own ground set by the court (refused, no equipment) the party may answer past.
        let refused = Some(Standing {
            kind: StepConsentKind::Excluded,
            ground: Some(ExclusionGround::NoEquipment),
        });
        assert_eq!(
            decide(refused, &Answer::Give, false),
            Ok(StepConsentKind::Given)
        );
    }
}
