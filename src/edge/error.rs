//! Errors of the edge functions.

use crate::ext::{ExtError, TrustError};
use crate::sip::SipError;
use std::fmt;

/// Why an edge function failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EdgeError {
    /// An `ms-edge-proxy-message-trust` value is malformed or breaks a rule of MS-SIPRE 3.10.1.
    Trust(TrustError),
    /// An `ms-user-logon-data` value is not `RemoteUser` (MS-SIPRE 3.11.1).
    LogonData(ExtError),
    /// The message carries the named header field more than once: which one is meant cannot
    /// be told, so none is trusted.
    Repeated(&'static str),
    /// The message could not be edited (e.g. it would cross one of its limits); it is left as
    /// it was.
    Edit(SipError),
}

impl fmt::Display for EdgeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EdgeError::Trust(e) => e.fmt(f),
            EdgeError::LogonData(e) => e.fmt(f),
            EdgeError::Repeated(name) => write!(f, "{name} appears more than once"),
            EdgeError::Edit(e) => write!(f, "editing the message failed: {e}"),
        }
    }
}

impl std::error::Error for EdgeError {}

impl From<SipError> for EdgeError {
    fn from(e: SipError) -> EdgeError {
        EdgeError::Edit(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_went_wrong() {
        assert!(
            EdgeError::Repeated("ms-user-logon-data")
                .to_string()
                .contains("more than once")
        );
        assert!(
            EdgeError::Trust(TrustError::Constraint("c"))
                .to_string()
                .contains('c')
        );
        assert!(
            EdgeError::LogonData(ExtError::new("x", 2))
                .to_string()
                .contains("x at byte 2")
        );
        let e = EdgeError::from(SipError::new(crate::sip::ErrorKind::BadValue, 0, "b"));
        assert!(e.to_string().contains("editing"));
    }
}
