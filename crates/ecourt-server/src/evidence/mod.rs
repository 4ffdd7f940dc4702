//! Evidence exchange (证据交换 / 质证, 《人民法院在线诉讼规则》 Art. 12-19; the evidence period of
//! 民诉法解释 Art. 99, 266, 275): the parties give items (name, source, purpose, original or
//! copy, pages, files), each version sealed by SHA-256 and never overwritten; the judge sets the
//! period, opens the exchange (mode, period, parties), reminds and closes it; each side sees the
//! other's items once it is open, every view recorded; opinions per property with reasons; a
//! reasoned objection to a copy asks for the original; deposit declarations checked by a
//! [`deposit::DepositVerifier`]; the judge's matrix and admission; the record and the opinion
//! sheet as court papers. Files stream into a content-addressed store ([`files`]).
//!
//! Imports the kernel only. Asks identity (through the registry) whether a face was re-checked
//! before evidence or opinions are given (OLR Art. 7); records the parties' choice of mode on the
//! consent ledger (`OnlineStep::EvidenceExchange`).

pub mod acts;
pub mod book;
pub mod deposit;
pub mod files;
pub mod papers;
pub mod routes;
pub mod rules;
pub mod seed;

use crate::kernel::db::Db;
use crate::kernel::error::Failure;
use crate::kernel::registry::{ActionOutcome, Boxed, Registry};
use crate::kernel::state::AppState;
use ecourt_api::{Account, ActionBody, ActionRequest, CaseDetail};

pub use acts::EvidenceParts;

pub fn register(registry: &mut Registry) {
    registry.detail_part("evidence", detail_part);
    registry.action("give_evidence_opinion", opinion_action);
    registry.action("record_evidence_view", view_action);
}

/// The case detail's `evidence`: what the caller may see, once there is anything.
fn detail_part<'a>(
    db: &'a Db,
    caller: &'a Account,
    details: &'a mut [CaseDetail],
) -> Boxed<'a, sqlx::Result<()>> {
    Box::pin(async move {
        let ids: Vec<i64> = details.iter().map(|d| d.summary.id).collect();
        let with = book::cases_with_evidence(db, &ids).await?;
        for d in details.iter_mut() {
            let case_id = d.summary.id;
            if !with.contains(&case_id) {
                continue;
            }
            let st = match book::standing(db, caller, case_id).await {
                Ok(st) => st,
                Err(_) => continue,
            };
            d.evidence = Some(book::case_evidence(db, caller, &st, case_id).await?);
        }
        Ok(())
    })
}

fn opinion_action<'a>(
    state: &'a AppState,
    caller: &'a Account,
    tx: &'a mut crate::kernel::db::Tx,
    req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async move {
        let ActionBody::GiveEvidenceOpinion {
            case_id,
            item_id,
            written_at,
            opinion,
        } = &req.action
        else {
            return Err(Failure::from(anyhow::anyhow!(
                "give_evidence_opinion got another action"
            )));
        };
        acts::opinion_action(state, caller, tx, *case_id, *item_id, written_at, opinion).await
    })
}

fn view_action<'a>(
    state: &'a AppState,
    caller: &'a Account,
    tx: &'a mut crate::kernel::db::Tx,
    req: &'a ActionRequest,
) -> Boxed<'a, ActionOutcome> {
    Box::pin(async move {
        let ActionBody::RecordEvidenceView {
            case_id,
            item_id,
            version,
            viewed_at,
        } = &req.action
        else {
            return Err(Failure::from(anyhow::anyhow!(
                "record_evidence_view got another action"
            )));
        };
        acts::view_action(state, caller, tx, *case_id, *item_id, *version, viewed_at).await
    })
}
