//! Numbers as validation reads them: `1*DIGIT`, any number of leading zeros (RFC 4475 3.1.1.1
//! writes `0068`), the value within 64 bits, through the SIP layer's one decimal reader.

use crate::sip::scan::decimal::decimal;

/// The value of `1*DIGIT`; `None` for anything else or a value past `u64::MAX`.
pub(super) fn decimal_value(v: &str) -> Option<u64> {
    decimal(v.as_bytes()).ok()
}

/// `1*DIGIT` with a value of at most `max`.
pub(super) fn decimal_at_most(v: &str, max: u64) -> bool {
    decimal_value(v).is_some_and(|n| n <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_digits() {
        assert!(decimal_at_most("000000000000000000000000000001", 1));
        assert!(decimal_at_most("0", 0) && decimal_at_most("255", 255));
        assert!(decimal_at_most("0255", 255));
        assert!(!decimal_at_most("", 1) && !decimal_at_most("+1", 9));
        assert!(!decimal_at_most("10", 9) && !decimal_at_most("1 ", 9));
        assert_eq!(decimal_value("18446744073709551615"), Some(u64::MAX));
        assert_eq!(decimal_value("018446744073709551616"), None);
        assert_eq!(decimal_value("000"), Some(0));
        assert_eq!(decimal_value("٣"), None, "only ASCII digits");
    }
}
