//! Parameter lists as text: a list with one parameter set or removed, where the parameters of
//! a header value or of a URI start, and the check that the result reads back as asked.

use super::args::{check_uri_param, invalid};
use crate::sip::error::Result;
use crate::sip::params::Params;
use crate::sip::scan::quoted_len;
use crate::sip::uri::Uri;
use std::ops::Range;

/// Where the header parameters of a value start: the first `;` outside quotes and `<>`.
pub(super) fn header_params_start(v: &str) -> usize {
    let b = v.as_bytes();
    let mut i = 0;
    let mut angle = false;
    while i < b.len() {
        match b[i] {
            b'"' if !angle => {
                i += quoted_len(&b[i..]).unwrap_or(b.len() - i);
                continue;
            }
            b'<' => angle = true,
            b'>' => angle = false,
            b';' if !angle => return i,
            _ => {}
        }
        i += 1;
    }
    b.len()
}

/// `params` with `name` set to `value`: its first occurrence replaced, or appended.
pub(super) fn with_param(params: &str, name: &str, value: Option<&str>) -> String {
    let span = Params::new(params).span_of(name);
    let mut p = String::with_capacity(params.len() + name.len() + value.map_or(0, str::len) + 2);
    let (head, tail) = match span {
        Some((a, b)) => (&params[..a], &params[b..]),
        None => (params, ""),
    };
    p.push_str(head);
    p.push(';');
    p.push_str(name);
    if let Some(v) = value {
        p.push('=');
        p.push_str(v);
    }
    p.push_str(tail);
    p
}

/// `params` without the first parameter named `name`; `None` when there is none.
pub(super) fn without_param(params: &str, name: &str) -> Option<String> {
    let (a, b) = Params::new(params).span_of(name)?;
    Some(format!("{}{}", &params[..a], &params[b..]))
}

/// Checks that `new` holds exactly the parameters of `old` with `name` set to `value`: the
/// same count (one more when it was added), and `name`'s first value is `value`. This is what
/// keeps a value from bringing a second parameter in, whatever the argument checks let by.
pub(super) fn reads_back(
    old: &Params<'_>,
    new: &Params<'_>,
    name: &str,
    value: Option<&str>,
) -> Result<()> {
    let added = usize::from(!old.has(name));
    let same = new.iter().count() == old.iter().count() + added
        && new.get(name).map(|p| p.value) == Some(value);
    if !same {
        return Err(invalid(
            "the parameter would not read back as the one asked for",
        ));
    }
    Ok(())
}

/// Byte range of the parameters in `uri.raw`: they end where the `?headers` start, or at the
/// end (tel: and other schemes have no headers part). Found from lengths only, so it holds
/// for every scheme, a URI without parameters included.
fn params_range(uri: &Uri<'_>) -> Result<Range<usize>> {
    let end = uri.raw.len() - uri.headers.map_or(0, |h| h.len() + 1);
    let start = end.checked_sub(uri.params.as_str().len());
    match start {
        Some(start) if uri.raw.get(start..end) == Some(uri.params.as_str()) => Ok(start..end),
        _ => Err(invalid(
            "URI parameters are not where the URI grammar puts them",
        )),
    }
}

/// `raw` (a whole URI) with URI parameter `name` set to `value`, checked against the grammar
/// of the URI's scheme and read back.
pub(super) fn uri_with_param(raw: &str, name: &str, value: Option<&str>) -> Result<String> {
    let uri = Uri::parse(raw)?;
    check_uri_param(uri.scheme, name, value)?;
    let r = params_range(&uri)?;
    let params = with_param(uri.params.as_str(), name, value);
    let new = format!("{}{}{}", &raw[..r.start], params, &raw[r.end..]);
    uri_reads_back(&uri, &new, name, value)?;
    Ok(new)
}

/// `raw` (a whole URI) without URI parameter `name`; `NotFound` when it has none.
pub(super) fn uri_without_param(raw: &str, name: &str) -> Result<String> {
    let uri = Uri::parse(raw)?;
    let r = params_range(&uri)?;
    let params = without_param(uri.params.as_str(), name)
        .ok_or_else(|| super::not_found("no such URI parameter"))?;
    Ok(format!("{}{}{}", &raw[..r.start], params, &raw[r.end..]))
}

/// The URI `new` parses, has the scheme and headers of `old`, and `old`'s parameters with
/// `name` set to `value`.
fn uri_reads_back(old: &Uri<'_>, new: &str, name: &str, value: Option<&str>) -> Result<()> {
    let u = Uri::parse(new).map_err(|_| invalid("the URI would no longer parse"))?;
    if u.scheme != old.scheme || u.headers != old.headers {
        return Err(invalid("the parameter would change the URI beyond itself"));
    }
    reads_back(&old.params, &u.params, name, value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uri_params_of_every_scheme() {
        let set = |u, v| uri_with_param(u, "x", v).unwrap();
        assert_eq!(set("tel:+1-555-0100", Some("1")), "tel:+1-555-0100;x=1");
        assert_eq!(set("tel:+1;a=b", None), "tel:+1;a=b;x");
        assert_eq!(set("sip:a@h?s=1", Some("1")), "sip:a@h;x=1?s=1");
        assert_eq!(set("sip:a@h;x=2;lr?s=1", Some("1")), "sip:a@h;x=1;lr?s=1");
        assert_eq!(
            set("soap.beep://192.0.2.103:3002", Some("1")),
            "soap.beep://192.0.2.103:3002;x=1"
        );
        let del = |u| uri_without_param(u, "x");
        assert_eq!(del("tel:+1-555-0100;x=1").unwrap(), "tel:+1-555-0100");
        assert_eq!(del("soap.beep://h;x=1").unwrap(), "soap.beep://h");
        assert_eq!(del("sip:a@h;lr;x?s=1").unwrap(), "sip:a@h;lr?s=1");
        assert_eq!(
            del("tel:+1-555-0100").unwrap_err().kind,
            crate::sip::ErrorKind::NotFound
        );
    }

    #[test]
    fn values_that_would_inject_are_refused() {
        for v in ["a;lr", "a@b", "a?h=1", "a>b", "a,b"] {
            assert!(uri_with_param("sip:a@h", "x", Some(v)).is_err(), "{v}");
            assert!(uri_with_param("tel:+1", "x", Some(v)).is_err(), "{v}");
            assert!(uri_with_param("urn:a", "x", Some(v)).is_err(), "{v}");
        }
        assert!(uri_with_param("sip:a@h", "a=b", None).is_err());
    }
}
