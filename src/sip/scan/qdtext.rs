//! The content of quoted-strings (RFC 3261 25.1 `qdtext / quoted-pair`): the byte table, and
//! the one scan that finds where a quoted-string ends and judges its content in the same pass,
//! for the strict parameter walk and the validation of display names and other quoted texts.

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

/// True when none of the eight bytes of `x` is a control character (below 0x20, or 0x7f), `"`
/// or `\`: then all eight are qdtext and none ends the string or escapes. A byte at 0x80 or
/// above is qdtext (UTF-8) and passes; the LWS control bytes are left to the byte-wise step.
/// Each test is the exact "some byte is below n" / "some byte is zero" word trick.
#[inline(always)]
fn plain_qdtext(x: u64) -> bool {
    const LOW: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let below = |v: u64, n: u8| v.wrapping_sub(LOW * u64::from(n)) & !v & HIGH;
    let zero = |v: u64| below(v, 1);
    (below(x, 0x20) | zero(x ^ (LOW * 0x22)) | zero(x ^ (LOW * 0x5c)) | zero(x ^ (LOW * 0x7f))) == 0
}

/// The quoted-string at `s[0] == '"'`: its length with both quotes, and whether its content is
/// all `qdtext / quoted-pair`; `None` when the closing quote is missing. The end is the one
/// `quoted_len` finds (a `\` takes the byte after it, whatever it is); eight plain bytes are
/// taken a step.
#[inline]
pub(crate) fn quoted_scan(s: &[u8]) -> Option<(usize, bool)> {
    debug_assert!(s.first() == Some(&b'"'));
    let mut ok = true;
    let mut i = 1;
    while let Some(&c) = s.get(i) {
        if let Some(eight) = s.get(i..i + 8)
            && let Ok(eight) = <[u8; 8]>::try_from(eight)
            && plain_qdtext(u64::from_le_bytes(eight))
        {
            i += 8;
            continue;
        }
        match c {
            b'"' => return Some((i + 1, ok)),
            b'\\' => {
                // quoted-pair = "\" (%x00-09 / %x0B-0C / %x0E-7F)
                ok &= s
                    .get(i + 1)
                    .is_some_and(|&n| n <= 0x7f && n != b'\r' && n != b'\n');
                i += 2;
            }
            _ => {
                ok &= QDTEXT[usize::from(c)];
                i += 1;
            }
        }
    }
    None
}

/// A quoted-string (quotes included) whose content is `qdtext` or `quoted-pair`
/// (RFC 3261 25.1): raw control characters must be escaped.
pub(crate) fn quoted_string_ok(q: &[u8]) -> bool {
    q.first() == Some(&b'"') && quoted_scan(q) == Some((q.len(), true))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;
    use crate::sip::scan::{is_lws, quoted_len};

    /// The table is the qdtext of RFC 3261 25.1, byte for byte.
    #[test]
    fn qdtext_table() {
        for c in 0..=255u8 {
            let qdtext = is_lws(c)
                || c == 0x21
                || (0x23..=0x5b).contains(&c)
                || (0x5d..=0x7e).contains(&c)
                || c >= 0x80;
            assert_eq!(QDTEXT[usize::from(c)], qdtext, "{c:#x}");
        }
    }

    /// The word test agrees with the table on every byte at every place of a word, and on
    /// words that mix the bytes near its edges.
    #[test]
    fn plain_qdtext_agrees_with_the_table() {
        let plain = |c: u8| c == b' ' || QDTEXT[usize::from(c)] && !is_lws(c);
        for c in 0..=255u8 {
            for at in 0..8 {
                let mut w = *b"abcdefgh";
                w[at] = c;
                assert_eq!(
                    plain_qdtext(u64::from_le_bytes(w)),
                    plain(c),
                    "{c:#x} at {at}"
                );
            }
        }
        let edges = [
            0x00, 0x01, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x5b, 0x5c, 0x5d, 0x7e, 0x7f, 0x80, 0xff,
        ];
        for &a in &edges {
            for &b in &edges {
                for w in [
                    [a, b, a, b, b, a, b, a],
                    [a, a, a, a, a, a, a, b],
                    [b, a, a, a, a, a, a, a],
                ] {
                    let want = w.iter().all(|&c| plain(c));
                    assert_eq!(plain_qdtext(u64::from_le_bytes(w)), want, "{w:x?}");
                }
            }
        }
    }

    /// The byte-wise rule the scan stands for: `quoted_len`'s end, and every content byte
    /// qdtext or the second half of a valid quoted-pair.
    fn by_bytes(s: &[u8]) -> Option<(usize, bool)> {
        let n = quoted_len(s)?;
        let inner = &s[1..n - 1];
        let mut ok = true;
        let mut i = 0;
        while i < inner.len() {
            if inner[i] == b'\\' {
                ok &= inner
                    .get(i + 1)
                    .is_some_and(|&n| n <= 0x7f && n != b'\r' && n != b'\n');
                i += 2;
            } else {
                ok &= QDTEXT[usize::from(inner[i])];
                i += 1;
            }
        }
        Some((n, ok))
    }

    #[test]
    fn scan_agrees_with_the_length_and_a_byte_wise_check() {
        let bases = [
            "\"INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";x",
            "\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"",
            "\"a\\\"b\\\\c d\" tail\"",
            "\"\"",
            "\"Alice Smith \u{e9}\u{20ac} ok\"",
        ];
        let inserts = [
            "\"", "\\", "\\\"", "\u{1}", "\u{7f}", "\r\n ", "\t", "\u{e9}", "",
        ];
        for t in near(&bases, &inserts) {
            let b = t.as_bytes();
            if b.first() != Some(&b'"') {
                continue;
            }
            assert_eq!(quoted_scan(b), by_bytes(b), "{t:?}");
            let whole = by_bytes(b).is_some_and(|(n, ok)| ok && n == b.len());
            assert_eq!(quoted_string_ok(b), whole, "{t:?}");
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
                && !quoted_string_ok(b"")
                && !quoted_string_ok(b"\"a\"b\"")
        );
        let long = b"\"INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\"";
        assert!(quoted_string_ok(long));
        for (at, c) in [(9, 0x01u8), (17, b'"'), (30, 0x7f), (long.len() - 2, b'\\')] {
            let mut bad = long.to_vec();
            bad[at] = c;
            assert!(!quoted_string_ok(&bad), "{c:#x} at {at}");
        }
    }
}
