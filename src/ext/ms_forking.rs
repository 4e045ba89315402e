//! The `Ms-Forking` header field value (MS-SIPRE 2.2.10).

use super::error::ExtError;
use super::nom_text::parse_all;
use nom::bytes::complete::tag_no_case;
use std::fmt;

/// `Ms-Forking: Active`: a proxy is likely to fork the INVITE (MS-SIPRE 2.2.10). The grammar
/// has one value, so the type carries none.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsForking;

impl MsForking {
    /// The header field name.
    pub const NAME: &'static str = "Ms-Forking";
    /// The only value.
    pub const ACTIVE: &'static str = "Active";

    /// Parses a field value: `Active` (case-insensitive, RFC 5234 2.3; white space around it
    /// allowed).
    pub fn parse(s: &str) -> Result<MsForking, ExtError> {
        parse_all(
            s,
            "Ms-Forking: value is not Active",
            tag_no_case(MsForking::ACTIVE),
        )
        .map(|_| MsForking)
    }

    /// Whether a message with this status code may carry the header field: only 1xx
    /// responses may (MS-SIPRE 2.2.10); requests (`None`) may not.
    pub fn allowed_in(status: Option<u16>) -> bool {
        status.is_some_and(|c| (100..200).contains(&c))
    }
}

impl fmt::Display for MsForking {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MsForking::ACTIVE)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_active() {
        assert_eq!(MsForking::parse("Active"), Ok(MsForking));
        assert_eq!(MsForking::parse(" active\t"), Ok(MsForking));
        assert_eq!(MsForking::parse("Active").unwrap().to_string(), "Active");
    }

    #[test]
    fn refuses_other_values() {
        assert_eq!(MsForking::parse("").unwrap_err().offset, 0);
        assert_eq!(MsForking::parse(" Inactive").unwrap_err().offset, 1);
        assert!(MsForking::parse("Active;x").is_err());
        assert!(MsForking::parse("Active, Active").is_err());
    }

    #[test]
    fn only_in_provisional_responses() {
        assert!(MsForking::allowed_in(Some(180)));
        assert!(MsForking::allowed_in(Some(100)));
        assert!(MsForking::allowed_in(Some(199)));
        assert!(!MsForking::allowed_in(Some(200)));
        assert!(!MsForking::allowed_in(Some(99)));
        assert!(!MsForking::allowed_in(None));
    }
}
