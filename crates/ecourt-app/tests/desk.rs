//! The person's desk against the real embedded court: two accounts of one case each get only
//! their own duties (a summons one has answered stays a duty of the other; a document one has
//! read stays new for the other), and the hearings calendar with its `.ics` export.

use ecourt_app::{App, AppConfig, CaseListQuery, CourtDateKind, DutyKind, ReadKind, TodoList};
use std::time::Duration;

async fn signed_in(court: &str, dir: &std::path::Path, user: &str) -> App {
    let config = AppConfig {
        server_url: Some(court.to_string()),
        export_dir: Some(dir.join("exports")),
        ..AppConfig::embedded(dir.join(user))
    };
    let app = App::start(config).await.unwrap();
    app.sign_in(user, "demo12345").await.unwrap();
    let mut rx = app.watch_status();
    tokio::time::timeout(
        Duration::from_secs(30),
        rx.wait_for(|s| s.last_synced_at.is_some()),
    )
    .await
    .expect("the first sync")
    .unwrap();
    app
}

/// Waits until the to-do list (rebuilt from the cache after each sync) satisfies `f`.
async fn todo_until(app: &App, what: &str, f: impl Fn(&TodoList) -> bool) -> TodoList {
    for _ in 0..300 {
        let list = app.todo().await.unwrap();
        if f(&list) {
            return list;
        }
        app.sync_now().await;
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!(
        "timed out waiting for {what}: {:?}",
        app.todo().await.unwrap()
    );
}

fn has(list: &TodoList, kind: DutyKind, case_id: i64, item: Option<i64>) -> bool {
    list.duties
        .iter()
        .any(|d| d.kind == kind && d.case_id == case_id && (item.is_none() || d.item_id == item))
}

#[tokio::test]
async fn two_accounts_of_one_case_each_see_only_their_own_duties() {
    let dir = tempfile::tempdir().unwrap();
    let court = ecourt_server::embedded::EmbeddedServer::start(
        &dir.path().join("court"),
        0,
        ecourt_server::embedded::ServiceConfig::from_env(),
    )
    .await
    .unwrap();
    // The demo's newcomer party3 is sued by party1 in one case awaiting its hearing.
    let plaintiff = signed_in(&court.base_url, dir.path(), "party1").await;
    let defendant = signed_in(&court.base_url, dir.path(), "party3").await;
    let cases = defendant.cases(CaseListQuery::default()).await.unwrap();
    assert_eq!(cases.len(), 1);
    let case_id = cases[0].id;
    let detail = plaintiff.case(case_id).await.unwrap().detail;
    let hearing = detail.hearings[0].id;
    let summons = detail
        .documents
        .iter()
        .find(|d| d.kind == "summons")
        .expect("a summons")
        .id;

    // Both are summoned and have not answered; both were served the summons.
    for app in [&plaintiff, &defendant] {
        let list = app.todo().await.unwrap();
        assert!(has(
            &list,
            DutyKind::HearingToAnswer,
            case_id,
            Some(hearing)
        ));
        assert!(has(&list, DutyKind::DocumentServed, case_id, Some(summons)));
    }

    // The plaintiff answers and reads the summons: done for them, still due for the defendant.
    plaintiff.answer_hearing(hearing, true, None).await.unwrap();
    plaintiff
        .mark_read(ReadKind::Document, case_id, vec![summons])
        .await
        .unwrap();
    let mine = todo_until(&plaintiff, "the answer in the cache", |l| {
        !has(l, DutyKind::HearingToAnswer, case_id, None)
    })
    .await;
    assert!(!has(
        &mine,
        DutyKind::DocumentServed,
        case_id,
        Some(summons)
    ));
    // The answered hearing is now a date the court keeps, shown apart.
    assert!(mine
        .court_dates
        .iter()
        .any(|d| d.kind == CourtDateKind::Hearing && d.item_id == Some(hearing)));
    // Nothing in the plaintiff's list is another person's: every duty is in their own cases.
    let own: Vec<i64> = plaintiff
        .cases(CaseListQuery::default())
        .await
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    assert!(mine.duties.iter().all(|d| own.contains(&d.case_id)));

    let theirs = defendant.todo().await.unwrap();
    assert!(has(
        &theirs,
        DutyKind::HearingToAnswer,
        case_id,
        Some(hearing)
    ));
    assert!(has(
        &theirs,
        DutyKind::DocumentServed,
        case_id,
        Some(summons)
    ));
    // The defendant never owes the filer's fee or correction.
    assert!(theirs
        .duties
        .iter()
        .all(|d| !matches!(d.kind, DutyKind::FeeDue | DutyKind::CorrectionDue)));

    // The clerk moves the hearing: both summoned get a notice of it with the new time.
    let clerk = signed_in(&court.base_url, dir.path(), "clerk1").await;
    let starts: chrono::DateTime<chrono::Utc> = detail.hearings[0].scheduled_at.parse().unwrap();
    let later = starts + chrono::Duration::days(1);
    clerk
        .move_hearing(hearing, later.to_rfc3339(), "第七法庭".into())
        .await
        .unwrap();
    for app in [&plaintiff, &defendant] {
        let mut found = None;
        for _ in 0..300 {
            app.sync_now().await;
            let notices = app.notices().await.unwrap();
            if let Some(n) = notices
                .into_iter()
                .find(|n| n.kind == "hearing_rescheduled")
            {
                found = Some(n);
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let notice = found.expect("a notice of the moved hearing");
        assert_eq!(notice.case_id, case_id);
        assert!(!notice.read);
        assert!(notice.detail.unwrap().contains("第七法庭"));
    }
    // Opening the case marks its notices read, for that account only.
    let events: Vec<i64> = plaintiff
        .case(case_id)
        .await
        .unwrap()
        .detail
        .events
        .iter()
        .map(|e| e.id)
        .collect();
    plaintiff
        .mark_read(ReadKind::Event, case_id, events)
        .await
        .unwrap();
    let read = |n: &ecourt_app::NoticeView| n.kind == "hearing_rescheduled" && n.read;
    assert!(plaintiff.notices().await.unwrap().iter().any(read));
    assert!(!defendant.notices().await.unwrap().iter().any(read));
    // A party cannot move it: the court refuses.
    let refused = plaintiff
        .move_hearing(hearing, starts.to_rfc3339(), "第三法庭".into())
        .await
        .unwrap_err();
    assert_eq!(refused.code, ecourt_app::AppErrorCode::Forbidden);

    // The hearing is on the plaintiff's calendar in its week, and in the exported file.
    let entry_day = {
        let week = plaintiff.calendar_week(None).await.unwrap();
        let mut day = week.today.clone();
        let mut found = None;
        for _ in 0..60 {
            let w = plaintiff.calendar_week(Some(day.clone())).await.unwrap();
            if let Some(e) = w.entries.iter().find(|e| e.hearing_id == hearing) {
                assert!(w.days.contains(&e.date));
                found = Some(e.date.clone());
                break;
            }
            day = w.next;
        }
        found.expect("the hearing on a week of the calendar")
    };
    let path = plaintiff.export_calendar().await.unwrap();
    assert!(path.ends_with(".ics"), "{path}");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains(&format!("UID:hearing-{hearing}@")));
    // Moved by a day, still 09:30 Beijing time: 01:30 UTC on the court's date of the entry.
    let utc = format!("DTSTART:{}T013000Z", entry_day.replace('-', ""));
    assert!(text.contains(&utc), "{utc} in {text}");
}
