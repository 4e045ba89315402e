//! Stream framing for SIP over TCP and TLS: cuts a byte stream into whole messages by their
//! Content-Length (RFC 3261 18.3) and recognises the CRLF keep-alives of RFC 5626 3.5.1.
//!
//! On a stream transport nothing but Content-Length marks where a message ends, so every byte
//! a host reads from a connection goes through a [`Framer`] before it can be parsed as a
//! message.
//!
//! The framer is sans-IO: the host [`push`](Framer::push)es bytes as they arrive, in any
//! chunking, and pulls complete items with [`next`](Framer::next) (the framer is an
//! [`Iterator`]). An item is either the exact bytes of one message (header section plus
//! exactly Content-Length body bytes) or a keep-alive event.
//!
//! Any error is fatal for the connection: once the framing of a stream is lost there is no
//! way to find the start of the next message, so the host must close the connection. The
//! framer stays failed: later pushes return the same error.

use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::message::Message;
use super::scan::decimal::{DecimalFault, decimal};
use super::scan::is_token_char;
use crate::limits::{Limit, Limits};
use std::collections::VecDeque;

/// The RFC 5626 3.5.1 keep-alive "ping": a double CRLF.
pub const PING: &[u8] = b"\r\n\r\n";
/// The RFC 5626 3.5.1 keep-alive "pong": a single CRLF, the answer to a ping.
pub const PONG: &[u8] = b"\r\n";

/// A keep-alive seen between messages (RFC 5626 3.5.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeepAlive {
    /// A double CRLF: the peer checks the flow. Answer it by sending [`PONG`].
    Ping,
    /// A single CRLF: the answer to a ping this side sent (see [`Framer::ping_sent`]).
    Pong,
}

/// One complete item cut from the stream.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Frame {
    /// The bytes of one whole message: header section and exactly Content-Length body bytes.
    Message(Vec<u8>),
    /// A keep-alive between messages; never part of a message.
    KeepAlive(KeepAlive),
}

/// Where the framer stands in the stream.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Between messages. `breaks` counts the line breaks of a keep-alive in progress (0 or
    /// 1); `cr` is set when a CR waits for its LF.
    Idle { breaks: u8, cr: bool },
    /// Inside a header section; the bytes so far are in `buf`.
    Head(HeadScan),
    /// Header section complete; `remaining` body bytes still to come.
    Body { remaining: usize },
    /// An error was found; nothing more is accepted.
    Failed,
}

/// Progress through a header section, so that byte-at-a-time input is scanned only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct HeadScan {
    /// Offset in `buf` where the current, incomplete line starts.
    line_start: usize,
    /// Offset in `buf` where the current header field starts (a folded field spans lines).
    field_start: usize,
    /// Header fields seen so far, the start line not counted.
    fields: usize,
}

/// Cuts a TCP/TLS byte stream into SIP messages and keep-alives (RFC 3261 18.3,
/// RFC 5626 3.5.1).
///
/// Bounded: the bytes of the item being assembled never exceed `max_message_size`; header
/// sections are also bounded by `max_line_length` and `max_headers`. A header section over
/// `max_message_size` or a field over `max_line_length` is reported with the limit plus one
/// as the length seen: the framer stops at the first byte over the limit, so the same stream
/// gives the same error however it is cut (a Content-Length over the limit reports the size it
/// announces). Completed items wait in a
/// queue until [`next`](Framer::next) takes them, so drain `next` after every `push`.
///
/// Keep-alives: a double CRLF between messages is a [`KeepAlive::Ping`] and a lone CRLF is a
/// [`KeepAlive::Pong`]. A lone CRLF at the very end of the bytes received so far may still be
/// the first half of a ping, so it is reported once the next byte shows which it is, or at
/// once when [`ping_sent`](Framer::ping_sent) said a pong is awaited, or at
/// [`finish`](Framer::finish).
#[derive(Debug, Clone)]
pub struct Framer {
    limits: Limits,
    state: State,
    /// Bytes of the message being assembled.
    buf: Vec<u8>,
    /// Completed items not yet taken by `next`.
    ready: VecDeque<Frame>,
    /// The error that failed the stream, kept for later calls.
    error: Option<SipError>,
    /// Whether `next` already handed out `error`.
    error_reported: bool,
    /// Stream offset of the next byte to arrive.
    consumed: usize,
    /// Stream offset of the first byte of the message being assembled.
    msg_start: usize,
    /// A ping was sent and its pong has not been seen yet.
    pong_awaited: bool,
}

impl Default for Framer {
    fn default() -> Self {
        Framer::new(Limits::default())
    }
}

impl Framer {
    /// A framer for one connection, bounded by `limits`.
    pub fn new(limits: Limits) -> Framer {
        Framer {
            limits,
            state: State::Idle {
                breaks: 0,
                cr: false,
            },
            buf: Vec::new(),
            ready: VecDeque::new(),
            error: None,
            error_reported: false,
            consumed: 0,
            msg_start: 0,
            pong_awaited: false,
        }
    }

    /// The limits in force.
    pub fn limits(&self) -> &Limits {
        &self.limits
    }

    /// Parses the bytes of a [`Frame::Message`] under the framer's limits. The bytes become
    /// the message's buffer: a framed message is copied once, from the stream into the
    /// framer, and never again.
    pub fn message_from(&self, bytes: Vec<u8>) -> Result<Message> {
        Message::from_vec_with(bytes, &self.limits)
    }

    /// Feeds bytes read from the connection, in any chunking. Complete items become available
    /// from [`next`](Framer::next).
    ///
    /// On error the stream cannot be framed any more: close the connection. Items completed
    /// before the error (also within this call) stay available from `next`, followed by the
    /// error itself; every later `push` returns the same error.
    pub fn push(&mut self, bytes: &[u8]) -> Result<()> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        let mut input = bytes;
        while !input.is_empty() {
            let used = match self.step(input) {
                Ok(n) => n.min(input.len()),
                Err(e) => return Err(self.fail(e)),
            };
            input = input.get(used..).unwrap_or_default();
            self.consumed = self.consumed.saturating_add(used);
        }
        if self.pong_awaited {
            self.flush_lone_crlf();
        }
        Ok(())
    }

    /// Tells the framer that this side just sent a ping ([`PING`]), so the next lone CRLF is
    /// the pong to report at once rather than the possible first half of a ping from the peer
    /// (RFC 5626 3.5.1). A lone CRLF already waiting is reported as a pong now.
    pub fn ping_sent(&mut self) {
        self.flush_lone_crlf();
        self.pong_awaited = true;
    }

    /// Tells the framer the peer closed the stream. A lone CRLF still waiting is reported as a
    /// pong; a message cut short (or a CR without its LF) is an [`ErrorKind::Incomplete`]
    /// error.
    pub fn finish(&mut self) -> Result<()> {
        if let Some(e) = &self.error {
            return Err(e.clone());
        }
        self.flush_lone_crlf();
        match self.state {
            State::Idle { cr: false, .. } => Ok(()),
            State::Idle { cr: true, .. } => Err(self.fail(SipError::new(
                ErrorKind::Incomplete,
                self.consumed,
                "stream ended after a CR between messages",
            ))),
            State::Head(_) | State::Body { .. } | State::Failed => Err(self.fail(SipError::new(
                ErrorKind::Incomplete,
                self.consumed,
                "stream ended inside a message",
            ))),
        }
    }

    /// Bytes of the incomplete message held right now (never more than `max_message_size`).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Complete items waiting for [`next`](Framer::next).
    pub fn pending(&self) -> usize {
        self.ready.len()
    }

    /// True between the first byte of a message and its last body byte.
    pub fn in_message(&self) -> bool {
        matches!(self.state, State::Head(_) | State::Body { .. })
    }

    /// True once an error was found: the connection must be closed.
    pub fn is_failed(&self) -> bool {
        self.error.is_some()
    }

    /// The error that failed the stream, if any.
    pub fn error(&self) -> Option<&SipError> {
        self.error.as_ref()
    }

    /// Enters the failed state with `e` and gives `e` back.
    fn fail(&mut self, e: SipError) -> SipError {
        self.state = State::Failed;
        self.buf = Vec::new();
        self.error = Some(e.clone());
        e
    }

    /// Reports a lone CRLF waiting between messages as a pong.
    fn flush_lone_crlf(&mut self) {
        if self.state
            == (State::Idle {
                breaks: 1,
                cr: false,
            })
        {
            self.state = State::Idle {
                breaks: 0,
                cr: false,
            };
            self.keepalive(KeepAlive::Pong);
        }
    }

    fn keepalive(&mut self, k: KeepAlive) {
        if k == KeepAlive::Pong {
            self.pong_awaited = false;
        }
        self.ready.push_back(Frame::KeepAlive(k));
    }

    /// Consumes a prefix of `input` according to the state; returns how many bytes it used.
    fn step(&mut self, input: &[u8]) -> Result<usize> {
        match self.state {
            State::Idle { breaks, cr } => self.step_idle(input, breaks, cr),
            State::Head(scan) => self.step_head(input, scan),
            State::Body { remaining } => Ok(self.step_body(input, remaining)),
            State::Failed => Err(self.error.clone().unwrap_or_else(|| {
                SipError::new(ErrorKind::InvalidArgument, self.consumed, "framer failed")
            })),
        }
    }

    /// Between messages: keep-alives (RFC 5626 3.5.1) until the first byte of a message.
    /// CRLFs before a start line are never part of a message (RFC 3261 7.5); a bare LF is
    /// taken as a line break too.
    fn step_idle(&mut self, input: &[u8], mut breaks: u8, mut cr: bool) -> Result<usize> {
        for (i, &b) in input.iter().enumerate() {
            let at = self.consumed.saturating_add(i);
            if cr && b != b'\n' {
                return Err(SipError::new(
                    ErrorKind::BadStartLine,
                    at,
                    "CR not followed by LF between messages; framing lost, close the connection",
                ));
            }
            match b {
                b'\r' => cr = true,
                b'\n' => {
                    cr = false;
                    breaks += 1;
                    if breaks == 2 {
                        breaks = 0;
                        self.keepalive(KeepAlive::Ping);
                    }
                }
                _ => {
                    if breaks == 1 {
                        self.keepalive(KeepAlive::Pong);
                    }
                    if !is_token_char(b) {
                        return Err(SipError::new(
                            ErrorKind::BadStartLine,
                            at,
                            "not the start of a SIP message (a method or SIP-Version); \
                             framing lost, close the connection",
                        ));
                    }
                    self.state = State::Head(HeadScan {
                        line_start: 0,
                        field_start: 0,
                        fields: 0,
                    });
                    self.msg_start = at;
                    self.buf.clear();
                    return Ok(i);
                }
            }
        }
        self.state = State::Idle { breaks, cr };
        Ok(input.len())
    }

    /// Inside the header section: takes bytes up to the end of the current line, checking the
    /// limits before anything is kept.
    fn step_head(&mut self, input: &[u8], mut scan: HeadScan) -> Result<usize> {
        let lf = memchr::memchr(b'\n', input);
        let take = lf.map_or(input.len(), |p| p + 1);
        let room = self.limits.max_message_size.saturating_sub(self.buf.len());
        if take > room {
            // Keep what fits so that an overlong line is reported as such.
            self.buf
                .extend_from_slice(input.get(..room).unwrap_or_default());
            self.check_field_len(&scan, false)?;
            // One byte over the limit, the first byte not kept, whatever the chunking.
            let mut e = SipError::limit(
                Limit::MessageSize,
                self.limits.max_message_size.saturating_add(1),
                self.msg_start.saturating_add(self.limits.max_message_size),
            );
            e.what = "header section longer than max_message_size; close the connection";
            return Err(e);
        }
        self.buf
            .extend_from_slice(input.get(..take).unwrap_or_default());
        let complete = lf.is_some();
        let content_end = self.check_field_len(&scan, complete)?;
        if complete {
            if content_end == scan.line_start {
                self.end_of_head()?;
                return Ok(take);
            }
            let first = self.buf.get(scan.line_start).copied();
            let folded = scan.line_start > 0 && matches!(first, Some(b' ' | b'\t'));
            if !folded {
                if scan.line_start > 0 {
                    scan.fields += 1;
                    if scan.fields > self.limits.max_headers {
                        let mut e = SipError::limit(
                            Limit::Headers,
                            scan.fields,
                            self.msg_start.saturating_add(scan.line_start),
                        );
                        e.what = "more header fields than max_headers; close the connection";
                        return Err(e);
                    }
                }
                scan.field_start = scan.line_start;
            }
            scan.line_start = self.buf.len();
        }
        self.state = State::Head(scan);
        Ok(take)
    }

    /// Checks the length of the current header field (its folded lines joined, line ends
    /// excluded) against `max_line_length`; returns where the current line's content ends.
    fn check_field_len(&self, scan: &HeadScan, complete: bool) -> Result<usize> {
        let len = self.buf.len();
        let mut end = len;
        if complete {
            end = end.saturating_sub(1);
        }
        if end > scan.line_start && self.buf.get(end - 1) == Some(&b'\r') {
            end -= 1;
        }
        let first = self.buf.get(scan.line_start).copied();
        let folded = scan.line_start > 0 && matches!(first, Some(b' ' | b'\t'));
        let field_start = if folded {
            scan.field_start
        } else {
            scan.line_start
        };
        let field_len = end.saturating_sub(field_start);
        let max = self.limits.max_line_length;
        if field_len > max {
            // Reported as one byte over the limit, where the framer stops reading the field:
            // how much more of it came in the same chunk depends on the chunking.
            let mut e = SipError::limit(
                Limit::LineLength,
                max.saturating_add(1),
                self.msg_start.saturating_add(field_start),
            );
            e.what = "header line longer than max_line_length; close the connection";
            return Err(e);
        }
        Ok(end)
    }

    /// The empty line was found: read Content-Length and wait for the body.
    fn end_of_head(&mut self) -> Result<()> {
        let head_len = self.buf.len();
        let body_len = content_length(&self.buf).map_err(|e| e.at(self.msg_start))?;
        let total = head_len.saturating_add(body_len);
        if total > self.limits.max_message_size {
            let mut e = SipError::limit(Limit::MessageSize, total, self.msg_start);
            e.what = "Content-Length makes the message larger than max_message_size; \
                      close the connection";
            return Err(e);
        }
        if body_len == 0 {
            self.emit_message();
        } else {
            self.buf.reserve_exact(body_len);
            self.state = State::Body {
                remaining: body_len,
            };
        }
        Ok(())
    }

    /// Inside the body: takes up to the bytes still missing.
    fn step_body(&mut self, input: &[u8], remaining: usize) -> usize {
        let take = remaining.min(input.len());
        self.buf
            .extend_from_slice(input.get(..take).unwrap_or_default());
        if take == remaining {
            self.emit_message();
        } else {
            self.state = State::Body {
                remaining: remaining - take,
            };
        }
        take
    }

    fn emit_message(&mut self) {
        let msg = std::mem::take(&mut self.buf);
        self.ready.push_back(Frame::Message(msg));
        self.state = State::Idle {
            breaks: 0,
            cr: false,
        };
    }
}

impl Iterator for Framer {
    type Item = Result<Frame>;

    /// Takes the next complete item: a message, a keep-alive, or (once, after every item
    /// completed before it) the error that failed the stream. `None` when nothing is ready;
    /// more may come after the next [`push`](Framer::push).
    fn next(&mut self) -> Option<Result<Frame>> {
        if let Some(frame) = self.ready.pop_front() {
            return Some(Ok(frame));
        }
        match &self.error {
            Some(e) if !self.error_reported => {
                self.error_reported = true;
                Some(Err(e.clone()))
            }
            _ => None,
        }
    }
}

/// True when a header name (LWS before the colon already removed) is Content-Length, in full
/// or compact form `l` (RFC 3261 7.3.3, 20.14), compared case-insensitively.
fn is_content_length(name: &[u8]) -> bool {
    std::str::from_utf8(name).is_ok_and(|n| HeaderKind::from_name(n) == HeaderKind::ContentLength)
}

/// Finds the body length in a complete header section (start line to the empty line).
/// Content-Length is mandatory on streams (RFC 3261 18.3, 20.14). Several Content-Length
/// fields are accepted only when they agree. Offsets in errors are relative to `head`.
fn content_length(head: &[u8]) -> Result<usize> {
    let mut found: Option<usize> = None;
    for (start, end) in fields(head) {
        let field = head.get(start..end).unwrap_or_default();
        let Some(colon) = memchr::memchr(b':', field) else {
            continue;
        };
        let name = trim(field.get(..colon).unwrap_or_default());
        if !is_content_length(name) {
            continue;
        }
        let value_at = start + colon + 1;
        let value = trim(field.get(colon + 1..).unwrap_or_default());
        let n = parse_length(value).map_err(|e| e.at(value_at))?;
        match found {
            Some(prev) if prev != n => {
                return Err(SipError::new(
                    ErrorKind::BadValue,
                    start,
                    "several Content-Length fields disagree; framing lost, close the connection",
                ));
            }
            _ => found = Some(n),
        }
    }
    found.ok_or_else(|| {
        SipError::new(
            ErrorKind::NotFound,
            0,
            "Content-Length missing: a stream cannot be framed without it (RFC 3261 18.3); \
             close the connection",
        )
    })
}

/// A Content-Length value: decimal digits only (RFC 3261 20.14). A value too large for
/// `usize` saturates, so that the message size limit reports it.
fn parse_length(v: &[u8]) -> Result<usize> {
    let bad = |at, what| Err(SipError::new(ErrorKind::BadValue, at, what));
    if v.first() == Some(&b'-') {
        return bad(
            0,
            "Content-Length is negative; framing lost, close the connection",
        );
    }
    match decimal(v) {
        Ok(n) => Ok(usize::try_from(n).unwrap_or(usize::MAX)),
        Err(DecimalFault::TooLarge) => Ok(usize::MAX),
        Err(DecimalFault::NotDigit(i)) => bad(
            i,
            "Content-Length is not a decimal number; framing lost, close the connection",
        ),
        Err(DecimalFault::Empty) => bad(
            0,
            "Content-Length is empty; framing lost, close the connection",
        ),
    }
}

/// `s` without leading and trailing SP, HT, CR and LF (a folded value keeps its inner LWS).
fn trim(s: &[u8]) -> &[u8] {
    let lws = |b: &u8| matches!(b, b' ' | b'\t' | b'\r' | b'\n');
    let start = s.iter().position(|b| !lws(b)).unwrap_or(s.len());
    let end = s.iter().rposition(|b| !lws(b)).map_or(start, |p| p + 1);
    s.get(start..end).unwrap_or_default()
}

/// The header fields of a header section as `(start, end)` ranges, folded continuation lines
/// joined into their field, line ends of the last line excluded. The start line is skipped.
fn fields(head: &[u8]) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut pos = memchr::memchr(b'\n', head).map_or(head.len(), |p| p + 1);
    std::iter::from_fn(move || {
        loop {
            if pos >= head.len() {
                return None;
            }
            let start = pos;
            let mut end;
            loop {
                let lf = memchr::memchr(b'\n', head.get(pos..).unwrap_or_default());
                let line_end = lf.map_or(head.len(), |p| pos + p);
                end = line_end;
                if end > pos && head.get(end - 1) == Some(&b'\r') {
                    end -= 1;
                }
                pos = line_end.saturating_add(1);
                if !matches!(head.get(pos), Some(b' ' | b'\t')) {
                    break;
                }
            }
            if end > start {
                return Some((start, end));
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_join_folds_and_skip_start_line() {
        let head = b"INVITE x SIP/2.0\r\nA: 1\r\nB: 2\r\n  3\r\nC: 4\n\r\n";
        let f: Vec<&[u8]> = fields(head).map(|(a, b)| &head[a..b]).collect();
        assert_eq!(f, vec![&b"A: 1"[..], &b"B: 2\r\n  3"[..], &b"C: 4"[..]]);
    }

    #[test]
    fn content_length_forms() {
        let cl = |h: &str| content_length(h.as_bytes());
        assert_eq!(cl("X\r\nContent-Length: 12\r\n\r\n"), Ok(12));
        assert_eq!(cl("X\r\nl:3\r\n\r\n"), Ok(3));
        assert_eq!(cl("X\r\nCONTENT-length \t: \r\n 7 \r\n\r\n"), Ok(7));
        assert_eq!(cl("X\r\nl: 4\r\nContent-Length: 4\r\n\r\n"), Ok(4));
        assert_eq!(
            cl("X\r\nl: 4\r\nContent-Length: 5\r\n\r\n")
                .unwrap_err()
                .kind,
            ErrorKind::BadValue
        );
        assert_eq!(
            cl("X\r\nContent-Lengths: 4\r\n\r\n").unwrap_err().kind,
            ErrorKind::NotFound
        );
        let e = cl("X\r\nl: 4x\r\n\r\n").unwrap_err();
        assert_eq!((e.kind, e.offset), (ErrorKind::BadValue, 6));
        assert_eq!(
            cl("X\r\nl: 99999999999999999999999999\r\n\r\n"),
            Ok(usize::MAX)
        );
    }

    #[test]
    fn trim_lws() {
        assert_eq!(trim(b" \t\r\n a b \r\n"), b"a b");
        assert_eq!(trim(b"   "), b"");
        assert_eq!(trim(b""), b"");
    }
}
