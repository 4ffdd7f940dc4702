//! The person's desk: the to-do list, read marks, and the hearings calendar with its export.

use ecourt_api::HearingSummary;
use ecourt_app::{CalendarWeek, ReadKind, TodoList};

commands! {
    /// The signed-in person's own duties and, apart, the court's dates (from the cache).
    fn todo(app) -> TodoList {
        app.todo().await
    }

    /// Marks notices (`event`) or documents of a case read on this computer.
    fn mark_read(app, kind: ReadKind, case_id: i64, ids: Vec<i64>) -> () {
        app.mark_read(kind, case_id, ids).await
    }

    /// The week of the court's calendar holding `day` (`YYYY-MM-DD`, today when null).
    fn calendar_week(app, day: Option<String>) -> CalendarWeek {
        app.calendar_week(day).await
    }

    /// Court staff: moves a hearing not yet opened (`scheduled_at` RFC 3339).
    fn move_hearing(app, hearing_id: i64, scheduled_at: String, courtroom: String) -> HearingSummary {
        app.move_hearing(hearing_id, scheduled_at, courtroom).await
    }

    /// Writes the coming hearings as an `.ics` file where exports go; answers the path.
    fn export_calendar(app) -> String {
        app.export_calendar().await
    }
}
