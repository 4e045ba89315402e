//! What fuzzing found, kept found: one test per finding, on the messages that reproduced it
//! (tests/data/regress/).

#[path = "common/edit_ops.rs"]
mod edit_ops;

use mssip::limits::{Limit, Limits};
use mssip::sip::body::multipart::{Multipart, MultipartBuilder};
use mssip::sip::framer::Framer;
use mssip::sip::{ErrorKind, Message, NameAddr, Uri, Via};

fn regress(name: &str) -> Message {
    let path = format!("{}/tests/data/regress/{name}", env!("CARGO_MANIFEST_DIR"));
    Message::parse(&std::fs::read(path).expect("regression input")).expect("parses")
}

/// A tel: URI without parameters has no parameter text inside the URI: setting one used to
/// subtract unrelated pointers (a panic). Setting and removing now work on every scheme.
#[test]
fn uri_params_on_a_tel_uri_without_parameters() {
    let mut m = regress("b1-tel-uri-message.sip");
    m.set_request_uri_param("x", Some("1")).unwrap();
    assert_eq!(m.request_uri(), Some("tel:+1-555-0100;x=1"));
    m.set_uri_param("To", 0, "x", Some("1")).unwrap();
    assert_eq!(m.header("To"), Some("<tel:+1-555-0100;x=1>"));
    m.remove_request_uri_param("x").unwrap();
    m.remove_uri_param("To", 0, "x").unwrap();
    assert_eq!(m.as_bytes(), regress("b1-tel-uri-message.sip").as_bytes());
    assert_eq!(
        m.remove_uri_param("To", 0, "x").unwrap_err().kind,
        ErrorKind::NotFound
    );
}

/// RFC 4475 `novelsc`: a Request-URI of a scheme the library does not know. Its parameters
/// are the `;name=value` tail of the URI.
#[test]
fn uri_params_on_a_uri_of_another_scheme() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/torture/rfc4475/novelsc.dat"
    );
    let original = Message::parse(&std::fs::read(path).unwrap()).unwrap();
    let mut m = original.clone();
    m.set_request_uri_param("x", Some("1")).unwrap();
    assert_eq!(m.request_uri(), Some("soap.beep://192.0.2.103:3002;x=1"));
    let uri = Uri::parse(m.request_uri().unwrap()).unwrap();
    assert_eq!(uri.params.value("x"), Some("1"));
    m.set_request_uri_param("x", Some("2")).unwrap();
    assert_eq!(m.request_uri(), Some("soap.beep://192.0.2.103:3002;x=2"));
    m.remove_request_uri_param("x").unwrap();
    assert_eq!(m.as_bytes(), original.as_bytes());
}

/// Every value from the finding, and more of the same kind, is refused and leaves the message
/// as it was; what is accepted reads back as exactly one parameter.
#[test]
fn parameter_edits_never_inject() {
    let original = regress("b2-plain-invite.sip");
    let mut m = original.clone();
    let invalid = |r: mssip::sip::Result<()>| r.map_err(|e| e.kind);
    for v in [
        "a@b", "a;lr", "a?h=1", "a>b", "a b", "a,b", "<a>", "a=b", "",
    ] {
        assert_eq!(
            invalid(m.set_request_uri_param("x", Some(v))),
            Err(ErrorKind::InvalidArgument),
            "{v}"
        );
        assert_eq!(
            invalid(m.set_uri_param("Contact", 0, "x", Some(v))),
            Err(ErrorKind::InvalidArgument),
            "{v}"
        );
    }
    for n in ["a=b", "a;b", "a?b", "a@b", ""] {
        assert_eq!(
            invalid(m.set_request_uri_param(n, None)),
            Err(ErrorKind::InvalidArgument),
            "{n}"
        );
        assert_eq!(
            invalid(m.set_header_param("From", 0, n, Some("1"))),
            Err(ErrorKind::InvalidArgument),
            "{n}"
        );
    }
    for (h, p, v) in [
        ("From", "tag", "a;b=c"),
        ("From", "tag", "\"a\""),
        ("To", "x", "a;b"),
        ("To", "x", "a,b"),
        ("To", "x", "\"a\"b"),
        ("To", "x", "\"a\\\""),
        ("Via", "received", "1.2.3.4;maddr=x"),
        ("Via", "received", "example.com"),
        ("Via", "branch", "z9hG4bK;rport"),
        ("Via", "rport", "1;x"),
        ("Via", "ttl", "1;x"),
        ("Contact", "expires", "1;q=1"),
        ("Contact", "q", "0.5,sip:x@y"),
    ] {
        assert_eq!(
            invalid(m.set_header_param(h, 0, p, Some(v))),
            Err(ErrorKind::InvalidArgument),
            "{h} {p}={v}"
        );
    }
    assert_eq!(m.as_bytes(), original.as_bytes());

    m.set_header_param("From", 0, "tag", Some("a.b-c")).unwrap();
    m.set_header_param("Via", 0, "received", Some("1.2.3.4"))
        .unwrap();
    m.set_header_param("Via", 0, "x", Some("\"a;b=c\""))
        .unwrap();
    m.set_uri_param("Contact", 0, "x", Some("a%3Bb")).unwrap();
    m.set_request_uri_param("maddr", Some("[2001:db8::1]"))
        .unwrap();
    let from = NameAddr::parse(m.header("From").unwrap()).unwrap();
    assert_eq!(from.params.iter().count(), 1);
    assert_eq!(from.tag(), Some("a.b-c"));
    let via = Via::parse(m.header("Via").unwrap()).unwrap();
    assert_eq!(via.params.iter().count(), 3);
    assert_eq!(via.received(), Some("1.2.3.4"));
    assert_eq!(via.params.value("x"), Some("\"a;b=c\""));
    let contact = NameAddr::parse(m.header("Contact").unwrap()).unwrap();
    assert_eq!(contact.uri.params.iter().count(), 1);
    assert_eq!(contact.uri.params.value("x"), Some("a%3Bb"));
    let ruri = Uri::parse(m.request_uri().unwrap()).unwrap();
    assert_eq!(ruri.params.iter().count(), 1);
    assert_eq!(ruri.params.value("maddr"), Some("[2001:db8::1]"));
    assert!(ruri.headers.is_none());
}

/// `content_id()` and `find_by_content_id` trim the same way: a Content-ID ending in a form
/// feed (not white space in RFC 2045) is found by what `content_id()` gives.
#[test]
fn content_id_has_one_trimming_rule() {
    for id in [
        "<a@b>\x0c",
        "\x0c<a@b>",
        "a\x0c",
        "<a\x0cb>",
        " <a@b> ",
        "\u{a0}a",
    ] {
        let built = MultipartBuilder::new("mixed")
            .part(&[("Content-Type", "text/plain"), ("Content-ID", id)], b"x")
            .build()
            .unwrap();
        let mp = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
        let part = &mp.parts()[0];
        let cid = part.content_id().expect("content id");
        let found = mp.find_by_content_id(cid).expect("found by its own id");
        assert_eq!(found.content_id(), Some(cid), "{id:?}");
    }
}

/// Cuts `stream` into chunks at the byte offsets `cuts` and gives the error the framer
/// reports.
fn framing_error(stream: &[u8], cuts: &[usize], limits: Limits) -> mssip::sip::SipError {
    let mut f = Framer::new(limits);
    let mut at = 0;
    for &c in cuts.iter().chain([stream.len()].iter()) {
        if let Err(e) = f.push(&stream[at..c.max(at)]) {
            return e;
        }
        at = c.max(at);
    }
    f.finish().expect_err("a limit error")
}

/// The same stream reports the same limit error however it is cut.
#[test]
fn framer_limit_errors_do_not_depend_on_chunking() {
    let line = Limits {
        max_line_length: 80,
        ..Limits::default()
    };
    let long_line = format!(
        "MESSAGE sip:a@b SIP/2.0\r\nX: {}\r\nl: 0\r\n\r\n",
        "a".repeat(79)
    );
    let size = Limits {
        max_message_size: 60,
        ..Limits::default()
    };
    let long_head = format!(
        "MESSAGE sip:a@b SIP/2.0\r\nX: 1\r\nY: {}\r\nl: 0\r\n\r\n",
        "b".repeat(40)
    );
    for (stream, limits, limit) in [
        (long_line.as_bytes(), line, Limit::LineLength),
        (long_head.as_bytes(), size, Limit::MessageSize),
    ] {
        let whole = framing_error(stream, &[], limits);
        assert_eq!(whole.limit.map(|l| l.0), Some(limit));
        let bytewise: Vec<usize> = (1..stream.len()).collect();
        assert_eq!(framing_error(stream, &bytewise, limits), whole);
        for cut in 1..stream.len() {
            assert_eq!(framing_error(stream, &[cut], limits), whole, "cut at {cut}");
        }
    }
    assert_eq!(
        framing_error(long_line.as_bytes(), &[], line).limit,
        Some((Limit::LineLength, 81))
    );
}

/// Edit inputs the edit fuzz target failed on (tests/data/regress/edits/, in its input shape:
/// two length bytes, a message, edit bytes), replayed through the same check.
#[test]
fn edit_fuzz_inputs_replay_clean() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/regress/edits");
    let mut n = 0;
    for entry in std::fs::read_dir(dir).expect("regress/edits") {
        let data = std::fs::read(entry.expect("entry").path()).expect("read");
        let (len, rest) = data.split_at(2);
        let len = usize::from(u16::from_le_bytes([len[0], len[1]])).min(rest.len());
        let (msg, ops) = rest.split_at(len);
        let m = Message::parse(msg).expect("the message parses");
        edit_ops::check(&m, &edit_ops::decode(ops));
        n += 1;
    }
    assert!(n >= 1);
}

/// Emptying a value before trailing white space, then setting it again: the batch puts the
/// new value where the scan of the emptied message puts the empty one (after the tab).
#[test]
fn emptied_value_is_refilled_where_the_scan_puts_it() {
    let text = b"MESSAGE sip:a@b SIP/2.0\nContent-Type: application/sdp\t\nl: 0\n\n";
    let m = Message::parse(text).unwrap();
    let mut one = m.clone();
    one.replace_value("Content-Type", 0, "").unwrap();
    one.replace_value("Content-Type", 0, "text/plain").unwrap();
    let mut batch = m.clone();
    batch
        .edit(|e| {
            e.replace_value("Content-Type", 0, "")?;
            e.replace_value("Content-Type", 0, "text/plain")
        })
        .unwrap();
    assert_eq!(batch.as_bytes(), one.as_bytes());
    assert_eq!(batch.content_type(), Some("text/plain"));
}
