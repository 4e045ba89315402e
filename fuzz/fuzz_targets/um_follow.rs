//! Exchange UM's redirect followed by a proxy (`mssip::interwork::um_follow`). The input is 2
//! length bytes, the INVITE as sent, then the response. A followed redirect never goes over
//! UDP, keeps the CSeq, Call-ID, From, To and Diversion of the INVITE, has one Via fewer,
//! aims at a URI that parses, adds at most two History-Info fields and parses again; its pin
//! covers the followed INVITE itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::interwork::follow_um_redirect;
use mssip::sip::Message;
use mssip::sip::peer::Transport;
use mssip_fuzz::split_message;

fuzz_target!(|data: &[u8]| {
    let Some((req, rest)) = split_message(data) else {
        return;
    };
    let (Ok(sent), Ok(response)) = (Message::parse(req), Message::parse(rest)) else {
        return;
    };
    for over in [Transport::Udp, Transport::Tcp, Transport::Tls] {
        let Ok(b) = follow_um_redirect(&sent, &response, over) else {
            continue;
        };
        let next = &b.invite;
        assert!(b.pin.transport != Transport::Udp);
        assert!(mssip::sip::Uri::parse(next.request_uri().unwrap()).is_ok());
        assert_eq!(next.value("CSeq", 0), sent.value("CSeq", 0));
        assert_eq!(next.call_id(), sent.call_id());
        assert_eq!(next.value("From", 0), sent.value("From", 0));
        assert_eq!(next.value("To", 0), sent.value("To", 0));
        assert!(next.values("Diversion").eq(sent.values("Diversion")));
        assert_eq!(next.count("Via") + 1, sent.count("Via").max(1));
        assert!(next.fields("History-Info").count() <= sent.fields("History-Info").count() + 2);
        assert!(Message::parse(next.as_bytes()).is_ok());
        let tagged = next
            .from()
            .and_then(|f| f.ok())
            .is_some_and(|f| f.tag().is_some());
        if tagged && next.call_id().is_some() {
            assert!(b.pin.covers(next));
        }
    }
});
