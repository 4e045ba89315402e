//! The detailed, thread-local message of the last failed call, for `mssip_last_error()`.
//!
//! A failure stages what went wrong when it is made ([`stage`]: a [`Detail`], i.e. a static
//! text, an error with its offset, a name and an index); the export that returns it makes it
//! the last error ([`commit`]); the text is written out when `mssip_last_error()` is called.
//! Loops that end on `MSSIP_E_NOT_FOUND` therefore cost no allocation and no formatting, and
//! a failure that some code makes and then drops (trying one reading, then another) changes
//! nothing a caller sees.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use super::boundary::{Detail, catch_value};
use super::result::mssip_result;

/// This thread's last failure, and its text once asked for.
struct Slot {
    /// The detail of the failure made last on this thread, with its number, until an export
    /// returns that failure.
    staged: Option<(u32, Detail)>,
    /// The number the next staged detail gets.
    next: u32,
    detail: Option<Detail>,
    /// The text of `detail`, when `mssip_last_error()` has written it since `detail` was set.
    text: Option<CString>,
}

thread_local! {
    static LAST_ERROR: RefCell<Slot> = const {
        RefCell::new(Slot { staged: None, next: 1, detail: None, text: None })
    };
}

/// Keeps `detail` as the detail of a failure being made, and gives its number (0 when it
/// could not be kept: during thread teardown).
pub(crate) fn stage(detail: Detail) -> u32 {
    LAST_ERROR
        .try_with(|slot| {
            let Ok(mut slot) = slot.try_borrow_mut() else {
                return 0;
            };
            let n = slot.next;
            slot.next = n.checked_add(1).unwrap_or(1);
            slot.staged = Some((n, detail));
            n
        })
        .unwrap_or(0)
}

/// Makes the staged detail number `staged` this thread's last error: an export is returning
/// the failure it belongs to with `code`. (When another failure was staged since, which only
/// code that keeps one failure while making another can cause, the message says the detail is
/// lost rather than telling of the wrong failure.)
pub(crate) fn commit(code: mssip_result, staged: u32) {
    let _ = LAST_ERROR.try_with(|slot| {
        let Ok(mut slot) = slot.try_borrow_mut() else {
            return;
        };
        let detail = match slot.staged.take() {
            Some((n, d)) if n == staged => d,
            other => {
                slot.staged = other;
                Detail::Static("(the detail of this failure was not kept)")
            }
        };
        crate::log_debug!("{}: {}", code.name(), detail);
        slot.detail = Some(detail);
        slot.text = None;
    });
}

/// The text of staged detail number `staged`, while it is staged.
pub(crate) fn staged_text(staged: u32) -> Option<String> {
    LAST_ERROR
        .try_with(|slot| {
            let slot = slot.try_borrow().ok()?;
            match &slot.staged {
                Some((n, d)) if *n == staged => Some(d.to_string()),
                _ => None,
            }
        })
        .ok()
        .flatten()
}

/// Records `detail` as this thread's last error at once (a panic: nothing was staged).
pub(crate) fn set(detail: Detail) {
    // During thread teardown the slot may be gone; the detail is then simply dropped.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            slot.detail = Some(detail);
            slot.text = None;
        }
    });
}

/// The text of a detail as C gets it: interior NULs (from hostile input echoed in a message)
/// are written as `\0` so the whole text reaches C.
fn c_text(detail: &Detail) -> CString {
    let text = detail.to_string().replace('\0', "\\0");
    CString::new(text).unwrap_or_default()
}

/// Returns the detailed message of the last call that failed on the calling thread (for
/// example `"Via value 0: Via: bad via-param at byte 12 of the value"`), or `""` if none has
/// failed yet. A successful call leaves the message in place, like `errno`.
///
/// Ownership: the string belongs to the library; it stays valid until the next failing call
/// on the same thread (or until the thread exits). Copy it to keep it.
/// Cost: a failing call only records what went wrong; this call writes the text (once per
/// failure).
/// Thread safety: each thread has its own message.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_last_error() -> *const c_char {
    catch_value(c"".as_ptr(), || {
        LAST_ERROR
            .try_with(|slot| {
                let Ok(mut slot) = slot.try_borrow_mut() else {
                    return c"".as_ptr();
                };
                let slot = &mut *slot;
                match (&slot.text, &slot.detail) {
                    (Some(text), _) => text.as_ptr(),
                    (None, Some(detail)) => slot.text.insert(c_text(detail)).as_ptr(),
                    (None, None) => c"".as_ptr(),
                }
            })
            .unwrap_or(c"".as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::{ErrorKind, SipError};
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        unsafe { CStr::from_ptr(mssip_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn message_is_per_thread_and_survives_interior_nul() {
        set(Detail::Text("first".into()));
        assert_eq!(last(), "first");
        set(Detail::Text("a\0b".into()));
        assert_eq!(last(), "a\\0b");
        std::thread::spawn(|| {
            assert_eq!(last(), "");
            set(Detail::Static("other thread"));
            assert_eq!(last(), "other thread");
        })
        .join()
        .unwrap();
        assert_eq!(last(), "a\\0b");
    }

    #[test]
    fn text_is_written_when_asked_and_stays_until_the_next_failure() {
        set(Detail::Sip(SipError::new(
            ErrorKind::BadValue,
            7,
            "CSeq: x",
        )));
        let p = mssip_last_error();
        assert_eq!(last(), "CSeq: x at byte 7");
        assert_eq!(mssip_last_error(), p);
        set(Detail::Static("next"));
        assert_eq!(last(), "next");
    }

    /// A failure made and dropped (one reading tried, then another) changes nothing a
    /// caller sees; the failure an export returns becomes the last error, with its own detail
    /// even when others were made and dropped before it; and a failure whose detail was
    /// overwritten before it was returned says so rather than telling of another failure.
    #[test]
    fn only_the_failure_an_export_returns_becomes_the_last_error() {
        use crate::ffi::boundary::{Failure, guard};
        use crate::ffi::result::mssip_result::{
            MSSIP_E_INVALID_ARGUMENT, MSSIP_E_NOT_FOUND, MSSIP_OK,
        };
        set(Detail::Static("before"));
        let ok = guard(|| {
            let _dropped = Failure::fixed(MSSIP_E_NOT_FOUND, "tried first");
            Ok(())
        });
        assert_eq!(ok, MSSIP_OK);
        assert_eq!(last(), "before");
        let code = guard(|| {
            let _dropped = Failure::fixed(MSSIP_E_NOT_FOUND, "tried first");
            Err(Failure::fixed(MSSIP_E_INVALID_ARGUMENT, "the one returned"))
        });
        assert_eq!(code, MSSIP_E_INVALID_ARGUMENT);
        assert_eq!(last(), "the one returned");
        let code = guard(|| {
            let kept = Failure::fixed(MSSIP_E_NOT_FOUND, "kept");
            let _later = Failure::fixed(MSSIP_E_INVALID_ARGUMENT, "made later, dropped");
            Err(kept)
        });
        assert_eq!(code, MSSIP_E_NOT_FOUND);
        assert_eq!(last(), "(the detail of this failure was not kept)");
    }
}
