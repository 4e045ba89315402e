//! Hostile variations of every corpus and torture message go through the whole decode (Via,
//! From, To, Call-ID, CSeq, Contact, Max-Forwards, Content-Length, every header's name and
//! value): whatever they are, each answer is a value or an error, never a panic. In a debug
//! build this also runs the checks behind the parsers' unchecked cuts at ASCII boundaries, so
//! non-ASCII bytes are among the insertions.

use mssip::sip::Message;
use std::path::Path;

/// Bytes put into the messages: delimiters of the grammar, white space, line ends, a NUL and
/// multi-byte UTF-8.
const INSERTS: [&str; 14] = [
    "é",
    "€",
    "\u{1F600}",
    ";",
    ",",
    "<",
    ">",
    "\"",
    "@",
    ":",
    " ",
    "\r\n",
    "\0",
    "=",
];

fn messages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut out = Vec::new();
    let mut dirs = vec![root];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("test data directory") {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                // The external corpus has its own test (tests/external_corpus.rs); its 220 KB
                // of header sections would make this walk seven times longer.
                if !path.ends_with("external") {
                    dirs.push(path);
                }
            } else if path.extension().is_some_and(|x| x == "sip" || x == "dat") {
                out.push(std::fs::read(&path).expect("test message"));
            }
        }
    }
    assert!(out.len() > 20, "test messages not found");
    out
}

/// Decodes everything the typed accessors offer; the count of answers, so the work is used.
fn decode_all(m: &Message) -> usize {
    let mut n = 0;
    for v in m.vias() {
        n += v.map_or(1, |v| {
            v.host.as_str().len() + v.params.iter().count() + v.branch().map_or(0, str::len)
        });
    }
    for c in m.contacts() {
        n += c.map_or(1, |c| {
            c.params.iter().count() + c.uri.params.iter().count() + c.tag().map_or(0, str::len)
        });
    }
    for a in [m.from(), m.to()].into_iter().flatten() {
        n += a.map_or(1, |a| {
            a.uri.user.map_or(0, str::len) + a.tag().map_or(0, str::len)
        });
    }
    n += m.call_id().map_or(0, str::len);
    n += m.cseq().map_or(0, |c| c.map_or(1, |c| c.method.len()));
    n += m.max_forwards().map_or(0, |r| r.map_or(1, |v| v as usize));
    n += m
        .content_length()
        .map_or(0, |r| r.map_or(1, |v| v as usize));
    for h in m.headers() {
        n += m.name_of(h).len() + m.value_of(h).len();
    }
    n
}

/// The header section of `msg` with `insert` put in at `at`, or in place of the byte there.
fn variants(msg: &[u8], at: usize, insert: &str) -> [Vec<u8>; 2] {
    let mut inserted = msg[..at].to_vec();
    inserted.extend_from_slice(insert.as_bytes());
    inserted.extend_from_slice(&msg[at..]);
    let mut replaced = msg[..at].to_vec();
    replaced.extend_from_slice(insert.as_bytes());
    replaced.extend_from_slice(msg.get(at + 1..).unwrap_or(&[]));
    [inserted, replaced]
}

#[test]
fn hostile_bytes_anywhere_in_the_header_section_decode_to_values_or_errors() {
    let mut decoded = 0usize;
    let mut refused = 0usize;
    for msg in messages() {
        let head = msg
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .map_or(msg.len(), |p| p + 4);
        for at in 0..head {
            for insert in INSERTS {
                for v in variants(&msg, at, insert) {
                    match Message::parse(&v) {
                        Ok(m) => decoded += decode_all(&m).min(1),
                        Err(_) => refused += 1,
                    }
                }
            }
        }
    }
    // Both outcomes occur: the variations reach the decoders, not only the refusals.
    assert!(
        decoded > 1000 && refused > 1000,
        "{decoded} decoded, {refused} refused"
    );
}
