//! SDP normalisation for plain peers: the first byte picks the flags, the rest is an SDP
//! body. Nothing panics; with no flag nothing changes; a second pass changes nothing (the
//! rules are idempotent); every line kept is an input line; as a message body, the
//! Content-Length of the result is the new body's length and the head before it is as it was.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::interwork::{SdpNormalise, normalise_message, normalise_sdp};
use mssip::sip::Message;

fuzz_target!(|data: &[u8]| {
    let Some((&f, body)) = data.split_first() else {
        return;
    };
    let opts = SdpNormalise {
        crypto_drop_lifetime: f & 1 != 0,
        crypto_drop_mki: f & 2 != 0,
        drop_x_ssrc_range: f & 4 != 0,
        drop_draft6_candidates: f & 8 != 0,
        drop_x_attributes: f & 16 != 0,
    };
    assert_eq!(normalise_sdp(body, &SdpNormalise::default()), None);
    let Some(once) = normalise_sdp(body, &opts) else {
        return;
    };
    assert!(once.len() <= body.len());
    assert_eq!(normalise_sdp(&once, &opts), None, "not idempotent");
    let input: Vec<&[u8]> = body.split(|&b| b == b'\n').collect();
    // (A last line dropped leaves an empty piece after the new last line feed.)
    for line in once.split(|&b| b == b'\n') {
        assert!(
            line.is_empty() || line.starts_with(b"a=crypto:") || input.contains(&line),
            "a line that was not in the input"
        );
    }
    let head = format!(
        "INVITE sip:b@gw.example.net SIP/2.0\r\nContent-Type: application/sdp\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    let mut raw = head.into_bytes();
    raw.extend_from_slice(body);
    let Ok(mut m) = Message::parse(&raw) else {
        return;
    };
    if normalise_message(&mut m, &opts).unwrap_or(false) {
        assert_eq!(m.body(), &once[..]);
        assert_eq!(m.content_length().unwrap().unwrap(), once.len() as u64);
        assert!(m.as_bytes().starts_with(b"INVITE sip:b@gw.example.net SIP/2.0\r\nContent-Type: application/sdp\r\n"));
    }
});
