//! A location service on the host's own store: the C callbacks `put`, `get`, `remove` and
//! `list`, behind the same `LocationBackend` trait as the in-memory store, so a PBX keeps the
//! bindings in the database it already runs.

use std::ffi::c_void;
use std::mem::size_of;
use std::sync::Arc;

use super::binding::{mssip_binding, path_views};
use super::boundary::{Failure, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{
    borrow_mut, free_handle, into_handle, into_shared_handle, mssip_binding_sink, mssip_location,
};
use super::result::{mssip_result, mssip_result_raw};
use super::text::{Out, mssip_str};
use crate::identity::{Binding, Location, LocationBackend, LocationError};

/// The host's store. Each callback gets `user_data` first and returns `MSSIP_OK`, or
/// `MSSIP_E_LOCATION_FULL` / `MSSIP_E_AOR_FULL` when a `put` would pass the store's limits, or
/// any other code for a failure. Views passed in are valid only during the call: copy what you
/// keep. A `get` or `list` hands each binding it finds to `mssip_binding_sink_add(sink, ...)`
/// (which copies it) before returning; it may return expired bindings, which the library
/// ignores.
///
/// Callbacks run on the thread that called the registrar; with several threads they run
/// concurrently and must be thread-safe. They must not call the registrar or this location
/// service (only `mssip_binding_sink_add`). The registrar judges `max_bindings_per_aor` on what
/// a REGISTER leaves; while it applies a REGISTER that swaps one contact for another, the
/// address-of-record holds one more binding for a moment (additions are written before
/// removals, so a failure can always be undone).
///
/// Growth: start from `mssip_location_callbacks_default()`, which sets `struct_size`; later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_location_callbacks {
    /// Size of this struct as the program was built, set by
    /// `mssip_location_callbacks_default()`.
    pub struct_size: usize,
    /// Passed to every callback.
    pub user_data: *mut c_void,
    /// Most bindings one address-of-record may have (at least 1); the registrar answers 403
    /// above it.
    pub max_bindings_per_aor: usize,
    /// Adds `binding`, or replaces the one with the same `aor` and `key`.
    pub put: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            binding: *const mssip_binding,
        ) -> mssip_result_raw,
    >,
    /// Finds the binding of `aor` with `key` and adds it to `sink` (nothing when absent).
    pub get: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            aor: mssip_str,
            key: mssip_str,
            sink: *mut mssip_binding_sink,
        ) -> mssip_result_raw,
    >,
    /// Removes the binding of `aor` with `key` (`MSSIP_OK` when there was none too).
    pub remove: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            aor: mssip_str,
            key: mssip_str,
        ) -> mssip_result_raw,
    >,
    /// Adds every binding of `aor` to `sink`.
    pub list: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            aor: mssip_str,
            sink: *mut mssip_binding_sink,
        ) -> mssip_result_raw,
    >,
}

// SAFETY: repr(C), `struct_size` first; the other fields are a pointer, a `usize` and
// optional function pointers, valid for any bytes C stores in them (NULL is `None`).
unsafe impl SizedStruct for mssip_location_callbacks {
    const NAME: &'static str = "mssip_location_callbacks";
    const FIRST_SIZE: usize = size_of::<mssip_location_callbacks>();
    fn defaults() -> mssip_location_callbacks {
        mssip_location_callbacks {
            struct_size: size_of::<mssip_location_callbacks>(),
            user_data: std::ptr::null_mut(),
            max_bindings_per_aor: crate::identity::LocationLimits::DEFAULT.max_bindings_per_aor,
            put: None,
            get: None,
            remove: None,
            list: None,
        }
    }
}

/// Writes a callback table with every callback NULL, no user data, `max_bindings_per_aor`
/// 32 and `struct_size` set into `*out`: fill in the callbacks and pass it to
/// `mssip_location_new_callbacks`.
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_callbacks_default(
    out: *mut mssip_location_callbacks,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_location_callbacks::defaults());
        Ok(())
    })
}

type PutFn = unsafe extern "C" fn(*mut c_void, *const mssip_binding) -> mssip_result_raw;
type GetFn = unsafe extern "C" fn(
    *mut c_void,
    mssip_str,
    mssip_str,
    *mut mssip_binding_sink,
) -> mssip_result_raw;
type RemoveFn = unsafe extern "C" fn(*mut c_void, mssip_str, mssip_str) -> mssip_result_raw;
type ListFn =
    unsafe extern "C" fn(*mut c_void, mssip_str, *mut mssip_binding_sink) -> mssip_result_raw;

/// The callbacks as a `LocationBackend`.
struct CallbackBackend {
    user_data: *mut c_void,
    max_per_aor: usize,
    put: PutFn,
    get: GetFn,
    remove: RemoveFn,
    list: ListFn,
}

// SAFETY: the host promises (see mssip_location_callbacks) that its callbacks and user_data
// may be used from any thread, concurrently.
unsafe impl Send for CallbackBackend {}
// SAFETY: as above.
unsafe impl Sync for CallbackBackend {}

impl CallbackBackend {
    /// Maps what a callback returned.
    fn outcome(&self, raw: mssip_result_raw, what: &str, aor: &str) -> Result<(), LocationError> {
        match mssip_result::from_raw(raw) {
            Some(mssip_result::MSSIP_OK) => Ok(()),
            Some(mssip_result::MSSIP_E_LOCATION_FULL) => Err(LocationError::Full { max: None }),
            Some(mssip_result::MSSIP_E_AOR_FULL) => Err(LocationError::AorFull {
                aor: aor.to_owned(),
                max: self.max_per_aor,
            }),
            Some(other) => Err(LocationError::Backend(format!(
                "{what} callback returned {}",
                other.name()
            ))),
            None => Err(LocationError::Backend(format!(
                "{what} callback returned {raw}"
            ))),
        }
    }

    /// Runs a callback that fills a sink, and takes the bindings out of it.
    fn collect(
        &self,
        what: &str,
        aor: &str,
        call: impl FnOnce(*mut mssip_binding_sink) -> mssip_result_raw,
    ) -> Result<Vec<Binding>, LocationError> {
        let sink = into_handle::<mssip_binding_sink>(Vec::new());
        let raw = call(sink);
        // SAFETY: `sink` came from into_handle above, and the callback has returned, so no
        // borrow of it is live.
        let found = match unsafe { borrow_mut(sink, "sink") } {
            Ok(v) => std::mem::take(v),
            Err(_) => Vec::new(),
        };
        // SAFETY: as above; the handle is not used again.
        unsafe { free_handle(sink) };
        self.outcome(raw, what, aor)?;
        Ok(found)
    }
}

impl LocationBackend for CallbackBackend {
    fn put(&self, binding: &Binding) -> Result<(), LocationError> {
        let paths = path_views(binding);
        let view = mssip_binding::of(binding, &paths);
        // SAFETY: the host's callback, given a binding whose views live until it returns.
        let raw = unsafe { (self.put)(self.user_data, &view) };
        self.outcome(raw, "put", &binding.aor)
    }

    fn get(&self, aor: &str, key: &str, _now: u64) -> Result<Option<Binding>, LocationError> {
        let found = self.collect("get", aor, |sink| {
            // SAFETY: the host's callback, with views valid during the call.
            unsafe { (self.get)(self.user_data, mssip_str::of(aor), mssip_str::of(key), sink) }
        })?;
        Ok(found.into_iter().find(|b| b.aor == aor && b.key == key))
    }

    fn remove(&self, aor: &str, key: &str) -> Result<bool, LocationError> {
        // SAFETY: the host's callback, with views valid during the call.
        let raw = unsafe { (self.remove)(self.user_data, mssip_str::of(aor), mssip_str::of(key)) };
        self.outcome(raw, "remove", aor).map(|()| true)
    }

    fn list(&self, aor: &str, _now: u64) -> Result<Vec<Binding>, LocationError> {
        self.collect("list", aor, |sink| {
            // SAFETY: the host's callback, with views valid during the call.
            unsafe { (self.list)(self.user_data, mssip_str::of(aor), sink) }
        })
    }

    fn connection_closed(&self, _conn_id: u64) -> Result<usize, LocationError> {
        Err(LocationError::Unsupported(
            "connection tracking (mark the bindings of the host store unroutable there)",
        ))
    }

    fn purge_expired(&self, _now: u64) -> Result<usize, LocationError> {
        Err(LocationError::Unsupported(
            "purge (the host store expires its own bindings)",
        ))
    }

    fn count(&self) -> Result<usize, LocationError> {
        Err(LocationError::Unsupported("count"))
    }

    fn max_bindings_per_aor(&self) -> usize {
        self.max_per_aor
    }
}

/// Creates a location service on the host's store described by `callbacks` (copied; every
/// callback is required). Use it with `mssip_registrar_new_with`.
///
/// Ownership: `*out` receives a new handle; free it with `mssip_location_free`. `user_data`
/// must stay valid until the service is gone (the last registrar or handle using it freed).
/// Errors: `MSSIP_E_NULL` (callbacks, out or a callback NULL); `MSSIP_E_INVALID_ARGUMENT`
/// (`max_bindings_per_aor` 0, or a `struct_size` not set by
/// `mssip_location_callbacks_default()`).
/// Thread safety: the handle is shared; see `mssip_location_callbacks` for the callbacks.
///
/// # Safety
/// `callbacks` is NULL or readable for its `struct_size` bytes, and its callbacks behave as
/// documented there; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_location_new_callbacks(
    callbacks: *const mssip_location_callbacks,
    out: *mut *mut mssip_location,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        // SAFETY: caller contract.
        let cb = unsafe { read_sized(callbacks, "callbacks") }?;
        let (Some(put), Some(get), Some(remove), Some(list)) = (cb.put, cb.get, cb.remove, cb.list)
        else {
            return Err(Failure::null("callbacks.put, .get, .remove and .list"));
        };
        if cb.max_bindings_per_aor == 0 {
            return Err(Failure::invalid("max_bindings_per_aor must be at least 1"));
        }
        let backend = CallbackBackend {
            user_data: cb.user_data,
            max_per_aor: cb.max_bindings_per_aor,
            put,
            get,
            remove,
            list,
        };
        out.write(into_shared_handle::<mssip_location>(Arc::new(
            Location::with_backend(Box::new(backend)),
        )));
        Ok(())
    })
}

/// Hands one binding found by a `get` or `list` callback back to the library (copied).
///
/// Errors: `MSSIP_E_BAD_BINDING` (empty aor, key or contact); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`. Thread safety: only inside the callback the sink was given to.
///
/// # Safety
/// `sink` is the sink passed to the running callback; `binding` is NULL or readable for its
/// `struct_size` bytes, with readable views.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_binding_sink_add(
    sink: *mut mssip_binding_sink,
    binding: *const mssip_binding,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let sink = unsafe { borrow_mut(sink, "sink") }?;
        // SAFETY: caller contract.
        sink.push(unsafe { mssip_binding::copy_in(binding) }?);
        Ok(())
    })
}
