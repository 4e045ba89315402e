//! The parsed items of a comma-separated header value (RFC 3261 7.3.1), such as Via or
//! Contact. Items in their usual form are parsed straight off the value, each parse telling
//! where the next item starts, so the value is walked once. At the first item that does not
//! parse that way the rest is cut with [`split_list`](super::scan::split_list) and each piece parsed whole: the items
//! and errors are then exactly those of split-then-parse, which stays the reference.

use super::error::Result;
use super::scan::{ListSplit, skip_lws, split_list_from};

/// A typed view that can stand as an item of a comma-separated header value.
pub(crate) trait ListItem<'a>: Sized {
    /// A placeholder to parse into.
    const BLANK: Self;
    /// Parses the item at the start of `s` into `out` and says where it ends (at a `,` or the
    /// end of `s`), or gives up (`out` is then partly written).
    fn parse_item(s: &'a str, out: &mut Self) -> Option<usize>;
    /// Parses one whole item, as cut out by [`split_list`](super::scan::split_list), into
    /// `out` (partly written on error): views are large, and each move of one costs.
    fn parse_whole_into(s: &'a str, out: &mut Self) -> Result<()>;

    /// [`ListItem::parse_whole_into`], built in the value returned.
    #[cfg(test)]
    fn parse_whole(s: &'a str) -> Result<Self> {
        super::scan::in_place::parse_in_place(|| Self::BLANK, |out| Self::parse_whole_into(s, out))
    }
}

/// Iterator over the parsed items of one field value.
pub(crate) struct ListItems<'a, T> {
    value: &'a str,
    pos: usize,
    split: Option<ListSplit<'a>>,
    /// Leave out items that are exactly `*` (Contact's "remove every binding").
    skip_star: bool,
    done: bool,
    item: std::marker::PhantomData<T>,
}

impl<'a, T: ListItem<'a>> ListItems<'a, T> {
    pub(crate) fn new(value: &'a str, skip_star: bool) -> ListItems<'a, T> {
        ListItems {
            value,
            pos: 0,
            split: None,
            skip_star,
            done: false,
            item: std::marker::PhantomData,
        }
    }

    /// Parses the item at `pos` into `out` when it parses in one go and is followed by a
    /// comma or the end; moves past it then.
    #[inline]
    fn fill_fused(&mut self, out: &mut T) -> bool {
        let b = self.value.as_bytes();
        let start = skip_lws(b, self.pos);
        if start > b.len() {
            return false;
        }
        let rest = &self.value[start..];
        let Some(len) = T::parse_item(rest, out) else {
            return false;
        };
        let after = skip_lws(b, start + len);
        match b.get(after) {
            None => self.done = true,
            Some(b',') => self.pos = after + 1,
            Some(_) => return false,
        }
        true
    }
}

impl<'a, T: ListItem<'a>> ListItems<'a, T> {
    /// Writes the next item into `out`, or `None` after the last. The item is built where the
    /// caller keeps it: views are large, and each move of one costs.
    #[inline(always)]
    fn next_into(&mut self, out: &mut Option<Result<T>>) {
        if self.split.is_none() {
            if self.done {
                *out = None;
                return;
            }
            *out = Some(Ok(T::BLANK));
            if let Some(Ok(item)) = out
                && self.fill_fused(item)
            {
                return;
            }
            self.split = Some(split_list_from(self.value, self.pos));
        }
        *out = None;
        let Some(split) = self.split.as_mut() else {
            return;
        };
        for (a, b) in split.by_ref() {
            let item = self.value.get(a..b).unwrap_or("");
            if !(self.skip_star && item == "*") {
                *out = Some(Ok(T::BLANK));
                if let Some(Ok(parsed)) = out
                    && let Err(e) = T::parse_whole_into(item, parsed)
                {
                    *out = Some(Err(e));
                }
                return;
            }
        }
    }
}

impl<'a, T: ListItem<'a>> Iterator for ListItems<'a, T> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        let mut out = None;
        self.next_into(&mut out);
        out
    }
}

/// The items of every field of one kind, in order: [`ListItems`] over each field value in turn.
/// (A flattening adapter would do the same, with one more move of every item.)
pub(crate) struct FieldsItems<'a, I, T> {
    values: I,
    current: Option<ListItems<'a, T>>,
    skip_star: bool,
}

impl<'a, I: Iterator<Item = &'a str>, T: ListItem<'a>> FieldsItems<'a, I, T> {
    pub(crate) fn new(values: I, skip_star: bool) -> FieldsItems<'a, I, T> {
        FieldsItems {
            values,
            current: None,
            skip_star,
        }
    }
}

impl<'a, I: Iterator<Item = &'a str>, T: ListItem<'a>> Iterator for FieldsItems<'a, I, T> {
    type Item = Result<T>;

    #[inline]
    fn next(&mut self) -> Option<Result<T>> {
        // The item is written into `out` where the field's items are parsed; the end needs no
        // copy of that (large) place.
        let mut out = None;
        loop {
            if let Some(items) = &mut self.current {
                items.next_into(&mut out);
                if out.is_some() {
                    return out;
                }
            }
            match self.values.next() {
                Some(v) => self.current = Some(ListItems::new(v, self.skip_star)),
                None => return None,
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::name_addr::NameAddr;
    use crate::sip::scan::near_texts::near;
    use crate::sip::scan::split_list;
    use crate::sip::via::Via;

    const CONTACTS: &[&str] = &[
        "<sip:a@b>",
        "<sip:a@b>;tag=1",
        "<sip:a@b>;tag=1 , <sip:c@d> ;expires=5",
        "\"A, B\" <sip:a@b>;x=\"1,2\", Bob <sip:c@d;lr>;q=0.5",
        "<sip:a@b;p=1,2>;tag=x,<sip:c>",
        "sip:a@b, <sip:c@d>",
        "<sip:c@d>, sip:a@b;tag=1",
        "<sip:a@b>,",
        ",<sip:a@b>",
        "",
        "*",
        "<sip:a@b>, *",
        "<sip:a@b> junk, <sip:c@d>",
        "Bell, Alexander <sip:a.g.bell@bell-tel.com>;tag=43",
        "<sip:a@b>;x=<y>, <sip:c@d>",
        "<sip:a@b>;methods=\"INVITE, BYE\";+sip.instance=\"<urn:uuid:1>\"",
        "<sip:a@b>\r\n , <sip:c@d>",
        "<sip:a@b>;tag=1;TAG=2, <sip:e@f>;Tag=3",
    ];

    const VIAS: &[&str] = &[
        "SIP/2.0/UDP a.example.com;branch=z9hG4bK1",
        "SIP/2.0/UDP a:5060;branch=z1, SIP/2.0/TCP 192.0.2.1:5061;branch=z2;received=1.2.3.4",
        "SIP/2.0/UDP a,SIP/2.0/UDP b",
        "SIP/2.0/UDP a , SIP/2.0/UDP b ;branch=x",
        "SIP/2.0/UDP host : 5060;branch=x, SIP/2.0/UDP c",
        "SIP/2.0/UDP [2001:db8::1]:5060;branch=x, SIP/2.0/UDP c",
        "SIP/2.0/UDP a;ms-internal-info=\"a,b\", SIP/2.0/UDP c",
        "SIP/2.0/UDP a;x=,SIP/2.0/UDP c",
        "SIP/2.0/UDP a,",
        "",
    ];

    /// The reference: cut with `split_list`, parse each piece whole.
    fn reference<'a, T: ListItem<'a>>(v: &'a str, skip_star: bool) -> Vec<Result<T>> {
        split_list(v)
            .map(|(a, b)| &v[a..b])
            .filter(|s| !(skip_star && *s == "*"))
            .map(T::parse_whole)
            .collect()
    }

    #[test]
    fn contacts_match_split_then_parse() {
        for v in CONTACTS {
            let got: Vec<Result<NameAddr>> = ListItems::new(v, true).collect();
            let want = reference(v, true);
            assert_eq!(got, want, "{v:?}");
            for (g, w) in got.iter().zip(&want) {
                if let (Ok(g), Ok(w)) = (g, w) {
                    assert_eq!(g.params.as_str(), w.params.as_str(), "{v:?}");
                    assert_eq!(g.params.iter().count(), w.params.iter().count(), "{v:?}");
                    assert_eq!(g.tag(), w.tag(), "{v:?}");
                    assert_eq!(g.uri.params.iter().count(), w.uri.params.iter().count());
                }
            }
        }
    }

    #[test]
    fn vias_match_split_then_parse() {
        for v in VIAS {
            let got: Vec<Result<Via>> = ListItems::new(v, false).collect();
            let want = reference(v, false);
            assert_eq!(got, want, "{v:?}");
            for (g, w) in got.iter().zip(&want) {
                if let (Ok(g), Ok(w)) = (g, w) {
                    assert_eq!(g.params.as_str(), w.params.as_str(), "{v:?}");
                    assert_eq!(g.params.iter().count(), w.params.iter().count(), "{v:?}");
                    assert_eq!(g.branch(), w.branch(), "{v:?}");
                }
            }
        }
    }

    /// Truncated and mutated values (malformed input) give exactly the items and errors of
    /// split-then-parse too.
    #[test]
    fn malformed_values_match_split_then_parse() {
        let hostile = [
            ",", "\"", "<", ">", ";", "=", " ", "\r\n", "\0", "\\", "é", "@", ":", "[",
        ];
        let bases: Vec<&str> = CONTACTS.iter().chain(VIAS).copied().collect();
        let values = near(&bases, &hostile);
        for v in &values {
            let contacts: Vec<Result<NameAddr>> = ListItems::new(v, true).collect();
            assert_eq!(contacts, reference::<NameAddr>(v, true), "{v:?}");
            let vias: Vec<Result<Via>> = ListItems::new(v, false).collect();
            assert_eq!(vias, reference::<Via>(v, false), "{v:?}");
        }
    }

    #[test]
    fn usual_items_are_parsed_in_one_go() {
        let v = "<sip:a@b>;tag=1, <sip:c@d>";
        let mut it = ListItems::<NameAddr>::new(v, true);
        assert!(it.next().is_some_and(|r| r.is_ok()));
        assert!(it.split.is_none());
        assert!(it.next().is_some_and(|r| r.is_ok()));
        assert!(it.next().is_none());
        assert!(it.split.is_none());
    }
}
