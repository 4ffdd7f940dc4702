//! A shared office machine, through the API on SQLite and PostgreSQL: a legal worker finds the
//! party in front of them by name and ID number or phone (exact match, the worker's court only,
//! audited, refused with a code otherwise); the help lines from the court's data; the idle
//! sign-out policy handed over at sign-in.

mod common;
use common::{get, post, Engine, TestCourt};
use ecourt_server::identity::seed::demo_id_number;
use serde_json::{json, Value};

const LOOKUP: &str = "/api/v1/identity/assisted-parties/lookup";

async fn lookup(court: &TestCourt, who: &str, body: Value) -> (u16, Value) {
    let token = court.token(who).await;
    post(court, LOOKUP, Some(&token), body, None).await
}

async fn exec(court: &TestCourt, sql: &str) {
    sqlx::query(sql)
        .execute(&court.state.db.pool)
        .await
        .unwrap();
}

fn code(answer: &(u16, Value)) -> (u16, Option<&str>) {
    (answer.0, answer.1["code"].as_str())
}

on_both_engines!(
    a_legal_worker_finds_the_party_by_name_and_id_number_or_phone,
    |court: TestCourt| async move {
        let audited =
            || court.count("SELECT COUNT(*) FROM audit_log WHERE action = 'assisted_party_lookup'");
        // Found: 张晓梅 (party1) with her own number.
        let (status, found) = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "id_number": demo_id_number(0) }),
        )
        .await;
        assert_eq!(status, 200, "{found}");
        assert_eq!(found["username"], "party1");
        assert_eq!(found["display_name"], "张晓梅");
        assert_eq!(found["phone"], Value::Null);
        assert_eq!(audited().await, 1);

        // Another person's (valid) number with her name, or her number with another name.
        let wrong_id = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "id_number": demo_id_number(1) }),
        )
        .await;
        assert_eq!(code(&wrong_id), (404, Some("party_not_found")));
        let wrong_name = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓", "id_number": demo_id_number(0) }),
        )
        .await;
        assert_eq!(code(&wrong_name), (404, Some("party_not_found")));
        assert_eq!(
            audited().await,
            3,
            "a lookup that finds nobody is recorded too"
        );
        // The full number is never written into the record.
        let full = court
            .count(&format!(
                "SELECT COUNT(*) FROM audit_log WHERE payload LIKE '%{}%'",
                demo_id_number(0)
            ))
            .await;
        assert_eq!(full, 0);

        // Not an ID number, nothing to match by, or both at once: refused before looking.
        let mut bad = demo_id_number(0);
        bad.replace_range(17.., if bad.ends_with('1') { "2" } else { "1" });
        for body in [
            json!({ "name": "张晓梅", "id_number": bad }),
            json!({ "name": "张晓梅" }),
            json!({ "name": " ", "id_number": demo_id_number(0) }),
            json!({ "name": "张晓梅", "id_number": demo_id_number(0), "phone": "13800000001" }),
            json!({ "name": "张晓梅", "phone": "12345" }),
        ] {
            let answer = lookup(&court, "worker1", body.clone()).await;
            assert_eq!(code(&answer), (400, Some("invalid_input")), "{body}");
        }
        assert_eq!(audited().await, 3);

        // By phone: only a verified one counts.
        let party1 = court.account_id("party1").await;
        exec(
            &court,
            &format!(
                "UPDATE account_identity SET phone = '13800000001' WHERE account_id = {party1}"
            ),
        )
        .await;
        let unverified = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "phone": "13800000001" }),
        )
        .await;
        assert_eq!(code(&unverified), (404, Some("party_not_found")));
        exec(
            &court,
            &format!("UPDATE account_identity SET phone_verified_at = '2026-11-20T02:00:00.000Z' WHERE account_id = {party1}"),
        )
        .await;
        let (status, by_phone) = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "phone": "138 0000 0001" }),
        )
        .await;
        assert_eq!(status, 200, "{by_phone}");
        assert_eq!(by_phone["username"], "party1");
        assert_eq!(by_phone["phone"], "138****0001");

        // A party whose cases are all at another court is refused; one with no case is found
        // (they come to file here).
        exec(
            &court,
            "INSERT INTO courts (code, name) VALUES ('渝0105', '重庆市江北区人民法院')",
        )
        .await;
        exec(
            &court,
            "INSERT INTO accounts (username, password_hash, display_name, kind, created_at)
             VALUES ('party9', 'x', '赵一鸣', 'party', '2026-11-20T02:00:00.000Z')",
        )
        .await;
        let party9 = court.account_id("party9").await;
        exec(
            &court,
            &format!(
                "INSERT INTO account_identity (account_id, verified_name, verified_id_number, verified_at, verified_model)
                 VALUES ({party9}, '赵一鸣', '{}', '2026-11-20T02:00:00.000Z', 'in_person')",
                demo_id_number(9)
            ),
        )
        .await;
        let no_case = lookup(
            &court,
            "worker1",
            json!({ "name": "赵一鸣", "id_number": demo_id_number(9) }),
        )
        .await;
        assert_eq!(no_case.0, 200, "{}", no_case.1);
        exec(
            &court,
            "INSERT INTO cases (case_number, court_code, cause, case_type, stage, created_at, updated_at, change_seq)
             VALUES ('(2026)渝0105民初1号', '渝0105', '民间借贷纠纷', 'civil_first_instance', 'trial', '2026-11-20T02:00:00.000Z', '2026-11-20T02:00:00.000Z', 0)",
        )
        .await;
        let case_id = court
            .count("SELECT id FROM cases WHERE court_code = '渝0105'")
            .await;
        exec(
            &court,
            &format!(
                "INSERT INTO case_participants (case_id, account_id, name, role) VALUES ({case_id}, {party9}, '赵一鸣', 'plaintiff')"
            ),
        )
        .await;
        let elsewhere = lookup(
            &court,
            "worker1",
            json!({ "name": "赵一鸣", "id_number": demo_id_number(9) }),
        )
        .await;
        // Answered as no match: another answer would confirm a guessed ID number and tell where
        // a person is sued. The audit keeps the difference.
        assert_eq!(code(&elsewhere), (404, Some("party_not_found")));
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'assisted_party_lookup' AND payload LIKE '%another_court%'")
                .await,
            1
        );

        // The newcomer who has verified nothing (韩志远, party3) has neither on file: found by
        // the name with the user name just registered, and only with the right name.
        let (status, newcomer) = lookup(
            &court,
            "worker1",
            json!({ "name": "韩志远", "username": "party3" }),
        )
        .await;
        assert_eq!(status, 200, "{newcomer}");
        assert_eq!(newcomer["username"], "party3");
        let wrong = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "username": "party3" }),
        )
        .await;
        assert_eq!(code(&wrong), (404, Some("party_not_found")));
        let staff = lookup(
            &court,
            "worker1",
            json!({ "name": "刘婷", "username": "clerk1" }),
        )
        .await;
        assert_eq!(code(&staff), (404, Some("party_not_found")), "parties only");
        // A verified party is found only by what they carry, never by a user name.
        let verified = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "username": "party1" }),
        )
        .await;
        assert_eq!(
            code(&verified),
            (404, Some("party_not_found")),
            "newcomers only"
        );

        // Only legal workers look parties up; without a session, nobody.
        for who in ["lawyer1", "party2", "clerk1"] {
            let answer = lookup(
                &court,
                who,
                json!({ "name": "张晓梅", "id_number": demo_id_number(0) }),
            )
            .await;
            assert_eq!(code(&answer), (403, Some("legal_workers_only")), "{who}");
        }
        let (status, _) = post(
            &court,
            LOOKUP,
            None,
            json!({ "name": "张晓梅", "id_number": demo_id_number(0) }),
            None,
        )
        .await;
        assert_eq!(status, 401);
    }
);

on_both_engines!(
    guessing_id_numbers_is_cut_short,
    |court: TestCourt| async move {
        // A worker who knows a name and tries ID number after ID number: thirty lookups an
        // hour, then every answer is "too many", whatever is asked (the right number included).
        for n in 0..30 {
            let answer = lookup(
                &court,
                "worker1",
                json!({ "name": "张晓梅", "id_number": demo_id_number(100 + n) }),
            )
            .await;
            assert_eq!(code(&answer), (404, Some("party_not_found")), "try {n}");
        }
        let refused = lookup(
            &court,
            "worker1",
            json!({ "name": "张晓梅", "id_number": demo_id_number(0) }),
        )
        .await;
        assert_eq!(code(&refused), (429, Some("rate_limited")));
    }
);

on_both_engines!(
    the_help_lines_come_from_the_courts_data,
    |court: TestCourt| async move {
        let (status, help) = get(&court, "/api/v1/help", None).await;
        assert_eq!(status, 200, "{help}");
        assert_eq!(help["national_hotline"], "12368");
        assert_eq!(help["court"]["code"], "渝0103");
        assert_eq!(help["court"]["name"], "重庆市渝中区人民法院");
        assert_eq!(help["court"]["phone"], "023-63700000");
        // With a second court the service no longer guesses; the desktop names its court.
        exec(
            &court,
            "INSERT INTO courts (code, name) VALUES ('渝0105', '重庆市江北区人民法院')",
        )
        .await;
        let (_, help) = get(&court, "/api/v1/help", None).await;
        assert_eq!(help["court"], Value::Null);
        assert_eq!(help["national_hotline"], "12368");
        let (_, named) = get(&court, "/api/v1/help?court=%E6%B8%9D0105", None).await;
        assert_eq!(named["court"]["name"], "重庆市江北区人民法院");
        assert_eq!(named["court"]["phone"], Value::Null);
        let (_, unknown) = get(&court, "/api/v1/help?court=nowhere", None).await;
        assert_eq!(unknown["court"], Value::Null);
    }
);

on_both_engines!(
    sign_in_hands_over_the_idle_sign_out,
    |court: TestCourt| async move {
        for (who, after) in [("worker1", 600), ("party1", 900), ("judge1", 900)] {
            let (status, session) = post(
                &court,
                "/api/v1/session",
                None,
                json!({ "username": who, "password": "demo12345" }),
                None,
            )
            .await;
            assert_eq!(status, 200, "{session}");
            assert_eq!(session["idle_sign_out"]["after_seconds"], after, "{who}");
            assert_eq!(session["idle_sign_out"]["warn_seconds"], 60, "{who}");
        }
    }
);
