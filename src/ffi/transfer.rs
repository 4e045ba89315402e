//! Safe call transfer (MS-SIPRE 3.14): advertising `ms-safe-transfer`, and the
//! `Ms-Sensitivity` of a REFER's Refer-To URI copied into the INVITE it triggers.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, borrow_mut, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, OutBuf};
use crate::transfer::{self, TransferError};

/// The stable code for each transfer error. Exhaustive on purpose.
impl From<TransferError> for Failure {
    fn from(e: TransferError) -> Failure {
        let code = match &e {
            TransferError::WrongMessage(_) => mssip_result::MSSIP_E_TRANSFER_WRONG_MESSAGE,
            TransferError::BadReferTo(_) => mssip_result::MSSIP_E_BAD_REFER_TO,
            TransferError::BadSensitivity(_) => mssip_result::MSSIP_E_BAD_SENSITIVITY,
            TransferError::Sip(s) => return Failure::from(s.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

/// Adds `Supported: ms-safe-transfer` to `msg`, an INVITE request or a 200 response to an
/// INVITE, unless it lists the tag already (MS-SIPRE 3.14.4: a user agent that supports safe
/// transfer advertises it in both).
///
/// Errors: `MSSIP_E_TRANSFER_WRONG_MESSAGE` (another message; unchanged); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_transfer_advertise(msg: *mut mssip_msg) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg") }?;
        Ok(transfer::advertise(msg)?)
    })
}

/// Sets `*out` to whether `msg` lists `ms-safe-transfer` in `Supported` (the peer's INVITE
/// or 200 OK advertised safe transfer, MS-SIPRE 3.14.4).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at
/// a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_transfer_is_advertised(
    msg: *const mssip_msg,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(transfer::is_advertised(msg));
        Ok(())
    })
}

/// Copies the `Ms-Sensitivity` value named in the headers of `refer`'s Refer-To URI
/// (unescaped, e.g. `normal-no-diversion`) into the caller buffer (MS-SIPRE 3.14.5).
///
/// Errors: `MSSIP_E_NOT_FOUND` (the Refer-To URI names none); `MSSIP_E_BAD_REFER_TO` (no
/// single Refer-To, or one that does not parse, or a bad escape in its headers);
/// `MSSIP_E_BAD_SENSITIVITY` (a value outside MS-SIPRE 2.2.9);
/// `MSSIP_E_TRANSFER_WRONG_MESSAGE` (`refer` is not a REFER); `MSSIP_E_BUFFER_TOO_SMALL`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `refer` is used by one thread at a time.
///
/// # Safety
/// `refer` is NULL or a live message; `out` is NULL or writable for `cap` bytes; `out_len`
/// is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_transfer_refer_sensitivity(
    refer: *const mssip_msg,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (refer, buf) = unsafe {
            (
                borrow(refer, "refer")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        match transfer::refer_to_sensitivity(refer)? {
            Some(found) => buf.put_text(&found.text),
            None => Err(Failure::not_found(
                "the Refer-To URI names no Ms-Sensitivity",
            )),
        }
    })
}

/// Puts the `Ms-Sensitivity` named in `refer`'s Refer-To URI on `invite`, the INVITE the
/// host generates for the REFER (MS-SIPRE 3.14.5), replacing one already there; with none in
/// the Refer-To, `invite` is left as it is. `*copied` says which. Call it for a REFER in an
/// INVITE dialog where this user agent advertised safe transfer.
///
/// Errors: as `mssip_transfer_refer_sensitivity` (but no `MSSIP_E_NOT_FOUND`), and
/// `MSSIP_E_TRANSFER_WRONG_MESSAGE` when `invite` is not an INVITE; `MSSIP_E_LIMIT`. On
/// error `invite` is unchanged. Thread safety: each message is used by one thread at a time.
///
/// # Safety
/// `refer` is NULL or a live message; `invite` is NULL or a live message not borrowed
/// elsewhere; `copied` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_transfer_copy_sensitivity(
    refer: *const mssip_msg,
    invite: *mut mssip_msg,
    copied: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (refer, invite, copied) = unsafe {
            (
                borrow(refer, "refer")?,
                borrow_mut(invite, "invite")?,
                Out::new(copied, "copied")?,
            )
        };
        let done = transfer::copy_sensitivity(refer, invite)?;
        copied.write(done.is_some());
        Ok(())
    })
}
