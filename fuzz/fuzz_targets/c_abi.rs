//! The C ABI with fuzzed inputs: a message (its length in the first two bytes) parsed through
//! `mssip_msg_parse`, then calls picked and fed by the bytes after it: reads, edits with
//! fuzzed C strings (not always UTF-8, sometimes NULL), serialization into buffers of fuzzed
//! sizes, validation, multipart, framing and the identity functions. No call may return
//! `MSSIP_E_PANIC`, and every view handed out must be readable text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::ffi::*;
use std::ffi::{CString, c_char};
use std::ptr::{null, null_mut};

/// Reads the calls' arguments from the fuzzer's bytes.
struct Input<'a> {
    b: &'a [u8],
    at: usize,
    /// C strings handed out, kept alive until the input is done.
    keep: Vec<CString>,
}

impl Input<'_> {
    fn byte(&mut self) -> u8 {
        let v = self.b.get(self.at).copied().unwrap_or(0);
        self.at += 1;
        v
    }

    fn done(&self) -> bool {
        self.at >= self.b.len()
    }

    /// A NUL-terminated string from a short dictionary or from the input, or NULL.
    fn cstr(&mut self) -> *const c_char {
        const WORDS: &[&[u8]] = &[
            b"Via",
            b"v",
            b"From",
            b"To",
            b"Contact",
            b"Call-ID",
            b"CSeq",
            b"Route",
            b"X-A",
            b"Content-Type",
            b"Content-Length",
            b"tag",
            b"received",
            b"rport",
            b"branch",
            b"maddr",
            b"lr",
            b"x",
            b"1",
            b"192.0.2.1",
            b"a;b",
            b"a@b",
            b"\"q\"",
            b"sip:a@b",
            b"tel:+1",
            b"urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6",
            b"01010101",
            b"sip:alice@contoso.com",
            b"application/sdp",
            b"multipart/mixed;boundary=b",
            b"",
        ];
        let v = self.byte();
        let bytes: Vec<u8> = match v {
            0 => return null(),
            1..=199 => WORDS[usize::from(v) % WORDS.len()].to_vec(),
            _ => {
                let n = usize::from(self.byte() % 32);
                let end = (self.at + n).min(self.b.len());
                let s = self.b[self.at.min(end)..end]
                    .iter()
                    .map(|&c| c.max(1))
                    .collect();
                self.at = end;
                s
            }
        };
        let c = CString::new(bytes).unwrap_or_default();
        let p = c.as_ptr();
        self.keep.push(c);
        p
    }

    fn index(&mut self) -> usize {
        usize::from(self.byte() % 4)
    }
}

fn ok(r: mssip_result) {
    assert_ne!(r, mssip_result::MSSIP_E_PANIC, "{}", last_error());
}

fn last_error() -> String {
    // SAFETY: the library returns a NUL-terminated string owned by this thread.
    unsafe { std::ffi::CStr::from_ptr(mssip_last_error()) }
        .to_string_lossy()
        .into_owned()
}

/// A view the call wrote must be readable for its whole length (ASan checks each byte) and,
/// as the message's text is UTF-8 up to its body, the view of a header part is UTF-8 too.
fn inside(_msg: *const mssip_msg, s: &mssip_str) {
    if s.len == 0 {
        return;
    }
    assert!(!s.ptr.is_null());
    // SAFETY: the library promises `len` readable bytes at `ptr` while the message lives.
    let bytes = unsafe { std::slice::from_raw_parts(s.ptr.cast::<u8>(), s.len) };
    assert!(std::str::from_utf8(bytes).is_ok(), "a view is not UTF-8");
}

/// Whether a set call succeeded (and did not panic).
fn set(r: mssip_result) -> bool {
    ok(r);
    r == mssip_result::MSSIP_OK
}

/// After a parameter was set to `v` (NULL: no value), reading it gives exactly `v`, when the
/// value it sits in is one the typed read accepts (a set may go onto a malformed value).
fn read_back(r: mssip_result, got: &mssip_str, v: *const c_char) {
    ok(r);
    if r != mssip_result::MSSIP_OK {
        return;
    }
    let want: &[u8] = if v.is_null() {
        b""
    } else {
        // SAFETY: `v` is a NUL-terminated string kept alive by the input.
        unsafe { std::ffi::CStr::from_ptr(v) }.to_bytes()
    };
    // SAFETY: the library promises `len` readable bytes at `ptr`.
    let got = unsafe { std::slice::from_raw_parts(got.ptr.cast::<u8>(), got.len) };
    assert_eq!(got, want, "a parameter did not read back as it was set");
}

fn serialize(msg: *const mssip_msg, cap: usize) {
    let mut buf = vec![0u8; cap];
    let mut n = 0;
    let out = if cap == 0 {
        null_mut()
    } else {
        buf.as_mut_ptr()
    };
    // SAFETY: `out` is NULL with cap 0, or writable for `cap` bytes.
    let r = unsafe { mssip_msg_serialize(msg, out, cap, &mut n) };
    ok(r);
    if r == mssip_result::MSSIP_OK {
        assert!(n <= cap);
    }
}

/// One call on `msg`, picked by the next byte.
fn call(msg: *mut mssip_msg, inp: &mut Input<'_>) {
    let mut s = mssip_str {
        ptr: null(),
        len: 0,
    };
    let mut n = 0usize;
    // SAFETY: `msg` is live and every pointer given is NULL or valid for the call.
    unsafe {
        match inp.byte() % 25 {
            0 => {
                let r = mssip_msg_header(msg, inp.cstr(), inp.index(), &mut s);
                ok(r);
                if r == mssip_result::MSSIP_OK {
                    inside(msg, &s);
                }
            }
            1 => ok(mssip_msg_header_count(msg, inp.cstr(), &mut n)),
            2 => {
                let mut name = mssip_str {
                    ptr: null(),
                    len: 0,
                };
                if mssip_msg_field(msg, inp.index(), &mut name, &mut s) == mssip_result::MSSIP_OK {
                    inside(msg, &name);
                    inside(msg, &s);
                }
            }
            3 => {
                for f in [
                    mssip_msg_method,
                    mssip_msg_request_uri,
                    mssip_msg_reason,
                    mssip_msg_version,
                ] {
                    if f(msg, &mut s) == mssip_result::MSSIP_OK {
                        inside(msg, &s);
                    }
                }
                let mut status = 0u16;
                ok(mssip_msg_status(msg, &mut status));
                let mut req = false;
                ok(mssip_msg_is_request(msg, &mut req));
            }
            4 => ok(mssip_msg_add_header(msg, inp.cstr(), inp.cstr())),
            5 => ok(mssip_msg_prepend_header(msg, inp.cstr(), inp.cstr())),
            6 => ok(mssip_msg_remove_field(msg, inp.cstr(), inp.index())),
            7 => ok(mssip_msg_remove_all(msg, inp.cstr(), &mut n)),
            8 => ok(mssip_msg_remove_value(msg, inp.cstr(), inp.index())),
            9 => ok(mssip_msg_replace_value(
                msg,
                inp.cstr(),
                inp.index(),
                inp.cstr(),
            )),
            10 => {
                let (name, i, p, v) = (inp.cstr(), inp.index(), inp.cstr(), inp.cstr());
                if set(mssip_msg_set_header_param(msg, name, i, p, v)) {
                    read_back(mssip_msg_header_param(msg, name, i, p, &mut s), &s, v);
                }
            }
            11 => ok(mssip_msg_remove_header_param(
                msg,
                inp.cstr(),
                inp.index(),
                inp.cstr(),
            )),
            12 => {
                let (name, i, p, v) = (inp.cstr(), inp.index(), inp.cstr(), inp.cstr());
                if set(mssip_msg_set_uri_param(msg, name, i, p, v)) {
                    read_back(mssip_msg_uri_param(msg, name, i, p, &mut s), &s, v);
                }
            }
            13 => ok(mssip_msg_remove_uri_param(
                msg,
                inp.cstr(),
                inp.index(),
                inp.cstr(),
            )),
            14 => ok(mssip_msg_set_request_uri(msg, inp.cstr())),
            15 => {
                let (p, v) = (inp.cstr(), inp.cstr());
                if set(mssip_msg_set_request_uri_param(msg, p, v)) {
                    read_back(mssip_msg_request_uri_param(msg, p, &mut s), &s, v);
                }
            }
            16 => ok(mssip_msg_remove_request_uri_param(msg, inp.cstr())),
            17 => {
                let body = inp.cstr();
                let len = if body.is_null() {
                    0
                } else {
                    std::ffi::CStr::from_ptr(body).count_bytes()
                };
                ok(mssip_msg_set_body(msg, inp.cstr(), body.cast(), len));
            }
            18 => serialize(msg, usize::from(inp.byte()) * 4),
            19 => {
                let mut status = 0u16;
                let r = mssip_msg_validate(msg, &mut status, &mut s);
                ok(r);
            }
            20 => {
                let mut mp = null_mut();
                let r = mssip_multipart_parse(msg, &mut mp);
                ok(r);
                if r == mssip_result::MSSIP_OK {
                    multipart(mp, inp);
                    mssip_multipart_free(mp);
                }
            }
            21 => {
                let mut copy = null_mut();
                ok(mssip_msg_clone(msg, &mut copy));
                mssip_msg_free(copy);
            }
            22 => {
                let mut resp = null_mut();
                let r = mssip_msg_new_response(
                    msg,
                    u16::from(inp.byte()) * 3,
                    inp.cstr(),
                    inp.cstr(),
                    &mut resp,
                );
                ok(r);
                mssip_msg_free(resp);
            }
            23 => {
                let (mut number, mut n32, mut n64) = (0u32, 0u32, 0u64);
                ok(mssip_msg_cseq(msg, &mut number, &mut s));
                ok(mssip_msg_max_forwards(msg, &mut n32));
                ok(mssip_msg_content_length(msg, &mut n64));
                ok(mssip_msg_expires(msg, &mut n32));
                ok(mssip_msg_contact_expires(msg, inp.index(), &mut n32));
                let r = mssip_msg_header_param(msg, inp.cstr(), inp.index(), inp.cstr(), &mut s);
                ok(r);
                if r == mssip_result::MSSIP_OK {
                    inside(msg, &s);
                }
                let mut views = [mssip_str {
                    ptr: null(),
                    len: 0,
                }; 4];
                let cap = inp.index();
                let out = if cap == 0 {
                    null_mut()
                } else {
                    views.as_mut_ptr()
                };
                let r = mssip_msg_header_values(msg, inp.cstr(), out, cap, &mut n);
                ok(r);
                if r == mssip_result::MSSIP_OK {
                    views[..n.min(cap)].iter().for_each(|v| inside(msg, v));
                }
            }
            _ => {
                let mut opts = std::mem::zeroed();
                ok(mssip_validate_options_default(&mut opts));
                ok(mssip_msg_unsupported_requirement(
                    msg,
                    &opts,
                    inp.index(),
                    &mut s,
                ));
            }
        }
    }
}

fn multipart(mp: *mut mssip_multipart, inp: &mut Input<'_>) {
    let mut count = 0;
    let mut s = mssip_str {
        ptr: null(),
        len: 0,
    };
    // SAFETY: `mp` is a live multipart.
    unsafe {
        ok(mssip_multipart_count(mp, &mut count));
        ok(mssip_multipart_subtype(mp, &mut s));
        for i in 0..count.min(8) {
            let (mut depth, mut nested, mut fields) = (0, false, 0);
            ok(mssip_multipart_part_info(mp, i, &mut depth, &mut nested));
            ok(mssip_multipart_part_content_type(mp, i, &mut s));
            ok(mssip_multipart_part_header_count(mp, i, &mut fields));
            let mut name = mssip_str {
                ptr: null(),
                len: 0,
            };
            ok(mssip_multipart_part_header(
                mp,
                i,
                inp.index(),
                &mut name,
                &mut s,
            ));
            let mut body = mssip_bytes {
                ptr: null(),
                len: 0,
            };
            ok(mssip_multipart_part_body(mp, i, &mut body));
        }
        let mut at = 0;
        ok(mssip_multipart_find(mp, inp.cstr(), &mut at));
    }
}

/// The calls that take text rather than a message: identity, framing, multipart bodies.
fn standalone(data: &[u8], inp: &mut Input<'_>) {
    let mut out = [0 as c_char; 64];
    let cap = usize::from(inp.byte() % 65);
    let mut n = 0;
    // SAFETY: `out` is writable for `cap` <= 64 bytes; the strings are NULL or NUL-terminated.
    unsafe {
        ok(mssip_epid_to_instance(
            inp.cstr(),
            out.as_mut_ptr(),
            cap,
            &mut n,
        ));
        ok(mssip_gruu_for_instance(
            inp.cstr(),
            inp.cstr(),
            out.as_mut_ptr(),
            cap,
            &mut n,
        ));
        ok(mssip_instance_from_gruu(
            inp.cstr(),
            out.as_mut_ptr(),
            cap,
            &mut n,
        ));
        let mut m = false;
        ok(mssip_instance_matches_epid(inp.cstr(), inp.cstr(), &mut m));
        ok(mssip_epid_from_bytes(
            data.as_ptr(),
            data.len().min(12),
            out.as_mut_ptr(),
            cap,
            &mut n,
        ));
        let _ = mssip_result_str(u32::from(inp.byte()) * 7);

        let mut f = null_mut();
        ok(mssip_framer_new(&mut f));
        for chunk in data.chunks(usize::from(inp.byte() % 64) + 1) {
            let r = mssip_framer_push(f, chunk.as_ptr(), chunk.len());
            ok(r);
            loop {
                let mut kind = mssip_frame_kind::MSSIP_FRAME_NONE;
                let mut msg = null_mut();
                let r = mssip_framer_next(f, &mut kind, &mut msg);
                ok(r);
                if !msg.is_null() {
                    call(msg, inp);
                    mssip_msg_free(msg);
                }
                if r != mssip_result::MSSIP_OK || kind == mssip_frame_kind::MSSIP_FRAME_NONE {
                    if r == mssip_result::MSSIP_OK || r == mssip_result::MSSIP_E_FRAMING {
                        break;
                    }
                }
            }
            if r != mssip_result::MSSIP_OK {
                break;
            }
        }
        ok(mssip_framer_ping_sent(f));
        ok(mssip_framer_finish(f));
        mssip_framer_free(f);

        let mut mp = null_mut();
        let r = mssip_multipart_parse_body(data.as_ptr(), data.len(), inp.cstr(), null(), &mut mp);
        ok(r);
        if r == mssip_result::MSSIP_OK {
            multipart(mp, inp);
            mssip_multipart_free(mp);
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((bytes, ops)) = mssip_fuzz::split_message(data) else {
        return;
    };
    let mut inp = Input {
        b: ops,
        at: 0,
        keep: Vec::new(),
    };
    let mut msg = null_mut();
    // SAFETY: `bytes` is readable for its length.
    let r = unsafe { mssip_msg_parse(bytes.as_ptr(), bytes.len(), &mut msg) };
    ok(r);
    if r == mssip_result::MSSIP_OK {
        let mut calls = 0;
        while !inp.done() && calls < 64 {
            call(msg, &mut inp);
            calls += 1;
        }
        // SAFETY: `msg` came from mssip_msg_parse.
        unsafe { mssip_msg_free(msg) };
    } else {
        standalone(bytes, &mut inp);
    }
});
