//! The `Ms-Correlation-Id` header field value (MS-SIPRE 2.2.11).

use super::error::ExtError;
use super::nom_text::parse_all;
use super::uuid_text::UuidText;
use nom::Parser;
use nom::bytes::complete::{tag, take_while_m_n};
use nom::combinator::recognize;
use std::fmt;

/// `n` hex digits.
fn hex<'a>(n: usize) -> impl Parser<&'a str, Output = &'a str, Error = nom::error::Error<&'a str>> {
    take_while_m_n(n, n, |c: char| c.is_ascii_hexdigit())
}

/// A UUID that ties several dialogs together for diagnostics (MS-SIPRE 2.2.11, 3.12). Kept
/// as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct MsCorrelationId(UuidText);

impl MsCorrelationId {
    /// The header field name.
    pub const NAME: &'static str = "Ms-Correlation-Id";

    /// Parses a field value: an RFC 4122 UUID (white space around it allowed).
    pub fn parse(s: &str) -> Result<MsCorrelationId, ExtError> {
        const WHAT: &str = "Ms-Correlation-Id: not a UUID";
        let uuid = recognize((
            hex(8),
            tag("-"),
            hex(4),
            tag("-"),
            hex(4),
            tag("-"),
            hex(4),
            tag("-"),
            hex(12),
        ));
        let text = parse_all(s, WHAT, uuid)?;
        UuidText::parse(text)
            .map(MsCorrelationId)
            .map_err(|e| ExtError::new(WHAT, e.offset))
    }

    /// A correlation id for a UUID the caller made (lower-case hex).
    pub fn from_uuid(u: uuid::Uuid) -> MsCorrelationId {
        MsCorrelationId(UuidText::from_uuid(u))
    }

    pub fn uuid(&self) -> &UuidText {
        &self.0
    }
}

impl fmt::Display for MsCorrelationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        // The corpus INVITE of invite-multipart-3level.sip.
        let v = "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0";
        let c = MsCorrelationId::parse(v).unwrap();
        assert_eq!(c.to_string(), v);
        assert_eq!(MsCorrelationId::parse(&format!(" {v} ")).unwrap(), c);
        assert_eq!(MsCorrelationId::from_uuid(c.uuid().uuid()), c);
    }

    #[test]
    fn refuses_other_values() {
        let e = |s: &str| MsCorrelationId::parse(s).unwrap_err();
        assert_eq!(e(""), ExtError::new("Ms-Correlation-Id: not a UUID", 0));
        assert_eq!(e(" 0b1a6ea42c3e4c799a3b5e1a31b6c2d0").offset, 9);
        assert!(MsCorrelationId::parse("{0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0}").is_err());
        assert!(MsCorrelationId::parse("urn:uuid:0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0").is_err());
        assert!(MsCorrelationId::parse("AcoXbY2iEW1ezCqJSTi3tv4IfS5j1Q==").is_err());
    }
}
