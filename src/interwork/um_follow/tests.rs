use super::*;
use crate::interwork::history_to_diversion;

/// The INVITE as the proxy forwarded it to UM: bob's call diverted to voice mail by the
/// router (MS-SIPRE 3.9.5.10 entries), its Route to UM, the proxy's Via on top.
fn sent(history: &str, diversion: &str) -> Message {
    Message::parse(
        format!(
            "INVITE sip:um@192.0.2.20:5060;transport=tcp SIP/2.0\r\n\
Via: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK-proxy-1\r\n\
Via: SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice\r\n\
Record-Route: <sip:192.0.2.1:5060;transport=tcp;lr>\r\n\
From: \"Alice\" <sip:alice@contoso.com>;tag=a1\r\nTo: <sip:bob@contoso.com>\r\n\
Call-ID: um-call-1\r\nCSeq: 7 INVITE\r\nMax-Forwards: 69\r\n\
Contact: <sip:alice@192.0.2.9:49152;transport=tls>\r\n\
{history}{diversion}Content-Type: application/sdp\r\nContent-Length: 4\r\n\r\nv=0\n"
        )
        .as_bytes(),
    )
    .unwrap()
}

const HI: &str = "History-Info: <sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding, <sip:um@192.0.2.20:5060;transport=tcp>;index=1.1\r\n";
const DIV: &str = "Diversion: <sip:bob@contoso.com>;reason=no-answer;counter=1\r\n";

fn redirect(contact: &str, cseq: &str) -> Message {
    Message::parse(
        format!(
            "SIP/2.0 302 Moved Temporarily\r\n\
Via: SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice\r\n\
From: \"Alice\" <sip:alice@contoso.com>;tag=a1\r\nTo: <sip:bob@contoso.com>;tag=um9\r\n\
Call-ID: um-call-1\r\nCSeq: {cseq}\r\nContact: {contact}\r\nContent-Length: 0\r\n\r\n"
        )
        .as_bytes(),
    )
    .unwrap()
}

const WORKER: &str = "<sip:192.0.2.20:5065;transport=TCP;maddr=192.0.2.20?X-Um=1>";

#[test]
fn the_next_branch_keeps_the_call_and_its_cseq_and_drops_only_the_proxy_via() {
    let sent = sent(HI, DIV);
    let b = follow_um_redirect(&sent, &redirect(WORKER, "7 INVITE"), Transport::Tcp).unwrap();
    let next = &b.invite;
    assert_eq!(
        next.request_uri(),
        Some("sip:192.0.2.20:5065;transport=TCP;maddr=192.0.2.20")
    );
    // RFC 3261 16.6 item 1: a proxy's branches copy the request; the CSeq does not move.
    assert_eq!(next.value("CSeq", 0), Some("7 INVITE"));
    assert_eq!(next.call_id(), sent.call_id());
    assert_eq!(next.value("From", 0), sent.value("From", 0));
    assert_eq!(next.value("To", 0), sent.value("To", 0));
    assert_eq!(next.count("Via"), 1);
    assert_eq!(
        next.value("Via", 0),
        Some("SIP/2.0/TLS 192.0.2.9:49152;branch=z9hG4bK-alice")
    );
    assert_eq!(next.value("Record-Route", 0), sent.value("Record-Route", 0));
    assert_eq!(next.body(), sent.body());
    // Diversion byte for byte, and no new one.
    assert_eq!(next.count("Diversion"), 1);
    assert_eq!(next.value("Diversion", 0), sent.value("Diversion", 0));
    // The original is untouched.
    assert_eq!(sent.value("CSeq", 0), Some("7 INVITE"));
    assert_eq!(sent.count("Via"), 2);
    assert_eq!(b.pin.transport, Transport::Tcp);
    assert_eq!(b.pin.call_id, "um-call-1");
    assert_eq!(b.pin.from_tag, "a1");
    assert_eq!(
        b.pin.worker,
        "sip:192.0.2.20:5065;transport=TCP;maddr=192.0.2.20"
    );
}

#[test]
fn history_info_records_the_302_on_um_and_the_worker_as_an_rc_sibling() {
    let b =
        follow_um_redirect(&sent(HI, ""), &redirect(WORKER, "7 INVITE"), Transport::Tcp).unwrap();
    let hi: Vec<&str> = b.invite.values("History-Info").collect();
    assert_eq!(
        hi,
        [
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding",
            "<sip:um@192.0.2.20:5060;transport=tcp?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1.1",
            "<sip:192.0.2.20:5065;transport=TCP;maddr=192.0.2.20>;index=1.2;rc=1.1",
        ]
    );
    // RFC 6044 read of the result: still bob's one diversion, not one from UM.
    let mapped = history_to_diversion(&b.invite).unwrap().unwrap();
    let div: Vec<&str> = mapped.values("Diversion").collect();
    assert_eq!(
        div,
        ["<sip:bob@contoso.com>;reason=unconditional;counter=1"]
    );
}

#[test]
fn a_301_writes_its_own_cause_and_an_entry_with_a_reason_keeps_it() {
    let mut moved = redirect(WORKER, "7 INVITE").as_bytes().to_vec();
    moved.splice(8..30, b"301 Moved Permanently".iter().copied());
    let moved = Message::parse(&moved).unwrap();
    assert_eq!(moved.status(), Some(301));
    let b = follow_um_redirect(&sent(HI, ""), &moved, Transport::Tcp).unwrap();
    assert!(
        b.invite
            .value("History-Info", 1)
            .unwrap()
            .contains("cause%3D301%3Btext%3D%22Moved%20Permanently")
    );
    let with_reason = "History-Info: <sip:bob@contoso.com>;index=1, <sip:um@192.0.2.20:5060;transport=tcp?Reason=SIP%3Bcause%3D480>;index=1.1, <sip:x@contoso.com>;index=1.2\r\n";
    let b = follow_um_redirect(
        &sent(with_reason, ""),
        &redirect(WORKER, "7 INVITE"),
        Transport::Tcp,
    )
    .unwrap();
    let hi: Vec<&str> = b.invite.values("History-Info").collect();
    assert_eq!(
        hi[1],
        "<sip:um@192.0.2.20:5060;transport=tcp?Reason=SIP%3Bcause%3D480>;index=1.1"
    );
    // 1.2 is taken: the worker's entry is the next free sibling.
    assert_eq!(
        hi[3],
        "<sip:192.0.2.20:5065;transport=TCP;maddr=192.0.2.20>;index=1.3;rc=1.1"
    );
}

#[test]
fn without_history_info_none_is_written_and_diversion_alone_travels() {
    let b = follow_um_redirect(
        &sent("", DIV),
        &redirect(WORKER, "7 INVITE"),
        Transport::Tcp,
    )
    .unwrap();
    assert_eq!(b.invite.count("History-Info"), 0);
    assert_eq!(
        b.invite.value("Diversion", 0),
        Some("<sip:bob@contoso.com>;reason=no-answer;counter=1")
    );
}

#[test]
fn the_transport_comes_from_the_contact_else_the_way_to_um_and_never_udp() {
    let s = sent(HI, "");
    let tls = follow_um_redirect(
        &s,
        &redirect("<sips:192.0.2.20:5067>", "7 INVITE"),
        Transport::Tcp,
    )
    .unwrap();
    assert_eq!(tls.pin.transport, Transport::Tls);
    let bare = follow_um_redirect(
        &s,
        &redirect("<sip:192.0.2.20:5066>", "7 INVITE"),
        Transport::Tls,
    )
    .unwrap();
    assert_eq!(bare.pin.transport, Transport::Tls);
    assert_eq!(
        follow_um_redirect(
            &s,
            &redirect("<sip:192.0.2.20:5066>", "7 INVITE"),
            Transport::Udp
        )
        .unwrap_err(),
        UmFollowError::Transport(Transport::Udp)
    );
    assert_eq!(
        follow_um_redirect(
            &s,
            &redirect("<sip:192.0.2.20:5066;transport=udp>", "7 INVITE"),
            Transport::Tcp
        )
        .unwrap_err(),
        UmFollowError::Transport(Transport::Udp)
    );
    assert!(matches!(
        follow_um_redirect(
            &s,
            &redirect("<sip:192.0.2.20:5066;transport=sctp>", "7 INVITE"),
            Transport::Tcp
        ),
        Err(UmFollowError::NotRedirect(_))
    ));
}

#[test]
fn responses_that_are_not_this_redirect_are_refused() {
    let s = sent(HI, "");
    let other_cseq = follow_um_redirect(&s, &redirect(WORKER, "8 INVITE"), Transport::Tcp);
    assert!(matches!(other_cseq, Err(UmFollowError::NotRedirect(_))));
    let ok = Message::parse(
        b"SIP/2.0 200 OK\r\nCall-ID: um-call-1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    assert!(matches!(
        follow_um_redirect(&s, &ok, Transport::Tcp),
        Err(UmFollowError::NotRedirect(_))
    ));
    let no_contact = Message::parse(
        b"SIP/2.0 302 Moved\r\nCall-ID: um-call-1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    assert!(matches!(
        follow_um_redirect(&s, &no_contact, Transport::Tcp),
        Err(UmFollowError::NotRedirect(_))
    ));
    let bye = Message::parse(
        b"BYE sip:um@192.0.2.20 SIP/2.0\r\nCall-ID: um-call-1\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    assert!(matches!(
        follow_um_redirect(&bye, &redirect(WORKER, "7 INVITE"), Transport::Tcp),
        Err(UmFollowError::NotRedirect(_))
    ));
    let bad = redirect("<sip:@@>", "7 INVITE");
    assert!(follow_um_redirect(&s, &bad, Transport::Tcp).is_err());
}

#[test]
fn a_target_already_tried_is_not_followed_again() {
    let s = sent(HI, "");
    // UM redirecting to itself (the Request-URI), or back to bob (a History-Info entry).
    for contact in [
        "<sip:um@192.0.2.20:5060;transport=tcp>",
        "<sip:um@192.0.2.20:5060>",
        "<sip:BOB@contoso.com>",
    ] {
        let r = follow_um_redirect(&s, &redirect(contact, "7 INVITE"), Transport::Tcp);
        if contact.contains("BOB") {
            // users compare case-sensitively (RFC 3261 19.1.4): another target
            assert!(r.is_ok(), "{contact}");
        } else {
            assert_eq!(r.unwrap_err(), UmFollowError::AlreadyTried, "{contact}");
        }
    }
    let r = follow_um_redirect(
        &s,
        &redirect("<sip:bob@CONTOSO.com>", "7 INVITE"),
        Transport::Tcp,
    );
    assert_eq!(r.unwrap_err(), UmFollowError::AlreadyTried);
}

#[test]
fn the_pin_covers_the_call_in_both_directions_and_nothing_else() {
    let b =
        follow_um_redirect(&sent(HI, ""), &redirect(WORKER, "7 INVITE"), Transport::Tcp).unwrap();
    let req = |from: &str, to: &str, call: &str| {
        Message::parse(
            format!(
                "INVITE sip:192.0.2.20:5065;transport=tcp SIP/2.0\r\nFrom: {from}\r\nTo: {to}\r\n\
Call-ID: {call}\r\nCSeq: 8 INVITE\r\nContent-Length: 0\r\n\r\n"
            )
            .as_bytes(),
        )
        .unwrap()
    };
    let alice = "<sip:alice@contoso.com>;tag=a1";
    let worker = "<sip:bob@contoso.com>;tag=w5";
    assert!(b.pin.covers(&req(alice, worker, "um-call-1")));
    assert!(b.pin.covers(&req(worker, alice, "um-call-1")));
    assert!(!b.pin.covers(&req(alice, worker, "um-call-2")));
    assert!(
        !b.pin
            .covers(&req("<sip:alice@contoso.com>;tag=zz", worker, "um-call-1"))
    );
    assert!(!b.pin.covers(&req(
        "<sip:alice@contoso.com>",
        "<sip:bob@contoso.com>",
        "um-call-1"
    )));
}

#[test]
fn an_invite_with_too_many_entries_is_refused() {
    let many: Vec<String> = (1..=MAX_ENTRIES + 1)
        .map(|i| format!("<sip:u{i}@contoso.com>;index=1.{i}"))
        .collect();
    let s = sent(&format!("History-Info: {}\r\n", many.join(", ")), "");
    assert!(matches!(
        follow_um_redirect(&s, &redirect(WORKER, "7 INVITE"), Transport::Tcp),
        Err(UmFollowError::Sip(_))
    ));
}

#[test]
fn the_corpus_invite_gets_an_entry_for_its_branch_to_um_and_one_for_the_worker() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/invite-history-info.sip"
    ))
    .unwrap();
    let (start, rest) = text.split_once("\r\n").unwrap();
    let sent = Message::parse(
        format!("{start}\r\nVia: SIP/2.0/TCP 192.0.2.1:5060;branch=z9hG4bK-p\r\n{rest}").as_bytes(),
    )
    .unwrap();
    let resp = Message::parse(
        b"SIP/2.0 302 Moved Temporarily\r\nFrom: <sip:Alice@contoso.com>;tag=9f8e7d;epid=01010101\r\n\
To: <sip:Bob@contoso.com>;tag=u1\r\nCSeq: 39513 INVITE\r\n\
Call-ID: 772937b8-0e12-4639-8c79-9d2ac32f2a56\r\n\
Contact: <sip:exum1.contoso.com:5065;transport=TLS>\r\nContent-Length: 0\r\n\r\n",
    )
    .unwrap();
    let b = follow_um_redirect(&sent, &resp, Transport::Tls).unwrap();
    let hi: Vec<&str> = b.invite.values("History-Info").collect();
    let ruri = sent.request_uri().unwrap();
    assert_eq!(hi.len(), 4);
    assert_eq!(
        &hi[..2],
        &sent.values("History-Info").collect::<Vec<_>>()[..]
    );
    assert_eq!(
        hi[2],
        format!("<{ruri}?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1.1.1")
    );
    assert_eq!(
        hi[3],
        "<sip:exum1.contoso.com:5065;transport=TLS>;index=1.1.2;rc=1.1.1"
    );
    assert_eq!(b.invite.value("CSeq", 0), Some("39513 INVITE"));
    assert_eq!(b.pin.transport, Transport::Tls);
    // The rest of the head and the body as they were.
    assert_eq!(b.invite.body(), sent.body());
    assert_eq!(
        b.invite.value("Record-Route", 0),
        sent.value("Record-Route", 0)
    );
    // RFC 6044: still Bob's forwarding alone.
    let mapped = history_to_diversion(&b.invite).unwrap().unwrap();
    let div: Vec<&str> = mapped.values("Diversion").collect();
    assert_eq!(
        div,
        ["<sip:Bob@contoso.com>;reason=unconditional;counter=1"]
    );
}
