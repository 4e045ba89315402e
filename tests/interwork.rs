//! Interworking translations on the corpus: the Lync INVITE with History-Info reaches a
//! carrier with Diversion, and every translation leaves a message it has nothing to change
//! in byte for byte.

use mssip::interwork::{
    SdpNormalise, Translator, diagnostics_of, diversion_to_history, history_to_diversion,
    normalise_message,
};
use mssip::sip::Message;

fn corpus() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus");
    let mut out: Vec<(String, Vec<u8>)> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let p = e.ok()?.path();
            (p.extension()? == "sip").then(|| (p.display().to_string(), std::fs::read(&p).unwrap()))
        })
        .collect();
    out.sort();
    assert!(out.len() >= 10);
    out
}

#[test]
fn lync_forwarded_invite_gets_diversion() {
    let raw = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/invite-history-info.sip"
    ))
    .unwrap();
    let m = Message::parse(&raw).unwrap();
    let out = history_to_diversion(&m).unwrap().unwrap();
    // MS-SIPRE 3.9.5.10: entry 1.1 carries the 302 of Bob's forwarding.
    let div: Vec<&str> = out.values("Diversion").collect();
    assert_eq!(
        div,
        ["<sip:Bob@contoso.com>;reason=unconditional;counter=1"]
    );
    // Only the new field is added: the head before it and the body are as they came.
    let head = m.head_len() - 2;
    assert_eq!(&out.as_bytes()[..head], &raw[..head]);
    assert_eq!(out.body(), m.body());
    assert_eq!(
        &out.as_bytes()[head..out.head_len()],
        b"Diversion: <sip:Bob@contoso.com>;reason=unconditional;counter=1\r\n\r\n"
    );
}

#[test]
fn untouched_corpus_messages_stay_byte_for_byte() {
    let t = {
        let mut t = Translator::new(1, None);
        t.add_rule(mssip::interwork::TranslationRule {
            from: mssip::interwork::CodeMatch::Code(599),
            to: 503,
            reason: None,
        })
        .unwrap();
        t
    };
    for (name, raw) in corpus() {
        let Ok(m) = Message::parse(&raw) else {
            continue;
        };
        assert!(t.translate(&m).unwrap().is_none(), "{name}");
        if m.count("History-Info") == 0 {
            assert!(history_to_diversion(&m).unwrap().is_none(), "{name}");
        }
        if m.count("Diversion") == 0 {
            assert!(diversion_to_history(&m).unwrap().is_none(), "{name}");
        }
        let mut n = m.clone();
        let changed = normalise_message(&mut n, &SdpNormalise::PLAIN_PEER).unwrap();
        if !changed {
            assert_eq!(n.as_bytes(), &raw[..], "{name}");
        }
        assert!(
            diagnostics_of(&m)
                .iter()
                .all(|d| d.raw.starts_with(|c: char| c.is_ascii_digit()))
        );
    }
}

fn data(name: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/interwork/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

#[test]
fn carrier_diverted_invite_reaches_lync_with_history_info_and_plain_sdp_stays() {
    let raw = data("carrier-diverted.sip");
    let m = Message::parse(&raw).unwrap();
    let out = diversion_to_history(&m).unwrap().unwrap();
    let hi: Vec<&str> = out.values("History-Info").collect();
    assert_eq!(
        hi,
        [
            "<sip:+14255550199@carrier.example.net;user=phone?Reason=SIP%3Bcause%3D486>;index=1;ms-retarget-reason=forwarding",
            "<sip:carol@contoso.com?Privacy=history&Reason=SIP%3Bcause%3D408>;index=1.1;ms-retarget-reason=forwarding",
            "<sip:+14255550100@gw.example.net;user=phone>;index=1.1.1",
        ]
    );
    assert_eq!(out.body(), m.body());
    // The body is the Lync SDP: normalised for the plain peer, only its Microsoft lines go.
    let mut plain = out.clone();
    assert!(normalise_message(&mut plain, &SdpNormalise::PLAIN_PEER).unwrap());
    let sdp = data("lync-srtp.sdp");
    assert_eq!(out.body(), &sdp[..]);
    let body = std::str::from_utf8(plain.body()).unwrap();
    assert!(!body.contains("x-ssrc-range") && !body.contains("0.830") && !body.contains("|2^31"));
    assert!(body.contains("a=candidate:1 1 UDP 2130706431 10.0.0.1 16404 typ host\r\n"));
    assert_eq!(plain.content_length().unwrap().unwrap(), body.len() as u64);
    // Only the Content-Length value changed in the head.
    let head = std::str::from_utf8(&out.as_bytes()[..out.head_len()])
        .unwrap()
        .replace(
            &format!("Content-Length: {}\r\n", sdp.len()),
            &format!("Content-Length: {}\r\n", body.len()),
        );
    assert_eq!(&plain.as_bytes()[..plain.head_len()], head.as_bytes());
}
