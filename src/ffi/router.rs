//! `mssip_router`: routes incoming INVITEs to their callee (MS-SIPRE 3.9.5.2) into calls.
//!
//! Per INVITE for a user of the domain: look up (or build once and keep) the user's
//! `mssip_callee`, call `mssip_router_route`, then carry out the call's actions.

use std::mem::{offset_of, size_of};

use super::boundary::guard;
use super::call::CallState;
use super::growth::{SizedStruct, read_sized};
use super::handle::{
    borrow, borrow_shared, free_shared, into_handle, into_shared_handle, mssip_call, mssip_callee,
    mssip_msg, mssip_router,
};
use super::result::mssip_result;
use super::text::Out;
use crate::routing::{Router, RouterConfig};

/// Bounds on each call. Start from `mssip_router_config_default()`.
///
/// Growth: `struct_size` is set by `mssip_router_config_default()`; do not change it. Later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_router_config {
    /// Size of this struct as the program was built, set by `mssip_router_config_default()`.
    pub struct_size: usize,
    /// Most branches of one call (forks, 415 retries and 303 retargets). Default 32.
    pub max_branches: u32,
    /// Most History-Info entries accepted on an INVITE; more is answered 480. Default 32.
    pub max_history_entries: u32,
}

// SAFETY: repr(C), `struct_size` first, every other field a `u32`.
unsafe impl SizedStruct for mssip_router_config {
    const NAME: &'static str = "mssip_router_config";
    const FIRST_SIZE: usize =
        offset_of!(mssip_router_config, max_history_entries) + size_of::<u32>();
    fn defaults() -> mssip_router_config {
        let d = RouterConfig::DEFAULT;
        mssip_router_config {
            struct_size: size_of::<mssip_router_config>(),
            max_branches: d.max_branches as u32,
            max_history_entries: d.max_history_entries as u32,
        }
    }
}

/// Writes the default configuration into `*out` (32 branches, 32 History-Info entries).
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_router_config_default(
    out: *mut mssip_router_config,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_router_config::defaults());
        Ok(())
    })
}

/// Creates a router with the default configuration.
///
/// Ownership: `*out` receives a new router; free it with `mssip_router_free`.
/// Errors: `MSSIP_E_NULL`. Thread safety: the router may be used from any number of
/// threads at once.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_router_new(out: *mut *mut mssip_router) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { mssip_router_new_with(std::ptr::null(), out) }
}

/// Creates a router with `config` (NULL: the defaults).
///
/// Ownership: `*out` receives a new router; free it with `mssip_router_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a bound of 0, or a `struct_size` not set by
/// `mssip_router_config_default()`); `MSSIP_E_NULL`. Thread safety: shared.
///
/// # Safety
/// `config` is NULL or readable for its `struct_size` bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_router_new_with(
    config: *const mssip_router_config,
    out: *mut *mut mssip_router,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let mut rc = RouterConfig::DEFAULT;
        if !config.is_null() {
            // SAFETY: caller contract.
            let c = unsafe { read_sized(config, "config") }?;
            if c.max_branches == 0 || c.max_history_entries == 0 {
                return Err(super::boundary::Failure::invalid(
                    "mssip_router_config: bounds must be above 0",
                ));
            }
            rc.max_branches = c.max_branches as usize;
            rc.max_history_entries = c.max_history_entries as usize;
        }
        out.write(into_shared_handle::<mssip_router>(Router::new(rc)));
        Ok(())
    })
}

/// Frees one reference to a router. NULL is accepted and ignored. Calls made by it live on.
/// Thread safety: `router` is shared; callable from any thread.
///
/// # Safety
/// `router` is NULL or a router reference not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_router_free(router: *mut mssip_router) {
    // SAFETY: caller contract.
    unsafe { free_shared(router) }
}

/// Routes `invite` to `callee` (MS-SIPRE 3.9.5): `*out` receives the call with its first
/// actions queued. An INVITE that the preamble rules apply to (3.9.5.1: SDP with audio, an
/// audio app-invite, multipart with an audio SDP part) gets a 183 with Ms-Forking, the forks
/// of the first rule that applies (3.9.5.2.2) with History-Info (3.9.5.10), 101 / 181 and
/// its timer; any other INVITE is forked plainly to the registered endpoints. A bad or
/// repeated Ms-Sensitivity is answered 400 (2.2.9), a blocked call 480, bad History-Info
/// 480: those calls hold a RESPOND and DONE. The call keeps copies of what it needs: the
/// INVITE and callee may change or be freed afterwards.
///
/// Ownership: `*out` receives a new call; free it with `mssip_call_free`.
/// Errors: `MSSIP_E_NOT_INVITE`; `MSSIP_E_INVITE_UNANSWERABLE` (no Via, From, To, Call-ID
/// or a bad CSeq); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `router` is shared; `invite` and `callee` are only read.
///
/// # Safety
/// `router` is NULL or live; `invite` NULL or a live message; `callee` NULL or a live
/// callee; `out` NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_router_route(
    router: *const mssip_router,
    invite: *const mssip_msg,
    callee: *const mssip_callee,
    out: *mut *mut mssip_call,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (router, invite, callee, out) = unsafe {
            (
                borrow_shared(router, "router")?,
                borrow(invite, "invite")?,
                borrow(callee, "callee")?,
                Out::new(out, "out")?,
            )
        };
        let call = router.route(invite, callee)?;
        out.write(into_handle::<mssip_call>(CallState::new(call)));
        Ok(())
    })
}
