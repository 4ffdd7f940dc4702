//! The case file's demo data: the demo cases in every stage, with participants, timelines and
//! documents (their hearings are handed to the hearings capability's demo data), and the bulk
//! cases for benchmarks. Demo only.

use crate::kernel::case_file as cases;
use crate::kernel::case_numbers;
use crate::kernel::clock::stamp;
use crate::kernel::db::{Db, Tx};
use crate::kernel::demo::{DemoHearing, DemoIds, DEMO_COURT_CODE, DEMO_COURT_NAME};
use chrono::{DateTime, Duration, Utc};
use ecourt_domain::{CaseRole, CaseStage, CaseType};

use sqlx::Row;

const LAWYER_FIRM: &str = "重庆渝信律师事务所";
const WORKER_OFFICE: &str = "渝中区解放碑街道法律服务所";

const PERSON_NAMES: [&str; 24] = [
    "赵丽华",
    "孙志强",
    "周小燕",
    "吴海波",
    "郑秀英",
    "冯立军",
    "何静",
    "罗永红",
    "唐明",
    "黄桂芳",
    "谢国平",
    "曾晓东",
    "彭丹",
    "胡建华",
    "袁芳",
    "邓超",
    "许春梅",
    "蒋天宇",
    "韩雪",
    "杨光荣",
    "朱红梅",
    "秦川",
    "马玉兰",
    "高峰",
];
const COMPANIES: [&str; 8] = [
    "重庆两江物业管理有限公司",
    "重庆山城商贸有限公司",
    "重庆嘉陵建筑工程有限公司",
    "重庆渝中小额贷款有限公司",
    "重庆朝天门餐饮管理有限公司",
    "中国某银行股份有限公司重庆分行",
    "重庆解放碑百货有限公司",
    "重庆长江汽车租赁有限公司",
];
const CAUSES: [(&str, &str); 12] = [
    ("民间借贷纠纷", "借款本金"),
    ("买卖合同纠纷", "货款"),
    ("房屋租赁合同纠纷", "拖欠租金"),
    ("物业服务合同纠纷", "物业服务费"),
    ("机动车交通事故责任纠纷", "各项损失"),
    ("劳务合同纠纷", "劳务报酬"),
    ("离婚纠纷", "共同财产分割"),
    ("金融借款合同纠纷", "借款本息"),
    ("信用卡纠纷", "透支本息"),
    ("装饰装修合同纠纷", "工程款"),
    ("健康权纠纷", "医疗费等损失"),
    ("追索劳动报酬纠纷", "劳动报酬"),
];
const OTHER_JUDGES: [&str; 3] = ["黄志刚", "李秋菊", "邓云飞"];
const COURTROOMS: [&str; 4] = ["第三法庭", "第五法庭", "第七法庭", "在线庭审室一"];

/// A case being written: its row id and the moment of its last event.
struct NewCase {
    id: i64,
}

/// A deterministic, well-spread choice: the same case always gets the same name or cause.
fn pick<T: Copy>(items: &[T], i: usize, salt: usize) -> T {
    let h = (i as u64 + 1)
        .wrapping_mul(2_654_435_761)
        .wrapping_add(salt as u64 * 40_503)
        >> 5;
    items[(h % items.len() as u64) as usize]
}

fn stage_of(i: usize) -> CaseStage {
    match i % 9 {
        0 | 5 => CaseStage::FilingReview,
        1 | 6 => CaseStage::AwaitingHearing,
        2 => CaseStage::Mediation,
        3 | 7 => CaseStage::InTrial,
        _ => CaseStage::Closed,
    }
}

/// The i-th demo case, its participants, timeline and documents; a hearing it has is added to
/// `hearings` for the hearings capability to write.
pub async fn demo_case(
    tx: &mut Tx,
    ids: &DemoIds,
    i: usize,
    now: DateTime<Utc>,
    hearings: &mut Vec<DemoHearing>,
) -> anyhow::Result<()> {
    let stage = stage_of(i);
    let (cause, claim_word) = pick(&CAUSES, i, 1);
    let case_type = match stage {
        CaseStage::Mediation => CaseType::PreLitigationMediation,
        _ => CaseType::CivilFirstInstance,
    };
    let filed = now
        - Duration::days(match stage {
            CaseStage::FilingReview => (i % 4) as i64 + 1,
            CaseStage::Mediation => 12,
            CaseStage::AwaitingHearing => 25 + (i % 10) as i64,
            CaseStage::InTrial => 50 + (i % 12) as i64,
            CaseStage::Closed => 120 + (i * 3) as i64,
        });
    let registered = filed + Duration::days(3);
    let case_number = if stage == CaseStage::FilingReview {
        None
    } else {
        let year = case_numbers::court_year(registered);
        Some(
            case_numbers::allocate(tx, DEMO_COURT_CODE, year, case_type)
                .await?
                .to_string(),
        )
    };
    let (deadline_date, deadline_label) = match stage {
        CaseStage::FilingReview => (
            Some(filed + Duration::days(7)),
            Some("法院审查立案申请期限"),
        ),
        CaseStage::Mediation => (Some(filed + Duration::days(30)), Some("诉前调解期限届满")),
        CaseStage::AwaitingHearing => (
            Some(now + Duration::days(5 + (i % 20) as i64)),
            Some("开庭"),
        ),
        CaseStage::InTrial => (
            Some(now + Duration::days(10 + (i % 9) as i64)),
            Some("提交代理意见"),
        ),
        CaseStage::Closed => (None, None),
    };
    let id: i64 = sqlx::query(
        "INSERT INTO cases (case_number, court_code, cause, case_type, stage, next_deadline_date, next_deadline_label,
                            created_at, updated_at, change_seq)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8, 0) RETURNING id",
    )
    .bind(case_number.as_deref())
    .bind(DEMO_COURT_CODE)
    .bind(cause)
    .bind(case_type.as_str())
    .bind(stage.as_str())
    .bind(deadline_date.map(|d| d.format("%Y-%m-%d").to_string()))
    .bind(deadline_label)
    .bind(stamp(filed))
    .fetch_one(&mut **tx)
    .await?
    .try_get("id")?;
    let case = NewCase { id };

    // Parties. party1 and party2 each have cases of their own, and meet in one (i = 20).
    let party1_role = match i % 10 {
        0 => Some(CaseRole::Plaintiff),
        5 => Some(CaseRole::Defendant),
        _ => None,
    };
    let party2_role = if i % 7 == 1 {
        Some(if i.is_multiple_of(2) {
            CaseRole::Defendant
        } else {
            CaseRole::Plaintiff
        })
    } else if i == 20 {
        Some(CaseRole::Defendant)
    } else {
        None
    };
    let plaintiff = if party1_role == Some(CaseRole::Plaintiff) {
        ("张晓梅", Some(ids.party1))
    } else if party2_role == Some(CaseRole::Plaintiff) {
        ("李建国", Some(ids.party2))
    } else if cause.contains("物业") || cause.contains("金融") || cause.contains("信用卡") {
        (pick(&COMPANIES, i, 2), None)
    } else {
        (pick(&PERSON_NAMES, i, 3), None)
    };
    // The newcomer party3 is sued in one case awaiting its (online) hearing with judge1.
    let defendant = if i == 10 {
        ("韩志远", Some(ids.party3))
    } else if party1_role == Some(CaseRole::Defendant) {
        ("张晓梅", Some(ids.party1))
    } else if party2_role == Some(CaseRole::Defendant) {
        ("李建国", Some(ids.party2))
    } else if i % 4 == 1 {
        (pick(&COMPANIES, i, 5), None)
    } else {
        (pick(&PERSON_NAMES, i, 7), None)
    };
    participant(
        tx,
        &case,
        plaintiff.1,
        plaintiff.0,
        CaseRole::Plaintiff,
        None,
        None,
    )
    .await?;
    participant(
        tx,
        &case,
        defendant.1,
        defendant.0,
        CaseRole::Defendant,
        None,
        None,
    )
    .await?;
    if i % 11 == 4 {
        participant(
            tx,
            &case,
            None,
            pick(&PERSON_NAMES, i, 11),
            CaseRole::ThirdParty,
            None,
            None,
        )
        .await?;
    }
    // Agents: lawyer1 acts for plaintiffs in every third case; worker1 for party2.
    if i.is_multiple_of(3) {
        participant(
            tx,
            &case,
            Some(ids.lawyer1),
            "王雪峰",
            CaseRole::Agent,
            Some(plaintiff.0),
            Some(LAWYER_FIRM),
        )
        .await?;
    }
    if party2_role.is_some() && i != 20 {
        participant(
            tx,
            &case,
            Some(ids.worker1),
            "陈德明",
            CaseRole::Agent,
            Some("李建国"),
            Some(WORKER_OFFICE),
        )
        .await?;
    }
    let judge = if i.is_multiple_of(2) {
        ("周文斌", Some(ids.judge1))
    } else {
        (pick(&OTHER_JUDGES, i, 1), None)
    };
    if stage != CaseStage::FilingReview {
        participant(tx, &case, judge.1, judge.0, CaseRole::Judge, None, None).await?;
        participant(
            tx,
            &case,
            Some(ids.clerk1),
            "刘婷",
            CaseRole::Clerk,
            None,
            None,
        )
        .await?;
    }
    if stage == CaseStage::Mediation {
        participant(
            tx,
            &case,
            None,
            "渝中区人民调解委员会 何文",
            CaseRole::Mediator,
            None,
            None,
        )
        .await?;
    }

    // Timeline and documents.
    let amount = 8_000 + (i as i64 * 37_531) % 480_000;
    let complaint = format!(
        "民事起诉状\n\n原告：{p}\n被告：{d}\n\n诉讼请求：\n一、判令被告支付{claim}人民币{amount}元；\n二、本案诉讼费用由被告承担。\n\n\
         事实与理由：\n原告与被告之间发生{cause}。原告多次催告，被告至今未履行。为维护原告合法权益，\
         依据《中华人民共和国民事诉讼法》的有关规定，特向贵院提起诉讼，望判如所请。\n\n此致\n{court}\n\n具状人：{p}\n{date}",
        p = plaintiff.0,
        d = defendant.0,
        claim = claim_word,
        court = DEMO_COURT_NAME,
        date = filed.format("%Y年%m月%d日"),
    );
    document(tx, &case, "民事起诉状", "complaint", &complaint, filed).await?;
    let evidence = format!(
        "证据清单\n\n1. 身份证明材料，证明原告、被告的诉讼主体资格；\n2. {cause}相关合同或凭证，证明双方法律关系；\n\
         3. 催告记录，证明被告未履行义务。\n\n提交人：{p}",
        p = plaintiff.0
    );
    document(tx, &case, "证据清单", "evidence_list", &evidence, filed).await?;
    event(
        tx,
        &case,
        filed,
        "filed",
        "提交网上立案申请",
        Some(format!("{}通过在线诉讼服务平台提交立案材料", plaintiff.0)),
        Some(plaintiff.0),
    )
    .await?;

    if stage == CaseStage::Mediation {
        let t = filed + Duration::days(2);
        event(
            tx,
            &case,
            t,
            "mediation_diverted",
            "转入诉前调解",
            Some("当事人同意诉前调解，案件已委派调解组织".into()),
            Some("刘婷"),
        )
        .await?;
    }
    if matches!(
        stage,
        CaseStage::AwaitingHearing | CaseStage::InTrial | CaseStage::Closed
    ) {
        let number = case_number.clone().unwrap_or_default();
        event(
            tx,
            &case,
            registered,
            "registered",
            "立案受理",
            Some(format!("案号{number}")),
            Some("刘婷"),
        )
        .await?;
        let notice = format!(
            "受理案件通知书\n\n{number}\n\n{p}：\n你（单位）诉{d}{cause}一案，本院已立案受理。请于收到本通知之日起七日内预交案件受理费，\
             逾期不交又未申请缓交的，按撤诉处理。\n\n{court}\n{date}",
            p = plaintiff.0,
            d = defendant.0,
            court = DEMO_COURT_NAME,
            date = registered.format("%Y年%m月%d日"),
        );
        document(tx, &case, "受理案件通知书", "notice", &notice, registered).await?;
        event(
            tx,
            &case,
            registered + Duration::days(2),
            "fee_paid",
            "交纳案件受理费",
            Some("已通过在线支付交费，电子票据已开具".into()),
            Some(plaintiff.0),
        )
        .await?;
        let hearing_at = match stage {
            CaseStage::AwaitingHearing => deadline_date.unwrap_or(now),
            _ => registered + Duration::days(30),
        };
        let room = pick(&COURTROOMS, i, 2);
        // 9:30 in the morning, court time (UTC+8).
        let starts = hearing_at
            .date_naive()
            .and_hms_opt(1, 30, 0)
            .map(|t| t.and_utc())
            .unwrap_or(hearing_at);
        hearings.push(DemoHearing {
            case_id: case.id,
            starts,
            courtroom: room,
            ended: stage != CaseStage::AwaitingHearing,
        });
        event(
            tx,
            &case,
            registered + Duration::days(6),
            "hearing_scheduled",
            "排期开庭",
            Some(format!(
                "定于{}上午9时30分在{}开庭审理",
                hearing_at.format("%Y年%m月%d日"),
                room
            )),
            Some(judge.0),
        )
        .await?;
        let summons = format!(
            "传票\n\n案号：{number}\n被传唤人：{d}\n传唤事由：开庭\n应到时间：{}上午9时30分\n应到处所：{room}\n\n注意事项：\n\
             一、被传唤人必须准时到达应到处所；\n二、本传票由被传唤人携带来院报到；\n三、被传唤人收到传票后，应在送达回证上签名或者盖章。\n\n{court}",
            hearing_at.format("%Y年%m月%d日"),
            d = defendant.0,
            court = DEMO_COURT_NAME,
        );
        document(
            tx,
            &case,
            "传票",
            "summons",
            &summons,
            registered + Duration::days(6),
        )
        .await?;
        if matches!(stage, CaseStage::InTrial | CaseStage::Closed) {
            event(
                tx,
                &case,
                hearing_at,
                "hearing_held",
                "开庭审理",
                Some(format!("在{room}公开开庭审理，双方当事人到庭参加诉讼")),
                Some(judge.0),
            )
            .await?;
        }
        if stage == CaseStage::Closed {
            let closed_at = hearing_at + Duration::days(20);
            let (kind, title) = if i.is_multiple_of(2) {
                ("judgment", "民事判决书")
            } else {
                ("mediation_statement", "民事调解书")
            };
            let text = format!(
                "{court}\n{title}\n\n{number}\n\n原告：{p}\n被告：{d}\n\n原告{p}与被告{d}{cause}一案，本院立案后，依法适用简易程序，公开开庭进行了审理。本案现已审理终结。\n\n……\n\n审判员  {j}\n书记员  刘婷\n{date}",
                court = DEMO_COURT_NAME,
                p = plaintiff.0,
                d = defendant.0,
                j = judge.0,
                date = closed_at.format("%Y年%m月%d日"),
            );
            document(tx, &case, title, kind, &text, closed_at).await?;
            event(
                tx,
                &case,
                closed_at,
                "closed",
                if kind == "judgment" {
                    "宣判结案"
                } else {
                    "调解结案"
                },
                Some(format!("{title}已送达双方当事人")),
                Some(judge.0),
            )
            .await?;
        }
    }
    cases::touch(tx, case.id, now).await?;
    // `touch` stamps `updated_at` with now; keep the demo's own history instead.
    sqlx::query("UPDATE cases SET updated_at = (SELECT MAX(at) FROM case_events WHERE case_id = $1) WHERE id = $1")
        .bind(case.id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

async fn participant(
    tx: &mut Tx,
    case: &NewCase,
    account_id: Option<i64>,
    name: &str,
    role: CaseRole,
    represents: Option<&str>,
    note: Option<&str>,
) -> anyhow::Result<()> {
    let p = crate::kernel::case_file::NewParticipant {
        account_id,
        name,
        role,
        represents,
        note,
    };
    Ok(crate::kernel::case_file::add_participant(tx, case.id, &p).await?)
}

async fn event(
    tx: &mut Tx,
    case: &NewCase,
    at: DateTime<Utc>,
    kind: &str,
    title: &str,
    detail: Option<String>,
    actor: Option<&str>,
) -> anyhow::Result<()> {
    sqlx::query(
        "INSERT INTO case_events (case_id, at, kind, title, detail, actor_name) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(case.id)
    .bind(stamp(at))
    .bind(kind)
    .bind(title)
    .bind(detail)
    .bind(actor)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn document(
    tx: &mut Tx,
    case: &NewCase,
    title: &str,
    kind: &str,
    text: &str,
    at: DateTime<Utc>,
) -> anyhow::Result<()> {
    cases::add_document(
        tx,
        case.id,
        at,
        cases::NewDocument {
            title,
            kind,
            mime_type: "text/plain; charset=utf-8",
            content: text.as_bytes().to_vec(),
        },
    )
    .await?;
    Ok(())
}

/// Adds `n` plain cases in which `username` is the plaintiff's agent: load for benchmarks and the
/// 10,000-case sync figure. Each has two parties, a judge, two events and a document.
pub async fn seed_bulk(
    db: &Db,
    username: &str,
    n: usize,
    now: DateTime<Utc>,
) -> anyhow::Result<()> {
    let account: i64 = sqlx::query("SELECT id FROM accounts WHERE username = $1")
        .bind(username)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| anyhow::anyhow!("no account {username}; run seed-demo first"))?
        .try_get("id")?;
    let mut remaining = n;
    let mut k = 0usize;
    while remaining > 0 {
        let batch = remaining.min(500);
        let mut tx = db.begin_write().await?;
        for _ in 0..batch {
            k += 1;
            let (cause, _) = pick(&CAUSES, k, 4);
            let id: i64 = sqlx::query(
                "INSERT INTO cases (case_number, court_code, cause, case_type, stage, created_at, updated_at, change_seq)
                 VALUES (NULL, $1, $2, 'civil_first_instance', 'filing_review', $3, $3, 0) RETURNING id",
            )
            .bind(DEMO_COURT_CODE)
            .bind(cause)
            .bind(stamp(now))
            .fetch_one(&mut *tx)
            .await?
            .try_get("id")?;
            let case = NewCase { id };
            let plaintiff = pick(&PERSON_NAMES, k, 1);
            participant(
                &mut tx,
                &case,
                None,
                plaintiff,
                CaseRole::Plaintiff,
                None,
                None,
            )
            .await?;
            participant(
                &mut tx,
                &case,
                None,
                pick(&COMPANIES, k, 2),
                CaseRole::Defendant,
                None,
                None,
            )
            .await?;
            participant(
                &mut tx,
                &case,
                Some(account),
                "代理人",
                CaseRole::Agent,
                Some(plaintiff),
                None,
            )
            .await?;
            event(
                &mut tx,
                &case,
                now,
                "filed",
                "提交网上立案申请",
                None,
                Some(plaintiff),
            )
            .await?;
            event(
                &mut tx,
                &case,
                now,
                "received",
                "法院已接收材料",
                None,
                None,
            )
            .await?;
            document(
                &mut tx,
                &case,
                "民事起诉状",
                "complaint",
                &format!("民事起诉状\n\n原告：{plaintiff}\n案由：{cause}\n编号：{k}"),
                now,
            )
            .await?;
            cases::touch(&mut tx, case.id, now).await?;
        }
        tx.commit().await?;
        remaining -= batch;
    }
    Ok(())
}
