//! The transport facts a host passes about where a message came from (`mssip_peer`), and
//! the verdict type of NAT processing. Shapes fixed by DESIGN.md ("The C ABI").

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult};
use super::text::arg_str;
use crate::sip::peer::{Peer, Transport};

/// Transport a message arrived on.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_transport {
    /// UDP datagram.
    MSSIP_TRANSPORT_UDP = 0,
    /// TCP connection.
    MSSIP_TRANSPORT_TCP = 1,
    /// TLS over TCP.
    MSSIP_TRANSPORT_TLS = 2,
}

impl mssip_transport {
    /// The transport with number `raw`, if defined. C may store any integer in an enum field,
    /// so numbers from C are checked before they become a Rust enum.
    pub fn from_raw(raw: u32) -> Option<mssip_transport> {
        match raw {
            0 => Some(mssip_transport::MSSIP_TRANSPORT_UDP),
            1 => Some(mssip_transport::MSSIP_TRANSPORT_TCP),
            2 => Some(mssip_transport::MSSIP_TRANSPORT_TLS),
            _ => None,
        }
    }
}

/// The C spelling of a transport number inside `mssip_peer` (renamed to `mssip_transport`
/// in the header; see `mssip_result_raw` for why the Rust side holds the raw number).
pub type mssip_transport_raw = u32;

/// Where a message came from, as the host's transport saw it. Filled in by the host and
/// only read by the library during the call it is passed to.
///
/// Growth: these four fields are pinned and the struct carries no size. Functions that take
/// an `mssip_peer` read only these fields; a field appended in a later version is read only by
/// functions published with it, which take the struct's size as an argument, so a program
/// built against this header never has bytes read past its struct.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_peer {
    /// Transport the message arrived on (`mssip_transport`).
    pub transport: mssip_transport_raw,
    /// Source IP address as text (IPv4 dotted quad or IPv6 without brackets), NUL-terminated.
    pub ip: *const c_char,
    /// Source port.
    pub port: u16,
    /// The host's identifier of the TCP/TLS connection (0 for UDP).
    pub conn_id: u64,
}

impl mssip_peer {
    /// The transport, or `None` when C stored a number that names no transport.
    pub fn transport(&self) -> Option<mssip_transport> {
        mssip_transport::from_raw(self.transport)
    }
}

impl From<mssip_transport> for Transport {
    fn from(t: mssip_transport) -> Transport {
        match t {
            mssip_transport::MSSIP_TRANSPORT_UDP => Transport::Udp,
            mssip_transport::MSSIP_TRANSPORT_TCP => Transport::Tcp,
            mssip_transport::MSSIP_TRANSPORT_TLS => Transport::Tls,
        }
    }
}

/// Reads a required `const mssip_peer *` argument into the Rust [`Peer`]: the transport
/// number must name a transport and `ip` must be an IPv4 or IPv6 address (without brackets).
///
/// # Safety
/// `p` is NULL or points to a readable `mssip_peer` whose `ip` is NULL or NUL-terminated.
pub(crate) unsafe fn read_peer(p: *const mssip_peer) -> FfiResult<Peer> {
    // SAFETY: caller contract.
    let peer = unsafe { p.as_ref() }.ok_or_else(|| Failure::null("peer"))?;
    let transport = peer.transport().ok_or_else(|| {
        Failure::invalid(format!(
            "peer->transport {} is no mssip_transport",
            peer.transport
        ))
    })?;
    // SAFETY: caller contract on `ip`.
    let ip_text = unsafe { arg_str(peer.ip, "peer->ip") }?;
    let ip = ip_text.parse().map_err(|_| {
        Failure::invalid(format!(
            "peer->ip {ip_text:?} is not an IPv4 or IPv6 address"
        ))
    })?;
    Ok(Peer {
        transport: transport.into(),
        ip,
        port: peer.port,
        conn_id: peer.conn_id,
    })
}

/// What the host does with a message after NAT processing: forward it, answer it with the
/// error response, or drop it silently.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_nat_verdict {
    /// Continue processing and forward the (possibly rewritten) message.
    MSSIP_NAT_FORWARD = 0,
    /// Reject the message with an error response.
    MSSIP_NAT_REJECT = 1,
    /// Drop the message without answering.
    MSSIP_NAT_DISCARD = 2,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transport_numbers_are_checked() {
        for t in [
            mssip_transport::MSSIP_TRANSPORT_UDP,
            mssip_transport::MSSIP_TRANSPORT_TCP,
            mssip_transport::MSSIP_TRANSPORT_TLS,
        ] {
            assert_eq!(mssip_transport::from_raw(t as u32), Some(t));
        }
        assert_eq!(mssip_transport::from_raw(3), None);
        let p = mssip_peer {
            transport: 7,
            ip: c"192.0.2.1".as_ptr(),
            port: 5061,
            conn_id: 1,
        };
        assert_eq!(p.transport(), None);
    }

    #[test]
    fn peers_are_read_and_checked() {
        use crate::ffi::mssip_result;
        let mut p = mssip_peer {
            transport: 2,
            ip: c"2001:db8::1".as_ptr(),
            port: 5061,
            conn_id: 7,
        };
        // SAFETY: the peer is a live local; its `ip` is a static NUL-terminated string.
        let r = unsafe { read_peer(&p) }.unwrap();
        assert_eq!(r.transport, Transport::Tls);
        assert_eq!(r.ip, "2001:db8::1".parse::<std::net::IpAddr>().unwrap());
        assert_eq!((r.port, r.conn_id), (5061, 7));
        // SAFETY: the peer is a live local; its `ip` is NULL or a static string.
        let code = |p: &mssip_peer| unsafe { read_peer(p) }.unwrap_err().code;
        p.ip = c"[2001:db8::1]".as_ptr();
        assert_eq!(code(&p), mssip_result::MSSIP_E_INVALID_ARGUMENT);
        p.ip = c"host.example".as_ptr();
        assert_eq!(code(&p), mssip_result::MSSIP_E_INVALID_ARGUMENT);
        p.ip = std::ptr::null();
        assert_eq!(code(&p), mssip_result::MSSIP_E_NULL);
        p.ip = c"192.0.2.1".as_ptr();
        p.transport = 3;
        assert_eq!(code(&p), mssip_result::MSSIP_E_INVALID_ARGUMENT);
        // SAFETY: NULL is allowed.
        let e = unsafe { read_peer(std::ptr::null()) }.unwrap_err();
        assert_eq!(e.code, mssip_result::MSSIP_E_NULL);
    }
}
