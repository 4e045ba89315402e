//! Parsing of whole messages: start lines, header access by name and compact form, list
//! values, folding, limits and refusals.

use mssip::Limits;
use mssip::sip::{ErrorKind, HeaderKind, Host, Message, StartLine};

const REGISTER: &str = "REGISTER sip:contoso.com SIP/2.0\r\n\
v: SIP/2.0/TLS 192.0.2.10:50123;branch=z9hG4bK1,SIP/2.0/TLS [2001:db8::1]:5061;branch=z9hG4bK2;received=192.0.2.99\r\n\
Max-Forwards: 70\r\n\
f: \"Alice, A.\" <sip:alice@contoso.com>;tag=99;epid=01010101\r\n\
t: <sip:alice@contoso.com>\r\n\
i: 123abc\r\n\
CSeq: 1 REGISTER\r\n\
m: <sip:192.0.2.10:50123;transport=tls;ms-opaque=d3470f2e1d>;methods=\"INVITE, MESSAGE\";proxy=replace;+sip.instance=\"<urn:uuid:4b1c5f1e-4cdd-5c1b-9fd8-5c4a4e7a9df0>\",\r\n <sip:alice@192.0.2.10>;expires=0\r\n\
Subject: folded\r\n\tacross lines\r\n\
X-Custom: a, b\r\n\
l: 0\r\n\
\r\n";

#[test]
fn request_line_and_headers() {
    let m = Message::parse(REGISTER.as_bytes()).unwrap();
    assert_eq!(
        m.start_line(),
        StartLine::Request {
            method: "REGISTER",
            uri: "sip:contoso.com",
            version: "SIP/2.0"
        }
    );
    assert!(m.is_request());
    assert_eq!(m.headers().len(), 10);
    assert_eq!(m.as_bytes(), REGISTER.as_bytes());
    // compact and full names reach the same fields, case-insensitively
    assert_eq!(m.header("Call-ID"), Some("123abc"));
    assert_eq!(m.header("CALL-id"), m.header("i"));
    assert_eq!(m.header("from"), m.header("F"));
    assert_eq!(m.headers()[0].kind(), HeaderKind::Via);
    // list headers split outside quotes and brackets; others do not
    assert_eq!(m.count("Via"), 2);
    assert_eq!(m.count("Contact"), 2);
    assert_eq!(m.value("m", 1), Some("<sip:alice@192.0.2.10>;expires=0"));
    assert_eq!(m.count("X-Custom"), 1);
    assert_eq!(m.header("x-custom"), Some("a, b"));
    assert_eq!(m.header("Subject"), Some("folded\r\n\tacross lines"));
    assert_eq!(m.value("Via", 2), None);
}

#[test]
fn typed_views() {
    let m = Message::parse(REGISTER.as_bytes()).unwrap();
    let vias: Vec<_> = m.vias().map(Result::unwrap).collect();
    assert_eq!(vias[0].host, Host::Ipv4("192.0.2.10"));
    assert_eq!(vias[0].port, Some(50123));
    assert_eq!(vias[1].host, Host::Ipv6("[2001:db8::1]"));
    assert_eq!(vias[1].received(), Some("192.0.2.99"));
    let from = m.from().unwrap().unwrap();
    assert_eq!(from.display_name_unquoted().unwrap(), "Alice, A.");
    assert_eq!(from.params.value("epid"), Some("01010101"));
    assert_eq!(from.tag(), Some("99"));
    assert_eq!(m.to().unwrap().unwrap().uri.user, Some("alice"));
    let cseq = m.cseq().unwrap().unwrap();
    assert_eq!((cseq.seq, cseq.method), (1, "REGISTER"));
    let contacts: Vec<_> = m.contacts().map(Result::unwrap).collect();
    assert_eq!(contacts.len(), 2);
    assert_eq!(
        contacts[0].uri.params.value("ms-opaque"),
        Some("d3470f2e1d")
    );
    assert_eq!(contacts[0].params.value("proxy"), Some("replace"));
    assert_eq!(
        contacts[0].params.value("methods"),
        Some("\"INVITE, MESSAGE\"")
    );
    assert_eq!(contacts[1].params.value("expires"), Some("0"));
    assert_eq!(m.max_forwards().unwrap().unwrap(), 70);
    assert_eq!(m.content_length().unwrap().unwrap(), 0);
    assert_eq!(m.call_id(), Some("123abc"));
}

#[test]
fn status_lines() {
    let m = Message::parse(b"SIP/2.0 180 Ringing\r\nContent-Length: 0\r\n\r\n").unwrap();
    assert_eq!(m.status(), Some(180));
    assert_eq!(m.reason(), Some("Ringing"));
    assert_eq!(m.method(), None);
    let m = Message::parse(b"SIP/2.0 100 \r\n\r\n").unwrap();
    assert_eq!(m.reason(), Some(""));
    let m = Message::parse(b"SIP/2.0 420 Bad Extension: foo, bar\r\n\r\n").unwrap();
    assert_eq!(m.reason(), Some("Bad Extension: foo, bar"));
}

#[test]
fn bare_lf_and_leading_crlf_are_tolerated() {
    let m = Message::parse(b"\r\n\r\nOPTIONS sip:a@b SIP/2.0\nCall-ID: x\n\nbody").unwrap();
    assert_eq!(m.header("Call-ID"), Some("x"));
    assert_eq!(m.body(), b"body");
}

#[test]
fn refusals_name_the_problem() {
    let cases: &[(&[u8], ErrorKind)] = &[
        (b"", ErrorKind::Empty),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n",
            ErrorKind::Incomplete,
        ),
        (b"OPTIONS sip:a@b SIP/2.0", ErrorKind::Incomplete),
        (b"OPTIONS sip:a@b SIP/2.0 \r\n\r\n", ErrorKind::BadStartLine),
        (b"OPTIONS  sip:a@b SIP/2.0\r\n\r\n", ErrorKind::BadStartLine),
        (
            b"OPTIONS sip:a@b;  lr SIP/2.0\r\n\r\n",
            ErrorKind::BadStartLine,
        ),
        (b"OPTIONS <sip:a@b> SIP/2.0\r\n\r\n", ErrorKind::BadUri),
        (b"OPT\"IONS sip:a@b SIP/2.0\r\n\r\n", ErrorKind::BadMethod),
        (b"OPTIONS sip:a@b HTTP/1.1\r\n\r\n", ErrorKind::BadVersion),
        (b"SIP/2.0 4294967301 Huge\r\n\r\n", ErrorKind::BadStatusCode),
        (b"SIP/2.0 20 OK\r\n\r\n", ErrorKind::BadStatusCode),
        (b"SIP/2.0 099 Low\r\n\r\n", ErrorKind::BadStatusCode),
        (b"SIP/2.0 200OK\r\n\r\n", ErrorKind::BadStatusCode),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\nNoColon\r\n\r\n",
            ErrorKind::BadHeader,
        ),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\nBad Name: x\r\n\r\n",
            ErrorKind::BadHeader,
        ),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\n: x\r\n\r\n",
            ErrorKind::BadHeader,
        ),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\n continued\r\n\r\n",
            ErrorKind::BadHeader,
        ),
        (
            b"OPTIONS sip:a@b SIP/2.0\r\nSubject: \xff\xfe\r\n\r\n",
            ErrorKind::NotUtf8,
        ),
        (b"garbage", ErrorKind::Incomplete),
        (b"garbage\r\n\r\n", ErrorKind::BadStartLine),
    ];
    for (input, kind) in cases {
        let e = Message::parse(input).unwrap_err();
        assert_eq!(e.kind, *kind, "{:?}: {e}", String::from_utf8_lossy(input));
        assert!(!e.to_string().is_empty());
    }
}

#[test]
fn declared_body_stops_at_content_length() {
    let m = Message::parse(b"MESSAGE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabcdef").unwrap();
    assert_eq!(m.body(), b"abcdef");
    assert_eq!(m.declared_body(), b"abc");
    let m = Message::parse(b"MESSAGE sip:a@b SIP/2.0\r\nl: 30\r\n\r\nabc").unwrap();
    assert_eq!(m.declared_body(), b"abc");
}

#[test]
fn binary_body_is_kept() {
    let mut raw = b"MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 4\r\n\r\n".to_vec();
    raw.extend_from_slice(&[0, 0xff, 0xfe, 1]);
    let m = Message::parse(&raw).unwrap();
    assert_eq!(m.body(), &[0, 0xff, 0xfe, 1]);
    assert_eq!(m.as_bytes(), &raw[..]);
}

#[test]
fn limits_are_enforced_and_named() {
    let small = Limits {
        max_message_size: 64,
        ..Limits::DEFAULT
    };
    let e = Message::parse_with(REGISTER.as_bytes(), &small).unwrap_err();
    assert_eq!(e.kind, ErrorKind::LimitExceeded);
    assert!(e.to_string().contains("max_message_size"), "{e}");

    let few = Limits {
        max_headers: 3,
        ..Limits::DEFAULT
    };
    let e = Message::parse_with(REGISTER.as_bytes(), &few).unwrap_err();
    assert!(e.to_string().contains("max_headers"), "{e}");

    let short = Limits {
        max_line_length: 40,
        ..Limits::DEFAULT
    };
    let e = Message::parse_with(REGISTER.as_bytes(), &short).unwrap_err();
    assert!(e.to_string().contains("max_line_length"), "{e}");

    // folded lines count as one line
    let folded = format!(
        "OPTIONS sip:a@b SIP/2.0\r\nSubject: a\r\n {}\r\n\r\n",
        "x".repeat(30)
    );
    let e = Message::parse_with(folded.as_bytes(), &short).unwrap_err();
    assert!(e.to_string().contains("max_line_length"), "{e}");

    let many: String = (0..300).map(|i| format!("X-{i}: v\r\n")).collect();
    let m = format!("OPTIONS sip:a@b SIP/2.0\r\n{many}\r\n");
    let e = Message::parse(m.as_bytes()).unwrap_err();
    assert!(e.to_string().contains("max_headers"), "{e}");
}

#[test]
fn hostile_inputs_do_not_panic() {
    let seeds: Vec<&[u8]> = vec![
        REGISTER.as_bytes(),
        b"SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP h\r\n\r\n",
    ];
    for seed in seeds {
        for cut in 0..seed.len() {
            let _ = Message::parse(&seed[..cut]).map(|m| {
                let _ = m.vias().count();
                let _ = m.from();
                let _ = m.contacts().count();
            });
        }
        for i in 0..seed.len() {
            for b in [0u8, b'\r', b'\n', b'"', b'<', b'>', b',', b';', b':', 0xff] {
                let mut v = seed.to_vec();
                v[i] = b;
                if let Ok(m) = Message::parse(&v) {
                    for h in m.headers() {
                        let _ = m.value_of(h);
                    }
                    let _ = m.vias().count();
                    let _ = m.from();
                    let _ = m.to();
                    let _ = m.cseq();
                    let _ = m.contacts().count();
                    let _ = m.max_forwards();
                    let _ = m.content_length();
                    assert_eq!(m.as_bytes(), &v[..]);
                }
            }
        }
    }
}
