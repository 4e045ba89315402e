//! `mssip_callee`: what the host knows about the callee of calls (MS-SIPRE 3.9): the
//! published routing preambles (parsed and aggregated once, when added), registered
//! endpoints, voice mail, phone line and presence facts. Keep one per user and route every
//! call to the user with it; on a new publication clear the preambles and add them again.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow_mut, free_handle, into_handle, mssip_callee};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, arg_str};
use crate::routing::{Callee, PreambleError};

/// The stable code for each preamble error.
impl From<PreambleError> for Failure {
    fn from(e: PreambleError) -> Failure {
        match e {
            PreambleError::Xml(x) => Failure::from(x),
            PreambleError::Invalid { .. } => {
                Failure::new(mssip_result::MSSIP_E_BAD_PREAMBLE, e.to_string())
            }
            PreambleError::TooManyTargets { .. } | PreambleError::TooManyInstances { .. } => {
                Failure::new(mssip_result::MSSIP_E_LIMIT, e.to_string())
            }
        }
    }
}

/// A fact about the callee (`mssip_callee_set_fact`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_callee_fact {
    /// Presence for the caller's container is do-not-disturb (default false).
    MSSIP_CALLEE_DND = 1,
    /// Now is inside the callee's working hours (default true).
    MSSIP_CALLEE_IN_WORK_HOURS = 2,
    /// The INVITE targets the callee's private line (default false).
    MSSIP_CALLEE_PRIVATE_LINE = 3,
    /// It reached the callee through another user's team or delegate ringing (default
    /// false).
    MSSIP_CALLEE_VIA_TEAM_OR_DELEGATE = 4,
}

/// The C spelling of a fact argument (renamed to `mssip_callee_fact` in the header; see
/// `mssip_result_raw` for why the Rust side holds the raw number).
pub type mssip_callee_fact_raw = u32;

/// Creates a callee for `aor` (`sip:user@host`) with no preamble (the default script of
/// MS-SIPRE 3.9.3), no endpoint, no voice mail or phone line, and the default facts.
///
/// Ownership: `*out` receives a new callee; free it with `mssip_callee_free`.
/// Errors: `MSSIP_E_BAD_AOR`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: see
/// `mssip_callee`.
///
/// # Safety
/// `aor` is NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_new(
    aor: *const c_char,
    out: *mut *mut mssip_callee,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (aor, out) = unsafe { (arg_str(aor, "aor")?, Out::new(out, "out")?) };
        let c = Callee::new(aor).map_err(|e| Failure::new(mssip_result::MSSIP_E_BAD_AOR, e))?;
        out.write(into_handle::<mssip_callee>(c));
        Ok(())
    })
}

/// Frees a callee. NULL is accepted and ignored. Calls routed with it live on.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or a live callee not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_free(callee: *mut mssip_callee) {
    // SAFETY: caller contract.
    unsafe { free_handle(callee) }
}

/// Adds one published preamble instance (MS-SIPRE 2.2.8): parsed, checked (3.9) and
/// aggregated with the others now, not per call. A refused instance makes the callee route
/// by the default script (3.9) until `mssip_callee_clear_preambles`; the error says why.
///
/// Errors: `MSSIP_E_BAD_PREAMBLE`; the `MSSIP_E_XML_*` codes (not well-formed);
/// `MSSIP_E_LIMIT` (size, depth, more than 64 targets in a list, more than 16 instances);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live; `xml` is NULL with `len` 0 or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_add_preamble(
    callee: *mut mssip_callee,
    xml: *const u8,
    len: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (c, xml) = unsafe { (borrow_mut(callee, "callee")?, arg_bytes(xml, len, "xml")?) };
        c.add_preamble(xml)?;
        Ok(())
    })
}

/// Forgets every preamble instance (back to the default script until new ones are added).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_clear_preambles(callee: *mut mssip_callee) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { borrow_mut(callee, "callee") }?.clear_preambles();
        Ok(())
    })
}

fn bad_uri(e: String) -> Failure {
    Failure::new(mssip_result::MSSIP_E_BAD_URI, e)
}

/// Adds a registered endpoint: the URI its branch is sent to (its contact or GRUU).
///
/// Errors: `MSSIP_E_BAD_URI` (not a sip:, sips: or tel: URI); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live; `uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_add_endpoint(
    callee: *mut mssip_callee,
    uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (c, uri) = unsafe { (borrow_mut(callee, "callee")?, arg_str(uri, "uri")?) };
        c.add_endpoint(uri).map_err(bad_uri)
    })
}

/// Forgets the registered endpoints.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_clear_endpoints(callee: *mut mssip_callee) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { borrow_mut(callee, "callee") }?.clear_endpoints();
        Ok(())
    })
}

/// Sets the voice-mail GRUU (MS-SIPRE 2.2.2): voice mail is configured from then on.
///
/// Errors: `MSSIP_E_BAD_URI`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live; `uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_set_voicemail(
    callee: *mut mssip_callee,
    uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (c, uri) = unsafe { (borrow_mut(callee, "callee")?, arg_str(uri, "uri")?) };
        c.set_voicemail(uri).map_err(bad_uri)
    })
}

/// Sets the user's phone line (a `tel:` URI), written as `ms-target-phone` in History-Info
/// (MS-SIPRE 3.9.5.10).
///
/// Errors: `MSSIP_E_BAD_URI` (not a tel: URI); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live; `tel_uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_set_phone_line(
    callee: *mut mssip_callee,
    tel_uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (c, tel) = unsafe { (borrow_mut(callee, "callee")?, arg_str(tel_uri, "tel_uri")?) };
        c.set_phone_line(tel).map_err(bad_uri)
    })
}

/// Sets one fact (`mssip_callee_fact`) to `value`.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (no such fact); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread changes a callee at a time, and not while it is routed with.
///
/// # Safety
/// `callee` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_callee_set_fact(
    callee: *mut mssip_callee,
    fact: mssip_callee_fact_raw,
    value: bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let c = unsafe { borrow_mut(callee, "callee") }?;
        let f = &mut c.facts;
        match fact {
            1 => f.dnd = value,
            2 => f.in_work_hours = value,
            3 => f.private_line = value,
            4 => f.via_team_or_delegate = value,
            _ => {
                return Err(Failure::invalid(format!(
                    "{fact} is not a mssip_callee_fact"
                )));
            }
        }
        Ok(())
    })
}
