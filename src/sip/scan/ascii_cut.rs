//! Cutting text at places the scanners have seen to be next to ASCII bytes, without the UTF-8
//! boundary checks of `str` indexing: a URI is cut into five or six parts, and those checks
//! were a measurable part of taking one apart.

/// `s[from..to]` without the check that both ends fall on char boundaries (the range itself
/// is still checked: one out of range panics as indexing does).
///
/// # Safety
///
/// `from` and `to` must each be 0, `s.len()`, the place of an ASCII byte of `s`, or the place
/// right after one: an ASCII byte is a whole UTF-8 sequence, so those are char boundaries.
#[inline(always)]
pub(crate) unsafe fn cut(s: &str, from: usize, to: usize) -> &str {
    debug_assert!(s.is_char_boundary(from) && s.is_char_boundary(to));
    let bytes = &s.as_bytes()[from..to];
    // SAFETY: both ends are char boundaries (the caller's promise), so `bytes` is whole UTF-8
    // sequences of a `str`.
    unsafe { std::str::from_utf8_unchecked(bytes) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_like_indexing() {
        let s = "sip:é@a.b;x";
        let ascii = |i: usize| {
            i == 0 || i == s.len() || s.as_bytes()[i] < 0x80 || s.as_bytes()[i - 1] < 0x80
        };
        for from in 0..=s.len() {
            for to in from..=s.len() {
                if ascii(from) && ascii(to) {
                    // SAFETY: both ends are 0, the end, or next to an ASCII byte.
                    assert_eq!(unsafe { cut(s, from, to) }, &s[from..to]);
                }
            }
        }
    }
}
