//! Parameter values judged strictly. The SIP layer's one checking walk over header parameters
//! (`scan::param_walk`) splits `*( SEMI generic-param )` and takes any run of value
//! characters; RFC 3261 25.1 narrows a `gen-value` to a token, a host or a quoted-string whose
//! content is `qdtext` / `quoted-pair`.

use crate::sip::scan::is_token;
use crate::sip::scan::param_walk::walk_generic_params;
pub(super) use crate::sip::scan::qdtext::quoted_string_ok;
use std::net::Ipv6Addr;

/// True when `raw` is a run of generic-params each with no value or a [`gen_value_ok`] one,
/// and `f` accepts every name and value.
pub(super) fn params_ok<'r>(
    raw: &'r str,
    bare_ipv6: bool,
    mut f: impl FnMut(&'r str, Option<&'r str>) -> bool,
) -> bool {
    let mut ok = true;
    let walked = walk_generic_params(raw.as_bytes(), 0, false, |p| {
        let name = raw.get(p.name).unwrap_or("");
        let value = p.value.map(|v| raw.get(v).unwrap_or(""));
        ok = ok && (p.plain || value.is_none_or(|v| gen_value_ok(v, bare_ipv6))) && f(name, value);
    });
    walked.is_ok() && ok
}

/// `gen-value = token / host / quoted-string`, as far as a parameter value can tell: a token
/// (host names are tokens), an IPv6 reference in brackets, or a valid quoted-string;
/// `bare_ipv6` also admits an unbracketed IPv6 address (Via received, RFC 3261 25.1 and
/// RFC 5118 4.6).
pub(super) fn gen_value_ok(v: &str, bare_ipv6: bool) -> bool {
    if v.starts_with('"') {
        return quoted_string_ok(v.as_bytes());
    }
    if let Some(inner) = v.strip_prefix('[') {
        return inner
            .strip_suffix(']')
            .is_some_and(|a| a.parse::<Ipv6Addr>().is_ok());
    }
    is_token(v) || (bare_ipv6 && v.parse::<Ipv6Addr>().is_ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_values() {
        for ok in [
            "z9hG4bK1",
            "host.example.com",
            "[2001:db8::1]",
            "\"a:b;c\"",
            "\"\"",
        ] {
            assert!(gen_value_ok(ok, false), "{ok}");
        }
        for bad in [
            "a:b",
            "2001:db8::1",
            "[2001:db8::1",
            "[x]",
            "\"a\u{1}\"",
            "a\"b\"",
            "",
        ] {
            assert!(!gen_value_ok(bad, false), "{bad}");
        }
        assert!(gen_value_ok("2001:db8::1", true));
        assert!(!gen_value_ok("a:b", true));
    }
}
