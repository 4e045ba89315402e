//! The `?headers` component of a SIP URI (RFC 3261 19.1.1): `hname=hvalue` pairs joined by
//! `&`, each side with its `%HH` escapes resolved. A REFER names the header fields of the
//! request it triggers this way (RFC 3515 2.1).

use std::borrow::Cow;

use super::error::{ErrorKind, Result, SipError};

fn hex(c: u8) -> Option<u8> {
    char::from(c)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// `s` with its `%HH` escapes resolved; an escape that is not two hex digits, or a result
/// that is not UTF-8, is an error placed at `base` plus its offset.
pub fn unescape(s: &str, base: usize) -> Result<Cow<'_, str>> {
    if !s.contains('%') {
        return Ok(Cow::Borrowed(s));
    }
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        if c == b'%' {
            let pair = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            );
            let (Some(h), Some(l)) = pair else {
                return Err(SipError::new(ErrorKind::BadUri, base + i, "bad %HH escape"));
            };
            out.push((h << 4) | l);
            i += 3;
        } else {
            out.push(c);
            i += 1;
        }
    }
    String::from_utf8(out)
        .map(Cow::Owned)
        .map_err(|_| SipError::new(ErrorKind::BadUri, base, "escaped text is not UTF-8"))
}

/// One `hname=hvalue` of a URI's headers, unescaped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UriHeader<'a> {
    pub name: Cow<'a, str>,
    pub value: Cow<'a, str>,
}

/// The pairs of a URI's headers component (the text after `?`, as [`super::Uri::headers`]
/// gives it), in order. A pair without `=` has an empty value.
pub fn uri_headers(headers: &str) -> impl Iterator<Item = Result<UriHeader<'_>>> + '_ {
    let mut at = 0;
    headers.split('&').map(move |pair| {
        let base = at;
        at += pair.len() + 1;
        let (n, v, v_at) = match pair.split_once('=') {
            Some((n, v)) => (n, v, base + n.len() + 1),
            None => (pair, "", base + pair.len()),
        };
        if n.is_empty() {
            return Err(SipError::new(
                ErrorKind::BadUri,
                base,
                "URI header without a name",
            ));
        }
        Ok(UriHeader {
            name: unescape(n, base)?,
            value: unescape(v, v_at)?,
        })
    })
}

/// The value of the first pair named `name` (case-insensitively, as header names compare,
/// RFC 3261 7.3.1) among a URI's headers; the first bad pair before it is an error.
pub fn uri_header<'a>(headers: &'a str, name: &str) -> Result<Option<Cow<'a, str>>> {
    for h in uri_headers(headers) {
        let h = h?;
        if h.name.eq_ignore_ascii_case(name) {
            return Ok(Some(h.value));
        }
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_split_and_unescaped() {
        // RFC 3261 19.1.3: sip:alice@atlanta.com?subject=project%20x&priority=urgent
        let h: Vec<_> = uri_headers("subject=project%20x&priority=urgent")
            .map(|h| h.unwrap())
            .collect();
        assert_eq!(h[0].name, "subject");
        assert_eq!(h[0].value, "project x");
        assert_eq!(h[1].value, "urgent");
        assert!(matches!(h[1].value, Cow::Borrowed(_)));
        assert_eq!(
            uri_header("a=1&Replaces=x%3Bto-tag%3D7", "replaces")
                .unwrap()
                .unwrap(),
            "x;to-tag=7"
        );
        assert_eq!(uri_header("a=1", "b").unwrap(), None);
        assert_eq!(uri_header("flag", "flag").unwrap().unwrap(), "");
    }

    #[test]
    fn bad_escapes_and_names_are_errors() {
        assert_eq!(unescape("ab%2", 10).unwrap_err().offset, 12);
        assert!(unescape("%zz", 0).is_err());
        assert!(unescape("%ff", 0).is_err());
        assert_eq!(unescape("%41", 0).unwrap(), "A");
        assert_eq!(uri_header("a=1&=2", "b").unwrap_err().offset, 4);
        assert_eq!(uri_header("a=1&b=%G0", "b").unwrap_err().offset, 6);
        assert!(uri_header("a=%G0&b=1", "b").is_err());
    }
}
