//! The room's rules without a socket, a database or a unit: who may do what, and what each
//! act leaves behind (record entries, unit commands, messages, the court's act).

use super::*;

const JUDGE: i64 = 1;
const CLERK: i64 = 2;
const PLAINTIFF: i64 = 10;
const DEFENDANT: i64 = 11;
/// Summoned, but attends in the courtroom.
const OFFLINE: i64 = 12;

fn attendee(account_id: i64, name: &str, role: CaseRole, presides: bool) -> Attendee {
    Attendee {
        account_id,
        name: name.into(),
        role,
        mode: AttendanceMode::Online,
        ground: None,
        presides,
    }
}

fn people() -> Vec<Attendee> {
    let mut offline = attendee(OFFLINE, "第三人", CaseRole::ThirdParty, false);
    offline.mode = AttendanceMode::Offline;
    offline.ground = Some(ExclusionGround::PhysicalEvidence);
    vec![
        attendee(JUDGE, "审判员", CaseRole::Judge, true),
        attendee(CLERK, "书记员", CaseRole::Clerk, true),
        attendee(PLAINTIFF, "原告", CaseRole::Plaintiff, false),
        attendee(DEFENDANT, "被告", CaseRole::Defendant, false),
        offline,
    ]
}

fn room() -> Room {
    let hearing = Hearing {
        id: 7,
        case_id: 70,
        case_number: Some("（2026）京0105民初1号".into()),
        courtroom: "第五法庭".into(),
        scheduled_at: "2026-12-01T01:30:00Z".into(),
        contact_phone: Some("010-6500 0000".into()),
        state: HearingState::Scheduled,
    };
    Room::new(hearing, &people())
}

/// Connection ids: the account's id times 100, plus how many times they connected before.
fn conn(account_id: i64) -> Actor {
    Actor {
        account_id,
        conn: account_id as u64 * 100,
    }
}

/// The account's next connection.
fn again(account_id: i64) -> Actor {
    Actor {
        account_id,
        conn: account_id as u64 * 100 + 1,
    }
}

fn hello(room: &mut Room, who: Actor) -> Result<Vec<Effect>, Refusal> {
    room.apply(who, Signal::Connect { reconnect: None })
}

fn say(room: &mut Room, who: Actor, signal: ClientSignal) -> Result<Vec<Effect>, Refusal> {
    room.apply(
        who,
        Signal::Message {
            signal,
            document_title: None,
        },
    )
}

fn gone(room: &mut Room, who: Actor, cause: DisconnectCause) -> Result<Vec<Effect>, Refusal> {
    room.apply(who, Signal::Disconnected { cause })
}

fn presence(room: &Room, who: i64) -> Presence {
    let view = room.view(who, |_, _| None);
    view.participants
        .iter()
        .find(|p| p.account_id == who)
        .map(|p| p.presence)
        .expect("listed")
}

fn kinds(effects: &[Effect]) -> Vec<&'static str> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Record(r) => Some(r.kind),
            _ => None,
        })
        .collect()
}

fn sent_to(effects: &[Effect], to: Actor) -> Vec<&ServerSignal> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Send { conn, signal } if *conn == to.conn => Some(signal),
            _ => None,
        })
        .collect()
}

/// The judge and clerk in, the plaintiff admitted, the hearing open.
fn in_session() -> Room {
    let mut r = room();
    hello(&mut r, conn(JUDGE)).unwrap();
    hello(&mut r, conn(PLAINTIFF)).unwrap();
    say(&mut r, conn(JUDGE), ClientSignal::Open).unwrap();
    say(
        &mut r,
        conn(JUDGE),
        ClientSignal::Admit {
            account_id: PLAINTIFF,
        },
    )
    .unwrap();
    r
}

#[test]
fn everyone_summoned_is_listed_from_the_start_as_expected_and_absent() {
    let r = room();
    let view = r.view(PLAINTIFF, |_, _| None);
    let listed: Vec<(i64, AttendanceMode, bool)> = view
        .participants
        .iter()
        .map(|p| (p.account_id, p.mode, p.presides))
        .collect();
    // The one who takes part in the courtroom is expected too, with their mode.
    assert_eq!(
        listed,
        [
            (JUDGE, AttendanceMode::Online, true),
            (CLERK, AttendanceMode::Online, true),
            (PLAINTIFF, AttendanceMode::Online, false),
            (DEFENDANT, AttendanceMode::Online, false),
            (OFFLINE, AttendanceMode::Offline, false),
        ]
    );
    assert!(view
        .participants
        .iter()
        .all(|p| p.presence == Presence::Absent));
    assert!(!view.presiding);
    assert!(r.view(CLERK, |_, _| None).presiding);
    // The waiting room can say when it starts and whom to call.
    assert_eq!(view.scheduled_at, "2026-12-01T01:30:00Z");
    assert_eq!(view.contact_phone.as_deref(), Some("010-6500 0000"));
}

#[test]
fn who_is_missing_is_told_apart_from_who_came_and_went() {
    let mut r = room();
    hello(&mut r, conn(JUDGE)).unwrap();
    hello(&mut r, conn(PLAINTIFF)).unwrap();
    gone(&mut r, conn(PLAINTIFF), DisconnectCause::NetworkLost).unwrap();
    let view = r.view(JUDGE, |_, _| None);
    let of = |who| {
        view.participants
            .iter()
            .find(|p| p.account_id == who)
            .unwrap()
            .presence
    };
    assert_eq!(of(JUDGE), Presence::Admitted);
    assert_eq!(of(PLAINTIFF), Presence::Dropped);
    // Summoned and never came: absent, not left out of the list.
    assert_eq!(of(DEFENDANT), Presence::Absent);
    assert_eq!(of(CLERK), Presence::Absent);
    assert_eq!(of(OFFLINE), Presence::Absent);
    // The court's controls do not act on one who takes part in the courtroom.
    assert_eq!(
        say(
            &mut r,
            conn(JUDGE),
            ClientSignal::Mute {
                account_id: OFFLINE,
                muted: true
            }
        ),
        Err(Refusal::NotInHearing)
    );
}

#[test]
fn a_party_waits_the_court_is_admitted_at_once() {
    let mut r = room();
    let fx = hello(&mut r, conn(PLAINTIFF)).unwrap();
    assert_eq!(kinds(&fx), ["connected"]);
    assert_eq!(presence(&r, PLAINTIFF), Presence::Waiting);
    assert!(!r.admitted(PLAINTIFF));
    hello(&mut r, conn(JUDGE)).unwrap();
    assert_eq!(presence(&r, JUDGE), Presence::Admitted);
}

#[test]
fn only_the_court_admits_and_only_from_the_waiting_room() {
    let mut r = room();
    hello(&mut r, conn(JUDGE)).unwrap();
    hello(&mut r, conn(PLAINTIFF)).unwrap();
    hello(&mut r, conn(DEFENDANT)).unwrap();
    let admit = |who| ClientSignal::Admit { account_id: who };
    // A party cannot admit the other side, nor themselves.
    assert_eq!(
        say(&mut r, conn(DEFENDANT), admit(PLAINTIFF)),
        Err(Refusal::NotPresiding)
    );
    assert_eq!(
        say(&mut r, conn(PLAINTIFF), admit(PLAINTIFF)),
        Err(Refusal::NotPresiding)
    );
    assert_eq!(presence(&r, PLAINTIFF), Presence::Waiting);
    let fx = say(&mut r, conn(JUDGE), admit(PLAINTIFF)).unwrap();
    assert_eq!(
        fx,
        [Effect::Record(Entry {
            account_id: PLAINTIFF,
            by: Some(JUDGE),
            kind: "admitted",
            cause: None,
            detail: None,
        })]
    );
    assert!(r.admitted(PLAINTIFF));
    // Admitted already, absent (the clerk is not connected), or not in the hearing at all.
    assert_eq!(
        say(&mut r, conn(JUDGE), admit(PLAINTIFF)),
        Err(Refusal::NotWaiting)
    );
    assert_eq!(
        say(&mut r, conn(JUDGE), admit(CLERK)),
        Err(Refusal::NotWaiting)
    );
    assert_eq!(
        say(&mut r, conn(JUDGE), admit(OFFLINE)),
        Err(Refusal::NotInHearing)
    );
}

#[test]
fn every_court_control_is_refused_to_a_party() {
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    for signal in [
        ClientSignal::Admit { account_id: JUDGE },
        ClientSignal::Mute {
            account_id: JUDGE,
            muted: true,
        },
        ClientSignal::Remove {
            account_id: DEFENDANT,
        },
        ClientSignal::PermitLeave {
            account_id: PLAINTIFF,
        },
        ClientSignal::DismissRequest { request_id: 1 },
        ClientSignal::ShowDocument { document_id: None },
        ClientSignal::Open,
        ClientSignal::Pause,
        ClientSignal::Resume,
        ClientSignal::End,
    ] {
        let before = r.view(JUDGE, |_, _| None);
        assert_eq!(
            say(&mut r, p, signal.clone()),
            Err(Refusal::NotPresiding),
            "{signal:?}"
        );
        assert_eq!(
            r.view(JUDGE, |_, _| None),
            before,
            "{signal:?} changed the room"
        );
    }
    assert_eq!(Refusal::NotPresiding.code(), ApiErrorCode::NotPresiding);
}

#[test]
fn mute_goes_to_the_unit_and_the_record() {
    let mut r = in_session();
    let fx = say(
        &mut r,
        conn(JUDGE),
        ClientSignal::Mute {
            account_id: PLAINTIFF,
            muted: true,
        },
    )
    .unwrap();
    assert_eq!(fx[0], Effect::Unit(UnitCommand::Mute(PLAINTIFF, true)));
    assert_eq!(kinds(&fx), ["muted"]);
    let view = r.view(PLAINTIFF, |_, _| None);
    assert!(view
        .participants
        .iter()
        .any(|p| p.account_id == PLAINTIFF && p.muted));
    let fx = say(
        &mut r,
        conn(CLERK),
        ClientSignal::Mute {
            account_id: PLAINTIFF,
            muted: false,
        },
    );
    // The clerk presides too, but speaks only through a connection of theirs.
    assert_eq!(
        fx,
        Ok(vec![]),
        "a message from a connection that is not theirs is ignored"
    );
    hello(&mut r, conn(CLERK)).unwrap();
    let fx = say(
        &mut r,
        conn(CLERK),
        ClientSignal::Mute {
            account_id: PLAINTIFF,
            muted: false,
        },
    )
    .unwrap();
    assert_eq!(kinds(&fx), ["unmuted"]);
    assert_eq!(
        say(
            &mut r,
            conn(JUDGE),
            ClientSignal::Mute {
                account_id: 999,
                muted: true
            }
        ),
        Err(Refusal::NotInHearing)
    );
}

#[test]
fn removed_is_closed_cut_from_the_unit_and_stays_out() {
    let mut r = in_session();
    let fx = say(
        &mut r,
        conn(JUDGE),
        ClientSignal::Remove {
            account_id: PLAINTIFF,
        },
    )
    .unwrap();
    assert_eq!(
        sent_to(&fx, conn(PLAINTIFF)),
        [&ServerSignal::Closed {
            cause: DisconnectCause::Removed
        }]
    );
    assert!(fx.contains(&Effect::Unit(UnitCommand::Remove(PLAINTIFF))));
    let removed = fx.iter().find_map(|e| match e {
        Effect::Record(r) if r.kind == "removed" => Some(r.clone()),
        _ => None,
    });
    assert_eq!(
        removed.map(|r| (r.by, r.cause)),
        Some((Some(JUDGE), Some(DisconnectCause::Removed)))
    );
    assert_eq!(presence(&r, PLAINTIFF), Presence::Removed);
    assert!(!r.is_current(conn(PLAINTIFF).conn));
    // The old connection's last words are ignored; its end is not recorded a second time.
    assert_eq!(
        say(
            &mut r,
            conn(PLAINTIFF),
            ClientSignal::RaiseHand { raised: true }
        ),
        Ok(vec![])
    );
    assert_eq!(
        gone(&mut r, conn(PLAINTIFF), DisconnectCause::ConnectionDropped),
        Ok(vec![])
    );
    // A new socket and a new hello are refused, and say why.
    let back = attendee(PLAINTIFF, "原告", CaseRole::Plaintiff, false);
    assert_eq!(r.arrive(&back), Err(Refusal::Removed));
    let again = again(PLAINTIFF);
    let refused = hello(&mut r, again).unwrap_err();
    assert_eq!(
        (refused.code(), refused.closes_with()),
        (ApiErrorCode::RemovedFromHearing, DisconnectCause::Removed)
    );
}

#[test]
fn the_courts_own_staff_cannot_be_removed() {
    let mut r = in_session();
    hello(&mut r, conn(CLERK)).unwrap();
    assert_eq!(
        say(
            &mut r,
            conn(JUDGE),
            ClientSignal::Remove { account_id: CLERK }
        ),
        Err(Refusal::StaffNotRemovable)
    );
    assert_eq!(presence(&r, CLERK), Presence::Admitted);
}

#[test]
fn a_hand_raised_twice_is_recorded_once_and_lowered_on_leaving() {
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    let fx = say(&mut r, p, ClientSignal::RaiseHand { raised: true }).unwrap();
    assert_eq!(kinds(&fx), ["hand_raised"]);
    let fx = say(&mut r, p, ClientSignal::RaiseHand { raised: true }).unwrap();
    assert!(kinds(&fx).is_empty());
    let hand = |r: &Room| {
        r.view(JUDGE, |_, _| None)
            .participants
            .iter()
            .any(|m| m.account_id == PLAINTIFF && m.hand_raised)
    };
    assert!(hand(&r));
    gone(&mut r, p, DisconnectCause::NetworkLost).unwrap();
    assert!(!hand(&r));
}

#[test]
fn leaving_with_without_permission_and_before_the_hearing() {
    // Before the hearing opens, leaving is no 中途退庭.
    let mut r = room();
    hello(&mut r, conn(JUDGE)).unwrap();
    hello(&mut r, conn(PLAINTIFF)).unwrap();
    let fx = gone(&mut r, conn(PLAINTIFF), DisconnectCause::LeftOnPurpose).unwrap();
    assert_eq!(kinds(&fx), ["left"]);
    assert!(sent_to(&fx, conn(JUDGE)).is_empty(), "no alert");

    // In session, without permission: recorded as such and the judge alerted.
    let mut r = in_session();
    let fx = gone(&mut r, conn(PLAINTIFF), DisconnectCause::AppClosed).unwrap();
    assert_eq!(kinds(&fx), ["left_without_permission"]);
    assert_eq!(
        sent_to(&fx, conn(JUDGE)),
        [&ServerSignal::Alert {
            kind: AlertKind::LeftWithoutPermission,
            account_id: PLAINTIFF,
            name: "原告".into()
        }]
    );
    assert_eq!(presence(&r, PLAINTIFF), Presence::Left);

    // Asked, permitted (the request leaves the list), then left: no alert.
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    say(
        &mut r,
        p,
        ClientSignal::Request {
            kind: ProceduralRequestKind::Leave,
            document_id: None,
            note: None,
        },
    )
    .unwrap();
    assert_eq!(r.view(JUDGE, |_, _| None).requests.len(), 1);
    let fx = say(
        &mut r,
        conn(JUDGE),
        ClientSignal::PermitLeave {
            account_id: PLAINTIFF,
        },
    )
    .unwrap();
    assert_eq!(kinds(&fx), ["leave_permitted"]);
    let view = r.view(PLAINTIFF, |_, _| None);
    assert!(view.leave_permitted && view.requests.is_empty());
    let fx = gone(&mut r, p, DisconnectCause::LeftOnPurpose).unwrap();
    assert_eq!(kinds(&fx), ["left"]);
    assert!(sent_to(&fx, conn(JUDGE)).is_empty());
}

#[test]
fn a_drop_is_not_a_leave_and_the_judge_is_alerted() {
    for cause in [
        DisconnectCause::NetworkLost,
        DisconnectCause::ConnectionDropped,
    ] {
        let mut r = in_session();
        let fx = gone(&mut r, conn(PLAINTIFF), cause).unwrap();
        let record = fx.iter().find_map(|e| match e {
            Effect::Record(r) => Some(r.clone()),
            _ => None,
        });
        assert_eq!(
            record.map(|r| (r.kind, r.cause)),
            Some(("disconnected", Some(cause)))
        );
        assert!(fx.contains(&Effect::Unit(UnitCommand::Remove(PLAINTIFF))));
        // The record is written before the judge hears of it.
        let at = |f: fn(&Effect) -> bool| fx.iter().position(f).unwrap();
        assert!(
            at(|e| matches!(e, Effect::Record(_)))
                < at(|e| matches!(
                    e,
                    Effect::Send {
                        signal: ServerSignal::Alert { .. },
                        ..
                    }
                ))
        );
        assert_eq!(presence(&r, PLAINTIFF), Presence::Dropped);
    }
}

#[test]
fn reconnecting_is_readmitted_a_first_connection_waits() {
    let mut r = in_session();
    // Dropped, then back with what the client saw: straight in, no waiting room.
    gone(&mut r, conn(PLAINTIFF), DisconnectCause::ConnectionDropped).unwrap();
    let report = ReconnectReport {
        cause: DisconnectCause::NetworkLost,
        attempts: 3,
        since: "2026-12-01T01:31:00Z".into(),
    };
    let back = again(PLAINTIFF);
    let fx = r
        .apply(
            back,
            Signal::Connect {
                reconnect: Some(report),
            },
        )
        .unwrap();
    assert_eq!(
        fx,
        [Effect::Record(Entry {
            account_id: PLAINTIFF,
            by: None,
            kind: "reconnected",
            cause: Some(DisconnectCause::NetworkLost),
            detail: Some(
                "client: network_lost since 2026-12-01T01:31:00Z, 3 reconnect attempt(s)".into()
            ),
        })]
    );
    assert_eq!(presence(&r, PLAINTIFF), Presence::Admitted);

    // Never admitted (absent until now, or waiting when the line went): the waiting room.
    let fx = r
        .apply(
            conn(DEFENDANT),
            Signal::Connect {
                reconnect: Some(ReconnectReport {
                    cause: DisconnectCause::AppClosed,
                    attempts: 0,
                    since: "2026-12-01T01:00:00Z".into(),
                }),
            },
        )
        .unwrap();
    assert_eq!(kinds(&fx), ["reconnected"]);
    assert_eq!(presence(&r, DEFENDANT), Presence::Waiting);
}

#[test]
fn a_second_connection_replaces_the_first() {
    let mut r = in_session();
    let second = again(PLAINTIFF);
    let fx = hello(&mut r, second).unwrap();
    assert_eq!(
        sent_to(&fx, conn(PLAINTIFF)),
        [&ServerSignal::Closed {
            cause: DisconnectCause::Replaced
        }]
    );
    assert!(r.is_current(second.conn) && !r.is_current(conn(PLAINTIFF).conn));
    assert_eq!(r.connections().filter(|(a, _)| *a == PLAINTIFF).count(), 1);
    // The first connection's end was recorded as the replacement; its socket closing is not.
    let fx = gone(&mut r, conn(PLAINTIFF), DisconnectCause::ConnectionDropped).unwrap();
    assert!(fx.is_empty());
    assert_eq!(presence(&r, PLAINTIFF), Presence::Admitted);
}

#[test]
fn media_only_once_admitted() {
    let mut r = room();
    hello(&mut r, conn(PLAINTIFF)).unwrap();
    let offer = || ClientSignal::Offer { sdp: "v=0".into() };
    assert_eq!(
        say(&mut r, conn(PLAINTIFF), offer()),
        Err(Refusal::NotAdmitted)
    );
    hello(&mut r, conn(JUDGE)).unwrap();
    say(
        &mut r,
        conn(JUDGE),
        ClientSignal::Admit {
            account_id: PLAINTIFF,
        },
    )
    .unwrap();
    assert_eq!(
        say(&mut r, conn(PLAINTIFF), offer()),
        Ok(vec![Effect::JoinMedia {
            account_id: PLAINTIFF,
            conn: conn(PLAINTIFF).conn,
            sdp: "v=0".into()
        }])
    );
}

#[test]
fn the_heartbeat_is_answered_and_its_round_trip_shown() {
    let mut r = in_session();
    let fx = say(
        &mut r,
        conn(PLAINTIFF),
        ClientSignal::Ping {
            sent_ms: 42,
            rtt_ms: Some(35),
        },
    )
    .unwrap();
    assert_eq!(
        fx,
        [Effect::Send {
            conn: conn(PLAINTIFF).conn,
            signal: ServerSignal::Pong { sent_ms: 42 }
        }]
    );
    let view = r.view(JUDGE, |_, _| None);
    let p = view.participants.iter().find(|p| p.account_id == PLAINTIFF);
    assert_eq!(p.and_then(|p| p.rtt_ms), Some(35));
}

#[test]
fn requests_are_capped_not_repeated_and_dismissed_by_the_court() {
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    let ask = |kind| ClientSignal::Request {
        kind,
        document_id: None,
        note: Some("请求".repeat(300)),
    };
    let fx = say(&mut r, p, ask(ProceduralRequestKind::Statement)).unwrap();
    match &fx[..] {
        [Effect::Record(e)] => {
            assert_eq!(e.kind, "request");
            // The note is kept to 500 characters.
            let detail = e.detail.as_deref().unwrap();
            assert!(detail.starts_with("statement: 请求"));
            assert_eq!(detail.chars().count(), "statement: ".len() + 500);
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        say(&mut r, p, ask(ProceduralRequestKind::Statement)),
        Err(Refusal::RequestAlreadyOpen)
    );
    say(&mut r, p, ask(ProceduralRequestKind::Recusal)).unwrap();
    say(&mut r, p, ask(ProceduralRequestKind::Leave)).unwrap();
    let refused = say(&mut r, p, ask(ProceduralRequestKind::Recusal));
    assert_eq!(refused, Err(Refusal::TooManyOpenRequests));
    assert_eq!(
        Refusal::TooManyOpenRequests.code(),
        ApiErrorCode::TooManyOpenRequests
    );
    let requests = r.view(JUDGE, |_, _| None).requests;
    assert_eq!(requests.len(), MAX_OPEN_REQUESTS);
    let first = requests[0].id;
    assert_eq!(
        say(
            &mut r,
            p,
            ClientSignal::DismissRequest { request_id: first }
        ),
        Err(Refusal::NotPresiding)
    );
    let fx = say(
        &mut r,
        conn(JUDGE),
        ClientSignal::DismissRequest { request_id: first },
    )
    .unwrap();
    assert_eq!(
        fx,
        [Effect::Record(Entry {
            account_id: PLAINTIFF,
            by: Some(JUDGE),
            kind: "request_dealt_with",
            cause: None,
            detail: None
        })]
    );
    assert_eq!(
        say(
            &mut r,
            conn(JUDGE),
            ClientSignal::DismissRequest { request_id: first }
        ),
        Err(Refusal::RequestNotFound)
    );
    // Room for one more now.
    say(&mut r, p, ask(ProceduralRequestKind::Statement)).unwrap();
}

#[test]
fn evidence_is_a_document_of_the_case_and_shown_by_the_court() {
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    let present = ClientSignal::Request {
        kind: ProceduralRequestKind::PresentEvidence,
        document_id: Some(5),
        note: None,
    };
    // The transport found no such document in the case.
    assert_eq!(
        say(&mut r, p, present.clone()),
        Err(Refusal::DocumentNotInCase)
    );
    let with_title = |signal| Signal::Message {
        signal,
        document_title: Some("借条".into()),
    };
    r.apply(p, with_title(present)).unwrap();
    let requests = r.view(JUDGE, |_, _| None).requests;
    assert_eq!(
        (
            requests[0].document_id,
            requests[0].document_title.as_deref()
        ),
        (Some(5), Some("借条"))
    );
    // A party cannot show it; the judge can, and the request is then dealt with.
    let show = ClientSignal::ShowDocument {
        document_id: Some(5),
    };
    assert_eq!(
        r.apply(p, with_title(show.clone())),
        Err(Refusal::NotPresiding)
    );
    assert_eq!(
        say(&mut r, conn(JUDGE), show.clone()),
        Err(Refusal::DocumentNotInCase)
    );
    let fx = r.apply(conn(JUDGE), with_title(show)).unwrap();
    assert_eq!(kinds(&fx), ["document_shown"]);
    let view = r.view(PLAINTIFF, |_, _| None);
    assert_eq!(
        view.shown_document,
        Some(ShownDocument {
            document_id: 5,
            title: "借条".into()
        })
    );
    assert!(view.requests.is_empty());
    say(
        &mut r,
        conn(JUDGE),
        ClientSignal::ShowDocument { document_id: None },
    )
    .unwrap();
    assert_eq!(r.view(PLAINTIFF, |_, _| None).shown_document, None);
}

#[test]
fn the_hearing_moves_only_as_the_court_acts_allow() {
    let mut r = room();
    let j = conn(JUDGE);
    hello(&mut r, j).unwrap();
    assert_eq!(
        say(&mut r, j, ClientSignal::Pause),
        Err(Refusal::WrongHearingState)
    );
    assert_eq!(
        say(&mut r, j, ClientSignal::Resume),
        Err(Refusal::WrongHearingState)
    );
    let fx = say(&mut r, j, ClientSignal::Open).unwrap();
    assert_eq!(
        fx,
        [
            Effect::Unit(UnitCommand::Pause(false)),
            Effect::CourtAct {
                act: CourtAct::Open,
                by: JUDGE
            }
        ]
    );
    assert_eq!(
        say(&mut r, j, ClientSignal::Open),
        Err(Refusal::WrongHearingState)
    );
    let fx = say(&mut r, j, ClientSignal::Pause).unwrap();
    assert_eq!(fx[0], Effect::Unit(UnitCommand::Pause(true)));
    assert_eq!(r.hearing().state, HearingState::Paused);
    say(&mut r, j, ClientSignal::Resume).unwrap();
    assert_eq!(r.hearing().state, HearingState::Open);
}

#[test]
fn ending_closes_everyone_and_no_one_gets_back_in() {
    let mut r = in_session();
    hello(&mut r, conn(DEFENDANT)).unwrap();
    let fx = say(&mut r, conn(JUDGE), ClientSignal::End).unwrap();
    for who in [JUDGE, PLAINTIFF, DEFENDANT] {
        assert_eq!(
            sent_to(&fx, conn(who)),
            [&ServerSignal::Closed {
                cause: DisconnectCause::HearingEnded
            }],
            "{who}"
        );
    }
    assert_eq!(
        fx.last(),
        Some(&Effect::CourtAct {
            act: CourtAct::End,
            by: JUDGE
        })
    );
    assert_eq!(r.connections().count(), 0);
    assert_eq!(presence(&r, PLAINTIFF), Presence::Left);
    assert_eq!(presence(&r, DEFENDANT), Presence::Left);
    assert_eq!(presence(&r, CLERK), Presence::Absent);
    assert!(!r.admitted(JUDGE));
    // Their sockets closing records nothing more.
    assert_eq!(
        gone(&mut r, conn(PLAINTIFF), DisconnectCause::HearingEnded),
        Ok(vec![])
    );
    let late = attendee(CLERK, "书记员", CaseRole::Clerk, true);
    assert_eq!(r.arrive(&late), Err(Refusal::HearingEnded));
    let refused = hello(&mut r, conn(CLERK)).unwrap_err();
    assert_eq!(
        (refused.code(), refused.closes_with()),
        (ApiErrorCode::HearingEnded, DisconnectCause::HearingEnded)
    );
}

#[test]
fn someone_not_listed_is_listed_when_they_arrive() {
    let mut r = room();
    // Answered online after the room was opened.
    let newcomer = attendee(20, "第三人", CaseRole::Plaintiff, false);
    let stranger = Actor {
        account_id: 20,
        conn: 2000,
    };
    assert_eq!(hello(&mut r, stranger), Err(Refusal::Removed));
    r.arrive(&newcomer).unwrap();
    hello(&mut r, stranger).unwrap();
    assert_eq!(presence(&r, 20), Presence::Waiting);
}

#[test]
fn a_failing_device_is_recorded_once_and_alerts_the_judge() {
    let mut r = in_session();
    let p = conn(PLAINTIFF);
    let device = |camera_ok| ClientSignal::Device {
        state: DeviceState {
            camera_ok,
            microphone_ok: true,
        },
    };
    let fx = say(&mut r, p, device(false)).unwrap();
    assert_eq!(kinds(&fx), ["device_failure"]);
    assert_eq!(
        sent_to(&fx, conn(JUDGE)),
        [&ServerSignal::Alert {
            kind: AlertKind::DeviceFailure,
            account_id: PLAINTIFF,
            name: "原告".into()
        }]
    );
    assert!(say(&mut r, p, device(false)).unwrap().is_empty());
    assert_eq!(
        kinds(&say(&mut r, p, device(true)).unwrap()),
        ["device_restored"]
    );
}

#[test]
fn video_stopping_at_the_unit_alerts_the_judge_unless_paused() {
    let mut r = in_session();
    let status = |silent_ms| {
        move |who: i64| {
            (who == PLAINTIFF).then_some(MediaStatus {
                connected: true,
                video_silent: Some(Duration::from_millis(silent_ms)),
            })
        }
    };
    // Video arrives: live, nothing recorded (it never stopped).
    assert!(r.media(status(100)).is_empty());
    let live = |r: &Room| {
        r.view(JUDGE, |_, _| None)
            .participants
            .iter()
            .any(|p| p.account_id == PLAINTIFF && p.video_live && p.media_connected)
    };
    assert!(live(&r));
    let fx = r.media(status(2000));
    assert_eq!(kinds(&fx), ["video_stopped"]);
    assert_eq!(
        sent_to(&fx, conn(JUDGE)),
        [&ServerSignal::Alert {
            kind: AlertKind::VideoStopped,
            account_id: PLAINTIFF,
            name: "原告".into()
        }]
    );
    assert!(r.media(status(2500)).is_empty(), "told once");
    assert_eq!(kinds(&r.media(status(100))), ["video_resumed"]);
    // Paused: the unit holds media back, which is no stopped camera.
    say(&mut r, conn(JUDGE), ClientSignal::Pause).unwrap();
    assert!(r.media(status(2000)).is_empty());
}

#[test]
fn every_refusal_has_its_own_code() {
    let all = [
        Refusal::NotPresiding,
        Refusal::NotInHearing,
        Refusal::NotWaiting,
        Refusal::StaffNotRemovable,
        Refusal::RequestNotFound,
        Refusal::DocumentNotInCase,
        Refusal::WrongHearingState,
        Refusal::NotAdmitted,
        Refusal::RequestAlreadyOpen,
        Refusal::TooManyOpenRequests,
        Refusal::Removed,
        Refusal::HearingEnded,
    ];
    let codes: std::collections::BTreeSet<String> = all
        .iter()
        .map(|r| serde_json::to_string(&r.code()).unwrap())
        .collect();
    assert_eq!(codes.len(), all.len());
    assert!(all.iter().all(|r| r.code() != ApiErrorCode::Forbidden));
    for r in all {
        match r.signal() {
            ServerSignal::Error { code, message } => {
                assert_eq!(code, r.code());
                assert!(!message.is_empty());
            }
            other => panic!("{other:?}"),
        }
    }
}

#[test]
fn a_client_may_only_say_it_leaves_or_closes() {
    use DisconnectCause::*;
    assert_eq!(leaving(LeftOnPurpose), LeftOnPurpose);
    assert_eq!(leaving(AppClosed), AppClosed);
    for claimed in [
        DeviceFailure,
        NetworkLost,
        ConnectionDropped,
        Removed,
        Replaced,
        HearingEnded,
    ] {
        assert_eq!(leaving(claimed), ConnectionDropped, "{claimed:?}");
    }
}
