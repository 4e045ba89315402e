//! The trust headers (MS-SIPRE 2.2.14, 2.2.15, 3.10, 3.11): the first byte picks what the rest
//! is. A value that parses writes back as text that parses to the same value; a message has
//! no trust header left after the sanitizer, whatever a client put in it, and the edge's own
//! value reads back as it was set.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::edge::{is_remote_user, mark_remote_user, read_trust, sanitize, set_trust};
use mssip::ext::{EdgeProxyMessageTrust, MsUserLogonData, SourceType, UserVerification};
use mssip::sip::Message;

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    match sel % 3 {
        0 => {
            let Ok(s) = std::str::from_utf8(rest) else {
                return;
            };
            if let Ok(t) = EdgeProxyMessageTrust::parse(s) {
                let text = t.to_string();
                assert_eq!(
                    EdgeProxyMessageTrust::parse(&text).as_ref(),
                    Ok(&t),
                    "{s:?}"
                );
                let again = EdgeProxyMessageTrust::new(
                    t.source_type(),
                    t.ep_fqdn(),
                    t.verified(),
                    t.network(),
                );
                assert_eq!(again.as_ref(), Ok(&t));
            }
            if MsUserLogonData::parse(s).is_ok() {
                assert!(s.trim().eq_ignore_ascii_case("RemoteUser"));
            }
        }
        1 => {
            let Ok(mut msg) = Message::parse(rest) else {
                return;
            };
            let _ = read_trust(&msg);
            let _ = is_remote_user(&msg);
            let before = msg.as_bytes().to_vec();
            match sanitize(&mut msg) {
                Ok(_) => {
                    assert_eq!(msg.fields(EdgeProxyMessageTrust::NAME).count(), 0);
                    assert_eq!(msg.fields(MsUserLogonData::NAME).count(), 0);
                    assert_eq!(read_trust(&msg), Ok(None));
                    assert_eq!(is_remote_user(&msg), Ok(false));
                }
                Err(_) => assert_eq!(msg.as_bytes(), &before[..]),
            }
        }
        _ => {
            let Some((&pick, rest)) = rest.split_first() else {
                return;
            };
            let Ok(mut msg) = Message::parse(rest) else {
                return;
            };
            let t = EdgeProxyMessageTrust::new(
                SourceType::EdgeProxyGenerated,
                "edge.contoso.com",
                if pick & 1 == 0 {
                    UserVerification::Verified
                } else {
                    UserVerification::Unverified
                },
                None,
            )
            .unwrap();
            let before = msg.as_bytes().to_vec();
            match set_trust(&mut msg, &t) {
                Ok(()) => assert_eq!(read_trust(&msg).ok().flatten().as_ref(), Some(&t)),
                Err(_) => assert_eq!(msg.as_bytes(), &before[..]),
            }
            let before = msg.as_bytes().to_vec();
            match mark_remote_user(&mut msg) {
                Ok(()) => assert_eq!(is_remote_user(&msg), Ok(true)),
                Err(_) => assert_eq!(msg.as_bytes(), &before[..]),
            }
        }
    }
});
