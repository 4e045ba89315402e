//! One pass over the usual `host [":" port]` (a host name or IPv4 address, RFC 3261 25.1), for
//! the URI and Via parsers. It answers only when the text is plainly well formed and gives up
//! on anything else (IPv6 references, odd characters, bad labels, bad ports), leaving the
//! decision and the exact error to the general parser; so it can never accept what that parser
//! refuses.

use super::class::{HOST, HOST_PUNCT, IPV4, class_of, is_host_char};
use super::uri::Host;

/// A host and optional port found at the start of `b[from..]`, and where they end.
pub(crate) struct HostPort<'a> {
    pub host: Host<'a>,
    pub port: Option<u16>,
    pub end: usize,
}

/// Scans `host [":" port]` from `from` in `s` and stops at the first byte that can follow it.
/// `None` when the general parser has to look: an IPv6 reference, a character outside
/// hostname / IPv4 / port, an empty or hyphen-edged label, an invalid IPv4 address, or a port
/// that is not 1-5 digits up to 65535.
#[inline]
pub(crate) fn scan_hostport(s: &str, from: usize) -> Option<HostPort<'_>> {
    let tail = s.as_bytes().get(from..)?;
    let ipv4 = match tail.first() {
        Some(c) if c.is_ascii_digit() => {
            ipv4_len(tail).filter(|&n| !tail.get(n).is_some_and(|&c| is_host_char(c)))
        }
        _ => None,
    };
    let (host, n) = match ipv4 {
        Some(n) => (Host::Ipv4(s.get(from..from + n)?), n),
        None => {
            let n = name_len(tail)?;
            (Host::Name(s.get(from..from + n)?), n)
        }
    };
    let mut end = from + n;
    let mut port = None;
    if tail.get(n) == Some(&b':') {
        let digits = &tail[n + 1..];
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
        port = Some(u16::try_from(v).ok()?);
        end += 1 + len;
    }
    Some(HostPort { host, port, end })
}

/// Length of the dotted IPv4 address at the start of `t` (four 1-3 digit octets up to 255).
#[inline]
pub(crate) fn ipv4_len(t: &[u8]) -> Option<usize> {
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

/// Length of the host name at the start of `t` (RFC 3261 25.1 hostname: labels of
/// alphanumerics and inner hyphens, one optional trailing dot). `None` for a misplaced '.' or
/// '-', or for digits and dots alone, which only an IPv4 address may be.
#[inline]
fn name_len(t: &[u8]) -> Option<usize> {
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
            // '-' opening a label; '.' closing an empty label or one that ends in '-'.
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

#[cfg(test)]
mod tests {
    use super::*;
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
            "", ".", "-", ":", "0", "9", "a", "_", "[", " ", "é", "\0", "99999",
        ];
        for base in bases {
            for (i, _) in base.char_indices().chain([(base.len(), ' ')]) {
                for x in bytes {
                    for s in [
                        format!("{}{x}", &base[..i]),
                        format!("{}{x}{}", &base[..i], &base[i..]),
                    ] {
                        if let Some(hp) = scan_hostport(&s, 0).filter(|hp| hp.end == s.len()) {
                            assert_eq!(parse_hostport(&s).ok(), Some((hp.host, hp.port)), "{s:?}");
                        }
                    }
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
