//! Peer liveness: a sans-IO helper that pings each configured peer with OPTIONS on a timer
//! and reports it up or down, the way Lync Mediation Servers and SBCs watch their gateways.
//!
//! The host adds peers, calls [`PeerLiveness::poll`] with its clock (and again when the timer
//! it was asked to arm fires), sends the probes handed out as [`LivenessAction::SendProbe`]
//! through its own client transactions, and feeds their responses to
//! [`PeerLiveness::on_response`] (or a transaction timeout / transport error to
//! [`PeerLiveness::on_probe_timeout`]). Nothing here reads a clock or sleeps: time is the
//! host's `now` in milliseconds, as in the call router.
//!
//! What counts as alive: any final response (RFC 3261 11.2: an OPTIONS answered at all shows
//! the peer's SIP stack works; a 404 or 405 is still an answer) except 408 Request Timeout
//! and 503 Service Unavailable: a 503 is the overloaded or closed server RFC 3261 21.5.4
//! describes and RFC 3263 4.3 fails over from, and a 408 is what a proxy in front of the peer
//! answers when its own branch timed out (RFC 3261 16.7 step 6), so the peer did not answer. No final response within the peer's timeout is
//! a failure. Hysteresis: a peer goes down after `down_after` failures in a row and up after
//! `up_after` successes in a row (default 1); it starts unknown and reports its first
//! transition either way.

use std::collections::{BTreeMap, VecDeque};

use super::fqdn::Transport;
use super::liveness_error::PeerError;
use crate::sip::Message;
use crate::sip::builder::RequestBuilder;
use crate::sip::uri::Uri;

/// The bounds and identity of a [`PeerLiveness`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LivenessConfig {
    /// Most peers. Default 256.
    pub max_peers: usize,
    /// From (and Contact) of the probes: the proxy's own URI, e.g. `sip:pbx.example.net`.
    pub from_uri: String,
    /// The Via sent-by of the probes (`host[:port]`, the FQDN form for Microsoft peers).
    pub sent_by: String,
}

/// One peer to watch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PeerSpec {
    /// The Request-URI and To of the probes, e.g. `sip:gw1.example.com:5061;transport=tls`.
    pub uri: String,
    /// The transport the host sends on (the Via protocol).
    pub transport: Transport,
    /// Time between the starts of two probes, ms (above 0).
    pub interval_ms: u64,
    /// Time a probe may wait for its final response, ms (above 0).
    pub timeout_ms: u64,
    /// Failures in a row that take the peer down (above 0).
    pub down_after: u32,
    /// Successes in a row that bring it up (above 0; usually 1).
    pub up_after: u32,
}

/// What the helper knows of a peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeerState {
    /// No transition yet.
    Unknown,
    Up,
    Down,
}

/// What the host is asked to do or told. Probes compare by their bytes.
// The probe travels by value: it is moved to the host once, boxing would only add an
// allocation per probe.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Clone)]
pub enum LivenessAction {
    /// Send `msg`, an OPTIONS with its Via, to `peer` (as a new client transaction).
    SendProbe { peer: u32, msg: Message },
    /// Arm the helper's one timer to fire at `at_ms` (host clock), replacing any earlier
    /// arming; call [`PeerLiveness::on_timer`] then.
    ArmTimer { at_ms: u64 },
    /// `peer` went up.
    PeerUp { peer: u32 },
    /// `peer` went down.
    PeerDown { peer: u32 },
}

impl PartialEq for LivenessAction {
    fn eq(&self, other: &LivenessAction) -> bool {
        use LivenessAction::*;
        match (self, other) {
            (SendProbe { peer: a, msg: m }, SendProbe { peer: b, msg: n }) => {
                a == b && m.as_bytes() == n.as_bytes()
            }
            (ArmTimer { at_ms: a }, ArmTimer { at_ms: b }) => a == b,
            (PeerUp { peer: a }, PeerUp { peer: b })
            | (PeerDown { peer: a }, PeerDown { peer: b }) => a == b,
            _ => false,
        }
    }
}

/// What a response did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProbeOutcome {
    /// A provisional response: the probe is still waiting for its final one.
    Provisional { peer: u32 },
    /// A final response showing the peer alive.
    Alive { peer: u32 },
    /// 408 or 503: counted as a failure.
    Failed { peer: u32 },
}

#[derive(Debug)]
struct Probe {
    branch: String,
    call_id: String,
    cseq: u32,
    deadline: u64,
}

#[derive(Debug)]
struct Peer {
    spec: PeerSpec,
    state: PeerState,
    successes: u32,
    failures: u32,
    cseq: u32,
    next_probe_at: u64,
    in_flight: Option<Probe>,
}

/// The peers of one host and their probes. Used by one thread at a time.
#[derive(Debug)]
pub struct PeerLiveness {
    config: LivenessConfig,
    token: String,
    seq: u64,
    next_id: u32,
    peers: BTreeMap<u32, Peer>,
    actions: VecDeque<LivenessAction>,
    armed_at: Option<u64>,
}

/// Most actions queued; past it the oldest ArmTimer-free queue is a host that never drains.
const MAX_QUEUED: usize = 1 << 16;

impl PeerLiveness {
    /// A helper whose probe identifiers start from a random token.
    pub fn new(config: LivenessConfig) -> Result<PeerLiveness, PeerError> {
        let mut b = [0u8; 8];
        getrandom::fill(&mut b).map_err(|_| PeerError::NoRandomness)?;
        PeerLiveness::with_token(config, u64::from_le_bytes(b))
    }

    /// A helper whose probe identifiers derive from `token` (two helpers that may probe the
    /// same peer need different tokens).
    pub fn with_token(config: LivenessConfig, token: u64) -> Result<PeerLiveness, PeerError> {
        if config.max_peers == 0 {
            return Err(PeerError::Invalid(
                "liveness: max_peers must be above 0".into(),
            ));
        }
        let from = Uri::parse(&config.from_uri)
            .map_err(|_| PeerError::Invalid("liveness: from_uri is not a URI".into()))?;
        if !from.is_sip() {
            return Err(PeerError::Invalid(
                "liveness: from_uri is not a SIP URI".into(),
            ));
        }
        let via = format!("SIP/2.0/UDP {};branch=z9hG4bK", config.sent_by);
        if config.sent_by.is_empty() || crate::sip::via::Via::parse(&via).is_err() {
            return Err(PeerError::Invalid(
                "liveness: sent_by is not host[:port]".into(),
            ));
        }
        Ok(PeerLiveness {
            config,
            token: format!("{token:016x}"),
            seq: 0,
            next_id: 1,
            peers: BTreeMap::new(),
            actions: VecDeque::new(),
            armed_at: None,
        })
    }

    /// Adds a peer; its first probe goes out at the next [`Self::poll`]. Refused: a URI that
    /// is not `sip:`/`sips:`, a zero interval, timeout or threshold, more than `max_peers`.
    pub fn add_peer(&mut self, spec: PeerSpec, now: u64) -> Result<u32, PeerError> {
        let uri = Uri::parse(&spec.uri)
            .map_err(|_| PeerError::Invalid("peer: uri is not a URI".into()))?;
        if !uri.is_sip() || uri.host.is_none() {
            return Err(PeerError::Invalid("peer: uri is not a SIP URI".into()));
        }
        if spec.interval_ms == 0 || spec.timeout_ms == 0 {
            return Err(PeerError::Invalid(
                "peer: interval and timeout must be above 0".into(),
            ));
        }
        if spec.down_after == 0 || spec.up_after == 0 {
            return Err(PeerError::Invalid(
                "peer: thresholds must be above 0".into(),
            ));
        }
        if self.peers.len() >= self.config.max_peers || self.next_id == u32::MAX {
            return Err(PeerError::Limit("peers (max_peers)"));
        }
        let id = self.next_id;
        self.next_id += 1;
        self.peers.insert(
            id,
            Peer {
                spec,
                state: PeerState::Unknown,
                successes: 0,
                failures: 0,
                cseq: 0,
                next_probe_at: now,
                in_flight: None,
            },
        );
        Ok(id)
    }

    /// Removes a peer; a late response to its probe then matches nothing.
    pub fn remove_peer(&mut self, peer: u32) -> Result<(), PeerError> {
        self.peers
            .remove(&peer)
            .map(|_| ())
            .ok_or(PeerError::UnknownPeer(peer))
    }

    /// The state of `peer`.
    pub fn state(&self, peer: u32) -> Result<PeerState, PeerError> {
        self.peers
            .get(&peer)
            .map(|p| p.state)
            .ok_or(PeerError::UnknownPeer(peer))
    }

    /// How many peers there are.
    pub fn len(&self) -> usize {
        self.peers.len()
    }

    /// Whether there is no peer.
    pub fn is_empty(&self) -> bool {
        self.peers.is_empty()
    }

    /// The next action, in the order they arose.
    pub fn next_action(&mut self) -> Option<LivenessAction> {
        self.actions.pop_front()
    }

    fn push(&mut self, a: LivenessAction) {
        if self.actions.len() < MAX_QUEUED {
            self.actions.push_back(a);
        }
    }

    /// [`Self::poll`], for the timer the host armed.
    pub fn on_timer(&mut self, now: u64) -> Result<(), PeerError> {
        self.poll(now)
    }

    /// Brings everything up to `now`: probes past their timeout fail, peers whose interval
    /// has come get a probe, and the timer is armed for the next moment that matters (an
    /// ArmTimer only when that moment changed).
    pub fn poll(&mut self, now: u64) -> Result<(), PeerError> {
        let ids: Vec<u32> = self.peers.keys().copied().collect();
        for id in ids {
            let timed_out = self.peers[&id]
                .in_flight
                .as_ref()
                .is_some_and(|p| p.deadline <= now);
            if timed_out {
                self.fail(id);
            }
            let due = {
                let p = &self.peers[&id];
                p.in_flight.is_none() && p.next_probe_at <= now
            };
            if due {
                self.send_probe(id, now)?;
            }
        }
        self.rearm();
        Ok(())
    }

    fn rearm(&mut self) {
        let wake = self
            .peers
            .values()
            .map(|p| p.in_flight.as_ref().map_or(p.next_probe_at, |f| f.deadline))
            .min();
        if let Some(at) = wake
            && self.armed_at != Some(at)
        {
            self.armed_at = Some(at);
            self.push(LivenessAction::ArmTimer { at_ms: at });
        }
        if wake.is_none() {
            self.armed_at = None;
        }
    }

    fn send_probe(&mut self, id: u32, now: u64) -> Result<(), PeerError> {
        self.seq += 1;
        let seq = self.seq;
        let token = &self.token;
        let Some(p) = self.peers.get_mut(&id) else {
            return Ok(());
        };
        p.cseq = p.cseq.wrapping_add(1).max(1);
        let branch = format!("z9hG4bKlv{token}{seq:x}");
        let call_id = format!("lv{token}-{seq:x}");
        let t = p.spec.transport.as_str();
        let from = &self.config.from_uri;
        let msg = RequestBuilder::new("OPTIONS", &p.spec.uri)
            .header(
                "Via",
                &format!("SIP/2.0/{t} {};branch={branch}", self.config.sent_by),
            )
            .header("Max-Forwards", "70")
            .header("From", &format!("<{from}>;tag=lv{seq:x}"))
            .header("To", &format!("<{}>", p.spec.uri))
            .header("Call-ID", &call_id)
            .header("CSeq", &format!("{} OPTIONS", p.cseq))
            .header("Contact", &format!("<{from}>"))
            .header("Accept", "application/sdp")
            .build()?;
        p.in_flight = Some(Probe {
            branch,
            call_id,
            cseq: p.cseq,
            deadline: now.saturating_add(p.spec.timeout_ms),
        });
        p.next_probe_at = now.saturating_add(p.spec.interval_ms);
        self.push(LivenessAction::SendProbe { peer: id, msg });
        Ok(())
    }

    fn succeed(&mut self, id: u32) {
        let Some(p) = self.peers.get_mut(&id) else {
            return;
        };
        p.in_flight = None;
        p.failures = 0;
        p.successes = p.successes.saturating_add(1);
        if p.state != PeerState::Up && p.successes >= p.spec.up_after {
            p.state = PeerState::Up;
            self.push(LivenessAction::PeerUp { peer: id });
        }
    }

    fn fail(&mut self, id: u32) {
        let Some(p) = self.peers.get_mut(&id) else {
            return;
        };
        p.in_flight = None;
        p.successes = 0;
        p.failures = p.failures.saturating_add(1);
        if p.state != PeerState::Down && p.failures >= p.spec.down_after {
            p.state = PeerState::Down;
            self.push(LivenessAction::PeerDown { peer: id });
        }
    }

    /// The peer whose probe in flight `resp` answers: same top Via branch, Call-ID and CSeq
    /// (number and `OPTIONS`).
    fn probe_of(&self, resp: &Message) -> Option<u32> {
        let branch = resp.vias().next()?.ok()?.branch()?;
        let call_id = resp.call_id()?;
        let cseq = resp.cseq()?.ok()?;
        if !cseq.method.eq_ignore_ascii_case("OPTIONS") {
            return None;
        }
        self.peers.iter().find_map(|(&id, p)| {
            let f = p.in_flight.as_ref()?;
            (f.branch == branch && f.call_id == call_id && f.cseq == cseq.seq).then_some(id)
        })
    }

    /// Feeds a response the host received. A final response ends the probe: alive unless it
    /// is 408 or 503. Errors: [`PeerError::NoProbe`] for a response that answers no probe in
    /// flight (late, repeated, or someone else's): ignore it. The timer is re-armed.
    pub fn on_response(&mut self, resp: &Message, now: u64) -> Result<ProbeOutcome, PeerError> {
        let Some(code) = resp.status() else {
            return Err(PeerError::Invalid("on_response: got a request".into()));
        };
        let peer = self.probe_of(resp).ok_or(PeerError::NoProbe)?;
        let outcome = match code {
            100..=199 => return Ok(ProbeOutcome::Provisional { peer }),
            408 | 503 => {
                self.fail(peer);
                ProbeOutcome::Failed { peer }
            }
            _ => {
                self.succeed(peer);
                ProbeOutcome::Alive { peer }
            }
        };
        self.poll(now)?;
        Ok(outcome)
    }

    /// Reports that the probe in flight to `peer` failed below the helper: the host's
    /// transaction timed out (RFC 3261 Timer F) or the transport refused it. Counted as a
    /// failure. Errors: [`PeerError::UnknownPeer`]; [`PeerError::NoProbe`] when no probe to
    /// it is in flight.
    pub fn on_probe_timeout(&mut self, peer: u32, now: u64) -> Result<(), PeerError> {
        let p = self.peers.get(&peer).ok_or(PeerError::UnknownPeer(peer))?;
        if p.in_flight.is_none() {
            return Err(PeerError::NoProbe);
        }
        self.fail(peer);
        self.poll(now)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn helper() -> PeerLiveness {
        PeerLiveness::with_token(
            LivenessConfig {
                max_peers: 4,
                from_uri: "sip:pbx.example.net".into(),
                sent_by: "pbx.example.net:5061".into(),
            },
            0xabc,
        )
        .unwrap()
    }

    fn spec(uri: &str) -> PeerSpec {
        PeerSpec {
            uri: uri.into(),
            transport: Transport::Tls,
            interval_ms: 30_000,
            timeout_ms: 5_000,
            down_after: 2,
            up_after: 1,
        }
    }

    fn drain(l: &mut PeerLiveness) -> Vec<LivenessAction> {
        std::iter::from_fn(|| l.next_action()).collect()
    }

    /// The probe of a SendProbe action and a response to it with `code`.
    fn answer(probe: &Message, code: u16) -> Message {
        Message::response_to(probe, code, None, Some("gw")).unwrap()
    }

    fn probe_in(actions: &[LivenessAction]) -> Message {
        actions
            .iter()
            .find_map(|a| match a {
                LivenessAction::SendProbe { msg, .. } => Some(msg.clone()),
                _ => None,
            })
            .expect("a probe")
    }

    #[test]
    fn probe_shape() {
        let mut l = helper();
        let p = l
            .add_peer(spec("sip:gw1.example.com:5061;transport=tls"), 1000)
            .unwrap();
        l.poll(1000).unwrap();
        let a = drain(&mut l);
        let LivenessAction::SendProbe { peer, msg } = &a[0] else {
            panic!("{a:?}")
        };
        assert_eq!(*peer, p);
        let expect = "OPTIONS sip:gw1.example.com:5061;transport=tls SIP/2.0\r\n\
Via: SIP/2.0/TLS pbx.example.net:5061;branch=z9hG4bKlv0000000000000abc1\r\n\
Max-Forwards: 70\r\n\
From: <sip:pbx.example.net>;tag=lv1\r\n\
To: <sip:gw1.example.com:5061;transport=tls>\r\n\
Call-ID: lv0000000000000abc-1\r\n\
CSeq: 1 OPTIONS\r\n\
Contact: <sip:pbx.example.net>\r\n\
Accept: application/sdp\r\n\
Content-Length: 0\r\n\r\n";
        assert_eq!(String::from_utf8_lossy(msg.as_bytes()), expect);
        assert_eq!(a[1], LivenessAction::ArmTimer { at_ms: 6000 });
        assert_eq!(a.len(), 2);
    }

    #[test]
    fn up_down_cycle_with_hysteresis() {
        let mut l = helper();
        let p = l.add_peer(spec("sip:gw1.example.com"), 0).unwrap();
        assert_eq!(l.state(p).unwrap(), PeerState::Unknown);
        l.poll(0).unwrap();
        let probe = probe_in(&drain(&mut l));
        // 100 Trying keeps the probe waiting; a 200 brings the peer up.
        assert_eq!(
            l.on_response(&answer(&probe, 100), 10).unwrap(),
            ProbeOutcome::Provisional { peer: p }
        );
        assert_eq!(
            l.on_response(&answer(&probe, 200), 20).unwrap(),
            ProbeOutcome::Alive { peer: p }
        );
        assert_eq!(
            drain(&mut l),
            vec![
                LivenessAction::PeerUp { peer: p },
                LivenessAction::ArmTimer { at_ms: 30_000 }
            ]
        );
        assert_eq!(l.state(p).unwrap(), PeerState::Up);
        // A repeated 200 matches nothing any more.
        assert_eq!(
            l.on_response(&answer(&probe, 200), 21),
            Err(PeerError::NoProbe)
        );
        // Next probe at 30 s: no answer by 35 s is one failure, still up.
        l.on_timer(30_000).unwrap();
        let probe2 = probe_in(&drain(&mut l));
        assert_ne!(probe2.call_id(), probe.call_id());
        assert_eq!(probe2.header("CSeq"), Some("2 OPTIONS"));
        l.on_timer(35_000).unwrap();
        assert_eq!(
            drain(&mut l),
            vec![LivenessAction::ArmTimer { at_ms: 60_000 }]
        );
        assert_eq!(l.state(p).unwrap(), PeerState::Up);
        // The late 200 to the timed-out probe is ignored.
        assert_eq!(
            l.on_response(&answer(&probe2, 200), 36_000),
            Err(PeerError::NoProbe)
        );
        // Second failure in a row (a 503): down.
        l.on_timer(60_000).unwrap();
        let probe3 = probe_in(&drain(&mut l));
        assert_eq!(
            l.on_response(&answer(&probe3, 503), 60_100).unwrap(),
            ProbeOutcome::Failed { peer: p }
        );
        assert_eq!(
            drain(&mut l),
            vec![
                LivenessAction::PeerDown { peer: p },
                LivenessAction::ArmTimer { at_ms: 90_000 }
            ]
        );
        // A 404 is an answer: up again after one success.
        l.on_timer(90_000).unwrap();
        let probe4 = probe_in(&drain(&mut l));
        l.on_response(&answer(&probe4, 404), 90_050).unwrap();
        assert_eq!(drain(&mut l)[0], LivenessAction::PeerUp { peer: p });
    }

    #[test]
    fn transaction_timeouts_and_408() {
        let mut l = helper();
        let mut s = spec("sip:gw2.example.com");
        s.down_after = 1;
        let p = l.add_peer(s, 0).unwrap();
        assert_eq!(l.on_probe_timeout(p, 0), Err(PeerError::NoProbe));
        assert_eq!(l.on_probe_timeout(99, 0), Err(PeerError::UnknownPeer(99)));
        l.poll(0).unwrap();
        drain(&mut l);
        l.on_probe_timeout(p, 100).unwrap();
        assert_eq!(drain(&mut l)[0], LivenessAction::PeerDown { peer: p });
        l.poll(30_000).unwrap();
        let probe = probe_in(&drain(&mut l));
        assert_eq!(
            l.on_response(&answer(&probe, 408), 30_001).unwrap(),
            ProbeOutcome::Failed { peer: p }
        );
        // Already down: no second PeerDown.
        assert!(
            drain(&mut l)
                .iter()
                .all(|a| !matches!(a, LivenessAction::PeerDown { .. }))
        );
    }

    #[test]
    fn up_after_needs_successes_in_a_row() {
        let mut l = helper();
        let mut s = spec("sip:gw3.example.com");
        s.up_after = 2;
        let p = l.add_peer(s, 0).unwrap();
        for (t, code, up) in [(0, 200, false), (30_000, 503, false), (60_000, 200, false)] {
            l.poll(t).unwrap();
            let probe = probe_in(&drain(&mut l));
            l.on_response(&answer(&probe, code), t + 1).unwrap();
            assert_eq!(l.state(p).unwrap() == PeerState::Up, up, "{t}");
            drain(&mut l);
        }
        l.poll(90_000).unwrap();
        let probe = probe_in(&drain(&mut l));
        l.on_response(&answer(&probe, 200), 90_001).unwrap();
        assert_eq!(l.state(p).unwrap(), PeerState::Up);
    }

    #[test]
    fn foreign_responses_match_nothing() {
        let mut l = helper();
        let a = l.add_peer(spec("sip:gw1.example.com"), 0).unwrap();
        let b = l.add_peer(spec("sip:gw2.example.com"), 0).unwrap();
        l.poll(0).unwrap();
        let acts = drain(&mut l);
        let probes: Vec<(u32, Message)> = acts
            .into_iter()
            .filter_map(|x| match x {
                LivenessAction::SendProbe { peer, msg } => Some((peer, msg)),
                _ => None,
            })
            .collect();
        assert_eq!(probes.len(), 2);
        assert_ne!(probes[0].1.header("Via"), probes[1].1.header("Via"));
        // Right branch, wrong Call-ID; wrong CSeq; not OPTIONS.
        let good = String::from_utf8_lossy(answer(&probes[1].1, 200).as_bytes()).to_string();
        let call = probes[1].1.call_id().unwrap().to_string();
        for bad in [
            good.replace(&call, "other"),
            good.replace("CSeq: 1 OPTIONS", "CSeq: 9 OPTIONS"),
            good.replace("CSeq: 1 OPTIONS", "CSeq: 1 INVITE"),
        ] {
            let m = Message::parse(bad.as_bytes()).unwrap();
            assert_eq!(l.on_response(&m, 1), Err(PeerError::NoProbe));
        }
        let m = Message::parse(good.as_bytes()).unwrap();
        assert_eq!(
            l.on_response(&m, 1).unwrap(),
            ProbeOutcome::Alive { peer: b }
        );
        assert_eq!(l.state(a).unwrap(), PeerState::Unknown);
        // A removed peer's probe matches nothing.
        l.remove_peer(a).unwrap();
        assert_eq!(
            l.on_response(&answer(&probes[0].1, 200), 2),
            Err(PeerError::NoProbe)
        );
        assert_eq!(l.remove_peer(a), Err(PeerError::UnknownPeer(a)));
        assert!(l.on_response(&probes[0].1, 2).is_err());
    }

    #[test]
    fn refusals_and_limits() {
        let mut l = helper();
        let mut s = spec("sip:gw.example.com");
        for bad in [
            PeerSpec {
                uri: "tel:+1".into(),
                ..s.clone()
            },
            PeerSpec {
                interval_ms: 0,
                ..s.clone()
            },
            PeerSpec {
                timeout_ms: 0,
                ..s.clone()
            },
            PeerSpec {
                down_after: 0,
                ..s.clone()
            },
            PeerSpec {
                up_after: 0,
                ..s.clone()
            },
        ] {
            assert!(matches!(l.add_peer(bad, 0), Err(PeerError::Invalid(_))));
        }
        for _ in 0..4 {
            s.uri.push('x');
            l.add_peer(s.clone(), 0).unwrap();
        }
        assert_eq!(l.add_peer(s, 0), Err(PeerError::Limit("peers (max_peers)")));
        assert_eq!(l.len(), 4);
        let cfg = |max_peers, from: &str, sent_by: &str| LivenessConfig {
            max_peers,
            from_uri: from.into(),
            sent_by: sent_by.into(),
        };
        assert!(PeerLiveness::with_token(cfg(0, "sip:a.b", "a.b"), 1).is_err());
        assert!(PeerLiveness::with_token(cfg(1, "tel:+1", "a.b"), 1).is_err());
        assert!(PeerLiveness::with_token(cfg(1, "sip:a.b", ""), 1).is_err());
        assert!(PeerLiveness::with_token(cfg(1, "sip:a.b", "a b"), 1).is_err());
        assert!(PeerLiveness::new(cfg(1, "sip:a.b", "a.b:5060")).is_ok());
    }

    #[test]
    fn timer_only_rearmed_when_it_moves() {
        let mut l = helper();
        l.poll(0).unwrap();
        assert!(drain(&mut l).is_empty());
        l.add_peer(spec("sip:gw1.example.com"), 0).unwrap();
        l.poll(0).unwrap();
        drain(&mut l);
        l.poll(1000).unwrap();
        assert!(drain(&mut l).is_empty());
    }
}
