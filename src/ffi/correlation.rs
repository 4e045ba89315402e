//! Dialog correlation (MS-SIPRE 2.2.11, 3.12): new `Ms-Correlation-Id` values, the id a
//! received message carries, the id a related dialog takes, and stamping it on a message.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, borrow_mut, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_str, mssip_str};
use crate::correlation::{self, CorrelationError, Received, RelatedDialog};
use crate::ext::MsCorrelationId;
use crate::sip::Message;

const _: () = assert!(MSSIP_CORRELATION_ID_LEN == crate::ext::uuid_text::UUID_TEXT_LEN);

/// Length of a correlation id as this library writes it (8-4-4-4-12 hex digits); a caller
/// buffer needs one byte more for the NUL.
pub const MSSIP_CORRELATION_ID_LEN: usize = 36;

/// The stable code for each correlation error. Exhaustive on purpose.
impl From<CorrelationError> for Failure {
    fn from(e: CorrelationError) -> Failure {
        match e {
            CorrelationError::NoRandomness(_) => {
                Failure::new(mssip_result::MSSIP_E_NO_RANDOMNESS, e.to_string())
            }
            CorrelationError::NotCorrelatable => {
                Failure::new(mssip_result::MSSIP_E_NOT_CORRELATABLE, e.to_string())
            }
            CorrelationError::Sip(s) => Failure::from(s),
        }
    }
}

/// The field value of `msg`'s `Ms-Correlation-Id`, trimmed, when [`correlation::read`] found
/// it valid.
fn valid_view(msg: &Message) -> Result<mssip_str, Failure> {
    match correlation::read(msg) {
        Received::Valid(_) => {
            let raw = msg.header(MsCorrelationId::NAME).unwrap_or("").trim();
            Ok(mssip_str::of(raw))
        }
        Received::Absent => Err(Failure::not_found("no Ms-Correlation-Id")),
        Received::Ignored => Err(Failure::new(
            mssip_result::MSSIP_E_CORRELATION_IGNORED,
            "Ms-Correlation-Id is not one UUID: ignored (MS-SIPRE 3.12.5.2)",
        )),
    }
}

/// Writes a new random correlation id (a version 4 UUID, MS-SIPRE 3.12.4.1), 36 lower-case
/// characters and a NUL, so `cap` >= `MSSIP_CORRELATION_ID_LEN + 1`. For two related dialogs
/// this endpoint creates, stamp the same id on both with `mssip_correlation_stamp`.
///
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` (the id made is dropped; `*out_len` is 36);
/// `MSSIP_E_NO_RANDOMNESS`; `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable for `cap` bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_correlation_generate(
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), cap, out_len) }?;
        let id = correlation::generate()?;
        buf.put_text(&id.to_string())
    })
}

/// The `Ms-Correlation-Id` of `msg`, borrowed from it (valid until `msg` changes or is
/// freed). A value that is not one UUID (MS-SIPRE 2.2.11) is ignored as 3.12.5.2 says: the
/// call returns `MSSIP_E_CORRELATION_IGNORED` and reports it to the `mssip_log_set` sink at
/// warning level.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no field); `MSSIP_E_CORRELATION_IGNORED`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_correlation_read(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(valid_view(msg)?);
        Ok(())
    })
}

/// The correlation id a proxy that logs dialog creation records for `msg` (MS-SIPRE
/// 3.12.5.2): the valid `Ms-Correlation-Id` of a dialog-creating request (INVITE,
/// SUBSCRIBE, REFER) or of a final response to one, borrowed from `msg`. An invalid value
/// is ignored (and logged, as `mssip_correlation_read` does).
///
/// Errors: `MSSIP_E_NOT_FOUND` (another message, no field, or an ignored value);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_correlation_for_log(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        if correlation::id_to_log(msg).is_none() {
            return Err(Failure::not_found(
                "nothing to log: not a dialog-creating message with a valid Ms-Correlation-Id",
            ));
        }
        out.write(valid_view(msg)?);
        Ok(())
    })
}

/// The correlation id for a dialog this endpoint creates because of `received`, an INVITE
/// or REFER (MS-SIPRE 3.12.5.1): the id `received` carries, or a new one when it carries
/// none (or an invalid one, which is logged). `*generated` is true for a new id: then stamp
/// it on the final response to `received` as well as on the new INVITE or REFER
/// (`mssip_correlation_stamp`).
///
/// Errors: `MSSIP_E_NOT_CORRELATABLE` (`received` is not an INVITE or REFER request);
/// `MSSIP_E_BUFFER_TOO_SMALL` (`cap` needs `MSSIP_CORRELATION_ID_LEN + 1`; a new id made is
/// dropped); `MSSIP_E_NO_RANDOMNESS`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `received` is used by one thread at a time.
///
/// # Safety
/// `received` is NULL or a live message; `out` is NULL or writable for `cap` bytes;
/// `out_len` and `generated` are NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_correlation_related(
    received: *const mssip_msg,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
    generated: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (received, buf, generated) = unsafe {
            (
                borrow(received, "received")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
                Out::new(generated, "generated")?,
            )
        };
        let related = RelatedDialog::for_received(received)?;
        buf.put_text(&related.id().to_string())?;
        generated.write(related.generated());
        Ok(())
    })
}

/// Sets `msg`'s one `Ms-Correlation-Id` field to `id` (replacing one already there). `msg`
/// is an INVITE or REFER request, or a final response to one (MS-SIPRE 3.12.4.1, 3.12.5.1).
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (`id` is not a UUID); `MSSIP_E_NOT_CORRELATABLE`
/// (another message; it is left as it was); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `id` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_correlation_stamp(
    msg: *mut mssip_msg,
    id: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, id) = unsafe { (borrow_mut(msg, "msg")?, arg_str(id, "id")?) };
        let id = MsCorrelationId::parse(id).map_err(|e| Failure::invalid(format!("id: {e}")))?;
        Ok(correlation::stamp(msg, &id)?)
    })
}
