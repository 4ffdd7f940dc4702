//! A file kept in the desktop's folder of large files (not among the drafts' files) goes up
//! streamed from disk before the action naming it, and the court takes the action, on both
//! engines of a real court. The client's memory for it is measured in `benches` (the evidence
//! recording); here the path itself is proven, with progress reported in order.

#[path = "../../ecourt-server/tests/common/mod.rs"]
mod common;
use common::{Engine, TestCourt};
use ecourt_api::ActionBody;
use ecourt_domain::filing::{FileRef, FilingApplication};
use ecourt_store::Store;
use ecourt_sync::{CourtClient, SyncEngine};
use std::sync::{Arc, Mutex};

/// A PDF of `size` bytes: a real header and trailer around filler, as a scan would be.
fn big_pdf(size: usize) -> Vec<u8> {
    let head = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%";
    let tail = b"\ntrailer << /Root 1 0 R >>\n%%EOF\n";
    let mut v = Vec::with_capacity(size);
    v.extend_from_slice(head);
    v.resize(size - tail.len(), b'x');
    v.extend_from_slice(tail);
    v
}

fn application(file: FileRef) -> FilingApplication {
    serde_json::from_value(serde_json::json!({
        "court_code": "渝0103",
        "case_type": "civil_first_instance",
        "cause": "民间借贷纠纷",
        "plaintiffs": [{ "kind": "person", "name": "张晓梅", "id_number": "11010519491231002X",
                         "phone": "13800000001", "address": "重庆市渝中区解放碑街道1号" }],
        "defendants": [{ "kind": "person", "name": "赵大勇", "address": "重庆市渝中区" }],
        "claims": [{ "text": "判令被告偿还借款本金150000元", "amount": "150000" }],
        "facts_and_reasons": "2025年3月1日，被告向原告借款150000元，约定一年内归还，至今未还。",
        "evidence": [{ "name": "借条扫描件", "source": "原告提供", "proves": "借款事实",
                       "files": [file] }]
    }))
    .unwrap()
}

on_both_engines!(
    a_file_on_disk_goes_up_streamed_before_its_action,
    |court: TestCourt| async move {
        let token = court.token("party1").await;
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("cache.sqlite")).await.unwrap();
        let src = dir.path().join("scan.pdf");
        std::fs::write(&src, big_pdf(12 * 1024 * 1024)).unwrap();
        let (stored, head) = store.files().import(&src).await.unwrap();
        assert!(head.starts_with(b"%PDF-"));
        // Not among the drafts' files: only the folder of large files has it.
        assert!(store.draft_file(&stored.sha256).await.unwrap().is_none());
        let file = FileRef {
            name: "scan.pdf".into(),
            mime_type: "application/pdf".into(),
            size_bytes: stored.size as i64,
            sha256: stored.sha256.clone(),
        };

        // The streamed call itself reports its progress in order, up to the whole size.
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = seen.clone();
        let client = CourtClient::new(&court.base).unwrap().with_token(&token);
        let on_disk = store.files().path_of(&stored.sha256).unwrap();
        let receipt = client
            .upload_from_disk(
                &stored.sha256,
                "application/pdf",
                &on_disk,
                Some(Arc::new(move |sent, _| log.lock().unwrap().push(sent))),
            )
            .await
            .unwrap();
        assert_eq!(receipt.size_bytes, stored.size as i64);
        let seen = seen.lock().unwrap().clone();
        assert!(seen.len() > 10 && seen.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(seen.last(), Some(&stored.size));

        // The engine sends it the same way before the filing that names it.
        let engine = SyncEngine::new(store.clone(), client);
        store
            .enqueue(
                &ActionBody::SubmitFiling {
                    draft_id: "draft-big".into(),
                    application: application(file),
                },
                "t",
            )
            .await
            .unwrap();
        let report = engine.run_round().await.expect("the round completes");
        assert_eq!((report.pushed, report.rejected), (1, 0), "{report:?}");
        let held = court
            .count(&format!(
                "SELECT COUNT(*) FROM uploads WHERE sha256 = '{}' AND size_bytes = {}",
                stored.sha256, stored.size
            ))
            .await;
        assert_eq!(held, 1);
    }
);
