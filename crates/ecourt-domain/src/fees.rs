//! Litigation fees (诉讼费用) under the State Council's 《诉讼费用交纳办法》(2007), as data.
//!
//! Each scale is a flat fee for a first band and then cumulative brackets: the part of the amount
//! inside each bracket pays that bracket's rate (Art. 13, 14). Summary procedure halves the case
//! acceptance fee (Art. 16); application fees are not halved. Amounts are in fen, rounded half
//! up at every line.

use crate::money::Yuan;

/// The part of an amount above `above` (and up to `up_to`) pays `rate_bp` per ten thousand.
#[derive(Debug, Clone, Copy)]
pub struct Bracket {
    pub above: Yuan,
    pub up_to: Option<Yuan>,
    pub rate_bp: i64,
}

/// A flat fee for amounts up to `flat_up_to`, then cumulative brackets, at most `cap`.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub flat: Yuan,
    pub flat_up_to: Yuan,
    pub brackets: &'static [Bracket],
    pub cap: Option<Yuan>,
    /// Where the scale is in the law.
    pub rule: &'static str,
}

const fn b(above: i64, up_to: Option<i64>, rate_bp: i64) -> Bracket {
    Bracket {
        above: Yuan::whole(above),
        up_to: match up_to {
            Some(v) => Some(Yuan::whole(v)),
            None => None,
        },
        rate_bp,
    }
}

/// 第十三条第（一）项: 财产案件根据诉讼请求的金额或者价额，按照下列比例分段累计交纳.
pub const PROPERTY: Scale = Scale {
    flat: Yuan::whole(50),
    flat_up_to: Yuan::whole(10_000),
    brackets: &[
        b(10_000, Some(100_000), 250),
        b(100_000, Some(200_000), 200),
        b(200_000, Some(500_000), 150),
        b(500_000, Some(1_000_000), 100),
        b(1_000_000, Some(2_000_000), 90),
        b(2_000_000, Some(5_000_000), 80),
        b(5_000_000, Some(10_000_000), 70),
        b(10_000_000, Some(20_000_000), 60),
        b(20_000_000, None, 50),
    ],
    cap: None,
    rule: "《诉讼费用交纳办法》第十三条第（一）项",
};

/// 第十三条第（二）项第1目: 离婚案件涉及财产分割，财产总额不超过20万元的，不另行交纳；超过20万元的部分，按照0.5%交纳.
pub const DIVORCE_PROPERTY: Scale = Scale {
    flat: Yuan::ZERO,
    flat_up_to: Yuan::whole(200_000),
    brackets: &[b(200_000, None, 50)],
    cap: None,
    rule: "《诉讼费用交纳办法》第十三条第（二）项第1目",
};

/// 第十三条第（二）项第2目: 涉及损害赔偿，赔偿金额不超过5万元的，不另行交纳；超过5万元至10万元的部分，按照1%交纳；超过10万元的部分，按照0.5%交纳.
pub const PERSONALITY_DAMAGES: Scale = Scale {
    flat: Yuan::ZERO,
    flat_up_to: Yuan::whole(50_000),
    brackets: &[b(50_000, Some(100_000), 100), b(100_000, None, 50)],
    cap: None,
    rule: "《诉讼费用交纳办法》第十三条第（二）项第2目",
};

/// 第十四条第（二）项: 财产数额不超过1000元或者不涉及财产数额的，每件交纳30元；超过1000元至10万元的部分，按照1%交纳；超过10万元的部分，按照0.5%交纳。但是，当事人申请保全措施交纳的费用最多不超过5000元.
pub const PRESERVATION: Scale = Scale {
    flat: Yuan::whole(30),
    flat_up_to: Yuan::whole(1_000),
    brackets: &[b(1_000, Some(100_000), 100), b(100_000, None, 50)],
    cap: Some(Yuan::whole(5_000)),
    rule: "《诉讼费用交纳办法》第十四条第（二）项",
};

/// 第十四条第（一）项: 执行金额或者价额不超过1万元的，每件交纳50元；超过1万元至50万元的部分，按照1.5%交纳；超过50万元至500万元的部分，按照1%交纳；超过500万元至1000万元的部分，按照0.5%交纳；超过1000万元的部分，按照0.1%交纳.
pub const ENFORCEMENT: Scale = Scale {
    flat: Yuan::whole(50),
    flat_up_to: Yuan::whole(10_000),
    brackets: &[
        b(10_000, Some(500_000), 150),
        b(500_000, Some(5_000_000), 100),
        b(5_000_000, Some(10_000_000), 50),
        b(10_000_000, None, 10),
    ],
    cap: None,
    rule: "《诉讼费用交纳办法》第十四条第（一）项",
};

/// One line of the worked example of a scale (how the fee of an amount is reached): the part of
/// the amount inside a band and what that part pays. The first line is the flat fee of the
/// first band (`rate_bp` none).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step {
    pub above: Yuan,
    pub up_to: Option<Yuan>,
    /// The part of the amount inside this band.
    pub part: Yuan,
    pub rate_bp: Option<i64>,
    pub fee: Yuan,
}

/// 《诉讼费用交纳办法》第二十二条第一款: 案件受理费由原告、有独立请求权的第三人、上诉人预交…
/// 原告自接到人民法院交纳诉讼费用通知次日起7日内交纳案件受理费; 最高人民法院《关于适用〈中华人民
/// 共和国民事诉讼法〉的解释》第二百一十三条: 原告应当预交而未预交案件受理费，人民法院应当通知其预交，
/// 通知后仍不预交或者申请减、缓、免未获批准而仍不预交的，裁定按撤诉处理.
pub const PAY_WITHIN_DAYS: u32 = 7;
pub const PAY_WITHIN_RULE: &str = "《诉讼费用交纳办法》第二十二条";
pub const NOT_PAID_RULE: &str =
    "《最高人民法院关于适用〈中华人民共和国民事诉讼法〉的解释》第二百一十三条";
/// 第四十四条: 当事人交纳诉讼费用确有困难的，可以依照本办法向人民法院申请缓交、减交或者免交诉讼
/// 费用的司法救助; 第四十五条至第四十七条 say who may (免交: 残疾人无固定生活来源、追索赡养费等、
/// 最低生活保障对象等; 减交: 因自然灾害等不可抗力生活困难、属于国家规定的优抚安置对象等; 缓交:
/// 追索社会保险金、经济补偿金等); 第四十八条: 当事人申请司法救助，应当在起诉或者上诉时提交书面申请、
/// 足以证明其确有经济困难的证明材料以及其他相关证明材料.
pub const RELIEF_RULE: &str = "《诉讼费用交纳办法》第四十四条至第四十八条";

impl Scale {
    /// The worked example of `amount` on this scale, band by band; the fees add up to
    /// [`Scale::apply`] (before the cap, which the caller states).
    pub fn steps(&self, amount: Yuan) -> Vec<Step> {
        let mut out = vec![Step {
            above: Yuan::ZERO,
            up_to: Some(self.flat_up_to),
            part: amount.min(self.flat_up_to),
            rate_bp: None,
            fee: self.flat,
        }];
        for br in self.brackets {
            if amount <= br.above {
                break;
            }
            let top = br.up_to.map_or(amount, |t| amount.min(t));
            let part = top.saturating_sub(br.above);
            out.push(Step {
                above: br.above,
                up_to: br.up_to,
                part,
                rate_bp: Some(br.rate_bp),
                fee: part.basis_points(br.rate_bp),
            });
        }
        out
    }

    /// The fee for `amount` on this scale.
    pub fn apply(&self, amount: Yuan) -> Yuan {
        let mut fee = self.flat;
        for br in self.brackets {
            if amount <= br.above {
                break;
            }
            let top = br.up_to.map_or(amount, |t| amount.min(t));
            fee = fee + top.saturating_sub(br.above).basis_points(br.rate_bp);
        }
        match self.cap {
            Some(cap) => fee.min(cap),
            None => fee,
        }
    }
}

/// What the fee is for (the API's `fee_type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeeType {
    /// 财产案件, by the amount claimed.
    PropertyCase,
    /// 离婚案件, `amount` the total property to divide (0 if none).
    Divorce,
    /// 人格权案件, `amount` the damages claimed (0 if none).
    PersonalityRights,
    /// 其他非财产案件.
    OtherNonProperty,
    /// 劳动争议案件.
    LaborDispute,
    /// 行政案件; trademark, patent and maritime cases pay more.
    Administrative { trademark_patent_maritime: bool },
    /// 申请保全措施, `amount` the property preserved.
    PropertyPreservation,
    /// 申请执行, `amount` the sum to enforce.
    Enforcement,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Procedure {
    /// 普通程序
    Ordinary,
    /// 简易程序: the case acceptance fee is halved (Art. 16).
    Summary,
}

/// One line of a quote: what it is, the rule behind it, and the amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeLine {
    pub label: String,
    pub rule: String,
    pub amount: Yuan,
}

/// A quote: the total, the upper end when the law gives a range, and the lines that make it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeeQuote {
    /// The fee; for ranged fees (e.g. divorce 50–300) the lower end, which the court may raise.
    pub total: Yuan,
    pub total_max: Option<Yuan>,
    pub lines: Vec<FeeLine>,
}

fn line(label: &str, rule: &str, amount: Yuan) -> FeeLine {
    FeeLine {
        label: label.into(),
        rule: rule.into(),
        amount,
    }
}

/// Quotes the fee for one claim or application.
pub fn quote(fee_type: FeeType, amount: Yuan, procedure: Procedure) -> FeeQuote {
    let art13 = "《诉讼费用交纳办法》第十三条";
    let (mut lines, mut range_extra, acceptance_fee) = match fee_type {
        FeeType::PropertyCase => (
            vec![line(
                "案件受理费（财产案件）",
                PROPERTY.rule,
                PROPERTY.apply(amount),
            )],
            None,
            true,
        ),
        FeeType::Divorce => (
            vec![
                line(
                    "案件受理费（离婚案件，每件50元至300元）",
                    &format!("{art13}第（二）项第1目"),
                    Yuan::whole(50),
                ),
                line(
                    "财产分割超过20万元部分按0.5%",
                    DIVORCE_PROPERTY.rule,
                    DIVORCE_PROPERTY.apply(amount),
                ),
            ],
            Some(Yuan::whole(250)),
            true,
        ),
        FeeType::PersonalityRights => (
            vec![
                line(
                    "案件受理费（人格权案件，每件100元至500元）",
                    &format!("{art13}第（二）项第2目"),
                    Yuan::whole(100),
                ),
                line(
                    "损害赔偿超过5万元部分",
                    PERSONALITY_DAMAGES.rule,
                    PERSONALITY_DAMAGES.apply(amount),
                ),
            ],
            Some(Yuan::whole(400)),
            true,
        ),
        FeeType::OtherNonProperty => (
            vec![line(
                "案件受理费（其他非财产案件，每件50元至100元）",
                &format!("{art13}第（二）项第3目"),
                Yuan::whole(50),
            )],
            Some(Yuan::whole(50)),
            true,
        ),
        FeeType::LaborDispute => (
            vec![line(
                "案件受理费（劳动争议案件，每件10元）",
                &format!("{art13}第（四）项"),
                Yuan::whole(10),
            )],
            None,
            true,
        ),
        FeeType::Administrative {
            trademark_patent_maritime,
        } => {
            let (label, fee) = if trademark_patent_maritime {
                ("案件受理费（商标、专利、海事行政案件，每件100元）", 100)
            } else {
                ("案件受理费（其他行政案件，每件50元）", 50)
            };
            (
                vec![line(label, &format!("{art13}第（五）项"), Yuan::whole(fee))],
                None,
                true,
            )
        }
        FeeType::PropertyPreservation => (
            vec![line(
                "申请保全措施费（最多5000元）",
                PRESERVATION.rule,
                PRESERVATION.apply(amount),
            )],
            None,
            false,
        ),
        FeeType::Enforcement => (
            vec![line(
                "申请执行费",
                ENFORCEMENT.rule,
                ENFORCEMENT.apply(amount),
            )],
            None,
            false,
        ),
    };
    if acceptance_fee && procedure == Procedure::Summary {
        for l in &mut lines {
            l.amount = l.amount.half();
            l.label.push_str("（简易程序减半）");
            l.rule.push_str("；第十六条");
        }
        range_extra = range_extra.map(Yuan::half);
    }
    let total: Yuan = lines.iter().map(|l| l.amount).sum();
    FeeQuote {
        total,
        total_max: range_extra.map(|extra| total + extra),
        lines,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn y(s: &str) -> Yuan {
        Yuan::parse(s).unwrap()
    }

    fn property(amount: &str) -> String {
        quote(FeeType::PropertyCase, y(amount), Procedure::Ordinary)
            .total
            .to_string()
    }

    #[test]
    fn property_cases_pay_by_cumulative_brackets() {
        // 第十三条第（一）项: "1.不超过1万元的，每件交纳50元"
        assert_eq!(property("0"), "50.00");
        assert_eq!(property("10000"), "50.00");
        // "2.超过1万元至10万元的部分，按照2.5%交纳": 50 + 90,000 × 2.5% = 2,300
        assert_eq!(property("10000.20"), "50.01");
        assert_eq!(property("100000"), "2300.00");
        // "3.超过10万元至20万元的部分，按照2%交纳": domain.md's example, 150,000 → 3,300
        assert_eq!(property("150000"), "3300.00");
        assert_eq!(property("200000"), "4300.00");
        // "4.超过20万元至50万元的部分，按照1.5%交纳"
        assert_eq!(property("500000"), "8800.00");
        // "5.超过50万元至100万元的部分，按照1%交纳"
        assert_eq!(property("1000000"), "13800.00");
        // "6.超过100万元至200万元的部分，按照0.9%交纳"
        assert_eq!(property("2000000"), "22800.00");
        // "7.超过200万元至500万元的部分，按照0.8%交纳"
        assert_eq!(property("5000000"), "46800.00");
        // "8.超过500万元至1000万元的部分，按照0.7%交纳"
        assert_eq!(property("10000000"), "81800.00");
        // "9.超过1000万元至2000万元的部分，按照0.6%交纳"
        assert_eq!(property("20000000"), "141800.00");
        // "10.超过2000万元的部分，按照0.5%交纳"
        assert_eq!(property("30000000"), "191800.00");
        assert_eq!(property("20000000.01"), "141800.00");
    }

    #[test]
    fn the_worked_example_goes_band_by_band_and_adds_up_to_the_fee() {
        // domain.md §2: 150,000 → 50 + 90,000 × 2.5% + 50,000 × 2% = 3,300.
        let steps = PROPERTY.steps(y("150000"));
        let parts: Vec<_> = steps
            .iter()
            .map(|s| (s.part.to_string(), s.rate_bp, s.fee.to_string()))
            .collect();
        assert_eq!(
            parts,
            [
                ("10000.00".to_string(), None, "50.00".to_string()),
                ("90000.00".to_string(), Some(250), "2250.00".to_string()),
                ("50000.00".to_string(), Some(200), "1000.00".to_string()),
            ]
        );
        for amount in ["0", "9999.99", "10000.20", "2000000", "30000000"] {
            let total: Yuan = PROPERTY.steps(y(amount)).iter().map(|s| s.fee).sum();
            assert_eq!(total, PROPERTY.apply(y(amount)), "{amount}");
        }
    }

    #[test]
    fn summary_procedure_halves_the_acceptance_fee() {
        // 第十六条: "适用简易程序审理的案件减半交纳案件受理费"
        let q = quote(FeeType::PropertyCase, y("150000"), Procedure::Summary);
        assert_eq!(q.total.to_string(), "1650.00");
        assert!(q.lines[0].rule.contains("第十六条"));
        assert_eq!(
            quote(FeeType::LaborDispute, Yuan::ZERO, Procedure::Summary)
                .total
                .to_string(),
            "5.00"
        );
        // Application fees are not case acceptance fees: not halved.
        assert_eq!(
            quote(FeeType::Enforcement, y("10000"), Procedure::Summary).total,
            quote(FeeType::Enforcement, y("10000"), Procedure::Ordinary).total
        );
    }

    #[test]
    fn divorce_pays_50_to_300_plus_half_a_percent_above_200000() {
        // 第十三条第（二）项第1目: "离婚案件每件交纳50元至300元。涉及财产分割，财产总额不超过20万元的，
        // 不另行交纳；超过20万元的部分，按照0.5%交纳。"
        let q = quote(FeeType::Divorce, y("200000"), Procedure::Ordinary);
        assert_eq!(
            (q.total.to_string(), q.total_max.unwrap().to_string()),
            ("50.00".into(), "300.00".into())
        );
        let q = quote(FeeType::Divorce, y("300000"), Procedure::Ordinary);
        assert_eq!(
            (q.total.to_string(), q.total_max.unwrap().to_string()),
            ("550.00".into(), "800.00".into())
        );
        let q = quote(FeeType::Divorce, y("300000"), Procedure::Summary);
        assert_eq!(
            (q.total.to_string(), q.total_max.unwrap().to_string()),
            ("275.00".into(), "400.00".into())
        );
    }

    #[test]
    fn personality_rights_pay_100_to_500_plus_damages_brackets() {
        // 第十三条第（二）项第2目: "每件交纳100元至500元。涉及损害赔偿，赔偿金额不超过5万元的，不另行交纳；
        // 超过5万元至10万元的部分，按照1%交纳；超过10万元的部分，按照0.5%交纳。"
        let total = |a: &str| {
            quote(FeeType::PersonalityRights, y(a), Procedure::Ordinary)
                .total
                .to_string()
        };
        assert_eq!(total("50000"), "100.00");
        assert_eq!(total("100000"), "600.00");
        assert_eq!(total("200000"), "1100.00");
        let q = quote(FeeType::PersonalityRights, Yuan::ZERO, Procedure::Ordinary);
        assert_eq!(q.total_max.unwrap().to_string(), "500.00");
    }

    #[test]
    fn flat_fees_for_other_kinds() {
        // 第十三条第（二）项第3目: "其他非财产案件每件交纳50元至100元"
        let q = quote(FeeType::OtherNonProperty, Yuan::ZERO, Procedure::Ordinary);
        assert_eq!(
            (q.total.to_string(), q.total_max.unwrap().to_string()),
            ("50.00".into(), "100.00".into())
        );
        // 第十三条第（四）项: "劳动争议案件每件交纳10元"
        assert_eq!(
            quote(FeeType::LaborDispute, y("999999"), Procedure::Ordinary)
                .total
                .to_string(),
            "10.00"
        );
        // 第十三条第（五）项: "1.商标、专利、海事行政案件每件交纳100元；2.其他行政案件每件交纳50元"
        let admin = |special| {
            quote(
                FeeType::Administrative {
                    trademark_patent_maritime: special,
                },
                Yuan::ZERO,
                Procedure::Ordinary,
            )
            .total
            .to_string()
        };
        assert_eq!(
            (admin(true), admin(false)),
            ("100.00".into(), "50.00".into())
        );
    }

    #[test]
    fn preservation_is_capped_at_5000() {
        // 第十四条第（二）项: "财产数额不超过1000元或者不涉及财产数额的，每件交纳30元；超过1000元至10万元的部分，
        // 按照1%交纳；超过10万元的部分，按照0.5%交纳。但是，当事人申请保全措施交纳的费用最多不超过5000元。"
        let total = |a: &str| {
            quote(FeeType::PropertyPreservation, y(a), Procedure::Ordinary)
                .total
                .to_string()
        };
        assert_eq!(total("0"), "30.00");
        assert_eq!(total("1000"), "30.00");
        assert_eq!(total("100000"), "1020.00");
        assert_eq!(total("896000"), "5000.00");
        // Just below the cap: 1,020 + 795,998 × 0.5% = 4,999.99.
        assert_eq!(total("895998"), "4999.99");
        assert_eq!(total("50000000"), "5000.00");
    }

    #[test]
    fn enforcement_applications_by_brackets() {
        // 第十四条第（一）项: "执行金额或者价额不超过1万元的，每件交纳50元；超过1万元至50万元的部分，按照1.5%交纳；
        // 超过50万元至500万元的部分，按照1%交纳；超过500万元至1000万元的部分，按照0.5%交纳；
        // 超过1000万元的部分，按照0.1%交纳。"
        let total = |a: &str| {
            quote(FeeType::Enforcement, y(a), Procedure::Ordinary)
                .total
                .to_string()
        };
        assert_eq!(total("10000"), "50.00");
        assert_eq!(total("500000"), "7400.00");
        assert_eq!(total("5000000"), "52400.00");
        assert_eq!(total("10000000"), "77400.00");
        assert_eq!(total("20000000"), "87400.00");
    }
}
