//! Media types and ranges: the grammar of Content-Type and Accept (RFC 3261 20.1, 20.15, 25.1)
//! and how a type matches a range (for 415 and 406).

use super::param_values::params_ok;
use crate::sip::scan::{is_token_char, skip_lws, trim_lws};

/// `m-type SLASH m-subtype *( SEMI m-parameter )`. With `values_required` every parameter
/// needs a value (Content-Type); Accept ranges allow bare accept-params. `*` is a token
/// character, so wildcards pass.
pub(super) fn media_type_ok(v: &str, values_required: bool) -> bool {
    let b = v.as_bytes();
    let token_end = |mut i: usize| {
        while b.get(i).is_some_and(|&c| is_token_char(c)) {
            i += 1;
        }
        i
    };
    let t1 = token_end(0);
    if t1 == 0 {
        return false;
    }
    let slash = skip_lws(b, t1);
    if b.get(slash) != Some(&b'/') {
        return false;
    }
    let s0 = skip_lws(b, slash + 1);
    let s1 = token_end(s0);
    if s1 == s0 {
        return false;
    }
    params_ok(v.get(s1..).unwrap_or(""), false, |_, value| {
        !values_required || value.is_some()
    })
}

/// `type/subtype` of a media type or range, without parameters and white space.
fn media_essence(v: &str) -> (&str, &str) {
    let essence = v.split(';').next().unwrap_or("");
    let (t, s) = essence.split_once('/').unwrap_or((essence, ""));
    (trim_lws(t), trim_lws(s))
}

/// True when two media types or ranges overlap: equal `type/subtype` (case-insensitive), a
/// `*` on either side matching anything.
pub(super) fn media_matches(a: &str, b: &str) -> bool {
    let part = |x: &str, y: &str| x == "*" || y == "*" || x.eq_ignore_ascii_case(y);
    let (at, asub) = media_essence(a);
    let (bt, bsub) = media_essence(b);
    part(at, bt) && part(asub, bsub)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_and_ranges() {
        assert!(media_type_ok("application/sdp", true));
        assert!(media_type_ok("text/plain ; charset=\"utf-8\"", true));
        assert!(media_type_ok("*/*;q=0.5", false) && !media_type_ok("text/plain;charset", true));
        assert!(!media_type_ok("application", true) && !media_type_ok("a/b;c=[x]", false));
        assert!(!media_type_ok("a/b x", false) && !media_type_ok("a/b;c=\"\u{1}\"", false));
    }

    #[test]
    fn matching() {
        assert!(media_matches("*/*", "text/plain") && media_matches("TEXT/*", "text/plain;a=b"));
        assert!(media_matches("text/plain", "text/*") && media_matches("text/html", "*/*"));
        assert!(!media_matches("text/html", "text/plain") && !media_matches("text/*", "image/*"));
    }
}
