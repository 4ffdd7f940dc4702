//! Periods through the API and the kernel, on both engines (民事诉讼法第八十五条: "期间开始的时和日，
//! 不计算在期间内。期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期。"): the public
//! calculator, a period started in a case setting its deadline, and a schedule loaded later moving
//! a provisional deadline, told on the case's timeline.

mod common;
use common::{get, post, Engine, TestCourt};
use ecourt_domain::period::{PeriodUnit, CHINA_CALENDAR_DATA};
use ecourt_server::kernel::periods::{self, PeriodStart, ScheduleRefusal};
use serde_json::{json, Value};

const COMPUTE: &str = "/api/v1/periods/compute";

async fn compute(court: &TestCourt, body: Value) -> (u16, Value) {
    post(court, COMPUTE, None, body, None).await
}

fn kinds(steps: &Value) -> Vec<&str> {
    steps
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["kind"].as_str().unwrap())
        .collect()
}

on_both_engines!(the_public_calculator, |court: TestCourt| async move {
    // The example, no sign-in: "期间开始的时和日，不计算在期间内" — 28 September + 15 days.
    let (s, b) = compute(
        &court,
        json!({"start": "2026-09-28", "days": 15, "unit": "days"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(b["end"], "2026-10-13");
    assert_eq!(b["provisional"], false);
    assert_eq!(
        kinds(&b["steps"]),
        ["start_not_counted", "days_counted", "end"]
    );
    assert_eq!(b["steps"][1]["from"], "2026-09-29");

    // "期间届满的最后一日是法定休假日的，以法定休假日后的第一日为期间届满的日期": 5 October is 国庆节.
    let (_, b) = compute(&court, json!({"start": "2026-09-28", "days": 7})).await;
    assert_eq!(b["end"], "2026-10-08");
    assert_eq!(
        b["steps"][2],
        json!({"kind": "last_day_off", "date": "2026-10-05",
        "why": {"kind": "holiday", "name": "国庆节"}, "provisional": false})
    );

    // A period starting on a holiday counts from the next day (1 October + 7 = 8 October).
    let (_, b) = compute(&court, json!({"start": "2026-10-01", "days": 7})).await;
    assert_eq!(b["end"], "2026-10-08");

    // Ending on the make-up Saturday 10 October ("10月10日（周六）上班"): that day.
    let (_, b) = compute(&court, json!({"start": "2026-10-03", "days": 7})).await;
    assert_eq!(b["end"], "2026-10-10");

    // Working days skip weekends and holidays and count make-up workdays.
    let (_, b) = compute(
        &court,
        json!({"start": "2026-09-28", "days": 5, "unit": "working_days"}),
    )
    .await;
    assert_eq!(b["end"], "2026-10-10");
    assert!(kinds(&b["steps"]).contains(&"make_up_workday_counted"));

    // Across the year boundary into 2027, whose schedule is not published: provisional.
    let (_, b) = compute(&court, json!({"start": "2026-12-20", "days": 15})).await;
    assert_eq!(b["end"], "2027-01-04");
    assert_eq!(b["provisional"], true);
    assert_eq!(b["provisional_years"], json!([2027]));

    // Bad input: a clear code.
    for (body, status, code) in [
        (
            json!({"start": "2026-02-30", "days": 15}),
            400,
            "invalid_input",
        ),
        (
            json!({"start": "2026-09-28", "days": 100000}),
            400,
            "invalid_input",
        ),
        (
            json!({"start": "2026-09-28", "days": -1}),
            400,
            "malformed_json",
        ),
        (
            json!({"start": "2026-09-28", "days": 15, "unit": "weeks"}),
            400,
            "malformed_json",
        ),
        (
            json!({"start": "2101-01-01", "days": 15}),
            422,
            "date_out_of_range",
        ),
    ] {
        let (s, b) = compute(&court, body.clone()).await;
        assert_eq!((s, b["code"].as_str()), (status, Some(code)), "{body}: {b}");
    }
});

/// A schedule for 2027 as a court would load it: the shipped file and 2027's lines (a test's
/// data, shaped like the State Council's notices).
fn schedule_2027() -> String {
    format!(
        "{CHINA_CALENDAR_DATA}\nyear 2027\nholiday 2027-01-01 2027-01-03 元旦\n\
         holiday 2027-02-05 2027-02-13 春节\nworkday 2027-02-20 春节调休上班\n"
    )
}

async fn deadline(court: &TestCourt, case_id: i64) -> (Option<String>, Option<String>) {
    let row: (Option<String>, Option<String>) =
        sqlx::query_as("SELECT next_deadline_date, next_deadline_label FROM cases WHERE id = $1")
            .bind(case_id)
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap();
    row
}

on_both_engines!(
    a_loaded_schedule_moves_a_provisional_deadline,
    |court: TestCourt| async move {
        let case_id = court.role_case_ids("party3").await[0];
        let holder = court.account_id("party3").await;
        sqlx::query("UPDATE cases SET next_deadline_date = '2027-03-01', next_deadline_label = '举证期限' WHERE id = $1")
            .bind(case_id)
            .execute(&court.state.db.pool)
            .await
            .unwrap();
        let now = court.state.clock.now();
        let mut tx = court.state.db.begin_write().await.unwrap();
        // Served 22 January 2027: 15 days end on 6 February (正月初一), provisionally moved past
        // 春节 (除夕 and 初一 to 初三 under the 2024 放假办法) to Tuesday 9 February.
        let defence = periods::start(
            &mut tx,
            &court.state,
            case_id,
            now,
            PeriodStart {
                kind: "defence",
                label: "答辩期",
                from: "2027-01-22".parse().unwrap(),
                days: 15,
                unit: PeriodUnit::Days,
                holder_account_id: Some(holder),
                basis: json!({"test": true}),
            },
        )
        .await
        .unwrap();
        // An appeal period from 10 March 2027 (provisional too; the schedule will not move it).
        let appeal = periods::start(
            &mut tx,
            &court.state,
            case_id,
            now,
            PeriodStart {
                kind: "appeal_judgment",
                label: "上诉期",
                from: "2027-03-10".parse().unwrap(),
                days: 15,
                unit: PeriodUnit::Days,
                holder_account_id: Some(holder),
                basis: json!({}),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(defence.end.to_string(), "2027-02-09");
        assert!(defence.provisional);
        assert_eq!(appeal.end.to_string(), "2027-03-25");
        // The earliest of the case's deadline and its open periods, marked as provisional.
        assert_eq!(
            deadline(&court, case_id).await,
            (Some("2027-02-09".into()), Some("答辩期（暂定）".into()))
        );
        assert_eq!(
            court.count(&format!("SELECT COUNT(*) FROM case_events WHERE case_id = {case_id} AND kind = 'period_started'")).await,
            2
        );

        // Desktops fetch the calendar in force: the shipped one, no version yet.
        let (s, cal) = get(&court, "/api/v1/periods/calendar", None).await;
        assert_eq!(s, 200, "{cal}");
        assert_eq!(cal["version"], Value::Null);
        assert_eq!(cal["years"], json!([2026]));

        // A schedule that drops a year in force, or does not parse: refused, nothing stored.
        let later = court.state.clock.now();
        let r = periods::load_schedule(&court.state, "year 2027\n", None, later)
            .await
            .unwrap();
        assert!(matches!(r, Err(ScheduleRefusal::DropsYear(2026))), "{r:?}");
        let r = periods::load_schedule(&court.state, "year 2026\nholiday x", None, later)
            .await
            .unwrap();
        assert!(matches!(r, Err(ScheduleRefusal::Malformed(_))), "{r:?}");
        assert_eq!(court.count("SELECT COUNT(*) FROM court_calendars").await, 0);

        // The 2027 schedule is loaded: 春节 runs 5 to 13 February, Sunday 14th is a weekend day
        // → the defence period now ends Monday 15 February, no longer provisional.
        let loaded = periods::load_schedule(&court.state, &schedule_2027(), None, later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(loaded.version, 1);
        assert_eq!(loaded.recomputed, 2);
        assert_eq!(loaded.moved.len(), 1, "{:?}", loaded.moved);
        assert_eq!(loaded.moved[0].period_id, defence.id);
        assert_eq!(loaded.moved[0].new_end.to_string(), "2027-02-15");
        assert_eq!(
            deadline(&court, case_id).await,
            (Some("2027-02-15".into()), Some("答辩期".into()))
        );
        // The case is told, naming both dates; the act is in the audit chain.
        let (title, detail): (String, Option<String>) = sqlx::query_as(
            "SELECT title, detail FROM case_events WHERE case_id = $1 AND kind = 'deadline_moved'",
        )
        .bind(case_id)
        .fetch_one(&court.state.db.pool)
        .await
        .unwrap();
        assert!(
            title.contains("2027-02-09") && title.contains("2027-02-15"),
            "{title}"
        );
        assert!(detail.unwrap().contains("第八十五条"));
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'deadline_moved'")
                .await,
            1
        );
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'holiday_schedule_loaded'")
                .await,
            1
        );
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM case_periods WHERE provisional = 1")
                .await,
            0
        );

        // The case reaches caches: its detail shows the new deadline.
        let token = court.token("party3").await;
        let (s, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&token)).await;
        assert_eq!(s, 200);
        assert_eq!(
            detail["summary"]["next_deadline"]["date"], "2027-02-15",
            "{detail}"
        );

        // The calculator and the calendar route count with the loaded schedule now.
        let (_, b) = compute(&court, json!({"start": "2027-01-22", "days": 15})).await;
        assert_eq!(
            (b["end"].as_str(), b["provisional"].as_bool()),
            (Some("2027-02-15"), Some(false))
        );
        let (_, cal) = get(&court, "/api/v1/periods/calendar", None).await;
        assert_eq!(cal["version"], 1);
        assert_eq!(cal["years"], json!([2026, 2027]));
        assert_eq!(cal["data"], schedule_2027());

        // Loading the same schedule again moves nothing.
        let again = periods::load_schedule(&court.state, &schedule_2027(), None, later)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(
            (again.version, again.recomputed, again.moved.len()),
            (2, 0, 0)
        );
    }
);
