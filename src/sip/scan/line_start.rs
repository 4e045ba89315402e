//! The name of a header line from one 16-byte read: where its ':' is, and the name's bytes with
//! the ':' as two words, zero past the ':', ready for [`HeaderKind::from_short_name`]. Most
//! header names (all the frequent ones) are shorter than 16 bytes, so most lines need no byte
//! loop to find the colon. SSE2 on x86_64 (part of every CPU of the target); word arithmetic
//! elsewhere, and on every target with the `plain-scan` feature.

use crate::sip::header_name::{HeaderKind, SHORT_NAME_MAX};

/// For a line starting at `at` whose first ':' is among its first 16 bytes, after a name of 1
/// to [`SHORT_NAME_MAX`] bytes: the name's length and [`HeaderKind::from_name_bytes`] of it.
/// The ':' may lie past the end of the line; the caller checks.
#[inline(always)]
pub(crate) fn short_name(b: &[u8], at: usize) -> Option<(usize, HeaderKind)> {
    let chunk: &[u8; 16] = b.get(at..)?.first_chunk()?;
    let (len, lo, hi) = name_words(chunk)?;
    Some((len, HeaderKind::from_short_name(lo, hi)))
}

/// Bytes `0..len` kept, the rest zero, for each `len` up to 16.
#[cfg(all(target_arch = "x86_64", not(feature = "plain-scan")))]
const KEEP: [[u8; 16]; 17] = {
    let mut t = [[0u8; 16]; 17];
    let mut len = 0;
    while len <= 16 {
        let mut i = 0;
        while i < len {
            t[len][i] = 0xff;
            i += 1;
        }
        len += 1;
    }
    t
};

/// The offset of the first ':' in `chunk` when it is 1 to [`SHORT_NAME_MAX`], with the bytes
/// up to and with it as two little-endian words, zero past the ':'.
#[cfg(all(target_arch = "x86_64", not(feature = "plain-scan")))]
#[inline(always)]
fn name_words(chunk: &[u8; 16]) -> Option<(usize, u64, u64)> {
    use std::arch::x86_64::{
        __m128i, _mm_and_si128, _mm_cmpeq_epi8, _mm_cvtsi128_si64, _mm_loadu_si128,
        _mm_movemask_epi8, _mm_set1_epi8, _mm_unpackhi_epi64,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline; the unaligned loads read the 16 bytes of
    // `chunk` and of one row of `KEEP` (`len + 1` is at most 16 there).
    unsafe {
        let v = _mm_loadu_si128(chunk.as_ptr().cast::<__m128i>());
        let colons = _mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(b':' as i8))) as u32;
        let len = colons.trailing_zeros() as usize;
        if len == 0 || len > SHORT_NAME_MAX {
            return None;
        }
        let keep = _mm_loadu_si128(KEEP.get(len + 1)?.as_ptr().cast::<__m128i>());
        let name = _mm_and_si128(v, keep);
        let lo = _mm_cvtsi128_si64(name) as u64;
        let hi = _mm_cvtsi128_si64(_mm_unpackhi_epi64(name, name)) as u64;
        Some((len, lo, hi))
    }
}

#[cfg(any(not(target_arch = "x86_64"), feature = "plain-scan"))]
#[inline(always)]
fn name_words(chunk: &[u8; 16]) -> Option<(usize, u64, u64)> {
    name_words_plain(chunk)
}

/// [`name_words`] with word arithmetic: the path of other targets, and the reference in tests.
#[cfg_attr(
    all(target_arch = "x86_64", not(feature = "plain-scan")),
    allow(dead_code)
)]
#[inline(always)]
fn name_words_plain(chunk: &[u8; 16]) -> Option<(usize, u64, u64)> {
    const ONES: u128 = u128::MAX / 255;
    const LOW7: u128 = ONES * 0x7f;
    let v = u128::from_le_bytes(*chunk);
    // The high bit of each byte that is ':' (exact: no carry crosses a byte).
    let x = v ^ (ONES * u128::from(b':'));
    let colons = !(((x & LOW7) + LOW7) | x | LOW7);
    let len = (colons.trailing_zeros() / 8) as usize;
    if len == 0 || len > SHORT_NAME_MAX {
        return None;
    }
    let name = v & (u128::MAX >> (8 * (15 - len)));
    Some((len, name as u64, (name >> 64) as u64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The first ':' and the name words, byte by byte.
    fn by_bytes(chunk: &[u8; 16]) -> Option<(usize, u64, u64)> {
        let len = chunk.iter().position(|&c| c == b':')?;
        if len == 0 || len > SHORT_NAME_MAX {
            return None;
        }
        let mut name = [0u8; 16];
        name[..=len].copy_from_slice(&chunk[..=len]);
        let (lo, hi) = name.split_at(8);
        Some((
            len,
            u64::from_le_bytes(lo.try_into().ok()?),
            u64::from_le_bytes(hi.try_into().ok()?),
        ))
    }

    #[test]
    fn name_words_agree_with_a_byte_loop() {
        let fill = b"Content-Length\x00\xff\x3b\x3a\x3a\xba";
        for colon in 0..=17 {
            for other in 0..fill.len() {
                let mut chunk = [b'x'; 16];
                for (i, c) in chunk.iter_mut().enumerate() {
                    *c = fill[(i + other) % fill.len()];
                    if *c == b':' {
                        *c = b'-';
                    }
                }
                if colon < 16 {
                    chunk[colon] = b':';
                }
                // a second ':' later on, or a byte one off from ':'
                chunk[(colon + 3) % 16] = [b':', b';', b'\xba'][other % 3];
                let want = by_bytes(&chunk);
                assert_eq!(name_words(&chunk), want, "{chunk:?}");
                assert_eq!(name_words_plain(&chunk), want, "{chunk:?}");
            }
        }
    }

    /// Every line start with a known or near-miss name resolves as the general lookup does.
    #[test]
    fn short_name_agrees_with_the_general_lookup() {
        let names = [
            "Via",
            "v",
            "V",
            "To",
            "t",
            "From",
            "CSeq",
            "Call-ID",
            "call-id",
            "CALL-ID",
            "Contact",
            "Max-Forwards",
            "Content-Length",
            "Content-Type",
            "User-Agent",
            "Accept-Encoding",
            "Session-Expires",
            "Content-Lengtx",
            "Content-Lengths",
            "X-Ms-Thing",
            "Vi",
            "Viaa",
            "Via ",
            "Via\t",
            " Via",
            "To\0",
            "T\0o",
            "ms-x",
            "Ca11-ID",
        ];
        for name in names {
            for tail in [": x\r\n", ":\r\n", ":", "::::::::::::::::::"] {
                let line = format!("{name}{tail}0123456789abcdef");
                let b = line.as_bytes();
                let want = if name.len() <= SHORT_NAME_MAX && !name.is_empty() {
                    Some((name.len(), HeaderKind::from_name_bytes(name.as_bytes())))
                } else {
                    None
                };
                assert_eq!(short_name(b, 0), want, "{line:?}");
                // too close to the end to read 16 bytes
                let short = &b[..15];
                assert_eq!(short_name(short, 0), None);
            }
        }
    }
}
