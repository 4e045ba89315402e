//! The C Via view against the general Via parse: `mssip_msg_via` reads a Via in its usual
//! shape in one pass (src/sip/via/parts.rs) and hands anything else to `Via::parse`; for any
//! message, each Via value gives in C exactly what the Rust API's `Message::vias` gives
//! (protocol, version, transport, host and its kind, port, branch, received, rport, maddr,
//! ttl, ms-received-port, ms-received-cid, the parameter text and count), fails exactly
//! where the Rust parse fails (`MSSIP_E_BAD_VALUE`, or `MSSIP_E_BAD_URI` for a bad host), and never returns `MSSIP_E_PANIC`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::ffi::*;
use mssip::sip::{Host, Message, Via};
use std::mem::MaybeUninit;
use std::ptr::null_mut;

/// The text of a C view, `None` for `{NULL, 0}`.
fn text(s: mssip_str) -> Option<&'static [u8]> {
    if s.ptr.is_null() {
        return None;
    }
    // SAFETY: a non-NULL view from the library points at `len` bytes of the live message,
    // which outlives every use below (the message is freed after the comparisons).
    Some(unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) })
}

/// The value of a parameter as the view shows it: absent, or its text (empty without one).
fn param<'a>(v: &Via<'a>, name: &str) -> Option<&'a [u8]> {
    v.params.get(name).map(|p| p.value.unwrap_or("").as_bytes())
}

fn check(v: &Via<'_>, c: &mssip_via) {
    assert_eq!(text(c.protocol), Some(v.protocol.as_bytes()), "protocol");
    assert_eq!(text(c.version), Some(v.version.as_bytes()), "version");
    assert_eq!(text(c.transport), Some(v.transport.as_bytes()), "transport");
    let kind = match v.host {
        Host::Name(_) => mssip_host_kind::MSSIP_HOST_NAME,
        Host::Ipv4(_) => mssip_host_kind::MSSIP_HOST_IPV4,
        Host::Ipv6(_) => mssip_host_kind::MSSIP_HOST_IPV6,
    };
    assert_eq!(text(c.host), Some(v.host.as_str().as_bytes()), "host");
    assert!(c.host_kind == kind, "host kind");
    assert_eq!(c.port, v.port.unwrap_or(0), "port");
    // A `branch` without a value counts as none, in both.
    assert_eq!(text(c.branch), v.branch().map(str::as_bytes), "branch");
    assert_eq!(text(c.received), param(v, "received"), "received");
    assert_eq!(text(c.rport), param(v, "rport"), "rport");
    assert_eq!(text(c.maddr), param(v, "maddr"), "maddr");
    assert_eq!(text(c.ttl), param(v, "ttl"), "ttl");
    assert_eq!(text(c.ms_received_port), param(v, "ms-received-port"), "ms-received-port");
    assert_eq!(text(c.ms_received_cid), param(v, "ms-received-cid"), "ms-received-cid");
    let raw = v.params.as_str().as_bytes();
    let got = if c.params.ptr.is_null() {
        &[][..]
    } else {
        // SAFETY: as in `text`.
        unsafe { std::slice::from_raw_parts(c.params.ptr.cast::<u8>(), c.params.len) }
    };
    assert_eq!(got, raw, "params");
    assert_eq!(c.params.count, v.params.iter().count(), "param count");
}

fuzz_target!(|data: &[u8]| {
    // The input is the Via field's value (any bytes, line breaks included: a folded or broken
    // field is the parser's business).
    let mut text = b"SIP/2.0 200 OK\r\nVia: ".to_vec();
    text.extend_from_slice(data);
    text.extend_from_slice(b"\r\nCall-ID: a\r\n\r\n");
    let Ok(rust) = Message::parse(&text) else { return };
    let mut msg = null_mut();
    // SAFETY: `text` is readable for its length; `msg` is a local.
    let rc = unsafe { mssip_msg_parse(text.as_ptr(), text.len(), &mut msg) };
    assert!(rc == mssip_result::MSSIP_OK, "the C parse refused what the Rust parse took");
    let mut vias = rust.vias();
    for i in 0..8 {
        let want = vias.next();
        let end = want.is_none();
        let mut out = MaybeUninit::<mssip_via>::uninit();
        // SAFETY: `msg` is live; `out` is a local.
        let rc = unsafe { mssip_msg_via(msg, i, out.as_mut_ptr()) };
        match want {
            None => assert!(rc == mssip_result::MSSIP_E_NOT_FOUND, "value {i}: absent in Rust"),
            Some(Err(e)) => assert!(
                rc == mssip_result::MSSIP_E_BAD_VALUE || rc == mssip_result::MSSIP_E_BAD_URI,
                "value {i}: bad in Rust ({e}), {rc:?} in C"
            ),
            Some(Ok(v)) => {
                assert!(rc == mssip_result::MSSIP_OK, "value {i}: good in Rust, not in C");
                // SAFETY: MSSIP_OK wrote the whole view.
                check(&v, unsafe { out.assume_init_ref() });
            }
        }
        if end {
            break;
        }
    }
    // SAFETY: `msg` is live and not used after.
    unsafe { mssip_msg_free(msg) };
});
