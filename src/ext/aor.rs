//! `"sip:" address-of-record`, the base of every GRUU (MS-SIPRE 2.2.2).

use super::error::ExtError;
use crate::sip::{Scheme, Uri};
use std::fmt;

/// A `sip:` URI made of `userinfo host` only (MS-SIPRE 2.2.2 `address-of-record`): a user
/// part is required; port, URI parameters and headers are not part of the grammar.
///
/// Kept as written (`sip:alice@contoso.com`); the user part is case-sensitive (RFC 3261
/// 19.1.4).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Aor {
    text: String,
    /// Offset of the `@` that ends the userinfo.
    at: usize,
}

/// Length of `sip:`.
const SIP_COLON: usize = 4;

impl Aor {
    /// Parses `sip:userinfo@host`, e.g. `sip:alice@contoso.com`.
    pub fn parse(s: &str) -> Result<Aor, ExtError> {
        let uri = Uri::parse(s)?;
        if let Some(first) = uri.params.as_str().find(';') {
            let at = s.len() - uri.params.as_str().len() + first;
            return Err(ExtError::new(
                "address-of-record: URI parameters not allowed",
                at,
            ));
        }
        Aor::from_uri(&uri)
    }

    /// The address-of-record part of a parsed URI: everything before its parameters. Refuses
    /// what 2.2.2 does not allow there (another scheme, no user, a port, headers); the
    /// parameters themselves are left to the caller.
    pub fn from_uri(uri: &Uri<'_>) -> Result<Aor, ExtError> {
        let s = uri.raw;
        if uri.scheme != Scheme::Sip {
            return Err(ExtError::new("address-of-record: not a sip: URI", 0));
        }
        let Some(at) = s.find('@').filter(|_| uri.user.is_some()) else {
            return Err(ExtError::new(
                "address-of-record: missing user@ part",
                SIP_COLON,
            ));
        };
        if let Some(h) = uri.headers {
            let q = s.len() - h.len() - 1;
            return Err(ExtError::new(
                "address-of-record: URI headers not allowed",
                q,
            ));
        }
        let end = s.len() - uri.params.as_str().len();
        if uri.port.is_some() {
            let colon = s[..end].rfind(':').unwrap_or(end);
            return Err(ExtError::new("address-of-record: port not allowed", colon));
        }
        Ok(Aor {
            text: s[..end].to_owned(),
            at,
        })
    }

    /// The whole address-of-record, `sip:user@host`.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The user part (escapes kept, password removed).
    pub fn user(&self) -> &str {
        let userinfo = &self.text[SIP_COLON..self.at];
        userinfo.split(':').next().unwrap_or(userinfo)
    }

    /// The host, as written.
    pub fn host(&self) -> &str {
        &self.text[self.at + 1..]
    }
}

impl fmt::Display for Aor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_user_at_host() {
        let a = Aor::parse("sip:alice@contoso.com").unwrap();
        assert_eq!(a.as_str(), "sip:alice@contoso.com");
        assert_eq!(a.user(), "alice");
        assert_eq!(a.host(), "contoso.com");
        assert_eq!(a.to_string(), "sip:alice@contoso.com");
        let a = Aor::parse("SIP:Alice:pw@[2001:db8::1]").unwrap();
        assert_eq!(a.user(), "Alice");
        assert_eq!(a.host(), "[2001:db8::1]");
        let a = Aor::parse("sip:homeserver.contoso.com@contoso.com").unwrap();
        assert_eq!(a.user(), "homeserver.contoso.com");
        let a = Aor::parse("sip:a;b=c@192.0.2.1").unwrap();
        assert_eq!(a.user(), "a;b=c");
        assert_eq!(a.host(), "192.0.2.1");
    }

    #[test]
    fn refuses_other_uris() {
        let e = |s: &str| Aor::parse(s).unwrap_err();
        assert_eq!(
            e("sips:alice@contoso.com"),
            ExtError::new("address-of-record: not a sip: URI", 0)
        );
        assert_eq!(
            e("tel:+14255550100").what,
            "address-of-record: not a sip: URI"
        );
        assert_eq!(
            e("sip:contoso.com"),
            ExtError::new("address-of-record: missing user@ part", 4)
        );
        assert_eq!(
            e("sip:alice@contoso.com:5061"),
            ExtError::new("address-of-record: port not allowed", 21)
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu"),
            ExtError::new("address-of-record: URI parameters not allowed", 21)
        );
        assert_eq!(
            e("sip:alice@contoso.com?x=y"),
            ExtError::new("address-of-record: URI headers not allowed", 21)
        );
        assert!(Aor::parse("").is_err());
        assert!(Aor::parse("alice@contoso.com").is_err());
        assert!(Aor::parse("<sip:alice@contoso.com>").is_err());
        assert!(Aor::parse("sip:alice@contoso.com ").is_err());
        assert!(Aor::parse("sip:al ice@contoso.com").is_err());
        assert!(Aor::parse("sip:alice@").is_err());
        assert!(Aor::parse("sip:@contoso.com").is_err());
        assert_eq!(e("sip:a?b@contoso.com?x=y?z").offset, 19);
    }
}
