//! The decimal reader of validation: `1*DIGIT`, any number of leading zeros (RFC 4475 3.1.1.1
//! writes `0068`), the value within 64 bits. Every number validation reads goes through
//! [`decimal_value`], so that moving to another shared reader is one edit here.

/// The value of `1*DIGIT`; `None` for anything else or a value past `u64::MAX`.
pub(super) fn decimal_value(v: &str) -> Option<u64> {
    if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let significant = v.trim_start_matches('0');
    if significant.is_empty() {
        return Some(0);
    }
    if significant.len() > 20 {
        return None;
    }
    significant.parse::<u64>().ok()
}

/// `1*DIGIT` with a value of at most `max`.
pub(super) fn decimal(v: &str, max: u64) -> bool {
    decimal_value(v).is_some_and(|n| n <= max)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_digits() {
        assert!(decimal("000000000000000000000000000001", 1));
        assert!(decimal("0", 0) && decimal("255", 255) && decimal("0255", 255));
        assert!(!decimal("", 1) && !decimal("+1", 9) && !decimal("10", 9) && !decimal("1 ", 9));
        assert_eq!(decimal_value("18446744073709551615"), Some(u64::MAX));
        assert_eq!(decimal_value("018446744073709551616"), None);
        assert_eq!(decimal_value("000"), Some(0));
        assert_eq!(decimal_value("٣"), None, "only ASCII digits");
    }
}
