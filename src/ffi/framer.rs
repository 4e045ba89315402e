//! `mssip_framer`: cutting a TCP/TLS byte stream into messages and keep-alives.
//!
//! Two kinds of error, told apart by their block: a framing error (200-299) means the
//! stream's framing is lost and the connection must be closed; a message that was framed but
//! does not parse gives its parse error (100-199) and the stream goes on with the next one.

use super::boundary::{Failure, guard};
use super::handle::{borrow_mut, free_handle, into_handle, mssip_framer, mssip_msg};
use super::limits::{limits_or_default, mssip_limits};
use super::result::mssip_result;
use super::text::{Out, arg_bytes};
use crate::sip::SipError;
use crate::sip::framer::{Frame, Framer, KeepAlive};

/// What `mssip_framer_next` found.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_frame_kind {
    /// Nothing complete yet: push more bytes.
    MSSIP_FRAME_NONE = 0,
    /// A whole message: `*msg` holds it.
    MSSIP_FRAME_MESSAGE = 1,
    /// A keep-alive ping (double CRLF, RFC 5626 3.5.1) from the peer: answer with a single
    /// CRLF.
    MSSIP_FRAME_PING = 2,
    /// A keep-alive pong (single CRLF): the answer to a ping this side sent.
    MSSIP_FRAME_PONG = 3,
}

/// A stream-level failure: the connection's framing is lost.
fn framing(e: SipError) -> Failure {
    let code = mssip_result::MSSIP_E_FRAMING;
    Failure::new(code, format!("{e}; close the connection"))
}

/// Creates a framer for one connection, with the default limits.
///
/// Ownership: on success `*out` receives a new framer; free it with `mssip_framer_free`.
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_new(out: *mut *mut mssip_framer) -> mssip_result {
    // SAFETY: caller contract.
    unsafe { mssip_framer_new_with_limits(std::ptr::null(), out) }
}

/// Creates a framer for one connection under `limits` (optional: NULL means the defaults).
/// The messages it hands out are parsed under the same limits.
///
/// Ownership: on success `*out` receives a new framer; free it with `mssip_framer_free`.
/// Errors: `MSSIP_E_NULL` (out); `MSSIP_E_INVALID_ARGUMENT` (`limits->struct_size` not set by
/// `mssip_limits_default()`).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `limits` is NULL or readable for its `struct_size` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_new_with_limits(
    limits: *const mssip_limits,
    out: *mut *mut mssip_framer,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (limits, out) = unsafe { (limits_or_default(limits)?, Out::new(out, "out")?) };
        out.write(into_handle::<mssip_framer>(Framer::new(limits)));
        Ok(())
    })
}

/// Frees a framer and any bytes it still holds. NULL is accepted and ignored.
/// Thread safety: no other thread may be using `framer`.
///
/// # Safety
/// `framer` is NULL or a framer from this library not yet freed; it must not be used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_free(framer: *mut mssip_framer) {
    // SAFETY: caller contract.
    unsafe { free_handle(framer) }
}

/// Feeds `len` bytes read from the connection, in any chunking (the bytes are copied). Then
/// call `mssip_framer_next` until it reports `MSSIP_FRAME_NONE`. `data` may be NULL when
/// `len` is 0.
///
/// Errors: `MSSIP_E_FRAMING` when the stream cannot be framed (garbage between messages, a
/// header section or message over the limits, a bad Content-Length): close the connection;
/// items completed before the error are still handed out by `mssip_framer_next`, and every
/// later push fails the same way. `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `framer` is used by one thread at a time.
///
/// # Safety
/// `framer` is NULL or a live framer; `data` is NULL or readable for `len` bytes.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_push(
    framer: *mut mssip_framer,
    data: *const u8,
    len: usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (framer, bytes) =
            unsafe { (borrow_mut(framer, "framer")?, arg_bytes(data, len, "data")?) };
        framer.push(bytes).map_err(framing)
    })
}

/// Takes the next complete item. On success `*kind` says what it is and `*msg` receives a
/// new message for `MSSIP_FRAME_MESSAGE`, NULL otherwise.
///
/// Ownership: a message handed out belongs to the caller; free it with `mssip_msg_free`.
/// Errors: a parse error (100-199, e.g. `MSSIP_E_BAD_HEADER`) when the next message was cut
/// from the stream but is malformed: it is consumed, the stream stays usable, and the next
/// call goes on with the following item. `MSSIP_E_FRAMING` once, after the items completed
/// before a framing error (close the connection). `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `framer` is used by one thread at a time.
///
/// # Safety
/// `framer` is NULL or a live framer; `kind` and `msg` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_next(
    framer: *mut mssip_framer,
    kind: *mut mssip_frame_kind,
    msg: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (framer, kind, msg) = unsafe {
            (
                borrow_mut(framer, "framer")?,
                Out::new(kind, "kind")?,
                Out::new(msg, "msg")?,
            )
        };
        let (k, m) = match framer.next() {
            None => (mssip_frame_kind::MSSIP_FRAME_NONE, std::ptr::null_mut()),
            Some(Err(e)) => return Err(framing(e)),
            Some(Ok(Frame::KeepAlive(KeepAlive::Ping))) => {
                (mssip_frame_kind::MSSIP_FRAME_PING, std::ptr::null_mut())
            }
            Some(Ok(Frame::KeepAlive(KeepAlive::Pong))) => {
                (mssip_frame_kind::MSSIP_FRAME_PONG, std::ptr::null_mut())
            }
            Some(Ok(Frame::Message(bytes))) => {
                let parsed = framer.message_from(bytes)?;
                (
                    mssip_frame_kind::MSSIP_FRAME_MESSAGE,
                    into_handle::<mssip_msg>(parsed),
                )
            }
        };
        kind.write(k);
        msg.write(m);
        Ok(())
    })
}

/// Tells the framer this side just sent a keep-alive ping, so the next single CRLF from the
/// peer is reported at once as `MSSIP_FRAME_PONG` (otherwise a lone CRLF waits for the next
/// byte, as it may be the first half of a ping).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `framer` is used by one thread at a time.
///
/// # Safety
/// `framer` is NULL or a live framer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_ping_sent(framer: *mut mssip_framer) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let framer = unsafe { borrow_mut(framer, "framer") }?;
        framer.ping_sent();
        Ok(())
    })
}

/// Tells the framer the peer closed the connection: a lone CRLF still waiting is reported as
/// a pong by `mssip_framer_next`.
///
/// Errors: `MSSIP_E_FRAMING` when the stream ended inside a message (the partial message is
/// dropped) or the framer had already failed; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `framer` is used by one thread at a time.
///
/// # Safety
/// `framer` is NULL or a live framer.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_framer_finish(framer: *mut mssip_framer) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let framer = unsafe { borrow_mut(framer, "framer") }?;
        framer.finish().map_err(framing)
    })
}
