//! Multipart bodies (RFC 2046 5.1): reading nested `multipart/*` bodies into parts that borrow
//! the message bytes, and building them.
//!
//! SIP carries several bodies in one message this way: alternative session descriptions, or a
//! session description next to a location object or a call context document. Parts of type
//! `multipart/*` are parsed recursively, bounded by [`Limits::max_nesting_depth`] and
//! [`Limits::max_parts`].
//!
//! Its parts: the media type and boundary (`media_type`), Content-Disposition
//! (`disposition`), one body part and its reading (`part`), the delimiter lines
//! (`delimiter`), the walk over a tree of parts (here) and the builder (`builder`).

mod builder;
mod delimiter;
mod disposition;
mod media_type;
mod part;
#[cfg(test)]
mod tests;

use crate::limits::{Limit, Limits};
use crate::sip::error::{ErrorKind, Result, SipError};
pub use builder::{BuiltMultipart, MultipartBuilder};
use delimiter::{before_line_end, find_delimiter};
pub use disposition::Disposition;
pub use media_type::{MediaType, validate_boundary};
pub use part::{Part, PartHeader};
use part::{bare_content_id, parse_part};

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
