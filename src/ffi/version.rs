//! `mssip_version()` and the `MSSIP_VERSION_*` macros.

use std::ffi::c_char;

use super::boundary::catch_value;

/// Major version of the header (`MSSIP_VERSION_MAJOR`); equal to the crate version, which a
/// test checks. Compare with `mssip_version()` to tell the header from the library.
pub const MSSIP_VERSION_MAJOR: u32 = 0;
/// Minor version of the header (`MSSIP_VERSION_MINOR`).
pub const MSSIP_VERSION_MINOR: u32 = 1;
/// Patch version of the header (`MSSIP_VERSION_PATCH`).
pub const MSSIP_VERSION_PATCH: u32 = 0;

const VERSION_C: &str = concat!(env!("CARGO_PKG_VERSION"), "\0");

/// Returns the library version as a NUL-terminated string, e.g. `"0.1.0"` (the crate
/// version the library was built from; the header it was built with has the same numbers as
/// `MSSIP_VERSION_MAJOR`, `_MINOR` and `_PATCH`).
///
/// Ownership: static; do not free. Thread safety: callable from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_version() -> *const c_char {
    catch_value(c"".as_ptr(), || VERSION_C.as_ptr().cast::<c_char>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_matches_the_crate() {
        // SAFETY: a static C string.
        let v = unsafe { std::ffi::CStr::from_ptr(mssip_version()) };
        assert_eq!(v.to_str().unwrap(), crate::VERSION);
    }

    #[test]
    fn the_header_macros_match_cargo_toml() {
        let number = |s: &str| s.parse::<u32>().expect("a number");
        assert_eq!(MSSIP_VERSION_MAJOR, number(env!("CARGO_PKG_VERSION_MAJOR")));
        assert_eq!(MSSIP_VERSION_MINOR, number(env!("CARGO_PKG_VERSION_MINOR")));
        assert_eq!(MSSIP_VERSION_PATCH, number(env!("CARGO_PKG_VERSION_PATCH")));
        assert_eq!(
            format!("{MSSIP_VERSION_MAJOR}.{MSSIP_VERSION_MINOR}.{MSSIP_VERSION_PATCH}"),
            crate::VERSION
        );
    }
}
