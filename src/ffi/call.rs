//! `mssip_call`: one routed INVITE (MS-SIPRE 3.9.5, 3.9.6). The host reports what happened
//! (`mssip_call_on_response`, `_on_timer`, `_on_cancel`, `_on_branch_timeout`) and carries
//! out the actions, either drained one by one with `mssip_call_next_action` until
//! `MSSIP_E_NOT_FOUND`, or delivered to the callbacks of `mssip_call_set_callbacks` from
//! inside the call that produced them.

use super::action::{mssip_action, mssip_action_kind, mssip_call_callbacks};
use super::boundary::{Failure, guard};
use super::delivery::{Deliver, Lent, Outbox, next_action, on_event, set_callbacks};
use super::handle::{borrow, free_handle, into_handle, mssip_call, mssip_msg};
use super::result::mssip_result;
use super::text::Out;
use crate::routing::{Action, Call, RouteError};

/// The stable code for each routing error.
impl From<RouteError> for Failure {
    fn from(e: RouteError) -> Failure {
        let code = match &e {
            RouteError::NotInvite => mssip_result::MSSIP_E_NOT_INVITE,
            RouteError::Unanswerable(_) => mssip_result::MSSIP_E_INVITE_UNANSWERABLE,
            RouteError::Invalid(_) => mssip_result::MSSIP_E_WRONG_KIND,
            RouteError::UnknownBranch(_) => mssip_result::MSSIP_E_UNKNOWN_BRANCH,
            RouteError::UnknownTimer(_) => mssip_result::MSSIP_E_UNKNOWN_TIMER,
            RouteError::CallOver => mssip_result::MSSIP_E_CALL_OVER,
        };
        Failure::new(code, e.to_string())
    }
}

/// What stands behind a `mssip_call`.
pub(crate) struct CallState {
    pub(crate) call: Call,
    outbox: Outbox<mssip_call_callbacks>,
}

impl CallState {
    pub(crate) fn new(call: Call) -> CallState {
        CallState {
            call,
            outbox: Outbox::new(),
        }
    }
}

impl Deliver for CallState {
    type Callbacks = mssip_call_callbacks;
    type Queued = Action;
    type Action = mssip_action;
    const ARG: &'static str = "call";
    const REENTRANT: &'static str =
        "a mssip_call_* function was called from inside a callback of the same call";

    fn outbox(&mut self) -> &mut Outbox<mssip_call_callbacks> {
        &mut self.outbox
    }

    fn next_queued(&mut self) -> Option<Action> {
        self.call.next_action()
    }

    fn to_c(action: Action, lent: &mut Option<Lent>) -> mssip_action {
        let mut lend = |msg| {
            let h = into_handle::<mssip_msg>(msg);
            *lent = Some(Lent(h));
            h.cast_const()
        };
        match action {
            Action::Fork { branch, msg } => mssip_action {
                branch,
                msg: lend(msg),
                ..mssip_action::empty(mssip_action_kind::MSSIP_ACTION_FORK)
            },
            Action::Cancel { branch, msg } => mssip_action {
                branch,
                msg: lend(msg),
                ..mssip_action::empty(mssip_action_kind::MSSIP_ACTION_CANCEL)
            },
            Action::Respond { msg } => mssip_action {
                msg: lend(msg),
                ..mssip_action::empty(mssip_action_kind::MSSIP_ACTION_RESPOND)
            },
            Action::StartTimer { timer, ms } => mssip_action {
                timer,
                ms,
                ..mssip_action::empty(mssip_action_kind::MSSIP_ACTION_START_TIMER)
            },
            Action::StopTimer { timer } => mssip_action {
                timer,
                ..mssip_action::empty(mssip_action_kind::MSSIP_ACTION_STOP_TIMER)
            },
            Action::Done => mssip_action::empty(mssip_action_kind::MSSIP_ACTION_DONE),
        }
    }

    unsafe fn invoke(cb: &mssip_call_callbacks, a: &mssip_action) -> i32 {
        use mssip_action_kind::*;
        // SAFETY: the host's functions, called with the context it gave and a live message.
        unsafe {
            match a.kind {
                MSSIP_ACTION_FORK | MSSIP_ACTION_CANCEL => cb
                    .send_request
                    .map_or(0, |f| f(cb.ctx, a.kind, a.branch, a.msg)),
                MSSIP_ACTION_RESPOND => cb.send_response.map_or(0, |f| f(cb.ctx, a.msg)),
                MSSIP_ACTION_START_TIMER => cb.arm_timer.map_or(0, |f| f(cb.ctx, a.timer, a.ms)),
                MSSIP_ACTION_STOP_TIMER => cb.disarm_timer.map_or(0, |f| f(cb.ctx, a.timer)),
                MSSIP_ACTION_DONE => cb.done.map_or(0, |f| f(cb.ctx)),
            }
        }
    }
}

/// Takes the next queued action into `*out` (message actions lend `out->msg` until the next
/// call on `call`). Returns `MSSIP_E_NOT_FOUND` when none is queued: then wait for the next
/// event. `MSSIP_ACTION_DONE` is the last action of a call.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_NULL`; `MSSIP_E_REENTRANT`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_next_action(
    call: *mut mssip_call,
    out: *mut mssip_action,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { next_action(call, out) }
    })
}

/// Reports a response received on branch `branch` (after your transaction layer took off
/// your own Via). 1xx other than 100 go to the caller; a 2xx goes to the caller at once and
/// the other branches are cancelled with `Reason: ...;ms-acceptedby=<AOR>` (MS-SIPRE
/// 3.9.5.6); 303 retargets (3.9.5.3); 415 may be retried with one SDP part (3.9.5.5); 6xx
/// and other finals as RFC 3261 16.7 says (see the README for the choices made). The
/// response is only read during the call.
///
/// Errors: `MSSIP_E_UNKNOWN_BRANCH` (no pending branch with that number);
/// `MSSIP_E_WRONG_KIND` (`response` is a request); `MSSIP_E_CALL_OVER`; `MSSIP_E_CALLBACK`;
/// `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call; `response` is NULL or a live message.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_on_response(
    call: *mut mssip_call,
    branch: u32,
    response: *const mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let resp = unsafe { borrow(response, "response") }?;
        // SAFETY: caller contract.
        unsafe { on_event(call, |st| st.call.on_response(branch, resp)) }
    })
}

/// Reports that timer `timer` (armed by a `MSSIP_ACTION_START_TIMER`) fired: MS-SIPRE
/// 3.9.6 says what follows (forwarding, voice mail, team or delegates, cancelling).
///
/// Errors: `MSSIP_E_UNKNOWN_TIMER` (not armed: never, stopped, or already reported);
/// `MSSIP_E_CALL_OVER`; `MSSIP_E_CALLBACK`; `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_on_timer(call: *mut mssip_call, timer: u32) -> mssip_result {
    // SAFETY: caller contract.
    guard(|| unsafe { on_event(call, |st| st.call.on_timer(timer)) })
}

/// Reports the caller's CANCEL of the INVITE (answer the CANCEL itself with 200): every
/// live branch is cancelled and the caller gets a 487. After the final response it changes
/// nothing.
///
/// Errors: `MSSIP_E_CALL_OVER`; `MSSIP_E_CALLBACK`; `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_on_cancel(call: *mut mssip_call) -> mssip_result {
    // SAFETY: caller contract.
    guard(|| unsafe { on_event(call, |st| st.call.on_cancel()) })
}

/// Reports that branch `branch` ended without a final response (its transaction timed out
/// or its connection failed): handled as a 408 from it (RFC 3261 16.7). A cancelled branch
/// that never answers its CANCEL must be reported this way for the call to end.
///
/// Errors: `MSSIP_E_UNKNOWN_BRANCH`; `MSSIP_E_CALL_OVER`; `MSSIP_E_CALLBACK`;
/// `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_on_branch_timeout(
    call: *mut mssip_call,
    branch: u32,
) -> mssip_result {
    // SAFETY: caller contract.
    guard(|| unsafe { on_event(call, |st| st.call.on_branch_timeout(branch)) })
}

/// Switches the call to callbacks (`callbacks` non-NULL: copied; its four required
/// functions must be set) or back to draining (`callbacks` NULL). The actions already
/// queued, such as those of `mssip_router_route`, are delivered before this returns; from
/// then on each `mssip_call_on_*` delivers its actions before it returns, and
/// `mssip_call_next_action` finds none.
///
/// Errors: `MSSIP_E_NULL` (a required callback is NULL); `MSSIP_E_CALLBACK`;
/// `MSSIP_E_REENTRANT`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call; `callbacks` is NULL or readable; its functions stay
/// callable and `ctx` valid as long as the call may use them.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_set_callbacks(
    call: *mut mssip_call,
    callbacks: *const mssip_call_callbacks,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let cb = unsafe { callbacks.as_ref() }.copied();
        if let Some(cb) = &cb {
            if cb.send_request.is_none() {
                return Err(Failure::null("callbacks->send_request"));
            }
            if cb.send_response.is_none() {
                return Err(Failure::null("callbacks->send_response"));
            }
            if cb.arm_timer.is_none() {
                return Err(Failure::null("callbacks->arm_timer"));
            }
            if cb.disarm_timer.is_none() {
                return Err(Failure::null("callbacks->disarm_timer"));
            }
        }
        // SAFETY: caller contract.
        unsafe { set_callbacks(call, cb) }
    })
}

/// Bytes of memory the call holds (its state, its copy of the INVITE, its branches and
/// queued actions), for capacity planning.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_footprint(
    call: *const mssip_call,
    out: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(call, "call")?, Out::new(out, "out")?) };
        out.write(st.call.footprint() + std::mem::size_of::<CallState>());
        Ok(())
    })
}

/// Frees a call (at any time: the host then stops its timers and transactions itself).
/// NULL is accepted and ignored. Not from inside one of its callbacks.
/// Thread safety: one thread at a time per call.
///
/// # Safety
/// `call` is NULL or a live call not used afterwards.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_call_free(call: *mut mssip_call) {
    // SAFETY: caller contract.
    unsafe { free_handle(call) }
}
