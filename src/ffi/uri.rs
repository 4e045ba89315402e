//! `mssip_uri`: a URI taken apart in one call (RFC 3261 19.1, RFC 3966), for the URI inside
//! a header value, for the Request-URI and for a URI given as text.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{arg_name, item_named};
use super::msg_params::{mssip_params, request_uri};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, mssip_str};
use crate::sip::{Host, NameAddr, Scheme, Uri};

/// The scheme of a URI.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_scheme {
    /// No URI: the view is empty (an absent header in a `mssip_core`).
    MSSIP_SCHEME_NONE = 0,
    MSSIP_SCHEME_SIP = 1,
    MSSIP_SCHEME_SIPS = 2,
    MSSIP_SCHEME_TEL = 3,
    /// Any other scheme (`urn:`, `http:`, `mailto:`, ...): only `raw`, `scheme` and
    /// `opaque` are filled.
    MSSIP_SCHEME_OTHER = 4,
}

/// What a host is.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_host_kind {
    /// No host (a `tel:` URI or another scheme).
    MSSIP_HOST_NONE = 0,
    /// A host name (`contoso.com`).
    MSSIP_HOST_NAME = 1,
    /// A dotted IPv4 address.
    MSSIP_HOST_IPV4 = 2,
    /// An IPv6 reference; `host` keeps the brackets (`[2001:db8::1]`).
    MSSIP_HOST_IPV6 = 3,
}

/// A URI taken apart; every view borrows from the text the URI came from (the message, or
/// the caller's text for `mssip_uri_parse`). A part that is absent is `{NULL, 0}`.
///
/// Filled by the library, all at once or not at all. A later version may add fields at the
/// end together with new functions that fill them; the functions here keep filling exactly
/// this layout, so a program built against this header keeps working.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_uri {
    /// The whole URI as written.
    pub raw: mssip_str,
    /// The scheme as written (`sip`, `SIPS`, `tel`, `urn`).
    pub scheme: mssip_str,
    pub scheme_kind: mssip_scheme,
    /// The user part, escapes kept (`alice`, `%61lice`); for `tel:` the number.
    pub user: mssip_str,
    pub password: mssip_str,
    /// The host as written (brackets kept for IPv6); `{NULL, 0}` for `tel:` and others.
    pub host: mssip_str,
    pub host_kind: mssip_host_kind,
    /// The port, or 0 when the URI has none.
    pub port: u16,
    /// The URI parameters (`;transport=tls;lr`).
    pub params: mssip_params,
    /// The `?headers` part without its `?`.
    pub headers: mssip_str,
    /// Everything after `scheme:`.
    pub opaque: mssip_str,
}

/// A view of an optional part: `{NULL, 0}` when absent.
pub(crate) fn opt_view(s: Option<&str>) -> mssip_str {
    s.map_or(mssip_str::NONE, mssip_str::of)
}

/// A host as a view and its kind.
pub(crate) fn host_view(h: Option<Host<'_>>) -> (mssip_str, mssip_host_kind) {
    match h {
        None => (opt_view(None), mssip_host_kind::MSSIP_HOST_NONE),
        Some(Host::Name(s)) => (mssip_str::of(s), mssip_host_kind::MSSIP_HOST_NAME),
        Some(Host::Ipv4(s)) => (mssip_str::of(s), mssip_host_kind::MSSIP_HOST_IPV4),
        Some(Host::Ipv6(s)) => (mssip_str::of(s), mssip_host_kind::MSSIP_HOST_IPV6),
    }
}

impl mssip_uri {
    /// No URI at all: every view `{NULL, 0}`.
    pub(crate) const NONE: mssip_uri = mssip_uri {
        raw: mssip_str::NONE,
        scheme: mssip_str::NONE,
        scheme_kind: mssip_scheme::MSSIP_SCHEME_NONE,
        user: mssip_str::NONE,
        password: mssip_str::NONE,
        host: mssip_str::NONE,
        host_kind: mssip_host_kind::MSSIP_HOST_NONE,
        port: 0,
        params: mssip_params::NONE,
        headers: mssip_str::NONE,
        opaque: mssip_str::NONE,
    };

    #[inline(always)]
    pub(crate) fn of(u: &Uri<'_>) -> mssip_uri {
        let (host, host_kind) = host_view(u.host);
        mssip_uri {
            raw: mssip_str::of(u.raw),
            scheme: mssip_str::of_bytes(u.scheme_bytes()),
            scheme_kind: match u.scheme {
                Scheme::Sip => mssip_scheme::MSSIP_SCHEME_SIP,
                Scheme::Sips => mssip_scheme::MSSIP_SCHEME_SIPS,
                Scheme::Tel => mssip_scheme::MSSIP_SCHEME_TEL,
                Scheme::Other(_) => mssip_scheme::MSSIP_SCHEME_OTHER,
            },
            user: opt_view(u.user),
            password: opt_view(u.password),
            host,
            host_kind,
            port: u.port.unwrap_or(0),
            params: mssip_params::of(&u.params),
            headers: opt_view(u.headers),
            opaque: mssip_str::of(u.opaque),
        }
    }
}

/// Takes apart the URI `text` (`len` bytes, no NUL needed): `sip:`, `sips:` and `tel:` are
/// checked against their grammar (RFC 3261 25.1, RFC 3966), other schemes only need
/// `scheme ":" 1*char`.
///
/// Ownership: the views in `*out` borrow from `text`; they are valid as long as it is.
/// Errors: `MSSIP_E_BAD_URI` (malformed; the offset is in `mssip_last_error()`, `*out` is
/// untouched); `MSSIP_E_UTF8`; `MSSIP_E_NULL` (out NULL, or text NULL with len > 0; NULL
/// with len 0 is an empty text, which is `MSSIP_E_BAD_URI`).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_uri_parse(
    text: *const c_char,
    len: usize,
    out: *mut mssip_uri,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (bytes, out) = unsafe {
            (
                arg_bytes(text.cast::<u8>(), len, "text")?,
                Out::new(out, "out")?,
            )
        };
        let text = std::str::from_utf8(bytes)
            .map_err(|_| Failure::fixed(mssip_result::MSSIP_E_UTF8, "the URI text is not UTF-8"))?;
        out.write(mssip_uri::of(&Uri::parse(text)?));
        Ok(())
    })
}

/// Takes apart the URI inside the `index`-th value of header `name` (a name-addr or
/// addr-spec: From, To, Contact, Route, Record-Route, Refer-To, ...); `index` counts values
/// as `mssip_msg_header` does.
///
/// Ownership: the views in `*out` borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such value); `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI`
/// (malformed: the offset in the value is in `mssip_last_error()`, `*out` is untouched);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_uri(
    msg: *const mssip_msg,
    name: *const c_char,
    index: usize,
    out: *mut mssip_uri,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, out) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_name(name, "name")?,
                Out::new(out, "out")?,
            )
        };
        let mut addr = NameAddr::BLANK;
        item_named(msg, name, index, &mut addr)?;
        out.write(mssip_uri::of(&addr.uri));
        Ok(())
    })
}

/// Takes apart the Request-URI of a request.
///
/// Ownership: the views in `*out` borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_WRONG_KIND` for a response; `MSSIP_E_BAD_URI` (malformed; the offset is
/// in `mssip_last_error()`, `*out` is untouched); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_request_uri_parts(
    msg: *const mssip_msg,
    out: *mut mssip_uri,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(mssip_uri::of(&request_uri(msg)?));
        Ok(())
    })
}
