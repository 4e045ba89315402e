//! `mssip_liveness`: OPTIONS pings to the host's peers on a timer, and their up / down
//! transitions, sans-IO. The host calls `mssip_liveness_poll` with its clock (and again when
//! the timer it was asked to arm fires), drains the actions with
//! `mssip_liveness_next_action` until `MSSIP_E_NOT_FOUND`, sends the probes, and reports
//! their responses (`mssip_liveness_on_response`) or transaction timeouts
//! (`mssip_liveness_on_probe_timeout`).

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::call::Lent;
use super::handle::{Boxed, Castable, borrow, borrow_mut, free_handle, into_handle, mssip_msg};
use super::peer::{mssip_transport, mssip_transport_raw};
use super::result::mssip_result;
use super::text::{Out, arg_str};
use crate::interwork::{
    LivenessAction, LivenessConfig, PeerLiveness, PeerSpec, PeerState, ProbeOutcome,
};

/// What stands behind a `mssip_liveness`: the helper and the probe lent by the last action.
pub(crate) struct LivenessState {
    lv: PeerLiveness,
    lent: Option<Lent>,
}

/// The liveness helper of one set of peers. Created by `mssip_liveness_new`; freed by
/// `mssip_liveness_free`. Thread safety: one thread at a time.
pub struct mssip_liveness {
    _private: [u8; 0],
}

impl Castable for mssip_liveness {
    type Ownership = Boxed;
    type RustType = LivenessState;
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
            lent: None,
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
        let st = unsafe { borrow_mut(lv, "lv") }?;
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
        let st = unsafe { borrow_mut(lv, "lv") }?;
        Ok(st.lv.remove_peer(peer)?)
    })
}

/// Brings the helper up to `now_ms` (your monotonic clock in ms): probes past their timeout
/// fail, peers whose interval has come get a probe, and the timer is re-armed when the next
/// moment that matters moved. Call it after adding peers and whenever the timer fires.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_poll(lv: *mut mssip_liveness, now_ms: u64) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let st = unsafe { borrow_mut(lv, "lv") }?;
        st.lent = None;
        Ok(st.lv.poll(now_ms)?)
    })
}

/// Reports a response your transaction layer received for a probe. `*out_outcome`
/// (optional) gets `MSSIP_PROBE_PROVISIONAL`, `_ALIVE` or `_FAILED`, `*out_peer` (optional)
/// the peer. Any final response but 408 and 503 shows the peer alive.
///
/// Errors: `MSSIP_E_NO_PROBE` (answers no probe in flight: late, repeated or foreign;
/// ignore it); `MSSIP_E_INVALID_ARGUMENT` (`resp` is a request); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
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
        let (st, resp) = unsafe { (borrow_mut(lv, "lv")?, borrow(resp, "resp")?) };
        st.lent = None;
        let (outcome, peer) = match st.lv.on_response(resp, now_ms)? {
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
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
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
        let st = unsafe { borrow_mut(lv, "lv") }?;
        st.lent = None;
        Ok(st.lv.on_probe_timeout(peer, now_ms)?)
    })
}

/// Takes the next queued action into `*out` (a SEND_PROBE lends `out->msg` until the next
/// call on `lv`). Returns `MSSIP_E_NOT_FOUND` when none is queued.
///
/// Errors: `MSSIP_E_NOT_FOUND`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: one thread at a time per helper.
///
/// # Safety
/// `lv` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_liveness_next_action(
    lv: *mut mssip_liveness,
    out: *mut mssip_liveness_action,
) -> mssip_result {
    use mssip_liveness_action_kind::*;
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow_mut(lv, "lv")?, Out::new(out, "out")?) };
        st.lent = None;
        let a = st
            .lv
            .next_action()
            .ok_or_else(|| Failure::fixed(mssip_result::MSSIP_E_NOT_FOUND, "no action queued"))?;
        let action = |kind, peer, at_ms, msg| mssip_liveness_action {
            kind,
            peer,
            at_ms,
            msg,
        };
        out.write(match a {
            LivenessAction::SendProbe { peer, msg } => {
                let h = into_handle::<mssip_msg>(msg);
                st.lent = Some(Lent(h));
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
        });
        Ok(())
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
