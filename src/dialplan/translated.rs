//! The outcome of a translation, and the URI that names the number it gives.

/// What a translation gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translated {
    /// Index of the rule that matched (0-based, document order).
    pub rule: usize,
    /// The number the rule's translation yields.
    pub number: String,
    /// The rule says the number is an internal enterprise number
    /// (`InternalEnterpriseExtension`, MS-SIPRE 2.2.7.2).
    pub internal: bool,
}

/// RFC 3966 visual separators.
fn is_separator(c: u8) -> bool {
    matches!(c, b'-' | b'.' | b'(' | b')')
}

/// `"+" *phonedigit DIGIT *phonedigit` (RFC 3966 `global-number-digits`).
pub fn is_global_number(s: &str) -> bool {
    let Some(rest) = s.strip_prefix('+') else {
        return false;
    };
    rest.bytes().all(|c| c.is_ascii_digit() || is_separator(c))
        && rest.bytes().any(|c| c.is_ascii_digit())
}

/// `*phonedigit-hex (HEXDIG / "*" / "#") *phonedigit-hex` (RFC 3966 `local-number-digits`).
pub fn is_local_number(s: &str) -> bool {
    let core = |c: u8| c.is_ascii_hexdigit() || c == b'*' || c == b'#';
    s.bytes().all(|c| core(c) || is_separator(c)) && s.bytes().any(core)
}

/// `#` is not allowed as itself in a URI user part or a tel URI; RFC 3966 section 5.1.5 escapes
/// it.
fn escaped(number: &str) -> String {
    number.replace('#', "%23")
}

impl Translated {
    /// The number as a URI: an E.164 number (`+` and digits) as `tel:+14255550100`; a local
    /// number, kept in the profile's context, as
    /// `sip:911;phone-context=Redmond@contoso.com;user=phone` when `domain` is given, else as
    /// `tel:911;phone-context=Redmond` (RFC 3966 5.1.5, MS-SIPRE 2.2.7.1). `None` when the
    /// translation is not a telephone number at all.
    pub fn uri(&self, phone_context: &str, domain: Option<&str>) -> Option<String> {
        let n = &self.number;
        if is_global_number(n) {
            return Some(format!("tel:{n}"));
        }
        if !is_local_number(n) {
            return None;
        }
        let n = escaped(n);
        Some(match domain {
            Some(d) => format!("sip:{n};phone-context={phone_context}@{d};user=phone"),
            None => format!("tel:{n};phone-context={phone_context}"),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(n: &str) -> Translated {
        Translated {
            rule: 0,
            number: n.into(),
            internal: false,
        }
    }

    #[test]
    fn e164_is_a_tel_uri() {
        assert_eq!(
            t("+14255550100")
                .uri("Redmond", Some("contoso.com"))
                .as_deref(),
            Some("tel:+14255550100")
        );
        assert_eq!(
            t("+1-425-555").uri("R", None).as_deref(),
            Some("tel:+1-425-555")
        );
    }

    #[test]
    fn local_numbers_keep_the_profile_context() {
        assert_eq!(
            t("911").uri("Redmond", Some("contoso.com")).as_deref(),
            Some("sip:911;phone-context=Redmond@contoso.com;user=phone")
        );
        assert_eq!(
            t("*72#").uri("Redmond", None).as_deref(),
            Some("tel:*72%23;phone-context=Redmond")
        );
    }

    #[test]
    fn other_text_is_no_uri() {
        for n in ["", "+", "bob", "+1x", "12 34", "\u{661}\u{662}", "+\u{661}"] {
            assert_eq!(t(n).uri("R", Some("c.com")), None, "{n:?}");
        }
    }
}
