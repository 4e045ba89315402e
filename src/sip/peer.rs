//! Where a message came from, as the host's transport layer saw it (RFC 3261 18): the far end
//! of the connection it arrived on, or the source of its datagram.

use std::fmt;
use std::net::IpAddr;

/// The transport a message arrived on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transport {
    Udp,
    Tcp,
    Tls,
}

impl Transport {
    /// The name as a Via sent-protocol writes it (`UDP`, `TCP`, `TLS`).
    pub fn as_str(self) -> &'static str {
        match self {
            Transport::Udp => "UDP",
            Transport::Tcp => "TCP",
            Transport::Tls => "TLS",
        }
    }

    /// True for the connection-oriented transports (TCP, TLS).
    pub fn is_connection(self) -> bool {
        !matches!(self, Transport::Udp)
    }

    /// True when a URI `transport` parameter value names this transport (any case,
    /// RFC 3261 19.1.4).
    pub fn is_named(self, param: &str) -> bool {
        param.eq_ignore_ascii_case(self.as_str())
    }
}

impl fmt::Display for Transport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The far end of a connection (or the source of a datagram) and the host's identifier of
/// that connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Peer {
    pub transport: Transport,
    pub ip: IpAddr,
    pub port: u16,
    /// The connection's identifier; 0 for UDP, where there is no connection.
    pub conn_id: u64,
}

/// A peer for tests, its address given as text.
#[cfg(test)]
pub(crate) fn test_peer(transport: Transport, ip: &str, port: u16, conn_id: u64) -> Peer {
    Peer {
        transport,
        ip: ip.parse().expect("test address"),
        port,
        conn_id,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_hosts() {
        assert!(Transport::Tls.is_named("tls"));
        assert!(Transport::Tcp.is_named("TCP"));
        assert!(!Transport::Tls.is_named("tcp"));
        assert!(!Transport::Udp.is_connection());
        assert!(Transport::Tcp.is_connection() && Transport::Tls.is_connection());
        let p = test_peer(Transport::Tls, "2001:db8::1", 5061, 1);
        assert!(p.ip.is_ipv6() && p.transport.is_connection());
        assert_eq!(Transport::Udp.to_string(), "UDP");
    }
}
