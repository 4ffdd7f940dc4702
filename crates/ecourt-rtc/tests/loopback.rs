//! Three participants with the synthetic camera and tone meet through the forwarding unit on
//! loopback: each decodes the other two's video (the frame counters drawn into the pictures
//! arrive in order) and hears their tones; someone in another room sees and hears none of it;
//! muting, pausing and removing take effect at the unit.

use ecourt_media::{read_counter, tone_strength};
use ecourt_rtc::{MediaSources, RtcClient, Sfu};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

const LO: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

fn join(sfu: &Arc<Sfu>, room: &'static str, name: &'static str, hz: u32) -> RtcClient {
    let unit = sfu.clone();
    RtcClient::connect(
        LO,
        name,
        move |offer| unit.join(room, name, &offer),
        &MediaSources {
            camera: "synthetic:320x240".into(),
            fps: 15,
            microphone: Some(format!("tone:{hz}")),
        },
    )
    .unwrap()
}

/// Which tones (of `pitches`) a client heard over the last `window`, per slot.
fn tones_heard(client: &RtcClient, window: Duration, pitches: &[u32]) -> HashMap<String, u32> {
    std::thread::sleep(window);
    let mut by_slot: HashMap<String, Vec<i16>> = HashMap::new();
    for s in client.take_sound() {
        by_slot.entry(s.mid).or_default().extend(s.samples);
    }
    by_slot
        .into_iter()
        .filter(|(_, samples)| samples.len() >= 4800)
        .filter_map(|(mid, samples)| {
            let tail = &samples[samples.len() - 4800..];
            pitches
                .iter()
                .find(|hz| tone_strength(tail, **hz) > 0.1)
                .map(|hz| (mid, *hz))
        })
        .collect()
}

#[test]
fn three_participants_see_and_hear_each_other_and_the_court_controls_the_room() {
    let sfu = Arc::new(Sfu::start(LO).unwrap());
    let names = ["judge", "plaintiff", "defendant"];
    let pitches = [300, 500, 700];
    let clients: Vec<RtcClient> = names
        .iter()
        .zip(pitches)
        .map(|(name, hz)| join(&sfu, "hearing-1", name, hz))
        .collect();
    // Someone in another hearing on the same unit.
    let stranger = join(&sfu, "hearing-2", "stranger", 900);

    let end = Instant::now() + Duration::from_secs(30);
    for (i, client) in clients.iter().enumerate() {
        // Per receive slot: the counters seen.
        let mut seen: HashMap<String, Vec<u64>> = HashMap::new();
        while Instant::now() < end && (seen.len() < 2 || seen.values().any(|v| v.len() < 15)) {
            if let Some(r) = client.next_frame(Duration::from_millis(200)) {
                if let Some(n) = read_counter(&r.frame) {
                    seen.entry(r.mid).or_default().push(n);
                }
            }
        }
        assert_eq!(seen.len(), 2, "{} sees {:?}", names[i], seen.keys());
        for (mid, counters) in &seen {
            assert!(
                counters.len() >= 15,
                "{}: slot {mid} {counters:?}",
                names[i]
            );
            assert!(
                counters.windows(2).all(|w| w[0] < w[1]),
                "{}: slot {mid} out of order {counters:?}",
                names[i]
            );
        }
        // The unit says whose video each slot carries: the two others.
        let assigned = sfu.assignments("hearing-1", names[i]);
        let mut whose: Vec<&str> = assigned
            .iter()
            .filter(|a| seen.contains_key(&a.mid))
            .map(|a| a.participant.as_str())
            .collect();
        whose.sort();
        let mut others: Vec<&str> = names.iter().copied().filter(|n| *n != names[i]).collect();
        others.sort();
        assert_eq!(whose, others);

        // And they hear the two others' tones, each in the slot the unit names.
        let heard = tones_heard(client, Duration::from_millis(600), &pitches);
        let mut heard_whom: Vec<&str> = heard
            .iter()
            .map(|(mid, hz)| {
                let who = assigned
                    .iter()
                    .find(|a| &a.mid == mid && a.kind == "audio")
                    .map(|a| a.participant.as_str())
                    .unwrap_or("?");
                let expected = names[pitches.iter().position(|p| p == hz).unwrap()];
                assert_eq!(who, expected, "{}: slot {mid} carries {hz} Hz", names[i]);
                who
            })
            .collect();
        heard_whom.sort();
        assert_eq!(heard_whom, others, "{} hears", names[i]);
    }
    // The other hearing's participant got nothing from this one.
    assert!(stranger.next_frame(Duration::from_millis(300)).is_none());
    assert!(stranger.take_sound().is_empty());
    assert_eq!(sfu.status("hearing-1").len(), 3);
    assert!(sfu
        .status("hearing-1")
        .iter()
        .all(|p| p.connected && p.video_frames > 0));

    // The court mutes the plaintiff: the judge no longer hears 500 Hz, still hears 700 Hz.
    sfu.set_muted("hearing-1", "plaintiff", true).unwrap();
    let _ = tones_heard(&clients[0], Duration::from_millis(300), &pitches);
    let mut heard: Vec<u32> = tones_heard(&clients[0], Duration::from_millis(600), &pitches)
        .into_values()
        .collect();
    heard.sort();
    assert_eq!(heard, vec![700], "muted at the unit");
    sfu.set_muted("hearing-1", "plaintiff", false).unwrap();

    // A pause: nothing flows in the room.
    sfu.set_paused("hearing-1", true).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    while clients[1].next_frame(Duration::ZERO).is_some() {}
    assert!(
        clients[1].next_frame(Duration::from_millis(700)).is_none(),
        "paused"
    );
    sfu.set_paused("hearing-1", false).unwrap();
    assert!(
        clients[1].next_frame(Duration::from_secs(3)).is_some(),
        "resumed"
    );

    // The defendant is removed: their connection ends and their slots are free at once.
    let t = Instant::now();
    sfu.remove("hearing-1", "defendant").unwrap();
    let gone = |who: &str| {
        !sfu.assignments("hearing-1", who)
            .iter()
            .any(|a| a.participant == "defendant")
    };
    while t.elapsed() < Duration::from_secs(5) && !(gone("judge") && gone("plaintiff")) {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        gone("judge") && gone("plaintiff"),
        "let go after {:?}",
        t.elapsed()
    );

    // They rejoin: one slot of each kind at the others again, never two.
    let back = join(&sfu, "hearing-1", "defendant", 700);
    let t = Instant::now();
    let seen_once = |who: &str| {
        sfu.assignments("hearing-1", who)
            .iter()
            .filter(|a| a.participant == "defendant")
            .count()
            == 2
    };
    while t.elapsed() < Duration::from_secs(10) && !(seen_once("judge") && seen_once("plaintiff")) {
        std::thread::sleep(Duration::from_millis(100));
    }
    assert!(seen_once("judge") && seen_once("plaintiff"));
    let mut frames = 0;
    while t.elapsed() < Duration::from_secs(20) && frames < 10 {
        if back.next_frame(Duration::from_millis(200)).is_some() {
            frames += 1;
        }
    }
    assert!(
        frames >= 10,
        "the rejoined participant sees the others again"
    );
}
