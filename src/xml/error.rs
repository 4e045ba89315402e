//! Errors of the XML layer: what went wrong and at which byte of the document.

use std::borrow::Cow;
use std::fmt;

use crate::limits::Limit;

/// What kind of problem an [`XmlError`] reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum XmlErrorKind {
    /// The document is not UTF-8, or its declaration names another encoding.
    Encoding,
    /// The document is not well-formed XML (a tag not closed, text outside the root, a bad
    /// attribute, an unknown entity, no root element, ...).
    Syntax,
    /// An element or attribute uses a namespace prefix that is not declared.
    Namespace,
    /// The document has a document type declaration; DTDs (and the entities they define)
    /// are refused.
    Doctype,
    /// A configured limit was crossed; see [`XmlError::limit`].
    LimitExceeded,
    /// The document is well-formed but not what the reader expects: another root element, a
    /// required element or attribute missing, a value out of its range. Raised by the readers
    /// of particular documents built on this layer.
    Unexpected,
}

/// A precise error: its kind, the byte offset in the document where it was found, and what
/// was expected or found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct XmlError {
    pub kind: XmlErrorKind,
    /// Byte offset into the document.
    pub offset: usize,
    /// What was expected or found, e.g. `"expected element <routing>"`.
    pub what: Cow<'static, str>,
    /// For [`XmlErrorKind::LimitExceeded`]: the limit crossed and the value that crossed it.
    pub limit: Option<(Limit, usize)>,
}

impl XmlError {
    pub fn new(kind: XmlErrorKind, offset: usize, what: impl Into<Cow<'static, str>>) -> XmlError {
        XmlError {
            kind,
            offset,
            what: what.into(),
            limit: None,
        }
    }

    /// A limit error: `value` is what was seen.
    pub fn limit(limit: Limit, value: usize, offset: usize) -> XmlError {
        XmlError {
            kind: XmlErrorKind::LimitExceeded,
            offset,
            what: Cow::Borrowed("limit exceeded"),
            limit: Some((limit, value)),
        }
    }

    /// The document is not what the reader expects ([`XmlErrorKind::Unexpected`]).
    pub fn unexpected(offset: usize, what: impl Into<Cow<'static, str>>) -> XmlError {
        XmlError::new(XmlErrorKind::Unexpected, offset, what)
    }
}

impl fmt::Display for XmlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.limit {
            Some((limit, value)) => write!(
                f,
                "XML: limit {} exceeded: {} at byte {}",
                limit.name(),
                value,
                self.offset
            ),
            None => write!(f, "XML: {} at byte {}", self.what, self.offset),
        }
    }
}

impl std::error::Error for XmlError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn says_what_and_where() {
        let e = XmlError::new(XmlErrorKind::Syntax, 12, "unclosed element <a>");
        assert_eq!(e.to_string(), "XML: unclosed element <a> at byte 12");
        let e = XmlError::limit(Limit::XmlDepth, 33, 400);
        assert_eq!(
            e.to_string(),
            "XML: limit max_xml_depth exceeded: 33 at byte 400"
        );
        assert_eq!(e.kind, XmlErrorKind::LimitExceeded);
        let e = XmlError::unexpected(0, format!("expected <{}>", "routing"));
        assert_eq!(e.kind, XmlErrorKind::Unexpected);
        assert_eq!(e.what, "expected <routing>");
    }
}
