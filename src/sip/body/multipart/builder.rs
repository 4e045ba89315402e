//! Building a `multipart/*` body from parts (RFC 2046 5.1.1).

use super::media_type::{is_mime_token, validate_boundary};
use crate::sip::error::{ErrorKind, Result, SipError};
use sha1::{Digest, Sha1};
use std::borrow::Cow;

/// What a [`MultipartBuilder`] produces: the body bytes and the Content-Type value to send
/// with them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltMultipart {
    pub body: Vec<u8>,
    /// E.g. `multipart/alternative; boundary=...` (the boundary quoted when it is not a
    /// token).
    pub content_type: String,
    /// The boundary that was used.
    pub boundary: String,
}

#[derive(Debug, Clone)]
pub(super) enum Content {
    Bytes(Vec<u8>),
    Nested(MultipartBuilder),
}

#[derive(Debug, Clone)]
struct BuildPart {
    headers: Vec<(String, String)>,
    content: Content,
}

/// Builds a `multipart/*` body (RFC 2046 5.1.1): `--boundary` CRLF, the part's header fields,
/// an empty line, the part's body, and CRLF before the next delimiter; the close delimiter
/// ends the body, followed by CRLF at the outermost level.
///
/// The boundary is the caller's, or else derived from the content with SHA-1 (no clock, no
/// randomness: the same parts give the same bytes). Either way it is checked not to occur in
/// any part.
#[derive(Debug, Clone)]
pub struct MultipartBuilder {
    subtype: String,
    boundary: Option<String>,
    parts: Vec<BuildPart>,
}

impl MultipartBuilder {
    /// A builder for `multipart/<subtype>` (`mixed`, `alternative`, ...).
    pub fn new(subtype: &str) -> MultipartBuilder {
        MultipartBuilder {
            subtype: subtype.to_owned(),
            boundary: None,
            parts: Vec::new(),
        }
    }

    /// Uses this boundary instead of a derived one.
    pub fn boundary(mut self, boundary: &str) -> MultipartBuilder {
        self.boundary = Some(boundary.to_owned());
        self
    }

    /// Adds a part with these header fields (written in this order) and body.
    pub fn part(mut self, headers: &[(&str, &str)], body: &[u8]) -> MultipartBuilder {
        self.parts.push(BuildPart {
            headers: own(headers),
            content: Content::Bytes(body.to_vec()),
        });
        self
    }

    /// Adds a nested multipart part: its `Content-Type` field comes first, then `headers`.
    pub fn nested(mut self, headers: &[(&str, &str)], inner: MultipartBuilder) -> MultipartBuilder {
        self.parts.push(BuildPart {
            headers: own(headers),
            content: Content::Nested(inner),
        });
        self
    }

    /// Produces the body and its Content-Type value.
    ///
    /// Errors ([`ErrorKind::InvalidArgument`]): no part, a subtype or header name that is not
    /// a token, a header value with CR, LF or NUL, an invalid caller boundary or one that
    /// occurs inside a part.
    pub fn build(&self) -> Result<BuiltMultipart> {
        self.build_level(true)
    }

    fn build_level(&self, outermost: bool) -> Result<BuiltMultipart> {
        if !is_mime_token(&self.subtype) {
            return Err(invalid("multipart builder: subtype is not a token"));
        }
        if self.parts.is_empty() {
            return Err(invalid(
                "multipart builder: a multipart body needs at least one part",
            ));
        }
        let mut rendered = Vec::with_capacity(self.parts.len());
        for part in &self.parts {
            let mut out = Vec::new();
            let body = match &part.content {
                Content::Bytes(b) => Cow::Borrowed(b.as_slice()),
                Content::Nested(inner) => {
                    let built = inner.build_level(false)?;
                    write_header(&mut out, "Content-Type", &built.content_type)?;
                    Cow::Owned(built.body)
                }
            };
            for (n, v) in &part.headers {
                write_header(&mut out, n, v)?;
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&body);
            rendered.push(out);
        }
        let boundary = match &self.boundary {
            Some(b) => {
                validate_boundary(b).map_err(|e| SipError {
                    kind: ErrorKind::InvalidArgument,
                    ..e
                })?;
                if rendered.iter().any(|r| contains(r, b.as_bytes())) {
                    return Err(invalid(
                        "multipart builder: the boundary occurs inside a part",
                    ));
                }
                b.clone()
            }
            None => derive_boundary(&self.subtype, &rendered)?,
        };
        let mut body = Vec::with_capacity(
            rendered
                .iter()
                .map(|r| r.len() + boundary.len() + 8)
                .sum::<usize>()
                + 8,
        );
        for (i, r) in rendered.iter().enumerate() {
            if i > 0 {
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(r);
        }
        body.extend_from_slice(b"\r\n--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--");
        if outermost {
            body.extend_from_slice(b"\r\n");
        }
        let shown = if is_mime_token(&boundary) {
            Cow::Borrowed(boundary.as_str())
        } else {
            Cow::Owned(format!("\"{boundary}\""))
        };
        let content_type = format!("multipart/{}; boundary={}", self.subtype, shown);
        Ok(BuiltMultipart {
            body,
            content_type,
            boundary,
        })
    }
}

pub(super) fn own(headers: &[(&str, &str)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

pub(super) fn invalid(what: &'static str) -> SipError {
    SipError::new(ErrorKind::InvalidArgument, 0, what)
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn write_header(out: &mut Vec<u8>, name: &str, value: &str) -> Result<()> {
    if !is_mime_token(name) {
        return Err(invalid("multipart builder: header name is not a token"));
    }
    if value.bytes().any(|b| matches!(b, b'\r' | b'\n' | 0)) {
        return Err(invalid(
            "multipart builder: header value holds CR, LF or NUL",
        ));
    }
    out.extend_from_slice(name.as_bytes());
    out.extend_from_slice(b": ");
    out.extend_from_slice(value.as_bytes());
    out.extend_from_slice(b"\r\n");
    Ok(())
}

/// A boundary derived from the rendered parts: `mssip-` and 40 hex digits of a SHA-1 over the
/// subtype, the parts and a retry counter. Retried (with the next counter) in the unlikely case
/// that it occurs inside a part.
fn derive_boundary(subtype: &str, rendered: &[Vec<u8>]) -> Result<String> {
    for attempt in 0u32..16 {
        let mut h = Sha1::new();
        h.update(subtype.as_bytes());
        for r in rendered {
            h.update((r.len() as u64).to_le_bytes());
            h.update(r);
        }
        h.update(attempt.to_le_bytes());
        let digest = h.finalize();
        let mut b = String::with_capacity(46);
        b.push_str("mssip-");
        for byte in digest.iter() {
            b.push_str(&format!("{byte:02x}"));
        }
        if !rendered.iter().any(|r| contains(r, b.as_bytes())) {
            return Ok(b);
        }
    }
    Err(invalid(
        "multipart builder: no boundary found that is absent from the parts",
    ))
}
