//! The Request-Line and Status-Line (RFC 3261 7.1, 7.2).

use super::Start;
use super::head_scan::{bad, find_byte, find_either};
use crate::sip::error::{ErrorKind, Result};
use crate::sip::scan::decimal::{all_digits, leading_digits};
use crate::sip::scan::is_token_char;

/// True when `s` is `SIP/1*DIGIT.1*DIGIT` ("SIP" in any case, RFC 3261 25.1).
pub(crate) fn is_sip_version(s: &[u8]) -> bool {
    if s == b"SIP/2.0" {
        return true;
    }
    if s.len() < 7 || !s[..4].eq_ignore_ascii_case(b"SIP/") {
        return false;
    }
    let rest = &s[4..];
    let Some(dot) = rest.iter().position(|&c| c == b'.') else {
        return false;
    };
    let (maj, min) = (&rest[..dot], &rest[dot + 1..]);
    !maj.is_empty() && !min.is_empty() && all_digits(maj) && all_digits(min)
}

/// True for the methods of RFC 3261 and its extensions that are known tokens, so that their
/// bytes need no check; compared as whole words per length rather than byte by byte.
#[inline]
pub(super) fn is_common_method(m: &[u8]) -> bool {
    fn is<const N: usize>(m: &[u8], names: &[&[u8; N]]) -> bool {
        <&[u8; N]>::try_from(m).is_ok_and(|m| names.contains(&m))
    }
    match m.len() {
        3 => is(m, &[b"ACK", b"BYE"]),
        4 => is(m, &[b"INFO"]),
        5 => is(m, &[b"PRACK", b"REFER"]),
        6 => is(m, &[b"INVITE", b"CANCEL", b"NOTIFY", b"UPDATE"]),
        7 => is(m, &[b"OPTIONS", b"MESSAGE", b"PUBLISH", b"SERVICE"]),
        8 => is(m, &[b"REGISTER", b"BENOTIFY"]),
        9 => is(m, &[b"SUBSCRIBE"]),
        _ => false,
    }
}

/// RFC 3261 7.1 / 7.2: Request-Line or Status-Line, separated by single spaces.
pub(super) fn parse_start_line(b: &[u8], s: usize, e: usize) -> Result<Start> {
    let line = &b[s..e];
    let sp1 = find_byte(line, 0, b' ')
        .ok_or_else(|| bad(ErrorKind::BadStartLine, s, "start line has no space"))?;
    let first = &line[..sp1];
    let span = |a: usize, z: usize| ((s + a) as u32, (s + z) as u32);
    if first == b"SIP/2.0" || (first.len() >= 4 && first[..4].eq_ignore_ascii_case(b"SIP/")) {
        if !is_sip_version(first) {
            return Err(bad(
                ErrorKind::BadVersion,
                s,
                "SIP-Version is not SIP/<digits>.<digits>",
            ));
        }
        let code_start = sp1 + 1;
        let code_end = code_start + leading_digits(&line[code_start..]).0;
        if code_end - code_start != 3 {
            return Err(bad(
                ErrorKind::BadStatusCode,
                s + code_start,
                "status code is not three digits",
            ));
        }
        let code = (u16::from(line[code_start] - b'0')) * 100
            + u16::from(line[code_start + 1] - b'0') * 10
            + u16::from(line[code_start + 2] - b'0');
        if !(100..=699).contains(&code) {
            return Err(bad(
                ErrorKind::BadStatusCode,
                s + code_start,
                "status code outside 100-699",
            ));
        }
        let reason_start = match line.get(code_end) {
            None => code_end,
            Some(b' ') => code_end + 1,
            Some(_) => {
                return Err(bad(
                    ErrorKind::BadStatusCode,
                    s + code_end,
                    "status code is not followed by a space",
                ));
            }
        };
        // Without a branch per byte, so the loop can be vectorized.
        let control = line[reason_start..]
            .iter()
            .fold(false, |seen, &c| seen | ((c < 0x20) & (c != b'\t')));
        if control {
            return Err(bad(
                ErrorKind::BadStartLine,
                s + reason_start,
                "control character in reason phrase",
            ));
        }
        return Ok(Start::Response {
            version: span(0, sp1),
            code,
            reason: span(reason_start, line.len()),
        });
    }
    let common = is_common_method(first);
    if !common && (first.is_empty() || !first.iter().all(|&c| is_token_char(c))) {
        return Err(bad(ErrorKind::BadMethod, s, "method is not a token"));
    }
    if line.last() == Some(&b' ') || line.last() == Some(&b'\t') {
        return Err(bad(
            ErrorKind::BadStartLine,
            e - 1,
            "white space at the end of the Request-Line",
        ));
    }
    // The usual version, compared as one word.
    let sip_2_0 = line.last_chunk::<8>() == Some(b" SIP/2.0");
    let sp2 = if sip_2_0 {
        line.len() - 8
    } else {
        // The version is short, so the last space is near the end.
        line.iter().rposition(|&c| c == b' ').unwrap_or(sp1)
    };
    if sp2 == sp1 {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1,
            "Request-Line needs method, Request-URI and SIP-Version",
        ));
    }
    let version = &line[sp2 + 1..];
    if !sip_2_0 && !is_sip_version(version) {
        return Err(bad(
            ErrorKind::BadVersion,
            s + sp2 + 1,
            "SIP-Version is not SIP/<digits>.<digits>",
        ));
    }
    let uri = &line[sp1 + 1..sp2];
    if uri.is_empty() {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + sp1 + 1,
            "empty Request-URI (more than one space after the method?)",
        ));
    }
    // Searched for in the rest of the line, which is long enough for a vector search.
    if let Some(k) = find_either(line, sp1 + 1, b' ', b'\t').filter(|&k| k < sp2) {
        return Err(bad(
            ErrorKind::BadStartLine,
            s + k,
            "white space inside the Request-URI",
        ));
    }
    // scheme ":" — enough to refuse `<sip:...>` here; the full URI is parsed on demand.
    let has_scheme = uri.starts_with(b"sip:") || uri.starts_with(b"sips:") || {
        let scheme_len = uri
            .iter()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, b'+' | b'-' | b'.'))
            .count();
        scheme_len > 0 && uri[0].is_ascii_alphabetic() && uri.get(scheme_len) == Some(&b':')
    };
    if !has_scheme {
        return Err(bad(
            ErrorKind::BadUri,
            s + sp1 + 1,
            "Request-URI does not start with a scheme",
        ));
    }
    Ok(Start::Request {
        method: span(0, sp1),
        uri: span(sp1 + 1, sp2),
        version: span(sp2 + 1, line.len()),
    })
}
