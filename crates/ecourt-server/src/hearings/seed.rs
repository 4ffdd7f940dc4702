//! Hearings' demo data: the demo cases' hearings (those before today ended). Demo only.

use crate::hearings::{insert_hearing, set_contact_phone};
use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::demo::DemoHearing;

/// The demo court's clerks' desk (a made-up number, demo only).
const DEMO_CLERK_PHONE: &str = "0571-8700 0000";

/// Writes the hearings the demo cases have, in order.
pub async fn demo_hearings(tx: &mut Tx, hearings: &[DemoHearing]) -> anyhow::Result<()> {
    for h in hearings {
        let hearing_id = insert_hearing(tx, h.case_id, h.starts, h.courtroom).await?;
        set_contact_phone(tx, hearing_id, DEMO_CLERK_PHONE).await?;
        if h.ended {
            sqlx::query(
                "UPDATE hearings SET state = 'ended', opened_at = $1, ended_at = $1 WHERE id = $2",
            )
            .bind(stamp(h.starts))
            .bind(hearing_id)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}
