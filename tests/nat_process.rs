//! NAT processing at a server (MS-SIPRE 3.5.5.1): the example of MS-SIPRE 4.4 byte for byte,
//! and each MUST and SHOULD of section 3.5 as a test.

use mssip::limits::Limits;
use mssip::nat::{
    NatError, NatOptions, Rejection, Verdict, process, reject_response, uri_conn_id, via_conn_id,
};
use mssip::sip::peer::{Peer, Transport};
use mssip::sip::{Message, NameAddr};

/// The far end of the connection the REGISTER of MS-SIPRE 4.4 arrives on: the address and
/// port its Via gets, and the connection id both the Via and the Contact get.
fn peer_4_4() -> Peer {
    Peer {
        transport: Transport::Tls,
        ip: "192.168.0.2".parse().unwrap(),
        port: 1201,
        conn_id: 0x3540900,
    }
}

fn read(name: &str) -> String {
    std::fs::read_to_string(format!("tests/data/nat/{name}")).unwrap()
}

/// The wire form of a message printed in MS-SIPRE 4: CRLF line ends and the empty line, and
/// no space after `;`. The printed examples put a space after every `;` (typesetting: 4.9
/// does so even inside a Request-URI, where a space ends the URI, and 4.10 prints the same
/// kind of Contact without them); inside `<>` a space is not allowed at all (RFC 3261 25.1,
/// see `printed_contact_is_not_valid_sip`).
fn wire(printed: &str) -> String {
    let mut s = printed.replace("; ", ";").replace('\n', "\r\n");
    s.push_str("\r\n");
    s
}

fn tls_peer(ip: &str, port: u16, conn_id: u64) -> Peer {
    Peer {
        transport: Transport::Tls,
        ip: ip.parse().unwrap(),
        port,
        conn_id,
    }
}

fn run(text: &str, peer: &Peer) -> (Message, Verdict) {
    let mut m = Message::parse(text.as_bytes()).unwrap();
    let v = process(&mut m, peer, &NatOptions::DEFAULT).unwrap();
    (m, v)
}

#[test]
fn section_4_4_register_byte_for_byte() {
    let before = wire(&read("section-4-4-original.txt"));
    let after = wire(&read("section-4-4-processed.txt"));
    let (m, v) = run(&before, &peer_4_4());
    assert_eq!(v, Verdict::Forward);
    assert_eq!(String::from_utf8(m.as_bytes().to_vec()).unwrap(), after);
}

#[test]
fn printed_contact_is_not_valid_sip() {
    // The Contact as MS-SIPRE 4.4 prints it has spaces inside the angle brackets, which no URI
    // allows: NAT processing of the printed text refuses it rather than guessing.
    let printed = read("section-4-4-original.txt");
    let contact = printed
        .lines()
        .find_map(|l| l.strip_prefix("Contact: "))
        .unwrap();
    assert!(NameAddr::parse(contact).is_err());
    let mut text = printed.replace('\n', "\r\n");
    text.push_str("\r\n");
    let (m, v) = run(&text, &peer_4_4());
    assert_eq!(v, Verdict::Reject(Rejection::MalformedContact));
    assert_eq!(m.as_bytes(), text.as_bytes());
}

#[test]
fn section_4_4_ids_are_the_connection_id() {
    let (m, _) = run(&wire(&read("section-4-4-original.txt")), &peer_4_4());
    let via = m.vias().next().unwrap().unwrap();
    assert_eq!(via_conn_id(&via), Some(Ok(0x3540900)));
    let contact = m.contacts().next().unwrap().unwrap();
    assert_eq!(uri_conn_id(&contact.uri), Some(Ok(0x3540900)));
}

#[test]
fn corpus_register_is_rewritten() {
    let text = std::fs::read_to_string("tests/data/corpus/register-nat.sip").unwrap();
    let (m, v) = run(&text, &tls_peer("198.51.100.7", 40123, 0x7C9B00));
    assert_eq!(v, Verdict::Forward);
    let s = String::from_utf8(m.as_bytes().to_vec()).unwrap();
    let expect = text
        .replace(
            "Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK5a1d3e\r\n",
            "Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK5a1d3e;received=198.51.100.7;ms-received-port=40123;ms-received-cid=7C9B00\r\n",
        )
        .replace(
            "<sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>",
            "<sip:198.51.100.7:40123;transport=tls;ms-opaque=29c344caf9;ms-received-cid=7C9B00>",
        )
        .replace(";proxy=replace", "");
    assert_eq!(s, expect);
}

const INVITE: &str = "INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n\
Max-Forwards: 70\r\n\
From: <sip:alice@contoso.com>;tag=1;epid=01010101\r\n\
To: <sip:bob@contoso.com>\r\n\
Call-ID: c1\r\n\
CSeq: 1 INVITE\r\n\
Contact: <sip:10.0.0.7:5061;transport=tls>;proxy=replace\r\n\
Content-Length: 0\r\n\r\n";

const OK_200: &str = "SIP/2.0 200 OK\r\n\
Via: SIP/2.0/TLS edge.contoso.com:5061;branch=z9hG4bKedge\r\n\
Via: SIP/2.0/TLS 192.0.2.30:5061;branch=z9hG4bKfar;received=192.0.2.30\r\n\
From: <sip:carol@contoso.com>;tag=9\r\n\
To: <sip:bob@contoso.com>;tag=8\r\n\
Call-ID: c2\r\n\
CSeq: 1 INVITE\r\n\
Contact: <sip:10.0.0.9:5061;transport=tls>;proxy=replace\r\n\
Content-Length: 0\r\n\r\n";

fn bob() -> Peer {
    tls_peer("198.51.100.9", 3333, 0xB0B)
}

#[test]
fn step_1_a_request_past_the_first_hop_is_rejected_with_400() {
    for extra in [
        "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\nVia: SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK0\r\n",
        "Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1, SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK0\r\n",
    ] {
        let text = INVITE.replace("Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n", extra);
        let (m, v) = run(&text, &bob());
        assert_eq!(v, Verdict::Reject(Rejection::NotFirstHop));
        assert_eq!(
            m.as_bytes(),
            text.as_bytes(),
            "a rejected message is unchanged"
        );
        let r = reject_response(&m, Rejection::NotFirstHop).unwrap();
        assert_eq!(r.status(), Some(400));
        assert_eq!(r.count("Via"), 2);
    }
}

#[test]
fn step_1_a_relayed_response_is_discarded_one_from_the_ua_is_rewritten() {
    let opts = NatOptions {
        response_relayed: true,
        ..NatOptions::DEFAULT
    };
    let mut m = Message::parse(OK_200.as_bytes()).unwrap();
    assert_eq!(
        process(&mut m, &bob(), &opts).unwrap(),
        Verdict::Discard(Rejection::NotFirstHop)
    );
    assert_eq!(m.as_bytes(), OK_200.as_bytes());
    // Straight from the user agent (two Vias, as every response to a proxied request has).
    let (m, v) = run(OK_200, &bob());
    assert_eq!(v, Verdict::Forward);
    assert_eq!(
        m.header("Contact"),
        Some("<sip:198.51.100.9:3333;transport=tls;ms-received-cid=B0B>")
    );
    // Responses get no Via stamp.
    assert_eq!(
        m.header("Via"),
        Some("SIP/2.0/TLS edge.contoso.com:5061;branch=z9hG4bKedge")
    );
}

#[test]
fn a_refused_ack_is_dropped_not_answered() {
    // RFC 3261 17.2.3: no response is ever sent to an ACK.
    let ack = INVITE
        .replace("INVITE sip:", "ACK sip:")
        .replace("1 INVITE", "1 ACK")
        .replace("proxy=replace", "proxy=keep");
    let (m, v) = run(&ack, &bob());
    assert_eq!(v, Verdict::Discard(Rejection::ProxyNotReplace));
    assert_eq!(m.as_bytes(), ack.as_bytes());
}

#[test]
fn step_2_a_proxy_value_other_than_replace_is_refused() {
    let text = INVITE.replace("proxy=replace", "proxy=keep");
    let (m, v) = run(&text, &bob());
    assert_eq!(v, Verdict::Reject(Rejection::ProxyNotReplace));
    assert_eq!(m.as_bytes(), text.as_bytes());
    let text = OK_200.replace("proxy=replace", "proxy");
    let (m, v) = run(&text, &bob());
    assert_eq!(v, Verdict::Discard(Rejection::ProxyNotReplace));
    assert_eq!(m.as_bytes(), text.as_bytes());
}

#[test]
fn step_3_a_transport_other_than_the_connections_is_refused() {
    let tcp = Peer {
        transport: Transport::Tcp,
        ..bob()
    };
    let (m, v) = run(INVITE, &tcp);
    assert_eq!(v, Verdict::Reject(Rejection::TransportMismatch));
    assert_eq!(m.as_bytes(), INVITE.as_bytes());
    let (_, v) = run(OK_200, &tcp);
    assert_eq!(v, Verdict::Discard(Rejection::TransportMismatch));
    let r = reject_response(
        &Message::parse(INVITE.as_bytes()).unwrap(),
        Rejection::TransportMismatch,
    )
    .unwrap();
    assert_eq!(r.status(), Some(400));
}

#[test]
fn steps_4_to_9_on_every_contact_with_proxy() {
    let text = INVITE.replace(
        "Contact: <sip:10.0.0.7:5061;transport=tls>;proxy=replace\r\n",
        "Contact: <sip:alice@pc.contoso.com;transport=tls>;proxy=replace, <sip:10.0.0.7;maddr=10.0.0.7>;proxy=replace\r\nContact: <sip:alice@host.example>\r\n",
    );
    let (m, v) = run(&text, &bob());
    assert_eq!(v, Verdict::Forward);
    let contacts: Vec<&str> = m.values("Contact").collect();
    assert_eq!(
        contacts,
        [
            // step 6 (maddr added to a host name), step 8 (port added), step 9, step 4
            "<sip:alice@pc.contoso.com:3333;transport=tls;maddr=198.51.100.9;ms-received-cid=B0B>",
            // step 5 (maddr replaced, host kept), step 8, step 9, step 4
            "<sip:10.0.0.7:3333;maddr=198.51.100.9;ms-received-cid=B0B>",
            // no proxy parameter: left alone
            "<sip:alice@host.example>",
        ]
    );
}

#[test]
fn step_10_a_proxy_record_routes_dialog_creating_requests() {
    let rr = "<sip:edge.contoso.com:5061;transport=tls;lr>";
    let opts = NatOptions {
        record_route: Some(rr),
        ..NatOptions::DEFAULT
    };
    let mut m = Message::parse(INVITE.as_bytes()).unwrap();
    assert_eq!(process(&mut m, &bob(), &opts).unwrap(), Verdict::Forward);
    assert_eq!(m.header("Record-Route"), Some(rr));
    // Above an existing Record-Route.
    let text = INVITE.replace(
        "Max-Forwards: 70\r\n",
        "Max-Forwards: 70\r\nRecord-Route: <sip:other.example;lr>\r\n",
    );
    let mut m = Message::parse(text.as_bytes()).unwrap();
    process(&mut m, &bob(), &opts).unwrap();
    assert_eq!(
        m.values("Record-Route").collect::<Vec<_>>(),
        [rr, "<sip:other.example;lr>"]
    );
    // Not into a REGISTER, a request inside a dialog, a request without proxy, or a response.
    for text in [
        wire(&read("section-4-4-original.txt")),
        INVITE.replace(
            "To: <sip:bob@contoso.com>",
            "To: <sip:bob@contoso.com>;tag=x",
        ),
        INVITE.replace(";proxy=replace", ""),
        OK_200.to_string(),
    ] {
        let mut m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(process(&mut m, &bob(), &opts).unwrap(), Verdict::Forward);
        assert_eq!(m.count("Record-Route"), 0, "{text}");
    }
    // SUBSCRIBE, REFER and NOTIFY create dialogs too.
    for method in ["SUBSCRIBE", "REFER", "NOTIFY"] {
        let text = INVITE.replace("INVITE", method);
        let mut m = Message::parse(text.as_bytes()).unwrap();
        process(&mut m, &bob(), &opts).unwrap();
        assert_eq!(m.header("Record-Route"), Some(rr), "{method}");
    }
}

#[test]
fn via_stamp_on_every_request_saves_the_connection() {
    // The SHOULD of 3.5.5.1: requests without a proxy Contact are stamped too.
    let text = INVITE.replace(";proxy=replace", "");
    let (m, v) = run(&text, &bob());
    assert_eq!(v, Verdict::Forward);
    assert_eq!(
        m.header("Via"),
        Some(
            "SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1;received=198.51.100.9;ms-received-port=3333;ms-received-cid=B0B"
        )
    );
    assert_eq!(
        m.header("Contact"),
        Some("<sip:10.0.0.7:5061;transport=tls>")
    );
    // UDP: address and port, no connection.
    let udp = Peer {
        transport: Transport::Udp,
        conn_id: 0,
        ..bob()
    };
    let text = INVITE.replace("TLS", "UDP").replace(";transport=tls", "");
    let (m, v) = run(&text, &udp);
    assert_eq!(v, Verdict::Forward);
    assert_eq!(
        m.header("Via"),
        Some(
            "SIP/2.0/UDP 10.0.0.7:5061;branch=z9hG4bK1;received=198.51.100.9;ms-received-port=3333"
        )
    );
    assert_eq!(m.header("Contact"), Some("<sip:198.51.100.9:3333>"));
    // The stamp can be left out.
    let opts = NatOptions {
        skip_via_stamp: true,
        ..NatOptions::DEFAULT
    };
    let mut m = Message::parse(INVITE.as_bytes()).unwrap();
    process(&mut m, &bob(), &opts).unwrap();
    assert_eq!(
        m.header("Via"),
        Some("SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1")
    );
}

#[test]
fn vias_are_copied_into_responses_so_the_id_comes_back() {
    // 3.5: Via header fields MUST be copied from requests to responses (RFC 3261 8.2.6.2): the
    // response built for the stamped request carries the connection id back.
    let (m, _) = run(INVITE, &bob());
    let resp = Message::response_to(&m, 180, None, Some("t")).unwrap();
    let via = resp.vias().next().unwrap().unwrap();
    assert_eq!(via_conn_id(&via), Some(Ok(0xB0B)));
}

#[test]
fn requests_without_a_usable_via_or_contact_are_rejected() {
    let no_via = INVITE.replace("Via: SIP/2.0/TLS 10.0.0.7:5061;branch=z9hG4bK1\r\n", "");
    assert_eq!(run(&no_via, &bob()).1, Verdict::Reject(Rejection::NoVia));
    let bad_via = INVITE.replace("SIP/2.0/TLS 10.0.0.7:5061;branch", "SIP/2.0/TLS ;branch");
    assert_eq!(
        run(&bad_via, &bob()).1,
        Verdict::Reject(Rejection::MalformedVia)
    );
    let bad_contact = INVITE.replace("<sip:10.0.0.7:5061;transport=tls>", "<sip:10.0.0.7:5061");
    let (m, v) = run(&bad_contact, &bob());
    assert_eq!(v, Verdict::Reject(Rejection::MalformedContact));
    assert_eq!(m.as_bytes(), bad_contact.as_bytes());
    let tel = INVITE.replace("<sip:10.0.0.7:5061;transport=tls>", "<tel:+15551234>");
    assert_eq!(run(&tel, &bob()).1, Verdict::Reject(Rejection::NotSipUri));
    let star = "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.7;branch=z9hG4bK1\r\nTo: <sip:a@contoso.com>\r\nContact: *\r\nExpires: 0\r\n\r\n";
    assert_eq!(run(star, &bob()).1, Verdict::Forward);
}

#[test]
fn errors_leave_the_message_as_it_was() {
    let mut m = Message::parse(INVITE.as_bytes()).unwrap();
    let no_id = Peer {
        conn_id: 0,
        ..bob()
    };
    assert_eq!(
        process(&mut m, &no_id, &NatOptions::DEFAULT),
        Err(NatError::NoConnId)
    );
    let opts = NatOptions {
        record_route: Some("not an address<"),
        ..NatOptions::DEFAULT
    };
    assert!(matches!(
        process(&mut m, &bob(), &opts),
        Err(NatError::BadOption(_))
    ));
    assert_eq!(m.as_bytes(), INVITE.as_bytes());
    // A message whose rewrite would cross its size limit.
    let limits = Limits {
        max_message_size: INVITE.len() + 40,
        ..Limits::DEFAULT
    };
    let mut m = Message::parse_with(INVITE.as_bytes(), &limits).unwrap();
    assert!(matches!(
        process(&mut m, &bob(), &NatOptions::DEFAULT),
        Err(NatError::Edit(_))
    ));
    assert_eq!(m.as_bytes(), INVITE.as_bytes());
}

#[test]
fn ipv6_peers() {
    let p6 = Peer {
        transport: Transport::Tcp,
        ip: "2001:db8::5".parse().unwrap(),
        port: 5070,
        conn_id: 0x42,
    };
    let text = INVITE
        .replace("TLS", "TCP")
        .replace("transport=tls", "transport=tcp");
    let (m, v) = run(&text, &p6);
    assert_eq!(v, Verdict::Forward);
    assert_eq!(
        m.header("Via"),
        Some(
            "SIP/2.0/TCP 10.0.0.7:5061;branch=z9hG4bK1;received=2001:db8::5;ms-received-port=5070;ms-received-cid=42"
        )
    );
    assert_eq!(
        m.header("Contact"),
        Some("<sip:[2001:db8::5]:5070;transport=tcp;ms-received-cid=42>")
    );
}

#[test]
fn the_rewritten_contact_routes_mid_dialog_requests_back() {
    // 3.5: the Contact is kept in dialog state and becomes the Request-URI of mid-dialog
    // requests (RFC 3261 12.2.1.1), so what step 9 put in it names the connection there too.
    let (m, _) = run(INVITE, &bob());
    let contact = m.contacts().next().unwrap().unwrap();
    let bye = format!(
        "BYE {} SIP/2.0\r\nVia: SIP/2.0/TLS edge.contoso.com;branch=z9hG4bK9\r\nTo: <sip:alice@contoso.com>;tag=1\r\nCall-ID: c1\r\nCSeq: 2 BYE\r\n\r\n",
        contact.uri.raw
    );
    let bye = Message::parse(bye.as_bytes()).unwrap();
    let ruri = mssip::sip::Uri::parse(bye.request_uri().unwrap()).unwrap();
    assert_eq!(uri_conn_id(&ruri), Some(Ok(0xB0B)));
}

#[test]
fn a_user_agent_asks_for_the_rewrite_and_the_server_does_it() {
    // 3.5.4.1 then 3.5.5.1: the user agent marks its IP Contact, the first server rewrites it.
    let text = INVITE.replace(";proxy=replace", "");
    let mut m = Message::parse(text.as_bytes()).unwrap();
    assert_eq!(mssip::nat::add_proxy_replace(&mut m), Ok(1));
    assert_eq!(
        m.header("Contact"),
        Some("<sip:10.0.0.7:5061;transport=tls>;proxy=replace")
    );
    assert_eq!(
        process(&mut m, &bob(), &NatOptions::DEFAULT),
        Ok(Verdict::Forward)
    );
    assert_eq!(
        m.header("Contact"),
        Some("<sip:198.51.100.9:3333;transport=tls;ms-received-cid=B0B>")
    );
}

/// A header value folded over lines: the torture message whose top Via goes over three lines
/// (RFC 4475 3.1.1.1, wsinv.dat).
fn wsinv() -> Vec<u8> {
    std::fs::read("tests/data/torture/rfc4475/wsinv.dat").unwrap()
}

#[test]
fn via_stamp_on_a_folded_via_keeps_its_line_breaks() {
    let before = wsinv();
    let mut m = Message::parse(&before).unwrap();
    let peer = Peer {
        transport: Transport::Tcp,
        ip: "198.51.100.7".parse().unwrap(),
        port: 40112,
        conn_id: 0x1D8AF00,
    };
    assert_eq!(
        process(&mut m, &peer, &NatOptions::DEFAULT).unwrap(),
        Verdict::Forward
    );
    let folded = "Via  : SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw\r\n";
    let stamped = "Via  : SIP  /   2.0\r\n /UDP\r\n    192.0.2.2;branch=390skdjuw;received=198.51.100.7;ms-received-port=40112;ms-received-cid=1D8AF00\r\n";
    let text = String::from_utf8(before).unwrap();
    assert!(text.contains(folded));
    assert_eq!(
        String::from_utf8(m.as_bytes().to_vec()).unwrap(),
        text.replace(folded, stamped)
    );
    assert_eq!(
        via_conn_id(&m.vias().next().unwrap().unwrap())
            .unwrap()
            .unwrap(),
        0x1D8AF00
    );
    // Run again: the sender's values of the stamped parameters are replaced, not repeated.
    let again = Peer {
        conn_id: 0x2A00,
        ..peer
    };
    process(&mut m, &again, &NatOptions::DEFAULT).unwrap();
    let via = m.vias().next().unwrap().unwrap();
    assert_eq!(
        via.params.iter().filter(|p| p.name == "received").count(),
        1
    );
    assert_eq!(
        via_conn_id(&m.vias().next().unwrap().unwrap())
            .unwrap()
            .unwrap(),
        0x2A00
    );
    assert!(String::from_utf8_lossy(m.as_bytes()).contains("Via  : SIP  /   2.0\r\n /UDP\r\n "));
}

#[test]
fn a_folded_via_with_forged_stamps_and_an_ipv6_peer() {
    let text = "OPTIONS sip:a@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.7\r\n ;branch=z9hG4bK1 ;\r\n\tms-received-cid=FFFF;received=6.6.6.6\r\nTo: <sip:a@contoso.com>\r\nFrom: <sip:b@contoso.com>;tag=1\r\nCall-ID: c\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n";
    let peer = tls_peer("2001:db8::7", 5061, 0xAB00);
    let (m, v) = run(text, &peer);
    assert_eq!(v, Verdict::Forward);
    assert_eq!(
        String::from_utf8(m.as_bytes().to_vec()).unwrap(),
        text.replace(
            "Via: SIP/2.0/TLS 10.0.0.7\r\n ;branch=z9hG4bK1 ;\r\n\tms-received-cid=FFFF;received=6.6.6.6\r\n",
            // The white space that stood before the removed parameters stays at the line's
            // end (allowed LWS; every byte not stamped is kept).
            "Via: SIP/2.0/TLS 10.0.0.7\r\n ;branch=z9hG4bK1;received=2001:db8::7;ms-received-port=5061;ms-received-cid=AB00 \r\n"
        )
    );
}

#[test]
fn a_folded_contact_with_proxy_replace_is_rewritten() {
    let text = "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:27221\r\nFrom: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: c\r\nCSeq: 1 REGISTER\r\nContact: \"Alice\"\r\n <sip:192.0.2.1:27221;transport=tls>\r\n ;proxy=replace;expires=60\r\nContent-Length: 0\r\n\r\n";
    let (m, v) = run(text, &peer_4_4());
    assert_eq!(v, Verdict::Forward);
    let out = String::from_utf8(m.as_bytes().to_vec()).unwrap();
    assert!(
        out.contains("\r\nContact: \"Alice\" <sip:192.168.0.2:1201;transport=tls;ms-received-cid=3540900> ;expires=60\r\n"),
        "{out}"
    );
    assert_eq!(
        via_conn_id(&m.vias().next().unwrap().unwrap())
            .unwrap()
            .unwrap(),
        0x3540900
    );
}

/// A Contact with a bare CR inside a parameter name (a fuzzed message: not a fold, RFC 3261
/// 7.3.1) is read as the message holds it, not as if the CR were a line fold: a Contact that
/// does not parse is never forwarded as if it did.
#[test]
fn a_bare_cr_inside_a_contact_is_not_a_fold() {
    let text = "INVITE sip:bob@contoso.com SIP/2.0\r\n\
        Via: SIP/2.0/TLS 172.19.58.10:5066;branch=z9hG4bK8a2e\r\n\
        Max-Forwards: 70\r\n\
        From: <sip:alice@contoso.com>;tag=7534\r\n\
        To: <sip:bob@contoso.com>\r\n\
        CSeq: 5 INVITE\r\n\
        Call-ID: 7a7378c9\r\n\
        Contact: <sip:exchange.contoso.com:5066;transport=tls;ms-\rpaque=a7>;automata\r\n\
        Content-Length: 0\r\n\r\n";
    let mut msg = Message::parse(text.as_bytes()).expect("the parser is lenient");
    let before = msg.as_bytes().to_vec();
    match process(
        &mut msg,
        &tls_peer("172.19.58.10", 5066, 7),
        &NatOptions::DEFAULT,
    ) {
        Ok(Verdict::Forward) => {
            for c in msg.values("Contact") {
                NameAddr::parse(c).expect("a forwarded Contact parses");
            }
        }
        Ok(_) | Err(_) => assert_eq!(msg.as_bytes(), &before[..]),
    }
}
