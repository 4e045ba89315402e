//! Multipart bodies (RFC 2046 5.1): reading nested `multipart/*` bodies into parts that borrow
//! the message bytes, and building them.
//!
//! SIP carries several bodies in one message this way: alternative session descriptions, or a
//! session description next to a location object or a call context document. Parts of type
//! `multipart/*` are parsed recursively, bounded by [`Limits::max_nesting_depth`] and
//! [`Limits::max_parts`].

use crate::limits::{Limit, Limits};
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::params::Params;
use crate::sip::scan::class::{MIME_TOKEN, is};
use crate::sip::scan::{is_lws, trim_lws};
use sha1::{Digest, Sha1};
use std::borrow::Cow;

/// RFC 2045 5.1 `token` (the class table's [`MIME_TOKEN`]).
fn is_mime_token(s: &str) -> bool {
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
    headers: Vec<PartHeader<'a>>,
    raw: &'a [u8],
    body: &'a [u8],
    offset: usize,
    body_offset: usize,
    in_digest: bool,
    nested: Option<Multipart<'a>>,
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
fn bare_content_id(s: &str) -> &str {
    let s = trim_lws(s);
    s.strip_prefix('<')
        .and_then(|x| x.strip_suffix('>'))
        .unwrap_or(s)
}

/// A parsed `multipart/*` body (RFC 2046 5.1), nested multiparts included.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Multipart<'a> {
    media_type: MediaType<'a>,
    boundary: &'a str,
    preamble: &'a [u8],
    epilogue: &'a [u8],
    parts: Vec<Part<'a>>,
}

/// Counts parts over the whole tree, for [`Limits::max_parts`].
struct Budget<'l> {
    limits: &'l Limits,
    parts: usize,
}

impl<'a> Multipart<'a> {
    /// Parses `body`, whose Content-Type value is `content_type`.
    ///
    /// Errors: the type is not `multipart/*`, the `boundary` parameter is missing or invalid,
    /// no opening delimiter, no close delimiter, a part header line is malformed, nesting
    /// deeper than `max_nesting_depth` (the outermost multipart is depth 1), more than
    /// `max_parts` parts in the whole tree, or a part header line longer than
    /// `max_line_length` / more than `max_headers` fields in one part. Errors about the
    /// Content-Type value carry offsets into it; all others, offsets into `body`.
    pub fn parse(body: &'a [u8], content_type: &'a str, limits: &Limits) -> Result<Multipart<'a>> {
        let media_type = MediaType::parse(content_type)?;
        if !media_type.is_multipart() {
            return Err(SipError::new(
                ErrorKind::BadValue,
                0,
                "Content-Type is not multipart/*",
            ));
        }
        let mut budget = Budget { limits, parts: 0 };
        Multipart::parse_level(body, media_type, 0, 1, &mut budget)
    }

    /// Parses one level; `base` is the offset of `body` in the outermost body.
    fn parse_level(
        body: &'a [u8],
        media_type: MediaType<'a>,
        base: usize,
        depth: usize,
        budget: &mut Budget<'_>,
    ) -> Result<Multipart<'a>> {
        if depth > budget.limits.max_nesting_depth {
            return Err(SipError::limit(Limit::NestingDepth, depth, base));
        }
        let boundary = media_type
            .boundary()
            .map_err(|e| SipError { offset: base, ..e })?;
        let mut dash = Vec::with_capacity(boundary.len() + 2);
        dash.extend_from_slice(b"--");
        dash.extend_from_slice(boundary.as_bytes());
        let finder = memchr::memmem::Finder::new(&dash);

        let Some((first, mut close, mut next)) = find_delimiter(body, &finder, dash.len(), 0)
        else {
            return Err(SipError::new(
                ErrorKind::BadValue,
                base,
                "multipart body has no opening boundary delimiter",
            ));
        };
        if close {
            return Err(SipError::new(
                ErrorKind::BadValue,
                base + first,
                "multipart body has no part before its close delimiter",
            ));
        }
        let preamble = body
            .get(..before_line_end(body, first, 0))
            .unwrap_or_default();
        let in_digest = media_type.subtype.eq_ignore_ascii_case("digest");
        let mut parts = Vec::new();
        while !close {
            let start = next;
            let Some((at, is_close, after)) = find_delimiter(body, &finder, dash.len(), start)
            else {
                return Err(SipError::new(
                    ErrorKind::Incomplete,
                    base + start,
                    "multipart part has no following boundary delimiter (close delimiter missing)",
                ));
            };
            budget.parts += 1;
            if budget.parts > budget.limits.max_parts {
                return Err(SipError::limit(Limit::Parts, budget.parts, base + start));
            }
            let end = before_line_end(body, at, start);
            let raw = body.get(start..end).unwrap_or_default();
            parts.push(parse_part(raw, in_digest, base + start, depth, budget)?);
            close = is_close;
            next = after;
        }
        let epilogue = body.get(next..).unwrap_or_default();
        Ok(Multipart {
            media_type,
            boundary,
            preamble,
            epilogue,
            parts,
        })
    }

    /// The media type of this multipart (`multipart/mixed; boundary=...`).
    pub fn media_type(&self) -> &MediaType<'a> {
        &self.media_type
    }

    /// The subtype: `mixed`, `alternative`, `related`, ...
    pub fn subtype(&self) -> &'a str {
        self.media_type.subtype
    }

    /// The boundary, unquoted.
    pub fn boundary(&self) -> &'a str {
        self.boundary
    }

    /// The parts of this level, in order.
    pub fn parts(&self) -> &[Part<'a>] {
        &self.parts
    }

    /// Bytes before the first delimiter (ignored by readers, RFC 2046 5.1.1).
    pub fn preamble(&self) -> &'a [u8] {
        self.preamble
    }

    /// Bytes after the close delimiter line (ignored by readers, RFC 2046 5.1.1).
    pub fn epilogue(&self) -> &'a [u8] {
        self.epilogue
    }

    /// Every part at every level, depth first in document order, with its depth (1 for the
    /// parts of this level). A nested multipart comes before its own parts.
    pub fn walk(&self) -> Walk<'_, 'a> {
        Walk {
            stack: vec![(1, self.parts.iter())],
        }
    }

    /// The parts that are not themselves multipart, depth first in document order.
    pub fn leaves(&self) -> impl Iterator<Item = &Part<'a>> {
        self.walk()
            .filter(|(_, p)| p.nested.is_none())
            .map(|(_, p)| p)
    }

    /// The first part, at any depth, whose media type is `essence` (`type/subtype`,
    /// case-insensitive), e.g. `application/sdp`.
    pub fn find(&self, essence: &str) -> Option<&Part<'a>> {
        self.walk().map(|(_, p)| p).find(|p| p.is(essence))
    }

    /// Every part, at any depth, whose media type is `essence`, in document order.
    pub fn find_all<'s>(&'s self, essence: &'s str) -> impl Iterator<Item = &'s Part<'a>> + 's {
        self.walk().map(|(_, p)| p).filter(move |p| p.is(essence))
    }

    /// The first part, at any depth, whose Content-ID is `id`. `id` may be written as
    /// `<id>` or as a `cid:` URL (RFC 2392) without %-escapes.
    pub fn find_by_content_id(&self, id: &str) -> Option<&Part<'a>> {
        let id = bare_content_id(id);
        let id = match id.get(..4) {
            Some(p) if p.eq_ignore_ascii_case("cid:") => &id[4..],
            _ => id,
        };
        let id = bare_content_id(id);
        self.walk()
            .map(|(_, p)| p)
            .find(|p| p.content_id() == Some(id))
    }
}

/// Depth-first walk over the parts of a [`Multipart`]; see [`Multipart::walk`].
pub struct Walk<'m, 'a> {
    stack: Vec<(usize, std::slice::Iter<'m, Part<'a>>)>,
}

impl<'m, 'a> Iterator for Walk<'m, 'a> {
    type Item = (usize, &'m Part<'a>);

    fn next(&mut self) -> Option<(usize, &'m Part<'a>)> {
        loop {
            let (depth, it) = self.stack.last_mut()?;
            let depth = *depth;
            match it.next() {
                Some(p) => {
                    if let Some(n) = &p.nested {
                        self.stack.push((depth + 1, n.parts.iter()));
                    }
                    return Some((depth, p));
                }
                None => {
                    self.stack.pop();
                }
            }
        }
    }
}

/// Finds the next delimiter line at or after `from`: `--boundary` at the start of a line,
/// then either `--` (close delimiter) or optional transport padding and the line end
/// (RFC 2046 5.1.1). Returns where the dash-boundary starts, whether it closes, and where the
/// next part (or the epilogue) starts. A bare LF is accepted as a line end.
fn find_delimiter(
    body: &[u8],
    finder: &memchr::memmem::Finder<'_>,
    dash_len: usize,
    from: usize,
) -> Option<(usize, bool, usize)> {
    let mut search = from;
    loop {
        let at = search + finder.find(body.get(search..)?)?;
        search = at + 1;
        let line_start = at == 0 || body.get(at - 1) == Some(&b'\n');
        if !line_start {
            continue;
        }
        let after = at + dash_len;
        let rest = body.get(after..).unwrap_or_default();
        if rest.starts_with(b"--") {
            // Close delimiter; whatever follows on its line and after is the epilogue.
            let mut next = after + 2;
            if let Some(p) = memchr::memchr(b'\n', body.get(next..).unwrap_or_default()) {
                let padding = body.get(next..next + p).unwrap_or_default();
                if padding.iter().all(|&b| matches!(b, b' ' | b'\t' | b'\r')) {
                    next += p + 1;
                }
            } else if rest
                .get(2..)
                .unwrap_or_default()
                .iter()
                .all(|&b| matches!(b, b' ' | b'\t'))
            {
                next = body.len();
            }
            return Some((at, true, next));
        }
        let pad = rest
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let tail = rest.get(pad..).unwrap_or_default();
        if tail.starts_with(b"\r\n") {
            return Some((at, false, after + pad + 2));
        }
        if tail.starts_with(b"\n") {
            return Some((at, false, after + pad + 1));
        }
        // `--boundary` followed by other text is content, not a delimiter.
    }
}

/// The end of the content before a delimiter at `at`: the CRLF (or LF) before the
/// dash-boundary belongs to the delimiter. Never before `floor`.
fn before_line_end(body: &[u8], at: usize, floor: usize) -> usize {
    let mut end = at;
    if end > 0 && body.get(end - 1) == Some(&b'\n') {
        end -= 1;
        if end > 0 && body.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
    }
    end.max(floor)
}

/// Parses one body part: header fields up to the empty line, then the body (RFC 2046 5.1.1
/// `body-part`). A part that begins with the empty line has no headers; a part without an
/// empty line is all headers.
fn parse_part<'a>(
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
enum Content {
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

fn own(headers: &[(&str, &str)]) -> Vec<(String, String)> {
    headers
        .iter()
        .map(|&(n, v)| (n.to_owned(), v.to_owned()))
        .collect()
}

fn invalid(what: &'static str) -> SipError {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delimiter_search() {
        let body = b"x--bb\r\n--bbX\r\n--bb \t\r\nA--bb--";
        let f = memchr::memmem::Finder::new(b"--bb");
        // "--bb" after x is not at a line start; "--bbX" is content; the third is a delimiter.
        assert_eq!(find_delimiter(body, &f, 4, 0), Some((14, false, 22)));
        assert_eq!(find_delimiter(body, &f, 4, 15), None);
        let body = b"--bb--  \r\nepilogue";
        assert_eq!(find_delimiter(body, &f, 4, 0), Some((0, true, 10)));
    }

    #[test]
    fn line_end_before_delimiter() {
        assert_eq!(before_line_end(b"ab\r\n--", 4, 0), 2);
        assert_eq!(before_line_end(b"ab\n--", 3, 0), 2);
        assert_eq!(before_line_end(b"ab--", 2, 0), 2);
        assert_eq!(before_line_end(b"\r\n--", 2, 2), 2);
    }

    #[test]
    fn mime_tokens() {
        assert!(is_mime_token("pidf+xml"));
        assert!(!is_mime_token("a/b"));
        assert!(!is_mime_token(""));
        assert!(!is_mime_token("a b"));
    }
}
