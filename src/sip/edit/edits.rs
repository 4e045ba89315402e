//! [`Edits`]: a message being edited. It holds the bytes and the layout of the header fields
//! (where each name, value and line is) and keeps that layout right through every edit
//! without reading the message again; [`Message::edit`](crate::sip::Message::edit) scans the
//! result once when the edits are done. Each edit replaces exactly the bytes it changes.

use super::args::{check_header_name, check_header_param, check_header_value, invalid};
use super::not_found;
use super::param_text::{
    header_params_start, reads_back, uri_with_param, uri_without_param, with_param, without_param,
};
use crate::limits::Limit;
use crate::sip::error::{ErrorKind, Result, SipError};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;
use crate::sip::name_addr::NameAddr;
use crate::sip::params::Params;
use crate::sip::scan::{is_lws, split_list};
use crate::sip::uri::Uri;
use std::ops::Range;

/// One header field of the message being edited: where its name, value and line are.
#[derive(Debug, Clone, Copy)]
struct Field {
    kind: HeaderKind,
    name: (usize, usize),
    /// The value, LWS-trimmed as the message scan trims it.
    value: (usize, usize),
    /// The whole field, line terminator included.
    line: (usize, usize),
}

/// A message being edited: its bytes and the layout of its header fields, kept right through
/// every edit. Made and applied by [`Message::edit`]; each method is the edit of the
/// [`Message`] method of the same name, and changes nothing when it fails.
#[derive(Debug, Clone)]
pub struct Edits {
    buf: Vec<u8>,
    fields: Vec<Field>,
    request_uri: Option<(usize, usize)>,
    /// Offset of the first body byte.
    body_start: usize,
    eol: &'static str,
    max_size: usize,
}

/// `s` as text; the header section of a message is UTF-8, and edits only put text in.
fn text(s: &[u8]) -> Result<&str> {
    std::str::from_utf8(s).map_err(|_| invalid("value is not UTF-8"))
}

/// Where `inner` sits in `outer`, when it is a slice of it. Compares addresses only.
fn offset_in(outer: &str, inner: &str) -> Option<usize> {
    let off = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    (outer.get(off..off + inner.len()) == Some(inner)).then_some(off)
}

impl Edits {
    pub(super) fn new(m: &Message) -> Edits {
        let pair = |r: Range<usize>| (r.start, r.end);
        Edits {
            buf: m.as_bytes().to_vec(),
            fields: m
                .headers()
                .iter()
                .map(|h| Field {
                    kind: h.kind(),
                    name: pair(h.name_range()),
                    value: pair(h.value_range()),
                    line: pair(h.line_range()),
                })
                .collect(),
            request_uri: m.request_uri_range().map(pair),
            body_start: m.head_len(),
            eol: m.eol(),
            max_size: m.limits().max_message_size,
        }
    }

    /// The edited bytes, to be scanned into the message.
    pub(super) fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// The message as it stands now.
    pub fn as_bytes(&self) -> &[u8] {
        &self.buf
    }

    /// The Request-URI as it stands now; `None` for a response.
    pub fn request_uri(&self) -> Option<&str> {
        let (a, b) = self.request_uri?;
        text(&self.buf[a..b]).ok()
    }

    /// The `index`-th value of `name` as it stands now, counted as [`Message::values`] counts.
    pub fn value(&self, name: &str, index: usize) -> Option<&str> {
        let (_, r) = self.value_ranges(name).into_iter().nth(index)?;
        text(&self.buf[r]).ok()
    }

    /// How many values `name` has now, counted as [`Message::values`] counts.
    pub fn count(&self, name: &str) -> usize {
        self.value_ranges(name).len()
    }

    fn name_of(&self, f: &Field) -> &str {
        text(&self.buf[f.name.0..f.name.1]).unwrap_or("")
    }

    /// Indexes of the fields named `name` (case-insensitive, compact forms resolved).
    fn fields_of<'s>(&'s self, name: &'s str) -> impl Iterator<Item = usize> + 's {
        let kind = HeaderKind::from_name(name);
        (0..self.fields.len()).filter(move |&i| {
            let f = &self.fields[i];
            f.kind == kind
                && (kind != HeaderKind::Other || self.name_of(f).eq_ignore_ascii_case(name))
        })
    }

    /// Every value of `name` as (field index, byte range), split as [`Message::values`] splits.
    fn value_ranges(&self, name: &str) -> Vec<(usize, Range<usize>)> {
        let mut out = Vec::new();
        for i in self.fields_of(name) {
            let f = self.fields[i];
            let (a, b) = f.value;
            if f.kind.is_list() {
                let v = text(&self.buf[a..b]).unwrap_or("");
                out.extend(split_list(v).map(|(x, y)| (i, a + x..a + y)));
            } else {
                out.push((i, a..b));
            }
        }
        out
    }

    /// The `index`-th value of `name`: its field, its range, and how many values the field has.
    fn locate_value(&self, name: &str, index: usize) -> Result<(usize, Range<usize>, usize)> {
        let ranges = self.value_ranges(name);
        let (field, r) = ranges
            .get(index)
            .cloned()
            .ok_or_else(|| not_found("no such header value"))?;
        let in_field = ranges.iter().filter(|(f, _)| *f == field).count();
        Ok((field, r, in_field))
    }

    /// Replaces `range` with `with`, within the size limit; says by how much the length grew.
    fn splice(&mut self, range: Range<usize>, with: &[u8]) -> Result<isize> {
        let len = self.buf.len() - range.len() + with.len();
        if len > self.max_size {
            return Err(SipError::limit(Limit::MessageSize, len, range.start));
        }
        let delta = with.len() as isize - range.len() as isize;
        self.buf.splice(range, with.iter().copied());
        Ok(delta)
    }

    /// Moves every place from field `from` on, and the body, by `delta`.
    fn shift_from(&mut self, from: usize, delta: isize) {
        let mv = |p: &mut usize| *p = p.wrapping_add_signed(delta);
        for f in self.fields.iter_mut().skip(from) {
            for p in [
                &mut f.name.0,
                &mut f.name.1,
                &mut f.value.0,
                &mut f.value.1,
                &mut f.line.0,
                &mut f.line.1,
            ] {
                mv(p);
            }
        }
        mv(&mut self.body_start);
    }

    /// Replaces `range`, inside the value of field `i`, with `with`, and trims the value anew.
    fn splice_value(&mut self, i: usize, range: Range<usize>, with: &[u8]) -> Result<()> {
        let delta = self.splice(range, with)?;
        let f = &mut self.fields[i];
        f.value.1 = f.value.1.wrapping_add_signed(delta);
        f.line.1 = f.line.1.wrapping_add_signed(delta);
        let (mut a, mut b) = f.value;
        while a < b && is_lws(self.buf[a]) {
            a += 1;
        }
        while b > a && is_lws(self.buf[b - 1]) {
            b -= 1;
        }
        if a == b {
            // An empty value sits where the scan puts it: after the colon and the white space
            // that follows it on the field's first line (not after a fold).
            let blank = |p: usize| p < f.line.1 && matches!(self.buf[p], b' ' | b'\t');
            a = f.name.1;
            while blank(a) {
                a += 1;
            }
            if a < f.line.1 && self.buf[a] == b':' {
                a += 1;
            }
            while blank(a) {
                a += 1;
            }
            b = a;
        }
        f.value = (a, b);
        self.shift_from(i + 1, delta);
        Ok(())
    }

    /// Inserts the field `name: value` as field number `i`, its line starting at `at`.
    fn insert_field(&mut self, i: usize, at: usize, name: &str, value: &str) -> Result<()> {
        check_header_name(name)?;
        check_header_value(value)?;
        let line = format!("{name}: {value}{}", self.eol);
        let delta = self.splice(at..at, line.as_bytes())?;
        self.shift_from(i, delta);
        let v0 = at + name.len() + 2;
        let mut f = Field {
            kind: HeaderKind::from_name(name),
            name: (at, at + name.len()),
            value: (v0, v0 + value.len()),
            line: (at, at + line.len()),
        };
        let v = value.as_bytes();
        let lead = v.iter().take_while(|&&c| is_lws(c)).count();
        let trail = v[lead..].iter().rev().take_while(|&&c| is_lws(c)).count();
        f.value = (v0 + lead, v0 + v.len() - trail);
        self.fields.insert(i, f);
        Ok(())
    }

    /// Removes field `i`, its whole line.
    fn remove_field(&mut self, i: usize) -> Result<()> {
        let (a, b) = self.fields[i].line;
        let delta = self.splice(a..b, b"")?;
        self.fields.remove(i);
        self.shift_from(i, delta);
        Ok(())
    }

    /// Where a first header line would start: just after the start line's line end (the CRLFs
    /// a message may start with skipped, RFC 3261 7.5; the empty line after it may be a bare
    /// LF even when the start line ends in CRLF).
    fn first_header_pos(&self) -> usize {
        if let Some(f) = self.fields.first() {
            return f.line.0;
        }
        let b = &self.buf[..self.body_start];
        let start = b.iter().take_while(|&&c| c == b'\r' || c == b'\n').count();
        memchr::memchr(b'\n', &b[start..]).map_or(self.body_start, |k| start + k + 1)
    }

    /// See [`Message::add_header`].
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<()> {
        let at = self
            .fields
            .last()
            .map_or_else(|| self.first_header_pos(), |f| f.line.1);
        self.insert_field(self.fields.len(), at, name, value)
    }

    /// See [`Message::prepend_header`].
    pub fn prepend_header(&mut self, name: &str, value: &str) -> Result<()> {
        let (i, at) = match self.fields_of(name).next() {
            Some(i) => (i, self.fields[i].line.0),
            None => (0, self.first_header_pos()),
        };
        self.insert_field(i, at, name, value)
    }

    /// See [`Message::remove_header`].
    pub fn remove_header(&mut self, name: &str, field_index: usize) -> Result<()> {
        let i = self
            .fields_of(name)
            .nth(field_index)
            .ok_or_else(|| not_found("no such header field"))?;
        self.remove_field(i)
    }

    /// See [`Message::remove_all`].
    pub fn remove_all(&mut self, name: &str) -> Result<usize> {
        let mut n = 0;
        loop {
            let Some(i) = self.fields_of(name).next() else {
                break;
            };
            self.remove_field(i)?;
            n += 1;
        }
        Ok(n)
    }

    /// See [`Message::remove_value`].
    pub fn remove_value(&mut self, name: &str, index: usize) -> Result<()> {
        let (i, r, in_field) = self.locate_value(name, index)?;
        if in_field <= 1 {
            return self.remove_field(i);
        }
        let (v0, v1) = self.fields[i].value;
        let b = &self.buf;
        // Prefer eating the comma after the value (and the LWS up to the next value). The
        // white space before the comma is what the value split trims (any LWS byte, a stray
        // CR included), so that the comma is found wherever the split found it.
        let mut end = r.end;
        while end < v1 && is_lws(b[end]) {
            end += 1;
        }
        if end < v1 && b[end] == b',' {
            end += 1;
            while end < v1 && is_lws(b[end]) {
                end += 1;
            }
            return self.splice_value(i, r.start..end, b"");
        }
        // Last value of the field: eat the comma before it.
        let mut start = r.start;
        while start > v0 && is_lws(b[start - 1]) {
            start -= 1;
        }
        if start > v0 && b[start - 1] == b',' {
            start -= 1;
            while start > v0 && is_lws(b[start - 1]) {
                start -= 1;
            }
        }
        self.splice_value(i, start..r.end, b"")
    }

    /// See [`Message::replace_value`].
    pub fn replace_value(&mut self, name: &str, index: usize, new: &str) -> Result<()> {
        check_header_value(new)?;
        let (i, r, _) = self.locate_value(name, index)?;
        self.splice_value(i, r, new.as_bytes())
    }

    /// The `index`-th value of `name` as text, with its field and range.
    fn value_text(&self, name: &str, index: usize) -> Result<(usize, Range<usize>, &str)> {
        let (i, r, _) = self.locate_value(name, index)?;
        let v = text(&self.buf[r.clone()])?;
        Ok((i, r, v))
    }

    /// See [`Message::set_header_param`].
    pub fn set_header_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        let (i, r, value) = self.value_text(name, index)?;
        check_header_param(self.fields[i].kind, pname, pvalue)?;
        let ps = header_params_start(value);
        let old = Params::new(&value[ps..]);
        let new = with_param(old.as_str(), pname, pvalue);
        reads_back(&old, &Params::new(&new), pname, pvalue)?;
        self.splice_value(i, r.start + ps..r.end, new.as_bytes())
    }

    /// See [`Message::remove_header_param`].
    pub fn remove_header_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        let (i, r, value) = self.value_text(name, index)?;
        let ps = header_params_start(value);
        let new =
            without_param(&value[ps..], pname).ok_or_else(|| not_found("no such parameter"))?;
        self.splice_value(i, r.start + ps..r.end, new.as_bytes())
    }

    /// The URI inside the `index`-th value of `name`: the field, the URI's range and text, and
    /// whether it is in angle brackets.
    fn locate_uri(&self, name: &str, index: usize) -> Result<(usize, Range<usize>, &str, bool)> {
        let (i, r, value) = self.value_text(name, index)?;
        let na = NameAddr::parse(value)?;
        let off = offset_in(value, na.uri.raw)
            .ok_or_else(|| invalid("the URI is not inside the header value"))?;
        let at = r.start + off;
        Ok((i, at..at + na.uri.raw.len(), na.uri.raw, na.angle))
    }

    /// See [`Message::set_uri_param`].
    pub fn set_uri_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        let (i, r, raw, angle) = self.locate_uri(name, index)?;
        let mut new = uri_with_param(raw, pname, pvalue)?;
        if !angle {
            new = format!("<{new}>");
        }
        self.splice_value(i, r, new.as_bytes())
    }

    /// See [`Message::remove_uri_param`].
    pub fn remove_uri_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        let (i, r, raw, _) = self.locate_uri(name, index)?;
        let new = uri_without_param(raw, pname)?;
        self.splice_value(i, r, new.as_bytes())
    }

    /// The Request-URI's range and text.
    fn request_uri_text(&self) -> Result<(Range<usize>, &str)> {
        let (a, b) = self
            .request_uri
            .ok_or_else(|| invalid("a response has no Request-URI"))?;
        Ok((a..b, text(&self.buf[a..b])?))
    }

    /// Replaces the Request-URI's bytes at `r` with `new`.
    fn splice_request_uri(&mut self, r: Range<usize>, new: &[u8]) -> Result<()> {
        let delta = self.splice(r.clone(), new)?;
        self.request_uri = Some((r.start, r.end.wrapping_add_signed(delta)));
        self.shift_from(0, delta);
        Ok(())
    }

    /// See [`Message::set_request_uri`].
    pub fn set_request_uri(&mut self, uri: &str) -> Result<()> {
        let (r, _) = self.request_uri_text()?;
        Uri::parse(uri).map_err(|e| SipError::new(ErrorKind::InvalidArgument, e.offset, e.what))?;
        self.splice_request_uri(r, uri.as_bytes())
    }

    /// See [`Message::set_request_uri_param`].
    pub fn set_request_uri_param(&mut self, pname: &str, pvalue: Option<&str>) -> Result<()> {
        let (r, raw) = self.request_uri_text()?;
        let new = uri_with_param(raw, pname, pvalue)?;
        self.splice_request_uri(r, new.as_bytes())
    }

    /// See [`Message::remove_request_uri_param`].
    pub fn remove_request_uri_param(&mut self, pname: &str) -> Result<()> {
        let (r, raw) = self.request_uri_text()?;
        let new = uri_without_param(raw, pname)?;
        self.splice_request_uri(r, new.as_bytes())
    }

    /// See [`Message::set_body`].
    pub fn set_body(&mut self, content_type: Option<&str>, body: &[u8]) -> Result<()> {
        if let Some(ct) = content_type {
            check_header_value(ct)?;
        }
        let saved = self.clone();
        let result = self.set_body_steps(content_type, body);
        if result.is_err() {
            *self = saved;
        }
        result
    }

    fn set_body_steps(&mut self, content_type: Option<&str>, body: &[u8]) -> Result<()> {
        let start = self.body_start;
        let end = self.buf.len();
        self.splice(start..end, body)?;
        let len = body.len().to_string();
        if self.fields_of("Content-Length").next().is_some() {
            self.replace_value("Content-Length", 0, &len)?;
        } else {
            self.add_header("Content-Length", &len)?;
        }
        match content_type {
            Some(ct) if self.fields_of("Content-Type").next().is_some() => {
                self.replace_value("Content-Type", 0, ct)
            }
            Some(ct) => self.add_header("Content-Type", ct),
            None if body.is_empty() => self.remove_all("Content-Type").map(|_| ()),
            None => Ok(()),
        }
    }
}
