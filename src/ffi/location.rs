//! `mssip_location`: the location service handle (RFC 3261 10, MS-SIPRE 3.2.5.2, 3.3.5.1,
//! 3.4.5.1), on the embedded in-memory store or on the host's own (see
//! `location_callbacks.rs`), and its operations.

use std::ffi::c_char;
use std::mem::size_of;
use std::sync::Arc;

use super::binding::{OwnedBindings, mssip_binding};
use super::boundary::{Failure, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{
    borrow_shared, free_shared, into_handle, into_shared_handle, mssip_bindings, mssip_location,
};
use super::result::mssip_result;
use super::text::{Out, arg_str};
use crate::identity::{Location, LocationLimits};

/// Bounds of the in-memory location service. Start from `mssip_location_limits_default()`.
///
/// Growth: `struct_size` is set by `mssip_location_limits_default()`; do not change it. Later versions add fields
/// only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_location_limits {
    /// Size of this struct as the program was built, set by `mssip_location_limits_default()`.
    pub struct_size: usize,
    /// Most bindings held. Default 250000. A REGISTER that would pass it gets 503.
    pub max_bindings: usize,
    /// Most bindings of one address-of-record. Default 32. A REGISTER that would pass it
    /// gets 403.
    pub max_bindings_per_aor: usize,
}

// SAFETY: repr(C), `struct_size` first, every field a `usize`.
unsafe impl SizedStruct for mssip_location_limits {
    const NAME: &'static str = "mssip_location_limits";
    const FIRST_SIZE: usize = size_of::<mssip_location_limits>();
    fn defaults() -> mssip_location_limits {
        let d = LocationLimits::DEFAULT;
        mssip_location_limits {
            struct_size: size_of::<mssip_location_limits>(),
            max_bindings: d.max_bindings,
            max_bindings_per_aor: d.max_bindings_per_aor,
        }
    }
}

impl From<mssip_location_limits> for LocationLimits {
    fn from(l: mssip_location_limits) -> LocationLimits {
        LocationLimits {
            max_bindings: l.max_bindings,
            max_bindings_per_aor: l.max_bindings_per_aor,
        }
    }
}

/// Writes the default limits into `*out` (250000 bindings, 32 per address-of-record).
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_limits_default(
    out: *mut mssip_location_limits,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_location_limits::defaults());
        Ok(())
    })
}

/// Creates a location service on the embedded in-memory store, under `limits` (NULL: the
/// defaults). Expiry follows the `now_s` values passed to the calls; nothing runs in the
/// background.
///
/// Ownership: `*out` receives a new handle; free it with `mssip_location_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a limit of 0, or a `struct_size` not set by
/// `mssip_location_limits_default()`); `MSSIP_E_NULL`.
/// Thread safety: the handle may be used from any number of threads at once.
///
/// # Safety
/// `limits` is NULL or readable for its `struct_size` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_new_memory(
    limits: *const mssip_location_limits,
    out: *mut *mut mssip_location,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let limits: LocationLimits = if limits.is_null() {
            LocationLimits::DEFAULT
        } else {
            // SAFETY: caller contract.
            unsafe { read_sized(limits, "limits") }?.into()
        };
        if limits.max_bindings == 0 || limits.max_bindings_per_aor == 0 {
            return Err(Failure::invalid("location limits must be at least 1"));
        }
        out.write(into_shared_handle::<mssip_location>(Arc::new(
            Location::memory(limits),
        )));
        Ok(())
    })
}

/// Releases this handle. The service itself lives on while a registrar (or another handle)
/// uses it. NULL is accepted and ignored.
/// Thread safety: other threads may go on using other handles on the same service.
///
/// # Safety
/// `loc` is NULL or a handle from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_free(loc: *mut mssip_location) {
    // SAFETY: caller contract.
    unsafe { free_shared(loc) }
}

/// Adds `binding`, or replaces the binding with the same `aor` and `key` (e.g. to import
/// bindings another server of a pool holds). The binding is copied.
///
/// Errors: `MSSIP_E_BAD_BINDING` (empty aor, key or contact); `MSSIP_E_LOCATION_FULL`;
/// `MSSIP_E_AOR_FULL`; `MSSIP_E_LOCATION_BACKEND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `binding` is NULL or a binding readable for its `struct_size`
/// bytes, whose views are readable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_put(
    loc: *const mssip_location,
    binding: *const mssip_binding,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let loc = unsafe { borrow_shared(loc, "loc") }?;
        // SAFETY: caller contract.
        let b = unsafe { mssip_binding::copy_in(binding) }?;
        loc.backend().put(&b)?;
        Ok(())
    })
}

/// Removes the binding of `aor` with `key`; `*removed` says whether there was one.
///
/// Errors: `MSSIP_E_LOCATION_BACKEND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `aor` and `key` are NULL or NUL-terminated; `removed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_remove(
    loc: *const mssip_location,
    aor: *const c_char,
    key: *const c_char,
    removed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, aor, key, removed) = unsafe {
            (
                borrow_shared(loc, "loc")?,
                arg_str(aor, "aor")?,
                arg_str(key, "key")?,
                Out::new(removed, "removed")?,
            )
        };
        let _writer = loc.lock_aor(aor);
        removed.write(loc.backend().remove(aor, key)?);
        Ok(())
    })
}

/// Copies the bindings of `aor` (canonical, `sip:user@domain`) live at `now_s` into a new
/// list, e.g. to hand a user's registered endpoints to the call router.
///
/// Ownership: `*out` receives a new list; free it with `mssip_bindings_free`.
/// Errors: `MSSIP_E_LOCATION_BACKEND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `aor` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_list(
    loc: *const mssip_location,
    aor: *const c_char,
    now_s: u64,
    out: *mut *mut mssip_bindings,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, aor, out) = unsafe {
            (
                borrow_shared(loc, "loc")?,
                arg_str(aor, "aor")?,
                Out::new(out, "out")?,
            )
        };
        let list = loc.live(aor, now_s)?;
        out.write(into_handle::<mssip_bindings>(OwnedBindings::new(list)));
        Ok(())
    })
}

/// Copies the binding of `aor` with `key`, live at `now_s`, into a new list of one.
///
/// Ownership: `*out` receives a new list; free it with `mssip_bindings_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (no such live binding; nothing written);
/// `MSSIP_E_LOCATION_BACKEND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `aor` and `key` are NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_get(
    loc: *const mssip_location,
    aor: *const c_char,
    key: *const c_char,
    now_s: u64,
    out: *mut *mut mssip_bindings,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, aor, key, out) = unsafe {
            (
                borrow_shared(loc, "loc")?,
                arg_str(aor, "aor")?,
                arg_str(key, "key")?,
                Out::new(out, "out")?,
            )
        };
        let found = loc
            .backend()
            .get(aor, key, now_s)?
            .filter(|b| b.aor == aor && b.key == key && b.is_live(now_s))
            .ok_or_else(|| Failure::not_found(format!("no live binding of {aor} with {key}")))?;
        out.write(into_handle::<mssip_bindings>(OwnedBindings::new(vec![
            found,
        ])));
        Ok(())
    })
}

/// Removes every binding expired at `now_s` (in-memory store); `*removed` says how many. Call
/// it now and then (say once a minute) to free memory; lookups already ignore expired
/// bindings.
///
/// Errors: `MSSIP_E_LOCATION_UNSUPPORTED` (a host store expires bindings itself);
/// `MSSIP_E_NULL`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `removed` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_purge(
    loc: *const mssip_location,
    now_s: u64,
    removed: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, removed) = unsafe { (borrow_shared(loc, "loc")?, Out::new(removed, "removed")?) };
        removed.write(loc.backend().purge_expired(now_s)?);
        Ok(())
    })
}

/// Tells the service that the host's connection `conn_id` closed: the bindings registered
/// over it become unroutable (no targets, and a dialog-creating request from their GRUU gets
/// 430, MS-SIPRE 3.7.5.2) until the endpoint registers again. `*affected` says how many.
///
/// Errors: `MSSIP_E_LOCATION_UNSUPPORTED` (a host store tracks its connections itself);
/// `MSSIP_E_NULL`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `affected` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_connection_closed(
    loc: *const mssip_location,
    conn_id: u64,
    affected: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, affected) =
            unsafe { (borrow_shared(loc, "loc")?, Out::new(affected, "affected")?) };
        affected.write(loc.backend().connection_closed(conn_id)?);
        Ok(())
    })
}

/// Writes the number of bindings held (expired ones not yet purged included).
///
/// Errors: `MSSIP_E_LOCATION_UNSUPPORTED` (host store); `MSSIP_E_NULL`. Thread safety: shared.
///
/// # Safety
/// `loc` is NULL or live; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_count(
    loc: *const mssip_location,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (loc, count) = unsafe { (borrow_shared(loc, "loc")?, Out::new(count, "count")?) };
        count.write(loc.backend().count()?);
        Ok(())
    })
}
