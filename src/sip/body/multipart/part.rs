//! One body part: its header fields, its body, its own parts, and the reading of it.

use super::disposition::Disposition;
use super::media_type::MediaType;
use super::{Budget, Multipart};
use crate::limits::Limit;
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::scan::class::{MIME_TOKEN, is};
use crate::sip::scan::trim_lws;

/// One header field of a body part: its name as written and its value, LWS-trimmed (inner
/// folding kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PartHeader<'a> {
    pub name: &'a str,
    pub value: &'a str,
}

/// One body part: its headers, its body, and its own parts when it is a `multipart/*`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Part<'a> {
    pub(super) headers: Vec<PartHeader<'a>>,
    pub(super) raw: &'a [u8],
    pub(super) body: &'a [u8],
    pub(super) offset: usize,
    pub(super) body_offset: usize,
    pub(super) in_digest: bool,
    pub(super) nested: Option<Multipart<'a>>,
}

impl<'a> Part<'a> {
    /// The header fields, in order.
    pub fn headers(&self) -> &[PartHeader<'a>] {
        &self.headers
    }

    /// The first value of the header `name` (case-insensitive).
    pub fn header(&self, name: &str) -> Option<&'a str> {
        self.headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.value)
    }

    /// The Content-Type value as written, if the part has one.
    pub fn content_type(&self) -> Option<&'a str> {
        self.header("Content-Type")
    }

    /// The parsed Content-Type. A part without one has the RFC 2046 5.1 default:
    /// `text/plain`, or `message/rfc822` inside a `multipart/digest`.
    pub fn media_type(&self) -> Result<MediaType<'a>> {
        match self.content_type() {
            Some(v) => MediaType::parse(v),
            None if self.in_digest => MediaType::parse("message/rfc822"),
            None => MediaType::parse("text/plain"),
        }
    }

    /// True when the part's media type is `essence` (`type/subtype`, case-insensitive).
    pub fn is(&self, essence: &str) -> bool {
        self.media_type().is_ok_and(|m| m.is(essence))
    }

    /// The Content-ID, with the angle brackets of RFC 2045 7 removed when present (and the
    /// LWS around the value, as every header value here is trimmed).
    pub fn content_id(&self) -> Option<&'a str> {
        self.header("Content-ID").map(bare_content_id)
    }

    /// The parsed Content-Disposition, if the part has one.
    pub fn disposition(&self) -> Option<Result<Disposition<'a>>> {
        self.header("Content-Disposition").map(Disposition::parse)
    }

    /// The part's body: the bytes after its header section, up to the CRLF that belongs to the
    /// next boundary delimiter.
    pub fn body(&self) -> &'a [u8] {
        self.body
    }

    /// The whole part, header section and body, as it stands in the message.
    pub fn raw(&self) -> &'a [u8] {
        self.raw
    }

    /// Offset of the part's first byte in the outermost body that was parsed.
    pub fn offset(&self) -> usize {
        self.offset
    }

    /// Offset of the part's body in the outermost body that was parsed.
    pub fn body_offset(&self) -> usize {
        self.body_offset
    }

    /// The parsed parts of this part, when it is a `multipart/*`.
    pub fn nested(&self) -> Option<&Multipart<'a>> {
        self.nested.as_ref()
    }
}

/// A Content-ID as compared: LWS-trimmed (SP, HTAB, CR, LF: the one trimming rule of header
/// values), then `<id>` → `id`; anything else unchanged.
pub(super) fn bare_content_id(s: &str) -> &str {
    let s = trim_lws(s);
    s.strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(s)
}

/// Parses one body part: header fields up to the empty line, then the body (RFC 2046 5.1.1
/// `body-part`). A part that begins with the empty line has no headers; a part without an
/// empty line is all headers.
pub(super) fn parse_part<'a>(
    raw: &'a [u8],
    in_digest: bool,
    base: usize,
    depth: usize,
    budget: &mut Budget<'_>,
) -> Result<Part<'a>> {
    let limits = budget.limits;
    // (name_start, name_end, value_start, field_end)
    let mut spans: Vec<(usize, usize, usize, usize)> = Vec::new();
    let mut pos = 0;
    let body_start = loop {
        if pos >= raw.len() {
            break raw.len();
        }
        let lf = memchr::memchr(b'\n', raw.get(pos..).unwrap_or_default());
        let line_end = lf.map_or(raw.len(), |p| pos + p);
        let next = lf.map_or(raw.len(), |_| line_end + 1);
        let mut content_end = line_end;
        if content_end > pos && raw.get(content_end - 1) == Some(&b'\r') {
            content_end -= 1;
        }
        if content_end == pos {
            break next;
        }
        let first = raw.get(pos).copied().unwrap_or_default();
        if first == b' ' || first == b'\t' {
            let Some(last) = spans.last_mut() else {
                return Err(SipError::new(
                    ErrorKind::BadHeader,
                    base + pos,
                    "multipart part: folded line before any header",
                ));
            };
            last.3 = content_end;
        } else {
            let line = raw.get(pos..content_end).unwrap_or_default();
            let Some(colon) = memchr::memchr(b':', line) else {
                return Err(SipError::new(
                    ErrorKind::BadHeader,
                    base + pos,
                    "multipart part: header line has no ':' (or the empty line before the body \
                     is missing)",
                ));
            };
            let mut name_end = pos + colon;
            while name_end > pos && matches!(raw.get(name_end - 1), Some(b' ' | b'\t')) {
                name_end -= 1;
            }
            let name_ok = raw
                .get(pos..name_end)
                .is_some_and(|n| !n.is_empty() && n.iter().all(|&b| is(b, MIME_TOKEN)));
            if !name_ok {
                return Err(SipError::new(
                    ErrorKind::BadHeader,
                    base + pos,
                    "multipart part: header name is not a token",
                ));
            }
            if spans.len() >= limits.max_headers {
                return Err(SipError::limit(Limit::Headers, spans.len() + 1, base + pos));
            }
            spans.push((pos, name_end, pos + colon + 1, content_end));
        }
        if let Some(&(start, _, _, end)) = spans.last()
            && end - start > limits.max_line_length
        {
            return Err(SipError::limit(
                Limit::LineLength,
                end - start,
                base + start,
            ));
        }
        pos = next;
    };
    let mut headers = Vec::with_capacity(spans.len());
    for (ns, ne, vs, fe) in spans {
        let text = |a: usize, b: usize| {
            std::str::from_utf8(raw.get(a..b).unwrap_or_default()).map_err(|e| {
                SipError::new(
                    ErrorKind::NotUtf8,
                    base + a + e.valid_up_to(),
                    "multipart part: header is not UTF-8",
                )
            })
        };
        headers.push(PartHeader {
            name: text(ns, ne)?,
            value: trim_lws(text(vs, fe)?),
        });
    }
    let body = raw.get(body_start..).unwrap_or_default();
    let mut part = Part {
        headers,
        raw,
        body,
        offset: base,
        body_offset: base + body_start,
        in_digest,
        nested: None,
    };
    if let Ok(mt) = part.media_type()
        && mt.is_multipart()
    {
        part.nested = Some(Multipart::parse_level(
            body,
            mt,
            base + body_start,
            depth + 1,
            budget,
        )?);
    }
    Ok(part)
}
