//! The Via header value (RFC 3261 20.42, 25.1): sent-protocol, sent-by and via-params.

use super::error::{ErrorKind, Result, SipError};
use super::header_params::{parse_header_params_noting, parse_list_item_params};
use super::list_items::ListItem;
use super::params::{Noted, NotedSet, Params};
use super::scan::class::{TOKEN, run};
use super::scan::decimal::leading_digits;
use super::scan::host_scan::{HostPort, scan_hostport};
use super::scan::in_place::parse_in_place;
use super::scan::{is_lws, skip_lws};
use super::uri::{Host, parse_hostport};

mod parts;
pub(crate) use parts::{BRANCH, EXTRA, MADDR, RECEIVED, RPORT, TTL, ViaParts, ViaWanted};

/// One Via value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Via<'a> {
    /// `SIP`
    pub protocol: &'a str,
    /// `2.0`
    pub version: &'a str,
    /// `UDP`, `TCP`, `TLS`, `SCTP`, ... as written.
    pub transport: &'a str,
    pub host: Host<'a>,
    pub port: Option<u16>,
    pub params: Params<'a>,
}

fn bad(at: usize, what: &'static str) -> SipError {
    SipError::new(ErrorKind::BadValue, at, what)
}

/// Reads a token at `i` (after LWS) and returns (token, index after it).
fn token_at(s: &str, i: usize) -> (usize, usize) {
    let b = s.as_bytes();
    let t0 = skip_lws(b, i);
    (t0, run(b, t0, TOKEN))
}

fn expect_slash(s: &str, mut i: usize) -> Result<usize> {
    let b = s.as_bytes();
    while i < b.len() && is_lws(b[i]) {
        i += 1;
    }
    if b.get(i) != Some(&b'/') {
        return Err(bad(i, "Via: sent-protocol needs '/'"));
    }
    Ok(i + 1)
}

/// `sent-by` from `h0` in its general form (RFC 3261 25.1: host [ COLON port ], where COLON
/// may be surrounded by LWS): host, port and where it ends.
fn sent_by(s: &str, h0: usize) -> Result<(Host<'_>, Option<u16>, usize)> {
    let b = s.as_bytes();
    let h1 = h0
        + b[h0..]
            .iter()
            .take_while(|&&c| c != b';' && !is_lws(c))
            .count();
    if h0 == h1 {
        return Err(bad(h0, "Via: missing sent-by host"));
    }
    let mut j = h1;
    while j < b.len() && is_lws(b[j]) {
        j += 1;
    }
    if b.get(j) == Some(&b':') && !s[h0..h1].contains(':') {
        // "host : port": the port stands apart from the host.
        let mut k = j + 1;
        while k < b.len() && is_lws(b[k]) {
            k += 1;
        }
        let pe = k + leading_digits(&b[k..]).0;
        let (_, port) =
            parse_hostport(&format!("{}:{}", &s[h0..h1], &s[k..pe])).map_err(|e| e.at(h0))?;
        let host = Host::parse(&s[h0..h1]).map_err(|e| e.at(h0))?;
        return Ok((host, port, pe));
    }
    let (host, port) = parse_hostport(&s[h0..h1]).map_err(|e| e.at(h0))?;
    Ok((host, port, h1))
}

/// `sent-by` in its usual form (host [":" port], no LWS), scanned apart from the rest of the
/// Via parse: inlined into the list walk, the scanner's loops ran short of registers.
#[inline(never)]
fn sent_by_usual(s: &str, h0: usize) -> Option<HostPort<'_>> {
    scan_hostport(s, h0)
}

/// `sent-protocol` (RFC 3261 25.1: name SLASH version SLASH transport, LWS allowed around the
/// slashes): the spans of its three tokens. The usual `SIP/2.0/` prefix is taken as it stands.
#[inline]
fn sent_protocol(s: &str) -> Result<Spans3> {
    if s.as_bytes().starts_with(b"SIP/2.0/") {
        let t1 = run(s.as_bytes(), 8, TOKEN);
        if t1 > 8 {
            return Ok(((0, 3), (4, 7), (8, t1)));
        }
    }
    let (p0, p1) = token_at(s, 0);
    if p0 == p1 {
        return Err(bad(p0, "Via: missing protocol name"));
    }
    let i = expect_slash(s, p1)?;
    let (v0, v1) = token_at(s, i);
    if v0 == v1 {
        return Err(bad(v0, "Via: missing protocol version"));
    }
    let i = expect_slash(s, v1)?;
    let (t0, t1) = token_at(s, i);
    if t0 == t1 {
        return Err(bad(t0, "Via: missing transport"));
    }
    Ok(((p0, p1), (v0, v1), (t0, t1)))
}

type Spans3 = ((usize, usize), (usize, usize), (usize, usize));

impl<'a> Via<'a> {
    /// Parses one Via value (not a comma list: split it first).
    #[inline]
    pub fn parse(s: &'a str) -> Result<Via<'a>> {
        parse_in_place(|| Via::BLANK, |v| Via::parse_into(s, false, v).map(|_| ()))
    }

    pub(crate) const BLANK: Via<'static> = Via {
        protocol: "",
        version: "",
        transport: "",
        host: Host::Name(""),
        port: None,
        params: Params::EMPTY,
    };

    /// Parses into `out` (partly written on error); returns where the via-parm ends: the end
    /// of `s`, or with `list_item`, the `,` that ends an item of a comma-separated value (any
    /// less usual item is refused, for the caller to cut out and parse whole).
    #[inline(always)]
    fn parse_into(s: &'a str, list_item: bool, out: &mut Via<'a>) -> Result<usize> {
        let ((p0, p1), (v0, v1), (t0, t1)) = sent_protocol(s)?;
        let b = s.as_bytes();
        let mut h0 = t1;
        if h0 >= b.len() || !is_lws(b[h0]) {
            return Err(bad(h0, "Via: missing LWS before sent-by"));
        }
        while h0 < b.len() && is_lws(b[h0]) {
            h0 += 1;
        }
        let (host, port, end) = match sent_by_usual(s, h0) {
            Some(hp) if matches!(b.get(hp.end), None | Some(b';')) => (hp.host, hp.port, hp.end),
            Some(hp) if list_item && b.get(hp.end) == Some(&b',') => (hp.host, hp.port, hp.end),
            _ if list_item => return Err(bad(h0, "unusual sent-by in a list item")),
            _ => sent_by(s, h0)?,
        };
        const WHAT: &str = "Via: bad via-param";
        let rest = &s[end..];
        let (params, end) = if list_item {
            let (p, n) = parse_list_item_params(rest, end, WHAT, NotedSet::Via)?;
            (p, end + n)
        } else {
            (
                parse_header_params_noting(rest, end, WHAT, NotedSet::Via)?,
                s.len(),
            )
        };
        *out = Via {
            protocol: &s[p0..p1],
            version: &s[v0..v1],
            transport: &s[t0..t1],
            host,
            port,
            params,
        };
        Ok(end)
    }

    /// The `branch` parameter.
    #[inline]
    pub fn branch(&self) -> Option<&'a str> {
        self.params.noted_value(Noted::Branch)
    }

    pub fn received(&self) -> Option<&'a str> {
        self.params.noted_value(Noted::Received)
    }

    /// `rport` (RFC 3581): `None` when absent, `Some(None)` when present without a value.
    pub fn rport(&self) -> Option<Option<&'a str>> {
        self.params.noted(Noted::Rport).map(|p| p.value)
    }

    pub fn maddr(&self) -> Option<&'a str> {
        self.params.value("maddr")
    }

    pub fn ttl(&self) -> Option<&'a str> {
        self.params.value("ttl")
    }
}

impl<'a> ListItem<'a> for Via<'a> {
    const BLANK: Via<'a> = Via::BLANK;

    #[inline]
    fn parse_item(s: &'a str, out: &mut Self) -> Option<usize> {
        Via::parse_into(s, true, out).ok()
    }

    #[inline]
    fn parse_whole_into(s: &'a str, out: &mut Self) -> Result<()> {
        Via::parse_into(s, false, out).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_vias() {
        let v = Via::parse(
            "SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds;rport;received=192.0.2.1",
        )
        .unwrap();
        assert_eq!((v.protocol, v.version, v.transport), ("SIP", "2.0", "UDP"));
        assert_eq!(v.host, Host::Name("pc33.atlanta.com"));
        assert_eq!(v.port, Some(5060));
        assert_eq!(v.branch(), Some("z9hG4bK776asdhds"));
        assert_eq!(v.rport(), Some(None));
        assert_eq!(v.received(), Some("192.0.2.1"));

        let v = Via::parse(
            "SIP / 2.0 / TCP [2001:db8::9:1]:5061 ; branch=z9 ;ms-internal-info=\"a;b\"",
        )
        .unwrap();
        assert_eq!(v.host, Host::Ipv6("[2001:db8::9:1]"));
        assert_eq!(v.port, Some(5061));
        assert_eq!(v.params.value("ms-internal-info"), Some("\"a;b\""));

        let v =
            Via::parse("SIP/2.0/UDP host.example.com : 5060;received=[2001:db8::9:255]").unwrap();
        assert_eq!(v.port, Some(5060));
        assert_eq!(v.received(), Some("[2001:db8::9:255]"));
    }

    #[test]
    fn usual_and_spaced_sent_protocol_agree() {
        for (v, t) in [
            ("SIP/2.0/UDP h;branch=z", "UDP"),
            ("SIP/2.0/ TLS h", "TLS"),
            ("SIP/2.0/x-ws h", "x-ws"),
            ("sip/2.0/udp h", "udp"),
        ] {
            let via = Via::parse(v).unwrap();
            assert_eq!(
                (via.protocol, via.version, via.transport),
                (&v[..3], "2.0", t)
            );
        }
        assert!(Via::parse("SIP/2.0/").is_err());
        assert!(Via::parse("SIP/2.0/UDP").is_err());
        assert!(Via::parse("SIP/2.0/UDPh").is_err());
    }

    #[test]
    fn refuses_bad_vias() {
        for bad in [
            "",
            "SIP/2.0",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP ",
            "SIP/2.0 UDP host",
            "SIP/2.0/UDP host;",
            "SIP/2.0/UDP host:99999",
            "SIP/2.0/UDP [::1",
        ] {
            assert!(Via::parse(bad).is_err(), "{bad}");
        }
    }
}
