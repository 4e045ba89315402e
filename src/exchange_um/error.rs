//! What can go wrong with Exchange UM messages.

use std::fmt;

use crate::sip::SipError;
use crate::sip::peer::Transport;

/// An error of the Exchange UM functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UmError {
    /// MS-OCEXUM 2.1: messages MUST go over TCP or TLS; this one would not.
    Transport(Transport),
    /// `skip-pin` from a caller the PBX cannot vouch for (not over TLS, or not authenticated)
    /// under [`crate::exchange_um::SkipPinPolicy::Refuse`]: answer 403.
    SkipPinRefused(&'static str),
    /// An `Ms-Exchange-Command` that is not the one value of 2.2.1, or appears twice.
    BadCommand(&'static str),
    /// The INVITE is not a Play-On-Phone INVITE (3.2); says which rule it breaks.
    NotPlayOnPhone(&'static str),
    /// The response cannot be followed as UM's redirect to a worker.
    NotRedirect(&'static str),
    /// A malformed message or argument, or an edit over the limits.
    Sip(SipError),
}

impl fmt::Display for UmError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UmError::Transport(t) => write!(
                f,
                "Exchange UM messages go over TCP or TLS (MS-OCEXUM 2.1), not {t}"
            ),
            UmError::SkipPinRefused(w)
            | UmError::BadCommand(w)
            | UmError::NotPlayOnPhone(w)
            | UmError::NotRedirect(w) => f.write_str(w),
            UmError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for UmError {}

impl From<SipError> for UmError {
    fn from(e: SipError) -> UmError {
        UmError::Sip(e)
    }
}
