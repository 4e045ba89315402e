//! Exchange UM's redirect followed by a proxy as a new branch of the same call, and the pin
//! that keeps the call's later requests on the worker (`crate::interwork::um_follow`).

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, into_handle, mssip_msg};
use super::peer::{mssip_transport, mssip_transport_raw};
use super::result::mssip_result;
use super::text::Out;
use crate::interwork::{UmFollowError, UmPin, follow_um_redirect};
use crate::sip::peer::Transport;

impl From<UmFollowError> for Failure {
    fn from(e: UmFollowError) -> Failure {
        let code = match &e {
            UmFollowError::NotRedirect(_) => mssip_result::MSSIP_E_UM_NOT_REDIRECT,
            UmFollowError::Transport(_) => mssip_result::MSSIP_E_UM_TRANSPORT,
            UmFollowError::AlreadyTried => mssip_result::MSSIP_E_UM_ALREADY_TRIED,
            UmFollowError::Sip(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

fn transport_in(raw: mssip_transport_raw, arg: &str) -> FfiResult<Transport> {
    match mssip_transport::from_raw(raw) {
        Some(t) => Ok(Transport::from(t)),
        None => Err(Failure::invalid(format!(
            "{arg}: {raw} is no mssip_transport"
        ))),
    }
}

fn transport_out(t: Transport) -> mssip_transport_raw {
    let c = match t {
        Transport::Udp => mssip_transport::MSSIP_TRANSPORT_UDP,
        Transport::Tcp => mssip_transport::MSSIP_TRANSPORT_TCP,
        Transport::Tls => mssip_transport::MSSIP_TRANSPORT_TLS,
    };
    c as mssip_transport_raw
}

/// The next branch of a call UM redirected (`mssip_um_follow_branch`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_um_branch {
    /// The INVITE for the worker, owned by the caller (free it with `mssip_msg_free`): no
    /// top Via (add your own, with a new branch), the same CSeq.
    pub invite: *mut mssip_msg,
    /// `mssip_transport` (TCP or TLS) to reach the worker over, for this INVITE and for the
    /// call's later requests to it: the pin, with the INVITE (`mssip_um_pin_covers`).
    pub transport: mssip_transport_raw,
}

/// Follows `response`, Exchange UM's 301 / 302 to `sent` (the INVITE as this proxy forwarded
/// it, its own Via on top), as a new branch of the same call (RFC 3261 16.5, 16.6): the INVITE
/// with the proxy's Via removed, the Request-URI the first Contact's URI (without
/// `?headers`), the same Call-ID, From, To and CSeq; Route and Record-Route as they were
/// (replace those you wrote for UM). When the INVITE carries History-Info, UM's entry (the
/// last naming the Request-URI; one is added as the last entry's child when none does) gets
/// `Reason=SIP;cause=302` and the worker an entry after it tagged `rc=<UM's index>` (RFC
/// 7044); Diversion stays byte for byte and none is added (UM takes the mailbox from it).
/// `arrived_over` is how UM was reached, used when the Contact names no transport.
///
/// Ownership: `out->invite` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_UM_NOT_REDIRECT` (not a 301 / 302, another Call-ID or CSeq, no Contact, a
/// transport other than TCP, TLS or UDP); `MSSIP_E_UM_TRANSPORT` (the worker would be reached
/// over UDP, MS-OCEXUM 2.1); `MSSIP_E_UM_ALREADY_TRIED` (the Contact is the redirected
/// Request-URI or a History-Info entry's, RFC 3261 16.5); `MSSIP_E_BAD_VALUE` /
/// `MSSIP_E_BAD_URI`; `MSSIP_E_LIMIT` (more than 64 History-Info entries, or the message
/// limits); `MSSIP_E_INVALID_ARGUMENT` (no `mssip_transport`); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: the messages are used by one thread at a time.
///
/// # Safety
/// `sent` and `response` are NULL or live messages; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_follow_branch(
    sent: *const mssip_msg,
    response: *const mssip_msg,
    arrived_over: mssip_transport_raw,
    out: *mut mssip_um_branch,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (sent, response, out) = unsafe {
            (
                borrow(sent, "sent")?,
                borrow(response, "response")?,
                Out::new(out, "out")?,
            )
        };
        let over = transport_in(arrived_over, "arrived_over")?;
        let b = follow_um_redirect(sent, response, over)?;
        out.write(mssip_um_branch {
            transport: transport_out(b.pin.transport),
            invite: into_handle::<mssip_msg>(b.invite),
        });
        Ok(())
    })
}

/// Tells whether `msg` (a request or a response) belongs to the call whose UM branch is
/// `followed` (the INVITE `mssip_um_follow_branch` made): the same Call-ID and the caller's
/// From tag as its From tag or, for the worker's own requests such as its BYE, as its To tag
/// (RFC 3261 12). The worker's 200 Contact is the call's remote target, so a request it
/// covers goes to its Request-URI over the pinned `transport` even when that URI names none.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: the messages are used by one thread at a time.
///
/// # Safety
/// `followed` and `msg` are NULL or live messages; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_pin_covers(
    followed: *const mssip_msg,
    msg: *const mssip_msg,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (followed, msg, out) = unsafe {
            (
                borrow(followed, "followed")?,
                borrow(msg, "msg")?,
                Out::new(out, "out")?,
            )
        };
        out.write(UmPin::of(followed, Transport::Tcp).covers(msg));
        Ok(())
    })
}
