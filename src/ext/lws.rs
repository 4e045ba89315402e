//! Linear white space around MS header and parameter values (RFC 3261 25.1 `LWS`, which the
//! `HCOLON`, `LDQUOTE` and `RDQUOTE` of MS-SIPRE 2.2 admit).

use crate::sip::scan::is_lws;

/// Number of bytes of linear white space at the start of `s`, so that errors found in the
/// trimmed value can point into `s`.
pub fn leading_lws(s: &str) -> usize {
    s.bytes().take_while(|&b| is_lws(b)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_leading_white_space() {
        assert_eq!(leading_lws("  a "), 2);
        assert_eq!(leading_lws("\r\n\ta"), 3);
        assert_eq!(leading_lws("a  "), 0);
        assert_eq!(leading_lws("   "), 3);
        assert_eq!(leading_lws(""), 0);
    }
}
