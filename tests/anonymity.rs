//! Agent anonymity (MS-SIPRE 3.16) on the examples of 4.13 and the corpus INVITE.
//!
//! The 4.13 texts are copied as printed, with the Contact lines the document breaks inside
//! `automata` joined, CRLF line ends and the empty line that ends a header section added
//! (the examples leave out "common required headers and the SDP part").

use mssip::anonymity::{self, OnBehalf};
use mssip::sip::Message;

const INVITE_4_13: &str = "INVITE sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA SIP/2.0\r\n\
From: sip:Bob@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Alice@contoso.com;\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
Cseq: 4 INVITE\r\n\
Ms-Call-Info: Rgs.Anonymization\r\n\
Contact:<sip:server1@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA>;automata;actor=\"attendant\";text;audio;video;image\r\n\
\r\n";

const OK_4_13: &str = "SIP/2.0 200 OK\r\n\
From: sip:Alice@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Helpdesk@contoso.com;epid=01010101;tag=01010101\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
Cseq: 4 INVITE\r\n\
Ms-Call-Info: Rgs.Anonymization\r\n\
Contact:<sip:server1@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA>;automata;actor=\"attendant\";text;audio;video;image\r\n\
\r\n";

const ON_BEHALF_INVITE_4_13: &str = "INVITE sip:Helpdesk@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA SIP/2.0\r\n\
From: sip:Alice@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Bob@contoso.com;\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
Cseq: 4 INVITE\r\n\
P-Agent-On-Behalf-Of: sip:Helpdesk@contoso.com\r\n\
\r\n";

const ON_BEHALF_OK_4_13: &str = "SIP/2.0 200 OK\r\n\
From: sip:Alice@contoso.com;epid=02020202;tag=02020202\r\n\
To: sip:Bob@contoso.com;epid=01010101;tag=01010101\r\n\
Call-Id: f0ec9c595c1f412ca6b71318beb599bb\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
Cseq: 4 INVITE\r\n\
Ms-Call-Info: Rgs.Anonymization\r\n\
Contact:<sip:server1@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA>;automata;actor=\"attendant\";text;audio;video;image\r\n\
\r\n";

fn parse(s: &str) -> Message {
    Message::parse(s.as_bytes()).unwrap()
}

#[test]
fn the_anonymous_invite_and_200_of_4_13_are_what_marking_writes() {
    // MS-SIPRE 4.13: the examples already carry the mark; marking them again changes no byte.
    for text in [INVITE_4_13, OK_4_13, ON_BEHALF_OK_4_13] {
        let mut m = parse(text);
        assert!(anonymity::is_anonymized(&m));
        anonymity::mark_anonymized(&mut m).unwrap();
        assert_eq!(String::from_utf8(m.as_bytes().to_vec()).unwrap(), text);
    }
    // Without the mark, marking adds exactly that line (after the last header field).
    let bare = INVITE_4_13.replace("Ms-Call-Info: Rgs.Anonymization\r\n", "");
    let mut m = parse(&bare);
    assert!(!anonymity::is_anonymized(&m));
    anonymity::mark_anonymized(&mut m).unwrap();
    let want = bare.replace(
        "image\r\n\r\n",
        "image\r\nMs-Call-Info: Rgs.Anonymization\r\n\r\n",
    );
    assert_eq!(String::from_utf8(m.as_bytes().to_vec()).unwrap(), want);
}

#[test]
fn the_on_behalf_call_of_4_13() {
    let invite = parse(ON_BEHALF_INVITE_4_13);
    // As printed, the request lacks P-Asserted-Identity (one of the "common required
    // headers" the example leaves out); by MS-SIPRE 3.16.5.1 such a request is declined 403.
    assert!(matches!(
        anonymity::check_on_behalf(&invite, |_| true).unwrap(),
        OnBehalf::Declined { status: 403, .. }
    ));
    // With Alice asserted and the host's permission, the call proceeds, and the server's 200
    // is marked as the example shows (3.16.5.1: "SHOULD add an Ms-Call-Info header set to
    // rgs.anonymization in its response").
    let mut invite = invite;
    invite
        .add_header("P-Asserted-Identity", "<sip:Alice@contoso.com>")
        .unwrap();
    let verdict = anonymity::check_on_behalf(&invite, |r| {
        r.requestor == "sip:Alice@contoso.com" && r.on_behalf_of == "sip:Helpdesk@contoso.com"
    })
    .unwrap();
    assert_eq!(
        verdict,
        OnBehalf::Permitted {
            requestor: "sip:Alice@contoso.com".into(),
            on_behalf_of: "sip:Helpdesk@contoso.com".into()
        }
    );
    let mut ok = Message::response_to(&invite, 200, None, None).unwrap();
    anonymity::mark_anonymized(&mut ok).unwrap();
    let example = parse(ON_BEHALF_OK_4_13);
    for name in ["From", "Call-ID", "Via", "CSeq", "Ms-Call-Info"] {
        assert_eq!(ok.header(name), example.header(name), "{name}");
    }
    assert_eq!(ok.status(), Some(200));
}

#[test]
fn the_client_request_of_4_13_is_what_naming_the_identity_writes() {
    // MS-SIPRE 3.16.1.2 / 4.13: the client's INVITE on behalf of the Helpdesk.
    let bare =
        ON_BEHALF_INVITE_4_13.replace("P-Agent-On-Behalf-Of: sip:Helpdesk@contoso.com\r\n", "");
    let mut m = parse(&bare);
    anonymity::set_on_behalf_of(&mut m, "sip:Helpdesk@contoso.com").unwrap();
    assert_eq!(
        String::from_utf8(m.as_bytes().to_vec()).unwrap(),
        ON_BEHALF_INVITE_4_13
    );
}

#[test]
fn the_corpus_anonymous_invite() {
    let bytes = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/invite-anonymous.sip"
    ))
    .unwrap();
    let invite = Message::parse(&bytes).unwrap();
    // Its Ms-Call-Info is spelled as the 2.2.20 grammar spells it.
    assert!(anonymity::is_anonymized(&invite));
    let mut asked = None;
    let verdict = anonymity::check_on_behalf(&invite, |r| {
        asked = Some((r.requestor.to_string(), r.on_behalf_of.to_string()));
        false
    })
    .unwrap();
    assert_eq!(
        asked,
        Some((
            "sip:Bob@contoso.com".into(),
            "sip:Helpdesk@contoso.com".into()
        ))
    );
    assert!(matches!(verdict, OnBehalf::Declined { status: 403, .. }));
}
