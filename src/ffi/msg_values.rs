//! Header values in bulk and by header id: every value of a header in one call, and the
//! common headers named by a number (`MSSIP_HDR_*`) instead of a string to match.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{arg_name, kind_of_id, value_of_id};
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use crate::sip::{HeaderKind, Message};
use std::mem::MaybeUninit;

/// Header id of `Via` (also `v`), for the `_by_id` functions.
pub const MSSIP_HDR_VIA: u32 = 1;
/// Header id of `From` (`f`).
pub const MSSIP_HDR_FROM: u32 = 2;
/// Header id of `To` (`t`).
pub const MSSIP_HDR_TO: u32 = 3;
/// Header id of `Call-ID` (`i`).
pub const MSSIP_HDR_CALL_ID: u32 = 4;
/// Header id of `CSeq`.
pub const MSSIP_HDR_CSEQ: u32 = 5;
/// Header id of `Contact` (`m`).
pub const MSSIP_HDR_CONTACT: u32 = 6;
/// Header id of `Max-Forwards`.
pub const MSSIP_HDR_MAX_FORWARDS: u32 = 7;
/// Header id of `Content-Length` (`l`).
pub const MSSIP_HDR_CONTENT_LENGTH: u32 = 8;
/// Header id of `Content-Type` (`c`).
pub const MSSIP_HDR_CONTENT_TYPE: u32 = 9;
/// Header id of `Route`.
pub const MSSIP_HDR_ROUTE: u32 = 10;
/// Header id of `Record-Route`.
pub const MSSIP_HDR_RECORD_ROUTE: u32 = 11;
/// Header id of `Expires`.
pub const MSSIP_HDR_EXPIRES: u32 = 12;
/// Header id of `Min-Expires`.
pub const MSSIP_HDR_MIN_EXPIRES: u32 = 13;
/// Header id of `Supported` (`k`).
pub const MSSIP_HDR_SUPPORTED: u32 = 14;
/// Header id of `Require`.
pub const MSSIP_HDR_REQUIRE: u32 = 15;
/// Header id of `Proxy-Require`.
pub const MSSIP_HDR_PROXY_REQUIRE: u32 = 16;
/// Header id of `Allow`.
pub const MSSIP_HDR_ALLOW: u32 = 17;
/// Header id of `User-Agent`.
pub const MSSIP_HDR_USER_AGENT: u32 = 18;
/// Header id of `Server`.
pub const MSSIP_HDR_SERVER: u32 = 19;
/// Header id of `Event` (`o`).
pub const MSSIP_HDR_EVENT: u32 = 20;
/// Header id of `Subscription-State`.
pub const MSSIP_HDR_SUBSCRIPTION_STATE: u32 = 21;
/// Header id of `Authorization`.
pub const MSSIP_HDR_AUTHORIZATION: u32 = 22;
/// Header id of `WWW-Authenticate`.
pub const MSSIP_HDR_WWW_AUTHENTICATE: u32 = 23;
/// Header id of `Proxy-Authorization`.
pub const MSSIP_HDR_PROXY_AUTHORIZATION: u32 = 24;

/// Gets the `index`-th value of the header `id` names (one of the `MSSIP_HDR_*` values), as
/// `mssip_msg_header` gets it for that header's name (compact forms included), without a
/// name to match.
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` past the last value; `MSSIP_E_INVALID_ARGUMENT` (id);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header_by_id(
    msg: *const mssip_msg,
    id: u32,
    index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(mssip_str::of(value_of_id(msg, kind_of_id(id)?, index)?));
        Ok(())
    })
}

/// Most values kept on the stack while they are gathered; with more, they are counted first
/// and written straight into the caller's array.
const INLINE_VALUES: usize = 16;

/// Writes every value of header `kind` / `name` into `out`, or says how many there are.
///
/// # Safety
/// `out` is NULL or writable for `cap` views; `count` is writable.
#[inline(always)]
unsafe fn put_values(
    msg: &Message,
    kind: HeaderKind,
    name: &[u8],
    out: *mut mssip_str,
    cap: usize,
    count: *mut usize,
) -> FfiResult {
    // SAFETY: forwarded caller contract.
    let count = unsafe { Out::new(count, "count") }?;
    if out.is_null() && cap != 0 {
        return Err(Failure::null("out"));
    }
    let mut stash = [MaybeUninit::<mssip_str>::uninit(); INLINE_VALUES];
    let mut n = 0;
    msg.each_value(kind, name, |v| {
        if let Some(slot) = stash.get_mut(n) {
            slot.write(mssip_str::of(v));
        }
        n += 1;
    });
    count.write(n);
    if n > cap {
        return Err(Failure::fixed(
            mssip_result::MSSIP_E_BUFFER_TOO_SMALL,
            "out has room for fewer views than the header has values (*count says how many)",
        ));
    }
    if n > INLINE_VALUES {
        let mut i = 0;
        msg.each_value(kind, name, |v| {
            if i < n {
                // SAFETY: `out` is non-NULL (cap >= n > 0) and writable for `cap >= n` views.
                unsafe { out.add(i).write(mssip_str::of(v)) };
            }
            i += 1;
        });
    } else if n > 0 {
        // SAFETY: the first `n` stash slots were written above; `out` is non-NULL here
        // (cap >= n > 0) and writable for `cap` views per the contract; the stash is a local,
        // so they cannot overlap.
        unsafe { std::ptr::copy_nonoverlapping(stash.as_ptr().cast::<mssip_str>(), out, n) };
    }
    Ok(())
}

/// Gets every value of header `name` in one call: `*count` receives how many there are (0
/// when the header is absent, which is not an error) and `out[0..*count]` the values, in the
/// order and with the splitting of `mssip_msg_header`.
///
/// Ownership: the views borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` when `cap` is less than the number of values, with that
/// number in `*count` and nothing written to `out` (pass out = NULL, cap = 0 to ask);
/// `MSSIP_E_NULL` (msg, name or count NULL, or out NULL with cap > 0); `MSSIP_E_UTF8`
/// (name); `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `out` is NULL or
/// writable for `cap` views; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header_values(
    msg: *const mssip_msg,
    name: *const c_char,
    out: *mut mssip_str,
    cap: usize,
    count: *mut usize,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, name) = unsafe { (borrow(msg, "msg")?, arg_name(name, "name")?) };
        let kind = HeaderKind::from_name_bytes(name);
        // SAFETY: caller contract.
        unsafe { put_values(msg, kind, name, out, cap, count) }
    })
}

/// Gets every value of the header `id` names (`MSSIP_HDR_*`) in one call, as
/// `mssip_msg_header_values` does for its name.
///
/// Ownership: the views borrow from the message; valid until it is changed or freed.
/// Errors: as `mssip_msg_header_values`, and `MSSIP_E_INVALID_ARGUMENT` (id).
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable for `cap` views; `count` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header_values_by_id(
    msg: *const mssip_msg,
    id: u32,
    out: *mut mssip_str,
    cap: usize,
    count: *mut usize,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let msg = unsafe { borrow(msg, "msg") }?;
        let kind = kind_of_id(id)?;
        debug_assert!(kind != HeaderKind::Other);
        // SAFETY: caller contract.
        unsafe { put_values(msg, kind, b"", out, cap, count) }
    })
}
