//! Errors of the MS-SIPRE 2.2 grammar: which construct was refused and where.

use std::fmt;

/// A value that does not follow its MS-SIPRE 2.2 grammar.
///
/// `what` names the construct and the problem (e.g. `"epid: more than 16 characters"`);
/// `offset` is the byte offset, in the text handed to the parser, where the problem was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ExtError {
    pub what: &'static str,
    pub offset: usize,
}

impl ExtError {
    pub fn new(what: &'static str, offset: usize) -> ExtError {
        ExtError { what, offset }
    }

    /// The same error with its offset moved by `base`, for errors found in a sub-slice.
    pub fn at(mut self, base: usize) -> ExtError {
        self.offset += base;
        self
    }
}

impl fmt::Display for ExtError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} at byte {}", self.what, self.offset)
    }
}

impl std::error::Error for ExtError {}

/// Keeps the SIP layer's description and offset (used when a URI inside an MS value is
/// refused by [`crate::sip::Uri::parse`]).
impl From<crate::sip::SipError> for ExtError {
    fn from(e: crate::sip::SipError) -> ExtError {
        ExtError::new(e.what, e.offset)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn displays_what_and_where() {
        let e = ExtError::new("epid: empty", 3).at(10);
        assert_eq!(e.offset, 13);
        assert_eq!(e.to_string(), "epid: empty at byte 13");
        let boxed: Box<dyn std::error::Error> = Box::new(e);
        assert!(boxed.to_string().contains("epid"));
    }
}
