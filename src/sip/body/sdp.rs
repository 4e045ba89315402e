//! A lenient reader of session descriptions (SDP, RFC 4566): the media lines, connection data
//! and attributes a SIP element looks at to route or answer a call, nothing more.
//!
//! Reading never fails and never panics: a line that cannot be understood is skipped and
//! recorded in [`Sdp::problems`]. A malformed `m=` line still closes the previous media
//! section, and the lines after it up to the next `m=` are dropped with it, so they cannot be
//! mistaken for another section's.

use crate::sip::error::{ErrorKind, SipError};
use crate::sip::scan::decimal::decimal;

/// At most this many problems are kept (the count goes on).
const MAX_PROBLEMS: usize = 32;

/// A `c=` line: `<nettype> <addrtype> <connection-address>` (RFC 4566 5.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Connection<'a> {
    /// `IN`.
    pub net_type: &'a str,
    /// `IP4` or `IP6`.
    pub addr_type: &'a str,
    /// The address, without a multicast `/ttl` or `/count` suffix.
    pub address: &'a str,
    /// The multicast suffix after the first `/` (`127` or `127/3`), if any.
    pub multicast: Option<&'a str>,
    /// Byte offset of the line in the body.
    pub offset: usize,
}

/// An `a=` line: `a=<name>` or `a=<name>:<value>` (RFC 4566 5.13).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute<'a> {
    pub name: &'a str,
    /// Everything after the first `:`; `None` for a property attribute.
    pub value: Option<&'a str>,
}

/// One media description: its `m=` line and the `c=` and `a=` lines that follow it
/// (RFC 4566 5.14).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Media<'a> {
    /// `audio`, `video`, `text`, `application`, `message`, ...
    pub media: &'a str,
    /// The transport port; 0 means the stream is declined or disabled.
    pub port: u16,
    /// The number of ports after `/`, when given.
    pub port_count: Option<u16>,
    /// `RTP/AVP`, `RTP/SAVP`, `UDP/TLS/RTP/SAVPF`, ...
    pub proto: &'a str,
    /// The media formats (payload type numbers for RTP).
    pub formats: Vec<&'a str>,
    /// Media-level `c=` lines.
    pub connections: Vec<Connection<'a>>,
    /// Media-level `a=` lines, in order.
    pub attributes: Vec<Attribute<'a>>,
    /// Byte offset of the `m=` line in the body.
    pub offset: usize,
}

impl<'a> Media<'a> {
    /// The value of the first attribute called `name` (case-sensitive, as in RFC 4566);
    /// `Some("")` for `a=name:`, `None` when absent or a property attribute.
    pub fn attribute(&self, name: &str) -> Option<&'a str> {
        find_attribute(&self.attributes, name)
    }

    /// True when an attribute called `name` is present, with or without a value.
    pub fn has_attribute(&self, name: &str) -> bool {
        self.attributes.iter().any(|a| a.name == name)
    }

    /// The values of every attribute called `name`, e.g. all `candidate` lines.
    pub fn attributes_named<'s>(&'s self, name: &'s str) -> impl Iterator<Item = &'a str> + 's {
        named(&self.attributes, name)
    }

    /// True for a media of this kind (`audio`, compared case-insensitively) whose port is not 0.
    pub fn is_offered(&self, kind: &str) -> bool {
        self.media.eq_ignore_ascii_case(kind) && self.port != 0
    }
}

fn find_attribute<'a>(attrs: &[Attribute<'a>], name: &str) -> Option<&'a str> {
    attrs.iter().find(|a| a.name == name).and_then(|a| a.value)
}

fn named<'s, 'a>(attrs: &'s [Attribute<'a>], name: &'s str) -> impl Iterator<Item = &'a str> + 's {
    attrs
        .iter()
        .filter(move |a| a.name == name)
        .filter_map(|a| a.value)
}

/// A session description as read from a body.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Sdp<'a> {
    version: Option<&'a str>,
    origin: Option<&'a str>,
    session_name: Option<&'a str>,
    connections: Vec<Connection<'a>>,
    attributes: Vec<Attribute<'a>>,
    media: Vec<Media<'a>>,
    problems: Vec<SipError>,
    problem_count: usize,
}

/// Where the lines being read belong.
enum Section {
    Session,
    Media,
    /// After a malformed `m=` line: drop lines up to the next `m=`.
    Broken,
}

impl Section {
    /// Files a line that may stand at session or media level (`c=`, `a=`): in the session's
    /// list, in the current media section's, or nowhere after a malformed `m=` line.
    fn put<T>(&self, session: &mut Vec<T>, media: Option<&mut Vec<T>>, item: T) {
        match self {
            Section::Session => session.push(item),
            Section::Media => {
                if let Some(m) = media {
                    m.push(item);
                }
            }
            Section::Broken => {}
        }
    }
}

impl<'a> Sdp<'a> {
    /// Reads `body` line by line (CRLF or bare LF). Never fails: see [`Sdp::problems`].
    pub fn parse(body: &'a [u8]) -> Sdp<'a> {
        let mut sdp = Sdp::default();
        let mut section = Section::Session;
        let mut pos = 0;
        while pos < body.len() {
            let rest = body.get(pos..).unwrap_or_default();
            let (line_len, next) = match memchr::memchr(b'\n', rest) {
                Some(p) => (p, pos + p + 1),
                None => (rest.len(), body.len()),
            };
            let mut line = rest.get(..line_len).unwrap_or_default();
            if let Some(l) = line.strip_suffix(b"\r") {
                line = l;
            }
            let at = pos;
            pos = next;
            if line.is_empty() {
                continue;
            }
            let Ok(text) = std::str::from_utf8(line) else {
                sdp.problem(at, "SDP line is not UTF-8");
                continue;
            };
            let b = text.as_bytes();
            if b.len() < 2
                || b.get(1) != Some(&b'=')
                || !b.first().is_some_and(u8::is_ascii_alphabetic)
            {
                sdp.problem(at, "SDP line is not <type>=<value>");
                continue;
            }
            let value = &text[2..];
            match b.first() {
                Some(b'm') => match parse_media(value, at) {
                    Some(m) => {
                        sdp.media.push(m);
                        section = Section::Media;
                    }
                    None => {
                        sdp.problem(
                            at,
                            "m= line is not <media> <port>[/<count>] <proto> <fmt>...",
                        );
                        section = Section::Broken;
                    }
                },
                Some(b'c') => {
                    let Some(c) = parse_connection(value, at) else {
                        sdp.problem(at, "c= line is not <nettype> <addrtype> <address>");
                        continue;
                    };
                    let media = sdp.media.last_mut().map(|m| &mut m.connections);
                    section.put(&mut sdp.connections, media, c);
                }
                Some(b'a') => {
                    let attr = match value.split_once(':') {
                        Some((n, v)) => Attribute {
                            name: n,
                            value: Some(v),
                        },
                        None => Attribute {
                            name: value,
                            value: None,
                        },
                    };
                    if attr.name.is_empty() {
                        sdp.problem(at, "a= line has no attribute name");
                        continue;
                    }
                    let media = sdp.media.last_mut().map(|m| &mut m.attributes);
                    section.put(&mut sdp.attributes, media, attr);
                }
                Some(b'v') if matches!(section, Section::Session) => sdp.version = Some(value),
                Some(b'o') if matches!(section, Section::Session) => sdp.origin = Some(value),
                Some(b's') if matches!(section, Section::Session) => sdp.session_name = Some(value),
                // i, u, e, p, b, t, r, z, k and unknown types are not needed here.
                _ => {}
            }
        }
        sdp
    }

    fn problem(&mut self, offset: usize, what: &'static str) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems
                .push(SipError::new(ErrorKind::BadValue, offset, what));
        }
    }

    /// The `v=` value (`0`), if present.
    pub fn version(&self) -> Option<&'a str> {
        self.version
    }

    /// The raw `o=` value, if present.
    pub fn origin(&self) -> Option<&'a str> {
        self.origin
    }

    /// The `s=` value, if present (may be empty).
    pub fn session_name(&self) -> Option<&'a str> {
        self.session_name
    }

    /// Session-level `c=` lines.
    pub fn session_connections(&self) -> &[Connection<'a>] {
        &self.connections
    }

    /// Session-level `a=` lines, in order.
    pub fn session_attributes(&self) -> &[Attribute<'a>] {
        &self.attributes
    }

    /// The value of the first session-level attribute called `name`.
    pub fn session_attribute(&self, name: &str) -> Option<&'a str> {
        find_attribute(&self.attributes, name)
    }

    /// The well-formed media descriptions, in order.
    pub fn media(&self) -> &[Media<'a>] {
        &self.media
    }

    /// The connection that applies to `media`: its own first `c=` line, else the session's
    /// (RFC 4566 5.7).
    pub fn connection_for<'s>(&'s self, media: &'s Media<'a>) -> Option<&'s Connection<'a>> {
        media.connections.first().or(self.connections.first())
    }

    /// True when some media description of this kind has a non-zero port.
    pub fn offers(&self, kind: &str) -> bool {
        self.media.iter().any(|m| m.is_offered(kind))
    }

    /// True when the body offers audio: an `m=audio` line with a non-zero port.
    pub fn offers_audio(&self) -> bool {
        self.offers("audio")
    }

    /// True when some media description is of this kind, whatever its port.
    pub fn has_media(&self, kind: &str) -> bool {
        self.media
            .iter()
            .any(|m| m.media.eq_ignore_ascii_case(kind))
    }

    /// The lines that were skipped, each with its offset (at most 32 are kept).
    pub fn problems(&self) -> &[SipError] {
        &self.problems
    }

    /// How many lines were skipped in all.
    pub fn problem_count(&self) -> usize {
        self.problem_count
    }
}

/// `<media> <port>[/<number of ports>] <proto> <fmt> ...` (RFC 4566 5.14). Formats may be
/// missing, which RFC 4566 does not allow but which changes nothing for a reader.
fn parse_media(value: &str, offset: usize) -> Option<Media<'_>> {
    let mut f = value.split_ascii_whitespace();
    let media = f.next()?;
    let port_field = f.next()?;
    let proto = f.next()?;
    let (port, port_count) = match port_field.split_once('/') {
        Some((p, n)) => (parse_u16(p)?, Some(parse_u16(n)?)),
        None => (parse_u16(port_field)?, None),
    };
    Some(Media {
        media,
        port,
        port_count,
        proto,
        formats: f.collect(),
        connections: Vec::new(),
        attributes: Vec::new(),
        offset,
    })
}

/// `<nettype> <addrtype> <connection-address>` (RFC 4566 5.7).
fn parse_connection(value: &str, offset: usize) -> Option<Connection<'_>> {
    let mut f = value.split_ascii_whitespace();
    let net_type = f.next()?;
    let addr_type = f.next()?;
    let full = f.next()?;
    if f.next().is_some() {
        return None;
    }
    let (address, multicast) = match full.split_once('/') {
        Some((a, m)) => (a, Some(m)),
        None => (full, None),
    };
    if address.is_empty() {
        return None;
    }
    Some(Connection {
        net_type,
        addr_type,
        address,
        multicast,
        offset,
    })
}

/// Decimal digits only, fitting in 16 bits.
fn parse_u16(s: &str) -> Option<u16> {
    if s.len() > 5 {
        return None;
    }
    u16::try_from(decimal(s.as_bytes()).ok()?).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_u16("0"), Some(0));
        assert_eq!(parse_u16("65535"), Some(65535));
        assert_eq!(parse_u16("65536"), None);
        assert_eq!(parse_u16("+1"), None);
        assert_eq!(parse_u16("000001"), None);
        assert_eq!(parse_u16(""), None);
    }

    #[test]
    fn connection_fields() {
        let c = parse_connection("IN IP4 224.2.1.1/127/3", 0).unwrap();
        assert_eq!((c.address, c.multicast), ("224.2.1.1", Some("127/3")));
        assert!(parse_connection("IN IP4", 0).is_none());
        assert!(parse_connection("IN IP4 a b", 0).is_none());
        assert!(parse_connection("IN IP4 /1", 0).is_none());
    }
}
