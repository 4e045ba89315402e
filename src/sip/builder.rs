//! Building messages: a response from a request (RFC 3261 8.2.6) and a request from parts.

use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::message::Message;
use super::message::written::MessageWriter;
use super::name_addr::NameAddr;
use super::scan::is_token;
use super::status::default_reason;
use super::uri::Uri;
use crate::limits::Limits;

fn invalid(what: &'static str) -> SipError {
    SipError::new(ErrorKind::InvalidArgument, 0, what)
}

fn no_breaks(s: &str, what: &'static str) -> Result<()> {
    if s.bytes().any(|c| c == b'\r' || c == b'\n' || c == 0) {
        return Err(invalid(what));
    }
    Ok(())
}

/// Methods whose 101-299 responses establish a dialog, so Record-Route is copied (RFC 3261
/// 12.1.1; RFC 6665 for SUBSCRIBE/NOTIFY; RFC 3515 for REFER).
fn creates_dialog(method: &str) -> bool {
    ["INVITE", "SUBSCRIBE", "NOTIFY", "REFER"]
        .iter()
        .any(|m| m.eq_ignore_ascii_case(method))
}

impl Message {
    /// Builds the response an element sends to `req` (RFC 3261 8.2.6): the Via fields in
    /// order, From, To (a tag is added when `to_tag` is given, the To has none and the code is
    /// above 100), Call-ID and CSeq copied; Timestamp copied into a 100 (8.2.6.1); Record-Route
    /// copied into 101-299 responses to dialog-creating requests (12.1.1); Content-Length: 0.
    /// `reason` defaults to the usual phrase for `code`.
    pub fn response_to(
        req: &Message,
        code: u16,
        reason: Option<&str>,
        to_tag: Option<&str>,
    ) -> Result<Message> {
        Message::response_with(req, code, reason, to_tag, &[])
    }

    /// [`Message::response_to`] with `extra` header fields (name, value) after the
    /// Content-Length, written in the same pass: the response is built and read once. The
    /// caller vouches for the extra names and values (tokens, no line breaks); a value that
    /// breaks the message fails the final read.
    pub(crate) fn response_with(
        req: &Message,
        code: u16,
        reason: Option<&str>,
        to_tag: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<Message> {
        // Written with its layout recorded: the response is not read again.
        let mut out = MessageWriter::with_capacity(0, req.limits());
        Message::write_response(&mut out, req, code, reason, to_tag, extra)?;
        out.finish()
    }

    /// The text [`Message::response_with`] reads: for a caller that builds several
    /// responses from the same fields and reads each of them once.
    pub(crate) fn response_text(
        req: &Message,
        code: u16,
        reason: Option<&str>,
        to_tag: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<String> {
        let mut out = MessageWriter::with_capacity(0, req.limits());
        Message::write_response(&mut out, req, code, reason, to_tag, extra)?;
        Ok(out.into_text())
    }

    /// The response of [`Message::response_with`], written to `out` (empty on entry).
    fn write_response(
        out: &mut MessageWriter,
        req: &Message,
        code: u16,
        reason: Option<&str>,
        to_tag: Option<&str>,
        extra: &[(&str, &str)],
    ) -> Result<()> {
        let Some(method) = req.method() else {
            return Err(SipError::wrong_kind("can only respond to a request"));
        };
        if !(100..=699).contains(&code) {
            return Err(invalid("status code outside 100-699"));
        }
        let reason = reason.unwrap_or_else(|| default_reason(code));
        no_breaks(reason, "reason phrase contains CR, LF or NUL")?;
        if let Some(t) = to_tag
            && !is_token(t)
        {
            return Err(invalid("To tag is not a token"));
        }
        let extra_len: usize = extra.iter().map(|(n, v)| n.len() + v.len() + 4).sum();
        out.reserve(req.head_len() + 64 + extra_len);
        out.status_line(code, reason);
        out.copy_fields(req, HeaderKind::Via);
        if (101..=299).contains(&code) && creates_dialog(method) {
            out.copy_fields(req, HeaderKind::RecordRoute);
        }
        out.copy_fields(req, HeaderKind::From);
        let to = req
            .header("To")
            .ok_or_else(|| invalid("request has no To header"))?;
        match to_tag {
            Some(t) if code > 100 && !NameAddr::parse(to).is_ok_and(|n| n.tag().is_some()) => {
                out.field_of(HeaderKind::To, "To", &[to, ";tag=", t]);
            }
            _ => out.field_of(HeaderKind::To, "To", &[to]),
        }
        out.copy_fields(req, HeaderKind::CallId);
        out.copy_fields(req, HeaderKind::CSeq);
        if code == 100 {
            out.copy_fields(req, HeaderKind::Timestamp);
        }
        out.field_of(HeaderKind::ContentLength, "Content-Length", &["0"]);
        for (name, value) in extra {
            out.field(name, value);
        }
        Ok(())
    }
}

/// Builds a request from parts; the first invalid part is reported by [`RequestBuilder::build`].
#[derive(Debug, Clone)]
pub struct RequestBuilder {
    method: String,
    uri: String,
    headers: Vec<(String, String)>,
    body: Option<(String, Vec<u8>)>,
    limits: Limits,
    error: Option<SipError>,
}

impl RequestBuilder {
    /// Starts `METHOD uri SIP/2.0`.
    pub fn new(method: &str, uri: &str) -> RequestBuilder {
        let mut error = None;
        if !is_token(method) {
            error = Some(invalid("method is not a token"));
        } else if Uri::parse(uri).is_err() {
            error = Some(invalid("Request-URI does not parse"));
        }
        RequestBuilder {
            method: method.to_string(),
            uri: uri.to_string(),
            headers: Vec::new(),
            body: None,
            limits: Limits::DEFAULT,
            error,
        }
    }

    /// Limits the built message is parsed under.
    pub fn limits(mut self, limits: Limits) -> RequestBuilder {
        self.limits = limits;
        self
    }

    /// Adds a header field (in order). Content-Length is always written by `build`.
    pub fn header(mut self, name: &str, value: &str) -> RequestBuilder {
        if self.error.is_none() {
            if !is_token(name) {
                self.error = Some(invalid("header name is not a token"));
            } else if let Err(e) = no_breaks(value, "header value contains CR, LF or NUL") {
                self.error = Some(e);
            } else if HeaderKind::from_name(name) == HeaderKind::ContentLength {
                self.error = Some(invalid("Content-Length is computed by the builder"));
            }
        }
        self.headers.push((name.to_string(), value.to_string()));
        self
    }

    /// Sets the body and its Content-Type.
    pub fn body(mut self, content_type: &str, body: &[u8]) -> RequestBuilder {
        if self.error.is_none()
            && let Err(e) = no_breaks(content_type, "Content-Type contains CR, LF or NUL")
        {
            self.error = Some(e);
        }
        self.body = Some((content_type.to_string(), body.to_vec()));
        self
    }

    /// Produces the message (parsed, so it can be read and edited further).
    pub fn build(self) -> Result<Message> {
        if let Some(e) = self.error {
            return Err(e);
        }
        let mut out = Vec::with_capacity(256);
        out.extend_from_slice(format!("{} {} SIP/2.0\r\n", self.method, self.uri).as_bytes());
        for (n, v) in &self.headers {
            out.extend_from_slice(format!("{n}: {v}\r\n").as_bytes());
        }
        let body: &[u8] = match &self.body {
            Some((ct, b)) => {
                out.extend_from_slice(format!("Content-Type: {ct}\r\n").as_bytes());
                b
            }
            None => b"",
        };
        out.extend_from_slice(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes());
        out.extend_from_slice(body);
        Message::parse_with(&out, &self.limits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQ: &str = "INVITE sip:bob@biloxi.com SIP/2.0\r\n\
v: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n\
Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n\
Record-Route: <sip:p1.example.com;lr>\r\n\
Max-Forwards: 70\r\n\
To: Bob <sip:bob@biloxi.com>\r\n\
From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
Call-ID: a84b4c76e66710\r\n\
CSeq: 314159 INVITE\r\n\
Timestamp: 54\r\n\
Content-Length: 0\r\n\r\n";

    #[test]
    fn response_copies_per_8_2_6() {
        let req = Message::parse(REQ.as_bytes()).unwrap();
        let r = Message::response_to(&req, 180, None, Some("a6c85cf")).unwrap();
        let expect = "SIP/2.0 180 Ringing\r\n\
Via: SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bKnashds8\r\n\
Via: SIP/2.0/UDP bigbox3.site3.atlanta.com;branch=z9hG4bK77ef4c2312983.1\r\n\
Record-Route: <sip:p1.example.com;lr>\r\n\
From: Alice <sip:alice@atlanta.com>;tag=1928301774\r\n\
To: Bob <sip:bob@biloxi.com>;tag=a6c85cf\r\n\
Call-ID: a84b4c76e66710\r\n\
CSeq: 314159 INVITE\r\n\
Content-Length: 0\r\n\r\n";
        assert_eq!(String::from_utf8_lossy(r.as_bytes()), expect);

        let r = Message::response_to(&req, 100, None, Some("x")).unwrap();
        assert_eq!(r.to().unwrap().unwrap().tag(), None);
        assert_eq!(r.header("Timestamp"), Some("54"));
        assert!(r.header("Record-Route").is_none());

        let r = Message::response_to(&req, 486, Some("Busy Here Now"), Some("t")).unwrap();
        assert_eq!(r.reason(), Some("Busy Here Now"));
        assert!(r.header("Record-Route").is_none());
    }

    #[test]
    fn response_refuses_bad_arguments() {
        let req = Message::parse(REQ.as_bytes()).unwrap();
        assert!(Message::response_to(&req, 99, None, None).is_err());
        assert!(Message::response_to(&req, 700, None, None).is_err());
        assert!(Message::response_to(&req, 200, Some("a\r\nb"), None).is_err());
        assert!(Message::response_to(&req, 200, None, Some("a b")).is_err());
        let resp = Message::response_to(&req, 200, None, None).unwrap();
        let e = Message::response_to(&resp, 200, None, None).unwrap_err();
        assert_eq!(e.kind, ErrorKind::WrongKind);
    }

    #[test]
    fn request_from_parts() {
        let m = RequestBuilder::new("MESSAGE", "sip:bob@contoso.com")
            .header("Via", "SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK1")
            .header("From", "<sip:alice@contoso.com>;tag=1;epid=01010101")
            .header("To", "<sip:bob@contoso.com>")
            .header("Call-ID", "c1")
            .header("CSeq", "1 MESSAGE")
            .header("Max-Forwards", "70")
            .body("text/plain", b"hello")
            .build()
            .unwrap();
        assert_eq!(m.method(), Some("MESSAGE"));
        assert_eq!(m.body(), b"hello");
        assert_eq!(m.content_length().unwrap().unwrap(), 5);
        assert_eq!(m.content_type(), Some("text/plain"));
        assert!(RequestBuilder::new("BAD METHOD", "sip:x").build().is_err());
        assert!(RequestBuilder::new("OPTIONS", "<sip:x>").build().is_err());
        assert!(
            RequestBuilder::new("OPTIONS", "sip:x")
                .header("X", "a\nb")
                .build()
                .is_err()
        );
        assert!(
            RequestBuilder::new("OPTIONS", "sip:x")
                .header("l", "3")
                .build()
                .is_err()
        );
    }
}
