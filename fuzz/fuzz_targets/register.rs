//! REGISTER handling by the registrar (RFC 3261 10.3, MS-SIPRE 3.3.5.1, 3.4.5.1): a sequence
//! of messages (each as `mssip_fuzz::split_message` cuts it, then one byte naming the
//! connection), handed in at a fixed clock sequence (10 s apart) to a registrar with small
//! location limits. Every REGISTER gets a response (never a panic, never none unless it has
//! no usable To); a 200 lists exactly the live bindings of its address-of-record, and a
//! lookup of that address-of-record forks to exactly those contacts.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::identity::aor_key::canonical_aor;
use mssip::identity::{
    Location, LocationLimits, Registrar, RegistrarConfig, RegistrarError, Targets,
};
use mssip::sip::{Message, NameAddr};
use std::sync::Arc;

const DOMAIN: &str = "contoso.com";

fn lookup(reg: &Registrar, aor: &str, now: u64) -> Vec<String> {
    let text = format!(
        "INVITE {aor} SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.9;branch=z9hG4bKf\r\nMax-Forwards: 70\r\n\
         To: <{aor}>\r\nFrom: <sip:fz@contoso.com>;tag=1\r\nCall-ID: f\r\nCSeq: 1 INVITE\r\n\
         Content-Length: 0\r\n\r\n"
    );
    let invite = Message::parse(text.as_bytes()).expect("an INVITE to a canonical AOR parses");
    match reg
        .targets(&invite, now)
        .expect("an AOR of the domain is local")
    {
        Targets::Fork(ts) => {
            let mut v: Vec<String> = ts.into_iter().map(|t| t.uri).collect();
            v.sort();
            v
        }
        Targets::Reject(r) => {
            assert_eq!(r.status, 480, "an AOR without bindings is 480");
            Vec::new()
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let limits = LocationLimits {
        max_bindings: 6,
        max_bindings_per_aor: 3,
    };
    let location = Arc::new(Location::memory(limits));
    let reg = Registrar::with(DOMAIN, RegistrarConfig::DEFAULT, location.clone()).unwrap();
    let mut rest = data;
    let mut now = 1_000;
    while let Some((bytes, after)) = mssip_fuzz::split_message(rest) {
        let (conn, after) = after.split_first().map_or((0, after), |(c, a)| (*c, a));
        rest = after;
        now += 10;
        let Ok(req) = Message::parse(bytes) else {
            if bytes.is_empty() && rest.is_empty() {
                break;
            }
            continue;
        };
        let response = match reg.process(&req, u64::from(conn % 4), now) {
            Ok(r) => r,
            Err(RegistrarError::NotRegister) => {
                assert_ne!(
                    req.method(),
                    Some("REGISTER"),
                    "a REGISTER refused as not one"
                );
                continue;
            }
            Err(RegistrarError::Unanswerable(_)) => {
                assert!(
                    !matches!(req.to(), Some(Ok(_))),
                    "a REGISTER with a To not answered"
                );
                continue;
            }
            Err(e) => panic!("unexpected error {e}"),
        };
        assert_eq!(req.method(), Some("REGISTER"));
        let status = response.status().expect("a response");
        assert!((200..700).contains(&status), "final status {status}");
        assert!(location.backend().count().unwrap() <= limits.max_bindings);
        if status != 200 {
            continue;
        }
        let to = req
            .to()
            .expect("a 200 needs a To")
            .expect("a To that parses");
        let aor = canonical_aor(&to.uri, DOMAIN).expect("a 200 for an AOR of the domain");
        // Bindings with different +sip.instance may share a contact URI: compared as lists.
        let mut listed: Vec<String> = response
            .values("Contact")
            .map(|v| {
                NameAddr::parse(v)
                    .expect("a Contact of the 200 parses")
                    .uri
                    .raw
                    .to_owned()
            })
            .collect();
        listed.sort();
        let live = location.live(aor.as_str(), now).unwrap();
        assert!(live.len() <= limits.max_bindings_per_aor);
        let mut stored: Vec<String> = live.iter().map(|b| b.contact.clone()).collect();
        stored.sort();
        assert_eq!(listed, stored, "the 200 lists the stored bindings");
        assert_eq!(
            lookup(&reg, aor.as_str(), now),
            stored,
            "a lookup gives what the 200 lists"
        );
    }
});
