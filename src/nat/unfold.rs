//! Header values folded over several lines (RFC 3261 7.3.1): a fold is a line break followed
//! by white space, and reads as that white space alone.

use std::borrow::Cow;

/// Whether `value` (a header value as the message holds it) goes over more than one line.
pub(crate) fn is_folded(value: &str) -> bool {
    memchr::memchr2(b'\r', b'\n', value.as_bytes()).is_some()
}

/// `value` without its folds: a run of line-break bytes followed by white space is dropped and
/// the white space kept, so the value reads the same and every other byte stays as written. A
/// line-break byte that starts no fold (a bare CR inside a value, say) is kept, so that the
/// value is read, and refused, as the message holds it. Borrowed when nothing is dropped.
pub(crate) fn unfold(value: &str) -> Cow<'_, str> {
    if !is_folded(value) {
        return Cow::Borrowed(value);
    }
    let bytes = value.as_bytes();
    let mut out = String::with_capacity(value.len());
    let mut i = 0;
    while i < bytes.len() {
        let run = bytes[i..]
            .iter()
            .take_while(|b| matches!(b, b'\r' | b'\n'))
            .count();
        if run == 0 {
            let next = memchr::memchr2(b'\r', b'\n', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            out.push_str(&value[i..next]);
            i = next;
        } else {
            let folds = matches!(bytes.get(i + run), Some(b' ' | b'\t'));
            if !folds {
                out.push_str(&value[i..i + run]);
            }
            i += run;
        }
    }
    Cow::Owned(out)
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
        // A line-break byte that starts no fold stays, so the value is refused as written.
        assert_eq!(unfold("ms-\rpaque=1;a\r\n b"), "ms-\rpaque=1;a b");
        assert_eq!(unfold("a\r"), "a\r");
    }
}
