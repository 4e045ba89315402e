//! A message built from text as it is written, its layout recorded along the way: a message
//! an element writes itself (a response) need not be read again to be one. Whatever the
//! writer cannot vouch for (a value with a line feed or white space at its ends, a name that
//! is no token, a limit reached) is read as any message is, so the result is always the
//! message [`Message::parse_with`] gives for the same text.

use super::start_line::parse_start_line;
use super::{Header, Message, Start};
use crate::limits::Limits;
use crate::sip::error::Result;
use crate::sip::header_name::HeaderKind;
use crate::sip::scan::is_token;

/// Writes a message line by line, recording the spans a parse would find.
pub(crate) struct MessageWriter {
    out: String,
    /// The message being laid out, its fields pushed as they are written (built where it
    /// will be returned from: a message holds its first fields inline, so a move copies them).
    m: Message,
    /// End of the start line's content (before its CRLF).
    start_end: usize,
    /// The status line's layout, when [`MessageWriter::status_line`] wrote it.
    status: Option<Start>,
    /// The longest header line, without its CRLF.
    longest: usize,
    /// Whether every span recorded is the one a parse finds.
    plain: bool,
}

impl MessageWriter {
    /// A writer whose text takes `capacity` bytes before it grows, for a message under
    /// `limits`.
    pub(crate) fn with_capacity(capacity: usize, limits: &Limits) -> MessageWriter {
        MessageWriter {
            out: String::with_capacity(capacity),
            m: Message::blank(limits),
            start_end: 0,
            status: None,
            longest: 0,
            plain: true,
        }
    }

    /// Makes room for `more` bytes of text.
    pub(crate) fn reserve(&mut self, more: usize) {
        self.out.reserve(more);
    }

    /// Writes the start line from `parts` (written one after the other) and its CRLF.
    pub(crate) fn start_line(&mut self, parts: &[&str]) {
        for p in parts {
            self.out.push_str(p);
        }
        self.start_end = self.out.len();
        self.out.push_str("\r\n");
    }

    /// Writes `SIP/2.0 code reason` and its CRLF (`code` within 100-699).
    pub(crate) fn status_line(&mut self, code: u16, reason: &str) {
        debug_assert!((100..=699).contains(&code));
        let digits = [
            b'0' + (code / 100 % 10) as u8,
            b'0' + (code / 10 % 10) as u8,
            b'0' + (code % 10) as u8,
        ];
        self.start_line(&[
            "SIP/2.0 ",
            std::str::from_utf8(&digits).unwrap_or("500"),
            " ",
            reason,
        ]);
        // RFC 3261 7.2: no control characters in the reason phrase; one is left to the
        // parse to report.
        if (100..=699).contains(&code) && !reason.bytes().any(|c| c < 0x20 && c != b'\t') {
            let reason_start = self.start_end - reason.len();
            self.status = Some(Start::Response {
                version: (0, 7),
                code,
                reason: (reason_start as u32, self.start_end as u32),
            });
        }
    }

    /// Writes every field of `kind` in `from`, in order, under its canonical name.
    pub(crate) fn copy_fields(&mut self, from: &Message, kind: HeaderKind) {
        let name = kind.canonical_name().unwrap_or("");
        for h in from.fields_of_kind(kind) {
            self.field_of(kind, name, &[from.value_of(h)]);
        }
    }

    /// Writes the field `name: value` whose name is known to be `kind`'s canonical one (or
    /// any of its names), the value from `parts`: values of the fields of a parsed message or
    /// text without line feeds. (A value read from a message may be folded, which a parse of
    /// the text reads as the same one field.)
    pub(crate) fn field_of(&mut self, kind: HeaderKind, name: &str, parts: &[&str]) {
        let name_start = self.out.len();
        self.out.push_str(name);
        let name_end = self.out.len();
        self.out.push_str(": ");
        let value_start = self.out.len();
        for p in parts {
            self.out.push_str(p);
        }
        let value_end = self.out.len();
        self.out.push_str("\r\n");
        // A parse trims SP and HTAB at both ends of a value; an empty one is left to it too.
        let value = &self.out.as_bytes()[value_start..value_end];
        match (value.first(), value.last()) {
            (Some(a), Some(z)) if !matches!(a, b' ' | b'\t') && !matches!(z, b' ' | b'\t') => {}
            _ => self.plain = false,
        }
        self.longest = self.longest.max(value_end - name_start);
        self.m.headers.push(Header {
            kind,
            name_start: name_start as u32,
            name_end: name_end as u32,
            value_start: value_start as u32,
            value_end: value_end as u32,
            line_end: self.out.len() as u32,
        });
    }

    /// Writes the field `name: value`, a name and value the caller chose.
    pub(crate) fn field(&mut self, name: &str, value: &str) {
        // RFC 3261 7.3.1: a line feed in a value ends or folds the line.
        if !is_token(name) || memchr::memchr(b'\n', value.as_bytes()).is_some() {
            self.plain = false;
        }
        self.field_of(HeaderKind::from_name(name), name, &[value]);
    }

    /// The whole text, the empty line that ends the header section included.
    pub(crate) fn into_text(mut self) -> String {
        self.out.push_str("\r\n");
        self.out
    }

    /// The message written (without a body), under `limits`: the spans recorded when the
    /// writer can vouch for them, else the text read again.
    pub(crate) fn finish(mut self) -> Result<Message> {
        self.out.push_str("\r\n");
        let limits = self.m.limits;
        let within = self.out.len() <= limits.max_message_size
            && self.out.len() <= u32::MAX as usize
            && self.start_end <= limits.max_line_length
            && self.longest <= limits.max_line_length
            && self.m.headers.len() <= limits.max_headers;
        if !(self.plain && within) {
            return Message::parse_with(self.out.as_bytes(), &limits);
        }
        let m = &mut self.m;
        m.start = match self.status {
            Some(s) => s,
            None => parse_start_line(self.out.as_bytes(), 0, self.start_end)?,
        };
        m.body_start = self.out.len() as u32;
        super::cursor::index_kinds(&m.headers, &mut m.first, &mut m.last);
        m.buf = super::buf::Buf::Text(self.out);
        Ok(self.m)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `w`'s message is the one a parse of its text gives, field for field.
    fn same_as_parsed(w: MessageWriter, limits: &Limits) -> Message {
        let m = w.finish().unwrap();
        let p = Message::parse_with(m.as_bytes(), limits).unwrap();
        assert_eq!(m.start, p.start);
        assert_eq!(m.headers.as_slice(), p.headers.as_slice());
        assert_eq!(m.body_start, p.body_start);
        assert_eq!(m.first, p.first);
        assert_eq!(m.last, p.last);
        assert_eq!(m.as_bytes(), p.as_bytes());
        m
    }

    fn writer(fields: &[(&str, &[&str])]) -> MessageWriter {
        writer_under(fields, &Limits::DEFAULT)
    }

    fn writer_under(fields: &[(&str, &[&str])], limits: &Limits) -> MessageWriter {
        let mut w = MessageWriter::with_capacity(16, limits);
        w.status_line(200, "OK");
        for (n, v) in fields {
            w.field(n, &v.concat());
        }
        w
    }

    #[test]
    fn spans_are_those_a_parse_finds() {
        let m = same_as_parsed(
            writer(&[
                ("Via", &["SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK1"]),
                ("Via", &["SIP/2.0/TLS 192.0.2.2;branch=z9hG4bK2"]),
                ("From", &["<sip:a@contoso.com>;tag=1"]),
                ("To", &["<sip:a@contoso.com>", ";tag=", "x"]),
                ("Call-ID", &["c1"]),
                ("CSeq", &["2 REGISTER"]),
                ("Content-Length", &["0"]),
                ("Contact", &["<sip:a@192.0.2.1>;expires=3600"]),
                ("Contact", &["<sip:a@192.0.2.9>;expires=10"]),
                ("Path", &["<sip:p@192.0.2.7;lr>"]),
                ("X-Other", &["é ü"]),
                ("v", &["SIP/2.0/UDP h"]),
            ]),
            &Limits::DEFAULT,
        );
        assert_eq!(m.status(), Some(200));
        assert_eq!(m.header("To"), Some("<sip:a@contoso.com>;tag=x"));
        assert_eq!(m.contacts().count(), 2);
        assert_eq!(m.values("Via").count(), 3);
    }

    #[test]
    fn folded_values_copied_from_a_message_are_read_alike() {
        let req = Message::parse(
            b"REGISTER sip:x SIP/2.0\r\nVia: SIP/2.0/UDP a\r\n ;branch=z9hG4bK1\r\n\
              From: <sip:a@x>;\r\n\ttag=1\r\nTo: <sip:a@x>\r\n\r\n",
        )
        .unwrap();
        let mut w = MessageWriter::with_capacity(0, &Limits::DEFAULT);
        w.start_line(&["SIP/2.0 200 OK"]);
        w.copy_fields(&req, HeaderKind::Via);
        w.copy_fields(&req, HeaderKind::From);
        w.copy_fields(&req, HeaderKind::To);
        let m = same_as_parsed(w, &Limits::DEFAULT);
        assert_eq!(m.header("Via"), req.header("Via"));
        assert_eq!(m.from().unwrap().unwrap().tag(), Some("1"));
    }

    #[test]
    fn what_it_cannot_vouch_for_is_read_again() {
        let fold: &[&str] = &["a\r\n b"];
        let cases: [&[(&str, &[&str])]; 5] = [
            &[("Subject", fold)],
            &[("Subject", &[" lead"])],
            &[("Subject", &["trail\t"])],
            &[("Subject", &[""])],
            &[("Sub ject", &["x"])],
        ];
        for fields in cases {
            let w = writer(fields);
            let m = w.finish();
            let p = Message::parse(writer(fields).into_text().as_bytes());
            match (m, p) {
                (Ok(m), Ok(p)) => {
                    assert_eq!(m.headers.as_slice(), p.headers.as_slice());
                    assert_eq!(m.as_bytes(), p.as_bytes());
                }
                (Err(a), Err(b)) => assert_eq!(a, b),
                (m, p) => panic!("{fields:?}: {m:?} vs {p:?}"),
            }
        }
    }

    #[test]
    fn limits_hold_as_for_a_parse() {
        let tight = Limits {
            max_headers: 1,
            ..Limits::DEFAULT
        };
        let two: &[(&str, &[&str])] = &[("A", &["1"]), ("B", &["2"])];
        let p = Message::parse_with(writer(two).into_text().as_bytes(), &tight);
        assert_eq!(
            writer_under(two, &tight).finish().unwrap_err(),
            p.unwrap_err()
        );
        let short = Limits {
            max_line_length: 8,
            ..Limits::DEFAULT
        };
        let w = writer_under(&[("Subject", &["longer than eight"])], &short);
        assert!(w.finish().is_err());
        same_as_parsed(writer_under(&[("A", &["1"])], &tight), &tight);
    }

    #[test]
    fn a_bad_start_line_is_an_error() {
        let mut w = MessageWriter::with_capacity(0, &Limits::DEFAULT);
        w.start_line(&["SIP/2.0 ", "200", " ", "O\u{1}K"]);
        assert!(w.finish().is_err());
        let mut w = MessageWriter::with_capacity(0, &Limits::DEFAULT);
        w.status_line(200, "O\u{1}K");
        assert!(w.finish().is_err());
        for (code, reason) in [(100, ""), (699, "x\ty"), (486, "Busy Here")] {
            let mut w = MessageWriter::with_capacity(0, &Limits::DEFAULT);
            w.status_line(code, reason);
            same_as_parsed(w, &Limits::DEFAULT);
        }
    }
}
