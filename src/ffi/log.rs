//! `mssip_log_set`: where the library's log messages go (`crate::log` on the Rust side).

use std::cell::RefCell;
use std::ffi::{c_char, c_void};
use std::sync::Arc;

use super::boundary::{Failure, guard};
use super::result::mssip_result;
use crate::log::{Level, set_sink};

/// How severe a log message is. `mssip_log_set` delivers the messages at its level and the
/// more severe ones (lower numbers).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_log_level {
    /// Something failed that the host should see, e.g. an internal error (`MSSIP_E_PANIC`):
    /// the report of where it happened.
    MSSIP_LOG_ERROR = 1,
    /// Something was refused or repaired.
    MSSIP_LOG_WARN = 2,
    /// A notable event of normal operation.
    MSSIP_LOG_INFO = 3,
    /// Detail for debugging, e.g. every failed call with its `mssip_last_error()` text.
    MSSIP_LOG_DEBUG = 4,
}

impl From<Level> for mssip_log_level {
    fn from(l: Level) -> mssip_log_level {
        match l {
            Level::Error => mssip_log_level::MSSIP_LOG_ERROR,
            Level::Warn => mssip_log_level::MSSIP_LOG_WARN,
            Level::Info => mssip_log_level::MSSIP_LOG_INFO,
            Level::Debug => mssip_log_level::MSSIP_LOG_DEBUG,
        }
    }
}

/// The C spelling of a log level argument (renamed to `mssip_log_level` in the header; see
/// `mssip_result_raw` for why the Rust side holds the raw number).
pub type mssip_log_level_raw = u32;

/// Receives one log message: `len` bytes of UTF-8 at `message`, followed by a NUL (so it
/// can also be read as a C string), and the `user` pointer given to `mssip_log_set`. The
/// text is valid only during the call; copy it to keep it. It may be called from any thread
/// that calls into the library, several at once; it must not unwind or `longjmp` out.
pub type mssip_log_fn = Option<
    unsafe extern "C" fn(
        level: mssip_log_level,
        message: *const c_char,
        len: usize,
        user: *mut c_void,
    ),
>;

/// The host's callback and its pointer, callable from any thread: `mssip_log_set` makes the
/// host promise that.
#[derive(Clone, Copy)]
struct Callback {
    f: unsafe extern "C" fn(mssip_log_level, *const c_char, usize, *mut c_void),
    user: *mut c_void,
}

// SAFETY: `mssip_log_set` documents that the callback and `user` are used from any thread
// calling into the library; the host answers for that.
unsafe impl Send for Callback {}
// SAFETY: as for `Send`; the library only passes `user` back, never dereferences it.
unsafe impl Sync for Callback {}

thread_local! {
    /// The message plus its NUL, reused on this thread.
    static C_LINE: RefCell<Vec<u8>> = const { RefCell::new(Vec::new()) };
}

impl Callback {
    fn deliver(self, level: Level, message: &str) {
        let call = |bytes: &[u8], len: usize| {
            // SAFETY: `bytes` holds `len` bytes of text and a NUL and lives through the call;
            // the callback's contract is the host's (see `mssip_log_set`).
            unsafe {
                (self.f)(
                    level.into(),
                    bytes.as_ptr().cast::<c_char>(),
                    len,
                    self.user,
                )
            }
        };
        let with_nul = |buf: &mut Vec<u8>| {
            buf.clear();
            // An interior NUL (hostile input quoted in a message) would cut the C string.
            if memchr::memchr(0, message.as_bytes()).is_some() {
                buf.extend_from_slice(message.replace('\0', "\\0").as_bytes());
            } else {
                buf.extend_from_slice(message.as_bytes());
            }
            let len = buf.len();
            buf.push(0);
            len
        };
        let reused = C_LINE.try_with(|line| match line.try_borrow_mut() {
            Ok(mut buf) => {
                let len = with_nul(&mut buf);
                call(&buf, len);
                true
            }
            Err(_) => false,
        });
        if reused != Ok(true) {
            let mut buf = Vec::new();
            let len = with_nul(&mut buf);
            call(&buf, len);
        }
    }
}

/// Sets where the library's log messages go, for the whole process: `callback` receives
/// every message at `min_level` or more severe (`MSSIP_LOG_WARN` delivers errors and
/// warnings), with `user` passed back unchanged. A NULL `callback` turns logging off (the
/// default), and `min_level` is then not looked at. Logging is off until this is called; with
/// logging off, or for messages below `min_level`, the library does no work for them (nothing
/// is formatted or allocated).
///
/// What is logged: at `MSSIP_LOG_ERROR`, each internal error (a panic caught at the boundary,
/// returned as `MSSIP_E_PANIC`) with where it happened; the library never prints it to stderr.
/// At `MSSIP_LOG_DEBUG`, each failed call with its code and its `mssip_last_error()` text.
/// Features add their own messages at the levels their documentation names.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a non-NULL `callback` with a `min_level` that is no
/// `mssip_log_level`; the previous setting stays).
/// Thread safety: callable from any thread at any time. The callback is called from whichever
/// thread is inside the library, possibly several at once, so it and `user` must be safe to
/// use that way. A message being delivered on another thread while this is called may still
/// reach the previous callback, so keep the previous `user` alive a while. The callback may
/// call into the library, `mssip_log_set` included (what it logs then is delivered too): no
/// lock is held while it runs.
///
/// # Safety
/// `callback` is NULL or a function that can be called as documented on `mssip_log_fn` until
/// logging is set again; `user` is whatever the callback expects.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_log_set(
    min_level: mssip_log_level_raw,
    callback: mssip_log_fn,
    user: *mut c_void,
) -> mssip_result {
    guard(|| {
        let Some(f) = callback else {
            set_sink(Level::Error, None);
            return Ok(());
        };
        let level = Level::from_raw(min_level).ok_or_else(|| {
            Failure::invalid(format!(
                "min_level {min_level} is no mssip_log_level (1 error .. 4 debug)"
            ))
        })?;
        let cb = Callback { f, user };
        set_sink(level, Some(Arc::new(move |l, m: &str| cb.deliver(l, m))));
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::log::TEST_SINK_LOCK;
    use parking_lot::Mutex;
    use std::ffi::CStr;

    static SEEN: Mutex<Vec<(mssip_log_level, String, usize)>> = Mutex::new(Vec::new());

    unsafe extern "C" fn record(
        level: mssip_log_level,
        message: *const c_char,
        len: usize,
        user: *mut c_void,
    ) {
        // SAFETY: the library passes a NUL-terminated message of `len` bytes.
        let text = unsafe { CStr::from_ptr(message) }
            .to_string_lossy()
            .into_owned();
        if text.contains("ffi-log-test") {
            assert_eq!(text.len(), len);
            SEEN.lock().push((level, text, user as usize));
        }
    }

    #[test]
    fn messages_reach_the_c_callback_with_a_nul_and_the_user_pointer() {
        let _serial = TEST_SINK_LOCK.lock();
        SEEN.lock().clear();
        let user = 0x5eed as *mut c_void;
        assert_eq!(
            // SAFETY: `record` follows the callback contract.
            unsafe { mssip_log_set(mssip_log_level::MSSIP_LOG_INFO as u32, Some(record), user) },
            mssip_result::MSSIP_OK
        );
        crate::log_info!("ffi-log-test a\0b");
        crate::log_debug!("ffi-log-test hidden");
        crate::log_error!("ffi-log-test {}", 2);
        assert_eq!(
            // SAFETY: as above.
            unsafe { mssip_log_set(0, Some(record), user) },
            mssip_result::MSSIP_E_INVALID_ARGUMENT
        );
        crate::log_info!("ffi-log-test still on");
        assert_eq!(
            // SAFETY: NULL turns logging off; the level is not looked at.
            unsafe { mssip_log_set(99, None, std::ptr::null_mut()) },
            mssip_result::MSSIP_OK
        );
        crate::log_error!("ffi-log-test off");
        let seen = SEEN.lock().clone();
        assert_eq!(
            seen,
            vec![
                (
                    mssip_log_level::MSSIP_LOG_INFO,
                    "ffi-log-test a\\0b".into(),
                    0x5eed
                ),
                (
                    mssip_log_level::MSSIP_LOG_ERROR,
                    "ffi-log-test 2".into(),
                    0x5eed
                ),
                (
                    mssip_log_level::MSSIP_LOG_INFO,
                    "ffi-log-test still on".into(),
                    0x5eed
                ),
            ]
        );
    }
}
