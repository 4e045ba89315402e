//! Small values with a grammar of their own: Call-ID, the qvalue of a Contact, Retry-After.

use super::decimal::decimal_at_most;
use crate::sip::scan::{is_token_char, trim_lws};

/// `callid = word [ "@" word ]` (RFC 3261 25.1).
pub(super) fn call_id_ok(v: &str) -> bool {
    fn word(w: &str) -> bool {
        !w.is_empty()
            && w.bytes().all(|c| {
                is_token_char(c)
                    || matches!(
                        c,
                        b'(' | b')'
                            | b'<'
                            | b'>'
                            | b':'
                            | b'\\'
                            | b'"'
                            | b'/'
                            | b'['
                            | b']'
                            | b'?'
                            | b'{'
                            | b'}'
                    )
            })
    }
    match v.split_once('@') {
        Some((a, b)) => word(a) && word(b),
        None => word(v),
    }
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )`.
pub(super) fn qvalue_ok(v: &str) -> bool {
    let (int, frac) = match v.split_once('.') {
        Some((i, f)) => (i, f),
        None => (v, ""),
    };
    frac.len() <= 3
        && match int {
            "0" => frac.bytes().all(|b| b.is_ascii_digit()),
            "1" => frac.bytes().all(|b| b == b'0'),
            _ => false,
        }
}

/// `Retry-After = delta-seconds [ comment ] *( SEMI retry-param )` (RFC 3261 20.33): the
/// delta-seconds must fit 32 bits.
pub(super) fn retry_after_ok(v: &str) -> bool {
    let digits = v.bytes().take_while(u8::is_ascii_digit).count();
    let (n, rest) = v.split_at(digits);
    let rest = trim_lws(rest);
    decimal_at_most(n, u64::from(u32::MAX))
        && (rest.is_empty() || rest.starts_with('(') || rest.starts_with(';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn qvalues() {
        assert!(qvalue_ok("0") && qvalue_ok("0.") && qvalue_ok("0.999") && qvalue_ok("1.00"));
        assert!(!qvalue_ok("1.001") && !qvalue_ok("2") && !qvalue_ok("") && !qvalue_ok(".5"));
    }

    #[test]
    fn call_ids_and_retry_after() {
        assert!(call_id_ok("a(b)<c>:\\\"/[?]{}@d") && call_id_ok("x"));
        assert!(!call_id_ok("a b") && !call_id_ok("a@b@c") && !call_id_ok("@b"));
        assert!(retry_after_ok("120 (in a meeting);duration=3600") && retry_after_ok("5"));
        assert!(!retry_after_ok("5 junk") && !retry_after_ok("99999999999"));
    }
}
