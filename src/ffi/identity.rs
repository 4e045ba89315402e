//! Endpoint identity (MS-SIPRE 3.2-3.4): epids, the `+sip.instance` derived from an epid,
//! and the user-agent GRUU of an instance. Results are copied into caller buffers.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str};
use crate::identity::{self, IdentityError};

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
