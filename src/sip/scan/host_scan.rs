//! One pass over the usual `host [":" port]` (a host name or IPv4 address, RFC 3261 25.1), for
//! the URI and Via parsers. It answers only when the text is plainly well formed and gives up
//! on anything else (IPv6 references, odd characters, bad labels, bad ports), leaving the
//! decision and the exact error to the general parser; so it can never accept what that parser
//! refuses.

use super::ascii_cut::cut;
use super::class::{IPV4, class_of, is_host_char};
use crate::sip::uri::Host;

/// A host and optional port found at the start of `b[from..]`, and where they end.
pub(crate) struct HostPort<'a> {
    pub host: Host<'a>,
    pub port: Option<u16>,
    pub end: usize,
}

/// Scans `host [":" port]` from `from` in `s` and stops at the first byte that can follow it.
/// `None` when the general parser has to look: an IPv6 reference, a character outside
/// hostname / IPv4 / port, an empty or hyphen-edged label, an invalid IPv4 address, or a port
/// that is not 1-5 digits up to 65535. Inlined: its result is then built in registers.
#[inline(always)]
pub(crate) fn scan_hostport(s: &str, from: usize) -> Option<HostPort<'_>> {
    let tail = s.as_bytes().get(from..)?;
    let ipv4 = match tail.first() {
        Some(c) if c.is_ascii_digit() => {
            ipv4_len(tail).filter(|&n| !tail.get(n).is_some_and(|&c| is_host_char(c)))
        }
        _ => None,
    };
    let (host, n) = match ipv4 {
        // SAFETY: the host is a run of ASCII bytes from `from`.
        Some(n) => (Host::Ipv4(unsafe { cut(s, from, from + n) }), n),
        None => {
            let n = name_len(tail)?;
            // SAFETY: the host is a run of ASCII bytes from `from`.
            (Host::Name(unsafe { cut(s, from, from + n) }), n)
        }
    };
    let mut end = from + n;
    let mut port = None;
    if tail.get(n) == Some(&b':') {
        let (v, len) = port_digits(tail, n + 1)?;
        port = Some(v);
        end += 1 + len;
    }
    Some(HostPort { host, port, end })
}

/// The value of the digit at `t[i]`, if there is one.
#[inline(always)]
fn digit_at(t: &[u8], i: usize) -> Option<u32> {
    let d = t.get(i)?.wrapping_sub(b'0');
    (d < 10).then_some(u32::from(d))
}

/// `port = 1*DIGIT` at `t[from..]`, read as the general parser does: 1-5 digits up to 65535,
/// and not followed by a sixth digit. The value and the number of digits.
#[inline(always)]
fn port_digits(t: &[u8], from: usize) -> Option<(u16, usize)> {
    let mut v = digit_at(t, from)?;
    let mut i = from + 1;
    while i < from + 5 {
        let Some(d) = digit_at(t, i) else { break };
        v = v * 10 + d;
        i += 1;
    }
    if i == from + 5 && digit_at(t, i).is_some() {
        return None;
    }
    Some((u16::try_from(v).ok()?, i - from))
}

/// Length of the dotted IPv4 address at the start of `t` (four 1-3 digit octets up to 255,
/// and no fifth part after a '.').
#[inline(always)]
pub(crate) fn ipv4_len(t: &[u8]) -> Option<usize> {
    let mut i = octet_end(t, 0)?;
    for _ in 0..3 {
        if t.get(i) != Some(&b'.') {
            return None;
        }
        i = octet_end(t, i + 1)?;
    }
    (t.get(i) != Some(&b'.')).then_some(i)
}

/// End of the IPv4 octet (1-3 digits, at most 255) at `t[from..]`; `None` for none, a fourth
/// digit or a larger value. Only a three-digit octet can be too large.
#[inline(always)]
fn octet_end(t: &[u8], from: usize) -> Option<usize> {
    // With four bytes left (the usual case: a '.', ':' or more follows), one bounds check.
    if let Some(&[a, b, c, d]) = t.get(from..from + 4) {
        let digit = |x: u8| {
            let v = x.wrapping_sub(b'0');
            (v < 10).then_some(u32::from(v))
        };
        let d0 = digit(a)?;
        let Some(d1) = digit(b) else {
            return Some(from + 1);
        };
        let Some(d2) = digit(c) else {
            return Some(from + 2);
        };
        if d0 * 100 + d1 * 10 + d2 > 255 || digit(d).is_some() {
            return None;
        }
        return Some(from + 3);
    }
    let d0 = digit_at(t, from)?;
    let Some(d1) = digit_at(t, from + 1) else {
        return Some(from + 1);
    };
    let Some(d2) = digit_at(t, from + 2) else {
        return Some(from + 2);
    };
    if d0 * 100 + d1 * 10 + d2 > 255 || digit_at(t, from + 3).is_some() {
        return None;
    }
    Some(from + 3)
}

/// `alphanum` (RFC 3261 25.1), the bytes of a host name label other than its inner hyphens:
/// one lookup per byte in the scanning loop.
static ALPHANUM: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 256 {
        t[c] = (c as u8).is_ascii_alphanumeric();
        c += 1;
    }
    t
};

#[inline(always)]
fn alphanum_at(t: &[u8], i: usize) -> bool {
    t.get(i).is_some_and(|&c| ALPHANUM[c as usize])
}

/// End of the run of alphanumerics from `i`.
#[inline(always)]
fn alphanum_run(t: &[u8], mut i: usize) -> usize {
    while alphanum_at(t, i) {
        i += 1;
    }
    i
}

/// Length of the host name at the start of `t` (RFC 3261 25.1 hostname: labels of
/// alphanumerics and inner hyphens, one optional trailing dot), over the longest run of
/// alphanumerics, '-' and '.'. `None` for a misplaced '.' or '-', or for digits and dots
/// alone, which only an IPv4 address may be. Most bytes are alphanumerics: the loop over them
/// is one lookup, and the placement rules are checked only at the rarer '-' and '.'.
#[inline(always)]
fn name_len(t: &[u8]) -> Option<usize> {
    let mut n = 0;
    loop {
        // A label opens with an alphanumeric ...
        if !alphanum_at(t, n) {
            return None;
        }
        n = alphanum_run(t, n + 1);
        // ... and has hyphens only between alphanumerics.
        while t.get(n) == Some(&b'-') {
            while t.get(n) == Some(&b'-') {
                n += 1;
            }
            if !alphanum_at(t, n) {
                return None;
            }
            n = alphanum_run(t, n + 1);
        }
        if t.get(n) != Some(&b'.') {
            break;
        }
        n += 1;
        // Another label, or the trailing dot ends the name.
        match t.get(n) {
            Some(&c) if ALPHANUM[c as usize] => {}
            Some(b'.' | b'-') => return None,
            _ => break,
        }
    }
    if t[0].is_ascii_digit() && t[..n].iter().all(|&c| class_of(c) & IPV4 != 0) {
        return None;
    }
    Some(n)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;
    use crate::sip::uri::parse_hostport;

    /// Whatever the scanner accepts, the general parser accepts with the same result.
    #[test]
    fn agrees_with_the_general_parser() {
        for s in [
            "example.com",
            "example.com.",
            "a",
            "a-b.c",
            "192.0.2.1",
            "192.0.2.1:5060",
            "host:65535",
            "host:0",
            "x.example.com:1",
            "10.0.0.300",
            "host:65536",
            "host:123456",
            "host:",
            "-a.com",
            "a-.com",
            "a..b",
            "a.b..",
            ".",
            "",
            "1.2.3",
            "a.1",
            "[::1]:5060",
            "a_b",
            "host:5060x",
        ] {
            let fast = scan_hostport(s, 0).filter(|hp| hp.end == s.len());
            let general = parse_hostport(s).ok();
            if let Some(hp) = fast {
                assert_eq!(general, Some((hp.host, hp.port)), "{s}");
            }
        }
    }

    /// Truncated and mutated host[:port] texts: the scanner never disagrees with the general
    /// parser on what it accepts.
    #[test]
    fn malformed_hosts_never_disagree() {
        let bases = [
            "atlanta.example.com:5061",
            "192.0.2.44:50612",
            "a-b.c.",
            "10.0.0.1",
        ];
        let bytes = [
            ".", "-", ":", "0", "9", "a", "_", "[", " ", "é", "\0", "99999",
        ];
        for s in near(&bases, &bytes) {
            if let Some(hp) = scan_hostport(&s, 0).filter(|hp| hp.end == s.len()) {
                assert_eq!(parse_hostport(&s).ok(), Some((hp.host, hp.port)), "{s:?}");
            }
        }
    }

    /// The byte-by-byte IPv4 reader the octet reader replaced: the reference.
    fn reference_ipv4_len(t: &[u8]) -> Option<usize> {
        let (mut i, mut dots, mut digits, mut value) = (0, 0, 0, 0u32);
        while let Some(&c) = t.get(i) {
            let d = c.wrapping_sub(b'0');
            if d < 10 {
                value = value * 10 + u32::from(d);
                digits += 1;
                if digits > 3 || value > 255 {
                    return None;
                }
            } else if c == b'.' {
                if digits == 0 || dots == 3 {
                    return None;
                }
                dots += 1;
                digits = 0;
                value = 0;
            } else {
                break;
            }
            i += 1;
        }
        (dots == 3 && digits > 0).then_some(i)
    }

    /// The per-byte host name reader the label loop replaced: the reference.
    fn reference_name_len(t: &[u8]) -> Option<usize> {
        use crate::sip::scan::class::{HOST, HOST_PUNCT};
        let mut all = HOST | IPV4;
        let mut prev = b'.';
        let mut misplaced = false;
        let mut n = 0;
        while let Some(&c) = t.get(n) {
            let k = class_of(c);
            if k & HOST == 0 {
                break;
            }
            all &= k;
            if k & HOST_PUNCT != 0 {
                misplaced |= prev == b'.' || (c == b'.' && prev == b'-');
            }
            prev = c;
            n += 1;
        }
        if misplaced || n == 0 || prev == b'-' || all & IPV4 != 0 {
            return None;
        }
        Some(n)
    }

    /// The reference port reader: up to six digits, 1-5 of them up to 65535.
    fn reference_port(t: &[u8], from: usize) -> Option<(u16, usize)> {
        let digits = &t[from..];
        let len = digits
            .iter()
            .take(6)
            .take_while(|c| c.is_ascii_digit())
            .count();
        if len == 0 || len > 5 {
            return None;
        }
        let v = digits[..len]
            .iter()
            .fold(0u32, |a, &d| a * 10 + u32::from(d - b'0'));
        Some((u16::try_from(v).ok()?, len))
    }

    /// Every text of up to 7 bytes over an alphabet of the bytes that matter: the label loop,
    /// the octet reader and the port reader agree with the references on each.
    #[test]
    fn agree_with_the_references_on_every_short_text() {
        let alphabet = b"a0-.9:Z5;";
        let mut t = Vec::new();
        for len in 0..=7u32 {
            for mut k in 0..alphabet.len().pow(len) {
                t.clear();
                for _ in 0..len {
                    t.push(alphabet[k % alphabet.len()]);
                    k /= alphabet.len();
                }
                assert_eq!(name_len(&t), reference_name_len(&t), "{t:?}");
                assert_eq!(ipv4_len(&t), reference_ipv4_len(&t), "{t:?}");
                assert_eq!(port_digits(&t, 0), reference_port(&t, 0), "{t:?}");
            }
        }
    }

    /// Longer texts: addresses and names with each byte replaced, and cut at each length.
    #[test]
    fn agree_with_the_references_on_mutated_texts() {
        let bases = [
            "192.168.100.254",
            "255.255.255.255.1",
            "1.22.133.4x",
            "sip-proxy.eu-west.contoso.com.",
            "a1-b2--c3.d4",
            "65535",
            "655350",
            "99999",
        ];
        for base in bases {
            let b = base.as_bytes();
            for i in 0..=b.len() {
                for x in [
                    None,
                    Some(b'.'),
                    Some(b'-'),
                    Some(b'0'),
                    Some(b'q'),
                    Some(0xc3),
                ] {
                    let mut t = b[..i].to_vec();
                    if let Some(x) = x {
                        t.push(x);
                        t.extend_from_slice(b.get(i + 1..).unwrap_or(&[]));
                    }
                    assert_eq!(name_len(&t), reference_name_len(&t), "{t:?}");
                    assert_eq!(ipv4_len(&t), reference_ipv4_len(&t), "{t:?}");
                    assert_eq!(port_digits(&t, 0), reference_port(&t, 0), "{t:?}");
                }
            }
        }
    }

    #[test]
    fn stops_at_what_follows() {
        let hp = scan_hostport("sip:alice@atlanta.com:5061;transport=tls", 10).unwrap();
        assert_eq!(hp.host, Host::Name("atlanta.com"));
        assert_eq!(hp.port, Some(5061));
        assert_eq!(hp.end, 26);
        let hp = scan_hostport("192.0.2.4;lr", 0).unwrap();
        assert_eq!(
            (hp.host, hp.port, hp.end),
            (Host::Ipv4("192.0.2.4"), None, 9)
        );
    }

    #[test]
    fn gives_up_on_the_unusual() {
        for s in [
            "[2001:db8::1]",
            "a..b",
            "host:99999",
            "300.1.1.1",
            "-x",
            "x-",
            "a.b..",
        ] {
            assert!(scan_hostport(s, 0).is_none(), "{s}");
        }
        assert!(scan_hostport("abc", 9).is_none());
    }
}
