//! `mssip_liveness`: OPTIONS pings to the host's peers on a timer, and their up / down
//! transitions, sans-IO. The host calls `mssip_liveness_poll` with its clock (and again when
//! the timer it was asked to arm fires), drains the actions with
//! `mssip_liveness_next_action` until `MSSIP_E_NOT_FOUND`, sends the probes, and reports
//! their responses (`mssip_liveness_on_response`) or transaction timeouts
//! (`mssip_liveness_on_probe_timeout`). A host whose loop is callback-driven sets
//! `mssip_liveness_set_callbacks` instead: the actions are then delivered from inside the
//! call that produced them, as the call router does.

use std::ffi::{c_char, c_int, c_void};

use super::boundary::{Failure, guard};
use super::delivery::{Deliver, Lent, Outbox, next_action, on_event, set_callbacks, state};
use super::handle::{borrow, free_handle, into_handle, mssip_liveness, mssip_msg};
use super::peer::{mssip_transport, mssip_transport_raw};
use super::result::mssip_result;
use super::text::{Out, arg_str};
use crate::interwork::{
    LivenessAction, LivenessConfig, PeerLiveness, PeerSpec, PeerState, ProbeOutcome,
};

/// What stands behind a `mssip_liveness`: the helper and the probe lent by the last action.
pub(crate) struct LivenessState {
    lv: PeerLiveness,
    outbox: Outbox<mssip_liveness_callbacks>,
}

/// Sends `probe` (lent for the duration of the callback) to peer `peer`. Returns 0 on
/// success; any other value stops the delivery (`MSSIP_E_CALLBACK`): that action is not
/// delivered again, the ones after it stay queued.
pub type mssip_liveness_send_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, peer: u32, probe: *const mssip_msg) -> c_int>;

/// Arms the helper's one timer for `at_ms`, replacing any earlier arming.
pub type mssip_liveness_arm_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, at_ms: u64) -> c_int>;

/// Peer `peer` went up (`up` true) or down.
pub type mssip_liveness_peer_fn =
    Option<unsafe extern "C" fn(ctx: *mut c_void, peer: u32, up: bool) -> c_int>;

/// The callbacks of `mssip_liveness_set_callbacks`, called only from inside the
/// `mssip_liveness_*` call that produced the actions, on its thread, in order; `ctx` is
/// passed to each. A callback must not call `mssip_liveness_*` on the same helper
/// (`MSSIP_E_REENTRANT`) and must not free it.
///
/// Growth: pinned; a later version adds callbacks through a new struct and function.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_liveness_callbacks {
    /// Passed to every callback.
    pub ctx: *mut c_void,
    /// Required.
    pub send_probe: mssip_liveness_send_fn,
    /// Required.
    pub arm_timer: mssip_liveness_arm_fn,
    /// Optional (NULL: transitions are only seen through `mssip_liveness_peer_state`).
    pub peer_changed: mssip_liveness_peer_fn,
}

// SAFETY: the context pointer is only handed back to the host's callbacks, on the thread
// that makes the call; the library never dereferences it.
unsafe impl Send for mssip_liveness_callbacks {}

impl Deliver for LivenessState {
    type Callbacks = mssip_liveness_callbacks;
    type Queued = LivenessAction;
    type Action = mssip_liveness_action;
    const ARG: &'static str = "lv";
    const REENTRANT: &'static str =
        "a mssip_liveness_* function was called from inside a callback of the same helper";

    fn outbox(&mut self) -> &mut Outbox<mssip_liveness_callbacks> {
        &mut self.outbox
    }

    fn next_queued(&mut self) -> Option<LivenessAction> {
        self.lv.next_action()
    }

    /// A probe moves into a new handle that `lent` keeps.
    fn to_c(a: LivenessAction, lent: &mut Option<Lent>) -> mssip_liveness_action {
        use mssip_liveness_action_kind::*;
        let action = |kind, peer, at_ms, msg| mssip_liveness_action {
            kind,
            peer,
            at_ms,
            msg,
        };
        match a {
            LivenessAction::SendProbe { peer, msg } => {
                let h = into_handle::<mssip_msg>(msg);
                *lent = Some(Lent(h));
                action(MSSIP_LIVENESS_SEND_PROBE, peer, 0, h.cast_const())
            }
            LivenessAction::ArmTimer { at_ms } => {
                action(MSSIP_LIVENESS_ARM_TIMER, 0, at_ms, std::ptr::null())
            }
            LivenessAction::PeerUp { peer } => {
                action(MSSIP_LIVENESS_PEER_UP, peer, 0, std::ptr::null())
            }
            LivenessAction::PeerDown { peer } => {
                action(MSSIP_LIVENESS_PEER_DOWN, peer, 0, std::ptr::null())
            }
        }
    }

    unsafe fn invoke(cb: &mssip_liveness_callbacks, a: &mssip_liveness_action) -> c_int {
        use mssip_liveness_action_kind::*;
        // SAFETY: the host's functions (checked when set), its context, a live message.
        unsafe {
            match a.kind {
                MSSIP_LIVENESS_SEND_PROBE => cb.send_probe.map_or(0, |f| f(cb.ctx, a.peer, a.msg)),
                MSSIP_LIVENESS_ARM_TIMER => cb.arm_timer.map_or(0, |f| f(cb.ctx, a.at_ms)),
                MSSIP_LIVENESS_PEER_UP => cb.peer_changed.map_or(0, |f| f(cb.ctx, a.peer, true)),
                MSSIP_LIVENESS_PEER_DOWN => cb.peer_changed.map_or(0, |f| f(cb.ctx, a.peer, false)),
            }
        }
    }
}

/// What a liveness action asks for or tells.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_liveness_action_kind {
    /// Send `msg`, an OPTIONS with its Via, to peer `peer` as a new client transaction;
    /// report its responses with `mssip_liveness_on_response`.
    MSSIP_LIVENESS_SEND_PROBE = 1,
    /// Arm the helper's one timer for `at_ms` (your clock, as passed in `now_ms`), replacing
    /// any earlier arming; call `mssip_liveness_poll` when it fires.
    MSSIP_LIVENESS_ARM_TIMER = 2,
    /// Peer `peer` went up.
    MSSIP_LIVENESS_PEER_UP = 3,
    /// Peer `peer` went down.
    MSSIP_LIVENESS_PEER_DOWN = 4,
}

/// One action. `msg` is set for SEND_PROBE (NULL otherwise) and is borrowed from the helper
/// until the next call on it (copy it with `mssip_msg_serialize` to keep it); `at_ms` is set
/// for ARM_TIMER; `peer` for the others.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_liveness_action {
    pub kind: mssip_liveness_action_kind,
    pub peer: u32,
    pub at_ms: u64,
    pub msg: *const mssip_msg,
}

/// A peer to watch. Strings are only read during the call.
///
/// Growth: pinned; a later version adds fields through a new struct and function.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_liveness_peer {
    /// Request-URI and To of the probes, NUL-terminated (`sip:` or `sips:`).
    pub uri: *const c_char,
    /// The transport you send on (`mssip_transport`), written in the Via.
    pub transport: mssip_transport_raw,
    /// Time between the starts of two probes, ms (above 0).
    pub interval_ms: u64,
    /// Time a probe may wait for its final response, ms (above 0).
    pub timeout_ms: u64,
    /// Failures in a row that take the peer down (above 0).
    pub down_after: u32,
    /// Successes in a row that bring it up (above 0; usually 1).
    pub up_after: u32,
}

/// `mssip_liveness_on_response`: a provisional response; the probe still waits.
pub const MSSIP_PROBE_PROVISIONAL: u32 = 1;
/// A final response showing the peer alive (any final but 408 and 503).
pub const MSSIP_PROBE_ALIVE: u32 = 2;
/// A 408 or 503: counted as a failure.
pub const MSSIP_PROBE_FAILED: u32 = 3;

/// `mssip_liveness_peer_state`: no transition yet.
pub const MSSIP_PEER_UNKNOWN: u32 = 0;
/// The peer is up.
pub const MSSIP_PEER_UP: u32 = 1;
/// The peer is down.
pub const MSSIP_PEER_DOWN: u32 = 2;

/// Creates a helper whose probes come from `from_uri` (From and Contact, e.g.
/// `sip:pbx.example.net`) with Via sent-by `sent_by` (`host[:port]`), for at most
/// `max_peers` peers (0: 256). Probe identifiers start from a random token.
///
/// Ownership: `*out` receives a new helper; free it with `mssip_liveness_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a from_uri that is not a SIP URI, a bad sent_by);
/// `MSSIP_E_NO_RANDOMNESS`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: any thread.
///
/// # Safety
/// `from_uri` and `sent_by` are NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_new(
    from_uri: *const c_char,
    sent_by: *const c_char,
    max_peers: u32,
    out: *mut *mut mssip_liveness,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (from, sent_by, out) = unsafe {
            (
                arg_str(from_uri, "from_uri")?,
                arg_str(sent_by, "sent_by")?,
                Out::new(out, "out")?,
            )
        };
        let lv = PeerLiveness::new(LivenessConfig {
            max_peers: if max_peers == 0 {
                256
            } else {
                max_peers as usize
            },
            from_uri: from.to_string(),
            sent_by: sent_by.to_string(),
        })?;
        out.write(into_handle::<mssip_liveness>(LivenessState {
            lv,
            outbox: Outbox::new(),
        }));
        Ok(())
    })
}

/// Frees a helper (and the probe its last action lent). NULL is accepted and ignored.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or a helper not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_free(lv: *mut mssip_liveness) {
    // SAFETY: caller contract.
    unsafe { free_handle(lv) }
}

/// Adds a peer; `*out_peer` (optional) receives its id (from 1, never reused). Its first
/// probe goes out at the next `mssip_liveness_poll`.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a URI that is not `sip:`/`sips:`, a zero interval,
/// timeout or threshold, an unknown transport); `MSSIP_E_PEER_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `peer` is NULL or readable with `uri` NULL or NUL-terminated;
/// `out_peer` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_add_peer(
    lv: *mut mssip_liveness,
    peer: *const mssip_liveness_peer,
    now_ms: u64,
    out_peer: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let st = unsafe { state(lv) }?;
        // SAFETY: caller contract.
        let p = unsafe { peer.as_ref() }.ok_or_else(|| Failure::null("peer"))?;
        // SAFETY: caller contract.
        let uri = unsafe { arg_str(p.uri, "peer->uri") }?;
        let transport = mssip_transport::from_raw(p.transport).ok_or_else(|| {
            Failure::invalid(format!(
                "peer->transport {} is no mssip_transport",
                p.transport
            ))
        })?;
        let id = st.lv.add_peer(
            PeerSpec {
                uri: uri.to_string(),
                transport: transport.into(),
                interval_ms: p.interval_ms,
                timeout_ms: p.timeout_ms,
                down_after: p.down_after,
                up_after: p.up_after,
            },
            now_ms,
        )?;
        if !out_peer.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_peer.write(id) };
        }
        Ok(())
    })
}

/// Removes peer `peer`; a late response to its probe then gives `MSSIP_E_NO_PROBE`.
///
/// Errors: `MSSIP_E_UNKNOWN_PEER`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_remove_peer(
    lv: *mut mssip_liveness,
    peer: u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let st = unsafe { state(lv) }?;
        Ok(st.lv.remove_peer(peer)?)
    })
}

/// Brings the helper up to `now_ms` (your monotonic clock in ms): probes past their timeout
/// fail, peers whose interval has come get a probe, and the timer is re-armed when the next
/// moment that matters moved. Call it after adding peers and whenever the timer fires.
///
/// Errors: `MSSIP_E_CALLBACK`; `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_poll(lv: *mut mssip_liveness, now_ms: u64) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { on_event(lv, |st| st.lv.poll(now_ms)) }
    })
}

/// Reports a response your transaction layer received for a probe. `*out_outcome`
/// (optional) gets `MSSIP_PROBE_PROVISIONAL`, `_ALIVE` or `_FAILED`, `*out_peer` (optional)
/// the peer. Any final response but 408 and 503 shows the peer alive.
///
/// Errors: `MSSIP_E_NO_PROBE` (answers no probe in flight: late, repeated or foreign;
/// ignore it); `MSSIP_E_INVALID_ARGUMENT` (`resp` is a request); `MSSIP_E_CALLBACK`;
/// `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `resp` is NULL or a live message; `out_outcome` and `out_peer` are
/// NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_on_response(
    lv: *mut mssip_liveness,
    resp: *const mssip_msg,
    now_ms: u64,
    out_outcome: *mut u32,
    out_peer: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let resp = unsafe { borrow(resp, "resp") }?;
        // SAFETY: caller contract.
        let (outcome, peer) = match unsafe { on_event(lv, |st| st.lv.on_response(resp, now_ms)) }? {
            ProbeOutcome::Provisional { peer } => (MSSIP_PROBE_PROVISIONAL, peer),
            ProbeOutcome::Alive { peer } => (MSSIP_PROBE_ALIVE, peer),
            ProbeOutcome::Failed { peer } => (MSSIP_PROBE_FAILED, peer),
        };
        // SAFETY: each is NULL or writable per the contract.
        unsafe {
            if !out_outcome.is_null() {
                out_outcome.write(outcome);
            }
            if !out_peer.is_null() {
                out_peer.write(peer);
            }
        }
        Ok(())
    })
}

/// Reports that the probe in flight to `peer` failed in your transaction layer (RFC 3261
/// Timer F, or the transport refused it): a failure.
///
/// Errors: `MSSIP_E_UNKNOWN_PEER`; `MSSIP_E_NO_PROBE` (no probe to it in flight);
/// `MSSIP_E_CALLBACK`; `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_on_probe_timeout(
    lv: *mut mssip_liveness,
    peer: u32,
    now_ms: u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { on_event(lv, |st| st.lv.on_probe_timeout(peer, now_ms)) }
    })
}

/// Takes the next queued action into `*out` (a SEND_PROBE lends `out->msg` until the next
/// call on `lv`). Returns `MSSIP_E_NOT_FOUND` when none is queued.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_REENTRANT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_next_action(
    lv: *mut mssip_liveness,
    out: *mut mssip_liveness_action,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        unsafe { next_action(lv, out) }
    })
}

/// Sets the callbacks the actions are delivered to from now on (NULL: back to draining with
/// `mssip_liveness_next_action`), and delivers the actions already queued.
///
/// Errors: `MSSIP_E_NULL` (`lv`, or a required callback); `MSSIP_E_CALLBACK`;
/// `MSSIP_E_REENTRANT`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `callbacks` is NULL or readable, its functions callable with its
/// `ctx` for as long as they are set.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_set_callbacks(
    lv: *mut mssip_liveness,
    callbacks: *const mssip_liveness_callbacks,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let cb = unsafe { callbacks.as_ref() }.copied();
        if let Some(cb) = &cb {
            if cb.send_probe.is_none() {
                return Err(Failure::null("callbacks->send_probe"));
            }
            if cb.arm_timer.is_none() {
                return Err(Failure::null("callbacks->arm_timer"));
            }
        }
        // SAFETY: caller contract.
        unsafe { set_callbacks(lv, cb) }
    })
}

/// `*out` receives the state of `peer`: `MSSIP_PEER_UNKNOWN`, `MSSIP_PEER_UP` or
/// `MSSIP_PEER_DOWN`.
///
/// Errors: `MSSIP_E_UNKNOWN_PEER`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_peer_state(
    lv: *const mssip_liveness,
    peer: u32,
    out: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(lv, "lv")?, Out::new(out, "out")?) };
        out.write(match st.lv.state(peer)? {
            PeerState::Unknown => MSSIP_PEER_UNKNOWN,
            PeerState::Up => MSSIP_PEER_UP,
            PeerState::Down => MSSIP_PEER_DOWN,
        });
        Ok(())
    })
}
