//! What can go wrong with an E911 INVITE or its location.

use std::fmt;

use crate::sip::SipError;
use crate::xml::XmlError;

/// An error of the E911 functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum E911Error {
    /// The request is not an emergency INVITE (no `Priority: emergency`).
    NotEmergency,
    /// The INVITE carries no `application/pidf+xml` part.
    NoLocation,
    /// A well-formed XML document that is not a PIDF-LO (RFC 4119): another root, no
    /// `geopriv` or no `location-info`.
    NotPidfLo(&'static str),
    /// The location document is not well-formed XML or crosses the XML limits.
    Xml(XmlError),
    /// The body or a header is malformed, or a message cannot be built.
    Sip(SipError),
    /// A location a client would send is refused (MS-SIPRE 2.2.22): the reason.
    BadLocation(&'static str),
    /// A civic address element RFC 5139 does not define: its name.
    UnknownCivicElement(String),
}

impl fmt::Display for E911Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            E911Error::NotEmergency => f.write_str("not an emergency INVITE (Priority: emergency)"),
            E911Error::NoLocation => f.write_str("the INVITE carries no application/pidf+xml part"),
            E911Error::NotPidfLo(w) => f.write_str(w),
            E911Error::Xml(e) => write!(f, "{e}"),
            E911Error::Sip(e) => write!(f, "{e}"),
            E911Error::BadLocation(w) => f.write_str(w),
            E911Error::UnknownCivicElement(n) => {
                write!(f, "{n:?} is not a civic address element of RFC 5139")
            }
        }
    }
}

impl std::error::Error for E911Error {}

impl From<SipError> for E911Error {
    fn from(e: SipError) -> E911Error {
        E911Error::Sip(e)
    }
}

impl From<XmlError> for E911Error {
    fn from(e: XmlError) -> E911Error {
        E911Error::Xml(e)
    }
}
