//! The to-do panel (待办): what the signed-in person has to do in their cases, worked out here
//! from the cached cases so it is there offline too, and apart from it the dates the court
//! keeps (its review deadline, the hearings it set), which ask nothing of the person.
//!
//! Only the person's own duties: a correction or a fee falls to the filer's side (the plaintiff
//! or the plaintiff's agent), never to the defendant who sees the same case; a hearing to
//! answer is the person's own summons (`you` on the court's attendee list) still unanswered;
//! documents served and answers to the person's requests count until they are read here.

use crate::clock::court_date;
use crate::{App, AppError, AppErrorCode, AppResult};
use chrono::NaiveDate;
use ecourt_api::{Account, AttendanceMode, CaseDetail, FeeStatus, FilingStatus, HearingState};
use ecourt_domain::CaseRole;
use ecourt_store::{ReadKind, ReadMarks};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// How far back a served document or an answer still counts as new.
pub(crate) const NEW_DAYS: i64 = 60;

/// The kinds of documents the court serves on the people in a case (送达): the rest are the
/// parties' own filings.
pub(crate) const SERVED_DOCUMENT_KINDS: [&str; 7] = [
    "notice",
    "summons",
    "judgment",
    "ruling",
    "mediation_statement",
    "fee_notice",
    "receipt",
];

/// The court's answers to what the filer asked of it (the filing application).
pub(crate) const ANSWER_EVENT_KINDS: [&str; 3] =
    ["filing_registered", "filing_rejected", "filing_returned"];

/// What the person has to do (the UI words each kind in the user's language).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DutyKind {
    /// 补正: the court asked for corrections to the filing, by a deadline.
    CorrectionDue,
    /// 交费: the fee notice is unpaid (7 days, or the suit is treated as withdrawn).
    FeeDue,
    /// 答复开庭方式: the person's summons to a hearing is not answered yet (online or not).
    HearingToAnswer,
    /// 新送达文书: a document the court served, not opened on this computer yet.
    DocumentServed,
    /// 申请已答复: the court decided on the person's filing application; not read yet.
    RequestAnswered,
}

/// One duty of the signed-in person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Duty {
    pub kind: DutyKind,
    pub case_id: i64,
    /// The case number, or the cause while the case has none.
    pub case_label: String,
    /// The last day (`YYYY-MM-DD`, the court's calendar), when the duty has one.
    pub due_date: Option<String>,
    /// Whole days from the court's date today to `due_date`: negative when passed.
    pub days_left: Option<i64>,
    /// The hearing, document or event it is about.
    pub item_id: Option<i64>,
    /// The document's kind code (`summons`, `judgment`…) or the event's, for the UI's words.
    pub item_kind: Option<String>,
    /// When the court did it (RFC 3339), for served documents and answers.
    pub at: Option<String>,
}

/// What a court-side date is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CourtDateKind {
    /// The last day of the court's 7-day review of a filing (the court's duty, not the filer's).
    FilingReview,
    /// A hearing the court set, already answered (or not the person's to answer).
    Hearing,
}

/// A date the court keeps in one of the person's cases: shown apart, it asks nothing of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CourtDate {
    pub kind: CourtDateKind,
    pub case_id: i64,
    pub case_label: String,
    /// `YYYY-MM-DD`, the court's calendar.
    pub date: String,
    pub days_left: i64,
    /// The hearing's start (RFC 3339), for hearings.
    pub at: Option<String>,
    pub item_id: Option<i64>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TodoList {
    /// The person's own duties, the most urgent first (those without a date last).
    pub duties: Vec<Duty>,
    /// The court's dates, soonest first.
    pub court_dates: Vec<CourtDate>,
}

/// The case number, or the cause while the case has none.
pub(crate) fn case_label(detail: &CaseDetail) -> String {
    detail
        .summary
        .case_number
        .clone()
        .unwrap_or_else(|| detail.summary.cause.clone())
}

fn days_to(date: &str, today: NaiveDate) -> Option<i64> {
    let due = NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()?;
    Some((due - today).num_days())
}

/// Whether the account is on the filer's side of the case: a plaintiff, or the agent of one.
fn on_filers_side(account: &Account, detail: &CaseDetail) -> bool {
    let roles = &detail.summary.my_roles;
    if roles.contains(&CaseRole::Plaintiff) {
        return true;
    }
    if !roles.contains(&CaseRole::Agent) {
        return false;
    }
    let plaintiffs: Vec<&str> = detail
        .participants
        .iter()
        .filter(|p| p.role == CaseRole::Plaintiff)
        .map(|p| p.name.as_str())
        .collect();
    detail.participants.iter().any(|p| {
        p.role == CaseRole::Agent
            && p.name == account.display_name
            && p.represents
                .as_deref()
                .is_some_and(|r| plaintiffs.contains(&r))
    })
}

/// The to-do list of `account` over its cached cases, on the court's date `today`; `since`
/// (RFC 3339) is how far back a served document or an answer still counts as new.
pub fn todo_list(
    account: &Account,
    cases: &[CaseDetail],
    marks: &ReadMarks,
    today: NaiveDate,
    since: &str,
) -> TodoList {
    let mut list = TodoList::default();
    if account.kind.is_court_staff() {
        // The court's people work from their queues; their cases are the court's, not theirs.
        return list;
    }
    for case in cases {
        let id = case.summary.id;
        let label = case_label(case);
        let duty =
            |kind, due: Option<&str>, item_id, item_kind: Option<&str>, at: Option<&str>| Duty {
                kind,
                case_id: id,
                case_label: label.clone(),
                due_date: due.map(str::to_string),
                days_left: due.and_then(|d| days_to(d, today)),
                item_id,
                item_kind: item_kind.map(str::to_string),
                at: at.map(str::to_string),
            };
        let filer = on_filers_side(account, case);
        if let Some(filing) = &case.filing {
            if filer && filing.status == FilingStatus::CorrectionRequested {
                if let Some(c) = filing
                    .correction
                    .as_ref()
                    .filter(|c| c.answered_at.is_none())
                {
                    list.duties.push(duty(
                        DutyKind::CorrectionDue,
                        Some(&c.deadline),
                        None,
                        None,
                        None,
                    ));
                }
            }
            if let Some(fee) = filing
                .fee
                .as_ref()
                .filter(|f| f.status == FeeStatus::Unpaid)
            {
                if filer {
                    list.duties.push(duty(
                        DutyKind::FeeDue,
                        Some(&fee.due_date),
                        None,
                        None,
                        None,
                    ));
                }
            }
            if filing.status == FilingStatus::UnderReview {
                if let Some(days_left) = days_to(&filing.review_due, today) {
                    list.court_dates.push(CourtDate {
                        kind: CourtDateKind::FilingReview,
                        case_id: id,
                        case_label: label.clone(),
                        date: filing.review_due.clone(),
                        days_left,
                        at: None,
                        item_id: None,
                    });
                }
            }
        }
        for h in &case.hearings {
            if h.state != HearingState::Scheduled {
                continue;
            }
            let Ok(starts) = h.scheduled_at.parse::<chrono::DateTime<chrono::Utc>>() else {
                continue;
            };
            let day = court_date(starts);
            if day < today {
                continue;
            }
            let date = day.format("%Y-%m-%d").to_string();
            let mine = h.attendees.iter().find(|a| a.you);
            if mine.is_some_and(|a| a.mode == AttendanceMode::Pending) {
                let mut d = duty(
                    DutyKind::HearingToAnswer,
                    Some(&date),
                    Some(h.id),
                    None,
                    None,
                );
                d.at = Some(h.scheduled_at.clone());
                list.duties.push(d);
            } else {
                list.court_dates.push(CourtDate {
                    kind: CourtDateKind::Hearing,
                    case_id: id,
                    case_label: label.clone(),
                    days_left: (day - today).num_days(),
                    date,
                    at: Some(h.scheduled_at.clone()),
                    item_id: Some(h.id),
                });
            }
        }
        for doc in &case.documents {
            if SERVED_DOCUMENT_KINDS.contains(&doc.kind.as_str())
                && doc.created_at.as_str() >= since
                && !marks.is_read(ReadKind::Document, id, doc.id)
            {
                list.duties.push(duty(
                    DutyKind::DocumentServed,
                    None,
                    Some(doc.id),
                    Some(&doc.kind),
                    Some(&doc.created_at),
                ));
            }
        }
        if filer {
            for e in &case.events {
                if ANSWER_EVENT_KINDS.contains(&e.kind.as_str())
                    && e.at.as_str() >= since
                    && !marks.is_read(ReadKind::Event, id, e.id)
                {
                    list.duties.push(duty(
                        DutyKind::RequestAnswered,
                        None,
                        Some(e.id),
                        Some(&e.kind),
                        Some(&e.at),
                    ));
                }
            }
        }
    }
    // Dated duties by their last day, then the rest newest first.
    list.duties
        .sort_by(|a, b| match (&a.due_date, &b.due_date) {
            (Some(x), Some(y)) => x.cmp(y).then(a.case_id.cmp(&b.case_id)),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => b.at.cmp(&a.at),
        });
    list.court_dates
        .sort_by(|a, b| a.date.cmp(&b.date).then(a.at.cmp(&b.at)));
    list
}

impl App {
    /// The signed-in account, or "sign in first".
    pub(crate) async fn account(&self) -> AppResult<Account> {
        self.session
            .lock()
            .await
            .as_ref()
            .map(|s| s.account.clone())
            .ok_or_else(|| AppError::new(AppErrorCode::NotSignedIn, "sign in first"))
    }

    /// The signed-in person's to-do list, from the cache (offline too).
    pub async fn todo(&self) -> AppResult<TodoList> {
        let account = self.account().await?;
        let store = self.store().await?;
        let cases = store.cases_updated_since("").await?;
        let marks = store.read_marks().await?;
        let now = self.now();
        let since = crate::clock::stamp(now - chrono::Duration::days(NEW_DAYS));
        Ok(todo_list(&account, &cases, &marks, court_date(now), &since))
    }

    /// Marks notices (timeline events) or documents of a case read on this computer.
    pub async fn mark_read(&self, kind: ReadKind, case_id: i64, ids: Vec<i64>) -> AppResult<()> {
        let store = self.store().await?;
        Ok(store
            .mark_read(kind, case_id, &ids, &crate::clock::stamp(self.now()))
            .await?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ecourt_api::{
        CaseDocument, CaseEvent, CaseParticipant, CaseSummary, CorrectionNotice, FeeNotice,
        FilingState, HearingAttendee, HearingSummary,
    };
    use ecourt_domain::{AccountKind, CaseStage, CaseType};

    fn account(name: &str, kind: AccountKind) -> Account {
        Account {
            id: 1,
            username: name.into(),
            display_name: name.into(),
            kind,
            court_code: None,
        }
    }

    fn person(name: &str, role: CaseRole, represents: Option<&str>) -> CaseParticipant {
        CaseParticipant {
            name: name.into(),
            role,
            represents: represents.map(Into::into),
            note: None,
        }
    }

    /// A registered case with an unpaid fee, an open correction notice, a hearing and a summons.
    fn case(my_roles: Vec<CaseRole>, you_pending: bool) -> CaseDetail {
        let application = ecourt_domain::FilingApplication {
            court_code: "渝0103".into(),
            case_type: CaseType::CivilFirstInstance,
            cause: "民间借贷纠纷".into(),
            plaintiffs: vec![],
            defendants: vec![],
            third_parties: vec![],
            agents: vec![],
            claims: vec![],
            facts_and_reasons: String::new(),
            evidence: vec![],
        };
        CaseDetail {
            summary: CaseSummary {
                id: 7,
                case_number: Some("（2026）渝0103民初7号".into()),
                court_code: "K0101".into(),
                court_name: "演示区人民法院".into(),
                cause: "民间借贷纠纷".into(),
                case_type: CaseType::CivilFirstInstance,
                stage: CaseStage::AwaitingHearing,
                my_roles,
                next_deadline: None,
                updated_at: "2026-03-01T00:00:00.000Z".into(),
            },
            participants: vec![
                person("原告甲", CaseRole::Plaintiff, None),
                person("被告乙", CaseRole::Defendant, None),
                person("律师丙", CaseRole::Agent, Some("原告甲")),
                person("代理丁", CaseRole::Agent, Some("被告乙")),
            ],
            events: vec![CaseEvent {
                id: 30,
                at: "2026-03-01T02:00:00.000Z".into(),
                kind: "filing_registered".into(),
                title: "立案".into(),
                detail: None,
                actor: None,
            }],
            documents: vec![
                CaseDocument {
                    id: 40,
                    title: "传票".into(),
                    kind: "summons".into(),
                    mime_type: "text/plain".into(),
                    size_bytes: 1,
                    sha256: "0".repeat(64),
                    created_at: "2026-03-01T03:00:00.000Z".into(),
                },
                CaseDocument {
                    id: 41,
                    title: "起诉状".into(),
                    kind: "complaint".into(),
                    mime_type: "text/plain".into(),
                    size_bytes: 1,
                    sha256: "1".repeat(64),
                    created_at: "2026-03-01T03:00:00.000Z".into(),
                },
            ],
            filing: Some(FilingState {
                status: FilingStatus::CorrectionRequested,
                submitted_at: "2026-02-20T00:00:00.000Z".into(),
                review_due: "2026-03-03".into(),
                round: 1,
                application,
                first_application: None,
                correction: Some(CorrectionNotice {
                    issued_at: "2026-03-01T00:00:00.000Z".into(),
                    issued_by: "刘婷".into(),
                    deadline: "2026-03-08".into(),
                    items: vec![],
                    answered_at: None,
                }),
                decision_reasons: None,
                fee: Some(FeeNotice {
                    payment_number: "1".into(),
                    amount: "50.00".into(),
                    breakdown: vec![],
                    issued_at: "2026-03-01T00:00:00.000Z".into(),
                    due_date: "2026-03-09".into(),
                    status: FeeStatus::Unpaid,
                    pay_uri: String::new(),
                    paid_at: None,
                    receipt_document_id: None,
                }),
            }),
            hearings: vec![HearingSummary {
                id: 5,
                // 09:30 Beijing time on 10 March.
                scheduled_at: "2026-03-10T01:30:00.000Z".into(),
                courtroom: "第三法庭".into(),
                state: HearingState::Scheduled,
                attendees: vec![HearingAttendee {
                    name: "x".into(),
                    role: CaseRole::Plaintiff,
                    mode: if you_pending {
                        AttendanceMode::Pending
                    } else {
                        AttendanceMode::Online
                    },
                    ground: None,
                    you: true,
                }],
            }],
            evidence: None,
        }
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
    }

    fn kinds(list: &TodoList) -> Vec<DutyKind> {
        list.duties.iter().map(|d| d.kind).collect()
    }

    const SINCE: &str = "2026-01-01T00:00:00.000Z";

    #[test]
    fn the_filer_owes_the_correction_and_the_fee_the_defendant_does_not() {
        let marks = ReadMarks::default();
        let plaintiff = todo_list(
            &account("原告甲", AccountKind::Party),
            &[case(vec![CaseRole::Plaintiff], true)],
            &marks,
            today(),
            SINCE,
        );
        assert_eq!(
            kinds(&plaintiff),
            [
                DutyKind::CorrectionDue,
                DutyKind::FeeDue,
                DutyKind::HearingToAnswer,
                DutyKind::DocumentServed,
                DutyKind::RequestAnswered
            ]
        );
        assert_eq!(plaintiff.duties[0].days_left, Some(6));
        assert_eq!(plaintiff.duties[2].due_date.as_deref(), Some("2026-03-10"));
        // Only the summons is served; the complaint is the parties' own paper.
        assert_eq!(plaintiff.duties[3].item_id, Some(40));

        let defendant = todo_list(
            &account("被告乙", AccountKind::Party),
            &[case(vec![CaseRole::Defendant], true)],
            &marks,
            today(),
            SINCE,
        );
        assert_eq!(
            kinds(&defendant),
            [DutyKind::HearingToAnswer, DutyKind::DocumentServed]
        );
        // The defendant's agent neither; the plaintiff's agent does.
        let their_agent = todo_list(
            &account("代理丁", AccountKind::LegalWorker),
            &[case(vec![CaseRole::Agent], false)],
            &marks,
            today(),
            SINCE,
        );
        assert_eq!(kinds(&their_agent), [DutyKind::DocumentServed]);
        let our_agent = todo_list(
            &account("律师丙", AccountKind::Lawyer),
            &[case(vec![CaseRole::Agent], false)],
            &marks,
            today(),
            SINCE,
        );
        assert!(kinds(&our_agent).contains(&DutyKind::FeeDue));
        // The court's staff get no to-do list of the court's cases.
        let clerk = todo_list(
            &account("书记员", AccountKind::Clerk),
            &[case(vec![], false)],
            &marks,
            today(),
            SINCE,
        );
        assert_eq!(clerk, TodoList::default());
    }

    #[test]
    fn an_answered_hearing_is_the_courts_date_and_read_items_are_done() {
        let mut marks_src = ReadMarks::default();
        let c = case(vec![CaseRole::Defendant], false);
        let list = todo_list(
            &account("被告乙", AccountKind::Party),
            std::slice::from_ref(&c),
            &marks_src,
            today(),
            SINCE,
        );
        assert_eq!(kinds(&list), [DutyKind::DocumentServed]);
        assert_eq!(list.court_dates.len(), 1);
        assert_eq!(list.court_dates[0].kind, CourtDateKind::Hearing);
        assert_eq!(list.court_dates[0].date, "2026-03-10");
        assert_eq!(list.court_dates[0].days_left, 8);
        marks_src = marks_with(&[(ReadKind::Document, 7, 40)]);
        let list = todo_list(
            &account("被告乙", AccountKind::Party),
            &[c],
            &marks_src,
            today(),
            SINCE,
        );
        assert!(list.duties.is_empty(), "{:?}", list.duties);
        // Older than the window: not new any more.
        let list = todo_list(
            &account("被告乙", AccountKind::Party),
            &[case(vec![CaseRole::Defendant], false)],
            &ReadMarks::default(),
            today(),
            "2026-03-02T00:00:00.000Z",
        );
        assert!(list.duties.is_empty());
    }

    #[test]
    fn the_review_deadline_is_the_courts_not_the_filers() {
        let mut c = case(vec![CaseRole::Plaintiff], false);
        if let Some(f) = c.filing.as_mut() {
            f.status = FilingStatus::UnderReview;
            f.correction = None;
            f.fee = None;
        }
        c.events.clear();
        c.documents.clear();
        let list = todo_list(
            &account("原告甲", AccountKind::Party),
            &[c],
            &ReadMarks::default(),
            today(),
            SINCE,
        );
        assert!(list.duties.is_empty());
        assert_eq!(list.court_dates[0].kind, CourtDateKind::FilingReview);
        assert_eq!(list.court_dates[0].days_left, 1);
    }

    fn marks_with(items: &[(ReadKind, i64, i64)]) -> ReadMarks {
        ReadMarks::from_iter(items.iter().copied())
    }
}
