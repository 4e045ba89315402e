//! Searches for one, two or three bytes in the short spans of SIP text (10-200 bytes). On
//! x86_64 and aarch64 they call memchr's 128-bit searchers (SSE2 / NEON, which every CPU of
//! these targets has) directly: that way they are inlined, where `memchr::memchr` picks a
//! routine at run time on every call, which costs more than searching a short span does.
//! Elsewhere, and on every target with the `plain-scan` feature (so the whole test suite can
//! run on this path too), they are memchr's general functions.

#[cfg(all(target_arch = "aarch64", not(feature = "plain-scan")))]
use memchr::arch::aarch64::neon::memchr as vector;
#[cfg(all(target_arch = "x86_64", not(feature = "plain-scan")))]
use memchr::arch::x86_64::sse2::memchr as vector;

/// Index of the first `a` in `h` (arguments in the order of `memchr::memchr`).
#[inline(always)]
pub fn find(a: u8, h: &[u8]) -> Option<usize> {
    #[cfg(all(
        any(target_arch = "x86_64", target_arch = "aarch64"),
        not(feature = "plain-scan")
    ))]
    if let Some(s) = vector::One::new(a) {
        return s.find(h);
    }
    memchr::memchr(a, h)
}

/// Index of the first `a` or `b` in `h`.
#[inline(always)]
pub fn find2(a: u8, b: u8, h: &[u8]) -> Option<usize> {
    #[cfg(all(
        any(target_arch = "x86_64", target_arch = "aarch64"),
        not(feature = "plain-scan")
    ))]
    if let Some(s) = vector::Two::new(a, b) {
        return s.find(h);
    }
    memchr::memchr2(a, b, h)
}

/// Index of the first `a`, `b` or `c` in `h`.
#[inline(always)]
pub fn find3(a: u8, b: u8, c: u8, h: &[u8]) -> Option<usize> {
    #[cfg(all(
        any(target_arch = "x86_64", target_arch = "aarch64"),
        not(feature = "plain-scan")
    ))]
    if let Some(s) = vector::Three::new(a, b, c) {
        return s.find(h);
    }
    memchr::memchr3(a, b, c, h)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_like_a_plain_search() {
        let text = b"SIP/2.0/TLS 192.0.2.44:50612;branch=z9hG4bK7c3e91a0;rport,\"q\"<x>@";
        for len in 0..=text.len() {
            let h = &text[..len];
            for a in [b';', b',', b'"', b'@', b'z', b'#'] {
                assert_eq!(find(a, h), h.iter().position(|&c| c == a));
                assert_eq!(
                    find2(a, b'<', h),
                    h.iter().position(|&c| c == a || c == b'<')
                );
                assert_eq!(
                    find3(a, b'<', b'>', h),
                    h.iter().position(|&c| c == a || c == b'<' || c == b'>')
                );
            }
        }
    }
}
