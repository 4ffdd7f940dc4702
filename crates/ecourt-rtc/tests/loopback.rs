//! Three participants with the synthetic camera meet through the forwarding unit on loopback:
//! each decodes the other two's video, and the frame counters drawn into the pictures arrive
//! in order.

use ecourt_media::read_counter;
use ecourt_rtc::{RtcClient, Sfu};
use std::collections::HashMap;
use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::{Duration, Instant};

#[test]
fn three_participants_see_each_other_through_the_forwarding_unit() {
    let lo = IpAddr::V4(Ipv4Addr::LOCALHOST);
    let sfu = Arc::new(Sfu::start(lo).unwrap());
    let names = ["judge", "plaintiff", "defendant"];
    let mut clients: Vec<RtcClient> = names
        .iter()
        .map(|name| {
            let unit = sfu.clone();
            RtcClient::connect(
                lo,
                name,
                move |offer| unit.join(name, offer),
                "synthetic",
                15,
            )
            .unwrap()
        })
        .collect();

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
        let mut whose: Vec<String> = sfu
            .assignments(names[i])
            .into_iter()
            .filter(|a| seen.contains_key(&a.mid))
            .map(|a| a.participant)
            .collect();
        whose.sort();
        let mut others: Vec<String> = names
            .iter()
            .filter(|n| **n != names[i])
            .map(|n| n.to_string())
            .collect();
        others.sort();
        assert_eq!(whose, others);
    }

    // The defendant's app is killed: the unit lets the slot go, and nobody sees a ghost.
    let t = Instant::now();
    drop(clients.pop());
    let gone = |who: &str| {
        !sfu.assignments(who)
            .iter()
            .any(|a| a.participant == "defendant")
    };
    while t.elapsed() < Duration::from_secs(40) && !(gone("judge") && gone("plaintiff")) {
        std::thread::sleep(Duration::from_millis(200));
    }
    assert!(
        gone("judge") && gone("plaintiff"),
        "still assigned after {:?}",
        t.elapsed()
    );
    eprintln!("a vanished participant was let go after {:?}", t.elapsed());

    // They rejoin: one slot each at the others again, never two.
    let unit = sfu.clone();
    let back = RtcClient::connect(
        lo,
        "defendant",
        move |offer| unit.join("defendant", offer),
        "synthetic",
        15,
    )
    .unwrap();
    let t = Instant::now();
    let seen_once = |who: &str| {
        sfu.assignments(who)
            .iter()
            .filter(|a| a.participant == "defendant")
            .count()
            == 1
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
