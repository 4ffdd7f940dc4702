//! What the UI receives and sends, beyond the court's own wire types.

use chrono::NaiveDate;
use ecourt_api::{Account, CaseDetail, CaseSummary, Deadline};
use ecourt_domain::{AccountKind, CaseRole, CaseStage};
use ecourt_store::OutboxEntry;

use crate::error::app_code;
use crate::AppErrorCode;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DemoAccountView {
    pub username: String,
    pub display_name: String,
    pub kind: AccountKind,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AppInfo {
    pub version: String,
    /// True when the court service runs inside the app with demo data.
    pub embedded: bool,
    pub court_url: String,
    /// Demo accounts (embedded mode only), all with the demo password.
    pub demo_accounts: Vec<DemoAccountView>,
    pub demo_password: Option<String>,
    /// Every stage a case can be in, in the order a case passes through them (the case list's
    /// filter offers these).
    pub case_stages: Vec<CaseStage>,
    /// Every role a person can hold in a case, mediators included.
    pub case_roles: Vec<CaseRole>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SessionView {
    pub account: Account,
    /// Court staff (clerks, judges) see their court's cases and its queues; the UI asks this
    /// instead of deciding it from the account kind itself.
    pub court_staff: bool,
}

impl SessionView {
    pub fn new(account: Account) -> Self {
        SessionView {
            court_staff: account.kind.is_court_staff(),
            account,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
pub struct CaseListQuery {
    pub text: Option<String>,
    pub stage: Option<CaseStage>,
    pub role: Option<CaseRole>,
}

/// A row of the case list: the court's summary of the case, and the days left until its next
/// deadline counted on the court's calendar date (Beijing time), not the machine's.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseListItem {
    #[serde(flatten)]
    #[ts(flatten)]
    pub summary: CaseSummary,
    /// Whole days from the court's date today to the next deadline: 0 when it falls due today,
    /// negative when it has passed; none without a deadline.
    pub days_left: Option<i64>,
    /// The parties the signed-in person acts for as an agent (委托人); empty when they act for
    /// nobody.
    pub clients: Vec<String>,
    /// The plaintiffs' and the defendants' names, for the list's party column.
    pub plaintiffs: Vec<String>,
    pub defendants: Vec<String>,
}

impl CaseListItem {
    /// The row as it reads on `today`, the court's date.
    pub fn on(summary: CaseSummary, today: NaiveDate) -> Self {
        let days_left = summary
            .next_deadline
            .as_ref()
            .and_then(|d| days_left(d, today));
        CaseListItem {
            summary,
            days_left,
            clients: vec![],
            plaintiffs: vec![],
            defendants: vec![],
        }
    }

    /// The row of a case as `me` (the signed-in person's name in the case) reads it on `today`.
    pub fn of(detail: CaseDetail, me: &str, today: NaiveDate) -> Self {
        let names = |role: CaseRole| -> Vec<String> {
            detail
                .participants
                .iter()
                .filter(|p| p.role == role)
                .map(|p| p.name.clone())
                .collect()
        };
        let clients = if detail.summary.my_roles.contains(&CaseRole::Agent) {
            detail
                .participants
                .iter()
                .filter(|p| p.role == CaseRole::Agent && p.name == me)
                .filter_map(|p| p.represents.clone())
                .collect()
        } else {
            vec![]
        };
        let (plaintiffs, defendants) = (names(CaseRole::Plaintiff), names(CaseRole::Defendant));
        CaseListItem {
            clients,
            plaintiffs,
            defendants,
            ..CaseListItem::on(detail.summary, today)
        }
    }
}

/// Lets code that reads a row as a summary (`row.cause`, `row.id`) keep doing so.
impl std::ops::Deref for CaseListItem {
    type Target = CaseSummary;
    fn deref(&self) -> &CaseSummary {
        &self.summary
    }
}

/// Days from `today` to the deadline's date; none if the court sent a date that is not one.
fn days_left(deadline: &Deadline, today: NaiveDate) -> Option<i64> {
    let due = NaiveDate::parse_from_str(&deadline.date, "%Y-%m-%d").ok()?;
    Some((due - today).num_days())
}

/// A case as the detail screen shows it: the court's record plus the user's actions still on
/// their way (shown as 待发送) or refused.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CaseView {
    pub detail: CaseDetail,
    pub outbox: Vec<OutboxView>,
}

/// One of the user's actions still in the outbox, with the court's refusal as a code the UI words
/// in the user's language (the entry's `rejection` is the court's English detail).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OutboxView {
    #[serde(flatten)]
    #[ts(flatten)]
    pub entry: OutboxEntry,
    /// Why the court refused it, for rejected entries.
    pub refusal: Option<AppErrorCode>,
}

impl From<OutboxEntry> for OutboxView {
    fn from(entry: OutboxEntry) -> Self {
        OutboxView {
            refusal: entry.rejection_code.map(app_code),
            entry,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DocumentView {
    pub case_id: i64,
    pub document_id: i64,
    pub mime_type: String,
    /// The text, for text documents.
    pub text: Option<String>,
}

/// Something the court told the user in one of their cases (a notice on the timeline).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct NoticeView {
    pub case_id: i64,
    /// The case number, or the cause while the case has none.
    pub case_label: String,
    pub event_id: i64,
    pub at: String,
    pub kind: String,
    pub title: String,
    pub detail: Option<String>,
    /// Opened on this computer by this account (its case was opened since it arrived).
    pub read: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::court_date;
    use chrono::{DateTime, Utc};
    use ecourt_domain::CaseType;

    fn summary(deadline: Option<&str>) -> CaseSummary {
        CaseSummary {
            id: 1,
            case_number: None,
            court_code: "K0101".into(),
            court_name: "演示区人民法院".into(),
            cause: "民间借贷纠纷".into(),
            case_type: CaseType::CivilFirstInstance,
            stage: CaseStage::FilingReview,
            my_roles: vec![CaseRole::Plaintiff],
            next_deadline: deadline.map(|date| Deadline {
                date: date.into(),
                label: "立案审查期限".into(),
            }),
            updated_at: "2026-03-01T00:00:00.000Z".into(),
        }
    }

    fn at(instant: &str) -> NaiveDate {
        court_date(instant.parse::<DateTime<Utc>>().unwrap())
    }

    #[test]
    fn days_left_count_whole_days_to_the_deadline() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let left = |d| CaseListItem::on(summary(Some(d)), today).days_left;
        assert_eq!(left("2026-03-09"), Some(7));
        assert_eq!(left("2026-03-02"), Some(0), "due today");
        assert_eq!(left("2026-02-27"), Some(-3), "three days overdue");
        // Across a month end.
        assert_eq!(left("2026-04-01"), Some(30));
        assert_eq!(CaseListItem::on(summary(None), today).days_left, None);
        assert_eq!(left("not a date"), None);
    }

    #[test]
    fn days_left_are_counted_on_the_courts_date_not_the_machines() {
        // 16:30 UTC on 1 March is 00:30 on 2 March in Beijing: for the court a deadline of
        // 2 March falls due today, although a machine on UTC still reads 1 March.
        let item = CaseListItem::on(summary(Some("2026-03-02")), at("2026-03-01T16:30:00Z"));
        assert_eq!(item.days_left, Some(0));
        // Half an hour earlier it is still 1 March at the court: one day left.
        let item = CaseListItem::on(summary(Some("2026-03-02")), at("2026-03-01T15:30:00Z"));
        assert_eq!(item.days_left, Some(1));
        // And 07:59 Beijing time on 2 March is 23:59 UTC on 1 March.
        assert_eq!(
            at("2026-03-01T23:59:00Z"),
            NaiveDate::from_ymd_opt(2026, 3, 2).unwrap()
        );
    }

    #[test]
    fn a_row_serialises_as_the_summary_plus_days_left() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let json =
            serde_json::to_value(CaseListItem::on(summary(Some("2026-03-05")), today)).unwrap();
        assert_eq!(json["cause"], "民间借贷纠纷");
        assert_eq!(json["next_deadline"]["date"], "2026-03-05");
        assert_eq!(json["days_left"], 3);
    }

    #[test]
    fn a_row_names_the_parties_and_whom_the_agent_acts_for() {
        let mut s = summary(None);
        s.my_roles = vec![CaseRole::Agent];
        let detail: CaseDetail = serde_json::from_value(serde_json::json!({
            "summary": s,
            "participants": [
                {"name": "张晓梅", "role": "plaintiff", "represents": null, "note": null},
                {"name": "赵丽华", "role": "plaintiff", "represents": null, "note": null},
                {"name": "李建国", "role": "defendant", "represents": null, "note": null},
                {"name": "王雪峰", "role": "agent", "represents": "张晓梅", "note": "律所"},
                {"name": "陈德明", "role": "agent", "represents": "李建国", "note": null},
            ],
            "events": [],
            "documents": [],
        }))
        .unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
        let row = CaseListItem::of(detail.clone(), "王雪峰", today);
        assert_eq!(row.clients, ["张晓梅"]);
        assert_eq!(row.plaintiffs, ["张晓梅", "赵丽华"]);
        assert_eq!(row.defendants, ["李建国"]);
        // Another agent of the case acts for someone else; a party acts for nobody.
        assert_eq!(
            CaseListItem::of(detail.clone(), "陈德明", today).clients,
            ["李建国"]
        );
        let mut as_party = detail;
        as_party.summary.my_roles = vec![CaseRole::Plaintiff];
        assert!(CaseListItem::of(as_party, "张晓梅", today)
            .clients
            .is_empty());
    }

    #[test]
    fn a_refused_action_carries_the_courts_code_for_the_ui_to_word() {
        let entry = OutboxEntry {
            mutation_id: 3,
            case_id: Some(1),
            action: ecourt_api::ActionBody::SendMessage {
                case_id: 1,
                text: "hello".into(),
            },
            created_at: "2026-03-01T00:00:00.000Z".into(),
            state: ecourt_store::OutboxState::Rejected,
            attempts: 1,
            last_error: None,
            rejection: Some("the text holds a control character".into()),
            rejection_code: Some(ecourt_api::ApiErrorCode::InvalidText),
        };
        let view = OutboxView::from(entry);
        assert_eq!(view.refusal, Some(AppErrorCode::InvalidText));
        let json = serde_json::to_value(&view).unwrap();
        assert_eq!(json["refusal"], "invalid_text");
        assert_eq!(json["mutation_id"], 3);
        // The court's own code stays inside the core; the window gets the app's.
        assert!(json.get("rejection_code").is_none());
    }

    #[test]
    fn only_clerks_and_judges_are_court_staff_on_screen() {
        let account = |kind| Account {
            id: 1,
            username: "u".into(),
            display_name: "某人".into(),
            kind,
            court_code: None,
        };
        for kind in [
            AccountKind::Party,
            AccountKind::Lawyer,
            AccountKind::LegalWorker,
        ] {
            assert!(!SessionView::new(account(kind)).court_staff, "{kind:?}");
        }
        for kind in [AccountKind::Clerk, AccountKind::Judge] {
            assert!(SessionView::new(account(kind)).court_staff, "{kind:?}");
        }
    }
}
