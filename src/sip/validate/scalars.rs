//! Small values with a grammar of their own: Call-ID, Retry-After.

use super::decimal::decimal_at_most;
use crate::sip::scan::class::{WORD, is};
use crate::sip::scan::decimal::leading_digits;
use crate::sip::scan::trim_lws;

/// `callid = word [ "@" word ]` (RFC 3261 25.1).
pub(super) fn call_id_ok(v: &str) -> bool {
    let word = |w: &str| !w.is_empty() && w.bytes().all(|c| is(c, WORD));
    match v.split_once('@') {
        Some((a, b)) => word(a) && word(b),
        None => word(v),
    }
}

/// `Retry-After = delta-seconds [ comment ] *( SEMI retry-param )` (RFC 3261 20.33): the
/// delta-seconds must fit 32 bits.
pub(super) fn retry_after_ok(v: &str) -> bool {
    let digits = leading_digits(v.as_bytes()).0;
    let (n, rest) = v.split_at(digits);
    let rest = trim_lws(rest);
    decimal_at_most(n, u64::from(u32::MAX))
        && (rest.is_empty() || rest.starts_with('(') || rest.starts_with(';'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn call_ids_and_retry_after() {
        assert!(call_id_ok("a(b)<c>:\\\"/[?]{}@d") && call_id_ok("x"));
        assert!(!call_id_ok("a b") && !call_id_ok("a@b@c") && !call_id_ok("@b"));
        assert!(retry_after_ok("120 (in a meeting);duration=3600") && retry_after_ok("5"));
        assert!(!retry_after_ok("5 junk") && !retry_after_ok("99999999999"));
    }
}
