//! The panic boundary every export runs inside, and the failure type of the FFI layer.
//!
//! A Rust panic must never unwind into C. [`guard`] runs the body of an export under
//! `catch_unwind`; on a panic it returns `MSSIP_E_PANIC` and marks every handle the call had
//! borrowed as unusable (its state may be half-updated), so later calls on it return
//! `MSSIP_E_UNUSABLE` instead of working on broken state. The panic is reported through the
//! library's log (`crate::log`, level error), never printed on the host's stderr.

use std::any::Any;
use std::cell::Cell;
use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};

use super::last_error;
use super::result::mssip_result;
use crate::sip::SipError;

/// Why an export failed: the code returned to C. What `mssip_last_error()` will say is
/// staged on this thread when the failure is made ([`last_error::stage`]: a [`Detail`], whose
/// text is written only when `mssip_last_error()` asks for it) and becomes the last error when
/// the export returns the failure ([`guard`]). So a failure is two words that pass in
/// registers, every `FfiResult` is barely larger than its value, and a failing lookup (the
/// `MSSIP_E_NOT_FOUND` that ends every loop over values) allocates nothing.
#[derive(Clone, Copy)]
pub(crate) struct Failure {
    pub code: mssip_result,
    /// The number of the staged detail (see [`last_error::stage`]).
    staged: u32,
}

/// Result of an export's body.
pub(crate) type FfiResult<T = ()> = Result<T, Failure>;

impl Failure {
    /// A failure with `code`, whose detail is staged now.
    #[cold]
    #[inline(never)]
    pub(crate) fn with(code: mssip_result, detail: Detail) -> Failure {
        Failure {
            code,
            staged: last_error::stage(detail),
        }
    }

    #[cold]
    pub(crate) fn new(code: mssip_result, message: impl Into<String>) -> Failure {
        Failure::with(code, Detail::Text(message.into()))
    }

    /// A failure whose text is static: nothing is allocated.
    #[cold]
    pub(crate) fn fixed(code: mssip_result, text: &'static str) -> Failure {
        Failure::with(code, Detail::Static(text))
    }

    /// A required pointer argument named `arg` was NULL.
    #[cold]
    pub(crate) fn null(arg: &str) -> Failure {
        Failure::new(mssip_result::MSSIP_E_NULL, format!("{arg} is NULL"))
    }

    #[cold]
    pub(crate) fn invalid(message: impl Into<String>) -> Failure {
        Failure::new(mssip_result::MSSIP_E_INVALID_ARGUMENT, message)
    }

    #[cold]
    pub(crate) fn not_found(message: impl Into<String>) -> Failure {
        Failure::new(mssip_result::MSSIP_E_NOT_FOUND, message)
    }

    /// `MSSIP_E_NOT_FOUND`: header `name` has no value at `index` (nothing allocated).
    #[cold]
    pub(crate) fn no_value(name: &[u8], index: usize) -> Failure {
        let name = ShortText::of(name);
        Failure::with(
            mssip_result::MSSIP_E_NOT_FOUND,
            Detail::NoValue { name, index },
        )
    }

    /// `MSSIP_E_NOT_FOUND`: value `index` of header `name` has no parameter `param`.
    #[cold]
    pub(crate) fn no_param(name: &[u8], index: usize, param: &[u8]) -> Failure {
        let (name, param) = (ShortText::of(name), ShortText::of(param));
        Failure::with(
            mssip_result::MSSIP_E_NOT_FOUND,
            Detail::NoParam { name, index, param },
        )
    }

    /// A SIP-layer error found in value `index` of header `name` (its offset counts from the
    /// start of that value).
    #[cold]
    pub(crate) fn in_value(name: &[u8], index: usize, error: SipError) -> Failure {
        let name = ShortText::of(name);
        Failure::with(
            mssip_result::from(error.kind),
            Detail::InValue { name, index, error },
        )
    }

    /// The text `mssip_last_error()` will give for this failure, while it is still staged.
    #[cfg(test)]
    pub(crate) fn text(&self) -> String {
        last_error::staged_text(self.staged).unwrap_or_default()
    }
}

impl fmt::Debug for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Failure")
            .field("code", &self.code)
            .field("detail", &last_error::staged_text(self.staged))
            .finish()
    }
}

impl From<SipError> for Failure {
    #[cold]
    fn from(e: SipError) -> Failure {
        Failure::with(mssip_result::from(e.kind), Detail::Sip(e))
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

/// Handles a guarded call keeps in its own frame before it needs the heap: calls borrow one
/// or two.
const INLINE_TOUCHED: usize = 2;

/// What one running guarded call has borrowed: the unusable-flags of its handles. It lives on
/// the stack of [`catching`] (a call inside a call has its own, linked to its caller's), so
/// noting a borrow is a store into it: no allocation and no lock. A call that borrows more
/// than [`INLINE_TOUCHED`] handles keeps the rest in a list that grows as needed, so no
/// borrow goes unrecorded however many handles a call takes.
struct Frame {
    inline: [Cell<*const AtomicBool>; INLINE_TOUCHED],
    len: Cell<usize>,
    /// The borrows past [`INLINE_TOUCHED`] (no list until one is needed).
    more: Cell<Option<Vec<*const AtomicBool>>>,
}

impl Frame {
    fn new() -> Frame {
        Frame {
            inline: [const { Cell::new(std::ptr::null()) }; INLINE_TOUCHED],
            len: Cell::new(0),
            more: Cell::new(None),
        }
    }

    #[inline(always)]
    fn note(&self, flag: *const AtomicBool) {
        let n = self.len.get();
        match self.inline.get(n) {
            Some(slot) => {
                slot.set(flag);
                self.len.set(n + 1);
            }
            None => self.note_more(flag),
        }
    }

    #[cold]
    #[inline(never)]
    fn note_more(&self, flag: *const AtomicBool) {
        let mut more = self.more.take().unwrap_or_default();
        more.push(flag);
        self.more.set(Some(more));
    }

    /// Marks every handle the call borrowed as unusable (the call panicked).
    #[cold]
    #[inline(never)]
    fn poison(&self) {
        let mark = |flag: *const AtomicBool| {
            // SAFETY: the pointer was taken from a live handle during the call that just
            // panicked; the panic unwound before the call could free that handle (a call
            // never frees what it borrowed), and the borrow it came from has ended.
            if let Some(flag) = unsafe { flag.as_ref() } {
                flag.store(true, Ordering::Release);
            }
        };
        self.inline
            .iter()
            .take(self.len.get())
            .for_each(|f| mark(f.get()));
        if let Some(more) = self.more.take() {
            more.iter().for_each(|&f| mark(f));
        }
    }
}

thread_local! {
    /// The frame of the innermost guarded call running on this thread (NULL outside any):
    /// where [`note_touched`] records a borrow, and how the panic hook tells a panic inside
    /// the boundary from one elsewhere in the process.
    static CURRENT: Cell<*const Frame> = const { Cell::new(std::ptr::null()) };
}

/// Remembers that the running call borrowed the handle owning `flag`, so a panic in the
/// call can mark it unusable. Calls outside [`guard`] (unit tests) are harmless.
#[inline]
pub(crate) fn note_touched(flag: &AtomicBool) {
    let _ = CURRENT.try_with(|current| {
        // SAFETY: a non-NULL frame pointer is the frame of a guarded call still running on
        // this thread ([`catching`] resets it before its frame goes out of scope).
        if let Some(frame) = unsafe { current.get().as_ref() } {
            frame.note(flag);
        }
    });
}

/// True while a guarded call runs on this thread.
fn inside_boundary() -> bool {
    CURRENT.try_with(|c| !c.get().is_null()).unwrap_or(false)
}

/// Installs, once per process, a panic hook that reports panics raised inside the boundary
/// through the library's log (level error) instead of the default hook's text and backtrace
/// on the host's stderr. Panics elsewhere in the process go to the hook that was there before.
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !inside_boundary() {
                return previous(info);
            }
            let detail = payload_text(info.payload());
            match info.location() {
                Some(at) => crate::log_error!(
                    "internal error (panic) in mssip at {}:{}: {detail}; the call returns MSSIP_E_PANIC",
                    at.file(),
                    at.line()
                ),
                None => crate::log_error!(
                    "internal error (panic) in mssip: {detail}; the call returns MSSIP_E_PANIC"
                ),
            }
        }));
    });
}

/// Runs `body` under `catch_unwind` in a frame of its own, which records the handles it
/// borrows; when it panics, they are marked unusable.
#[inline(always)]
fn catching<T>(body: impl FnOnce() -> T) -> std::thread::Result<T> {
    install_panic_hook();
    let Ok(outer) = CURRENT.try_with(Cell::get) else {
        // The thread is being torn down: run without recording borrows.
        return catch_unwind(AssertUnwindSafe(body));
    };
    let frame = Frame::new();
    CURRENT.with(|c| c.set(&frame));
    let outcome = catch_unwind(AssertUnwindSafe(body));
    CURRENT.with(|c| c.set(outer));
    if outcome.is_err() {
        frame.poison();
    }
    outcome
}

fn payload_text(payload: &(dyn Any + Send)) -> &str {
    if let Some(s) = payload.downcast_ref::<&str>() {
        s
    } else if let Some(s) = payload.downcast_ref::<String>() {
        s.as_str()
    } else {
        "unknown panic payload"
    }
}

fn panic_text(payload: &(dyn Any + Send)) -> String {
    format!("internal error (panic) in mssip: {}", payload_text(payload))
}

/// Runs the body of a fallible export: failures become their code plus a thread-local
/// message, panics become `MSSIP_E_PANIC` and poison the handles the body borrowed.
#[inline(always)]
pub(crate) fn guard(body: impl FnOnce() -> FfiResult) -> mssip_result {
    match catching(body) {
        Ok(Ok(())) => mssip_result::MSSIP_OK,
        Ok(Err(failure)) => failed(failure),
        Err(payload) => panicked(payload),
    }
}

/// Records a failure as the last error and gives its code.
#[cold]
#[inline(never)]
fn failed(failure: Failure) -> mssip_result {
    last_error::commit(failure.code, failure.staged);
    failure.code
}

/// Records a caught panic as the last error.
#[cold]
#[inline(never)]
fn panicked(payload: Box<dyn Any + Send>) -> mssip_result {
    last_error::set(Detail::Text(panic_text(payload.as_ref())));
    mssip_result::MSSIP_E_PANIC
}

/// Runs the body of an export that cannot report an error (accessors returning a static
/// string, `_free` functions): a panic yields `fallback` and is recorded as the last error.
pub(crate) fn catch_value<T>(fallback: T, body: impl FnOnce() -> T) -> T {
    match catching(body) {
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
    fn a_call_inside_a_call_keeps_the_outer_borrows() {
        let (outer, inner) = (AtomicBool::new(false), AtomicBool::new(false));
        let code = guard(|| {
            note_touched(&outer);
            assert_eq!(
                guard(|| {
                    note_touched(&inner);
                    Ok(())
                }),
                mssip_result::MSSIP_OK
            );
            panic!("after the inner call");
        });
        assert_eq!(code, mssip_result::MSSIP_E_PANIC);
        assert!(outer.load(Ordering::Acquire));
        assert!(!inner.load(Ordering::Acquire));
        assert!(!inside_boundary());
    }

    #[test]
    fn a_caught_panic_is_reported_through_the_log() {
        use crate::log::{Level, TEST_SINK_LOCK, set_sink};
        use std::sync::Arc;
        let _serial = TEST_SINK_LOCK.lock();
        let seen: Arc<parking_lot::Mutex<Vec<(Level, String)>>> = Arc::default();
        let into = Arc::clone(&seen);
        set_sink(
            Level::Error,
            Some(Arc::new(move |l, m: &str| {
                if m.contains("tagged-7f3") {
                    into.lock().push((l, m.to_string()));
                }
            })),
        );
        assert_eq!(
            guard(|| panic!("tagged-7f3 guard")),
            mssip_result::MSSIP_E_PANIC
        );
        assert_eq!(catch_value(0, || panic!("tagged-7f3 value")), 0);
        set_sink(Level::Error, None);
        assert_eq!(
            guard(|| panic!("tagged-7f3 while off")),
            mssip_result::MSSIP_E_PANIC
        );
        let seen = seen.lock();
        assert_eq!(seen.len(), 2, "{seen:?}");
        for (level, m) in seen.iter() {
            assert_eq!(*level, Level::Error);
            assert!(m.starts_with("internal error (panic) in mssip at "), "{m}");
            assert!(m.contains("boundary.rs:"), "{m}");
        }
        assert!(seen[0].1.contains("tagged-7f3 guard"));
        assert!(seen[1].1.contains("tagged-7f3 value"));
    }

    #[test]
    fn catch_value_returns_fallback_on_panic() {
        assert_eq!(catch_value(7, || 3), 3);
        assert_eq!(catch_value(7, || panic!("x")), 7);
    }
}
