//! The `ms-user-logon-data` header field value (MS-SIPRE 2.2.15, 3.11.1).

use super::error::ExtError;
use super::nom_text::parse_all;
use nom::bytes::complete::tag_no_case;
use std::fmt;

/// `ms-user-logon-data: RemoteUser`: the server tells a client that it connects from outside
/// the enterprise network (MS-SIPRE 3.11.5.1). The grammar has one value, so the type carries
/// none. A client never sends it (2.2.15).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct MsUserLogonData;

impl MsUserLogonData {
    /// The header field name.
    pub const NAME: &'static str = "ms-user-logon-data";
    /// The only value (MS-SIPRE 3.11.1: if present, it MUST be this).
    pub const REMOTE_USER: &'static str = "RemoteUser";

    /// Parses a field value: `RemoteUser` (any case, RFC 5234 2.3; white space around it
    /// allowed).
    pub fn parse(s: &str) -> Result<MsUserLogonData, ExtError> {
        parse_all(
            s,
            "ms-user-logon-data: value is not RemoteUser",
            tag_no_case(MsUserLogonData::REMOTE_USER),
        )
        .map(|_| MsUserLogonData)
    }
}

impl fmt::Display for MsUserLogonData {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(MsUserLogonData::REMOTE_USER)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_remote_user() {
        // MS-SIPRE 4.10.
        assert_eq!(MsUserLogonData::parse("RemoteUser"), Ok(MsUserLogonData));
        assert_eq!(MsUserLogonData::parse(" remoteuser\t"), Ok(MsUserLogonData));
        assert_eq!(MsUserLogonData.to_string(), "RemoteUser");
    }

    #[test]
    fn refuses_other_values() {
        assert_eq!(MsUserLogonData::parse("").unwrap_err().offset, 0);
        assert_eq!(MsUserLogonData::parse("  LocalUser").unwrap_err().offset, 2);
        assert_eq!(
            MsUserLogonData::parse("RemoteUser;x").unwrap_err().offset,
            10
        );
        assert!(MsUserLogonData::parse("RemoteUsers").is_err());
        assert!(MsUserLogonData::parse("RemoteUser, RemoteUser").is_err());
        assert!(MsUserLogonData::parse("\"RemoteUser\"").is_err());
    }
}
