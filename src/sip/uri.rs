//! `sip:`, `sips:` and `tel:` URIs (RFC 3261 19.1 / 25.1, RFC 3966), parsed on demand and
//! borrowing from the text they came from. Other schemes are kept opaque.

use super::error::{ErrorKind, Result, SipError};
use super::params::Params;
use super::scan::ascii_cut::cut;
use super::scan::class::{Class, HNV, PARAMCHAR, USER, is, run};
use super::scan::decimal::decimal;
use super::scan::find::find;
use super::scan::host_scan::{HostPort, ipv4_len, scan_hostport};
use super::scan::in_place::parse_in_place;
use super::scan::{is_host_char, is_password_char, is_user_char};
use nom::IResult;
use nom::Parser;
use nom::bytes::complete::take_while1;
use std::net::Ipv6Addr;

/// The URI scheme.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme<'a> {
    Sip,
    Sips,
    Tel,
    /// Any other `absoluteURI` scheme, as written.
    Other(&'a str),
}

/// The host part of a SIP URI or Via sent-by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Host<'a> {
    /// A host name (`example.com`).
    Name(&'a str),
    /// A dotted IPv4 address.
    Ipv4(&'a str),
    /// An IPv6 reference, brackets included (`[2001:db8::1]`).
    Ipv6(&'a str),
}

impl<'a> Host<'a> {
    /// The host as written.
    pub fn as_str(&self) -> &'a str {
        match *self {
            Host::Name(s) | Host::Ipv4(s) | Host::Ipv6(s) => s,
        }
    }

    /// For an IPv6 reference, the address without brackets.
    pub fn ipv6_address(&self) -> Option<&'a str> {
        match *self {
            Host::Ipv6(s) => s.get(1..s.len().saturating_sub(1)),
            _ => None,
        }
    }

    /// Compares hosts as RFC 3261 19.1.4 does: names case-insensitively, addresses by value.
    pub fn same_as(&self, other: &Host<'_>) -> bool {
        match (self, other) {
            (Host::Ipv6(a), Host::Ipv6(b)) => {
                let pa = self.ipv6_address().and_then(|s| s.parse::<Ipv6Addr>().ok());
                let pb = other
                    .ipv6_address()
                    .and_then(|s| s.parse::<Ipv6Addr>().ok());
                pa.is_some() && pa == pb || a.eq_ignore_ascii_case(b)
            }
            _ => self.as_str().eq_ignore_ascii_case(other.as_str()),
        }
    }

    /// Parses `host` (RFC 3261 25.1: hostname / IPv4address / IPv6reference), all of `s`.
    pub fn parse(s: &'a str) -> Result<Host<'a>> {
        let b = s.as_bytes();
        if b.is_empty() {
            return Err(SipError::new(ErrorKind::BadUri, 0, "empty host"));
        }
        if b[0] == b'[' {
            if b.len() < 3 || b[b.len() - 1] != b']' {
                return Err(SipError::new(
                    ErrorKind::BadUri,
                    0,
                    "IPv6 reference without closing ']'",
                ));
            }
            if s[1..s.len() - 1].parse::<Ipv6Addr>().is_err() {
                return Err(SipError::new(ErrorKind::BadUri, 1, "invalid IPv6 address"));
            }
            return Ok(Host::Ipv6(s));
        }
        if b.iter().all(|c| c.is_ascii_digit() || *c == b'.') {
            return if is_ipv4(b) {
                Ok(Host::Ipv4(s))
            } else {
                Err(SipError::new(ErrorKind::BadUri, 0, "invalid IPv4 address"))
            };
        }
        // hostname = *( domainlabel "." ) toplabel [ "." ]: labels of alphanum and inner '-'
        let name = b.strip_suffix(b".").unwrap_or(b);
        let mut label_start = 0;
        for (i, &c) in name.iter().enumerate() {
            if c == b'.' {
                if i == label_start || name[i - 1] == b'-' {
                    return Err(SipError::new(ErrorKind::BadUri, i, "invalid host name"));
                }
                label_start = i + 1;
            } else if !is_host_char(c) || (c == b'-' && i == label_start) {
                return Err(SipError::new(ErrorKind::BadUri, i, "invalid host name"));
            }
        }
        if label_start >= name.len() || name[name.len() - 1] == b'-' {
            return Err(SipError::new(
                ErrorKind::BadUri,
                name.len(),
                "invalid host name",
            ));
        }
        Ok(Host::Name(s))
    }
}

/// `IPv4address = 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT "." 1*3DIGIT`, each at most 255.
pub(crate) fn is_ipv4(b: &[u8]) -> bool {
    ipv4_len(b) == Some(b.len())
}

/// A parsed URI. Fields borrow from the text given to [`Uri::parse`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Uri<'a> {
    /// The whole URI as written.
    pub raw: &'a str,
    pub scheme: Scheme<'a>,
    /// `user` of a SIP URI (escapes kept), or the telephone-subscriber of a `tel:` URI.
    pub user: Option<&'a str>,
    pub password: Option<&'a str>,
    /// `None` for `tel:` and other schemes.
    pub host: Option<Host<'a>>,
    pub port: Option<u16>,
    /// `;name=value` URI parameters.
    pub params: Params<'a>,
    /// The `?headers` part without its `?`.
    pub headers: Option<&'a str>,
    /// Everything after `scheme:`.
    pub opaque: &'a str,
}

fn err(at: usize, what: &'static str) -> SipError {
    SipError::new(ErrorKind::BadUri, at, what)
}

fn scheme_chars(s: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')).parse(s)
}

/// Advances over bytes of `class` (a single class bit that excludes '%') and `%HH` escapes
/// from `i`; `None` on a bad escape. The run between escapes is one table lookup per byte.
#[inline(always)]
fn escaped_run(b: &[u8], mut i: usize, class: Class) -> Option<usize> {
    loop {
        i = run(b, i, class);
        if b.get(i) != Some(&b'%') {
            return Some(i);
        }
        if i + 2 >= b.len() || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit() {
            return None;
        }
        i += 3;
    }
}

/// True when every byte of `s` is allowed by `class` or is part of a `%HH` escape.
fn escaped_run_ok(s: &str, class: Class) -> bool {
    escaped_run(s.as_bytes(), 0, class) == Some(s.len())
}

fn is_tel_char(b: u8) -> bool {
    b.is_ascii_hexdigit()
        || matches!(
            b,
            b'+' | b'*' | b'#' | b'-' | b'.' | b'(' | b')' | b'p' | b'w'
        )
}

/// Validates `hname=hvalue *("&" hname=hvalue)`.
fn check_uri_headers(s: &str, base: usize) -> Result<()> {
    for h in s.split('&') {
        let Some(k) = h.find('=') else {
            return Err(err(base, "URI header without '='"));
        };
        let (n, v) = (&h[..k], &h[k + 1..]);
        if n.is_empty() || !escaped_run_ok(n, HNV) || !escaped_run_ok(v, HNV) {
            return Err(err(base, "bad URI header"));
        }
    }
    Ok(())
}

/// Splits `hostport` into host and port.
pub(crate) fn parse_hostport(s: &str) -> Result<(Host<'_>, Option<u16>)> {
    let (host_s, port_s) = if s.starts_with('[') {
        match find(b']', s.as_bytes()) {
            Some(k) => {
                let rest = &s[k + 1..];
                match rest.strip_prefix(':') {
                    Some(p) => (&s[..=k], Some(p)),
                    None if rest.is_empty() => (&s[..=k], None),
                    None => return Err(err(k + 1, "unexpected text after IPv6 reference")),
                }
            }
            None => return Err(err(0, "IPv6 reference without closing ']'")),
        }
    } else {
        match find(b':', s.as_bytes()) {
            Some(k) => (&s[..k], Some(&s[k + 1..])),
            None => (s, None),
        }
    };
    let host = Host::parse(host_s)?;
    let port = match port_s {
        None => None,
        Some(p) => {
            let n = decimal(p.as_bytes())
                .ok()
                .filter(|_| p.len() <= 5)
                .ok_or_else(|| err(host_s.len() + 1, "port is not 1-5 digits"))?;
            Some(u16::try_from(n).map_err(|_| err(host_s.len() + 1, "port out of range"))?)
        }
    };
    Ok((host, port))
}

/// `sip:`, `sips:` or `tel:` (any case) at the start of `b`: the scheme and the length of its
/// prefix including the colon. Other schemes go through the general scheme grammar.
#[inline]
fn known_scheme(b: &[u8]) -> Option<(Scheme<'static>, usize)> {
    let w = first_word(b)?;
    if w | LOWER_3 == u32::from_le_bytes(*b"sip:") {
        Some((Scheme::Sip, 4))
    } else if w | LOWER_4 == u32::from_le_bytes(*b"sips") && b.get(4) == Some(&b':') {
        Some((Scheme::Sips, 5))
    } else if w | LOWER_3 == u32::from_le_bytes(*b"tel:") {
        Some((Scheme::Tel, 4))
    } else {
        None
    }
}

/// The first four bytes of `b` as one word, to compare a scheme in one go.
#[inline(always)]
fn first_word(b: &[u8]) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(..4)?.try_into().ok()?))
}

/// ORed into [`first_word`]: the first three letters in lower case, the fourth byte as is.
/// (`c | 0x20` equals a lower-case letter only for that letter and its upper case.)
const LOWER_3: u32 = 0x0020_2020;
/// ORed into [`first_word`]: four letters in lower case.
const LOWER_4: u32 = 0x2020_2020;

/// The userinfo of a SIP URI body (RFC 3261 25.1: user [":" password] "@"): user, password and
/// where hostport starts. It ends at the first '@' (found by one SIMD search); a user part of
/// plain user characters needs one more pass, anything else is checked byte by byte.
fn userinfo(body: &str, base: usize) -> Result<(Option<&str>, Option<&str>, usize)> {
    let b = body.as_bytes();
    let Some(at) = find(b'@', b) else {
        return Ok((None, None, 0));
    };
    // The usual user part: plain user characters, nothing to check further.
    if at > 0 && run(b, 0, USER) == at {
        return Ok((Some(&body[..at]), None, at + 1));
    }
    let mut colon = None;
    let mut i = 0;
    while i < at {
        let c = b[i];
        if c == b'%' {
            if i + 2 >= at || !b[i + 1].is_ascii_hexdigit() || !b[i + 2].is_ascii_hexdigit() {
                return Err(err(base + i, "bad escape in userinfo"));
            }
            i += 3;
            continue;
        }
        if c == b':' && colon.is_none() {
            colon = Some(i);
        } else if colon.is_none() && !is_user_char(c) {
            return Err(err(base + i, "bad user part"));
        } else if colon.is_some() && !is_password_char(c) {
            return Err(err(base + i, "bad password"));
        }
        i += 1;
    }
    let user_end = colon.unwrap_or(at);
    if user_end == 0 {
        return Err(err(base, "empty user part"));
    }
    Ok((
        Some(&body[..user_end]),
        colon.map(|c| &body[c + 1..at]),
        at + 1,
    ))
}

/// `hostport` of a SIP URI body from `from`: host, port and where it ends (at `;`, `?` or the
/// end). The one-pass scanner takes the usual forms; the rest goes through [`parse_hostport`].
fn uri_hostport(body: &str, from: usize, base: usize) -> Result<(Host<'_>, Option<u16>, usize)> {
    let b = body.as_bytes();
    if let Some(hp) = scan_hostport(body, from)
        && matches!(b.get(hp.end), None | Some(b';' | b'?'))
    {
        return Ok((hp.host, hp.port, hp.end));
    }
    let len = b[from..]
        .iter()
        .position(|&c| c == b';' || c == b'?')
        .unwrap_or(b.len() - from);
    let (host, port) = parse_hostport(&body[from..from + len]).map_err(|e| e.at(base + from))?;
    Ok((host, port, from + len))
}

/// The hostport at the start of a SIP URI body that opens with a digit, when it plainly has
/// no user part before it: the usual IPv4 Contact (`sip:192.0.2.44:5061;...`), taken without
/// first running over the address as a possible user part. `None` when the body may have a
/// user part, or opens otherwise.
///
/// The user part found the usual way would be the run of user characters from the start when
/// an '@' ends it. Host characters are user characters and ':' is not: with a port, that run
/// ends at the ':'; without one, at the byte after the host, which is checked here.
#[inline(always)]
fn hostport_first(body: &str) -> Option<HostPort<'_>> {
    if !body.as_bytes().first()?.is_ascii_digit() {
        return None;
    }
    let hp = scan_hostport(body, 0)?;
    let no_user = hp.port.is_some()
        || body
            .as_bytes()
            .get(hp.end)
            .is_none_or(|&c| c != b'@' && !is(c, USER));
    no_user.then_some(hp)
}

/// `*( ";" uri-parameter )` from `i` (RFC 3261 25.1 uri-parameters): where they end and how
/// many there are.
#[inline(always)]
fn uri_params_end(b: &[u8], mut i: usize, base: usize) -> Result<(usize, usize)> {
    let mut count = 0;
    while i < b.len() && b[i] == b';' {
        count += 1;
        i = uri_param_end(b, i + 1).map_err(|(at, what)| err(base + at, what))?;
    }
    Ok((i, count))
}

/// One `uri-parameter` (`pname [ "=" pvalue ]`, RFC 3261 25.1) from `i`, just after its `;`:
/// where it ends, or where and why it is not one. The one walk of URI parameters: the URI
/// parsers and [`trailing_params`] use it; their text is then read through [`Params`].
#[inline(always)]
fn uri_param_end(b: &[u8], i: usize) -> std::result::Result<usize, (usize, &'static str)> {
    let name_end = escaped_run(b, i, PARAMCHAR).ok_or((i, "bad escape in URI parameter"))?;
    if name_end == i {
        return Err((name_end, "bad URI parameter name"));
    }
    if b.get(name_end) != Some(&b'=') {
        return Ok(name_end);
    }
    let v0 = name_end + 1;
    let end = escaped_run(b, v0, PARAMCHAR).ok_or((v0, "bad escape in URI parameter"))?;
    if end == v0 {
        return Err((end, "bad URI parameter value"));
    }
    Ok(end)
}

/// The URI parameters of a URI of another scheme, whose grammar has none of its own: the
/// longest tail of its body, after at least one other byte, that reads as RFC 3261 25.1
/// `*( ";" uri-parameter )`. So a parameter appended to such a URI reads back as one.
fn trailing_params(body: &str) -> &str {
    let b = body.as_bytes();
    let mut start = b.len();
    while let Some(k) = b[..start].iter().rposition(|&c| c == b';') {
        let param = &b[k + 1..start];
        if k == 0 || uri_param_end(param, 0) != Ok(param.len()) {
            break;
        }
        start = k;
    }
    &body[start..]
}

impl<'a> Uri<'a> {
    /// Parses a whole URI. `sip:`/`sips:` (RFC 3261 19.1.1) and `tel:` (RFC 3966) are checked
    /// against their grammar; any other scheme only needs `scheme ":" 1*char`.
    pub fn parse(s: &'a str) -> Result<Uri<'a>> {
        parse_in_place(|| Uri::EMPTY, |u| Uri::parse_into(s, u))
    }

    /// Nothing parsed yet: the starting point of [`Uri::parse_into`].
    pub(crate) const EMPTY: Uri<'static> = Uri {
        raw: "",
        scheme: Scheme::Sip,
        user: None,
        password: None,
        host: None,
        port: None,
        params: Params::EMPTY,
        headers: None,
        opaque: "",
    };

    /// [`Uri::parse`] into `out`, which is left partly written on error. Filling a view in
    /// place spares the caller moving it: URI views are large and sit inside others.
    #[inline]
    pub(crate) fn parse_into(s: &'a str, out: &mut Uri<'a>) -> Result<()> {
        if Uri::parse_usual_into(s, out) == Some(s.len()) {
            return Ok(());
        }
        Uri::parse_general_into(s, out)
    }

    /// The usual `sip:`/`sips:` URI at the start of `s`, which may go on after it (as the
    /// `>;tag=...` after a name-addr's URI does): `[user "@"] host [":" port] *(";" param)`
    /// with a plain user part and no headers, in one pass. Says where the URI ends, and fills
    /// `out` as [`Uri::parse_general_into`] fills it from `s` cut there, provided the byte there
    /// is one that cannot be part of a URI (the caller checks: `>`, or the end of `s`). `None`
    /// for anything else, `out` then being partly written: the general parser decides.
    #[inline(never)]
    pub(crate) fn parse_usual_into(s: &'a str, out: &mut Uri<'a>) -> Option<usize> {
        Uri::parse_usual_with(s, out, true)
    }

    /// [`Uri::parse_usual_into`], always inlined: for a caller that builds its view in a local
    /// that the optimiser can split into its fields, which it cannot once the local's address
    /// is handed to code out of line. Other callers share the out-of-line copy.
    #[inline(always)]
    pub(crate) fn parse_usual_inlined(s: &'a str, out: &mut Uri<'a>) -> Option<usize> {
        Uri::parse_usual_with(s, out, false)
    }

    /// [`Uri::parse_usual_into`]; `ip_first` tries [`hostport_first`] before the user part,
    /// which pays where URIs without one are common (Contact), not in From and To.
    #[inline(always)]
    fn parse_usual_with(s: &'a str, out: &mut Uri<'a>, ip_first: bool) -> Option<usize> {
        let (scheme, base) = known_scheme(s.as_bytes())?;
        if scheme == Scheme::Tel {
            return None;
        }
        // SAFETY: `base` follows the scheme's ':' (ASCII). The cuts below are at 0, an '@', or
        // the ends of the host, port and parameters, all runs of ASCII bytes.
        let body = unsafe { cut(s, base, s.len()) };
        let b = body.as_bytes();
        // The user part is a run of user characters up to the first '@'. Without one, the
        // hostport starts the body; an '@' further on then stops the scans below short of the
        // end the caller wants, which sends the URI to the general parser.
        let first = if ip_first { hostport_first(body) } else { None };
        let (user, hp) = match first {
            Some(hp) => (None, hp),
            None => {
                let k = run(b, 0, USER);
                let (user, from) = if k > 0 && b.get(k) == Some(&b'@') {
                    // SAFETY: `k` is the position of an ASCII '@'.
                    (Some(unsafe { cut(body, 0, k) }), k + 1)
                } else {
                    (None, 0)
                };
                (user, scan_hostport(body, from)?)
            }
        };
        let (end, count) = uri_params_end(b, hp.end, 0).ok()?;
        *out = Uri {
            // SAFETY: `base + end` ends the parameters, a run of ASCII bytes (or `s`).
            raw: unsafe { cut(s, 0, base + end) },
            scheme,
            user,
            password: None,
            host: Some(hp.host),
            port: hp.port,
            // SAFETY: `hp.end` and `end` end the hostport and the parameters (ASCII runs).
            params: Params::counted(unsafe { cut(body, hp.end, end) }, count),
            headers: None,
            // SAFETY: `end` ends the parameters, a run of ASCII bytes.
            opaque: unsafe { cut(body, 0, end) },
        };
        Some(base + end)
    }

    /// The general parser behind [`Uri::parse_into`]: every form and every error.
    fn parse_general_into(s: &'a str, out: &mut Uri<'a>) -> Result<()> {
        let Some((scheme, base)) = known_scheme(s.as_bytes()) else {
            *out = Uri::parse_other(s)?;
            return Ok(());
        };
        let body = &s[base..];
        if body.is_empty() {
            return Err(err(base, "nothing after the URI scheme"));
        }
        if scheme == Scheme::Tel {
            *out = Uri::parse_tel(s, body, base)?;
            return Ok(());
        }
        let b = body.as_bytes();
        let (user, password, hp_start) = userinfo(body, base)?;
        let (host, port, hp_end) = uri_hostport(body, hp_start, base)?;
        let (i, count) = uri_params_end(b, hp_end, base)?;
        let headers = match b.get(i) {
            None => None,
            Some(b'?') => {
                let h = &body[i + 1..];
                check_uri_headers(h, base + i + 1)?;
                Some(h)
            }
            Some(_) => return Err(err(base + i, "unexpected character in URI")),
        };
        *out = Uri {
            raw: s,
            scheme,
            user,
            password,
            host: Some(host),
            port,
            params: Params::counted(&body[hp_end..i], count),
            headers,
            opaque: body,
        };
        Ok(())
    }

    /// RFC 3966 `tel:` URI: the number (kept as `user`) and its parameters.
    fn parse_tel(s: &'a str, body: &'a str, base: usize) -> Result<Uri<'a>> {
        let (number, params) = match body.find(';') {
            Some(k) => (&body[..k], &body[k..]),
            None => (body, ""),
        };
        if number.is_empty() || !number.bytes().all(is_tel_char) {
            return Err(err(base, "tel: URI number has characters outside RFC 3966"));
        }
        // RFC 3966 parameters have the shape of SIP URI parameters.
        let at = base + number.len();
        let (end, count) = uri_params_end(params.as_bytes(), 0, at)?;
        if end != params.len() {
            return Err(err(at + end, "unexpected character in tel: URI"));
        }
        Ok(Uri {
            raw: s,
            scheme: Scheme::Tel,
            user: Some(number),
            password: None,
            host: None,
            port: None,
            params: Params::counted(params, count),
            headers: None,
            opaque: body,
        })
    }

    /// Any scheme other than sip/sips/tel: `scheme ":" 1*char`, kept opaque.
    fn parse_other(s: &'a str) -> Result<Uri<'a>> {
        let (rest, scheme_s) =
            scheme_chars(s).map_err(|_| err(0, "URI does not start with a scheme"))?;
        if !scheme_s.as_bytes()[0].is_ascii_alphabetic() || !rest.starts_with(':') {
            return Err(err(0, "URI does not start with a scheme"));
        }
        let body = &rest[1..];
        let base = scheme_s.len() + 1;
        if body.is_empty() {
            return Err(err(base, "nothing after the URI scheme"));
        }
        if let Some(k) = body
            .bytes()
            .position(|c| c <= b' ' || c == 0x7f || c == b'<' || c == b'>' || c == b'"')
        {
            return Err(err(
                base + k,
                "URI contains white space, a control character or <>\"",
            ));
        }
        Ok(Uri {
            raw: s,
            scheme: Scheme::Other(scheme_s),
            user: None,
            password: None,
            host: None,
            port: None,
            params: Params::new(trailing_params(body)),
            headers: None,
            opaque: body,
        })
    }

    /// The scheme as written (`sip`, `SIPS`, `tel`, `urn`, ...).
    pub fn scheme_str(&self) -> &'a str {
        self.raw.get(..self.scheme_len()).unwrap_or("")
    }

    /// [`Uri::scheme_str`] as bytes (no char-boundary check: the scheme is ASCII).
    pub(crate) fn scheme_bytes(&self) -> &'a [u8] {
        self.raw.as_bytes().get(..self.scheme_len()).unwrap_or(&[])
    }

    fn scheme_len(&self) -> usize {
        self.raw.len().saturating_sub(self.opaque.len() + 1)
    }

    /// True for `sip:` and `sips:`.
    pub fn is_sip(&self) -> bool {
        matches!(self.scheme, Scheme::Sip | Scheme::Sips)
    }

    /// The host as written, or `""` for schemes without one.
    pub fn host_str(&self) -> &'a str {
        self.host.map(|h| h.as_str()).unwrap_or("")
    }

    /// `user@host` (or `host`), the address-of-record form without port or parameters.
    pub fn user_host(&self) -> String {
        match self.user {
            Some(u) => format!("{}@{}", u, self.host_str()),
            None => self.host_str().to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;

    #[test]
    fn full_sip_uri() {
        let u = Uri::parse("sips:alice:secret@atlanta.com:5061;transport=tls;lr?subject=project%20x&priority=urgent").unwrap();
        assert_eq!(u.scheme, Scheme::Sips);
        assert_eq!(u.scheme_str(), "sips");
        assert_eq!(u.user, Some("alice"));
        assert_eq!(u.password, Some("secret"));
        assert_eq!(u.host, Some(Host::Name("atlanta.com")));
        assert_eq!(u.port, Some(5061));
        assert_eq!(u.params.value("transport"), Some("tls"));
        assert!(u.params.has("lr"));
        assert_eq!(u.headers, Some("subject=project%20x&priority=urgent"));
    }

    #[test]
    fn ipv6_and_ipv4_hosts() {
        let u = Uri::parse("sip:[2001:db8::10]:5070").unwrap();
        assert_eq!(u.host, Some(Host::Ipv6("[2001:db8::10]")));
        assert_eq!(u.port, Some(5070));
        let u = Uri::parse("sip:user@[2001:db8::10:5070]").unwrap();
        assert_eq!(u.port, None);
        assert_eq!(u.host.unwrap().ipv6_address(), Some("2001:db8::10:5070"));
        assert!(Uri::parse("sip:user@[2001:db8:::192.0.2.1]").is_err());
        assert!(Uri::parse("sip:2001:db8::10").is_err());
        assert!(Uri::parse("sip:[::ffff:192.0.2.1]").is_ok());
        assert_eq!(
            Uri::parse("sip:10.0.0.1:5060").unwrap().host,
            Some(Host::Ipv4("10.0.0.1"))
        );
        assert!(Uri::parse("sip:10.0.0.300").is_err());
    }

    #[test]
    fn user_with_semicolons_and_escapes() {
        let u = Uri::parse("sip:user;par=u%40example.net@example.com").unwrap();
        assert_eq!(u.user, Some("user;par=u%40example.net"));
        assert_eq!(u.host_str(), "example.com");
        assert!(Uri::parse("sip:us%4xr@example.com").is_err());
        assert!(Uri::parse("sip:%61lice@atlanta.com;transport=TCP").is_ok());
    }

    #[test]
    fn tel_and_other() {
        let u = Uri::parse("tel:+1-201-555-0123;phone-context=example.com").unwrap();
        assert_eq!(u.scheme, Scheme::Tel);
        assert_eq!(u.user, Some("+1-201-555-0123"));
        assert_eq!(u.params.value("phone-context"), Some("example.com"));
        let u = Uri::parse("nobodyKnowsThisScheme:totallyopaquecontent").unwrap();
        assert_eq!(u.scheme, Scheme::Other("nobodyKnowsThisScheme"));
        assert_eq!(u.scheme_str(), "nobodyKnowsThisScheme");
        assert_eq!(Uri::parse("TEL:+1").unwrap().scheme_str(), "TEL");
        assert_eq!(u.opaque, "totallyopaquecontent");
        assert!(u.params.is_empty());
        let u = Uri::parse("soap.beep://192.0.2.103:3002;a;x=1%41").unwrap();
        assert_eq!(u.params.as_str(), ";a;x=1%41");
        assert_eq!(u.params.value("x"), Some("1%41"));
        for (uri, params) in [
            ("urn:a;x=1;=2;y", ";y"),
            ("urn:;x", ""),
            ("urn:a;x=", ""),
            ("http://h/p?q=1;x=a/b", ";x=a/b"),
            ("urn:a;x@y", ""),
        ] {
            assert_eq!(Uri::parse(uri).unwrap().params.as_str(), params, "{uri}");
        }
    }

    #[test]
    fn refuses_bad_uris() {
        for bad in [
            "",
            "sip:",
            "<sip:a@b>",
            "sip:a@b c",
            "sip:a@",
            "sip:@b",
            "sip:a@b:99999",
            "sip:a@b:",
            "sip:a@b;=x",
            "sip:a@b;x=",
            "sip:a@b?x",
            "sip:a@-b",
            "1sip:x",
            "sip:a@[::1",
            "tel:",
            "tel:abc!",
        ] {
            assert!(Uri::parse(bad).is_err(), "{bad}");
        }
    }

    /// Usual URIs, each cut at every length and with a byte replaced or inserted at every
    /// place, alone and followed by `>` as in a name-addr.
    fn usual_uris_mutated() -> Vec<String> {
        let bases = [
            "sip:alice@contoso.com",
            "sips:Alice@contoso.com:5061;transport=tls;lr",
            "sip:192.0.2.44:50612;transport=tls;ms-opaque=d3470f2e0c",
            "sip:911;phone-context=Redmond@192.168.1.12;user=phone",
            "sip:srv@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1",
            "SIP:a%40b@x.y;p=%41",
            "sip:exchange.contoso.com:5066;transport=tls",
            "sip:[2001:db8::1]:5060",
            "sip:a:pw@h?x=y",
            "tel:+1-201;x=1",
            "sip:10.0.0.1;lr",
            "sip:10.0.0.1@h.example;x=1",
        ];
        let bytes = [
            "@", ":", ";", "=", "%", "%4", ">", "?", "[", " ", "é", "-", ".", "0", "a", "&",
        ];
        near(&bases, &bytes)
            .into_iter()
            .flat_map(|s| [format!("{s}>;tag=1"), s])
            .collect()
    }

    /// What the one-pass parser takes, the general parser takes with the same result; and
    /// the two together answer as the general parser alone, errors included.
    #[test]
    fn usual_shape_agrees_with_the_general_parser() {
        for t in usual_uris_mutated() {
            let mut fast = Uri::EMPTY;
            if let Some(n) = Uri::parse_usual_into(&t, &mut fast)
                && (n == t.len() || t.as_bytes()[n] == b'>')
            {
                let mut general = Uri::EMPTY;
                assert_eq!(
                    Uri::parse_general_into(&t[..n], &mut general),
                    Ok(()),
                    "{t:?}"
                );
                assert_eq!(fast, general, "{t:?}");
            }
            let mut general = Uri::EMPTY;
            let reference = Uri::parse_general_into(&t, &mut general).map(|_| general);
            assert_eq!(Uri::parse(&t), reference, "{t:?}");
        }
    }

    /// Trying an IPv4 hostport before the user part changes nothing but the work done.
    #[test]
    fn ip_first_agrees_with_user_first() {
        for t in usual_uris_mutated() {
            let (mut a, mut b) = (Uri::EMPTY, Uri::EMPTY);
            let ra = Uri::parse_usual_with(&t, &mut a, true);
            let rb = Uri::parse_usual_with(&t, &mut b, false);
            assert_eq!(ra, rb, "{t:?}");
            if ra.is_some() {
                assert_eq!(a, b, "{t:?}");
            }
        }
    }

    #[test]
    fn usual_shape_takes_the_usual_uris() {
        for s in [
            "sip:alice@contoso.com",
            "sips:Alice@contoso.com:5061;transport=tls;lr",
            "sip:192.0.2.44:50612;transport=tls;ms-opaque=d3470f2e0c",
            "sip:911;phone-context=Redmond@192.168.1.12;user=phone",
            "SIP:ab@x.y.;p=%41",
        ] {
            let mut u = Uri::EMPTY;
            assert_eq!(Uri::parse_usual_into(s, &mut u), Some(s.len()), "{s}");
            let gt = format!("{s}>;tag=1");
            assert_eq!(Uri::parse_usual_into(&gt, &mut u), Some(s.len()), "{s}");
        }
    }

    #[test]
    fn host_comparison() {
        let a = Host::parse("[2001:db8::1]").unwrap();
        let b = Host::parse("[2001:0db8:0:0::1]").unwrap();
        assert!(a.same_as(&b));
        assert!(
            Host::parse("Example.COM")
                .unwrap()
                .same_as(&Host::Name("example.com"))
        );
    }
}
