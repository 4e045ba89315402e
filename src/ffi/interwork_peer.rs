//! Interworking with Microsoft peers: FQDN discipline (`mssip_fqdn`: the proxy's own Via,
//! Record-Route and Contact written with its FQDN, requests back to it recognised), OPTIONS
//! pings answered, and `ms-keep-alive` read and answered.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{
    borrow, borrow_mut, borrow_shared, free_shared, into_handle, into_shared_handle, mssip_fqdn,
    mssip_msg,
};
use super::peer::{mssip_transport, mssip_transport_raw};
use super::result::mssip_result;
use super::text::{Out, arg_str, mssip_str, opt_str};
use crate::interwork::{
    FqdnConfig, FqdnDiscipline, KeepAliveRole, OptionsAnswer, OwnTarget, PeerError,
    add_keep_alive_answer, answer_options, is_options_ping, keep_alive_of, validate_fqdn,
};

/// The stable code for each refusal of the FQDN discipline, keep-alives and liveness.
impl From<PeerError> for Failure {
    fn from(e: PeerError) -> Failure {
        let code = match &e {
            PeerError::BadFqdn(_) => mssip_result::MSSIP_E_BAD_FQDN,
            PeerError::Limit(_) => mssip_result::MSSIP_E_PEER_LIMIT,
            PeerError::UnknownPeer(_) => mssip_result::MSSIP_E_UNKNOWN_PEER,
            PeerError::NoProbe => mssip_result::MSSIP_E_NO_PROBE,
            PeerError::BadKeepAlive(_) => mssip_result::MSSIP_E_BAD_KEEP_ALIVE,
            PeerError::Invalid(_) => mssip_result::MSSIP_E_INVALID_ARGUMENT,
            PeerError::NoRandomness => mssip_result::MSSIP_E_NO_RANDOMNESS,
            PeerError::Sip(s) => return Failure::from(s.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

/// Checks that `name` is a fully qualified host name: RFC 1123 labels (letters, digits,
/// hyphens, 1-63 characters, no hyphen at either end), at least one dot, a last label not all
/// digits (no IP address), at most 253 characters; one trailing dot allowed.
///
/// Errors: `MSSIP_E_BAD_FQDN` (`mssip_last_error()` says why); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`. Thread safety: callable from any thread.
///
/// # Safety
/// `name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_validate(name: *const c_char) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let name = unsafe { arg_str(name, "name") }?;
        validate_fqdn(name)?;
        Ok(())
    })
}

/// Creates the discipline of the proxy named `fqdn` (checked as `mssip_fqdn_validate`
/// does), with at most `max_addresses` own addresses and `max_names` names (the FQDN and its
/// aliases); 0 takes the default (64, 16).
///
/// Ownership: `*out` receives a new discipline; free it with `mssip_fqdn_free`.
/// Errors: `MSSIP_E_BAD_FQDN`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: shared.
///
/// # Safety
/// `fqdn` is NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_new(
    fqdn: *const c_char,
    max_addresses: u32,
    max_names: u32,
    out: *mut *mut mssip_fqdn,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (fqdn, out) = unsafe { (arg_str(fqdn, "fqdn")?, Out::new(out, "out")?) };
        let d = FqdnConfig::DEFAULT;
        let pick = |v: u32, dflt: usize| if v == 0 { dflt } else { v as usize };
        let config = FqdnConfig {
            max_addresses: pick(max_addresses, d.max_addresses),
            max_names: pick(max_names, d.max_names),
        };
        out.write(into_shared_handle::<mssip_fqdn>(FqdnDiscipline::new(
            fqdn, config,
        )?));
        Ok(())
    })
}

/// Frees one reference to a discipline. NULL is accepted and ignored.
/// Thread safety: shared; callable from any thread.
///
/// # Safety
/// `fqdn` is NULL or a discipline reference not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_free(fqdn: *mut mssip_fqdn) {
    // SAFETY: caller contract.
    unsafe { free_shared(fqdn) }
}

fn transport_of(raw: mssip_transport_raw) -> FfiResult<crate::sip::peer::Transport> {
    mssip_transport::from_raw(raw)
        .map(Into::into)
        .ok_or_else(|| Failure::invalid(format!("transport: {raw} is no mssip_transport")))
}

/// Adds an address the proxy listens on and writes into its own values: `host` an IPv4
/// address or an IPv6 address (brackets optional), `port` above 0, `transport` an
/// `mssip_transport`. Adding one that is there already does nothing.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a host name, port 0, an unknown transport);
/// `MSSIP_E_PEER_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: shared.
///
/// # Safety
/// `fqdn` is NULL or live; `host` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_add_address(
    fqdn: *const mssip_fqdn,
    host: *const c_char,
    port: u16,
    transport: mssip_transport_raw,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, host) = unsafe { (borrow_shared(fqdn, "fqdn")?, arg_str(host, "host")?) };
        Ok(d.add_address(host, port, transport_of(transport)?)?)
    })
}

/// Adds another name requests may come back to (a pool FQDN, an old name). Adding one that
/// is there already does nothing.
///
/// Errors: `MSSIP_E_BAD_FQDN`; `MSSIP_E_PEER_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: shared.
///
/// # Safety
/// `fqdn` is NULL or live; `name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_add_alias(
    fqdn: *const mssip_fqdn,
    name: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, name) = unsafe { (borrow_shared(fqdn, "fqdn")?, arg_str(name, "name")?) };
        Ok(d.add_alias(name)?)
    })
}

/// `*out` is true when `uri` names the proxy: by one of its addresses (host by value, the
/// port written or the transport's default, a transport the URI names), or by its FQDN or an
/// alias (any case, trailing dot allowed) with the port of one of its addresses. A URI that
/// does not parse is not the proxy's.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: shared.
///
/// # Safety
/// `fqdn` is NULL or live; `uri` is NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_is_own_uri(
    fqdn: *const mssip_fqdn,
    uri: *const c_char,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, uri, out) = unsafe {
            (
                borrow_shared(fqdn, "fqdn")?,
                arg_str(uri, "uri")?,
                Out::new(out, "out")?,
            )
        };
        out.write(d.is_own_uri_str(uri));
        Ok(())
    })
}

/// `mssip_fqdn_recognise`: the request is not addressed to the proxy (or is a response).
pub const MSSIP_OWN_NONE: u32 = 0;
/// Its top Route names the proxy: pop it (RFC 3261 16.4).
pub const MSSIP_OWN_TOP_ROUTE: u32 = 1;
/// It has no Route and its Request-URI names the proxy.
pub const MSSIP_OWN_REQUEST_URI: u32 = 2;

/// Tells whether the request `msg` comes back to the proxy, in either form (address or
/// FQDN): `*out` is `MSSIP_OWN_TOP_ROUTE`, `MSSIP_OWN_REQUEST_URI` or `MSSIP_OWN_NONE`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `fqdn` is shared; `msg` is
/// only read.
///
/// # Safety
/// `fqdn` is NULL or live; `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_fqdn_recognise(
    fqdn: *const mssip_fqdn,
    msg: *const mssip_msg,
    out: *mut u32,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, msg, out) = unsafe {
            (
                borrow_shared(fqdn, "fqdn")?,
                borrow(msg, "msg")?,
                Out::new(out, "out")?,
            )
        };
        out.write(match d.recognise(msg) {
            None => MSSIP_OWN_NONE,
            Some(OwnTarget::TopRoute) => MSSIP_OWN_TOP_ROUTE,
            Some(OwnTarget::RequestUri) => MSSIP_OWN_REQUEST_URI,
        });
        Ok(())
    })
}

/// Rewrites the proxy's own values in `msg` to its FQDN, in place: the top Via when its
/// sent-by is one of the proxy's addresses, and every Record-Route and Contact value whose
/// URI is one of them. Only those hosts change (ports and parameters stay); a message with
/// nothing of the proxy's stays byte for byte. `*out_changed` (optional) tells which.
///
/// Errors: `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `fqdn` is
/// shared; `msg` is used by one thread at a time.
///
/// # Safety
/// `fqdn` is NULL or live; `msg` is NULL or a live message not borrowed elsewhere;
/// `out_changed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_fqdn_rewrite(
    fqdn: *const mssip_fqdn,
    msg: *mut mssip_msg,
    out_changed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, msg) = unsafe { (borrow_shared(fqdn, "fqdn")?, borrow_mut(msg, "msg")?) };
        let changed = d.rewrite(msg)?;
        if !out_changed.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_changed.write(changed) };
        }
        Ok(())
    })
}

/// What the proxy says about itself in OPTIONS answers. Start from
/// `mssip_options_answer_default()`. Strings are NUL-terminated and only read during a call.
///
/// Growth: pinned; a later version adds fields through a new struct and function.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_options_answer {
    /// `Allow` (NULL: the default list).
    pub allow: *const c_char,
    /// `Accept` (NULL: `application/sdp`).
    pub accept: *const c_char,
    /// `Supported` option tags (NULL or empty: no header).
    pub supported: *const c_char,
    /// A `Contact` URI, e.g. the proxy's FQDN form (NULL: no Contact).
    pub contact: *const c_char,
    /// Add `multipart/alternative` to `Accept` (Microsoft ICE offers). Default true.
    pub multipart: bool,
    /// Offer hop-by-hop keep-alives in the `ms-keep-alive` answer. Default true.
    pub hop_hop: bool,
    /// The `ms-keep-alive` timeout in seconds. Default 300.
    pub keep_alive_timeout: u32,
}

/// Writes the defaults into `*out`: the default Allow list, `Accept: application/sdp`
/// with `multipart/alternative`, no Supported, no Contact, hop-by-hop keep-alives, 300 s.
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_options_answer_default(
    out: *mut mssip_options_answer,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        let d = OptionsAnswer::default();
        out.write(mssip_options_answer {
            allow: std::ptr::null(),
            accept: std::ptr::null(),
            supported: std::ptr::null(),
            contact: std::ptr::null(),
            multipart: d.multipart,
            hop_hop: d.hop_hop,
            keep_alive_timeout: d.keep_alive_timeout,
        });
        Ok(())
    })
}

/// The Rust form of an optional `const mssip_options_answer *` (NULL: the defaults).
///
/// # Safety
/// `p` is NULL or readable, its strings NULL or NUL-terminated.
unsafe fn read_answer(p: *const mssip_options_answer) -> FfiResult<OptionsAnswer> {
    let mut a = OptionsAnswer::default();
    // SAFETY: caller contract.
    let Some(c) = (unsafe { p.as_ref() }) else {
        return Ok(a);
    };
    // SAFETY: caller contract.
    unsafe {
        if let Some(s) = opt_str(c.allow, "answer->allow")? {
            a.allow = s.to_string();
        }
        if let Some(s) = opt_str(c.accept, "answer->accept")? {
            a.accept = s.to_string();
        }
        a.supported = opt_str(c.supported, "answer->supported")?
            .unwrap_or("")
            .to_string();
        a.contact = opt_str(c.contact, "answer->contact")?.map(str::to_string);
    }
    a.multipart = c.multipart;
    a.hop_hop = c.hop_hop;
    a.keep_alive_timeout = c.keep_alive_timeout;
    Ok(a)
}

/// `*out` is true when `req` is an OPTIONS the proxy answers itself rather than forwards:
/// `Max-Forwards: 0`, or a Request-URI without a user part that is the proxy's (`fqdn`
/// decides; NULL: any such URI) while no Route names another element. Responses and other
/// methods give false.
///
/// Errors: `MSSIP_E_NULL` (`req` or `out`); `MSSIP_E_UNUSABLE`. Thread safety: `req` is only
/// read; `fqdn` is shared.
///
/// # Safety
/// `req` is NULL or a live message; `fqdn` is NULL or live; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_is_options_ping(
    req: *const mssip_msg,
    fqdn: *const mssip_fqdn,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (req, out) = unsafe { (borrow(req, "req")?, Out::new(out, "out")?) };
        let d = if fqdn.is_null() {
            None
        } else {
            // SAFETY: caller contract.
            Some(unsafe { borrow_shared(fqdn, "fqdn") }?)
        };
        out.write(is_options_ping(req, d));
        Ok(())
    })
}

/// Builds the 200 OK to the OPTIONS `req` (RFC 3261 11.2): Via, From, To (with a tag derived
/// from the request, so a retransmission gets the same answer), Call-ID and CSeq copied;
/// Allow, Accept, `Accept-Encoding: identity`, Supported and Contact as `answer` (NULL: the
/// defaults) says; and, when `req` offers `ms-keep-alive` as UAC, the answer
/// `UAS; tcp=no; hop-hop=yes|no; end-end=no; timeout=<s>` (MS-CONMGMT 2.2.1).
///
/// Ownership: `*out` receives a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_NOT_OPTIONS`; `MSSIP_E_INVALID_ARGUMENT` (a field with CR or LF, a
/// contact that is not a URI); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `req` is only read.
///
/// # Safety
/// `req` is NULL or a live message; `answer` is NULL or readable (see
/// `mssip_options_answer`); `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_answer_options(
    req: *const mssip_msg,
    answer: *const mssip_options_answer,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (req, a, out) = unsafe {
            (
                borrow(req, "req")?,
                read_answer(answer)?,
                Out::new(out, "out")?,
            )
        };
        if !req
            .method()
            .is_some_and(|m| m.eq_ignore_ascii_case("OPTIONS"))
        {
            return Err(Failure::fixed(
                mssip_result::MSSIP_E_NOT_OPTIONS,
                "req is not an OPTIONS request",
            ));
        }
        out.write(into_handle::<mssip_msg>(answer_options(req, &a)?));
        Ok(())
    })
}

/// Appends to `resp`, the response to `req`, the `ms-keep-alive` answer to the one `req`
/// offers as UAC (MS-CONMGMT 2.2.1: SHOULD be in the corresponding response); e.g. on the
/// 200 to a REGISTER. Nothing happens when `req` has none (or a malformed one) or `resp` has
/// one. `*out_added` (optional) tells which.
///
/// Errors: `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `resp` is used by one thread at a time; `req` is only read.
///
/// # Safety
/// `resp` is NULL or a live message not borrowed elsewhere; `req` is NULL or a live message
/// other than `resp`; `answer` is NULL or readable; `out_added` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_add_keep_alive_answer(
    resp: *mut mssip_msg,
    req: *const mssip_msg,
    answer: *const mssip_options_answer,
    out_added: *mut bool,
) -> mssip_result {
    guard(|| {
        if std::ptr::eq(resp.cast_const(), req) && !req.is_null() {
            return Err(Failure::invalid("resp and req are the same message"));
        }
        // SAFETY: caller contract; the two handles differ (checked above).
        let (resp, req, a) = unsafe {
            (
                borrow_mut(resp, "resp")?,
                borrow(req, "req")?,
                read_answer(answer)?,
            )
        };
        let added = add_keep_alive_answer(resp, req, &a)?;
        if !out_added.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_added.write(added) };
        }
        Ok(())
    })
}

/// `mssip_keep_alive.role`: the initiator.
pub const MSSIP_KEEP_ALIVE_UAC: u32 = 0;
/// `mssip_keep_alive.role`: the responder.
pub const MSSIP_KEEP_ALIVE_UAS: u32 = 1;

/// The `ms-keep-alive` header of a message (MS-CONMGMT 2.2.1). Capabilities are 1 (`yes`),
/// 0 (`no`) or -1 (absent). `value` is a view into the message, valid until it is changed or
/// freed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_keep_alive {
    /// `MSSIP_KEEP_ALIVE_UAC` or `MSSIP_KEEP_ALIVE_UAS`.
    pub role: u32,
    pub hop_hop: i32,
    /// `end-end`, or `end` as Microsoft servers write it.
    pub end_end: i32,
    pub tcp: i32,
    pub has_timeout: bool,
    /// Seconds, when `has_timeout`.
    pub timeout: u32,
    /// The whole value as written.
    pub value: mssip_str,
}

/// Reads the `ms-keep-alive` header of `msg` into `*out`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such header); `MSSIP_E_BAD_KEEP_ALIVE` (outside the
/// grammar, or more than one); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is
/// only read.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_keep_alive(
    msg: *const mssip_msg,
    out: *mut mssip_keep_alive,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let k =
            keep_alive_of(msg).ok_or_else(|| Failure::not_found("no ms-keep-alive header"))??;
        let cap = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| k.capability(n))
                .map_or(-1, i32::from)
        };
        out.write(mssip_keep_alive {
            role: match k.role {
                KeepAliveRole::Uac => MSSIP_KEEP_ALIVE_UAC,
                KeepAliveRole::Uas => MSSIP_KEEP_ALIVE_UAS,
            },
            hop_hop: cap(&["hop-hop"]),
            end_end: cap(&["end-end", "end"]),
            tcp: cap(&["tcp"]),
            has_timeout: k.timeout.is_some(),
            timeout: k.timeout.unwrap_or(0),
            value: mssip_str::of(msg.header("ms-keep-alive").unwrap_or("")),
        });
        Ok(())
    })
}
