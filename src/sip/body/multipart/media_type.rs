//! The Content-Type of a multipart body or of a part (RFC 2045 5.1) and the boundary it
//! names (RFC 2046 5.1.1).

use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::params::Params;
use crate::sip::scan::class::{MIME_TOKEN, is};
use crate::sip::scan::{is_lws, trim_lws};
use std::borrow::Cow;

/// RFC 2045 5.1 `token` (the class table's [`MIME_TOKEN`]).
pub(super) fn is_mime_token(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| is(b, MIME_TOKEN))
}

/// RFC 2046 5.1.1 `bchars`.
fn is_bchar(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'\''
                | b'('
                | b')'
                | b'+'
                | b'_'
                | b','
                | b'-'
                | b'.'
                | b'/'
                | b':'
                | b'='
                | b'?'
                | b' '
        )
}

/// Checks a boundary against RFC 2046 5.1.1: 1 to 70 `bchars`, not ending in a space.
pub fn validate_boundary(boundary: &str) -> Result<()> {
    let b = boundary.as_bytes();
    if b.is_empty() {
        return Err(SipError::new(
            ErrorKind::BadValue,
            0,
            "multipart boundary is empty",
        ));
    }
    if b.len() > 70 {
        return Err(SipError::new(
            ErrorKind::BadValue,
            70,
            "multipart boundary longer than 70 characters (RFC 2046 5.1.1)",
        ));
    }
    if let Some(i) = b.iter().position(|&c| !is_bchar(c)) {
        return Err(SipError::new(
            ErrorKind::BadValue,
            i,
            "multipart boundary holds a character outside bchars (RFC 2046 5.1.1)",
        ));
    }
    if b.last() == Some(&b' ') {
        return Err(SipError::new(
            ErrorKind::BadValue,
            b.len() - 1,
            "multipart boundary ends with a space (RFC 2046 5.1.1)",
        ));
    }
    Ok(())
}

/// A media type as written in Content-Type: `type/subtype` and its parameters (RFC 2045 5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MediaType<'a> {
    /// The top-level type, e.g. `multipart`.
    pub main_type: &'a str,
    /// The subtype, e.g. `alternative`.
    pub subtype: &'a str,
    /// The parameters after the subtype (`;boundary=...`).
    pub params: Params<'a>,
}

impl<'a> MediaType<'a> {
    /// Parses a Content-Type value. LWS around `;` and `=` is tolerated; offsets in errors are
    /// relative to `value`.
    pub fn parse(value: &'a str) -> Result<MediaType<'a>> {
        let indent = value.len()
            - value
                .trim_start_matches(|c: char| c.is_ascii() && is_lws(c as u8))
                .len();
        let s = trim_lws(value);
        if s.is_empty() {
            return Err(SipError::new(ErrorKind::Empty, 0, "media type is empty"));
        }
        let Some(slash) = s.find('/') else {
            return Err(SipError::new(
                ErrorKind::BadValue,
                indent,
                "media type has no '/'",
            ));
        };
        let main_type = &s[..slash];
        if !is_mime_token(main_type) {
            return Err(SipError::new(
                ErrorKind::BadValue,
                indent,
                "media type: type is not a token",
            ));
        }
        let rest = &s[slash + 1..];
        let sub_len = rest
            .bytes()
            .position(|b| b == b';' || is_lws(b))
            .unwrap_or(rest.len());
        let subtype = &rest[..sub_len];
        if !is_mime_token(subtype) {
            return Err(SipError::new(
                ErrorKind::BadValue,
                indent + slash + 1,
                "media type: subtype is not a token",
            ));
        }
        let params = &rest[sub_len..];
        let p = params.trim_start_matches(|c: char| c.is_ascii() && is_lws(c as u8));
        if !p.is_empty() && !p.starts_with(';') {
            return Err(SipError::new(
                ErrorKind::BadValue,
                indent + slash + 1 + sub_len,
                "media type: text after the subtype is not a parameter",
            ));
        }
        Ok(MediaType {
            main_type,
            subtype,
            params: Params::new(params),
        })
    }

    /// True when this is `essence` (`type/subtype`), compared case-insensitively.
    pub fn is(&self, essence: &str) -> bool {
        match essence.split_once('/') {
            Some((t, s)) => {
                t.eq_ignore_ascii_case(self.main_type) && s.eq_ignore_ascii_case(self.subtype)
            }
            None => false,
        }
    }

    /// True for any `multipart/*` type.
    pub fn is_multipart(&self) -> bool {
        self.main_type.eq_ignore_ascii_case("multipart")
    }

    /// A parameter value with quotes removed, by case-insensitive name.
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        self.params.get(name).and_then(|p| p.unquoted())
    }

    /// The `boundary` parameter, unquoted and checked against RFC 2046 5.1.1.
    pub fn boundary(&self) -> Result<&'a str> {
        let Some(raw) = self.params.value("boundary") else {
            return Err(SipError::new(
                ErrorKind::NotFound,
                0,
                "multipart Content-Type has no boundary parameter (RFC 2046 5.1.1)",
            ));
        };
        let b = match raw.strip_prefix('"') {
            Some(inner) => inner.strip_suffix('"').ok_or_else(|| {
                SipError::new(
                    ErrorKind::BadValue,
                    0,
                    "multipart boundary: unterminated quote",
                )
            })?,
            None => raw,
        };
        validate_boundary(b)?;
        Ok(b)
    }
}
