//! Reading the start line and header fields of a message in one pass: the usual lines in a
//! tight loop, any other line step by step so that an error names the first fault.

use super::start_line::parse_start_line;
use super::{Header, Headers, Start};
use crate::limits::{Limit, Limits};
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::header_name::HeaderKind;
use crate::sip::scan::class::{TOKEN, all_in};
use crate::sip::scan::find::{find, find2};
use crate::sip::scan::is_token_char;
use crate::sip::scan::line_feeds::LineFeeds;
use crate::sip::scan::line_start::short_name;

/// Offset of the first `x` at or after `at`.
#[inline(always)]
pub(super) fn find_byte(b: &[u8], at: usize, x: u8) -> Option<usize> {
    find(x, b.get(at..)?).map(|k| at + k)
}

/// Offset of the first `x` or `y` at or after `at`.
#[inline(always)]
pub(super) fn find_either(b: &[u8], at: usize, x: u8, y: u8) -> Option<usize> {
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

pub(super) fn bad(kind: ErrorKind, at: usize, what: &'static str) -> SipError {
    SipError::new(kind, at, what)
}

/// Reads the start line and header fields of `b`, appending the fields to `headers` (empty on
/// entry); gives the start line, the offset of the body and how many leading bytes are known
/// to be ASCII.
pub(super) fn scan(
    b: &[u8],
    limits: &Limits,
    headers: &mut Headers,
) -> Result<(Start, u32, usize)> {
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
            // nl > colon, and b[colon] is ':'; b[nl] is LF, which ends the white space skip
            // at the latest. A byte above SP is no white space: one compare settles the usual
            // value (one space after the colon, none at the end).
            let mut value_start = colon + 1;
            if b.get(value_start) == Some(&b' ') {
                value_start += 1;
            }
            if b.get(value_start).is_some_and(|&c| c <= b' ') {
                while let Some(b' ' | b'\t') = b.get(value_start) {
                    value_start += 1;
                }
            }
            let end = if b.get(nl - 1) == Some(&b'\r') {
                nl - 1
            } else {
                nl
            };
            if end - at > max_line {
                break 'blocks;
            }
            let mut value_end = end;
            if value_end > value_start && b.get(value_end - 1).is_some_and(|&c| c <= b' ') {
                while value_end > value_start && matches!(b.get(value_end - 1), Some(b' ' | b'\t'))
                {
                    value_end -= 1;
                }
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
pub(super) fn is_token(s: &[u8]) -> bool {
    all_in(s, TOKEN)
}

/// What [`other_line`] (or [`plain_fields`]) found.
pub(super) enum Line {
    /// A field or a continuation line (a line left to the step-by-step reader); the next line
    /// starts here.
    Next(usize),
    /// The empty line; the body starts here.
    End(usize),
}

/// Any line [`plain_fields`] does not take: the empty line, a continuation line, or a header line
/// to check step by step so that an error names the first fault.
pub(super) fn other_line(
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
