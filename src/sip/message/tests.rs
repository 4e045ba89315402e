//! The message reader against its step-by-step reading, limits, lookups and typed views.

use super::buf::Buf;
use super::cursor::{ABSENT, FIRST_CAP, FirstIndex, index_kinds};
use super::head_scan::{Line, bad, is_token, other_line};
use super::numbers::parse_decimal;
use super::start_line::{is_common_method, parse_start_line};
use crate::limits::{Limit, Limits};
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::header_name::HeaderKind;
use crate::sip::list_items::ListItem;
use crate::sip::name_addr::NameAddr;
use crate::sip::scan::is_token_char;
use crate::sip::scan::line_feeds::LineFeeds;
use crate::sip::via::Via;

use super::*;

/// Numbers keep their errors' offsets (the reader itself is held to the standard parser
/// in `scan::decimal`).
#[test]
fn decimal_errors_point_at_the_fault() {
    let at = |v: &str| parse_decimal(v, "n").map_err(|e| (e.kind, e.offset));
    assert_eq!(at("70"), Ok(70));
    assert_eq!(at("0000000000000000000000070"), Ok(70));
    assert_eq!(at("7x"), Err((ErrorKind::BadValue, 1)));
    assert_eq!(at(""), Err((ErrorKind::BadValue, 0)));
    assert_eq!(at("99999999999999999999"), Err((ErrorKind::BadValue, 0)));
}

/// [`scan`] with every line read by [`other_line`], the step-by-step reader.
fn scan_step_by_step(b: &[u8], limits: &Limits, headers: &mut Headers) -> Result<(Start, u32)> {
    if b.is_empty() {
        return Err(bad(ErrorKind::Empty, 0, "empty message"));
    }
    if b.len() > limits.max_message_size {
        return Err(SipError::limit(Limit::MessageSize, b.len(), 0));
    }
    let mut pos = 0;
    while pos < b.len() && (b[pos] == b'\r' || b[pos] == b'\n') {
        pos += 1;
    }
    let nl = b[pos..].iter().position(|&c| c == b'\n').map(|k| pos + k);
    let Some(nl) = nl else {
        return Err(bad(ErrorKind::Incomplete, b.len(), ""));
    };
    let sl_end = if nl > pos && b[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    if sl_end - pos > limits.max_line_length {
        return Err(SipError::limit(Limit::LineLength, sl_end - pos, pos));
    }
    let start = parse_start_line(b, pos, sl_end)?;
    let mut feeds = LineFeeds::new(b);
    let mut next = nl + 1;
    loop {
        match other_line(b, next, limits, headers, &mut feeds)? {
            Line::Next(after) => next = after,
            Line::End(body) => return Ok((start, body as u32)),
        }
    }
}

/// What a parse gives, in a comparable form.
type Parsed = std::result::Result<(Start, u32, Vec<Header>, Vec<u8>, bool), (ErrorKind, usize)>;

fn parsed(b: &[u8], limits: &Limits) -> Parsed {
    match Message::parse_with(b, limits) {
        Ok(m) => {
            let text = matches!(m.buf, Buf::Text(_));
            let (first, last) = kind_indexes(&m.headers);
            assert_eq!(m.first, first);
            assert_eq!(m.last, last);
            Ok((
                m.start,
                m.body_start,
                m.headers.to_vec(),
                m.into_bytes(),
                text,
            ))
        }
        Err(e) => Err((e.kind, e.offset)),
    }
}

/// The reference: every line step by step, the UTF-8 check by the standard library.
fn parsed_step_by_step(b: &[u8], limits: &Limits) -> Parsed {
    let mut headers = Headers::new();
    let done = scan_step_by_step(b, limits, &mut headers)
        .and_then(|(start, body)| Ok((start, body, Buf::new(b.to_vec(), body as usize)?)));
    match done {
        Ok((start, body, buf)) => {
            let text = matches!(buf, Buf::Text(_));
            Ok((start, body, headers.to_vec(), buf.into_bytes(), text))
        }
        Err(e) => Err((e.kind, e.offset)),
    }
}

fn bench_messages() -> Vec<Vec<u8>> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/data");
    let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| std::fs::read(e.unwrap().path()).unwrap())
        .collect();
    out.sort();
    assert!(out.len() >= 10);
    out
}

/// The one-pass reader (line-feed masks, 16-byte name reads, ASCII prefix) gives what the
/// step-by-step reader gives on real messages, cut short anywhere, and with one byte
/// changed anywhere into a delimiter, white space, a control or a non-ASCII byte.
#[test]
fn one_pass_agrees_with_step_by_step() {
    let tight = Limits {
        max_headers: 9,
        max_line_length: 60,
        ..Limits::DEFAULT
    };
    let mutations = [
        b' ', b'\t', b':', b'\r', b'\n', b'a', b'-', 0, 0x80, 0xc3, 0xff, b'V',
    ];
    for msg in bench_messages() {
        for max_line_length in 20..=90 {
            for max_headers in [1, 2, 5, 8, 11, 12, 13, 14, 30, 40] {
                let limits = Limits {
                    max_headers,
                    max_line_length,
                    ..Limits::DEFAULT
                };
                assert_eq!(parsed(&msg, &limits), parsed_step_by_step(&msg, &limits));
            }
        }
        for limits in [&Limits::DEFAULT, &tight] {
            for cut in 0..msg.len() {
                let b = &msg[..cut];
                assert_eq!(
                    parsed(b, limits),
                    parsed_step_by_step(b, limits),
                    "cut {cut}"
                );
            }
        }
        let head = msg
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(msg.len(), |k| k + 4);
        for i in 0..(head + 70).min(msg.len()) {
            for &c in &mutations {
                let mut b = msg.clone();
                b[i] = c;
                assert_eq!(
                    parsed(&b, &Limits::DEFAULT),
                    parsed_step_by_step(&b, &Limits::DEFAULT),
                    "byte {i} set to {c:#x}"
                );
            }
        }
    }
}

/// Header sections around the 64-byte blocks of the line-feed masks: lines ending just
/// before, on and after a block edge, long names, compact names, bare LFs, a message that
/// is shorter than a block.
#[test]
fn one_pass_agrees_around_block_edges() {
    let names = [
        "Via",
        "v",
        "Content-Length",
        "X-Long-Extension-Name",
        "To ",
        "f",
    ];
    for pad in 0..140 {
        for (k, name) in names.iter().enumerate() {
            let filler = "x".repeat(pad);
            let eol = if (pad + k) % 5 == 0 { "\n" } else { "\r\n" };
            let m = format!(
                "OPTIONS sip:a@b SIP/2.0\r\n{name}: {filler}{eol}Call-ID:{filler} \r\n\
                 i: {pad}\r\nSubject: caf\u{e9}\r\n\r\nbody{filler}"
            );
            let b = m.as_bytes();
            assert_eq!(
                parsed(b, &Limits::DEFAULT),
                parsed_step_by_step(b, &Limits::DEFAULT)
            );
            let ascii = b.iter().map(|&c| c & 0x7f).collect::<Vec<u8>>();
            assert_eq!(
                parsed(&ascii, &Limits::DEFAULT),
                parsed_step_by_step(&ascii, &Limits::DEFAULT)
            );
        }
    }
}

/// [`index_kinds`] into fresh arrays (filled with other values first, which it must reset).
fn kind_indexes(headers: &[Header]) -> (FirstIndex, FirstIndex) {
    let (mut first, mut last) = (
        [7; HeaderKind::Other as usize + 1],
        [7; HeaderKind::Other as usize + 1],
    );
    index_kinds(headers, &mut first, &mut last);
    (first, last)
}

/// The first-field index agrees with the first position of each kind, found one by one.
#[test]
fn first_and_last_index_are_the_first_and_last_positions() {
    let kinds = [
        HeaderKind::Via,
        HeaderKind::To,
        HeaderKind::Other,
        HeaderKind::Contact,
        HeaderKind::CallId,
    ];
    for len in [0, 1, 5, 253, 254, 255, 256, 300] {
        for step in 1..4 {
            let headers: Vec<Header> = (0..len)
                .map(|i| Header {
                    kind: kinds[(i * step + i / 7) % kinds.len()],
                    name_start: 0,
                    name_end: 0,
                    value_start: 0,
                    value_end: 0,
                    line_end: 0,
                })
                .collect();
            let mut want = [ABSENT; HeaderKind::Other as usize + 1];
            for (k, w) in want.iter_mut().enumerate() {
                if let Some(i) = headers.iter().position(|h| h.kind as usize == k) {
                    *w = u8::try_from(i).unwrap_or(FIRST_CAP).min(FIRST_CAP);
                }
            }
            assert_eq!(kind_indexes(&headers).0, want, "{len} {step}");
            let mut want = [0; HeaderKind::Other as usize + 1];
            for (k, w) in want.iter_mut().enumerate() {
                if let Some(i) = headers.iter().rposition(|h| h.kind as usize == k) {
                    *w = u8::try_from(i).unwrap_or(FIRST_CAP).min(FIRST_CAP);
                }
            }
            assert_eq!(kind_indexes(&headers).1, want, "{len} {step}");
        }
    }
}

#[test]
fn token_names_are_the_token_class() {
    for c in 0..=255u8 {
        assert_eq!(is_token(&[b'a', c, b'-']), is_token_char(c), "{c}");
    }
    assert!(is_token(b""));
}

/// The word comparison of methods agrees with a plain list, on the methods and near misses.
#[test]
fn common_methods() {
    let list: [&[u8]; 16] = [
        b"INVITE",
        b"ACK",
        b"BYE",
        b"CANCEL",
        b"OPTIONS",
        b"REGISTER",
        b"SUBSCRIBE",
        b"NOTIFY",
        b"MESSAGE",
        b"INFO",
        b"PRACK",
        b"UPDATE",
        b"REFER",
        b"PUBLISH",
        b"SERVICE",
        b"BENOTIFY",
    ];
    let check = |v: &[u8]| assert_eq!(is_common_method(v), list.contains(&v), "{v:?}");
    for m in list {
        check(m);
        for i in 0..m.len() {
            let mut v = m.to_vec();
            v[i] ^= 0x20;
            check(&v);
            v[i] = b'-';
            check(&v);
            check(&m[..i]);
            check(&m[i + 1..]);
        }
        check(&[m, b"S"].concat());
    }
    check(b"");
}

/// The copy trusts only what it was told is ASCII and checks the rest.
#[test]
fn copy_checks_what_is_not_known_ascii() {
    let texts: [&[u8]; 5] = [
        b"INVITE sip:a SIP/2.0\r\n\r\nplain",
        "Subject: caf\u{e9}\r\n\r\nbody \u{e9}".as_bytes(),
        b"X: a\r\n\r\n\xff\xfe",
        b"X: \xc3\r\n\r\nbody",
        b"X: a\r\n\r\n\xc3",
    ];
    for t in texts {
        let ascii_len = t.iter().take_while(|c| c.is_ascii()).count();
        let head = t.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        for ascii in 0..=ascii_len {
            let got = Buf::copied(t, head, ascii);
            let want = Buf::new(t.to_vec(), head);
            match (got, want) {
                (Ok(g), Ok(w)) => {
                    assert_eq!(matches!(g, Buf::Text(_)), matches!(w, Buf::Text(_)));
                    assert_eq!(g.head(), w.head());
                    assert_eq!(g.into_bytes(), w.into_bytes());
                }
                (Err(g), Err(w)) => assert_eq!((g.kind, g.offset), (w.kind, w.offset)),
                (g, w) => panic!("{g:?} / {w:?}"),
            }
        }
    }
}

/// The benchmark's messages and one with comma lists, compact names, repeated and
/// extension headers, for the lookup tests.
fn lookup_messages() -> Vec<Vec<u8>> {
    let mut msgs = bench_messages();
    msgs.push(
        b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b;x=\"1,2\"\r\n\
          X-A: 1, 2\r\nv: SIP/2.0/TCP c,,\r\nx-a: 3\r\nRoute: <sip:r;lr>,<sip:s>\r\n\
          Contact: *\r\nm: \"a, b\" <sip:c>, <sip:d>\r\nX-B: \r\nRoute: <sip:t>\r\n\r\n"
            .to_vec(),
    );
    msgs
}

/// Looking up value `i` of a header and parsing it in one walk gives what parsing the
/// value at `i` whole gives, the same view or the same error, in every order of lookups;
/// and a lookup of a raw value after it takes up from where it stopped. The first value
/// found without the cursor is the same too, and so is every value of the walk over all
/// of them.
#[test]
fn item_at_is_the_value_at_parsed_whole() {
    use crate::sip::scan::near_texts::near;
    let mut msgs = lookup_messages();
    let lists = near(
        &[
            "<sip:a@b>;tag=1 , <sip:c@d> ;expires=5",
            "\"A, B\" <sip:a@b>;x=\"1,2\", Bob <sip:c@d;lr>;q=0.5,<sip:e>",
            "SIP/2.0/UDP a:5060;branch=z1, SIP/2.0/TCP [::1];received=1.2.3.4",
        ],
        &[",", "\"", "<", ">", ";", " ", "é", "*"],
    );
    for l in &lists {
        msgs.push(
            format!("OPTIONS sip:a@b SIP/2.0\r\nContact: {l}\r\nv: {l}\r\nm: <sip:x>, *\r\n\r\n")
                .into_bytes(),
        );
    }
    fn check<'a, T: ListItem<'a> + PartialEq + std::fmt::Debug>(m: &'a Message, n: &str) {
        let kind = HeaderKind::from_name(n);
        let values: Vec<&str> = m.values(n).collect();
        if kind != HeaderKind::Other {
            let mut first = T::BLANK;
            let got = m
                .first_item_into(kind, &mut first)
                .map(|r| r.map(|()| first));
            assert_eq!(got, values.first().map(|v| T::parse_whole(v)), "{n} first");
        }
        let orders: [Vec<usize>; 3] = [
            (0..values.len() + 2).collect(),
            (0..values.len() + 2).rev().collect(),
            (0..values.len() + 2).step_by(2).collect(),
        ];
        for order in orders {
            for i in order {
                let got: Option<Result<T>> = m.item_at(kind, n.as_bytes(), i);
                let want = values.get(i).map(|v| T::parse_whole(v));
                assert_eq!(got, want, "{n} {i} {:?}", values.get(i));
                assert_eq!(m.value(n, i + 1), values.get(i + 1).copied(), "{n} {i}+1");
            }
        }
    }
    fn check_each<'a, T: ListItem<'a> + PartialEq + std::fmt::Debug + Clone>(
        m: &'a Message,
        n: &str,
    ) {
        let kind = HeaderKind::from_name(n);
        let want: Vec<Result<T>> = m.values(n).map(|v| T::parse_whole(v)).collect();
        let mut got = Vec::new();
        let mut scratch = T::BLANK;
        m.each_item(kind, n.as_bytes(), &mut scratch, |r| {
            got.push(r.cloned());
            true
        });
        assert_eq!(got, want, "{n} each");
    }
    for raw in &msgs {
        let m = Message::parse(raw).unwrap();
        for n in ["Contact", "m", "Via", "v", "Route", "To", "X-A", "Nope"] {
            check::<NameAddr>(&m, n);
            check::<Via>(&m, n);
            check_each::<NameAddr>(&m, n);
            check_each::<Via>(&m, n);
        }
    }
}

/// Every value handed out by the one loop is a value of the iterator, in its order.
#[test]
fn each_value_gives_what_values_gives() {
    let msgs = lookup_messages();
    for raw in &msgs {
        let m = Message::parse(raw).unwrap();
        for n in [
            "Via", "v", "Contact", "m", "Route", "X-A", "x-a", "X-B", "To", "Nope",
        ] {
            let mut got = Vec::new();
            m.each_value(HeaderKind::from_name(n), n.as_bytes(), |v| got.push(v));
            let want: Vec<&str> = m.values(n).collect();
            assert_eq!(got, want, "{n}");
            // The value pointers are the same slices of the message.
            assert!(got.iter().zip(&want).all(|(a, b)| a.as_ptr() == b.as_ptr()));
        }
    }
}

/// Lookups by index give what the iterator gives, whatever order they come in: in turn
/// (each taking up from the cursor), backwards, skipping ahead, and with lookups of
/// other headers (compact and unknown names too) in between.
#[test]
fn value_by_index_agrees_with_the_values() {
    let msgs = lookup_messages();
    let names = [
        "Via",
        "v",
        "Contact",
        "m",
        "Route",
        "X-A",
        "x-a",
        "X-B",
        "Record-Route",
        "To",
        "Supported",
        "Call-ID",
        "Nope",
    ];
    for raw in &msgs {
        let m = Message::parse(raw).unwrap();
        let all: Vec<Vec<&str>> = names.iter().map(|n| m.values(n).collect()).collect();
        for (n, want) in names.iter().zip(&all) {
            for i in 0..want.len() + 2 {
                assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i}");
            }
            for i in (0..want.len() + 2).rev() {
                assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} backwards");
            }
            for step in 2..4 {
                for i in (0..want.len() + 2).step_by(step) {
                    assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} by {step}");
                }
            }
        }
        for i in 0..6 {
            for (n, want) in names.iter().zip(&all) {
                assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} interleaved");
                assert_eq!(
                    m.values_named(n.as_bytes()).nth(i),
                    want.get(i).copied(),
                    "{n} {i}"
                );
                let kind = HeaderKind::from_name(n);
                if kind != HeaderKind::Other {
                    assert_eq!(m.value_of_kind(kind, i), want.get(i).copied(), "{n} {i}");
                }
            }
        }
    }
}

/// Lookups by kind find fields wherever they stand, past the 254 fields the index keeps
/// exact positions for too.
#[test]
fn lookups_by_kind_reach_every_field() {
    let mut m = String::from("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK0\r\n");
    for i in 0..300 {
        m.push_str(&format!("X-N{}: {i}\r\n", i % 3));
    }
    m.push_str("Via: SIP/2.0/UDP late;branch=z9hG4bK1\r\nCall-ID: late\r\nX-N1: 7\r\n\r\n");
    let limits = Limits {
        max_headers: 400,
        ..Limits::DEFAULT
    };
    let msg = Message::parse_with(m.as_bytes(), &limits).unwrap();
    assert_eq!(msg.vias().count(), 2);
    assert_eq!(msg.call_id(), Some("late"));
    assert_eq!(msg.fields("x-n1").count(), 101);
    assert_eq!(msg.fields("X-N2").last(), Some("299"));
    assert!(msg.header("CSeq").is_none());
    assert_eq!(msg.count("Contact"), 0);
}

fn fields(raw: &[u8]) -> Vec<(HeaderKind, &str, &str)> {
    let m = Message::parse(raw).unwrap();
    let text = |r: std::ops::Range<usize>| std::str::from_utf8(&raw[r]).unwrap();
    m.headers()
        .iter()
        .map(|h| (h.kind(), text(h.name_range()), text(h.value_range())))
        .collect()
}

/// Lines the one-pass reader leaves to the step-by-step one come out the same.
#[test]
fn unusual_lines() {
    let raw = "OPTIONS sip:a@b SIP/2.0\r\nVia : x\r\nX-Ext\t:\ty \t\r\nSubject:\r\n\
               To: caf\u{e9}\r\n  folded\r\nFrom:\n b\n\r\n";
    assert_eq!(
        fields(raw.as_bytes()),
        [
            (HeaderKind::Via, "Via", "x"),
            (HeaderKind::Other, "X-Ext", "y"),
            (HeaderKind::Subject, "Subject", ""),
            (HeaderKind::To, "To", "caf\u{e9}\r\n  folded"),
            (HeaderKind::From, "From", "b"),
        ]
    );
}

#[test]
fn errors_name_the_first_fault() {
    let at = |raw: &[u8]| {
        let e = Message::parse(raw).unwrap_err();
        (e.kind, e.offset)
    };
    let start = b"OPTIONS sip:a@b SIP/2.0\r\n".len();
    let cases: &[(&[u8], ErrorKind, usize)] = &[
        (b"Bad Name: x\r\n\r\n", ErrorKind::BadHeader, 4),
        (b"Name\r: x\r\n\r\n", ErrorKind::BadHeader, 4),
        (b"Name x\r\n\r\n", ErrorKind::BadHeader, 5),
        (b"NoColon\r\n\r\n", ErrorKind::BadHeader, 0),
        (b"Via: x", ErrorKind::Incomplete, 6),
    ];
    for (lines, kind, offset) in cases {
        let raw = [&b"OPTIONS sip:a@b SIP/2.0\r\n"[..], lines].concat();
        let offset = if *kind == ErrorKind::Incomplete {
            raw.len()
        } else {
            start + offset
        };
        assert_eq!(
            at(&raw),
            (*kind, offset),
            "{:?}",
            String::from_utf8_lossy(lines)
        );
    }
}

#[test]
fn limits_count_every_line() {
    let raw = b"OPTIONS sip:a@b SIP/2.0\r\nA: 1234567890123456789012\r\nB: 2\r\n\r\n";
    let limits = |max_headers, max_line_length| Limits {
        max_headers,
        max_line_length,
        ..Limits::DEFAULT
    };
    assert!(Message::parse_with(raw, &limits(2, 25)).is_ok());
    let e = Message::parse_with(raw, &limits(1, 25)).unwrap_err();
    assert_eq!((e.limit, e.offset), (Some((Limit::Headers, 2)), 52));
    let e = Message::parse_with(raw, &limits(2, 24)).unwrap_err();
    assert_eq!((e.limit, e.offset), (Some((Limit::LineLength, 25)), 25));
}

/// Every span a message keeps is text at character boundaries, with multi-byte characters
/// next to each delimiter (the debug assertions of `Message::text` check each read).
#[test]
fn spans_next_to_multi_byte_text_are_whole_characters() {
    for c in ["\u{e9}", "\u{20ac}", "\u{1f600}"] {
        let raw = format!(
            "INVITE sip:{c}@h{c} SIP/2.0\r\nSubject:{c}\r\nX-A: {c}\t\r\nX-B:\t{c} {c} \r\n \
             {c}\r\nX-C: a{c}\r\nVia: SIP/2.0/UDP h;x={c}\r\n\r\n{c}"
        );
        let m = Message::parse(raw.as_bytes()).unwrap();
        assert_eq!(m.request_uri(), Some(format!("sip:{c}@h{c}").as_str()));
        let got: Vec<(&str, &str)> = m
            .headers()
            .iter()
            .map(|h| (m.name_of(h), m.value_of(h)))
            .collect();
        let folded = format!("{c} {c} \r\n {c}");
        let want = [
            ("Subject", c.to_string()),
            ("X-A", c.to_string()),
            ("X-B", folded),
            ("X-C", format!("a{c}")),
            ("Via", format!("SIP/2.0/UDP h;x={c}")),
        ];
        assert_eq!(got.len(), want.len());
        for ((n, v), (wn, wv)) in got.iter().zip(want.iter()) {
            assert_eq!((*n, *v), (*wn, wv.as_str()));
        }
        let raw = format!("SIP/2.0 200 {c}k{c}\r\nTo: {c}\r\n\r\n");
        let m = Message::parse(raw.as_bytes()).unwrap();
        assert_eq!(m.reason(), Some(format!("{c}k{c}").as_str()));
        assert_eq!(m.header("to"), Some(c));
    }
}
