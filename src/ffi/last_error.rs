//! The detailed, thread-local message of the last failed call, for `mssip_last_error()`.

use std::cell::RefCell;
use std::ffi::{CString, c_char};

use super::boundary::catch_value;

thread_local! {
    static LAST_ERROR: RefCell<CString> = RefCell::new(CString::default());
}

/// Records `message` as this thread's last error. Interior NULs (from hostile input echoed
/// in a message) are replaced so the whole text reaches C.
pub(crate) fn set(message: &str) {
    let text = CString::new(message.replace('\0', "\\0")).unwrap_or_default();
    // During thread teardown the slot may be gone; the message is then simply dropped.
    let _ = LAST_ERROR.try_with(|slot| {
        if let Ok(mut slot) = slot.try_borrow_mut() {
            *slot = text;
        }
    });
}

/// Returns the detailed message of the last call that failed on the calling thread (for
/// example `"Via: missing sent-by host at byte 12"`), or `""` if none has failed yet.
/// A successful call leaves the message in place, like `errno`.
///
/// Ownership: the string belongs to the library; it stays valid until the next failing call
/// on the same thread (or until the thread exits). Copy it to keep it.
/// Thread safety: each thread has its own message.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_last_error() -> *const c_char {
    catch_value(c"".as_ptr(), || {
        LAST_ERROR
            .try_with(|slot| match slot.try_borrow() {
                Ok(s) => s.as_ptr(),
                Err(_) => c"".as_ptr(),
            })
            .unwrap_or(c"".as_ptr())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::ffi::CStr;

    fn last() -> String {
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        unsafe { CStr::from_ptr(mssip_last_error()) }
            .to_string_lossy()
            .into_owned()
    }

    #[test]
    fn message_is_per_thread_and_survives_interior_nul() {
        set("first");
        assert_eq!(last(), "first");
        set("a\0b");
        assert_eq!(last(), "a\\0b");
        std::thread::spawn(|| {
            assert_eq!(last(), "");
            set("other thread");
            assert_eq!(last(), "other thread");
        })
        .join()
        .unwrap();
        assert_eq!(last(), "a\\0b");
    }
}
