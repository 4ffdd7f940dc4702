//! Evidence exchange (证据交换 / 质证): files of evidence handed over in pieces, giving an item,
//! opinions written offline through the outbox, and the court staff's exchange and matrix.

use super::ipc::{Body, PieceAt};
use ecourt_api::{
    AdmissionRequest, CaseEvidence, EvidenceItemView, EvidenceMatrix, EvidencePeriodRequest,
    NewEvidenceItem, OpenExchangeRequest, OpinionRequest, OriginalOutcomeRequest, OriginalRequest,
};
use ecourt_app::{EvidenceDesk, EvidenceFileReady, OutboxEntry};

commands! {
    /// The case's evidence from the cache, with the opinions waiting to be sent.
    fn case_evidence(app, case_id: i64) -> EvidenceDesk {
        app.case_evidence(case_id).await
    }

    /// Starts a file sent in pieces; answers its id.
    fn begin_evidence_file(app) -> String {
        app.begin_evidence_file().await
    }

    /// One piece as the raw body, `<id>@<offset>` in a header; answers the length so far.
    fn evidence_file_piece(app, body: Body<'_>, at: PieceAt) -> u64 {
        app.evidence_file_piece(&at.upload_id, at.offset, body.bytes("the piece")?).await
    }

    /// The last piece has gone: the file is hashed and kept; its name in a header.
    fn finish_evidence_file(app, upload_id: String, name: String) -> EvidenceFileReady {
        app.finish_evidence_file(&upload_id, &name).await
    }

    fn give_evidence(app, case_id: i64, item_id: Option<i64>, item: NewEvidenceItem) -> EvidenceItemView {
        app.give_evidence(case_id, item_id, item).await
    }

    fn give_evidence_opinion(app, case_id: i64, item_id: i64, opinion: OpinionRequest) -> OutboxEntry {
        app.give_evidence_opinion(case_id, item_id, opinion).await
    }

    fn evidence_matrix(app, case_id: i64, disputed: bool) -> EvidenceMatrix {
        app.evidence_matrix(case_id, disputed).await
    }

    fn set_evidence_period(app, case_id: i64, request: EvidencePeriodRequest) -> CaseEvidence {
        app.set_evidence_period(case_id, request).await
    }

    fn open_exchange(app, case_id: i64, request: OpenExchangeRequest) -> CaseEvidence {
        app.open_exchange(case_id, request).await
    }

    fn remind_exchange(app, case_id: i64) -> CaseEvidence {
        app.remind_exchange(case_id).await
    }

    fn close_exchange(app, case_id: i64) -> CaseEvidence {
        app.close_exchange(case_id).await
    }

    fn decide_admission(app, case_id: i64, item_id: i64, request: AdmissionRequest) -> CaseEvidence {
        app.decide_admission(case_id, item_id, request).await
    }

    fn request_original(app, case_id: i64, item_id: i64, request: OriginalRequest) -> CaseEvidence {
        app.request_original(case_id, item_id, request).await
    }

    fn original_outcome(app, case_id: i64, request_id: i64, request: OriginalOutcomeRequest) -> CaseEvidence {
        app.original_outcome(case_id, request_id, request).await
    }
}
