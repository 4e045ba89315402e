//! Every shape of response the registrar writes is the message a parse of its text gives
//! (the response is built with its layout recorded, not read again), and the 200 OKs of a new
//! binding and of a refresh are pinned byte for byte.

use super::Registrar;
use crate::sip::Message;

fn register(to: &str, cseq: u32, extra: &str) -> Message {
    let text = format!(
        "REGISTER sip:contoso.com SIP/2.0\r\n\
         Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK{cseq}v;received=198.51.100.7\r\n\
         Via: SIP/2.0/TLS 192.0.2.200;branch=z9hG4bKp{cseq}\r\n\
         Max-Forwards: 70\r\n\
         From: <sip:alice@contoso.com>;tag=t1;epid=01010101\r\n\
         To: {to}\r\n\
         Call-ID: c1\r\n\
         CSeq: {cseq} REGISTER\r\n\
         {extra}Content-Length: 0\r\n\r\n"
    );
    Message::parse(text.as_bytes()).expect("test REGISTER parses")
}

const ALICE: &str = "<sip:alice@contoso.com>";
const CONTACT: &str = "Contact: <sip:192.0.2.1:27221;transport=tls>;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"\r\n";

/// `resp` and the parse of its bytes agree on every span.
fn as_parsed(resp: &Message) {
    let p = Message::parse_with(resp.as_bytes(), resp.limits()).unwrap();
    assert_eq!(resp.start_line(), p.start_line());
    assert_eq!(resp.headers(), p.headers());
    assert_eq!(resp.head_len(), p.head_len());
    for h in p.headers() {
        assert_eq!(resp.header(p.name_of(h)), p.header(p.name_of(h)));
    }
}

#[test]
fn every_response_shape_is_the_message_its_text_parses_to() {
    let reg = Registrar::new("contoso.com").unwrap();
    let two = format!("{CONTACT}Contact: <sip:alice@192.0.2.9>;expires=60\r\n");
    let path = format!("Path: <sip:p1.contoso.com;lr>, <sip:p2.contoso.com;lr>\r\n{CONTACT}");
    let cases: Vec<(Message, u16)> = vec![
        (register(ALICE, 1, CONTACT), 200),
        (register(ALICE, 2, CONTACT), 200),
        (register(ALICE, 3, &two), 200),
        (register(ALICE, 4, ""), 200),
        (register(ALICE, 5, &path), 200),
        (
            register("<sip:alice@contoso.com>;tag=already", 6, CONTACT),
            200,
        ),
        (
            register(ALICE, 7, "Contact: <sip:alice@192.0.2.9>;expires=1\r\n"),
            423,
        ),
        (register(ALICE, 8, "Require: nothing-known\r\n"), 420),
        (register(ALICE, 9, "Contact: <sip:a@b>;expires=x\r\n"), 400),
        (register("<sip:bob@fabrikam.com>", 10, CONTACT), 404),
        (register(ALICE, 11, "Contact: *\r\nExpires: 0\r\n"), 200),
    ];
    for (req, code) in cases {
        let resp = reg.process(&req, 7, 1000).unwrap();
        assert_eq!(resp.status(), Some(code), "{:?}", resp.reason());
        as_parsed(&resp);
    }
}

#[test]
fn the_200_oks_of_a_new_binding_and_a_refresh_byte_for_byte() {
    let reg = Registrar::new("contoso.com").unwrap();
    let expect = |req: &Message, expires: u32| {
        format!(
            "SIP/2.0 200 OK\r\n\
             Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK{cseq}v;received=198.51.100.7\r\n\
             Via: SIP/2.0/TLS 192.0.2.200;branch=z9hG4bKp{cseq}\r\n\
             From: <sip:alice@contoso.com>;tag=t1;epid=01010101\r\n\
             To: <sip:alice@contoso.com>;tag={tag}\r\n\
             Call-ID: c1\r\n\
             CSeq: {cseq} REGISTER\r\n\
             Content-Length: 0\r\n\
             Contact: <sip:192.0.2.1:27221;transport=tls>;expires={expires};+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\";gruu=\"sip:alice@contoso.com;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA;gruu\"\r\n\
             \r\n",
            cseq = req.cseq().unwrap().unwrap().seq,
            tag = reg.to_tag(req),
        )
    };
    let new = register(ALICE, 1, CONTACT);
    let resp = reg.process(&new, 7, 1000).unwrap();
    assert_eq!(String::from_utf8_lossy(resp.as_bytes()), expect(&new, 3600));
    let refresh = register(ALICE, 2, CONTACT);
    let resp = reg.process(&refresh, 7, 1100).unwrap();
    assert_eq!(
        String::from_utf8_lossy(resp.as_bytes()),
        expect(&refresh, 3600)
    );
    // The binding written at 1100 has 3,500 seconds left at 1200 (a query).
    let query = register(ALICE, 3, "");
    let resp = reg.process(&query, 7, 1200).unwrap();
    assert_eq!(
        String::from_utf8_lossy(resp.as_bytes()),
        expect(&query, 3500)
    );
}
