//! The peer liveness state machine fed random event sequences: peers added and removed,
//! the clock moved and polled, probes answered with any code (or a foreign response), and
//! transaction timeouts. Nothing panics; every probe has its own branch and Call-ID; a peer
//! has at most one probe in flight; transitions alternate per peer (never up twice in a row)
//! and agree with `state`; a timer is armed only for a moment after `now`; the peer count
//! stays within its bound.
#![no_main]

use std::collections::{HashMap, HashSet};

use libfuzzer_sys::fuzz_target;
use mssip::interwork::{
    LivenessAction, LivenessConfig, PeerError, PeerLiveness, PeerSpec, PeerState, Transport,
};
use mssip::sip::Message;

const MAX_PEERS: usize = 4;

struct Model {
    now: u64,
    states: HashMap<u32, PeerState>,
    in_flight: HashMap<u32, Message>,
    seen_branches: HashSet<String>,
    seen_calls: HashSet<String>,
    old_probes: Vec<Message>,
}

fn drain(l: &mut PeerLiveness, m: &mut Model) {
    while let Some(a) = l.next_action() {
        match a {
            LivenessAction::SendProbe { peer, msg } => {
                assert!(m.states.contains_key(&peer), "probe for an unknown peer");
                let branch = msg
                    .vias()
                    .next()
                    .unwrap()
                    .unwrap()
                    .branch()
                    .unwrap()
                    .to_string();
                assert!(m.seen_branches.insert(branch), "branch reused");
                assert!(
                    m.seen_calls.insert(msg.call_id().unwrap().to_string()),
                    "Call-ID reused"
                );
                if let Some(old) = m.in_flight.insert(peer, msg) {
                    // A new probe only once the last one is over: it matches nothing now.
                    let r = Message::response_to(&old, 100, None, None).unwrap();
                    assert!(matches!(l.on_response(&r, m.now), Err(PeerError::NoProbe)));
                    m.old_probes.push(old);
                }
            }
            LivenessAction::ArmTimer { at_ms } => assert!(at_ms > m.now, "timer in the past"),
            LivenessAction::PeerUp { peer } => {
                let s = m.states.get_mut(&peer).expect("up for an unknown peer");
                assert_ne!(*s, PeerState::Up, "up twice");
                *s = PeerState::Up;
            }
            LivenessAction::PeerDown { peer } => {
                let s = m.states.get_mut(&peer).expect("down for an unknown peer");
                assert_ne!(*s, PeerState::Down, "down twice");
                *s = PeerState::Down;
            }
        }
    }
    for (&p, &s) in &m.states {
        assert_eq!(l.state(p).unwrap(), s);
    }
}

/// Whether the helper still waits for the probe the model holds for `id` (a provisional
/// response to it, which changes nothing, matches); one that is over moves to `old_probes`.
fn live(l: &mut PeerLiveness, m: &mut Model, id: u32) -> bool {
    let Some(p) = m.in_flight.get(&id) else {
        return false;
    };
    let r = Message::response_to(p, 100, None, None).unwrap();
    if l.on_response(&r, m.now).is_ok() {
        return true;
    }
    let old = m.in_flight.remove(&id).unwrap();
    m.old_probes.push(old);
    false
}

fuzz_target!(|data: &[u8]| {
    let mut l = PeerLiveness::with_token(
        LivenessConfig {
            max_peers: MAX_PEERS,
            from_uri: "sip:pbx.example.net".into(),
            sent_by: "pbx.example.net:5061".into(),
        },
        7,
    )
    .unwrap();
    let mut m = Model {
        now: 0,
        states: HashMap::new(),
        in_flight: HashMap::new(),
        seen_branches: HashSet::new(),
        seen_calls: HashSet::new(),
        old_probes: Vec::new(),
    };
    for op in data.chunks_exact(3) {
        let (k, a, b) = (op[0] % 8, op[1], op[2]);
        match k {
            0 => {
                let spec = PeerSpec {
                    uri: format!("sip:gw{a}.example.com"),
                    transport: [Transport::Udp, Transport::Tcp, Transport::Tls][usize::from(b % 3)],
                    interval_ms: u64::from(a % 8) * 1000,
                    timeout_ms: u64::from(b % 8) * 700,
                    down_after: u32::from(a % 4),
                    up_after: u32::from(b % 3),
                };
                let ok = spec.interval_ms > 0
                    && spec.timeout_ms > 0
                    && spec.down_after > 0
                    && spec.up_after > 0;
                let full = m.states.len() >= MAX_PEERS;
                match l.add_peer(spec, m.now) {
                    Ok(id) => {
                        assert!(ok && !full);
                        m.states.insert(id, PeerState::Unknown);
                    }
                    Err(PeerError::Limit(_)) => assert!(full && ok),
                    Err(_) => assert!(!ok),
                }
            }
            1 => {
                let id = u32::from(a % 6);
                let known = m.states.remove(&id).is_some();
                assert_eq!(l.remove_peer(id).is_ok(), known);
                if let Some(p) = m.in_flight.remove(&id) {
                    m.old_probes.push(p);
                }
            }
            2 => {
                m.now += u64::from(a) * 100 + u64::from(b);
                l.poll(m.now).unwrap();
            }
            3 | 4 => {
                let mut ids: Vec<u32> = m.in_flight.keys().copied().collect();
                ids.sort_unstable();
                if ids.is_empty() {
                    continue;
                }
                let id = ids[usize::from(a) % ids.len()];
                if !live(&mut l, &mut m, id) {
                    continue;
                }
                let code =
                    [100, 180, 200, 202, 404, 405, 408, 486, 500, 503, 603][usize::from(b) % 11];
                let resp = Message::response_to(&m.in_flight[&id], code, None, Some("t")).unwrap();
                l.on_response(&resp, m.now)
                    .expect("a probe's response matches");
                if code >= 200 {
                    let old = m.in_flight.remove(&id).unwrap();
                    m.old_probes.push(old);
                }
            }
            5 => {
                let id = u32::from(a % 6);
                let waiting = live(&mut l, &mut m, id);
                let r = l.on_probe_timeout(id, m.now);
                match (m.states.contains_key(&id), waiting) {
                    (false, _) => assert!(matches!(r, Err(PeerError::UnknownPeer(_)))),
                    (true, false) => assert!(matches!(r, Err(PeerError::NoProbe))),
                    (true, true) => {
                        r.unwrap();
                        let old = m.in_flight.remove(&id).unwrap();
                        m.old_probes.push(old);
                    }
                }
            }
            6 => {
                if m.old_probes.is_empty() {
                    continue;
                }
                let p = &m.old_probes[usize::from(a) % m.old_probes.len()];
                let resp = Message::response_to(p, 200, None, Some("t")).unwrap();
                assert!(matches!(
                    l.on_response(&resp, m.now),
                    Err(PeerError::NoProbe)
                ));
            }
            _ => {
                let junk = format!(
                    "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP x;branch=z9hG4bK{a}{b}\r\nCall-ID: {a}\r\n\
CSeq: {b} OPTIONS\r\nContent-Length: 0\r\n\r\n"
                );
                let resp = Message::parse(junk.as_bytes()).unwrap();
                assert!(matches!(
                    l.on_response(&resp, m.now),
                    Err(PeerError::NoProbe)
                ));
            }
        }
        drain(&mut l, &mut m);
        assert!(l.len() <= MAX_PEERS);
        assert_eq!(l.len(), m.states.len());
    }
});
