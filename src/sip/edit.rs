//! Surgical edits of a [`Message`]: each edit replaces exactly the bytes it changes and leaves
//! every other byte as it came in. After an edit the message is scanned again, so spans,
//! indexes and limits stay right; an edit that would break the message changes nothing.

use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::header_params::parse_header_params;
use super::message::Message;
use super::scan::{is_lws, is_token, quoted_len};
use super::uri::Uri;
use crate::limits::Limit;
use std::ops::Range;

fn invalid(what: &'static str) -> SipError {
    SipError::new(ErrorKind::InvalidArgument, 0, what)
}

fn not_found(what: &'static str) -> SipError {
    SipError::new(ErrorKind::NotFound, 0, what)
}

/// Refuses text that would break the framing of a header line.
fn check_value(v: &str) -> Result<()> {
    if v.bytes().any(|c| c == b'\r' || c == b'\n' || c == 0) {
        return Err(invalid("value contains CR, LF or NUL"));
    }
    Ok(())
}

fn check_name(n: &str) -> Result<()> {
    if !is_token(n) {
        return Err(invalid("header name is not a token"));
    }
    Ok(())
}

/// Where the header parameters of a value start: the first `;` outside quotes and `<>`.
fn header_params_start(v: &str) -> usize {
    let b = v.as_bytes();
    let mut i = 0;
    let mut angle = false;
    while i < b.len() {
        match b[i] {
            b'"' if !angle => {
                i += quoted_len(&b[i..]).unwrap_or(b.len() - i);
                continue;
            }
            b'<' => angle = true,
            b'>' => angle = false,
            b';' if !angle => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// New text for a parameter list with `name` set to `value` (replacing the first occurrence,
/// or appended).
fn with_param(
    params: &str,
    span: Option<(usize, usize)>,
    name: &str,
    value: Option<&str>,
) -> String {
    let mut p = String::with_capacity(name.len() + value.map_or(0, str::len) + 2);
    p.push(';');
    p.push_str(name);
    if let Some(v) = value {
        p.push('=');
        p.push_str(v);
    }
    match span {
        Some((a, b)) => format!("{}{}{}", &params[..a], p, &params[b..]),
        None => format!("{params}{p}"),
    }
}

impl Message {
    /// Replaces `range` of the buffer with `with` and re-scans; on failure nothing changes.
    fn splice(&mut self, range: Range<usize>, with: &[u8]) -> Result<()> {
        let old = self.as_bytes();
        let len = old.len() - range.len() + with.len();
        if len > self.limits().max_message_size {
            return Err(SipError::limit(Limit::MessageSize, len, range.start));
        }
        let mut buf = Vec::with_capacity(len);
        buf.extend_from_slice(&old[..range.start]);
        buf.extend_from_slice(with);
        buf.extend_from_slice(&old[range.end..]);
        self.replace_buffer(buf)
    }

    /// The line terminator this message uses (CRLF unless it came with bare LFs).
    fn eol(&self) -> &'static str {
        let b = self.as_bytes();
        match memchr::memchr(b'\n', b) {
            Some(k) if k > 0 && b[k - 1] == b'\r' => "\r\n",
            Some(_) => "\n",
            None => "\r\n",
        }
    }

    fn header_line(&self, name: &str, value: &str) -> Result<String> {
        check_name(name)?;
        check_value(value)?;
        Ok(format!("{name}: {value}{}", self.eol()))
    }

    /// Appends a header field after the last one.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<()> {
        let line = self.header_line(name, value)?;
        let at = self
            .headers()
            .last()
            .map_or_else(|| self.first_header_pos(), |h| h.line_range().end);
        self.splice(at..at, line.as_bytes())
    }

    /// Inserts a header field before the first field with the same name (where a proxy puts its
    /// Via or Record-Route, RFC 3261 16.6), or before every other field when there is none.
    pub fn prepend_header(&mut self, name: &str, value: &str) -> Result<()> {
        let line = self.header_line(name, value)?;
        let at = match self.fields_of(name).next() {
            Some(h) => h.line_range().start,
            None => self.first_header_pos(),
        };
        self.splice(at..at, line.as_bytes())
    }

    /// Where a first header line would start: just after the start line.
    fn first_header_pos(&self) -> usize {
        match self.headers().first() {
            Some(h) => h.line_range().start,
            None => self.head_len() - self.eol().len(),
        }
    }

    /// Removes the `field_index`-th field named `name` (all of its values).
    pub fn remove_header(&mut self, name: &str, field_index: usize) -> Result<()> {
        let r = self
            .fields_of(name)
            .nth(field_index)
            .map(|h| h.line_range())
            .ok_or_else(|| not_found("no such header field"))?;
        self.splice(r, b"")
    }

    /// Removes every field named `name`; returns how many were removed.
    pub fn remove_all(&mut self, name: &str) -> Result<usize> {
        let mut n = 0;
        while self.fields_of(name).next().is_some() {
            self.remove_header(name, 0)?;
            n += 1;
        }
        Ok(n)
    }

    /// Byte range of the `index`-th value of `name` and the range of its whole field.
    fn locate_value(
        &self,
        name: &str,
        index: usize,
    ) -> Result<(Range<usize>, Range<usize>, usize)> {
        let ranges = self.value_ranges(name);
        let (field, r) = ranges
            .get(index)
            .cloned()
            .ok_or_else(|| not_found("no such header value"))?;
        let in_field = ranges.iter().filter(|(f, _)| *f == field).count();
        let line = self.headers()[field].line_range();
        Ok((r, line, in_field))
    }

    /// Removes the `index`-th value of `name` (counted as [`Message::values`] counts). A field
    /// left without values is removed whole; otherwise one separating comma goes with it.
    pub fn remove_value(&mut self, name: &str, index: usize) -> Result<()> {
        let (r, line, in_field) = self.locate_value(name, index)?;
        if in_field <= 1 {
            return self.splice(line, b"");
        }
        let b = self.as_bytes();
        // Prefer eating the comma after the value (and the LWS up to the next value).
        let mut end = r.end;
        while end < line.end && is_lws(b[end]) && b[end] != b'\r' && b[end] != b'\n' {
            end += 1;
        }
        if end < line.end && b[end] == b',' {
            end += 1;
            while end < line.end && is_lws(b[end]) {
                end += 1;
            }
            return self.splice(r.start..end, b"");
        }
        // Last value of the field: eat the comma before it.
        let mut start = r.start;
        while start > line.start && is_lws(b[start - 1]) {
            start -= 1;
        }
        if start > line.start && b[start - 1] == b',' {
            start -= 1;
            while start > line.start && is_lws(b[start - 1]) {
                start -= 1;
            }
        }
        self.splice(start..r.end, b"")
    }

    /// Replaces the `index`-th value of `name` with `new`.
    pub fn replace_value(&mut self, name: &str, index: usize, new: &str) -> Result<()> {
        check_value(new)?;
        let (r, _, _) = self.locate_value(name, index)?;
        self.splice(r, new.as_bytes())
    }

    /// Sets (adds or replaces) header parameter `pname` on the `index`-th value of `name`;
    /// `pvalue` is written as given (quote it yourself when it needs a quoted-string).
    pub fn set_header_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        if !is_token(pname) {
            return Err(invalid("parameter name is not a token"));
        }
        if let Some(v) = pvalue {
            check_value(v)?;
            let probe = format!(";{pname}={v}");
            parse_header_params(
                &probe,
                0,
                "parameter value is not a token, host or quoted-string",
            )
            .map_err(|e| SipError::new(ErrorKind::InvalidArgument, 0, e.what))?;
        }
        let (r, _, _) = self.locate_value(name, index)?;
        let value = &self.as_bytes()[r.clone()];
        let value = std::str::from_utf8(value).map_err(|_| invalid("value is not UTF-8"))?;
        let ps = header_params_start(value);
        let params = super::params::Params::new(&value[ps..]);
        let new_params = with_param(params.as_str(), params.span_of(pname), pname, pvalue);
        self.splice(r.start + ps..r.end, new_params.as_bytes())
    }

    /// Removes header parameter `pname` from the `index`-th value of `name`.
    pub fn remove_header_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        let (r, _, _) = self.locate_value(name, index)?;
        let value = std::str::from_utf8(&self.as_bytes()[r.clone()])
            .map_err(|_| invalid("value is not UTF-8"))?;
        let ps = header_params_start(value);
        let params = super::params::Params::new(&value[ps..]);
        let (a, b) = params
            .span_of(pname)
            .ok_or_else(|| not_found("no such parameter"))?;
        let at = r.start + ps;
        self.splice(at + a..at + b, b"")
    }

    /// The URI inside the `index`-th value of `name`, with its byte range in the message and
    /// whether it is in angle brackets.
    fn locate_uri(&self, name: &str, index: usize) -> Result<(Range<usize>, bool)> {
        let (r, _, _) = self.locate_value(name, index)?;
        let value = std::str::from_utf8(&self.as_bytes()[r.clone()])
            .map_err(|_| invalid("value is not UTF-8"))?;
        let na = super::name_addr::NameAddr::parse(value)?;
        let off = na.uri.raw.as_ptr() as usize - value.as_ptr() as usize;
        Ok((r.start + off..r.start + off + na.uri.raw.len(), na.angle))
    }

    fn check_uri_param(pname: &str, pvalue: Option<&str>) -> Result<()> {
        let probe = match pvalue {
            Some(v) => format!("sip:x;{pname}={v}"),
            None => format!("sip:x;{pname}"),
        };
        Uri::parse(&probe)
            .map(|_| ())
            .map_err(|_| invalid("URI parameter name or value breaks the URI grammar"))
    }

    fn uri_with_param(raw: &str, pname: &str, pvalue: Option<&str>) -> Result<String> {
        let uri = Uri::parse(raw)?;
        let params = uri.params;
        let ps = params.as_str().as_ptr() as usize - raw.as_ptr() as usize;
        let pe = ps + params.as_str().len();
        let new_params = with_param(params.as_str(), params.span_of(pname), pname, pvalue);
        Ok(format!("{}{}{}", &raw[..ps], new_params, &raw[pe..]))
    }

    fn uri_without_param(raw: &str, pname: &str) -> Result<String> {
        let uri = Uri::parse(raw)?;
        let params = uri.params;
        let ps = params.as_str().as_ptr() as usize - raw.as_ptr() as usize;
        let (a, b) = params
            .span_of(pname)
            .ok_or_else(|| not_found("no such URI parameter"))?;
        Ok(format!("{}{}", &raw[..ps + a], &raw[ps + b..]))
    }

    /// Sets URI parameter `pname` inside the URI of the `index`-th value of `name` (a name-addr
    /// header such as Contact, Record-Route, Route, From, To). An addr-spec written without
    /// angle brackets gets them, so the new parameter stays a URI parameter (RFC 3261 20.10).
    pub fn set_uri_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        Self::check_uri_param(pname, pvalue)?;
        let (r, angle) = self.locate_uri(name, index)?;
        let raw = std::str::from_utf8(&self.as_bytes()[r.clone()])
            .map_err(|_| invalid("URI is not UTF-8"))?;
        let mut new = Self::uri_with_param(raw, pname, pvalue)?;
        if !angle {
            new = format!("<{new}>");
        }
        self.splice(r, new.as_bytes())
    }

    /// Removes URI parameter `pname` from the URI of the `index`-th value of `name`.
    pub fn remove_uri_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        let (r, _) = self.locate_uri(name, index)?;
        let raw = std::str::from_utf8(&self.as_bytes()[r.clone()])
            .map_err(|_| invalid("URI is not UTF-8"))?;
        let new = Self::uri_without_param(raw, pname)?;
        self.splice(r, new.as_bytes())
    }

    /// Replaces the Request-URI.
    pub fn set_request_uri(&mut self, uri: &str) -> Result<()> {
        let r = self
            .request_uri_range()
            .ok_or_else(|| invalid("a response has no Request-URI"))?;
        Uri::parse(uri).map_err(|e| SipError::new(ErrorKind::InvalidArgument, e.offset, e.what))?;
        self.splice(r, uri.as_bytes())
    }

    /// Sets URI parameter `pname` on the Request-URI.
    pub fn set_request_uri_param(&mut self, pname: &str, pvalue: Option<&str>) -> Result<()> {
        Self::check_uri_param(pname, pvalue)?;
        let r = self
            .request_uri_range()
            .ok_or_else(|| invalid("a response has no Request-URI"))?;
        let new = Self::uri_with_param(self.request_uri().unwrap_or(""), pname, pvalue)?;
        self.splice(r, new.as_bytes())
    }

    /// Removes URI parameter `pname` from the Request-URI.
    pub fn remove_request_uri_param(&mut self, pname: &str) -> Result<()> {
        let r = self
            .request_uri_range()
            .ok_or_else(|| invalid("a response has no Request-URI"))?;
        let new = Self::uri_without_param(self.request_uri().unwrap_or(""), pname)?;
        self.splice(r, new.as_bytes())
    }

    /// Replaces the body and keeps Content-Length right (the first Content-Length field is
    /// rewritten, or one is added). With `Some(content_type)` the Content-Type is set too; with
    /// `None` an existing Content-Type stays, unless the body becomes empty, when it is removed.
    pub fn set_body(&mut self, content_type: Option<&str>, body: &[u8]) -> Result<()> {
        if let Some(ct) = content_type {
            check_value(ct)?;
        }
        let saved = self.clone();
        let result = (|| {
            let start = self.head_len();
            let end = self.as_bytes().len();
            self.splice(start..end, body)?;
            let len = body.len().to_string();
            if self.fields_of("Content-Length").next().is_some() {
                let idx = HeaderKind::ContentLength
                    .canonical_name()
                    .unwrap_or("Content-Length");
                self.replace_value(idx, 0, &len)?;
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
        })();
        if result.is_err() {
            *self = saved;
        }
        result
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVITE: &str = "INVITE sip:bob@biloxi.com SIP/2.0\r\n\
Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds ,SIP/2.0/TCP p2.example.com;branch=z9hG4bKx\r\n\
Max-Forwards: 70\r\n\
To:  Bob <sip:bob@biloxi.com>\r\n\
From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710@pc33.atlanta.com\r\n\
CSeq: 314159 INVITE\r\n\
Contact: sip:alice@pc33.atlanta.com;expires=60\r\n\
Content-Length: 4\r\n\
\r\n\
v=0\n";

    fn msg() -> Message {
        Message::parse(INVITE.as_bytes()).unwrap()
    }

    #[test]
    fn add_and_prepend_keep_other_bytes() {
        let mut m = msg();
        m.prepend_header("Via", "SIP/2.0/TLS proxy.example.com;branch=z9hG4bKnew")
            .unwrap();
        m.add_header("X-Test", "1").unwrap();
        let s = String::from_utf8(m.as_bytes().to_vec()).unwrap();
        let expect = INVITE
            .replace(
                "Via: SIP/2.0/UDP",
                "Via: SIP/2.0/TLS proxy.example.com;branch=z9hG4bKnew\r\nVia: SIP/2.0/UDP",
            )
            .replace(
                "Content-Length: 4\r\n",
                "Content-Length: 4\r\nX-Test: 1\r\n",
            );
        assert_eq!(s, expect);
        assert_eq!(m.count("Via"), 3);
        assert_eq!(m.vias().next().unwrap().unwrap().transport, "TLS");
    }

    #[test]
    fn remove_values_and_fields() {
        let mut m = msg();
        m.remove_value("v", 0).unwrap();
        assert!(
            String::from_utf8_lossy(m.as_bytes())
                .contains("Via: SIP/2.0/TCP p2.example.com;branch=z9hG4bKx\r\n")
        );
        m.remove_value("Via", 0).unwrap();
        assert_eq!(m.count("Via"), 0);
        let mut m = msg();
        m.remove_value("Via", 1).unwrap();
        assert!(
            String::from_utf8_lossy(m.as_bytes())
                .contains("Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds\r\n")
        );
        assert!(m.remove_header("Route", 0).is_err());
        m.remove_header("Max-Forwards", 0).unwrap();
        assert!(m.header("Max-Forwards").is_none());
    }

    #[test]
    fn params_edits() {
        let mut m = msg();
        m.set_header_param("To", 0, "tag", Some("xyz")).unwrap();
        assert_eq!(m.to().unwrap().unwrap().tag(), Some("xyz"));
        m.set_header_param("From", 0, "tag", Some("new")).unwrap();
        assert_eq!(
            m.header("From"),
            Some("Alice <sip:alice@atlanta.com>;tag=new")
        );
        m.remove_header_param("From", 0, "tag").unwrap();
        assert_eq!(m.header("From"), Some("Alice <sip:alice@atlanta.com>"));
        m.set_uri_param("Contact", 0, "ms-received-cid", Some("12AB00"))
            .unwrap();
        assert_eq!(
            m.header("Contact"),
            Some("<sip:alice@pc33.atlanta.com;ms-received-cid=12AB00>;expires=60")
        );
        m.remove_uri_param("Contact", 0, "ms-received-cid").unwrap();
        assert_eq!(
            m.header("Contact"),
            Some("<sip:alice@pc33.atlanta.com>;expires=60")
        );
        m.set_header_param("Via", 1, "received", Some("192.0.2.9"))
            .unwrap();
        assert_eq!(
            m.vias().nth(1).unwrap().unwrap().received(),
            Some("192.0.2.9")
        );
        assert!(m.set_header_param("To", 0, "bad name", None).is_err());
        assert!(m.set_header_param("To", 0, "x", Some("a\r\nb")).is_err());
        assert!(m.set_uri_param("Contact", 0, "x", Some("a b")).is_err());
        assert!(m.remove_uri_param("Contact", 0, "nope").is_err());
        m.set_request_uri_param("transport", Some("tcp")).unwrap();
        assert_eq!(m.request_uri(), Some("sip:bob@biloxi.com;transport=tcp"));
        m.remove_request_uri_param("transport").unwrap();
        m.set_request_uri("sip:carol@chicago.com").unwrap();
        assert_eq!(m.request_uri(), Some("sip:carol@chicago.com"));
        assert!(m.set_request_uri("<bad>").is_err());
    }

    #[test]
    fn body_keeps_content_length() {
        let mut m = msg();
        m.set_body(
            Some("application/sdp"),
            b"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n",
        )
        .unwrap();
        assert_eq!(m.content_length().unwrap().unwrap(), 29);
        assert_eq!(m.content_type(), Some("application/sdp"));
        assert_eq!(m.body(), b"v=0\r\no=- 1 1 IN IP4 0.0.0.0\r\n");
        m.set_body(None, b"").unwrap();
        assert_eq!(m.content_length().unwrap().unwrap(), 0);
        assert!(m.content_type().is_none());
    }

    #[test]
    fn edits_refuse_breaking_input_and_keep_message() {
        let mut m = msg();
        let before = m.as_bytes().to_vec();
        assert!(m.add_header("X", "a\r\nInjected: yes").is_err());
        assert!(m.add_header("Bad Name", "1").is_err());
        assert!(m.replace_value("Call-ID", 0, "x\n").is_err());
        assert!(m.replace_value("Call-ID", 5, "x").is_err());
        let big = "x".repeat(70_000);
        assert_eq!(
            m.add_header("X-Big", &big).unwrap_err().kind,
            ErrorKind::LimitExceeded
        );
        assert_eq!(m.as_bytes(), &before[..]);
    }
}
