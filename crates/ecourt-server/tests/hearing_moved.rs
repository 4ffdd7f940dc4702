//! Moving a hearing (改期) on both engines: the court's staff move a hearing not yet opened;
//! everyone summoned finds the new time on the hearing and a `hearing_rescheduled` act on the
//! case's timeline (the desktop's notice); the parties cannot move it, a stranger learns
//! nothing, and a hearing already held or a time out of range is refused.

mod common;
use common::{get, post, Engine, TestCourt};
use serde_json::{json, Value};

/// The demo hearing of the case where party3 (韩志远) is sued by party1 (张晓梅).
async fn demo_hearing(court: &TestCourt) -> (i64, i64) {
    let cases = court.role_case_ids("party3").await;
    let id = sqlx::query_scalar::<_, i64>("SELECT id FROM hearings WHERE case_id = $1")
        .bind(cases[0])
        .fetch_one(&court.state.db.pool)
        .await
        .unwrap();
    (cases[0], id)
}

on_both_engines!(
    the_court_moves_a_hearing_and_the_summoned_are_told,
    |court: TestCourt| async move {
        let (case_id, hearing) = demo_hearing(&court).await;
        let clerk = court.token("clerk1").await;
        let party1 = court.token("party1").await;
        let party3 = court.token("party3").await;
        let party2 = court.token("party2").await;
        let move_to = |at: &str| json!({"scheduled_at": at, "courtroom": "第七法庭"});
        // Ten days on, 14:00 Beijing time (06:00 UTC).
        let day = court.state.clock.now().date_naive() + chrono::Days::new(10);
        let at = format!("{}T06:00:00Z", day.format("%Y-%m-%d"));
        let path = format!("/api/v1/hearings/{hearing}/move");

        // The parties cannot move it; someone outside the case learns nothing.
        let (s, b) = post(&court, &path, Some(&party1), move_to(&at), None).await;
        assert_eq!((s, b["code"].as_str()), (403, Some("forbidden")));
        let (s, b) = post(&court, &path, Some(&party2), move_to(&at), None).await;
        assert_eq!((s, b["code"].as_str()), (404, Some("not_found")));
        // A time outside what the court takes is refused, as when scheduling.
        let (s, b) = post(
            &court,
            &path,
            Some(&clerk),
            move_to("2001-01-01T01:30:00Z"),
            None,
        )
        .await;
        assert_eq!(
            (s, b["code"].as_str()),
            (422, Some("date_out_of_range")),
            "{b}"
        );

        let (s, moved) = post(&court, &path, Some(&clerk), move_to(&at), None).await;
        assert_eq!(s, 200, "{moved}");
        assert_eq!(moved["courtroom"], "第七法庭");
        assert_eq!(
            moved["scheduled_at"]
                .as_str()
                .map(|t| t.starts_with(&at[..16])),
            Some(true),
            "{moved}"
        );

        // Both summoned parties see the new time and the act on the timeline, in court time.
        let expected_detail = format!("改定于{} 14:00，第七法庭", day.format("%Y-%m-%d"));
        for token in [&party1, &party3] {
            let (s, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(token)).await;
            assert_eq!(s, 200);
            assert_eq!(detail["hearings"][0]["courtroom"], "第七法庭");
            let events = detail["events"].as_array().unwrap();
            let e: Vec<&Value> = events
                .iter()
                .filter(|e| e["kind"] == "hearing_rescheduled")
                .collect();
            assert_eq!(e.len(), 1, "{events:?}");
            assert!(
                e[0]["detail"]
                    .as_str()
                    .unwrap()
                    .starts_with(&expected_detail),
                "{}",
                e[0]["detail"]
            );
            assert_eq!(e[0]["actor"], "刘婷");
        }
        // The act is in the audit chain.
        assert_eq!(
            court
                .count("SELECT COUNT(*) FROM audit_log WHERE action = 'hearing_rescheduled'")
                .await,
            1
        );

        // A hearing already held cannot be moved.
        sqlx::query("UPDATE hearings SET state = 'ended' WHERE id = $1")
            .bind(hearing)
            .execute(&court.state.db.pool)
            .await
            .unwrap();
        let (s, b) = post(&court, &path, Some(&clerk), move_to(&at), None).await;
        assert_eq!((s, b["code"].as_str()), (409, Some("conflict")));
    }
);
