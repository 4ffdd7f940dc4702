//! The demo court and its people, shared by every capability's demo data (`<capability>/seed.rs`,
//! put together by `crate::seed`): which court, which accounts, and the handoffs between one
//! capability's demo data and another's. Demo data only; never a deployed court's.

use crate::kernel::db::Tx;
use chrono::{DateTime, Utc};
use ecourt_domain::AccountKind;

pub const DEMO_COURT_CODE: &str = "渝0103";
pub const DEMO_COURT_NAME: &str = "重庆市渝中区人民法院";
/// The demo court's litigation service number (made up, like everything demo).
pub const DEMO_COURT_PHONE: &str = "023-63700000";

/// A demo account as the sign-in screen lists it.
#[derive(Debug, Clone, Copy)]
pub struct DemoAccount {
    pub username: &'static str,
    pub display_name: &'static str,
    pub kind: AccountKind,
}

/// The first six have held accounts for a while and were verified in person at the court's
/// counter (临柜核验); `party3` is new and has yet to verify online.
pub const DEMO_ACCOUNTS: [DemoAccount; 7] = [
    DemoAccount {
        username: "party1",
        display_name: "张晓梅",
        kind: AccountKind::Party,
    },
    DemoAccount {
        username: "party2",
        display_name: "李建国",
        kind: AccountKind::Party,
    },
    DemoAccount {
        username: "lawyer1",
        display_name: "王雪峰",
        kind: AccountKind::Lawyer,
    },
    DemoAccount {
        username: "worker1",
        display_name: "陈德明",
        kind: AccountKind::LegalWorker,
    },
    DemoAccount {
        username: "clerk1",
        display_name: "刘婷",
        kind: AccountKind::Clerk,
    },
    DemoAccount {
        username: "judge1",
        display_name: "周文斌",
        kind: AccountKind::Judge,
    },
    DemoAccount {
        username: "party3",
        display_name: "韩志远",
        kind: AccountKind::Party,
    },
];

/// The demo accounts' ids, once written.
pub struct DemoIds {
    pub party1: i64,
    pub party2: i64,
    pub lawyer1: i64,
    pub worker1: i64,
    pub clerk1: i64,
    pub judge1: i64,
    pub party3: i64,
}

/// A demo case's hearing, written by the hearings capability's demo data.
pub struct DemoHearing {
    pub case_id: i64,
    pub starts: DateTime<Utc>,
    pub courtroom: &'static str,
    pub ended: bool,
}

/// The demo court.
pub async fn court(tx: &mut Tx) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO courts (code, name, phone) VALUES ($1, $2, $3) ON CONFLICT (code) DO NOTHING",
    )
    .bind(DEMO_COURT_CODE)
    .bind(DEMO_COURT_NAME)
    .bind(DEMO_COURT_PHONE)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
