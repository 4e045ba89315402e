//! The parts of one Via value that a view hands out as bytes (RFC 3261 20.42, 25.1): the
//! sent-protocol, the sent-by, the via-param list and the places of the parameters the view
//! names (`branch`, `received`, `rport`, `maddr`, `ttl` and two more named by a layer
//! above), found in one pass over a value in its usual shape.
//!
//! A value in any other shape, and every malformed value, goes to [`Via`]'s general parse:
//! the parts are then read off the [`Via`] it gives, so results and errors (with their
//! offsets) are that parser's, and the pass can never accept what it refuses.

use super::Via;
use crate::sip::error::Result;
use crate::sip::list_items::ListItem;
use crate::sip::params::{Noted, NotedSet};
use crate::sip::scan::class::{GEN_VALUE, TOKEN, run};
use crate::sip::scan::host_scan::scan_hostport;
use crate::sip::scan::{is_lws, quoted_len};
use crate::sip::uri::Host;
use std::marker::PhantomData;

/// Two more via-param names a view wants found in the same pass (lower case, distinct from
/// each other and from those [`ViaParts`] always looks for); named by the layer that knows
/// them.
pub(crate) trait ViaWanted {
    const NAMES: [&'static str; 2];
}

/// How many names [`ViaParts::found`] has places for.
pub(crate) const WANTED: usize = 7;

/// Places of [`ViaParts::found`]: `branch`, `received`, `rport`, `maddr`, `ttl`, then the
/// two of [`ViaWanted::NAMES`].
pub(crate) const BRANCH: usize = 0;
pub(crate) const RECEIVED: usize = 1;
pub(crate) const RPORT: usize = 2;
pub(crate) const MADDR: usize = 3;
pub(crate) const TTL: usize = 4;
/// The first of the two [`ViaWanted::NAMES`].
pub(crate) const EXTRA: usize = 5;

/// One Via value, taken apart into byte slices of the value (every one cut next to an ASCII
/// delimiter).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ViaParts<'a, X> {
    pub protocol: &'a [u8],
    pub version: &'a [u8],
    pub transport: &'a [u8],
    pub host: Host<'a>,
    pub port: Option<u16>,
    /// The via-params as written (leading `;` included), and how many there are.
    pub params: &'a [u8],
    pub count: usize,
    /// Per wanted name, the first parameter of that name: its value (quotes kept), or the
    /// empty slice right after its name when it has none; `None` when there is none.
    pub found: [Option<&'a [u8]>; WANTED],
    /// Bit `i` set: `found[i]` has a value.
    pub valued: u8,
    wanted: PhantomData<X>,
}

impl<'a, X: ViaWanted> ViaParts<'a, X> {
    /// Every name the pass looks for, in the order of [`ViaParts::found`].
    const NAMES: [&'static str; WANTED] = [
        Noted::Branch.name(),
        Noted::Received.name(),
        Noted::Rport.name(),
        "maddr",
        "ttl",
        X::NAMES[0],
        X::NAMES[1],
    ];

    /// The parameter at place `i` of [`ViaParts::found`] has a value.
    #[inline(always)]
    pub(crate) fn has_value(&self, i: usize) -> bool {
        self.valued & (1 << i) != 0
    }

    /// Parses the Via value `s` (one via-parm; with `list_item`, up to the `,` that ends an
    /// item of a comma list) into `out` (partly written on error), as [`Via`] parses it, and
    /// says where the via-parm ends.
    #[inline(always)]
    fn parse_into(s: &'a str, list_item: bool, out: &mut Self) -> Result<usize> {
        if let Some(end) = Self::usual(s, list_item, out) {
            return Ok(end);
        }
        Self::general(s, list_item, out)
    }

    /// The general parse, and the parts read off the [`Via`] it gives.
    #[inline(never)]
    fn general(s: &'a str, list_item: bool, out: &mut Self) -> Result<usize> {
        let mut via = Via::BLANK;
        let end = Via::parse_into(s, list_item, &mut via)?;
        *out = Self::of_via(&via);
        Ok(end)
    }

    /// The parts of a parsed [`Via`], found as its lookups find them.
    pub(crate) fn of_via(v: &Via<'a>) -> Self {
        let p = &v.params;
        let mut found = [None; WANTED];
        let mut valued = 0;
        let noted = [Noted::Branch, Noted::Received, Noted::Rport].map(|n| p.noted(n));
        let [_, _, _, maddr, ttl, x0, x1] = Self::NAMES;
        // Noted and all there is: any other name is absent, with no walk to say so.
        let others = if p.all_noted(NotedSet::Via) {
            [None; 4]
        } else {
            p.find_each([maddr, ttl, x0, x1])
        };
        for (i, param) in noted.into_iter().chain(others).enumerate() {
            if let Some(param) = param {
                found[i] = Some(match param.value {
                    Some(value) => {
                        valued |= 1 << i;
                        value.as_bytes()
                    }
                    None => &param.name.as_bytes()[param.name.len()..],
                });
            }
        }
        ViaParts {
            protocol: v.protocol.as_bytes(),
            version: v.version.as_bytes(),
            transport: v.transport.as_bytes(),
            host: v.host,
            port: v.port,
            params: p.as_str().as_bytes(),
            count: p.count(),
            found,
            valued,
            wanted: PhantomData,
        }
    }

    /// The one pass over a value in its usual shape: `SIP/2.0/` transport, LWS, a host name or
    /// IPv4 address with an optional port, then `;token` or `;token=value` parameters (a
    /// token, host or quoted-string value, no LWS) up to the end (or, with `list_item`, a
    /// `,`). `None` for anything else, for the general parse to decide.
    #[inline(always)]
    fn usual(s: &'a str, list_item: bool, out: &mut Self) -> Option<usize> {
        let b = s.as_bytes();
        if !b.starts_with(b"SIP/2.0/") {
            return None;
        }
        let t1 = run(b, 8, TOKEN);
        if t1 == 8 || !b.get(t1).is_some_and(|&c| is_lws(c)) {
            return None;
        }
        let mut h0 = t1 + 1;
        while b.get(h0).is_some_and(|&c| is_lws(c)) {
            h0 += 1;
        }
        let hp = scan_hostport(s, h0)?;
        let p0 = hp.end;
        let mut i = p0;
        let mut count = 0;
        let mut found = [None; WANTED];
        let mut valued = 0u8;
        loop {
            match b.get(i) {
                Some(b';') => {}
                None => break,
                Some(b',') if list_item => break,
                Some(_) => return None,
            }
            let n0 = i + 1;
            let n1 = run(b, n0, TOKEN);
            if n1 == n0 {
                return None;
            }
            let (end, value) = if b.get(n1) == Some(&b'=') {
                let v0 = n1 + 1;
                let v1 = match b.get(v0) {
                    Some(b'"') => v0 + quoted_len(b.get(v0..)?)?,
                    _ => run(b, v0, GEN_VALUE),
                };
                if v1 == v0 {
                    return None;
                }
                (v1, b.get(v0..v1))
            } else {
                (n1, b.get(n1..n1))
            };
            count += 1;
            if let Some(k) = Self::place_of(b.get(n0..n1)?)
                && found[k].is_none()
            {
                found[k] = value;
                if end != n1 {
                    valued |= 1 << k;
                }
            }
            i = end;
        }
        *out = ViaParts {
            protocol: b.get(0..3)?,
            version: b.get(4..7)?,
            transport: b.get(8..t1)?,
            host: hp.host,
            port: hp.port,
            params: b.get(p0..i)?,
            count,
            found,
            valued,
            wanted: PhantomData,
        };
        Some(i)
    }

    /// The place in [`ViaParts::found`] of parameter `name` (any case), if it is wanted.
    /// (Tried: a match on the length first; it cost more than these compares, which check
    /// the length before any byte.)
    #[inline(always)]
    fn place_of(name: &[u8]) -> Option<usize> {
        Self::NAMES
            .iter()
            .position(|w| is_named(name, w.as_bytes()))
    }
}

/// True when `name` is `want` (lower-case letters and `-`) in any case: for a letter `w`,
/// `c | 0x20 == w` holds exactly for its two cases, and for `-` only `-` and CR, which is no
/// token character, so never part of a name. Compared 8 or 4 bytes at a time (the last
/// window overlapping the one before): `want` is a constant, its words fold away.
#[inline(always)]
fn is_named(name: &[u8], want: &[u8]) -> bool {
    let n = name.len();
    if n != want.len() {
        return false;
    }
    let same8 = |i: usize| match (name.get(i..i + 8), want.get(i..i + 8)) {
        (Some(a), Some(w)) => {
            let word = |b: &[u8]| <[u8; 8]>::try_from(b).map_or(0, u64::from_le_bytes);
            word(a) | 0x2020_2020_2020_2020 == word(w)
        }
        _ => false,
    };
    let same4 = |i: usize| match (name.get(i..i + 4), want.get(i..i + 4)) {
        (Some(a), Some(w)) => {
            let word = |b: &[u8]| <[u8; 4]>::try_from(b).map_or(0, u32::from_le_bytes);
            word(a) | 0x2020_2020 == word(w)
        }
        _ => false,
    };
    match n {
        0..4 => name.iter().zip(want).all(|(&c, &w)| c | 0x20 == w),
        4..8 => same4(0) && same4(n - 4),
        _ => {
            let mut i = 0;
            while i + 8 < n {
                if !same8(i) {
                    return false;
                }
                i += 8;
            }
            same8(n - 8)
        }
    }
}

impl<'a, X: ViaWanted> ListItem<'a> for ViaParts<'a, X> {
    const BLANK: Self = ViaParts {
        protocol: b"",
        version: b"",
        transport: b"",
        host: Host::Name(""),
        port: None,
        params: b"",
        count: 0,
        found: [None; WANTED],
        valued: 0,
        wanted: PhantomData,
    };

    #[inline]
    fn parse_item(s: &'a str, out: &mut Self) -> Option<usize> {
        Self::parse_into(s, true, out).ok()
    }

    #[inline]
    fn parse_whole_into(s: &'a str, out: &mut Self) -> Result<()> {
        Self::parse_into(s, false, out).map(|_| ())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;

    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct Ms;
    impl ViaWanted for Ms {
        const NAMES: [&'static str; 2] = ["ms-received-port", "ms-received-cid"];
    }
    type Parts<'a> = ViaParts<'a, Ms>;

    /// The reference: the general parse, and the parts read off its [`Via`].
    fn reference(s: &str, list_item: bool) -> Result<(Parts<'_>, usize)> {
        let mut via = Via::BLANK;
        let end = Via::parse_into(s, list_item, &mut via)?;
        Ok((Parts::of_via(&via), end))
    }

    fn fast(s: &str, list_item: bool) -> Result<(Parts<'_>, usize)> {
        let mut out = Parts::BLANK;
        let end = Parts::parse_into(s, list_item, &mut out)?;
        Ok((out, end))
    }

    const VALID: [&str; 8] = [
        "SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK94bd;ms-received-cid=3540900",
        "SIP/2.0/TLS 192.0.2.44:50612;branch=z9hG4bK7c3e91a0;rport",
        "SIP/2.0/UDP pc33.atlanta.com;branch=z9;received=192.0.2.1;rport=5060;ttl=16",
        "SIP/2.0/TCP h.example.com:5061;maddr=224.2.0.1;ms-received-port=5061;x=\"a;b\"",
        "SIP/2.0/TLS 10.0.0.1;BRANCH=A;Branch=B;RPORT;rport=9;Ms-Received-Cid=7",
        "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9",
        "SIP/2.0/WSS h;received=[2001:db8::9];ms-received-port;maddr",
        "SIP/2.0/UDP h, SIP/2.0/TCP g;branch=2",
    ];

    /// Same parts, ends and errors (offsets included) as the general parse, whole and as list
    /// items, on valid, cut and mutated values.
    #[test]
    fn matches_the_general_parse() {
        let inputs = near(
            &VALID,
            &[
                " ", "\t", ";", "=", ",", ":", "\"", "0", "a", "A", "-", "[", "é", "\0",
            ],
        );
        let mut usual = 0;
        for v in &inputs {
            for list_item in [false, true] {
                assert_eq!(
                    fast(v, list_item),
                    reference(v, list_item),
                    "{v:?} {list_item}"
                );
                let mut scratch = Parts::BLANK;
                if Parts::usual(v, list_item, &mut scratch).is_some() {
                    usual += 1;
                }
            }
        }
        // The pass answers for most of them; the test would be empty otherwise.
        assert!(usual > inputs.len() / 2, "{usual} of {}", inputs.len());
    }

    #[test]
    fn each_wanted_name_has_its_place() {
        for (k, name) in Parts::NAMES.iter().enumerate() {
            assert_eq!(Parts::place_of(name.as_bytes()), Some(k), "{name}");
            let upper = name.to_ascii_uppercase();
            assert_eq!(Parts::place_of(upper.as_bytes()), Some(k), "{upper}");
            assert_eq!(Parts::place_of(&name.as_bytes()[1..]), None, "{name}");
        }
        for other in [
            "lr",
            "rporx",
            "maddx",
            "branck",
            "received1",
            "tt",
            "ms-received-cie",
            "ns-received-cid",
            "ms-received_cid",
            "ms-received-porT1",
            "ms-recEived-p0rt",
        ] {
            assert_eq!(Parts::place_of(other.as_bytes()), None, "{other}");
        }
    }

    /// The word compare agrees with `eq_ignore_ascii_case` on every token with one byte
    /// changed, of every length a wanted name has.
    #[test]
    fn names_compare_as_the_standard_library_does() {
        use crate::sip::scan::class::is_token_char;
        for want in Parts::NAMES {
            for i in 0..want.len() {
                for c in (0..=255u8).filter(|&c| is_token_char(c)) {
                    let mut name = want.as_bytes().to_vec();
                    name[i] = c;
                    assert_eq!(
                        is_named(&name, want.as_bytes()),
                        name.eq_ignore_ascii_case(want.as_bytes()),
                        "{want} {name:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn finds_the_wanted_parameters() {
        let (p, end) = fast(VALID[3], false).unwrap();
        assert_eq!(end, VALID[3].len());
        assert_eq!(
            (p.protocol, p.version, p.transport),
            (&b"SIP"[..], &b"2.0"[..], &b"TCP"[..])
        );
        assert_eq!(p.host, Host::Name("h.example.com"));
        assert_eq!(p.port, Some(5061));
        assert_eq!(p.count, 3);
        assert_eq!(p.found[MADDR], Some(&b"224.2.0.1"[..]));
        assert_eq!(p.found[EXTRA], Some(&b"5061"[..]));
        assert_eq!((p.found[BRANCH], p.found[EXTRA + 1]), (None, None));
        assert!(p.has_value(MADDR) && !p.has_value(BRANCH));

        // The first of each name, in any case; present without a value is an empty slice.
        let (p, _) = fast(VALID[4], false).unwrap();
        assert_eq!(p.found[BRANCH], Some(&b"A"[..]));
        assert_eq!(p.found[RPORT], Some(&b""[..]));
        assert!(!p.has_value(RPORT));
        assert_eq!(p.found[EXTRA + 1], Some(&b"7"[..]));
        assert_eq!(p.count, 5);

        // A list item ends at its comma.
        let (p, end) = fast(VALID[7], true).unwrap();
        assert_eq!((end, p.params, p.count), (13, &b""[..], 0));
    }

    #[test]
    fn refuses_what_the_general_parse_refuses() {
        for bad in [
            "",
            "SIP/2.0/UDP",
            "SIP/2.0/UDP ",
            "SIP/2.0/UDP host;",
            "SIP/2.0/UDP host:99999",
            "SIP/2.0/UDP host;a=",
            "SIP/2.0/UDP host;a=\"open",
        ] {
            let e = fast(bad, false).unwrap_err();
            assert_eq!(Err(e), reference(bad, false), "{bad:?}");
        }
    }
}
