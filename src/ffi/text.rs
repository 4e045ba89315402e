//! Strings and buffers crossing the boundary: NUL-terminated arguments in, borrowed
//! `mssip_str` views and copies into caller buffers out, and out-parameters written only on
//! success.

use std::ffi::{CStr, c_char};
use std::ptr::NonNull;

use super::boundary::{Failure, FfiResult};
use super::result::mssip_result;

/// A borrowed view of text owned by a handle: `len` bytes at `ptr`, not NUL-terminated.
/// Valid until the owning handle is changed or freed. The text is UTF-8.
///
/// NULL: in the typed views (`mssip_uri`, `mssip_name_addr`, `mssip_via`, `mssip_core`) a
/// part that is absent is `{NULL, 0}` (no password, no `tag`, a header the message lacks); a
/// part that is present but empty (a parameter without a value, an empty reason phrase) has a
/// `ptr` that is not NULL and `len` 0. Every other view the library writes has a `ptr` that
/// is not NULL, even when `len` is 0.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_str {
    /// First byte of the text; NULL only for an absent part of a typed view (see above).
    pub ptr: *const c_char,
    /// Length in bytes.
    pub len: usize,
}

impl mssip_str {
    /// `{NULL, 0}`: a part that is absent.
    pub(crate) const NONE: mssip_str = mssip_str {
        ptr: std::ptr::null(),
        len: 0,
    };

    /// A view of bytes of text that the library cut at ASCII delimiters.
    #[inline]
    pub(crate) fn of_bytes(b: &[u8]) -> mssip_str {
        mssip_str {
            ptr: b.as_ptr().cast::<c_char>(),
            len: b.len(),
        }
    }

    pub(crate) fn of(s: &str) -> mssip_str {
        mssip_str {
            ptr: s.as_ptr().cast::<c_char>(),
            len: s.len(),
        }
    }
}

/// A borrowed view of bytes owned by a handle: `len` bytes at `ptr` (a message's wire form,
/// a body, a part's body). Valid until the owning handle is changed or freed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_bytes {
    /// First byte (never NULL when written by the library, even for an empty view).
    pub ptr: *const u8,
    /// Length in bytes.
    pub len: usize,
}

impl mssip_bytes {
    pub(crate) fn of(b: &[u8]) -> mssip_bytes {
        mssip_bytes {
            ptr: b.as_ptr(),
            len: b.len(),
        }
    }
}

/// Reads a required NUL-terminated UTF-8 argument.
///
/// # Safety
/// `p` is NULL or points to a NUL-terminated string that outlives `'a`.
pub(crate) unsafe fn arg_str<'a>(p: *const c_char, arg: &str) -> FfiResult<&'a str> {
    if p.is_null() {
        return Err(Failure::null(arg));
    }
    // SAFETY: non-NULL and NUL-terminated per the contract.
    let c = unsafe { CStr::from_ptr(p) };
    c.to_str().map_err(|e| {
        Failure::new(
            mssip_result::MSSIP_E_UTF8,
            format!("{arg} is not UTF-8 (at byte {})", e.valid_up_to()),
        )
    })
}

/// Reads an optional NUL-terminated UTF-8 argument (NULL means absent).
///
/// # Safety
/// As for [`arg_str`].
pub(crate) unsafe fn opt_str<'a>(p: *const c_char, arg: &str) -> FfiResult<Option<&'a str>> {
    if p.is_null() {
        Ok(None)
    } else {
        // SAFETY: forwarded contract.
        unsafe { arg_str(p, arg) }.map(Some)
    }
}

/// Reads a `(pointer, length)` byte argument under the one rule of the header: a NULL
/// pointer with length 0 is an empty input; NULL with a length above 0 is `MSSIP_E_NULL`.
///
/// # Safety
/// `p` is NULL or points to `len` readable bytes that outlive `'a`.
pub(crate) unsafe fn arg_bytes<'a>(p: *const u8, len: usize, arg: &str) -> FfiResult<&'a [u8]> {
    if p.is_null() {
        return if len == 0 {
            Ok(&[])
        } else {
            Err(Failure::null(arg))
        };
    }
    // SAFETY: non-NULL and `len` readable bytes per the contract.
    Ok(unsafe { std::slice::from_raw_parts(p, len) })
}

/// Reads an optional array of `len` NUL-terminated UTF-8 strings: NULL means "not given".
///
/// # Safety
/// `p` is NULL or points to `len` readable pointers, each NULL or NUL-terminated and
/// outliving `'a`.
pub(crate) unsafe fn opt_str_list<'a>(
    p: *const *const c_char,
    len: usize,
    arg: &str,
) -> FfiResult<Option<Vec<&'a str>>> {
    if p.is_null() {
        return Ok(None);
    }
    // SAFETY: non-NULL and `len` readable pointers per the contract.
    let ptrs = unsafe { std::slice::from_raw_parts(p, len) };
    let mut out = Vec::with_capacity(len);
    for (i, s) in ptrs.iter().enumerate() {
        // SAFETY: each entry is NULL or NUL-terminated per the contract.
        out.push(unsafe { arg_str(*s, &format!("{arg}[{i}]")) }?);
    }
    Ok(Some(out))
}

/// A checked, non-NULL out-parameter, written once when the call succeeds.
pub(crate) struct Out<T>(NonNull<T>);

impl<T> Out<T> {
    /// # Safety
    /// `p` is NULL or valid for a write of `T` for the rest of the call.
    pub(crate) unsafe fn new(p: *mut T, arg: &str) -> FfiResult<Out<T>> {
        NonNull::new(p).map(Out).ok_or_else(|| Failure::null(arg))
    }

    pub(crate) fn write(self, value: T) {
        // SAFETY: checked non-NULL and writable per the constructor's contract; `write`
        // does not read or drop the (possibly uninitialised) previous content.
        unsafe { self.0.as_ptr().write(value) }
    }
}

/// A caller buffer `(char *out, size_t cap, size_t *out_len)`.
///
/// `out` may be NULL only when `cap` is 0 (to ask for the length needed).
pub(crate) struct OutBuf {
    out: *mut u8,
    cap: usize,
    out_len: Out<usize>,
}

impl OutBuf {
    /// # Safety
    /// `out` is NULL or valid for `cap` bytes of writes; `out_len` is NULL or writable.
    pub(crate) unsafe fn new(out: *mut u8, cap: usize, out_len: *mut usize) -> FfiResult<OutBuf> {
        // SAFETY: forwarded contract.
        let out_len = unsafe { Out::new(out_len, "out_len") }?;
        if out.is_null() && cap != 0 {
            return Err(Failure::null("out"));
        }
        Ok(OutBuf { out, cap, out_len })
    }

    /// Text: copies `s` and a NUL; needs `cap >= s.len() + 1`. `*out_len` = `s.len()`.
    pub(crate) fn put_text(self, s: &str) -> FfiResult {
        self.put(s.as_bytes(), true)
    }

    /// Raw bytes: copies `b` without a NUL; needs `cap >= b.len()`.
    pub(crate) fn put_bytes(self, b: &[u8]) -> FfiResult {
        self.put(b, false)
    }

    fn put(self, b: &[u8], nul: bool) -> FfiResult {
        let need = b.len() + usize::from(nul);
        if need > self.cap || self.out.is_null() {
            self.out_len.write(b.len());
            return Err(Failure::new(
                mssip_result::MSSIP_E_BUFFER_TOO_SMALL,
                format!("buffer too small: {need} bytes needed, {} given", self.cap),
            ));
        }
        // SAFETY: `out` is valid for `cap >= need` bytes per the constructor's contract and
        // cannot overlap `b`, which the library owns.
        unsafe {
            std::ptr::copy_nonoverlapping(b.as_ptr(), self.out, b.len());
            if nul {
                self.out.add(b.len()).write(0);
            }
        }
        self.out_len.write(b.len());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_needs_room_for_the_nul() {
        let mut buf = [0xAAu8; 4];
        let mut len = 99usize;
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let ob = unsafe { OutBuf::new(buf.as_mut_ptr(), 4, &mut len) }.unwrap();
        let e = ob.put_text("abcd").unwrap_err();
        assert_eq!(e.code, mssip_result::MSSIP_E_BUFFER_TOO_SMALL);
        assert_eq!(len, 4);
        assert_eq!(buf, [0xAA; 4]);
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let ob = unsafe { OutBuf::new(buf.as_mut_ptr(), 4, &mut len) }.unwrap();
        ob.put_text("abc").unwrap();
        assert_eq!(&buf, b"abc\0");
        assert_eq!(len, 3);
    }

    #[test]
    fn bytes_fill_exactly_and_null_out_asks_for_length() {
        let mut buf = [0u8; 3];
        let mut len = 0usize;
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let ob = unsafe { OutBuf::new(buf.as_mut_ptr(), 3, &mut len) }.unwrap();
        ob.put_bytes(b"xyz").unwrap();
        assert_eq!(&buf, b"xyz");
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let ob = unsafe { OutBuf::new(std::ptr::null_mut(), 0, &mut len) }.unwrap();
        assert!(ob.put_bytes(b"hello").is_err());
        assert_eq!(len, 5);
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let e = unsafe { OutBuf::new(std::ptr::null_mut(), 1, &mut len) }
            .err()
            .unwrap();
        assert_eq!(e.code, mssip_result::MSSIP_E_NULL);
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        let e = unsafe { OutBuf::new(buf.as_mut_ptr(), 3, std::ptr::null_mut()) }
            .err()
            .unwrap();
        assert_eq!(e.code, mssip_result::MSSIP_E_NULL);
    }

    #[test]
    fn string_arguments_are_checked() {
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { arg_str(std::ptr::null(), "name") }
                .unwrap_err()
                .code,
            mssip_result::MSSIP_E_NULL
        );
        let bad = c"a\xffb";
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { arg_str(bad.as_ptr(), "name") }.unwrap_err().code,
            mssip_result::MSSIP_E_UTF8
        );
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        assert_eq!(unsafe { arg_str(c"Via".as_ptr(), "name") }.unwrap(), "Via");
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        assert_eq!(unsafe { opt_str(std::ptr::null(), "x") }.unwrap(), None);
        assert_eq!(
            // SAFETY: the pointers are live locals, statics or NULL (which is checked).
            unsafe { arg_bytes(std::ptr::null(), 0, "b") }.unwrap(),
            b""
        );
        // SAFETY: the pointers are live locals, statics or NULL (which is checked).
        assert!(unsafe { arg_bytes(std::ptr::null(), 1, "b") }.is_err());
    }
}
