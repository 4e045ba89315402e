//! How structs that cross the ABI grow without breaking programs built against an older
//! header.
//!
//! The rule, stated in the header for each struct:
//!
//! * Structs the caller fills in and that are not pinned (`mssip_limits`,
//!   `mssip_validate_options`) start with `size_t struct_size`, which their `_default()`
//!   function sets to the struct's size in the library. New fields only ever go at the end. A
//!   call reads the fields that `struct_size` covers and gives the fields after it their
//!   defaults, so a program built against an older (smaller) header keeps working with a newer
//!   library. A `struct_size` larger than the library's struct (a program built against a
//!   newer header) is accepted when the bytes this library does not know are all zero, and
//!   refused with `MSSIP_E_INVALID_ARGUMENT` otherwise (a setting the library cannot honour is
//!   never dropped silently); so is a `struct_size` smaller than the first published layout
//!   (for instance a struct not filled by `_default()`).
//! * Structs whose shape is pinned (`mssip_peer`) carry no size: the functions that exist read
//!   only the pinned fields. A field appended later is read only by functions published with
//!   it, which take the struct's size as an argument.
//! * Structs the library writes (`mssip_str`, `mssip_bytes`, ...) are written only up to the
//!   shape the writing function was published with; a larger shape comes with a new function.
//!
//! [`read_sized`] is the one reader of the first kind.

use std::mem::size_of;

use super::boundary::{Failure, FfiResult};

/// A caller-filled struct that grows by the rule above.
///
/// # Safety
/// The implementing type is `#[repr(C)]`, its first field is `struct_size: usize`, and every
/// field holds a valid value for any bytes a C program can store in the C type of that field
/// (integers, raw pointers, `bool` as C stores it): [`read_sized`] copies the caller's bytes
/// over [`SizedStruct::defaults`].
pub(crate) unsafe trait SizedStruct: Copy {
    /// The C name, for error messages.
    const NAME: &'static str;
    /// Bytes of the first published layout (the end of its last field): the smallest
    /// `struct_size` accepted. It stays the same when fields are added.
    const FIRST_SIZE: usize;
    /// Every field at its default, `struct_size` set to `size_of::<Self>()`.
    fn defaults() -> Self;
}

/// Reads a caller-filled struct of any published size (see the module comment).
///
/// # Safety
/// `p` is NULL or points to a struct whose first field is `size_t struct_size`, readable for
/// `struct_size` bytes.
pub(crate) unsafe fn read_sized<T: SizedStruct>(p: *const T, arg: &str) -> FfiResult<T> {
    if p.is_null() {
        return Err(Failure::null(arg));
    }
    // SAFETY: every published layout starts with `struct_size`; `p` is readable for it.
    let size = unsafe { p.cast::<usize>().read_unaligned() };
    if size < T::FIRST_SIZE {
        return Err(Failure::invalid(format!(
            "{arg}->struct_size is {size}, smaller than any {} (fill it with {}_default())",
            T::NAME,
            T::NAME
        )));
    }
    let known = size_of::<T>();
    if size > known {
        // SAFETY: the caller's struct is readable for `size` bytes.
        let tail = unsafe { std::slice::from_raw_parts(p.cast::<u8>().add(known), size - known) };
        if let Some(i) = tail.iter().position(|&b| b != 0) {
            return Err(Failure::invalid(format!(
                "{arg} sets byte {} of a {}, which this library ({known} bytes) does not know: \
                 the program was built against a newer mssip.h",
                known + i,
                T::NAME
            )));
        }
    }
    let mut out = T::defaults();
    // SAFETY: `p` is readable for `size >= min(size, known)` bytes, `out` is a `T` of `known`
    // bytes, they do not overlap, and the trait's contract makes any copied bytes valid.
    unsafe {
        std::ptr::copy_nonoverlapping(p.cast::<u8>(), (&raw mut out).cast::<u8>(), size.min(known));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[repr(C)]
    #[derive(Debug, Clone, Copy, PartialEq, Eq)]
    struct V2 {
        struct_size: usize,
        a: u32,
        b: u32,
    }

    // SAFETY: repr(C), `struct_size` first, integer fields only.
    unsafe impl SizedStruct for V2 {
        const NAME: &'static str = "v2";
        const FIRST_SIZE: usize = std::mem::offset_of!(V2, a) + size_of::<u32>();
        fn defaults() -> V2 {
            V2 {
                struct_size: size_of::<V2>(),
                a: 1,
                b: 2,
            }
        }
    }

    /// The first published layout of the same struct.
    #[repr(C)]
    struct V1 {
        struct_size: usize,
        a: u32,
    }

    #[test]
    fn an_older_struct_gets_defaults_for_the_newer_fields() {
        let old = V1 {
            struct_size: V2::FIRST_SIZE,
            a: 9,
        };
        // SAFETY: `old` is readable for its `struct_size` bytes.
        let got = unsafe { read_sized(std::ptr::from_ref(&old).cast::<V2>(), "o") };
        assert_eq!(got.map(|v| (v.a, v.b)).ok(), Some((9, 2)));
    }

    #[test]
    fn the_current_struct_is_read_whole() {
        let cur = V2 {
            struct_size: size_of::<V2>(),
            a: 5,
            b: 6,
        };
        // SAFETY: a live local.
        let got = unsafe { read_sized(&cur, "o") }.map(|v| (v.a, v.b));
        assert_eq!(got.ok(), Some((5, 6)));
    }

    #[test]
    fn a_newer_struct_is_accepted_only_with_its_unknown_tail_zero() {
        #[repr(C)]
        struct V3 {
            struct_size: usize,
            a: u32,
            b: u32,
            c: u64,
        }
        let mut newer = V3 {
            struct_size: size_of::<V3>(),
            a: 3,
            b: 4,
            c: 0,
        };
        let p = std::ptr::from_ref(&newer).cast::<V2>();
        // SAFETY: `newer` is readable for its `struct_size` bytes.
        let got = unsafe { read_sized(p, "o") }.map(|v| (v.a, v.b));
        assert_eq!(got.ok(), Some((3, 4)));
        newer.c = 1;
        let p = std::ptr::from_ref(&newer).cast::<V2>();
        // SAFETY: as above.
        let e = unsafe { read_sized(p, "o") }.err().map(|f| f.text());
        assert!(e.is_some_and(|m| m.contains("newer mssip.h")));
    }

    #[test]
    fn a_size_below_the_first_layout_or_null_is_refused() {
        let junk = V2 {
            struct_size: 0,
            a: 0,
            b: 0,
        };
        // SAFETY: a live local.
        let e = unsafe { read_sized(&junk, "opts") }.err();
        let e = e.expect("refused");
        assert_eq!(e.code, crate::ffi::mssip_result::MSSIP_E_INVALID_ARGUMENT);
        assert!(e.text().contains("v2_default()"), "{}", e.text());
        // SAFETY: NULL is allowed.
        let e = unsafe { read_sized::<V2>(std::ptr::null(), "opts") }.err();
        assert_eq!(
            e.map(|f| f.code),
            Some(crate::ffi::mssip_result::MSSIP_E_NULL)
        );
    }
}
