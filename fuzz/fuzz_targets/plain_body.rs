//! Bodies for peers without multipart (`mssip::interwork::plain_body`). The input is a flags
//! byte (bit 0: keep location, bit 1: RFC 3264 hold) and a SIP message. Nothing panics; a
//! reduced message parses, keeps every header field but Content-Type, Content-Length,
//! Content-Disposition and Geolocation as it was, has a single-part body taken from the
//! original body (unless location is kept or hold rewritten) and reduces no further; a 415
//! retry is one CSeq higher, single-part, and marks its dialog; a profile learns a message
//! once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::interwork::{BodyDialogs, BodyOptions, PlainPeerProfile, reduce_body};
use mssip::sip::Message;

/// The header fields (a line and its folded continuation lines) the reduction may not change.
fn kept_lines(m: &Message) -> Vec<Vec<u8>> {
    let changed = [
        "content-type",
        "c",
        "content-length",
        "l",
        "content-disposition",
        "geolocation",
    ];
    let mut fields: Vec<Vec<u8>> = Vec::new();
    for line in m.as_bytes()[..m.head_len()].split(|&b| b == b'\n') {
        match (line.first(), fields.last_mut()) {
            (Some(b' ' | b'\t'), Some(last)) => last.extend_from_slice(line),
            _ => fields.push(line.to_vec()),
        }
    }
    fields.retain(|f| {
        let name = f.split(|&b| b == b':').next().unwrap_or_default();
        let name = String::from_utf8_lossy(name).trim().to_ascii_lowercase();
        !f.contains(&b':') || !changed.contains(&name.as_str())
    });
    fields
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}

fn is_multipart(m: &Message) -> bool {
    m.content_type().is_some_and(|ct| {
        ct.trim_start()
            .to_ascii_lowercase()
            .starts_with("multipart/")
    })
}

fuzz_target!(|data: &[u8]| {
    let Some((&flags, raw)) = data.split_first() else {
        return;
    };
    let Ok(msg) = Message::parse(raw) else {
        return;
    };
    let opts = BodyOptions {
        keep_location: flags & 1 != 0,
        rfc3264_hold: flags & 2 != 0,
    };
    if let Ok(Some(out)) = reduce_body(&msg, &opts) {
        let again = Message::parse(out.as_bytes()).expect("a reduced message parses");
        assert_eq!(kept_lines(&out), kept_lines(&msg));
        if !opts.keep_location && !opts.rfc3264_hold {
            assert!(!is_multipart(&out));
            assert!(contains(msg.body(), out.body()));
        }
        assert!(matches!(reduce_body(&again, &opts), Ok(None)));
    }

    let mut dialogs = BodyDialogs::new(1);
    if msg.method() == Some("INVITE") {
        let mut refusal = String::from("SIP/2.0 415 Unsupported Media Type\r\n");
        for name in ["Via", "From", "To", "Call-ID", "CSeq"] {
            for v in msg.fields(name) {
                refusal.push_str(&format!("{name}: {v}\r\n"));
            }
        }
        refusal.push_str("Content-Length: 0\r\n\r\n");
        if let Ok(refused) = Message::parse(refusal.as_bytes())
            && let Ok(retry) = dialogs.on_415(1, &msg, &refused, &opts)
        {
            assert!(Message::parse(retry.as_bytes()).is_ok());
            assert!(!is_multipart(&retry));
            let seq = |m: &Message| m.cseq().and_then(|c| c.ok()).map(|c| c.seq);
            assert_eq!(seq(&retry), seq(&msg).map(|s| s + 1));
            assert!(dialogs.is_single(1));
            assert!(matches!(dialogs.on_415(2, &msg, &refused, &opts), Err(_)));
        }
    }
    if let Ok(Some(out)) = dialogs.outgoing(1, &msg, &opts) {
        assert!(!is_multipart(&out));
    }

    let mut profile = PlainPeerProfile::default();
    profile.learn(&msg);
    assert!(!profile.learn(&msg));
});
