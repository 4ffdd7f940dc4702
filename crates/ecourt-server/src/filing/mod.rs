//! Online filing (网上立案): applications and their review, evidence uploads, fees and
//! their payment.

pub mod fees;
pub mod payments;
pub mod review;
pub mod routes;
pub mod uploads;

use crate::kernel::db::Db;
use crate::kernel::deadlines::SweepFuture;
use crate::kernel::registry::{ActionOutcome, Boxed, Registry};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ActionBody, ActionRequest, CaseDetail};

/// Filing's deadlines, its part of the case detail and its outbox actions.
pub fn register(registry: &mut Registry) {
    registry
        .deadlines
        .register("filing.correction_deadline", |state| {
            Box::pin(review::return_uncorrected(state)) as SweepFuture<'_>
        });
    registry.deadlines.register("filing.fee_unpaid", |state| {
        Box::pin(review::withdraw_unpaid(state)) as SweepFuture<'_>
    });
    registry.detail_part("filing", detail_part);
    registry.action("submit_filing", submit_action);
    registry.action("resubmit_filing", submit_action);
}

/// The filing application behind each case. Its first version (what the court asked to have
/// corrected) is the filer's and the court's only: the other side sees the application as it
/// stands, as it would be served on them.
fn detail_part<'a>(
    db: &'a Db,
    caller: &'a Account,
    details: &'a mut [CaseDetail],
) -> Boxed<'a, sqlx::Result<()>> {
    Box::pin(async move {
        let ids: Vec<i64> = details.iter().map(|d| d.summary.id).collect();
        let mut states = review::states(db, &ids).await?;
        let filed_by_caller: std::collections::HashSet<i64> = if caller.kind.is_court_staff() {
            ids.iter().copied().collect()
        } else {
            sqlx::query_scalar("SELECT case_id FROM filings WHERE filer_account_id = $1")
                .bind(caller.id)
                .fetch_all(&db.pool)
                .await?
                .into_iter()
                .collect()
        };
        for d in details.iter_mut() {
            d.filing = states.remove(&d.summary.id).map(|mut f| {
                if !filed_by_caller.contains(&d.summary.id) {
                    f.first_application = None;
                }
                f
            });
        }
        Ok(())
    })
}

/// `submit_filing` and `resubmit_filing` from the filer's outbox.
fn submit_action<'a>(
    state: &'a AppState,
    caller: &'a Account,
    tx: &'a mut crate::kernel::db::Tx,
    req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async move {
        match &req.action {
            ActionBody::SubmitFiling {
                draft_id,
                application,
            } => review::submit(state, caller, tx, req, draft_id, application).await,
            ActionBody::ResubmitFiling {
                case_id,
                application,
            } => review::resubmit(state, caller, tx, req, *case_id, application).await,
            _ => Err(anyhow::anyhow!("filing got another capability's action").into()),
        }
    })
}
