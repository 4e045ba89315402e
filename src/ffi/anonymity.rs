//! Agent anonymity (MS-SIPRE 2.2.20, 2.2.21, 3.16): the `Ms-Call-Info: Rgs.Anonymization`
//! mark, and the host's permission check of `P-Agent-On-Behalf-Of` against
//! `P-Asserted-Identity`.

use std::ffi::{c_char, c_void};

use super::boundary::{Failure, guard};
use super::handle::{borrow, borrow_mut, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, arg_str, mssip_str};
use crate::anonymity::{self, AnonymityError, OnBehalf};

/// The stable code for each anonymity error. Exhaustive on purpose.
impl From<AnonymityError> for Failure {
    fn from(e: AnonymityError) -> Failure {
        match e {
            AnonymityError::NotInvite => {
                Failure::new(mssip_result::MSSIP_E_ANONYMITY_NOT_INVITE, e.to_string())
            }
            AnonymityError::Sip(s) => Failure::from(s),
        }
    }
}

/// The host's permission check for a call on behalf of another identity: may `requestor`
/// (the URI of the INVITE's first `P-Asserted-Identity`) call on behalf of `on_behalf_of`
/// (the URI of its `P-Agent-On-Behalf-Of`)? Returns true to permit. `user` is the pointer
/// given to `mssip_anonymity_check_on_behalf`; the views are valid only during the call. It
/// runs on the calling thread, once per check, and must not unwind or `longjmp` out.
pub type mssip_on_behalf_fn = Option<
    unsafe extern "C" fn(user: *mut c_void, requestor: mssip_str, on_behalf_of: mssip_str) -> bool,
>;

/// Marks an outgoing INVITE, or a response (not 100) to an INVITE, as anonymized with one
/// `Ms-Call-Info: Rgs.Anonymization` (MS-SIPRE 3.16.1.1, 3.16.5.1): call it when the host
/// anonymizes the call. A message already carrying exactly that field is left byte for byte;
/// other `Ms-Call-Info` fields are replaced.
///
/// Errors: `MSSIP_E_ANONYMITY_NOT_INVITE` (another message; unchanged); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_anonymity_mark(msg: *mut mssip_msg) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg") }?;
        Ok(anonymity::mark_anonymized(msg)?)
    })
}

/// Sets `*out` to whether `msg` says the call is anonymized (an `Ms-Call-Info` holding
/// `Rgs.Anonymization` in any case; other values are ignored, MS-SIPRE 2.2.20, 3.16.1.1).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at
/// a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_anonymity_is_marked(
    msg: *const mssip_msg,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(anonymity::is_anonymized(msg));
        Ok(())
    })
}

/// Sets the one `P-Agent-On-Behalf-Of` of an outgoing INVITE to `uri`, the identity the
/// client calls on behalf of (MS-SIPRE 3.16.1.2, 2.2.21), written as 4.13 shows it.
///
/// Errors: `MSSIP_E_ANONYMITY_NOT_INVITE`; `MSSIP_E_BAD_URI` / `MSSIP_E_INVALID_ARGUMENT`
/// (`uri` is not one URI); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. On error `invite` is unchanged. Thread safety: `invite` is used by one
/// thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message not borrowed elsewhere; `uri` is NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_anonymity_set_on_behalf_of(
    invite: *mut mssip_msg,
    uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, uri) = unsafe { (borrow_mut(invite, "invite")?, arg_str(uri, "uri")?) };
        Ok(anonymity::set_on_behalf_of(invite, uri)?)
    })
}

/// Checks an INVITE's `P-Agent-On-Behalf-Of` (MS-SIPRE 3.16.5.1). `*status` is 0 when the
/// call may proceed (no such header, or `permit` returned true), else the response to decline
/// with: 403 when `P-Asserted-Identity` is missing or `permit` refused, 400 when
/// `P-Agent-On-Behalf-Of` appears twice or does not parse (2.2.21). `*reason` is a static
/// text naming why (empty for 0); build the response with `mssip_msg_new_response`. `permit`
/// is called only when both headers are there and parse.
///
/// Errors: `MSSIP_E_ANONYMITY_NOT_INVITE` (`invite` is another message); `MSSIP_E_NULL`
/// (`invite`, `permit`, `status`, `reason`); `MSSIP_E_UNUSABLE`. Thread safety: `invite` is
/// used by one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `permit` is NULL or a function as
/// `mssip_on_behalf_fn` describes; `status` and `reason` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_anonymity_check_on_behalf(
    invite: *const mssip_msg,
    permit: mssip_on_behalf_fn,
    user: *mut c_void,
    status: *mut u16,
    reason: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, status, reason) = unsafe {
            (
                borrow(invite, "invite")?,
                Out::new(status, "status")?,
                Out::new(reason, "reason")?,
            )
        };
        let permit = permit.ok_or_else(|| Failure::null("permit"))?;
        let verdict = anonymity::check_on_behalf(invite, |r| {
            // SAFETY: the host's function, called as its contract says; the views live
            // for the call.
            unsafe {
                permit(
                    user,
                    mssip_str::of(r.requestor),
                    mssip_str::of(r.on_behalf_of),
                )
            }
        })?;
        let (code, why) = match verdict {
            OnBehalf::NotRequested | OnBehalf::Permitted { .. } => (0, ""),
            OnBehalf::Declined { status, reason } => (status, reason),
        };
        status.write(code);
        reason.write(mssip_str::of(why));
        Ok(())
    })
}
