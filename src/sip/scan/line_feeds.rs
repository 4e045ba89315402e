//! The line feeds of a message as bitmasks, 64 bytes at a time: the header section is then read
//! line by line from one vector pass, a trailing-zero count per line, instead of a search per
//! line. The same pass notes whether every byte it looked at is ASCII, which spares those bytes
//! the UTF-8 check.
//!
//! SSE2 on x86_64 and NEON on aarch64 (both part of every CPU of these targets, so the code is
//! inlined without a run-time test); a plain loop elsewhere, and on every target with the
//! `plain-scan` feature, so the whole test suite can run on the plain loop too.

use super::find::find;

/// Bytes per bitmask.
const BLOCK: usize = 64;

/// A forward-only cursor over the line feeds of `b`: one block's bitmask at a time. Small and
/// `Copy`, so a loop can keep it in registers.
#[derive(Clone, Copy)]
pub(crate) struct LineFeeds<'a> {
    b: &'a [u8],
    /// Offset of the block `mask` describes.
    base: usize,
    /// Bit `i` is set when `b[base + i]` is `\n`.
    mask: u64,
    /// Nonzero when a byte of a block read so far is not ASCII.
    high: u32,
}

impl<'a> LineFeeds<'a> {
    #[inline]
    pub(crate) fn new(b: &'a [u8]) -> LineFeeds<'a> {
        let (mask, high) = match b.first_chunk() {
            Some(s) => block(s),
            None => short_block(b),
        };
        LineFeeds {
            b,
            base: 0,
            mask,
            high,
        }
    }

    /// Offset of the first `\n` at or after `at`. Offsets asked for go forward: the blocks are
    /// read once each, in order (an earlier offset is answered by a plain search).
    #[inline(always)]
    pub(crate) fn next(&mut self, at: usize) -> Option<usize> {
        if at < self.base {
            return search(self.b, at);
        }
        loop {
            let m = self.at_or_after(at);
            if m != 0 {
                return Some(self.base + m.trailing_zeros() as usize);
            }
            if !self.advance() {
                return None;
            }
        }
    }

    /// Offset of the current block: bit `i` of a mask stands for the byte at `base() + i`.
    #[inline(always)]
    pub(crate) fn base(&self) -> usize {
        self.base
    }

    /// True when `at` is in the current block or just past its end.
    #[inline(always)]
    pub(crate) fn reaches(&self, at: usize) -> bool {
        at >= self.base && at - self.base <= BLOCK
    }

    /// The line feeds of the current block.
    #[inline(always)]
    pub(crate) fn mask(&self) -> u64 {
        self.mask
    }

    /// The line feeds of the current block at or after `at`; all of them when `at` is before
    /// the block (the caller knows there is none from `at` to the block).
    #[inline(always)]
    pub(crate) fn at_or_after(&self, at: usize) -> u64 {
        let off = at.saturating_sub(self.base);
        if off < BLOCK {
            self.mask & (u64::MAX << off)
        } else {
            0
        }
    }

    /// Moves to the next block; false (staying put) at the end of the bytes.
    #[inline(always)]
    pub(crate) fn advance(&mut self) -> bool {
        let base = self.base + BLOCK;
        if base >= self.b.len() {
            return false;
        }
        let (mask, high) = match self.b.get(base..).and_then(|s| s.first_chunk()) {
            Some(s) => block(s),
            None => last_block(self.b, base),
        };
        self.base = base;
        self.mask = mask;
        self.high |= high;
        true
    }

    /// The bytes whose line feeds these are.
    #[inline(always)]
    pub(crate) fn bytes(&self) -> &'a [u8] {
        self.b
    }

    /// How many leading bytes of the message are known to be ASCII: every block read so far,
    /// or none when one of them held another byte.
    pub(crate) fn ascii_prefix(&self) -> usize {
        if self.high != 0 {
            0
        } else {
            (self.base + BLOCK).min(self.b.len())
        }
    }
}

/// The first `\n` at or after `at`, for an offset before the current block.
#[cold]
#[inline(never)]
fn search(b: &[u8], at: usize) -> Option<usize> {
    find(b'\n', b.get(at..)?).map(|k| at + k)
}

/// [`block`] of the bytes from `base` to the end of `b`, fewer than [`BLOCK`]: the last
/// [`BLOCK`] bytes are read and the mask shifted so that bit 0 stands for `b[base]` (the bytes
/// read again before `base` are in earlier blocks already).
#[inline(never)]
fn last_block(b: &[u8], base: usize) -> (u64, u32) {
    match b.len().checked_sub(BLOCK).and_then(|start| b.get(start..)) {
        Some(s) if base >= b.len() - BLOCK => {
            let (mask, high) = s.first_chunk().map_or((0, 0), block);
            (mask >> (base - (b.len() - BLOCK)), high)
        }
        _ => short_block(b.get(base..).unwrap_or(&[])),
    }
}

/// [`block`] of fewer than [`BLOCK`] bytes, as if zero bytes followed.
fn short_block(rest: &[u8]) -> (u64, u32) {
    let mut tail = [0u8; BLOCK];
    let n = rest.len().min(BLOCK);
    tail[..n].copy_from_slice(&rest[..n]);
    block(&tail)
}

/// True when every byte of `b` is ASCII, [`BLOCK`] bytes per step: for the body, where this
/// costs less than setting up the UTF-8 check (which still decides when a byte is not ASCII).
pub(crate) fn is_ascii(b: &[u8]) -> bool {
    let mut chunks = b.chunks_exact(BLOCK);
    for c in &mut chunks {
        if c.first_chunk().is_none_or(non_ascii) {
            return false;
        }
    }
    let rest = chunks.remainder();
    if rest.is_empty() {
        return true;
    }
    // The last BLOCK bytes when there are that many (some read twice), else a padded copy.
    match b.len().checked_sub(BLOCK).and_then(|i| b.get(i..)) {
        Some(s) => !s.first_chunk().is_none_or(non_ascii),
        None => short_block(rest).1 == 0,
    }
}

#[cfg(all(target_arch = "x86_64", not(feature = "plain-scan")))]
#[inline(always)]
fn non_ascii(s: &[u8; BLOCK]) -> bool {
    use std::arch::x86_64::{__m128i, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128};
    // SAFETY: SSE2 is part of the x86_64 baseline; the four unaligned 16-byte loads stay inside
    // the 64-byte array.
    unsafe {
        let p = s.as_ptr().cast::<__m128i>();
        let a = _mm_or_si128(_mm_loadu_si128(p), _mm_loadu_si128(p.add(1)));
        let b = _mm_or_si128(_mm_loadu_si128(p.add(2)), _mm_loadu_si128(p.add(3)));
        _mm_movemask_epi8(_mm_or_si128(a, b)) != 0
    }
}

#[cfg(any(not(target_arch = "x86_64"), feature = "plain-scan"))]
#[inline(always)]
fn non_ascii(s: &[u8; BLOCK]) -> bool {
    block(s).1 != 0
}

/// The line-feed mask of a block, and a word that is nonzero when a byte of it is not ASCII.
#[cfg(all(target_arch = "x86_64", not(feature = "plain-scan")))]
#[inline(always)]
fn block(s: &[u8; BLOCK]) -> (u64, u32) {
    use std::arch::x86_64::{
        __m128i, _mm_cmpeq_epi8, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_set1_epi8,
    };
    // SAFETY: SSE2 is part of the x86_64 baseline; the four unaligned 16-byte loads stay inside
    // the 64-byte array.
    unsafe {
        let p = s.as_ptr().cast::<__m128i>();
        let v = [
            _mm_loadu_si128(p),
            _mm_loadu_si128(p.add(1)),
            _mm_loadu_si128(p.add(2)),
            _mm_loadu_si128(p.add(3)),
        ];
        let lf = _mm_set1_epi8(b'\n' as i8);
        let m = |x| u64::from(_mm_movemask_epi8(_mm_cmpeq_epi8(x, lf)) as u16);
        let mask = m(v[0]) | m(v[1]) << 16 | m(v[2]) << 32 | m(v[3]) << 48;
        let all = _mm_or_si128(_mm_or_si128(v[0], v[1]), _mm_or_si128(v[2], v[3]));
        (mask, _mm_movemask_epi8(all) as u32)
    }
}

#[cfg(all(target_arch = "aarch64", not(feature = "plain-scan")))]
#[inline(always)]
fn block(s: &[u8; BLOCK]) -> (u64, u32) {
    use std::arch::aarch64::{
        vandq_u8, vceqq_u8, vdupq_n_u8, vgetq_lane_u64, vld1q_u8, vmaxvq_u8, vorrq_u8, vpaddq_u8,
        vreinterpretq_u64_u8,
    };
    const BITS: [u8; 16] = [1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128];
    // SAFETY: NEON is part of the aarch64 baseline; the four 16-byte loads stay inside the
    // 64-byte array and the bit weights.
    unsafe {
        let p = s.as_ptr();
        let v = [
            vld1q_u8(p),
            vld1q_u8(p.add(16)),
            vld1q_u8(p.add(32)),
            vld1q_u8(p.add(48)),
        ];
        let lf = vdupq_n_u8(b'\n');
        let bits = vld1q_u8(BITS.as_ptr());
        // Each matching byte keeps its bit within its 8-byte half; three rounds of pairwise
        // sums gather the 64 bits in order.
        let m = |x| vandq_u8(vceqq_u8(x, lf), bits);
        let s01 = vpaddq_u8(m(v[0]), m(v[1]));
        let s23 = vpaddq_u8(m(v[2]), m(v[3]));
        let s = vpaddq_u8(s01, s23);
        let s = vpaddq_u8(s, s);
        let mask = vgetq_lane_u64::<0>(vreinterpretq_u64_u8(s));
        let all = vorrq_u8(vorrq_u8(v[0], v[1]), vorrq_u8(v[2], v[3]));
        (mask, u32::from(vmaxvq_u8(all) >> 7))
    }
}

#[cfg(any(
    not(any(target_arch = "x86_64", target_arch = "aarch64")),
    feature = "plain-scan"
))]
#[inline(always)]
fn block(s: &[u8; BLOCK]) -> (u64, u32) {
    block_plain(s)
}

/// [`block`] one byte at a time: the path of other targets, and the reference in tests.
#[cfg_attr(
    all(
        any(target_arch = "x86_64", target_arch = "aarch64"),
        not(feature = "plain-scan")
    ),
    allow(dead_code)
)]
fn block_plain(s: &[u8; BLOCK]) -> (u64, u32) {
    let mut mask = 0;
    let mut any = 0;
    for (i, &c) in s.iter().enumerate() {
        mask |= u64::from(c == b'\n') << i;
        any |= c;
    }
    (mask, u32::from(any >> 7))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Bytes with line feeds, colons, CRs and non-ASCII bytes at every kind of position.
    fn sample(len: usize, seed: u32) -> Vec<u8> {
        let mut x = seed.wrapping_mul(2_654_435_761).max(1);
        (0..len)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 17;
                x ^= x << 5;
                match x % 11 {
                    0 => b'\n',
                    1 => b'\r',
                    2 => b':',
                    3 => 0x80 | (x >> 8) as u8,
                    4 => 0,
                    _ => b'a' + (x >> 8) as u8 % 26,
                }
            })
            .collect()
    }

    #[test]
    fn vector_block_agrees_with_plain() {
        for seed in 0..2000 {
            let mut s = [0u8; BLOCK];
            s.copy_from_slice(&sample(BLOCK, seed));
            if seed % 3 == 0 {
                // mostly ASCII blocks too, with one high byte or none
                for c in s.iter_mut() {
                    *c &= 0x7f;
                }
                if seed % 2 == 0 {
                    s[seed as usize % BLOCK] = 0xc3;
                }
            }
            let (mask, high) = block(&s);
            let (want_mask, want_high) = block_plain(&s);
            assert_eq!((mask, high != 0), (want_mask, want_high != 0), "{s:?}");
        }
    }

    /// Every offset, forward as a parser asks, finds the line feed a plain search finds; the
    /// ASCII prefix covers only ASCII bytes.
    #[test]
    fn next_agrees_with_a_plain_search() {
        for len in [0, 1, 2, 63, 64, 65, 127, 128, 129, 200, 511] {
            for seed in 0..40 {
                let mut b = sample(len, seed + 7 * len as u32);
                if seed % 2 == 0 {
                    for c in b.iter_mut() {
                        *c &= 0x7f;
                    }
                }
                let plain = |at: usize| {
                    b.get(at..)
                        .and_then(|s| s.iter().position(|&c| c == b'\n'))
                        .map(|k| at + k)
                };
                // every offset in order, and line by line as the header reader walks
                let mut lf = LineFeeds::new(&b);
                for at in 0..=len + 1 {
                    assert_eq!(lf.next(at), plain(at), "len {len} seed {seed} at {at}");
                }
                let mut lf = LineFeeds::new(&b);
                let mut at = 0;
                while let Some(nl) = lf.next(at) {
                    assert_eq!(Some(nl), plain(at));
                    at = nl + 1 + seed as usize % 3;
                }
                assert_eq!(lf.next(at), plain(at));
                // going back is answered too
                assert_eq!(lf.next(0), plain(0));
                let p = lf.ascii_prefix();
                assert!(p <= len && b[..p].is_ascii(), "len {len} seed {seed}");
                if b.is_ascii() && lf.next(len).is_none() {
                    assert_eq!(p, len);
                }
            }
        }
    }
}
