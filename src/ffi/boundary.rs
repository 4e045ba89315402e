//! The panic boundary every export runs inside, and the failure type of the FFI layer.
//!
//! A Rust panic must never unwind into C. [`guard`] runs the body of an export under
//! `catch_unwind`; on a panic it returns `MSSIP_E_PANIC` and marks every handle the call had
//! borrowed as unusable (its state may be half-updated), so later calls on it return
//! `MSSIP_E_UNUSABLE` instead of working on broken state.

use std::any::Any;
use std::cell::Cell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::ptr;
use std::sync::atomic::{AtomicBool, Ordering};

use super::last_error;
use super::result::mssip_result;
use crate::sip::SipError;

/// Why an export failed: the code returned to C and what `mssip_last_error()` will say. The
/// text is written out only when `mssip_last_error()` asks for it, so a failing lookup (the
/// `MSSIP_E_NOT_FOUND` that ends every loop over values) allocates nothing.
#[derive(Debug)]
pub(crate) struct Failure {
    pub code: mssip_result,
    pub detail: Detail,
}

/// Result of an export's body.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

impl Failure {
    pub(crate) fn new(code: mssip_result, message: impl Into<String>) -> Failure {
        Failure {
            code,
            detail: Detail::Text(message.into()),
        }
    }

    /// A failure whose text is static: nothing is allocated.
    pub(crate) fn fixed(code: mssip_result, text: &'static str) -> Failure {
        Failure {
            code,
            detail: Detail::Static(text),
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

    /// `MSSIP_E_NOT_FOUND`: header `name` has no value at `index` (nothing allocated).
    pub(crate) fn no_value(name: &[u8], index: usize) -> Failure {
        Failure {
            code: mssip_result::MSSIP_E_NOT_FOUND,
            detail: Detail::NoValue {
                name: ShortText::of(name),
                index,
            },
        }
    }

    /// `MSSIP_E_NOT_FOUND`: value `index` of header `name` has no parameter `param`.
    pub(crate) fn no_param(name: &[u8], index: usize, param: &[u8]) -> Failure {
        Failure {
            code: mssip_result::MSSIP_E_NOT_FOUND,
            detail: Detail::NoParam {
                name: ShortText::of(name),
                index,
                param: ShortText::of(param),
            },
        }
    }

    /// A SIP-layer error found in value `index` of header `name` (its offset counts from the
    /// start of that value).
    pub(crate) fn in_value(name: &[u8], index: usize, error: SipError) -> Failure {
        Failure {
            code: mssip_result::from(error.kind),
            detail: Detail::InValue {
                name: ShortText::of(name),
                index,
                error,
            },
        }
    }
}

impl From<SipError> for Failure {
    fn from(e: SipError) -> Failure {
        Failure {
            code: mssip_result::from(e.kind),
            detail: Detail::Sip(e),
        }
    }
}

/// What a failure says, kept in the form it was found in until someone reads it.
#[derive(Debug)]
pub(crate) enum Detail {
    Text(String),
    Static(&'static str),
    Sip(SipError),
    NoValue {
        name: ShortText,
        index: usize,
    },
    NoParam {
        name: ShortText,
        index: usize,
        param: ShortText,
    },
    InValue {
        name: ShortText,
        index: usize,
        error: SipError,
    },
}

impl fmt::Display for Detail {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Detail::Text(s) => f.write_str(s),
            Detail::Static(s) => f.write_str(s),
            Detail::Sip(e) => write!(f, "{e}"),
            Detail::NoValue { name, index } => write!(f, "{name}: no value at index {index}"),
            Detail::NoParam { name, index, param } => {
                write!(f, "{name} value {index} has no parameter {param}")
            }
            Detail::InValue { name, index, error } => {
                write!(f, "{name} value {index}: {error} of the value")
            }
        }
    }
}

/// A short copy of caller text (a header or parameter name) kept without allocating; longer
/// text is cut and marked with "...".
#[derive(Clone, Copy)]
pub(crate) struct ShortText {
    bytes: [u8; SHORT_TEXT],
    len: u8,
    cut: bool,
}

const SHORT_TEXT: usize = 48;

impl ShortText {
    pub(crate) fn of(s: &[u8]) -> ShortText {
        let len = s.len().min(SHORT_TEXT);
        let mut bytes = [0; SHORT_TEXT];
        bytes[..len].copy_from_slice(&s[..len]);
        ShortText {
            bytes,
            len: len as u8,
            cut: s.len() > SHORT_TEXT,
        }
    }
}

impl fmt::Display for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = String::from_utf8_lossy(&self.bytes[..usize::from(self.len)]);
        f.write_str(&text)?;
        if self.cut { f.write_str("...") } else { Ok(()) }
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.to_string())
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
            last_error::set(failure.detail);
            failure.code
        }
        Err(payload) => {
            poison_touched();
            last_error::set(Detail::Text(panic_text(payload.as_ref())));
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
            last_error::set(Detail::Text(panic_text(payload.as_ref())));
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
