//! Header values folded over several lines (RFC 3261 7.3.1): a fold is a line break followed
//! by white space, and reads as that white space alone.

use std::borrow::Cow;

/// Whether `value` (a header value as the message holds it) goes over more than one line.
pub(crate) fn is_folded(value: &str) -> bool {
    memchr::memchr2(b'\r', b'\n', value.as_bytes()).is_some()
}

/// `value` without its line breaks: the white space that starts each continuation line is
/// kept, so the value reads the same and every other byte stays as written. Borrowed when the
/// value is on one line.
pub(crate) fn unfold(value: &str) -> Cow<'_, str> {
    if is_folded(value) {
        Cow::Owned(value.replace(['\r', '\n'], ""))
    } else {
        Cow::Borrowed(value)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_line_breaks_only() {
        assert!(matches!(unfold("a b"), Cow::Borrowed("a b")));
        assert!(!is_folded("a b"));
        assert!(is_folded("a\r\n b"));
        assert_eq!(
            unfold("SIP  /   2.0\r\n /UDP\r\n    192.0.2.2"),
            "SIP  /   2.0 /UDP    192.0.2.2"
        );
        assert_eq!(unfold("a\n\tb"), "a\tb");
    }
}
