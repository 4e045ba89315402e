//! Errors of the routing feature: a preamble that cannot be used, and calls the router
//! cannot take.

use std::borrow::Cow;
use std::fmt;

use crate::xml::XmlError;

/// Why a preamble instance was refused (the callee then routes by the default script, 3.9).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreambleError {
    /// Not well-formed, or over the XML limits.
    Xml(XmlError),
    /// Well-formed but against 2.2.8 / 3.9 (a missing attribute, a repeated name, ...).
    Invalid {
        offset: usize,
        what: Cow<'static, str>,
    },
    /// A list has more targets than allowed.
    TooManyTargets { max: usize },
    /// More instances than allowed for one callee.
    TooManyInstances { max: usize },
}

impl PreambleError {
    pub(crate) fn invalid(offset: usize, what: &'static str) -> PreambleError {
        PreambleError::Invalid {
            offset,
            what: Cow::Borrowed(what),
        }
    }
}

impl From<XmlError> for PreambleError {
    fn from(e: XmlError) -> Self {
        PreambleError::Xml(e)
    }
}

impl fmt::Display for PreambleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PreambleError::Xml(e) => write!(f, "preamble: {e}"),
            PreambleError::Invalid { offset, what } => {
                write!(f, "preamble: {what} at byte {offset}")
            }
            PreambleError::TooManyTargets { max } => {
                write!(f, "preamble: a list has more than {max} targets")
            }
            PreambleError::TooManyInstances { max } => {
                write!(f, "preamble: more than {max} instances for one callee")
            }
        }
    }
}

impl std::error::Error for PreambleError {}

/// Why a call could not be made or an event could not be taken.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// The message handed to the router is not an INVITE request.
    NotInvite,
    /// The INVITE lacks what a proxy needs to build responses (Via, From, To, Call-ID, CSeq).
    Unanswerable(String),
    /// An argument is unusable (a URI that does not parse, ...).
    Invalid(String),
    /// A response for a branch the call never made, or a request instead of a response.
    UnknownBranch(u32),
    /// A timer id the call never armed, or one already stopped or fired.
    UnknownTimer(u32),
    /// The call is over (DONE was queued); no event is taken any more.
    CallOver,
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::NotInvite => f.write_str("router: the message is not an INVITE request"),
            RouteError::Unanswerable(w) => write!(f, "router: cannot answer the INVITE: {w}"),
            RouteError::Invalid(w) => write!(f, "router: {w}"),
            RouteError::UnknownBranch(b) => write!(f, "router: no pending branch {b}"),
            RouteError::UnknownTimer(t) => write!(f, "router: timer {t} is not armed"),
            RouteError::CallOver => f.write_str("router: the call is over"),
        }
    }
}

impl std::error::Error for RouteError {}
