//! `mssip_multipart`: read access to a `multipart/*` body (RFC 2046), nested levels
//! included. Parts are addressed by their position in a depth-first walk of the whole tree
//! (a nested multipart comes just before its own parts), so one index reaches any level.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, free_handle, into_handle, mssip_msg, mssip_multipart};
use super::limits::{limits_or_default, mssip_limits};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, arg_str, mssip_bytes, mssip_str};
use crate::sip::body::owned_multipart::{OwnedMultipart, OwnedPart};

/// The walk index `index`, or `MSSIP_E_NOT_FOUND`.
fn part(mp: &OwnedMultipart, index: usize) -> FfiResult<OwnedPart<'_>> {
    mp.part(index).ok_or_else(|| {
        Failure::not_found(format!(
            "no part at index {index} (the body has {})",
            mp.len()
        ))
    })
}

/// Parses the body of `msg` as a multipart, using its Content-Type and its limits
/// (nesting depth, part count, part header lines). The bytes are copied: the result does not
/// depend on `msg` afterwards.
///
/// Ownership: on success `*out` receives a new multipart; free it with
/// `mssip_multipart_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (no Content-Type, or no boundary parameter);
/// `MSSIP_E_BAD_VALUE` (not of type `multipart`, bad boundary, no delimiter, bad part header);
/// `MSSIP_E_INCOMPLETE` (close delimiter missing); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_parse(
    msg: *const mssip_msg,
    out: *mut *mut mssip_multipart,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let ct = msg
            .content_type()
            .ok_or_else(|| Failure::not_found("the message has no Content-Type"))?;
        let mp = OwnedMultipart::parse(msg.body(), ct, msg.limits())?;
        out.write(into_handle::<mssip_multipart>(mp));
        Ok(())
    })
}

/// Parses `len` bytes at `body` as a multipart whose Content-Type value is `content_type`
/// (e.g. `multipart/alternative; boundary=xyz`), under `limits` (optional: NULL means the
/// defaults). The bytes are copied. `body` may be NULL when `len` is 0.
///
/// Ownership: on success `*out` receives a new multipart; free it with
/// `mssip_multipart_free`.
/// Errors: as `mssip_multipart_parse`, and `MSSIP_E_UTF8` (content_type);
/// `MSSIP_E_INVALID_ARGUMENT` (`limits->struct_size` not set by
/// `mssip_limits_default()`).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `body` is NULL or readable for `len` bytes; `content_type` is NULL or NUL-terminated;
/// `limits` is NULL or readable for its `struct_size` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_parse_body(
    body: *const u8,
    len: usize,
    content_type: *const c_char,
    limits: *const mssip_limits,
    out: *mut *mut mssip_multipart,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (body, ct, limits, out) = unsafe {
            (
                arg_bytes(body, len, "body")?,
                arg_str(content_type, "content_type")?,
                limits_or_default(limits)?,
                Out::new(out, "out")?,
            )
        };
        let mp = OwnedMultipart::parse(body, ct, &limits)?;
        out.write(into_handle::<mssip_multipart>(mp));
        Ok(())
    })
}

/// Frees a multipart. NULL is accepted and ignored. Views taken from it become invalid.
/// Thread safety: no other thread may be using `mp`.
///
/// # Safety
/// `mp` is NULL or a multipart from this library not yet freed; it must not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_free(mp: *mut mssip_multipart) {
    // SAFETY: caller contract.
    unsafe { free_handle(mp) }
}

/// Borrows the subtype of the outermost multipart (`mixed`, `alternative`, `related`, ...).
///
/// Ownership: `*out` borrows from `mp`; valid until it is freed.
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_subtype(
    mp: *const mssip_multipart,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, out) = unsafe { (borrow(mp, "mp")?, Out::new(out, "out")?) };
        out.write(mssip_str::of(mp.subtype()));
        Ok(())
    })
}

/// Counts the parts at every level (the length of the depth-first walk that part indexes
/// follow). A nested multipart counts as one part, and its own parts count too.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_count(
    mp: *const mssip_multipart,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, count) = unsafe { (borrow(mp, "mp")?, Out::new(count, "count")?) };
        count.write(mp.len());
        Ok(())
    })
}

/// Describes part `index` of the walk: `*depth` is 1 for a part of the outermost multipart, 2
/// for a part of a multipart nested in it, and so on; `*is_multipart` is true when the part is
/// itself a multipart (its parts follow it in the walk, one level deeper).
///
/// Errors: `MSSIP_E_NOT_FOUND` (index past the end); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `depth` and `is_multipart` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_info(
    mp: *const mssip_multipart,
    index: usize,
    depth: *mut usize,
    is_multipart: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, depth, nested) = unsafe {
            (
                borrow(mp, "mp")?,
                Out::new(depth, "depth")?,
                Out::new(is_multipart, "is_multipart")?,
            )
        };
        let part = part(mp, index)?;
        depth.write(part.depth());
        nested.write(part.is_multipart());
        Ok(())
    })
}

/// Borrows the Content-Type of part `index` as written. A part without one has the RFC 2046
/// default (`text/plain`, or `message/rfc822` inside `multipart/digest`); this call then
/// returns `MSSIP_E_NOT_FOUND`.
///
/// Ownership: `*out` borrows from `mp`; valid until it is freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such part, or no Content-Type); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_content_type(
    mp: *const mssip_multipart,
    index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, out) = unsafe { (borrow(mp, "mp")?, Out::new(out, "out")?) };
        let ct = part(mp, index)?
            .content_type()
            .ok_or_else(|| Failure::not_found(format!("part {index} has no Content-Type")))?;
        out.write(mssip_str::of(ct));
        Ok(())
    })
}

/// Counts the header fields of part `index`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such part); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `count` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_header_count(
    mp: *const mssip_multipart,
    index: usize,
    count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, count) = unsafe { (borrow(mp, "mp")?, Out::new(count, "count")?) };
        count.write(part(mp, index)?.header_count());
        Ok(())
    })
}

/// Borrows header field `field` (0-based, in order) of part `index`: its name as written
/// and its value, trimmed of surrounding whitespace.
///
/// Ownership: `*name` and `*value` borrow from `mp`; valid until it is freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such part or field); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `name` and `value` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_header(
    mp: *const mssip_multipart,
    index: usize,
    field: usize,
    name: *mut mssip_str,
    value: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, name, value) = unsafe {
            (
                borrow(mp, "mp")?,
                Out::new(name, "name")?,
                Out::new(value, "value")?,
            )
        };
        let (n, v) = part(mp, index)?.header(field).ok_or_else(|| {
            Failure::not_found(format!("part {index} has no header field {field}"))
        })?;
        name.write(mssip_str::of(n));
        value.write(mssip_str::of(v));
        Ok(())
    })
}

/// Borrows the body of part `index`: the bytes after its header section, up to the line
/// break before the next boundary delimiter. For a nested multipart this is its whole
/// multipart body.
///
/// Ownership: `*out` borrows from `mp`; valid until it is freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such part); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_body(
    mp: *const mssip_multipart,
    index: usize,
    out: *mut mssip_bytes,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, out) = unsafe { (borrow(mp, "mp")?, Out::new(out, "out")?) };
        out.write(mssip_bytes::of(part(mp, index)?.body()));
        Ok(())
    })
}

/// Finds the first part, at any depth, whose media type is `media_type` (`type/subtype`,
/// case-insensitive, e.g. `"application/sdp"`), and gives its walk index.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such part); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `media_type` is NULL or NUL-terminated; `index` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_find(
    mp: *const mssip_multipart,
    media_type: *const c_char,
    index: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, essence, index) = unsafe {
            (
                borrow(mp, "mp")?,
                arg_str(media_type, "media_type")?,
                Out::new(index, "index")?,
            )
        };
        let found = mp
            .find(essence)
            .ok_or_else(|| Failure::not_found(format!("no {essence} part")))?;
        index.write(found);
        Ok(())
    })
}
