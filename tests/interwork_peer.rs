//! FQDN discipline and keep-alives on the corpus: every `ms-keep-alive` in the public traces
//! reads, the answer written is the one an OCS registrar sends, and rewriting the proxy's own
//! values leaves every message without them byte for byte.

use mssip::interwork::{
    FqdnConfig, FqdnDiscipline, KeepAliveRole, OptionsAnswer, Transport, add_keep_alive_answer,
    answer_options, is_options_ping, keep_alive_of,
};
use mssip::sip::Message;

fn messages(dirs: &[&str]) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for d in dirs {
        let dir = format!("{}/tests/data/{d}", env!("CARGO_MANIFEST_DIR"));
        let mut stack = vec![std::path::PathBuf::from(dir)];
        while let Some(p) = stack.pop() {
            for e in std::fs::read_dir(&p).unwrap().flatten() {
                let path = e.path();
                if path.is_dir() {
                    stack.push(path);
                } else if path.extension().is_some_and(|x| x == "sip") {
                    out.push((path.display().to_string(), std::fs::read(&path).unwrap()));
                }
            }
        }
    }
    out.sort();
    out
}

#[test]
fn every_public_ms_keep_alive_reads() {
    let mut seen = 0;
    for (name, raw) in messages(&["external", "corpus", "interwork"]) {
        let Ok(m) = Message::parse(&raw) else {
            continue;
        };
        if let Some(k) = keep_alive_of(&m) {
            let k = k.unwrap_or_else(|e| panic!("{name}: {e}"));
            assert_eq!(k.capability("hop-hop"), Some(true), "{name}");
            seen += 1;
        }
    }
    assert!(seen >= 10, "{seen}");
}

#[test]
fn the_answer_is_the_one_an_ocs_registrar_sends() {
    let trace = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/external/sipe/sip-sec-ntlm-tests_L500.sip"
    ))
    .unwrap();
    let trace = Message::parse(&trace).unwrap();
    let theirs = trace.header("ms-keep-alive").unwrap();
    let k = keep_alive_of(&trace).unwrap().unwrap();
    assert_eq!(k.role, KeepAliveRole::Uas);
    assert_eq!(k.timeout, Some(300));

    let ping = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/interwork/peer-options-ping.sip"
    ))
    .unwrap();
    let req = Message::parse(&ping).unwrap();
    assert!(is_options_ping(&req, None));
    let resp = answer_options(&req, &OptionsAnswer::default()).unwrap();
    assert_eq!(resp.header("ms-keep-alive"), Some(theirs));
    // And on the 200 to a REGISTER, as in the trace.
    let reg = Message::parse(
        String::from_utf8_lossy(&ping)
            .replace("OPTIONS sip:", "REGISTER sip:")
            .replace("7 OPTIONS", "7 REGISTER")
            .as_bytes(),
    )
    .unwrap();
    let mut ok = Message::response_to(&reg, 200, None, Some("x")).unwrap();
    assert!(add_keep_alive_answer(&mut ok, &reg, &OptionsAnswer::default()).unwrap());
    assert_eq!(ok.header("ms-keep-alive"), Some(theirs));
}

#[test]
fn rewriting_leaves_others_messages_byte_for_byte() {
    let d = FqdnDiscipline::new("pbx.example.net", FqdnConfig::DEFAULT).unwrap();
    d.add_address("192.0.2.10", 5061, Transport::Tls).unwrap();
    d.add_address("2001:db8::10", 5061, Transport::Tls).unwrap();
    let mut changed = 0;
    for (name, raw) in messages(&["corpus", "external", "interwork"]) {
        let Ok(orig) = Message::parse(&raw) else {
            continue;
        };
        let mut m = Message::parse(&raw).unwrap();
        if d.rewrite(&mut m).unwrap() {
            changed += 1;
            assert!(name.ends_with("peer-invite-own-ip.sip"), "{name}");
            let text = String::from_utf8_lossy(m.as_bytes()).to_string();
            let expect = String::from_utf8_lossy(&raw)
                .replace(
                    "Via: SIP/2.0/TLS 192.0.2.10:5061;",
                    "Via: SIP/2.0/TLS pbx.example.net:5061;",
                )
                .replace("<sip:192.0.2.10:5061;", "<sip:pbx.example.net:5061;")
                .replace("@[2001:db8::10]:5061;", "@pbx.example.net:5061;");
            assert_eq!(text, expect);
            assert_eq!(d.recognise(&m), Some(mssip::interwork::OwnTarget::TopRoute));
        } else {
            assert_eq!(m.as_bytes(), orig.as_bytes(), "{name}");
        }
    }
    assert_eq!(changed, 1);
}
