//! Parse + serialize round trip: whatever parses serializes back byte for byte, parses the
//! same way from an owned buffer, and every typed view and the validator answer without a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::sip::validate::validate;
use mssip::sip::{Message, NameAddr, Uri, Via};

fuzz_target!(|data: &[u8]| {
    let parsed = Message::parse(data);
    let owned = Message::from_vec(data.to_vec());
    assert_eq!(
        parsed.as_ref().map(|m| m.as_bytes()).map_err(|e| e.clone()),
        owned.as_ref().map(|m| m.as_bytes()).map_err(|e| e.clone()),
        "parse and from_vec disagree"
    );
    let Ok(m) = parsed else {
        return;
    };
    assert_eq!(m.as_bytes(), data);
    let again = Message::parse(m.as_bytes()).expect("serialized bytes parse again");
    assert_eq!(again.as_bytes(), data);
    assert_eq!(again.headers(), m.headers());

    let _ = (
        m.method(),
        m.status(),
        m.reason(),
        m.version(),
        m.body().len(),
    );
    let _ = m.declared_body().len();
    if let Some(u) = m.request_uri() {
        let _ = Uri::parse(u).map(|u| u.params.iter().count());
    }
    for v in m.vias() {
        if let Ok(v) = v {
            let _ = (v.branch(), v.received(), v.rport(), v.maddr(), v.ttl());
        }
    }
    for n in [
        "From",
        "To",
        "Contact",
        "Route",
        "Record-Route",
        "Refer-To",
        "Path",
    ] {
        for value in m.values(n) {
            if let Ok(na) = NameAddr::parse(value) {
                let _ = (na.tag(), na.display_name_unquoted(), na.uri.user_host());
                let _ = na.params.iter().count() + na.uri.params.iter().count();
            }
        }
    }
    for h in m.headers() {
        let name = m.name_of(h);
        let n = m.count(name);
        assert_eq!(m.values(name).count(), n);
        if name.eq_ignore_ascii_case("Via") || name == "v" {
            for value in m.values(name) {
                let _ = Via::parse(value);
            }
        }
    }
    let _ = (m.cseq(), m.max_forwards(), m.content_length(), m.call_id());
    let _ = m.contacts().count();
    let verdict = validate(&m);
    let _ = (verdict.is_ok(), verdict.status(), verdict.reason());
});
