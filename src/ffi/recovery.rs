//! Dialog recovery from C (MS-SIPRE 3.7): the proxy's answer to a mid-dialog request it
//! cannot route (481, or 430 with `P-Dialog-Recovery-Action`), and the user agent's
//! recovery state machine, which queues actions for the host as the call router does.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{
    borrow, borrow_mut, free_handle, into_handle, mssip_dialog_recovery, mssip_msg,
};
use super::result::mssip_result;
use super::text::{Out, arg_str, opt_str};
use crate::ext::PDialogRecoveryAction;
use crate::recovery::{
    DialogRecovery, Missing, UaAction, add_option_tag, decide, has_option_tag,
    prepare_recovery_refresh, respond,
};
use crate::sip::Message;

/// Bits of `missing` for `mssip_recovery_verdict`: the routing state of the route set (no
/// signed state, a signature that fails, a key gone: any `mssip_route_state_read` error).
pub const MSSIP_MISSING_ROUTE_STATE: u32 = 1;
/// The registration binding of the request's source endpoint.
pub const MSSIP_MISSING_SOURCE_REGISTRATION: u32 = 2;
/// The connection or binding toward the request's destination endpoint.
pub const MSSIP_MISSING_DESTINATION: u32 = 4;

/// The proxy's answer to mid-dialog request `req` given what is `missing` (MS-SIPRE 3.6.5.1,
/// 3.7.5.1): `*response` receives NULL when nothing is missing (route it), else a new 481, or
/// a 430 whose `P-Dialog-Recovery-Action` follows from what is missing when `req` carries
/// `Supported: Ms-Dialog-Route-Set-Update`: the route state: `Dialog-Route-Set-Update`; the
/// source's registration: `Registration-Route-Set-Update, Dialog-Route-Set-Update`; the
/// destination: `Wait-For-Session-Update`. `to_tag` (optional) is added when the To has none.
///
/// Ownership: a response written to `*response` is freed with `mssip_msg_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown bits in `missing`, `req` not a request);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `msg` (or `req`) one thread at a time.
///
/// # Safety
/// `req` is NULL or live; `to_tag` is NULL or NUL-terminated; `response` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_recovery_verdict(
    req: *const mssip_msg,
    missing: u32,
    to_tag: *const c_char,
    response: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (req, to_tag, out) = unsafe {
            (
                borrow(req, "req")?,
                opt_str(to_tag, "to_tag")?,
                Out::new(response, "response")?,
            )
        };
        let all = MSSIP_MISSING_ROUTE_STATE
            | MSSIP_MISSING_SOURCE_REGISTRATION
            | MSSIP_MISSING_DESTINATION;
        if missing & !all != 0 {
            return Err(Failure::new(
                mssip_result::MSSIP_E_INVALID_ARGUMENT,
                format!("unknown bits in missing: {:#x}", missing & !all),
            ));
        }
        if !req.is_request() {
            return Err(Failure::new(
                mssip_result::MSSIP_E_INVALID_ARGUMENT,
                "a verdict is for a request",
            ));
        }
        let m = Missing {
            route_state: missing & MSSIP_MISSING_ROUTE_STATE != 0,
            source_registration: missing & MSSIP_MISSING_SOURCE_REGISTRATION != 0,
            destination: missing & MSSIP_MISSING_DESTINATION != 0,
        };
        let resp = respond(req, &decide(req, m), to_tag)?;
        out.write(resp.map_or(std::ptr::null_mut(), into_handle::<mssip_msg>));
        Ok(())
    })
}

/// Writes whether `msg` lists the `Ms-Dialog-Route-Set-Update` option tag in a `Supported`
/// header (MS-SIPRE 2.2.18) to `*present`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `msg` (or `req`) one thread at a time.
///
/// # Safety
/// `msg` is NULL or live; `present` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_recovery_has_option_tag(
    msg: *const mssip_msg,
    present: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(present, "present")?) };
        out.write(has_option_tag(msg));
        Ok(())
    })
}

/// Adds `Supported: Ms-Dialog-Route-Set-Update` to `msg` unless it lists the tag already
/// (MS-SIPRE 3.7.4.1: every request of a dialog with recovery enabled).
///
/// Errors: `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `msg` (or `req`) one thread at a time.
///
/// # Safety
/// `msg` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_recovery_add_option_tag(msg: *mut mssip_msg) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg")? };
        add_option_tag(msg)?;
        Ok(())
    })
}

/// Turns `msg`, a target refresh the host built, into the recovery refresh of MS-SIPRE
/// 3.7.5.3.4: Contact set to `contact_uri` (2.2.1.2: e.g. the GRUU with
/// `opaque=user:epid:`), every Record-Route and Route removed, the option tag added.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a response; contact_uri not a SIP URI or with a
/// parameter outside MS-SIPRE 2.2.1); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. The message is unchanged on error.
///
/// Thread safety: `msg` (or `req`) one thread at a time.
///
/// # Safety
/// `msg` is NULL or live; `contact_uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_recovery_prepare_refresh(
    msg: *mut mssip_msg,
    contact_uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, uri) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                arg_str(contact_uri, "contact_uri")?,
            )
        };
        prepare_recovery_refresh(msg, uri)?;
        Ok(())
    })
}

/// What the host does next for a dialog (`mssip_dialog_recovery_next_action`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_recovery_action_kind {
    /// Tell the upper layer that request `request` failed.
    MSSIP_RECOVERY_FAILED = 1,
    /// Refresh the endpoint's registration, then call `mssip_dialog_recovery_on_registration`.
    MSSIP_RECOVERY_REFRESH_REGISTRATION = 2,
    /// Send the recovery target refresh (`mssip_recovery_prepare_refresh`), then call
    /// `mssip_dialog_recovery_on_refresh_response` with its final response.
    MSSIP_RECOVERY_SEND_REFRESH = 3,
    /// Take the route set and remote target from the Contact and Record-Route of the message
    /// just reported.
    MSSIP_RECOVERY_UPDATE_ROUTE_SET = 4,
    /// Send request `request` again with the updated route set and Request-URI.
    MSSIP_RECOVERY_RESEND = 5,
    /// Arm the recovery refresh timer to fire once after `ms`; then call
    /// `mssip_dialog_recovery_on_timer`.
    MSSIP_RECOVERY_START_TIMER = 6,
    /// Disarm the recovery refresh timer.
    MSSIP_RECOVERY_STOP_TIMER = 7,
}

/// One action. `request` is set for FAILED and RESEND, `ms` for START_TIMER, else 0.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_recovery_action {
    pub kind: mssip_recovery_action_kind,
    pub request: u32,
    pub ms: u64,
}

impl From<UaAction> for mssip_recovery_action {
    fn from(a: UaAction) -> mssip_recovery_action {
        use mssip_recovery_action_kind::*;
        let (kind, request, ms) = match a {
            UaAction::Failed { request } => (MSSIP_RECOVERY_FAILED, request, 0),
            UaAction::RefreshRegistration => (MSSIP_RECOVERY_REFRESH_REGISTRATION, 0, 0),
            UaAction::SendRecoveryRefresh => (MSSIP_RECOVERY_SEND_REFRESH, 0, 0),
            UaAction::UpdateRouteSet => (MSSIP_RECOVERY_UPDATE_ROUTE_SET, 0, 0),
            UaAction::Resend { request } => (MSSIP_RECOVERY_RESEND, request, 0),
            UaAction::StartTimer { ms } => (MSSIP_RECOVERY_START_TIMER, 0, ms),
            UaAction::StopTimer => (MSSIP_RECOVERY_STOP_TIMER, 0, 0),
        };
        mssip_recovery_action { kind, request, ms }
    }
}

/// Starts the recovery state of a dialog just created (MS-SIPRE 3.7.2.1).
/// `session_interval_ms`: the session timer interval negotiated (RFC 4028), 0 for none;
/// when given, the first action asks for the recovery refresh timer.
///
/// Ownership: `*out` is freed with `mssip_dialog_recovery_free`.
/// Errors: `MSSIP_E_NULL`.
///
/// Thread safety: any thread; the state it makes is used by one thread at a time.
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_new(
    session_interval_ms: u64,
    out: *mut *mut mssip_dialog_recovery,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out")? };
        let d = DialogRecovery::new((session_interval_ms != 0).then_some(session_interval_ms));
        out.write(into_handle::<mssip_dialog_recovery>(d));
        Ok(())
    })
}

/// Frees the recovery state; NULL is accepted.
///
/// Thread safety: no other call on `rec` may run at the same time or after.
///
/// # Safety
/// `rec` is NULL or from `mssip_dialog_recovery_new`, not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_free(rec: *mut mssip_dialog_recovery) {
    // SAFETY: caller contract.
    unsafe { free_handle(rec) }
}

/// Writes the oldest queued action to `*out`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (none queued); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `rec` one thread at a time.
///
/// # Safety
/// `rec` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_next_action(
    rec: *mut mssip_dialog_recovery,
    out: *mut mssip_recovery_action,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (rec, out) = unsafe { (borrow_mut(rec, "rec")?, Out::new(out, "out")?) };
        let a = rec.next_action().ok_or_else(|| {
            Failure::new(mssip_result::MSSIP_E_NOT_FOUND, "no recovery action queued")
        })?;
        out.write(a.into());
        Ok(())
    })
}

/// The status of a final response and its `P-Dialog-Recovery-Action` (a header that does not
/// parse counts as absent: the 430 then fails the request, 3.7.5.3.1).
fn status_and_action(resp: &Message) -> Result<(u16, Option<PDialogRecoveryAction>), Failure> {
    let status = resp.status().ok_or_else(|| {
        Failure::new(
            mssip_result::MSSIP_E_INVALID_ARGUMENT,
            "a response is expected",
        )
    })?;
    let action = resp
        .header(PDialogRecoveryAction::NAME)
        .and_then(|v| PDialogRecoveryAction::parse(v).ok());
    Ok((status, action))
}

/// Reports the final response `resp` to request `request` of the dialog (the host's own id;
/// `creating`: the request created the dialog), MS-SIPRE 3.7.5.3.1. A 430 queues the next
/// step from its `P-Dialog-Recovery-Action`; a second 430 to a request sent again fails it.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (resp is a request); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `rec` one thread at a time.
///
/// # Safety
/// `rec` and `resp` are NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_on_response(
    rec: *mut mssip_dialog_recovery,
    request: u32,
    resp: *const mssip_msg,
    creating: bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (rec, resp) = unsafe { (borrow_mut(rec, "rec")?, borrow(resp, "resp")?) };
        let (status, action) = status_and_action(resp)?;
        rec.on_response(request, status, action.as_ref(), creating);
        Ok(())
    })
}

/// Reports the final response to the recovery refresh (3.7.5.3.4 steps 2 and 3).
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (resp is a request); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `rec` one thread at a time.
///
/// # Safety
/// `rec` and `resp` are NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_on_refresh_response(
    rec: *mut mssip_dialog_recovery,
    resp: *const mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (rec, resp) = unsafe { (borrow_mut(rec, "rec")?, borrow(resp, "resp")?) };
        let (status, action) = status_and_action(resp)?;
        rec.on_refresh_response(status, action.as_ref());
        Ok(())
    })
}

/// The events without arguments of `mssip_dialog_recovery_event`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_recovery_event {
    /// The registration refresh succeeded (a 2xx; or a response that says the binding was
    /// `added` or `fixed`, 3.7.5.3.2).
    MSSIP_RECOVERY_REGISTERED = 1,
    /// The registration refresh failed.
    MSSIP_RECOVERY_REGISTRATION_FAILED = 2,
    /// The recovery refresh timer fired (3.7.6.1).
    MSSIP_RECOVERY_TIMER = 3,
    /// A session refresh request arrived on the dialog (3.7.5.3.3).
    MSSIP_RECOVERY_SESSION_REFRESH = 4,
    /// A mid-dialog target refresh request arrived (3.7.5.3.3).
    MSSIP_RECOVERY_TARGET_REFRESH = 5,
    /// The dialog ended: the timer goes, nothing follows.
    MSSIP_RECOVERY_END = 6,
}

/// `mssip_recovery_event` as passed through the ABI (a value outside the enum is refused).
pub type mssip_recovery_event_raw = u32;

/// Reports an event of the dialog.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown event); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `rec` one thread at a time.
///
/// # Safety
/// `rec` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialog_recovery_event(
    rec: *mut mssip_dialog_recovery,
    event: mssip_recovery_event_raw,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let rec = unsafe { borrow_mut(rec, "rec")? };
        match event {
            1 => rec.on_registration(true),
            2 => rec.on_registration(false),
            3 => rec.on_timer(),
            4 => rec.on_session_refresh(),
            5 => rec.on_target_refresh(),
            6 => rec.end(),
            _ => {
                return Err(Failure::new(
                    mssip_result::MSSIP_E_INVALID_ARGUMENT,
                    format!("unknown recovery event {event}"),
                ));
            }
        }
        Ok(())
    })
}
