//! The one place that says which Rust type stands behind each opaque C handle
//! (the `Castable` idea of rustls-ffi), and the only code that turns handle pointers into
//! Rust references.
//!
//! A handle is a `Box<Handle<T>>` handed to C as `*mut mssip_x`: `_new`/`_parse` create it,
//! `_free` drops it. Each handle carries an "unusable" flag set when a call on it panicked.

use std::sync::atomic::{AtomicBool, Ordering};

use super::boundary::{Failure, FfiResult, catch_value, note_touched};
use super::result::mssip_result;
use crate::sip::Message;

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
    let handle = unsafe { ptr.cast::<Handle<C::RustType>>().as_ref() }.ok_or_else(|| Failure::null(arg))?;
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
    let handle = unsafe { ptr.cast::<Handle<C::RustType>>().as_mut() }.ok_or_else(|| Failure::null(arg))?;
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
