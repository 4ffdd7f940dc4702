//! The court papers of an exchange, filed as documents of the case (`case_file::add_document`):
//! the record (证据交换笔录), which the participants then sign through the signatures route, and
//! the opinion sheet (质证意见表). Both are drawn by `ecourt-papers` from the court's own view of
//! the evidence; the footer's hash is the SHA-256 of that view as JSON (what the paper says).

use crate::evidence::book;
use crate::kernel::case_file::{self as cases, Act, NewDocument};
use crate::kernel::error::{ApiResult, Failure};
use crate::kernel::state::AppState;
use ecourt_api::*;
use ecourt_domain::court_time::court_time;
use ecourt_papers::{ExchangeRecord, Footer, RecordItem, RecordOpinion};
use sha2::{Digest, Sha256};

fn at(stamp: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(stamp)
        .map(|t| {
            court_time(t.with_timezone(&chrono::Utc))
                .format("%Y年%m月%d日 %H:%M")
                .to_string()
        })
        .unwrap_or_else(|_| stamp.to_string())
}

fn side_zh(side: &str) -> &'static str {
    match side {
        "plaintiff" => "原告",
        "defendant" => "被告",
        "third_party" => "第三人",
        "agent" => "委托诉讼代理人",
        _ => "",
    }
}

fn property_zh(p: &PropertyOpinion) -> String {
    let word = match p.stance {
        OpinionStance::Agreed => "无异议",
        OpinionStance::Disputed => "有异议",
        OpinionStance::PartlyAgreed => "部分认可",
    };
    match p.reason.as_deref() {
        Some(r) if p.stance != OpinionStance::Agreed => format!("{word}：{r}"),
        _ => word.to_string(),
    }
}

/// The record's content from the court's view of the evidence.
fn record_of(summary: &CaseSummary, ev: &CaseEvidence) -> ExchangeRecord {
    let x = ev.exchange.as_ref();
    let mode = match x {
        Some(x) => format!(
            "{}（{}）",
            match x.mode {
                ExchangeMode::Synchronous => "同步，在线上法庭进行",
                ExchangeMode::Asynchronous => "非同步，各方在期限内分别发表意见",
            },
            match x.mode_basis.as_str() {
                "agreed" => "各方选择",
                "no_agreement" => "各方对方式未达成一致，适用同步方式",
                _ => "法院决定",
            }
        ),
        None => "尚未开始".into(),
    };
    let time = match x {
        Some(x) => format!(
            "{}开始，{}",
            at(&x.opened_at),
            x.closed_at
                .as_deref()
                .map(|c| format!("{}结束", at(c)))
                .unwrap_or_else(|| "尚未结束".into())
        ),
        None => "—".into(),
    };
    let items = ev
        .items
        .iter()
        .map(|i| {
            let v = i.versions.last();
            let opinions = ev
                .opinions
                .iter()
                .filter(|o| o.item_id == i.id && o.current)
                .map(|o| RecordOpinion {
                    by: o.name.clone(),
                    authenticity: property_zh(&o.authenticity),
                    legality: property_zh(&o.legality),
                    relevance: property_zh(&o.relevance),
                    copy: match (o.copy_matches_original, o.objection_reason.as_deref()) {
                        (Some(true), _) => "电子件与原件一致".into(),
                        (Some(false), Some(r)) => format!("电子件与原件不一致：{r}"),
                        (Some(false), None) => "电子件与原件不一致".into(),
                        (None, _) => "对是否与原件一致未发表意见".into(),
                    },
                    at: format!(
                        "{}{}",
                        at(&o.given_at),
                        if o.recorded_live {
                            "，当庭发表"
                        } else {
                            ""
                        }
                    ),
                })
                .collect();
            RecordItem {
                label: format!(
                    "{} {} 证据{}",
                    side_zh(&i.side),
                    i.submitted_by_name,
                    i.number
                ),
                name: v.map(|v| v.name.clone()).unwrap_or_default(),
                source: v.map(|v| v.source.clone()).unwrap_or_default(),
                proves: v.map(|v| v.proves.clone()).unwrap_or_default(),
                form: v
                    .map(|v| {
                        format!(
                            "{}，{}页",
                            match v.original {
                                OriginalOrCopy::Original => "原件",
                                OriginalOrCopy::Copy => "复制件",
                            },
                            v.pages
                        )
                    })
                    .unwrap_or_default(),
                sealed: v
                    .map(|v| format!("第{}版 {}", v.version, v.sealed_sha256))
                    .unwrap_or_default(),
                late: if i.late {
                    "是，待法官决定是否采纳".into()
                } else {
                    String::new()
                },
                admission: format!(
                    "{}{}",
                    match i.admission {
                        Admission::Pending => "待定",
                        Admission::Admitted => "予以采纳",
                        Admission::NotAdmitted => "不予采纳",
                    },
                    i.admission_note
                        .as_deref()
                        .map(|n| format!("：{n}"))
                        .unwrap_or_default()
                ),
                originals: i
                    .originals
                    .iter()
                    .map(|o| {
                        format!(
                            "{}要求提供原件（{}）：{}",
                            o.asked_by,
                            o.reason,
                            match o.outcome {
                                OriginalOutcome::Requested => "尚未答复",
                                OriginalOutcome::Provided => "已提供",
                                OriginalOutcome::CheckedOffline => "已线下核对",
                                OriginalOutcome::NotProvided => "未提供",
                            }
                        )
                    })
                    .collect(),
                deposit: i.deposit.as_ref().map(|d| {
                    format!(
                        "{} 编号{}：{}",
                        d.platform,
                        d.reference,
                        match d.check {
                            DepositCheck::Matches => "存证哈希值与文件一致",
                            DepositCheck::Differs => "存证哈希值与文件不一致",
                            DepositCheck::Unverified => "尚未核验",
                        }
                    )
                }),
                opinions,
            }
        })
        .collect();
    ExchangeRecord {
        court_name: summary.court_name.clone(),
        case_number: summary
            .case_number
            .clone()
            .unwrap_or_else(|| "（尚未立案）".into()),
        cause: summary.cause.clone(),
        mode,
        time,
        presiding: x.map(|x| x.opened_by.clone()).unwrap_or_default(),
        participants: x
            .map(|x| {
                x.parties
                    .iter()
                    .map(|p| format!("{} {}", side_zh(&p.role), p.name))
                    .collect()
            })
            .unwrap_or_default(),
        period: ev
            .period
            .as_ref()
            .map(|p| format!("{}日，自{}起算，至{}止", p.days, p.from, p.ends))
            .unwrap_or_else(|| "未确定".into()),
        items,
    }
}

/// Files the record (`sheet: false`) or the opinion sheet (`true`) as a document of the case.
pub async fn file_paper(
    state: &AppState,
    caller: &Account,
    case_id: i64,
    sheet: bool,
) -> ApiResult<EvidencePaper> {
    let st = book::standing(&state.db, caller, case_id).await?;
    if !st.staff {
        return Err(Failure::new(
            ApiErrorCode::Forbidden,
            "only the court's staff file the papers of an exchange",
        ));
    }
    let ev = book::case_evidence(&state.db, caller, &st, case_id).await?;
    if ev.exchange.is_none() {
        return Err(Failure::new(
            ApiErrorCode::ExchangeNotOpen,
            "no evidence exchange was opened in this case",
        ));
    }
    let summary = cases::detail(&state.db, &state.registry, caller, case_id)
        .await?
        .ok_or_else(Failure::not_found)?
        .summary;
    let record = record_of(&summary, &ev);
    let content = serde_json::to_vec(&ev).map_err(anyhow::Error::from)?;
    let footer = Footer {
        case_number: record.case_number.clone(),
        sha256: Sha256::digest(&content).into(),
    };
    let font = state
        .config
        .papers_font()
        .map_err(|e| anyhow::anyhow!("no font for court papers: {e}"))?;
    let (title, kind, pdf) = if sheet {
        (
            "质证意见表",
            "evidence_opinion_sheet",
            ecourt_papers::render_opinion_sheet(&record, footer, font),
        )
    } else {
        (
            "证据交换笔录",
            "evidence_exchange_record",
            ecourt_papers::render_exchange_record(&record, footer, font),
        )
    };
    let pdf = pdf.map_err(anyhow::Error::from)?;
    let now = state.clock.now();
    let mut tx = state.db.begin_write().await?;
    let filed = cases::add_document(
        &mut tx,
        case_id,
        now,
        NewDocument {
            title,
            kind,
            mime_type: "application/pdf",
            content: pdf,
        },
    )
    .await?;
    cases::record_act(
        &mut tx,
        now,
        Act {
            case_id,
            kind: if sheet {
                "evidence_opinion_sheet_filed"
            } else {
                "evidence_record_filed"
            },
            title,
            detail: Some(if sheet {
                "质证意见表已归档"
            } else {
                "证据交换笔录已生成，请各参加人阅看后电子签名"
            }),
            actor: Some(caller),
            audit: serde_json::json!({ "document_id": filed.id, "sha256": filed.sha256 }),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(EvidencePaper {
        document_id: filed.id,
        title: title.to_string(),
        sha256: filed.sha256,
    })
}
