//! Edits of a `mssip_msg`. Each one changes only the bytes it must; the rest of the message
//! stays byte for byte as it was, and Content-Length is kept right. A failed edit changes
//! nothing. Views taken from the message before a successful edit become invalid.
//!
//! Each call here is one edit and one scan of the message. The Rust API also batches edits
//! (`Message::edit`, one scan for many); C has no batch call yet: the rewrites a proxy makes
//! many of at once (NAT traversal's Via and Contact parameters) are made by the feature calls
//! that use the batch inside, and a C proxy's own edits are a few per message, where a scan
//! costs about what the parse did.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow_mut, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, arg_str, opt_str};
use crate::sip::Message;

/// Request-URI edits need a request; a response gets `MSSIP_E_WRONG_KIND`, as the
/// start-line accessors do.
fn request(msg: &mut Message) -> FfiResult<&mut Message> {
    if msg.is_request() {
        Ok(msg)
    } else {
        Err(Failure::new(
            mssip_result::MSSIP_E_WRONG_KIND,
            "a response has no Request-URI",
        ))
    }
}

/// Appends header field `name: value` after the last header field.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (name not a token, value containing CR, LF or NUL);
/// `MSSIP_E_LIMIT` (the message would exceed its limits); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name` and `value` are NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_add_header(
    msg: *mut mssip_msg,
    name: *const c_char,
    value: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, value) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(value, "value")?,
            )
        };
        Ok(msg.add_header(name, value)?)
    })
}

/// Inserts header field `name: value` before the first field of the same name (where a
/// proxy puts its Via or Record-Route), or before all fields when there is none.
///
/// Errors: as `mssip_msg_add_header`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// As `mssip_msg_add_header`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_prepend_header(
    msg: *mut mssip_msg,
    name: *const c_char,
    value: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, value) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(value, "value")?,
            )
        };
        Ok(msg.prepend_header(name, value)?)
    })
}

/// Removes a whole header field (one `name: ...` line, with every value on it): the
/// `field_index`-th field named `name`, 0-based. `field_index` counts fields, where
/// `mssip_msg_header` and `mssip_msg_remove_value` count values: with `Via: a, b` on one line
/// and `Via: c` on the next, field 0 holds values 0 and 1, field 1 holds value 2. To remove
/// one value of a list, use `mssip_msg_remove_value`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such field); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_field(
    msg: *mut mssip_msg,
    name: *const c_char,
    field_index: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name) = unsafe { (borrow_mut(msg, "msg")?, arg_str(name, "name")?) };
        Ok(msg.remove_header(name, field_index)?)
    })
}

/// Removes every field named `name`. `removed` is optional (may be NULL); when given it
/// receives how many fields were removed (0 is not an error).
///
/// Errors: `MSSIP_E_NULL` (msg or name); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name` is NULL or NUL-terminated;
/// `removed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_all(
    msg: *mut mssip_msg,
    name: *const c_char,
    removed: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name) = unsafe { (borrow_mut(msg, "msg")?, arg_str(name, "name")?) };
        // SAFETY: caller contract; NULL means the count is not wanted.
        let removed = unsafe { Out::new(removed, "removed") }.ok();
        let n = msg.remove_all(name)?;
        if let Some(out) = removed {
            out.write(n);
        }
        Ok(())
    })
}

/// Removes the `index`-th value of `name`, counted as `mssip_msg_header` counts. A field
/// left without values is removed whole; otherwise one separating comma goes with it.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_value(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name) = unsafe { (borrow_mut(msg, "msg")?, arg_str(name, "name")?) };
        Ok(msg.remove_value(name, index)?)
    })
}

/// Replaces the `index`-th value of `name` (counted as `mssip_msg_header` counts) with
/// `value`.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_INVALID_ARGUMENT` (CR, LF or NUL in value);
/// `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name` and `value` are NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_replace_value(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
    value: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, value) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(value, "value")?,
            )
        };
        Ok(msg.replace_value(name, index, value)?)
    })
}

/// Sets header parameter `pname` (adds it, or replaces its first occurrence) on the
/// `index`-th value of `name`, e.g. `;tag=...` on To. `pvalue` is optional: NULL writes a
/// parameter without a value (`;lr`). The value is written as given; quote it yourself when
/// it needs a quoted-string. What is set reads back as exactly this one parameter: name and
/// value must follow RFC 3261 25.1 for that parameter in that header (a token name; a token,
/// host or quoted-string value; Via `received` an IP address, `maddr` a host, `ttl` 0-255,
/// `branch` a token, `rport` a port or NULL; From/To `tag` a token; Contact `expires`
/// delta-seconds, `q` a qvalue).
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such value); `MSSIP_E_INVALID_ARGUMENT` (a name or value
/// outside that grammar, e.g. one that would add a second parameter); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name`, `pname` are NULL or
/// NUL-terminated; `pvalue` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_header_param(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
    pname: *const c_char,
    pvalue: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, pname, pvalue) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(pname, "pname")?,
                opt_str(pvalue, "pvalue")?,
            )
        };
        Ok(msg.set_header_param(name, index, pname, pvalue)?)
    })
}

/// Removes header parameter `pname` from the `index`-th value of `name`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such value or parameter); `MSSIP_E_BAD_VALUE`;
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `name`, `pname` are NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_header_param(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
    pname: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, pname) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(pname, "pname")?,
            )
        };
        Ok(msg.remove_header_param(name, index, pname)?)
    })
}

/// Sets URI parameter `pname` inside the URI of the `index`-th value of `name` (a name-addr
/// header such as Contact, Route, Record-Route, From, To). An addr-spec written without angle
/// brackets gets them, so the parameter stays a URI parameter. `pvalue` is optional: NULL
/// writes a parameter without a value. Name and value are `1*paramchar` (RFC 3261 25.1;
/// escapes as `%HH`), a `tel:` name alphanumerics and `-` (RFC 3966), narrower for `ttl`,
/// `maddr`, `transport`, `user` and `method` of a SIP URI; a URI of another scheme takes the
/// parameter at its end. What is set reads back as exactly this one parameter.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_BAD_URI` / `MSSIP_E_BAD_VALUE` (the header value
/// or its URI cannot be parsed); `MSSIP_E_INVALID_ARGUMENT` (a name or value outside that
/// grammar, e.g. `a;lr`, `a@b`, `a?h=1`, a name `a=b`); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// As `mssip_msg_set_header_param`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_uri_param(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
    pname: *const c_char,
    pvalue: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, pname, pvalue) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(pname, "pname")?,
                opt_str(pvalue, "pvalue")?,
            )
        };
        Ok(msg.set_uri_param(name, index, pname, pvalue)?)
    })
}

/// Removes URI parameter `pname` from the URI of the `index`-th value of `name`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such value or parameter); `MSSIP_E_BAD_URI`;
/// `MSSIP_E_BAD_VALUE`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// As `mssip_msg_remove_header_param`.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_uri_param(
    msg: *mut mssip_msg,
    name: *const c_char,
    index: usize,
    pname: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, name, pname) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(name, "name")?,
                arg_str(pname, "pname")?,
            )
        };
        Ok(msg.remove_uri_param(name, index, pname)?)
    })
}

/// Replaces the Request-URI of a request.
///
/// Errors: `MSSIP_E_WRONG_KIND` for a response; `MSSIP_E_INVALID_ARGUMENT` (not a valid
/// URI, or whitespace, CR, LF or NUL in it); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_request_uri(
    msg: *mut mssip_msg,
    uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, uri) = unsafe { (borrow_mut(msg, "msg")?, arg_str(uri, "uri")?) };
        Ok(request(msg)?.set_request_uri(uri)?)
    })
}

/// Sets URI parameter `pname` on the Request-URI of a request; `pvalue` is optional (NULL
/// writes a parameter without a value). Name and value are checked as
/// `mssip_msg_set_uri_param` checks them.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a name or value outside the grammar); otherwise as
/// `mssip_msg_set_request_uri`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `pname` is NULL or
/// NUL-terminated; `pvalue` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_request_uri_param(
    msg: *mut mssip_msg,
    pname: *const c_char,
    pvalue: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, pname, pvalue) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(pname, "pname")?,
                opt_str(pvalue, "pvalue")?,
            )
        };
        Ok(request(msg)?.set_request_uri_param(pname, pvalue)?)
    })
}

/// Removes URI parameter `pname` from the Request-URI of a request.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such parameter); otherwise as
/// `mssip_msg_set_request_uri`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `pname` is NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_remove_request_uri_param(
    msg: *mut mssip_msg,
    pname: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, pname) = unsafe { (borrow_mut(msg, "msg")?, arg_str(pname, "pname")?) };
        Ok(request(msg)?.remove_request_uri_param(pname)?)
    })
}

/// Replaces the body with `body_len` bytes at `body` and sets Content-Length to match.
/// `content_type` is optional: when given, Content-Type is set to it; when NULL, an existing
/// Content-Type is kept (and removed if the new body is empty). `body` may be NULL only when
/// `body_len` is 0.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (CR, LF or NUL in content_type); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `content_type` is NULL or
/// NUL-terminated; `body` is NULL or readable for `body_len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_set_body(
    msg: *mut mssip_msg,
    content_type: *const c_char,
    body: *const u8,
    body_len: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, content_type, body) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                opt_str(content_type, "content_type")?,
                arg_bytes(body, body_len, "body")?,
            )
        };
        Ok(msg.set_body(content_type, body)?)
    })
}
