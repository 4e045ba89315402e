//! A parsed multipart body that owns its bytes ([`crate::owned`]): for callers that keep the
//! result past the message it came from, such as a C handle.
//!
//! The body is parsed once by [`Multipart::parse`]; what the reader needs afterwards is
//! recorded as spans in a depth-first list of the parts (a nested multipart just before its
//! own parts, the order of [`Multipart::walk`]).

use super::multipart::{Multipart, Part};
use crate::limits::Limits;
use crate::owned::{Owned, Span};
use crate::sip::error::{ErrorKind, Result, SipError};

/// The media type of a part as the reader compares it.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Media {
    /// Written in the part's Content-Type.
    Written { main: Span, sub: Span },
    /// No Content-Type: the RFC 2046 5.1 default (`text/plain`, `message/rfc822` in a digest).
    Default(&'static str),
    /// A Content-Type that is not a media type: it matches nothing.
    Unreadable,
}

/// One part of the walk.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Entry {
    depth: usize,
    is_multipart: bool,
    content_type: Option<Span>,
    media: Media,
    headers: Vec<(Span, Span)>,
    body: Span,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Index {
    subtype: Span,
    parts: Vec<Entry>,
}

/// A multipart body, nested levels included, that owns a copy of its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnedMultipart {
    owned: Owned<Index>,
}

impl OwnedMultipart {
    /// Parses `body` (whose Content-Type value is `content_type`) under `limits`, keeping a
    /// copy of both. Errors are those of [`Multipart::parse`].
    pub fn parse(body: &[u8], content_type: &str, limits: &Limits) -> Result<OwnedMultipart> {
        let mut copy = Vec::with_capacity(body.len() + content_type.len());
        copy.extend_from_slice(body);
        copy.extend_from_slice(content_type.as_bytes());
        let body_len = body.len();
        let owned = Owned::build(copy.into_boxed_slice(), |all: &[u8]| {
            let (body, ct) = all.split_at(body_len);
            let ct = std::str::from_utf8(ct)
                .map_err(|_| SipError::new(ErrorKind::NotUtf8, 0, "Content-Type"))?;
            let parsed = Multipart::parse(body, ct, limits)?;
            Ok(index(all, &parsed))
        })?;
        Ok(OwnedMultipart { owned })
    }

    /// The subtype of the outermost multipart (`mixed`, `alternative`, `related`, ...).
    pub fn subtype(&self) -> &str {
        self.owned.text(self.owned.index().subtype)
    }

    /// Number of parts at every level (the length of the walk).
    pub fn len(&self) -> usize {
        self.owned.index().parts.len()
    }

    /// True when there is no part (never, for a parsed body: it has at least one).
    pub fn is_empty(&self) -> bool {
        self.owned.index().parts.is_empty()
    }

    /// Part `index` of the walk.
    pub fn part(&self, index: usize) -> Option<OwnedPart<'_>> {
        let entry = self.owned.index().parts.get(index)?;
        Some(OwnedPart { mp: self, entry })
    }

    /// Every part, depth first in document order.
    pub fn parts(&self) -> impl Iterator<Item = OwnedPart<'_>> {
        self.owned
            .index()
            .parts
            .iter()
            .map(move |entry| OwnedPart { mp: self, entry })
    }

    /// The walk index of the first part, at any depth, whose media type is `essence`
    /// (`type/subtype`, case-insensitive).
    pub fn find(&self, essence: &str) -> Option<usize> {
        self.parts().position(|p| p.is(essence))
    }
}

/// A part of an [`OwnedMultipart`], borrowed from it.
#[derive(Debug, Clone, Copy)]
pub struct OwnedPart<'m> {
    mp: &'m OwnedMultipart,
    entry: &'m Entry,
}

impl<'m> OwnedPart<'m> {
    /// 1 for a part of the outermost multipart, 2 for a part of one nested in it, ...
    pub fn depth(&self) -> usize {
        self.entry.depth
    }

    /// True when the part is itself a multipart (its parts follow it in the walk).
    pub fn is_multipart(&self) -> bool {
        self.entry.is_multipart
    }

    /// The Content-Type value as written, if the part has one.
    pub fn content_type(&self) -> Option<&'m str> {
        self.entry.content_type.map(|s| self.mp.owned.text(s))
    }

    /// Number of header fields.
    pub fn header_count(&self) -> usize {
        self.entry.headers.len()
    }

    /// Header field `i` (in order): its name as written and its trimmed value.
    pub fn header(&self, i: usize) -> Option<(&'m str, &'m str)> {
        let (n, v) = self.entry.headers.get(i)?;
        Some((self.mp.owned.text(*n), self.mp.owned.text(*v)))
    }

    /// The part's body (for a nested multipart, its whole multipart body).
    pub fn body(&self) -> &'m [u8] {
        self.mp.owned.bytes(self.entry.body)
    }

    /// True when the part's media type is `essence` (`type/subtype`, case-insensitive); a
    /// part without Content-Type has the RFC 2046 default.
    pub fn is(&self, essence: &str) -> bool {
        let Some((t, s)) = essence.split_once('/') else {
            return false;
        };
        match &self.entry.media {
            Media::Written { main, sub } => {
                t.eq_ignore_ascii_case(self.mp.owned.text(*main))
                    && s.eq_ignore_ascii_case(self.mp.owned.text(*sub))
            }
            Media::Default(d) => essence.eq_ignore_ascii_case(d),
            Media::Unreadable => false,
        }
    }
}

/// The spans of everything the reader needs, taken from a parse of (part of) `all`.
fn index(all: &[u8], parsed: &Multipart<'_>) -> Index {
    let span = |s: &[u8]| Span::within(all, s).unwrap_or_default();
    let text = |s: &str| span(s.as_bytes());
    let parts = parsed
        .walk()
        .map(|(depth, part)| Entry {
            depth,
            is_multipart: part.nested().is_some(),
            content_type: part.content_type().map(text),
            media: media(all, part),
            headers: part
                .headers()
                .iter()
                .map(|h| (text(h.name), text(h.value)))
                .collect(),
            body: span(part.body()),
        })
        .collect();
    Index {
        subtype: text(parsed.subtype()),
        parts,
    }
}

fn media(all: &[u8], part: &Part<'_>) -> Media {
    let Ok(m) = part.media_type() else {
        return Media::Unreadable;
    };
    let written = (
        Span::within(all, m.main_type.as_bytes()),
        Span::within(all, m.subtype.as_bytes()),
    );
    match written {
        (Some(main), Some(sub)) => Media::Written { main, sub },
        // Not in the buffer: the default the parser supplied for a part without Content-Type.
        _ if m.is("message/rfc822") => Media::Default("message/rfc822"),
        _ => Media::Default("text/plain"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n\
--i\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--i--\r\n\
--o\r\nContent-Type: text/plain\r\n\r\nhi\r\n--o--\r\n";

    #[test]
    fn the_copy_outlives_its_source_and_walks_every_level() {
        let mp = {
            let body = BODY.to_vec();
            let ct = String::from("multipart/mixed; boundary=o");
            OwnedMultipart::parse(&body, &ct, &Limits::default()).expect("parses")
        };
        let mp = std::thread::spawn(move || mp)
            .join()
            .expect("sent to a thread");
        assert_eq!(mp.subtype(), "mixed");
        let kinds: Vec<(usize, bool, Option<&str>)> = mp
            .parts()
            .map(|p| (p.depth(), p.is_multipart(), p.content_type()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (1, true, Some("multipart/alternative; boundary=i")),
                (2, false, Some("application/sdp")),
                (1, false, Some("text/plain")),
            ]
        );
        assert_eq!(mp.len(), 3);
        assert!(!mp.is_empty());
        assert_eq!(mp.part(1).map(|p| p.body()), Some(&b"v=0"[..]));
        assert_eq!(
            mp.part(1).and_then(|p| p.header(0)),
            Some(("Content-Type", "application/sdp"))
        );
        assert_eq!(mp.part(1).map(|p| p.header_count()), Some(1));
        assert_eq!(mp.part(1).and_then(|p| p.header(1)), None);
        assert!(mp.part(3).is_none());
        assert_eq!(mp.find("APPLICATION/SDP"), Some(1));
        assert_eq!(mp.find("text/plain"), Some(2));
        assert_eq!(mp.find("text/html"), None);
        assert_eq!(mp.find("nonsense"), None);
    }

    #[test]
    fn parts_without_content_type_have_the_default_type() {
        let body = b"--d\r\n\r\nA\r\n--d--\r\n";
        let mp = OwnedMultipart::parse(body, "multipart/mixed; boundary=d", &Limits::default())
            .expect("parses");
        assert_eq!(mp.find("text/plain"), Some(0));
        let digest =
            OwnedMultipart::parse(body, "multipart/digest; boundary=d", &Limits::default())
                .expect("parses");
        assert_eq!(digest.find("message/rfc822"), Some(0));
        assert_eq!(digest.find("text/plain"), None);
        assert_eq!(digest.part(0).and_then(|p| p.content_type()), None);
        let odd = b"--d\r\nContent-Type: nonsense\r\n\r\nA\r\n--d--\r\n";
        let mp = OwnedMultipart::parse(odd, "multipart/mixed; boundary=d", &Limits::default())
            .expect("parses");
        assert_eq!(mp.find("text/plain"), None);
    }

    #[test]
    fn errors_keep_their_kind() {
        let e = OwnedMultipart::parse(BODY, "multipart/mixed", &Limits::default()).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::NotFound));
        let limits = Limits {
            max_nesting_depth: 1,
            ..Limits::default()
        };
        let e = OwnedMultipart::parse(BODY, "multipart/mixed; boundary=o", &limits).err();
        assert_eq!(e.map(|e| e.kind), Some(ErrorKind::LimitExceeded));
    }
}
