//! What can go wrong with a multipart ICE body.

use std::fmt;

use crate::sip::SipError;

/// An error of the ICE multipart functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IceError {
    /// The body holds no session description the UAS can answer with the ICE drafts it
    /// supports (3.15.5.1): answer the INVITE with 488.
    NoOffer(&'static str),
    /// There is no ICEv6 SDP to send alone after a 415 (3.15.5.2): the INVITE was not a
    /// multipart ICE offer.
    NoFallback(&'static str),
    /// A part handed to the builder does not hold the SDP its place in 3.15.4.1 needs.
    WrongSdp(&'static str),
    /// The body, a header or a builder argument is malformed or over the limits.
    Sip(SipError),
}

impl fmt::Display for IceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IceError::NoOffer(w) | IceError::NoFallback(w) | IceError::WrongSdp(w) => {
                f.write_str(w)
            }
            IceError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for IceError {}

impl From<SipError> for IceError {
    fn from(e: SipError) -> IceError {
        IceError::Sip(e)
    }
}
