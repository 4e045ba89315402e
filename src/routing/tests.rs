//! Scenario tests of the router: each MUST / SHOULD of MS-SIPRE 3.9 with the step it
//! comes from, the 4.7 documents end to end, and the History-Info values of 4.8.

use super::*;
use crate::sip::Message;

const SDP: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n";
const EP1: &str = "sip:bob@192.0.2.11:5061;transport=tls";
const EP2: &str = "sip:bob@192.0.2.12:5061;transport=tls";
const VM: &str = "sip:bob@contoso.com;opaque=app:voicemail";
const FWD: &str = "sip:+14255550199@contoso.com;user=phone";
const SIM: &str = "sip:+14255550100@contoso.com;user=phone";

fn invite_with(extra: &str, ct: &str, body: &str) -> Message {
    invite_from("sip:zoe@fabrikam.com", extra, ct, body)
}

fn invite_from(from: &str, extra: &str, ct: &str, body: &str) -> Message {
    let s = format!(
        "INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1\r\n\
From: <{from}>;tag=a1;epid=01010101\r\n\
To: <sip:bob@contoso.com>\r\nCall-ID: call-1\r\nCSeq: 1 INVITE\r\n\
Contact: <sip:alice@192.0.2.1:5061;transport=tls>\r\n{extra}\
Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    Message::parse(s.as_bytes()).unwrap()
}

fn invite(extra: &str) -> Message {
    invite_with(extra, "application/sdp", SDP)
}

fn corpus(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/routing/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

fn preamble(version: u8, members: &str) -> Vec<u8> {
    format!(
        r#"<routing xmlns="{NS}" name="rtcdefault" version="{version}"><preamble>{members}</preamble></routing>"#
    )
    .into_bytes()
}

fn bob(preambles: &[&[u8]], endpoints: &[&str], vm: bool) -> Callee {
    let mut c = Callee::new("sip:bob@contoso.com").unwrap();
    for p in preambles {
        c.add_preamble(p).unwrap();
    }
    for e in endpoints {
        c.add_endpoint(e).unwrap();
    }
    if vm {
        c.set_voicemail(VM).unwrap();
    }
    c
}

/// The queued actions, one line each; the messages kept by branch and in order.
struct Drained {
    lines: Vec<String>,
    msgs: Vec<Message>,
}

fn drain(call: &mut Call) -> Drained {
    let mut d = Drained {
        lines: Vec::new(),
        msgs: Vec::new(),
    };
    while let Some(a) = call.next_action() {
        let line = match a {
            Action::Fork { branch, msg } => {
                let l = format!("fork {branch} {}", msg.request_uri().unwrap());
                d.msgs.push(msg);
                l
            }
            Action::Cancel { branch, msg } => {
                let l = format!("cancel {branch}");
                d.msgs.push(msg);
                l
            }
            Action::Respond { msg } => {
                let l = format!("respond {}", msg.status().unwrap());
                d.msgs.push(msg);
                l
            }
            Action::StartTimer { timer, ms } => format!("start {timer} {ms}"),
            Action::StopTimer { timer } => format!("stop {timer}"),
            Action::Done => "done".into(),
        };
        d.lines.push(line);
    }
    d
}

fn lines(call: &mut Call) -> Vec<String> {
    drain(call).lines
}

fn route(invite: &Message, callee: &Callee) -> Call {
    Router::default().route(invite, callee).unwrap()
}

/// A response of the branch to the INVITE it was sent (`to_tag` on the To).
fn resp(code: u16, extra: &str) -> Message {
    let s = format!(
        "SIP/2.0 {code} Whatever\r\nVia: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK.c1\r\n\
From: <sip:alice@contoso.com>;tag=a1\r\nTo: <sip:bob@contoso.com>;tag=b{code}\r\n\
Call-ID: call-1\r\nCSeq: 1 INVITE\r\n{extra}Content-Length: 0\r\n\r\n"
    );
    Message::parse(s.as_bytes()).unwrap()
}

fn header<'a>(d: &'a Drained, status_or_method: &str, name: &str) -> Vec<&'a str> {
    d.msgs
        .iter()
        .filter(|m| {
            m.method() == Some(status_or_method)
                || m.status().map(|s| s.to_string()).as_deref() == Some(status_or_method)
        })
        .filter_map(|m| m.header(name))
        .collect()
}

// ---- 3.9.3, 3.9.2.1: the default script ----

#[test]
fn default_script_rings_endpoints_20_s_then_voicemail() {
    let c = bob(&[], &[EP1, EP2], true);
    let mut call = route(&invite(""), &c);
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            &format!("fork 2 {EP2}"),
            "respond 101",
            "start 1 20000"
        ]
    );
    // 3.9.5.9: the 183 carries Ms-Forking.
    assert_eq!(header(&d, "183", "Ms-Forking"), ["Active"]);
    // MS-SIPRE 4.8: the History-Info of the INVITE to a registered endpoint, byte for byte
    // (the AOR here is written lower case).
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        [
            "<sip:bob@contoso.com>;index=1",
            "<sip:bob@contoso.com>;index=1"
        ]
    );
    call.on_timer(1).unwrap();
    let d = drain(&mut call);
    // 3.9.6.1 steps 4-5: voice mail and a 181; the forks are cancelled (4.7.2).
    assert_eq!(
        d.lines,
        [
            "cancel 1",
            "cancel 2",
            &format!("fork 3 {VM}"),
            "respond 181"
        ]
    );
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        [
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding, <sip:bob@contoso.com;opaque=app:voicemail>;index=1.1"
        ]
    );
    assert_eq!(
        header(&d, "181", "History-Info"),
        [
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding"
        ]
    );
    call.on_response(1, &resp(487, "")).unwrap();
    call.on_response(2, &resp(487, "")).unwrap();
    assert!(lines(&mut call).is_empty());
    call.on_response(3, &resp(200, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 200", "done"]);
    assert!(call.on_timer(1).is_err());
}

#[test]
fn history_info_of_4_8_byte_for_byte() {
    // MS-SIPRE 4.8: To <sip:Bob@contoso.com>, forwarded to a registered endpoint.
    let mut c = Callee::new("sip:Bob@contoso.com").unwrap();
    c.add_endpoint("sip:192.0.2.1:51152;transport=tls;ms-opaque=bab87d7e6e;ms-received-cid=244100")
        .unwrap();
    let mut call = route(&invite(""), &c);
    let d = drain(&mut call);
    let inv = d
        .msgs
        .iter()
        .find(|m| m.method() == Some("INVITE"))
        .unwrap();
    assert_eq!(
        inv.request_uri(),
        Some("sip:192.0.2.1:51152;transport=tls;ms-opaque=bab87d7e6e;ms-received-cid=244100")
    );
    assert_eq!(
        inv.header("History-Info"),
        Some("<sip:Bob@contoso.com>;index=1")
    );
}

#[test]
fn invalid_preamble_uses_the_default_script() {
    // 3.9: an instance against the rules means the default script (20 s, 3.9.2.1).
    let mut c = bob(&[], &[EP1], true);
    assert!(
        c.add_preamble(&preamble(1, r#"<list name="a"/><list name="a"/>"#))
            .is_err()
    );
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            "respond 101",
            "start 1 20000"
        ]
    );
}

#[test]
fn no_endpoints_goes_to_voicemail_at_once_and_nothing_gives_480() {
    let c = bob(&[], &[], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
    call.on_response(1, &resp(486, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 486", "done"]);
    let c = bob(&[], &[], false);
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call), ["respond 183", "respond 480", "done"]);
}

// ---- 3.9.5.1: applicability ----

#[test]
fn other_invites_are_routed_plainly() {
    // No 183, no 101, no timer, History-Info as it came (3.9.5.1).
    let c = bob(&[&corpus("preamble-simultaneous-ring.xml")], &[EP1], true);
    let inv = invite_with(
        "History-Info: <sip:bob@contoso.com>;index=1\r\n",
        "text/plain",
        "hi",
    );
    let mut call = route(&inv, &c);
    let d = drain(&mut call);
    assert_eq!(d.lines, [format!("fork 1 {EP1}")]);
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        ["<sip:bob@contoso.com>;index=1"]
    );
    call.on_response(1, &resp(480, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
    // Blocking applies only to audio (3.9.5.1).
    let c = bob(&[&corpus("preamble-block.xml")], &[EP1], false);
    let mut call = route(&invite_with("", "text/plain", "x"), &c);
    assert_eq!(lines(&mut call), [format!("fork 1 {EP1}")]);
}

#[test]
fn audio_app_invite_rings_endpoints_only_unless_flagged() {
    // 3.9.5.2.2 step 3.
    let xml = r#"<conf><audio available="true"/></conf>"#;
    let inv = invite_with("", "application/ms-conf-invite", xml);
    let c = bob(&[&corpus("preamble-call-forward.xml")], &[EP1], true);
    let mut call = route(&inv, &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {EP1}"), "respond 101"]
    );
    // forward_audio_app_invites (version 2) routes it like other audio calls.
    let p = preamble(
        2,
        r#"<flags name="clientflags" value="forward_audio_app_invites forward_immediate"/>"#,
    );
    let c = bob(&[&p], &[EP1], true);
    let mut call = route(&inv, &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
}

// ---- 2.2.9, 3.9.5.2.1: Ms-Sensitivity ----

#[test]
fn bad_or_repeated_ms_sensitivity_is_answered_400() {
    let c = bob(&[], &[EP1], true);
    for extra in [
        "Ms-Sensitivity: secret\r\n",
        "Ms-Sensitivity: normal\r\nMs-Sensitivity: normal\r\n",
    ] {
        let mut call = route(&invite(extra), &c);
        let d = drain(&mut call);
        assert_eq!(d.lines, ["respond 400", "done"]);
    }
}

#[test]
fn no_diversion_never_reaches_voicemail_forwarding_or_team() {
    // 3.9.5.2.1.
    for v in ["normal-no-diversion", "private-no-diversion"] {
        let extra = format!("Ms-Sensitivity: {v}\r\n");
        let c = bob(&[&corpus("preamble-simultaneous-ring.xml")], &[EP1], true);
        let mut call = route(&invite(&extra), &c);
        // The simultaneous ring device is not a diversion: it is rung.
        assert_eq!(
            lines(&mut call),
            [
                "respond 183",
                &format!("fork 1 {EP1}"),
                "respond 101",
                &format!("fork 2 {SIM}"),
                "respond 181",
                "start 1 18000"
            ]
        );
        call.on_timer(1).unwrap();
        assert_eq!(lines(&mut call), ["cancel 1", "cancel 2", "respond 480"]);
        // DND with no-diversion: a failure response (step 10).
        let mut c = bob(&[], &[EP1], true);
        c.facts.dnd = true;
        let mut call = route(&invite(&extra), &c);
        assert_eq!(lines(&mut call), ["respond 480", "done"]);
        // Forward immediately with no-diversion: a failure (3.9.5.2.2.1).
        let c = bob(&[&corpus("preamble-call-forward.xml")], &[EP1], true);
        let mut call = route(&invite(&extra), &c);
        assert_eq!(lines(&mut call), ["respond 480", "done"]);
        // Team ring: the team is never rung.
        let c = bob(&[&corpus("preamble-team-ring.xml")], &[EP1], true);
        let mut call = route(&invite(&extra), &c);
        lines(&mut call);
        call.on_timer(3).unwrap();
        assert_eq!(lines(&mut call), ["cancel 1", "respond 480"]);
    }
    // private alone is treated as normal.
    let c = bob(&[], &[], true);
    let mut call = route(&invite("Ms-Sensitivity: private\r\n"), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
}

// ---- 3.9.5.2.2 steps and 4.7 ----

#[test]
fn step_1_block_4_7_1() {
    let c = bob(&[&corpus("preamble-block.xml")], &[EP1], true);
    let mut call = route(&invite(""), &c);
    let d = drain(&mut call);
    assert_eq!(d.lines, ["respond 480", "done"]);
}

#[test]
fn step_2_e911_rings_endpoints_without_timer() {
    let p = preamble(
        1,
        r#"<flags name="clientflags" value="e911active forward_immediate enablecf"/><list name="forwardto"><target uri="sip:x@h"/></list>"#,
    );
    let c = bob(&[&p], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {EP1}"), "respond 101"]
    );
    call.on_response(1, &resp(486, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 486", "done"]);
}

#[test]
fn simultaneous_ring_4_7_2_then_forwarding_then_voicemail() {
    let c = bob(
        &[&corpus("preamble-simultaneous-ring.xml")],
        &[EP1, EP2],
        true,
    );
    let mut call = route(&invite(""), &c);
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            &format!("fork 2 {EP2}"),
            "respond 101",
            &format!("fork 3 {SIM}"),
            "respond 181",
            "start 1 18000"
        ]
    );
    // 3.9.5.10: no reason while forks to registered endpoints are active.
    let his = header(&d, "INVITE", "History-Info");
    assert_eq!(
        his[2],
        "<sip:bob@contoso.com>;index=1;ms-retarget-reason=forwarding, \
         <sip:+14255550100@contoso.com;user=phone>;index=1.1"
    );
    assert_eq!(
        header(&d, "181", "History-Info"),
        ["<sip:bob@contoso.com>;index=1;ms-retarget-reason=forwarding"]
    );
    // 3.9.6.1 steps 1-3: cancel, forward, 181, call forwarding timer (60 s).
    call.on_timer(1).unwrap();
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        [
            "cancel 1",
            "cancel 2",
            "cancel 3",
            &format!("fork 4 {FWD}"),
            "respond 181",
            "start 2 60000"
        ]
    );
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        [
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding, <sip:+14255550199@contoso.com;user=phone>;index=1.2"
        ]
    );
    // 3.9.6.2: forwarding timer: voice mail.
    call.on_timer(2).unwrap();
    assert_eq!(
        lines(&mut call),
        ["cancel 4", &format!("fork 5 {VM}"), "respond 181"]
    );
    for b in 1..=4 {
        call.on_response(b, &resp(487, "")).unwrap();
    }
    call.on_response(5, &resp(200, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 200", "done"]);
}

#[test]
fn call_forward_4_7_3_forwards_immediately() {
    let c = bob(&[&corpus("preamble-call-forward.xml")], &[EP1], true);
    let mut call = route(&invite(""), &c);
    // 3.9.5.2.2.1: not the endpoints, not the simultaneous ring device; the forwarding timer.
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            &format!("fork 1 {FWD}"),
            "respond 181",
            "start 2 60000"
        ]
    );
    // Without enablecf: voice mail.
    let p = preamble(
        1,
        r#"<flags name="clientflags" value="forward_immediate"/>"#,
    );
    let c = bob(&[&p], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
    // enablecf without a forwardto target: 480 (3.9, a required element missing).
    let p = preamble(
        1,
        r#"<flags name="clientflags" value="forward_immediate enablecf"/>"#,
    );
    let c = bob(&[&p], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
}

#[test]
fn team_ring_4_7_4_timers_expiring() {
    let c = bob(&[&corpus("preamble-team-ring.xml")], &[EP1], true);
    let mut call = route(&invite(""), &c);
    // 3.9.5.2.2.3: endpoints and the primary user timer (user = 10 s).
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            "respond 101",
            "start 3 10000"
        ]
    );
    // 3.9.6.3: the team, the secondary timer (team2 = 10 s); the endpoints stay.
    call.on_timer(3).unwrap();
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        [
            "fork 2 sip:Alice@contoso.com",
            "fork 3 sip:Bob@contoso.com",
            "respond 181",
            "start 4 10000"
        ]
    );
    let his = header(&d, "INVITE", "History-Info");
    assert_eq!(
        his,
        [
            "<sip:bob@contoso.com>;index=1;ms-retarget-reason=team-call, <sip:Alice@contoso.com>;index=1.1",
            "<sip:bob@contoso.com>;index=1;ms-retarget-reason=team-call, <sip:Bob@contoso.com>;index=1.2"
        ]
    );
    assert_eq!(
        header(&d, "181", "History-Info"),
        ["<sip:bob@contoso.com>;index=1;ms-retarget-reason=team-call"]
    );
    // 3.9.6.4: everything cancelled, then voice mail.
    call.on_timer(4).unwrap();
    assert_eq!(
        lines(&mut call),
        [
            "cancel 1",
            "cancel 2",
            "cancel 3",
            &format!("fork 4 {VM}"),
            "respond 181"
        ]
    );
}

#[test]
fn team_ring_with_dnd_rings_the_team_and_a_team_member_caller_rings_primary() {
    let mut c = bob(&[&corpus("preamble-team-ring.xml")], &[EP1], true);
    c.facts.dnd = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            "fork 1 sip:Alice@contoso.com",
            "fork 2 sip:Bob@contoso.com",
            "respond 181",
            "start 4 10000"
        ]
    );
    // From a team member (3.9.5.2.2.3, first rule): the primary targets.
    let inv = invite_from("sip:alice@contoso.com", "", "application/sdp", SDP);
    let c = bob(&[&corpus("preamble-team-ring.xml")], &[EP1], true);
    let mut call = route(&inv, &c);
    let l = lines(&mut call);
    assert_eq!(l.last().unwrap(), "start 1 15000");
}

#[test]
fn team2_default_is_0_s() {
    // 3.9.2.4.
    let p = preamble(
        2,
        r#"<flags name="clientflags" value="team_ring"/><list name="team"><target uri="sip:carol@contoso.com"/></list>"#,
    );
    let c = bob(&[&p], &[EP1], false);
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call).last().unwrap(), "start 3 15000");
    call.on_timer(3).unwrap();
    assert_eq!(lines(&mut call).last().unwrap(), "start 4 0");
    call.on_timer(4).unwrap();
    // No voice mail: nothing follows; the caller is answered when the branches end.
    assert_eq!(lines(&mut call), ["cancel 1", "cancel 2", "respond 480"]);
    call.on_response(1, &resp(487, "")).unwrap();
    call.on_response(2, &resp(487, "")).unwrap();
    assert_eq!(lines(&mut call), ["done"]);
}

#[test]
fn delegate_ringing() {
    // 3.9.5.2.2.2 / 3.9.6.3.
    let p = preamble(
        2,
        r#"<flags name="clientflags" value="delegate_ring"/><list name="delegates"><target uri="sip:dave@contoso.com"/></list><wait name="user" seconds="5"/><wait name="team2" seconds="7"/>"#,
    );
    let c = bob(&[&p], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call).last().unwrap(), "start 3 5000");
    call.on_timer(3).unwrap();
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        ["fork 2 sip:dave@contoso.com", "respond 181", "start 4 7000"]
    );
    assert_eq!(
        header(&d, "181", "History-Info"),
        ["<sip:bob@contoso.com>;index=1;ms-retarget-reason=delegation"]
    );
    // DND: straight to the delegates with the secondary timer.
    let mut c = bob(&[&p], &[EP1], true);
    c.facts.dnd = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            "fork 1 sip:dave@contoso.com",
            "respond 181",
            "start 4 7000"
        ]
    );
    // skip_primary: the endpoints are not rung.
    let p2 = preamble(
        2,
        r#"<flags name="clientflags" value="delegate_ring skip_primary"/><list name="delegates"><target uri="sip:dave@contoso.com"/></list>"#,
    );
    let c = bob(&[&p2], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            "fork 1 sip:dave@contoso.com",
            "respond 181",
            "start 4 0"
        ]
    );
    // The caller is a delegate: primary targets.
    let p3 = preamble(
        2,
        r#"<flags name="clientflags" value="delegate_ring skip_primary"/><list name="delegates"><target uri="sip:Zoe@Fabrikam.com"/></list>"#,
    );
    let c = bob(&[&p3], &[EP1], true);
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call).last().unwrap(), "start 1 15000");
    // team_ring takes precedence over delegate_ring.
    let p4 = preamble(
        2,
        r#"<flags name="clientflags" value="delegate_ring team_ring"/><list name="delegates"><target uri="sip:dave@contoso.com"/></list><list name="team"><target uri="sip:erin@contoso.com"/></list>"#,
    );
    let c = bob(&[&p4], &[EP1], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_timer(3).unwrap();
    assert_eq!(lines(&mut call)[0], "fork 2 sip:erin@contoso.com");
}

#[test]
fn step_4_private_line() {
    // 3.9.5.2.2.4 and 3.9.5.10 (ms-line-type, ms-target-phone).
    let mut c = bob(&[&corpus("preamble-call-forward.xml")], &[EP1], true);
    c.facts.private_line = true;
    c.set_phone_line("tel:+14255550111").unwrap();
    let mut call = route(&invite(""), &c);
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            "respond 101",
            &format!("fork 2 {SIM}"),
            "respond 181",
            "start 1 18000"
        ]
    );
    assert_eq!(
        header(&d, "INVITE", "History-Info")[0],
        "<sip:bob@contoso.com>;index=1;ms-target-phone=tel:+14255550111;ms-line-type=private"
    );
    // 3.9.6.1: no forwarding on the private line (enablecf is set here): nothing follows.
    call.on_timer(1).unwrap();
    assert_eq!(lines(&mut call), ["cancel 1", "cancel 2", "respond 480"]);
}

#[test]
fn step_5_via_team_rings_endpoints_only() {
    let mut c = bob(&[&corpus("preamble-simultaneous-ring.xml")], &[EP1], true);
    c.facts.via_team_or_delegate = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {EP1}"), "respond 101"]
    );
}

#[test]
fn step_6_breakthrough_and_step_10_dnd() {
    let p = preamble(
        2,
        r#"<list name="breakthrough"><target uri="sip:zoe@fabrikam.com"/></list>"#,
    );
    let mut c = bob(&[&p], &[EP1], true);
    c.facts.dnd = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call).last().unwrap(), "start 1 15000");
    // Referred-By counts too.
    let p = preamble(
        2,
        r#"<list name="breakthrough"><target uri="sip:carol@contoso.com"/></list>"#,
    );
    let mut c = bob(&[&p], &[EP1], true);
    c.facts.dnd = true;
    let mut call = route(&invite("Referred-By: <sip:Carol@contoso.com>\r\n"), &c);
    assert_eq!(lines(&mut call).last().unwrap(), "start 1 15000");
    // Not in the list: DND goes to voice mail (step 10).
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
    // DND without voice mail: a failure response.
    let mut c = bob(&[], &[EP1], false);
    c.facts.dnd = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
}

#[test]
fn step_7_outside_work_hours_only_endpoints_then_voicemail() {
    let mut c = bob(&[&corpus("preamble-call-forward.xml")], &[EP1], true);
    c.facts.in_work_hours = false;
    let mut call = route(&invite(""), &c);
    // forward_immediate and simultaneous_ring are working-hours-only flags.
    assert_eq!(
        lines(&mut call),
        [
            "respond 183",
            &format!("fork 1 {EP1}"),
            "respond 101",
            "start 1 18000"
        ]
    );
    // enablecf too: voice mail, not forwarding.
    call.on_timer(1).unwrap();
    assert_eq!(
        lines(&mut call),
        ["cancel 1", &format!("fork 2 {VM}"), "respond 181"]
    );
    // DND outside working hours: step 10.
    c.facts.dnd = true;
    let mut call = route(&invite(""), &c);
    assert_eq!(
        lines(&mut call),
        ["respond 183", &format!("fork 1 {VM}"), "respond 181"]
    );
}

// ---- responses ----

#[test]
fn a_2xx_is_forwarded_and_the_others_cancelled_with_ms_acceptedby() {
    // 3.9.5.6.
    let c = bob(&[], &[EP1, EP2], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(180, "")).unwrap();
    call.on_response(2, &resp(200, "")).unwrap();
    let d = drain(&mut call);
    assert_eq!(
        d.lines,
        ["respond 180", "respond 200", "stop 1", "cancel 1"]
    );
    assert_eq!(
        header(&d, "CANCEL", "Reason"),
        ["SIP;cause=200;text=\"Call completed elsewhere\";ms-acceptedby=sip:bob@contoso.com"]
    );
    // The cancelled branch's 487 is not forwarded; then the call is over.
    call.on_response(1, &resp(487, "")).unwrap();
    assert_eq!(lines(&mut call), ["done"]);
    assert_eq!(
        call.on_response(1, &resp(487, "")),
        Err(RouteError::CallOver)
    );
}

#[test]
fn a_second_2xx_is_forwarded_too_and_finals_never_twice() {
    // RFC 3261 16.7 step 5 and 10.
    let c = bob(&[], &[EP1, EP2], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(200, "")).unwrap();
    lines(&mut call);
    call.on_response(2, &resp(200, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 200", "done"]);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(200, "")).unwrap();
    lines(&mut call);
    call.on_response(2, &resp(486, "")).unwrap();
    assert_eq!(lines(&mut call), ["done"]);
}

#[test]
fn best_response_selection_and_503() {
    // RFC 3261 16.7 step 6.
    let c = bob(&[], &[EP1, EP2], false);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(503, "")).unwrap();
    assert!(lines(&mut call).is_empty());
    call.on_response(2, &resp(404, "")).unwrap();
    assert_eq!(lines(&mut call), ["stop 1", "respond 404", "done"]);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(503, "")).unwrap();
    call.on_response(2, &resp(503, "")).unwrap();
    assert_eq!(lines(&mut call), ["stop 1", "respond 500", "done"]);
}

#[test]
fn busy_endpoints_go_to_voicemail_early() {
    let c = bob(&[], &[EP1], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(486, "")).unwrap();
    assert_eq!(
        lines(&mut call),
        ["stop 1", &format!("fork 2 {VM}"), "respond 181"]
    );
}

#[test]
fn the_605_ends_everything_and_the_603_allows_voicemail() {
    // 3.9.5.4.
    let c = bob(&[&corpus("preamble-team-ring.xml")], &[EP1, EP2], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(605, "")).unwrap();
    assert_eq!(lines(&mut call), ["cancel 2", "stop 3", "respond 605"]);
    call.on_response(2, &resp(487, "")).unwrap();
    assert_eq!(lines(&mut call), ["done"]);
    // 603: the fork set is cancelled, voice mail follows.
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(603, "")).unwrap();
    assert_eq!(
        lines(&mut call),
        ["cancel 2", "stop 3", &format!("fork 3 {VM}"), "respond 181"]
    );
    // Voice mail fails: the 603 stays the best answer.
    call.on_response(3, &resp(480, "")).unwrap();
    call.on_response(2, &resp(487, "")).unwrap();
    assert_eq!(lines(&mut call), ["respond 603", "done"]);
    // Without voice mail, the 603 is the answer.
    let c = bob(&[], &[EP1], false);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(603, "")).unwrap();
    assert_eq!(lines(&mut call), ["stop 1", "respond 603", "done"]);
}

#[test]
fn a_303_retargets_with_history_info_reason_303() {
    // 3.9.5.3, 3.9.5.10.
    let c = bob(&[], &[EP1], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(303, "Contact: <sip:carol@contoso.com>\r\n"))
        .unwrap();
    let d = drain(&mut call);
    assert_eq!(d.lines, ["fork 2 sip:carol@contoso.com", "respond 181"]);
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        [
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D303%3Btext%3D%22Redirect%22>;index=1;ms-retarget-reason=forwarding, <sip:carol@contoso.com>;index=1.1"
        ]
    );
    // A 303 without a Contact is a plain 3xx.
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(303, "")).unwrap();
    assert_eq!(
        lines(&mut call),
        ["stop 1", &format!("fork 2 {VM}"), "respond 181"]
    );
}

#[test]
fn redirect_loops_are_bounded_by_the_branch_limit() {
    let c = bob(&[], &[EP1], false);
    let r = Router::new(RouterConfig {
        max_branches: 4,
        ..RouterConfig::DEFAULT
    });
    let mut call = r.route(&invite(""), &c).unwrap();
    lines(&mut call);
    for b in 1..=4 {
        call.on_response(b, &resp(303, "Contact: <sip:loop@contoso.com>\r\n"))
            .unwrap();
    }
    let l = lines(&mut call);
    assert_eq!(l.last().unwrap(), "done");
    assert!(l.contains(&"respond 303".to_string()));
}

fn multipart_invite() -> Message {
    let body = format!(
        "--b\r\nContent-Type: application/sdp\r\nContent-Disposition: session; handling=optional; ms-proxy-2007fallback\r\n\r\n{SDP}\r\n--b\r\nContent-Type: application/sdp\r\n\r\n{SDP}\r\n--b--\r\n"
    );
    invite_with("", "multipart/alternative; boundary=b", &body)
}

#[test]
fn a_415_is_retried_once_with_the_fallback_part() {
    // 3.9.5.5.
    let c = bob(&[], &[EP1], true);
    let mut call = route(&multipart_invite(), &c);
    lines(&mut call);
    call.on_response(1, &resp(415, "")).unwrap();
    let d = drain(&mut call);
    assert_eq!(d.lines, [format!("fork 2 {EP1}")]);
    assert_eq!(d.msgs[0].content_type(), Some("application/sdp"));
    assert_eq!(d.msgs[0].body(), SDP.as_bytes());
    assert_eq!(
        d.msgs[0].header("History-Info"),
        Some("<sip:bob@contoso.com>;index=1")
    );
    // Item 2: once per target; the second 415 is a plain 4xx.
    call.on_response(2, &resp(415, "")).unwrap();
    assert_eq!(
        lines(&mut call),
        ["stop 1", &format!("fork 3 {VM}"), "respond 181"]
    );
    // Item 3: Accept says multipart is supported.
    let mut call = route(&multipart_invite(), &c);
    lines(&mut call);
    call.on_response(1, &resp(415, "Accept: multipart/alternative\r\n"))
        .unwrap();
    assert_eq!(lines(&mut call)[1], format!("fork 2 {VM}"));
    // Item 1: the request was not multipart.
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(415, "")).unwrap();
    assert_eq!(lines(&mut call)[1], format!("fork 2 {VM}"));
}

#[test]
fn a_199_after_an_18x_of_a_failed_branch() {
    // 3.9.5.8.
    let c = bob(&[], &[EP1, EP2], false);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_response(1, &resp(180, "")).unwrap();
    call.on_response(1, &resp(486, "")).unwrap();
    let d = drain(&mut call);
    assert_eq!(d.lines, ["respond 180", "respond 199"]);
    // The 199 carries the To tag of the branch's early dialog.
    assert!(d.msgs[1].header("To").unwrap().ends_with(";tag=b486"));
    // A branch without 18x gets none.
    call.on_response(2, &resp(486, "")).unwrap();
    assert_eq!(lines(&mut call), ["stop 1", "respond 486", "done"]);
}

#[test]
fn caller_cancel_cancels_every_branch_and_answers_487() {
    let c = bob(&[&corpus("preamble-simultaneous-ring.xml")], &[EP1], true);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_cancel().unwrap();
    assert_eq!(
        lines(&mut call),
        ["stop 1", "cancel 1", "cancel 2", "respond 487"]
    );
    call.on_response(1, &resp(487, "")).unwrap();
    call.on_branch_timeout(2).unwrap();
    assert_eq!(lines(&mut call), ["done"]);
    assert_eq!(call.on_cancel(), Err(RouteError::CallOver));
}

#[test]
fn a_branch_that_never_answers_times_out_as_408() {
    let c = bob(&[], &[EP1], false);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    call.on_branch_timeout(1).unwrap();
    assert_eq!(lines(&mut call), ["stop 1", "respond 408", "done"]);
}

#[test]
fn events_are_checked() {
    let c = bob(&[], &[EP1], false);
    let mut call = route(&invite(""), &c);
    lines(&mut call);
    assert_eq!(call.on_timer(9), Err(RouteError::UnknownTimer(9)));
    assert_eq!(call.on_timer(2), Err(RouteError::UnknownTimer(2)));
    assert_eq!(
        call.on_response(7, &resp(200, "")),
        Err(RouteError::UnknownBranch(7))
    );
    assert!(matches!(
        call.on_response(1, &invite("")),
        Err(RouteError::Invalid(_))
    ));
    // A 100 changes nothing.
    call.on_response(1, &resp(100, "")).unwrap();
    assert!(lines(&mut call).is_empty());
    let r = Router::default();
    let reg = Message::parse(
        b"REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\n\r\n",
    )
    .unwrap();
    assert_eq!(r.route(&reg, &c).err(), Some(RouteError::NotInvite));
    let bare = Message::parse(
        b"INVITE sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\n\r\n",
    )
    .unwrap();
    assert!(matches!(
        r.route(&bare, &c),
        Err(RouteError::Unanswerable(_))
    ));
}

#[test]
fn incoming_history_info_is_stored_and_validated() {
    // 3.9.5.10 steps 1-3.
    let c = bob(&[], &[], true);
    let hi = "History-Info: <sip:carol@fabrikam.com>;index=1, <sip:bob@contoso.com>;index=1.1\r\n";
    let mut call = route(&invite(hi), &c);
    let d = drain(&mut call);
    assert_eq!(
        header(&d, "INVITE", "History-Info"),
        [
            "<sip:carol@fabrikam.com>;index=1, <sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1.1;ms-retarget-reason=forwarding, <sip:bob@contoso.com;opaque=app:voicemail>;index=1.1.1"
        ]
    );
    let mut call = route(&invite("History-Info: garbage\r\n"), &c);
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
    let many: String = (0..40)
        .map(|_| "History-Info: <sip:x@y>;index=1\r\n")
        .collect();
    let mut call = route(&invite(&many), &c);
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
}

#[test]
fn branches_are_bounded() {
    let team: String = (0..30)
        .map(|k| format!(r#"<target uri="sip:t{k}@contoso.com"/>"#))
        .collect();
    let p = preamble(
        2,
        &format!(r#"<flags name="clientflags" value="team_ring"/><list name="team">{team}</list>"#),
    );
    let c = bob(&[&p], &[EP1, EP2], false);
    let r = Router::new(RouterConfig {
        max_branches: 8,
        ..RouterConfig::DEFAULT
    });
    let mut call = r.route(&invite(""), &c).unwrap();
    lines(&mut call);
    call.on_timer(3).unwrap();
    let forks = lines(&mut call)
        .iter()
        .filter(|l| l.starts_with("fork"))
        .count();
    assert_eq!(forks, 6);
}

#[test]
fn a_call_holds_the_script_it_started_with() {
    let mut c = bob(&[], &[EP1], true);
    let mut call = route(&invite(""), &c);
    c.add_preamble(&corpus("preamble-block.xml")).unwrap();
    lines(&mut call);
    call.on_timer(1).unwrap();
    assert_eq!(lines(&mut call)[1], format!("fork 2 {VM}"));
    let mut call = route(&invite(""), &c);
    assert_eq!(lines(&mut call), ["respond 480", "done"]);
}
