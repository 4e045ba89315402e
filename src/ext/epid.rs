//! The `epid` parameter of the From and To header fields (MS-SIPRE 2.2.6).

use super::error::ExtError;
use std::fmt;

/// Longest `epid-param-value`: `1*16 tokenchar` (MS-SIPRE 2.2.6).
pub const EPID_MAX_LEN: usize = 16;

/// An endpoint identifier: 1 to 16 `tokenchar`s (MS-SIPRE 2.2.6).
///
/// Kept exactly as written: the value is compared as a string (MS-SIPRE 3.2.5.1) and hashed
/// octet by octet to derive `+sip.instance` (MS-SIPRE 3.3.3.1 step 3), so case matters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Epid(String);

/// `tokenchar` of MS-SIPRE 2.2.6. Unlike the RFC 3261 `token`, it admits `|` and not `'`.
pub fn is_epid_char(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'|' | b'~'
        )
}

impl Epid {
    /// Parses an `epid-param-value` (MS-SIPRE 2.2.6): the parameter value only, without
    /// `epid=`.
    pub fn parse(s: &str) -> Result<Epid, ExtError> {
        if s.is_empty() {
            return Err(ExtError::new("epid: empty value", 0));
        }
        if let Some(i) = s.bytes().position(|b| !is_epid_char(b)) {
            return Err(ExtError::new("epid: character outside tokenchar", i));
        }
        if s.len() > EPID_MAX_LEN {
            return Err(ExtError::new("epid: more than 16 characters", EPID_MAX_LEN));
        }
        Ok(Epid(s.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Epid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::str::FromStr for Epid {
    type Err = ExtError;
    fn from_str(s: &str) -> Result<Epid, ExtError> {
        Epid::parse(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_values_from_the_spec_and_corpus() {
        // MS-SIPRE 4.1, 4.6, 4.10, 4.14 and the corpus.
        for v in [
            "01010101",
            "02020202",
            "e06accb078",
            "1D19090AED",
            "42933B3A88",
        ] {
            let e = Epid::parse(v).unwrap();
            assert_eq!(e.as_str(), v);
            assert_eq!(e.to_string(), v);
        }
    }

    #[test]
    fn accepts_every_tokenchar_and_sixteen_chars() {
        assert!(Epid::parse("aZ9-.!%*_+`|~").is_ok());
        assert!(Epid::parse("0123456789abcdef").is_ok());
        assert!(Epid::parse("x").is_ok());
    }

    #[test]
    fn refuses_values_outside_the_grammar() {
        assert_eq!(
            Epid::parse("").unwrap_err(),
            ExtError::new("epid: empty value", 0)
        );
        assert_eq!(
            Epid::parse("0123456789abcdef0").unwrap_err(),
            ExtError::new("epid: more than 16 characters", 16)
        );
        assert_eq!(Epid::parse("ab cd").unwrap_err().offset, 2);
        // `'` is an RFC 3261 token char but not an epid tokenchar.
        assert_eq!(Epid::parse("ab'").unwrap_err().offset, 2);
        assert!(Epid::parse("a;b").is_err());
        assert!(Epid::parse("\"ab\"").is_err());
        assert!(Epid::parse("é").is_err());
    }
}
