//! The far end of a connection as NAT processing writes it into messages, formatted once per
//! message: its address as a URI host (`maddr`, a Contact's host; IPv6 in brackets) and as a
//! Via `received` value (no brackets), its port, and its connection id in upper-case hex.

use super::conn_id::format_conn_id;
use crate::sip::peer::Peer;
use std::fmt::Write;
use std::net::IpAddr;

/// The texts NAT processing writes for one peer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeerText {
    /// `received` (RFC 3261 25.1 `via-received`: an address without brackets).
    pub ip: String,
    /// A URI `host`: the address, IPv6 in brackets.
    pub host: String,
    pub port: String,
    /// `ms-received-cid`; `None` for UDP, where there is no connection.
    pub conn_id: Option<String>,
}

/// Appends the decimal digits of `n`.
fn push_decimal(out: &mut String, n: u32) {
    let mut digits = [0u8; 10];
    let mut i = digits.len();
    let mut n = n;
    loop {
        i -= 1;
        digits[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for &d in &digits[i..] {
        out.push(char::from(d));
    }
}

impl PeerText {
    pub(crate) fn new(peer: &Peer) -> PeerText {
        let mut ip = String::with_capacity(15);
        match peer.ip {
            IpAddr::V4(a) => {
                for (i, o) in a.octets().into_iter().enumerate() {
                    if i > 0 {
                        ip.push('.');
                    }
                    push_decimal(&mut ip, u32::from(o));
                }
            }
            IpAddr::V6(a) => {
                let _ = write!(ip, "{a}");
            }
        }
        let host = match peer.ip {
            IpAddr::V4(_) => ip.clone(),
            IpAddr::V6(_) => format!("[{ip}]"),
        };
        let mut port = String::with_capacity(5);
        push_decimal(&mut port, u32::from(peer.port));
        let conn_id = peer
            .transport
            .is_connection()
            .then(|| format_conn_id(peer.conn_id));
        PeerText {
            ip,
            host,
            port,
            conn_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::peer::{Transport, test_peer};

    #[test]
    fn formats_as_the_standard_library_does() {
        for ip in ["192.168.0.2", "0.0.0.0", "255.255.255.255", "10.0.100.9"] {
            let t = PeerText::new(&test_peer(Transport::Tcp, ip, 1201, 0x3540900));
            assert_eq!(t.ip, ip);
            assert_eq!(t.host, ip);
        }
        let t = PeerText::new(&test_peer(Transport::Tls, "2001:db8::1", 0, u64::MAX));
        assert_eq!(
            (t.ip.as_str(), t.host.as_str()),
            ("2001:db8::1", "[2001:db8::1]")
        );
        assert_eq!(t.port, "0");
        assert_eq!(t.conn_id.as_deref(), Some("FFFFFFFFFFFFFFFF"));
        let t = PeerText::new(&test_peer(Transport::Udp, "192.0.2.1", 65535, 0));
        assert_eq!((t.port.as_str(), t.conn_id), ("65535", None));
        for n in [0u32, 1, 9, 10, 99, 100, 65535, u32::MAX] {
            let mut s = String::new();
            push_decimal(&mut s, n);
            assert_eq!(s, n.to_string());
        }
    }
}
