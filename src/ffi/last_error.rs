//! The detailed, thread-local message of the last failed call, for `mssip_last_error()`.
//!
//! A failing call only stores what went wrong ([`Detail`]: a static text, an error with its
//! offset, a name and an index); the text is written out when `mssip_last_error()` is called.
//! Loops that end on `MSSIP_E_NOT_FOUND` therefore cost no allocation and no formatting.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use super::boundary::{Detail, catch_value};

/// This thread's last failure, and its text once asked for.
struct Slot {
    detail: Option<Detail>,
    /// The text of `detail`, when `mssip_last_error()` has written it since `detail` was set.
    text: Option<CString>,
}

thread_local! {
    static LAST_ERROR: RefCell<Slot> = const { RefCell::new(Slot { detail: None, text: None }) };
}

/// Records `detail` as this thread's last error (nothing is formatted or allocated here).
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
}
