//! The one place that says which Rust type stands behind each opaque C handle
//! (the `Castable` idea of rustls-ffi), and the only code that turns handle pointers into
//! Rust references.
//!
//! A handle is a `Box<Handle<T>>` handed to C as `*mut mssip_x`: `_new`/`_parse` create it,
//! `_free` drops it. Each handle carries an "unusable" flag set when a call on it panicked.

use std::sync::atomic::{AtomicBool, Ordering};

use super::boundary::{Failure, FfiResult, catch_value, note_touched};
use super::multipart::OwnedMultipart;
use super::result::mssip_result;
use crate::nat::ConnTable;
use crate::sip::Message;
use crate::sip::framer::Framer;

/// Links an opaque C type to the Rust value it stands for.
pub(crate) trait Castable {
    /// The Rust value owned by the handle.
    type RustType;
}

/// What a handle pointer really points to.
pub(crate) struct Handle<T> {
    unusable: AtomicBool,
    value: T,
}

/// A parsed or built SIP message (request or response). Created by `mssip_msg_parse`,
/// `mssip_msg_parse_with_limits`, the builders and the framer; freed by `mssip_msg_free`.
/// Thread safety: one thread at a time; different messages are independent.
pub struct mssip_msg {
    _private: [u8; 0],
}

impl Castable for mssip_msg {
    type RustType = Message;
}

/// Cuts the byte stream of one TCP or TLS connection into messages and keep-alives.
/// Created by `mssip_framer_new` / `mssip_framer_new_with_limits`; freed by
/// `mssip_framer_free`. Thread safety: one thread at a time (one framer per connection).
pub struct mssip_framer {
    _private: [u8; 0],
}

impl Castable for mssip_framer {
    type RustType = Framer;
}

/// A parsed multipart body (any `multipart` subtype, nested levels included) that owns a
/// copy of its bytes. Created by `mssip_multipart_parse` / `mssip_multipart_parse_body`; freed by
/// `mssip_multipart_free`. Thread safety: one thread at a time.
pub struct mssip_multipart {
    _private: [u8; 0],
}

impl Castable for mssip_multipart {
    type RustType = OwnedMultipart;
}

/// A registrar for one domain (MS-SIPRE 3.2-3.4, 3.7.5.2) with its location service.
/// Created by `mssip_registrar_new` / `mssip_registrar_new_with`; freed by
/// `mssip_registrar_free`. Thread safety: shared; any number of threads may call it at once.
pub struct mssip_registrar {
    _private: [u8; 0],
}

impl Castable for mssip_registrar {
    type RustType = crate::identity::Registrar;
}

/// A location service: the bindings a registrar keeps, in memory or in the host's own store.
/// Created by `mssip_location_new_memory`, `mssip_location_new_callbacks` or
/// `mssip_registrar_location`; freed by `mssip_location_free` (the service lives on while a
/// registrar or another handle uses it). Thread safety: shared.
pub struct mssip_location {
    _private: [u8; 0],
}

impl Castable for mssip_location {
    type RustType = std::sync::Arc<crate::identity::Location>;
}

/// A copy of bindings read from a location service. Created by `mssip_location_list` and
/// `mssip_location_get`; freed by `mssip_bindings_free`. Thread safety: one thread at a time.
pub struct mssip_bindings {
    _private: [u8; 0],
}

impl Castable for mssip_bindings {
    type RustType = super::binding::OwnedBindings;
}

/// Where the bindings a host store's `get` or `list` callback finds are handed back, with
/// `mssip_binding_sink_add`. Lent to the callback for the duration of its call.
pub struct mssip_binding_sink {
    _private: [u8; 0],
}

impl Castable for mssip_binding_sink {
    type RustType = Vec<crate::identity::Binding>;
}

/// The targets of a request to a registered user, or the response refusing it. Created by
/// `mssip_registrar_targets`; freed by `mssip_targets_free`. Thread safety: one thread at a
/// time.
pub struct mssip_targets {
    _private: [u8; 0],
}

impl Castable for mssip_targets {
    type RustType = super::targets::OwnedTargets;
}

/// The host's open connections by connection id (MS-SIPRE 3.5): hands out ids that never
/// repeat and maps them back to the host's own connection handles. Created by
/// `mssip_conn_table_new`; freed by `mssip_conn_table_free`. Thread safety: shared; every
/// call may come from any thread at the same time (the table locks inside), except
/// `mssip_conn_table_free`, which no other call may overlap.
pub struct mssip_conn_table {
    _private: [u8; 0],
}

impl Castable for mssip_conn_table {
    type RustType = ConnTable;
}

/// Hands `value` to C as a new handle of type `C`.
pub(crate) fn into_handle<C: Castable>(value: C::RustType) -> *mut C {
    let boxed = Box::new(Handle {
        unusable: AtomicBool::new(false),
        value,
    });
    Box::into_raw(boxed).cast::<C>()
}

/// Borrows the value behind a handle for the duration of one call.
///
/// # Safety
/// `ptr` is NULL or a pointer from [`into_handle`] for the same `C` that has not been freed,
/// and no `&mut` borrow of it is live.
pub(crate) unsafe fn borrow<'a, C: Castable>(
    ptr: *const C,
    arg: &str,
) -> FfiResult<&'a C::RustType> {
    // SAFETY: per the contract, a non-NULL `ptr` came from `into_handle::<C>`.
    let handle =
        unsafe { ptr.cast::<Handle<C::RustType>>().as_ref() }.ok_or_else(|| Failure::null(arg))?;
    usable(&handle.unusable, arg)?;
    Ok(&handle.value)
}

/// Mutably borrows the value behind a handle for the duration of one call.
///
/// # Safety
/// As for [`borrow`], and no other borrow of the same handle is live.
pub(crate) unsafe fn borrow_mut<'a, C: Castable>(
    ptr: *mut C,
    arg: &str,
) -> FfiResult<&'a mut C::RustType> {
    // SAFETY: per the contract, a non-NULL `ptr` came from `into_handle::<C>` and is not
    // otherwise borrowed.
    let handle =
        unsafe { ptr.cast::<Handle<C::RustType>>().as_mut() }.ok_or_else(|| Failure::null(arg))?;
    usable(&handle.unusable, arg)?;
    Ok(&mut handle.value)
}

fn usable(flag: &AtomicBool, arg: &str) -> FfiResult {
    if flag.load(Ordering::Acquire) {
        return Err(Failure::new(
            mssip_result::MSSIP_E_UNUSABLE,
            format!("{arg} was left unusable by an earlier internal error; free it"),
        ));
    }
    note_touched(flag);
    Ok(())
}

/// Takes a handle back from C and drops it; NULL is accepted and ignored. Works on
/// unusable handles too. A panic while dropping leaks the value rather than crossing into C.
///
/// # Safety
/// `ptr` is NULL or a pointer from [`into_handle`] for the same `C` that has not been freed
/// and is not borrowed.
pub(crate) unsafe fn free_handle<C: Castable>(ptr: *mut C) {
    if ptr.is_null() {
        return;
    }
    // SAFETY: per the contract, `ptr` owns a `Box<Handle<C::RustType>>`.
    let boxed = unsafe { Box::from_raw(ptr.cast::<Handle<C::RustType>>()) };
    catch_value((), move || drop(boxed));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::boundary::guard;
    use crate::ffi::{mssip_msg_free, mssip_msg_header, mssip_str};

    fn handle() -> *mut mssip_msg {
        let msg = Message::parse(
            b"OPTIONS sip:a@b.example SIP/2.0\r\nVia: SIP/2.0/TCP h;branch=z9hG4bK1\r\n\r\n",
        );
        into_handle::<mssip_msg>(msg.expect("fixture parses"))
    }

    #[test]
    fn a_panic_leaves_the_handle_unusable_but_freeable() {
        let h = handle();
        let mut out = mssip_str {
            ptr: std::ptr::null(),
            len: 0,
        };
        assert_eq!(
            unsafe { mssip_msg_header(h, c"Via".as_ptr(), 0, &mut out) },
            mssip_result::MSSIP_OK
        );
        let code = guard(|| {
            let _msg = unsafe { borrow_mut(h, "msg") }?;
            panic!("simulated internal bug");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        out.len = 99;
        assert_eq!(
            unsafe { mssip_msg_header(h, c"Via".as_ptr(), 0, &mut out) },
            mssip_result::MSSIP_E_UNUSABLE
        );
        assert_eq!(out.len, 99);
        unsafe { mssip_msg_free(h) };
    }

    #[test]
    fn handles_not_borrowed_by_the_panicking_call_stay_usable() {
        let (a, b) = (handle(), handle());
        let code = guard(|| {
            let _a = unsafe { borrow::<mssip_msg>(a, "a") }?;
            panic!("simulated internal bug");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        assert!(unsafe { borrow::<mssip_msg>(b, "b") }.is_ok());
        assert_eq!(
            unsafe { borrow::<mssip_msg>(a, "a") }.err().map(|f| f.code),
            Some(mssip_result::MSSIP_E_UNUSABLE)
        );
        unsafe {
            mssip_msg_free(a);
            mssip_msg_free(b);
        }
    }

    #[test]
    fn null_handles_are_refused_and_freeing_null_is_fine() {
        let e = unsafe { borrow::<mssip_msg>(std::ptr::null(), "msg") }.err();
        assert_eq!(e.map(|f| f.code), Some(mssip_result::MSSIP_E_NULL));
        unsafe { free_handle::<mssip_msg>(std::ptr::null_mut()) };
    }
}
