//! Evidence exchange on the desktop (证据交换 / 质证): giving evidence, the other side's items,
//! cross-examination opinions and, for court staff, the exchange and the judge's matrix.
//!
//! - Files of evidence (recordings of hundreds of megabytes among them) come from the window in
//!   pieces into the account's folder of large files (`Store::files`), hashed as they arrive;
//!   giving an item streams each file from there to the court, then names them in the item.
//!   Giving evidence is the court's record of a submission (sealed at that moment), so it needs
//!   the court online.
//! - An opinion is a party's own act and is written offline too: it goes to the outbox with the
//!   moment it was written (`GiveEvidenceOpinion`), and the court applies it exactly once.
//! - What the court decides (opening, reminding and closing the exchange, the matrix, originals,
//!   admission) goes straight to the court.
//!
//! The desktop pre-checks only (reasons where the court will want them, one's own item, the
//! kind of file by its first bytes); the court checks everything again.

use crate::{cached_case, clock, App, AppError, AppErrorCode, AppResult, OutboxEntry, OutboxView};
use ecourt_api::{
    ActionBody, AdmissionRequest, CaseEvidence, EvidenceFile, EvidenceItemView, EvidenceMatrix,
    EvidencePeriodRequest, NewEvidenceItem, OpenExchangeRequest, OpinionRequest, OpinionStance,
    OriginalOutcomeRequest, OriginalRequest, PropertyOpinion,
};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A file of evidence kept on this computer, ready to be given (named by its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EvidenceFileReady {
    pub file: EvidenceFile,
}

/// The case's evidence as this computer knows it: the court's view from the cache, and the
/// opinions written here that the court has not answered yet.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct EvidenceDesk {
    pub case_id: i64,
    pub evidence: CaseEvidence,
    /// Opinions waiting in the outbox (written offline or not sent yet), by item.
    pub waiting: Vec<WaitingOpinion>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct WaitingOpinion {
    pub item_id: i64,
    pub written_at: String,
    pub opinion: OpinionRequest,
    /// Its outbox entry: pending, or refused with the court's reason (a refusal stays until
    /// dismissed, like every refused action).
    pub outbox: OutboxView,
}

/// What kind of file the first bytes say it is, among the kinds the court takes as evidence
/// (the court checks the whole structure again).
pub fn evidence_mime(head: &[u8]) -> Option<&'static str> {
    if head.starts_with(b"%PDF-") {
        return Some("application/pdf");
    }
    if head.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Some("image/jpeg");
    }
    if head.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Some("image/png");
    }
    if head.len() >= 12 && &head[0..4] == b"RIFF" && &head[8..12] == b"WAVE" {
        return Some("audio/wav");
    }
    if head.starts_with(b"ID3") {
        return Some("audio/mpeg");
    }
    if head.len() >= 12 && &head[4..8] == b"ftyp" {
        return Some(match &head[8..12] {
            b"qt  " => "video/quicktime",
            b"M4A " | b"M4B " => "audio/mp4",
            _ => "video/mp4",
        });
    }
    None
}

fn invalid(msg: impl Into<String>) -> AppError {
    AppError::new(AppErrorCode::InvalidInput, msg)
}

/// The opinion as the court will read it, or what is missing: a reason for every property not
/// agreed, a reason for saying the copy differs from the original.
fn check_opinion(o: &OpinionRequest) -> AppResult<()> {
    for (what, p) in [
        ("authenticity", &o.authenticity),
        ("legality", &o.legality),
        ("relevance", &o.relevance),
    ] {
        if p.stance != OpinionStance::Agreed && blank(&p.reason) {
            return Err(invalid(format!("{what}: give the reasons")));
        }
        check_text(&p.reason)?;
    }
    if o.copy_matches_original == Some(false) && blank(&o.objection_reason) {
        return Err(invalid(
            "say why the copy differs from the original (the court then asks for the original)",
        ));
    }
    check_text(&o.objection_reason)
}

fn blank(s: &Option<String>) -> bool {
    s.as_deref().is_none_or(|s| s.trim().is_empty())
}

fn check_text(s: &Option<String>) -> AppResult<()> {
    if let Some(s) = s {
        ecourt_domain::text::check(s, ecourt_domain::text::Shape::MultiLine)
            .map_err(|p| AppError::new(AppErrorCode::InvalidText, p.to_string()))?;
    }
    Ok(())
}

fn trimmed(p: PropertyOpinion) -> PropertyOpinion {
    PropertyOpinion {
        stance: p.stance,
        reason: p
            .reason
            .map(|r| r.trim().to_string())
            .filter(|r| !r.is_empty()),
    }
}

impl App {
    /// The case's evidence from the cache (offline too), with the opinions written here that
    /// wait for the court.
    pub async fn case_evidence(&self, case_id: i64) -> AppResult<EvidenceDesk> {
        let store = self.store().await?;
        let detail = cached_case(&store, case_id).await?;
        let waiting = store
            .outbox_for_case(case_id)
            .await?
            .into_iter()
            .filter(|e| e.state != ecourt_store::OutboxState::Applied)
            .filter_map(|e| match &e.action {
                ActionBody::GiveEvidenceOpinion {
                    item_id,
                    written_at,
                    opinion,
                    ..
                } => Some(WaitingOpinion {
                    item_id: *item_id,
                    written_at: written_at.clone(),
                    opinion: opinion.clone(),
                    outbox: OutboxView::from(e),
                }),
                _ => None,
            })
            .collect();
        Ok(EvidenceDesk {
            case_id,
            evidence: detail.evidence.unwrap_or_default(),
            waiting,
        })
    }

    /// Starts a file of evidence that the window sends in pieces; answers its id.
    pub async fn begin_evidence_file(&self) -> AppResult<String> {
        Ok(self.store().await?.files().begin().await?)
    }

    /// One piece of the file, at `offset` (the bytes received so far); answers the new length.
    pub async fn evidence_file_piece(
        &self,
        upload_id: &str,
        offset: u64,
        piece: &[u8],
    ) -> AppResult<u64> {
        let files = self.store().await?.files();
        files
            .append(upload_id, offset, piece)
            .await
            .map_err(|e| invalid(e.to_string()))
    }

    /// The file is complete: hashed, kept under its hash, its kind read from its first bytes.
    pub async fn finish_evidence_file(
        &self,
        upload_id: &str,
        name: &str,
    ) -> AppResult<EvidenceFileReady> {
        let files = self.store().await?.files();
        let (stored, head) = files.finish(upload_id).await?;
        self.evidence_file_ready(name, stored, &head).await
    }

    /// Copies a file from disk into the folder of large files (tests, and a shell that knows
    /// paths); never whole in memory.
    pub async fn import_evidence_file(
        &self,
        path: &std::path::Path,
    ) -> AppResult<EvidenceFileReady> {
        let files = self.store().await?.files();
        let (stored, head) = files.import(path).await?;
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "file".into());
        self.evidence_file_ready(&name, stored, &head).await
    }

    async fn evidence_file_ready(
        &self,
        name: &str,
        stored: ecourt_store::StoredFile,
        head: &[u8],
    ) -> AppResult<EvidenceFileReady> {
        if stored.size == 0 {
            return Err(invalid(format!("“{name}” is empty")));
        }
        let Some(mime) = evidence_mime(head) else {
            self.store().await?.files().remove(&stored.sha256).await?;
            return Err(AppError::new(
                AppErrorCode::FileNotWhatItClaims,
                format!("“{name}” is not a PDF, picture or sound or video recording"),
            ));
        };
        Ok(EvidenceFileReady {
            file: EvidenceFile {
                name: name.chars().take(200).collect(),
                mime_type: mime.into(),
                size_bytes: stored.size as i64,
                sha256: stored.sha256,
            },
        })
    }

    /// Gives an item of evidence (or, with `item_id`, a later version of one's own item): each
    /// file is streamed from this computer to the court first, then the item names them. The
    /// court seals it at this moment; it needs the court online.
    pub async fn give_evidence(
        &self,
        case_id: i64,
        item_id: Option<i64>,
        item: NewEvidenceItem,
    ) -> AppResult<EvidenceItemView> {
        for (what, text) in [
            ("name", &item.name),
            ("source", &item.source),
            ("purpose", &item.proves),
        ] {
            if text.trim().is_empty() {
                return Err(invalid(format!("the item's {what} is missing")));
            }
        }
        if item.files.is_empty() {
            return Err(invalid("add at least one file"));
        }
        let store = self.store().await?;
        cached_case(&store, case_id).await?;
        let client = self.online_client().await?;
        let files = store.files();
        for f in &item.files {
            let on_disk = files.path_of(&f.sha256).ok_or_else(|| {
                invalid(format!(
                    "the file “{}” is no longer on this computer; add it again",
                    f.name
                ))
            })?;
            client
                .upload_evidence_file_from_disk(&f.sha256, &f.mime_type, &on_disk, None)
                .await?;
        }
        let view = match item_id {
            None => client.give_evidence(case_id, &item).await?,
            Some(id) => client.evidence_version(case_id, id, &item).await?,
        };
        self.sync_now().await;
        Ok(view)
    }

    /// Writes a cross-examination opinion on the other side's item: queued with this moment
    /// (offline too) and sent when the court is reachable.
    pub async fn give_evidence_opinion(
        &self,
        case_id: i64,
        item_id: i64,
        opinion: OpinionRequest,
    ) -> AppResult<OutboxEntry> {
        let opinion = OpinionRequest {
            authenticity: trimmed(opinion.authenticity),
            legality: trimmed(opinion.legality),
            relevance: trimmed(opinion.relevance),
            objection_reason: opinion
                .objection_reason
                .map(|r| r.trim().to_string())
                .filter(|r| !r.is_empty()),
            on_behalf_of: None,
            ..opinion
        };
        check_opinion(&opinion)?;
        let store = self.store().await?;
        let evidence = cached_case(&store, case_id)
            .await?
            .evidence
            .unwrap_or_default();
        let item = evidence
            .items
            .iter()
            .find(|i| i.id == item_id)
            .ok_or_else(|| AppError::new(AppErrorCode::NotFound, "no such item of evidence"))?;
        if item.yours {
            return Err(AppError::new(
                AppErrorCode::OpinionOnOwnEvidence,
                "opinions are given on the other side's evidence",
            ));
        }
        let written_at = clock::stamp(self.now());
        let id = store
            .enqueue(
                &ActionBody::GiveEvidenceOpinion {
                    case_id,
                    item_id,
                    written_at: written_at.clone(),
                    opinion,
                },
                &written_at,
            )
            .await?;
        self.sync_now().await;
        store
            .outbox_for_case(case_id)
            .await?
            .into_iter()
            .find(|e| e.mutation_id == id)
            .ok_or_else(|| AppError::new(AppErrorCode::Internal, "the queued opinion vanished"))
    }

    /// The judge's matrix (court staff), from the court.
    pub async fn evidence_matrix(&self, case_id: i64, disputed: bool) -> AppResult<EvidenceMatrix> {
        Ok(self
            .online_client()
            .await?
            .evidence_matrix(case_id, disputed)
            .await?)
    }

    /// The judge sets the evidence period (举证期限); the court counts it and checks its bounds.
    pub async fn set_evidence_period(
        &self,
        case_id: i64,
        req: EvidencePeriodRequest,
    ) -> AppResult<CaseEvidence> {
        let view = self
            .online_client()
            .await?
            .set_evidence_period(case_id, &req)
            .await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn open_exchange(
        &self,
        case_id: i64,
        req: OpenExchangeRequest,
    ) -> AppResult<CaseEvidence> {
        let view = self
            .online_client()
            .await?
            .open_exchange(case_id, &req)
            .await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn remind_exchange(&self, case_id: i64) -> AppResult<CaseEvidence> {
        let view = self.online_client().await?.remind_exchange(case_id).await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn close_exchange(&self, case_id: i64) -> AppResult<CaseEvidence> {
        let view = self.online_client().await?.close_exchange(case_id).await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn decide_admission(
        &self,
        case_id: i64,
        item_id: i64,
        req: AdmissionRequest,
    ) -> AppResult<CaseEvidence> {
        let view = self
            .online_client()
            .await?
            .admit_evidence(case_id, item_id, &req)
            .await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn request_original(
        &self,
        case_id: i64,
        item_id: i64,
        req: OriginalRequest,
    ) -> AppResult<CaseEvidence> {
        let view = self
            .online_client()
            .await?
            .ask_original(case_id, item_id, &req)
            .await?;
        self.sync_now().await;
        Ok(view)
    }

    pub async fn original_outcome(
        &self,
        case_id: i64,
        request_id: i64,
        req: OriginalOutcomeRequest,
    ) -> AppResult<CaseEvidence> {
        let view = self
            .online_client()
            .await?
            .original_outcome(case_id, request_id, &req)
            .await?;
        self.sync_now().await;
        Ok(view)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agreed() -> PropertyOpinion {
        PropertyOpinion {
            stance: OpinionStance::Agreed,
            reason: None,
        }
    }

    fn opinion() -> OpinionRequest {
        OpinionRequest {
            version: 1,
            authenticity: agreed(),
            legality: agreed(),
            relevance: agreed(),
            copy_matches_original: Some(true),
            objection_reason: None,
            on_behalf_of: None,
        }
    }

    #[test]
    fn a_property_not_agreed_needs_its_reasons() {
        assert!(check_opinion(&opinion()).is_ok());
        let mut o = opinion();
        o.relevance = PropertyOpinion {
            stance: OpinionStance::PartlyAgreed,
            reason: Some("  ".into()),
        };
        assert!(check_opinion(&o).is_err());
        o.relevance.reason = Some("只能证明部分借款".into());
        assert!(check_opinion(&o).is_ok());
    }

    #[test]
    fn saying_the_copy_differs_needs_the_reasons() {
        // OLR Art. 12(1): a reasoned objection that the copy differs asks for the original.
        let mut o = opinion();
        o.copy_matches_original = Some(false);
        assert!(check_opinion(&o).is_err());
        o.objection_reason = Some("复印件与原件签名不一致".into());
        assert!(check_opinion(&o).is_ok());
    }

    #[test]
    fn the_kind_of_file_is_read_from_its_first_bytes() {
        assert_eq!(evidence_mime(b"%PDF-1.7 ..."), Some("application/pdf"));
        assert_eq!(evidence_mime(b"\0\0\0\x18ftypisom\0\0"), Some("video/mp4"));
        assert_eq!(
            evidence_mime(b"\0\0\0\x14ftypqt  \0\0"),
            Some("video/quicktime")
        );
        assert_eq!(evidence_mime(b"\0\0\0\x1cftypM4A \0\0"), Some("audio/mp4"));
        assert_eq!(evidence_mime(b"RIFF\x24\0\0\0WAVEfmt "), Some("audio/wav"));
        assert_eq!(evidence_mime(b"ID3\x04\0"), Some("audio/mpeg"));
        assert_eq!(evidence_mime(b"PK\x03\x04 a zip named .mp4"), None);
    }
}
