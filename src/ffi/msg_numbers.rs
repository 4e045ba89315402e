//! Header values that are numbers, read as numbers: CSeq (with its method), Max-Forwards,
//! Content-Length, Expires, Min-Expires and a Contact's `expires`.

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{item_of_kind, parsed};
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use crate::sip::{HeaderKind, Message, NameAddr, Result};

/// The number of a single-valued header, or `MSSIP_E_NOT_FOUND` when it is absent.
fn number<T>(name: &'static [u8], got: Option<Result<T>>) -> FfiResult<T> {
    let r = got.ok_or_else(|| Failure::no_value(name, 0))?;
    parsed(name, 0, r)
}

/// Reads one number of a message into `*out`.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
unsafe fn read_number<T>(
    msg: *const mssip_msg,
    out: *mut T,
    read: impl FnOnce(&Message) -> FfiResult<T>,
) -> mssip_result {
    guard(|| {
        // SAFETY: forwarded caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(read(msg)?);
        Ok(())
    })
}

/// Gets the CSeq (RFC 3261 20.16): `*number` the sequence number (below 2**31), `*method`
/// the method as written. Both are written only when the call succeeds.
///
/// Ownership: `*method` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no CSeq); `MSSIP_E_BAD_VALUE` (malformed: the offset in the
/// value is in `mssip_last_error()`); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `number` and `method` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_cseq(
    msg: *const mssip_msg,
    number: *mut u32,
    method: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, number, method) = unsafe {
            (
                borrow(msg, "msg")?,
                Out::new(number, "number")?,
                Out::new(method, "method")?,
            )
        };
        let cseq = self::number(b"CSeq", msg.cseq())?;
        number.write(cseq.seq);
        method.write(mssip_str::of(cseq.method));
        Ok(())
    })
}

/// Gets Max-Forwards as a number (RFC 3261 20.22).
///
/// Errors: `MSSIP_E_NOT_FOUND` (absent); `MSSIP_E_BAD_VALUE` (not `1*DIGIT`, or above
/// 2**32-1); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_max_forwards(
    msg: *const mssip_msg,
    out: *mut u32,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { read_number(msg, out, |m| number(b"Max-Forwards", m.max_forwards())) }
}

/// Gets Content-Length as a number (RFC 3261 20.14). `mssip_msg_validate` judges whether
/// it agrees with the body.
///
/// Errors: `MSSIP_E_NOT_FOUND` (absent); `MSSIP_E_BAD_VALUE` (not `1*DIGIT`, or above
/// 2**64-1); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_content_length(
    msg: *const mssip_msg,
    out: *mut u64,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { read_number(msg, out, |m| number(b"Content-Length", m.content_length())) }
}

/// Gets the Expires header as seconds (RFC 3261 20.19: 0 to 2**32-1).
///
/// Errors: `MSSIP_E_NOT_FOUND` (absent); `MSSIP_E_BAD_VALUE` (not `1*DIGIT`, or too
/// large); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_expires(msg: *const mssip_msg, out: *mut u32) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { read_number(msg, out, |m| number(b"Expires", m.expires())) }
}

/// Gets the Min-Expires header as seconds (RFC 3261 20.23).
///
/// Errors: `MSSIP_E_NOT_FOUND` (absent); `MSSIP_E_BAD_VALUE` (not `1*DIGIT`, or too
/// large); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_min_expires(
    msg: *const mssip_msg,
    out: *mut u32,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { read_number(msg, out, |m| number(b"Min-Expires", m.min_expires())) }
}

/// Gets the `expires` parameter of the `index`-th Contact value as seconds (RFC 3261 10.2.1.1,
/// 20.10). `index` counts Contact values as `mssip_msg_header` does.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such Contact value, or it has no `expires`);
/// `MSSIP_E_BAD_VALUE` (the Contact value is malformed, or `expires` is not `1*DIGIT` up to
/// 2**32-1; offset in `mssip_last_error()`); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_contact_expires(
    msg: *const mssip_msg,
    index: usize,
    out: *mut u32,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe {
        read_number(msg, out, |m| {
            const NAME: &[u8] = b"Contact";
            let mut contact = NameAddr::BLANK;
            item_of_kind(m, HeaderKind::Contact, index, &mut contact)?;
            let expires = contact
                .expires()
                .ok_or_else(|| Failure::no_param(NAME, index, b"expires"))?;
            parsed(NAME, index, expires)
        })
    }
}
