//! Renders court papers with the system font and reads them back with poppler (poppler-utils):
//! the receipt, the toolkit's line breaking and flowing tables, and the signature page.

use std::io::Write;
use std::process::{Command, Stdio};

use ecourt_papers::layout::{Pen, Sheet, A4, NO_END, NO_START};
use ecourt_papers::{
    render, render_signature_page, FontSource, Footer, Paper, PaperError, Receipt, ReceiptError,
    SignaturePage, Signer, Signing, SigningMethod, FONT_SETTINGS,
};

fn receipt() -> Receipt {
    Receipt {
        receipt_number: "5000012600000123".into(),
        payment_number: "JF2026112900017".into(),
        payer: "重庆山城建材有限公司".into(),
        court_name: "重庆市渝中区人民法院".into(),
        case_number: "（2026）渝0103民初1号".into(),
        items: vec![
            ("案件受理费".into(), 300000),
            ("财产保全申请费".into(), 30000),
        ],
        total_fen: 330000,
        paid_at: "2026年11月29日 15:04".into(),
        issuer: "重庆市财政局 (监制)".into(),
        check_code: "8f3a1c".into(),
    }
}

/// Pipes the PDF through a poppler tool; None (skip) only when it is missing outside CI.
fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> Option<Vec<u8>> {
    let child = Command::new(tool)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("SKIPPED: cannot run {tool} ({e}); apt-get install poppler-utils");
            return None;
        }
        Err(e) => panic!("{tool} is required on CI (apt-get install poppler-utils): {e}"),
    };
    child.stdin.take().unwrap().write_all(pdf).unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{tool} failed: {out:?}");
    Some(out.stdout)
}

#[test]
fn receipt_is_a_small_pdf_whose_text_extracts() {
    let font = font();
    let started = std::time::Instant::now();
    let pdf = render(&receipt(), &font).unwrap();
    eprintln!("rendered {} bytes in {:?}", pdf.len(), started.elapsed());
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(
        pdf.len() < 200 * 1024,
        "the font is not subset: {} bytes",
        pdf.len()
    );

    let Some(text) = poppler("pdftotext", &["-enc", "UTF-8", "-", "-"], &pdf) else {
        return;
    };
    let text = String::from_utf8(text).unwrap();
    for expected in [
        "诉讼费电子票据",
        "重庆山城建材有限公司",
        "（2026）渝0103民初1号",
        "3300.00",
        "叁仟叁佰元整",
        "财产保全申请费",
        "8f3a1c",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from:\n{text}"
        );
    }

    if std::env::var("UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        let png = poppler("pdftoppm", &["-png", "-r", "80", "-singlefile", "-"], &pdf).unwrap();
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../docs/screenshots/fee-receipt.png"
        );
        std::fs::write(path, png).unwrap();
    }
}

#[test]
fn inconsistent_or_unprintable_receipts_are_refused() {
    let font = font();
    let wrong = Receipt {
        total_fen: 300000,
        ..receipt()
    };
    assert!(matches!(
        render(&wrong, &font),
        Err(ReceiptError::TotalMismatch { .. })
    ));
    let items = vec![("案件受理费".into(), 330100), ("退费".into(), -100)];
    let negative = Receipt { items, ..receipt() };
    assert!(matches!(
        render(&negative, &font),
        Err(ReceiptError::Amount(-100))
    ));
    let unprintable = Receipt {
        payer: "张\u{E000}".into(),
        ..receipt()
    };
    let err = render(&unprintable, &font);
    assert!(
        matches!(err, Err(ReceiptError::MissingGlyph('\u{E000}'))),
        "{err:?}"
    );
}

/// The font as a court would be configured: the first of [`FONT_SETTINGS`] set, else the
/// system's.
fn font() -> FontSource {
    let set = FONT_SETTINGS
        .into_iter()
        .find_map(|name| std::env::var_os(name).filter(|p| !p.is_empty()));
    FontSource::configured(set.as_deref().map(std::path::Path::new))
        .expect("fonts-noto-cjk or ECOURT_PAPERS_FONT")
}

/// The text of each page in the order it was drawn (a wrapped table cell's lines stay
/// together), without white space: pdftotext guesses spaces from gaps.
fn pages(pdf: &[u8]) -> Option<Vec<String>> {
    let text = poppler("pdftotext", &["-raw", "-enc", "UTF-8", "-", "-"], pdf)?;
    let text = String::from_utf8(text).unwrap();
    let squeeze = |page: &str| page.split_whitespace().collect::<String>();
    let mut pages: Vec<String> = text.split('\u{c}').map(squeeze).collect();
    pages.pop_if(|p| p.is_empty());
    Some(pages)
}

/// With `UPDATE_SCREENSHOTS=1`, keeps the first page as `docs/screenshots/<name>`.
fn screenshot(name: &str, pdf: &[u8]) {
    if std::env::var("UPDATE_SCREENSHOTS").as_deref() == Ok("1") {
        let png = poppler("pdftoppm", &["-png", "-r", "80", "-singlefile", "-"], pdf).unwrap();
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/screenshots");
        std::fs::write(std::path::Path::new(dir).join(name), png).unwrap();
    }
}

#[test]
fn lines_break_by_the_chinese_rules() {
    let font = font();
    let pen = Pen::new(&font).unwrap();
    let text = "原告重庆山城建材有限公司（以下简称“山城公司”）诉称：2026年3月1日，双方签订《买卖合同》，\
                约定货款3300.00元；被告至今未付。SHA-256 8f3a1c0e9b7d4a2f，请求判令被告支付货款、利息……";
    for width in [60.0, 97.0, 140.0, 211.0, 300.0] {
        let lines = pen.break_lines(text, 12.0, width - 24.0, width).unwrap();
        assert!(lines.len() > 1, "{width}: {lines:?}");
        for (i, line) in lines.iter().enumerate() {
            let room = if i == 0 { width - 24.0 } else { width };
            assert!(
                pen.width(line, 12.0).unwrap() <= room + 0.01,
                "{width}: {line:?}"
            );
            let (first, last) = (line.chars().next().unwrap(), line.chars().last().unwrap());
            assert!(!NO_START.contains(first), "{width}: starts {line:?}");
            assert!(!NO_END.contains(last), "{width}: ends {line:?}");
        }
        // Nothing lost or added but the spaces at breaks; numbers, words and a closing mark
        // after its opening one kept whole.
        assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        for word in [
            "2026",
            "3300.00",
            "8f3a1c0e9b7d4a2f",
            "SHA-256",
            "“山",
            "司”）",
        ] {
            // A run wider than the narrowest line is cut where it must be (tested below).
            if pen.width(word, 12.0).unwrap() > width - 24.0 {
                continue;
            }
            assert!(
                lines.iter().any(|l| l.contains(word)),
                "{width}: {word} split"
            );
        }
    }
}

#[test]
fn a_run_longer_than_a_line_is_cut_and_breaks_in_the_text_are_kept() {
    let font = font();
    let pen = Pen::new(&font).unwrap();
    let hash = "0123456789abcdef".repeat(4);
    let lines = pen.break_lines(&hash, 10.0, 100.0, 100.0).unwrap();
    assert!(lines.len() > 2, "{lines:?}");
    assert!(lines.iter().all(|l| pen.width(l, 10.0).unwrap() <= 100.0));
    assert_eq!(lines.concat(), hash);
    let lines = pen
        .break_lines("第一行\n\n第三行", 10.0, 100.0, 100.0)
        .unwrap();
    assert_eq!(lines, ["第一行", "", "第三行"]);
    assert!(matches!(
        pen.break_lines("张\u{E000}", 10.0, 100.0, 100.0),
        Err(PaperError::MissingGlyph('\u{E000}'))
    ));
}

#[test]
fn a_long_table_runs_onto_new_sheets_with_its_header() {
    let font = font();
    let mut paper = Paper::new(&font, "测试", A4).unwrap();
    paper.heading("当事人名单").unwrap();
    let rows: Vec<Vec<String>> = (1..=60)
        .map(|i| vec![i.to_string(), format!("当事人{i}")])
        .collect();
    paper.table(&[1.0, 3.0], &["序号", "姓名"], &rows).unwrap();
    let sheets = paper.sheets();
    assert!(sheets.len() >= 2, "{} sheets", sheets.len());
    for sheet in sheets {
        let headers = sheet.texts().filter(|t| *t == "序号").count();
        assert_eq!(headers, 1, "every sheet repeats the header once");
    }
    let all: Vec<&str> = sheets.iter().flat_map(Sheet::texts).collect();
    for i in 1..=60 {
        let name = format!("当事人{i}");
        assert_eq!(all.iter().filter(|t| **t == name).count(), 1, "{name}");
    }
}

fn footer() -> Footer {
    let mut sha256 = [0u8; 32];
    (0..32).for_each(|i| sha256[i] = (i as u8).wrapping_mul(37) ^ 0x5a);
    Footer {
        case_number: "（2026）渝0103民初1号".into(),
        sha256,
    }
}

#[test]
fn a_flowing_paper_reads_back_with_its_footer_on_every_page() {
    let font = font();
    let footer = footer();
    let mut paper = Paper::new(&font, "民事调解书", A4)
        .unwrap()
        .with_footer(footer.clone());
    paper.heading("重庆市渝中区人民法院\n民事调解书").unwrap();
    let facts = "原告重庆山城建材有限公司与被告张三买卖合同纠纷一案，本院于2026年11月29日立案后，\
                 依法适用简易程序。经本院主持调解，双方当事人自愿达成如下协议：被告于2026年12月31日前\
                 向原告支付货款人民币3300.00元（叁仟叁佰元整）。";
    for _ in 0..12 {
        paper.paragraph(facts).unwrap();
    }
    paper
        .key_values(&[
            ("原告", "重庆山城建材有限公司"),
            ("被告", "张三"),
            ("案由", "买卖合同纠纷"),
        ])
        .unwrap();
    let pdf = paper.finish().unwrap();
    let Some(pages) = pages(&pdf) else { return };
    // Justified lines still read as words, with no space guessed into the widened gaps.
    let raw = poppler("pdftotext", &["-raw", "-enc", "UTF-8", "-", "-"], &pdf).unwrap();
    let raw = String::from_utf8(raw).unwrap();
    assert!(
        raw.contains("依法适用简易程序。经本院主持调解，双方当"),
        "{raw}"
    );
    assert!(pages.len() >= 2, "{} pages", pages.len());
    let count = pages.len();
    for (i, page) in pages.iter().enumerate() {
        assert!(page.contains(&footer.sha256_hex()), "page {i}:\n{page}");
        assert!(page.contains("案号：（2026）渝0103民初1号"), "page {i}");
        assert!(
            page.contains(&format!("第{}页共{count}页", i + 1)),
            "page {i}"
        );
    }
    let all: String = pages.concat();
    assert!(all.contains("民事调解书"));
    assert!(all.contains(&facts.replace(' ', "")), "{all}");
    assert!(all.contains("买卖合同纠纷"));
}

fn signers() -> Vec<Signer> {
    let signed = |name: &str, role: &str, method, at: &str| Signer {
        name: name.into(),
        role: role.into(),
        signing: Signing::Signed {
            method,
            at: at.into(),
        },
    };
    vec![
        signed(
            "王审",
            "审判员",
            SigningMethod::ElectronicSeal,
            "2026年12月01日 10:02",
        ),
        signed(
            "重庆山城建材有限公司",
            "原告",
            SigningMethod::OnlineConfirmation,
            "2026年12月01日 10:05",
        ),
        Signer {
            name: "张三".into(),
            role: "被告".into(),
            signing: Signing::Refused {
                reason: "笔录遗漏本人关于付款时间的陈述，申请补正未获准许".into(),
                at: "2026年12月01日 10:07".into(),
            },
        },
        Signer {
            name: "赵记".into(),
            role: "书记员".into(),
            signing: Signing::Pending,
        },
    ]
}

#[test]
fn the_signature_page_lists_every_signer_how_and_when() {
    let font = font();
    let page = SignaturePage {
        document_title: "庭审笔录".into(),
        signers: signers(),
    };
    let pdf = render_signature_page(&page, footer(), &font).unwrap();
    screenshot("signature-page.png", &pdf);
    assert!(
        pdf.len() < 200 * 1024,
        "the font is not subset: {} bytes",
        pdf.len()
    );
    let Some(pages) = pages(&pdf) else { return };
    assert_eq!(pages.len(), 1, "{pages:?}");
    let text = &pages[0];
    let hash = footer().sha256_hex();
    assert_eq!(
        text.matches(&hash).count(),
        2,
        "on the page and in its footer:\n{text}"
    );
    for expected in [
        "签名页",
        "《庭审笔录》",
        "王审",
        "审判员",
        "已签名（电子签章）",
        "2026年12月01日10:02",
        "重庆山城建材有限公司",
        "已签名（在线确认）",
        "张三",
        "拒绝签名。理由：笔录遗漏本人关于付款时间的陈述，申请补正未获准许",
        "2026年12月01日10:07",
        "赵记",
        "尚未签名",
        "第一百五十条",
        "案号：（2026）渝0103民初1号",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from:\n{text}"
        );
    }
}

#[test]
fn a_signature_page_of_many_signers_runs_on_with_its_header_and_footer() {
    let font = font();
    let signers = (1..=45)
        .map(|i| Signer {
            name: format!("当事人{i:02}"),
            role: "第三人".into(),
            signing: Signing::Signed {
                method: SigningMethod::OnlineConfirmation,
                at: "2026年12月01日 10:02".into(),
            },
        })
        .collect();
    let page = SignaturePage {
        document_title: "民事调解书".into(),
        signers,
    };
    let pdf = render_signature_page(&page, footer(), &font).unwrap();
    let Some(pages) = pages(&pdf) else { return };
    assert!(pages.len() >= 2, "{} pages", pages.len());
    for (i, text) in pages.iter().enumerate() {
        assert!(text.contains("签名人"), "page {i} repeats the header");
        assert!(text.contains(&footer().sha256_hex()), "page {i}");
        assert!(text.contains(&format!("第{}页共{}页", i + 1, pages.len())));
    }
    let all = pages.concat();
    for i in 1..=45 {
        assert_eq!(all.matches(&format!("当事人{i:02}")).count(), 1, "{i}");
    }
}

#[test]
fn a_signature_page_needs_signers_and_the_hash_they_signed() {
    let font = font();
    let none = SignaturePage {
        document_title: "庭审笔录".into(),
        signers: vec![],
    };
    assert!(matches!(
        render_signature_page(&none, footer(), &font),
        Err(PaperError::NoSigners)
    ));
    let page = SignaturePage {
        signers: signers(),
        ..none
    };
    let mut paper = Paper::new(&font, "庭审笔录", A4).unwrap();
    assert!(matches!(
        paper.signature_page(&page),
        Err(PaperError::NoFooter)
    ));
}

/// The fee notice says what is due, by when, how it is reached, and what happens if it is not
/// paid; a notice whose lines do not add up to its total is not drawn.
#[test]
fn the_fee_notice_prints_the_amount_the_deadline_and_the_consequence() {
    let font = font();
    let mut notice = ecourt_papers::FeeNoticePaper {
        court_name: "重庆市渝中区人民法院".into(),
        case_label: "（2026）渝0103民初1号".into(),
        payer: "张晓梅".into(),
        payment_number: "5001032026000001".into(),
        lines: vec![(
            "案件受理费（财产案件）".into(),
            "《诉讼费用交纳办法》第十三条第（一）项".into(),
            330_000,
        )],
        total_fen: 330_000,
        issued_on: "2026年12月01日".into(),
        due_on: "2026年12月08日".into(),
        worked_example: vec!["超过1万元至10万元的部分：90000.00元×2.5%＝2250.00元".into()],
        notes: vec!["逾期不交纳又未申请缓交、减交、免交的，按撤诉处理。".into()],
    };
    let pdf = ecourt_papers::render_fee_notice(&notice, &font).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8(
        poppler("pdftotext", &["-raw", "-enc", "UTF-8", "-", "-"], &pdf).expect("poppler-utils"),
    )
    .unwrap();
    let text: String = text.split_whitespace().collect();
    for expected in [
        "交纳诉讼费用通知书",
        "张晓梅",
        "叁仟叁佰元整",
        "2026年12月08日",
        "90000.00元×2.5%",
        "按撤诉处理",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is missing from:\n{text}"
        );
    }
    notice.total_fen += 1;
    assert!(matches!(
        ecourt_papers::render_fee_notice(&notice, &font),
        Err(PaperError::TotalMismatch { .. })
    ));
}
