//! The parsed items of a comma-separated header value (RFC 3261 7.3.1), such as Via or
//! Contact. Items in their usual form are parsed straight off the value, each parse telling
//! where the next item starts, so the value is walked once. At the first item that does not
//! parse that way the rest is cut with [`split_list`] and each piece parsed whole: the items
//! and errors are then exactly those of split-then-parse, which stays the reference.

use super::error::Result;
use super::scan::{ListSplit, skip_lws, split_list_from};

/// Parses the item at the start of its argument and says where it ends (at a `,` or the end),
/// or gives up.
pub(crate) type ItemPrefix<'a, T> = fn(&'a str) -> Option<(T, usize)>;
/// Parses one whole item, as cut out by [`split_list`](super::scan::split_list).
pub(crate) type ItemWhole<'a, T> = fn(&'a str) -> Result<T>;

/// Iterator over the parsed items of one field value.
pub(crate) struct ListItems<'a, T> {
    value: &'a str,
    pos: usize,
    split: Option<ListSplit<'a>>,
    prefix: ItemPrefix<'a, T>,
    whole: ItemWhole<'a, T>,
    /// Leave out items that are exactly `*` (Contact's "remove every binding").
    skip_star: bool,
    done: bool,
}

impl<'a, T> ListItems<'a, T> {
    pub(crate) fn new(
        value: &'a str,
        prefix: ItemPrefix<'a, T>,
        whole: ItemWhole<'a, T>,
        skip_star: bool,
    ) -> ListItems<'a, T> {
        ListItems {
            value,
            pos: 0,
            split: None,
            prefix,
            whole,
            skip_star,
            done: false,
        }
    }

    /// The item at `pos` when it parses in one go and is followed by a comma or the end.
    fn next_fused(&mut self) -> Option<T> {
        let b = self.value.as_bytes();
        let start = skip_lws(b, self.pos);
        let (item, len) = (self.prefix)(self.value.get(start..)?)?;
        let after = skip_lws(b, start + len);
        match b.get(after) {
            None => self.done = true,
            Some(b',') => self.pos = after + 1,
            Some(_) => return None,
        }
        Some(item)
    }
}

impl<'a, T> Iterator for ListItems<'a, T> {
    type Item = Result<T>;

    fn next(&mut self) -> Option<Result<T>> {
        if self.split.is_none() {
            if self.done {
                return None;
            }
            if let Some(item) = self.next_fused() {
                return Some(Ok(item));
            }
            self.split = Some(split_list_from(self.value, self.pos));
        }
        let split = self.split.as_mut()?;
        loop {
            let (a, b) = split.next()?;
            let item = self.value.get(a..b).unwrap_or("");
            if !(self.skip_star && item == "*") {
                return Some((self.whole)(item));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::name_addr::NameAddr;
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
    fn reference<'a, T>(v: &'a str, whole: ItemWhole<'a, T>, skip_star: bool) -> Vec<Result<T>> {
        split_list(v)
            .map(|(a, b)| &v[a..b])
            .filter(|s| !(skip_star && *s == "*"))
            .map(whole)
            .collect()
    }

    #[test]
    fn contacts_match_split_then_parse() {
        for v in CONTACTS {
            let got: Vec<_> =
                ListItems::new(v, NameAddr::parse_list_item, NameAddr::parse, true).collect();
            let want = reference(v, NameAddr::parse, true);
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
            let got: Vec<_> = ListItems::new(v, Via::parse_list_item, Via::parse, false).collect();
            let want = reference(v, Via::parse, false);
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

    #[test]
    fn usual_items_are_parsed_in_one_go() {
        let v = "<sip:a@b>;tag=1, <sip:c@d>";
        let mut it = ListItems::new(v, NameAddr::parse_list_item, NameAddr::parse, true);
        assert!(it.next().is_some_and(|r| r.is_ok()));
        assert!(it.split.is_none());
        assert!(it.next().is_some_and(|r| r.is_ok()));
        assert!(it.next().is_none());
        assert!(it.split.is_none());
    }
}
