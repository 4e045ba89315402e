//! MS-OCEXUM 2.1: "Messages MUST be transported over TCP or TLS."

use super::error::UmError;
use crate::sip::peer::Transport;

/// Ok for TCP and TLS; [`UmError::Transport`] for any other transport, for a message
/// received from or about to be sent to the unified messaging server.
pub fn require_connection(transport: Transport) -> Result<(), UmError> {
    match transport {
        Transport::Tcp | Transport::Tls => Ok(()),
        other => Err(UmError::Transport(other)),
    }
}
