//! Signed Record-Route state from C (MS-SIPRE 3.6.3, 3.6.5.1): a proxy Record-Routes a
//! dialog-creating request with the connection it serves, and reads that connection back,
//! verified, from the Route of the dialog's later requests.

use std::ffi::c_char;

use super::boundary::guard;
use super::handle::{borrow, borrow_mut, borrow_shared, mssip_keyring, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, arg_str, opt_str};
use crate::routeset::{RecordRouteSpec, RouteState, StateLimits, read_route};

/// Puts this proxy's Record-Route on top of `msg` (a dialog-creating request), MS-SIPRE
/// 3.6.3: `<sip:HOST[:PORT][;transport=T];opaque=state:...;lr;ms-key-info=ID;ms-route-sig=SIG>`
/// with `;ms-rrsig=SIG` on the header, signed with the ring's newest key for the request's
/// Call-ID (and CSeq for `ms-rrsig`). The state holds `conn_id` (0: none), the connection the
/// dialog's later requests are routed to. `port` 0 and `transport` NULL leave them out.
///
/// Errors: `MSSIP_E_KEYRING_EMPTY` (rotate or import first); `MSSIP_E_INVALID_ARGUMENT`
/// (host not a host, transport not a token, no Call-ID or CSeq); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL` (msg, ring, host); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. The message is
/// unchanged on error.
/// Thread safety: `msg` one thread at a time; `ring` shared.
///
/// # Safety
/// `msg` and `ring` are NULL or live handles; `host` is NULL or NUL-terminated; `transport`
/// is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_routeset_insert(
    msg: *mut mssip_msg,
    ring: *const mssip_keyring,
    host: *const c_char,
    port: u16,
    transport: *const c_char,
    conn_id: u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, ring, host, transport) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                borrow_shared(ring, "ring")?,
                arg_str(host, "host")?,
                opt_str(transport, "transport")?,
            )
        };
        let spec = RecordRouteSpec {
            host: host.to_owned(),
            port: (port != 0).then_some(port),
            transport: transport.map(str::to_owned),
            state: RouteState {
                conn_id: (conn_id != 0).then_some(conn_id),
                ..RouteState::default()
            },
            ..RecordRouteSpec::default()
        };
        spec.insert(msg, ring, &StateLimits::default())?;
        Ok(())
    })
}

/// Reads and verifies the state in the topmost Route of a mid-dialog request (MS-SIPRE
/// 2.2.1.1, 3.6.5.1) at the host's clock `now_s`, with the 8-hour retention of route-set keys,
/// and writes the connection id it holds to `*conn_id` (0: the state names none).
///
/// Errors, each one a reason to answer 481 or 430 (see MS-SIPRE 3.7.5.1):
/// `MSSIP_E_ROUTE_NO_STATE` (no Route, or no signed state in it); `MSSIP_E_ROUTE_MALFORMED`;
/// `MSSIP_E_ROUTE_BAD_SIGNATURE` (changed, forged, truncated, from another dialog);
/// `MSSIP_E_ROUTE_UNKNOWN_KEY`; `MSSIP_E_ROUTE_KEY_EXPIRED`; `MSSIP_E_LIMIT`;
/// `MSSIP_E_INVALID_ARGUMENT` (no Call-ID); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` one thread at a time; `ring` shared.
///
/// # Safety
/// `msg` and `ring` are NULL or live handles; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_routeset_read_route(
    msg: *const mssip_msg,
    ring: *const mssip_keyring,
    now_s: u64,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, ring, out) = unsafe {
            (
                borrow(msg, "msg")?,
                borrow_shared(ring, "ring")?,
                Out::new(conn_id, "conn_id")?,
            )
        };
        let v = read_route(msg, ring, now_s, &StateLimits::default())?;
        out.write(v.state.conn_id.unwrap_or(0));
        Ok(())
    })
}
