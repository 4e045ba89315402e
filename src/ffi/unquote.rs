//! `mssip_unquote`: the text of a quoted-string (a display name, a quoted parameter value
//! such as `+sip.instance="<urn:uuid:...>"`), quotes removed and `\` escapes resolved.

use std::ffi::c_char;

use super::boundary::guard;
use super::result::mssip_result;
use super::text::{OutBuf, arg_bytes};
use crate::sip::scan::unquote;

/// Copies the text of the quoted-string `text` (`len` bytes, e.g. a view the library handed
/// out) into `out`: without its quotes, each `\x` escape written as `x` (RFC 3261 25.1
/// quoted-pair), followed by a NUL. Text that is not a quoted-string is copied as it is.
///
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` with the length needed in `*out_len` (pass out = NULL,
/// cap = 0 to ask); `MSSIP_E_UTF8`; `MSSIP_E_NULL` (out_len NULL, text NULL with len > 0, or
/// out NULL with cap > 0).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `text` is NULL or points to `len` readable bytes; `out` is NULL or writable for `cap`
/// bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_unquote(
    text: *const c_char,
    len: usize,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (bytes, buf) = unsafe {
            (
                arg_bytes(text.cast::<u8>(), len, "text")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        let text = std::str::from_utf8(bytes).map_err(|_| {
            super::boundary::Failure::fixed(mssip_result::MSSIP_E_UTF8, "text is not UTF-8")
        })?;
        buf.put_text(&unquote(text))
    })
}
