//! NAT processing (MS-SIPRE 3.5.5.1) of fuzzed messages from fuzzed peers: a message (its
//! length in the first two bytes, as `mssip_fuzz::split_message` cuts it), then bytes that
//! pick the peer and the options. Whatever the verdict, nothing panics; a refused message
//! and a failed call leave the message byte for byte as it was; a forwarded one still parses
//! to the same bytes, has no `proxy` Contact left, and names the peer where it must.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::nat::{NatOptions, Verdict, answer, process, via_conn_id};
use mssip::sip::peer::{Peer, Transport};
use mssip::sip::{Message, NameAddr};

const IPS: [&str; 4] = ["192.168.0.2", "2001:db8::7", "10.0.0.1", "0.0.0.0"];
const ROUTES: [Option<&str>; 3] = [
    None,
    Some("<sip:edge.contoso.com:5061;transport=tls;lr>"),
    Some("<sip:[2001:db8::1];lr>"),
];

fn byte(b: &[u8], i: usize) -> u8 {
    b.get(i).copied().unwrap_or(0)
}

fuzz_target!(|data: &[u8]| {
    let Some((bytes, ops)) = mssip_fuzz::split_message(data) else {
        return;
    };
    let Ok(mut msg) = Message::parse(bytes) else {
        return;
    };
    let transport = match byte(ops, 0) % 3 {
        0 => Transport::Udp,
        1 => Transport::Tcp,
        _ => Transport::Tls,
    };
    let conn_id = u64::from_le_bytes([
        byte(ops, 1),
        byte(ops, 2),
        byte(ops, 3),
        byte(ops, 4),
        byte(ops, 5),
        0,
        0,
        0,
    ]);
    let peer = Peer {
        transport,
        ip: IPS[usize::from(byte(ops, 6)) % IPS.len()].parse().unwrap(),
        port: u16::from_le_bytes([byte(ops, 7), byte(ops, 8)]),
        conn_id,
    };
    let flags = byte(ops, 9);
    let opts = NatOptions {
        response_relayed: flags & 1 != 0,
        skip_via_stamp: flags & 2 != 0,
        record_route: ROUTES[usize::from(flags >> 2) % ROUTES.len()],
    };
    let before = msg.as_bytes().to_vec();
    match process(&mut msg, &peer, &opts) {
        Err(_) => assert_eq!(
            msg.as_bytes(),
            &before[..],
            "a failed call changed the message"
        ),
        Ok(v @ (Verdict::Reject(_) | Verdict::Discard(_))) => {
            assert_eq!(msg.as_bytes(), &before[..], "a refused message changed");
            let (after, response) = answer(&msg, v);
            if let Some(r) = response {
                assert_eq!(r.status(), Some(400));
                assert!(matches!(after, Verdict::Reject(_)));
            }
        }
        Ok(Verdict::Forward) => {
            let again = Message::parse_with(msg.as_bytes(), msg.limits())
                .expect("a rewritten message parses");
            assert_eq!(again.as_bytes(), msg.as_bytes());
            for c in msg.values("Contact").filter(|v| *v != "*") {
                let c = NameAddr::parse(c).expect("a Contact NAT processing read still parses");
                assert!(!c.params.has("proxy"), "a proxy parameter is left");
            }
            if msg.is_request() && !opts.skip_via_stamp {
                let top = msg.vias().next().expect("a Via").expect("a parsed Via");
                assert_eq!(
                    top.received().map(|r| r.parse::<std::net::IpAddr>().ok()),
                    Some(Some(peer.ip))
                );
                let cid = via_conn_id(&top).map(|r| r.ok());
                if transport == Transport::Udp {
                    assert_eq!(cid, None);
                } else {
                    assert_eq!(cid, Some(Some(conn_id)));
                }
            }
        }
    }
});
