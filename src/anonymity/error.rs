//! Errors of agent anonymity.

use std::fmt;

use crate::sip::SipError;

/// Why an anonymity step could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnonymityError {
    /// `Ms-Call-Info` goes on an INVITE or a response to one (MS-SIPRE 3.16.1.1, 3.16.5.1);
    /// `P-Agent-On-Behalf-Of` is checked on an INVITE (2.2.21).
    NotInvite,
    /// The message could not be edited (its limits).
    Sip(SipError),
}

impl fmt::Display for AnonymityError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AnonymityError::NotInvite => {
                f.write_str("agent anonymity applies to an INVITE or a response to one")
            }
            AnonymityError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for AnonymityError {}

impl From<SipError> for AnonymityError {
    fn from(e: SipError) -> Self {
        AnonymityError::Sip(e)
    }
}
