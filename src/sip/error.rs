//! Errors of the SIP layer: what went wrong and where, never a panic.

use crate::limits::Limit;
use std::fmt;

/// What kind of problem a [`SipError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The input was empty.
    Empty,
    /// The input ended before the construct was complete (e.g. no empty line after headers).
    Incomplete,
    /// A configured limit was crossed; see [`SipError::limit`].
    LimitExceeded,
    /// The start line is neither a Request-Line nor a Status-Line.
    BadStartLine,
    /// A method is not a token.
    BadMethod,
    /// The SIP-Version is not `SIP/<digits>.<digits>`.
    BadVersion,
    /// The status code is not three digits.
    BadStatusCode,
    /// A header line has no `name:` or the name is not a token.
    BadHeader,
    /// The header section is not UTF-8.
    NotUtf8,
    /// A URI does not follow its grammar.
    BadUri,
    /// A header value does not follow its grammar.
    BadValue,
    /// The named header, value or parameter does not exist.
    NotFound,
    /// An argument given by the caller cannot be used (e.g. a CR in a header value to add).
    InvalidArgument,
    /// The operation needs a request but was given a response, or the other way round.
    WrongKind,
}

/// A precise error: its kind, the byte offset in the input where it was found, and a short
/// static description naming the construct.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SipError {
    pub kind: ErrorKind,
    /// Byte offset into the input being parsed (message, header value or URI).
    pub offset: usize,
    /// What was expected or found, e.g. `"Via: missing sent-by host"`.
    pub what: &'static str,
    /// For [`ErrorKind::LimitExceeded`]: the limit crossed and the value that crossed it.
    pub limit: Option<(Limit, usize)>,
}

impl SipError {
    pub fn new(kind: ErrorKind, offset: usize, what: &'static str) -> SipError {
        SipError {
            kind,
            offset,
            what,
            limit: None,
        }
    }

    /// A limit error: `value` is what was seen, the maximum comes from the limits in force.
    pub fn limit(limit: Limit, value: usize, offset: usize) -> SipError {
        SipError {
            kind: ErrorKind::LimitExceeded,
            offset,
            what: "limit exceeded",
            limit: Some((limit, value)),
        }
    }

    /// The message is of the other kind than the operation needs (`what` says which it
    /// needed, e.g. `"a response has no Request-URI"`).
    pub fn wrong_kind(what: &'static str) -> SipError {
        SipError::new(ErrorKind::WrongKind, 0, what)
    }

    /// The same error with its offset moved by `base` (for errors found in a sub-slice).
    pub fn at(mut self, base: usize) -> SipError {
        self.offset += base;
        self
    }
}

impl fmt::Display for SipError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.limit {
            Some((limit, value)) => write!(
                f,
                "limit {} exceeded: {} at byte {}",
                limit.name(),
                value,
                self.offset
            ),
            None => write!(f, "{} at byte {}", self.what, self.offset),
        }
    }
}

impl std::error::Error for SipError {}

/// Result of the SIP layer.
pub type Result<T> = std::result::Result<T, SipError>;
