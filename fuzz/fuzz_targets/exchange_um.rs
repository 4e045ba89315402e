//! Exchange UM (MS-OCEXUM). The input is 2 length bytes, a request, then a response. The
//! skip-pin guard keeps `Ms-Exchange-Command` only for TLS and an authenticated caller, leaves
//! no such field when it strips, and changes nothing when it fails; a recognised Play-On-Phone
//! INVITE has From and To of one URI and private-no-diversion; a followed redirect is a
//! request one CSeq higher aimed at a URI that parses, never over UDP.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::exchange_um::{
    Arrival, PlayOnPhoneInfo, Recording, SkipPin, SkipPinPolicy, follow_redirect, guard_skip_pin,
};
use mssip::sip::Message;
use mssip::sip::peer::Transport;
use mssip_fuzz::split_message;

fuzz_target!(|data: &[u8]| {
    let Some((req, rest)) = split_message(data) else {
        return;
    };
    let Ok(request) = Message::parse(req) else {
        return;
    };
    for transport in [Transport::Udp, Transport::Tcp, Transport::Tls] {
        for authenticated in [false, true] {
            for policy in [SkipPinPolicy::Strip, SkipPinPolicy::Refuse] {
                let mut m = request.clone();
                let arrival = Arrival { transport, authenticated };
                match guard_skip_pin(&mut m, arrival, policy) {
                    Ok(SkipPin::Honoured) => {
                        assert!(transport == Transport::Tls && authenticated);
                        assert_eq!(m.as_bytes(), request.as_bytes());
                    }
                    Ok(SkipPin::Stripped) => assert_eq!(m.count("Ms-Exchange-Command"), 0),
                    Ok(SkipPin::Absent) => assert_eq!(m.as_bytes(), request.as_bytes()),
                    Err(_) => assert_eq!(m.as_bytes(), request.as_bytes()),
                }
            }
        }
    }
    let _ = Recording::of(&request);
    if let Ok(info) = PlayOnPhoneInfo::read(&request) {
        let from = request.from().unwrap().unwrap();
        assert_eq!(from.uri.raw, info.user);
        assert!(request.fields("Ms-Sensitivity").count() == 1);
    }
    let Ok(response) = Message::parse(rest) else {
        return;
    };
    if let Ok(r) = follow_redirect(&request, &response) {
        assert!(r.transport != Some(Transport::Udp));
        let uri = r.invite.request_uri().unwrap();
        assert!(mssip::sip::Uri::parse(uri).is_ok());
        let before = request.cseq().unwrap().unwrap().seq;
        assert_eq!(r.invite.cseq().unwrap().unwrap().seq, before + 1);
        assert!(Message::parse(r.invite.as_bytes()).is_ok());
    }
});
