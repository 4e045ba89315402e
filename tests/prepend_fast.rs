//! `Message::prepend_header` puts a one-line field in without scanning the message again: its
//! bytes, its layout (every header span) and every lookup must be what the general edits
//! give, and what a fresh parse of the result gives, on every message of the corpus and the
//! torture tests that parses.

#[path = "common/parsed_messages.rs"]
mod parsed_messages;

use mssip::Limits;
use mssip::sip::Message;
use parsed_messages::messages;

/// Names that exist in most messages, compact forms, one that never does, and values plain
/// (the fast path) or not (the general edits).
const FIELDS: [(&str, &str); 10] = [
    (
        "Record-Route",
        "<sip:edge.contoso.com:5061;transport=tls;lr>;ms-rrsig=abc",
    ),
    ("Via", "SIP/2.0/TLS 192.0.2.9:5061;branch=z9hG4bK77"),
    ("v", "SIP/2.0/UDP h"),
    ("record-route", "<sip:p.example;lr>"),
    ("X-Not-There", "1"),
    ("x-not-there", "two words"),
    ("Route", "<sip:r.example;lr>"),
    ("Contact", " <sip:a@192.0.2.1>"),
    ("Via", "SIP/2.0/TCP h "),
    ("Subject", ""),
];

/// Everything a caller can see of `m`, compared with `other`.
fn same(name: &str, m: &Message, other: &Message) {
    assert_eq!(m.as_bytes(), other.as_bytes(), "{name}: bytes");
    assert_eq!(m.headers(), other.headers(), "{name}: layout");
    assert_eq!(m.head_len(), other.head_len(), "{name}: head length");
    assert_eq!(m.body(), other.body(), "{name}: body");
    assert_eq!(m.start_line(), other.start_line(), "{name}: start line");
    for h in other.headers() {
        let n = other.name_of(h);
        assert_eq!(
            m.values(n).collect::<Vec<_>>(),
            other.values(n).collect::<Vec<_>>(),
            "{name}: values of {n}"
        );
        assert_eq!(m.value(n, 1), other.value(n, 1), "{name}: value 1 of {n}");
    }
}

#[test]
fn prepend_gives_the_layout_of_a_fresh_parse() {
    for (file, m) in messages() {
        for (name, value) in FIELDS {
            let what = format!("{file}, {name}: {value:?}");
            let mut fast = m.clone();
            let mut general = m.clone();
            let a = fast.prepend_header(name, value);
            let b = general.edit(|e| e.prepend_header(name, value));
            assert_eq!(a.is_ok(), b.is_ok(), "{what}: {a:?} / {b:?}");
            if a.is_err() {
                assert_eq!(fast.as_bytes(), m.as_bytes(), "{what}: unchanged");
                continue;
            }
            same(&what, &fast, &general);
            let fresh = Message::parse(fast.as_bytes()).expect("reparse");
            same(&what, &fast, &fresh);
            assert_eq!(fast.header(name), Some(value.trim()), "{what}");
            // A second field on top of the first, with the lookups kept right.
            fast.prepend_header(name, "second").unwrap();
            let fresh = Message::parse(fast.as_bytes()).expect("reparse");
            same(&what, &fast, &fresh);
            assert_eq!(fast.value(name, 0), Some("second"), "{what}");
        }
    }
}

/// At the limits, the fast path declines and the general edits refuse, leaving the message
/// as it was.
#[test]
fn limits_are_kept() {
    let text = b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\
        To: <sip:a@b.example>\r\nContent-Length: 0\r\n\r\n";
    for (limits, value, fits) in [
        (
            Limits {
                max_message_size: text.len() + 12,
                ..Limits::DEFAULT
            },
            "1234567",
            true,
        ),
        (
            Limits {
                max_message_size: text.len() + 12,
                ..Limits::DEFAULT
            },
            "12345678",
            false,
        ),
        (
            Limits {
                max_line_length: 40,
                ..Limits::DEFAULT
            },
            "1234567890123456789012345678901234567",
            true,
        ),
        (
            Limits {
                max_line_length: 40,
                ..Limits::DEFAULT
            },
            "12345678901234567890123456789012345678",
            false,
        ),
        (
            Limits {
                max_headers: 4,
                ..Limits::DEFAULT
            },
            "1",
            true,
        ),
        (
            Limits {
                max_headers: 3,
                ..Limits::DEFAULT
            },
            "1",
            false,
        ),
    ] {
        let mut m = Message::parse_with(text, &limits).unwrap();
        let mut general = m.clone();
        let r = m.prepend_header("X", value);
        let g = general.edit(|e| e.prepend_header("X", value));
        assert_eq!(r.is_ok(), fits, "{limits:?} {value}");
        assert_eq!(g.is_ok(), fits, "{limits:?} {value}");
        assert_eq!(m.as_bytes(), general.as_bytes());
        assert_eq!(m.headers(), general.headers());
        if !fits {
            assert_eq!(m.as_bytes(), text);
            assert_eq!(r.unwrap_err().kind, g.unwrap_err().kind);
        }
    }
}

/// Bare line feeds, a body that is not text, a message without fields: the general edits.
#[test]
fn unusual_messages() {
    for text in [
        &b"OPTIONS sip:a@b.example SIP/2.0\nVia: SIP/2.0/TCP h\nContent-Length: 2\n\n\xff\xfe"[..],
        b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP\r\n h\r\nContent-Length: 0\r\n\r\n",
        b"OPTIONS sip:a@b.example SIP/2.0\r\n\r\n",
        b"\r\n\r\nOPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h\r\n\r\n",
    ] {
        let m = Message::parse(text).unwrap();
        for (name, value) in FIELDS {
            let mut fast = m.clone();
            let mut general = m.clone();
            let a = fast.prepend_header(name, value);
            let b = general.edit(|e| e.prepend_header(name, value));
            assert_eq!(a.is_ok(), b.is_ok());
            same(name, &fast, &general);
            if a.is_ok() {
                same(name, &fast, &Message::parse(fast.as_bytes()).unwrap());
            }
        }
    }
}
