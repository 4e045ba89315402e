//! Byte-level building blocks of the RFC 3261 grammar (section 25): character classes,
//! linear white space, quoted strings, and splitting comma-separated header values.

use super::find::{find, find2, find3};
use std::borrow::Cow;

pub use super::class::{
    is_hnv_char, is_host_char, is_param_char, is_param_name_stop, is_param_sep, is_password_char,
    is_token_char, is_user_char,
};

#[inline]
pub fn is_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(is_token_char)
}

/// `qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] )` (RFC 3261 25.1), for
/// validation and for the edits that write a Contact's `q`.
pub(crate) fn is_qvalue(v: &str) -> bool {
    let (int, frac) = v.split_once('.').unwrap_or((v, ""));
    frac.len() <= 3
        && match int {
            "0" => frac.bytes().all(|b| b.is_ascii_digit()),
            "1" => frac.bytes().all(|b| b == b'0'),
            _ => false,
        }
}

/// Linear white space inside a header value: SP, HT, and the CR LF of a folded line.
#[inline]
pub fn is_lws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// `s` without leading and trailing linear white space.
#[inline]
pub fn trim_lws(s: &str) -> &str {
    s.trim_matches(|c: char| c.is_ascii() && is_lws(c as u8))
}

/// Offset of the first byte of `s[from..]` that is not LWS (or `s.len()`).
#[inline]
pub fn skip_lws(s: &[u8], mut from: usize) -> usize {
    while from < s.len() && is_lws(s[from]) {
        from += 1;
    }
    from
}

/// Validates `%HH` escapes in `s`: every `%` is followed by two hex digits.
pub fn escapes_valid(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            if i + 2 >= b.len() {
                return false;
            }
            if !(b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()) {
                return false;
            }
            i += 3;
        } else {
            i += 1;
        }
    }
    true
}

/// Length of the quoted-string starting at `s[0] == '"'`, including both quotes, honouring
/// `\` escapes; `None` when the closing quote is missing.
pub fn quoted_len(s: &[u8]) -> Option<usize> {
    debug_assert!(s.first() == Some(&b'"'));
    let mut i = 1;
    while i < s.len() {
        // jump to the next quote or backslash
        i += find2(b'"', b'\\', &s[i..])?;
        match s[i] {
            b'"' => return Some(i + 1),
            _ => i += 2,
        }
    }
    None
}

/// The content of a quoted-string with its quotes removed and `\x` escapes resolved; a value
/// that is not quoted comes back unchanged. Borrowed unless an escape had to be resolved.
pub fn unquote(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    if b.len() < 2 || b[0] != b'"' || b[b.len() - 1] != b'"' {
        return Cow::Borrowed(s);
    }
    let inner = &s[1..s.len() - 1];
    if !inner.contains('\\') {
        return Cow::Borrowed(inner);
    }
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c == '\\' {
            if let Some(n) = chars.next() {
                out.push(n);
            }
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// Writes `s` as a quoted-string, escaping `"` and `\`.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        if c == '"' || c == '\\' {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// Splits a header value at the commas that separate list elements: commas inside
/// quoted-strings (with `\` escapes) and inside `<...>` are not separators. Each element comes
/// back as a `(start, end)` byte range into `value`, trimmed of LWS; empty elements are kept so
/// that validation can see them.
pub fn split_list(value: &str) -> ListSplit<'_> {
    split_list_from(value, 0)
}

/// [`split_list`] of the part of `value` from `pos` (just after a separating comma), with
/// ranges still counted from the start of `value`.
pub fn split_list_from(value: &str, pos: usize) -> ListSplit<'_> {
    let s = value.as_bytes();
    ListSplit {
        s,
        pos,
        done: false,
        // Most values hold no comma at all: one SIMD search settles them.
        single: find(b',', s.get(pos..).unwrap_or(&[])).is_none(),
    }
}

/// Iterator returned by [`split_list`].
pub struct ListSplit<'a> {
    s: &'a [u8],
    pos: usize,
    done: bool,
    single: bool,
}

impl ListSplit<'_> {
    /// The one element of a split of a whole value that holds no comma (what [`Iterator::next`]
    /// would give first and last), found without the walk; `None` for any other split.
    #[inline(always)]
    pub fn only(&self) -> Option<(usize, usize)> {
        (self.single && self.pos == 0 && !self.done).then(|| lws_trimmed(self.s, 0, self.s.len()))
    }

    /// Where the element after the last one given starts (just past its comma), for a split
    /// to be taken up again later with [`split_list_from`]; `None` after the last element.
    #[inline]
    pub fn rest_start(&self) -> Option<usize> {
        (!self.done).then_some(self.pos)
    }
}

impl Iterator for ListSplit<'_> {
    type Item = (usize, usize);

    fn next(&mut self) -> Option<(usize, usize)> {
        if self.done {
            return None;
        }
        let s = self.s;
        let start = self.pos;
        let mut i = start;
        let mut angle = false;
        if self.single {
            i = s.len();
        }
        while i < s.len() {
            // jump to the next byte that matters
            match find3(b',', b'"', if angle { b'>' } else { b'<' }, &s[i..]) {
                Some(k) => i += k,
                None => {
                    i = s.len();
                    break;
                }
            }
            match s[i] {
                b'"' if !angle => {
                    i += quoted_len(&s[i..]).unwrap_or(s.len() - i);
                    continue;
                }
                b'<' => angle = true,
                b'>' => angle = false,
                b',' if !angle => break,
                _ => {}
            }
            i += 1;
        }
        let end = i.min(s.len());
        if end >= s.len() {
            self.done = true;
        } else {
            self.pos = end + 1;
        }
        Some(lws_trimmed(s, start, end))
    }
}

/// The range `a..b` of `s` without the linear white space at either end.
#[inline(always)]
fn lws_trimmed(s: &[u8], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && is_lws(s[a]) {
        a += 1;
    }
    while b > a && is_lws(s[b - 1]) {
        b -= 1;
    }
    (a, b)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_is_the_one_element_of_a_value_without_a_comma() {
        for v in [
            "",
            " ",
            "a",
            " a ",
            "\r\n a\t",
            "<sip:a;b>",
            "\"x\" <y>",
            "a,b",
            "<a,b>",
            "\"a,b\"",
            ",",
        ] {
            let all: Vec<(usize, usize)> = split_list(v).collect();
            let want = (!v.contains(',')).then(|| all[0]);
            assert_eq!(split_list(v).only(), want, "{v:?}");
            if want.is_some() {
                assert_eq!(all.len(), 1, "{v:?}");
            }
            let mut rest = split_list(v);
            rest.next();
            assert_eq!(rest.only(), None, "{v:?}");
            assert_eq!(
                split_list_from(v, 1.min(v.len())).only().is_some(),
                v.is_empty() && !v.contains(','),
                "{v:?}"
            );
        }
    }

    #[test]
    fn qvalues() {
        assert!(is_qvalue("0") && is_qvalue("0.") && is_qvalue("0.999") && is_qvalue("1.00"));
        assert!(!is_qvalue("1.001") && !is_qvalue("2") && !is_qvalue("") && !is_qvalue(".5"));
    }

    fn parts(v: &str) -> Vec<&str> {
        split_list(v).map(|(a, b)| &v[a..b]).collect()
    }

    #[test]
    fn splits_outside_quotes_and_angles() {
        assert_eq!(
            parts(r#""a,b" <sip:x@y;p=1,2>;q=1 , <sip:z>"#),
            vec![r#""a,b" <sip:x@y;p=1,2>;q=1"#, "<sip:z>"]
        );
        assert_eq!(parts(r#""esc\",aped", b"#), vec![r#""esc\",aped""#, "b"]);
        assert_eq!(parts("a,\r\n b"), vec!["a", "b"]);
        assert_eq!(parts("a,,b"), vec!["a", "", "b"]);
        assert_eq!(parts(""), vec![""]);
    }

    #[test]
    fn unterminated_quote_does_not_panic() {
        assert_eq!(parts(r#""abc, d"#), vec![r#""abc, d"#]);
        assert_eq!(parts("\"\\"), vec!["\"\\"]);
    }

    #[test]
    fn quoted_lengths() {
        assert_eq!(quoted_len(b"\"abc\" rest"), Some(5));
        assert_eq!(quoted_len(b"\"a\\\"b\""), Some(6));
        assert_eq!(quoted_len(b"\"a\\\\\"x"), Some(5));
        assert_eq!(quoted_len(b"\"open"), None);
        assert_eq!(quoted_len(b"\"ends in backslash\\"), None);
        assert_eq!(quoted_len(b"\""), None);
    }

    #[test]
    fn unquote_resolves_escapes() {
        assert_eq!(unquote(r#""a\"b""#), "a\"b");
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote(&quote("x\"y\\")), "x\"y\\");
    }

    #[test]
    fn escapes() {
        assert!(escapes_valid("a%20b"));
        assert!(!escapes_valid("a%2"));
        assert!(!escapes_valid("a%zz"));
        assert!(!escapes_valid("%"));
    }

    #[test]
    fn classes() {
        assert!(is_token("INVITE"));
        assert!(is_token("!interesting-Method0123456789_*+`.%indeed'~"));
        assert!(!is_token("a b"));
        assert!(!is_token(""));
    }
}
