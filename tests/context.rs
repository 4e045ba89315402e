//! Call context (MS-SIPRE 2.2.19, 3.13) on the example of 4.11.
//!
//! `tests/data/context/example-4.11.xml` is the XML part of the 4.11 INVITE as printed, its
//! two code blocks (the document breaks the page after `</cc:participants>`) joined by a line
//! end.

use mssip::context::{self, ContextConfig, ConversationContext, Party};
use mssip::sip::Message;

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/context/example-4.11.xml"
    ))
    .unwrap()
}

fn example_value() -> ConversationContext {
    ConversationContext {
        id: "0734aae0-a714-45d9-87bc-20ed9d432b80".into(),
        from: Party::new("sip:alice@contoso.com"),
        to: Party::new("sip:marco@contoso.com"),
        participants: vec![
            Party::new("sip:alice@contoso.com").with_display_name("Alice"),
            Party::new("sip:bob@contoso.com"),
        ],
        date: "2008-09-03T21:34:55.831063Z".into(),
        modes: vec!["audio".into()],
        conversation_id: "a4f266f1a6914acb99cddef15659e38c".into(),
        data_format: "text/plain".into(),
        context_data: "Waiting time: 00:00:18\nBob is calling, it's his birthday today.\n".into(),
    }
}

#[test]
fn the_4_11_document_is_read() {
    let cc = ConversationContext::parse(example().as_bytes(), &ContextConfig::DEFAULT).unwrap();
    assert_eq!(cc, example_value());
    assert!(cc.has_only_known_modes());
}

#[test]
fn the_4_11_document_is_written_byte_for_byte() {
    let xml = example_value().to_xml(&ContextConfig::DEFAULT).unwrap();
    assert_eq!(xml, example());
}

/// The 4.11 INVITE, rebuilt from its printed parts: the document runs the header lines
/// together and elides the SDP parts and Content-Length ("..."); here the SDP parts are
/// minimal and the headers those the example names.
fn invite_4_11(closing_boundary: &str) -> Message {
    let xml = example();
    let body = format!(
        "--0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A\r\n\
CONTENT-TYPE: multipart/alternative; boundary=4FqyUUSf17GyNwhB0PABKoF6PTFb6Ovl\r\n\r\n\
--4FqyUUSf17GyNwhB0PABKoF6PTFb6Ovl\r\nContent-Type: application/sdp\r\n\
Content-ID: e22b7561-b5df-4b86-89c0-b20702e2de83\r\n\
Content-Disposition: session; handling=optional; ms-proxy-2007fallback\r\n\r\nv=0\r\n\r\n\
--4FqyUUSf17GyNwhB0PABKoF6PTFb6Ovl\r\nContent-Type: application/sdp\r\n\
Content-ID: 8a09b2b6-afdc-47d3-bc33-5fda39d66463\r\n\r\nv=0\r\n\r\n\
--4FqyUUSf17GyNwhB0PABKoF6PTFb6Ovl--\r\n\
--0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A\r\nContent-ID: 5c44530a-8955-4514-8527-eaddf24b30ae\r\n\
Content-Type: application/ms-conversation-context+xml\r\n\
Content-Disposition: render;handling=optional\r\n\r\n{xml}\r\n--{closing_boundary}--\r\n"
    );
    let head = format!(
        "INVITE sip:192.0.2.3:59682;transport=tls;ms-opaque=f297889669;ms-received-cid=4EA600 SIP/2.0\r\n\
From: <sip:alice@contoso.com>;epid=42933B3A88;tag=f962b589a8\r\n\
To: <sip:marco@contoso.com>;epid=7913c4c11d\r\nContent-Length: {}\r\n\
Content-Type: multipart/mixed;boundary=0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A\r\n\r\n",
        body.len()
    );
    Message::parse(format!("{head}{body}").as_bytes()).unwrap()
}

#[test]
fn the_4_11_invite_carries_the_context_in_its_multipart_body() {
    let invite = invite_4_11("0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A");
    let cc = context::from_invite(&invite, &ContextConfig::DEFAULT)
        .unwrap()
        .unwrap();
    assert_eq!(cc, example_value());
}

#[test]
fn the_closing_boundary_printed_in_4_11_is_a_typo() {
    // 4.11 closes the outer multipart with `--0VUf5fZQGOkBjYIfaz2yOZCi5OdMrt2A--` (a lower-case
    // `z`), where the Content-Type names `0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A`. Boundaries compare
    // case-sensitively (RFC 2046 5.1.1), so as printed the body has no close delimiter and
    // does not parse; with the boundary as declared it does (the test above).
    let printed = invite_4_11("0VUf5fZQGOkBjYIfaz2yOZCi5OdMrt2A");
    assert!(matches!(
        context::from_invite(&printed, &ContextConfig::DEFAULT),
        Err(context::ContextError::Sip(_))
    ));
}

#[test]
fn call_context_is_conveyed_only_in_an_invite_and_once() {
    // MS-SIPRE 3.13.5.1: "Can only use the SIP INVITE request to convey call context data"
    // and "Can only include a single call context MIME body in the request".
    let xml = example();
    let msg = |method: &str, ct: &str, body: &str| {
        Message::parse(
            format!(
                "{method} sip:marco@contoso.com SIP/2.0\r\nCSeq: 1 {method}\r\n\
Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap()
    };
    let single = msg("INVITE", context::CONTENT_TYPE, &xml);
    assert_eq!(
        context::from_invite(&single, &ContextConfig::DEFAULT).unwrap(),
        Some(example_value())
    );
    let other = msg("MESSAGE", context::CONTENT_TYPE, &xml);
    assert!(context::from_invite(&other, &ContextConfig::DEFAULT).is_err());
    let twice = format!(
        "--b\r\nContent-Type: {ct}\r\n\r\n{xml}\r\n--b\r\nContent-Type: {ct}\r\n\r\n{xml}\r\n--b--\r\n",
        ct = context::CONTENT_TYPE
    );
    let two = msg("INVITE", "multipart/mixed;boundary=b", &twice);
    let e = context::from_invite(&two, &ContextConfig::DEFAULT).unwrap_err();
    assert!(e.to_string().contains("more than one call context body"));
    let sdp = msg("INVITE", "application/sdp", "v=0\r\n");
    assert_eq!(
        context::from_invite(&sdp, &ContextConfig::DEFAULT).unwrap(),
        None
    );
}

#[test]
fn s3_13_5_1_call_context_is_the_body_of_its_own_content_type_only() {
    // MS-SIPRE 3.13.5.1: the client "MUST set the content type to
    // application/ms-conversation-context+xml for the MIME body conveying call context data":
    // the same document under another type is not call context, as a body or as a part.
    let xml = example();
    for ct in [
        "application/xml",
        "text/xml",
        "application/ms-conversation-context",
    ] {
        let m = Message::parse(
            format!(
                "INVITE sip:marco@contoso.com SIP/2.0\r\nCSeq: 1 INVITE\r\n\
Content-Type: {ct}\r\nContent-Length: {}\r\n\r\n{xml}",
                xml.len()
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            context::from_invite(&m, &ContextConfig::DEFAULT).unwrap(),
            None,
            "{ct}"
        );
        let body = format!("--b\r\nContent-Type: {ct}\r\n\r\n{xml}\r\n--b--\r\n");
        let m = Message::parse(
            format!(
                "INVITE sip:marco@contoso.com SIP/2.0\r\nCSeq: 1 INVITE\r\n\
Content-Type: multipart/mixed;boundary=b\r\nContent-Length: {}\r\n\r\n{body}",
                body.len()
            )
            .as_bytes(),
        )
        .unwrap();
        assert_eq!(
            context::from_invite(&m, &ContextConfig::DEFAULT).unwrap(),
            None
        );
    }
    // Parameters and case do not change the type.
    let m = Message::parse(
        format!(
            "INVITE sip:marco@contoso.com SIP/2.0\r\nCSeq: 1 INVITE\r\n\
Content-Type: Application/MS-Conversation-Context+XML; charset=utf-8\r\nContent-Length: {}\r\n\r\n{xml}",
            xml.len()
        )
        .as_bytes(),
    )
    .unwrap();
    assert_eq!(
        context::from_invite(&m, &ContextConfig::DEFAULT).unwrap(),
        Some(example_value())
    );
}
