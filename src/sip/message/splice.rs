//! Replacing whole header values that sit on one line each, and putting a one-line field
//! on top of the others, in one copy of the message and without reading it again: the
//! layout of the fields is known, and a value that keeps to one line and holds no line break
//! moves every later span by the same amount. The general edits ([`Message::edit`]) scan the
//! result anew; this is their fast path for a server that rewrites a few values of every
//! message it relays (NAT processing) or inserts its own Via or Record-Route (RFC 3261 16.6).

use super::buf::Buf;
use super::cursor::index_kinds;
use super::{Header, Message};
use crate::sip::header_name::HeaderKind;
use crate::sip::scan::is_token;

impl Message {
    /// Replaces the whole value of field `edits[k].0` (indexes into [`Message::headers`],
    /// strictly increasing) with `edits[k].1`, giving the bytes and layout that
    /// [`Message::replace_value`] of that value would give (for a field that holds one value
    /// of a list, the caller's business). Does nothing and returns false when that cannot be
    /// done here, and the caller makes the edits through [`Message::edit`] (which also names
    /// the fault): a field that is folded, a new value that is empty, has white space at
    /// either end or holds CR, LF or NUL, a message whose body is not text, or a result that
    /// would cross the message size or line length limit.
    pub(crate) fn splice_whole_values(&mut self, edits: &[(usize, &str)]) -> bool {
        let Buf::Text(old) = &self.buf else {
            return false;
        };
        let max_line = self.limits.max_line_length;
        let mut len = old.len();
        let mut prev = None;
        for &(i, new) in edits {
            let Some(h) = self.headers.get(i) else {
                return false;
            };
            if prev.is_some_and(|p| p >= i) || !plain_value(new) {
                return false;
            }
            prev = Some(i);
            let (v0, v1) = (h.value_start as usize, h.value_end as usize);
            let line = &old.as_bytes()[h.name_start as usize..h.line_end as usize];
            // One line: its only line break is the terminator.
            let eol = if line.ends_with(b"\r\n") { 2 } else { 1 };
            if memchr::memchr2(b'\r', b'\n', &line[..line.len() - eol]).is_some() {
                return false;
            }
            let content = line.len() - eol - (v1 - v0) + new.len();
            if content > max_line {
                return false;
            }
            len = len - (v1 - v0) + new.len();
        }
        if len > self.limits.max_message_size || len > u32::MAX as usize {
            return false;
        }
        let mut out = String::with_capacity(len);
        let mut done = 0;
        for &(i, new) in edits {
            let h = &self.headers[i];
            out.push_str(&old[done..h.value_start as usize]);
            out.push_str(new);
            done = h.value_end as usize;
        }
        out.push_str(&old[done..]);
        // Every span from the first edited value on moves by what the edits before it added.
        let mut shift: i64 = 0;
        let mut next = edits.iter().peekable();
        for (i, h) in self.headers.iter_mut().enumerate() {
            let mv = |p: u32, by: i64| (i64::from(p) + by) as u32;
            match next.peek() {
                Some(&&(k, new)) if k == i => {
                    next.next();
                    let grew = new.len() as i64 - i64::from(h.value_end - h.value_start);
                    *h = Header {
                        kind: h.kind,
                        name_start: mv(h.name_start, shift),
                        name_end: mv(h.name_end, shift),
                        value_start: mv(h.value_start, shift),
                        value_end: mv(h.value_end, shift + grew),
                        line_end: mv(h.line_end, shift + grew),
                    };
                    shift += grew;
                }
                _ if shift != 0 => {
                    h.name_start = mv(h.name_start, shift);
                    h.name_end = mv(h.name_end, shift);
                    h.value_start = mv(h.value_start, shift);
                    h.value_end = mv(h.value_end, shift);
                    h.line_end = mv(h.line_end, shift);
                }
                _ => {}
            }
        }
        self.body_start = (i64::from(self.body_start) + shift) as u32;
        self.buf = Buf::Text(out);
        self.cursor.clear();
        true
    }
}

impl Message {
    /// Inserts the field `name: value` before the first field named `name` (compact forms
    /// resolved), or before every field when there is none, giving the bytes and layout that
    /// [`Message::prepend_header`] through the general edits gives. Does nothing and returns
    /// false when that cannot be done here, and the caller goes through the general edits
    /// (which also name the fault): a name that is not a token, a value that is empty, has
    /// white space at either end or holds CR, LF or NUL, a message without header fields or
    /// whose body is not text, or a result that would cross the message size, line length
    /// or header count limit.
    pub(crate) fn prepend_one_line_field(&mut self, name: &str, value: &str) -> bool {
        let Buf::Text(old) = &self.buf else {
            return false;
        };
        if !is_token(name) || !plain_value(value) {
            return false;
        }
        let limits = &self.limits;
        let content = name.len() + 2 + value.len();
        if self.headers.len() >= limits.max_headers || content > limits.max_line_length {
            return false;
        }
        let kind = HeaderKind::from_name(name);
        let named = |h: &Header| {
            h.kind == kind
                && (kind != HeaderKind::Other
                    || old
                        .get(h.name_start as usize..h.name_end as usize)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name)))
        };
        let i = self.headers.iter().position(named).unwrap_or(0);
        let Some(at) = self.headers.get(i).map(|h| h.name_start as usize) else {
            return false;
        };
        let eol = self.eol();
        let added = content + eol.len();
        let len = old.len() + added;
        if len > limits.max_message_size || len > u32::MAX as usize {
            return false;
        }
        let mut out = String::with_capacity(len);
        out.push_str(&old[..at]);
        out.push_str(name);
        out.push_str(": ");
        out.push_str(value);
        out.push_str(eol);
        out.push_str(&old[at..]);
        // `len` fits in a u32, so every moved span does.
        let by = added as u32;
        for h in &mut self.headers[i..] {
            h.name_start += by;
            h.name_end += by;
            h.value_start += by;
            h.value_end += by;
            h.line_end += by;
        }
        let at = at as u32;
        let value_start = at + name.len() as u32 + 2;
        self.headers.insert(
            i,
            Header {
                kind,
                name_start: at,
                name_end: at + name.len() as u32,
                value_start,
                value_end: value_start + value.len() as u32,
                line_end: at + by,
            },
        );
        self.body_start += by;
        self.buf = Buf::Text(out);
        index_kinds(&self.headers, &mut self.first, &mut self.last);
        self.cursor.clear();
        true
    }
}

/// A value the scan reads back as written: not empty, no LWS at either end, no line break or
/// NUL.
fn plain_value(v: &str) -> bool {
    let b = v.as_bytes();
    let lws = |c: &u8| matches!(c, b' ' | b'\t');
    !b.is_empty()
        && !b.first().is_some_and(lws)
        && !b.last().is_some_and(lws)
        && memchr::memchr3(b'\r', b'\n', 0, b).is_none()
}

#[cfg(test)]
mod tests {
    use crate::limits::Limits;
    use crate::sip::Message;

    const MSG: &str = "REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:27221\r\n\
        From: <sip:alice@contoso.com>;tag=1\r\nContact: <sip:a@192.0.2.1>;x=1, <sip:b@h>\r\n\
        Contact: <sip:c@192.0.2.1>\r\nContent-Length: 4\r\n\r\nbody";

    fn index(m: &Message, name: &str, nth: usize) -> usize {
        let kind = crate::sip::header_name::HeaderKind::from_name(name);
        m.headers()
            .iter()
            .enumerate()
            .filter(|(_, h)| h.kind() == kind)
            .nth(nth)
            .unwrap()
            .0
    }

    /// The fast path gives what the general edits give, layout included.
    #[test]
    fn agrees_with_replace_value() {
        let mut fast = Message::parse(MSG.as_bytes()).unwrap();
        let mut slow = fast.clone();
        let via = index(&fast, "Via", 0);
        let contact = index(&fast, "Contact", 1);
        assert!(fast.splice_whole_values(&[
            (via, "SIP/2.0/TLS 192.0.2.1:27221;received=192.168.0.2"),
            (contact, "<sip:c@192.168.0.2:1201>"),
        ]));
        slow.edit(|e| {
            e.replace_value("Via", 0, "SIP/2.0/TLS 192.0.2.1:27221;received=192.168.0.2")?;
            e.replace_value("Contact", 2, "<sip:c@192.168.0.2:1201>")
        })
        .unwrap();
        assert_eq!(fast.as_bytes(), slow.as_bytes());
        assert_eq!(fast.headers(), slow.headers());
        assert_eq!(fast.head_len(), slow.head_len());
        assert_eq!(fast.body(), b"body");
        assert_eq!(
            fast.values("Contact").nth(2),
            Some("<sip:c@192.168.0.2:1201>")
        );
        // Shorter values move the spans back.
        let mut fast2 = fast.clone();
        assert!(fast2.splice_whole_values(&[(via, "SIP/2.0/TLS h")]));
        let again = Message::parse(fast2.as_bytes()).unwrap();
        assert_eq!(fast2.headers(), again.headers());
        assert_eq!(fast2.head_len(), again.head_len());
    }

    #[test]
    fn declines_what_it_cannot_do() {
        let m = Message::parse(MSG.as_bytes()).unwrap();
        let via = index(&m, "Via", 0);
        let from = index(&m, "From", 0);
        for edits in [
            vec![(via, "")],
            vec![(via, " x")],
            vec![(via, "x ")],
            vec![(via, "a\r\n b")],
            vec![(via, "a\0")],
            vec![(from, "x"), (via, "y")],
            vec![(via, "x"), (via, "y")],
            vec![(99, "x")],
        ] {
            let mut c = m.clone();
            assert!(!c.splice_whole_values(&edits), "{edits:?}");
            assert_eq!(c.as_bytes(), m.as_bytes());
        }
        let folded = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/TCP\r\n h\r\n\r\n";
        let mut f = Message::parse(folded.as_bytes()).unwrap();
        assert!(!f.splice_whole_values(&[(0, "SIP/2.0/TCP h")]));
        let limits = Limits {
            max_message_size: MSG.len() + 3,
            ..Limits::DEFAULT
        };
        let mut small = Message::parse_with(MSG.as_bytes(), &limits).unwrap();
        assert!(!small.splice_whole_values(&[(via, "SIP/2.0/TLS 192.0.2.1:27221;a=1")]));
        assert!(small.splice_whole_values(&[(via, "SIP/2.0/TLS 192.0.2.1:27221;a")]));
        // "Via: " and the value: 45 bytes fit a limit of 45, 46 do not.
        let limits = Limits {
            max_line_length: 45,
            ..Limits::DEFAULT
        };
        let mut short = Message::parse_with(MSG.as_bytes(), &limits).unwrap();
        assert!(!short.splice_whole_values(&[(via, &"v".repeat(41))]));
        assert!(short.splice_whole_values(&[(via, &"v".repeat(40))]));
    }

    /// The one-line field goes in here (the general edits are the reference, compared on the
    /// corpus by tests/prepend_fast.rs); what it cannot do is left to them.
    #[test]
    fn prepends_one_line_fields_only() {
        let mut m = Message::parse(MSG.as_bytes()).unwrap();
        let mut general = m.clone();
        assert!(m.prepend_one_line_field("Contact", "<sip:d@h>"));
        general
            .edit(|e| e.prepend_header("Contact", "<sip:d@h>"))
            .unwrap();
        assert_eq!(m.as_bytes(), general.as_bytes());
        assert_eq!(m.headers(), general.headers());
        assert_eq!(m.values("Contact").next(), Some("<sip:d@h>"));
        assert_eq!(m.values("Contact").count(), 4);
        assert!(m.prepend_one_line_field("Record-Route", "<sip:p;lr>"));
        assert_eq!(m.headers()[0].name_range().start, MSG.find("Via").unwrap());
        for (name, value) in [
            ("Via", ""),
            ("Via", " x"),
            ("Via", "x	"),
            ("Via", "a\r\n b"),
            ("Via", "a\0"),
            ("Vi a", "x"),
            ("", "x"),
        ] {
            let mut c = m.clone();
            assert!(!c.prepend_one_line_field(name, value), "{name:?} {value:?}");
            assert_eq!(c.as_bytes(), m.as_bytes());
        }
        let mut bare = Message::parse(b"OPTIONS sip:a@b SIP/2.0\r\n\r\n").unwrap();
        assert!(!bare.prepend_one_line_field("Via", "SIP/2.0/TCP h"));
        let limits = Limits {
            max_headers: 6,
            ..Limits::DEFAULT
        };
        let mut full = Message::parse_with(MSG.as_bytes(), &limits).unwrap();
        assert!(full.prepend_one_line_field("Via", "SIP/2.0/TCP h"));
        assert!(!full.prepend_one_line_field("Via", "SIP/2.0/TCP h"));
    }
}
