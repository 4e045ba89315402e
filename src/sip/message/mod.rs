//! A SIP message (RFC 3261 section 7): one owned buffer, a start line and header fields kept as
//! spans into it. Nothing is decoded until asked for; serializing gives back the bytes as they
//! came in (or as edited).
//!
//! Its parts: the owned bytes (`buf`), the reading of the start line (`start_line`) and of
//! the header section (`head_scan`), the per-kind indexes and the lookup cursor (`cursor`),
//! lookups of values by name and index (`lookup`), the typed headers (`typed`) and their
//! numbers (`numbers`).

mod buf;
mod cursor;
mod head_scan;
mod lookup;
mod numbers;
mod splice;
mod start_line;
#[cfg(test)]
mod tests;
mod typed;
pub(crate) mod written;

use crate::limits::Limits;
use crate::sip::error::Result;
use crate::sip::header_name::HeaderKind;
use crate::sip::scan::in_place::parse_in_place;
use buf::Buf;
use cursor::{ABSENT, FirstIndex, ValueCursor, index_kinds};
use head_scan::scan;
pub(crate) use numbers::{delta_seconds, parse_decimal};
use smallvec::SmallVec;

/// Header fields kept inline before spilling to the heap: typical SIP messages carry fewer
/// (at most 20 in the test corpora). 30 keeps a message handle of the C API within 1 KiB,
/// which the common allocators serve from their per-thread caches (glibc's up to 1032 bytes;
/// with 32 fields a handle took 1072 bytes and cost about 400 more instructions to allocate
/// and free).
const INLINE_HEADERS: usize = 30;

/// One header field: spans of its name, its value and its whole line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    kind: HeaderKind,
    name_start: u32,
    name_end: u32,
    value_start: u32,
    value_end: u32,
    /// Just past the line terminator of the field's last (folded) line.
    line_end: u32,
}

impl Header {
    /// The header this field is, with compact forms resolved.
    pub fn kind(&self) -> HeaderKind {
        self.kind
    }

    /// Byte range of the whole field in the message, from its name through its line ending.
    pub fn line_range(&self) -> std::ops::Range<usize> {
        self.name_start as usize..self.line_end as usize
    }

    /// Byte range of the field value (LWS-trimmed; folding inside is kept).
    pub fn value_range(&self) -> std::ops::Range<usize> {
        self.value_start as usize..self.value_end as usize
    }

    /// Byte range of the name as written.
    pub fn name_range(&self) -> std::ops::Range<usize> {
        self.name_start as usize..self.name_end as usize
    }
}

/// The first line of a message, borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StartLine<'a> {
    /// `Method SP Request-URI SP SIP-Version` (RFC 3261 7.1).
    Request {
        method: &'a str,
        uri: &'a str,
        version: &'a str,
    },
    /// `SIP-Version SP Status-Code SP Reason-Phrase` (RFC 3261 7.2).
    Response {
        version: &'a str,
        code: u16,
        reason: &'a str,
    },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Start {
    Request {
        method: (u32, u32),
        uri: (u32, u32),
        version: (u32, u32),
    },
    Response {
        version: (u32, u32),
        code: u16,
        reason: (u32, u32),
    },
}

/// A parsed SIP message that owns its bytes.
#[derive(Debug, Clone)]
pub struct Message {
    buf: Buf,
    start: Start,
    headers: Headers,
    /// Offset of the first body byte (just past the empty line).
    body_start: u32,
    limits: Limits,
    /// Per header kind, the index of its first field (at most [`FIRST_CAP`], a lower bound
    /// then) or [`ABSENT`]: lookups by kind start there instead of walking every field.
    first: FirstIndex,
    /// Per header kind, the index of its last field (for a kind that has one): walks over
    /// the fields of a kind stop there. [`FIRST_CAP`] when that field lies at or past the
    /// cap (the walk then goes to the end).
    last: FirstIndex,
    /// Where the last lookup by index stopped, so that asking for values 0, 1, 2, ... in turn
    /// walks the fields once in all.
    cursor: ValueCursor,
}

/// The header fields of a message, inline up to [`INLINE_HEADERS`].
type Headers = SmallVec<[Header; INLINE_HEADERS]>;
impl Message {
    /// Parses one complete message (a datagram, or a message cut from a stream by the framer)
    /// with the default [`Limits`].
    #[inline]
    pub fn parse(bytes: &[u8]) -> Result<Message> {
        Message::parse_with(bytes, &Limits::DEFAULT)
    }

    /// Parses one complete message under `limits`. The body is everything after the empty
    /// line; whether it agrees with Content-Length is for validation to judge.
    #[inline]
    pub fn parse_with(bytes: &[u8], limits: &Limits) -> Result<Message> {
        // Built in the value returned, as moving the inline header array costs a copy.
        parse_in_place(|| Message::blank(limits), |m| m.fill(bytes, Vec::new()))
    }

    /// A message with nothing in it yet, to be filled (by [`Message::parse_into_reusing`] where it
    /// will live: a message holds its first header fields inline, so moving one copies them).
    #[inline(always)]
    pub(crate) fn blank(limits: &Limits) -> Message {
        Message {
            buf: Buf::Text(String::new()),
            start: Start::Response {
                version: (0, 0),
                code: 0,
                reason: (0, 0),
            },
            headers: Headers::new(),
            body_start: 0,
            limits: *limits,
            first: [ABSENT; HeaderKind::Other as usize + 1],
            last: [0; HeaderKind::Other as usize + 1],
            cursor: ValueCursor::new(),
        }
    }

    /// Parses `bytes` into `self`, a [`Message::blank`] (its limits apply), as
    /// [`Message::parse_with`] parses, copying the bytes into the allocation of `spare` (see
    /// [`Message::take_spare_buffer`]) when it is large enough; on error `self` is left
    /// partly written.
    #[inline]
    pub(crate) fn parse_into_reusing(&mut self, bytes: &[u8], spare: Vec<u8>) -> Result<()> {
        self.fill(bytes, spare)
    }

    /// The allocation of the message's bytes, emptied, when its capacity is at most `max`, for
    /// a next message to copy into ([`Message::parse_into_reusing`]); else an empty `Vec`. The
    /// message is left without bytes: only for a message about to be dropped.
    pub(crate) fn take_spare_buffer(&mut self, max: usize) -> Vec<u8> {
        self.buf.take_spare(max)
    }

    /// [`Message::from_vec_with`] under the default [`Limits`].
    pub fn from_vec(bytes: Vec<u8>) -> Result<Message> {
        Message::from_vec_with(bytes, &Limits::DEFAULT)
    }

    /// Parses one complete message whose bytes the caller hands over (as the framer does with
    /// what it cut from a stream) under `limits`: they become the message's buffer without a
    /// copy.
    pub fn from_vec_with(bytes: Vec<u8>, limits: &Limits) -> Result<Message> {
        let mut m = Message::blank(limits);
        m.replace_buffer(bytes)?;
        Ok(m)
    }

    /// Scans `bytes` into a message without fields and takes a copy of them.
    fn fill(&mut self, bytes: &[u8], spare: Vec<u8>) -> Result<()> {
        let (start, body_start, ascii) = scan(bytes, &self.limits, &mut self.headers)?;
        self.buf = Buf::copied_into(spare, bytes, body_start as usize, ascii)?;
        self.start = start;
        self.body_start = body_start;
        index_kinds(&self.headers, &mut self.first, &mut self.last);
        Ok(())
    }

    /// Re-reads the layout after `buf` changed (edits); keeps the limits.
    pub(crate) fn replace_buffer(&mut self, buf: Vec<u8>) -> Result<()> {
        let mut headers = Headers::new();
        let (start, body_start, _) = scan(&buf, &self.limits, &mut headers)?;
        self.buf = Buf::new(buf, body_start as usize)?;
        self.start = start;
        index_kinds(&headers, &mut self.first, &mut self.last);
        self.headers = headers;
        self.body_start = body_start;
        self.cursor.clear();
        Ok(())
    }

    /// The whole message: byte for byte what was parsed, with edits applied.
    pub fn as_bytes(&self) -> &[u8] {
        self.buf.bytes()
    }

    /// Consumes the message, handing back its bytes.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf.into_bytes()
    }

    /// The limits this message was parsed under (edits keep to them too).
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// The text of a span of the header section (a start-line part, a header name or value):
    /// bounds-checked (an empty string past the end), without the check of both ends for
    /// character boundaries that `str::get` makes, which every value lookup paid.
    #[inline]
    pub(super) fn text(&self, a: u32, b: u32) -> &str {
        let head = self.buf.head();
        let (a, b) = (a as usize, b as usize);
        debug_assert!(a > b || b > head.len() || head.is_char_boundary(a));
        debug_assert!(a > b || b > head.len() || head.is_char_boundary(b));
        match head.as_bytes().get(a..b) {
            // SAFETY: `head` is a `str`, and every span a message keeps starts and ends at a
            // character boundary of it: each end is 0, the end of the header section, or an
            // offset whose byte, or the byte before it, is ASCII (in a valid UTF-8 string an
            // ASCII byte is a whole character, so the byte after it starts one). The scan
            // (`head_scan`, `start_line`) makes spans only so: a name starts a line (after
            // LF) and ends at white space or ':'; a value starts after ':', white space or
            // LF and ends before white space, CR or LF; the start-line parts lie between SP,
            // the line start and CR / LF. The edits in `splice` move spans together with the
            // bytes around them and make new ones at the ends of inserted `str`s, or else the
            // message is scanned again. So `head[a..b]` is valid UTF-8 (the debug assertions
            // above check it in every test).
            Some(s) => unsafe { std::str::from_utf8_unchecked(s) },
            None => "",
        }
    }

    /// The start line.
    pub fn start_line(&self) -> StartLine<'_> {
        match self.start {
            Start::Request {
                method,
                uri,
                version,
            } => StartLine::Request {
                method: self.text(method.0, method.1),
                uri: self.text(uri.0, uri.1),
                version: self.text(version.0, version.1),
            },
            Start::Response {
                version,
                code,
                reason,
            } => StartLine::Response {
                version: self.text(version.0, version.1),
                code,
                reason: self.text(reason.0, reason.1),
            },
        }
    }

    pub fn is_request(&self) -> bool {
        matches!(self.start, Start::Request { .. })
    }

    /// The request method; `None` for a response.
    pub fn method(&self) -> Option<&str> {
        match self.start {
            Start::Request { method, .. } => Some(self.text(method.0, method.1)),
            Start::Response { .. } => None,
        }
    }

    /// The Request-URI as written; `None` for a response.
    pub fn request_uri(&self) -> Option<&str> {
        match self.start {
            Start::Request { uri, .. } => Some(self.text(uri.0, uri.1)),
            Start::Response { .. } => None,
        }
    }

    /// Byte range of the Request-URI (for edits).
    pub(crate) fn request_uri_range(&self) -> Option<std::ops::Range<usize>> {
        match self.start {
            Start::Request { uri, .. } => Some(uri.0 as usize..uri.1 as usize),
            Start::Response { .. } => None,
        }
    }

    /// The status code; `None` for a request.
    pub fn status(&self) -> Option<u16> {
        match self.start {
            Start::Response { code, .. } => Some(code),
            Start::Request { .. } => None,
        }
    }

    /// The reason phrase; `None` for a request.
    pub fn reason(&self) -> Option<&str> {
        match self.start {
            Start::Response { reason, .. } => Some(self.text(reason.0, reason.1)),
            Start::Request { .. } => None,
        }
    }

    /// The SIP-Version as written (`SIP/2.0`).
    pub fn version(&self) -> &str {
        match self.start {
            Start::Request { version, .. } | Start::Response { version, .. } => {
                self.text(version.0, version.1)
            }
        }
    }

    /// Every header field, in order.
    pub fn headers(&self) -> &[Header] {
        &self.headers
    }

    /// The name of `h` as written (may be a compact form).
    #[inline]
    pub fn name_of(&self, h: &Header) -> &str {
        self.text(h.name_start, h.name_end)
    }

    /// The whole value of `h`, trimmed of LWS at both ends (folding inside is kept).
    #[inline]
    pub fn value_of(&self, h: &Header) -> &str {
        self.text(h.value_start, h.value_end)
    }

    /// The body: every byte after the empty line, as received.
    pub fn body(&self) -> &[u8] {
        self.buf
            .bytes()
            .get(self.body_start as usize..)
            .unwrap_or(&[])
    }

    /// The body as Content-Length declares it: cut to that length when the header is present,
    /// valid and not larger than what arrived (RFC 3261 18.3: bytes beyond it are not part of
    /// the message); otherwise the whole [`Message::body`].
    pub fn declared_body(&self) -> &[u8] {
        let body = self.body();
        match self.content_length() {
            Some(Ok(n)) if (n as usize) <= body.len() => &body[..n as usize],
            _ => body,
        }
    }

    /// Offset of the first body byte (the length of start line + headers + empty line).
    pub fn head_len(&self) -> usize {
        self.body_start as usize
    }
}
