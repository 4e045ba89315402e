//! Errors of NAT processing and of the connection table: the call could not do its work
//! (as opposed to a [`super::Verdict`] that rejects or discards a message).

use crate::sip::SipError;
use std::fmt;

/// Why a NAT or connection-table call failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NatError {
    /// A TCP or TLS peer came without a connection id (0), so no `ms-received-cid` can be
    /// written (MS-SIPRE 3.5.5.1 step 9).
    NoConnId,
    /// A text is not a connection id: 1 to 16 hex digits naming a number other than 0.
    BadConnId(&'static str),
    /// Every connection id of this epoch has been handed out; create the table again with a
    /// larger epoch.
    ConnIdsExhausted { epoch: u32 },
    /// The connection table holds as many open connections as it was allowed.
    ConnLimit { max: usize },
    /// The host's handle already stands for an open connection (close it first: reusing it
    /// would let messages for the old connection reach the new one, MS-SIPRE 3.5.1).
    HandleInUse { handle: u64, conn_id: u64 },
    /// No open connection has this id.
    UnknownConn(u64),
    /// An option cannot be used (the text says which and why).
    BadOption(&'static str),
    /// The message could not be edited (e.g. it would cross one of its limits). The message
    /// is left as it was.
    Edit(SipError),
}

impl fmt::Display for NatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NatError::NoConnId => f.write_str("a TCP or TLS peer needs a connection id (not 0)"),
            NatError::BadConnId(what) => write!(f, "not a connection id: {what}"),
            NatError::ConnIdsExhausted { epoch } => write!(
                f,
                "every connection id of epoch {epoch} is used; start again with a larger epoch"
            ),
            NatError::ConnLimit { max } => {
                write!(f, "connection table full: {max} open connections")
            }
            NatError::HandleInUse { handle, conn_id } => write!(
                f,
                "host handle {handle} is still open as connection {conn_id:X}; close it first"
            ),
            NatError::UnknownConn(id) => write!(f, "no open connection has id {id:X}"),
            NatError::BadOption(what) => write!(f, "bad NAT option: {what}"),
            NatError::Edit(e) => write!(f, "editing the message failed: {e}"),
        }
    }
}

impl std::error::Error for NatError {}

impl From<SipError> for NatError {
    fn from(e: SipError) -> NatError {
        NatError::Edit(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::ErrorKind;

    #[test]
    fn says_what_went_wrong() {
        assert!(NatError::NoConnId.to_string().contains("connection id"));
        assert!(
            NatError::HandleInUse {
                handle: 7,
                conn_id: 0x1AB
            }
            .to_string()
            .contains("1AB")
        );
        assert!(NatError::UnknownConn(255).to_string().contains("FF"));
        assert!(
            NatError::ConnIdsExhausted { epoch: 3 }
                .to_string()
                .contains("epoch 3")
        );
        assert!(NatError::ConnLimit { max: 2 }.to_string().contains('2'));
        assert!(NatError::BadConnId("empty").to_string().contains("empty"));
        assert!(NatError::BadOption("x").to_string().contains('x'));
        let e = NatError::from(SipError::new(ErrorKind::BadValue, 3, "bad"));
        assert!(e.to_string().contains("bad at byte 3"));
    }
}
