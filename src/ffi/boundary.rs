//! The panic boundary every export runs inside, and the failure type of the FFI layer.
//!
//! A Rust panic must never unwind into C. [`guard`] runs the body of an export under
//! `catch_unwind`; on a panic it returns `MSSIP_E_PANIC` and marks every handle the call had
//! borrowed as unusable (its state may be half-updated), so later calls on it return
//! `MSSIP_E_UNUSABLE` instead of working on broken state.

use std::any::Any;
use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

use super::last_error;
use super::result::mssip_result;
use crate::sip::SipError;

/// Why an export failed: the code returned to C and the message behind `mssip_last_error()`.
#[derive(Debug)]
pub(crate) struct Failure {
    pub code: mssip_result,
    pub message: String,
}

/// Result of an export's body.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

impl Failure {
    pub(crate) fn new(code: mssip_result, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
        }
    }

    /// A required pointer argument named `arg` was NULL.
    pub(crate) fn null(arg: &str) -> Failure {
        Failure::new(mssip_result::MSSIP_E_NULL, format!("{arg} is NULL"))
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(mssip_result::MSSIP_E_INVALID_ARGUMENT, message)
    }

    pub(crate) fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(mssip_result::MSSIP_E_NOT_FOUND, message)
    }
}

impl From<SipError> for Failure {
    fn from(e: SipError) -> Failure {
        Failure::new(mssip_result::from(e.kind), e.to_string())
    }
}

/// Most handles one call borrows (a message, a second message, a builder...).
const MAX_TOUCHED: usize = 4;

thread_local! {
    /// Unusable-flags of the handles borrowed by the call running on this thread.
    static TOUCHED: [Cell<*const AtomicBool>; MAX_TOUCHED] =
        const { [const { Cell::new(ptr::null()) }; MAX_TOUCHED] };
}

/// Remembers that the running call borrowed the handle owning `flag`, so a panic in the
/// call can mark it unusable. Calls outside [`guard`] (unit tests) are harmless.
pub(crate) fn note_touched(flag: &AtomicBool) {
    let _ = TOUCHED.try_with(|slots| {
        if let Some(free) = slots.iter().find(|s| s.get().is_null()) {
            free.set(flag);
        }
    });
}

fn clear_touched() {
    let _ = TOUCHED.try_with(|slots| slots.iter().for_each(|s| s.set(ptr::null())));
}

fn poison_touched() {
    let _ = TOUCHED.try_with(|slots| {
        for slot in slots {
            let flag = slot.replace(ptr::null());
            // SAFETY: the pointer was taken from a live handle during the call that just
            // panicked; the panic unwound before the call could free that handle, and the
            // borrow it came from has ended with the unwinding.
            if let Some(flag) = unsafe { flag.as_ref() } {
                flag.store(true, Ordering::Release);
            }
        }
    });
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    let detail = if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.as_str()
    } else {
        "unknown panic payload"
    };
    format!("internal error (panic) in mssip: {detail}")
}

/// Runs the body of a fallible export: failures become their code plus a thread-local
/// message, panics become `MSSIP_E_PANIC` and poison the handles the body borrowed.
pub(crate) fn guard(body: impl FnOnce() -> FfiResult) -> mssip_result {
    clear_touched();
    let outcome = catch_unwind(AssertUnwindSafe(body));
    let code = match outcome {
        Ok(Ok(())) => mssip_result::MSSIP_OK,
        Ok(Err(failure)) => {
            last_error::set(&failure.message);
            failure.code
        }
        Err(payload) => {
            poison_touched();
            last_error::set(&panic_text(payload.as_ref()));
            mssip_result::MSSIP_E_PANIC
        }
    };
    clear_touched();
    code
}

/// Runs the body of an export that cannot report an error (accessors returning a static
/// string, `_free` functions): a panic yields `fallback` and is recorded as the last error.
pub(crate) fn catch_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match catch_unwind(AssertUnwindSafe(body)) {
        Ok(v) => v,
        Err(payload) => {
            last_error::set(&panic_text(payload.as_ref()));
            fallback
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guard_maps_success_failure_and_panic() {
        assert_eq!(guard(|| Ok(())), mssip_result::MSSIP_OK);
        assert_eq!(
            guard(|| Err(Failure::null("out"))),
            mssip_result::MSSIP_E_NULL
        );
        let flag = AtomicBool::new(false);
        let code = guard(|| {
            note_touched(&flag);
            panic!("boom");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        assert!(flag.load(Ordering::Acquire));
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let msg = unsafe { std::ffi::CStr::from_ptr(last_error::mssip_last_error()) };
        assert!(msg.to_str().unwrap().contains("boom"));
    }

    #[test]
    fn a_failing_call_does_not_poison() {
        let flag = AtomicBool::new(false);
        let code = guard(|| {
            note_touched(&flag);
            Err(Failure::invalid("bad"))
        });
        assert_eq!(code, mssip_result::MSSIP_E_INVALID_ARGUMENT);
        assert!(!flag.load(Ordering::Acquire));
    }

    #[test]
    fn catch_value_returns_fallback_on_panic() {
        assert_eq!(catch_value(7, || 3), 3);
        assert_eq!(catch_value(7, || panic!("x")), 7);
    }
}
