//! The transport facts a host passes about where a message came from (`mssip_peer`), and
//! the verdict type of NAT processing. Shapes fixed by DESIGN.md ("The C ABI").

use std::ffi::c_char;

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
}
