//! What an edit may write, and where: the RFC 3261 25.1 grammar of each place a header, a
//! header parameter or a URI parameter goes. A proxy copies values from one message into
//! another, so an argument that would read back as more than what was asked for (a second
//! parameter, URI headers, another header line) is refused with
//! [`ErrorKind::InvalidArgument`] before anything is written.

use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::parse_decimal;
use crate::sip::scan::class::{PARAMCHAR, is};
use crate::sip::scan::{escapes_valid, is_qvalue, is_token};
use crate::sip::uri::{Host, Scheme};
use std::net::Ipv6Addr;

pub(super) fn invalid(what: &'static str) -> SipError {
    SipError::new(ErrorKind::InvalidArgument, 0, what)
}

/// A header name: a token (RFC 3261 25.1 header-name).
pub(super) fn check_header_name(n: &str) -> Result<()> {
    if !is_token(n) {
        return Err(invalid("header name is not a token"));
    }
    Ok(())
}

/// A header value: anything that keeps the header on its line (no CR, LF or NUL).
pub(super) fn check_header_value(v: &str) -> Result<()> {
    if v.bytes().any(|c| c == b'\r' || c == b'\n' || c == 0) {
        return Err(invalid("value contains CR, LF or NUL"));
    }
    Ok(())
}

/// A header parameter `name[=value]` for a value of a header of `kind`: a token name and a
/// `gen-value` (token / host / quoted-string), or the narrower grammar RFC 3261 25.1 (and
/// RFC 3581 for `rport`) gives that parameter in that header.
pub(super) fn check_header_param(kind: HeaderKind, name: &str, value: Option<&str>) -> Result<()> {
    if !is_token(name) {
        return Err(invalid("parameter name is not a token"));
    }
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    let ok = match (kind, value) {
        (HeaderKind::Via, v) if is("received") => v.is_some_and(is_address),
        (HeaderKind::Via, v) if is("maddr") => v.is_some_and(is_host),
        (HeaderKind::Via, v) if is("ttl") => v.is_some_and(is_ttl),
        (HeaderKind::Via, v) if is("branch") => v.is_some_and(is_token),
        (HeaderKind::Via, v) if is("rport") => v.is_none_or(is_port),
        (HeaderKind::From | HeaderKind::To, v) if is("tag") => v.is_some_and(is_token),
        (HeaderKind::Contact, v) if is("expires") => v.is_some_and(is_delta_seconds),
        (HeaderKind::Contact, v) if is("q") => v.is_some_and(is_qvalue),
        (_, v) => v.is_none_or(is_gen_value),
    };
    if !ok {
        return Err(invalid(
            "parameter value does not follow the grammar of this parameter \
             (token, host or quoted-string; RFC 3261 25.1)",
        ));
    }
    Ok(())
}

/// A URI parameter `name[=value]` for a URI of `scheme`: `1*paramchar` name and value
/// (RFC 3261 25.1 other-param; RFC 3966 gives tel: names as `1*(alphanum / "-")`), or the
/// narrower grammar of the SIP URI parameters RFC 3261 19.1.1 defines.
pub(super) fn check_uri_param(scheme: Scheme<'_>, name: &str, value: Option<&str>) -> Result<()> {
    let name_ok = match scheme {
        Scheme::Tel => {
            !name.is_empty() && name.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'-')
        }
        _ => is_paramchars(name),
    };
    if !name_ok {
        return Err(invalid("URI parameter name is not 1*paramchar"));
    }
    let sip = matches!(scheme, Scheme::Sip | Scheme::Sips);
    let is = |n: &str| sip && name.eq_ignore_ascii_case(n);
    let ok = match value {
        _ if is("ttl") => value.is_some_and(is_ttl),
        _ if is("maddr") => value.is_some_and(|v| is_paramchars(v) && is_host(v)),
        _ if is("transport") || is("user") || is("method") => {
            value.is_some_and(|v| is_paramchars(v) && is_token(v))
        }
        None => true,
        Some(v) => is_paramchars(v),
    };
    if !ok {
        return Err(invalid(
            "URI parameter value does not follow the grammar of this parameter \
             (1*paramchar; RFC 3261 19.1.1, 25.1)",
        ));
    }
    Ok(())
}

/// `1*( param-unreserved / unreserved / escaped )`.
fn is_paramchars(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| c == b'%' || is(c, PARAMCHAR)) && escapes_valid(s)
}

/// `gen-value = token / host / quoted-string`: a host that is not a token is an IPv6
/// reference.
fn is_gen_value(v: &str) -> bool {
    is_token(v) || (v.starts_with('[') && is_host(v)) || is_quoted_string(v)
}

fn is_host(v: &str) -> bool {
    Host::parse(v).is_ok()
}

/// `via-received`: an IPv4 or IPv6 address (RFC 3261 25.1), the IPv6 one also as a bracketed
/// reference (RFC 5118 4.5).
fn is_address(v: &str) -> bool {
    v.parse::<Ipv6Addr>().is_ok() || matches!(Host::parse(v), Ok(Host::Ipv4(_) | Host::Ipv6(_)))
}

/// `ttl = 1*3DIGIT` (0-255).
fn is_ttl(v: &str) -> bool {
    v.len() <= 3 && parse_decimal(v, "").is_ok_and(|n| n <= 255)
}

/// A port (RFC 3581 `rport` value): digits, at most 65535.
fn is_port(v: &str) -> bool {
    v.len() <= 5 && parse_decimal(v, "").is_ok_and(|n| n <= 65535)
}

/// `delta-seconds = 1*DIGIT`, kept to what a 32-bit count holds.
fn is_delta_seconds(v: &str) -> bool {
    parse_decimal(v, "").is_ok_and(|n| n <= u64::from(u32::MAX))
}

/// `quoted-string = DQUOTE *(qdtext / quoted-pair) DQUOTE`, all of `v`: qdtext is LWS and
/// visible characters but `"` and `\`; a quoted-pair escapes any byte but CR and LF.
fn is_quoted_string(v: &str) -> bool {
    let b = v.as_bytes();
    if b.len() < 2 || b[0] != b'"' || b[b.len() - 1] != b'"' {
        return false;
    }
    let mut i = 1;
    while i < b.len() - 1 {
        match b[i] {
            b'\\' => {
                if i + 1 >= b.len() - 1 || matches!(b[i + 1], b'\r' | b'\n') {
                    return false;
                }
                i += 2;
            }
            b'"' | 0x7f => return false,
            c if c < 0x20 && c != b'\t' => return false,
            _ => i += 1,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_params_by_place() {
        let ok = |k, n, v| check_header_param(k, n, v).is_ok();
        assert!(ok(HeaderKind::Via, "received", Some("192.0.2.1")));
        assert!(ok(HeaderKind::Via, "received", Some("2001:db8::1")));
        assert!(ok(HeaderKind::Via, "received", Some("[2001:db8::1]")));
        assert!(!ok(HeaderKind::Via, "received", Some("1.2.3.4;maddr=x")));
        assert!(!ok(HeaderKind::Via, "received", Some("host.example")));
        assert!(!ok(HeaderKind::Via, "received", None));
        assert!(ok(HeaderKind::Via, "rport", None));
        assert!(ok(HeaderKind::Via, "rport", Some("5060")));
        assert!(!ok(HeaderKind::Via, "rport", Some("65536")));
        assert!(ok(HeaderKind::Via, "ttl", Some("255")));
        assert!(!ok(HeaderKind::Via, "ttl", Some("256")));
        assert!(ok(HeaderKind::Via, "maddr", Some("224.2.0.1")));
        assert!(!ok(HeaderKind::Via, "maddr", Some("a b")));
        assert!(ok(HeaderKind::From, "tag", Some("a.b-c")));
        assert!(!ok(HeaderKind::From, "tag", Some("a;b=c")));
        assert!(!ok(HeaderKind::To, "tag", None));
        assert!(ok(HeaderKind::Contact, "expires", Some("3600")));
        assert!(!ok(HeaderKind::Contact, "expires", Some("4294967296")));
        assert!(ok(HeaderKind::Contact, "q", Some("0.5")));
        assert!(!ok(HeaderKind::Contact, "q", Some("1.5")));
        assert!(ok(
            HeaderKind::Contact,
            "+sip.instance",
            Some("\"<urn:uuid:1>\"")
        ));
        assert!(ok(HeaderKind::Other, "x", Some("\"a;b\\\"c\"")));
        assert!(!ok(HeaderKind::Other, "x", Some("\"a\"b\"")));
        assert!(!ok(HeaderKind::Other, "x", Some("\"a\\\"")));
        assert!(!ok(HeaderKind::Other, "x", Some("a b")));
        assert!(!ok(HeaderKind::Other, "x", Some("a,b")));
        assert!(!ok(HeaderKind::Other, "x", Some("")));
        assert!(!ok(HeaderKind::Other, "a=b", None));
        assert!(!ok(HeaderKind::Other, "", None));
    }

    #[test]
    fn uri_params_by_scheme() {
        let ok = |s, n, v| check_uri_param(s, n, v).is_ok();
        assert!(ok(Scheme::Sip, "x", Some("a%3Bb")));
        assert!(ok(Scheme::Sip, "lr", None));
        assert!(ok(Scheme::Sip, "maddr", Some("[2001:db8::1]")));
        assert!(!ok(Scheme::Sip, "maddr", Some("a_b")));
        assert!(!ok(Scheme::Sip, "ttl", Some("300")));
        assert!(!ok(Scheme::Sip, "transport", Some("a/b")));
        for bad in ["a;lr", "a@b", "a?h=1", "a=b", "a b", "%4", ""] {
            assert!(!ok(Scheme::Sip, "x", Some(bad)), "{bad}");
        }
        assert!(!ok(Scheme::Sip, "a=b", None));
        assert!(ok(Scheme::Tel, "phone-context", Some("example.com")));
        assert!(!ok(Scheme::Tel, "a_b", None));
        assert!(ok(Scheme::Other("urn"), "x", Some("1")));
    }
}
