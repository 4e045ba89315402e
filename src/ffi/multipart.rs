//! `mssip_multipart`: read access to a `multipart/*` body (RFC 2046), nested levels
//! included. Parts are addressed by their position in a depth-first walk of the whole tree
//! (a nested multipart comes just before its own parts), so one index reaches any level.

use std::ffi::c_char;
use std::mem::ManuallyDrop;
use std::ptr::NonNull;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, free_handle, into_handle, mssip_msg, mssip_multipart};
use super::limits::{limits_or_default, mssip_limits};
use super::result::mssip_result;
use super::text::{Out, arg_bytes_or_empty, arg_str, mssip_str};
use crate::limits::Limits;
use crate::sip::SipError;
use crate::sip::body::multipart::{Multipart, Part};

/// A parsed multipart body that owns the bytes it was parsed from, so the C handle does not
/// depend on the message it came from.
pub(crate) struct OwnedMultipart {
    /// Borrows from `storage`; dropped before it (see `Drop`).
    parsed: ManuallyDrop<Multipart<'static>>,
    /// The body bytes followed by the Content-Type bytes, leaked from a `Box<[u8]>` and never
    /// written to while `parsed` lives.
    storage: NonNull<[u8]>,
}

impl OwnedMultipart {
    fn parse(body: &[u8], content_type: &str, limits: &Limits) -> Result<OwnedMultipart, SipError> {
        let mut copy = Vec::with_capacity(body.len() + content_type.len());
        copy.extend_from_slice(body);
        copy.extend_from_slice(content_type.as_bytes());
        let storage = NonNull::from(Box::leak(copy.into_boxed_slice()));
        // SAFETY: `storage` is a live allocation that this value owns until `Drop`, which
        // drops every borrow of it (`parsed`) first; it is never mutated or moved meanwhile.
        let all: &'static [u8] = unsafe { storage.as_ref() };
        let (body, ct) = all.split_at(body.len());
        let parsed = std::str::from_utf8(ct)
            .map_err(|_| SipError::new(crate::sip::ErrorKind::NotUtf8, 0, "Content-Type"))
            .and_then(|ct| Multipart::parse(body, ct, limits));
        match parsed {
            Ok(parsed) => Ok(OwnedMultipart {
                parsed: ManuallyDrop::new(parsed),
                storage,
            }),
            Err(e) => {
                // SAFETY: nothing borrows `storage` any more; it came from `Box::leak`.
                drop(unsafe { Box::from_raw(storage.as_ptr()) });
                Err(e)
            }
        }
    }

    /// The parsed tree, with borrows shortened to the life of `self`.
    fn get(&self) -> &Multipart<'_> {
        &self.parsed
    }

    /// The part at `index` of the depth-first walk, with its depth.
    fn part(&self, index: usize) -> FfiResult<(usize, &Part<'_>)> {
        self.get().walk().nth(index).ok_or_else(|| {
            Failure::not_found(format!(
                "no part at index {index} (the body has {})",
                self.get().walk().count()
            ))
        })
    }
}

impl Drop for OwnedMultipart {
    fn drop(&mut self) {
        // SAFETY: `parsed` is dropped exactly once, here, before the storage it borrows.
        unsafe { ManuallyDrop::drop(&mut self.parsed) };
        // SAFETY: `storage` came from `Box::leak` and nothing borrows it any more.
        drop(unsafe { Box::from_raw(self.storage.as_ptr()) });
    }
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
/// Errors: as `mssip_multipart_parse`, and `MSSIP_E_UTF8` (content_type).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `body` is NULL or readable for `len` bytes; `content_type` is NULL or NUL-terminated;
/// `limits` is NULL or readable; `out` is writable.
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
                arg_bytes_or_empty(body, len, "body")?,
                arg_str(content_type, "content_type")?,
                limits_or_default(limits),
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
        out.write(mssip_str::of(mp.get().subtype()));
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
        count.write(mp.get().walk().count());
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
        let (d, part) = mp.part(index)?;
        depth.write(d);
        nested.write(part.nested().is_some());
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
        let (_, part) = mp.part(index)?;
        let ct = part
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
        let (_, part) = mp.part(index)?;
        count.write(part.headers().len());
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
        let (_, part) = mp.part(index)?;
        let h = part.headers().get(field).ok_or_else(|| {
            Failure::not_found(format!("part {index} has no header field {field}"))
        })?;
        name.write(mssip_str::of(h.name));
        value.write(mssip_str::of(h.value));
        Ok(())
    })
}

/// Borrows the body of part `index`: the bytes after its header section, up to the line
/// break before the next boundary delimiter. For a nested multipart this is its whole
/// multipart body.
///
/// Ownership: the bytes belong to `mp`; valid until it is freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such part); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `mp` is used by one thread at a time.
///
/// # Safety
/// `mp` is NULL or a live multipart; `data` and `len` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_multipart_part_body(
    mp: *const mssip_multipart,
    index: usize,
    data: *mut *const u8,
    len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (mp, data, len) = unsafe {
            (
                borrow(mp, "mp")?,
                Out::new(data, "data")?,
                Out::new(len, "len")?,
            )
        };
        let (_, part) = mp.part(index)?;
        data.write(part.body().as_ptr());
        len.write(part.body().len());
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
            .get()
            .walk()
            .position(|(_, p)| p.is(essence))
            .ok_or_else(|| Failure::not_found(format!("no {essence} part")))?;
        index.write(found);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &[u8] = b"--o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n\
--i\r\nContent-Type: application/sdp\r\n\r\nv=0\r\n--i--\r\n\
--o\r\nContent-Type: text/plain\r\n\r\nhi\r\n--o--\r\n";

    #[test]
    fn owned_copy_outlives_its_source_and_walks_every_level() {
        let mp = {
            let body = BODY.to_vec();
            let ct = String::from("multipart/mixed; boundary=o");
            OwnedMultipart::parse(&body, &ct, &Limits::default()).expect("parses")
        };
        let kinds: Vec<(usize, Option<&str>)> = mp
            .get()
            .walk()
            .map(|(d, p)| (d, p.content_type()))
            .collect();
        assert_eq!(
            kinds,
            vec![
                (1, Some("multipart/alternative; boundary=i")),
                (2, Some("application/sdp")),
                (1, Some("text/plain")),
            ]
        );
        assert_eq!(mp.part(1).map(|(_, p)| p.body()).ok(), Some(&b"v=0"[..]));
        assert_eq!(
            mp.part(3).err().map(|f| f.code),
            Some(mssip_result::MSSIP_E_NOT_FOUND)
        );
    }

    #[test]
    fn errors_free_the_copy_and_keep_their_code() {
        let e = OwnedMultipart::parse(BODY, "multipart/mixed", &Limits::default()).err();
        assert_eq!(e.map(|e| e.kind), Some(crate::sip::ErrorKind::NotFound));
        let limits = Limits {
            max_nesting_depth: 1,
            ..Limits::default()
        };
        let e = OwnedMultipart::parse(BODY, "multipart/mixed; boundary=o", &limits).err();
        assert_eq!(
            e.map(|e| e.kind),
            Some(crate::sip::ErrorKind::LimitExceeded)
        );
    }
}
