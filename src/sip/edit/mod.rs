//! Surgical edits of a [`Message`]: each edit replaces exactly the bytes it changes and leaves
//! every other byte as it came in. An edit that would break the message, or write more than it
//! was asked to (a parameter value that is two parameters, a header value that is two lines),
//! changes nothing and fails.
//!
//! Several edits of one message are cheapest in one batch, [`Message::edit`]: the batch keeps
//! the layout of the header fields right as it goes and the message is scanned once at the
//! end, where each edit on its own copies and scans the whole message. A batch gives the same
//! bytes as the same edits made one by one.

mod args;
mod edits;
mod param_text;

pub use edits::Edits;

use super::error::{ErrorKind, Result, SipError};
use super::message::Message;

fn not_found(what: &'static str) -> SipError {
    SipError::new(ErrorKind::NotFound, 0, what)
}

impl Message {
    /// Makes several edits in one go: `f` edits through [`Edits`], whose methods are the
    /// edits of this type, then the message is scanned once. When `f` or the final scan fails,
    /// the message is left as it was and the error returned; an edit that fails inside `f`
    /// changes nothing by itself, so `f` may also go on after one. Each edit checks its
    /// arguments and the message size limit as it goes; the header-count and line-length
    /// limits are checked by the final scan, so a batch that crosses one fails whole.
    ///
    /// ```
    /// # use mssip::sip::Message;
    /// let mut m = Message::parse(b"INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\n\
    /// Contact: <sip:a@192.0.2.1>\r\nContent-Length: 0\r\n\r\n").unwrap();
    /// m.edit(|e| {
    ///     e.set_header_param("Via", 0, "received", Some("198.51.100.7"))?;
    ///     e.set_header_param("Via", 0, "rport", Some("5060"))?;
    ///     e.set_uri_param("Contact", 0, "ms-received-cid", Some("1A00"))
    /// }).unwrap();
    /// assert_eq!(m.vias().next().unwrap().unwrap().received(), Some("198.51.100.7"));
    /// ```
    pub fn edit<T>(&mut self, f: impl FnOnce(&mut Edits) -> Result<T>) -> Result<T> {
        let mut e = Edits::new(self);
        let out = f(&mut e)?;
        self.replace_buffer(e.into_bytes())?;
        Ok(out)
    }

    /// The line terminator this message uses (CRLF unless it came with bare LFs).
    pub(crate) fn eol(&self) -> &'static str {
        let b = self.as_bytes();
        match memchr::memchr(b'\n', b) {
            Some(k) if k > 0 && b[k - 1] == b'\r' => "\r\n",
            Some(_) => "\n",
            None => "\r\n",
        }
    }

    /// Appends a header field after the last one. The name must be a token and the value must
    /// not hold CR, LF or NUL.
    pub fn add_header(&mut self, name: &str, value: &str) -> Result<()> {
        self.edit(|e| e.add_header(name, value))
    }

    /// Inserts a header field before the first field with the same name (where a proxy puts its
    /// Via or Record-Route, RFC 3261 16.6), or before every other field when there is none.
    pub fn prepend_header(&mut self, name: &str, value: &str) -> Result<()> {
        // The usual one-line field goes in without copying the layout and scanning anew.
        if self.prepend_one_line_field(name, value) {
            return Ok(());
        }
        self.edit(|e| e.prepend_header(name, value))
    }

    /// Removes the `field_index`-th field named `name` (all of its values).
    pub fn remove_header(&mut self, name: &str, field_index: usize) -> Result<()> {
        self.edit(|e| e.remove_header(name, field_index))
    }

    /// Removes every field named `name`; returns how many were removed.
    pub fn remove_all(&mut self, name: &str) -> Result<usize> {
        self.edit(|e| e.remove_all(name))
    }

    /// Removes the `index`-th value of `name` (counted as [`Message::values`] counts). A field
    /// left without values is removed whole; otherwise one separating comma goes with it.
    pub fn remove_value(&mut self, name: &str, index: usize) -> Result<()> {
        self.edit(|e| e.remove_value(name, index))
    }

    /// Replaces the `index`-th value of `name` with `new` (which must not hold CR, LF or NUL).
    pub fn replace_value(&mut self, name: &str, index: usize, new: &str) -> Result<()> {
        self.edit(|e| e.replace_value(name, index, new))
    }

    /// Sets (adds, or replaces the first occurrence of) header parameter `pname` on the
    /// `index`-th value of `name`. The name must be a token and the value follow RFC 3261
    /// 25.1 for that parameter in that header: in general a token, a host or a quoted-string
    /// (quote it yourself), and for Via `received` an IP address, `maddr` a host, `ttl`
    /// 0-255, `branch` a token, `rport` a port or nothing; for From/To `tag` a token; for
    /// Contact `expires` delta-seconds and `q` a qvalue. Anything else, or a value that would
    /// not read back as exactly this one parameter, is [`ErrorKind::InvalidArgument`].
    pub fn set_header_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        self.edit(|e| e.set_header_param(name, index, pname, pvalue))
    }

    /// Removes header parameter `pname` from the `index`-th value of `name`.
    pub fn remove_header_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        self.edit(|e| e.remove_header_param(name, index, pname))
    }

    /// Sets URI parameter `pname` inside the URI of the `index`-th value of `name` (a name-addr
    /// header such as Contact, Record-Route, Route, From, To). An addr-spec written without
    /// angle brackets gets them, so the new parameter stays a URI parameter (RFC 3261 20.10).
    /// Name and value are `1*paramchar` (RFC 3261 25.1; a `tel:` name is alphanumerics and
    /// `-`, RFC 3966), narrower for the SIP parameters RFC 3261 19.1.1 defines (`ttl` 0-255,
    /// `maddr` a host, `transport`/`user`/`method` tokens); a URI of another scheme takes
    /// its parameters at its end. Anything else is [`ErrorKind::InvalidArgument`].
    pub fn set_uri_param(
        &mut self,
        name: &str,
        index: usize,
        pname: &str,
        pvalue: Option<&str>,
    ) -> Result<()> {
        self.edit(|e| e.set_uri_param(name, index, pname, pvalue))
    }

    /// Removes URI parameter `pname` from the URI of the `index`-th value of `name`.
    pub fn remove_uri_param(&mut self, name: &str, index: usize, pname: &str) -> Result<()> {
        self.edit(|e| e.remove_uri_param(name, index, pname))
    }

    /// Replaces the Request-URI with `uri`, which must be a whole URI.
    pub fn set_request_uri(&mut self, uri: &str) -> Result<()> {
        self.edit(|e| e.set_request_uri(uri))
    }

    /// Sets URI parameter `pname` on the Request-URI (checked as [`Message::set_uri_param`]
    /// checks it).
    pub fn set_request_uri_param(&mut self, pname: &str, pvalue: Option<&str>) -> Result<()> {
        self.edit(|e| e.set_request_uri_param(pname, pvalue))
    }

    /// Removes URI parameter `pname` from the Request-URI.
    pub fn remove_request_uri_param(&mut self, pname: &str) -> Result<()> {
        self.edit(|e| e.remove_request_uri_param(pname))
    }

    /// Replaces the body and keeps Content-Length right (the first Content-Length field is
    /// rewritten, or one is added). With `Some(content_type)` the Content-Type is set too; with
    /// `None` an existing Content-Type stays, unless the body becomes empty, when it is removed.
    pub fn set_body(&mut self, content_type: Option<&str>, body: &[u8]) -> Result<()> {
        self.edit(|e| e.set_body(content_type, body))
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

    /// A value that ends in white space the split trims (here a stray CR) before its comma
    /// goes with that comma, leaving no empty value behind (a um_follow fuzz finding).
    #[test]
    fn remove_value_before_trimmed_white_space_and_comma() {
        let text = "INVITE sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP p1;branch=z9hG4bK1 \r,SIP/2.0/TLS p2;branch=z9hG4bK2\r\nCall-ID: x\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";
        let mut m = Message::parse(text.as_bytes()).unwrap();
        assert_eq!(m.count("Via"), 2);
        m.remove_value("Via", 0).unwrap();
        assert_eq!(m.count("Via"), 1);
        assert_eq!(m.value("Via", 0), Some("SIP/2.0/TLS p2;branch=z9hG4bK2"));
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
