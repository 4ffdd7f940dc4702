//! Renders a receipt with the system font and reads it back with poppler (poppler-utils).

use std::io::Write;
use std::process::{Command, Stdio};

use ecourt_papers::{render, FontSource, Receipt, ReceiptError};

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
    let font = FontSource::system().expect("fonts-noto-cjk or ECOURT_RECEIPT_FONT");
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
    let font = FontSource::system().expect("fonts-noto-cjk or ECOURT_RECEIPT_FONT");
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
