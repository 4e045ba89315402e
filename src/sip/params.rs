//! `;name[=value]` parameter lists, as found after a URI, a name-addr, a Via or a media type.
//!
//! [`Params`] borrows the raw text and walks it on demand; nothing is allocated.

use super::scan::class::{PARAM_NAME, PARAM_SEP, PARAM_VALUE, run};
use super::scan::{is_lws, quoted_len, skip_lws, unquote};
use std::borrow::Cow;
use std::ops::Range;

/// One parameter: its name and its raw value (still quoted, if it was quoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Param<'a> {
    pub name: &'a str,
    pub value: Option<&'a str>,
}

impl<'a> Param<'a> {
    /// The value with quotes removed and escapes resolved.
    pub fn unquoted(&self) -> Option<Cow<'a, str>> {
        self.value.map(unquote)
    }
}

/// A parameter list such as `;transport=tcp;lr` (the leading `;` is optional).
///
/// A validating parser that has just walked the list leaves two facts behind so later
/// questions need no second walk: how many parameters there are, and where one parameter it
/// was asked about (a Via's `branch`, an address's `tag`) sits, or that it is absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Params<'a> {
    raw: &'a str,
    /// Number of parameters in `raw`, or [`UNKNOWN`].
    count: u32,
    /// The parameter whose place is remembered.
    noted: Noted,
    /// That parameter in `raw`: name start, value start and end; a name start of [`UNKNOWN`]
    /// when it is absent, a value start of [`UNKNOWN`] when it has no value.
    hint: [u32; 3],
}

const UNKNOWN: u32 = u32::MAX;

/// A parameter whose place a validating parser can remember (kept as one byte, as views that
/// hold parameter lists are moved around a lot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Noted {
    #[default]
    Nothing,
    /// An address's `tag` (RFC 3261 19.3).
    Tag,
    /// A Via's `branch` (RFC 3261 8.1.1.7).
    Branch,
}

impl Noted {
    /// The parameter name (empty for [`Noted::Nothing`]).
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Noted::Nothing => "",
            Noted::Tag => "tag",
            Noted::Branch => "branch",
        }
    }
}

/// Lists are equal when their text is: what was remembered about them is derived from it.
impl PartialEq for Params<'_> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl Eq for Params<'_> {}

impl<'a> Params<'a> {
    /// Wraps raw parameter text. The text is not checked here; parsers that build a `Params`
    /// validate it first.
    pub const fn new(raw: &'a str) -> Params<'a> {
        Params {
            raw,
            count: UNKNOWN,
            noted: Noted::Nothing,
            hint: [UNKNOWN; 3],
        }
    }

    /// No parameters.
    pub(crate) const EMPTY: Params<'static> = Params::new("");

    /// Validated text holding `count` parameters.
    pub(crate) fn counted(raw: &'a str, count: usize) -> Params<'a> {
        Params {
            count: u32::try_from(count).unwrap_or(UNKNOWN),
            ..Params::new(raw)
        }
    }

    /// Validated text holding `count` parameters, the first one that `noted` names at `found`
    /// (`None`: there is none) as (name start, value span if it has a value).
    pub(crate) fn counted_with(
        raw: &'a str,
        count: usize,
        noted: Noted,
        found: Option<(usize, Option<Range<usize>>)>,
    ) -> Params<'a> {
        let at = |i: usize| u32::try_from(i).unwrap_or(UNKNOWN);
        // The last place written is the largest: when it fits in a u32 they all do. A place
        // beyond that is not remembered: lookups then walk the list.
        let (hint, fits) = match found {
            None => ([UNKNOWN; 3], true),
            Some((n, None)) => ([at(n), UNKNOWN, UNKNOWN], at(n) != UNKNOWN),
            Some((n, Some(v))) => ([at(n), at(v.start), at(v.end)], at(v.end) != UNKNOWN),
        };
        let noted = if fits { noted } else { Noted::Nothing };
        Params {
            noted,
            hint,
            ..Params::counted(raw, count)
        }
    }

    /// The raw text, as it stands in the message.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }

    pub fn is_empty(&self) -> bool {
        match self.count {
            UNKNOWN => self.iter().next().is_none(),
            n => n == 0,
        }
    }

    /// Walks the parameters in order.
    #[inline]
    pub fn iter(&self) -> ParamIter<'a> {
        ParamIter {
            s: self.raw,
            pos: 0,
            end_of_last: 0,
            left: self.count,
        }
    }

    /// The first parameter whose name matches `name` case-insensitively.
    pub fn get(&self, name: &str) -> Option<Param<'a>> {
        let noted = self.noted.name();
        if !noted.is_empty() && noted.eq_ignore_ascii_case(name) {
            return self.noted_param();
        }
        self.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The noted parameter, from its remembered place (`self.noted` names one).
    #[inline]
    fn noted_param(&self) -> Option<Param<'a>> {
        let [n0, v0, v1] = self.hint;
        if n0 == UNKNOWN {
            return None;
        }
        let n0 = n0 as usize;
        Some(Param {
            name: self.raw.get(n0..n0 + self.noted.name().len())?,
            value: if v0 == UNKNOWN {
                None
            } else {
                Some(self.raw.get(v0 as usize..v1 as usize)?)
            },
        })
    }

    /// The raw value of the parameter `which` names, as [`Params::value`] gives it; straight
    /// from the remembered place when the validating walk noted that parameter.
    #[inline]
    pub(crate) fn noted_value(&self, which: Noted) -> Option<&'a str> {
        if self.noted != which || which == Noted::Nothing {
            return self.value(which.name());
        }
        let [_, v0, v1] = self.hint;
        if v0 == UNKNOWN {
            // absent, or present without a value
            return None;
        }
        self.raw.get(v0 as usize..v1 as usize)
    }

    /// The first parameter of each name in `names` (case-insensitive), found in one walk.
    pub fn find_each<const N: usize>(&self, names: [&str; N]) -> [Option<Param<'a>>; N] {
        let mut found = [None; N];
        let mut left = N;
        for p in self.iter() {
            for (slot, name) in found.iter_mut().zip(names) {
                if slot.is_none() && p.name.eq_ignore_ascii_case(name) {
                    *slot = Some(p);
                    left -= 1;
                }
            }
            if left == 0 {
                break;
            }
        }
        found
    }

    /// How many parameters there are (remembered by the parser that checked them, or walked).
    pub fn count(&self) -> usize {
        self.iter().count()
    }

    /// True when a parameter named `name` is present (with or without value).
    pub fn has(&self, name: &str) -> bool {
        self.get(name).is_some()
    }

    /// The raw value of `name`; `None` when absent or present without a value.
    pub fn value(&self, name: &str) -> Option<&'a str> {
        self.get(name).and_then(|p| p.value)
    }

    /// Byte range `(start, end)` in [`Params::as_str`] of the parameter named `name`, covering
    /// its leading `;` (when present) through the end of its value. Used by edits.
    pub fn span_of(&self, name: &str) -> Option<(usize, usize)> {
        let mut it = self.iter();
        loop {
            let p = it.next()?;
            let before = {
                // the `;` that precedes the name, if any
                let start = p.name.as_ptr() as usize - self.raw.as_ptr() as usize;
                self.raw[..start]
                    .rfind(';')
                    .filter(|&k| self.raw[k + 1..start].bytes().all(is_lws))
                    .unwrap_or(start)
            };
            if p.name.eq_ignore_ascii_case(name) {
                return Some((before, it.end_of_last));
            }
        }
    }
}

impl<'a> IntoIterator for Params<'a> {
    type Item = Param<'a>;
    type IntoIter = ParamIter<'a>;
    fn into_iter(self) -> ParamIter<'a> {
        self.iter()
    }
}

/// Iterator over [`Params`].
pub struct ParamIter<'a> {
    s: &'a str,
    pos: usize,
    end_of_last: usize,
    /// Parameters still to come, when the list was counted; else [`UNKNOWN`].
    left: u32,
}

impl ParamIter<'_> {
    /// How many parameters are left, found by walking them (the list was not counted).
    #[inline(never)]
    fn count_by_walking(self) -> usize {
        self.fold(0, |n, _| n + 1)
    }
}

/// The parameter at or after `pos` in `b` (separators and LWS before it skipped), walked
/// leniently as [`Params::iter`] walks: its name, its value (quotes kept) and where it ends;
/// `None` past the last one. Byte ranges, so any bytes can be walked without a panic.
#[inline]
pub(crate) fn next_param(
    b: &[u8],
    pos: usize,
) -> Option<(Range<usize>, Option<Range<usize>>, usize)> {
    let i = run(b, pos, PARAM_SEP);
    if i >= b.len() {
        return None;
    }
    let name_end = run(b, i, PARAM_NAME);
    let mut end = name_end;
    let mut value = None;
    let mut j = skip_lws(b, name_end);
    if b.get(j) == Some(&b'=') {
        j = skip_lws(b, j + 1);
        let vstart = j;
        if b.get(j) == Some(&b'"') {
            j += quoted_len(&b[j..]).unwrap_or(b.len() - j);
        } else {
            j = run(b, j, PARAM_VALUE);
        }
        value = Some(vstart..j);
        end = j;
    }
    Some((i..name_end, value, end))
}

impl<'a> Iterator for ParamIter<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let Some((name, value, end)) = next_param(self.s.as_bytes(), self.pos) else {
            self.pos = self.s.len();
            return None;
        };
        self.pos = end;
        self.end_of_last = end;
        if self.left != UNKNOWN {
            self.left = self.left.saturating_sub(1);
        }
        Some(Param {
            name: self.s.get(name).unwrap_or(""),
            value: value.map(|v| self.s.get(v).unwrap_or("")),
        })
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match self.left {
            UNKNOWN => (0, None),
            n => (n as usize, Some(n as usize)),
        }
    }

    #[inline]
    fn count(self) -> usize {
        match self.left {
            UNKNOWN => self.count_by_walking(),
            n => n as usize,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_params() {
        let p = Params::new(";transport=tcp;lr; q = 0.5 ;x=\"a;b\";EPID=01");
        let v: Vec<_> = p.iter().map(|p| (p.name, p.value)).collect();
        assert_eq!(
            v,
            vec![
                ("transport", Some("tcp")),
                ("lr", None),
                ("q", Some("0.5")),
                ("x", Some("\"a;b\"")),
                ("EPID", Some("01"))
            ]
        );
        assert_eq!(p.value("epid"), Some("01"));
        assert!(p.has("LR"));
        assert_eq!(p.get("x").unwrap().unquoted().unwrap(), "a;b");
        assert_eq!(p.span_of("lr"), Some((14, 17)));
        assert_eq!(&p.as_str()[14..17], ";lr");
        assert!(Params::new("").is_empty());
    }

    #[test]
    fn finds_each_name_in_one_walk() {
        let p = Params::new(";Received=1.2.3.4;rport;x=1;rport=9;ttl=3");
        let [received, rport, maddr, ttl] = p.find_each(["received", "RPORT", "maddr", "ttl"]);
        assert_eq!(received.and_then(|p| p.value), Some("1.2.3.4"));
        assert_eq!(
            rport,
            Some(Param {
                name: "rport",
                value: None
            })
        );
        assert_eq!(maddr, None);
        assert_eq!(ttl.and_then(|p| p.value), Some("3"));
        for name in ["received", "rport", "x", "ttl", "nope"] {
            assert_eq!(p.find_each([name])[0], p.get(name), "{name}");
        }
        assert_eq!(p.count(), 5);
    }

    #[test]
    fn unterminated_quote_is_not_a_panic() {
        let p = Params::new(";x=\"abc");
        assert_eq!(p.value("x"), Some("\"abc"));
    }
}
