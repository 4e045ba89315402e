//! Multipart bodies (RFC 2046 5.1) as nested by MS-SIPRE 3.15 and shown in 4.12.

use mssip::limits::{Limit, Limits};
use mssip::sip::ErrorKind;
use mssip::sip::body::multipart::{
    Disposition, MediaType, Multipart, MultipartBuilder, validate_boundary,
};

fn data(path: &str) -> Vec<u8> {
    let p = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// Splits a stored message into its Content-Type value and its body (bytes after the empty
/// line). Only for test data whose headers are one line each.
fn content_type_and_body(msg: &[u8]) -> (String, Vec<u8>) {
    let end = msg
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("empty line")
        + 4;
    let head = std::str::from_utf8(&msg[..end]).expect("utf-8 head");
    let ct = head
        .split("\r\n")
        .find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.trim()
                .eq_ignore_ascii_case("content-type")
                .then(|| v.trim().to_owned())
        })
        .expect("Content-Type");
    (ct, msg[end..].to_vec())
}

fn corpus_body(name: &str) -> (String, Vec<u8>) {
    content_type_and_body(&data(&format!("corpus/{name}")))
}

/// Rebuilds a parsed multipart with the same boundaries and headers.
fn rebuild(m: &Multipart<'_>) -> MultipartBuilder {
    let mut b = MultipartBuilder::new(m.subtype()).boundary(m.boundary());
    for p in m.parts() {
        match p.nested() {
            Some(inner) => {
                let rest: Vec<(&str, &str)> = p
                    .headers()
                    .iter()
                    .filter(|h| !h.name.eq_ignore_ascii_case("content-type"))
                    .map(|h| (h.name, h.value))
                    .collect();
                b = b.nested(&rest, rebuild(inner));
            }
            None => {
                let hs: Vec<(&str, &str)> = p.headers().iter().map(|h| (h.name, h.value)).collect();
                b = b.part(&hs, p.body());
            }
        }
    }
    b
}

fn kinds(m: &Multipart<'_>) -> Vec<(usize, String)> {
    m.walk()
        .map(|(d, p)| {
            let t = p.media_type().unwrap();
            (d, format!("{}/{}", t.main_type, t.subtype))
        })
        .collect()
}

fn check_offsets(body: &[u8], m: &Multipart<'_>) {
    for (_, p) in m.walk() {
        assert_eq!(
            &body[p.body_offset()..p.body_offset() + p.body().len()],
            p.body()
        );
        assert_eq!(&body[p.offset()..p.offset() + p.raw().len()], p.raw());
    }
}

#[test]
fn two_level_example_of_section_4_12_1() {
    let (ct, body) = corpus_body("invite-multipart-2level.sip");
    let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
    assert_eq!(m.subtype(), "alternative");
    assert_eq!(m.boundary(), "-----_NextPart_000_0059_01C91A7C.B83AD4E0");
    assert_eq!(m.parts().len(), 2);
    assert!(m.preamble().is_empty());
    assert!(m.epilogue().is_empty());
    let [ice6, ice19] = m.parts() else {
        unreachable!()
    };
    for p in [ice6, ice19] {
        assert!(p.is("application/sdp"));
        assert_eq!(p.header("content-transfer-encoding"), Some("7bit"));
        assert!(p.body().starts_with(b"v=0\r\n"));
        assert!(p.body().ends_with(b"a=encryption:required"));
        assert!(p.nested().is_none());
    }
    let d6 = ice6.disposition().unwrap().unwrap();
    assert_eq!(d6.kind, "session");
    assert_eq!(d6.handling().as_deref(), Some("optional"));
    assert!(d6.has("ms-proxy-2007fallback"));
    let d19 = ice19.disposition().unwrap().unwrap();
    assert!(!d19.has("ms-proxy-2007fallback"));
    // MS-SIPRE 3.15.4.1: the ICEv19 SDP (with ice-ufrag) is the last part.
    assert!(
        std::str::from_utf8(ice19.body())
            .unwrap()
            .contains("a=ice-ufrag:")
    );
    assert_eq!(
        m.find("APPLICATION/SDP").map(|p| p.offset()),
        Some(ice6.offset())
    );
    assert_eq!(m.find_all("application/sdp").count(), 2);
    assert_eq!(m.leaves().count(), 2);
    check_offsets(&body, &m);
}

#[test]
fn three_level_example_of_section_4_12_2() {
    let (ct, body) = corpus_body("invite-multipart-3level.sip");
    let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
    assert_eq!(m.subtype(), "mixed");
    assert_eq!(m.boundary(), "HkS4RpzThV2XRK91cuE3NJUcskesnr9w");
    assert_eq!(
        kinds(&m),
        vec![
            (1, "multipart/alternative".to_owned()),
            (2, "application/sdp".to_owned()),
            (2, "application/sdp".to_owned()),
            (1, "application/ms-conversation-context+xml".to_owned()),
        ]
    );
    let inner = m.parts()[0].nested().unwrap();
    assert_eq!(inner.boundary(), "sYRNyS9rxliUksZ4fH8roFi2MbQU6dbo");
    assert_eq!(
        inner.parts()[0].content_id(),
        Some("cbe8227-c734-4d4a-b1ce-0ed219097ff4")
    );
    assert!(
        inner.parts()[0]
            .disposition()
            .unwrap()
            .unwrap()
            .has("ms-proxy-2007fallback")
    );
    assert!(inner.parts()[1].body().ends_with(b"a=encryption:required"));
    let ctx = m.find("application/ms-conversation-context+xml").unwrap();
    assert_eq!(
        ctx.content_id(),
        Some("2b700e68-70cd-4de9-b8e6-78625ca48b3f")
    );
    let disp = ctx.disposition().unwrap().unwrap();
    assert_eq!(
        (disp.kind, disp.handling().as_deref()),
        ("render", Some("optional"))
    );
    assert!(ctx.body().starts_with(b"<cc:XmlConvContext"));
    assert!(ctx.body().ends_with(b"</cc:XmlConvContext>"));
    // The first SDP at any depth is the ICEv6 one.
    assert_eq!(
        m.find("application/sdp").unwrap().content_id(),
        inner.parts()[0].content_id()
    );
    assert_eq!(
        m.find_by_content_id("38fcdc48-dc5e-48a0-9681-532010d92196")
            .map(|p| p.offset()),
        Some(inner.parts()[1].offset())
    );
    assert_eq!(m.leaves().count(), 3);
    check_offsets(&body, &m);
}

#[test]
fn e911_location_part_found_by_cid() {
    let (ct, body) = corpus_body("invite-e911.sip");
    let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
    let sdp = m.find("application/sdp").unwrap();
    assert_eq!(
        sdp.media_type().unwrap().param("charset").as_deref(),
        Some("utf-8")
    );
    // Geolocation: <cid:voip_911_user1@contoso.com> refers to Content-ID: <voip_911_user1@...>
    let pidf = m
        .find_by_content_id("<cid:voip_911_user1@contoso.com>")
        .unwrap();
    assert!(pidf.is("application/pidf+xml"));
    assert_eq!(pidf.content_id(), Some("voip_911_user1@contoso.com"));
    assert_eq!(
        m.find_by_content_id("voip_911_user1@contoso.com")
            .map(|p| p.offset()),
        Some(pidf.offset())
    );
    assert!(m.find_by_content_id("cid:nobody@contoso.com").is_none());
    assert!(pidf.body().ends_with(b"</presence>"));
    check_offsets(&body, &m);
}

#[test]
fn corpus_bodies_rebuild_byte_for_byte() {
    for name in [
        "invite-multipart-2level.sip",
        "invite-multipart-3level.sip",
        "invite-e911.sip",
    ] {
        let (ct, body) = corpus_body(name);
        let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
        let built = rebuild(&m).build().unwrap();
        assert_eq!(
            String::from_utf8_lossy(&built.body),
            String::from_utf8_lossy(&body),
            "{name}"
        );
        assert_eq!(built.body, body, "{name}");
        let again = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
        assert!(
            again.parts() == m.parts(),
            "{name}: parts differ after the rebuild"
        );
    }
    // The 3-level body's Content-Type is written exactly as the example's.
    let (ct, body) = corpus_body("invite-multipart-3level.sip");
    let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
    assert_eq!(rebuild(&m).build().unwrap().content_type, ct);
}

#[test]
fn rfc4475_mpart01_binary_part() {
    let (ct, body) = content_type_and_body(&data("torture/rfc4475/mpart01.dat"));
    let m = Multipart::parse(&body, &ct, &Limits::default()).unwrap();
    assert_eq!(m.boundary(), "7a9cbec02ceef655");
    assert_eq!(m.parts().len(), 2);
    assert_eq!(m.parts()[0].body(), b"Hello");
    let bin = m.find("application/octet-stream").unwrap();
    assert_eq!(bin.header("Content-Transfer-Encoding"), Some("binary"));
    // Binary content with CR, LF and NUL bytes is kept whole, up to the delimiter's CRLF.
    assert_eq!(bin.body().first(), Some(&0x30));
    assert!(bin.body().contains(&0));
    assert_eq!(
        bin.body_offset() + bin.body().len() + 2 + 2 + 16 + 2 + 2,
        body.len()
    );
    check_offsets(&body, &m);
}

/// One part of a tree to build and read back.
enum Spec {
    Leaf(Vec<(&'static str, &'static str)>, Vec<u8>),
    Nested(&'static str, Vec<Spec>),
}

fn build_spec(subtype: &str, parts: &[Spec], boundary: Option<&str>) -> MultipartBuilder {
    let mut b = MultipartBuilder::new(subtype);
    if let Some(x) = boundary {
        b = b.boundary(x);
    }
    for p in parts {
        b = match p {
            Spec::Leaf(h, body) => b.part(h, body),
            Spec::Nested(sub, inner) => {
                b.nested(&[("Content-ID", "inner")], build_spec(sub, inner, None))
            }
        };
    }
    b
}

fn assert_matches(m: &Multipart<'_>, subtype: &str, parts: &[Spec]) {
    assert_eq!(m.subtype(), subtype);
    assert_eq!(m.parts().len(), parts.len());
    for (got, want) in m.parts().iter().zip(parts) {
        match want {
            Spec::Leaf(h, body) => {
                let hs: Vec<(&str, &str)> =
                    got.headers().iter().map(|h| (h.name, h.value)).collect();
                assert_eq!(&hs, h);
                assert_eq!(got.body(), &body[..]);
                assert!(got.nested().is_none());
            }
            Spec::Nested(sub, inner) => {
                assert_eq!(got.content_id(), Some("inner"));
                assert_matches(got.nested().expect("nested"), sub, inner);
            }
        }
    }
}

fn sample() -> Vec<Spec> {
    vec![
        Spec::Leaf(vec![("Content-Type", "text/plain")], b"hello".to_vec()),
        Spec::Leaf(vec![], b"no headers at all".to_vec()),
        Spec::Leaf(vec![("Content-Type", "text/plain")], Vec::new()),
        Spec::Leaf(
            vec![("Content-Type", "application/octet-stream")],
            b"\r\n\r\n--\r\n-- x\r\nends with CRLF\r\n".to_vec(),
        ),
        Spec::Nested(
            "alternative",
            vec![
                Spec::Leaf(
                    vec![
                        ("Content-Type", "application/sdp"),
                        (
                            "Content-Disposition",
                            "session; handling=optional; ms-proxy-2007fallback",
                        ),
                    ],
                    b"v=0\r\nm=audio 1 RTP/AVP 0\r\n".to_vec(),
                ),
                Spec::Nested(
                    "related",
                    vec![Spec::Leaf(vec![("X-Deep", "3")], vec![0, 1, 2, 255, b'\n'])],
                ),
            ],
        ),
        Spec::Leaf(
            vec![
                ("Content-ID", "<last@x>"),
                ("Content-Type", "application/ms-conversation-context+xml"),
            ],
            b"<x/>".to_vec(),
        ),
    ]
}

#[test]
fn round_trip_with_derived_boundaries() {
    let parts = sample();
    let built = build_spec("mixed", &parts, None).build().unwrap();
    assert!(built.boundary.starts_with("mssip-"));
    validate_boundary(&built.boundary).unwrap();
    assert_eq!(
        built.content_type,
        format!("multipart/mixed; boundary={}", built.boundary)
    );
    let m = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_matches(&m, "mixed", &parts);
    assert!(m.epilogue().is_empty());
    assert_eq!(m.find_by_content_id("last@x").unwrap().body(), b"<x/>");
    assert_eq!(m.find("application/sdp").map(|p| p.body().len()), Some(26));
    // Every boundary differs from the others and occurs only as delimiters.
    let inner = m.parts()[4].nested().unwrap();
    let deepest = inner.parts()[1].nested().unwrap();
    assert_ne!(m.boundary(), inner.boundary());
    assert_ne!(inner.boundary(), deepest.boundary());
    check_offsets(&built.body, &m);
}

#[test]
fn derived_boundary_is_deterministic_and_depends_on_content() {
    let a = build_spec("mixed", &sample(), None).build().unwrap();
    let b = build_spec("mixed", &sample(), None).build().unwrap();
    assert_eq!(a, b);
    let c = MultipartBuilder::new("mixed")
        .part(&[], b"one")
        .build()
        .unwrap();
    let d = MultipartBuilder::new("mixed")
        .part(&[], b"two")
        .build()
        .unwrap();
    assert_ne!(c.boundary, d.boundary);
    let e = MultipartBuilder::new("alternative")
        .part(&[], b"one")
        .build()
        .unwrap();
    assert_ne!(c.boundary, e.boundary);
    assert_eq!(
        c.body,
        format!("--{b}\r\n\r\none\r\n--{b}--\r\n", b = c.boundary).into_bytes()
    );
}

#[test]
fn round_trip_with_caller_boundary_needing_quotes() {
    let parts = sample();
    let built = build_spec("mixed", &parts, Some("a b:c=d?e"))
        .build()
        .unwrap();
    assert_eq!(
        built.content_type,
        "multipart/mixed; boundary=\"a b:c=d?e\""
    );
    let m = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_eq!(m.boundary(), "a b:c=d?e");
    assert_matches(&m, "mixed", &parts);
}

#[test]
fn builder_refuses_bad_input() {
    let cases = [
        MultipartBuilder::new("mixed"),
        MultipartBuilder::new("mi/xed").part(&[], b"x"),
        MultipartBuilder::new("mixed").part(&[("Bad Name", "v")], b"x"),
        MultipartBuilder::new("mixed").part(&[("", "v")], b"x"),
        MultipartBuilder::new("mixed").part(&[("X", "a\r\nInjected: 1")], b"x"),
        MultipartBuilder::new("mixed").part(&[("X", "a\0")], b"x"),
        MultipartBuilder::new("mixed")
            .boundary(&"b".repeat(71))
            .part(&[], b"x"),
        MultipartBuilder::new("mixed").boundary("").part(&[], b"x"),
        MultipartBuilder::new("mixed")
            .boundary("trailing ")
            .part(&[], b"x"),
        MultipartBuilder::new("mixed")
            .boundary("at@sign")
            .part(&[], b"x"),
        MultipartBuilder::new("mixed")
            .boundary("sep")
            .part(&[], b"a\r\n--sep\r\nb"),
        MultipartBuilder::new("mixed")
            .boundary("sep")
            .part(&[("X", "sep")], b"x"),
        MultipartBuilder::new("mixed").nested(&[], MultipartBuilder::new("alternative")),
    ];
    for (i, b) in cases.iter().enumerate() {
        let e = b.build().unwrap_err();
        assert_eq!(e.kind, ErrorKind::InvalidArgument, "case {i}: {e}");
    }
    // The longest legal boundary is accepted.
    let b70 = "b".repeat(70);
    let built = MultipartBuilder::new("mixed")
        .boundary(&b70)
        .part(&[], b"x")
        .build()
        .unwrap();
    assert_eq!(
        Multipart::parse(&built.body, &built.content_type, &Limits::default())
            .unwrap()
            .boundary(),
        b70
    );
}

#[test]
fn media_type_parsing() {
    let t = MediaType::parse(" Multipart/Mixed ;Boundary=\"abc\" ").unwrap();
    assert!(t.is_multipart());
    assert!(t.is("multipart/mixed"));
    assert_eq!(t.boundary(), Ok("abc"));
    // MS-SIPRE 4.14 writes `boundary= -----_NextPart...` (LWS after '=') and
    // `application/sdp ; charset=utf-8`.
    let t =
        MediaType::parse("multipart/mixed; boundary= -----_NextPart_000_4A6D_01CAB3D6.7519F890")
            .unwrap();
    assert_eq!(
        t.boundary(),
        Ok("-----_NextPart_000_4A6D_01CAB3D6.7519F890")
    );
    let t = MediaType::parse("application/sdp ; charset=utf-8").unwrap();
    assert!(t.is("application/sdp"));
    assert_eq!(t.param("charset").as_deref(), Some("utf-8"));
    for bad in [
        "",
        "  ",
        "text",
        "text/",
        "/plain",
        "te xt/plain",
        "text/pl@in",
        "text/plain garbage",
        "text/plain;x=1 y",
    ] {
        let r = MediaType::parse(bad);
        if bad == "text/plain;x=1 y" {
            // Parameter syntax is read leniently; only the boundary is checked strictly.
            assert!(r.is_ok());
            continue;
        }
        assert!(r.is_err(), "{bad:?}");
    }
    assert!(!MediaType::parse("text/plain").unwrap().is("text"));
}

#[test]
fn boundary_rules_of_rfc_2046() {
    assert!(validate_boundary("a").is_ok());
    assert!(validate_boundary("'()+_,-./:=? x").is_ok());
    assert!(validate_boundary(&"x".repeat(70)).is_ok());
    assert_eq!(validate_boundary(&"x".repeat(71)).unwrap_err().offset, 70);
    assert_eq!(validate_boundary("ab@c").unwrap_err().offset, 2);
    assert!(validate_boundary("ab ").is_err());
    assert!(validate_boundary("").is_err());
    assert!(validate_boundary("é").is_err());
}

#[test]
fn content_type_problems() {
    let l = Limits::default();
    let body = b"--b\r\n\r\nx\r\n--b--\r\n";
    let e = Multipart::parse(body, "text/plain", &l).unwrap_err();
    assert!(e.what.contains("not multipart"), "{e}");
    let e = Multipart::parse(body, "multipart/mixed", &l).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.what.contains("no boundary"), "{e}");
    let e = Multipart::parse(body, "multipart/mixed; boundary=\"b", &l).unwrap_err();
    assert!(e.what.contains("unterminated"), "{e}");
    let e = Multipart::parse(body, "multipart/mixed; boundary=\"\"", &l).unwrap_err();
    assert!(e.what.contains("empty"), "{e}");
    assert!(Multipart::parse(body, "multipart/mixed; boundary=b", &l).is_ok());
    assert!(Multipart::parse(body, "multipart/mixed; boundary=\"b\"", &l).is_ok());
}

#[test]
fn structure_problems() {
    let l = Limits::default();
    let ct = "multipart/mixed; boundary=b";
    let cases: &[(&[u8], ErrorKind, &str, usize)] = &[
        (b"", ErrorKind::BadValue, "no opening boundary", 0),
        (
            b"no delimiter at all",
            ErrorKind::BadValue,
            "no opening boundary",
            0,
        ),
        (
            b"x--b\r\n\r\nbody",
            ErrorKind::BadValue,
            "no opening boundary",
            0,
        ),
        (b"--b--\r\n", ErrorKind::BadValue, "no part before", 0),
        (
            b"--b\r\n\r\nbody\r\n",
            ErrorKind::Incomplete,
            "close delimiter missing",
            5,
        ),
        (
            b"--b\r\n\r\nbody\r\n--b\r\n\r\nmore",
            ErrorKind::Incomplete,
            "close delimiter missing",
            18,
        ),
        (
            b"--b\r\nno colon here\r\n\r\nbody\r\n--b--",
            ErrorKind::BadHeader,
            "no ':'",
            5,
        ),
        (
            b"--b\r\n folded: first\r\n\r\nx\r\n--b--",
            ErrorKind::BadHeader,
            "folded line",
            5,
        ),
        (
            b"--b\r\nBad Name: v\r\n\r\nx\r\n--b--",
            ErrorKind::BadHeader,
            "not a token",
            5,
        ),
        (
            b"--b\r\n: v\r\n\r\nx\r\n--b--",
            ErrorKind::BadHeader,
            "not a token",
            5,
        ),
        (
            b"--b\r\nX: \xff\xfe\r\n\r\nx\r\n--b--",
            ErrorKind::NotUtf8,
            "UTF-8",
            8,
        ),
    ];
    for &(body, kind, what, offset) in cases {
        let e = Multipart::parse(body, ct, &l).unwrap_err();
        assert_eq!(e.kind, kind, "{:?}: {e}", String::from_utf8_lossy(body));
        assert!(
            e.what.contains(what),
            "{:?}: {}",
            String::from_utf8_lossy(body),
            e.what
        );
        assert_eq!(e.offset, offset, "{:?}", String::from_utf8_lossy(body));
    }
}

#[test]
fn preamble_epilogue_padding_and_lookalikes() {
    let body: &[u8] = b"This is the preamble.\r\n--b \t\r\nContent-Type: text/plain\r\n\r\n\
line one\r\n--bX not a delimiter\r\nx--b neither\r\n--b\r\n\r\nsecond\r\n--b--  \r\nepilogue\r\n--b\r\n";
    let m = Multipart::parse(body, "multipart/mixed;boundary=b", &Limits::default()).unwrap();
    assert_eq!(m.preamble(), b"This is the preamble.");
    assert_eq!(m.parts().len(), 2);
    assert_eq!(
        m.parts()[0].body(),
        b"line one\r\n--bX not a delimiter\r\nx--b neither"
    );
    assert_eq!(m.parts()[1].body(), b"second");
    assert!(m.parts()[1].headers().is_empty());
    assert!(m.parts()[1].is("text/plain"), "RFC 2046 5.1 default type");
    assert_eq!(m.epilogue(), b"epilogue\r\n--b\r\n");
    check_offsets(body, &m);
}

#[test]
fn bare_lf_and_folded_part_headers() {
    let body: &[u8] = b"--b\nContent-Type: text/plain;\n charset=utf-8\nX:y\n\nhi\n--b\nContent-Type: multipart/digest; boundary=d\n\n--d\n\nmsg\n--d--\n--b--";
    let m = Multipart::parse(body, "multipart/mixed; boundary=b", &Limits::default()).unwrap();
    let p = &m.parts()[0];
    assert_eq!(p.content_type(), Some("text/plain;\n charset=utf-8"));
    assert_eq!(
        p.media_type().unwrap().param("charset").as_deref(),
        Some("utf-8")
    );
    assert_eq!(p.header("x"), Some("y"));
    assert_eq!(p.body(), b"hi");
    let digest = m.parts()[1].nested().unwrap();
    assert_eq!(digest.parts()[0].body(), b"msg");
    assert!(
        digest.parts()[0].is("message/rfc822"),
        "RFC 2046 5.1.5 default inside digest"
    );
    assert!(m.epilogue().is_empty());
}

#[test]
fn headers_only_and_empty_parts() {
    let body: &[u8] = b"--b\r\nContent-ID: <only-headers>\r\n--b\r\n--b\r\n\r\n--b--";
    let m = Multipart::parse(body, "multipart/mixed; boundary=b", &Limits::default()).unwrap();
    assert_eq!(m.parts().len(), 3);
    assert_eq!(m.parts()[0].content_id(), Some("only-headers"));
    assert!(m.parts()[0].body().is_empty());
    assert!(m.parts()[1].headers().is_empty() && m.parts()[1].body().is_empty());
    assert!(m.parts()[2].headers().is_empty() && m.parts()[2].body().is_empty());
}

#[test]
fn disposition_parsing() {
    let d = Disposition::parse("session;handling=\"required\";ms-proxy-2007fallback").unwrap();
    assert_eq!(d.kind, "session");
    assert_eq!(d.handling().as_deref(), Some("required"));
    assert!(d.has("MS-PROXY-2007FALLBACK"));
    assert!(Disposition::parse("").is_err());
    assert!(Disposition::parse("a/b").is_err());
}

/// MS-SIPRE 4.11 (spec typo): the example's close delimiter reads `...YIfaz2y...` where its
/// boundary is `...YIfaZ2y...`. Boundaries compare byte for byte, so as printed the body has
/// no close delimiter.
#[test]
fn spec_typo_4_11_close_delimiter_case() {
    let ct = "multipart/mixed;boundary=0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A";
    let body = b"--0VUf5fZQGOkBjYIfaZ2yOZCi5OdMrt2A\r\nContent-Type: text/plain\r\n\r\nx\r\n--0VUf5fZQGOkBjYIfaz2yOZCi5OdMrt2A--\r\n";
    let e = Multipart::parse(body, ct, &Limits::default()).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Incomplete);
    let fixed = String::from_utf8_lossy(body).replace("Ifaz2y", "IfaZ2y");
    assert!(Multipart::parse(fixed.as_bytes(), ct, &Limits::default()).is_ok());
}

/// MS-SIPRE 4.12.1 (spec typo): the example prints the delimiter lines as the boundary itself
/// (`-----_NextPart...`, five dashes) instead of `--` + boundary (seven dashes, as in the
/// corpus body). Such lines are not delimiters.
#[test]
fn spec_typo_4_12_1_delimiter_without_leading_dashes() {
    let ct = "multipart/alternative;boundary=\"-----_NextPart_000_0059_01C91A7C.B83AD4E0\"";
    let printed = b"-----_NextPart_000_0059_01C91A7C.B83AD4E0\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n-----_NextPart_000_0059_01C91A7C.B83AD4E0--\r\n";
    let e = Multipart::parse(printed, ct, &Limits::default()).unwrap_err();
    assert!(e.what.contains("no opening boundary"), "{e}");
    let (_, body) = corpus_body("invite-multipart-2level.sip");
    assert!(body.starts_with(b"-------_NextPart_000_0059_01C91A7C.B83AD4E0\r\n"));
}

fn nested_body(levels: usize) -> (Vec<u8>, String) {
    let mut b = MultipartBuilder::new("mixed").part(&[("Content-Type", "text/plain")], b"core");
    for _ in 1..levels {
        b = MultipartBuilder::new("mixed").nested(&[], b);
    }
    let built = b.build().unwrap();
    (built.body, built.content_type)
}

#[test]
fn nesting_depth_limit() {
    let l = Limits::default();
    let (body, ct) = nested_body(l.max_nesting_depth);
    let m = Multipart::parse(&body, &ct, &l).unwrap();
    assert_eq!(m.walk().map(|(d, _)| d).max(), Some(l.max_nesting_depth));
    assert_eq!(m.find("text/plain").unwrap().body(), b"core");

    let (body, ct) = nested_body(l.max_nesting_depth + 1);
    let e = Multipart::parse(&body, &ct, &l).unwrap_err();
    assert_eq!(
        e.limit,
        Some((Limit::NestingDepth, l.max_nesting_depth + 1))
    );
    let loose = Limits {
        max_nesting_depth: 9,
        ..l
    };
    assert!(Multipart::parse(&body, &ct, &loose).is_ok());

    // A hand-made body nested 10 000 levels deep stops at the limit, without deep recursion.
    let mut hostile = Vec::new();
    for i in 0..10_000 {
        hostile.extend_from_slice(
            format!(
                "--b{i}\r\nContent-Type: multipart/mixed; boundary=b{}\r\n\r\n",
                i + 1
            )
            .as_bytes(),
        );
    }
    hostile.push(b'x');
    for i in (0..10_000).rev() {
        hostile.extend_from_slice(format!("\r\n--b{i}--").as_bytes());
    }
    let e = Multipart::parse(&hostile, "multipart/mixed; boundary=b0", &l).unwrap_err();
    assert_eq!(
        e.limit,
        Some((Limit::NestingDepth, l.max_nesting_depth + 1))
    );
    // The same input with the same boundary at every level is flat, not deep.
    let same = String::from_utf8(hostile)
        .unwrap()
        .replace(|c: char| c.is_ascii_digit(), "");
    let e = Multipart::parse(same.as_bytes(), "multipart/mixed; boundary=b", &l).unwrap_err();
    assert_ne!(e.limit.map(|x| x.0), Some(Limit::NestingDepth));
}

#[test]
fn parts_limit_counts_the_whole_tree() {
    let l = Limits {
        max_parts: 5,
        ..Limits::default()
    };
    let mut b = MultipartBuilder::new("mixed");
    for i in 0..5 {
        b = b.part(&[], format!("{i}").as_bytes());
    }
    let ok = b.clone().build().unwrap();
    assert_eq!(
        Multipart::parse(&ok.body, &ok.content_type, &l)
            .unwrap()
            .parts()
            .len(),
        5
    );
    let over = b.clone().part(&[], b"6").build().unwrap();
    let e = Multipart::parse(&over.body, &over.content_type, &l).unwrap_err();
    assert_eq!(e.limit, Some((Limit::Parts, 6)));
    // 3 outer parts, one of which holds 3: 6 in all.
    let inner = MultipartBuilder::new("alternative")
        .part(&[], b"a")
        .part(&[], b"b")
        .part(&[], b"c");
    let tree = MultipartBuilder::new("mixed")
        .part(&[], b"1")
        .nested(&[], inner)
        .part(&[], b"3")
        .build()
        .unwrap();
    let e = Multipart::parse(&tree.body, &tree.content_type, &l).unwrap_err();
    assert_eq!(e.limit, Some((Limit::Parts, 6)));
    // Hostile: a huge number of tiny parts stops at the limit.
    let many = "--b\r\n\r\n\r\n".repeat(100_000);
    let e = Multipart::parse(
        many.as_bytes(),
        "multipart/mixed; boundary=b",
        &Limits::default(),
    )
    .unwrap_err();
    assert_eq!(e.limit, Some((Limit::Parts, 65)));
}

#[test]
fn part_header_limits() {
    let l = Limits {
        max_headers: 3,
        max_line_length: 40,
        ..Limits::default()
    };
    let ok = b"--b\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\nx\r\n--b--";
    assert!(Multipart::parse(ok, "multipart/mixed; boundary=b", &l).is_ok());
    let many = b"--b\r\nA: 1\r\nB: 2\r\nC: 3\r\nD: 4\r\n\r\nx\r\n--b--";
    let e = Multipart::parse(many, "multipart/mixed; boundary=b", &l).unwrap_err();
    assert_eq!(e.limit, Some((Limit::Headers, 4)));
    let long = format!("--b\r\nA: {}\r\n\r\nx\r\n--b--", "v".repeat(38));
    let e = Multipart::parse(long.as_bytes(), "multipart/mixed; boundary=b", &l).unwrap_err();
    assert_eq!(e.limit, Some((Limit::LineLength, 41)));
    let folded = format!(
        "--b\r\nA: {}\r\n {}\r\n\r\nx\r\n--b--",
        "v".repeat(20),
        "w".repeat(20)
    );
    let e = Multipart::parse(folded.as_bytes(), "multipart/mixed; boundary=b", &l).unwrap_err();
    assert_eq!(e.limit.map(|x| x.0), Some(Limit::LineLength));
}

#[test]
fn truncated_and_garbled_corpus_bodies_never_panic() {
    let mut seed: u32 = 0xdead_beef;
    for name in [
        "invite-multipart-2level.sip",
        "invite-multipart-3level.sip",
        "invite-e911.sip",
    ] {
        let (ct, body) = corpus_body(name);
        for cut in 0..body.len() {
            let r = Multipart::parse(&body[..cut], &ct, &Limits::default());
            // Cutting before the close delimiter is always noticed.
            if cut + 2 < body.len() {
                assert!(r.is_err(), "{name} cut at {cut}");
            }
        }
        for _ in 0..300 {
            let mut b = body.clone();
            for _ in 0..6 {
                seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let at = (seed as usize >> 8) % b.len();
                b[at] = (seed >> 24) as u8;
            }
            if let Ok(m) = Multipart::parse(&b, &ct, &Limits::default()) {
                check_offsets(&b, &m);
                for p in m.leaves() {
                    let _ = (p.media_type(), p.disposition(), p.content_id());
                }
            }
        }
    }
}

#[test]
fn huge_part_body() {
    let big = vec![b'z'; 4 << 20];
    let built = MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "application/octet-stream")], &big)
        .build()
        .unwrap();
    let m = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_eq!(m.parts()[0].body().len(), big.len());
}
