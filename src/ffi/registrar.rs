//! `mssip_registrar`: answers REGISTER requests and keeps the bindings (RFC 3261 10.3, RFC
//! 3327, MS-SIPRE 3.2.5.2, 3.3.5.1, 3.4.5.1), and checks dialog-creating requests from GRUUs
//! (MS-SIPRE 3.7.5.2).
//!
//! Call order for a proxy's poll loop, per request received (after framing, validation and
//! `mssip_nat_process`):
//! 1. REGISTER: `mssip_registrar_process`, send the response back on the same connection.
//! 2. Other requests for the domain: `mssip_registrar_check_dialog` (send its 430 if it gives
//!    one), then `mssip_registrar_targets` (targets.rs) and forward to each target's
//!    connection.
//! 3. When a connection closes: `mssip_location_connection_closed`.
//! 4. Now and then: `mssip_location_purge`.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::sync::Arc;

use super::boundary::{Failure, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{
    borrow, borrow_shared, free_shared, into_handle, into_shared_handle, mssip_location, mssip_msg,
    mssip_registrar,
};
use super::peer::mssip_peer;
use super::result::mssip_result;
use super::text::{Out, arg_str};
use crate::identity::{Location, Registrar, RegistrarConfig, RegistrarError};

/// The stable code for each registrar error.
impl From<RegistrarError> for Failure {
    fn from(e: RegistrarError) -> Failure {
        let code = match &e {
            RegistrarError::BadDomain(_) => mssip_result::MSSIP_E_BAD_DOMAIN,
            RegistrarError::BadConfig(_) => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            RegistrarError::NotRegister => mssip_result::MSSIP_E_NOT_REGISTER,
            RegistrarError::Unanswerable(_) => mssip_result::MSSIP_E_UNANSWERABLE,
            RegistrarError::NoRandomness(_) => mssip_result::MSSIP_E_NO_RANDOMNESS,
        };
        Failure::new(code, e.to_string())
    }
}

/// Registration intervals in seconds (RFC 3261 10.2.1.1, 10.3 step 7). Start from
/// `mssip_registrar_config_default()`.
///
/// Growth: `struct_size` is set by `mssip_registrar_config_default()`; do not change it. Later versions add fields
/// only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_registrar_config {
    /// Size of this struct as the program was built, set by `mssip_registrar_config_default()`.
    pub struct_size: usize,
    /// Interval given when neither the Contact nor the request says. Default 3600.
    pub default_expires: u32,
    /// Shortest non-zero interval accepted; shorter gets 423 with Min-Expires. Default 60.
    pub min_expires: u32,
    /// Longest interval granted; longer is shortened to it. Default 7200.
    pub max_expires: u32,
}

// SAFETY: repr(C), `struct_size` first, every other field a `u32`.
unsafe impl SizedStruct for mssip_registrar_config {
    const NAME: &'static str = "mssip_registrar_config";
    const FIRST_SIZE: usize = offset_of!(mssip_registrar_config, max_expires) + size_of::<u32>();
    fn defaults() -> mssip_registrar_config {
        let d = RegistrarConfig::DEFAULT;
        mssip_registrar_config {
            struct_size: size_of::<mssip_registrar_config>(),
            default_expires: d.default_expires,
            min_expires: d.min_expires,
            max_expires: d.max_expires,
        }
    }
}

impl From<mssip_registrar_config> for RegistrarConfig {
    fn from(c: mssip_registrar_config) -> RegistrarConfig {
        RegistrarConfig {
            default_expires: c.default_expires,
            min_expires: c.min_expires,
            max_expires: c.max_expires,
        }
    }
}

/// Writes the default configuration into `*out` (3600 s default, 60 s minimum, 7200 s
/// maximum).
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_config_default(
    out: *mut mssip_registrar_config,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_registrar_config::defaults());
        Ok(())
    })
}

/// Creates a registrar for `domain` (e.g. `"contoso.com"`) with the default configuration and
/// a new in-memory location service (`mssip_location_limits_default`).
///
/// Ownership: `*out` receives a new registrar; free it with `mssip_registrar_free`.
/// Errors: `MSSIP_E_BAD_DOMAIN`; `MSSIP_E_NO_RANDOMNESS`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: the registrar may be used from any number of threads at once.
///
/// # Safety
/// `domain` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_new(
    domain: *const c_char,
    out: *mut *mut mssip_registrar,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { mssip_registrar_new_with(domain, std::ptr::null(), std::ptr::null(), out) }
}

/// Creates a registrar for `domain` with `config` (NULL: the defaults) on `location` (NULL: a
/// new in-memory service with the default limits). The registrar keeps its own reference to
/// the location service: `location` may be freed right after.
///
/// Ownership: `*out` receives a new registrar; free it with `mssip_registrar_free`.
/// Errors: `MSSIP_E_BAD_DOMAIN`; `MSSIP_E_INVALID_ARGUMENT` (intervals that contradict each
/// other: min 0, min > max, default outside min..max; a `struct_size` not set by
/// `mssip_registrar_config_default()`); `MSSIP_E_NO_RANDOMNESS`;
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: the registrar may be used from any number of threads at once.
///
/// # Safety
/// `domain` is NULL or NUL-terminated; `config` is NULL or readable for its `struct_size`
/// bytes; `location` is NULL or a
/// live location handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_new_with(
    domain: *const c_char,
    config: *const mssip_registrar_config,
    location: *const mssip_location,
    out: *mut *mut mssip_registrar,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (domain, out) = unsafe { (arg_str(domain, "domain")?, Out::new(out, "out")?) };
        let config: RegistrarConfig = if config.is_null() {
            RegistrarConfig::DEFAULT
        } else {
            // SAFETY: caller contract.
            unsafe { read_sized(config, "config") }?.into()
        };
        let location = if location.is_null() {
            Arc::new(Location::default())
        } else {
            // SAFETY: caller contract.
            unsafe { borrow_shared(location, "location") }?.clone()
        };
        let reg = Registrar::with(domain, config, location)?;
        out.write(into_shared_handle::<mssip_registrar>(reg));
        Ok(())
    })
}

/// Frees a registrar. NULL is accepted and ignored. Its bindings stay in the location service
/// while another handle uses it.
/// Thread safety: no other thread may be using `reg`.
///
/// # Safety
/// `reg` is NULL or a registrar from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_free(reg: *mut mssip_registrar) {
    // SAFETY: caller contract.
    unsafe { free_shared(reg) }
}

/// Answers a REGISTER received from `peer` at `now_s` (the host's clock in seconds, the same
/// clock for every call): `*response` receives the response to send back, a 200 OK listing
/// every binding of the address-of-record (`Contact: <uri>;expires=N;+sip.instance="<...>";
/// gruu="..."`, as MS-SIPRE 4.10 shows, and the Path of RFC 3327), or the 4xx/5xx the request
/// earns with a reason phrase naming the problem: 400 (malformed, +sip.instance not a UUID URN
/// or not the one of the From epid), 403 (domain not served, a GRUU as Contact, too many
/// bindings for the AOR), 404 (AOR not in the domain), 420, 423 (with Min-Expires), 500 (out
/// of order CSeq, location store failure), 503 (location service full). Bindings change only
/// when the response is a 200. The binding records `peer->conn_id`.
///
/// Run NAT processing (`mssip_nat_process`) first, so the stored Contact is the rewritten
/// one; authenticate the request yourself before (RFC 3261 10.3 steps 3-4).
///
/// Ownership: `*response` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NOT_REGISTER` (not a REGISTER request); `MSSIP_E_UNANSWERABLE` (no To
/// header: no response can be built; drop the request); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `reg` is shared; `request` is only read during the call.
///
/// # Safety
/// `reg` is NULL or live; `request` is NULL or a live message; `peer` is NULL or readable;
/// `response` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_process(
    reg: *mut mssip_registrar,
    request: *const mssip_msg,
    peer: *const mssip_peer,
    now_s: u64,
    response: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (reg, req, peer, response) = unsafe {
            (
                borrow_shared(reg.cast_const(), "reg")?,
                borrow(request, "request")?,
                peer.as_ref(),
                Out::new(response, "response")?,
            )
        };
        let peer = peer.ok_or_else(|| Failure::null("peer"))?;
        let resp = reg.process(req, peer.conn_id, now_s)?;
        response.write(into_handle::<mssip_msg>(resp));
        Ok(())
    })
}

/// MS-SIPRE 3.7.5.2 for a request received at `now_s`: when it creates a dialog (INVITE,
/// SUBSCRIBE, REFER without To tag) and its Contact is a GRUU of this domain that no live,
/// routable binding holds, `*response` receives the 430 Flow Failed to send, with
/// `P-Dialog-Recovery-Action: Registration-Route-Set-Update, Dialog-Route-Set-Update`;
/// otherwise `*response` is set to NULL and the request goes on.
///
/// Ownership: a non-NULL `*response` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_UNANSWERABLE`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `reg` is shared.
///
/// # Safety
/// `reg` is NULL or live; `request` is NULL or a live message; `response` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_check_dialog(
    reg: *const mssip_registrar,
    request: *const mssip_msg,
    now_s: u64,
    response: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (reg, req, response) = unsafe {
            (
                borrow_shared(reg, "reg")?,
                borrow(request, "request")?,
                Out::new(response, "response")?,
            )
        };
        let out = match reg.check_dialog(req, now_s)? {
            Some(resp) => into_handle::<mssip_msg>(resp),
            None => std::ptr::null_mut(),
        };
        response.write(out);
        Ok(())
    })
}

/// Gives a new handle on the registrar's location service (to list bindings, report closed
/// connections, purge, or share it with another registrar).
///
/// Ownership: `*out` receives a new handle; free it with `mssip_location_free`.
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: shared.
///
/// # Safety
/// `reg` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_registrar_location(
    reg: *const mssip_registrar,
    out: *mut *mut mssip_location,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (reg, out) = unsafe { (borrow_shared(reg, "reg")?, Out::new(out, "out")?) };
        out.write(into_shared_handle::<mssip_location>(reg.location().clone()));
        Ok(())
    })
}
