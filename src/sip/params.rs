//! `;name[=value]` parameter lists, as found after a URI, a name-addr, a Via or a media type.
//!
//! [`Params`] borrows the raw text and walks it on demand; nothing is allocated.

use super::scan::{is_lws, is_param_name_stop, is_param_sep, quoted_len, unquote};
use std::borrow::Cow;

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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Params<'a> {
    raw: &'a str,
}

impl<'a> Params<'a> {
    /// Wraps raw parameter text. The text is not checked here; parsers that build a `Params`
    /// validate it first.
    pub fn new(raw: &'a str) -> Params<'a> {
        Params { raw }
    }

    /// The raw text, as it stands in the message.
    pub fn as_str(&self) -> &'a str {
        self.raw
    }

    pub fn is_empty(&self) -> bool {
        self.iter().next().is_none()
    }

    /// Walks the parameters in order.
    pub fn iter(&self) -> ParamIter<'a> {
        ParamIter {
            s: self.raw,
            pos: 0,
            end_of_last: 0,
        }
    }

    /// The first parameter whose name matches `name` case-insensitively.
    pub fn get(&self, name: &str) -> Option<Param<'a>> {
        self.iter().find(|p| p.name.eq_ignore_ascii_case(name))
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
}

impl<'a> Iterator for ParamIter<'a> {
    type Item = Param<'a>;

    fn next(&mut self) -> Option<Param<'a>> {
        let b = self.s.as_bytes();
        let mut i = self.pos;
        while i < b.len() && is_param_sep(b[i]) {
            i += 1;
        }
        if i >= b.len() {
            self.pos = b.len();
            return None;
        }
        let name_start = i;
        while i < b.len() && !is_param_name_stop(b[i]) {
            i += 1;
        }
        let name = self.s.get(name_start..i).unwrap_or("");
        let mut end = i;
        let mut value = None;
        let mut j = i;
        while j < b.len() && is_lws(b[j]) {
            j += 1;
        }
        if j < b.len() && b[j] == b'=' {
            j += 1;
            while j < b.len() && is_lws(b[j]) {
                j += 1;
            }
            let vstart = j;
            if j < b.len() && b[j] == b'"' {
                j += quoted_len(&b[j..]).unwrap_or(b.len() - j);
            } else {
                while j < b.len() && !is_param_sep(b[j]) {
                    j += 1;
                }
            }
            value = self.s.get(vstart..j);
            end = j;
        }
        self.pos = end;
        self.end_of_last = end;
        Some(Param { name, value })
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
    fn unterminated_quote_is_not_a_panic() {
        let p = Params::new(";x=\"abc");
        assert_eq!(p.value("x"), Some("\"abc"));
    }
}
