//! Hostile REGISTERs and routed requests: every variation of a set of valid ones (a byte cut
//! away, a delimiter or a multi-byte character put in, a line doubled) goes through the
//! registrar, the 430 check and the target computation. Each answer is a response or an
//! error, never a panic, and a REGISTER that is refused changes no binding.

use mssip::identity::Registrar;
use mssip::sip::Message;

const INSERTS: [&str; 10] = ["é", ";", ",", "<", ">", "\"", "@", ":", " ", "="];

const REGISTERS: [&str; 3] = [
    "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK5a1d3e\r\nMax-Forwards: 70\r\nFrom: <sip:alice@contoso.com>;tag=33975904fc;epid=01010101\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: 21c7d6e384c249afac26e3f3016140a6\r\nCSeq: 88 REGISTER\r\nContact: <sip:192.168.0.2:1201;transport=tls;ms-opaque=29c344caf9;ms-received-cid=3540900>;methods=\"INVITE, BYE\";+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\";expires=600\r\nPath: <sip:edge.contoso.com;lr>\r\nExpires: 900\r\nContent-Length: 0\r\n\r\n",
    "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.3;branch=z9hG4bK1\r\nFrom: <sip:bob@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\nCall-ID: b1\r\nCSeq: 2 REGISTER\r\nContact: *\r\nExpires: 0\r\nContent-Length: 0\r\n\r\n",
    "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TCP 192.0.2.3;branch=z9hG4bK1\r\nFrom: <sip:carol@contoso.com>;tag=1\r\nTo: <sip:carol@contoso.com>\r\nCall-ID: c1\r\nCSeq: 1 REGISTER\r\nContact: <sip:a@192.0.2.1>, sip:b@192.0.2.2;expires=0, <sip:c@192.0.2.3>;q=0.5\r\nContent-Length: 0\r\n\r\n",
];

const ROUTED: &str = "INVITE sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA;grid=7 SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.2;branch=z9hG4bK9\r\nFrom: <sip:bob@contoso.com>;tag=b1\r\nTo: <sip:alice@contoso.com>;epid=01010101\r\nCall-ID: i1\r\nCSeq: 1 INVITE\r\nContact: <sip:bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1-wHVm3r2esBAAA>\r\nContent-Length: 0\r\n\r\n";

/// Every variation of `text`: each byte position cut, each insertion put at each line start
/// and after each delimiter, each header line doubled.
fn variations(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let cuts: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
    for &i in &cuts {
        let len = text[i..].chars().next().map_or(1, char::len_utf8);
        out.push(format!("{}{}", &text[..i], &text[i + len..]));
    }
    for &i in cuts.iter().filter(|&&i| {
        matches!(
            text.as_bytes()[i],
            b';' | b',' | b'<' | b'>' | b':' | b'=' | b'@' | b'\n' | b'"'
        )
    }) {
        for ins in INSERTS {
            out.push(format!("{}{}{}", &text[..=i], ins, &text[i + 1..]));
        }
    }
    let lines: Vec<&str> = text.split_inclusive("\r\n").collect();
    for k in 1..lines.len().saturating_sub(1) {
        let mut v = lines.clone();
        v.insert(k, lines[k]);
        out.push(v.concat());
    }
    out
}

#[test]
fn hostile_registers_get_a_response_or_an_error() {
    let reg = Registrar::new("contoso.com").unwrap();
    let mut answered = 0;
    for base in REGISTERS {
        for text in variations(base) {
            let Ok(msg) = Message::parse(text.as_bytes()) else {
                continue;
            };
            let before = reg.location().backend().count().unwrap();
            match reg.process(&msg, 1, 0) {
                Ok(resp) => {
                    answered += 1;
                    let status = resp.status().expect("a response");
                    assert!((200..=699).contains(&status), "{status} for {text:?}");
                    if status != 200 {
                        assert_eq!(
                            reg.location().backend().count().unwrap(),
                            before,
                            "{text:?}"
                        );
                    }
                }
                Err(e) => assert!(!e.to_string().is_empty()),
            }
            if let Ok(m) = Message::parse(ROUTED.as_bytes()) {
                let _ = reg.targets(&m, 0);
                let _ = reg.check_dialog(&m, 0);
            }
        }
    }
    assert!(answered > 500, "only {answered} variations answered");
}

#[test]
fn hostile_routed_requests_get_targets_a_refusal_or_an_error() {
    let reg = Registrar::new("contoso.com").unwrap();
    let register = Message::parse(REGISTERS[0].as_bytes()).unwrap();
    assert_eq!(reg.process(&register, 1, 0).unwrap().status(), Some(200));
    let mut judged = 0;
    for text in variations(ROUTED) {
        let Ok(msg) = Message::parse(text.as_bytes()) else {
            continue;
        };
        if reg.targets(&msg, 0).is_ok() {
            judged += 1;
        }
        if let Ok(Some(resp)) = reg.check_dialog(&msg, 0) {
            assert_eq!(resp.status(), Some(430));
        }
    }
    assert!(judged > 100, "only {judged} variations judged");
}
