//! 期限计算器 against the real embedded court: counting offline with the shipped calendar, then
//! with the court's schedule as fetched and kept, and a schedule the court loads later reaching
//! the calculator only when fetched again (民事诉讼法第八十五条, counted by the domain's rules).

use ecourt_api::PeriodUnit;
use ecourt_app::{App, AppConfig, AppErrorCode, ManualClock};
use ecourt_domain::period::CHINA_CALENDAR_DATA;
use std::sync::Arc;

#[tokio::test]
async fn the_calculator_counts_offline_with_the_courts_calendar_as_last_fetched() {
    let dir = tempfile::tempdir().unwrap();
    let app = App::start_with_clock(
        AppConfig::embedded(dir.path().to_path_buf()),
        Arc::new(ManualClock::at("2026-12-01T01:00:00Z".parse().unwrap())),
    )
    .await
    .unwrap();

    // Signed out: the calendar shipped with the app. A judgment served 2026-12-20, 15 days to
    // appeal, ends in 2027 without a published schedule: provisional, 4 January 2027.
    let a = app
        .compute_period("2026-12-20", 15, PeriodUnit::Days)
        .await
        .unwrap();
    assert_eq!(a.computation.end.to_string(), "2027-01-04");
    assert!(a.computation.provisional);
    assert!(!a.calendar.from_court);
    let bad = app
        .compute_period("2026-02-30", 15, PeriodUnit::Days)
        .await
        .unwrap_err();
    assert_eq!(bad.code, AppErrorCode::InvalidInput);

    // Signed in: the court's schedule is fetched and kept (the court counts with the shipped
    // one: no version).
    app.sign_in("party1", "demo12345").await.unwrap();
    let cal = app.refresh_period_calendar().await.unwrap();
    assert!(cal.from_court);
    assert_eq!((cal.version, cal.years.clone()), (None, vec![2026]));

    // The court loads the 2027 schedule (as `ecourt-server holidays load` does, on its database).
    let schedule = format!(
        "{CHINA_CALENDAR_DATA}\nyear 2027\nholiday 2027-01-01 2027-01-03 元旦\n\
         holiday 2027-02-05 2027-02-13 春节\nworkday 2027-02-20 春节调休上班\n"
    );
    let url = format!(
        "sqlite://{}",
        dir.path().join("court").join("court.sqlite").display()
    );
    let court = ecourt_server::state::AppState::with_system_clock(
        ecourt_server::db::Db::connect(&url).await.unwrap(),
    )
    .unwrap();
    ecourt_server::kernel::periods::load_schedule(&court, &schedule, None, chrono::Utc::now())
        .await
        .unwrap()
        .unwrap();

    // Until fetched again the calculator counts as before, without the court (offline-first):
    // 22 January + 15 = 6 February, 春节 provisionally to 8 February → 9 February.
    let before = app
        .compute_period("2027-01-22", 15, PeriodUnit::Days)
        .await
        .unwrap();
    assert_eq!(before.computation.end.to_string(), "2027-02-09");
    assert!(before.computation.provisional);

    // Fetched: the loaded schedule (春节 5–13 February, then a Sunday) → Monday 15 February.
    let cal = app.refresh_period_calendar().await.unwrap();
    assert_eq!((cal.version, cal.years), (Some(1), vec![2026, 2027]));
    let after = app
        .compute_period("2027-01-22", 15, PeriodUnit::Days)
        .await
        .unwrap();
    assert_eq!(after.computation.end.to_string(), "2027-02-15");
    assert!(!after.computation.provisional);
    // The same answer as the court's own calculator.
    let server = ecourt_sync::CourtClient::new(&app.info().court_url)
        .unwrap()
        .compute_period(&ecourt_api::PeriodComputeRequest {
            start: "2027-01-22".into(),
            days: 15,
            unit: PeriodUnit::Days,
        })
        .await
        .unwrap();
    assert_eq!(server, after.computation);
}
