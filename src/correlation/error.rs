//! Errors of the correlation feature.

use std::fmt;

use crate::sip::SipError;

/// Why a correlation id could not be made or added.
#[derive(Debug)]
pub enum CorrelationError {
    /// The operating system's random source failed (no new UUID).
    NoRandomness(getrandom::Error),
    /// The message is neither an INVITE or REFER request nor a final response to one
    /// (MS-SIPRE 3.12.4.1, 3.12.5.1 name only these).
    NotCorrelatable,
    /// The message could not be edited (its limits).
    Sip(SipError),
}

impl fmt::Display for CorrelationError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorrelationError::NoRandomness(e) => write!(f, "no system randomness: {e}"),
            CorrelationError::NotCorrelatable => f.write_str(
                "Ms-Correlation-Id goes only on an INVITE or REFER request or a final response to one",
            ),
            CorrelationError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for CorrelationError {}

impl From<SipError> for CorrelationError {
    fn from(e: SipError) -> Self {
        CorrelationError::Sip(e)
    }
}
