//! A SIP message (RFC 3261 section 7): one owned buffer, a start line and header fields kept as
//! spans into it. Nothing is decoded until asked for; serializing gives back the bytes as they
//! came in (or as edited).

use super::cseq::CSeq;
use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::list_items::{FieldsItems, ListItem};
use super::name_addr::NameAddr;
use super::scan::class::{TOKEN, all_in};
use super::scan::decimal::{DecimalFault, all_digits, decimal, leading_digits};
use super::scan::find::{find, find2};
use super::scan::in_place::parse_in_place;
use super::scan::line_feeds::{LineFeeds, is_ascii};
use super::scan::line_start::short_name;
use super::scan::{is_token_char, skip_lws, split_list, split_list_from};
use super::via::Via;
use crate::limits::{Limit, Limits};
use smallvec::SmallVec;
use std::sync::atomic::{AtomicU64, Ordering};

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

/// Longest rest of a message read for ASCII before the UTF-8 check.
const SHORT_BODY: usize = 640;

/// The owned bytes. Nearly every SIP message is UTF-8 throughout and is kept as one `String`
/// (one allocation, text views need no further checks); a message with a non-UTF-8 body also
/// keeps a checked copy of its header section.
#[derive(Debug, Clone)]
enum Buf {
    Text(String),
    Binary { bytes: Vec<u8>, head: String },
}

impl Buf {
    fn new(v: Vec<u8>, head_len: usize) -> Result<Buf> {
        match String::from_utf8(v) {
            Ok(s) => Ok(Buf::Text(s)),
            Err(e) => {
                let bytes = e.into_bytes();
                match std::str::from_utf8(&bytes[..head_len]) {
                    Ok(h) => {
                        let head = h.to_string();
                        Ok(Buf::Binary { bytes, head })
                    }
                    Err(e) => Err(bad(
                        ErrorKind::NotUtf8,
                        e.valid_up_to(),
                        "header section is not UTF-8",
                    )),
                }
            }
        }
    }

    /// A copy of `bytes` (the one allocation of a parse), whose first `ascii` bytes are known
    /// to be ASCII. The rest is checked with SIMD before copying, so the common all-text
    /// message is checked and copied once each.
    fn copied(bytes: &[u8], head_len: usize, ascii: usize) -> Result<Buf> {
        let rest = bytes.get(ascii..).unwrap_or(&[]);
        // A short rest (a typical SDP body) is cheaper to read for ASCII than to set up the
        // UTF-8 check for; a long one is read at once by that check.
        let short = rest.len() <= SHORT_BODY;
        if rest.is_empty() || (short && is_ascii(rest)) || simdutf8::basic::from_utf8(rest).is_ok()
        {
            // SAFETY: `bytes[..ascii]` is ASCII and `rest` is valid UTF-8; it starts after an
            // ASCII byte, so at a character boundary, and the whole is valid UTF-8.
            return Ok(Buf::Text(unsafe {
                String::from_utf8_unchecked(bytes.to_vec())
            }));
        }
        Buf::new(bytes.to_vec(), head_len)
    }

    #[inline]
    fn bytes(&self) -> &[u8] {
        match self {
            Buf::Text(s) => s.as_bytes(),
            Buf::Binary { bytes, .. } => bytes,
        }
    }

    #[inline]
    fn head(&self) -> &str {
        match self {
            Buf::Text(s) => s,
            Buf::Binary { head, .. } => head,
        }
    }

    fn into_bytes(self) -> Vec<u8> {
        match self {
            Buf::Text(s) => s.into_bytes(),
            Buf::Binary { bytes, .. } => bytes,
        }
    }
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

/// The place of a value found by [`Message::value`], for the next lookup to start from: the
/// kind of the header, the index of the value after it, the field it stood in, and where in
/// that field's value the next one starts ([`CURSOR_FIELD_DONE`]: in a later field). Packed
/// in one word, kept in an atomic so that a shared message can keep it too (relaxed loads
/// and stores cost what plain ones do); places too large to pack are not kept.
#[derive(Debug, Default)]
struct ValueCursor(AtomicU64);

/// No cursor: no kind has this number.
const NO_CURSOR: u64 = u64::MAX;
/// The next value starts in a later field.
const CURSOR_FIELD_DONE: u64 = 0xff_ffff;

impl ValueCursor {
    const fn new() -> ValueCursor {
        ValueCursor(AtomicU64::new(NO_CURSOR))
    }

    /// (kind number, next value index, field, position), when a cursor is kept.
    #[inline(always)]
    fn get(&self) -> Option<(u8, usize, usize, u64)> {
        let w = self.0.load(Ordering::Relaxed);
        (w != NO_CURSOR).then_some((
            (w >> 56) as u8,
            ((w >> 40) & 0xffff) as usize,
            ((w >> 24) & 0xffff) as usize,
            w & CURSOR_FIELD_DONE,
        ))
    }

    #[inline(always)]
    fn set(&self, kind: HeaderKind, index: usize, field: usize, pos: Option<usize>) {
        let pos = pos.map_or(CURSOR_FIELD_DONE, |p| p as u64);
        let w = if index <= 0xffff && field <= 0xffff && pos <= CURSOR_FIELD_DONE {
            (kind as u64) << 56 | (index as u64) << 40 | (field as u64) << 24 | pos
        } else {
            NO_CURSOR
        };
        self.0.store(w, Ordering::Relaxed);
    }

    fn clear(&self) {
        self.0.store(NO_CURSOR, Ordering::Relaxed);
    }
}

/// A copy starts without a cursor (it is only a shortcut).
impl Clone for ValueCursor {
    fn clone(&self) -> ValueCursor {
        ValueCursor::new()
    }
}

type FirstIndex = [u8; HeaderKind::Other as usize + 1];
/// No field of the kind.
const ABSENT: u8 = u8::MAX;
/// Largest index kept as is; later first fields are found from here on.
const FIRST_CAP: u8 = u8::MAX - 1;

/// The first-field index of `headers`: per kind the smallest index (as [`ABSENT`] is larger
/// than any), without a branch per field.
fn first_index(headers: &[Header]) -> FirstIndex {
    let mut first = [ABSENT; HeaderKind::Other as usize + 1];
    let (exact, capped) = headers.split_at(headers.len().min(usize::from(FIRST_CAP)));
    for (i, h) in (0..FIRST_CAP).zip(exact) {
        let f = &mut first[h.kind as usize];
        *f = (*f).min(i);
    }
    for h in capped {
        let f = &mut first[h.kind as usize];
        *f = (*f).min(FIRST_CAP);
    }
    first
}

/// The last-field index of `headers`: per kind the largest index below [`FIRST_CAP`] (the
/// last store wins, without a branch), [`FIRST_CAP`] for a kind with a field past it, 0 for a
/// kind without fields (which [`first_index`] tells apart).
fn last_index(headers: &[Header]) -> FirstIndex {
    let mut last = [0; HeaderKind::Other as usize + 1];
    let (exact, capped) = headers.split_at(headers.len().min(usize::from(FIRST_CAP)));
    for (i, h) in (0..FIRST_CAP).zip(exact) {
        last[h.kind as usize] = i;
    }
    for h in capped {
        last[h.kind as usize] = FIRST_CAP;
    }
    last
}

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
        parse_in_place(|| Message::blank(limits), |m| m.fill(bytes))
    }

    /// A message with nothing in it yet, to be filled (by [`Message::parse_into`] where it
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
    /// [`Message::parse_with`] parses; on error `self` is left partly written.
    #[inline]
    pub(crate) fn parse_into(&mut self, bytes: &[u8]) -> Result<()> {
        self.fill(bytes)
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
    fn fill(&mut self, bytes: &[u8]) -> Result<()> {
        let (start, body_start, ascii) = scan(bytes, &self.limits, &mut self.headers)?;
        self.buf = Buf::copied(bytes, body_start as usize, ascii)?;
        self.start = start;
        self.body_start = body_start;
        self.first = first_index(&self.headers);
        self.last = last_index(&self.headers);
        Ok(())
    }

    /// Re-reads the layout after `buf` changed (edits); keeps the limits.
    pub(crate) fn replace_buffer(&mut self, buf: Vec<u8>) -> Result<()> {
        let mut headers = Headers::new();
        let (start, body_start, _) = scan(&buf, &self.limits, &mut headers)?;
        self.buf = Buf::new(buf, body_start as usize)?;
        self.start = start;
        self.first = first_index(&headers);
        self.last = last_index(&headers);
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

    #[inline]
    fn text(&self, a: u32, b: u32) -> &str {
        // Spans start and end next to ASCII delimiters, so they are char boundaries; an empty
        // string is the defensive answer if one ever were not.
        self.buf.head().get(a as usize..b as usize).unwrap_or("")
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

    /// The fields whose name matches `name` (case-insensitive, compact forms resolved).
    pub fn fields_of<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a Header> + use<'a, 'n> {
        let kind = HeaderKind::from_name(name);
        self.fields_of_kind(kind).filter(move |h| {
            kind != HeaderKind::Other || self.name_of(h).eq_ignore_ascii_case(name)
        })
    }

    /// The range of field indexes that holds every field of `kind` (empty when it has none).
    #[inline(always)]
    fn kind_range(&self, kind: HeaderKind) -> (usize, usize) {
        match (self.first[kind as usize], self.last[kind as usize]) {
            (ABSENT, _) => (0, 0),
            (f, FIRST_CAP) => (usize::from(f), self.headers.len()),
            (f, l) => (usize::from(f), usize::from(l) + 1),
        }
    }

    fn fields_of_kind(&self, kind: HeaderKind) -> impl Iterator<Item = &Header> + '_ {
        let (from, to) = self.kind_range(kind);
        self.headers
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .filter(move |h| h.kind == kind)
    }

    /// The value of the first field named `name`.
    pub fn header<'a>(&'a self, name: &str) -> Option<&'a str> {
        self.fields_of(name).next().map(|h| self.value_of(h))
    }

    /// The values of every field named `name`, one per field.
    pub fn fields<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.fields_of(name).map(|h| self.value_of(h))
    }

    /// The values of `name`: headers with a list grammar are split at their separating commas
    /// (outside quotes and angle brackets), other headers give one value per field.
    pub fn values<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        let split = HeaderKind::from_name(name).is_list();
        self.fields_of(name)
            .flat_map(move |h| self.field_values(h, split))
    }

    /// [`Message::values`] with the name as bytes (a name that is not UTF-8 matches nothing).
    pub fn values_named<'a>(&'a self, name: &'a [u8]) -> impl Iterator<Item = &'a str> + 'a {
        let kind = HeaderKind::from_name_bytes(name);
        let split = kind.is_list();
        self.fields_of_kind(kind)
            .filter(move |h| self.is_named(h, kind, name))
            .flat_map(move |h| self.field_values(h, split))
    }

    /// Hands every value of the header `kind` / `name` (the name matters only for
    /// [`HeaderKind::Other`]) to `f`, in the order of [`Message::values`]: one loop over the
    /// fields of the kind, with no iterator adapters between the values and `f`.
    #[inline]
    pub(crate) fn each_value<'a>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        mut f: impl FnMut(&'a str),
    ) {
        let (from, to) = self.kind_range(kind);
        let split = kind.is_list();
        for h in self.headers.get(from..to).unwrap_or(&[]) {
            if !self.is_named(h, kind, name) {
                continue;
            }
            let v = self.value_of(h);
            if split {
                for (a, b) in split_list(v) {
                    f(v.get(a..b).unwrap_or(""));
                }
            } else {
                f(v);
            }
        }
    }

    /// The values of one field (split when `split`), as slices of the message.
    fn field_values<'a>(&'a self, h: &Header, split: bool) -> FieldValues<'a> {
        let v = self.value_of(h);
        FieldValues {
            value: v,
            split: if split { Some(split_list(v)) } else { None },
            single: !split,
        }
    }

    /// The `index`-th value of `name`, counted as [`Message::values`] counts. Asking for
    /// the values of one header in turn (0, 1, 2, ...) walks its fields once in all: each
    /// lookup takes up where the one before it stopped.
    #[inline]
    pub fn value<'a>(&'a self, name: &str, index: usize) -> Option<&'a str> {
        self.value_named(name.as_bytes(), index)
    }

    /// [`Message::value`] with the name as bytes (a name that is not UTF-8 matches nothing).
    #[inline]
    pub fn value_named<'a>(&'a self, name: &[u8], index: usize) -> Option<&'a str> {
        self.nth_value(HeaderKind::from_name_bytes(name), name, index)
    }

    /// [`Message::value`] of a known header (not [`HeaderKind::Other`], which has no name
    /// to match: `None`), without matching a name.
    #[inline]
    pub fn value_of_kind(&self, kind: HeaderKind, index: usize) -> Option<&str> {
        if kind == HeaderKind::Other {
            return None;
        }
        self.nth_value(kind, b"", index)
    }

    /// True when field `h` is one of the header `kind` named `name` (the name matters only
    /// for [`HeaderKind::Other`]).
    #[inline(always)]
    fn is_named(&self, h: &Header, kind: HeaderKind, name: &[u8]) -> bool {
        h.kind == kind
            && (kind != HeaderKind::Other || self.name_of(h).as_bytes().eq_ignore_ascii_case(name))
    }

    /// Where the lookup of value `index` of the header `kind` / `name` starts: from the
    /// cursor when the last lookup was of the same header and not past `index`, else from
    /// its first field. Gives (values to skip, field, position in that field's value, end of
    /// the fields of the kind).
    #[inline(always)]
    fn lookup_start(
        &self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
    ) -> (usize, usize, u64, usize) {
        let resumed = self.cursor.get().filter(|&(k, next, field, _)| {
            k == kind as u8
                && next <= index
                && self
                    .headers
                    .get(field)
                    .is_some_and(|h| self.is_named(h, kind, name))
        });
        let (first, end) = self.kind_range(kind);
        match resumed {
            Some((_, next, field, pos)) => (index - next, field, pos, end),
            None => (index, first, 0, end),
        }
    }

    /// The `index`-th value of the header `kind` / `name` (see [`Message::lookup_start`]).
    fn nth_value<'a>(&'a self, kind: HeaderKind, name: &[u8], index: usize) -> Option<&'a str> {
        let (mut skip, mut field, mut pos, end) = self.lookup_start(kind, name, index);
        let split = kind.is_list();
        while let Some(h) = self.headers.get(field).filter(|_| field < end) {
            if pos != CURSOR_FIELD_DONE && self.is_named(h, kind, name) {
                let v = self.value_of(h);
                if !split {
                    if skip == 0 {
                        self.cursor.set(kind, index + 1, field, None);
                        return Some(v);
                    }
                    skip -= 1;
                } else {
                    let mut items = split_list_from(v, pos as usize);
                    while let Some((a, b)) = items.next() {
                        if skip == 0 {
                            self.cursor.set(kind, index + 1, field, items.rest_start());
                            return v.get(a..b);
                        }
                        skip -= 1;
                    }
                }
            }
            pos = 0;
            field += 1;
        }
        None
    }

    /// The `index`-th value of the header `kind` / `name` (counted as [`Message::value`]
    /// counts, a value that does not parse included) parsed as a `T`, or `None` when there is
    /// no such value. See [`Message::item_into`].
    #[cfg(test)]
    pub(crate) fn item_at<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
    ) -> Option<Result<T>> {
        let mut out = T::BLANK;
        self.item_into(kind, name, index, &mut out)
            .map(|r| r.map(|()| out))
    }

    /// Parses every value of the header `kind` / `name` in turn into `scratch` and hands each
    /// result to `f` (which says whether to go on), in the order and with the counting of
    /// [`Message::values`]: each value parsed as [`Message::item_into`] parses it, values in
    /// their usual form straight off the field, so the walk over a comma list is one pass.
    #[inline(always)]
    pub(crate) fn each_item<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        scratch: &mut T,
        mut f: impl FnMut(Result<&T>) -> bool,
    ) {
        let (from, to) = self.kind_range(kind);
        for h in self.headers.get(from..to).unwrap_or(&[]) {
            if !self.is_named(h, kind, name) {
                continue;
            }
            let v = self.value_of(h);
            if !kind.is_list() {
                let r = T::parse_whole_into(v, scratch);
                if !f(r.map(|()| &*scratch)) {
                    return;
                }
                continue;
            }
            let mut at = Some(0);
            while let Some(p) = at {
                let r = match fused_item(v, p, scratch) {
                    Some(next) => {
                        at = next;
                        Ok(())
                    }
                    None => {
                        let mut items = split_list_from(v, p);
                        let (a, b) = items.next().unwrap_or((p, p));
                        at = items.rest_start();
                        T::parse_whole_into(v.get(a..b).unwrap_or(""), scratch)
                    }
                };
                if !f(r.map(|()| &*scratch)) {
                    return;
                }
            }
        }
    }

    /// Parses the first value of the known header `kind` into `out`, as
    /// [`Message::item_into`] with index 0 does (without the cursor: the first field comes
    /// from the index of first fields). `None` when the message has no such header.
    #[inline(always)]
    pub(crate) fn first_item_into<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        out: &mut T,
    ) -> Option<Result<()>> {
        let v = self.first_of_kind(kind)?;
        if !kind.is_list() {
            return Some(T::parse_whole_into(v, out));
        }
        if fused_item(v, 0, out).is_some() {
            return Some(Ok(()));
        }
        let (a, b) = split_list(v).next()?;
        Some(T::parse_whole_into(v.get(a..b).unwrap_or(""), out))
    }

    /// Parses the `index`-th value of the header `kind` / `name` (counted as
    /// [`Message::value`] counts, a value that does not parse included) into `out`, which is
    /// left partly written on error; `None` when there is no such value. In a comma list, a
    /// value in its usual form is parsed straight off the field, the parse telling where the
    /// next value starts, so finding and parsing it is one walk; any other is cut out as
    /// [`split_list`] cuts it and parsed whole, so the result, errors included, is that of
    /// parsing [`Message::value`].
    #[inline(always)]
    pub(crate) fn item_into<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
        out: &mut T,
    ) -> Option<Result<()>> {
        if !kind.is_list() {
            return self
                .nth_value(kind, name, index)
                .map(|v| T::parse_whole_into(v, out));
        }
        let (mut skip, mut field, pos, end) = self.lookup_start(kind, name, index);
        let mut pos = pos;
        while let Some(h) = self.headers.get(field).filter(|_| field < end) {
            if pos != CURSOR_FIELD_DONE && self.is_named(h, kind, name) {
                let v = self.value_of(h);
                // The values before the one wanted are only cut out.
                let mut at = Some(pos as usize);
                while let Some(p) = at.filter(|_| skip > 0) {
                    let mut items = split_list_from(v, p);
                    at = items.next().and_then(|_| items.rest_start());
                    skip -= 1;
                }
                if let Some(p) = at.filter(|_| skip == 0) {
                    if let Some(next) = fused_item(v, p, out) {
                        self.cursor.set(kind, index + 1, field, next);
                        return Some(Ok(()));
                    }
                    let mut items = split_list_from(v, p);
                    let (a, b) = items.next()?;
                    self.cursor.set(kind, index + 1, field, items.rest_start());
                    return Some(T::parse_whole_into(v.get(a..b).unwrap_or(""), out));
                }
            }
            pos = 0;
            field += 1;
        }
        None
    }

    /// How many values `name` has, counted as [`Message::values`] counts.
    pub fn count(&self, name: &str) -> usize {
        self.values(name).count()
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

    /// The Via values, top first, each parsed on demand.
    #[inline]
    pub fn vias(&self) -> impl Iterator<Item = Result<Via<'_>>> + '_ {
        let values = self
            .fields_of_kind(HeaderKind::Via)
            .map(|h| self.value_of(h));
        FieldsItems::<_, Via>::new(values, false)
    }

    #[inline(always)]
    fn first_of_kind(&self, kind: HeaderKind) -> Option<&str> {
        match self.first[kind as usize] {
            // Below the cap the index is exact: that field is the first of the kind.
            i if i < FIRST_CAP => self.headers.get(usize::from(i)).map(|h| self.value_of(h)),
            ABSENT => None,
            _ => self.first_of_kind_past_cap(kind),
        }
    }

    /// [`Message::first_of_kind`] when the first field of `kind` lies past what the index
    /// keeps exact: a search from the cap on, kept out of line as it is rare.
    #[inline(never)]
    fn first_of_kind_past_cap(&self, kind: HeaderKind) -> Option<&str> {
        self.fields_of_kind(kind).next().map(|h| self.value_of(h))
    }

    /// The From header, parsed.
    #[inline]
    pub fn from(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::From).map(NameAddr::parse)
    }

    /// The To header, parsed.
    #[inline]
    pub fn to(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::To).map(NameAddr::parse)
    }

    /// The Call-ID value.
    #[inline]
    pub fn call_id(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::CallId)
    }

    /// The CSeq header, parsed.
    #[inline]
    pub fn cseq(&self) -> Option<Result<CSeq<'_>>> {
        self.first_of_kind(HeaderKind::CSeq).map(CSeq::parse)
    }

    /// True when a Contact value is `*` (REGISTER removing every binding).
    pub fn is_contact_star(&self) -> bool {
        self.fields_of_kind(HeaderKind::Contact)
            .flat_map(|h| self.field_values(h, true))
            .any(|v| v == "*")
    }

    /// The Contact values, parsed; a `*` value is skipped (see [`Message::is_contact_star`]).
    #[inline]
    pub fn contacts(&self) -> impl Iterator<Item = Result<NameAddr<'_>>> + '_ {
        let values = self
            .fields_of_kind(HeaderKind::Contact)
            .map(|h| self.value_of(h));
        FieldsItems::<_, NameAddr>::new(values, true)
    }

    /// Max-Forwards as a number.
    #[inline]
    pub fn max_forwards(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::MaxForwards).map(|v| {
            let n = parse_decimal(v, "Max-Forwards: expected 1*DIGIT")?;
            u32::try_from(n).map_err(|_| out_of_range("Max-Forwards: out of range"))
        })
    }

    /// Expires as a number of seconds (RFC 3261 20.19: `delta-seconds`, at most 2**32-1).
    #[inline]
    pub fn expires(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::Expires)
            .map(|v| delta_seconds(v, "Expires: expected 1*DIGIT"))
    }

    /// Min-Expires as a number of seconds (RFC 3261 20.23).
    #[inline]
    pub fn min_expires(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::MinExpires)
            .map(|v| delta_seconds(v, "Min-Expires: expected 1*DIGIT"))
    }

    /// Content-Length as a number.
    #[inline]
    pub fn content_length(&self) -> Option<Result<u64>> {
        self.first_of_kind(HeaderKind::ContentLength)
            .map(|v| parse_decimal(v, "Content-Length: expected 1*DIGIT"))
    }

    /// The Content-Type value as written.
    pub fn content_type(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::ContentType)
    }
}

/// Parses the list item of `v` at `pos` (just after a separating comma, or 0) into `out` when
/// it parses in one go and a comma or the end follows it: gives where the next item starts
/// (`None`: it was the last). `None` with `out` partly written otherwise.
#[inline(always)]
fn fused_item<'a, T: ListItem<'a>>(v: &'a str, pos: usize, out: &mut T) -> Option<Option<usize>> {
    let b = v.as_bytes();
    let start = skip_lws(b, pos);
    let len = T::parse_item(v.get(start..)?, out)?;
    let after = skip_lws(b, start + len);
    match b.get(after) {
        None => Some(None),
        Some(b',') => Some(Some(after + 1)),
        Some(_) => None,
    }
}

/// Parses `1*DIGIT` into a u64 (leading zeros allowed); anything else, or a value past
/// `u64::MAX`, is a [`ErrorKind::BadValue`] at the offending byte.
#[inline]
pub(crate) fn parse_decimal(v: &str, what: &'static str) -> Result<u64> {
    decimal(v.as_bytes()).map_err(|fault| decimal_error(fault, what))
}

#[cold]
#[inline(never)]
fn decimal_error(fault: DecimalFault, what: &'static str) -> SipError {
    let at = match fault {
        DecimalFault::NotDigit(i) => i,
        DecimalFault::Empty | DecimalFault::TooLarge => 0,
    };
    SipError::new(ErrorKind::BadValue, at, what)
}

/// A number that does not fit its type: [`ErrorKind::BadValue`] at 0.
#[cold]
#[inline(never)]
fn out_of_range(what: &'static str) -> SipError {
    SipError::new(ErrorKind::BadValue, 0, what)
}

/// `delta-seconds = 1*DIGIT` (RFC 3261 25.1) of Expires, Min-Expires and a Contact's
/// `expires`, which RFC 3261 20.19 bounds by 2**32-1: a larger value is an error here.
#[inline]
pub(crate) fn delta_seconds(v: &str, what: &'static str) -> Result<u32> {
    let n = parse_decimal(v, what)?;
    u32::try_from(n).map_err(|_| out_of_range(what))
}

/// Iterator over the values of one field.
struct FieldValues<'a> {
    value: &'a str,
    split: Option<super::scan::ListSplit<'a>>,
    single: bool,
}

impl<'a> Iterator for FieldValues<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if let Some(s) = &mut self.split {
            return s.next().map(|(a, b)| &self.value[a..b]);
        }
        if self.single {
            self.single = false;
            return Some(self.value);
        }
        None
    }
}

/// The header fields of a message, inline up to [`INLINE_HEADERS`].
type Headers = SmallVec<[Header; INLINE_HEADERS]>;

/// Offset of the first `x` at or after `at`.
#[inline(always)]
fn find_byte(b: &[u8], at: usize, x: u8) -> Option<usize> {
    find(x, b.get(at..)?).map(|k| at + k)
}

/// Offset of the first `x` or `y` at or after `at`.
#[inline(always)]
fn find_either(b: &[u8], at: usize, x: u8, y: u8) -> Option<usize> {
    find2(x, y, b.get(at..)?).map(|k| at + k)
}

/// Finds the end of the line starting at `from`: (end of content, start of next line).
/// Lines end with CRLF; a bare LF is tolerated.
#[inline]
fn line_at(b: &[u8], from: usize, feeds: &mut LineFeeds) -> Option<(usize, usize)> {
    let nl = feeds.next(from)?;
    let end = if nl > from && b[nl - 1] == b'\r' {
        nl - 1
    } else {
        nl
    };
    Some((end, nl + 1))
}

fn bad(kind: ErrorKind, at: usize, what: &'static str) -> SipError {
    SipError::new(kind, at, what)
}

/// Reads the start line and header fields of `b`, appending the fields to `headers` (empty on
/// entry); gives the start line, the offset of the body and how many leading bytes are known
/// to be ASCII.
fn scan(b: &[u8], limits: &Limits, headers: &mut Headers) -> Result<(Start, u32, usize)> {
    if b.is_empty() {
        return Err(bad(ErrorKind::Empty, 0, "empty message"));
    }
    if b.len() > limits.max_message_size {
        return Err(SipError::limit(Limit::MessageSize, b.len(), 0));
    }
    if b.len() > u32::MAX as usize {
        return Err(SipError::limit(Limit::MessageSize, b.len(), 0));
    }
    // RFC 3261 7.5: CRLFs before the start line are ignored.
    let mut pos = 0;
    while pos < b.len() && (b[pos] == b'\r' || b[pos] == b'\n') {
        pos += 1;
    }
    let mut feeds = LineFeeds::new(b);
    let (sl_end, mut next) = line_at(b, pos, &mut feeds).ok_or_else(|| {
        bad(
            ErrorKind::Incomplete,
            b.len(),
            "start line has no line ending",
        )
    })?;
    if sl_end - pos > limits.max_line_length {
        return Err(SipError::limit(Limit::LineLength, sl_end - pos, pos));
    }
    let start = parse_start_line(b, pos, sl_end)?;
    loop {
        match plain_fields(&mut feeds, next, limits, headers) {
            Line::Next(at) => next = at,
            Line::End(body) => return Ok((start, body as u32, feeds.ascii_prefix())),
        }
        match other_line(b, next, limits, headers, &mut feeds)? {
            Line::Next(after) => next = after,
            Line::End(body) => return Ok((start, body as u32, feeds.ascii_prefix())),
        }
    }
}

/// Reads header lines from `at` on while they are the usual kind: `token *(SP / HTAB) ":"`, a
/// value, within the limits. Gives where the body starts when it reaches the empty line (as
/// [`other_line`] would), else where the first other line starts, left to [`other_line`]
/// (which also finds the error to report, if any).
#[inline(never)]
fn plain_fields(
    feeds: &mut LineFeeds,
    mut at: usize,
    limits: &Limits,
    headers: &mut Headers,
) -> Line {
    // A copy the loop keeps in registers.
    let mut lf = *feeds;
    let b = lf.bytes();
    let max_line = limits.max_line_length;
    let mut room = limits.max_headers.saturating_sub(headers.len());
    // The walk below starts in the current block (offsets outside it are left to the
    // step-by-step reader, which searches from anywhere).
    if !lf.reaches(at) {
        return Line::Next(at);
    }
    // Block by block, line by line: each line feed ends the line that starts at `at`.
    let mut feeds_left = lf.at_or_after(at);
    'blocks: loop {
        while feeds_left != 0 {
            let nl = lf.base() + feeds_left.trailing_zeros() as usize;
            feeds_left &= feeds_left - 1;
            if nl <= at + 1 {
                // CRLF or LF alone: the empty line (RFC 3261 7)
                if nl == at || b.get(at) == Some(&b'\r') {
                    *feeds = lf;
                    return Line::End(nl + 1);
                }
                break 'blocks;
            }
            if room == 0 {
                break 'blocks;
            }
            let (colon, name_end, kind) = match short_name(b, at) {
                // An unknown short name is as the general lookup finds it, unless it ends in
                // white space (not a token character), which that path strips.
                Some((len, kind))
                    if at + len < nl && (kind != HeaderKind::Other || is_token_at(b, at, len)) =>
                {
                    (at + len, at + len, kind)
                }
                _ => match unusual_name(b, at, nl) {
                    Some(name) => name,
                    None => break 'blocks,
                },
            };
            let mut value_start = colon + 1;
            while let Some(b' ' | b'\t') = b.get(value_start) {
                value_start += 1;
            }
            // nl > colon, and b[colon] is ':'
            let end = if b.get(nl - 1) == Some(&b'\r') {
                nl - 1
            } else {
                nl
            };
            if end - at > max_line {
                break 'blocks;
            }
            let mut value_end = end;
            while value_end > value_start && matches!(b.get(value_end - 1), Some(b' ' | b'\t')) {
                value_end -= 1;
            }
            headers.push(Header {
                kind,
                name_start: at as u32,
                name_end: name_end as u32,
                value_start: value_start as u32,
                value_end: value_end as u32,
                line_end: (nl + 1) as u32,
            });
            room -= 1;
            at = nl + 1;
        }
        if !lf.advance() {
            break;
        }
        // `at` is in an earlier block: every line feed of this one is at or after it.
        feeds_left = lf.mask();
    }
    *feeds = lf;
    Line::Next(at)
}

/// The name of the line `at..nl` when it is not a known name of at most 15 bytes followed by
/// ':': (offset of the ':', end of the name, kind), or `None` when the line is not a plain field.
#[inline(never)]
fn unusual_name(b: &[u8], at: usize, nl: usize) -> Option<(usize, usize, HeaderKind)> {
    let colon = at + find(b':', b.get(at..nl)?)?;
    let mut name = b.get(at..colon)?;
    // A known name is a token, with no white space before the colon: white space is only
    // looked for when the name is not known as it stands.
    let mut kind = HeaderKind::from_name_bytes(name);
    while kind == HeaderKind::Other {
        match name {
            [rest @ .., b' ' | b'\t'] => {
                name = rest;
                kind = HeaderKind::from_name_bytes(name);
            }
            _ => break,
        }
    }
    if kind == HeaderKind::Other && (name.is_empty() || !is_token(name)) {
        return None;
    }
    Some((colon, at + name.len(), kind))
}

/// True when the `len` bytes at `at` are token characters; kept out of the loop over
/// lines, which mostly sees known names.
#[inline(never)]
fn is_token_at(b: &[u8], at: usize, len: usize) -> bool {
    b.get(at..at + len).is_some_and(is_token)
}

/// True when every byte of `s` is a token character (branch-free: extension header names can
/// be long).
#[inline]
fn is_token(s: &[u8]) -> bool {
    all_in(s, TOKEN)
}

/// What [`other_line`] (or [`plain_fields`]) found.
enum Line {
    /// A field or a continuation line (a line left to the step-by-step reader); the next line
    /// starts here.
    Next(usize),
    /// The empty line; the body starts here.
    End(usize),
}

/// Any line [`plain_fields`] does not take: the empty line, a continuation line, or a header line
/// to check step by step so that an error names the first fault.
fn other_line(
    b: &[u8],
    line_start: usize,
    limits: &Limits,
    headers: &mut Headers,
    feeds: &mut LineFeeds,
) -> Result<Line> {
    if line_start >= b.len() {
        return Err(bad(
            ErrorKind::Incomplete,
            b.len(),
            "no empty line after the header section",
        ));
    }
    let (end, after) = line_at(b, line_start, feeds).ok_or_else(|| {
        bad(
            ErrorKind::Incomplete,
            b.len(),
            "header line has no line ending",
        )
    })?;
    if end == line_start {
        return Ok(Line::End(after));
    }
    let first = b[line_start];
    if first == b' ' || first == b'\t' {
        // RFC 3261 7.3.1: a line starting with white space continues the previous field.
        let Some(h) = headers.last_mut() else {
            return Err(bad(
                ErrorKind::BadHeader,
                line_start,
                "continuation line before the first header",
            ));
        };
        let content_end = trim_end(b, line_start, end);
        if content_end > line_start {
            if h.value_end == h.value_start {
                // value started on the continuation line
                h.value_start = (line_start + skip_ws(&b[line_start..end])) as u32;
            }
            h.value_end = content_end as u32;
        }
        h.line_end = after as u32;
        if after - h.name_start as usize > limits.max_line_length {
            return Err(SipError::limit(
                Limit::LineLength,
                after - h.name_start as usize,
                h.name_start as usize,
            ));
        }
        return Ok(Line::Next(after));
    }
    if end - line_start > limits.max_line_length {
        return Err(SipError::limit(
            Limit::LineLength,
            end - line_start,
            line_start,
        ));
    }
    if headers.len() >= limits.max_headers {
        return Err(SipError::limit(
            Limit::Headers,
            headers.len() + 1,
            line_start,
        ));
    }
    let line = &b[line_start..end];
    // header-name = token, then *(SP / HTAB) ":" (RFC 3261 7.3.1 / 25.1 HCOLON)
    let name_end = line.iter().take_while(|&&c| is_token_char(c)).count();
    if name_end == 0 {
        return Err(bad(
            ErrorKind::BadHeader,
            line_start,
            "header name is not a token",
        ));
    }
    let colon = name_end + skip_ws(&line[name_end..]);
    match line.get(colon) {
        Some(b':') => {}
        None => {
            return Err(bad(
                ErrorKind::BadHeader,
                line_start,
                "header line without ':'",
            ));
        }
        Some(_) => {
            return Err(bad(
                ErrorKind::BadHeader,
                line_start + colon,
                "header name is not a token",
            ));
        }
    }
    let vs = colon + 1 + skip_ws(&line[colon + 1..]);
    let ve = trim_end(b, line_start + vs, end);
    headers.push(Header {
        kind: HeaderKind::from_name_bytes(&line[..name_end]),
        name_start: line_start as u32,
        name_end: (line_start + name_end) as u32,
        value_start: (line_start + vs) as u32,
        value_end: ve as u32,
        line_end: after as u32,
    });
    Ok(Line::Next(after))
}

#[inline]
fn skip_ws(s: &[u8]) -> usize {
    s.iter().take_while(|&&c| c == b' ' || c == b'\t').count()
}

#[inline]
fn trim_end(b: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && (b[end - 1] == b' ' || b[end - 1] == b'\t') {
        end -= 1;
    }
    end
}

/// True when `s` is `SIP/1*DIGIT.1*DIGIT` ("SIP" in any case, RFC 3261 25.1).
pub(crate) fn is_sip_version(s: &[u8]) -> bool {
    if s == b"SIP/2.0" {
        return true;
    }
    if s.len() < 7 || !s[..4].eq_ignore_ascii_case(b"SIP/") {
        return false;
    }
    let rest = &s[4..];
    let Some(dot) = rest.iter().position(|&c| c == b'.') else {
        return false;
    };
    let (maj, min) = (&rest[..dot], &rest[dot + 1..]);
    !maj.is_empty() && !min.is_empty() && all_digits(maj) && all_digits(min)
}

/// True for the methods of RFC 3261 and its extensions that are known tokens, so that their
/// bytes need no check; compared as whole words per length rather than byte by byte.
#[inline]
fn is_common_method(m: &[u8]) -> bool {
    fn is<const N: usize>(m: &[u8], names: &[&[u8; N]]) -> bool {
        <&[u8; N]>::try_from(m).is_ok_and(|m| names.contains(&m))
    }
    match m.len() {
        3 => is(m, &[b"ACK", b"BYE"]),
        4 => is(m, &[b"INFO"]),
        5 => is(m, &[b"PRACK", b"REFER"]),
        6 => is(m, &[b"INVITE", b"CANCEL", b"NOTIFY", b"UPDATE"]),
        7 => is(m, &[b"OPTIONS", b"MESSAGE", b"PUBLISH", b"SERVICE"]),
        8 => is(m, &[b"REGISTER", b"BENOTIFY"]),
        9 => is(m, &[b"SUBSCRIBE"]),
        _ => false,
    }
}

/// RFC 3261 7.1 / 7.2: Request-Line or Status-Line, separated by single spaces.
fn parse_start_line(b: &[u8], s: usize, e: usize) -> Result<Start> {
    let line = &b[s..e];
    let sp1 = find_byte(line, 0, b' ')
        .ok_or_else(|| bad(ErrorKind::BadStartLine, s, "start line has no space"))?;
    let first = &line[..sp1];
    let span = |a: usize, z: usize| ((s + a) as u32, (s + z) as u32);
    if first == b"SIP/2.0" || (first.len() >= 4 && first[..4].eq_ignore_ascii_case(b"SIP/")) {
        if !is_sip_version(first) {
            return Err(bad(
                ErrorKind::BadVersion,
                s,
                "SIP-Version is not SIP/<digits>.<digits>",
            ));
        }
        let code_start = sp1 + 1;
        let code_end = code_start + leading_digits(&line[code_start..]).0;
        if code_end - code_start != 3 {
            return Err(bad(
                ErrorKind::BadStatusCode,
                s + code_start,
                "status code is not three digits",
            ));
        }
        let code = (u16::from(line[code_start] - b'0')) * 100
            + u16::from(line[code_start + 1] - b'0') * 10
            + u16::from(line[code_start + 2] - b'0');
        if !(100..=699).contains(&code) {
            return Err(bad(
                ErrorKind::BadStatusCode,
                s + code_start,
                "status code outside 100-699",
            ));
        }
        let reason_start = match line.get(code_end) {
            None => code_end,
            Some(b' ') => code_end + 1,
            Some(_) => {
                return Err(bad(
                    ErrorKind::BadStatusCode,
                    s + code_end,
                    "status code is not followed by a space",
                ));
            }
        };
        // Without a branch per byte, so the loop can be vectorized.
        let control = line[reason_start..]
            .iter()
            .fold(false, |seen, &c| seen | ((c < 0x20) & (c != b'\t')));
        if control {
            return Err(bad(
                ErrorKind::BadStartLine,
                s + reason_start,
                "control character in reason phrase",
            ));
        }
        return Ok(Start::Response {
            version: span(0, sp1),
            code,
            reason: span(reason_start, line.len()),
        });
    }
    let common = is_common_method(first);
    if !common && (first.is_empty() || !first.iter().all(|&c| is_token_char(c))) {
        return Err(bad(ErrorKind::BadMethod, s, "method is not a token"));
    }
    if line.last() == Some(&b' ') || line.last() == Some(&b'\t') {
        return Err(bad(
            ErrorKind::BadStartLine,
            e - 1,
            "white space at the end of the Request-Line",
        ));
    }
    // The usual version, compared as one word.
    let sip_2_0 = line.last_chunk::<8>() == Some(b" SIP/2.0");
    let sp2 = if sip_2_0 {
        line.len() - 8
    } else {
        // The version is short, so the last space is near the end.
        line.iter().rposition(|&c| c == b' ').unwrap_or(sp1)
    };
    if sp2 == sp1 {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1,
            "Request-Line needs method, Request-URI and SIP-Version",
        ));
    }
    let version = &line[sp2 + 1..];
    if !sip_2_0 && !is_sip_version(version) {
        return Err(bad(
            ErrorKind::BadVersion,
            s + sp2 + 1,
            "SIP-Version is not SIP/<digits>.<digits>",
        ));
    }
    let uri = &line[sp1 + 1..sp2];
    if uri.is_empty() {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1 + 1,
            "empty Request-URI (more than one space after the method?)",
        ));
    }
    // Searched for in the rest of the line, which is long enough for a vector search.
    if let Some(k) = find_either(line, sp1 + 1, b' ', b'\t').filter(|&k| k < sp2) {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + k,
            "white space inside the Request-URI",
        ));
    }
    // scheme ":" — enough to refuse `<sip:...>` here; the full URI is parsed on demand.
    let has_scheme = uri.starts_with(b"sip:") || uri.starts_with(b"sips:") || {
        let scheme_len = uri
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
            .count();
        scheme_len > 0 && uri[0].is_ascii_alphabetic() && uri.get(scheme_len) == Some(&b':')
    };
    if !has_scheme {
        return Err(bad(
            ErrorKind::BadUri,
            s + sp1 + 1,
            "Request-URI does not start with a scheme",
        ));
    }
    Ok(Start::Request {
        method: span(0, sp1),
        uri: span(sp1 + 1, sp2),
        version: span(sp2 + 1, line.len()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Numbers keep their errors' offsets (the reader itself is held to the standard parser
    /// in `scan::decimal`).
    #[test]
    fn decimal_errors_point_at_the_fault() {
        let at = |v: &str| parse_decimal(v, "n").map_err(|e| (e.kind, e.offset));
        assert_eq!(at("70"), Ok(70));
        assert_eq!(at("0000000000000000000000070"), Ok(70));
        assert_eq!(at("7x"), Err((ErrorKind::BadValue, 1)));
        assert_eq!(at(""), Err((ErrorKind::BadValue, 0)));
        assert_eq!(at("99999999999999999999"), Err((ErrorKind::BadValue, 0)));
    }

    /// [`scan`] with every line read by [`other_line`], the step-by-step reader.
    fn scan_step_by_step(b: &[u8], limits: &Limits, headers: &mut Headers) -> Result<(Start, u32)> {
        if b.is_empty() {
            return Err(bad(ErrorKind::Empty, 0, "empty message"));
        }
        if b.len() > limits.max_message_size {
            return Err(SipError::limit(Limit::MessageSize, b.len(), 0));
        }
        let mut pos = 0;
        while pos < b.len() && (b[pos] == b'\r' || b[pos] == b'\n') {
            pos += 1;
        }
        let nl = b[pos..].iter().position(|&c| c == b'\n').map(|k| pos + k);
        let Some(nl) = nl else {
            return Err(bad(ErrorKind::Incomplete, b.len(), ""));
        };
        let sl_end = if nl > pos && b[nl - 1] == b'\r' {
            nl - 1
        } else {
            nl
        };
        if sl_end - pos > limits.max_line_length {
            return Err(SipError::limit(Limit::LineLength, sl_end - pos, pos));
        }
        let start = parse_start_line(b, pos, sl_end)?;
        let mut feeds = LineFeeds::new(b);
        let mut next = nl + 1;
        loop {
            match other_line(b, next, limits, headers, &mut feeds)? {
                Line::Next(after) => next = after,
                Line::End(body) => return Ok((start, body as u32)),
            }
        }
    }

    /// What a parse gives, in a comparable form.
    type Parsed = std::result::Result<(Start, u32, Vec<Header>, Vec<u8>, bool), (ErrorKind, usize)>;

    fn parsed(b: &[u8], limits: &Limits) -> Parsed {
        match Message::parse_with(b, limits) {
            Ok(m) => {
                let text = matches!(m.buf, Buf::Text(_));
                assert_eq!(m.first, first_index(&m.headers));
                assert_eq!(m.last, last_index(&m.headers));
                Ok((
                    m.start,
                    m.body_start,
                    m.headers.to_vec(),
                    m.into_bytes(),
                    text,
                ))
            }
            Err(e) => Err((e.kind, e.offset)),
        }
    }

    /// The reference: every line step by step, the UTF-8 check by the standard library.
    fn parsed_step_by_step(b: &[u8], limits: &Limits) -> Parsed {
        let mut headers = Headers::new();
        let done = scan_step_by_step(b, limits, &mut headers)
            .and_then(|(start, body)| Ok((start, body, Buf::new(b.to_vec(), body as usize)?)));
        match done {
            Ok((start, body, buf)) => {
                let text = matches!(buf, Buf::Text(_));
                Ok((start, body, headers.to_vec(), buf.into_bytes(), text))
            }
            Err(e) => Err((e.kind, e.offset)),
        }
    }

    fn bench_messages() -> Vec<Vec<u8>> {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/bench/data");
        let mut out: Vec<Vec<u8>> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| std::fs::read(e.unwrap().path()).unwrap())
            .collect();
        out.sort();
        assert!(out.len() >= 10);
        out
    }

    /// The one-pass reader (line-feed masks, 16-byte name reads, ASCII prefix) gives what the
    /// step-by-step reader gives on real messages, cut short anywhere, and with one byte
    /// changed anywhere into a delimiter, white space, a control or a non-ASCII byte.
    #[test]
    fn one_pass_agrees_with_step_by_step() {
        let tight = Limits {
            max_headers: 9,
            max_line_length: 60,
            ..Limits::DEFAULT
        };
        let mutations = [
            b' ', b'\t', b':', b'\r', b'\n', b'a', b'-', 0, 0x80, 0xc3, 0xff, b'V',
        ];
        for msg in bench_messages() {
            for max_line_length in 20..=90 {
                for max_headers in [1, 2, 5, 8, 11, 12, 13, 14, 30, 40] {
                    let limits = Limits {
                        max_headers,
                        max_line_length,
                        ..Limits::DEFAULT
                    };
                    assert_eq!(parsed(&msg, &limits), parsed_step_by_step(&msg, &limits));
                }
            }
            for limits in [&Limits::DEFAULT, &tight] {
                for cut in 0..msg.len() {
                    let b = &msg[..cut];
                    assert_eq!(
                        parsed(b, limits),
                        parsed_step_by_step(b, limits),
                        "cut {cut}"
                    );
                }
            }
            let head = msg
                .windows(4)
                .position(|w| w == b"\r\n\r\n")
                .map_or(msg.len(), |k| k + 4);
            for i in 0..(head + 70).min(msg.len()) {
                for &c in &mutations {
                    let mut b = msg.clone();
                    b[i] = c;
                    assert_eq!(
                        parsed(&b, &Limits::DEFAULT),
                        parsed_step_by_step(&b, &Limits::DEFAULT),
                        "byte {i} set to {c:#x}"
                    );
                }
            }
        }
    }

    /// Header sections around the 64-byte blocks of the line-feed masks: lines ending just
    /// before, on and after a block edge, long names, compact names, bare LFs, a message that
    /// is shorter than a block.
    #[test]
    fn one_pass_agrees_around_block_edges() {
        let names = [
            "Via",
            "v",
            "Content-Length",
            "X-Long-Extension-Name",
            "To ",
            "f",
        ];
        for pad in 0..140 {
            for (k, name) in names.iter().enumerate() {
                let filler = "x".repeat(pad);
                let eol = if (pad + k) % 5 == 0 { "\n" } else { "\r\n" };
                let m = format!(
                    "OPTIONS sip:a@b SIP/2.0\r\n{name}: {filler}{eol}Call-ID:{filler} \r\n\
                     i: {pad}\r\nSubject: caf\u{e9}\r\n\r\nbody{filler}"
                );
                let b = m.as_bytes();
                assert_eq!(
                    parsed(b, &Limits::DEFAULT),
                    parsed_step_by_step(b, &Limits::DEFAULT)
                );
                let ascii = b.iter().map(|&c| c & 0x7f).collect::<Vec<u8>>();
                assert_eq!(
                    parsed(&ascii, &Limits::DEFAULT),
                    parsed_step_by_step(&ascii, &Limits::DEFAULT)
                );
            }
        }
    }

    /// The first-field index agrees with the first position of each kind, found one by one.
    #[test]
    fn first_and_last_index_are_the_first_and_last_positions() {
        let kinds = [
            HeaderKind::Via,
            HeaderKind::To,
            HeaderKind::Other,
            HeaderKind::Contact,
            HeaderKind::CallId,
        ];
        for len in [0, 1, 5, 253, 254, 255, 256, 300] {
            for step in 1..4 {
                let headers: Vec<Header> = (0..len)
                    .map(|i| Header {
                        kind: kinds[(i * step + i / 7) % kinds.len()],
                        name_start: 0,
                        name_end: 0,
                        value_start: 0,
                        value_end: 0,
                        line_end: 0,
                    })
                    .collect();
                let mut want = [ABSENT; HeaderKind::Other as usize + 1];
                for (k, w) in want.iter_mut().enumerate() {
                    if let Some(i) = headers.iter().position(|h| h.kind as usize == k) {
                        *w = u8::try_from(i).unwrap_or(FIRST_CAP).min(FIRST_CAP);
                    }
                }
                assert_eq!(first_index(&headers), want, "{len} {step}");
                let mut want = [0; HeaderKind::Other as usize + 1];
                for (k, w) in want.iter_mut().enumerate() {
                    if let Some(i) = headers.iter().rposition(|h| h.kind as usize == k) {
                        *w = u8::try_from(i).unwrap_or(FIRST_CAP).min(FIRST_CAP);
                    }
                }
                assert_eq!(last_index(&headers), want, "{len} {step}");
            }
        }
    }

    #[test]
    fn token_names_are_the_token_class() {
        for c in 0..=255u8 {
            assert_eq!(is_token(&[b'a', c, b'-']), is_token_char(c), "{c}");
        }
        assert!(is_token(b""));
    }

    /// The word comparison of methods agrees with a plain list, on the methods and near misses.
    #[test]
    fn common_methods() {
        let list: [&[u8]; 16] = [
            b"INVITE",
            b"ACK",
            b"BYE",
            b"CANCEL",
            b"OPTIONS",
            b"REGISTER",
            b"SUBSCRIBE",
            b"NOTIFY",
            b"MESSAGE",
            b"INFO",
            b"PRACK",
            b"UPDATE",
            b"REFER",
            b"PUBLISH",
            b"SERVICE",
            b"BENOTIFY",
        ];
        let check = |v: &[u8]| assert_eq!(is_common_method(v), list.contains(&v), "{v:?}");
        for m in list {
            check(m);
            for i in 0..m.len() {
                let mut v = m.to_vec();
                v[i] ^= 0x20;
                check(&v);
                v[i] = b'-';
                check(&v);
                check(&m[..i]);
                check(&m[i + 1..]);
            }
            check(&[m, b"S"].concat());
        }
        check(b"");
    }

    /// The copy trusts only what it was told is ASCII and checks the rest.
    #[test]
    fn copy_checks_what_is_not_known_ascii() {
        let texts: [&[u8]; 5] = [
            b"INVITE sip:a SIP/2.0\r\n\r\nplain",
            "Subject: caf\u{e9}\r\n\r\nbody \u{e9}".as_bytes(),
            b"X: a\r\n\r\n\xff\xfe",
            b"X: \xc3\r\n\r\nbody",
            b"X: a\r\n\r\n\xc3",
        ];
        for t in texts {
            let ascii_len = t.iter().take_while(|c| c.is_ascii()).count();
            let head = t.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
            for ascii in 0..=ascii_len {
                let got = Buf::copied(t, head, ascii);
                let want = Buf::new(t.to_vec(), head);
                match (got, want) {
                    (Ok(g), Ok(w)) => {
                        assert_eq!(matches!(g, Buf::Text(_)), matches!(w, Buf::Text(_)));
                        assert_eq!(g.head(), w.head());
                        assert_eq!(g.into_bytes(), w.into_bytes());
                    }
                    (Err(g), Err(w)) => assert_eq!((g.kind, g.offset), (w.kind, w.offset)),
                    (g, w) => panic!("{g:?} / {w:?}"),
                }
            }
        }
    }

    /// The benchmark's messages and one with comma lists, compact names, repeated and
    /// extension headers, for the lookup tests.
    fn lookup_messages() -> Vec<Vec<u8>> {
        let mut msgs = bench_messages();
        msgs.push(
            b"OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP a, SIP/2.0/UDP b;x=\"1,2\"\r\n\
              X-A: 1, 2\r\nv: SIP/2.0/TCP c,,\r\nx-a: 3\r\nRoute: <sip:r;lr>,<sip:s>\r\n\
              Contact: *\r\nm: \"a, b\" <sip:c>, <sip:d>\r\nX-B: \r\nRoute: <sip:t>\r\n\r\n"
                .to_vec(),
        );
        msgs
    }

    /// Looking up value `i` of a header and parsing it in one walk gives what parsing the
    /// value at `i` whole gives, the same view or the same error, in every order of lookups;
    /// and a lookup of a raw value after it takes up from where it stopped. The first value
    /// found without the cursor is the same too, and so is every value of the walk over all
    /// of them.
    #[test]
    fn item_at_is_the_value_at_parsed_whole() {
        use crate::sip::scan::near_texts::near;
        let mut msgs = lookup_messages();
        let lists = near(
            &[
                "<sip:a@b>;tag=1 , <sip:c@d> ;expires=5",
                "\"A, B\" <sip:a@b>;x=\"1,2\", Bob <sip:c@d;lr>;q=0.5,<sip:e>",
                "SIP/2.0/UDP a:5060;branch=z1, SIP/2.0/TCP [::1];received=1.2.3.4",
            ],
            &[",", "\"", "<", ">", ";", " ", "é", "*"],
        );
        for l in &lists {
            msgs.push(
                format!(
                    "OPTIONS sip:a@b SIP/2.0\r\nContact: {l}\r\nv: {l}\r\nm: <sip:x>, *\r\n\r\n"
                )
                .into_bytes(),
            );
        }
        fn check<'a, T: ListItem<'a> + PartialEq + std::fmt::Debug>(m: &'a Message, n: &str) {
            let kind = HeaderKind::from_name(n);
            let values: Vec<&str> = m.values(n).collect();
            if kind != HeaderKind::Other {
                let mut first = T::BLANK;
                let got = m
                    .first_item_into(kind, &mut first)
                    .map(|r| r.map(|()| first));
                assert_eq!(got, values.first().map(|v| T::parse_whole(v)), "{n} first");
            }
            let orders: [Vec<usize>; 3] = [
                (0..values.len() + 2).collect(),
                (0..values.len() + 2).rev().collect(),
                (0..values.len() + 2).step_by(2).collect(),
            ];
            for order in orders {
                for i in order {
                    let got: Option<Result<T>> = m.item_at(kind, n.as_bytes(), i);
                    let want = values.get(i).map(|v| T::parse_whole(v));
                    assert_eq!(got, want, "{n} {i} {:?}", values.get(i));
                    assert_eq!(m.value(n, i + 1), values.get(i + 1).copied(), "{n} {i}+1");
                }
            }
        }
        fn check_each<'a, T: ListItem<'a> + PartialEq + std::fmt::Debug + Clone>(
            m: &'a Message,
            n: &str,
        ) {
            let kind = HeaderKind::from_name(n);
            let want: Vec<Result<T>> = m.values(n).map(|v| T::parse_whole(v)).collect();
            let mut got = Vec::new();
            let mut scratch = T::BLANK;
            m.each_item(kind, n.as_bytes(), &mut scratch, |r| {
                got.push(r.cloned());
                true
            });
            assert_eq!(got, want, "{n} each");
        }
        for raw in &msgs {
            let m = Message::parse(raw).unwrap();
            for n in ["Contact", "m", "Via", "v", "Route", "To", "X-A", "Nope"] {
                check::<NameAddr>(&m, n);
                check::<Via>(&m, n);
                check_each::<NameAddr>(&m, n);
                check_each::<Via>(&m, n);
            }
        }
    }

    /// Every value handed out by the one loop is a value of the iterator, in its order.
    #[test]
    fn each_value_gives_what_values_gives() {
        let msgs = lookup_messages();
        for raw in &msgs {
            let m = Message::parse(raw).unwrap();
            for n in [
                "Via", "v", "Contact", "m", "Route", "X-A", "x-a", "X-B", "To", "Nope",
            ] {
                let mut got = Vec::new();
                m.each_value(HeaderKind::from_name(n), n.as_bytes(), |v| got.push(v));
                let want: Vec<&str> = m.values(n).collect();
                assert_eq!(got, want, "{n}");
                // The value pointers are the same slices of the message.
                assert!(got.iter().zip(&want).all(|(a, b)| a.as_ptr() == b.as_ptr()));
            }
        }
    }

    /// Lookups by index give what the iterator gives, whatever order they come in: in turn
    /// (each taking up from the cursor), backwards, skipping ahead, and with lookups of
    /// other headers (compact and unknown names too) in between.
    #[test]
    fn value_by_index_agrees_with_the_values() {
        let msgs = lookup_messages();
        let names = [
            "Via",
            "v",
            "Contact",
            "m",
            "Route",
            "X-A",
            "x-a",
            "X-B",
            "Record-Route",
            "To",
            "Supported",
            "Call-ID",
            "Nope",
        ];
        for raw in &msgs {
            let m = Message::parse(raw).unwrap();
            let all: Vec<Vec<&str>> = names.iter().map(|n| m.values(n).collect()).collect();
            for (n, want) in names.iter().zip(&all) {
                for i in 0..want.len() + 2 {
                    assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i}");
                }
                for i in (0..want.len() + 2).rev() {
                    assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} backwards");
                }
                for step in 2..4 {
                    for i in (0..want.len() + 2).step_by(step) {
                        assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} by {step}");
                    }
                }
            }
            for i in 0..6 {
                for (n, want) in names.iter().zip(&all) {
                    assert_eq!(m.value(n, i), want.get(i).copied(), "{n} {i} interleaved");
                    assert_eq!(
                        m.values_named(n.as_bytes()).nth(i),
                        want.get(i).copied(),
                        "{n} {i}"
                    );
                    let kind = HeaderKind::from_name(n);
                    if kind != HeaderKind::Other {
                        assert_eq!(m.value_of_kind(kind, i), want.get(i).copied(), "{n} {i}");
                    }
                }
            }
        }
    }

    /// Lookups by kind find fields wherever they stand, past the 254 fields the index keeps
    /// exact positions for too.
    #[test]
    fn lookups_by_kind_reach_every_field() {
        let mut m =
            String::from("OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK0\r\n");
        for i in 0..300 {
            m.push_str(&format!("X-N{}: {i}\r\n", i % 3));
        }
        m.push_str("Via: SIP/2.0/UDP late;branch=z9hG4bK1\r\nCall-ID: late\r\nX-N1: 7\r\n\r\n");
        let limits = Limits {
            max_headers: 400,
            ..Limits::DEFAULT
        };
        let msg = Message::parse_with(m.as_bytes(), &limits).unwrap();
        assert_eq!(msg.vias().count(), 2);
        assert_eq!(msg.call_id(), Some("late"));
        assert_eq!(msg.fields("x-n1").count(), 101);
        assert_eq!(msg.fields("X-N2").last(), Some("299"));
        assert!(msg.header("CSeq").is_none());
        assert_eq!(msg.count("Contact"), 0);
    }

    fn fields(raw: &[u8]) -> Vec<(HeaderKind, &str, &str)> {
        let m = Message::parse(raw).unwrap();
        let text = |r: std::ops::Range<usize>| std::str::from_utf8(&raw[r]).unwrap();
        m.headers()
            .iter()
            .map(|h| (h.kind(), text(h.name_range()), text(h.value_range())))
            .collect()
    }

    /// Lines the one-pass reader leaves to the step-by-step one come out the same.
    #[test]
    fn unusual_lines() {
        let raw = "OPTIONS sip:a@b SIP/2.0\r\nVia : x\r\nX-Ext\t:\ty \t\r\nSubject:\r\n\
                   To: caf\u{e9}\r\n  folded\r\nFrom:\n b\n\r\n";
        assert_eq!(
            fields(raw.as_bytes()),
            [
                (HeaderKind::Via, "Via", "x"),
                (HeaderKind::Other, "X-Ext", "y"),
                (HeaderKind::Subject, "Subject", ""),
                (HeaderKind::To, "To", "caf\u{e9}\r\n  folded"),
                (HeaderKind::From, "From", "b"),
            ]
        );
    }

    #[test]
    fn errors_name_the_first_fault() {
        let at = |raw: &[u8]| {
            let e = Message::parse(raw).unwrap_err();
            (e.kind, e.offset)
        };
        let start = b"OPTIONS sip:a@b SIP/2.0\r\n".len();
        let cases: &[(&[u8], ErrorKind, usize)] = &[
            (b"Bad Name: x\r\n\r\n", ErrorKind::BadHeader, 4),
            (b"Name\r: x\r\n\r\n", ErrorKind::BadHeader, 4),
            (b"Name x\r\n\r\n", ErrorKind::BadHeader, 5),
            (b"NoColon\r\n\r\n", ErrorKind::BadHeader, 0),
            (b"Via: x", ErrorKind::Incomplete, 6),
        ];
        for (lines, kind, offset) in cases {
            let raw = [&b"OPTIONS sip:a@b SIP/2.0\r\n"[..], lines].concat();
            let offset = if *kind == ErrorKind::Incomplete {
                raw.len()
            } else {
                start + offset
            };
            assert_eq!(
                at(&raw),
                (*kind, offset),
                "{:?}",
                String::from_utf8_lossy(lines)
            );
        }
    }

    #[test]
    fn limits_count_every_line() {
        let raw = b"OPTIONS sip:a@b SIP/2.0\r\nA: 1234567890123456789012\r\nB: 2\r\n\r\n";
        let limits = |max_headers, max_line_length| Limits {
            max_headers,
            max_line_length,
            ..Limits::DEFAULT
        };
        assert!(Message::parse_with(raw, &limits(2, 25)).is_ok());
        let e = Message::parse_with(raw, &limits(1, 25)).unwrap_err();
        assert_eq!((e.limit, e.offset), (Some((Limit::Headers, 2)), 52));
        let e = Message::parse_with(raw, &limits(2, 24)).unwrap_err();
        assert_eq!((e.limit, e.offset), (Some((Limit::LineLength, 25)), 25));
    }
}
