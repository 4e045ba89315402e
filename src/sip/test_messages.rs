//! Messages for the unit tests of the layers above: a request with the core headers and a
//! response to one.

use crate::sip::Message;

/// A request `method` with the core headers and `extra` fields.
pub(crate) fn request(method: &str, extra: &[(&str, &str)]) -> Message {
    let mut s = format!(
        "{method} sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n\
From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\nCall-ID: c1\r\n\
CSeq: 1 {method}\r\n"
    );
    for (n, v) in extra {
        s.push_str(&format!("{n}: {v}\r\n"));
    }
    s.push_str("Content-Length: 0\r\n\r\n");
    Message::parse(s.as_bytes()).unwrap()
}

pub(crate) fn invite_with(extra: &[(&str, &str)]) -> Message {
    request("INVITE", extra)
}

pub(crate) fn response(code: u16, method: &str) -> Message {
    response_with(code, method, &[])
}

pub(crate) fn response_with(code: u16, method: &str, extra: &[(&str, &str)]) -> Message {
    let mut r = Message::response_to(&request(method, &[]), code, None, Some("9")).unwrap();
    for (n, v) in extra {
        r.add_header(n, v).unwrap();
    }
    r
}
