//! `mssip_name_addr`: an address header value (From, To, Contact, Route, Record-Route,
//! Refer-To, ...) taken apart in one call (RFC 3261 20.10, 25.1).

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{arg_name, item_named};
use super::msg_params::{mssip_params, noted_view, value_view};
use super::result::mssip_result;
use super::text::Out;
use super::text::mssip_str;
use super::uri::{mssip_uri, opt_view};
use crate::sip::params::Noted;
use crate::sip::{HeaderKind, NameAddr};
use std::mem::MaybeUninit;

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
    /// A Contact's `expires` parameter as written (`mssip_msg_contact_expires` reads it as a
    /// number); `{NULL, 0}` when there is none, empty (not NULL) when it has no value.
    pub expires: mssip_str,
    /// A Contact's `q` parameter as written (`0.5`); `{NULL, 0}` when there is none, empty
    /// (not NULL) when it has no value.
    pub q: mssip_str,
}

impl mssip_name_addr {
    /// No address at all (an absent header in a `mssip_core`): every view `{NULL, 0}`.
    pub(crate) const NONE: mssip_name_addr = mssip_name_addr {
        display_name: mssip_str::NONE,
        uri: mssip_uri::NONE,
        angle: false,
        params: mssip_params::NONE,
        tag: mssip_str::NONE,
        expires: mssip_str::NONE,
        q: mssip_str::NONE,
    };

    #[inline(always)]
    pub(crate) fn of(n: &NameAddr<'_>) -> mssip_name_addr {
        mssip_name_addr {
            display_name: opt_view(n.display_name),
            uri: mssip_uri::of(&n.uri),
            angle: n.angle,
            params: mssip_params::of(&n.params),
            tag: value_view(&n.params, Noted::Tag),
            expires: noted_view(&n.params, Noted::Expires),
            q: noted_view(&n.params, Noted::Q),
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
        let mut addr = NameAddr::BLANK;
        item_named(msg, name, index, &mut addr)?;
        out.write(mssip_name_addr::of(&addr));
        Ok(())
    })
}

/// Most views gathered on the stack before they are copied out; with more, the values are
/// parsed again and written straight into the caller's array.
const INLINE_ADDRS: usize = 8;

/// Takes apart every value of address header `name` in one call (every Contact of a REGISTER,
/// every Route): `*count` receives how many values there are (0 when the header is absent,
/// which is not an error) and `out[0..*count]` the views, in the order and with the counting
/// of `mssip_msg_header_values`, each as `mssip_msg_name_addr` gives it. A comma list is
/// walked once: each value in its usual form is parsed where it stands.
///
/// Ownership: the views borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI` when a value is malformed, e.g. a Contact
/// `*` (`mssip_last_error()` names its index and the offset in it; nothing is written);
/// `MSSIP_E_BUFFER_TOO_SMALL` when `cap` is less than the number of values, with that number
/// in `*count` and nothing written to `out` (pass out = NULL, cap = 0 to ask); `MSSIP_E_NULL`
/// (msg, name or count NULL, or out NULL with cap > 0); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `out` is NULL or
/// writable for `cap` views; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_name_addrs(
    msg: *const mssip_msg,
    name: *const c_char,
    out: *mut mssip_name_addr,
    cap: usize,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, count) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_name(name, "name")?,
                Out::new(count, "count")?,
            )
        };
        if out.is_null() && cap != 0 {
            return Err(Failure::null("out"));
        }
        let kind = HeaderKind::from_name_bytes(name);
        let mut stash = [const { MaybeUninit::<mssip_name_addr>::uninit() }; INLINE_ADDRS];
        let (mut n, mut fault) = (0, None);
        let mut scratch = NameAddr::BLANK;
        msg.each_item(kind, name, &mut scratch, |r| match r {
            Ok(a) => {
                if let Some(slot) = stash.get_mut(n) {
                    slot.write(mssip_name_addr::of(a));
                }
                n += 1;
                true
            }
            Err(e) => {
                fault = Some(e);
                false
            }
        });
        if let Some(e) = fault {
            return Err(Failure::in_value(name, n, e));
        }
        count.write(n);
        if n > cap {
            return Err(Failure::fixed(
                mssip_result::MSSIP_E_BUFFER_TOO_SMALL,
                "out has room for fewer views than the header has values (*count says how many)",
            ));
        }
        if n > INLINE_ADDRS {
            let mut i = 0;
            msg.each_item(kind, name, &mut scratch, |r| {
                if let (Ok(a), true) = (r, i < n) {
                    // SAFETY: `out` is non-NULL (cap >= n > 0) and writable for `cap >= n`
                    // views per the contract.
                    unsafe { out.add(i).write(mssip_name_addr::of(a)) };
                }
                i += 1;
                i < n
            });
        } else if n > 0 {
            // SAFETY: the first `n` stash slots were written above; `out` is non-NULL here
            // (cap >= n > 0) and writable for `cap` views per the contract; the stash is a
            // local, so they cannot overlap.
            unsafe {
                std::ptr::copy_nonoverlapping(stash.as_ptr().cast::<mssip_name_addr>(), out, n)
            };
        }
        Ok(())
    })
}
