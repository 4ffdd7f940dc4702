//! Online hearings through the API and the signalling WebSocket, with real WebRTC media
//! through the court's forwarding unit on loopback: who may join (consent, exclusions, the
//! rules, the face re-check, a court-signed token), the waiting room and the judge's controls,
//! and how every connection ends in the hearing record.

mod common;
use common::{get, post, Engine, TestCourt};
use ecourt_api::*;
use ecourt_hearing::{HearingEvent, HearingSession, Joining};
use ecourt_rtc::MediaSources;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::time::{Duration, Instant};
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver};

/// The demo hearing of the case where party3 (韩志远) is sued by party1 (张晓梅), before judge1.
async fn demo_hearing(court: &TestCourt) -> (i64, i64) {
    let cases = court.role_case_ids("party3").await;
    assert_eq!(cases.len(), 1, "party3 is in one demo case");
    let id = sqlx::query_scalar::<_, i64>("SELECT id FROM hearings WHERE case_id = $1")
        .bind(cases[0])
        .fetch_one(&court.state.db.pool)
        .await
        .unwrap();
    (cases[0], id)
}

/// A face re-check just passed (the face check itself is tested in face.rs).
async fn rechecked(court: &TestCourt, username: &str) {
    let id = court.account_id(username).await;
    let now = ecourt_server::clock::stamp(court.state.clock.now());
    sqlx::query("UPDATE account_identity SET rechecked_at = $1 WHERE account_id = $2")
        .bind(&now)
        .bind(id)
        .execute(&court.state.db.pool)
        .await
        .unwrap();
    assert_eq!(
        court
            .count(&format!(
                "SELECT COUNT(*) FROM account_identity WHERE account_id = {id} AND rechecked_at IS NOT NULL"
            ))
            .await,
        1,
        "{username} has an identity row"
    );
}

/// POSTs a JSON body with the bearer token: the status and the answer.
async fn act(court: &TestCourt, path: &str, bearer: &str, body: Value) -> (u16, Value) {
    post(court, path, Some(bearer), body, None).await
}

async fn token_for(court: &TestCourt, hearing: i64, bearer: &str) -> (u16, Value) {
    act(
        court,
        &format!("/api/v1/hearings/{hearing}/join-tokens"),
        bearer,
        json!({"rules_accepted": true, "no_recording_declared": true}),
    )
    .await
}

on_both_engines!(
    a_hearing_carries_the_phone_to_call_when_one_cannot_get_in,
    |court: TestCourt| async move {
        let clerk = court.token("clerk1").await;
        let case = court.role_case_ids("party3").await[0];
        let schedule = |phone: Value| {
            let (court, clerk) = (&court, &clerk);
            async move {
                post(
                    court,
                    &format!("/api/v1/cases/{case}/hearings"),
                    Some(clerk),
                    json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": "第五法庭", "contact_phone": phone}),
                    None,
                )
                .await
            }
        };
        // Not a number one can dial: refused, nothing scheduled.
        let before = court.count("SELECT COUNT(*) FROM hearings").await;
        for bad in [
            "call the clerk",
            "12",
            "0571--",
            "-0571 8706",
            "0571-8706-1234-5678-9",
        ] {
            let (s, b) = schedule(json!(bad)).await;
            assert_eq!(
                (s, b["code"].as_str()),
                (400, Some("invalid_input")),
                "{bad}: {b}"
            );
        }
        assert_eq!(court.count("SELECT COUNT(*) FROM hearings").await, before);
        // A desk phone as the court writes it is kept; none given is none.
        let (s, b) = schedule(json!("0571-8706 1234")).await;
        assert_eq!(s, 200, "{b}");
        let id = b["id"].as_i64().unwrap();
        assert_eq!(
            court
                .count(&format!(
                    "SELECT COUNT(*) FROM hearings WHERE id = {id} AND contact_phone = '0571-8706 1234'"
                ))
                .await,
            1
        );
        let (s, b) = schedule(Value::Null).await;
        assert_eq!(s, 200, "{b}");
        let id = b["id"].as_i64().unwrap();
        assert_eq!(
            court
                .count(&format!(
                    "SELECT COUNT(*) FROM hearings WHERE id = {id} AND contact_phone IS NULL"
                ))
                .await,
            1
        );
    }
);

on_both_engines!(who_may_join_a_hearing, |court: TestCourt| async move {
    let (case_id, hearing) = demo_hearing(&court).await;
    let party3 = court.token("party3").await;
    let party2 = court.token("party2").await;
    let judge = court.token("judge1").await;
    let clerk = court.token("clerk1").await;

    // The hearing is in the case, with who is summoned; the court's staff attend online.
    let (s, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&party3)).await;
    assert_eq!(s, 200);
    let h = &detail["hearings"][0];
    assert_eq!(h["id"], hearing);
    assert_eq!(h["state"], "scheduled");
    let me: Vec<&Value> = h["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["you"] == true)
        .collect();
    assert_eq!(me.len(), 1);
    assert_eq!(
        (me[0]["name"].as_str(), me[0]["mode"].as_str()),
        (Some("韩志远"), Some("pending"))
    );
    assert!(h["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["role"] == "judge" && a["mode"] == "online"));

    // Someone not summoned learns nothing: 404 everywhere.
    for (path, body) in [
        (
            format!("/api/v1/hearings/{hearing}/consent"),
            json!({"online": true, "ground": null}),
        ),
        (
            format!("/api/v1/hearings/{hearing}/join-tokens"),
            json!({"rules_accepted": true, "no_recording_declared": true}),
        ),
    ] {
        let (s, b) = post(&court, &path, Some(&party2), body, None).await;
        assert_eq!((s, b["code"].as_str()), (404, Some("not_found")), "{path}");
    }
    assert_eq!(
        get(
            &court,
            &format!("/api/v1/hearings/{hearing}/record"),
            Some(&party2)
        )
        .await
        .0,
        404
    );
    assert_eq!(
        get(&court, &format!("/api/v1/hearings/{hearing}/record"), None)
            .await
            .0,
        401
    );

    // No token before the party says whether they agree to an online hearing.
    let (s, b) = token_for(&court, hearing, &party3).await;
    assert_eq!(
        (s, b["code"].as_str()),
        (403, Some("identity_step_missing")),
        "{b}"
    );
    // A ground with consent makes no sense.
    let (s, _) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/consent"),
        &party3,
        json!({"online": true, "ground": "no_equipment"}),
    )
    .await;
    assert_eq!(s, 400);
    let (s, b) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/consent"),
        &party3,
        json!({"online": true, "ground": null}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert!(b["attendees"]
        .as_array()
        .unwrap()
        .iter()
        .any(|a| a["you"] == true && a["mode"] == "online"));
    // The consent is on the case's timeline (and so reaches everyone's cache).
    let (_, detail) = get(&court, &format!("/api/v1/cases/{case_id}"), Some(&judge)).await;
    assert!(detail["events"]
        .as_array()
        .unwrap()
        .iter()
        .any(|e| e["kind"] == "hearing_consent"));

    // The rules and the no-recording declaration must be accepted.
    let (s, rules) = get(&court, "/api/v1/hearings/rules", None).await;
    assert_eq!(s, 200);
    assert!(rules["declaration"].as_str().unwrap().contains("录音"));
    let (s, _) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/join-tokens"),
        &party3,
        json!({"rules_accepted": true, "no_recording_declared": false}),
    )
    .await;
    assert_eq!(s, 400);
    // And the party's face re-checked lately: party3 has never verified.
    // A code of its own, so that the screen shows the re-check (not English text to match).
    let (s, b) = token_for(&court, hearing, &party3).await;
    assert_eq!((s, b["code"].as_str()), (403, Some("face_recheck_due")));
    sqlx::query("INSERT INTO account_identity (account_id) VALUES ($1)")
        .bind(court.account_id("party3").await)
        .execute(&court.state.db.pool)
        .await
        .ok();
    rechecked(&court, "party3").await;
    let (s, t) = token_for(&court, hearing, &party3).await;
    assert_eq!(s, 200, "{t}");
    assert_eq!(
        t["signal_path"],
        format!("/api/v1/hearings/{hearing}/signal")
    );
    // The re-check counts for two hours.
    court.clock.advance(chrono::Duration::hours(3));
    let (s, b) = token_for(&court, hearing, &party3).await;
    assert_eq!((s, b["code"].as_str()), (403, Some("face_recheck_due")));
    court.clock.advance(chrono::Duration::hours(-3));
    // The judge needs no consent and no re-check.
    assert_eq!(token_for(&court, hearing, &judge).await.0, 200);
    assert_eq!(
        act(
            &court,
            &format!("/api/v1/hearings/{hearing}/consent"),
            &judge,
            json!({"online": false, "ground": null})
        )
        .await
        .0,
        403
    );

    // The socket refuses forged tokens and tokens for another hearing.
    let signal = |token: &str, id: i64| {
        let url = format!("{}/api/v1/hearings/{id}/signal?token={token}", court.base);
        let http = court.http.clone();
        async move {
            http.get(url)
                .header("Connection", "Upgrade")
                .header("Upgrade", "websocket")
                .header("Sec-WebSocket-Version", "13")
                .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                .send()
                .await
                .unwrap()
                .status()
                .as_u16()
        }
    };
    let good = t["token"].as_str().unwrap();
    let (payload, tag) = good.split_once('.').unwrap();
    let forged = format!("{}.{tag}", payload.replace('A', "B"));
    assert_eq!(signal(&forged, hearing).await, 401);
    assert_eq!(signal("nonsense", hearing).await, 401);
    let other: i64 = sqlx::query_scalar("SELECT MIN(id) FROM hearings WHERE id <> $1")
        .bind(hearing)
        .fetch_one(&court.state.db.pool)
        .await
        .unwrap();
    assert_eq!(signal(good, other).await, 403);
    assert_eq!(
        signal(good, hearing).await,
        101,
        "the real token opens the socket"
    );

    // The court excludes the party (physical evidence): offline, no token, and the party
    // cannot undo it.
    let (s, b) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/exclusions"),
        &clerk,
        json!({"username": "party3", "ground": "physical_evidence"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!((token_for(&court, hearing, &party3).await.0), 403);
    let (s, _) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/consent"),
        &party3,
        json!({"online": true, "ground": null}),
    )
    .await;
    assert_eq!(s, 409);
    // Only court staff exclude; only court staff schedule.
    let (s, _) = act(
        &court,
        &format!("/api/v1/hearings/{hearing}/exclusions"),
        &party3,
        json!({"username": "party1", "ground": "refused"}),
    )
    .await;
    assert_eq!(s, 404);
    let (s, _) = act(
        &court,
        &format!("/api/v1/cases/{case_id}/hearings"),
        &party3,
        json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": "第五法庭"}),
    )
    .await;
    assert_eq!(s, 403);
    let (s, b) = act(
        &court,
        &format!("/api/v1/cases/{case_id}/hearings"),
        &clerk,
        json!({"scheduled_at": "2026-12-01T01:30:00Z", "courtroom": "第五法庭"}),
    )
    .await;
    assert_eq!(s, 200, "{b}");
    assert_eq!(
        b["attendees"].as_array().unwrap().len(),
        4,
        "plaintiff, defendant, judge, clerk: {b}"
    );
    let (s, _) = act(
        &court,
        &format!("/api/v1/cases/{case_id}/hearings"),
        &clerk,
        json!({"scheduled_at": "tomorrow", "courtroom": "第五法庭"}),
    )
    .await;
    assert_eq!(s, 400);
});

// ---- three clients on loopback --------------------------------------------------------------

struct Participant {
    name: &'static str,
    account_id: i64,
    session: Option<HearingSession>,
    events: UnboundedReceiver<HearingEvent>,
    /// Frame counters seen, per sender.
    frames: HashMap<i64, Vec<u64>>,
    /// Loudest sound heard, per sender.
    sound: HashMap<i64, f32>,
    room: Option<RoomState>,
    alerts: Vec<(AlertKind, i64)>,
    closed: Option<DisconnectCause>,
    /// The court's refusals of this participant's messages, by code.
    refused: Vec<ApiErrorCode>,
}

impl Participant {
    async fn join(
        court: &TestCourt,
        hearing: i64,
        name: &'static str,
        hz: u32,
        previous: Option<ReconnectReport>,
    ) -> Participant {
        Self::join_with(
            court,
            &court.base,
            hearing,
            name,
            "synthetic:320x240",
            hz,
            previous,
        )
        .await
    }

    /// Joins through `base` (the court, or a relay in front of it) with `camera`.
    #[allow(clippy::too_many_arguments)]
    async fn join_with(
        court: &TestCourt,
        base: &str,
        hearing: i64,
        name: &'static str,
        camera: &str,
        hz: u32,
        previous: Option<ReconnectReport>,
    ) -> Participant {
        let bearer = court.token(name).await;
        let (s, t) = token_for(court, hearing, &bearer).await;
        assert_eq!(s, 200, "{name}: {t}");
        let token: JoinToken = serde_json::from_value(t).unwrap();
        let (tx, events) = unbounded_channel();
        let session = HearingSession::start(
            Joining {
                court: base.to_string(),
                token,
                media: MediaSources {
                    camera: camera.into(),
                    fps: 15,
                    microphone: Some(format!("tone:{hz}")),
                },
                previous,
                renew: None,
            },
            tx,
        )
        .await
        .unwrap();
        Participant {
            name,
            account_id: court.account_id(name).await,
            session: Some(session),
            events,
            frames: HashMap::new(),
            sound: HashMap::new(),
            room: None,
            alerts: Vec::new(),
            closed: None,
            refused: Vec::new(),
        }
    }

    fn drain(&mut self) {
        while let Ok(e) = self.events.try_recv() {
            match e {
                HearingEvent::Frame { account_id, frame } => {
                    if let Some(n) = ecourt_media::read_counter(&frame) {
                        self.frames.entry(account_id).or_default().push(n);
                    }
                }
                HearingEvent::Sound {
                    account_id,
                    level_dbfs,
                } => {
                    let l = self.sound.entry(account_id).or_insert(-100.0);
                    *l = l.max(level_dbfs);
                }
                HearingEvent::Room(r) => self.room = Some(r),
                HearingEvent::Alert {
                    kind, account_id, ..
                } => self.alerts.push((kind, account_id)),
                HearingEvent::Closed(c) => self.closed = Some(c),
                HearingEvent::Refused(e) => self.refused.push(e.code),
                HearingEvent::Reconnecting { .. } | HearingEvent::OwnFrame(_) => {}
            }
        }
    }

    fn presence_of(&self, account_id: i64) -> Option<Presence> {
        self.room
            .as_ref()?
            .participants
            .iter()
            .find(|p| p.account_id == account_id)
            .map(|p| p.presence)
    }

    fn send(&self, s: ClientSignal) {
        self.session.as_ref().unwrap().send(s);
    }
}

/// Waits (draining everyone's events) until `done` holds, at most `secs`.
async fn until(
    people: &mut [&mut Participant],
    secs: u64,
    what: &str,
    done: impl Fn(&[&mut Participant]) -> bool,
) {
    let end = Instant::now() + Duration::from_secs(secs);
    loop {
        for p in people.iter_mut() {
            p.drain();
        }
        if done(people) {
            return;
        }
        assert!(
            Instant::now() < end,
            "timed out waiting for: {what}; rooms: {:#?}",
            people
                .iter()
                .map(|p| p.room.as_ref().map(|r| r.participants.clone()))
                .collect::<Vec<_>>()
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn record_kinds(
    court: &TestCourt,
    hearing: i64,
    bearer: &str,
) -> Vec<(String, String, Option<String>)> {
    let (s, r) = get(
        court,
        &format!("/api/v1/hearings/{hearing}/record"),
        Some(bearer),
    )
    .await;
    assert_eq!(s, 200);
    r["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["name"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
                e["cause"].as_str().map(String::from),
            )
        })
        .collect()
}

fn sees_and_hears(p: &Participant, others: &[i64]) -> bool {
    others.iter().all(|o| {
        p.frames.get(o).is_some_and(|f| f.len() >= 15) && p.sound.get(o).is_some_and(|l| *l > -25.0)
    })
}

/// The party agrees to an online hearing and has just passed a face re-check.
async fn agree_online(court: &TestCourt, hearing: i64, name: &str) {
    let bearer = court.token(name).await;
    let (s, _) = act(
        court,
        &format!("/api/v1/hearings/{hearing}/consent"),
        &bearer,
        json!({"online": true, "ground": null}),
    )
    .await;
    assert_eq!(s, 200);
    sqlx::query("INSERT INTO account_identity (account_id) VALUES ($1)")
        .bind(court.account_id(name).await)
        .execute(&court.state.db.pool)
        .await
        .ok();
    rechecked(court, name).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn hearing_loopback_three_clients() {
    let Some(court) = TestCourt::start(Engine::Sqlite).await else {
        return;
    };
    let (_, hearing) = demo_hearing(&court).await;
    let judge_bearer = court.token("judge1").await;
    // The judge comes in and opens the hearing; party1 has agreed to an online hearing,
    // party3 agrees only after the room is open. The parties wait until admitted.
    agree_online(&court, hearing, "party1").await;
    let mut judge = Participant::join(&court, hearing, "judge1", 300, None).await;
    judge.send(ClientSignal::Open);
    agree_online(&court, hearing, "party3").await;
    let mut plaintiff = Participant::join(&court, hearing, "party1", 500, None).await;
    let mut defendant = Participant::join(&court, hearing, "party3", 700, None).await;
    let (j, p, d) = (judge.account_id, plaintiff.account_id, defendant.account_id);
    until(
        &mut [&mut judge, &mut plaintiff, &mut defendant],
        10,
        "the parties wait",
        |ps| {
            ps[0].presence_of(p) == Some(Presence::Waiting)
                && ps[0].presence_of(d) == Some(Presence::Waiting)
        },
    )
    .await;
    assert_eq!(judge.room.as_ref().unwrap().state, HearingState::Open);
    assert!(judge.room.as_ref().unwrap().presiding);
    // Names and roles are the court's.
    let shown: Vec<(String, ecourt_domain::CaseRole)> = judge
        .room
        .as_ref()
        .unwrap()
        .participants
        .iter()
        .map(|x| (x.name.clone(), x.role))
        .collect();
    assert!(
        shown.contains(&("韩志远".into(), ecourt_domain::CaseRole::Defendant)),
        "{shown:?}"
    );
    // A party cannot admit anyone; nothing flows to those waiting.
    plaintiff.send(ClientSignal::Admit { account_id: d });
    tokio::time::sleep(Duration::from_millis(500)).await;
    plaintiff.drain();
    assert_eq!(plaintiff.presence_of(d), Some(Presence::Waiting));
    assert!(plaintiff.frames.is_empty());
    // And hears why, as a code of its own (not `forbidden` with English text).
    assert_eq!(plaintiff.refused, [ApiErrorCode::NotPresiding]);

    judge.send(ClientSignal::Admit { account_id: p });
    judge.send(ClientSignal::Admit { account_id: d });
    until(
        &mut [&mut judge, &mut plaintiff, &mut defendant],
        30,
        "everyone sees and hears the other two",
        |ps| {
            sees_and_hears(ps[0], &[p, d])
                && sees_and_hears(ps[1], &[j, d])
                && sees_and_hears(ps[2], &[j, p])
        },
    )
    .await;
    for x in [&judge, &plaintiff, &defendant] {
        for (from, counters) in &x.frames {
            assert!(
                counters.windows(2).all(|w| w[0] < w[1]),
                "{} from {from}: out of order {counters:?}",
                x.name
            );
        }
    }
    until(
        &mut [&mut judge],
        5,
        "the court sees everyone's video live",
        |ps| {
            let room = ps[0].room.as_ref().unwrap();
            let admitted: Vec<_> = room
                .participants
                .iter()
                .filter(|x| x.presence == Presence::Admitted)
                .collect();
            admitted.len() == 3 && admitted.iter().all(|x| x.media_connected && x.video_live)
        },
    )
    .await;

    // Someone not summoned gets no token; a summoned party's token does not open another
    // hearing.
    let outsider = court.token("party2").await;
    assert_eq!(token_for(&court, hearing, &outsider).await.0, 404);

    // The defendant's app is killed mid-hearing: recorded as disconnected at once (not after
    // ICE's 20 s), the judge is alerted, and the others see them dropped.
    let t = Instant::now();
    defendant.session.take().unwrap().abort();
    until(
        &mut [&mut judge, &mut plaintiff],
        10,
        "the judge is told the defendant dropped",
        |ps| {
            ps[0].presence_of(d) == Some(Presence::Dropped)
                && ps[0].alerts.contains(&(AlertKind::Dropped, d))
        },
    )
    .await;
    let noticed = t.elapsed();
    assert!(
        noticed < Duration::from_secs(5),
        "noticed after {noticed:?}"
    );
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    assert!(
        kinds.contains(&(
            "韩志远".into(),
            "disconnected".into(),
            Some("connection_dropped".into())
        )),
        "{kinds:?}"
    );

    // They come back (the restarted app tells what happened): admitted again without the
    // waiting room, one of them in the room and in every slot, media flowing again.
    let mut back = Participant::join(
        &court,
        hearing,
        "party3",
        700,
        Some(ReconnectReport {
            cause: DisconnectCause::AppClosed,
            attempts: 1,
            since: "2026-11-20T02:00:00Z".into(),
        }),
    )
    .await;
    judge.frames.remove(&d);
    until(
        &mut [&mut judge, &mut plaintiff, &mut back],
        30,
        "the defendant is back",
        |ps| {
            ps[0].presence_of(d) == Some(Presence::Admitted)
                && ps[0].frames.get(&d).is_some_and(|f| f.len() >= 10)
                && sees_and_hears(ps[2], &[j, p])
        },
    )
    .await;
    let room = judge.room.as_ref().unwrap();
    assert_eq!(
        room.participants
            .iter()
            .filter(|x| x.account_id == d)
            .count(),
        1
    );
    let sfu = ecourt_server::hearings::room::live_rooms(&court.state)
        .sfu()
        .unwrap();
    let slots = sfu.assignments(&format!("hearing-{hearing}"), &j.to_string());
    assert_eq!(
        slots
            .iter()
            .filter(|a| a.participant == d.to_string())
            .count(),
        2,
        "one video and one audio slot: {slots:?}"
    );
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    assert!(
        kinds.contains(&(
            "韩志远".into(),
            "reconnected".into(),
            Some("app_closed".into())
        )),
        "{kinds:?}"
    );

    // The judge mutes the plaintiff: the defendant no longer hears them (at the unit).
    judge.send(ClientSignal::Mute {
        account_id: p,
        muted: true,
    });
    tokio::time::sleep(Duration::from_millis(800)).await;
    back.drain();
    back.sound.clear();
    tokio::time::sleep(Duration::from_millis(800)).await;
    back.drain();
    assert!(
        back.sound.get(&p).is_none_or(|l| *l < -60.0),
        "muted: {:?}",
        back.sound
    );
    assert!(back.sound.get(&j).is_some_and(|l| *l > -25.0));

    // The judge shows a document of the case file on everyone's screen; a party cannot.
    let document: i64 = sqlx::query_scalar(
        "SELECT d.id FROM documents d JOIN hearings h ON h.case_id = d.case_id WHERE h.id = $1 ORDER BY d.id LIMIT 1",
    )
    .bind(hearing)
    .fetch_one(&court.state.db.pool)
    .await
    .unwrap();
    back.send(ClientSignal::ShowDocument {
        document_id: Some(document),
    });
    judge.send(ClientSignal::ShowDocument {
        document_id: Some(document),
    });
    until(
        &mut [&mut judge, &mut back],
        10,
        "the document is shown",
        |ps| {
            ps[1]
                .room
                .as_ref()
                .and_then(|r| r.shown_document.as_ref())
                .is_some_and(|d| d.document_id == document && d.title == "民事起诉状")
        },
    )
    .await;
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    assert_eq!(
        kinds
            .iter()
            .filter(|(_, k, _)| k == "document_shown")
            .count(),
        1,
        "only the judge's: {kinds:?}"
    );
    assert!(
        back.refused.contains(&ApiErrorCode::NotPresiding),
        "{:?}",
        back.refused
    );
    judge.send(ClientSignal::ShowDocument { document_id: None });

    // The clerk's webcam is pulled out after 3 s: the judge is alerted at once that the video
    // stopped and that the device failed, and both go in the record.
    let mut clerk = Participant::join_with(
        &court,
        &court.base,
        hearing,
        "clerk1",
        "synthetic:320x240:unplug-after=45",
        900,
        None,
    )
    .await;
    let c = clerk.account_id;
    until(
        &mut [&mut judge, &mut clerk],
        15,
        "the judge is told the clerk's video stopped",
        |ps| {
            ps[0].alerts.contains(&(AlertKind::VideoStopped, c))
                && ps[0].alerts.contains(&(AlertKind::DeviceFailure, c))
        },
    )
    .await;
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    assert!(
        kinds.contains(&("刘婷".into(), "video_stopped".into(), None)),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(
            "刘婷".into(),
            "device_failure".into(),
            Some("device_failure".into())
        )),
        "{kinds:?}"
    );

    // The plaintiff leaves without permission: recorded as such, the judge alerted.
    plaintiff
        .session
        .take()
        .unwrap()
        .leave(DisconnectCause::LeftOnPurpose)
        .await;
    until(
        &mut [&mut judge],
        10,
        "the judge is told of the unpermitted leave",
        |ps| {
            ps[0]
                .alerts
                .contains(&(AlertKind::LeftWithoutPermission, p))
        },
    )
    .await;

    // The judge ends the hearing: everyone's connection closes for good.
    judge.send(ClientSignal::End);
    until(
        &mut [&mut judge, &mut back, &mut clerk],
        10,
        "the hearing ends",
        |ps| {
            ps.iter()
                .all(|x| x.closed == Some(DisconnectCause::HearingEnded))
        },
    )
    .await;
    let kinds: Vec<(String, String)> = record_kinds(&court, hearing, &judge_bearer)
        .await
        .into_iter()
        .map(|(n, k, _)| (n, k))
        .collect();
    for expected in [
        ("周文斌", "connected"),
        ("张晓梅", "admitted"),
        ("韩志远", "admitted"),
        ("韩志远", "disconnected"),
        ("韩志远", "reconnected"),
        ("张晓梅", "muted"),
        ("张晓梅", "left_without_permission"),
    ] {
        assert!(
            kinds.contains(&(expected.0.into(), expected.1.into())),
            "{expected:?} in {kinds:?}"
        );
    }
    // The court's acts are on the case's timeline too, and the audit chain holds.
    assert_eq!(
        court
            .count(&format!(
                "SELECT COUNT(*) FROM hearings WHERE id = {hearing} AND state = 'ended'"
            ))
            .await,
        1
    );
    assert!(
        court
            .count("SELECT COUNT(*) FROM audit_log WHERE action = 'hearing_disconnected'")
            .await
            >= 1
    );
    assert!(matches!(
        ecourt_server::audit::verify(&court.state.db).await.unwrap(),
        ecourt_server::audit::Verdict::Intact { .. }
    ));
}

/// A TCP relay between a participant and the court whose connections can be cut (as when a
/// router restarts) or made to swallow everything (as when the line goes dead or the power
/// goes at the other end).
struct Relay {
    addr: std::net::SocketAddr,
    links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>>,
    silent: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl Relay {
    async fn start(court: std::net::SocketAddr) -> Relay {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let links: std::sync::Arc<std::sync::Mutex<Vec<tokio::task::AbortHandle>>> =
            Default::default();
        let silent: std::sync::Arc<std::sync::atomic::AtomicBool> = Default::default();
        let (kept, quiet) = (links.clone(), silent.clone());
        tokio::spawn(async move {
            while let Ok((inbound, _)) = listener.accept().await {
                let Ok(outbound) = tokio::net::TcpStream::connect(court).await else {
                    continue;
                };
                let (a_read, a_write) = inbound.into_split();
                let (b_read, b_write) = outbound.into_split();
                for (mut from, mut to) in [(a_read, b_write), (b_read, a_write)] {
                    let quiet = quiet.clone();
                    let link = tokio::spawn(async move {
                        let mut buf = vec![0u8; 16 * 1024];
                        loop {
                            let n = match from.read(&mut buf).await {
                                Ok(0) | Err(_) => return,
                                Ok(n) => n,
                            };
                            if quiet.load(std::sync::atomic::Ordering::Relaxed) {
                                continue; // swallowed
                            }
                            if to.write_all(&buf[..n]).await.is_err() {
                                return;
                            }
                        }
                    });
                    kept.lock().unwrap().push(link.abort_handle());
                }
            }
        });
        Relay {
            addr,
            links,
            silent,
        }
    }

    fn cut(&self) {
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }

    fn go_silent(&self, silent: bool) {
        self.silent
            .store(silent, std::sync::atomic::Ordering::Relaxed);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_participant_cut_off_comes_back_by_themselves() {
    let Some(court) = TestCourt::start(Engine::Sqlite).await else {
        return;
    };
    let (_, hearing) = demo_hearing(&court).await;
    let judge_bearer = court.token("judge1").await;
    agree_online(&court, hearing, "party1").await;
    let mut judge = Participant::join(&court, hearing, "judge1", 300, None).await;
    judge.send(ClientSignal::Open);

    // The plaintiff's line to the court goes through a relay that will be cut.
    let relay = Relay::start(court.server.as_ref().unwrap().addr).await;
    let via = format!("http://{}", relay.addr);
    let mut plaintiff = Participant::join_with(
        &court,
        &via,
        hearing,
        "party1",
        "synthetic:320x240",
        500,
        None,
    )
    .await;
    let p = plaintiff.account_id;
    until(
        &mut [&mut judge, &mut plaintiff],
        10,
        "the plaintiff waits",
        |ps| ps[0].presence_of(p) == Some(Presence::Waiting),
    )
    .await;
    judge.send(ClientSignal::Admit { account_id: p });
    until(
        &mut [&mut judge, &mut plaintiff],
        30,
        "the judge sees the plaintiff",
        |ps| ps[0].frames.get(&p).is_some_and(|f| f.len() >= 10),
    )
    .await;

    // The network goes: the court records the drop; the app comes back by itself, telling the
    // court what it saw; admitted again at once, one of them, media flowing again.
    relay.cut();
    until(
        &mut [&mut judge, &mut plaintiff],
        10,
        "the drop is seen",
        |ps| ps[0].alerts.contains(&(AlertKind::Dropped, p)),
    )
    .await;
    judge.frames.remove(&p);
    until(
        &mut [&mut judge, &mut plaintiff],
        30,
        "the plaintiff is back",
        |ps| {
            ps[0].presence_of(p) == Some(Presence::Admitted)
                && ps[0].frames.get(&p).is_some_and(|f| f.len() >= 10)
        },
    )
    .await;
    let room = judge.room.as_ref().unwrap();
    assert_eq!(
        room.participants
            .iter()
            .filter(|x| x.account_id == p)
            .count(),
        1
    );
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    let mine: Vec<(String, Option<String>)> = kinds
        .into_iter()
        .filter(|(n, _, _)| n == "张晓梅")
        .map(|(_, k, c)| (k, c))
        .collect();
    assert!(
        mine.contains(&("disconnected".into(), Some("connection_dropped".into()))),
        "{mine:?}"
    );
    assert!(
        mine.contains(&("reconnected".into(), Some("network_lost".into()))),
        "{mine:?}"
    );
    assert!(plaintiff.closed.is_none(), "the session goes on");

    // Now the line goes dead without closing (nothing arrives either way): the court cannot
    // tell a cut line from a power cut, and records `network_lost` after the heartbeat's 4 s,
    // not an unpermitted leave; when the line is back, the app comes back by itself.
    plaintiff.alerts.clear();
    judge.alerts.clear();
    relay.go_silent(true);
    let t = Instant::now();
    until(
        &mut [&mut judge, &mut plaintiff],
        15,
        "the silence is noticed",
        |ps| ps[0].alerts.contains(&(AlertKind::Dropped, p)),
    )
    .await;
    assert!(
        t.elapsed() >= Duration::from_secs(3),
        "not before the heartbeat's timeout"
    );
    relay.go_silent(false);
    judge.frames.remove(&p);
    until(
        &mut [&mut judge, &mut plaintiff],
        40,
        "the plaintiff is back again",
        |ps| {
            ps[0].presence_of(p) == Some(Presence::Admitted)
                && ps[0].frames.get(&p).is_some_and(|f| f.len() >= 10)
        },
    )
    .await;
    let kinds = record_kinds(&court, hearing, &judge_bearer).await;
    assert!(
        kinds.contains(&(
            "张晓梅".into(),
            "disconnected".into(),
            Some("network_lost".into())
        )),
        "{kinds:?}"
    );
    assert!(
        !kinds.iter().any(|(_, k, _)| k == "left_without_permission"),
        "{kinds:?}"
    );

    // Removed by the judge: the session ends for good, and a new token does not get back in.
    judge.send(ClientSignal::Remove { account_id: p });
    until(
        &mut [&mut judge, &mut plaintiff],
        10,
        "the plaintiff is removed",
        |ps| ps[1].closed == Some(DisconnectCause::Removed),
    )
    .await;
    let bearer = court.token("party1").await;
    let (s, t) = token_for(&court, hearing, &bearer).await;
    assert_eq!(s, 200);
    let (tx, _events) = unbounded_channel();
    let again = HearingSession::start(
        Joining {
            court: court.base.clone(),
            token: serde_json::from_value(t).unwrap(),
            media: MediaSources {
                camera: "synthetic:320x240".into(),
                fps: 15,
                microphone: None,
            },
            previous: None,
            renew: None,
        },
        tx,
    )
    .await;
    assert!(
        matches!(&again, Err(ecourt_hearing::HearingError::Refused(e)) if e.code == ApiErrorCode::RemovedFromHearing),
        "a removed participant stays out"
    );
}

// ---- a flood from one participant (issue 10, finding 6) --------------------------------------

/// A bare signalling client without media: what it sends, what it got and how many bytes.
struct RawPeer {
    out: tokio::sync::mpsc::UnboundedSender<tokio_tungstenite::tungstenite::Message>,
    got: UnboundedReceiver<Value>,
    bytes: std::sync::Arc<std::sync::atomic::AtomicUsize>,
    closed: std::sync::Arc<std::sync::atomic::AtomicBool>,
}

impl RawPeer {
    async fn join(court: &TestCourt, hearing: i64, name: &str) -> RawPeer {
        use futures_util::{SinkExt, StreamExt};
        use std::sync::atomic::Ordering;
        use tokio_tungstenite::tungstenite::Message;
        let bearer = court.token(name).await;
        let (s, t) = token_for(court, hearing, &bearer).await;
        assert_eq!(s, 200, "{name}: {t}");
        let token: JoinToken = serde_json::from_value(t).unwrap();
        let url = format!(
            "{}{}?token={}",
            court.base.replacen("http://", "ws://", 1),
            token.signal_path,
            token.token
        );
        let (ws, _) = tokio_tungstenite::connect_async(url).await.unwrap();
        let (mut sink, mut stream) = ws.split();
        let (out, mut out_rx) = unbounded_channel::<Message>();
        let (got_tx, got) = unbounded_channel();
        let bytes = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let closed = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        tokio::spawn(async move {
            while let Some(m) = out_rx.recv().await {
                if sink.send(m).await.is_err() {
                    break;
                }
            }
        });
        let (b, c) = (bytes.clone(), closed.clone());
        tokio::spawn(async move {
            while let Some(Ok(m)) = stream.next().await {
                match m {
                    Message::Text(t) => {
                        b.fetch_add(t.len(), Ordering::Relaxed);
                        if let Ok(v) = serde_json::from_str::<Value>(t.as_str()) {
                            let _ = got_tx.send(v);
                        }
                    }
                    Message::Close(_) => break,
                    _ => {}
                }
            }
            c.store(true, Ordering::SeqCst);
        });
        // The heartbeat, once a second, as the app sends it.
        let beat = out.clone();
        tokio::spawn(async move {
            loop {
                let ping = json!({"type": "ping", "sent_ms": 0, "rtt_ms": null}).to_string();
                if beat.send(Message::Text(ping.into())).is_err() {
                    break;
                }
                tokio::time::sleep(Duration::from_secs(1)).await;
            }
        });
        let peer = RawPeer {
            out,
            got,
            bytes,
            closed,
        };
        peer.send(json!({"type": "hello", "reconnect": null}));
        peer
    }

    fn send(&self, v: Value) {
        let _ = self.out.send(tokio_tungstenite::tungstenite::Message::Text(
            v.to_string().into(),
        ));
    }

    /// Waits until a message satisfies `f`; the messages before it are dropped.
    async fn until(&mut self, secs: u64, what: &str, f: impl Fn(&Value) -> bool) -> Value {
        let end = tokio::time::Instant::now() + Duration::from_secs(secs);
        loop {
            match tokio::time::timeout_at(end, self.got.recv()).await {
                Ok(Some(v)) if f(&v) => return v,
                Ok(Some(_)) => {}
                _ => panic!("timed out waiting for {what}"),
            }
        }
    }

    fn bytes(&self) -> usize {
        self.bytes.load(std::sync::atomic::Ordering::Relaxed)
    }
}

on_both_engines!(
    a_flood_from_one_participant_is_bounded,
    |court: TestCourt| async move {
        let (_, hearing) = demo_hearing(&court).await;
        agree_online(&court, hearing, "party3").await;
        let party_id = court.account_id("party3").await;
        let mut judge = RawPeer::join(&court, hearing, "judge1").await;
        let mut party = RawPeer::join(&court, hearing, "party3").await;
        let waiting = |v: &Value| {
            v["type"] == "room"
                && v["room"]["participants"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|p| p["account_id"] == party_id && p["presence"] == "waiting")
        };
        judge.until(10, "the party waits", waiting).await;
        judge.send(json!({"type": "admit", "account_id": party_id}));
        party
            .until(10, "the party is admitted", |v| {
                v["type"] == "room"
                    && v["room"]["participants"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .any(|p| p["account_id"] == party_id && p["presence"] == "admitted")
            })
            .await;
        let logs_before = court.count("SELECT COUNT(*) FROM hearing_log").await;
        let audit_before = court.count("SELECT COUNT(*) FROM audit_log").await;
        let judge_bytes_before = judge.bytes();

        // The probe's flood: 500 requests with long notes, then as many hands and device reports.
        let note = "请求发言".repeat(125);
        let kinds = ["statement", "recusal", "leave"];
        for i in 0..500 {
            party.send(
                json!({"type": "request", "kind": kinds[i % 3], "document_id": null, "note": note}),
            );
        }
        for i in 0..200 {
            party.send(json!({"type": "raise_hand", "raised": i % 2 == 0}));
            party.send(json!({"type": "device", "state": {"camera_ok": i % 2 == 0, "microphone_ok": true}}));
        }
        // When the rate allows one more, the cap of open requests still holds.
        tokio::time::sleep(Duration::from_millis(2100)).await;
        party.send(
            json!({"type": "request", "kind": "statement", "document_id": null, "note": null}),
        );
        // The party hears why: limits and the cap, each in the `{code, message}` shape.
        let mut codes = std::collections::BTreeSet::new();
        let end = tokio::time::Instant::now() + Duration::from_secs(10);
        while !(codes.contains("rate_limited") && codes.contains("too_many_open_requests")) {
            match tokio::time::timeout_at(end, party.got.recv()).await {
                Ok(Some(v)) if v["type"] == "error" => {
                    assert!(v["message"].is_string(), "{v}");
                    codes.insert(v["code"].as_str().unwrap().to_string());
                }
                Ok(Some(_)) => {}
                _ => break,
            }
        }
        assert!(
            codes.contains("rate_limited") && codes.contains("too_many_open_requests"),
            "{codes:?}"
        );
        tokio::time::sleep(Duration::from_millis(1500)).await;

        // Bounded: a few record and audit entries, not 500; kilobytes to the judge, not megabytes.
        let logs = court.count("SELECT COUNT(*) FROM hearing_log").await - logs_before;
        let audit = court.count("SELECT COUNT(*) FROM audit_log").await - audit_before;
        let requests = court
            .count(&format!(
            "SELECT COUNT(*) FROM hearing_log WHERE hearing_id = {hearing} AND kind = 'request'"
        ))
            .await;
        assert_eq!(requests, 3, "at most three open requests");
        assert!(logs <= 12, "{logs} record entries");
        assert!(audit <= 12, "{audit} audit entries");
        let to_judge = judge.bytes() - judge_bytes_before;
        assert!(to_judge < 256 * 1024, "{to_judge} bytes to the judge");

        // A 10 MiB message is refused and the line closed; the judge's room carries on.
        party.send(json!({"type": "request", "kind": "statement", "document_id": null, "note": "x".repeat(10 << 20)}));
        let refusal = party
            .until(10, "the refusal of the big message", |v| {
                v["type"] == "error" && v["code"] == "payload_too_large"
            })
            .await;
        assert!(refusal["message"].is_string());
        let end = tokio::time::Instant::now() + Duration::from_secs(5);
        while !party.closed.load(std::sync::atomic::Ordering::SeqCst) {
            assert!(
                tokio::time::Instant::now() < end,
                "the party's line stays open"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        let first = judge
            .until(10, "the judge sees the requests", |v| {
                v["type"] == "room" && v["room"]["requests"].as_array().unwrap().len() == 3
            })
            .await;
        let request_id = first["room"]["requests"][0]["id"].clone();
        judge.send(json!({"type": "dismiss_request", "request_id": request_id}));
        judge
            .until(10, "the judge's room still answers", |v| {
                v["type"] == "room" && v["room"]["requests"].as_array().unwrap().len() == 2
            })
            .await;
    }
);
