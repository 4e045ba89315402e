//! `;name[=value]` parameter lists, as found after a URI, a name-addr, a Via or a media type.
//!
//! [`Params`] borrows the raw text and walks it on demand; nothing is allocated.

use super::scan::class::{PARAM_NAME, PARAM_SEP, PARAM_VALUE, run};
use super::scan::{quoted_len, skip_lws, unquote};
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
/// A validating parser that has just walked the list leaves facts behind so later questions
/// need no second walk: how many parameters there are, and where the parameters it was asked
/// about (a [`NotedSet`]: an address's `tag`, `expires` and `q`, a Via's `branch`,
/// `received` and `rport`) sit, or that they are absent.
#[derive(Debug, Clone, Copy, Default)]
pub struct Params<'a> {
    raw: &'a str,
    /// Number of parameters in `raw`, or [`UNKNOWN`].
    count: u32,
    /// The parameters whose places are remembered.
    noted: NotedSet,
    /// Per name of `noted`, the first parameter of that name in `raw`: name start, value
    /// start and end; a name start of [`ABSENT`] when there is none, a value start of
    /// [`ABSENT`] when it has no value. (Places past `u16` are not remembered: lookups then
    /// walk the list.)
    hints: [[u16; 3]; NOTED],
}

const UNKNOWN: u32 = u32::MAX;
/// No such parameter, or no value (in [`Params::hints`]).
const ABSENT: u16 = u16::MAX;
/// Most names a [`NotedSet`] holds.
pub(crate) const NOTED: usize = 3;

/// The names a validating parser remembers the places of, by the view it checks (kept as one
/// byte, as views that hold parameter lists are moved around a lot).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum NotedSet {
    #[default]
    Nothing,
    /// An address: `tag` (RFC 3261 19.3), and a Contact's `expires` and `q` (20.10).
    Address,
    /// A Via: `branch` (8.1.1.7), `received` (18.2.1), `rport` (RFC 3581).
    Via,
}

impl NotedSet {
    /// The names, lower case (empty: no name in that place).
    pub(crate) const fn names(self) -> [&'static str; NOTED] {
        match self {
            NotedSet::Nothing => ["", "", ""],
            NotedSet::Address => ["tag", "expires", "q"],
            NotedSet::Via => ["branch", "received", "rport"],
        }
    }
}

/// One parameter that a validating parser can remember the place of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Noted {
    Tag,
    Expires,
    Q,
    Branch,
    Received,
    Rport,
}

impl Noted {
    /// The set it belongs to and its place there.
    const fn place(self) -> (NotedSet, usize) {
        match self {
            Noted::Tag => (NotedSet::Address, 0),
            Noted::Expires => (NotedSet::Address, 1),
            Noted::Q => (NotedSet::Address, 2),
            Noted::Branch => (NotedSet::Via, 0),
            Noted::Received => (NotedSet::Via, 1),
            Noted::Rport => (NotedSet::Via, 2),
        }
    }

    /// The parameter name.
    pub(crate) const fn name(self) -> &'static str {
        let (set, i) = self.place();
        set.names()[i]
    }
}

/// What a validating walk found of the names of a [`NotedSet`]: per name, the place of the
/// first parameter of that name, in the form [`Params`] keeps.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Hints {
    places: [[u16; 3]; NOTED],
    /// False when a place did not fit (nothing is remembered then).
    fits: bool,
}

impl Hints {
    /// Nothing found yet.
    pub(crate) const NONE: Hints = Hints {
        places: [[ABSENT; 3]; NOTED],
        fits: true,
    };

    /// True when name `i` has been found already.
    #[inline(always)]
    pub(crate) fn has(&self, i: usize) -> bool {
        self.places.get(i).is_some_and(|p| p[0] != ABSENT)
    }

    /// Name `i` found: its name at `n0`, its value at `value` if it has one.
    #[inline(always)]
    pub(crate) fn note(&mut self, i: usize, n0: usize, value: Option<Range<usize>>) {
        // The places grow from the name to the value's end: when the last fits, all do.
        let last = value.as_ref().map_or(n0, |v| v.end);
        if last >= usize::from(ABSENT) {
            self.fits = false;
            return;
        }
        let at = |x: usize| u16::try_from(x).unwrap_or(ABSENT);
        let place = match value {
            None => [at(n0), ABSENT, ABSENT],
            Some(v) => [at(n0), at(v.start), at(v.end)],
        };
        if let Some(p) = self.places.get_mut(i) {
            *p = place;
        }
    }
}

/// Lengths of the names of each [`NotedSet`] (by its number), for lookups from a place.
const NAME_LENS: [[usize; NOTED]; 3] = {
    const fn lens(set: NotedSet) -> [usize; NOTED] {
        let n = set.names();
        [n[0].len(), n[1].len(), n[2].len()]
    }
    [
        lens(NotedSet::Nothing),
        lens(NotedSet::Address),
        lens(NotedSet::Via),
    ]
};

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
            noted: NotedSet::Nothing,
            hints: [[ABSENT; 3]; NOTED],
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

    /// Validated text holding `count` parameters, and per name of `noted` the first one of
    /// that name, as a walk found them.
    #[inline]
    pub(crate) fn counted_with(
        raw: &'a str,
        count: usize,
        noted: NotedSet,
        hints: &Hints,
    ) -> Params<'a> {
        Params {
            noted: if hints.fits { noted } else { NotedSet::Nothing },
            hints: hints.places,
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
            left: self.count,
        }
    }

    /// The first parameter whose name matches `name` case-insensitively.
    pub fn get(&self, name: &str) -> Option<Param<'a>> {
        if self.noted != NotedSet::Nothing {
            for (i, n) in self.noted.names().into_iter().enumerate() {
                if !n.is_empty() && n.eq_ignore_ascii_case(name) {
                    return self.hinted(i);
                }
            }
        }
        self.iter().find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// The parameter at remembered place `i` of the noted set.
    #[inline]
    fn hinted(&self, i: usize) -> Option<Param<'a>> {
        let [n0, v0, v1] = *self.hints.get(i)?;
        if n0 == ABSENT {
            return None;
        }
        let n0 = usize::from(n0);
        let len = *NAME_LENS.get(self.noted as usize)?.get(i)?;
        Some(Param {
            name: self.raw.get(n0..n0 + len)?,
            value: if v0 == ABSENT {
                None
            } else {
                Some(self.raw.get(usize::from(v0)..usize::from(v1))?)
            },
        })
    }

    /// The parameter `which` names, as [`Params::get`] gives it; straight from the
    /// remembered place when the validating walk noted it.
    #[inline(always)]
    pub(crate) fn noted(&self, which: Noted) -> Option<Param<'a>> {
        let (set, i) = which.place();
        if self.noted == set {
            self.hinted(i)
        } else {
            self.get(which.name())
        }
    }

    /// The raw value of the parameter `which` names, as [`Params::value`] gives it.
    #[inline(always)]
    pub(crate) fn noted_value(&self, which: Noted) -> Option<&'a str> {
        let (set, i) = which.place();
        if self.noted != set {
            return self.value(which.name());
        }
        match self.hints.get(i)? {
            [_, ABSENT, _] => None,
            &[_, v0, v1] => self.raw.get(usize::from(v0)..usize::from(v1)),
        }
    }

    /// The parameter `which` names as bytes of the list, its name and its value (if it has
    /// one), as [`Params::noted`] finds it: for views that hand out bytes (the C API), which
    /// need no check that the ends fall on char boundaries (they do: the parse put them next
    /// to ASCII delimiters).
    #[inline(always)]
    pub(crate) fn noted_bytes(&self, which: Noted) -> Option<(&'a [u8], Option<&'a [u8]>)> {
        let (set, i) = which.place();
        let b = self.raw.as_bytes();
        if self.noted != set {
            let p = self.get(which.name())?;
            return Some((p.name.as_bytes(), p.value.map(str::as_bytes)));
        }
        let [n0, v0, v1] = *self.hints.get(i)?;
        if n0 == ABSENT {
            return None;
        }
        let n0 = usize::from(n0);
        let name = b.get(n0..n0 + NAME_LENS.get(set as usize)?.get(i)?)?;
        let value = match v0 {
            ABSENT => None,
            _ => Some(b.get(usize::from(v0)..usize::from(v1))?),
        };
        Some((name, value))
    }

    /// True when the validating walk noted `set` and every parameter of the list is the first
    /// of a name of it: any other name is then absent, with no walk needed to say so.
    #[inline]
    pub(crate) fn all_noted(&self, set: NotedSet) -> bool {
        self.noted == set
            && self.count != UNKNOWN
            && self.hints.iter().filter(|h| h[0] != ABSENT).count() == self.count as usize
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
    #[inline]
    pub fn count(&self) -> usize {
        match self.count {
            UNKNOWN => self.iter().count_by_walking(),
            n => n as usize,
        }
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
        self.placed()
            .find(|p| p.param.name.eq_ignore_ascii_case(name))
            .map(|p| (p.span.start, p.span.end))
    }

    /// Walks the parameters in order as [`Params::iter`] does, each with the bytes it covers:
    /// for the rewrites and checks that keep or report places in the text.
    #[inline]
    pub(crate) fn placed(&self) -> impl Iterator<Item = Placed<'a>> + use<'a> {
        let s = self.raw;
        let b = s.as_bytes();
        let mut pos = 0;
        std::iter::from_fn(move || {
            let (name, value, end) = next_param(b, pos)?;
            // The separators before the name are `;` and LWS: its `;` is the last of them.
            let semi = b
                .get(pos..name.start)
                .and_then(|sep| sep.iter().rposition(|&c| c == b';'));
            let start = semi.map_or(name.start, |k| pos + k);
            pos = end;
            Some(Placed {
                param: Param {
                    name: s.get(name.clone()).unwrap_or(""),
                    value: value.clone().map(|v| s.get(v).unwrap_or("")),
                },
                name,
                value,
                span: start..end,
            })
        })
    }
}

/// One parameter of a [`Params`] walk ([`Params::placed`]) and where it lies in the list's
/// text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Placed<'a> {
    pub param: Param<'a>,
    /// The name.
    pub name: Range<usize>,
    /// The value, quotes kept.
    pub value: Option<Range<usize>>,
    /// From the `;` before the name (when one stands there, LWS apart) through the end of
    /// the value (of the name, when there is none).
    pub span: Range<usize>,
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
        // A counted list ends after its last parameter: no walk to the end of the text to
        // find there is none (the count is the walk's own, `remembered_facts_match_a_fresh_walk`).
        if self.left == 0 {
            self.pos = self.s.len();
            return None;
        }
        let Some((name, value, end)) = next_param(self.s.as_bytes(), self.pos) else {
            self.pos = self.s.len();
            return None;
        };
        self.pos = end;
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

    /// A URI parser's count ends the walk of its parameters where a fresh walk of the same
    /// text ends, with the same parameters (the header parameters: `header_params`'s
    /// `remembered_facts_match_a_fresh_walk`).
    #[test]
    fn counted_uri_params_walk_as_a_fresh_walk() {
        use crate::sip::Uri;
        for u in [
            "sip:a@b",
            "sip:a@b;transport=tls;maddr=1.2.3.4;lr;ttl=1",
            "sip:192.0.2.44:50612;transport=tls;ms-opaque=d3470f2e0c",
            "sips:[2001:db8::1]:5061;MADDR=x;x=%3b%22?h=1",
            "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default",
            "tel:+1555;phone-context=example.com;ttl=2",
            "tel:+1555",
        ] {
            let p = Uri::parse(u).unwrap().params;
            assert_ne!(p.count, UNKNOWN, "{u}");
            let fresh = Params::new(p.as_str());
            assert_eq!(
                p.iter().collect::<Vec<_>>(),
                fresh.iter().collect::<Vec<_>>(),
                "{u}"
            );
            assert_eq!(p.find_each(["ttl", "lr"]), fresh.find_each(["ttl", "lr"]));
        }
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

    /// A walk picks the one name of a set to compare by its length.
    #[test]
    fn the_names_of_a_set_differ_in_length() {
        for set in [NotedSet::Address, NotedSet::Via] {
            let n = set.names();
            assert!(n.iter().all(|a| !a.is_empty()));
            assert!(
                n[0].len() != n[1].len() && n[1].len() != n[2].len() && n[0].len() != n[2].len()
            );
            assert_eq!(NAME_LENS[set as usize], n.map(str::len));
        }
    }

    /// The places of [`Params::placed`] are those of [`Params::iter`]'s parameters, and a
    /// span starts at the `;` found by searching back from the name over LWS alone.
    #[test]
    fn placed_agrees_with_the_iterator() {
        use crate::sip::scan::is_lws;
        use crate::sip::scan::near_texts::near;
        let bases = [
            ";transport=tls; maddr=10.0.0.1;lr;proxy=replace;x=\"a;b\"",
            " ; a = 1 ;b;c=\"q\" ; d",
            "a;=;= ;x=\"open",
        ];
        for raw in near(&bases, &[";", " ", "=", "\"", "a", "\r\n "]) {
            let p = Params::new(&raw);
            let placed: Vec<_> = p.placed().collect();
            let params: Vec<_> = p.iter().collect();
            assert_eq!(
                placed.iter().map(|q| q.param).collect::<Vec<_>>(),
                params,
                "{raw:?}"
            );
            for q in &placed {
                let at = |r: &Range<usize>| raw.get(r.clone());
                assert_eq!(at(&q.name), Some(q.param.name), "{raw:?}");
                assert_eq!(q.value.as_ref().and_then(at), q.param.value, "{raw:?}");
                let n0 = q.name.start;
                let start = raw[..n0]
                    .rfind(';')
                    .filter(|&k| raw[k + 1..n0].bytes().all(is_lws))
                    .unwrap_or(n0);
                let end = q.value.as_ref().map_or(q.name.end, |v| v.end);
                assert_eq!(q.span, start..end, "{raw:?}");
            }
        }
    }

    #[test]
    fn unterminated_quote_is_not_a_panic() {
        let p = Params::new(";x=\"abc");
        assert_eq!(p.value("x"), Some("\"abc"));
    }
}
