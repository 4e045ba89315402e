//! Parameter values judged strictly. The SIP layer's one checking walk over header parameters
//! (`scan::param_walk`) splits `*( SEMI generic-param )` and takes any run of value
//! characters; RFC 3261 25.1 narrows a `gen-value` to a token, a host or a quoted-string whose
//! content is `qdtext` / `quoted-pair`.

use crate::sip::scan::is_token;
use crate::sip::scan::param_walk::walk_generic_params;
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
        ok = ok && value.is_none_or(|v| gen_value_ok(v, bare_ipv6)) && f(name, value);
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

/// A quoted-string (quotes included) whose content is `qdtext` or `quoted-pair`
/// (RFC 3261 25.1): raw control characters must be escaped.
pub(super) fn quoted_string_ok(q: &[u8]) -> bool {
    let inner = match q {
        [b'"', inner @ .., b'"'] => inner,
        _ => return false,
    };
    let mut i = 0;
    while let Some(&c) = inner.get(i) {
        if QDTEXT[usize::from(c)] {
            i += 1;
        } else if c == b'\\' {
            match inner.get(i + 1) {
                Some(&n) if n <= 0x7f && n != b'\r' && n != b'\n' => i += 2,
                _ => return false,
            }
        } else {
            return false;
        }
    }
    true
}

/// The bytes that stand for themselves in a quoted-string: LWS, `%x21 / %x23-5B / %x5D-7E`
/// and UTF-8 (RFC 3261 25.1 qdtext), one lookup per byte.
static QDTEXT: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        t[c] = matches!(b, b' ' | b'\t' | b'\r' | b'\n' | 0x21 | 0x23..=0x5b | 0x5d..=0x7e | 0x80..=0xff);
        c += 1;
    }
    t
};

#[cfg(test)]
mod tests {
    use super::*;

    /// The table is the qdtext of RFC 3261 25.1, byte for byte.
    #[test]
    fn qdtext_table() {
        for c in 0..=255u8 {
            let qdtext = crate::sip::scan::is_lws(c)
                || c == 0x21
                || (0x23..=0x5b).contains(&c)
                || (0x5d..=0x7e).contains(&c)
                || c >= 0x80;
            assert_eq!(QDTEXT[usize::from(c)], qdtext, "{c:#x}");
        }
    }

    #[test]
    fn quoted_strings() {
        assert!(quoted_string_ok(b"\"a\\\"\\\x00 \xc3\xa9\""));
        assert!(quoted_string_ok(b"\"ISDN 0 / 0 / 1:15 0 : DS0\""));
        assert!(
            !quoted_string_ok(b"\"\x7f\"")
                && !quoted_string_ok(b"\"a\\\"")
                && !quoted_string_ok(b"\"")
        );
    }

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
