//! The canonical address-of-record that indexes the location service (RFC 3261 10.3 step 5),
//! taken from a To header or a Request-URI.

use crate::ext::Aor;
use crate::sip::Uri;
use crate::sip::uri_eq::canonical_escapes;

/// Why a URI has no address-of-record in a given domain.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AorProblem {
    /// Not a `sip:` / `sips:` URI.
    NotSip,
    /// No user part: a domain alone is not an address-of-record.
    NoUser,
    /// The host is not the domain served.
    OtherDomain,
}

/// The canonical address-of-record of `uri` in `domain`: `sip:user@host` with the URI
/// parameters, password and port removed, the escapes of unreserved characters resolved, and
/// the host (equal to `domain`, case-insensitively) written in lower case. `sips:` becomes
/// `sip:`, so both reach the same bindings.
pub fn canonical_aor(uri: &Uri<'_>, domain: &str) -> Result<Aor, AorProblem> {
    if !uri.is_sip() {
        return Err(AorProblem::NotSip);
    }
    let user = uri
        .user
        .filter(|u| !u.is_empty())
        .ok_or(AorProblem::NoUser)?;
    if !uri.host_str().eq_ignore_ascii_case(domain) {
        return Err(AorProblem::OtherDomain);
    }
    if is_canonical(uri, user, domain) {
        // Written canonically already (the usual To): taken as it is, not built and parsed
        // again.
        return Aor::from_uri(uri).map_err(|_| AorProblem::NoUser);
    }
    built(user, domain)
}

/// Whether `uri` is `sip:` `user` `@` `domain` exactly, with no escape in `user` and no upper
/// case in `domain`: the text [`built`] would give.
fn is_canonical(uri: &Uri<'_>, user: &str, domain: &str) -> bool {
    let raw = uri.raw.as_bytes();
    uri.params.as_str().is_empty()
        && raw.len() == 5 + user.len() + domain.len()
        && raw.starts_with(b"sip:")
        && raw[4..].starts_with(user.as_bytes())
        && raw[4 + user.len()] == b'@'
        && raw.ends_with(domain.as_bytes())
        && !user.contains('%')
        && !domain.bytes().any(|c| c.is_ascii_uppercase())
}

/// The address-of-record `sip:user@domain`, escapes of unreserved characters in `user`
/// resolved and `domain` in lower case.
fn built(user: &str, domain: &str) -> Result<Aor, AorProblem> {
    let user = canonical_escapes(user);
    let mut text = String::with_capacity(5 + user.len() + domain.len());
    text.push_str("sip:");
    text.push_str(&user);
    text.push('@');
    text.extend(domain.chars().map(|c| c.to_ascii_lowercase()));
    // The user part came out of a parsed URI and only escapes of unreserved characters were
    // resolved, so the text is an address-of-record; refuse it otherwise rather than guess.
    Aor::parse(&text).map_err(|_| AorProblem::NoUser)
}

/// Whether `host` (as written in a URI) names `domain`.
pub fn in_domain(uri: &Uri<'_>, domain: &str) -> bool {
    uri.is_sip() && uri.host_str().eq_ignore_ascii_case(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aor(s: &str) -> Result<String, AorProblem> {
        canonical_aor(&Uri::parse(s).unwrap(), "contoso.com").map(|a| a.as_str().to_owned())
    }

    #[test]
    fn removes_what_does_not_name_the_user() {
        assert_eq!(
            aor("sip:alice@contoso.com").unwrap(),
            "sip:alice@contoso.com"
        );
        assert_eq!(
            aor("sips:Alice:pw@CONTOSO.com:5061;user=phone;transport=tls?x=y").unwrap(),
            "sip:Alice@contoso.com"
        );
        assert_eq!(
            aor("sip:%61lice@contoso.com").unwrap(),
            "sip:alice@contoso.com"
        );
        assert_eq!(
            aor("sip:a%2Fb@contoso.com").unwrap(),
            "sip:a%2Fb@contoso.com"
        );
    }

    /// The text taken as written is the one built.
    #[test]
    fn a_canonical_uri_is_taken_as_built() {
        for s in [
            "sip:alice@contoso.com",
            "sip:Alice@contoso.com",
            "sip:alice@CONTOSO.com",
            "sips:alice@contoso.com",
            "sip:%61lice@contoso.com",
            "sip:alice:pw@contoso.com",
            "sip:alice@contoso.com:5060",
            "sip:alice@contoso.com;transport=tls",
            "sip:alice@contoso.com?x=y",
            "sip:a.b-c_d!~*'()&=+$,;?/@contoso.com",
        ] {
            let u = Uri::parse(s).unwrap();
            let user = u.user.unwrap();
            assert_eq!(
                canonical_aor(&u, "contoso.com"),
                built(user, "contoso.com"),
                "{s}"
            );
        }
        let u = Uri::parse("sip:alice@contoso.com").unwrap();
        assert!(is_canonical(&u, "alice", "contoso.com"));
        assert!(!is_canonical(&u, "alice", "Contoso.com"));
        let u = Uri::parse("sip:alice@contoso.com;x").unwrap();
        assert!(!is_canonical(&u, "alice", "contoso.com"));
    }

    #[test]
    fn refuses_uris_without_an_aor_in_the_domain() {
        assert_eq!(aor("sip:contoso.com"), Err(AorProblem::NoUser));
        assert_eq!(aor("sip:alice@fabrikam.com"), Err(AorProblem::OtherDomain));
        assert_eq!(aor("tel:+14255550100"), Err(AorProblem::NotSip));
        assert!(in_domain(
            &Uri::parse("sip:x@Contoso.COM").unwrap(),
            "contoso.com"
        ));
        assert!(!in_domain(&Uri::parse("tel:+1").unwrap(), "contoso.com"));
    }
}
