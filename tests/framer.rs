//! Stream framing (RFC 3261 18.3) and CRLF keep-alives (RFC 5626 3.5.1).

use mssip::limits::{Limit, Limits};
use mssip::sip::ErrorKind;
use mssip::sip::framer::{Frame, Framer, KeepAlive, PING, PONG};

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("corpus directory")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "sip"))
        .collect();
    files.sort();
    assert!(files.len() >= 10, "corpus files missing");
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("read corpus file"))
        })
        .collect()
}

/// Pushes `stream` in chunks of `chunk` bytes, draining after every push.
fn frame_in_chunks(stream: &[u8], chunk: usize, limits: Limits) -> Vec<Frame> {
    let mut f = Framer::new(limits);
    let mut out = Vec::new();
    for c in stream.chunks(chunk) {
        f.push(c).expect("push");
        assert!(f.buffered() <= limits.max_message_size);
        for item in &mut f {
            out.push(item.expect("frame"));
        }
    }
    f.finish().expect("clean end of stream");
    for item in &mut f {
        out.push(item.expect("frame"));
    }
    out
}

fn msg(b: &[u8]) -> Frame {
    Frame::Message(b.to_vec())
}

const SMALL: &[u8] = b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 5\r\n\r\nhello";
const EMPTY_BODY: &[u8] = b"SIP/2.0 200 OK\r\nl: 0\r\n\r\n";

#[test]
fn each_corpus_message_byte_at_a_time() {
    for (name, bytes) in corpus() {
        let frames = frame_in_chunks(&bytes, 1, Limits::default());
        assert_eq!(frames, vec![msg(&bytes)], "{name}");
    }
}

#[test]
fn corpus_concatenated_as_one_stream() {
    let files = corpus();
    let stream: Vec<u8> = files.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    let expected: Vec<Frame> = files.iter().map(|(_, b)| msg(b)).collect();
    for chunk in [1, 2, 3, 7, 13, 64, 500, 1499, stream.len()] {
        assert_eq!(
            frame_in_chunks(&stream, chunk, Limits::default()),
            expected,
            "chunk {chunk}"
        );
    }
}

#[test]
fn corpus_stream_with_keepalives_between_messages() {
    let files = corpus();
    let mut stream = Vec::new();
    let mut expected = Vec::new();
    for (i, (_, b)) in files.iter().enumerate() {
        stream.extend_from_slice(b);
        expected.push(msg(b));
        if i % 2 == 0 {
            stream.extend_from_slice(PING);
            expected.push(Frame::KeepAlive(KeepAlive::Ping));
        } else {
            stream.extend_from_slice(PONG);
            expected.push(Frame::KeepAlive(KeepAlive::Pong));
        }
    }
    // The stream ends with a lone CRLF or a ping; `finish` settles a trailing lone CRLF.
    for chunk in [1, 5, 333, stream.len()] {
        assert_eq!(
            frame_in_chunks(&stream, chunk, Limits::default()),
            expected,
            "chunk {chunk}"
        );
    }
}

#[test]
fn several_messages_in_one_push() {
    let mut stream = SMALL.to_vec();
    stream.extend_from_slice(EMPTY_BODY);
    stream.extend_from_slice(SMALL);
    let mut f = Framer::default();
    f.push(&stream).unwrap();
    assert_eq!(f.pending(), 3);
    let got: Vec<Frame> = f.by_ref().map(|r| r.unwrap()).collect();
    assert_eq!(got, vec![msg(SMALL), msg(EMPTY_BODY), msg(SMALL)]);
    assert!(!f.in_message());
    assert_eq!(f.buffered(), 0);
}

#[test]
fn body_split_across_pushes() {
    let mut f = Framer::default();
    let split = SMALL.len() - 3; // inside "hello"
    f.push(&SMALL[..split]).unwrap();
    assert!(f.next().is_none());
    assert!(f.in_message());
    assert_eq!(f.buffered(), split);
    f.push(&SMALL[split..SMALL.len() - 1]).unwrap();
    assert!(f.next().is_none());
    f.push(&SMALL[SMALL.len() - 1..]).unwrap();
    assert_eq!(f.next(), Some(Ok(msg(SMALL))));
    assert!(f.next().is_none());
}

#[test]
fn body_with_blank_lines_and_header_text_is_not_rescanned() {
    let body = b"\r\n\r\nContent-Length: 999\r\n\r\nINVITE";
    let mut m = format!(
        "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    m.extend_from_slice(body);
    let mut stream = m.clone();
    stream.extend_from_slice(EMPTY_BODY);
    assert_eq!(
        frame_in_chunks(&stream, 1, Limits::default()),
        vec![msg(&m), msg(EMPTY_BODY)]
    );
}

#[test]
fn content_length_spellings() {
    let cases: &[&[u8]] = &[
        b"MESSAGE sip:a@b SIP/2.0\r\ncontent-length: 2\r\n\r\nhi",
        b"MESSAGE sip:a@b SIP/2.0\r\nL: 2\r\n\r\nhi",
        b"MESSAGE sip:a@b SIP/2.0\r\nContent-Length \t : 2\r\n\r\nhi",
        b"MESSAGE sip:a@b SIP/2.0\r\nContent-Length:\r\n  2\r\nX: y\r\n\r\nhi",
        b"MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 2\r\nl: 2\r\n\r\nhi",
        b"MESSAGE sip:a@b SIP/2.0\r\nSubject: Content-Length: 9\r\nl:2\r\n\r\nhi",
    ];
    for &m in cases {
        let got = frame_in_chunks(m, 1, Limits::default());
        assert_eq!(got, vec![msg(m)], "{}", String::from_utf8_lossy(m));
    }
}

#[test]
fn bare_lf_line_ends_are_tolerated() {
    let m: &[u8] = b"MESSAGE sip:a@b SIP/2.0\nl: 3\nX: folded\n value\n\nabc";
    let mut stream = m.to_vec();
    stream.extend_from_slice(b"\n\n"); // bare-LF ping
    stream.extend_from_slice(SMALL);
    assert_eq!(
        frame_in_chunks(&stream, 1, Limits::default()),
        vec![msg(m), Frame::KeepAlive(KeepAlive::Ping), msg(SMALL)]
    );
}

#[test]
fn ping_is_reported_whatever_the_chunking() {
    for chunk in 1..=4 {
        let got = frame_in_chunks(PING, chunk, Limits::default());
        assert_eq!(
            got,
            vec![Frame::KeepAlive(KeepAlive::Ping)],
            "chunk {chunk}"
        );
    }
}

#[test]
fn lone_crlf_waits_for_the_next_byte() {
    let mut f = Framer::default();
    f.push(b"\r\n").unwrap();
    // Could be the first half of a ping.
    assert_eq!(f.next(), None);
    f.push(b"\r").unwrap();
    assert_eq!(f.next(), None);
    f.push(b"\n").unwrap();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Ping))));

    // A lone CRLF followed by a message is a pong, and the message starts after it.
    f.push(b"\r\n").unwrap();
    f.push(SMALL).unwrap();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Pong))));
    assert_eq!(f.next(), Some(Ok(msg(SMALL))));
    assert_eq!(f.next(), None);
}

#[test]
fn awaited_pong_is_reported_at_once() {
    let mut f = Framer::default();
    f.ping_sent();
    f.push(b"\r").unwrap();
    assert_eq!(f.next(), None);
    f.push(b"\n").unwrap();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Pong))));
    // Only one pong was awaited: the next lone CRLF waits again.
    f.push(b"\r\n").unwrap();
    assert_eq!(f.next(), None);
    // A ping from the peer in one piece is still a ping while a pong is awaited.
    let mut g = Framer::default();
    g.ping_sent();
    g.push(PING).unwrap();
    assert_eq!(g.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Ping))));
    assert_eq!(g.next(), None);
}

#[test]
fn ping_sent_settles_a_waiting_crlf() {
    let mut f = Framer::default();
    f.push(b"\r\n").unwrap();
    f.ping_sent();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Pong))));
    f.push(b"\r\n").unwrap();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Pong))));
}

#[test]
fn keepalives_never_become_part_of_a_message() {
    let mut stream = b"\r\n\r\n\r\n".to_vec();
    stream.extend_from_slice(SMALL);
    stream.extend_from_slice(b"\r\n\r\n");
    stream.extend_from_slice(EMPTY_BODY);
    let got = frame_in_chunks(&stream, 1, Limits::default());
    assert_eq!(
        got,
        vec![
            Frame::KeepAlive(KeepAlive::Ping),
            Frame::KeepAlive(KeepAlive::Pong),
            msg(SMALL),
            Frame::KeepAlive(KeepAlive::Ping),
            msg(EMPTY_BODY),
        ]
    );
}

#[test]
fn finish_reports_a_trailing_crlf_and_truncation() {
    let mut f = Framer::default();
    f.push(b"\r\n").unwrap();
    f.finish().unwrap();
    assert_eq!(f.next(), Some(Ok(Frame::KeepAlive(KeepAlive::Pong))));

    let mut f = Framer::default();
    f.push(&SMALL[..SMALL.len() - 1]).unwrap();
    let e = f.finish().unwrap_err();
    assert_eq!(e.kind, ErrorKind::Incomplete);
    assert!(e.what.contains("inside a message"), "{}", e.what);
    assert!(f.is_failed());

    let mut f = Framer::default();
    f.push(b"INVITE sip:a@b SIP/2.0\r\nl: 0\r\n").unwrap();
    assert_eq!(f.finish().unwrap_err().kind, ErrorKind::Incomplete);

    let mut f = Framer::default();
    f.push(b"\r").unwrap();
    assert_eq!(f.finish().unwrap_err().kind, ErrorKind::Incomplete);
}

#[test]
fn missing_content_length_fails_the_stream() {
    let bad: &[u8] = b"MESSAGE sip:a@b SIP/2.0\r\nContent-Type: text/plain\r\n\r\nhi";
    let mut stream = SMALL.to_vec();
    stream.extend_from_slice(bad);
    let mut f = Framer::default();
    let e = f.push(&stream).unwrap_err();
    assert_eq!(e.kind, ErrorKind::NotFound);
    assert!(e.what.contains("Content-Length missing"), "{}", e.what);
    assert!(e.what.contains("close the connection"), "{}", e.what);
    // Offset of the message that lacks it, counted from the start of the stream.
    assert_eq!(e.offset, SMALL.len());
    assert!(f.is_failed());
    assert_eq!(f.error(), Some(&e));
    // The message completed before the error is still delivered, then the error, once.
    assert_eq!(f.next(), Some(Ok(msg(SMALL))));
    assert_eq!(f.next(), Some(Err(e.clone())));
    assert_eq!(f.next(), None);
    // The framer stays failed.
    assert_eq!(f.push(SMALL), Err(e.clone()));
    assert_eq!(f.finish(), Err(e));
    assert_eq!(f.next(), None);
    assert_eq!(f.buffered(), 0);
}

#[test]
fn bad_content_length_values() {
    let cases: &[(&str, ErrorKind, &str)] = &[
        ("-5", ErrorKind::BadValue, "negative"),
        ("5x", ErrorKind::BadValue, "not a decimal number"),
        ("0x10", ErrorKind::BadValue, "not a decimal number"),
        ("5 5", ErrorKind::BadValue, "not a decimal number"),
        ("", ErrorKind::BadValue, "empty"),
        ("+5", ErrorKind::BadValue, "not a decimal number"),
    ];
    for &(v, kind, what) in cases {
        let m = format!("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: {v}\r\n\r\nhello");
        let e = Framer::default().push(m.as_bytes()).unwrap_err();
        assert_eq!(e.kind, kind, "{v:?}");
        assert!(e.what.contains(what), "{v:?}: {}", e.what);
        assert!(e.what.contains("close the connection"), "{}", e.what);
    }
    let disagree = b"MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5\r\nl: 4\r\n\r\nhello";
    let e = Framer::default().push(disagree).unwrap_err();
    assert_eq!(e.kind, ErrorKind::BadValue);
    assert!(e.what.contains("disagree"), "{}", e.what);
}

#[test]
fn oversized_content_length_names_the_limit() {
    for v in [
        "65537",
        "18446744073709551616",
        "99999999999999999999999999999999999",
    ] {
        let m = format!("MESSAGE sip:a@b SIP/2.0\r\nContent-Length: {v}\r\n\r\n");
        let mut f = Framer::default();
        let e = f.push(m.as_bytes()).unwrap_err();
        assert_eq!(e.kind, ErrorKind::LimitExceeded, "{v}");
        assert_eq!(e.limit.map(|l| l.0), Some(Limit::MessageSize), "{v}");
        assert!(e.limit.unwrap().1 > Limits::default().max_message_size);
        assert_eq!(f.buffered(), 0);
    }
    // Exactly at the limit is accepted.
    let limits = Limits {
        max_message_size: 100,
        ..Limits::default()
    };
    let head = "MESSAGE sip:a@b SIP/2.0\r\nl: 00\r\n\r\n";
    let body = vec![b'x'; 100 - head.len()];
    let m = format!("MESSAGE sip:a@b SIP/2.0\r\nl: {}\r\n\r\n", body.len());
    let mut full = m.into_bytes();
    full.extend_from_slice(&body);
    assert_eq!(full.len(), 100);
    assert_eq!(frame_in_chunks(&full, 7, limits), vec![msg(&full)]);
    let mut over = full.clone();
    over.insert(0, b'X'); // one more byte in the method
    let e = Framer::new(limits).push(&over).unwrap_err();
    assert_eq!(e.limit, Some((Limit::MessageSize, 101)));
}

#[test]
fn long_header_line_names_the_limit() {
    let limits = Limits {
        max_line_length: 64,
        ..Limits::default()
    };
    // A line of exactly the limit passes, one byte more fails.
    let ok_line = format!("X: {}", "a".repeat(61));
    assert_eq!(ok_line.len(), 64);
    let m = format!("MESSAGE sip:a@b SIP/2.0\r\n{ok_line}\r\nl: 0\r\n\r\n");
    assert_eq!(
        frame_in_chunks(m.as_bytes(), 1, limits),
        vec![msg(m.as_bytes())]
    );

    let m = format!("MESSAGE sip:a@b SIP/2.0\r\n{ok_line}a\r\nl: 0\r\n\r\n");
    let e = Framer::new(limits).push(m.as_bytes()).unwrap_err();
    assert_eq!(e.limit, Some((Limit::LineLength, 65)));
    assert_eq!(e.offset, "MESSAGE sip:a@b SIP/2.0\r\n".len());

    // Folded lines count as one field.
    let m = format!(
        "MESSAGE sip:a@b SIP/2.0\r\nX: {}\r\n {}\r\nl: 0\r\n\r\n",
        "a".repeat(40),
        "b".repeat(30)
    );
    let e = Framer::new(limits).push(m.as_bytes()).unwrap_err();
    assert_eq!(e.limit.map(|l| l.0), Some(Limit::LineLength));

    // An endless line is refused as soon as it crosses the limit, even byte by byte.
    let mut f = Framer::new(limits);
    let mut err = None;
    for (i, b) in b"INVITE ".iter().chain([b'a'; 1000].iter()).enumerate() {
        if let Err(e) = f.push(&[*b]) {
            err = Some((i, e));
            break;
        }
        assert!(f.buffered() <= 65);
    }
    let (i, e) = err.expect("line limit");
    assert_eq!(i, 64);
    assert_eq!(e.limit, Some((Limit::LineLength, 65)));
}

#[test]
fn too_many_headers_names_the_limit() {
    let limits = Limits {
        max_headers: 5,
        ..Limits::default()
    };
    let mut m = String::from("MESSAGE sip:a@b SIP/2.0\r\n");
    for i in 0..4 {
        m.push_str(&format!("X-{i}: v\r\n"));
    }
    m.push_str("l: 0\r\n");
    let ok = format!("{m}\r\n");
    assert_eq!(
        frame_in_chunks(ok.as_bytes(), 3, limits),
        vec![msg(ok.as_bytes())]
    );
    let bad = format!("{m}Y: 1\r\n\r\n");
    let e = Framer::new(limits).push(bad.as_bytes()).unwrap_err();
    assert_eq!(e.limit, Some((Limit::Headers, 6)));
    // Folded continuation lines are not extra fields.
    let folded = format!("{m}\r\n").replace("X-0: v\r\n", "X-0: v\r\n w\r\n\tz\r\n");
    assert_eq!(
        frame_in_chunks(folded.as_bytes(), 1, limits),
        vec![msg(folded.as_bytes())]
    );
}

#[test]
fn endless_header_section_is_bounded() {
    let limits = Limits {
        max_message_size: 1000,
        ..Limits::default()
    };
    let mut f = Framer::new(limits);
    f.push(b"INVITE sip:a@b SIP/2.0\r\n").unwrap();
    let mut err = None;
    for _ in 0..200 {
        match f.push(b"X: yyyyyyyy\r\n") {
            Ok(()) => assert!(f.buffered() <= 1000),
            Err(e) => {
                err = Some(e);
                break;
            }
        }
    }
    let e = err.expect("size limit");
    assert_eq!(e.limit.map(|l| l.0), Some(Limit::MessageSize));
    assert_eq!(f.buffered(), 0);
    // One huge push without any line end: the line limit speaks first.
    let e = Framer::default().push(&vec![b'A'; 1 << 20]).unwrap_err();
    assert_eq!(e.limit.map(|l| l.0), Some(Limit::LineLength));
    let limits = Limits {
        max_message_size: 100,
        max_line_length: 1000,
        ..Limits::default()
    };
    let e = Framer::new(limits).push(&vec![b'A'; 1 << 20]).unwrap_err();
    assert_eq!(e.limit.map(|l| l.0), Some(Limit::MessageSize));
}

#[test]
fn garbage_between_messages_fails_the_stream() {
    // A TLS ClientHello arriving on a plain TCP port.
    let e = Framer::default()
        .push(&[0x16, 0x03, 0x01, 0x00, 0xa5])
        .unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::BadStartLine, 0));
    assert!(e.what.contains("close the connection"));
    // A space where a start line should begin.
    let mut stream = SMALL.to_vec();
    stream.extend_from_slice(b" INVITE");
    let e = Framer::default().push(&stream).unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::BadStartLine, SMALL.len()));
    // A CR without its LF.
    let e = Framer::default().push(b"\r\rINVITE").unwrap_err();
    assert_eq!((e.kind, e.offset), (ErrorKind::BadStartLine, 1));
}

#[test]
fn truncated_and_garbled_corpus_streams_never_panic() {
    let files = corpus();
    let stream: Vec<u8> = files.iter().flat_map(|(_, b)| b.iter().copied()).collect();
    // Truncate at many points: the prefix frames, the rest stays buffered or fails cleanly.
    for cut in (0..stream.len()).step_by(97) {
        let mut f = Framer::default();
        let _ = f.push(&stream[..cut]);
        let n = f.by_ref().filter(|r| r.is_ok()).count();
        assert!(n <= files.len());
        let _ = f.finish();
    }
    // Flip bytes with a fixed pseudo-random sequence.
    let mut seed: u32 = 0x1234_5678;
    for _ in 0..200 {
        let mut s = stream.clone();
        for _ in 0..8 {
            seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            let at = (seed as usize >> 8) % s.len();
            s[at] = (seed >> 24) as u8;
        }
        let mut f = Framer::default();
        for c in s.chunks(61) {
            if f.push(c).is_err() {
                break;
            }
            assert!(f.buffered() <= Limits::default().max_message_size);
        }
        while f.next().is_some() {}
    }
}

#[test]
fn framed_bytes_are_exactly_the_message() {
    // The framer hands out the bytes as received, Content-Length body included, nothing more.
    let files = corpus();
    let (_, route) = files
        .iter()
        .find(|(n, _)| n == "message-route.sip")
        .expect("message-route.sip");
    assert!(route.ends_with(b"still there?"));
    let mut stream = route.clone();
    stream.extend_from_slice(route);
    assert_eq!(
        frame_in_chunks(&stream, 11, Limits::default()),
        vec![msg(route), msg(route)]
    );
}

/// A framed message becomes a `Message` without another copy: the message keeps the very
/// buffer the framer filled, and reads as the same message as a parse of a copy.
#[test]
fn framed_bytes_become_the_message_buffer() {
    for (name, bytes) in corpus() {
        let mut f = Framer::default();
        f.push(&bytes).expect("push");
        let Some(Ok(Frame::Message(framed))) = f.next() else {
            panic!("{name}: no message");
        };
        let at = framed.as_ptr();
        let copied = mssip::sip::Message::parse(&framed).expect("parses");
        let owned = f.message_from(framed).expect("parses");
        assert_eq!(owned.as_bytes(), copied.as_bytes(), "{name}");
        assert_eq!(owned.headers(), copied.headers(), "{name}");
        assert_eq!(
            owned.as_bytes().as_ptr(),
            at,
            "{name}: the bytes were copied"
        );
    }
    let e = mssip::sip::Message::from_vec(b"not a message".to_vec()).unwrap_err();
    assert_eq!(Some(e), mssip::sip::Message::parse(b"not a message").err());
}
