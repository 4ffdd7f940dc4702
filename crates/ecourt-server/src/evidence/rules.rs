//! The rules of evidence exchange, as pure functions with the articles they come from: the
//! bounds of the evidence period (民诉法解释 Art. 99, 266, 275, counted per 民事诉讼法 Art. 85),
//! the mode (《人民法院在线诉讼规则》 Art. 14), what an opinion must hold (Art. 15), when an
//! objection asks for the original (Art. 12), and the seal of an item's version.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use ecourt_api::{
    EvidenceFile, EvidenceProcedure, ExchangeMode, NewEvidenceItem, OpinionRequest, OpinionStance,
    OriginalOrCopy, PropertyOpinion,
};
use ecourt_domain::period::{HolidayCalendar, PeriodError};
use sha2::{Digest, Sha256};

/// A face re-check this recent lets a person give evidence or opinions (OLR Art. 7: identity
/// verified again before evidence exchange); the same freshness a hearing asks to join.
pub const RECHECK_HOURS: i64 = 2;

/// How far back an opinion written offline may say it was written: a re-check within
/// [`RECHECK_HOURS`] before that moment, or any time since, counts.
pub const OFFLINE_DAYS: i64 = 7;

/// The bound a procedure puts on the evidence period, and the rule quoted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PeriodBound {
    pub min_days: Option<u32>,
    pub max_days: Option<u32>,
    pub rule: &'static str,
}

pub fn period_bound(procedure: EvidenceProcedure) -> PeriodBound {
    match procedure {
        EvidenceProcedure::Ordinary => PeriodBound {
            min_days: Some(15),
            max_days: None,
            rule: "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第九十九条第二款：人民法院确定举证期限，第一审普通程序案件不得少于十五日",
        },
        EvidenceProcedure::Summary => PeriodBound {
            min_days: None,
            max_days: Some(15),
            rule: "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百六十六条第一款：适用简易程序案件的举证期限由人民法院确定，也可以由当事人协商一致并经人民法院准许，但不得超过十五日",
        },
        EvidenceProcedure::SmallClaims => PeriodBound {
            min_days: None,
            max_days: Some(7),
            rule: "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百七十五条第一款：小额诉讼案件的举证期限由人民法院确定，也可以由当事人协商一致并经人民法院准许，但一般不超过七日",
        },
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeriodRefusal {
    /// Outside the procedure's bound; the bound's rule.
    OutOfRange(PeriodBound),
    /// No days, or more than a year.
    Nonsense,
    /// The calendar has no data for the year the period ends in.
    Calendar(PeriodError),
}

/// The last day of an evidence period of `days` from `from` under `procedure`, or why not.
pub fn evidence_period_end(
    calendar: &HolidayCalendar,
    procedure: EvidenceProcedure,
    from: NaiveDate,
    days: u32,
) -> Result<NaiveDate, PeriodRefusal> {
    if days == 0 || days > 366 {
        return Err(PeriodRefusal::Nonsense);
    }
    let bound = period_bound(procedure);
    if bound.min_days.is_some_and(|min| days < min) || bound.max_days.is_some_and(|max| days > max)
    {
        return Err(PeriodRefusal::OutOfRange(bound));
    }
    calendar
        .period_end(from, days)
        .map_err(PeriodRefusal::Calendar)
}

/// The mode of the exchange and why (OLR Art. 14: "当事人同意在线证据交换但对方式未达成一致的，
/// 适用同步方式" — parties agreeing to go online but not on the mode: synchronous). `choices` are
/// the latest choice of each party who made one; `parties` how many take part.
pub fn mode(
    choices: &[ExchangeMode],
    parties: usize,
    ordered: Option<ExchangeMode>,
) -> (ExchangeMode, &'static str) {
    match choices.first() {
        None => (ordered.unwrap_or(ExchangeMode::Synchronous), "ordered"),
        Some(first) if choices.len() >= parties && choices.iter().all(|c| c == first) => {
            (*first, "agreed")
        }
        // Different choices, or some parties chose and others did not: no agreement.
        Some(_) => (ExchangeMode::Synchronous, "no_agreement"),
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpinionProblem {
    /// A property disputed or partly agreed without a reason (which one).
    ReasonMissing(&'static str),
    /// A reason longer than the court keeps.
    ReasonTooLong(&'static str),
    /// A copy said not to match without reasons.
    ObjectionWithoutReason,
}

/// What an opinion must hold (OLR Art. 15: 真实性、合法性、关联性 each answered; a dispute with
/// its reasons).
pub fn check_opinion(o: &OpinionRequest) -> Result<(), OpinionProblem> {
    for (name, p) in [
        ("authenticity", &o.authenticity),
        ("legality", &o.legality),
        ("relevance", &o.relevance),
    ] {
        let reason = p.reason.as_deref().map(str::trim).unwrap_or("");
        if p.stance != OpinionStance::Agreed && reason.is_empty() {
            return Err(OpinionProblem::ReasonMissing(name));
        }
        if reason.chars().count() > crate::kernel::reasons::MAX_REASON_CHARS {
            return Err(OpinionProblem::ReasonTooLong(name));
        }
    }
    let objection = o.objection_reason.as_deref().map(str::trim).unwrap_or("");
    if o.copy_matches_original == Some(false) && objection.is_empty() {
        return Err(OpinionProblem::ObjectionWithoutReason);
    }
    if objection.chars().count() > crate::kernel::reasons::MAX_REASON_CHARS {
        return Err(OpinionProblem::ReasonTooLong("objection_reason"));
    }
    Ok(())
}

/// A reasoned objection that the copy differs from the original asks the court for the
/// original (OLR Art. 12(1): "对方当事人对电子化材料与原件、原物的一致性提出异议并有合理理由的").
pub fn asks_for_original(o: &OpinionRequest) -> bool {
    o.copy_matches_original == Some(false)
        && o.objection_reason
            .as_deref()
            .is_some_and(|r| !r.trim().is_empty())
}

/// Whether an opinion disputes anything (the matrix's filter).
pub fn disputes(p: [&PropertyOpinion; 3], copy_matches: Option<bool>) -> bool {
    p.iter().any(|p| p.stance != OpinionStance::Agreed) || copy_matches == Some(false)
}

/// Whether the last day `until` (court date) has passed at `today` (court date).
pub fn period_over(until: NaiveDate, today: NaiveDate) -> bool {
    today > until
}

/// The moment an offline opinion says it was written, held to what the court can accept:
/// not after the court received it, not more than [`OFFLINE_DAYS`] before.
pub fn written_moment(said: Option<DateTime<Utc>>, now: DateTime<Utc>) -> DateTime<Utc> {
    match said {
        Some(at) if at <= now => at.max(now - Duration::days(OFFLINE_DAYS)),
        _ => now,
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ItemProblem {
    Empty(&'static str),
    TooLong(&'static str),
    Pages,
    NoFiles,
    TooManyFiles,
    FileHash,
}

/// Longest name, source or purpose the court keeps.
pub const MAX_FIELD_CHARS: usize = 500;
pub const MAX_FILES_PER_ITEM: usize = 20;

/// What an item must hold: name, source and purpose, a page count, and at least one file
/// named by its hash.
pub fn check_item(item: &NewEvidenceItem) -> Result<(), ItemProblem> {
    for (name, value) in [
        ("name", &item.name),
        ("source", &item.source),
        ("proves", &item.proves),
    ] {
        if value.trim().is_empty() {
            return Err(ItemProblem::Empty(name));
        }
        if value.chars().count() > MAX_FIELD_CHARS {
            return Err(ItemProblem::TooLong(name));
        }
    }
    if !(0..=100_000).contains(&item.pages) {
        return Err(ItemProblem::Pages);
    }
    if item.files.is_empty() {
        return Err(ItemProblem::NoFiles);
    }
    if item.files.len() > MAX_FILES_PER_ITEM {
        return Err(ItemProblem::TooManyFiles);
    }
    for f in &item.files {
        if !is_sha256(&f.sha256) {
            return Err(ItemProblem::FileHash);
        }
        if f.name.trim().is_empty() {
            return Err(ItemProblem::Empty("files.name"));
        }
        if f.name.chars().count() > MAX_FIELD_CHARS {
            return Err(ItemProblem::TooLong("files.name"));
        }
    }
    Ok(())
}

pub fn is_sha256(s: &str) -> bool {
    s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The seal of one version: the SHA-256 of its fields and its files, one per line, separated by
/// 0x1F, so that no two different versions share a seal (the files' bytes are sealed by their
/// own hashes, which the seal covers).
pub fn seal(item_id: i64, version: i64, v: &NewEvidenceItem) -> String {
    let mut h = Sha256::new();
    let original = match v.original {
        OriginalOrCopy::Original => "original",
        OriginalOrCopy::Copy => "copy",
    };
    for part in [
        item_id.to_string().as_str(),
        version.to_string().as_str(),
        v.name.as_str(),
        v.source.as_str(),
        v.proves.as_str(),
        original,
        v.pages.to_string().as_str(),
    ] {
        h.update(part.as_bytes());
        h.update([0x1F]);
    }
    for EvidenceFile {
        name,
        mime_type,
        size_bytes,
        sha256,
    } in &v.files
    {
        h.update([0x1E]);
        for part in [
            name.as_str(),
            mime_type.as_str(),
            size_bytes.to_string().as_str(),
            &sha256.to_ascii_lowercase(),
        ] {
            h.update(part.as_bytes());
            h.update([0x1F]);
        }
    }
    hex::encode(h.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn an_ordinary_period_is_at_least_fifteen_days() {
        // 民诉法解释 第九十九条第二款："人民法院确定举证期限，第一审普通程序案件不得少于十五日".
        let cal = HolidayCalendar::china();
        let from = d("2026-11-20");
        assert!(matches!(
            evidence_period_end(&cal, EvidenceProcedure::Ordinary, from, 14),
            Err(PeriodRefusal::OutOfRange(b)) if b.rule.contains("第九十九条")
        ));
        // 15 days from Friday 20 November: Saturday 5 December, a day off → Monday 7 December
        // (民事诉讼法 第八十五条: the start day is not counted; the last day on a holiday moves to
        // the next working day).
        assert_eq!(
            evidence_period_end(&cal, EvidenceProcedure::Ordinary, from, 15),
            Ok(d("2026-12-07"))
        );
        assert!(evidence_period_end(&cal, EvidenceProcedure::Ordinary, from, 30).is_ok());
    }

    #[test]
    fn a_summary_period_is_at_most_fifteen_days() {
        // 第二百六十六条第一款："……但不得超过十五日".
        let cal = HolidayCalendar::china();
        let from = d("2026-11-20");
        assert!(evidence_period_end(&cal, EvidenceProcedure::Summary, from, 15).is_ok());
        assert!(matches!(
            evidence_period_end(&cal, EvidenceProcedure::Summary, from, 16),
            Err(PeriodRefusal::OutOfRange(b)) if b.rule.contains("第二百六十六条")
        ));
        assert!(evidence_period_end(&cal, EvidenceProcedure::Summary, from, 3).is_ok());
    }

    #[test]
    fn a_small_claims_period_is_at_most_seven_days() {
        // 第二百七十五条第一款："……但一般不超过七日".
        let cal = HolidayCalendar::china();
        let from = d("2026-11-20");
        // 7 days from Friday 20 November: Friday 27 November, a working day.
        assert_eq!(
            evidence_period_end(&cal, EvidenceProcedure::SmallClaims, from, 7),
            Ok(d("2026-11-27"))
        );
        assert!(matches!(
            evidence_period_end(&cal, EvidenceProcedure::SmallClaims, from, 8),
            Err(PeriodRefusal::OutOfRange(b)) if b.rule.contains("第二百七十五条")
        ));
        assert_eq!(
            evidence_period_end(&cal, EvidenceProcedure::SmallClaims, from, 0),
            Err(PeriodRefusal::Nonsense)
        );
    }

    #[test]
    fn the_mode_is_synchronous_without_agreement_on_it() {
        // OLR 第十四条第二款："当事人均同意在线证据交换，但对具体方式未达成一致的，适用同步方式" (in
        // substance: agreeing to go online but not on the mode → synchronous).
        use ExchangeMode::*;
        assert_eq!(
            mode(&[Asynchronous, Asynchronous], 2, None),
            (Asynchronous, "agreed")
        );
        assert_eq!(
            mode(&[Asynchronous, Synchronous], 2, Some(Asynchronous)),
            (Synchronous, "no_agreement")
        );
        assert_eq!(
            mode(&[Asynchronous], 2, None),
            (Synchronous, "no_agreement")
        );
        assert_eq!(mode(&[], 2, Some(Asynchronous)), (Asynchronous, "ordered"));
        assert_eq!(mode(&[], 2, None), (Synchronous, "ordered"));
    }

    fn agreed() -> PropertyOpinion {
        PropertyOpinion {
            stance: OpinionStance::Agreed,
            reason: None,
        }
    }

    fn opinion() -> OpinionRequest {
        OpinionRequest {
            version: 1,
            authenticity: agreed(),
            legality: agreed(),
            relevance: agreed(),
            copy_matches_original: Some(true),
            objection_reason: None,
            on_behalf_of: None,
        }
    }

    #[test]
    fn a_dispute_needs_its_reasons() {
        // OLR 第十五条: 当事人……围绕证据的真实性、合法性、关联性……发表质证意见.
        assert_eq!(check_opinion(&opinion()), Ok(()));
        let mut o = opinion();
        o.relevance.stance = OpinionStance::PartlyAgreed;
        assert_eq!(
            check_opinion(&o),
            Err(OpinionProblem::ReasonMissing("relevance"))
        );
        o.relevance.reason = Some("只能证明借款，不能证明利息约定".into());
        assert_eq!(check_opinion(&o), Ok(()));
        assert!(disputes([&o.authenticity, &o.legality, &o.relevance], None));
    }

    #[test]
    fn a_reasoned_objection_to_the_copy_asks_for_the_original() {
        // OLR 第十二条第一款第（一）项: 对方当事人对电子化材料与原件、原物的一致性提出异议并有合理理由的.
        let mut o = opinion();
        o.copy_matches_original = Some(false);
        assert_eq!(
            check_opinion(&o),
            Err(OpinionProblem::ObjectionWithoutReason)
        );
        assert!(!asks_for_original(&o));
        o.objection_reason = Some("借条上的签名与原件笔迹不同".into());
        assert_eq!(check_opinion(&o), Ok(()));
        assert!(asks_for_original(&o));
        assert!(disputes(
            [&o.authenticity, &o.legality, &o.relevance],
            Some(false)
        ));
    }

    #[test]
    fn a_version_is_sealed_by_everything_in_it() {
        let item = NewEvidenceItem {
            name: "借条".into(),
            source: "原告保存".into(),
            proves: "借款事实".into(),
            original: OriginalOrCopy::Copy,
            pages: 1,
            files: vec![EvidenceFile {
                name: "借条.pdf".into(),
                mime_type: "application/pdf".into(),
                size_bytes: 10,
                sha256: "a".repeat(64),
            }],
        };
        let s = seal(1, 1, &item);
        assert_eq!(s, seal(1, 1, &item));
        assert_ne!(s, seal(1, 2, &item));
        let mut other = item.clone();
        other.files[0].sha256 = "b".repeat(64);
        assert_ne!(s, seal(1, 1, &other));
        let mut other = item.clone();
        other.pages = 2;
        assert_ne!(s, seal(1, 1, &other));
    }

    #[test]
    fn an_offline_moment_is_held_to_what_the_court_accepts() {
        let now = Utc::now();
        assert_eq!(written_moment(None, now), now);
        assert_eq!(written_moment(Some(now + Duration::hours(1)), now), now);
        let an_hour_ago = now - Duration::hours(1);
        assert_eq!(written_moment(Some(an_hour_ago), now), an_hour_ago);
        assert_eq!(
            written_moment(Some(now - Duration::days(30)), now),
            now - Duration::days(OFFLINE_DAYS)
        );
    }
}
