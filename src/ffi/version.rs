//! `mssip_version()`.

use std::ffi::c_char;

use super::boundary::catch_value;

const VERSION_C: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Returns the library version as a NUL-terminated string, e.g. `"0.1.0"` (the crate
/// version the library was built from).
///
/// Ownership: static; do not free. Thread safety: callable from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_version() -> *const c_char {
    catch_value(c"".as_ptr(), || VERSION_C.as_ptr().cast::<c_char>())
}

#[cfg(test)]
mod tests {
    #[test]
    fn version_matches_the_crate() {
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let v = unsafe { std::ffi::CStr::from_ptr(super::mssip_version()) };
        assert_eq!(v.to_str().unwrap(), crate::VERSION);
    }
}
