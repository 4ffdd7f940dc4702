//! The online filing application (网上立案申请) and the checks it must pass before the court
//! reviews it.
//!
//! 《民事诉讼法》第一百二十二条: 起诉必须符合下列条件：（一）原告是与本案有直接利害关系的公民、
//! 法人和其他组织；（二）有明确的被告；（三）有具体的诉讼请求和事实、理由；（四）属于人民法院受理
//! 民事诉讼的范围和受诉人民法院管辖。 The checks here cover what can be decided from the form
//! itself; whether the conditions are really met is the reviewing court's decision.
//! The desktop runs the same checks while the filer types; the court runs them again.

use crate::fees::{self, FeeQuote, FeeType, Procedure};
use crate::id_number::IdNumber;
use crate::money::Yuan;
use crate::uscc::Uscc;
use crate::CaseType;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use utoipa::ToSchema;

/// The largest evidence file taken (bytes).
pub const MAX_FILE_BYTES: i64 = 20 * 1024 * 1024;
/// The most all files of one application may hold together (bytes).
pub const MAX_FILING_BYTES: i64 = 100 * 1024 * 1024;
/// File types taken as evidence: PDF, JPEG and PNG (paperless materials, domain.md §2).
pub const ALLOWED_MIME_TYPES: [&str; 3] = ["application/pdf", "image/jpeg", "image/png"];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FilingApplication {
    /// The court applied to (法院代字), e.g. `渝0103`.
    pub court_code: String,
    pub case_type: CaseType,
    /// 案由, e.g. 民间借贷纠纷.
    pub cause: String,
    pub plaintiffs: Vec<FilingParty>,
    pub defendants: Vec<FilingParty>,
    #[serde(default)]
    pub third_parties: Vec<FilingParty>,
    #[serde(default)]
    pub agents: Vec<FilingAgent>,
    /// 诉讼请求, one per line.
    pub claims: Vec<Claim>,
    /// 事实与理由.
    pub facts_and_reasons: String,
    /// 证据清单.
    #[serde(default)]
    pub evidence: Vec<EvidenceItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PartyKind {
    /// 自然人: identified by the citizen identity number.
    Person,
    /// 法人或其他组织: identified by the unified social credit code.
    Organisation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FilingParty {
    pub kind: PartyKind,
    pub name: String,
    /// The identity number of a person, the unified social credit code of an organisation.
    /// Required for plaintiffs; for a defendant the filer may not know it.
    #[serde(default)]
    pub id_number: String,
    #[serde(default)]
    pub phone: String,
    /// Where documents reach them (送达地址).
    #[serde(default)]
    pub address: String,
    /// For an organisation: its legal representative (法定代表人).
    #[serde(default)]
    pub representative: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum AgentKind {
    /// 律师: with the 17-digit practising certificate number and the firm.
    Lawyer,
    /// 基层法律服务工作者.
    LegalWorker,
    /// A close relative or someone recommended by the party's community or employer.
    Other,
}

/// 委托诉讼代理人, with the power of attorney (授权委托书).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FilingAgent {
    pub kind: AgentKind,
    pub name: String,
    /// The plaintiff's name the agent acts for.
    pub represents: String,
    #[serde(default)]
    pub licence_number: String,
    #[serde(default)]
    pub firm: String,
    pub power_of_attorney: Option<FileRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Claim {
    pub text: String,
    /// Yuan as a decimal string when the claim is about property, e.g. `"150000.00"`.
    pub amount: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct EvidenceItem {
    pub name: String,
    /// 证据来源.
    pub source: String,
    /// 证明目的: what it proves.
    pub proves: String,
    #[serde(default)]
    pub files: Vec<FileRef>,
}

/// A file named by its content hash; the bytes travel separately.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct FileRef {
    pub name: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// Hex SHA-256 of the content.
    pub sha256: String,
}

/// One thing wrong with an application: the field it concerns (e.g. `defendants[0].id_number`),
/// a stable code, and what the wording needs besides. The desktop words it in the user's
/// language from these ("被告1：请填写送达地址"); the domain writes no sentence of its own, so
/// both languages say the same thing.
///
/// Codes: `unsupported_case_type`, `missing`, `too_long` (`max`), `no_plaintiff`,
/// `no_defendant`, `defendant_is_plaintiff`, `unknown_principal`, `bad_licence_number`,
/// `missing_power_of_attorney`, `no_claim`, `bad_amount` (`detail`: `zero`, `malformed`,
/// `negative`, `too_large`), the identity number's codes (`IdNumberError::code`), `bad_uscc`,
/// `bad_phone`, `file_type`, `file_empty`, `file_too_large` (`max`, in MB), `file_hash`
/// (each with `file`), `filing_too_large` (`max`, in MB).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct Problem {
    pub field: String,
    pub code: String,
    #[serde(default)]
    pub params: ProblemParams,
}

/// What a problem's wording needs besides its field and code.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS, ToSchema)]
pub struct ProblemParams {
    /// The upper limit broken: characters for a text, MB for a file.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub max: Option<i64>,
    /// The file's name, for a file's problem.
    #[serde(default)]
    #[ts(optional = nullable)]
    pub file: Option<String>,
    /// Which way a value is wrong, where one code covers several (`bad_amount`).
    #[serde(default)]
    #[ts(optional = nullable)]
    pub detail: Option<String>,
}

fn problem(field: impl Into<String>, code: &str) -> Problem {
    with(field, code, ProblemParams::default())
}

fn with(field: impl Into<String>, code: &str, params: ProblemParams) -> Problem {
    Problem {
        field: field.into(),
        code: code.into(),
        params,
    }
}

/// A lawyer's practising certificate number (律师执业证号): 17 digits.
pub fn is_lawyer_licence(s: &str) -> bool {
    let n = s.trim();
    n.len() == 17 && n.bytes().all(|b| b.is_ascii_digit())
}

/// What a file's first bytes say it is, among the types taken as evidence.
pub fn sniff_mime(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(&[0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A]) {
        Some("image/png")
    } else {
        None
    }
}

impl FilingApplication {
    /// Every file the application refers to.
    pub fn files(&self) -> Vec<&FileRef> {
        let evidence = self.evidence.iter().flat_map(|e| e.files.iter());
        let powers = self
            .agents
            .iter()
            .filter_map(|a| a.power_of_attorney.as_ref());
        evidence.chain(powers).collect()
    }

    /// The total of the property claims.
    pub fn claimed_total(&self) -> Yuan {
        self.claims
            .iter()
            .filter_map(|c| c.amount.as_deref())
            .filter_map(|a| Yuan::parse(a).ok())
            .fold(Yuan::ZERO, |sum, a| Yuan::from_fen(sum.fen() + a.fen()))
    }

    /// The case acceptance fee as filed: a property case by the total claimed, otherwise
    /// another non-property case (《诉讼费用交纳办法》第十三条). The procedure is ordinary until
    /// the court decides on the summary procedure, which halves it.
    pub fn fee_quote(&self) -> FeeQuote {
        let total = self.claimed_total();
        let fee_type = if total > Yuan::ZERO {
            FeeType::PropertyCase
        } else {
            FeeType::OtherNonProperty
        };
        fees::quote(fee_type, total, Procedure::Ordinary)
    }

    /// Every problem found, in the order of the form; empty when the application may be filed.
    pub fn problems(&self, today: NaiveDate) -> Vec<Problem> {
        let mut out = Vec::new();
        if self.case_type != CaseType::CivilFirstInstance {
            out.push(problem("case_type", "unsupported_case_type"));
        }
        check_text(&mut out, "cause", &self.cause, 50);
        if self.plaintiffs.is_empty() {
            out.push(problem("plaintiffs", "no_plaintiff"));
        }
        if self.defendants.is_empty() {
            out.push(problem("defendants", "no_defendant"));
        }
        for (list, name, id_required) in [
            (&self.plaintiffs, "plaintiffs", true),
            (&self.defendants, "defendants", false),
            (&self.third_parties, "third_parties", false),
        ] {
            for (i, p) in list.iter().enumerate() {
                check_party(&mut out, &format!("{name}[{i}]"), p, id_required, today);
            }
        }
        for (i, d) in self.defendants.iter().enumerate() {
            if self.plaintiffs.iter().any(|p| same_party(p, d)) {
                out.push(problem(
                    format!("defendants[{i}]"),
                    "defendant_is_plaintiff",
                ));
            }
        }
        for (i, a) in self.agents.iter().enumerate() {
            let field = format!("agents[{i}]");
            check_text(&mut out, &format!("{field}.name"), &a.name, 50);
            if !self
                .plaintiffs
                .iter()
                .any(|p| p.name.trim() == a.represents.trim())
            {
                out.push(problem(format!("{field}.represents"), "unknown_principal"));
            }
            if a.kind == AgentKind::Lawyer {
                if !is_lawyer_licence(&a.licence_number) {
                    out.push(problem(
                        format!("{field}.licence_number"),
                        "bad_licence_number",
                    ));
                }
                if a.firm.trim().is_empty() {
                    out.push(problem(format!("{field}.firm"), "missing"));
                }
            }
            if a.power_of_attorney.is_none() {
                out.push(problem(
                    format!("{field}.power_of_attorney"),
                    "missing_power_of_attorney",
                ));
            }
        }
        if self.claims.is_empty() {
            out.push(problem("claims", "no_claim"));
        }
        for (i, c) in self.claims.iter().enumerate() {
            check_text(&mut out, &format!("claims[{i}].text"), &c.text, 1000);
            if let Some(amount) = &c.amount {
                match Yuan::parse(amount) {
                    Ok(a) if a == Yuan::ZERO => out.push(with(
                        format!("claims[{i}].amount"),
                        "bad_amount",
                        ProblemParams {
                            detail: Some("zero".into()),
                            ..Default::default()
                        },
                    )),
                    Ok(_) => {}
                    Err(e) => out.push(with(
                        format!("claims[{i}].amount"),
                        "bad_amount",
                        ProblemParams {
                            detail: Some(money_detail(&e).into()),
                            ..Default::default()
                        },
                    )),
                }
            }
        }
        check_text(
            &mut out,
            "facts_and_reasons",
            &self.facts_and_reasons,
            20_000,
        );
        for (i, e) in self.evidence.iter().enumerate() {
            check_text(&mut out, &format!("evidence[{i}].name"), &e.name, 200);
        }
        // Each file's problem names the file where the filer put it, to outline it there.
        let evidence_files = self.evidence.iter().enumerate().flat_map(|(i, e)| {
            e.files
                .iter()
                .enumerate()
                .map(move |(j, f)| (format!("evidence[{i}].files[{j}]"), f))
        });
        let powers = self.agents.iter().enumerate().filter_map(|(i, a)| {
            a.power_of_attorney
                .as_ref()
                .map(|f| (format!("agents[{i}].power_of_attorney"), f))
        });
        let mut total = 0i64;
        for (field, f) in evidence_files.chain(powers) {
            total += f.size_bytes.max(0);
            if let Some(p) = file_problem(f) {
                out.push(Problem { field, ..p });
            }
        }
        if total > MAX_FILING_BYTES {
            out.push(with(
                "evidence",
                "filing_too_large",
                ProblemParams {
                    max: Some(MAX_FILING_BYTES / 1024 / 1024),
                    ..Default::default()
                },
            ));
        }
        out
    }
}

fn money_detail(e: &crate::money::MoneyError) -> &'static str {
    match e {
        crate::money::MoneyError::Malformed => "malformed",
        crate::money::MoneyError::Negative => "negative",
        crate::money::MoneyError::TooLarge => "too_large",
    }
}

/// A file that cannot be taken, and why (its field is `file`; the application's check names
/// where the file is).
pub fn file_problem(f: &FileRef) -> Option<Problem> {
    let code = if !ALLOWED_MIME_TYPES.contains(&f.mime_type.as_str()) {
        "file_type"
    } else if f.size_bytes <= 0 {
        "file_empty"
    } else if f.size_bytes > MAX_FILE_BYTES {
        "file_too_large"
    } else if f.sha256.len() != 64 || !f.sha256.bytes().all(|b| b.is_ascii_hexdigit()) {
        "file_hash"
    } else {
        return None;
    };
    Some(with(
        "file",
        code,
        ProblemParams {
            file: Some(f.name.clone()),
            max: (code == "file_too_large").then_some(MAX_FILE_BYTES / 1024 / 1024),
            ..Default::default()
        },
    ))
}

fn check_text(out: &mut Vec<Problem>, field: &str, value: &str, max: usize) {
    let n = value.trim().chars().count();
    // A name of zero-width characters only is as empty as a blank one.
    if n == 0 || crate::text::visible_len(value) == 0 {
        out.push(problem(field, "missing"));
    } else if n > max {
        out.push(with(
            field,
            "too_long",
            ProblemParams {
                max: Some(max as i64),
                ..Default::default()
            },
        ));
    }
}

fn check_party(
    out: &mut Vec<Problem>,
    field: &str,
    p: &FilingParty,
    id_required: bool,
    today: NaiveDate,
) {
    check_text(out, &format!("{field}.name"), &p.name, 100);
    let id = p.id_number.trim();
    if id.is_empty() {
        if id_required {
            out.push(problem(format!("{field}.id_number"), "missing"));
        }
    } else {
        let error = match p.kind {
            PartyKind::Person => IdNumber::parse(id, today).err().map(|e| e.code()),
            PartyKind::Organisation => Uscc::parse(id).err().map(|_| "bad_uscc"),
        };
        if let Some(code) = error {
            out.push(problem(format!("{field}.id_number"), code));
        }
    }
    if p.kind == PartyKind::Organisation && p.representative.trim().is_empty() {
        out.push(problem(format!("{field}.representative"), "missing"));
    }
    if p.address.trim().is_empty() && !id_required {
        out.push(problem(format!("{field}.address"), "missing"));
    }
    let phone = p.phone.trim();
    if !phone.is_empty()
        && (phone.len() < 7
            || phone.len() > 20
            || !phone.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    {
        out.push(problem(format!("{field}.phone"), "bad_phone"));
    }
}

/// The same person or organisation: the same identity number, or the same name where neither
/// gives a number.
fn same_party(a: &FilingParty, b: &FilingParty) -> bool {
    let (ia, ib) = (
        a.id_number.trim().to_ascii_uppercase(),
        b.id_number.trim().to_ascii_uppercase(),
    );
    if !ia.is_empty() && !ib.is_empty() {
        return ia == ib;
    }
    a.kind == b.kind && a.name.trim() == b.name.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    fn person(name: &str, id: &str) -> FilingParty {
        FilingParty {
            kind: PartyKind::Person,
            name: name.into(),
            id_number: id.into(),
            phone: "13800000000".into(),
            address: "重庆市渝中区解放碑街道1号".into(),
            representative: String::new(),
        }
    }

    pub fn sample() -> FilingApplication {
        FilingApplication {
            court_code: "渝0103".into(),
            case_type: CaseType::CivilFirstInstance,
            cause: "民间借贷纠纷".into(),
            plaintiffs: vec![person("张晓梅", "11010519491231002X")],
            defendants: vec![person("赵大勇", "")],
            third_parties: vec![],
            agents: vec![],
            claims: vec![
                Claim {
                    text: "判令被告偿还借款本金150000元".into(),
                    amount: Some("150000".into()),
                },
                Claim {
                    text: "判令被告承担本案诉讼费用".into(),
                    amount: None,
                },
            ],
            facts_and_reasons: "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。"
                .into(),
            evidence: vec![],
        }
    }

    #[test]
    fn a_complete_application_has_no_problem_and_its_fee_follows_the_claims() {
        let app = sample();
        assert_eq!(app.problems(today()), vec![]);
        // 150,000 → 50 + 2,250 + 1,000 = 3,300 (domain.md §2).
        assert_eq!(app.fee_quote().total, Yuan::whole(3300));
    }

    #[test]
    fn article_122_needs_a_definite_defendant_who_is_not_the_plaintiff() {
        let mut app = sample();
        app.defendants.clear();
        assert_eq!(app.problems(today())[0].code, "no_defendant");
        let mut app = sample();
        app.defendants = vec![person("张晓梅", "11010519491231002x")];
        assert!(app
            .problems(today())
            .iter()
            .any(|p| p.code == "defendant_is_plaintiff"));
    }

    #[test]
    fn amounts_must_be_positive_decimals_of_sane_size() {
        for (amount, code) in [
            ("-5", "bad_amount"),
            ("0", "bad_amount"),
            ("1e9", "bad_amount"),
            ("99999999999999999", "bad_amount"),
        ] {
            let mut app = sample();
            app.claims[0].amount = Some(amount.into());
            let problems = app.problems(today());
            assert_eq!(problems.len(), 1, "{amount}: {problems:?}");
            assert_eq!(
                (problems[0].field.as_str(), problems[0].code.as_str()),
                ("claims[0].amount", code)
            );
        }
    }

    #[test]
    fn identity_numbers_and_credit_codes_are_checked() {
        let mut app = sample();
        app.plaintiffs[0].id_number = "110105194912310021".into();
        assert_eq!(app.problems(today())[0].code, "bad_check_character");
        app.plaintiffs[0] = FilingParty {
            kind: PartyKind::Organisation,
            name: "某公司".into(),
            id_number: "91500103MA5U000000".into(),
            phone: String::new(),
            address: String::new(),
            representative: "王某".into(),
        };
        assert_eq!(app.problems(today())[0].code, "bad_uscc");
    }

    #[test]
    fn files_must_be_pdf_jpeg_or_png_within_limits() {
        assert_eq!(sniff_mime(b"%PDF-1.7\n"), Some("application/pdf"));
        assert_eq!(sniff_mime(b"MZ\x90\x00"), None);
        let mut app = sample();
        let file = |mime: &str, size| FileRef {
            name: "借条.pdf".into(),
            mime_type: mime.into(),
            size_bytes: size,
            sha256: "ab".repeat(32),
        };
        app.evidence.push(EvidenceItem {
            name: "借条".into(),
            source: "原告提供".into(),
            proves: "借款事实".into(),
            files: vec![file("application/pdf", 1000)],
        });
        assert_eq!(app.problems(today()), vec![]);
        app.evidence[0].files = vec![
            file("application/x-msdownload", 1000),
            file("application/pdf", MAX_FILE_BYTES + 1),
        ];
        let codes: Vec<_> = app.problems(today()).into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["file_type", "file_too_large"]);
    }

    #[test]
    fn a_problem_names_its_field_and_carries_what_its_wording_needs() {
        let mut app = sample();
        app.defendants[0].address = String::new();
        app.cause = "纠".repeat(51);
        app.claims[0].amount = Some("12.345".into());
        app.evidence.push(EvidenceItem {
            name: "借条".into(),
            source: String::new(),
            proves: String::new(),
            files: vec![FileRef {
                name: "借条.exe".into(),
                mime_type: "application/x-msdownload".into(),
                size_bytes: 10,
                sha256: "ab".repeat(32),
            }],
        });
        let got: Vec<_> = app
            .problems(today())
            .into_iter()
            .map(|p| (p.field, p.code, p.params))
            .collect();
        let params = |max: Option<i64>, file: Option<&str>, detail: Option<&str>| ProblemParams {
            max,
            file: file.map(Into::into),
            detail: detail.map(Into::into),
        };
        assert_eq!(
            got,
            [
                (
                    "cause".into(),
                    "too_long".into(),
                    params(Some(50), None, None)
                ),
                (
                    "defendants[0].address".into(),
                    "missing".into(),
                    params(None, None, None)
                ),
                (
                    "claims[0].amount".into(),
                    "bad_amount".into(),
                    params(None, None, Some("malformed"))
                ),
                (
                    "evidence[0].files[0]".into(),
                    "file_type".into(),
                    params(None, Some("借条.exe"), None)
                ),
            ]
        );
    }

    #[test]
    fn lawyers_give_their_17_digit_licence_and_a_power_of_attorney() {
        let mut app = sample();
        app.agents.push(FilingAgent {
            kind: AgentKind::Lawyer,
            name: "王雪峰".into(),
            represents: "张晓梅".into(),
            licence_number: "1500120101234567".into(),
            firm: "重庆某律师事务所".into(),
            power_of_attorney: None,
        });
        let codes: Vec<_> = app.problems(today()).into_iter().map(|p| p.code).collect();
        assert_eq!(codes, ["bad_licence_number", "missing_power_of_attorney"]);
    }
}
