//! Where to call for help (`GET /api/v1/help`, public, so the sign-in screen shows it too):
//! 12368, the people's courts' litigation service hotline, and the court's own number from its
//! row in `courts`. Shown in the desktop's footer on every screen.

use crate::kernel::error::ApiResult;
use crate::kernel::state::AppState;
use ecourt_api::{CourtContact, CourtHelp};
use sqlx::Row;

/// 12368诉讼服务热线 (《最高人民法院关于建设一站式多元解纷机制 一站式诉讼服务中心的意见》,
/// 法发〔2019〕19号: the people's courts' one litigation service line).
pub const NATIONAL_HOTLINE: &str = "12368";

/// The help lines for a court (by its 法院代字), or for the service's only court when none is
/// named. An unknown code answers the national line alone.
pub async fn help(state: &AppState, court_code: Option<&str>) -> ApiResult<CourtHelp> {
    let rows = match court_code {
        Some(code) => {
            sqlx::query("SELECT code, name, phone FROM courts WHERE code = $1")
                .bind(code)
                .fetch_all(&state.db.pool)
                .await?
        }
        None => {
            sqlx::query("SELECT code, name, phone FROM courts ORDER BY code LIMIT 2")
                .fetch_all(&state.db.pool)
                .await?
        }
    };
    let court = match rows.as_slice() {
        [row] => Some(CourtContact {
            code: row.try_get("code")?,
            name: row.try_get("name")?,
            phone: crate::kernel::db::opt_string(row, "phone")?,
        }),
        _ => None,
    };
    Ok(CourtHelp {
        national_hotline: NATIONAL_HOTLINE.into(),
        court,
    })
}
