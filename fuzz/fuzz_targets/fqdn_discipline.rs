//! FQDN discipline and OPTIONS answers on any SIP message: rewriting the proxy's own values
//! never panics; an untouched message stays byte for byte; a rewritten one parses, keeps its
//! header names in order, and a second pass changes nothing; whether the request is addressed
//! to the proxy is the same before and after; a rewritten Via / Record-Route / Contact still
//! names the proxy. `ms-keep-alive` values parse or are refused, and an OPTIONS gets a 200
//! that parses.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::interwork::{
    FqdnConfig, FqdnDiscipline, MsKeepAlive, OptionsAnswer, Transport, answer_options,
    is_options_ping, validate_fqdn,
};
use mssip::sip::{Message, NameAddr, Uri};

fn names(m: &Message) -> Vec<String> {
    m.headers()
        .iter()
        .map(|h| m.name_of(h).to_ascii_lowercase())
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let Ok(orig) = Message::parse(data) else {
        return;
    };
    let d = FqdnDiscipline::new("pbx.example.net", FqdnConfig::DEFAULT).unwrap();
    d.add_address("192.0.2.10", 5060, Transport::Udp).unwrap();
    d.add_address("192.0.2.10", 5060, Transport::Tcp).unwrap();
    d.add_address("192.0.2.10", 5061, Transport::Tls).unwrap();
    d.add_address("[2001:db8::10]", 5061, Transport::Tls)
        .unwrap();

    if let Some(r) = orig.request_uri() {
        let _ = d.is_own_uri_str(r);
        if let Ok(u) = Uri::parse(r) {
            let _ = validate_fqdn(u.host_str());
        }
    }
    let mut m = Message::parse(data).unwrap();
    let changed = d.rewrite(&mut m).unwrap_or(false);
    if !changed {
        assert_eq!(m.as_bytes(), orig.as_bytes(), "untouched message changed");
    } else {
        let again = Message::parse(m.as_bytes()).expect("a rewritten message parses");
        assert_eq!(names(&again), names(&orig), "header names changed");
        let mut twice = Message::parse(m.as_bytes()).unwrap();
        assert!(
            !d.rewrite(&mut twice).unwrap(),
            "a second pass changed something"
        );
        assert_eq!(twice.as_bytes(), m.as_bytes());
        for name in ["Record-Route", "Contact"] {
            let before: Vec<&str> = orig.values(name).collect();
            let after: Vec<&str> = m.values(name).collect();
            assert_eq!(before.len(), after.len());
            for (b, a) in before.iter().zip(&after) {
                if b != a {
                    let na = NameAddr::parse(a).expect("a rewritten value parses");
                    assert!(d.is_own_uri(&na.uri), "a rewritten value is not ours");
                    assert_eq!(na.uri.host_str(), "pbx.example.net");
                }
            }
        }
        assert_eq!(body_of(&orig), body_of(&m));
    }
    assert_eq!(d.recognise(&orig), d.recognise(&m));

    for v in orig.fields("ms-keep-alive") {
        let _ = MsKeepAlive::parse(v);
    }
    let _ = is_options_ping(&orig, Some(&d));
    let _ = is_options_ping(&orig, None);
    if orig
        .method()
        .is_some_and(|x| x.eq_ignore_ascii_case("OPTIONS"))
        && let Ok(resp) = answer_options(&orig, &OptionsAnswer::default())
    {
        let again = Message::parse(resp.as_bytes()).expect("the answer parses");
        assert_eq!(again.status(), Some(200));
    }
});

fn body_of(m: &Message) -> Vec<u8> {
    m.body().to_vec()
}
