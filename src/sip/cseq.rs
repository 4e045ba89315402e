//! The CSeq header value (RFC 3261 20.16): sequence number and method.

use super::error::{ErrorKind, Result, SipError};
use super::scan::class::{TOKEN, run};
use super::scan::decimal::leading_digits;
use super::scan::{is_lws, skip_lws};

/// `1*DIGIT LWS Method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CSeq<'a> {
    /// The sequence number; RFC 3261 8.1.1.5 requires it below 2**31.
    pub seq: u32,
    pub method: &'a str,
}

impl<'a> CSeq<'a> {
    #[inline]
    pub fn parse(s: &'a str) -> Result<CSeq<'a>> {
        match Self::usual(s) {
            Some(c) => Ok(c),
            None => Self::general(s),
        }
    }

    /// The usual shape, `1*9DIGIT SP token` and nothing after it, in one pass: nine digits
    /// always stay below 2**31. `None` for anything else, which [`CSeq::general`] decides.
    #[inline(always)]
    fn usual(s: &'a str) -> Option<CSeq<'a>> {
        let b = s.as_bytes();
        let mut seq = 0u32;
        let mut d = 0;
        while let Some(v) = b.get(d).map(|c| c.wrapping_sub(b'0')).filter(|&v| v < 10) {
            if d == 9 {
                return None;
            }
            seq = seq * 10 + u32::from(v);
            d += 1;
        }
        let m0 = d + 1;
        if d == 0 || b.get(d) != Some(&b' ') || m0 == b.len() || run(b, m0, TOKEN) != b.len() {
            return None;
        }
        Some(CSeq {
            seq,
            method: s.get(m0..)?,
        })
    }

    /// Any shape: LWS around the method, leading zeros, numbers too large, errors.
    #[inline(never)]
    fn general(s: &'a str) -> Result<CSeq<'a>> {
        let b = s.as_bytes();
        let (d, n) = leading_digits(b);
        if d == 0 {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "CSeq: expected a sequence number",
            ));
        }
        let n = n.unwrap_or(u64::MAX);
        if n >= 1 << 31 {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "CSeq: sequence number must be below 2**31",
            ));
        }
        // The usual single SP is taken without a loop.
        let m0 = if b.get(d) == Some(&b' ') && b.get(d + 1).is_some_and(|&c| !is_lws(c)) {
            d + 1
        } else {
            skip_lws(b, d)
        };
        if m0 == d {
            return Err(SipError::new(
                ErrorKind::BadValue,
                d,
                "CSeq: expected LWS before the method",
            ));
        }
        let m1 = run(b, m0, TOKEN);
        if m1 == m0 || (m1 != b.len() && skip_lws(b, m1) != b.len()) {
            return Err(SipError::new(
                ErrorKind::BadValue,
                m0,
                "CSeq: method is not a token",
            ));
        }
        Ok(CSeq {
            seq: n as u32,
            method: &s[m0..m1],
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::class::is_token_char;
    use crate::sip::scan::near_texts::near;

    /// The reference, written from the grammar (`1*DIGIT LWS Method`, LWS allowed after it,
    /// the number below 2**31) with the standard library.
    fn reference(s: &str) -> Result<CSeq<'_>> {
        let bad = |at, what| Err(SipError::new(ErrorKind::BadValue, at, what));
        let d = s.bytes().take_while(u8::is_ascii_digit).count();
        if d == 0 {
            return bad(0, "CSeq: expected a sequence number");
        }
        let digits = s[..d].trim_start_matches('0');
        let seq = digits.parse::<u64>().unwrap_or(0);
        if digits.len() > 10 || seq >= 1 << 31 {
            return bad(0, "CSeq: sequence number must be below 2**31");
        }
        let method = s[d..].trim_start_matches([' ', '\t', '\r', '\n']);
        let m0 = s.len() - method.len();
        if m0 == d {
            return bad(d, "CSeq: expected LWS before the method");
        }
        let m = method.bytes().take_while(|&c| is_token_char(c)).count();
        if m == 0 || !method[m..].bytes().all(is_lws) {
            return bad(m0, "CSeq: method is not a token");
        }
        Ok(CSeq {
            seq: seq as u32,
            method: &method[..m],
        })
    }

    /// Same values and errors (offsets included) as the reference on valid, truncated and
    /// mutated values.
    #[test]
    fn matches_the_reference() {
        let valid = [
            "1 REGISTER",
            "123456789 INVITE",
            "0 ACK",
            "314159 INVITE",
            "2147483647 ACK",
            "1 \t REGISTER",
            "7 BYE \r\n ",
        ];
        let mut inputs = near(&valid, &[" ", "\t", "\r\n", "0", "9", "A", ";", "é", "\0"]);
        for v in [
            "2147483648 INVITE",
            "0000000000002147483647 ACK",
            "99999999999999999999999 INVITE",
        ] {
            inputs.push(v.into());
        }
        let mut usual = 0;
        for v in &inputs {
            assert_eq!(CSeq::parse(v), reference(v), "{v:?}");
            if let Some(c) = CSeq::usual(v) {
                usual += 1;
                assert_eq!(Ok(c), CSeq::general(v), "{v:?}");
            }
        }
        assert!(usual > inputs.len() / 10, "{usual} of {}", inputs.len());
    }

    #[test]
    fn parses() {
        assert_eq!(
            CSeq::parse("314159 INVITE").unwrap(),
            CSeq {
                seq: 314159,
                method: "INVITE"
            }
        );
        assert_eq!(CSeq::parse("1 \t REGISTER").unwrap().method, "REGISTER");
        for bad in [
            "",
            "INVITE",
            "1",
            "1INVITE",
            "2147483648 INVITE",
            "99999999999999999999 INVITE",
            "1 IN VITE",
        ] {
            assert!(CSeq::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CSeq::parse("2147483647 ACK").unwrap().seq, 2147483647);
    }
}
