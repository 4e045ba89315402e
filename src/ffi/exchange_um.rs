//! Exchange UM call control (MS-OCEXUM): the transport rule, `skip-pin`, the Play-On-Phone
//! INVITE, Subject and Priority for recording, and the redirect to a UM worker.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::ptr;

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, borrow_mut, into_handle, mssip_msg};
use super::peer::{mssip_transport, mssip_transport_raw};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, arg_str, mssip_str, opt_str};
use crate::exchange_um::{
    self, Arrival, PlayOnPhone, PlayOnPhoneInfo, Recording, SkipPin, SkipPinPolicy, UmError,
    UmPriority,
};
use crate::sip::peer::Transport;

/// The Priority of an INVITE as MS-OCEXUM 2.2.4 lists it.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_um_priority {
    /// No Priority, or a value not in 2.2.4 (`emergency`, `non-urgent`, an extension).
    MSSIP_UM_PRIORITY_NONE = 0,
    /// `Urgent`.
    MSSIP_UM_PRIORITY_URGENT = 1,
    /// `Normal`.
    MSSIP_UM_PRIORITY_NORMAL = 2,
}

/// The C spelling of a UM priority number (renamed to `mssip_um_priority` in the header).
pub type mssip_um_priority_raw = u32;

/// What `mssip_um_guard_skip_pin` did with `Ms-Exchange-Command`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_um_skip_pin {
    /// The request has none.
    MSSIP_UM_SKIP_PIN_ABSENT = 0,
    /// `skip-pin` on an INVITE from an authenticated caller over TLS: kept.
    MSSIP_UM_SKIP_PIN_HONOURED = 1,
    /// `skip-pin` that could not be honoured: removed.
    MSSIP_UM_SKIP_PIN_STRIPPED = 2,
}

/// The C spelling of a skip-pin verdict (renamed to `mssip_um_skip_pin` in the header).
pub type mssip_um_skip_pin_raw = u32;

/// The stable code for each UM error. Exhaustive on purpose.
impl From<UmError> for Failure {
    fn from(e: UmError) -> Failure {
        let code = match &e {
            UmError::Transport(_) => mssip_result::MSSIP_E_UM_TRANSPORT,
            UmError::SkipPinRefused(_) => mssip_result::MSSIP_E_UM_SKIP_PIN_REFUSED,
            UmError::BadCommand(_) => mssip_result::MSSIP_E_UM_BAD_COMMAND,
            UmError::NotPlayOnPhone(_) => mssip_result::MSSIP_E_UM_NOT_PLAY_ON_PHONE,
            UmError::NotRedirect(_) => mssip_result::MSSIP_E_UM_NOT_REDIRECT,
            UmError::Sip(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

fn transport(raw: mssip_transport_raw) -> FfiResult<Transport> {
    mssip_transport::from_raw(raw)
        .map(Transport::from)
        .ok_or_else(|| Failure::invalid(format!("transport {raw} is no mssip_transport")))
}

fn c_transport(t: Transport) -> mssip_transport_raw {
    (match t {
        Transport::Udp => mssip_transport::MSSIP_TRANSPORT_UDP,
        Transport::Tcp => mssip_transport::MSSIP_TRANSPORT_TCP,
        Transport::Tls => mssip_transport::MSSIP_TRANSPORT_TLS,
    }) as u32
}

fn c_priority(p: Option<UmPriority>) -> mssip_um_priority_raw {
    (match p {
        None => mssip_um_priority::MSSIP_UM_PRIORITY_NONE,
        Some(UmPriority::Urgent) => mssip_um_priority::MSSIP_UM_PRIORITY_URGENT,
        Some(UmPriority::Normal) => mssip_um_priority::MSSIP_UM_PRIORITY_NORMAL,
    }) as u32
}

/// Checks MS-OCEXUM 2.1 for a message received from or sent to Exchange UM: `MSSIP_OK` for
/// TCP and TLS.
///
/// Errors: `MSSIP_E_UM_TRANSPORT` (UDP); `MSSIP_E_INVALID_ARGUMENT` (no `mssip_transport`).
/// Thread safety: callable from any thread.
#[unsafe(no_mangle)]
pub extern "C" fn mssip_um_check_transport(over: mssip_transport_raw) -> mssip_result {
    guard(|| Ok(exchange_um::require_connection(transport(over)?)?))
}

/// Applies MS-OCEXUM 2.2.1 / 3.1 to a request the host received: `Ms-Exchange-Command:
/// skip-pin` stays on an INVITE that arrived over TLS from a caller the host `authenticated`;
/// otherwise it is removed (`refuse` false) or the request refused (`refuse` true: answer 403).
/// `verdict` (may be NULL) receives a `mssip_um_skip_pin`.
///
/// Errors: `MSSIP_E_UM_SKIP_PIN_REFUSED`; `MSSIP_E_UM_BAD_COMMAND` (another value, or twice);
/// `MSSIP_E_UM_TRANSPORT` (arrived over UDP, 2.1); `MSSIP_E_INVALID_ARGUMENT`;
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. On error the message is unchanged.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `verdict` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_guard_skip_pin(
    msg: *mut mssip_msg,
    arrived_over: mssip_transport_raw,
    authenticated: bool,
    refuse: bool,
    verdict: *mut mssip_um_skip_pin_raw,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract; NULL means the verdict is not wanted.
        let (msg, verdict) =
            unsafe { (borrow_mut(msg, "msg")?, Out::new(verdict, "verdict").ok()) };
        let arrival = Arrival {
            transport: transport(arrived_over)?,
            authenticated,
        };
        let policy = if refuse {
            SkipPinPolicy::Refuse
        } else {
            SkipPinPolicy::Strip
        };
        let done = exchange_um::guard_skip_pin(msg, arrival, policy)?;
        if let Some(out) = verdict {
            out.write(
                (match done {
                    SkipPin::Absent => mssip_um_skip_pin::MSSIP_UM_SKIP_PIN_ABSENT,
                    SkipPin::Honoured => mssip_um_skip_pin::MSSIP_UM_SKIP_PIN_HONOURED,
                    SkipPin::Stripped => mssip_um_skip_pin::MSSIP_UM_SKIP_PIN_STRIPPED,
                }) as u32,
            );
        }
        Ok(())
    })
}

/// What a Play-On-Phone INVITE carries (MS-OCEXUM 3.2), for `mssip_um_play_on_phone_new`.
///
/// Growth: start from `mssip_um_play_on_phone_default()`, which sets `struct_size`; later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_um_play_on_phone {
    /// Size of this struct as the program was built, set by `_default()`.
    pub struct_size: usize,
    /// The Request-URI: where the user's phone is reached.
    pub target: *const c_char,
    /// The user's URI, written in both From and To (3.2: they MUST match).
    pub user: *const c_char,
    pub from_tag: *const c_char,
    pub call_id: *const c_char,
    pub cseq: u32,
    /// UM's contact URI; `;automata` is added after it (2.2.5).
    pub contact: *const c_char,
    /// The voice message's subject; NULL for none.
    pub subject: *const c_char,
    /// `mssip_um_priority`; `MSSIP_UM_PRIORITY_NONE` for no Priority.
    pub priority: mssip_um_priority_raw,
    /// The SDP offer (`application/sdp`).
    pub sdp: *const u8,
    pub sdp_len: usize,
}

// SAFETY: repr(C), `struct_size` first; the other fields are raw pointers and integers.
unsafe impl SizedStruct for mssip_um_play_on_phone {
    const NAME: &'static str = "mssip_um_play_on_phone";
    const FIRST_SIZE: usize = offset_of!(mssip_um_play_on_phone, sdp_len) + size_of::<usize>();
    fn defaults() -> mssip_um_play_on_phone {
        mssip_um_play_on_phone {
            struct_size: size_of::<mssip_um_play_on_phone>(),
            target: ptr::null(),
            user: ptr::null(),
            from_tag: ptr::null(),
            call_id: ptr::null(),
            cseq: 1,
            contact: ptr::null(),
            subject: ptr::null(),
            priority: 0,
            sdp: ptr::null(),
            sdp_len: 0,
        }
    }
}

/// Fills `out` with the defaults: every pointer NULL, `cseq` 1, no priority, `struct_size`
/// set.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_play_on_phone_default(
    out: *mut mssip_um_play_on_phone,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_um_play_on_phone::defaults());
        Ok(())
    })
}

/// Builds the Play-On-Phone INVITE UM sends (MS-OCEXUM 1.3, 3.2): Max-Forwards 70, From and
/// To the user's URI, `Contact: <contact>;automata`, Subject and Priority when given,
/// `Ms-Sensitivity: private-no-diversion`, the SDP. No Via: add your own.
///
/// Ownership: `*out` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a URI that does not parse, CR or LF in a value, a
/// priority number out of range, a bad `struct_size`); `MSSIP_E_NULL` (p, target, user,
/// from_tag, call_id, contact, out); `MSSIP_E_UTF8`; `MSSIP_E_LIMIT`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `p` is NULL or filled by `mssip_um_play_on_phone_default()` with valid pointers; `out` is
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_play_on_phone_new(
    p: *const mssip_um_play_on_phone,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (p, out) = unsafe { (read_sized(p, "p")?, Out::new(out, "out")?) };
        let priority = match p.priority {
            0 => None,
            1 => Some(UmPriority::Urgent),
            2 => Some(UmPriority::Normal),
            other => {
                return Err(Failure::invalid(format!(
                    "priority {other} is no mssip_um_priority"
                )));
            }
        };
        // SAFETY: caller contract, field by field.
        let build = unsafe {
            PlayOnPhone {
                target: arg_str(p.target, "p->target")?.to_owned(),
                user: arg_str(p.user, "p->user")?.to_owned(),
                from_tag: arg_str(p.from_tag, "p->from_tag")?.to_owned(),
                call_id: arg_str(p.call_id, "p->call_id")?.to_owned(),
                cseq: p.cseq,
                contact: arg_str(p.contact, "p->contact")?.to_owned(),
                subject: opt_str(p.subject, "p->subject")?.map(str::to_owned),
                priority,
                sdp: arg_bytes(p.sdp, p.sdp_len, "p->sdp")?.to_vec(),
            }
        };
        let msg = build.build().map_err(|e| match e {
            UmError::Sip(se) => Failure::invalid(se.to_string()),
            other => Failure::from(other),
        })?;
        out.write(into_handle::<mssip_msg>(msg));
        Ok(())
    })
}

/// Subject and Priority of an INVITE, as Exchange UM records them (MS-OCEXUM 2.2.3, 2.2.4).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_um_recording {
    /// The Subject, trimmed, borrowed from the message; `{NULL, 0}` when absent.
    pub subject: mssip_str,
    /// `mssip_um_priority`.
    pub priority: mssip_um_priority_raw,
}

fn c_recording(r: &Recording<'_>) -> mssip_um_recording {
    mssip_um_recording {
        subject: r.subject.map_or(mssip_str::NONE, mssip_str::of),
        priority: c_priority(r.priority),
    }
}

/// Reads Subject and Priority of `msg` for recording with the voice message (MS-OCEXUM
/// 2.2.3, 2.2.4). Never fails on the values: an absent one, or a Priority other than Urgent /
/// Normal, reads as none.
///
/// Ownership: `out->subject` borrows from `msg`.
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_recording_read(
    msg: *const mssip_msg,
    out: *mut mssip_um_recording,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(c_recording(&Recording::of(msg)));
        Ok(())
    })
}

/// A Play-On-Phone INVITE as `mssip_um_play_on_phone_read` reads it.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_um_play_on_phone_info {
    /// The user's URI (From's, equal to To's), borrowed from the message.
    pub user: mssip_str,
    /// Subject and Priority.
    pub recording: mssip_um_recording,
}

/// Reads `invite` as a Play-On-Phone INVITE (MS-OCEXUM 3.2): `Ms-Sensitivity:
/// private-no-diversion`, the same URI in From and To, a Contact with `automata`. A proxy
/// MUST NOT send such a call to voice mail nor forward it.
///
/// Ownership: the views in `*out` borrow from `invite`.
/// Errors: `MSSIP_E_UM_NOT_PLAY_ON_PHONE` (`mssip_last_error()` names the rule broken);
/// `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI` (a From, To or Contact that does not parse);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `invite` is used by one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_play_on_phone_read(
    invite: *const mssip_msg,
    out: *mut mssip_um_play_on_phone_info,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, out) = unsafe { (borrow(invite, "invite")?, Out::new(out, "out")?) };
        let info = PlayOnPhoneInfo::read(invite)?;
        out.write(mssip_um_play_on_phone_info {
            user: mssip_str::of(info.user),
            recording: c_recording(&info.recording),
        });
        Ok(())
    })
}

/// UM's redirect followed (`mssip_um_follow_redirect`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_um_redirect {
    /// The next INVITE, owned by the caller: free it with `mssip_msg_free`.
    pub invite: *mut mssip_msg,
    /// True when the Contact names a transport (`transport=` or `sips:`).
    pub transport_named: bool,
    /// `mssip_transport` it names (TCP or TLS); meaningful when `transport_named`.
    pub transport: mssip_transport_raw,
}

/// Turns UM's 301 / 302 to `invite` into the INVITE to send to the worker its first Contact
/// names (UM workers listen on ports 5065-5067 in deployments): Request-URI the Contact URI
/// (without `?headers`), CSeq one higher, no top Via (add your own, with a new branch); the
/// rest of `invite` as it was.
///
/// Ownership: `out->invite` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_UM_NOT_REDIRECT` (not a 301 / 302, another Call-ID or CSeq, no Contact, a
/// transport that is not TCP or TLS); `MSSIP_E_UM_TRANSPORT` (the Contact names UDP, 2.1);
/// `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI`; `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: the messages are used by one thread at a time.
///
/// # Safety
/// `invite` and `response` are NULL or live messages; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_um_follow_redirect(
    invite: *const mssip_msg,
    response: *const mssip_msg,
    out: *mut mssip_um_redirect,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, response, out) = unsafe {
            (
                borrow(invite, "invite")?,
                borrow(response, "response")?,
                Out::new(out, "out")?,
            )
        };
        let r = exchange_um::follow_redirect(invite, response)?;
        out.write(mssip_um_redirect {
            invite: into_handle::<mssip_msg>(r.invite),
            transport_named: r.transport.is_some(),
            transport: r.transport.map_or(0, c_transport),
        });
        Ok(())
    })
}
