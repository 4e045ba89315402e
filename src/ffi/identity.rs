//! Endpoint identity (MS-SIPRE 3.2-3.4): epids, the `+sip.instance` derived from an epid,
//! the user-agent GRUU of an instance (results copied into caller buffers), and identity in
//! dialogs: epids on From and To, the remote epid, the To epid check, `+sip.instance` on
//! Contacts and the proxy's instance check.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, borrow_mut, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, mssip_str};
use crate::ext::{Epid, SipInstance};
use crate::identity::{self, IdentityError, dialog};

/// The stable code for each identity error. Exhaustive on purpose: a new variant must be
/// given its own number.
impl From<IdentityError> for Failure {
    fn from(e: IdentityError) -> Failure {
        let code = match &e {
            IdentityError::BadEpid(_) => mssip_result::MSSIP_E_BAD_EPID,
            IdentityError::BadEpidBytes { .. } => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            IdentityError::BadAor(_) => mssip_result::MSSIP_E_BAD_AOR,
            IdentityError::BadInstance(_) => mssip_result::MSSIP_E_BAD_INSTANCE,
            IdentityError::BadGruu(_) => mssip_result::MSSIP_E_BAD_GRUU,
            IdentityError::NoRandomness(_) => mssip_result::MSSIP_E_NO_RANDOMNESS,
        };
        Failure::new(code, e.to_string())
    }
}

/// Generates a new random epid (MS-SIPRE 3.2.1): 64 bits from the operating system's
/// random source, written as 16 lower-case hex characters plus a NUL (so `cap` >= 17). The
/// host should store it and use the same epid across restarts (MS-SIPRE 3.2.3.1).
///
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` (needed length in `*out_len`; pass out = NULL, cap = 0
/// to ask); `MSSIP_E_NO_RANDOMNESS`; `MSSIP_E_NULL` (out_len, or out with cap > 0).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable for `cap` bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_epid_generate(
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let buf = unsafe { OutBuf::new(out.cast::<u8>(), cap, out_len) }?;
        let epid = identity::epid::generate()?;
        buf.put_text(epid.as_str())
    })
}

/// Writes the epid that spells `len` bytes (1 to 8) as lower-case hex, for hosts that bring
/// their own random source or derive the value from a MAC address (MS-SIPRE 3.2.1).
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (0 or more than 8 bytes); `MSSIP_E_BUFFER_TOO_SMALL`;
/// `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `bytes` is NULL or readable for `len` bytes; `out` is NULL or writable for `cap` bytes;
/// `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_epid_from_bytes(
    bytes: *const u8,
    len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (bytes, buf) = unsafe {
            (
                arg_bytes(bytes, len, "bytes")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        let epid = identity::epid::from_bytes(bytes)?;
        buf.put_text(epid.as_str())
    })
}

/// Writes the `+sip.instance` URN derived from `epid` (MS-SIPRE 3.3.3.1), e.g. `"01010101"`
/// gives `urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697` (45 characters plus a NUL).
///
/// Errors: `MSSIP_E_BAD_EPID` (empty, longer than 16 characters, or a character outside
/// `tokenchar`); `MSSIP_E_BUFFER_TOO_SMALL`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `epid` is NULL or NUL-terminated; `out` is NULL or writable for `cap` bytes; `out_len` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_epid_to_instance(
    epid: *const c_char,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (epid, buf) = unsafe {
            (
                arg_str(epid, "epid")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&identity::instance_from_epid(epid)?)
    })
}

/// Tells whether `instance` (a `urn:uuid:` URN) is the one derived from `epid`, the check a
/// registrar (MS-SIPRE 3.3.5.1) and a proxy (3.3.5.2) make when a message carries both. The
/// UUID's hex digits compare case-insensitively.
///
/// Errors: `MSSIP_E_BAD_INSTANCE`; `MSSIP_E_BAD_EPID`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `instance` and `epid` are NULL or NUL-terminated; `matches` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_instance_matches_epid(
    instance: *const c_char,
    epid: *const c_char,
    matches: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (instance, epid, matches) = unsafe {
            (
                arg_str(instance, "instance")?,
                arg_str(epid, "epid")?,
                Out::new(matches, "matches")?,
            )
        };
        matches.write(identity::instance_matches_epid(instance, epid)?);
        Ok(())
    })
}

/// Writes the user-agent GRUU of address-of-record `aor` (`sip:user@host`, no port,
/// parameters or headers) for `instance` (`urn:uuid:...`), MS-SIPRE 2.2.2 and 3.4.5.1: for
/// `("sip:alice@contoso.com", "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697")` it is
/// `sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA`.
///
/// Errors: `MSSIP_E_BAD_AOR`; `MSSIP_E_BAD_INSTANCE`; `MSSIP_E_BUFFER_TOO_SMALL`;
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: callable from any thread.
///
/// # Safety
/// `aor` and `instance` are NULL or NUL-terminated; `out` is NULL or writable for `cap`
/// bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_gruu_for_instance(
    aor: *const c_char,
    instance: *const c_char,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (aor, instance, buf) = unsafe {
            (
                arg_str(aor, "aor")?,
                arg_str(instance, "instance")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&identity::user_agent_gruu(aor, instance)?)
    })
}

/// Writes the `+sip.instance` URN (`urn:uuid:...`, lower-case) a user-agent GRUU was made
/// for: the reverse of `mssip_gruu_for_instance`, for a proxy that maps a GRUU back to a
/// registered endpoint (MS-SIPRE 3.4.5.2).
///
/// Errors: `MSSIP_E_BAD_GRUU` (not a user-agent GRUU, or its encoded UUID is malformed);
/// `MSSIP_E_BUFFER_TOO_SMALL`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `gruu` is NULL or NUL-terminated; `out` is NULL or writable for `cap` bytes; `out_len` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_instance_from_gruu(
    gruu: *const c_char,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (gruu, buf) = unsafe {
            (
                arg_str(gruu, "gruu")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&identity::instance_from_gruu(gruu)?)
    })
}

/// MS-SIPRE 3.2.4.1: puts `;epid=<epid>` on the From of `msg`, a request the user agent
/// generates (replacing an epid already there).
///
/// Errors: `MSSIP_E_BAD_EPID`; `MSSIP_E_NOT_FOUND` (no From); `MSSIP_E_BAD_VALUE` (From does
/// not parse); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `epid` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_from_epid(
    msg: *mut mssip_msg,
    epid: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, epid) = unsafe { (borrow_mut(msg, "msg")?, arg_str(epid, "epid")?) };
        let epid = Epid::parse(epid).map_err(IdentityError::BadEpid)?;
        dialog::set_from_epid(msg, &epid)?;
        Ok(())
    })
}

/// MS-SIPRE 3.2.4.1: puts the dialog's remote epid on the To of `msg`, a request inside the
/// dialog (replacing an epid already there).
///
/// Errors: as `mssip_msg_set_from_epid`, for To.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `remote_epid` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_to_epid(
    msg: *mut mssip_msg,
    remote_epid: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, epid) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(remote_epid, "remote_epid")?,
            )
        };
        let epid = Epid::parse(epid).map_err(IdentityError::BadEpid)?;
        dialog::set_to_epid(msg, &epid)?;
        Ok(())
    })
}

/// MS-SIPRE 3.2.4.1: the remote epid a dialog keeps, from the message that creates it: the
/// To epid of a response (the UAC's view) or the From epid of a request (the UAS's view).
/// `*out` borrows from `msg`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no epid: the remote epid is empty); `MSSIP_E_BAD_EPID`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remote_epid(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let side = if msg.is_request() {
            msg.from()
        } else {
            msg.to()
        };
        dialog::remote_epid(msg).map_err(IdentityError::BadEpid)?;
        let value = side
            .and_then(|a| a.ok())
            .and_then(|a| a.params.get("epid"))
            .and_then(|p| p.value)
            .ok_or_else(|| Failure::not_found("no epid: the remote epid is empty"))?;
        out.write(mssip_str::of(value));
        Ok(())
    })
}

/// MS-SIPRE 3.2.5.1: `*accept` is false when the To of `request` carries an epid other than
/// `own_epid`: the user agent then discards the request without answering it. True otherwise.
///
/// Errors: `MSSIP_E_BAD_EPID` (own_epid); `MSSIP_E_WRONG_KIND` (a response); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: `request` is used by one thread at a time.
///
/// # Safety
/// `request` is NULL or a live message; `own_epid` is NULL or NUL-terminated; `accept` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_epid_is_for_me(
    request: *const mssip_msg,
    own_epid: *const c_char,
    accept: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (req, epid, accept) = unsafe {
            (
                borrow(request, "request")?,
                arg_str(own_epid, "own_epid")?,
                Out::new(accept, "accept")?,
            )
        };
        let epid = Epid::parse(epid).map_err(IdentityError::BadEpid)?;
        if !req.is_request() {
            return Err(Failure::new(
                mssip_result::MSSIP_E_WRONG_KIND,
                "a response has no recipient epid to check",
            ));
        }
        accept.write(dialog::is_for_me(req, &epid));
        Ok(())
    })
}

/// MS-SIPRE 3.3.4.1: puts `+sip.instance="<instance>"` on every Contact of `msg` (a
/// `Contact: *` is left alone); `*count` says how many Contacts got it.
///
/// Errors: `MSSIP_E_BAD_INSTANCE` (not a `urn:uuid:` URN); `MSSIP_E_BAD_VALUE` (a Contact does
/// not parse); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `instance` is NULL or NUL-terminated; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_contact_instance(
    msg: *mut mssip_msg,
    instance: *const c_char,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, instance, count) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(instance, "instance")?,
                Out::new(count, "count")?,
            )
        };
        let instance = SipInstance::from_urn(instance).map_err(IdentityError::BadInstance)?;
        count.write(dialog::set_contact_instance(msg, &instance)?);
        Ok(())
    })
}

/// MS-SIPRE 3.3.5.2, the check a proxy makes before it uses a message's `+sip.instance`:
/// `*status` is 0 when every `+sip.instance` is a UUID URN and, with an epid (From of a
/// request, To of a response), the one derived from it; otherwise 400, with `*reason` a
/// static text naming the problem (an empty view for 0).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a
/// time.
///
/// # Safety
/// `msg` is NULL or a live message; `status` and `reason` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_check_instance(
    msg: *const mssip_msg,
    status: *mut u16,
    reason: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, status, reason) = unsafe {
            (
                borrow(msg, "msg")?,
                Out::new(status, "status")?,
                Out::new(reason, "reason")?,
            )
        };
        match dialog::check_instance(msg) {
            Ok(()) => {
                status.write(0);
                reason.write(mssip_str::of(""));
            }
            Err(why) => {
                status.write(400);
                reason.write(mssip_str::of(why));
            }
        }
        Ok(())
    })
}
