//! Building messages: a response to a request, and a request from parts.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{borrow, into_handle, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, arg_str, opt_str};
use crate::sip::Message;
use crate::sip::builder::RequestBuilder;

/// One header field given to `mssip_msg_new_request`: both strings NUL-terminated.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_header {
    /// Header name, a token (e.g. `"Via"`).
    pub name: *const c_char,
    /// Header value, without CR, LF or NUL.
    pub value: *const c_char,
}

/// Builds the response an element sends to request `req` (RFC 3261 8.2.6): status line
/// `SIP/2.0 code reason`, the Via fields in order, From, To, Call-ID and CSeq copied,
/// Timestamp copied into a 100, Record-Route copied into 101-299 responses to
/// dialog-creating requests, and `Content-Length: 0`. `reason` is optional (NULL gives the
/// usual phrase for `code`). `to_tag` is optional: when given, and the request's To has no
/// tag, and `code` is above 100, the To gets `;tag=to_tag`. `req` is not changed.
///
/// Ownership: on success `*out` receives a new message (with the limits of `req`); free it
/// with `mssip_msg_free`.
/// Errors: `MSSIP_E_WRONG_KIND` (req is a response); `MSSIP_E_INVALID_ARGUMENT` (code outside
/// 100-699, CR/LF/NUL in reason, to_tag not a token, no To header in req); `MSSIP_E_NULL`
/// (req or out); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `req` is used by one thread at a time; the new message is independent.
///
/// # Safety
/// `req` is NULL or a live message; `reason` and `to_tag` are NULL or NUL-terminated; `out`
/// is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_new_response(
    req: *const mssip_msg,
    code: u16,
    reason: *const c_char,
    to_tag: *const c_char,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (req, reason, to_tag, out) = unsafe {
            (
                borrow(req, "req")?,
                opt_str(reason, "reason")?,
                opt_str(to_tag, "to_tag")?,
                Out::new(out, "out")?,
            )
        };
        let resp = Message::response_to(req, code, reason, to_tag)?;
        out.write(into_handle::<mssip_msg>(resp));
        Ok(())
    })
}

/// Builds a request `METHOD request_uri SIP/2.0` with the `n_headers` header fields of
/// `headers` in order, then `Content-Length` (always computed; do not pass one), and, when
/// `content_type` is given, a Content-Type and the `body_len` bytes of `body`. Nothing is
/// added on its own: give every header the request needs (Via, Max-Forwards, From, To,
/// Call-ID, CSeq, ...). `headers` may be NULL when `n_headers` is 0; `content_type` is
/// optional (NULL: no body, and then `body_len` must be 0); `body` may be NULL when
/// `body_len` is 0.
///
/// Ownership: on success `*out` receives a new message (default limits); free it with
/// `mssip_msg_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (method not a token, request_uri not a URI, header name
/// not a token, CR/LF/NUL in a value, a Content-Length header, a body without content_type);
/// `MSSIP_E_LIMIT`; `MSSIP_E_NULL` (method, request_uri, out, or a name/value in headers);
/// `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `method`, `request_uri` and `content_type` are NULL or NUL-terminated; `headers` is NULL
/// or points to `n_headers` readable entries whose strings are NULL or NUL-terminated; `body`
/// is NULL or readable for `body_len` bytes; `out` is writable.
#[unsafe(no_mangle)]
#[allow(clippy::too_many_arguments)] // a flat C signature: arrays and buffers come with lengths
pub unsafe extern "C" fn mssip_msg_new_request(
    method: *const c_char,
    request_uri: *const c_char,
    headers: *const mssip_header,
    n_headers: usize,
    content_type: *const c_char,
    body: *const u8,
    body_len: usize,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (method, uri, content_type, body, out) = unsafe {
            (
                arg_str(method, "method")?,
                arg_str(request_uri, "request_uri")?,
                opt_str(content_type, "content_type")?,
                arg_bytes(body, body_len, "body")?,
                Out::new(out, "out")?,
            )
        };
        let fields: &[mssip_header] = if n_headers == 0 {
            &[]
        } else if headers.is_null() {
            return Err(Failure::null("headers"));
        } else {
            // SAFETY: caller contract: `n_headers` readable entries.
            unsafe { std::slice::from_raw_parts(headers, n_headers) }
        };
        let mut builder = RequestBuilder::new(method, uri);
        for (i, field) in fields.iter().enumerate() {
            // SAFETY: caller contract on the entries' strings.
            let (name, value) = unsafe {
                (
                    arg_str(field.name, &format!("headers[{i}].name"))?,
                    arg_str(field.value, &format!("headers[{i}].value"))?,
                )
            };
            builder = builder.header(name, value);
        }
        match content_type {
            Some(ct) => builder = builder.body(ct, body),
            None if !body.is_empty() => {
                return Err(Failure::invalid("a body needs a content_type"));
            }
            None => {}
        }
        out.write(into_handle::<mssip_msg>(builder.build()?));
        Ok(())
    })
}
