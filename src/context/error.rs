//! Errors of the call context feature.

use std::borrow::Cow;
use std::fmt;

use crate::sip::SipError;
use crate::xml::XmlError;

/// Why a call context was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContextError {
    /// Not well-formed XML, or over the XML limits.
    Xml(XmlError),
    /// Well-formed, but against MS-SIPRE 2.2.19 / 3.13.5.1 (`offset` is the byte of the
    /// element at fault in a parsed document, 0 for a built one).
    Invalid {
        offset: usize,
        what: Cow<'static, str>,
    },
    /// A bound of [`super::ContextConfig`] was crossed.
    Limit { what: &'static str, max: usize },
    /// The message is not an INVITE, or its body could not be read (MS-SIPRE 3.13.5.1: only
    /// an INVITE conveys call context, in a single body).
    Message(Cow<'static, str>),
    /// A multipart body that does not parse.
    Sip(SipError),
}

impl ContextError {
    pub(crate) fn invalid(offset: usize, what: impl Into<Cow<'static, str>>) -> ContextError {
        ContextError::Invalid {
            offset,
            what: what.into(),
        }
    }
}

impl fmt::Display for ContextError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ContextError::Xml(e) => write!(f, "call context: {e}"),
            ContextError::Invalid { offset, what } => {
                write!(f, "call context: {what} (at byte {offset})")
            }
            ContextError::Limit { what, max } => {
                write!(f, "call context: more than {max} {what}")
            }
            ContextError::Message(what) => write!(f, "call context: {what}"),
            ContextError::Sip(e) => write!(f, "call context: {e}"),
        }
    }
}

impl std::error::Error for ContextError {}

impl From<XmlError> for ContextError {
    fn from(e: XmlError) -> Self {
        ContextError::Xml(e)
    }
}
