//! The external corpus: 390 SIP messages written by eight other SIP projects (osip,
//! reSIProcate, sofia-sip, PJSIP, rsip, pidgin-sipe, papyon, and Skype for Business / Lync
//! traffic captured by TrueConf), listed with their source in `tests/data/external/MANIFEST.tsv`,
//! and the probes of `tests/data/external/probes/`.
//!
//! For every message: parsing never panics; a parsed message serializes byte for byte and each
//! typed view gives a value or an error; and the outcome (the parser's refusal with its error,
//! or the validation verdict) is the one `tests/data/external/EXPECTED.tsv` writes down, so a
//! change of behaviour shows up here. Each line of that file also carries the judgement of the
//! message against RFC 3261, which the outcome must agree with (see
//! `tests/data/external/README.md`).
//!
//! After a deliberate change of behaviour, `MSSIP_BLESS=1 cargo test --test external_corpus`
//! rewrites the outcome columns of EXPECTED.tsv and keeps the judgements and notes; a message
//! without a judgement gets `?`, which fails until someone decides it.

use mssip::Limits;
use mssip::ext::{Epid, MsCorrelationId, MsForking, MsSensitivity, PDialogRecoveryAction};
use mssip::sip::body::multipart::{MediaType, Multipart};
use mssip::sip::body::sdp::Sdp;
use mssip::sip::framer::{Frame, Framer};
use mssip::sip::validate::{
    Options, Role, Verdict, unsupported_requirements, validate, validate_with,
};
use mssip::sip::{ErrorKind, HeaderKind, Message, NameAddr, Uri};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/external")
}

fn read(rel: &str) -> Vec<u8> {
    let p = dir().join(rel);
    std::fs::read(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The files of the manifest, in its order, then the probes.
fn files() -> Vec<String> {
    let manifest = String::from_utf8(read("MANIFEST.tsv")).expect("MANIFEST.tsv is UTF-8");
    let mut out: Vec<String> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .filter(|f| !f.is_empty())
        .map(str::to_owned)
        .collect();
    assert_eq!(out.len(), 390, "MANIFEST.tsv lists 390 messages");
    let mut probes: Vec<String> = std::fs::read_dir(dir().join("probes"))
        .expect("probes directory")
        .map(|e| format!("probes/{}", e.expect("entry").file_name().to_string_lossy()))
        .collect();
    probes.sort();
    out.extend(probes);
    out
}

/// Limits raised far past the defaults, for the messages the defaults refuse as too large.
const RAISED: Limits = Limits {
    max_message_size: 1 << 20,
    max_headers: 4096,
    max_line_length: 1 << 20,
    ..Limits::DEFAULT
};

/// What the library makes of one message, as EXPECTED.tsv writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    /// `ok`, or the parser's error as `Kind: what` (`LimitExceeded: <limit>` for a limit).
    parse: String,
    /// `0`, or `<status> <reason>` of [`validate`] (a proxy with the default options); `-`
    /// when the parser refused the message. For a message refused by a default limit, the
    /// verdict on it parsed under [`RAISED`].
    verdict: String,
}

fn verdict_text(v: Verdict) -> String {
    match v {
        Verdict::Ok => "0".into(),
        Verdict::Reject { status, reason } => format!("{status} {reason}"),
    }
}

/// Parses `bytes`; a parsed message goes through [`exercise`] and validation.
fn outcome(rel: &str, bytes: &[u8]) -> Outcome {
    let judge = |m: &Message| {
        assert_eq!(
            m.as_bytes(),
            bytes,
            "{rel}: serialization is not byte-identical"
        );
        std::hint::black_box(exercise(m));
        verdict_text(validate(m))
    };
    match Message::parse(bytes) {
        Ok(m) => Outcome {
            parse: "ok".into(),
            verdict: judge(&m),
        },
        Err(e) => {
            let parse = match e.limit {
                Some((limit, _)) => format!("{:?}: {}", e.kind, limit.name()),
                None => format!("{:?}: {}", e.kind, e.what),
            };
            let verdict = match (e.kind, Message::parse_with(bytes, &RAISED)) {
                (ErrorKind::LimitExceeded, Ok(m)) => judge(&m),
                _ => "-".into(),
            };
            Outcome { parse, verdict }
        }
    }
}

/// An endpoint with capabilities, so the checks that need them run too.
const ENDPOINT: Options<'static> = Options {
    role: Role::Endpoint,
    uri_schemes: &["sip", "sips", "tel"],
    require_max_forwards: true,
    supported: Some(&["100rel", "timer", "replaces"]),
    methods: Some(&[
        "INVITE", "ACK", "BYE", "CANCEL", "OPTIONS", "REGISTER", "MESSAGE",
    ]),
    content_types: Some(&["application/sdp", "multipart/mixed", "text/plain"]),
};

/// Asks a parsed message everything the SIP layer offers; each answer is a value or an error.
/// Returns a count of the answers so the work is used.
fn exercise(m: &Message) -> usize {
    let mut n = 0;
    for h in m.headers() {
        let name = m.name_of(h);
        n += m.header(name).map_or(0, str::len);
        let count = m.count(name);
        n += m.values(name).count() + m.value(name, count).map_or(0, str::len);
        if let Some(canonical) = h.kind().canonical_name() {
            assert!(m.header(canonical).is_some(), "{name} as {canonical}");
        }
    }
    n += m
        .vias()
        .map(|v| v.map_or(1, |v| v.params.iter().count()))
        .sum::<usize>();
    n += m
        .contacts()
        .map(|c| c.map_or(1, |c| c.params.iter().count()))
        .sum::<usize>();
    for na in [m.from(), m.to()].into_iter().flatten().flatten() {
        n += na.tag().map_or(0, str::len) + na.uri.params.iter().count();
        if let Some(epid) = na.params.value("epid") {
            n += Epid::parse(epid).map_or(1, |e| e.to_string().len());
        }
    }
    n += m.cseq().map_or(0, |c| c.map_or(1, |c| c.method.len()));
    n += m.call_id().map_or(0, str::len);
    n += m.max_forwards().map_or(0, |r| r.map_or(1, |v| v as usize));
    n += m
        .content_length()
        .map_or(0, |r| r.map_or(1, |v| v as usize));
    n += m.declared_body().len() + usize::from(m.is_contact_star());
    if let Some(uri) = m.request_uri() {
        n += Uri::parse(uri).map_or(1, |u| u.params.iter().count());
    }
    use HeaderKind::*;
    for kind in [Route, RecordRoute, ReplyTo, ReferTo, ReferredBy] {
        if let Some(name) = kind.canonical_name() {
            n += m
                .values(name)
                .map(|v| NameAddr::parse(v).map_or(1, |a| a.params.iter().count()))
                .sum::<usize>();
        }
    }
    // The Microsoft header types (`ext`), each on the header it is for.
    type Reads = fn(&str) -> bool;
    let ms: [(&str, Reads); 4] = [
        (MsSensitivity::NAME, |v| MsSensitivity::parse(v).is_ok()),
        (MsCorrelationId::NAME, |v| MsCorrelationId::parse(v).is_ok()),
        (MsForking::NAME, |v| MsForking::parse(v).is_ok()),
        ("P-Dialog-Recovery-Action", |v| {
            PDialogRecoveryAction::parse(v).is_ok()
        }),
    ];
    for (name, parse) in ms {
        n += m.fields(name).filter(|v| parse(v)).count();
    }
    if let Some(ct) = m.content_type() {
        let body = m.declared_body();
        match MediaType::parse(ct) {
            Ok(t) if t.is_multipart() => {
                n += Multipart::parse(body, ct, m.limits()).map_or(1, |p| p.parts().len());
            }
            Ok(t) if t.is("application/sdp") => n += Sdp::parse(body).media().len(),
            _ => {}
        }
    }
    let endpoint = validate_with(m, &ENDPOINT);
    n += usize::from(endpoint.status()) + unsupported_requirements(m, &ENDPOINT).len();
    n
}

/// One line of EXPECTED.tsv.
#[derive(Debug, Clone)]
struct Expected {
    outcome: Outcome,
    /// `accept`, `answer NNN`, `drop` or `invalid`; `?` while undecided.
    judgement: String,
    note: String,
}

const HEADER: &str = "file\tparse\tverdict\trfc3261\tnote";

fn expected() -> BTreeMap<String, Expected> {
    let text = String::from_utf8(read("EXPECTED.tsv")).expect("EXPECTED.tsv is UTF-8");
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some(HEADER), "EXPECTED.tsv header line");
    let mut out = BTreeMap::new();
    for line in lines {
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 5, "EXPECTED.tsv: five columns in {line:?}");
        let e = Expected {
            outcome: Outcome {
                parse: c[1].into(),
                verdict: c[2].into(),
            },
            judgement: c[3].into(),
            note: c[4].into(),
        };
        assert!(
            out.insert(c[0].to_owned(), e).is_none(),
            "{}: listed twice",
            c[0]
        );
    }
    out
}

/// Runs `f` on every file, so that one failing file does not hide the others.
fn each_file<T>(
    files: &[String],
    mut f: impl FnMut(&str, &[u8]) -> T,
) -> (Vec<(String, T)>, Vec<String>) {
    let mut done = Vec::new();
    let mut failed = Vec::new();
    for rel in files {
        let bytes = read(rel);
        match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(rel, &bytes))) {
            Ok(t) => done.push((rel.clone(), t)),
            Err(e) => {
                let msg = e
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_default();
                failed.push(format!("{rel}: {msg}"));
            }
        }
    }
    (done, failed)
}

#[test]
fn every_message_has_its_expected_outcome() {
    let files = files();
    let (outcomes, mut failed) = each_file(&files, outcome);
    let mut want = expected();
    if std::env::var_os("MSSIP_BLESS").is_some() {
        let mut text = format!("{HEADER}\n");
        for (rel, got) in &outcomes {
            let (judgement, note) = want
                .remove(rel)
                .map_or(("?".into(), String::new()), |e| (e.judgement, e.note));
            text += &format!(
                "{rel}\t{}\t{}\t{judgement}\t{note}\n",
                got.parse, got.verdict
            );
        }
        std::fs::write(dir().join("EXPECTED.tsv"), text).expect("write EXPECTED.tsv");
        assert!(failed.is_empty(), "{}", failed.join("\n"));
        return;
    }
    for (rel, got) in &outcomes {
        match want.remove(rel) {
            None => failed.push(format!("{rel}: not in EXPECTED.tsv")),
            Some(e) if e.outcome != *got => failed.push(format!(
                "{rel}: expected {:?} / {:?}, got {:?} / {:?}",
                e.outcome.parse, e.outcome.verdict, got.parse, got.verdict
            )),
            Some(_) => {}
        }
    }
    failed.extend(
        want.keys()
            .map(|rel| format!("{rel}: in EXPECTED.tsv, not in the corpus")),
    );
    assert!(
        failed.is_empty(),
        "{} file(s):\n{}",
        failed.len(),
        failed.join("\n")
    );
}

/// The judgement of each message against RFC 3261 agrees with its expected outcome:
/// `accept` is parsed and valid; `answer NNN` is parsed and answered NNN; `drop` is a
/// well-formed response that an element discards (any verdict but 0); `invalid` is refused by
/// the parser or by validation. Every judgement that differs from what the source says of the
/// message carries a note.
#[test]
fn judgements_agree_with_outcomes() {
    let manifest = String::from_utf8(read("MANIFEST.tsv")).expect("MANIFEST.tsv is UTF-8");
    let source_says: BTreeMap<&str, &str> = manifest
        .lines()
        .skip(1)
        .filter_map(|l| {
            let c: Vec<&str> = l.split('\t').collect();
            Some((*c.first()?, *c.get(4)?))
        })
        .collect();
    let mut wrong = Vec::new();
    for (rel, e) in expected() {
        let status = e.outcome.verdict.split(' ').next().unwrap_or("");
        let parsed = e.outcome.verdict != "-";
        let ok = match e.judgement.as_str() {
            "accept" => status == "0",
            "drop" => parsed && status != "0",
            "invalid" => !parsed || status != "0",
            j => j
                .strip_prefix("answer ")
                .is_some_and(|code| parsed && status == code),
        };
        if !ok {
            wrong.push(format!(
                "{rel}: judged {:?}, outcome {:?}",
                e.judgement, e.outcome
            ));
        }
        let says = source_says.get(rel.as_str()).copied().unwrap_or("probe");
        let agrees = match e.judgement.as_str() {
            _ if !says.starts_with("valid") && !says.starts_with("invalid") => true,
            "invalid" => says.starts_with("invalid"),
            _ => says.starts_with("valid"),
        };
        if !agrees && e.note.is_empty() {
            wrong.push(format!(
                "{rel}: judged {:?} where the source says {says:?}, without a note",
                e.judgement
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "{} line(s):\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// Every message through the stream framer in small chunks: frames or an error, never a
/// panic; a framed message parses and serializes as it was cut. The capture of several
/// messages back to back frames into its messages.
#[test]
fn stream_framing_never_panics() {
    let files = files();
    let (framed, failed) = each_file(&files, |rel, bytes| {
        let mut framer = Framer::new(Limits::DEFAULT);
        let mut messages = 0;
        for chunk in bytes.chunks(7) {
            let pushed = framer.push(chunk);
            for frame in framer.by_ref() {
                if let Ok(Frame::Message(m)) = frame {
                    let parsed = Message::parse(&m).map(|p| p.as_bytes() == &m[..]);
                    assert!(parsed.unwrap_or(true), "{rel}: a framed message changed");
                    messages += 1;
                }
            }
            if pushed.is_err() {
                break;
            }
        }
        let _ = framer.finish();
        messages
            + framer
                .filter(|f| matches!(f, Ok(Frame::Message(_))))
                .count()
    });
    assert!(failed.is_empty(), "{}", failed.join("\n"));
    let several = framed
        .iter()
        .find(|(rel, _)| rel.ends_with("raw_2_sip_messages_over_3000b_and_less_1000b.sip"))
        .map(|(_, n)| *n);
    assert_eq!(several, Some(2), "two messages back to back");
}
