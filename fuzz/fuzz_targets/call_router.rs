//! The call router's state machine (MS-SIPRE 3.9.5, 3.9.6) fed a fuzzed callee and a fuzzed
//! sequence of events: responses of every class on any branch, timers (armed or not), the
//! caller's CANCEL, branch timeouts. What must hold: no panic; a branch is forked once and
//! cancelled at most once; only armed timers are stopped; nothing follows DONE, which comes at
//! most once, and once it came every event is refused; and when the host then ends every
//! pending branch and fires every armed timer, DONE comes, exactly once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::routing::{Action, Call, Callee, RouteError, Router, RouterConfig};
use mssip::sip::Message;
use std::collections::{BTreeSet, HashSet};

const PREAMBLES: [&str; 6] = [
    "",
    r#"<flags name="clientflags" value="block"/>"#,
    r#"<list name="forwardto"><target uri="sip:+14255550199@contoso.com;user=phone"/></list><list name="simultaneous_ring"><target uri="sip:+14255550100@contoso.com;user=phone"/></list><flags name="clientflags" value="work_hours simultaneous_ring enablecf"/><wait name="total" seconds="18"/>"#,
    r#"<list name="forwardto"><target uri="sip:f@contoso.com"/></list><flags name="clientflags" value="forward_immediate enablecf"/>"#,
    r#"<list name="team"><target uri="sip:a@contoso.com"/><target uri="sip:b@contoso.com"/></list><flags name="clientflags" value="team_ring"/><wait name="user" seconds="10"/>"#,
    r#"<list name="delegates"><target uri="sip:d@contoso.com"/></list><flags name="clientflags" value="delegate_ring skip_primary forward_audio_app_invites"/>"#,
];

const CODES: [u16; 16] = [
    100, 180, 183, 199, 200, 202, 302, 303, 404, 415, 486, 487, 503, 600, 603, 605,
];

const SDP: &str = "v=0\r\nm=audio 5004 RTP/AVP 0\r\n";

fn invite(kind: u8) -> Message {
    let (extra, ct, body) = match kind % 5 {
        0 => ("", "application/sdp", SDP.to_string()),
        1 => ("", "text/plain", "hi".to_string()),
        2 => (
            "",
            "application/ms-conf-invite",
            r#"<c><audio available="true"/></c>"#.to_string(),
        ),
        3 => (
            "History-Info: <sip:c@f.com>;index=1, <sip:bob@contoso.com>;index=1.1\r\n",
            "multipart/alternative; boundary=b",
            format!(
                "--b\r\nContent-Type: application/sdp\r\nContent-Disposition: session; ms-proxy-2007fallback\r\n\r\n{SDP}\r\n--b--\r\n"
            ),
        ),
        _ => ("Ms-Sensitivity: normal-no-diversion\r\n", "application/sdp", SDP.to_string()),
    };
    let s = format!(
        "INVITE sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n\
         From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\nCall-ID: c\r\n\
         CSeq: 1 INVITE\r\n{extra}Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    Message::parse(s.as_bytes()).unwrap()
}

fn response(code: u16, contact: bool) -> Message {
    let c = if contact { "Contact: <sip:r@contoso.com>\r\n" } else { "" };
    let s = format!(
        "SIP/2.0 {code} X\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n\
         From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>;tag=t\r\nCall-ID: c\r\n\
         CSeq: 1 INVITE\r\n{c}Content-Length: 0\r\n\r\n"
    );
    Message::parse(s.as_bytes()).unwrap()
}

#[derive(Default)]
struct Model {
    forked: HashSet<u32>,
    cancelled: HashSet<u32>,
    /// Forked branches without a final response reported yet.
    pending: BTreeSet<u32>,
    armed: BTreeSet<u32>,
    done: u32,
}

impl Model {
    fn drain(&mut self, call: &mut Call) {
        while let Some(a) = call.next_action() {
            assert_eq!(self.done, 0, "an action after DONE: {a:?}");
            match a {
                Action::Fork { branch, msg } => {
                    assert!(self.forked.insert(branch), "branch {branch} forked twice");
                    assert_eq!(msg.method(), Some("INVITE"));
                    self.pending.insert(branch);
                }
                Action::Cancel { branch, msg } => {
                    assert!(self.cancelled.insert(branch), "branch {branch} cancelled twice");
                    assert!(self.pending.contains(&branch));
                    assert_eq!(msg.method(), Some("CANCEL"));
                }
                Action::Respond { msg } => assert!(msg.status().is_some()),
                Action::StartTimer { timer, .. } => {
                    self.armed.insert(timer);
                }
                Action::StopTimer { timer } => assert!(self.armed.remove(&timer)),
                Action::Done => self.done += 1,
            }
        }
    }

    fn respond(&mut self, call: &mut Call, branch: u32, code: u16, contact: bool) {
        let r = call.on_response(branch, &response(code, contact));
        match r {
            Ok(()) => {
                assert!(self.pending.contains(&branch));
                if code >= 200 {
                    self.pending.remove(&branch);
                }
            }
            Err(RouteError::UnknownBranch(_)) => assert!(!self.pending.contains(&branch)),
            Err(RouteError::CallOver) => assert_eq!(self.done, 1),
            Err(e) => panic!("on_response: {e}"),
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let [p, eps, flags, kind, ops @ ..] = data else {
        return;
    };
    let mut callee = Callee::new("sip:bob@contoso.com").unwrap();
    let pre = PREAMBLES[usize::from(*p) % PREAMBLES.len()];
    if !pre.is_empty() {
        let version = if p & 0x80 != 0 { 1 } else { 2 };
        let xml = format!(
            r#"<routing xmlns="http://schemas.microsoft.com/02/2006/sip/routing" name="rtcdefault" version="{version}"><preamble>{pre}</preamble></routing>"#
        );
        callee.add_preamble(xml.as_bytes()).unwrap();
    }
    for k in 0..(eps % 4) {
        callee.add_endpoint(&format!("sip:bob@192.0.2.{k}:5061")).unwrap();
    }
    if flags & 1 != 0 {
        callee.set_voicemail("sip:bob@contoso.com;opaque=app:voicemail").unwrap();
    }
    callee.facts.dnd = flags & 2 != 0;
    callee.facts.in_work_hours = flags & 4 == 0;
    callee.facts.private_line = flags & 8 != 0;
    callee.facts.via_team_or_delegate = flags & 16 != 0;
    let router = Router::new(RouterConfig {
        max_branches: usize::from(flags >> 5) + 1,
        ..RouterConfig::DEFAULT
    });
    let mut call = router.route(&invite(*kind), &callee).unwrap();
    let mut m = Model::default();
    m.drain(&mut call);
    for op in ops.chunks(2) {
        let arg = op.get(1).copied().unwrap_or(0);
        match op[0] % 5 {
            0 | 1 => {
                let code = CODES[usize::from(arg) % CODES.len()];
                m.respond(&mut call, u32::from(op[0] / 5 % 8), code, arg & 0x80 != 0);
            }
            2 => match call.on_timer(u32::from(arg % 6)) {
                Ok(()) => assert!(m.armed.remove(&u32::from(arg % 6))),
                Err(RouteError::UnknownTimer(t)) => assert!(!m.armed.contains(&t)),
                Err(RouteError::CallOver) => assert_eq!(m.done, 1),
                Err(e) => panic!("on_timer: {e}"),
            },
            3 => match call.on_cancel() {
                Ok(()) => {}
                Err(RouteError::CallOver) => assert_eq!(m.done, 1),
                Err(e) => panic!("on_cancel: {e}"),
            },
            _ => {
                let b = u32::from(arg % 8);
                match call.on_branch_timeout(b) {
                    Ok(()) => assert!(m.pending.remove(&b)),
                    Err(RouteError::UnknownBranch(_)) => assert!(!m.pending.contains(&b)),
                    Err(RouteError::CallOver) => assert_eq!(m.done, 1),
                    Err(e) => panic!("on_branch_timeout: {e}"),
                }
            }
        }
        m.drain(&mut call);
        if m.done == 1 {
            assert!(m.pending.is_empty() && m.armed.is_empty());
            assert_eq!(call.on_cancel(), Err(RouteError::CallOver));
        }
    }
    // The host ends everything: the call must end, once.
    for _ in 0..64 {
        if m.done == 1 {
            break;
        }
        if let Some(&t) = m.armed.iter().next() {
            call.on_timer(t).unwrap();
            m.armed.remove(&t);
        } else if let Some(&b) = m.pending.iter().next() {
            m.respond(&mut call, b, 487, false);
        } else {
            panic!("no pending branch, no armed timer, and no DONE");
        }
        m.drain(&mut call);
    }
    assert_eq!(m.done, 1);
});
