//! NAT traversal (MS-SIPRE 3.5): processing of received messages at a server, the user
//! agent's `proxy=replace`, and reading the connection ids messages carry.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, borrow_mut, into_handle, mssip_msg};
use super::peer::{mssip_nat_verdict, mssip_peer, read_peer};
use super::result::mssip_result;
use super::text::{Out, arg_str, opt_str};
use crate::nat::{self, NatOptions, Verdict};
use crate::sip::{Message, NameAddr, Uri};

/// What the host tells `mssip_nat_process_with` beyond the peer. Start from
/// `mssip_nat_options_default()` (all fields false / NULL). The library only reads the
/// struct during the call it is passed to.
///
/// Growth: `struct_size` is set by `mssip_nat_options_default()`; do not change it. Later
/// versions add fields only at the end (see the header's conventions).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_nat_options {
    /// Size of this struct as the program was built, set by `mssip_nat_options_default()`.
    pub struct_size: usize,
    /// For a response: true when it did not come straight from the user agent but from
    /// another server, which makes a response with a `proxy` Contact be discarded (MS-SIPRE
    /// 3.5.5.1 step 1). A response that arrives over the connection the host sent the request
    /// to a user agent on came straight from it: leave this false. Ignored for requests, where
    /// the number of Via values decides.
    pub response_relayed: bool,
    /// True to leave the topmost Via of requests as it is (no received / ms-received-port /
    /// ms-received-cid stamp).
    pub skip_via_stamp: bool,
    /// Optional (NULL: none). A proxy's own Record-Route value, e.g.
    /// `"<sip:edge.contoso.com:5061;transport=tls;lr>"`, inserted above the other Record-Route
    /// fields of a dialog-creating request (INVITE, SUBSCRIBE, REFER, NOTIFY without a To tag)
    /// that has a Contact with `proxy`, as step 10 requires of a proxy. Leave NULL in a
    /// registrar or when the host record-routes by itself.
    pub record_route: *const c_char,
}

// SAFETY: repr(C), `struct_size` first; the fields are `bool`s and a raw pointer, valid for
// whatever a C program stores in them.
unsafe impl SizedStruct for mssip_nat_options {
    const NAME: &'static str = "mssip_nat_options";
    const FIRST_SIZE: usize = size_of::<mssip_nat_options>();
    fn defaults() -> mssip_nat_options {
        mssip_nat_options::DEFAULT
    }
}

impl mssip_nat_options {
    const DEFAULT: mssip_nat_options = mssip_nat_options {
        struct_size: size_of::<mssip_nat_options>(),
        response_relayed: false,
        skip_via_stamp: false,
        record_route: std::ptr::null(),
    };

    /// # Safety
    /// `record_route` is NULL or NUL-terminated.
    unsafe fn rust_options(&self) -> FfiResult<NatOptions<'_>> {
        Ok(NatOptions {
            response_relayed: self.response_relayed,
            skip_via_stamp: self.skip_via_stamp,
            // SAFETY: caller contract.
            record_route: unsafe { opt_str(self.record_route, "options->record_route") }?,
        })
    }
}

/// Writes the default NAT options into `*out`: responses taken as coming straight from the
/// user agent, the Via of requests stamped, no Record-Route inserted, `struct_size` set.
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_options_default(out: *mut mssip_nat_options) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_nat_options::DEFAULT);
        Ok(())
    })
}

fn c_verdict(v: Verdict) -> mssip_nat_verdict {
    match v {
        Verdict::Forward => mssip_nat_verdict::MSSIP_NAT_FORWARD,
        Verdict::Reject(_) => mssip_nat_verdict::MSSIP_NAT_REJECT,
        Verdict::Discard(_) => mssip_nat_verdict::MSSIP_NAT_DISCARD,
    }
}

/// The shared body of the two processing calls: the verdict and, for a rejection, the 400.
///
/// # Safety
/// As `mssip_nat_process_with`.
unsafe fn process_c(
    msg: *mut mssip_msg,
    peer: *const mssip_peer,
    options: *const mssip_nat_options,
) -> FfiResult<(Verdict, Option<Message>)> {
    // SAFETY: caller contract.
    let (msg, peer) = unsafe { (borrow_mut(msg, "msg")?, read_peer(peer)?) };
    let opts = if options.is_null() {
        mssip_nat_options::DEFAULT
    } else {
        // SAFETY: caller contract: readable for its `struct_size` bytes.
        unsafe { read_sized(options, "options") }?
    };
    // SAFETY: caller contract on `record_route`.
    let opts = unsafe { opts.rust_options() }?;
    let verdict = nat::process(msg, &peer, &opts)?;
    Ok(nat::answer(msg, verdict))
}

/// NAT processing of a message a server received (MS-SIPRE 3.5.5.1), with the default
/// options (`mssip_nat_options_default`); see `mssip_nat_process_with` for what it does, and
/// use that call to get the 400 of a rejected request or to say that a response was relayed.
///
/// Call order in a server that faces user agents (an edge proxy, a registrar):
/// 1. on accepting a connection, `mssip_conn_table_open` gives its `conn_id`;
/// 2. for each message that arrives: `mssip_msg_parse` (or `mssip_framer_next`), then, for a
///    message from a client connection, `mssip_edge_sanitize`, then
///    `mssip_nat_process_with` (this call) with a `mssip_peer` of the connection;
///    `MSSIP_NAT_REJECT`: send the 400 back over the same connection and stop;
///    `MSSIP_NAT_DISCARD`: drop the message; `MSSIP_NAT_FORWARD`: go on (registrar, routing)
///    with the rewritten message;
/// 3. to send a response back: after removing its own Via, `mssip_nat_via_conn_id(msg, 0)`
///    then `mssip_conn_table_lookup` give the connection it came in on; to send a request to
///    a registered contact, `mssip_nat_uri_conn_id` on the contact (or Route) does the same;
/// 4. on closing a connection, `mssip_conn_table_close`.
///
/// Errors: as `mssip_nat_process_with`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `peer` is NULL or readable with
/// `peer->ip` NULL or NUL-terminated; `verdict` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_process(
    msg: *mut mssip_msg,
    peer: *const mssip_peer,
    verdict: *mut mssip_nat_verdict,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(verdict, "verdict") }?;
        // SAFETY: caller contract; NULL options are the defaults.
        let (v, _) = unsafe { process_c(msg, peer, std::ptr::null()) }?;
        out.write(c_verdict(v));
        Ok(())
    })
}

/// NAT processing of a message a server received from `peer` (MS-SIPRE 3.5.5.1), rewriting
/// `msg` in place when it is to be forwarded:
///
/// - a request gets the Via stamp on its topmost Via: `received` (the peer's address),
///   `ms-received-port` (its port) and, for TCP and TLS, `ms-received-cid` (`peer->conn_id`
///   in upper-case hex); values the sender put there are replaced;
/// - every Contact with the `proxy` parameter goes through steps 1 to 10: refused when the
///   server is not the first hop (a request with more than one Via value; a response with
///   `options->response_relayed`), when `proxy` is not `replace`, or when the URI's
///   `transport` is not the peer's; otherwise `proxy` is removed, the host or `maddr` and the
///   port point at the peer, `ms-received-cid` names the connection (TCP and TLS), and a
///   dialog-creating request gets `options->record_route` when given.
///
/// `*verdict` is `MSSIP_NAT_FORWARD` (go on with `msg`), `MSSIP_NAT_REJECT` (a request to
/// answer with the 400 in `*response`) or `MSSIP_NAT_DISCARD` (a response, an ACK, or a
/// request too broken to answer, to drop). On REJECT and DISCARD `msg` is unchanged. The call returns
/// `MSSIP_OK` whenever it could judge the message: a malformed Via or Contact is a verdict,
/// not an error.
///
/// `options` is optional (NULL: the defaults). `response` is optional (NULL: not wanted);
/// when given it receives the new 400 on REJECT (free it with `mssip_msg_free`) and NULL
/// otherwise.
///
/// Errors: `MSSIP_E_NO_CONN_ID` (TCP or TLS peer with conn_id 0); `MSSIP_E_INVALID_ARGUMENT`
/// (peer->transport unknown, peer->ip not an address, options->record_route not a
/// name-addr, options->struct_size not set by `mssip_nat_options_default()`); `MSSIP_E_LIMIT` (the rewritten message would cross its limits); `MSSIP_E_NULL`
/// (msg, peer, peer->ip, verdict); `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. On error `msg` is
/// unchanged and nothing is written.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `peer` is NULL or readable with
/// `peer->ip` NULL or NUL-terminated; `options` is NULL or readable for its `struct_size`
/// bytes with `record_route` NULL or NUL-terminated; `verdict` is writable; `response` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_process_with(
    msg: *mut mssip_msg,
    peer: *const mssip_peer,
    options: *const mssip_nat_options,
    verdict: *mut mssip_nat_verdict,
    response: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(verdict, "verdict") }?;
        // SAFETY: caller contract; NULL means the response is not wanted.
        let resp_out = unsafe { Out::new(response, "response") }.ok();
        // SAFETY: caller contract.
        let (v, r) = unsafe { process_c(msg, peer, options) }?;
        out.write(c_verdict(v));
        if let Some(resp_out) = resp_out {
            resp_out.write(r.map_or(std::ptr::null_mut(), into_handle::<mssip_msg>));
        }
        Ok(())
    })
}

/// The user agent's side of NAT traversal (MS-SIPRE 3.5.4.1): adds `proxy=replace` to every
/// Contact of `msg` whose URI carries an IP address as its host or `maddr` (a `proxy` with
/// another value becomes `replace`). Call it on the messages a user agent sends that carry a
/// Contact. `changed` is optional (may be NULL); when given it receives how many Contact
/// values were changed (0 is not an error).
///
/// Errors: `MSSIP_E_BAD_VALUE` (a Contact does not parse; nothing changes); `MSSIP_E_LIMIT`;
/// `MSSIP_E_NULL` (msg); `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `changed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_add_proxy_replace(
    msg: *mut mssip_msg,
    changed: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg") }?;
        // SAFETY: caller contract; NULL means the count is not wanted.
        let changed = unsafe { Out::new(changed, "changed") }.ok();
        let n = nat::add_proxy_replace(msg)?;
        if let Some(out) = changed {
            out.write(n);
        }
        Ok(())
    })
}

/// Reads the connection id in the `ms-received-cid` parameter of the `index`-th Via value of
/// `msg` (0 is the topmost): where a server saved the connection a request came in on. A
/// proxy sending a response back reads it from the Via below its own (index 0 once it has
/// removed its own Via), then finds the connection with `mssip_conn_table_lookup`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such Via, or no `ms-received-cid` on it); `MSSIP_E_BAD_CONN_ID`
/// (the value is not a connection id); `MSSIP_E_BAD_VALUE` (the Via does not parse);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_via_conn_id(
    msg: *const mssip_msg,
    index: usize,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(conn_id, "conn_id")?) };
        let via = msg
            .vias()
            .nth(index)
            .ok_or_else(|| Failure::not_found(format!("no Via value at index {index}")))??;
        let id = nat::via_conn_id(&via)
            .ok_or_else(|| Failure::not_found("the Via has no ms-received-cid"))??;
        out.write(id);
        Ok(())
    })
}

/// Reads the connection id in the `ms-received-cid` parameter of a URI, given alone
/// (`sip:192.0.2.1:18168;transport=tls;ms-received-cid=7C9B00`, e.g. a Request-URI) or as a
/// header value with angle brackets (a Contact, Route or Record-Route value).
///
/// Errors: `MSSIP_E_NOT_FOUND` (no `ms-received-cid`); `MSSIP_E_BAD_CONN_ID`;
/// `MSSIP_E_BAD_URI` / `MSSIP_E_BAD_VALUE` (the text is neither a URI nor an address);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `uri` is NULL or NUL-terminated; `conn_id` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_nat_uri_conn_id(
    uri: *const c_char,
    conn_id: *mut u64,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (text, out) = unsafe { (arg_str(uri, "uri")?, Out::new(conn_id, "conn_id")?) };
        let parsed = match Uri::parse(text) {
            Ok(u) => u,
            Err(e) => NameAddr::parse(text).map_err(|_| e)?.uri,
        };
        let id = nat::uri_conn_id(&parsed)
            .ok_or_else(|| Failure::not_found("the URI has no ms-received-cid"))??;
        out.write(id);
        Ok(())
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ffi::{mssip_msg_free, mssip_msg_parse};

    const REG: &[u8] = b"REGISTER sip:contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1:27221\r\nFrom: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: x\r\nCSeq: 1 REGISTER\r\nContact: <sip:192.0.2.1:27221;transport=tls>;proxy=replace\r\n\r\n";

    #[test]
    fn process_rewrites_and_rejects_from_c() {
        let mut m = std::ptr::null_mut();
        // SAFETY: every pointer passed is a live local, a static string or the message made here.
        unsafe {
            assert_eq!(
                mssip_msg_parse(REG.as_ptr(), REG.len(), &mut m),
                mssip_result::MSSIP_OK
            );
            let peer = mssip_peer {
                transport: 2,
                ip: c"192.168.0.2".as_ptr(),
                port: 1201,
                conn_id: 0x3540900,
            };
            let mut v = mssip_nat_verdict::MSSIP_NAT_DISCARD;
            assert_eq!(mssip_nat_process(m, &peer, &mut v), mssip_result::MSSIP_OK);
            assert_eq!(v, mssip_nat_verdict::MSSIP_NAT_FORWARD);
            let mut id = 0;
            assert_eq!(mssip_nat_via_conn_id(m, 0, &mut id), mssip_result::MSSIP_OK);
            assert_eq!(id, 0x3540900);
            mssip_msg_free(m);
        }
    }
}
