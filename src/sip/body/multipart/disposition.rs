//! Content-Disposition (RFC 3261 20.11), of a message or of a body part.

use super::media_type::is_mime_token;
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::params::Params;
use crate::sip::scan::{is_lws, trim_lws};
use std::borrow::Cow;

/// A Content-Disposition value: the disposition type and its parameters (RFC 3261 20.11).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Disposition<'a> {
    /// `session`, `render`, `icon`, `alert`, or an extension.
    pub kind: &'a str,
    pub params: Params<'a>,
}

impl<'a> Disposition<'a> {
    /// Parses a Content-Disposition value such as `session; handling=optional`.
    pub fn parse(value: &'a str) -> Result<Disposition<'a>> {
        let s = trim_lws(value);
        let end = s
            .bytes()
            .position(|b| b == b';' || is_lws(b))
            .unwrap_or(s.len());
        let kind = &s[..end];
        if !is_mime_token(kind) {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "Content-Disposition: type is not a token",
            ));
        }
        Ok(Disposition {
            kind,
            params: Params::new(&s[end..]),
        })
    }

    /// The `handling` parameter (`optional` or `required`), unquoted.
    pub fn handling(&self) -> Option<Cow<'a, str>> {
        self.params.get("handling").and_then(|p| p.unquoted())
    }

    /// True when a parameter of that name is present, with or without a value.
    pub fn has(&self, name: &str) -> bool {
        self.params.has(name)
    }
}
