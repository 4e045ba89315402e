//! Cutting text at places the scanners have seen to be next to ASCII bytes, without the UTF-8
//! boundary checks of `str` indexing. Used only where a measurement shows it pays: the usual
//! URI path (`uri.rs`, five cuts: body, user, raw, parameters, opaque) and the host scan
//! (`host_scan.rs`, the host of every URI and Via). Everywhere else the views use `str`
//! indexing.
//!
//! Measured with callgrind over the 16 messages of the C benchmark (`bench/callgrind.sh`,
//! instructions per call summed): with all sixteen former cuts checked, 'values' form +1.13%
//! and 'core' form +1.58% (about 200 instructions on most messages); with only these seven
//! kept unchecked, -0.01% / -0.01% against all sixteen unchecked (the nine in Via, name-addr,
//! list items, header parameters and CSeq buy nothing measurable); with only the URI's five
//! unchecked +0.84% / +1.17%, with only the host scan's two +0.64% / +0.90%.

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
