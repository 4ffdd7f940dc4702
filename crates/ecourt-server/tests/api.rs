//! The court service's API against a real server on loopback, on SQLite and on PostgreSQL.

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};

fn ids(list: &Value) -> Vec<i64> {
    let mut v: Vec<i64> = list["cases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect();
    v.sort();
    v
}

on_both_engines!(health_and_openapi, |court: TestCourt| async move {
    let (status, body) = get(&court, "/api/v1/health", None).await;
    assert_eq!(status, 200);
    assert_eq!(body["status"], "ok");
    let (status, doc) = get(&court, "/api/openapi.json", None).await;
    assert_eq!(status, 200);
    for path in [
        "/api/v1/session",
        "/api/v1/cases",
        "/api/v1/cases/{id}",
        "/api/v1/sync/changes",
        "/api/v1/actions",
        "/api/v1/fees/quote",
    ] {
        assert!(doc["paths"][path].is_object(), "OpenAPI lists {path}");
    }
});

on_both_engines!(sign_in_and_throttling, |court: TestCourt| async move {
    let audit_before = court.count("SELECT COUNT(*) FROM audit_log").await;
    // A wrong password: 401 invalid_credentials, recorded in the audit log.
    let (status, body) = post(
        &court,
        "/api/v1/session",
        None,
        json!({"username": "party1", "password": "nope"}),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    // An unknown user gets the very same answer.
    let (status, body) = post(
        &court,
        "/api/v1/session",
        None,
        json!({"username": "nobody", "password": "x"}),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("invalid_credentials"))
    );
    assert_eq!(
        court.count("SELECT COUNT(*) FROM audit_log").await,
        audit_before + 2
    );
    for _ in 0..4 {
        post(
            &court,
            "/api/v1/session",
            None,
            json!({"username": "party1", "password": "nope"}),
            None,
        )
        .await;
    }
    // Five failures within 15 minutes: even the right password is refused for now.
    let (status, body) = post(
        &court,
        "/api/v1/session",
        None,
        json!({"username": "party1", "password": "demo12345"}),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (429, Some("too_many_attempts"))
    );
    assert_eq!(
        court.count("SELECT COUNT(*) FROM sessions").await,
        0,
        "no session was created"
    );
    // Another user is not affected.
    court.token("party2").await;
    // After the window the right password works again.
    court.clock.advance(chrono::Duration::minutes(16));
    let token = court.token("party1").await;
    assert_eq!(token.len(), 43);
    let stored: i64 = court.count("SELECT COUNT(*) FROM sessions").await;
    assert_eq!(stored, 2);
    let plain = court
        .count(&format!(
            "SELECT COUNT(*) FROM sessions WHERE token_hash = '{token}'"
        ))
        .await;
    assert_eq!(plain, 0, "tokens are stored hashed");
});

on_both_engines!(expired_and_missing_tokens, |court: TestCourt| async move {
    let token = court.token("lawyer1").await;
    assert_eq!(get(&court, "/api/v1/cases", Some(&token)).await.0, 200);
    let (status, body) = get(&court, "/api/v1/cases", Some("forged-token")).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("unauthenticated"))
    );
    court.clock.advance(chrono::Duration::hours(13));
    let (status, body) = get(&court, "/api/v1/cases", Some(&token)).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("token_expired"))
    );
});

on_both_engines!(bad_bodies_change_nothing, |court: TestCourt| async move {
    let audit_before = court.count("SELECT COUNT(*) FROM audit_log").await;
    let resp = court
        .http
        .post(court.url("/api/v1/session"))
        .header("content-type", "application/json")
        .body("{\"username\": \"party1\", ")
        .send()
        .await
        .unwrap();
    assert_eq!(resp.status(), 400);
    assert_eq!(
        resp.json::<Value>().await.unwrap()["code"],
        "malformed_json"
    );
    let huge = json!({"username": "party1", "password": "x".repeat(2 * 1024 * 1024)});
    let (status, body) = post(&court, "/api/v1/session", None, huge, None).await;
    assert_eq!(
        (status, body["code"].as_str()),
        (413, Some("payload_too_large"))
    );
    let (status, body) = post(
        &court,
        "/api/v1/session",
        None,
        json!({"user": "party1"}),
        None,
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("malformed_json"))
    );
    assert_eq!(
        court.count("SELECT COUNT(*) FROM audit_log").await,
        audit_before,
        "nothing recorded"
    );
    assert_eq!(court.count("SELECT COUNT(*) FROM sessions").await, 0);
    let token = court.token("party1").await;
    let (status, body) = get(&court, "/api/v1/cases/not-a-number", Some(&token)).await;
    assert_eq!((status, body["code"].as_str()), (404, Some("not_found")));
    let (status, body) = get(
        &court,
        "/api/v1/sync/changes?since=abc&protocol=1",
        Some(&token),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("invalid_input"))
    );
});

on_both_engines!(
    every_case_route_is_authorized,
    |court: TestCourt| async move {
        let party1 = court.token("party1").await;
        let party2 = court.token("party2").await;
        let lawyer = court.token("lawyer1").await;
        let clerk = court.token("clerk1").await;

        // Each sees exactly the cases where they hold a role.
        for (user, token) in [
            ("party1", &party1),
            ("party2", &party2),
            ("lawyer1", &lawyer),
        ] {
            let (status, list) = get(&court, "/api/v1/cases", Some(token)).await;
            assert_eq!(status, 200);
            assert_eq!(
                ids(&list),
                court.role_case_ids(user).await,
                "{user} sees exactly their cases"
            );
        }
        // Court staff see every case of their court.
        let (_, all) = get(&court, "/api/v1/cases", Some(&clerk)).await;
        assert_eq!(
            ids(&all).len() as i64,
            court.count("SELECT COUNT(*) FROM cases").await
        );

        let mine = court.role_case_ids("party1").await;
        let theirs: Vec<i64> = court
            .role_case_ids("party2")
            .await
            .into_iter()
            .filter(|id| !mine.contains(id))
            .collect();
        assert!(!theirs.is_empty(), "party2 has cases party1 is not part of");
        let other = theirs[0];
        let (_, detail) = get(&court, &format!("/api/v1/cases/{other}"), Some(&party2)).await;
        let doc = detail["documents"][0]["id"].as_i64().unwrap();

        for path in [
            format!("/api/v1/cases/{other}"),
            format!("/api/v1/cases/{other}/documents/{doc}/content"),
        ] {
            // No token: 401. A case without a role: 404 with no data. A case that does not exist: the same 404.
            assert_eq!(
                get(&court, &path, None).await.0,
                401,
                "{path} without a token"
            );
            let (status, body) = get(&court, &path, Some(&party1)).await;
            assert_eq!(
                (status, body["code"].as_str()),
                (404, Some("not_found")),
                "{path} for a stranger"
            );
            assert!(
                !body.to_string().contains("documents"),
                "no case data leaks"
            );
            assert_eq!(
                get(&court, &path, Some(&party2)).await.0,
                200,
                "{path} for a party"
            );
            assert_eq!(
                get(&court, &path, Some(&clerk)).await.0,
                200,
                "{path} for the court's clerk"
            );
        }
        assert_eq!(
            get(&court, "/api/v1/cases/999999", Some(&clerk)).await.0,
            404
        );
        assert_eq!(get(&court, "/api/v1/cases", None).await.0, 401);
        assert_eq!(
            get(&court, "/api/v1/sync/changes?since=0&protocol=1", None)
                .await
                .0,
            401
        );

        // The sync feed follows the same rule.
        let (_, page) = get(
            &court,
            "/api/v1/sync/changes?since=0&protocol=1&limit=1000",
            Some(&party1),
        )
        .await;
        let mut synced: Vec<i64> = page["cases"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["summary"]["id"].as_i64().unwrap())
            .collect();
        synced.sort();
        assert_eq!(synced, mine);

        // An action on a case without a role is refused and leaves no trace in the case.
        let events_before = court
            .count(&format!(
                "SELECT COUNT(*) FROM case_events WHERE case_id = {other}"
            ))
            .await;
        let (status, body) = post(
        &court,
        "/api/v1/actions",
        Some(&party1),
        json!({"client_id": "c1", "mutation_id": 1, "action": {"kind": "send_message", "case_id": other, "text": "hi"}}),
        Some("c1:1"),
    )
    .await;
        assert_eq!(status, 200);
        assert_eq!(
            (body["status"].as_str(), body["code"].as_str()),
            (Some("rejected"), Some("not_found"))
        );
        assert_eq!(
            court
                .count(&format!(
                    "SELECT COUNT(*) FROM case_events WHERE case_id = {other}"
                ))
                .await,
            events_before
        );
    }
);

on_both_engines!(
    actions_apply_exactly_once_and_in_order,
    |court: TestCourt| async move {
        let token = court.token("party1").await;
        let case = court.role_case_ids("party1").await[0];
        let body = |m: i64, text: &str| json!({"client_id": "desk-1", "mutation_id": m, "action": {"kind": "send_message", "case_id": case, "text": text}});
        let events =
            || court.count("SELECT COUNT(*) FROM case_events WHERE kind = 'party_message'");
        let (status, first) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(1, "请问何时开庭？"),
            Some("desk-1:1"),
        )
        .await;
        assert_eq!(status, 200);
        assert_eq!(first["status"], "applied");
        assert_eq!(first["replayed"], false);
        assert_eq!(events().await, 1);
        // The same push again (a lost answer): the stored answer, nothing new.
        let (_, again) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(1, "请问何时开庭？"),
            Some("desk-1:1"),
        )
        .await;
        assert_eq!(again["replayed"], true);
        assert_eq!(again["event_id"], first["event_id"]);
        assert_eq!(events().await, 1);
        // A gap is refused: action 3 before action 2 would mean one was lost.
        let (status, gap) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(3, "x"),
            Some("desk-1:3"),
        )
        .await;
        assert_eq!(
            (status, gap["code"].as_str()),
            (409, Some("mutation_out_of_order"))
        );
        // The key must match the body.
        let (status, bad) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(2, "x"),
            Some("desk-1:9"),
        )
        .await;
        assert_eq!((status, bad["code"].as_str()), (400, Some("invalid_input")));
        let (status, _) = post(&court, "/api/v1/actions", Some(&token), body(2, "x"), None).await;
        assert_eq!(status, 400);
        // Another account cannot use (or replay) this client's ids.
        let other = court.token("party2").await;
        let (status, stolen) = post(
            &court,
            "/api/v1/actions",
            Some(&other),
            body(1, "x"),
            Some("desk-1:1"),
        )
        .await;
        assert_eq!((status, stolen["code"].as_str()), (403, Some("forbidden")));
        // An empty message is a recorded refusal, and the next id goes on.
        let (_, empty) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(2, "   "),
            Some("desk-1:2"),
        )
        .await;
        assert_eq!(
            (empty["status"].as_str(), empty["code"].as_str()),
            (Some("rejected"), Some("invalid_input"))
        );
        let (_, next) = post(
            &court,
            "/api/v1/actions",
            Some(&token),
            body(3, "好的"),
            Some("desk-1:3"),
        )
        .await;
        assert_eq!(next["status"], "applied");
        assert_eq!(events().await, 2);
    }
);

on_both_engines!(sync_pages_and_resync, |court: TestCourt| async move {
    let token = court.token("lawyer1").await;
    let mine = court.role_case_ids("lawyer1").await;
    // Paging: every case exactly once, in cursor order.
    let mut seen = Vec::new();
    let mut cursor = 0;
    loop {
        let (status, page) = get(
            &court,
            &format!("/api/v1/sync/changes?since={cursor}&protocol=1&limit=5"),
            Some(&token),
        )
        .await;
        assert_eq!(status, 200);
        for c in page["cases"].as_array().unwrap() {
            seen.push(c["summary"]["id"].as_i64().unwrap());
        }
        assert!(page["cases"].as_array().unwrap().len() <= 5);
        cursor = page["cursor"].as_i64().unwrap();
        if !page["has_more"].as_bool().unwrap() {
            break;
        }
    }
    seen.sort();
    assert_eq!(seen, mine);
    // Nothing new: an empty page at the same cursor.
    let (_, page) = get(
        &court,
        &format!("/api/v1/sync/changes?since={cursor}&protocol=1"),
        Some(&token),
    )
    .await;
    assert_eq!(page["cases"].as_array().unwrap().len(), 0);
    assert_eq!(page["cursor"].as_i64().unwrap(), cursor);
    // A deleted case comes back as a removal.
    let now = {
        use ecourt_server::clock::Clock;
        court.clock.now()
    };
    ecourt_server::sync::delete_case(&court.state.db, None, mine[0], now)
        .await
        .unwrap();
    let (_, page) = get(
        &court,
        &format!("/api/v1/sync/changes?since={cursor}&protocol=1"),
        Some(&token),
    )
    .await;
    assert_eq!(page["removed_case_ids"], json!([mine[0]]));
    // A cursor below the tombstone horizon, or beyond the server's clock, must resync.
    ecourt_server::sync::prune_tombstones(&court.state.db, cursor + 1)
        .await
        .unwrap();
    let (status, body) = get(
        &court,
        &format!("/api/v1/sync/changes?since={cursor}&protocol=1"),
        Some(&token),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (410, Some("resync_required"))
    );
    let (status, _) = get(
        &court,
        "/api/v1/sync/changes?since=99999999&protocol=1",
        Some(&token),
    )
    .await;
    assert_eq!(status, 410);
    let (status, body) = get(
        &court,
        "/api/v1/sync/changes?since=0&protocol=2",
        Some(&token),
    )
    .await;
    assert_eq!(
        (status, body["code"].as_str()),
        (400, Some("unsupported_protocol"))
    );
});

/// What only someone with the database's own rights can do: switch off the append-only
/// triggers.
async fn bypass_append_only(court: &TestCourt) {
    let statements: &[&str] = match court.state.db.backend {
        ecourt_server::db::Backend::Sqlite => &[
            "DROP TRIGGER audit_log_no_update",
            "DROP TRIGGER audit_log_no_delete",
        ],
        ecourt_server::db::Backend::Postgres => {
            &["ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change"]
        }
    };
    for sql in statements {
        sqlx::query(sql)
            .execute(&court.state.db.pool)
            .await
            .unwrap();
    }
}

on_both_engines!(
    audit_chain_verifies_and_detects_tampering,
    |court: TestCourt| async move {
        court.token("party1").await;
        court.token("judge1").await;
        use ecourt_server::audit::{verify, Verdict};
        let Verdict::Intact { entries } = verify(&court.state.db).await.unwrap() else {
            panic!("chain broken")
        };
        assert!(entries >= 3);
        // The command says the same, with its exit code.
        let exe = env!("CARGO_BIN_EXE_ecourt-server");
        let status = std::process::Command::new(exe)
            .args(["--database-url", &court.database_url, "audit-verify"])
            .status()
            .unwrap();
        assert!(status.success());
        // The database itself refuses to change an entry…
        let edit = "UPDATE audit_log SET payload = '{\"username\":\"someone-else\"}' WHERE seq = 2";
        let refused = sqlx::query(edit)
            .execute(&court.state.db.pool)
            .await
            .unwrap_err();
        assert!(refused.to_string().contains("append-only"), "{refused}");
        // …and someone who can switch that off is still caught by the chain.
        bypass_append_only(&court).await;
        sqlx::query(edit)
            .execute(&court.state.db.pool)
            .await
            .unwrap();
        assert!(matches!(
            verify(&court.state.db).await.unwrap(),
            Verdict::Broken { at_seq: 2, .. }
        ));
        let status = std::process::Command::new(exe)
            .args(["--database-url", &court.database_url, "audit-verify"])
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(1));
    }
);

on_both_engines!(
    removing_the_last_entry_is_detected,
    |court: TestCourt| async move {
        court.token("party1").await;
        use ecourt_server::audit::{verify, Verdict};
        let remove = "DELETE FROM audit_log WHERE seq = (SELECT MAX(seq) FROM audit_log)";
        assert!(sqlx::query(remove)
            .execute(&court.state.db.pool)
            .await
            .is_err());
        bypass_append_only(&court).await;
        sqlx::query(remove)
            .execute(&court.state.db.pool)
            .await
            .unwrap();
        assert!(matches!(
            verify(&court.state.db).await.unwrap(),
            Verdict::Broken { .. }
        ));
    }
);

on_both_engines!(the_public_fee_calculator, |court: TestCourt| async move {
    // No sign-in needed; domain.md's example: 150,000 yuan, ordinary procedure → 3,300.00.
    let (status, q) = post(
        &court,
        "/api/v1/fees/quote",
        None,
        json!({"fee_type": "property_case", "amount": "150000", "procedure": "ordinary"}),
        None,
    )
    .await;
    assert_eq!(status, 200);
    assert_eq!(q["total"], "3300.00");
    assert!(q["breakdown"][0]["rule"]
        .as_str()
        .unwrap()
        .contains("第十三条"));
    let (_, half) = post(
        &court,
        "/api/v1/fees/quote",
        None,
        json!({"fee_type": "property_case", "amount": "150000.00", "procedure": "summary"}),
        None,
    )
    .await;
    assert_eq!(half["total"], "1650.00");
    let (_, divorce) = post(
        &court,
        "/api/v1/fees/quote",
        None,
        json!({"fee_type": "divorce", "amount": "0", "procedure": "ordinary"}),
        None,
    )
    .await;
    assert_eq!(
        (divorce["total"].as_str(), divorce["total_max"].as_str()),
        (Some("50.00"), Some("300.00"))
    );
    // Bad amounts and unknown kinds get specific errors.
    for amount in ["-1", "1e9", "12.345", "", "99999999999999999999"] {
        let (status, e) = post(
            &court,
            "/api/v1/fees/quote",
            None,
            json!({"fee_type": "property_case", "amount": amount, "procedure": "ordinary"}),
            None,
        )
        .await;
        assert_eq!(
            (status, e["code"].as_str()),
            (400, Some("invalid_input")),
            "{amount}"
        );
    }
    let (status, e) = post(
        &court,
        "/api/v1/fees/quote",
        None,
        json!({"fee_type": "lottery", "amount": "1", "procedure": "ordinary"}),
        None,
    )
    .await;
    assert_eq!((status, e["code"].as_str()), (400, Some("malformed_json")));
    let (status, _) = post(
        &court,
        "/api/v1/fees/quote",
        None,
        json!({"fee_type": "property_case", "amount": 150000, "procedure": "ordinary"}),
        None,
    )
    .await;
    assert_eq!(
        status, 400,
        "amounts are strings, never floating point numbers"
    );
});

on_both_engines!(
    parallel_registrations_get_consecutive_numbers,
    |court: TestCourt| async move {
        // "The sequence restarts every year, per court and type": 100 registrations at once get
        // 1..=100 with no gap and no duplicate; a rolled-back registration leaves no hole.
        use ecourt_domain::CaseType;
        use ecourt_server::case_numbers::allocate;
        let mut tasks = Vec::new();
        for _ in 0..100 {
            let db = court.state.db.clone();
            tasks.push(tokio::spawn(async move {
                let mut tx = db.begin_write().await.unwrap();
                let n = allocate(&mut tx, "渝0103", 2031, CaseType::CivilFirstInstance)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
                n
            }));
        }
        let mut numbers = Vec::new();
        for t in tasks {
            numbers.push(t.await.unwrap());
        }
        let mut seqs: Vec<u32> = numbers.iter().map(|n| n.sequence).collect();
        seqs.sort();
        assert_eq!(seqs, (1..=100).collect::<Vec<u32>>());
        assert!(numbers
            .iter()
            .any(|n| n.to_string() == "（2031）渝0103民初100号"));
        // A registration that rolls back gives its number back.
        let mut tx = court.state.db.begin_write().await.unwrap();
        let n = allocate(&mut tx, "渝0103", 2031, CaseType::CivilFirstInstance)
            .await
            .unwrap();
        assert_eq!(n.sequence, 101);
        tx.rollback().await.unwrap();
        let mut tx = court.state.db.begin_write().await.unwrap();
        assert_eq!(
            allocate(&mut tx, "渝0103", 2031, CaseType::CivilFirstInstance)
                .await
                .unwrap()
                .sequence,
            101
        );
        // Another type, court or year has its own sequence.
        assert_eq!(
            allocate(&mut tx, "渝0103", 2031, CaseType::Enforcement)
                .await
                .unwrap()
                .sequence,
            1
        );
        assert_eq!(
            allocate(&mut tx, "渝0105", 2031, CaseType::CivilFirstInstance)
                .await
                .unwrap()
                .sequence,
            1
        );
        assert_eq!(
            allocate(&mut tx, "渝0103", 2032, CaseType::CivilFirstInstance)
                .await
                .unwrap()
                .sequence,
            1
        );
        tx.commit().await.unwrap();
    }
);
