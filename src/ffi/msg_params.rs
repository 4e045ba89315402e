//! Parameters: of a header value (`;tag=`, `;branch=`, `;expires=`), of the URI inside a
//! header value or of the Request-URI (`;transport=`, `;lr`), and the walk over any
//! parameter list a typed view hands out (`mssip_params`).

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{arg_name, parsed, value_at};
use super::result::mssip_result;
use super::text::{Out, arg_str, mssip_str};
use crate::sip::header_params::params_of_value;
use crate::sip::params::{Noted, next_param};
use crate::sip::{HeaderKind, Message, NameAddr, Param, Params, Uri};

/// A parameter list as it stands in the message (`;transport=tls;lr`, leading `;` included),
/// borrowed from it, with the number of parameters. Walk it with `mssip_params_next`, look a
/// name up with `mssip_params_get`. An empty list is `{ptr, 0, 0}`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_params {
    /// First byte of the list's text (not NUL-terminated).
    pub ptr: *const c_char,
    /// Length of the text in bytes.
    pub len: usize,
    /// Number of parameters in the list.
    pub count: usize,
}

impl mssip_params {
    /// No list at all: `{NULL, 0, 0}`.
    pub(crate) const NONE: mssip_params = mssip_params {
        ptr: std::ptr::null(),
        len: 0,
        count: 0,
    };

    pub(crate) fn of(p: &Params<'_>) -> mssip_params {
        let s = p.as_str();
        mssip_params {
            ptr: s.as_ptr().cast::<c_char>(),
            len: s.len(),
            count: p.count(),
        }
    }
}

/// One parameter: its name as written, and its value as written (a quoted value keeps its
/// quotes and escapes: `mssip_unquote` resolves them). A parameter without a value (`;lr`)
/// has `has_value` false and an empty `value`.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_param {
    pub name: mssip_str,
    pub value: mssip_str,
    pub has_value: bool,
}

/// The value of `p`, or an empty view right after its name when it has none.
pub(crate) fn value_or_empty(p: Param<'_>) -> &str {
    p.value
        .unwrap_or_else(|| p.name.get(p.name.len()..).unwrap_or(""))
}

/// A noted parameter as a view: `{NULL, 0}` absent, empty (not NULL, right after the name)
/// without a value.
#[inline]
pub(crate) fn noted_view(params: &Params<'_>, which: Noted) -> mssip_str {
    match params.noted_bytes(which) {
        None => mssip_str::NONE,
        Some((_, Some(v))) => mssip_str::of_bytes(v),
        Some((name, None)) => mssip_str::of_bytes(name.get(name.len()..).unwrap_or(&[])),
    }
}

/// The value of a noted parameter as a view: `{NULL, 0}` when it is absent or has no value.
#[inline]
pub(crate) fn value_view(params: &Params<'_>, which: Noted) -> mssip_str {
    match params.noted_bytes(which) {
        Some((_, Some(v))) => mssip_str::of_bytes(v),
        _ => mssip_str::NONE,
    }
}

/// Looks `param` up in `params`, or names what is missing.
fn param_in<'a>(
    params: &Params<'a>,
    param: &str,
    name: &[u8],
    index: usize,
) -> FfiResult<Param<'a>> {
    params
        .get(param)
        .ok_or_else(|| Failure::no_param(name, index, param.as_bytes()))
}

/// Gets the value of header parameter `param` (case-insensitive) of the `index`-th value of
/// header `name` (`index` counts values as `mssip_msg_header` does): a Via's `branch` or
/// `received`, a From or To `tag`, a Contact's `expires`, a Content-Type's `charset`, ...
/// The parameters are those after the name-addr for address headers (From, To, Contact,
/// Route, Record-Route, ... and an extension header whose value holds a `<`), the
/// via-params for Via, and those after the first `;` for any other header. A parameter
/// without a value (`;rport`, `;lr`) gives an empty view; a quoted value comes as written,
/// quotes included (`mssip_unquote` resolves it).
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such value, or no such parameter); `MSSIP_E_BAD_VALUE` /
/// `MSSIP_E_BAD_URI` when the value is malformed (`mssip_last_error()` gives the offset in
/// the value); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` and `param` are NULL or NUL-terminated; `out` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header_param(
    msg: *const mssip_msg,
    name: *const c_char,
    index: usize,
    param: *const c_char,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, param, out) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_name(name, "name")?,
                arg_str(param, "param")?,
                Out::new(out, "out")?,
            )
        };
        let value = value_at(msg, name, index)?;
        let params = parsed(
            name,
            index,
            params_of_value(HeaderKind::from_name_bytes(name), value),
        )?;
        out.write(mssip_str::of(value_or_empty(param_in(
            &params, param, name, index,
        )?)));
        Ok(())
    })
}

/// The URI inside value `index` of header `name` (a name-addr or addr-spec).
fn uri_in<'m>(msg: &'m Message, name: &[u8], index: usize) -> FfiResult<Uri<'m>> {
    let value = value_at(msg, name, index)?;
    Ok(parsed(name, index, NameAddr::parse(value))?.uri)
}

/// Gets the value of URI parameter `param` (case-insensitive) of the URI inside the
/// `index`-th value of header `name`: `transport` or `ms-received-cid` of a Contact URI, `lr`
/// of a Route, `maddr` of a To URI, ... A parameter without a value gives an empty view.
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such value, or no such parameter); `MSSIP_E_BAD_VALUE` /
/// `MSSIP_E_BAD_URI` when the value is not a valid name-addr or addr-spec (the offset in the
/// value is in `mssip_last_error()`); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` and `param` are NULL or NUL-terminated; `out` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_uri_param(
    msg: *const mssip_msg,
    name: *const c_char,
    index: usize,
    param: *const c_char,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, param, out) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_name(name, "name")?,
                arg_str(param, "param")?,
                Out::new(out, "out")?,
            )
        };
        let uri = uri_in(msg, name, index)?;
        out.write(mssip_str::of(value_or_empty(param_in(
            &uri.params,
            param,
            name,
            index,
        )?)));
        Ok(())
    })
}

/// The Request-URI of a request, parsed.
pub(crate) fn request_uri(msg: &Message) -> FfiResult<Uri<'_>> {
    let text = msg.request_uri().ok_or_else(|| {
        Failure::fixed(
            mssip_result::MSSIP_E_WRONG_KIND,
            "the message is not a request",
        )
    })?;
    Uri::parse(text).map_err(|e| Failure::in_value(b"Request-URI", 0, e))
}

/// Gets the value of parameter `param` (case-insensitive) of the Request-URI of a request
/// (`transport`, `user`, `maddr`, `ms-opaque`, ...). A parameter without a value (`;lr`)
/// gives an empty view.
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such parameter); `MSSIP_E_WRONG_KIND` for a response;
/// `MSSIP_E_BAD_URI` when the Request-URI is malformed (offset in `mssip_last_error()`);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `param` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_request_uri_param(
    msg: *const mssip_msg,
    param: *const c_char,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, param, out) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_str(param, "param")?,
                Out::new(out, "out")?,
            )
        };
        let uri = request_uri(msg)?;
        let p = param_in(&uri.params, param, b"Request-URI", 0)?;
        out.write(mssip_str::of(value_or_empty(p)));
        Ok(())
    })
}

/// The bytes of a parameter list view.
///
/// # Safety
/// `p.ptr` is NULL with `p.len` 0, or points to `p.len` readable bytes that outlive `'a`.
unsafe fn list_bytes<'a>(p: &mssip_params) -> FfiResult<&'a [u8]> {
    if p.ptr.is_null() {
        return if p.len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null("params->ptr"))
        };
    }
    // SAFETY: per the contract.
    Ok(unsafe { std::slice::from_raw_parts(p.ptr.cast::<u8>(), p.len) })
}

/// A view of `r` in `b`.
fn view(b: &[u8], r: std::ops::Range<usize>) -> mssip_str {
    let s = b.get(r).unwrap_or(&[]);
    mssip_str {
        ptr: s.as_ptr().cast::<c_char>(),
        len: s.len(),
    }
}

/// The parameter of `b` at or after `pos`, as a C view, and where it ends.
fn param_at(b: &[u8], pos: usize) -> Option<(mssip_param, usize)> {
    let (name, value, end) = next_param(b, pos)?;
    let has_value = value.is_some();
    let value = value.unwrap_or(name.end..name.end);
    Some((
        mssip_param {
            name: view(b, name),
            value: view(b, value),
            has_value,
        },
        end,
    ))
}

/// Walks a parameter list: gives the parameter at or after `*pos` (start with `*pos = 0`)
/// and moves `*pos` past it; `MSSIP_E_NOT_FOUND` after the last one.
///
/// ```c
/// size_t pos = 0;
/// mssip_param p;
/// while (mssip_params_next(&via.params, &pos, &p) == MSSIP_OK)
///     printf("%.*s%s%.*s\n", (int)p.name.len, p.name.ptr, p.has_value ? "=" : "",
///            (int)p.value.len, p.value.ptr);
/// ```
///
/// Ownership: the views borrow from whatever `params` borrows from (the message).
/// Errors: `MSSIP_E_NOT_FOUND` after the last parameter; `MSSIP_E_NULL` (params, pos or out
/// NULL, or params->ptr NULL with a length).
/// Thread safety: as for the handle the list borrows from.
///
/// # Safety
/// `params` is NULL or points to a list handed out by this library (or to `len` readable
/// bytes at `ptr`) whose message is live; `pos` is NULL or readable and writable; `out` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_params_next(
    params: *const mssip_params,
    pos: *mut usize,
    out: *mut mssip_param,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (params, out) = unsafe {
            (
                params.as_ref().ok_or_else(|| Failure::null("params"))?,
                Out::new(out, "out")?,
            )
        };
        // SAFETY: caller contract.
        let pos = unsafe { pos.as_mut() }.ok_or_else(|| Failure::null("pos"))?;
        // SAFETY: caller contract.
        let b = unsafe { list_bytes(params) }?;
        let (p, end) = param_at(b, *pos).ok_or_else(|| {
            Failure::fixed(mssip_result::MSSIP_E_NOT_FOUND, "no parameter after pos")
        })?;
        *pos = end;
        out.write(p);
        Ok(())
    })
}

/// Looks up the first parameter named `name` (case-insensitive) in a parameter list.
///
/// Ownership: the views borrow from whatever `params` borrows from (the message).
/// Errors: `MSSIP_E_NOT_FOUND` (no such parameter); `MSSIP_E_NULL`.
/// Thread safety: as for the handle the list borrows from.
///
/// # Safety
/// As for `mssip_params_next`; `name` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_params_get(
    params: *const mssip_params,
    name: *const c_char,
    out: *mut mssip_param,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (params, name, out) = unsafe {
            (
                params.as_ref().ok_or_else(|| Failure::null("params"))?,
                arg_name(name, "name")?,
                Out::new(out, "out")?,
            )
        };
        // SAFETY: caller contract.
        let b = unsafe { list_bytes(params) }?;
        let mut pos = 0;
        while let Some((p, end)) = param_at(b, pos) {
            // SAFETY: the view was just made from `b`, which is live for the call.
            let pname = unsafe { std::slice::from_raw_parts(p.name.ptr.cast::<u8>(), p.name.len) };
            if pname.eq_ignore_ascii_case(name) {
                out.write(p);
                return Ok(());
            }
            pos = end;
        }
        Err(Failure::fixed(
            mssip_result::MSSIP_E_NOT_FOUND,
            "no parameter of that name in the list",
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flag_has_an_empty_value_right_after_its_name() {
        let p = Params::new(";lr;x=1");
        let lr = p.get("lr").unwrap();
        let v = value_or_empty(lr);
        assert_eq!(v, "");
        assert_eq!(v.as_ptr(), lr.name.as_ptr().wrapping_add(2));
    }

    #[test]
    fn the_byte_walk_gives_what_the_parameter_iterator_gives() {
        for s in [
            ";transport=tls;lr",
            " ; a = 1 ;b=\"x;y\";c",
            ";x=\"open",
            "",
            ";;",
            "é;x=é",
        ] {
            let b = s.as_bytes();
            let mut pos = 0;
            let mut got = Vec::new();
            while let Some((p, end)) = param_at(b, pos) {
                let text = |v: mssip_str| {
                    let off = v.ptr as usize - b.as_ptr() as usize;
                    &s[off..off + v.len]
                };
                got.push((text(p.name), p.has_value.then(|| text(p.value))));
                pos = end;
            }
            let want: Vec<_> = Params::new(s).iter().map(|p| (p.name, p.value)).collect();
            assert_eq!(got, want, "{s:?}");
        }
    }
}
