//! `pvalue = 1*paramchar` (RFC 3261 25.1), the value grammar of most MS-SIPRE 2.2.1 URI
//! parameters.

use super::error::ExtError;
use crate::sip::scan::is_param_char;

/// Offset of the first byte of `s` that is neither a `paramchar` nor part of a valid `%HH`
/// escape; `None` when all of `s` is made of paramchars.
pub fn first_non_paramchar(s: &str) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%' {
            let ok = b.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && b.get(i + 2).is_some_and(u8::is_ascii_hexdigit);
            if !ok {
                return Some(i);
            }
            i += 3;
        } else if is_param_char(b[i]) {
            i += 1;
        } else {
            return Some(i);
        }
    }
    None
}

/// True when `s` is a `pvalue`: one or more paramchars.
pub fn is_pvalue(s: &str) -> bool {
    !s.is_empty() && first_non_paramchar(s).is_none()
}

/// Checks that `s` is a `pvalue`; the error names the construct with `empty` (nothing given)
/// or `bad` (a character outside paramchar, at its offset).
pub fn check_pvalue(s: &str, empty: &'static str, bad: &'static str) -> Result<(), ExtError> {
    if s.is_empty() {
        return Err(ExtError::new(empty, 0));
    }
    match first_non_paramchar(s) {
        Some(i) => Err(ExtError::new(bad, i)),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paramchars_and_escapes() {
        assert!(is_pvalue("user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"));
        assert!(is_pvalue("state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA"));
        assert!(is_pvalue("a%3Bb[]/:&+$-_.!~*'()"));
        assert!(!is_pvalue(""));
        assert_eq!(first_non_paramchar("ab;c"), Some(2));
        assert_eq!(first_non_paramchar("ab=c"), Some(2));
        assert_eq!(first_non_paramchar("ab%2"), Some(2));
        assert_eq!(first_non_paramchar("ab%zz"), Some(2));
        assert_eq!(first_non_paramchar("a b"), Some(1));
        assert_eq!(first_non_paramchar("\"ab\""), Some(0));
        assert_eq!(first_non_paramchar("aé"), Some(1));
        assert_eq!(
            check_pvalue("", "x: empty", "x: bad"),
            Err(ExtError::new("x: empty", 0))
        );
        assert_eq!(
            check_pvalue("a,b", "x: empty", "x: bad"),
            Err(ExtError::new("x: bad", 1))
        );
    }
}
