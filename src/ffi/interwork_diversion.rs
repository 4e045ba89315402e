//! History-Info <-> Diversion (RFC 6044) on a `mssip_msg`, in place.

use super::boundary::guard;
use super::handle::{borrow_mut, mssip_msg};
use super::result::mssip_result;
use crate::interwork::{diversion_to_history, history_to_diversion};
use crate::sip::{Message, Result};

/// Replaces `msg` by what `map` makes of it and writes whether it changed.
///
/// # Safety
/// As the exports below.
unsafe fn map_in_place(
    msg: *mut mssip_msg,
    out_changed: *mut bool,
    map: fn(&Message) -> Result<Option<Message>>,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg") }?;
        let changed = match map(msg)? {
            Some(new) => {
                *msg = new;
                true
            }
            None => false,
        };
        if !out_changed.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_changed.write(changed) };
        }
        Ok(())
    })
}

/// Adds to `msg` the Diversion header fields its History-Info maps to (RFC 6044; the
/// MS-SIPRE 2.2.16 `ms-retarget-reason` values as Diversion reasons, `counter=1`,
/// `privacy=full` for `Privacy=history`), most recent first, after the last header field.
/// `*out_changed` (optional) tells whether anything was added: a message that already has
/// Diversion, or whose History-Info holds no diversion, stays byte for byte; so does the
/// rest of a message that changes.
///
/// Errors: `MSSIP_E_LIMIT` (more than 64 entries, or the message would exceed its limits);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `out_changed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_history_to_diversion(
    msg: *mut mssip_msg,
    out_changed: *mut bool,
) -> mssip_result {
    // SAFETY: forwarded contract.
    unsafe { map_in_place(msg, out_changed, history_to_diversion) }
}

/// Adds to the request `msg` the History-Info entries its Diversion maps to (RFC 6044): the
/// diverting parties oldest first as `1`, `1.1`, ... with `Reason=SIP;cause=...`,
/// `ms-retarget-reason=forwarding` and `Privacy=history` where Diversion asked for privacy,
/// then the Request-URI, one header field each after the last. `*out_changed` (optional)
/// tells whether anything was added: a response, a message with History-Info already or
/// without Diversion stays byte for byte; so does the rest of a message that changes.
///
/// Errors: as `mssip_msg_history_to_diversion`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// As `mssip_msg_history_to_diversion`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_diversion_to_history(
    msg: *mut mssip_msg,
    out_changed: *mut bool,
) -> mssip_result {
    // SAFETY: forwarded contract.
    unsafe { map_in_place(msg, out_changed, diversion_to_history) }
}
