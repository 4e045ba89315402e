//! The far end of a connection as NAT processing writes it into messages, formatted once per
//! message: its address as a URI host (`maddr`, a Contact's host; IPv6 in brackets) and as a
//! Via `received` value (no brackets), its port, and its connection id in upper-case hex.

use crate::sip::peer::Peer;
use crate::sip::scan::decimal::decimal_digits;
use std::fmt::Write;
use std::net::IpAddr;

/// Room for `[` address `]`, port and connection id: an IPv6 address is at most 45
/// characters, a port 5, a connection id 16 hex digits.
const ROOM: usize = 72;

/// The texts NAT processing writes for one peer, in one inline buffer (formatting them costs
/// no allocation): `[`, the address, `]`, the port, the connection id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PeerText {
    buf: [u8; ROOM],
    /// End of the address (it starts at 1).
    ip_end: u8,
    /// End of the port (it starts after the `]`).
    port_end: u8,
    /// End of the connection id (it starts at `port_end`); `port_end` for UDP.
    cid_end: u8,
    v6: bool,
}

/// Writes into the inline buffer from `at`.
struct Cursor<'b> {
    buf: &'b mut [u8; ROOM],
    at: usize,
}

impl Cursor<'_> {
    fn push(&mut self, c: u8) {
        // ROOM holds the longest texts, so this never drops a byte.
        if let Some(slot) = self.buf.get_mut(self.at) {
            *slot = c;
            self.at += 1;
        }
    }

    /// Appends the decimal digits of `n`.
    fn decimal(&mut self, n: u32) {
        let mut digits = [0u8; 20];
        for &d in decimal_digits(u64::from(n), &mut digits) {
            self.push(d);
        }
    }

    /// Appends `id` in upper-case hex without leading zeros (the form of
    /// [`super::conn_id::format_conn_id`]).
    fn hex(&mut self, id: u64) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let digits = (64 - id.leading_zeros()).div_ceil(4).max(1);
        for k in (0..digits).rev() {
            self.push(HEX[((id >> (4 * k)) & 0xF) as usize]);
        }
    }
}

impl Write for Cursor<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        for &c in s.as_bytes() {
            self.push(c);
        }
        Ok(())
    }
}

impl PeerText {
    pub(crate) fn new(peer: &Peer) -> PeerText {
        let mut buf = [0u8; ROOM];
        let mut w = Cursor {
            buf: &mut buf,
            at: 0,
        };
        w.push(b'[');
        match peer.ip {
            IpAddr::V4(a) => {
                for (i, o) in a.octets().into_iter().enumerate() {
                    if i > 0 {
                        w.push(b'.');
                    }
                    w.decimal(u32::from(o));
                }
            }
            IpAddr::V6(a) => {
                let _ = write!(w, "{a}");
            }
        }
        let ip_end = w.at;
        w.push(b']');
        w.decimal(u32::from(peer.port));
        let port_end = w.at;
        if peer.transport.is_connection() {
            w.hex(peer.conn_id);
        }
        let cid_end = w.at;
        PeerText {
            buf,
            ip_end: ip_end as u8,
            port_end: port_end as u8,
            cid_end: cid_end as u8,
            v6: peer.ip.is_ipv6(),
        }
    }

    fn text(&self, a: usize, b: usize) -> &str {
        let bytes = &self.buf[a..b];
        debug_assert!(bytes.is_ascii());
        // SAFETY: only ASCII is ever in `buf`: zeros, digits, hex digits, '.', '[', ']', and
        // what the Display of an Ipv6Addr writes (hex digits, ':', '.', digits).
        unsafe { std::str::from_utf8_unchecked(bytes) }
    }

    /// `received` (RFC 3261 25.1 `via-received`: an address without brackets).
    pub(crate) fn ip(&self) -> &str {
        self.text(1, usize::from(self.ip_end))
    }

    /// A URI `host`: the address, IPv6 in brackets.
    pub(crate) fn host(&self) -> &str {
        if self.v6 {
            self.text(0, usize::from(self.ip_end) + 1)
        } else {
            self.ip()
        }
    }

    pub(crate) fn port(&self) -> &str {
        self.text(usize::from(self.ip_end) + 1, usize::from(self.port_end))
    }

    /// `ms-received-cid`; `None` for UDP, where there is no connection.
    pub(crate) fn conn_id(&self) -> Option<&str> {
        (self.cid_end > self.port_end)
            .then(|| self.text(usize::from(self.port_end), usize::from(self.cid_end)))
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
            assert_eq!(t.ip(), ip);
            assert_eq!(t.host(), ip);
        }
        let t = PeerText::new(&test_peer(Transport::Tls, "2001:db8::1", 0, u64::MAX));
        assert_eq!((t.ip(), t.host()), ("2001:db8::1", "[2001:db8::1]"));
        assert_eq!(t.port(), "0");
        assert_eq!(t.conn_id(), Some("FFFFFFFFFFFFFFFF"));
        let t = PeerText::new(&test_peer(Transport::Udp, "192.0.2.1", 65535, 0));
        assert_eq!((t.port(), t.conn_id()), ("65535", None));
        // The longest texts fit.
        let t = PeerText::new(&test_peer(
            Transport::Tcp,
            "::ffff:255.255.255.255",
            65535,
            1,
        ));
        assert_eq!(t.ip(), "::ffff:255.255.255.255");
        let ip: std::net::IpAddr = "1111:2222:3333:4444:5555:6666:7777:8888".parse().unwrap();
        let t = PeerText::new(&test_peer(Transport::Tls, &ip.to_string(), 65535, u64::MAX));
        assert_eq!(t.host(), format!("[{ip}]"));
        assert_eq!((t.port(), t.conn_id()), ("65535", Some("FFFFFFFFFFFFFFFF")));
        for n in [0u32, 1, 9, 10, 99, 100, 65535, u32::MAX] {
            for id in [1u64, 0x3540900, 0xABCDEF, u64::MAX] {
                let mut buf = [0u8; ROOM];
                let mut w = Cursor {
                    buf: &mut buf,
                    at: 0,
                };
                w.decimal(n);
                w.hex(id);
                let end = w.at;
                let text = std::str::from_utf8(&buf[..end]).unwrap();
                assert_eq!(
                    text,
                    format!("{n}{}", super::super::conn_id::format_conn_id(id))
                );
            }
        }
    }
}
