//! A SIP message (RFC 3261 section 7): one owned buffer, a start line and header fields kept as
//! spans into it. Nothing is decoded until asked for; serializing gives back the bytes as they
//! came in (or as edited).

use super::cseq::CSeq;
use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::name_addr::NameAddr;
use super::scan::{is_token_char, split_list};
use super::via::Via;
use crate::limits::{Limit, Limits};
use smallvec::SmallVec;

/// Header fields kept inline before spilling to the heap: typical SIP messages carry fewer.
const INLINE_HEADERS: usize = 32;

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
    headers: SmallVec<[Header; INLINE_HEADERS]>,
    /// Offset of the first body byte (just past the empty line).
    body_start: u32,
    limits: Limits,
}

impl Message {
    /// Parses one complete message (a datagram, or a message cut from a stream by the framer)
    /// with the default [`Limits`].
    pub fn parse(bytes: &[u8]) -> Result<Message> {
        Message::parse_with(bytes, &Limits::DEFAULT)
    }

    /// Parses one complete message under `limits`. The body is everything after the empty
    /// line; whether it agrees with Content-Length is for validation to judge.
    pub fn parse_with(bytes: &[u8], limits: &Limits) -> Result<Message> {
        let layout = Layout::scan(bytes, limits)?;
        Ok(Message {
            buf: Buf::new(bytes.to_vec(), layout.body_start as usize)?,
            start: layout.start,
            headers: layout.headers,
            body_start: layout.body_start,
            limits: *limits,
        })
    }

    /// Re-reads the layout after `buf` changed (edits); keeps the limits.
    pub(crate) fn replace_buffer(&mut self, buf: Vec<u8>) -> Result<()> {
        let layout = Layout::scan(&buf, &self.limits)?;
        self.buf = Buf::new(buf, layout.body_start as usize)?;
        self.start = layout.start;
        self.headers = layout.headers;
        self.body_start = layout.body_start;
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
    pub fn name_of(&self, h: &Header) -> &str {
        self.text(h.name_start, h.name_end)
    }

    /// The whole value of `h`, trimmed of LWS at both ends (folding inside is kept).
    pub fn value_of(&self, h: &Header) -> &str {
        self.text(h.value_start, h.value_end)
    }

    /// The fields whose name matches `name` (case-insensitive, compact forms resolved).
    pub fn fields_of<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a Header> + use<'a, 'n> {
        let kind = HeaderKind::from_name(name);
        self.headers.iter().filter(move |h| {
            h.kind == kind
                && (kind != HeaderKind::Other || self.name_of(h).eq_ignore_ascii_case(name))
        })
    }

    fn fields_of_kind(&self, kind: HeaderKind) -> impl Iterator<Item = &Header> + '_ {
        self.headers.iter().filter(move |h| h.kind == kind)
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

    /// The values of one field (split when `split`), as slices of the message.
    fn field_values<'a>(&'a self, h: &Header, split: bool) -> FieldValues<'a> {
        let v = self.value_of(h);
        FieldValues {
            value: v,
            split: if split { Some(split_list(v)) } else { None },
            single: !split,
        }
    }

    /// Byte ranges (into the message) of every value of `name`, in the order of
    /// [`Message::values`], with the index of the field each comes from.
    pub(crate) fn value_ranges(&self, name: &str) -> Vec<(usize, std::ops::Range<usize>)> {
        let kind = HeaderKind::from_name(name);
        let split = kind.is_list();
        let mut out = Vec::new();
        for (fi, h) in self.headers.iter().enumerate() {
            if h.kind != kind
                || (kind == HeaderKind::Other && !self.name_of(h).eq_ignore_ascii_case(name))
            {
                continue;
            }
            let base = h.value_start as usize;
            if split {
                for (a, b) in split_list(self.value_of(h)) {
                    out.push((fi, base + a..base + b));
                }
            } else {
                out.push((fi, base..h.value_end as usize));
            }
        }
        out
    }

    /// The `index`-th value of `name`, counted as [`Message::values`] counts.
    pub fn value<'a>(&'a self, name: &str, index: usize) -> Option<&'a str> {
        self.values(name).nth(index)
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
    pub fn vias(&self) -> impl Iterator<Item = Result<Via<'_>>> + '_ {
        self.fields_of_kind(HeaderKind::Via)
            .flat_map(move |h| self.field_values(h, true))
            .map(Via::parse)
    }

    fn first_of_kind(&self, kind: HeaderKind) -> Option<&str> {
        self.fields_of_kind(kind).next().map(|h| self.value_of(h))
    }

    /// The From header, parsed.
    pub fn from(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::From).map(NameAddr::parse)
    }

    /// The To header, parsed.
    pub fn to(&self) -> Option<Result<NameAddr<'_>>> {
        self.first_of_kind(HeaderKind::To).map(NameAddr::parse)
    }

    /// The Call-ID value.
    pub fn call_id(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::CallId)
    }

    /// The CSeq header, parsed.
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
    pub fn contacts(&self) -> impl Iterator<Item = Result<NameAddr<'_>>> + '_ {
        self.fields_of_kind(HeaderKind::Contact)
            .flat_map(move |h| self.field_values(h, true))
            .filter(|v| *v != "*")
            .map(NameAddr::parse)
    }

    /// Max-Forwards as a number.
    pub fn max_forwards(&self) -> Option<Result<u32>> {
        self.first_of_kind(HeaderKind::MaxForwards).map(|v| {
            let n = parse_decimal(v, "Max-Forwards: expected 1*DIGIT")?;
            u32::try_from(n)
                .map_err(|_| SipError::new(ErrorKind::BadValue, 0, "Max-Forwards: out of range"))
        })
    }

    /// Content-Length as a number.
    pub fn content_length(&self) -> Option<Result<u64>> {
        self.first_of_kind(HeaderKind::ContentLength)
            .map(|v| parse_decimal(v, "Content-Length: expected 1*DIGIT"))
    }

    /// The Content-Type value as written.
    pub fn content_type(&self) -> Option<&str> {
        self.first_of_kind(HeaderKind::ContentType)
    }
}

/// Parses `1*DIGIT` into a u64; more than 19 digits or anything else is an error.
pub(crate) fn parse_decimal(v: &str, what: &'static str) -> Result<u64> {
    if v.is_empty() || v.len() > 19 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return Err(SipError::new(ErrorKind::BadValue, 0, what));
    }
    v.parse::<u64>()
        .map_err(|_| SipError::new(ErrorKind::BadValue, 0, what))
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

/// Where things are in a message's bytes: the result of one scan.
struct Layout {
    start: Start,
    headers: SmallVec<[Header; INLINE_HEADERS]>,
    body_start: u32,
}

/// Finds the end of the line starting at `from`: (end of content, start of next line).
/// Lines end with CRLF; a bare LF is tolerated.
#[inline]
fn line_at(b: &[u8], from: usize) -> Option<(usize, usize)> {
    let nl = memchr::memchr(b'\n', &b[from..])? + from;
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

impl Layout {
    fn scan(b: &[u8], limits: &Limits) -> Result<Layout> {
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
        let (sl_end, mut next) = line_at(b, pos).ok_or_else(|| {
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

        let mut headers: SmallVec<[Header; INLINE_HEADERS]> = SmallVec::new();
        loop {
            if next >= b.len() {
                return Err(bad(
                    ErrorKind::Incomplete,
                    b.len(),
                    "no empty line after the header section",
                ));
            }
            let line_start = next;
            let (end, after) = line_at(b, line_start).ok_or_else(|| {
                bad(
                    ErrorKind::Incomplete,
                    b.len(),
                    "header line has no line ending",
                )
            })?;
            if end == line_start {
                next = after;
                break;
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
                next = after;
                continue;
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
            let name = &line[..name_end];
            let vs = colon + 1 + skip_ws(&line[colon + 1..]);
            let ve = trim_end(b, line_start + vs, end);
            let kind = HeaderKind::from_name_bytes(name);
            headers.push(Header {
                kind,
                name_start: line_start as u32,
                name_end: (line_start + name_end) as u32,
                value_start: (line_start + vs) as u32,
                value_end: ve as u32,
                line_end: after as u32,
            });
            next = after;
        }
        Ok(Layout {
            start,
            headers,
            body_start: next as u32,
        })
    }
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
    if s.len() < 7 || !s[..4].eq_ignore_ascii_case(b"SIP/") {
        return false;
    }
    let rest = &s[4..];
    let Some(dot) = rest.iter().position(|&c| c == b'.') else {
        return false;
    };
    let (maj, min) = (&rest[..dot], &rest[dot + 1..]);
    !maj.is_empty()
        && !min.is_empty()
        && maj.iter().all(u8::is_ascii_digit)
        && min.iter().all(u8::is_ascii_digit)
}

/// RFC 3261 7.1 / 7.2: Request-Line or Status-Line, separated by single spaces.
fn parse_start_line(b: &[u8], s: usize, e: usize) -> Result<Start> {
    let line = &b[s..e];
    let sp1 = memchr::memchr(b' ', line)
        .ok_or_else(|| bad(ErrorKind::BadStartLine, s, "start line has no space"))?;
    let first = &line[..sp1];
    let span = |a: usize, z: usize| ((s + a) as u32, (s + z) as u32);
    if first.len() >= 4 && first[..4].eq_ignore_ascii_case(b"SIP/") {
        if !is_sip_version(first) {
            return Err(bad(
                ErrorKind::BadVersion,
                s,
                "SIP-Version is not SIP/<digits>.<digits>",
            ));
        }
        let code_start = sp1 + 1;
        let code_end = code_start
            + line[code_start..]
                .iter()
                .take_while(|c| c.is_ascii_digit())
                .count();
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
        if line[reason_start..].iter().any(|&c| c < 0x20 && c != b'\t') {
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
    if first.is_empty() || !first.iter().all(|&c| is_token_char(c)) {
        return Err(bad(ErrorKind::BadMethod, s, "method is not a token"));
    }
    if line.last() == Some(&b' ') || line.last() == Some(&b'\t') {
        return Err(bad(
            ErrorKind::BadStartLine,
            e - 1,
            "white space at the end of the Request-Line",
        ));
    }
    let sp2 = memchr::memrchr(b' ', line).unwrap_or(sp1);
    if sp2 == sp1 {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1,
            "Request-Line needs method, Request-URI and SIP-Version",
        ));
    }
    let version = &line[sp2 + 1..];
    if !is_sip_version(version) {
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
    if let Some(k) = uri.iter().position(|&c| c == b' ' || c == b'\t') {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1 + 1 + k,
            "white space inside the Request-URI",
        ));
    }
    // scheme ":" — enough to refuse `<sip:...>` here; the full URI is parsed on demand.
    let scheme_len = uri
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
        .count();
    if scheme_len == 0 || !uri[0].is_ascii_alphabetic() || uri.get(scheme_len) != Some(&b':') {
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
