//! A profile store on the host's own data: the C callbacks `user` and `profile`, behind the
//! same `ProfileStore` trait as the in-memory store, so a PBX answers SERVICE and translates
//! numbers from the database that already holds its users (MS-SIPRE 3.8.1.2).

use std::ffi::{c_char, c_void};
use std::mem::size_of;
use std::sync::Arc;

use super::boundary::guard;
use super::dialplan::{mssip_dialplan_config, read_config};
use super::growth::{SizedStruct, read_sized};
use super::handle::{
    borrow_mut, free_handle, into_handle, into_shared_handle, mssip_profile_sink,
    mssip_profile_store,
};
use super::profile_store::new_service;
use super::result::{mssip_result, mssip_result_raw};
use super::text::{Out, arg_bytes, arg_str, mssip_str};
use crate::dialplan::{Dialplan, DialplanConfig, ProfileStore, ProfileUser, StoreError};
use crate::ext::Aor;

type LookupFn =
    unsafe extern "C" fn(*mut c_void, mssip_str, *mut mssip_profile_sink) -> mssip_result_raw;

/// The host's store. Each callback gets `user_data` first and returns `MSSIP_OK` when it
/// found what was asked, `MSSIP_E_NOT_FOUND` when there is none, or any other code for a
/// failure (the SERVICE then gets 500). Views passed in are valid only during the call.
///
/// Callbacks run on the thread that called the store, concurrently when several threads do:
/// they must be thread-safe, and may call nothing of the library but `mssip_profile_sink_set`.
///
/// Growth: start from `mssip_profile_store_callbacks_default()`, which sets `struct_size`;
/// later versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_profile_store_callbacks {
    /// Size of this struct as the program was built, set by
    /// `mssip_profile_store_callbacks_default()`.
    pub struct_size: usize,
    /// Passed to every callback.
    pub user_data: *mut c_void,
    /// Is `aor` (`sip:alice@contoso.com`) a user of the domain? `MSSIP_OK` if so, after
    /// handing the name of the user's default profile to `mssip_profile_sink_set(sink, ...)`
    /// when the user has one; `MSSIP_E_NOT_FOUND` if not.
    pub user: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            aor: mssip_str,
            sink: *mut mssip_profile_sink,
        ) -> mssip_result_raw,
    >,
    /// The location profile called `name` (compare ignoring ASCII case): `MSSIP_OK` after
    /// handing its XML document to `mssip_profile_sink_set(sink, ...)`; `MSSIP_E_NOT_FOUND`
    /// if there is none. The document is read and its rules compiled on every call.
    pub profile: Option<
        unsafe extern "C" fn(
            user_data: *mut c_void,
            name: mssip_str,
            sink: *mut mssip_profile_sink,
        ) -> mssip_result_raw,
    >,
}

// SAFETY: repr(C), `struct_size` first; the other fields are a pointer and optional function
// pointers, valid for any bytes C stores in them (NULL is `None`).
unsafe impl SizedStruct for mssip_profile_store_callbacks {
    const NAME: &'static str = "mssip_profile_store_callbacks";
    const FIRST_SIZE: usize = size_of::<mssip_profile_store_callbacks>();
    fn defaults() -> mssip_profile_store_callbacks {
        mssip_profile_store_callbacks {
            struct_size: size_of::<mssip_profile_store_callbacks>(),
            user_data: std::ptr::null_mut(),
            user: None,
            profile: None,
        }
    }
}

/// Writes a callback table with both callbacks NULL, no user data and `struct_size` set into
/// `*out`: fill it in and pass it to `mssip_profile_store_new_callbacks`.
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_callbacks_default(
    out: *mut mssip_profile_store_callbacks,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_profile_store_callbacks::defaults());
        Ok(())
    })
}

/// The callbacks as a `ProfileStore`.
struct CallbackStore {
    user_data: *mut c_void,
    user: LookupFn,
    profile: LookupFn,
    config: DialplanConfig,
}

// SAFETY: the host promises (see mssip_profile_store_callbacks) that its callbacks and
// user_data may be used from any thread, concurrently.
unsafe impl Send for CallbackStore {}
// SAFETY: as above.
unsafe impl Sync for CallbackStore {}

impl CallbackStore {
    /// Runs a lookup callback: `None` for `MSSIP_E_NOT_FOUND`, else what it put in the sink.
    fn lookup(
        &self,
        what: &str,
        key: &str,
        call: LookupFn,
    ) -> Result<Option<Option<Vec<u8>>>, StoreError> {
        let sink = into_handle::<mssip_profile_sink>(None);
        // SAFETY: the host's callback, with a view valid during the call and a live sink.
        let raw = unsafe { call(self.user_data, mssip_str::of(key), sink) };
        // SAFETY: `sink` came from into_handle above and the callback has returned.
        let found = match unsafe { borrow_mut(sink, "sink") } {
            Ok(v) => v.take(),
            Err(_) => None,
        };
        // SAFETY: as above; the handle is not used again.
        unsafe { free_handle(sink) };
        match mssip_result::from_raw(raw) {
            Some(mssip_result::MSSIP_OK) => Ok(Some(found)),
            Some(mssip_result::MSSIP_E_NOT_FOUND) => Ok(None),
            Some(other) => Err(StoreError::Backend(format!(
                "{what} callback for {key} returned {}",
                other.name()
            ))),
            None => Err(StoreError::Backend(format!(
                "{what} callback for {key} returned {raw}"
            ))),
        }
    }
}

impl ProfileStore for CallbackStore {
    fn user(&self, aor: &Aor) -> Result<Option<ProfileUser>, StoreError> {
        let Some(name) = self.lookup("user", aor.as_str(), self.user)? else {
            return Ok(None);
        };
        let default_profile = match name {
            None => None,
            Some(bytes) => Some(String::from_utf8(bytes).map_err(|_| {
                StoreError::Backend(format!("user callback for {aor}: name is not UTF-8"))
            })?),
        };
        Ok(Some(ProfileUser { default_profile }))
    }

    fn profile(&self, name: &str) -> Result<Option<Arc<Dialplan>>, StoreError> {
        let Some(doc) = self.lookup("profile", name, self.profile)? else {
            return Ok(None);
        };
        let doc = doc.ok_or_else(|| {
            StoreError::Backend(format!("profile callback for {name}: no document given"))
        })?;
        let plan = Dialplan::parse(&doc, &self.config)
            .map_err(|e| StoreError::Backend(format!("profile {name}: {e}")))?;
        if !plan.name().eq_ignore_ascii_case(name) {
            return Err(StoreError::Backend(format!(
                "profile callback for {name} gave profile {}",
                plan.name()
            )));
        }
        Ok(Some(Arc::new(plan)))
    }
}

/// Creates a profile store answering for `domain` on the host's data described by
/// `callbacks` (copied; both callbacks required). Documents the `profile` callback gives are
/// read under `config` (NULL: the defaults).
///
/// Ownership: `*out` receives a new store; free it with `mssip_profile_store_free`.
/// `user_data` must stay valid until the store is gone. Errors: `MSSIP_E_NULL` (an argument
/// but `config`, or a callback, NULL); `MSSIP_E_INVALID_ARGUMENT` (empty domain, a
/// `struct_size` not set by its `_default()` call); `MSSIP_E_UTF8`.
/// Thread safety: shared; see `mssip_profile_store_callbacks` for the callbacks.
///
/// # Safety
/// `domain` is NULL or NUL-terminated; `callbacks` is NULL or readable for its
/// `struct_size` bytes and its callbacks behave as documented there; `config` is NULL or
/// readable for its `struct_size` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_store_new_callbacks(
    domain: *const c_char,
    callbacks: *const mssip_profile_store_callbacks,
    config: *const mssip_dialplan_config,
    out: *mut *mut mssip_profile_store,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (domain, out, cb, config) = unsafe {
            (
                arg_str(domain, "domain")?,
                Out::new(out, "out")?,
                read_sized(callbacks, "callbacks")?,
                read_config(config)?,
            )
        };
        let (Some(user), Some(profile)) = (cb.user, cb.profile) else {
            return Err(super::boundary::Failure::null(
                "callbacks.user and .profile",
            ));
        };
        let store = CallbackStore {
            user_data: cb.user_data,
            user,
            profile,
            config,
        };
        out.write(into_shared_handle::<mssip_profile_store>(new_service(
            domain,
            Arc::new(store),
        )?));
        Ok(())
    })
}

/// Hands what a profile store callback found back to the library (copied): the default
/// profile name from a `user` callback, the XML document from a `profile` callback. A second
/// call replaces the first.
///
/// Errors: `MSSIP_E_NULL` (`sink`, or `text` with a non-zero `len`). Thread safety: only
/// inside the callback the sink was given to.
///
/// # Safety
/// `sink` is the sink passed to the running callback; `text` is NULL (with `len` 0) or
/// readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_profile_sink_set(
    sink: *mut mssip_profile_sink,
    text: *const u8,
    len: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (sink, text) = unsafe { (borrow_mut(sink, "sink")?, arg_bytes(text, len, "text")?) };
        *sink = Some(text.to_vec());
        Ok(())
    })
}
