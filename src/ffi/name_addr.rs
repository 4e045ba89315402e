//! `mssip_name_addr`: an address header value (From, To, Contact, Route, Record-Route,
//! Refer-To, ...) taken apart in one call (RFC 3261 20.10, 25.1).

use std::ffi::c_char;

use super::boundary::guard;
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{arg_name, parsed, value_at};
use super::msg_params::mssip_params;
use super::result::mssip_result;
use super::text::Out;
use super::text::mssip_str;
use super::uri::{mssip_uri, opt_view};
use crate::sip::NameAddr;

/// A `( name-addr / addr-spec ) *( SEMI param )` value taken apart; every view borrows from
/// the message. A part that is absent is `{NULL, 0}`.
///
/// Filled by the library, all at once or not at all. A later version may add fields at the
/// end together with new functions that fill them; the functions here keep filling exactly
/// this layout, so a program built against this header keeps working.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_name_addr {
    /// The display name as written: a quoted-string keeps its quotes and escapes
    /// (`mssip_unquote` gives the text), a run of tokens is as it stands.
    pub display_name: mssip_str,
    /// The address.
    pub uri: mssip_uri,
    /// True when the URI was written in angle brackets.
    pub angle: bool,
    /// The header parameters after the address (`;tag=...;expires=...`).
    pub params: mssip_params,
    /// The `tag` parameter's value; `{NULL, 0}` when there is none.
    pub tag: mssip_str,
}

impl mssip_name_addr {
    pub(crate) fn of(n: &NameAddr<'_>) -> mssip_name_addr {
        mssip_name_addr {
            display_name: opt_view(n.display_name),
            uri: mssip_uri::of(&n.uri),
            angle: n.angle,
            params: mssip_params::of(&n.params),
            tag: opt_view(n.tag()),
        }
    }
}

/// Takes apart the `index`-th value of address header `name` (From, To, Contact, Route,
/// Record-Route, Refer-To, Referred-By, P-Asserted-Identity, ...); `index` counts values as
/// `mssip_msg_header` does, so each Contact of a comma list has its own index.
///
/// Ownership: the views in `*out` borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such value); `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI`
/// (malformed, e.g. a Contact `*`: the offset in the value is in `mssip_last_error()`,
/// `*out` is untouched); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_name_addr(
    msg: *const mssip_msg,
    name: *const c_char,
    index: usize,
    out: *mut mssip_name_addr,
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
        let value = value_at(msg, name, index)?;
        out.write(mssip_name_addr::of(&parsed(
            name,
            index,
            NameAddr::parse(value),
        )?));
        Ok(())
    })
}
