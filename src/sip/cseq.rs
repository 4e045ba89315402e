//! The CSeq header value (RFC 3261 20.16): sequence number and method.

use super::error::{ErrorKind, Result, SipError};
use super::scan::{is_lws, is_token};

/// `1*DIGIT LWS Method`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CSeq<'a> {
    /// The sequence number; RFC 3261 8.1.1.5 requires it below 2**31.
    pub seq: u32,
    pub method: &'a str,
}

impl<'a> CSeq<'a> {
    pub fn parse(s: &'a str) -> Result<CSeq<'a>> {
        let b = s.as_bytes();
        let d = b.iter().take_while(|c| c.is_ascii_digit()).count();
        if d == 0 {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "CSeq: expected a sequence number",
            ));
        }
        let n: u64 = if d > 10 {
            u64::MAX
        } else {
            s[..d].parse().unwrap_or(u64::MAX)
        };
        if n >= 1 << 31 {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "CSeq: sequence number must be below 2**31",
            ));
        }
        let m0 = d + b[d..].iter().take_while(|&&c| is_lws(c)).count();
        if m0 == d {
            return Err(SipError::new(
                ErrorKind::BadValue,
                d,
                "CSeq: expected LWS before the method",
            ));
        }
        let method = s[m0..].trim_end_matches(|c: char| c.is_ascii() && is_lws(c as u8));
        if !is_token(method) {
            return Err(SipError::new(
                ErrorKind::BadValue,
                m0,
                "CSeq: method is not a token",
            ));
        }
        Ok(CSeq {
            seq: n as u32,
            method,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
