//! `mssip_action`: what a call asks the host to do next, and `mssip_call_callbacks`, the
//! callback form of the same actions for hosts whose loops are callback-driven.

use std::ffi::{c_int, c_void};

use super::handle::mssip_msg;

/// What an action asks for.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_action_kind {
    /// Send `msg`, a request (INVITE), as the new branch `branch`; add your own Via and run
    /// the client transaction; report its responses with `mssip_call_on_response`.
    MSSIP_ACTION_FORK = 1,
    /// Send `msg`, the CANCEL (Reason included), for branch `branch`, with the top Via of
    /// that branch's INVITE (RFC 3261 9.1).
    MSSIP_ACTION_CANCEL = 2,
    /// Send `msg`, a response, to the caller (through the INVITE's server transaction).
    MSSIP_ACTION_RESPOND = 3,
    /// Arm timer `timer` to fire once after `ms` milliseconds; report it with
    /// `mssip_call_on_timer`.
    MSSIP_ACTION_START_TIMER = 4,
    /// Disarm timer `timer`.
    MSSIP_ACTION_STOP_TIMER = 5,
    /// The call is over: no action follows. Comes exactly once, last.
    MSSIP_ACTION_DONE = 6,
}

/// One action. `msg` is set for FORK, CANCEL and RESPOND (NULL otherwise), `branch` for FORK
/// and CANCEL, `timer` for START_TIMER and STOP_TIMER, `ms` for START_TIMER; other fields
/// are 0. `msg` is borrowed from the call until the next call on it (copy it with
/// `mssip_msg_serialize` to keep it).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_action {
    pub kind: mssip_action_kind,
    pub branch: u32,
    pub timer: u32,
    pub ms: u64,
    pub msg: *const mssip_msg,
}

/// Sends a request of the call: `kind` is `MSSIP_ACTION_FORK` (a new branch) or
/// `MSSIP_ACTION_CANCEL`; `msg` is lent for the duration of the callback. Returns 0 on
/// success; any other value stops the delivery (`MSSIP_E_CALLBACK`).
pub type mssip_send_request_fn = Option<
    unsafe extern "C" fn(
        ctx: *mut c_void,
        kind: mssip_action_kind,
        branch: u32,
        msg: *const mssip_msg,
    ) -> c_int,
>;

/// Sends a response to the caller; `msg` is lent for the duration of the callback.
pub type mssip_send_response_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, msg: *const mssip_msg) -> c_int>;

/// Arms timer `timer` to fire once after `ms` milliseconds.
pub type mssip_arm_timer_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, timer: u32, ms: u64) -> c_int>;

/// Disarms timer `timer`.
pub type mssip_disarm_timer_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, timer: u32) -> c_int>;

/// The call is over (the callback form of `MSSIP_ACTION_DONE`).
pub type mssip_call_done_fn = Option<unsafe extern "C" fn(ctx: *mut c_void) -> c_int>;

/// The callbacks of `mssip_call_set_callbacks`. The library calls them only from inside the
/// `mssip_call_*` call that produced the actions, on the thread of that call, in the order
/// the actions come; `ctx` is passed to each. A callback must not call any `mssip_call_*`
/// function on the same call (`MSSIP_E_REENTRANT`) and must not free it.
///
/// Growth: pinned; a later version adds callbacks through a new struct and function.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_call_callbacks {
    /// Passed to every callback.
    pub ctx: *mut c_void,
    /// Required.
    pub send_request: mssip_send_request_fn,
    /// Required.
    pub send_response: mssip_send_response_fn,
    /// Required.
    pub arm_timer: mssip_arm_timer_fn,
    /// Required.
    pub disarm_timer: mssip_disarm_timer_fn,
    /// Optional (NULL: the end of the call is not reported).
    pub done: mssip_call_done_fn,
}

// SAFETY: the context pointer is only handed back to the host's callbacks, on the thread
// that makes the call; the library never dereferences it.
unsafe impl Send for mssip_call_callbacks {}

impl mssip_action {
    pub(crate) fn empty(kind: mssip_action_kind) -> mssip_action {
        mssip_action {
            kind,
            branch: 0,
            timer: 0,
            ms: 0,
            msg: std::ptr::null(),
        }
    }
}
