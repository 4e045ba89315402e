//! Signed Record-Route state from C (MS-SIPRE 3.6.3, 3.6.5.1): a proxy Record-Routes a
//! dialog-creating request with the connection it serves, and reads that connection back,
//! verified, from the Route of the dialog's later requests.

use std::ffi::c_char;

use super::boundary::{Failure, guard};
use super::handle::{
    borrow, borrow_mut, borrow_shared, free_handle, into_handle, mssip_keyring, mssip_msg,
    mssip_route_state,
};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_str, mssip_bytes, mssip_str, opt_str};
use crate::routeset::{
    RecordRouteSpec, RouteParams, RouteState, StateLimits, read_contact, read_record_route,
    read_route, read_top_via, sign_contact_uri, sign_top_via,
};

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

/// What a Record-Route carries, as the host asks (MS-SIPRE 3.6.3). Start from
/// `mssip_record_route_spec_default` and set what applies; pointers are read during the call
/// only. Fields may be added at the end.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_record_route_spec {
    /// Host of the URI (the pool's FQDN, or this server's address), NUL-terminated. Required.
    pub host: *const c_char,
    /// Port of the URI; 0 leaves it out.
    pub port: u16,
    /// `transport=` value (`tcp`, `tls`, ...), or NULL for none.
    pub transport: *const c_char,
    /// `ms-opaque=`: the index of the UAS endpoint in the host's table, or NULL.
    pub ms_opaque: *const c_char,
    /// `ms-identity=`: the index of the UAC endpoint, or NULL.
    pub ms_identity: *const c_char,
    /// `ms-fe=`: this member's own FQDN inside a pool sharing `host`, or NULL.
    pub ms_fe: *const c_char,
    /// `ms-role-rs-to`: an authorized proxy for the UAS endpoint's domain.
    pub role_rs_to: bool,
    /// `ms-role-rs-from`: an authorized proxy for the UAC endpoint's domain.
    pub role_rs_from: bool,
    /// `ms-ent-dest`: the UAS endpoint belongs to the UAC endpoint's domain.
    pub ent_dest: bool,
    /// State: the connection id (MS-SIPRE 3.5 `ms-received-cid`) the dialog is served on; 0:
    /// none.
    pub conn_id: u64,
    /// State: the registration binding the dialog relies on (at most 255 bytes), or NULL.
    pub binding: *const c_char,
    /// State: the identity of the UAC endpoint (at most 255 bytes), or NULL.
    pub caller: *const c_char,
    /// State: the identity of the UAS endpoint (at most 255 bytes), or NULL.
    pub callee: *const c_char,
    /// State: the host's own bytes, opaque to the library (`data_len` 0: none).
    pub data: *const u8,
    pub data_len: usize,
}

/// Fills `*spec` with an empty request: no host (it must be set), every parameter off.
///
/// Errors: `MSSIP_E_NULL`.
///
/// Thread safety: any thread (it touches only `*spec`).
///
/// # Safety
/// `spec` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_record_route_spec_default(
    spec: *mut mssip_record_route_spec,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(spec, "spec")? };
        out.write(mssip_record_route_spec {
            host: std::ptr::null(),
            port: 0,
            transport: std::ptr::null(),
            ms_opaque: std::ptr::null(),
            ms_identity: std::ptr::null(),
            ms_fe: std::ptr::null(),
            role_rs_to: false,
            role_rs_from: false,
            ent_dest: false,
            conn_id: 0,
            binding: std::ptr::null(),
            caller: std::ptr::null(),
            callee: std::ptr::null(),
            data: std::ptr::null(),
            data_len: 0,
        });
        Ok(())
    })
}

/// # Safety
/// `p` is NULL or NUL-terminated.
unsafe fn owned(p: *const c_char, arg: &str) -> Result<Option<String>, Failure> {
    // SAFETY: caller contract.
    Ok(unsafe { opt_str(p, arg)? }.map(str::to_owned))
}

/// The state fields of `c`.
///
/// # Safety
/// Every pointer of `c` is NULL or valid as its field says.
unsafe fn state_of(c: &mssip_record_route_spec) -> Result<RouteState, Failure> {
    // SAFETY: caller contract, field by field.
    unsafe {
        let data = if c.data_len == 0 {
            Vec::new()
        } else {
            super::text::arg_bytes(c.data, c.data_len, "spec->data")?.to_vec()
        };
        Ok(RouteState {
            conn_id: (c.conn_id != 0).then_some(c.conn_id),
            binding: owned(c.binding, "spec->binding")?,
            caller: owned(c.caller, "spec->caller")?,
            callee: owned(c.callee, "spec->callee")?,
            data,
        })
    }
}

/// # Safety
/// Every pointer of `c` is NULL or valid as its field says.
unsafe fn spec_of(c: &mssip_record_route_spec) -> Result<RecordRouteSpec, Failure> {
    // SAFETY: caller contract, field by field.
    unsafe {
        Ok(RecordRouteSpec {
            host: arg_str(c.host, "spec->host")?.to_owned(),
            port: (c.port != 0).then_some(c.port),
            transport: owned(c.transport, "spec->transport")?,
            ms_opaque: owned(c.ms_opaque, "spec->ms_opaque")?,
            ms_identity: owned(c.ms_identity, "spec->ms_identity")?,
            ms_fe: owned(c.ms_fe, "spec->ms_fe")?,
            role_rs_to: c.role_rs_to,
            role_rs_from: c.role_rs_from,
            ent_dest: c.ent_dest,
            state: state_of(c)?,
        })
    }
}

/// # Safety
/// `spec` is NULL or readable, its pointers valid as its fields say.
unsafe fn spec_ref<'a>(
    spec: *const mssip_record_route_spec,
) -> Result<&'a mssip_record_route_spec, Failure> {
    // SAFETY: caller contract.
    unsafe { spec.as_ref() }.ok_or_else(|| Failure::null("spec"))
}

/// Puts this proxy's Record-Route on top of `msg` (a dialog-creating request) as `spec`
/// asks (MS-SIPRE 3.6.3): the URI with `opaque=state:` holding the state fields, the
/// `ms-*` parameters set, `ms-key-info` and `ms-route-sig`, and `;ms-rrsig=` on the header,
/// signed with the ring's newest key for the request's Call-ID and CSeq.
///
/// Errors: `MSSIP_E_KEYRING_EMPTY`; `MSSIP_E_INVALID_ARGUMENT` (host not a host, transport
/// not a token, an `ms-*` value not a pvalue, a state text over 255 bytes, no Call-ID or
/// CSeq); `MSSIP_E_LIMIT` (state over 512 bytes packed); `MSSIP_E_NULL` (msg, ring, spec,
/// spec->host, spec->data with data_len > 0); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. The message
/// is unchanged on error.
/// Thread safety: `msg` one thread at a time; `ring` shared.
///
/// # Safety
/// `msg` and `ring` are NULL or live handles; `spec` is NULL or readable, its pointers valid
/// as its fields say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_routeset_insert_spec(
    msg: *mut mssip_msg,
    ring: *const mssip_keyring,
    spec: *const mssip_record_route_spec,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, ring, spec) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                borrow_shared(ring, "ring")?,
                spec_of(spec_ref(spec)?)?,
            )
        };
        spec.insert(msg, ring, &StateLimits::default())?;
        Ok(())
    })
}

/// Puts the state fields of `state` (conn_id, binding, caller, callee, data; the rest is not
/// read) into the topmost Via of `msg` as a signed `ms-internal-info` (MS-SIPRE 2.2.1.3:
/// state this proxy reads back from the response), for the message's Call-ID and the Via's
/// branch. It verifies for 1 hour after its key is replaced.
///
/// Errors: `MSSIP_E_KEYRING_EMPTY`; `MSSIP_E_INVALID_ARGUMENT` (no Call-ID, no Via or no
/// branch, a state text over 255 bytes); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. The message is unchanged on error.
///
/// Thread safety: `msg` one thread at a time; `ring` shared.
///
/// # Safety
/// `msg` and `ring` are NULL or live handles; `state` is NULL or readable, its pointers valid
/// as its fields say.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_routeset_sign_top_via(
    msg: *mut mssip_msg,
    ring: *const mssip_keyring,
    state: *const mssip_record_route_spec,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, ring, st) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                borrow_shared(ring, "ring")?,
                state_of(spec_ref(state)?)?,
            )
        };
        sign_top_via(msg, ring, &st, &StateLimits::default())?;
        Ok(())
    })
}

/// Writes `uri` (a SIP URI the host builds for a Contact, MS-SIPRE 2.2.1.2) with the state
/// fields of `state` appended as `opaque=state:` and signed for the dialog `call_id`
/// (`ms-key-info`, `ms-route-sig`) into `out`; it verifies as Contact state for 8 hours after
/// its key is replaced.
///
/// Errors: `MSSIP_E_BUFFER_TOO_SMALL` with the length needed in `*out_len`;
/// `MSSIP_E_KEYRING_EMPTY`; `MSSIP_E_INVALID_ARGUMENT` (not a SIP URI, one with opaque /
/// ms-route-sig or headers already); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `ring` shared; any thread.
///
/// # Safety
/// `ring` is NULL or live; `call_id`, `uri` are NULL or NUL-terminated; `state` is NULL or
/// readable as for `mssip_routeset_sign_top_via`; `out` is NULL or writable for `cap`
/// bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_routeset_sign_contact(
    ring: *const mssip_keyring,
    call_id: *const c_char,
    uri: *const c_char,
    state: *const mssip_record_route_spec,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (ring, call_id, uri, st, buf) = unsafe {
            (
                borrow_shared(ring, "ring")?,
                arg_str(call_id, "call_id")?,
                arg_str(uri, "uri")?,
                state_of(spec_ref(state)?)?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        let signed = sign_contact_uri(ring, call_id, uri, &st, &StateLimits::default())?;
        buf.put_text(&signed)
    })
}

/// Where `mssip_route_state_read` looks (MS-SIPRE 2.2.1.1, 2.2.1.2, 3.6.3).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_route_source {
    /// The topmost Route of a mid-dialog request (8-hour retention).
    MSSIP_ROUTE_SOURCE_ROUTE = 1,
    /// The first Record-Route whose URI and `ms-rrsig` verify, as copied into a response
    /// (1-hour retention).
    MSSIP_ROUTE_SOURCE_RECORD_ROUTE = 2,
    /// The first Contact whose URI verifies (8-hour retention).
    MSSIP_ROUTE_SOURCE_CONTACT = 3,
    /// The topmost Via's `ms-internal-info` (1-hour retention).
    MSSIP_ROUTE_SOURCE_VIA = 4,
}

/// `mssip_route_source` as passed through the ABI (a value outside the enum is refused).
pub type mssip_route_source_raw = u32;

/// Text fields of a `mssip_route_state`.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_route_field {
    /// State: the registration binding.
    MSSIP_ROUTE_FIELD_BINDING = 1,
    /// State: the UAC endpoint's identity.
    MSSIP_ROUTE_FIELD_CALLER = 2,
    /// State: the UAS endpoint's identity.
    MSSIP_ROUTE_FIELD_CALLEE = 3,
    /// URI parameter `ms-opaque`.
    MSSIP_ROUTE_FIELD_MS_OPAQUE = 4,
    /// URI parameter `ms-identity`.
    MSSIP_ROUTE_FIELD_MS_IDENTITY = 5,
    /// URI parameter `ms-fe`.
    MSSIP_ROUTE_FIELD_MS_FE = 6,
    /// `ms-key-info`: the public id of the key that signed it.
    MSSIP_ROUTE_FIELD_KEY_INFO = 7,
}

/// `mssip_route_field` as passed through the ABI.
pub type mssip_route_field_raw = u32;

/// Bits of `mssip_route_state_flags`.
pub const MSSIP_ROUTE_ROLE_RS_TO: u32 = 1;
pub const MSSIP_ROUTE_ROLE_RS_FROM: u32 = 2;
pub const MSSIP_ROUTE_ENT_DEST: u32 = 4;

/// What `mssip_route_state` owns.
pub struct ReadState {
    state: RouteState,
    /// `None` for Via state, which carries no URI parameters.
    params: Option<RouteParams>,
    key_info: Option<String>,
    index: usize,
}

/// Reads and verifies the route-set state of `msg` from `source` at the host's clock
/// `now_s`, each source with its retention (MS-SIPRE 3.6.2.1), into a new `*out`.
///
/// Ownership: `*out` is freed with `mssip_route_state_free`.
/// Errors, each a reason for 481 or 430 on a mid-dialog request (3.7.5.1):
/// `MSSIP_E_ROUTE_NO_STATE`; `MSSIP_E_ROUTE_MALFORMED`; `MSSIP_E_ROUTE_BAD_SIGNATURE`;
/// `MSSIP_E_ROUTE_UNKNOWN_KEY`; `MSSIP_E_ROUTE_KEY_EXPIRED`; `MSSIP_E_LIMIT`; and
/// `MSSIP_E_INVALID_ARGUMENT` (unknown source; no Call-ID, or no CSeq for Record-Route);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` one thread at a time; `ring` shared.
///
/// # Safety
/// `msg` and `ring` are NULL or live handles; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_read(
    msg: *const mssip_msg,
    ring: *const mssip_keyring,
    now_s: u64,
    source: mssip_route_source_raw,
    out: *mut *mut mssip_route_state,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, ring, out) = unsafe {
            (
                borrow(msg, "msg")?,
                borrow_shared(ring, "ring")?,
                Out::new(out, "out")?,
            )
        };
        let l = StateLimits::default();
        let verified = |v: crate::routeset::Verified, index| ReadState {
            state: v.state,
            params: Some(v.params),
            key_info: Some(v.key.to_string()),
            index,
        };
        let read = match source {
            1 => verified(read_route(msg, ring, now_s, &l)?, 0),
            2 => {
                let (v, i) = read_record_route(msg, ring, now_s, &l)?;
                verified(v, i)
            }
            3 => {
                let (v, i) = read_contact(msg, ring, now_s, &l)?;
                verified(v, i)
            }
            4 => ReadState {
                state: read_top_via(msg, ring, now_s, &l)?,
                params: None,
                key_info: None,
                index: 0,
            },
            _ => {
                return Err(Failure::new(
                    mssip_result::MSSIP_E_INVALID_ARGUMENT,
                    format!("unknown route-state source {source}"),
                ));
            }
        };
        out.write(into_handle::<mssip_route_state>(read));
        Ok(())
    })
}

/// Frees a state; NULL is accepted.
///
/// Thread safety: no other call on `state` may run at the same time or after.
///
/// # Safety
/// `state` is NULL or a state from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_free(state: *mut mssip_route_state) {
    // SAFETY: caller contract.
    unsafe { free_handle(state) }
}

fn not_found(what: &str) -> Failure {
    Failure::new(
        mssip_result::MSSIP_E_NOT_FOUND,
        format!("the route state has no {what}"),
    )
}

/// Writes the connection id the state holds to `*conn_id`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (the state names none); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `state` one thread at a time.
///
/// # Safety
/// `state` is NULL or live; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_conn_id(
    state: *const mssip_route_state,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(state, "state")?, Out::new(conn_id, "conn_id")?) };
        out.write(st.state.conn_id.ok_or_else(|| not_found("connection id"))?);
        Ok(())
    })
}

/// Views a text field of the state (borrowed from `state` until it is freed).
///
/// Errors: `MSSIP_E_NOT_FOUND` (absent; the URI parameters and key of Via state always are);
/// `MSSIP_E_INVALID_ARGUMENT` (unknown field); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `state` one thread at a time.
///
/// # Safety
/// `state` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_field(
    state: *const mssip_route_state,
    field: mssip_route_field_raw,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(state, "state")?, Out::new(out, "out")?) };
        let p = st.params.as_ref();
        let v = match field {
            1 => st.state.binding.as_deref(),
            2 => st.state.caller.as_deref(),
            3 => st.state.callee.as_deref(),
            4 => p.and_then(|p| p.ms_opaque.as_deref()),
            5 => p.and_then(|p| p.ms_identity.as_deref()),
            6 => p.and_then(|p| p.ms_fe.as_deref()),
            7 => st.key_info.as_deref(),
            _ => {
                return Err(Failure::new(
                    mssip_result::MSSIP_E_INVALID_ARGUMENT,
                    format!("unknown route-state field {field}"),
                ));
            }
        };
        out.write(mssip_str::of(v.ok_or_else(|| not_found("such field"))?));
        Ok(())
    })
}

/// Writes the flag parameters the URI carried to `*flags` (`MSSIP_ROUTE_ROLE_RS_TO`,
/// `MSSIP_ROUTE_ROLE_RS_FROM`, `MSSIP_ROUTE_ENT_DEST`; 0 for Via state).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `state` one thread at a time.
///
/// # Safety
/// `state` is NULL or live; `flags` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_flags(
    state: *const mssip_route_state,
    flags: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(state, "state")?, Out::new(flags, "flags")?) };
        let f = st.params.as_ref().map_or(0, |p| {
            [
                (p.role_rs_to, MSSIP_ROUTE_ROLE_RS_TO),
                (p.role_rs_from, MSSIP_ROUTE_ROLE_RS_FROM),
                (p.ent_dest, MSSIP_ROUTE_ENT_DEST),
            ]
            .iter()
            .filter(|(on, _)| *on)
            .fold(0, |f, (_, bit)| f | bit)
        });
        out.write(f);
        Ok(())
    })
}

/// Views the host's own bytes of the state (borrowed from `state` until it is freed).
///
/// Errors: `MSSIP_E_NOT_FOUND` (none attached); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `state` one thread at a time.
///
/// # Safety
/// `state` is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_data(
    state: *const mssip_route_state,
    out: *mut mssip_bytes,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(state, "state")?, Out::new(out, "out")?) };
        if st.state.data.is_empty() {
            return Err(not_found("data"));
        }
        out.write(mssip_bytes::of(&st.state.data));
        Ok(())
    })
}

/// Writes which value of its header the state came from to `*index` (Record-Route and
/// Contact: the first that verified; Route and Via: 0).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
///
/// Thread safety: `state` one thread at a time.
///
/// # Safety
/// `state` is NULL or live; `index` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_route_state_index(
    state: *const mssip_route_state,
    index: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (st, out) = unsafe { (borrow(state, "state")?, Out::new(index, "index")?) };
        out.write(st.index);
        Ok(())
    })
}
