//! Header parameters (`*( SEMI generic-param )`, RFC 3261 25.1) after a name-addr, a Via
//! sent-by or a media type: checked once, then walked with [`Params`].

use super::error::{ErrorKind, Result, SipError};
use super::header_name::HeaderKind;
use super::name_addr::NameAddr;
use super::params::{Hints, NOTED, NotedSet, Params};
use super::scan::class::{GEN_VALUE, TOKEN, run};
use super::scan::find::find;
use super::scan::param_walk::walk_generic_params;
use super::scan::{is_lws, quoted_len};
use super::via::Via;
use std::ops::Range;

/// Checks that `s` (starting at a `;` or empty, LWS allowed around `;` and `=`) is a run of
/// `generic-param`s: `token [ EQUAL ( token / host / quoted-string ) ]`. Returns them as
/// [`Params`]. `base` is added to error offsets.
pub fn parse_header_params<'a>(s: &'a str, base: usize, what: &'static str) -> Result<Params<'a>> {
    parse_header_params_noting(s, base, what, NotedSet::Nothing)
}

/// [`parse_header_params`], also noting where the first parameter of each name of `wanted`
/// is, so the caller's lookups of them need no second walk.
#[inline(always)]
pub(crate) fn parse_header_params_noting<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: NotedSet,
) -> Result<Params<'a>> {
    if s.is_empty() {
        // No parameters: a To before its tag, an address without any.
        return Ok(Params::counted_with(s, 0, wanted, &Hints::NONE));
    }
    walk(s, base, what, wanted, false).map(|(p, _)| p)
}

/// The parameters of one item of a comma-separated list: like
/// [`parse_header_params_noting`], but a `,` where the next `;` could stand ends them. Also
/// returns where they end (before any LWS ahead of that comma).
#[inline(always)]
pub(crate) fn parse_list_item_params<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: NotedSet,
) -> Result<(Params<'a>, usize)> {
    if s.is_empty() {
        return Ok((Params::counted_with(s, 0, wanted, &Hints::NONE), 0));
    }
    walk(s, base, what, wanted, true)
}

/// The header parameters of one value of header `kind`: a Via's via-params, the parameters
/// after a name-addr (for the name-addr headers, and for an extension header whose value
/// holds a `<`), or for any other header those after the first `;`
/// outside a quoted-string (`application/sdp;charset=utf-8`, `active;expires=60`,
/// `1800;refresher=uac`). Checked as the view of the value checks them.
pub fn params_of_value(kind: HeaderKind, value: &str) -> Result<Params<'_>> {
    if kind == HeaderKind::Via {
        return Via::parse(value).map(|v| v.params);
    }
    let b = value.as_bytes();
    let looks_addr = find(b'<', b).is_some();
    if kind.is_name_addr() || (kind == HeaderKind::Other && looks_addr) {
        return NameAddr::parse(value).map(|n| n.params);
    }
    let mut i = 0;
    while i < b.len() && b[i] != b';' {
        if b[i] == b'"' {
            i += quoted_len(&b[i..]).unwrap_or(b.len() - i);
        } else {
            i += 1;
        }
    }
    let rest = value.get(i..).unwrap_or("");
    parse_header_params(rest, i, "bad header parameter")
}

/// What a walk has learnt of the parameters before the one it is at.
struct Walked {
    count: usize,
    /// Per wanted name, the first parameter of that name.
    found: Hints,
    /// Where the last parameter ends (before any LWS after it).
    last: usize,
}

impl Walked {
    fn new() -> Walked {
        Walked {
            count: 0,
            found: Hints::NONE,
            last: 0,
        }
    }

    /// Takes note of one more parameter, its name at `n0..n1`. (The names of a set differ in
    /// length, so the length picks the one name to compare.)
    #[inline(always)]
    fn add(&mut self, b: &[u8], n0: usize, n1: usize, want: &Wanted, value: Option<Range<usize>>) {
        self.count += 1;
        let name = &b[n0..n1];
        if let Some(i) = want.iter().position(|w| w.len() == name.len())
            && !self.found.has(i)
            && is_named(name, want[i])
        {
            self.found.note(i, n0, value);
        }
    }
}

/// The names a walk notes, as bytes.
type Wanted = [&'static [u8]; NOTED];

fn wanted_bytes(set: NotedSet) -> Wanted {
    set.names().map(str::as_bytes)
}

/// True when `name` is `want` (lowercase ASCII letters) in any case: for a letter `w`,
/// `c | 0x20 == w` holds exactly for the two cases of `w`.
/// Names of 2 to 8 bytes are compared as two overlapping words (the OR is byte-wise, so it
/// says the same); `want` is a constant where this is inlined, so its words are too.
#[inline(always)]
fn is_named(name: &[u8], want: &[u8]) -> bool {
    let n = name.len();
    if n != want.len() {
        return false;
    }
    match (name.get(..2), name.get(n.wrapping_sub(2)..)) {
        (Some(_), Some(_)) if n <= 4 => {
            word2(name, 0) | 0x2020 == word2(want, 0)
                && word2(name, n - 2) | 0x2020 == word2(want, n - 2)
        }
        (Some(_), Some(_)) if n <= 8 => {
            word4(name, 0) | 0x2020_2020 == word4(want, 0)
                && word4(name, n - 4) | 0x2020_2020 == word4(want, n - 4)
        }
        _ => name.iter().zip(want).all(|(&c, &w)| c | 0x20 == w),
    }
}

/// The two bytes of `b` at `i` as one word (0 past the end, which the callers rule out).
#[inline(always)]
fn word2(b: &[u8], i: usize) -> u16 {
    b.get(i..i + 2)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u16::from_le_bytes)
}

/// The four bytes of `b` at `i` as one word (0 past the end, which the callers rule out).
#[inline(always)]
fn word4(b: &[u8], i: usize) -> u32 {
    b.get(i..i + 4)
        .and_then(|w| w.try_into().ok())
        .map_or(0, u32::from_le_bytes)
}

#[inline(always)]
fn walk<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: NotedSet,
    list_item: bool,
) -> Result<(Params<'a>, usize)> {
    let b = s.as_bytes();
    let want = wanted_bytes(wanted);
    let mut w = Walked::new();
    let at = walk_usual(b, &want, &mut w);
    if at < b.len() {
        walk_general(b, at, base, what, &want, list_item, &mut w)?;
    }
    let raw = if list_item { &s[..w.last] } else { s };
    Ok((Params::counted_with(raw, w.count, wanted, &w.found), w.last))
}

/// Walks the parameters in their usual shape, `;token` or `;token=value` with a token, host
/// or quoted-string value and no LWS, from the start of `b`. Stops at the first parameter of
/// any other shape (or at whatever follows the last one) and returns where: the general walk
/// goes on from there, in the state it would itself have reached, so results and errors are
/// its own.
#[inline(always)]
fn walk_usual(b: &[u8], want: &Wanted, w: &mut Walked) -> usize {
    let mut i = 0;
    while b.get(i) == Some(&b';') {
        let n0 = i + 1;
        let n1 = run(b, n0, TOKEN);
        if n1 == n0 {
            break;
        }
        match b.get(n1) {
            Some(b'=') => {
                let v0 = n1 + 1;
                let v1 = match b.get(v0) {
                    Some(b'"') => match quoted_end(b, v0) {
                        Some(end) => end,
                        None => break,
                    },
                    // Values are mostly letters and digits (tags, branches, ids): those
                    // eight at a time, the rest of the class byte by byte.
                    _ => run(b, alnum_end(b, v0), GEN_VALUE),
                };
                if v1 == v0 {
                    break;
                }
                w.add(b, n0, n1, want, Some(v0..v1));
                i = v1;
            }
            // LWS before a possible `=`: the general walk decides.
            Some(&c) if is_lws(c) => break,
            _ => {
                w.add(b, n0, n1, want, None);
                i = n1;
            }
        }
    }
    // Each parameter taken ends where the next one starts.
    w.last = i;
    i
}

/// End of the run of ASCII letters and digits in the eight bytes from `i`, when eight are left
/// (`i` otherwise): one step, for values of about that length; the rest, and the byte that
/// ends the run, are for the caller's class walk.
#[inline(always)]
fn alnum_end(b: &[u8], i: usize) -> usize {
    match b.get(i..i + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        Some(w) => i + (not_alnum(u64::from_le_bytes(w)).trailing_zeros() / 8) as usize,
        None => i,
    }
}

/// The high bit of each byte of `x` that is not an ASCII letter or digit. Each byte's low
/// seven bits plus `0x80 - lo` carry into its high bit exactly when they are at least `lo`,
/// and no sum leaves its byte; bytes of 0x80 and up are never letters or digits.
#[inline(always)]
fn not_alnum(x: u64) -> u64 {
    const LOW7: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let at_least = |v: u64, lo: u8| v + u64::from(0x80 - lo) * 0x0101_0101_0101_0101;
    let c = x & LOW7;
    let digit = at_least(c, b'0') & !at_least(c, b'9' + 1);
    // `| 0x20` takes upper-case letters to lower case and no other byte to a letter.
    let l = c | 0x2020_2020_2020_2020;
    let letter = at_least(l, b'a') & !at_least(l, b'z' + 1);
    !(digit | letter) & HIGH | x & HIGH
}

/// Where the quoted-string at `b[at] == '"'` ends; kept out of line, away from the token
/// loops of the walks.
#[inline(never)]
fn quoted_end(b: &[u8], at: usize) -> Option<usize> {
    quoted_len(&b[at..]).map(|n| at + n)
}

/// The general walk from `from`, the start of a parameter or where the previous one ended:
/// [`walk_generic_params`], noting what it finds in `w`.
fn walk_general(
    b: &[u8],
    from: usize,
    base: usize,
    what: &'static str,
    want: &Wanted,
    list_item: bool,
    w: &mut Walked,
) -> Result<()> {
    let walked = walk_generic_params(b, from, list_item, |p| {
        w.add(b, p.name.start, p.name.end, want, p.value);
    });
    match walked {
        Ok(last) => {
            w.last = last;
            Ok(())
        }
        Err(f) => Err(SipError::new(
            ErrorKind::BadValue,
            base + f.at,
            f.what.unwrap_or(what),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::scan::near_texts::near;

    #[test]
    fn accepts_generic_params() {
        assert!(
            parse_header_params(
                ";tag=1 ; q = 0.5;lr;x=\"a b\";received=[2001:db8::1]",
                0,
                "p"
            )
            .is_ok()
        );
        assert!(parse_header_params("", 0, "p").is_ok());
    }

    #[test]
    fn params_of_any_header_value() {
        let get = |kind, v| {
            params_of_value(kind, v).map(|p| {
                p.iter()
                    .map(|p| format!("{}={}", p.name, p.value.unwrap_or("-")))
                    .collect::<Vec<_>>()
                    .join(",")
            })
        };
        use HeaderKind::*;
        assert_eq!(
            get(Via, "SIP/2.0/UDP h;branch=z9;rport").unwrap(),
            "branch=z9,rport=-"
        );
        assert_eq!(get(From, "\"A;b\" <sip:a@b;lr>;tag=1").unwrap(), "tag=1");
        assert_eq!(get(Contact, "sip:a@b;expires=5").unwrap(), "expires=5");
        assert_eq!(
            get(ContentType, "application/sdp;charset=x").unwrap(),
            "charset=x"
        );
        assert_eq!(get(Other, "<sip:a@b;x=1>;y=2").unwrap(), "y=2");
        assert_eq!(get(Other, "\"x;y\";z=1").unwrap(), "z=1");
        assert_eq!(get(SubscriptionState, "active").unwrap(), "");
        assert!(get(SubscriptionState, "active;").is_err());
        assert!(get(Via, "SIP/2.0/UDP").is_err());
        assert!(get(To, "<sip:a@b").is_err());
    }

    /// The word-wise name compare answers as a byte by byte one, for every length it takes
    /// words at and each byte changed in the ways a case-blind compare could get wrong.
    #[test]
    fn word_compare_agrees_with_bytes() {
        let bytewise = |name: &[u8], want: &[u8]| {
            name.len() == want.len() && name.iter().zip(want).all(|(&c, &w)| c | 0x20 == w)
        };
        let wants: [&[u8]; 9] = [
            b"q",
            b"ab",
            b"tag",
            b"epid",
            b"rport",
            b"branch",
            b"expires",
            b"received",
            b"maddrttls",
        ];
        for want in wants {
            let mut names: Vec<Vec<u8>> = vec![want.to_vec(), want.to_ascii_uppercase()];
            names.push(want[..want.len() - 1].to_vec());
            names.push([want, b"x"].concat());
            for i in 0..want.len() {
                for flip in [0x20, 0x01, 0x40, 0x80, 0x60] {
                    let mut n = want.to_vec();
                    n[i] ^= flip;
                    names.push(n);
                }
            }
            for name in &names {
                assert_eq!(
                    is_named(name, want),
                    bytewise(name, want),
                    "{name:?} {want:?}"
                );
            }
        }
    }

    /// The eight-byte step over letters and digits ends where a byte by byte run does, or
    /// eight bytes on (or at once, with fewer left), for every byte value at every place.
    #[test]
    fn alnum_run_agrees_with_bytes() {
        let bytewise = |b: &[u8], i: usize| {
            i + b[i..]
                .iter()
                .take_while(|c| c.is_ascii_alphanumeric())
                .count()
        };
        for c in 0..=255u8 {
            for at in 0..20 {
                let mut b = b"a0Zz9Az0aB1c2D3e4F5g".to_vec();
                b[at] = c;
                for from in 0..b.len() {
                    let fast = alnum_end(&b, from);
                    let reference = bytewise(&b, from);
                    let expected = if b.len() - from < 8 {
                        from
                    } else {
                        reference.min(from + 8)
                    };
                    assert_eq!(fast, expected, "{b:?} {from}");
                    assert!(b[from..fast].iter().all(u8::is_ascii_alphanumeric));
                }
            }
        }
    }

    #[test]
    fn refuses_garbage() {
        for bad in ["x", ";", ";=a", ";a=", ";a=\"open", ";a=b c", ";a b"] {
            assert!(parse_header_params(bad, 0, "p").is_err(), "{bad}");
        }
    }

    /// What the validating walk remembers (count, the noted parameter) answers exactly as a
    /// fresh walk of the same text does.
    #[test]
    fn remembered_facts_match_a_fresh_walk() {
        for s in [
            "",
            ";tag=1",
            " ;tag = 1 ; q = 0.5;lr",
            ";lr;TAG=\"x;y\";tag=2",
            ";branch=z9hG4bK1;rport;received=[2001:db8::1]",
            ";a;b;c;d",
            ";x=\"a b\" ;Branch=z",
            ";tag=\"q\";branch",
            ";branch;tag",
            ";Tag=x;TAG=y",
        ] {
            for wanted in [NotedSet::Nothing, NotedSet::Address, NotedSet::Via] {
                let p = parse_header_params_noting(s, 0, "p", wanted).unwrap();
                let fresh = Params::new(s);
                assert_eq!(p.iter().count(), fresh.iter().count(), "{s:?}");
                // The counted walk ends where the fresh one does, with the same parameters.
                assert_eq!(
                    p.iter().collect::<Vec<_>>(),
                    fresh.iter().collect::<Vec<_>>(),
                    "{s:?}"
                );
                assert_eq!(p.is_empty(), fresh.is_empty(), "{s:?}");
                for name in [
                    "tag", "TAG", "expires", "q", "branch", "received", "rport", "lr", "x", "nope",
                ] {
                    assert_eq!(p.get(name), fresh.get(name), "{s:?} {name}");
                }
                use crate::sip::params::Noted::*;
                for which in [Tag, Expires, Q, Branch, Received, Rport] {
                    let name = which.name();
                    assert_eq!(p.noted(which), fresh.get(name), "{s:?} {name}");
                    assert_eq!(p.noted_value(which), fresh.value(name), "{s:?} {name}");
                    assert_eq!(fresh.noted_value(which), fresh.value(name), "{s:?} {name}");
                }
                // Every other name is absent when the noted ones are all there is.
                for set in [NotedSet::Address, NotedSet::Via] {
                    if p.all_noted(set) {
                        let names = set.names();
                        assert!(
                            fresh
                                .iter()
                                .all(|q| names.iter().any(|n| n.eq_ignore_ascii_case(q.name))),
                            "{s:?}"
                        );
                        let distinct = fresh
                            .iter()
                            .filter(|q| {
                                fresh.get(q.name).map(|f| f.name.as_ptr()) == Some(q.name.as_ptr())
                            })
                            .count();
                        assert_eq!(distinct, fresh.iter().count(), "{s:?}");
                    }
                }
                let mut it = p.iter();
                it.next();
                assert_eq!(it.count(), fresh.iter().skip(1).count(), "{s:?}");
            }
        }
    }

    /// Places that do not fit the remembered form are not remembered: lookups walk instead
    /// and answer the same.
    #[test]
    fn places_past_u16_are_walked() {
        let long = format!(";x={};tag=1;expires=5", "a".repeat(70_000));
        let p = parse_header_params_noting(&long, 0, "p", NotedSet::Address).unwrap();
        assert!(!p.all_noted(NotedSet::Address));
        use crate::sip::params::Noted::*;
        assert_eq!(p.noted_value(Tag), Some("1"));
        assert_eq!(p.noted_value(Expires), Some("5"));
        assert_eq!(p.noted(Q), None);
        assert_eq!(p.get("x").and_then(|x| x.value).map(str::len), Some(70_000));
    }

    #[test]
    fn list_item_params_end_at_a_comma() {
        let s = ";tag=1 ;x=\"a,b\"  , <sip:next>";
        let (p, end) = parse_list_item_params(s, 0, "p", NotedSet::Address).unwrap();
        assert_eq!(p.as_str(), ";tag=1 ;x=\"a,b\"");
        assert_eq!(end, p.as_str().len());
        assert_eq!(p.iter().count(), 2);
        assert_eq!(p.value("tag"), Some("1"));
        assert!(parse_header_params(s, 0, "p").is_err());
        assert_eq!(
            parse_list_item_params("", 0, "p", NotedSet::Nothing)
                .unwrap()
                .1,
            0
        );
    }

    /// The reference: every parameter through the general walk alone, from the start.
    fn reference_walk<'a>(
        s: &'a str,
        base: usize,
        what: &'static str,
        wanted: NotedSet,
        list_item: bool,
    ) -> Result<(Params<'a>, usize)> {
        let mut w = Walked::new();
        let want = wanted_bytes(wanted);
        walk_general(s.as_bytes(), 0, base, what, &want, list_item, &mut w)?;
        let raw = if list_item { &s[..w.last] } else { s };
        Ok((Params::counted_with(raw, w.count, wanted, &w.found), w.last))
    }

    /// The usual-shape path and the general walk give the same result, remembered facts and
    /// errors (offsets included) on valid, truncated and mutated parameter texts.
    #[test]
    fn usual_shape_path_matches_the_general_walk() {
        let valid = [
            "",
            ";tag=5f2a8e71c4;epid=4c7d9e2a1b",
            ";branch=z9hG4bK7c3e91a0;rport",
            ";rport;branch=z9hG4bK1;received=[2001:db8::1]",
            ";TAG=1;tag=2;Tag=3",
            ";tagx=1;ta=2;tag",
            ";methods=\"INVITE, BYE\";+sip.instance=\"<urn:uuid:0a1b>\"",
            " ;tag = 1 ; q = 0.5;lr",
            ";lr ;x=y\r\n ;z",
            ";a=b , <sip:next>",
            ";a=b,;c",
            ";Branch=x;BRANCH=y",
        ];
        let hostile = [
            ";", "=", ",", " ", "\r\n", "\"", "\\", "\0", "é", "[", ":", "<", "t", "T",
        ];
        let inputs = near(&valid, &hostile);
        for s in &inputs {
            for wanted in [NotedSet::Nothing, NotedSet::Address, NotedSet::Via] {
                for list_item in [false, true] {
                    let got = walk(s, 7, "p", wanted, list_item);
                    let want = reference_walk(s, 7, "p", wanted, list_item);
                    assert_eq!(
                        format!("{got:?}"),
                        format!("{want:?}"),
                        "{s:?} {wanted:?} {list_item}"
                    );
                }
            }
        }
    }
}
