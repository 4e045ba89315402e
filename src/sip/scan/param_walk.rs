//! The one checking walk over header parameters, `*( SEMI generic-param )` (RFC 3261 25.1:
//! `generic-param = token [ EQUAL gen-value ]`, `gen-value = token / host / quoted-string`,
//! LWS allowed around `;` and `=`), for the views (name-addr, Via, media types) and for strict
//! validation, which judges each value it hands out further.
//!
//! URI parameters follow another grammar (`uri-parameter`, escapes, no LWS) and are walked by
//! the URI parser; parameter text that a view has already checked is walked leniently by
//! `Params::iter`.

use super::class::{GEN_VALUE, TOKEN, run};
use super::qdtext::quoted_scan;
use super::skip_lws;
use std::ops::Range;

/// One parameter found by [`walk_generic_params`]: byte ranges in the walked text. A quoted
/// value keeps its quotes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ParamSpan {
    pub name: Range<usize>,
    pub value: Option<Range<usize>>,
    /// The value is a `token`, or a quoted-string whose content is all `qdtext /
    /// quoted-pair` (RFC 3261 25.1): a strict check has nothing left to judge in it.
    pub plain: bool,
}

/// Why a walk stopped before the end: where, and what was expected there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ParamFault {
    pub at: usize,
    /// `None`: the caller's own description of a bad parameter list fits.
    pub what: Option<&'static str>,
}

/// Walks the parameters of `b` from `from` (the start of a parameter's `;`, or where the
/// previous one ended), handing each to `each`. It ends at the end of `b`, or with
/// `list_item` at a `,` outside the parameters (the end of an item of a comma-separated
/// value). Gives where the last parameter ends (before the LWS after it; `from` when none was
/// walked), or the first fault.
#[inline(never)]
pub(crate) fn walk_generic_params(
    b: &[u8],
    from: usize,
    list_item: bool,
    mut each: impl FnMut(ParamSpan),
) -> Result<usize, ParamFault> {
    let fault = |at, what| Err(ParamFault { at, what });
    let mut last = from;
    let mut i = skip_lws(b, from);
    while i < b.len() {
        if b[i] != b';' {
            if list_item && b[i] == b',' {
                break;
            }
            return fault(i, None);
        }
        i = skip_lws(b, i + 1);
        let n0 = i;
        i = run(b, i, TOKEN);
        if i == n0 {
            return fault(i, None);
        }
        let name = n0..i;
        let mut value = None;
        let mut plain = false;
        last = i;
        i = skip_lws(b, i);
        if b.get(i) == Some(&b'=') {
            i = skip_lws(b, i + 1);
            if b.get(i) == Some(&b'"') {
                let Some((n, content_ok)) = quoted_scan(&b[i..]) else {
                    return fault(i, Some("unterminated quoted-string"));
                };
                plain = content_ok;
                value = Some(i..i + n);
                i += n;
            } else {
                // GEN_VALUE holds TOKEN: the run of token bytes first tells whether the
                // value is a token, at the cost of one more lookup.
                let v0 = i;
                let t = run(b, i, TOKEN);
                i = run(b, t, GEN_VALUE);
                if i == v0 {
                    return fault(i, None);
                }
                plain = t == i;
                value = Some(v0..i);
            }
            last = i;
            i = skip_lws(b, i);
        }
        each(ParamSpan { name, value, plain });
    }
    Ok(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    type Walked<'a> = (Vec<(&'a str, Option<&'a str>)>, usize);

    fn walk(s: &str, list_item: bool) -> Result<Walked<'_>, ParamFault> {
        let mut out = Vec::new();
        let end = walk_generic_params(s.as_bytes(), 0, list_item, |p| {
            out.push((&s[p.name], p.value.map(|v| &s[v])));
        })?;
        Ok((out, end))
    }

    #[test]
    fn walks_generic_params() {
        let s = " ;tag = 1 ; q=0.5;lr;x=\"a;b\";received=[2001:db8::1]";
        let (params, end) = walk(s, false).unwrap();
        assert_eq!(
            params,
            [
                ("tag", Some("1")),
                ("q", Some("0.5")),
                ("lr", None),
                ("x", Some("\"a;b\"")),
                ("received", Some("[2001:db8::1]"))
            ]
        );
        assert_eq!(end, s.len());
        assert_eq!(walk("", false).unwrap(), (vec![], 0));
    }

    #[test]
    fn plain_values_are_marked() {
        let s = ";a=z9hG4bK.1;b=[::1];c=\"q\";d;e=x:y;f=\"\x01\"";
        let mut marks = Vec::new();
        walk_generic_params(s.as_bytes(), 0, false, |p| {
            marks.push((&s[p.name], p.plain))
        })
        .unwrap();
        assert_eq!(
            marks,
            [
                ("a", true),
                ("b", false),
                ("c", true),
                ("d", false),
                ("e", false),
                ("f", false)
            ]
        );
    }

    #[test]
    fn faults_name_the_place() {
        let at = |s: &str| walk(s, false).err().map(|f| (f.at, f.what.is_some()));
        assert_eq!(at("x"), Some((0, false)));
        assert_eq!(at(";"), Some((1, false)));
        assert_eq!(at(";=a"), Some((1, false)));
        assert_eq!(at(";a="), Some((3, false)));
        assert_eq!(at(";a=\"open"), Some((3, true)));
        assert_eq!(at(";a=b c"), Some((5, false)));
        assert_eq!(at(";a=b,c"), Some((4, false)));
    }

    #[test]
    fn a_list_item_ends_at_its_comma() {
        let s = ";tag=1 ;x=\"a,b\"  , <sip:next>";
        let (params, end) = walk(s, true).unwrap();
        assert_eq!(params, [("tag", Some("1")), ("x", Some("\"a,b\""))]);
        assert_eq!(&s[..end], ";tag=1 ;x=\"a,b\"");
    }
}
