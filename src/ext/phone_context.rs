//! The `phone-context` URI parameter of location-profile GRUUs (MS-SIPRE 2.2.1, 2.2.2):
//! `descriptor = domainname / global-number-digits` (RFC 3966 section 3).

use super::error::ExtError;
use std::fmt;

/// A `phone-context` descriptor, kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PhoneContext {
    /// `domainname`, e.g. `Redmond` or `contoso.com` (a location profile name, MS-SIPRE
    /// 2.2.7.1).
    Domain(String),
    /// `global-number-digits`, e.g. `+1-425`.
    Global(String),
}

impl PhoneContext {
    /// Parses a descriptor: `+` starts `global-number-digits`, anything else must be a
    /// `domainname`.
    pub fn parse(s: &str) -> Result<PhoneContext, ExtError> {
        if s.is_empty() {
            return Err(ExtError::new("phone-context: empty descriptor", 0));
        }
        if s.starts_with('+') {
            check_global_number_digits(s)?;
            Ok(PhoneContext::Global(s.to_owned()))
        } else {
            check_domainname(s)?;
            Ok(PhoneContext::Domain(s.to_owned()))
        }
    }

    pub fn as_str(&self) -> &str {
        match self {
            PhoneContext::Domain(s) | PhoneContext::Global(s) => s,
        }
    }
}

impl fmt::Display for PhoneContext {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `global-number-digits = "+" *phonedigit DIGIT *phonedigit`, where `phonedigit` is a digit
/// or a visual separator (`-` `.` `(` `)`), RFC 3966 section 3.
fn check_global_number_digits(s: &str) -> Result<(), ExtError> {
    let rest = &s.as_bytes()[1..];
    if let Some(i) = rest
        .iter()
        .position(|&c| !(c.is_ascii_digit() || matches!(c, b'-' | b'.' | b'(' | b')')))
    {
        return Err(ExtError::new(
            "phone-context: not a digit or visual separator",
            i + 1,
        ));
    }
    if !rest.iter().any(u8::is_ascii_digit) {
        return Err(ExtError::new(
            "phone-context: global number without a digit",
            s.len(),
        ));
    }
    Ok(())
}

/// `domainname = *( domainlabel "." ) toplabel [ "." ]` (RFC 3966 section 3): labels of
/// alphanumerics and inner hyphens, the last one starting with a letter.
pub fn check_domainname(s: &str) -> Result<(), ExtError> {
    let name = s.strip_suffix('.').unwrap_or(s);
    let mut off = 0;
    let labels: Vec<&str> = name.split('.').collect();
    for (k, label) in labels.iter().enumerate() {
        let l = label.as_bytes();
        let Some((&first, &last)) = l.first().zip(l.last()) else {
            return Err(ExtError::new("domain name: empty label", off));
        };
        if let Some(i) = l
            .iter()
            .position(|&c| !(c.is_ascii_alphanumeric() || c == b'-'))
        {
            return Err(ExtError::new(
                "domain name: character outside alphanum and '-'",
                off + i,
            ));
        }
        if first == b'-' || last == b'-' {
            return Err(ExtError::new(
                "domain name: label starts or ends with '-'",
                off,
            ));
        }
        if k + 1 == labels.len() && !first.is_ascii_alphabetic() {
            return Err(ExtError::new(
                "domain name: top label must start with a letter",
                off,
            ));
        }
        off += l.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domain_names() {
        // The E911 example of MS-SIPRE 4.14 uses phone-context=Redmond.
        for v in ["Redmond", "contoso.com", "a-b.c2.example.", "x"] {
            assert_eq!(
                PhoneContext::parse(v).unwrap(),
                PhoneContext::Domain(v.to_owned())
            );
            assert_eq!(PhoneContext::parse(v).unwrap().to_string(), v);
        }
    }

    #[test]
    fn global_numbers() {
        for v in ["+1", "+1-425-(555).0100", "+-1"] {
            assert_eq!(
                PhoneContext::parse(v).unwrap(),
                PhoneContext::Global(v.to_owned())
            );
        }
    }

    #[test]
    fn refuses_other_descriptors() {
        let e = |s: &str| PhoneContext::parse(s).unwrap_err();
        assert_eq!(e("").offset, 0);
        assert_eq!(e("+").offset, 1);
        assert_eq!(e("+-()").offset, 4);
        assert_eq!(e("+1a").offset, 2);
        assert_eq!(e("contoso..com").offset, 8);
        assert_eq!(e("-contoso").offset, 0);
        assert_eq!(e("contoso-.com").offset, 0);
        assert_eq!(e("contoso.1com").offset, 8);
        assert_eq!(e("425").offset, 0);
        assert_eq!(e("my profile").offset, 2);
        assert_eq!(e("Redmond;x").offset, 7);
        assert_eq!(e(".").offset, 0);
        assert!(PhoneContext::parse("é").is_err());
    }
}
