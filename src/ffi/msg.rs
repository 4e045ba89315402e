//! `mssip_msg`: parsing, serialization and read access to a SIP message.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, free_msg_handle, into_handle, mssip_msg, new_msg_handle};
use super::limits::{limits_or_default, mssip_limits};
use super::msg_lookup::{arg_name, value_at};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, mssip_bytes, mssip_str};
use crate::sip::Message;

/// Parses one complete SIP message (a UDP datagram, or bytes cut from a stream by a
/// `mssip_framer`) under the default limits. The bytes are copied; `data` can be reused at
/// once.
///
/// Ownership: on success `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NULL` (out NULL, or data NULL with len > 0); `MSSIP_E_EMPTY` (len 0),
/// `MSSIP_E_INCOMPLETE`, `MSSIP_E_LIMIT`, `MSSIP_E_BAD_START_LINE`, `MSSIP_E_BAD_METHOD`,
/// `MSSIP_E_BAD_VERSION`, `MSSIP_E_BAD_STATUS_CODE`, `MSSIP_E_BAD_HEADER`,
/// `MSSIP_E_HEADER_NOT_UTF8` for malformed input, with the position in `mssip_last_error()`.
/// Thread safety: callable from any thread; the new message is used by one thread at a time.
///
/// # Safety
/// `data` points to `len` readable bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_parse(
    data: *const u8,
    len: usize,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { mssip_msg_parse_with_limits(data, len, std::ptr::null(), out) }
}

/// Parses one complete SIP message like `mssip_msg_parse`, under `limits` (optional: NULL
/// means the defaults). The message keeps these limits for later edits.
///
/// Ownership: on success `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: as `mssip_msg_parse`; `MSSIP_E_INVALID_ARGUMENT` (`limits->struct_size` not set by
/// `mssip_limits_default()`).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `data` points to `len` readable bytes; `limits` is NULL or readable for its `struct_size`
/// bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_parse_with_limits(
    data: *const u8,
    len: usize,
    limits: *const mssip_limits,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (bytes, out) = unsafe { (arg_bytes(data, len, "data")?, Out::new(out, "out")?) };
        // SAFETY: caller contract.
        let limits = unsafe { limits_or_default(limits) }?;
        let handle = new_msg_handle(
            || Message::blank(&limits),
            |m, spare| m.parse_into_reusing(bytes, spare),
        )?;
        out.write(handle);
        Ok(())
    })
}

/// Makes an independent copy of `msg` (same bytes, same limits), e.g. to keep the original
/// before editing.
///
/// Ownership: on success `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_clone(
    msg: *const mssip_msg,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(into_handle::<mssip_msg>(msg.clone()));
        Ok(())
    })
}

/// Frees a message. NULL is accepted and ignored. Views (`mssip_str`, body pointers) taken
/// from the message become invalid.
/// Memory: the freeing thread keeps the message's block (about 1 KiB) and its byte buffer
/// (up to 4 KiB) for the next message it parses, at most one of each per thread; they are
/// released when the thread ends.
/// Thread safety: no other thread may be using `msg`.
///
/// # Safety
/// `msg` is NULL or a message from this library not yet freed; it must not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_free(msg: *mut mssip_msg) {
    // SAFETY: caller contract.
    unsafe { free_msg_handle(msg) }
}

/// Copies the wire form of the message into `out`: byte for byte what was parsed, with any
/// edits applied. No NUL is appended; `*out_len` is the number of bytes.
///
/// Errors: `MSSIP_E_NULL` (msg or out_len NULL, or out NULL with cap > 0);
/// `MSSIP_E_BUFFER_TOO_SMALL` with the size needed in `*out_len` (nothing else written; pass
/// out = NULL, cap = 0 to ask); `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable for `cap` bytes; `out_len` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_serialize(
    msg: *const mssip_msg,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, buf) = unsafe { (borrow(msg, "msg")?, OutBuf::new(out, cap, out_len)?) };
        buf.put_bytes(msg.as_bytes())
    })
}

/// Borrows the whole wire form of the message without copying: `*out` views the bytes
/// `mssip_msg_serialize` would copy.
///
/// Ownership: the bytes belong to the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_bytes(
    msg: *const mssip_msg,
    out: *mut mssip_bytes,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { bytes_view(msg, out, Message::as_bytes) }
    })
}

/// Gets the `index`-th value (0-based) of header `name`. The name matches case-insensitively
/// and by compact form (`"v"` finds `Via`). `index` counts values: a header with a
/// comma-separated list grammar (Via, Contact, Route, Supported, ...) contributes one value
/// per list element, other headers one value per field. The value is trimmed of surrounding
/// whitespace; a folded value keeps its inner line breaks.
///
/// Cost: asking for index 0, 1, 2, ... in turn takes each lookup up where the one before it
/// stopped, so a loop over the values walks the message once; a header that is absent costs
/// a table look-up (a known name) or one compare per header line (an extension name); the
/// `MSSIP_E_NOT_FOUND` that ends the loop allocates nothing. `mssip_msg_header_values` gets
/// them all in one call; `mssip_msg_header_by_id` skips the name.
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` past the last value (or no such header); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8` (name); `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header(
    msg: *const mssip_msg,
    name: *const c_char,
    index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, name, out) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_name(name, "name")?,
                Out::new(out, "out")?,
            )
        };
        out.write(mssip_str::of(value_at(msg, name, index)?));
        Ok(())
    })
}

/// Counts the values of header `name`, as `mssip_msg_header` indexes them (0 if absent).
///
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UTF8` (name), `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` is NULL or NUL-terminated; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_header_count(
    msg: *const mssip_msg,
    name: *const c_char,
    count: *mut usize,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, name, count) = unsafe {
            (
                borrow(msg, "msg")?,
                arg_str(name, "name")?,
                Out::new(count, "count")?,
            )
        };
        count.write(msg.count(name));
        Ok(())
    })
}

/// Counts the header fields (lines, folded lines joined) of the message, in any name.
///
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_field_count(
    msg: *const mssip_msg,
    count: *mut usize,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, count) = unsafe { (borrow(msg, "msg")?, Out::new(count, "count")?) };
        count.write(msg.headers().len());
        Ok(())
    })
}

/// Gets the `index`-th header field (0-based, in message order): its name as written (maybe
/// a compact form such as `"v"`) and its whole value, trimmed of surrounding whitespace, not
/// split at commas (a folded value keeps its inner line breaks). Iterate with
/// `mssip_msg_field_count`.
///
/// Ownership: `*name` and `*value` borrow from the message; valid until it is changed or
/// freed.
/// Errors: `MSSIP_E_NOT_FOUND` past the last field; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `name` and `value` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_field(
    msg: *const mssip_msg,
    index: usize,
    name: *mut mssip_str,
    value: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, name, value) = unsafe {
            (
                borrow(msg, "msg")?,
                Out::new(name, "name")?,
                Out::new(value, "value")?,
            )
        };
        let h = msg.headers().get(index).ok_or_else(|| {
            Failure::not_found(format!(
                "no header field at index {index} (the message has {})",
                msg.headers().len()
            ))
        })?;
        name.write(mssip_str::of(msg.name_of(h)));
        value.write(mssip_str::of(msg.value_of(h)));
        Ok(())
    })
}

/// Tells whether the message is a request (`*is_request` = true) or a response (false).
///
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `is_request` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_is_request(
    msg: *const mssip_msg,
    is_request: *mut bool,
) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(is_request, "is_request")?) };
        out.write(msg.is_request());
        Ok(())
    })
}

/// Hands out a borrowed byte view of the message.
///
/// # Safety
/// As for the exports using it: `msg` is NULL or a live message; `out` is writable.
unsafe fn bytes_view(
    msg: *const mssip_msg,
    out: *mut mssip_bytes,
    view: impl FnOnce(&Message) -> &[u8],
) -> FfiResult {
    // SAFETY: forwarded caller contract.
    let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
    out.write(mssip_bytes::of(view(msg)));
    Ok(())
}

/// The error for asking a request-line part of a response or the other way round.
fn wrong_kind(wanted: &str) -> Failure {
    Failure::new(
        mssip_result::MSSIP_E_WRONG_KIND,
        format!("the message is not a {wanted}"),
    )
}

/// Borrows one start-line part that only one kind of message has.
///
/// # Safety
/// As for the exports using it: `msg` is NULL or a live message; `out` is writable.
unsafe fn start_part(
    msg: *const mssip_msg,
    out: *mut mssip_str,
    wanted: &str,
    part: impl FnOnce(&Message) -> Option<&str>,
) -> FfiResult {
    // SAFETY: forwarded caller contract.
    let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
    let s = part(msg).ok_or_else(|| wrong_kind(wanted))?;
    out.write(mssip_str::of(s));
    Ok(())
}

/// Borrows the method of a request (e.g. `"INVITE"`).
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_WRONG_KIND` for a response; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_method(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { start_part(msg, out, "request", Message::method) }
    })
}

/// Borrows the Request-URI of a request, as written.
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_WRONG_KIND` for a response; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_request_uri(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { start_part(msg, out, "request", Message::request_uri) }
    })
}

/// Borrows the reason phrase of a response (may be empty).
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_WRONG_KIND` for a request; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_reason(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { start_part(msg, out, "response", Message::reason) }
    })
}

/// Gets the status code of a response (100-699).
///
/// Errors: `MSSIP_E_WRONG_KIND` for a request; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `status` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_status(msg: *const mssip_msg, status: *mut u16) -> mssip_result {
    guard(move || {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(status, "status")?) };
        out.write(msg.status().ok_or_else(|| wrong_kind("response"))?);
        Ok(())
    })
}

/// Borrows the SIP-Version of the start line (e.g. `"SIP/2.0"`).
///
/// Ownership: `*out` borrows from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_version(
    msg: *const mssip_msg,
    out: *mut mssip_str,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { start_part(msg, out, "message", |m| Some(m.version())) }
    })
}

/// Borrows the body: every byte after the empty line that ends the headers, as received
/// (`*len` may be 0). Use `mssip_msg_validate` to check it against Content-Length.
///
/// Ownership: the bytes belong to the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NULL`, `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_body(
    msg: *const mssip_msg,
    out: *mut mssip_bytes,
) -> mssip_result {
    guard(move || {
        // SAFETY: the caller contract above, forwarded.
        unsafe { bytes_view(msg, out, Message::body) }
    })
}
