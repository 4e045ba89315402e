//! Header parameters (`*( SEMI generic-param )`, RFC 3261 25.1) after a name-addr, a Via
//! sent-by or a media type: checked once, then walked with [`Params`].

use super::class::{GEN_VALUE, TOKEN, run};
use super::error::{ErrorKind, Result, SipError};
use super::params::{Noted, Params};
use super::scan::{quoted_len, skip_lws};

/// Checks that `s` (starting at a `;` or empty, LWS allowed around `;` and `=`) is a run of
/// `generic-param`s: `token [ EQUAL ( token / host / quoted-string ) ]`. Returns them as
/// [`Params`]. `base` is added to error offsets.
pub fn parse_header_params<'a>(s: &'a str, base: usize, what: &'static str) -> Result<Params<'a>> {
    parse_header_params_noting(s, base, what, Noted::Nothing)
}

/// [`parse_header_params`], also noting where the first parameter named `wanted` is (empty:
/// nothing to note), so the caller's lookups of it need no second walk.
pub(crate) fn parse_header_params_noting<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: Noted,
) -> Result<Params<'a>> {
    walk(s, base, what, wanted, false).map(|(p, _)| p)
}

/// The parameters of one item of a comma-separated list: like
/// [`parse_header_params_noting`], but a `,` where the next `;` could stand ends them. Also
/// returns where they end (before any LWS ahead of that comma).
pub(crate) fn parse_list_item_params<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: Noted,
) -> Result<(Params<'a>, usize)> {
    walk(s, base, what, wanted, true)
}

fn walk<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: Noted,
    list_item: bool,
) -> Result<(Params<'a>, usize)> {
    let b = s.as_bytes();
    let mut count = 0;
    let mut found = None;
    let mut last = 0;
    let mut i = skip_lws(b, 0);
    while i < b.len() {
        if b[i] != b';' {
            if list_item && b[i] == b',' {
                break;
            }
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        i = skip_lws(b, i + 1);
        let n0 = i;
        i = run(b, i, TOKEN);
        if i == n0 {
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        count += 1;
        let wanted_name = wanted.name().as_bytes();
        let is_wanted = i - n0 == wanted_name.len()
            && found.is_none()
            && b[n0..i].eq_ignore_ascii_case(wanted_name);
        let mut value = None;
        last = i;
        i = skip_lws(b, i);
        if b.get(i) == Some(&b'=') {
            i = skip_lws(b, i + 1);
            if b.get(i) == Some(&b'"') {
                let Some(n) = quoted_len(&b[i..]) else {
                    return Err(SipError::new(
                        ErrorKind::BadValue,
                        base + i,
                        "unterminated quoted-string",
                    ));
                };
                value = Some(i..i + n);
                i += n;
            } else {
                let v0 = i;
                i = run(b, i, GEN_VALUE);
                if i == v0 {
                    return Err(SipError::new(ErrorKind::BadValue, base + i, what));
                }
                value = Some(v0..i);
            }
            last = i;
            i = skip_lws(b, i);
        }
        if is_wanted {
            found = Some((n0, value));
        }
    }
    let raw = if list_item { &s[..last] } else { s };
    Ok((Params::counted_with(raw, count, wanted, found), last))
}

#[cfg(test)]
mod tests {
    use super::*;

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
        ] {
            for wanted in [Noted::Nothing, Noted::Tag, Noted::Branch] {
                let p = parse_header_params_noting(s, 0, "p", wanted).unwrap();
                let fresh = Params::new(s);
                assert_eq!(p.iter().count(), fresh.iter().count(), "{s:?}");
                assert_eq!(p.is_empty(), fresh.is_empty(), "{s:?}");
                for name in ["tag", "branch", "lr", "q", "x", "nope"] {
                    assert_eq!(p.get(name), fresh.get(name), "{s:?} {name}");
                }
                let mut it = p.iter();
                it.next();
                assert_eq!(it.count(), fresh.iter().skip(1).count(), "{s:?}");
            }
        }
    }

    #[test]
    fn list_item_params_end_at_a_comma() {
        let s = ";tag=1 ;x=\"a,b\"  , <sip:next>";
        let (p, end) = parse_list_item_params(s, 0, "p", Noted::Tag).unwrap();
        assert_eq!(p.as_str(), ";tag=1 ;x=\"a,b\"");
        assert_eq!(end, p.as_str().len());
        assert_eq!(p.iter().count(), 2);
        assert_eq!(p.value("tag"), Some("1"));
        assert!(parse_header_params(s, 0, "p").is_err());
        assert_eq!(
            parse_list_item_params("", 0, "p", Noted::Nothing)
                .unwrap()
                .1,
            0
        );
    }
}
