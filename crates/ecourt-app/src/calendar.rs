//! The hearings calendar (开庭日历): the hearings of the cached cases by week of the court's
//! calendar (Monday to Sunday, Beijing time, whatever the computer's zone), and an `.ics` file
//! of the hearings to come (RFC 5545) for the person's own calendar program, written into the
//! export folder like documents.
//!
//! Times in the file are UTC (`DTSTART:…Z`, RFC 5545 §3.3.5 form #2), which every calendar
//! program shows in its own zone, so no VTIMEZONE is needed. The court sets only a start, so
//! the events carry no end (§3.6.1: a DATE-TIME start without an end is an instant). Each
//! hearing keeps one UID (hearing id and court code), so importing again updates the event.

use crate::clock::court_date;
use crate::todo::case_label;
use crate::{App, AppResult};
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use ecourt_api::{AttendanceMode, CaseDetail, HearingState};
use ecourt_domain::court_time::court_time;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One hearing on the calendar.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarEntry {
    pub hearing_id: i64,
    pub case_id: i64,
    pub case_label: String,
    pub cause: String,
    pub court_name: String,
    pub court_code: String,
    pub courtroom: String,
    /// RFC 3339.
    pub scheduled_at: String,
    /// The court's date of the start, `YYYY-MM-DD`.
    pub date: String,
    pub state: HearingState,
    /// How the signed-in person takes part, when summoned.
    pub my_mode: Option<AttendanceMode>,
}

/// A week of the court's calendar and the hearings in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CalendarWeek {
    /// The seven dates, Monday first (`YYYY-MM-DD`).
    pub days: Vec<String>,
    /// The court's date today.
    pub today: String,
    /// Any day of the week before and of the week after, to ask for them.
    pub previous: String,
    pub next: String,
    /// By start, earliest first.
    pub entries: Vec<CalendarEntry>,
}

fn ymd(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// Every hearing of the cases, with its court date, earliest first.
pub(crate) fn entries(cases: &[CaseDetail]) -> Vec<CalendarEntry> {
    let mut out: Vec<CalendarEntry> = cases
        .iter()
        .flat_map(|c| {
            c.hearings.iter().filter_map(move |h| {
                let starts = h.scheduled_at.parse::<DateTime<Utc>>().ok()?;
                Some(CalendarEntry {
                    hearing_id: h.id,
                    case_id: c.summary.id,
                    case_label: case_label(c),
                    cause: c.summary.cause.clone(),
                    court_name: c.summary.court_name.clone(),
                    court_code: c.summary.court_code.clone(),
                    courtroom: h.courtroom.clone(),
                    scheduled_at: h.scheduled_at.clone(),
                    date: ymd(court_date(starts)),
                    state: h.state,
                    my_mode: h.attendees.iter().find(|a| a.you).map(|a| a.mode),
                })
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.scheduled_at
            .cmp(&b.scheduled_at)
            .then(a.hearing_id.cmp(&b.hearing_id))
    });
    out
}

/// The week (Monday to Sunday) holding `day`, with its hearings.
pub(crate) fn week(all: Vec<CalendarEntry>, day: NaiveDate, today: NaiveDate) -> CalendarWeek {
    let monday = day - Duration::days(day.weekday().num_days_from_monday() as i64);
    let days: Vec<String> = (0..7).map(|i| ymd(monday + Duration::days(i))).collect();
    let (first, last) = (days[0].clone(), days[6].clone());
    CalendarWeek {
        entries: all
            .into_iter()
            .filter(|e| e.date >= first && e.date <= last)
            .collect(),
        days,
        today: ymd(today),
        previous: ymd(monday - Duration::days(7)),
        next: ymd(monday + Duration::days(7)),
    }
}

/// A text value escaped for iCalendar (RFC 5545 §3.3.11).
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ';' => out.push_str("\\;"),
            ',' => out.push_str("\\,"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// One content line, folded after at most 75 octets, never inside a character (§3.1).
fn fold(line: &str, out: &mut String) {
    let mut width = 0;
    for c in line.chars() {
        let n = c.len_utf8();
        // The continuation's leading space counts towards its 75.
        if width + n > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += n;
    }
    out.push_str("\r\n");
}

/// The words of the file, in the user's language.
struct Words {
    hearing: &'static str,
    online: &'static str,
    offline: &'static str,
    pending: &'static str,
    time_note: &'static str,
}

const ZH: Words = Words {
    hearing: "开庭",
    online: "在线参加",
    offline: "到法院参加",
    pending: "尚未答复参加方式",
    time_note: "北京时间",
};
const EN: Words = Words {
    hearing: "Hearing",
    online: "taking part online",
    offline: "taking part at the court",
    pending: "how you take part is not answered yet",
    time_note: "Beijing time",
};

/// The hearings as an iCalendar file (RFC 5545), stamped `now`.
pub(crate) fn ics(entries: &[CalendarEntry], now: DateTime<Utc>, english: bool) -> String {
    let w = if english { &EN } else { &ZH };
    let utc = |t: DateTime<Utc>| t.format("%Y%m%dT%H%M%SZ").to_string();
    let mut out = String::new();
    for line in [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//e-Court Desktop//Hearings//ZH",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
    ] {
        fold(line, &mut out);
    }
    for e in entries {
        let Ok(starts) = e.scheduled_at.parse::<DateTime<Utc>>() else {
            continue;
        };
        let mode = match e.my_mode {
            Some(AttendanceMode::Online) => Some(w.online),
            Some(AttendanceMode::Offline) => Some(w.offline),
            Some(AttendanceMode::Pending) => Some(w.pending),
            None => None,
        };
        let mut description = format!(
            "{} {}（{}）\n{}",
            e.case_label,
            e.cause,
            w.time_note,
            court_time(starts).format("%Y-%m-%d %H:%M")
        );
        if let Some(mode) = mode {
            description.push('\n');
            description.push_str(mode);
        }
        for line in [
            "BEGIN:VEVENT".to_string(),
            format!(
                "UID:hearing-{}@{}.ecourt",
                e.hearing_id,
                escape(&e.court_code)
            ),
            format!("DTSTAMP:{}", utc(now)),
            format!("DTSTART:{}", utc(starts)),
            format!(
                "SUMMARY:{}",
                escape(&format!("{} · {}", w.hearing, e.case_label))
            ),
            format!(
                "LOCATION:{}",
                escape(&format!("{} {}", e.court_name, e.courtroom))
            ),
            format!("DESCRIPTION:{}", escape(&description)),
            "STATUS:CONFIRMED".to_string(),
            "END:VEVENT".to_string(),
        ] {
            fold(&line, &mut out);
        }
    }
    fold("END:VCALENDAR", &mut out);
    out
}

impl App {
    /// Court staff move a hearing not yet opened to `scheduled_at` (RFC 3339) in `courtroom`;
    /// the court decides and tells the summoned through the case's timeline.
    pub async fn move_hearing(
        &self,
        hearing_id: i64,
        scheduled_at: String,
        courtroom: String,
    ) -> AppResult<ecourt_api::HearingSummary> {
        let req = ecourt_api::ScheduleHearingRequest {
            scheduled_at,
            courtroom,
            // A move keeps the hearing's contact phone.
            contact_phone: None,
        };
        let moved = self
            .online_client()
            .await?
            .move_hearing(hearing_id, &req)
            .await?;
        self.sync_now().await;
        Ok(moved)
    }

    async fn calendar_entries(&self) -> AppResult<Vec<CalendarEntry>> {
        let store = self.store().await?;
        Ok(entries(&store.cases_updated_since("").await?))
    }

    /// The week of the court's calendar holding `day` (`YYYY-MM-DD`; today when none or not a
    /// date), with its hearings, from the cache.
    pub async fn calendar_week(&self, day: Option<String>) -> AppResult<CalendarWeek> {
        let today = court_date(self.now());
        let day = day
            .and_then(|d| NaiveDate::parse_from_str(&d, "%Y-%m-%d").ok())
            .unwrap_or(today);
        Ok(week(self.calendar_entries().await?, day, today))
    }

    /// Writes the hearings from today on (not ended) as an `.ics` file into the export folder;
    /// answers its path.
    pub async fn export_calendar(&self) -> AppResult<String> {
        let now = self.now();
        let today = ymd(court_date(now));
        let coming: Vec<CalendarEntry> = self
            .calendar_entries()
            .await?
            .into_iter()
            .filter(|e| e.date >= today && e.state != HearingState::Ended)
            .collect();
        let english = self.settings().await.locale == "en";
        let dir = self.export_dir()?;
        let path = dir.join(format!("hearings-{}.ics", court_date(now).format("%Y%m%d")));
        std::fs::write(&path, ics(&coming, now, english))?;
        Ok(path.display().to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn entry(id: i64, at: &str, room: &str) -> CalendarEntry {
        CalendarEntry {
            hearing_id: id,
            case_id: 9,
            case_label: "（2026）渝0103民初7号".into(),
            cause: "民间借贷纠纷".into(),
            court_name: "演示区人民法院".into(),
            court_code: "K0101".into(),
            courtroom: room.into(),
            scheduled_at: at.into(),
            date: ymd(court_date(at.parse().unwrap())),
            state: HearingState::Scheduled,
            my_mode: Some(AttendanceMode::Online),
        }
    }

    /// Reads a calendar back the way RFC 5545 says: lines end in CRLF, a line starting with a
    /// space continues the one before; each VEVENT becomes a map of property name to value
    /// (unescaped).
    fn parse(text: &str) -> Vec<HashMap<String, String>> {
        assert!(text.ends_with("\r\n"));
        let mut lines: Vec<String> = Vec::new();
        for raw in text.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(!raw.contains('\n'), "a bare LF in {raw:?}");
            assert!(raw.len() <= 75, "{} octets: {raw:?}", raw.len());
            match raw.strip_prefix(' ') {
                Some(rest) => lines.last_mut().unwrap().push_str(rest),
                None => lines.push(raw.to_string()),
            }
        }
        assert_eq!(lines.first().map(String::as_str), Some("BEGIN:VCALENDAR"));
        assert_eq!(lines.last().map(String::as_str), Some("END:VCALENDAR"));
        assert!(lines.contains(&"VERSION:2.0".to_string()));
        assert!(lines.iter().any(|l| l.starts_with("PRODID:")));
        let mut events = Vec::new();
        let mut current: Option<HashMap<String, String>> = None;
        for l in lines {
            let (name, value) = l.split_once(':').unwrap();
            match (name, value) {
                ("BEGIN", "VEVENT") => current = Some(HashMap::new()),
                ("END", "VEVENT") => events.push(current.take().unwrap()),
                _ => {
                    if let Some(ev) = current.as_mut() {
                        let mut v = String::new();
                        let mut chars = value.chars();
                        while let Some(c) = chars.next() {
                            if c == '\\' {
                                match chars.next() {
                                    Some('n') | Some('N') => v.push('\n'),
                                    Some(o) => v.push(o),
                                    None => panic!("a lone backslash"),
                                }
                            } else {
                                assert!(c != ',' && c != ';', "unescaped {c} in {value}");
                                v.push(c);
                            }
                        }
                        ev.insert(name.to_string(), v);
                    }
                }
            }
        }
        events
    }

    #[test]
    fn the_ics_reads_back_with_the_summons_time_in_utc() {
        let now: DateTime<Utc> = "2026-03-02T08:00:00Z".parse().unwrap();
        // 09:30 Beijing time is 01:30 UTC; a courtroom with the characters RFC 5545 escapes, and
        // lines long enough to fold (never inside a Chinese character: each line is UTF-8).
        let tricky = "第三法庭, 东楼;二层\\北";
        let entries = [
            entry(5, "2026-03-10T01:30:00.000Z", tricky),
            entry(6, "2026-03-11T06:00:00.000Z", "在线庭审室一"),
        ];
        let text = ics(&entries, now, false);
        let events = parse(&text);
        assert_eq!(events.len(), 2);
        let first = &events[0];
        assert_eq!(first["DTSTART"], "20260310T013000Z");
        assert_eq!(first["DTSTAMP"], "20260302T080000Z");
        assert_eq!(first["UID"], "hearing-5@K0101.ecourt");
        assert_eq!(first["SUMMARY"], "开庭 · （2026）渝0103民初7号");
        assert_eq!(first["LOCATION"], format!("演示区人民法院 {tricky}"));
        assert_eq!(
            first["DESCRIPTION"],
            "（2026）渝0103民初7号 民间借贷纠纷（北京时间）\n2026-03-10 09:30\n在线参加"
        );
        assert_eq!(events[1]["DTSTART"], "20260311T060000Z");
        assert!(events[1]["DESCRIPTION"].contains("2026-03-11 14:00"));
        // Every line is folded within 75 octets, on character boundaries.
        assert!(
            text.lines().any(|l| l.starts_with(' ')),
            "a long line was folded"
        );
        let english = parse(&ics(&entries[..1], now, true));
        assert_eq!(english[0]["SUMMARY"], "Hearing · （2026）渝0103民初7号");
        assert!(english[0]["DESCRIPTION"].contains("Beijing time"));
    }

    #[test]
    fn a_week_runs_monday_to_sunday_on_the_courts_calendar() {
        // 23:30 UTC on Sunday 8 March is 07:30 on Monday 9 March in Beijing: next week's.
        let all = vec![
            entry(1, "2026-03-02T01:30:00.000Z", "a"),
            entry(2, "2026-03-08T23:30:00.000Z", "b"),
            entry(3, "2026-03-08T15:00:00.000Z", "c"),
        ];
        let today = NaiveDate::from_ymd_opt(2026, 3, 4).unwrap();
        let w = week(all.clone(), today, today);
        assert_eq!(w.days.first().unwrap(), "2026-03-02");
        assert_eq!(w.days.last().unwrap(), "2026-03-08");
        let ids: Vec<i64> = w.entries.iter().map(|e| e.hearing_id).collect();
        assert_eq!(ids, [1, 3]);
        assert_eq!(w.previous, "2026-02-23");
        assert_eq!(w.next, "2026-03-09");
        let next = week(all, NaiveDate::from_ymd_opt(2026, 3, 9).unwrap(), today);
        assert_eq!(next.entries[0].hearing_id, 2);
        assert_eq!(next.entries[0].date, "2026-03-09");
    }
}
