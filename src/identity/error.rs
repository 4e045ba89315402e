//! Errors of the identity functions: which input was refused and why.

use crate::ext::ExtError;
use std::fmt;

/// Why an identity function refused its input or could not produce a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdentityError {
    /// The epid is not `1*16 tokenchar` (MS-SIPRE 2.2.6).
    BadEpid(ExtError),
    /// Raw epid bytes were given in a number the encoding cannot take (1 to 8 are allowed).
    BadEpidBytes { len: usize },
    /// The address-of-record is not `sip:userinfo host` (MS-SIPRE 2.2.2).
    BadAor(ExtError),
    /// The instance is not a `urn:uuid:` URN (MS-SIPRE 2.2.4, 3.3).
    BadInstance(ExtError),
    /// The text is not a user-agent GRUU, or its `encoded-uuid-val` is not the encoding of a
    /// UUID (MS-SIPRE 3.4.5.1).
    BadGruu(ExtError),
    /// The operating system's random source failed.
    NoRandomness(getrandom::Error),
}

impl fmt::Display for IdentityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdentityError::BadEpid(e) => write!(f, "invalid epid: {e}"),
            IdentityError::BadEpidBytes { len } => {
                write!(f, "invalid epid: {len} bytes given, 1 to 8 needed")
            }
            IdentityError::BadAor(e) => write!(f, "invalid address-of-record: {e}"),
            IdentityError::BadInstance(e) => write!(f, "invalid +sip.instance: {e}"),
            IdentityError::BadGruu(e) => write!(f, "invalid user-agent GRUU: {e}"),
            IdentityError::NoRandomness(e) => write!(f, "no system randomness: {e}"),
        }
    }
}

impl std::error::Error for IdentityError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            IdentityError::BadEpid(e)
            | IdentityError::BadAor(e)
            | IdentityError::BadInstance(e)
            | IdentityError::BadGruu(e) => Some(e),
            IdentityError::NoRandomness(e) => Some(e),
            IdentityError::BadEpidBytes { .. } => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error;

    #[test]
    fn says_which_input_and_why() {
        let e = IdentityError::BadEpid(ExtError::new("epid: empty value", 0));
        assert_eq!(e.to_string(), "invalid epid: epid: empty value at byte 0");
        assert!(e.source().is_some());
        let e = IdentityError::BadEpidBytes { len: 9 };
        assert_eq!(e.to_string(), "invalid epid: 9 bytes given, 1 to 8 needed");
        assert!(e.source().is_none());
        let e = IdentityError::BadAor(ExtError::new("address-of-record: port not allowed", 21));
        assert!(e.to_string().starts_with("invalid address-of-record: "));
    }
}
