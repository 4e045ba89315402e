//! Header fields and values by name, kind and index: the value cursor, the splitting of
//! comma lists, and list items parsed in the walk that finds them.

use super::cursor::{ABSENT, CURSOR_FIELD_DONE, FIRST_CAP};
use super::{Header, Message};
use crate::sip::error::Result;
use crate::sip::header_name::HeaderKind;
use crate::sip::list_items::ListItem;
use crate::sip::scan::{skip_lws, split_list, split_list_from};

impl Message {
    /// The fields whose name matches `name` (case-insensitive, compact forms resolved).
    pub fn fields_of<'a, 'n>(
        &'a self,
        name: &'n str,
    ) -> impl Iterator<Item = &'a Header> + use<'a, 'n> {
        let kind = HeaderKind::from_name(name);
        self.fields_of_kind(kind).filter(move |h| {
            kind != HeaderKind::Other || self.name_of(h).eq_ignore_ascii_case(name)
        })
    }

    /// The range of field indexes that holds every field of `kind` (empty when it has none).
    #[inline(always)]
    fn kind_range(&self, kind: HeaderKind) -> (usize, usize) {
        match (self.first[kind as usize], self.last[kind as usize]) {
            (ABSENT, _) => (0, 0),
            (f, FIRST_CAP) => (usize::from(f), self.headers.len()),
            (f, l) => (usize::from(f), usize::from(l) + 1),
        }
    }

    pub(super) fn fields_of_kind(&self, kind: HeaderKind) -> impl Iterator<Item = &Header> + '_ {
        let (from, to) = self.kind_range(kind);
        self.headers
            .get(from..to)
            .unwrap_or(&[])
            .iter()
            .filter(move |h| h.kind == kind)
    }

    /// The value of the first field named `name`.
    pub fn header<'a>(&'a self, name: &str) -> Option<&'a str> {
        self.fields_of(name).next().map(|h| self.value_of(h))
    }

    /// The values of every field named `name`, one per field.
    pub fn fields<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        self.fields_of(name).map(|h| self.value_of(h))
    }

    /// The values of `name`: headers with a list grammar are split at their separating commas
    /// (outside quotes and angle brackets), other headers give one value per field.
    pub fn values<'a, 'n>(&'a self, name: &'n str) -> impl Iterator<Item = &'a str> + use<'a, 'n> {
        let split = HeaderKind::from_name(name).is_list();
        self.fields_of(name)
            .flat_map(move |h| self.field_values(h, split))
    }

    /// [`Message::values`] with the name as bytes (a name that is not UTF-8 matches nothing).
    pub fn values_named<'a>(&'a self, name: &'a [u8]) -> impl Iterator<Item = &'a str> + 'a {
        let kind = HeaderKind::from_name_bytes(name);
        let split = kind.is_list();
        self.fields_of_kind(kind)
            .filter(move |h| self.is_named(h, kind, name))
            .flat_map(move |h| self.field_values(h, split))
    }

    /// Hands every value of the header `kind` / `name` (the name matters only for
    /// [`HeaderKind::Other`]) to `f`, in the order of [`Message::values`]: one loop over the
    /// fields of the kind, with no iterator adapters between the values and `f`.
    #[inline]
    pub(crate) fn each_value<'a>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        mut f: impl FnMut(&'a str),
    ) {
        let (from, to) = self.kind_range(kind);
        let split = kind.is_list();
        for h in self.headers.get(from..to).unwrap_or(&[]) {
            if !self.is_named(h, kind, name) {
                continue;
            }
            let v = self.value_of(h);
            if split {
                let items = split_list(v);
                match items.only() {
                    // No comma: the value is its one element (most list fields hold one).
                    Some((a, b)) => f(v.get(a..b).unwrap_or("")),
                    None => {
                        for (a, b) in items {
                            f(v.get(a..b).unwrap_or(""));
                        }
                    }
                }
            } else {
                f(v);
            }
        }
    }

    /// The values of one field (split when `split`), as slices of the message.
    pub(super) fn field_values<'a>(&'a self, h: &Header, split: bool) -> FieldValues<'a> {
        let v = self.value_of(h);
        FieldValues {
            value: v,
            split: if split { Some(split_list(v)) } else { None },
            single: !split,
        }
    }

    /// The `index`-th value of `name`, counted as [`Message::values`] counts. Asking for
    /// the values of one header in turn (0, 1, 2, ...) walks its fields once in all: each
    /// lookup takes up where the one before it stopped.
    #[inline]
    pub fn value<'a>(&'a self, name: &str, index: usize) -> Option<&'a str> {
        self.value_named(name.as_bytes(), index)
    }

    /// [`Message::value`] with the name as bytes (a name that is not UTF-8 matches nothing).
    #[inline]
    pub fn value_named<'a>(&'a self, name: &[u8], index: usize) -> Option<&'a str> {
        self.nth_value(HeaderKind::from_name_bytes(name), name, index)
    }

    /// [`Message::value`] of a known header (not [`HeaderKind::Other`], which has no name
    /// to match: `None`), without matching a name.
    #[inline]
    pub fn value_of_kind(&self, kind: HeaderKind, index: usize) -> Option<&str> {
        if kind == HeaderKind::Other {
            return None;
        }
        self.nth_value(kind, b"", index)
    }

    /// True when field `h` is one of the header `kind` named `name` (the name matters only
    /// for [`HeaderKind::Other`]).
    #[inline(always)]
    fn is_named(&self, h: &Header, kind: HeaderKind, name: &[u8]) -> bool {
        h.kind == kind
            && (kind != HeaderKind::Other || self.name_of(h).as_bytes().eq_ignore_ascii_case(name))
    }

    /// Where the lookup of value `index` of the header `kind` / `name` starts: from the
    /// cursor when the last lookup was of the same header and not past `index`, else from
    /// its first field. Gives (values to skip, field, position in that field's value, end of
    /// the fields of the kind).
    #[inline(always)]
    fn lookup_start(
        &self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
    ) -> (usize, usize, u64, usize) {
        let resumed = self.cursor.get().filter(|&(k, next, field, _)| {
            k == kind as u8
                && next <= index
                && self
                    .headers
                    .get(field)
                    .is_some_and(|h| self.is_named(h, kind, name))
        });
        let (first, end) = self.kind_range(kind);
        match resumed {
            Some((_, next, field, pos)) => (index - next, field, pos, end),
            None => (index, first, 0, end),
        }
    }

    /// The `index`-th value of the header `kind` / `name` (see [`Message::lookup_start`]).
    fn nth_value<'a>(&'a self, kind: HeaderKind, name: &[u8], index: usize) -> Option<&'a str> {
        let (mut skip, mut field, mut pos, end) = self.lookup_start(kind, name, index);
        let split = kind.is_list();
        while let Some(h) = self.headers.get(field).filter(|_| field < end) {
            if pos != CURSOR_FIELD_DONE && self.is_named(h, kind, name) {
                let v = self.value_of(h);
                if !split {
                    if skip == 0 {
                        self.cursor.set(kind, index + 1, field, None);
                        return Some(v);
                    }
                    skip -= 1;
                } else {
                    let mut items = split_list_from(v, pos as usize);
                    while let Some((a, b)) = items.next() {
                        if skip == 0 {
                            self.cursor.set(kind, index + 1, field, items.rest_start());
                            return v.get(a..b);
                        }
                        skip -= 1;
                    }
                }
            }
            pos = 0;
            field += 1;
        }
        None
    }

    /// The `index`-th value of the header `kind` / `name` (counted as [`Message::value`]
    /// counts, a value that does not parse included) parsed as a `T`, or `None` when there is
    /// no such value. See [`Message::item_into`].
    #[cfg(test)]
    pub(crate) fn item_at<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
    ) -> Option<Result<T>> {
        let mut out = T::BLANK;
        self.item_into(kind, name, index, &mut out)
            .map(|r| r.map(|()| out))
    }

    /// Parses every value of the header `kind` / `name` in turn into `scratch` and hands each
    /// result to `f` (which says whether to go on), in the order and with the counting of
    /// [`Message::values`]: each value parsed as [`Message::item_into`] parses it, values in
    /// their usual form straight off the field, so the walk over a comma list is one pass.
    #[inline(always)]
    pub(crate) fn each_item<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        scratch: &mut T,
        mut f: impl FnMut(Result<&T>) -> bool,
    ) {
        let (from, to) = self.kind_range(kind);
        for h in self.headers.get(from..to).unwrap_or(&[]) {
            if !self.is_named(h, kind, name) {
                continue;
            }
            let v = self.value_of(h);
            if !kind.is_list() {
                let r = T::parse_whole_into(v, scratch);
                if !f(r.map(|()| &*scratch)) {
                    return;
                }
                continue;
            }
            let mut at = Some(0);
            while let Some(p) = at {
                let r = match fused_item(v, p, scratch) {
                    Some(next) => {
                        at = next;
                        Ok(())
                    }
                    None => {
                        let mut items = split_list_from(v, p);
                        let (a, b) = items.next().unwrap_or((p, p));
                        at = items.rest_start();
                        T::parse_whole_into(v.get(a..b).unwrap_or(""), scratch)
                    }
                };
                if !f(r.map(|()| &*scratch)) {
                    return;
                }
            }
        }
    }

    /// Parses the first value of the known header `kind` into `out`, as
    /// [`Message::item_into`] with index 0 does (without the cursor: the first field comes
    /// from the index of first fields). `None` when the message has no such header.
    #[inline(always)]
    pub(crate) fn first_item_into<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        out: &mut T,
    ) -> Option<Result<()>> {
        let v = self.first_of_kind(kind)?;
        if !kind.is_list() {
            return Some(T::parse_whole_into(v, out));
        }
        if fused_item(v, 0, out).is_some() {
            return Some(Ok(()));
        }
        let (a, b) = split_list(v).next()?;
        Some(T::parse_whole_into(v.get(a..b).unwrap_or(""), out))
    }

    /// Parses the `index`-th value of the header `kind` / `name` (counted as
    /// [`Message::value`] counts, a value that does not parse included) into `out`, which is
    /// left partly written on error; `None` when there is no such value. In a comma list, a
    /// value in its usual form is parsed straight off the field, the parse telling where the
    /// next value starts, so finding and parsing it is one walk; any other is cut out as
    /// [`split_list`] cuts it and parsed whole, so the result, errors included, is that of
    /// parsing [`Message::value`].
    #[inline(always)]
    pub(crate) fn item_into<'a, T: ListItem<'a>>(
        &'a self,
        kind: HeaderKind,
        name: &[u8],
        index: usize,
        out: &mut T,
    ) -> Option<Result<()>> {
        if !kind.is_list() {
            return self
                .nth_value(kind, name, index)
                .map(|v| T::parse_whole_into(v, out));
        }
        let (mut skip, mut field, pos, end) = self.lookup_start(kind, name, index);
        let mut pos = pos;
        while let Some(h) = self.headers.get(field).filter(|_| field < end) {
            if pos != CURSOR_FIELD_DONE && self.is_named(h, kind, name) {
                let v = self.value_of(h);
                // The values before the one wanted are only cut out.
                let mut at = Some(pos as usize);
                while let Some(p) = at.filter(|_| skip > 0) {
                    let mut items = split_list_from(v, p);
                    at = items.next().and_then(|_| items.rest_start());
                    skip -= 1;
                }
                if let Some(p) = at.filter(|_| skip == 0) {
                    if let Some(next) = fused_item(v, p, out) {
                        self.cursor.set(kind, index + 1, field, next);
                        return Some(Ok(()));
                    }
                    let mut items = split_list_from(v, p);
                    let (a, b) = items.next()?;
                    self.cursor.set(kind, index + 1, field, items.rest_start());
                    return Some(T::parse_whole_into(v.get(a..b).unwrap_or(""), out));
                }
            }
            pos = 0;
            field += 1;
        }
        None
    }

    /// How many values `name` has, counted as [`Message::values`] counts.
    pub fn count(&self, name: &str) -> usize {
        self.values(name).count()
    }
}

/// Parses the list item of `v` at `pos` (just after a separating comma, or 0) into `out` when
/// it parses in one go and a comma or the end follows it: gives where the next item starts
/// (`None`: it was the last). `None` with `out` partly written otherwise.
#[inline(always)]
fn fused_item<'a, T: ListItem<'a>>(v: &'a str, pos: usize, out: &mut T) -> Option<Option<usize>> {
    let b = v.as_bytes();
    let start = skip_lws(b, pos);
    let len = T::parse_item(v.get(start..)?, out)?;
    let after = skip_lws(b, start + len);
    match b.get(after) {
        None => Some(None),
        Some(b',') => Some(Some(after + 1)),
        Some(_) => None,
    }
}
/// Iterator over the values of one field.
pub(super) struct FieldValues<'a> {
    value: &'a str,
    split: Option<crate::sip::scan::ListSplit<'a>>,
    single: bool,
}

impl<'a> Iterator for FieldValues<'a> {
    type Item = &'a str;
    fn next(&mut self) -> Option<&'a str> {
        if let Some(s) = &mut self.split {
            return s.next().map(|(a, b)| &self.value[a..b]);
        }
        if self.single {
            self.single = false;
            return Some(self.value);
        }
        None
    }
}
