//! 期限计算器: counting a period offline, and fetching the court's holiday schedule for it.

use ecourt_api::PeriodUnit;
use ecourt_app::{PeriodAnswer, PeriodCalendar};

commands! {
    /// Counts offline with the court's schedule as last fetched (or the shipped one).
    fn compute_period(app, start: String, days: u32, unit: PeriodUnit) -> PeriodAnswer {
        app.compute_period(&start, days, unit).await
    }

    /// Fetches and keeps the court's holiday schedule; `offline` when the court is not reached.
    fn refresh_period_calendar(app) -> PeriodCalendar {
        app.refresh_period_calendar().await
    }
}
