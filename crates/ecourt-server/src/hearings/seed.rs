//! Hearings' demo data: the demo cases' hearings (those before today ended). Demo only.

use crate::hearings::insert_hearing;
use crate::kernel::clock::stamp;
use crate::kernel::db::Tx;
use crate::kernel::demo::DemoHearing;

/// Writes the hearings the demo cases have, in order.
pub async fn demo_hearings(tx: &mut Tx, hearings: &[DemoHearing]) -> anyhow::Result<()> {
    for h in hearings {
        let hearing_id = insert_hearing(tx, h.case_id, h.starts, h.courtroom).await?;
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
