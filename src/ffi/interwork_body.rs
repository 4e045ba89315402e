//! Bodies for peers without multipart (`crate::interwork::plain_body`): the one-call
//! reduction, the per-peer profile that learns from 415 and Accept, and the per-dialog state
//! of the 415 retry.

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{
    borrow, borrow_mut, free_handle, into_handle, mssip_body_dialogs, mssip_msg, mssip_peer_body,
};
use super::result::mssip_result;
use super::text::Out;
use crate::interwork::{
    BodyDialogs, BodyOptions, MultipartSupport, PlainBodyError, PlainPeerProfile, reduce_body,
    reduce_for_plain_peer,
};
use crate::sip::Message;

/// Reduction flag: keep `application/pidf+xml` parts next to the description in a
/// `multipart/mixed` (a peer that takes RFC 6442 location by value).
pub const MSSIP_PLAIN_BODY_KEEP_LOCATION: u32 = 1;
/// Reduction flag: rewrite RFC 2543 hold (`c=0.0.0.0` with `a=sendonly` / `a=inactive`) to
/// RFC 3264 hold, the `o=` address in `c=`.
pub const MSSIP_PLAIN_BODY_RFC3264_HOLD: u32 = 2;

/// A peer's multipart support: nothing known yet (bodies are reduced).
pub const MSSIP_PEER_MULTIPART_UNKNOWN: u32 = 0;
/// The peer refused multipart (a 415, or Accept without it): bodies are reduced.
pub const MSSIP_PEER_MULTIPART_REFUSED: u32 = 1;
/// The peer's Accept lists multipart: bodies pass as they are.
pub const MSSIP_PEER_MULTIPART_ALLOWED: u32 = 2;

/// The largest capacity of a `mssip_body_dialogs`.
pub const MSSIP_BODY_DIALOGS_MAX: usize = 1 << 20;

impl From<PlainBodyError> for Failure {
    fn from(e: PlainBodyError) -> Failure {
        let code = match &e {
            PlainBodyError::NoSdp(_) => mssip_result::MSSIP_E_PLAIN_BODY_NO_SDP,
            PlainBodyError::WrongMessage(_) => mssip_result::MSSIP_E_PLAIN_BODY_WRONG_MESSAGE,
            PlainBodyError::DialogsFull(_) => mssip_result::MSSIP_E_PLAIN_BODY_DIALOGS_FULL,
            PlainBodyError::Sip(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

fn body_options(flags: u32) -> FfiResult<BodyOptions> {
    if flags & !3 != 0 {
        return Err(Failure::invalid(format!(
            "flags: {flags:#x} has bits that are no MSSIP_PLAIN_BODY_* value"
        )));
    }
    Ok(BodyOptions {
        keep_location: flags & MSSIP_PLAIN_BODY_KEEP_LOCATION != 0,
        rfc3264_hold: flags & MSSIP_PLAIN_BODY_RFC3264_HOLD != 0,
    })
}

fn support_of(raw: u32) -> FfiResult<MultipartSupport> {
    match raw {
        MSSIP_PEER_MULTIPART_UNKNOWN => Ok(MultipartSupport::Unknown),
        MSSIP_PEER_MULTIPART_REFUSED => Ok(MultipartSupport::Refused),
        MSSIP_PEER_MULTIPART_ALLOWED => Ok(MultipartSupport::Allowed),
        _ => Err(Failure::invalid(format!(
            "multipart: {raw} is no MSSIP_PEER_MULTIPART_* value"
        ))),
    }
}

/// Writes the new message, or NULL when nothing changed.
fn put_message(out: Out<*mut mssip_msg>, m: Option<Message>) {
    out.write(m.map_or(std::ptr::null_mut(), into_handle::<mssip_msg>));
}

/// Reduces the multipart body of `msg` (INVITE, UPDATE, PRACK, ACK, or a 1xx / 2xx to
/// INVITE, UPDATE or PRACK) to the one description a peer without multipart can use: the
/// `application/sdp` part with an audio `m=` line marked `ms-proxy-2007fallback`, else the
/// first; Content-Type, Content-Length and Content-Disposition follow it, every other byte
/// stays. The other parts are dropped, location (PIDF-LO) too, with the Geolocation fields
/// that point at it, unless `MSSIP_PLAIN_BODY_KEEP_LOCATION`. `flags`: `MSSIP_PLAIN_BODY_*`.
/// `*out_msg` is the new message, or NULL when nothing changes (another method, no body, a
/// single-part body without RFC 2543 hold to rewrite).
///
/// Ownership: a non-NULL `*out_msg` is new; free it with `mssip_msg_free`. `msg` is not
/// changed.
/// Errors: `MSSIP_E_PLAIN_BODY_NO_SDP`; `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_HEADER` /
/// `MSSIP_E_INCOMPLETE` (a multipart body that does not parse); `MSSIP_E_INVALID_ARGUMENT`
/// (unknown flag bits); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out_msg` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_reduce_for_plain_peer(
    msg: *const mssip_msg,
    flags: u32,
    out_msg: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out_msg, "out_msg")?) };
        put_message(out, reduce_body(msg, &body_options(flags)?)?);
        Ok(())
    })
}

/// A new peer profile: `multipart` one of `MSSIP_PEER_MULTIPART_*`, `flags` the
/// `MSSIP_PLAIN_BODY_*` reductions to make toward it.
///
/// Ownership: `*out` is new; free it with `mssip_peer_body_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown value or flag bits); `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_peer_body_new(
    multipart: u32,
    flags: u32,
    out: *mut *mut mssip_peer_body,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let profile = PlainPeerProfile {
            multipart: support_of(multipart)?,
            options: body_options(flags)?,
        };
        out.write(into_handle::<mssip_peer_body>(profile));
        Ok(())
    })
}

/// Learns from `msg`, received from the peer: a 415 whose Accept lists no multipart (or that
/// has no Accept) makes it `MSSIP_PEER_MULTIPART_REFUSED`; any other message with Accept
/// makes it `ALLOWED` when Accept lists a multipart type or the range of all types (q above
/// 0), else `REFUSED`. `*out_changed` (optional) tells whether the state changed.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `peer` and `msg` are used by
/// one thread at a time.
///
/// # Safety
/// `peer` is NULL or a live profile; `msg` is NULL or a live message; `out_changed` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_peer_body_learn(
    peer: *mut mssip_peer_body,
    msg: *const mssip_msg,
    out_changed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (peer, msg) = unsafe { (borrow_mut(peer, "peer")?, borrow(msg, "msg")?) };
        let changed = peer.learn(msg);
        if !out_changed.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_changed.write(changed) };
        }
        Ok(())
    })
}

/// The peer's multipart support, one of `MSSIP_PEER_MULTIPART_*`, into `*out`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `peer` is NULL or a live profile; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_peer_body_multipart(
    peer: *const mssip_peer_body,
    out: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (peer, out) = unsafe { (borrow(peer, "peer")?, Out::new(out, "out")?) };
        out.write(match peer.multipart {
            MultipartSupport::Unknown => MSSIP_PEER_MULTIPART_UNKNOWN,
            MultipartSupport::Refused => MSSIP_PEER_MULTIPART_REFUSED,
            MultipartSupport::Allowed => MSSIP_PEER_MULTIPART_ALLOWED,
        });
        Ok(())
    })
}

/// `mssip_msg_reduce_for_plain_peer` toward this peer, with its flags: `*out_msg` is NULL
/// (nothing to change) for a peer that is `MSSIP_PEER_MULTIPART_ALLOWED`.
///
/// Ownership, errors: as `mssip_msg_reduce_for_plain_peer`.
/// Thread safety: `peer` and `msg` are used by one thread at a time.
///
/// # Safety
/// `peer` is NULL or a live profile; `msg` is NULL or a live message; `out_msg` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_peer_body_reduce(
    peer: *const mssip_peer_body,
    msg: *const mssip_msg,
    out_msg: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (peer, msg, out) = unsafe {
            (
                borrow(peer, "peer")?,
                borrow(msg, "msg")?,
                Out::new(out_msg, "out_msg")?,
            )
        };
        put_message(out, reduce_for_plain_peer(msg, peer)?);
        Ok(())
    })
}

/// Frees a peer profile; NULL is ignored.
/// Thread safety: no other thread may be using `peer`.
///
/// # Safety
/// `peer` is NULL or a live profile, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_peer_body_free(peer: *mut mssip_peer_body) {
    // SAFETY: caller contract.
    unsafe { free_handle(peer) }
}

/// A new, empty dialog table holding at most `capacity` dialogs (1 to
/// `MSSIP_BODY_DIALOGS_MAX`).
///
/// Ownership: `*out` is new; free it with `mssip_body_dialogs_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (capacity out of range); `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_new(
    capacity: usize,
    out: *mut *mut mssip_body_dialogs,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        if !(1..=MSSIP_BODY_DIALOGS_MAX).contains(&capacity) {
            return Err(Failure::invalid(format!(
                "capacity: {capacity} is not within 1 to {MSSIP_BODY_DIALOGS_MAX}"
            )));
        }
        out.write(into_handle::<mssip_body_dialogs>(BodyDialogs::new(
            capacity,
        )));
        Ok(())
    })
}

/// After `response`, a 415 to the multipart `invite` of dialog `key`: `*out_retry` is the
/// INVITE to send instead (CSeq one higher, same Call-ID, From and To, no top Via: add yours
/// with a new branch; the body the one description, as `mssip_msg_reduce_for_plain_peer`
/// makes it, never multipart), and the dialog is remembered as single-part.
///
/// Ownership: `*out_retry` is new; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_PLAIN_BODY_WRONG_MESSAGE` (not a 415, not an INVITE with a multipart
/// body, a 415 to another INVITE); `MSSIP_E_PLAIN_BODY_DIALOGS_FULL`;
/// `MSSIP_E_PLAIN_BODY_NO_SDP`; `MSSIP_E_BAD_VALUE` and the other parse codes (a body or CSeq
/// that does not parse); `MSSIP_E_INVALID_ARGUMENT` (flags); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Nothing is remembered on error.
/// Thread safety: all handles are used by one thread at a time.
///
/// # Safety
/// `dialogs` is NULL or a live table; `invite` and `response` are NULL or live messages;
/// `out_retry` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_on_415(
    dialogs: *mut mssip_body_dialogs,
    key: u64,
    invite: *const mssip_msg,
    response: *const mssip_msg,
    flags: u32,
    out_retry: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (dialogs, invite, response, out) = unsafe {
            (
                borrow_mut(dialogs, "dialogs")?,
                borrow(invite, "invite")?,
                borrow(response, "response")?,
                Out::new(out_retry, "out_retry")?,
            )
        };
        let retry = dialogs.on_415(key, invite, response, &body_options(flags)?)?;
        out.write(into_handle::<mssip_msg>(retry));
        Ok(())
    })
}

/// `msg`, about to be sent in dialog `key`: `*out_msg` is it with its body reduced when the
/// dialog is single-part (location never kept), or NULL when nothing changes (a dialog not
/// held, a body with nothing to reduce, an SDP-less re-INVITE).
///
/// Ownership: a non-NULL `*out_msg` is new; free it with `mssip_msg_free`.
/// Errors: as `mssip_msg_reduce_for_plain_peer`.
/// Thread safety: all handles are used by one thread at a time.
///
/// # Safety
/// `dialogs` is NULL or a live table; `msg` is NULL or a live message; `out_msg` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_outgoing(
    dialogs: *const mssip_body_dialogs,
    key: u64,
    msg: *const mssip_msg,
    flags: u32,
    out_msg: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (dialogs, msg, out) = unsafe {
            (
                borrow(dialogs, "dialogs")?,
                borrow(msg, "msg")?,
                Out::new(out_msg, "out_msg")?,
            )
        };
        put_message(out, dialogs.outgoing(key, msg, &body_options(flags)?)?);
        Ok(())
    })
}

/// Whether dialog `key` sends its bodies single-part, into `*out`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `dialogs` is NULL or a live table; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_is_single(
    dialogs: *const mssip_body_dialogs,
    key: u64,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (dialogs, out) = unsafe { (borrow(dialogs, "dialogs")?, Out::new(out, "out")?) };
        out.write(dialogs.is_single(key));
        Ok(())
    })
}

/// Marks dialog `key` single-part (a host that learned it otherwise).
///
/// Errors: `MSSIP_E_PLAIN_BODY_DIALOGS_FULL` (a new key at capacity); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `dialogs` is NULL or a live table.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_mark_single(
    dialogs: *mut mssip_body_dialogs,
    key: u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let dialogs = unsafe { borrow_mut(dialogs, "dialogs") }?;
        Ok(dialogs.mark_single(key)?)
    })
}

/// Forgets dialog `key` (it ended); `*out_held` (optional) tells whether it was held.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time.
///
/// # Safety
/// `dialogs` is NULL or a live table; `out_held` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_forget(
    dialogs: *mut mssip_body_dialogs,
    key: u64,
    out_held: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let dialogs = unsafe { borrow_mut(dialogs, "dialogs") }?;
        let held = dialogs.forget(key);
        if !out_held.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_held.write(held) };
        }
        Ok(())
    })
}

/// Frees a dialog table; NULL is ignored.
/// Thread safety: no other thread may be using `dialogs`.
///
/// # Safety
/// `dialogs` is NULL or a live table, not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_body_dialogs_free(dialogs: *mut mssip_body_dialogs) {
    // SAFETY: caller contract.
    unsafe { free_handle(dialogs) }
}
