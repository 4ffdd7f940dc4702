//! Electronic signatures through the API, on both engines (《人民法院在线诉讼规则》 Art. 33;
//! 民事诉讼法 Art. 150): a verified person signs the SHA-256 of the exact version read after a
//! fresh face re-check, refuses with a reason, and a change to the document voids what was
//! signed; each act is on the timeline and in the audit chain.

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

/// A face re-check just passed (the face check itself is tested in face.rs).
async fn rechecked_now(court: &TestCourt, username: &str) {
    sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = $2")
        .bind(ecourt_server::clock::stamp(court.state.clock.now()))
        .bind(court.account_id(username).await)
        .execute(&court.state.db.pool)
        .await
        .unwrap();
}

on_both_engines!(sign_refuse_and_void, |court: TestCourt| async move {
    // The complaint of the case where party1 (张晓梅, verified at the counter) sues party3.
    let case_id = court.role_case_ids("party3").await[0];
    let document_id =
        sqlx::query_scalar::<_, i64>("SELECT MIN(id) FROM documents WHERE case_id = $1")
            .bind(case_id)
            .fetch_one(&court.state.db.pool)
            .await
            .unwrap();
    let path = format!("/api/v1/cases/{case_id}/documents/{document_id}/signatures");
    let party1 = court.token("party1").await;
    let party3 = court.token("party3").await;
    let outsider = court.token("party2").await;

    let (s, _) = get(&court, &path, Some(&outsider)).await;
    assert_eq!(s, 404);
    let (s, sigs) = get(&court, &path, Some(&party1)).await;
    assert_eq!(s, 200, "{sigs}");
    let content = court
        .http
        .get(court.url(&format!(
            "/api/v1/cases/{case_id}/documents/{document_id}/content"
        )))
        .bearer_auth(&party1)
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    let sha = hex::encode(Sha256::digest(&content));
    assert_eq!(sigs["sha256"], sha);
    assert_eq!(sigs["signatures"], json!([]));
    let sign = json!({"document_sha256": sha, "outcome": "signed", "reason": null});

    // Not verified (party3), or no fresh re-check (party1): refused.
    let (s, b) = post(&court, &path, Some(&party3), sign.clone(), None).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (403, Some("identity_step_missing")),
        "{b}"
    );
    let (s, b) = post(&court, &path, Some(&party1), sign.clone(), None).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (403, Some("identity_step_missing")),
        "{b}"
    );
    assert!(b["message"].as_str().unwrap().contains("re-check"));
    // A re-check goes stale after ten minutes.
    rechecked_now(&court, "party1").await;
    court.clock.advance(chrono::Duration::minutes(11));
    assert_eq!(
        post(&court, &path, Some(&party1), sign.clone(), None)
            .await
            .0,
        403
    );
    rechecked_now(&court, "party1").await;

    // Only the version read can be signed.
    let (s, _) = post(
        &court,
        &path,
        Some(&party1),
        json!({"document_sha256": "00".repeat(32), "outcome": "signed", "reason": null}),
        None,
    )
    .await;
    assert_eq!(s, 409);
    let (s, sigs) = post(&court, &path, Some(&party1), sign.clone(), None).await;
    assert_eq!(s, 200, "{sigs}");
    let first: &Value = &sigs["signatures"][0];
    assert_eq!(
        (
            &first["name"],
            &first["outcome"],
            &first["method"],
            &first["document_sha256"],
            &first["valid"]
        ),
        (
            &json!("张晓梅"),
            &json!("signed"),
            &json!("face_recheck"),
            &json!(sha),
            &json!(true)
        )
    );
    // Once per version.
    assert_eq!(
        post(&court, &path, Some(&party1), sign.clone(), None)
            .await
            .0,
        409
    );

    // A refusal to sign needs a reason, and is kept with it (the judge refuses here: the court's
    // staff sign documents of their court's cases too).
    let judge = court.token("judge1").await;
    sqlx::query(
        "INSERT INTO account_identity (account_id, verified_name, verified_id_number, verified_at, verified_model)
         VALUES ($1, '法官', '110105194912310029', $2, 'in_person')",
    )
        .bind(court.account_id("judge1").await)
        .bind(ecourt_server::clock::stamp(court.state.clock.now()))
        .execute(&court.state.db.pool)
        .await
        .unwrap();
    let refuse =
        |reason: Value| json!({"document_sha256": sha, "outcome": "refused", "reason": reason});
    let (s, b) = post(&court, &path, Some(&judge), refuse(json!(" ")), None).await;
    assert_eq!((s, b["code"].as_str()), (400, Some("invalid_input")), "{b}");
    let (s, sigs) = post(
        &court,
        &path,
        Some(&judge),
        refuse(json!("第二页记录有遗漏，已申请补正")),
        None,
    )
    .await;
    assert_eq!(s, 200, "{sigs}");
    let refusal = &sigs["signatures"][1];
    assert_eq!(
        (&refusal["outcome"], &refusal["method"]),
        (&json!("refused"), &Value::Null)
    );
    assert_eq!(refusal["reason"], "第二页记录有遗漏，已申请补正");

    // On the timeline and in the audit chain, with the hash.
    let (_, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&party1)).await;
    let kinds: Vec<&str> = detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert!(
        kinds.contains(&"document_signed") && kinds.contains(&"signature_refused"),
        "{kinds:?}"
    );
    assert_eq!(
        court
            .count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE action = 'document_signed' AND payload LIKE '%{sha}%'"
            ))
            .await,
        1
    );
    assert!(matches!(
        ecourt_server::audit::verify(&court.state.db).await.unwrap(),
        ecourt_server::audit::Verdict::Intact { .. }
    ));

    // Any change to the document after signing voids the signature, visibly.
    sqlx::query("UPDATE documents SET content = $1 WHERE id = $2")
        .bind(b"altered".to_vec())
        .bind(document_id)
        .execute(&court.state.db.pool)
        .await
        .unwrap();
    let (_, sigs) = get(&court, &path, Some(&party1)).await;
    assert_ne!(sigs["sha256"], sha);
    assert_eq!(sigs["signatures"][0]["valid"], false);
    // And the old version can no longer be signed.
    rechecked_now(&court, "party1").await;
    assert_eq!(post(&court, &path, Some(&party1), sign, None).await.0, 409);
});
