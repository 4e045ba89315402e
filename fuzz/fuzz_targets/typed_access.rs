//! Typed access through the C ABI, one call against the others: for any message that parses,
//! `mssip_msg_core` gives exactly what the single calls give (the top Via, From, To, Call-ID,
//! CSeq and the numbers), or fails exactly when one of them fails on a value that is there;
//! `mssip_msg_name_addrs` gives, value by value, what `mssip_msg_name_addr` gives by index;
//! `mssip_msg_header_values` gives what `mssip_msg_header` gives by index. No call returns
//! `MSSIP_E_PANIC`.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::ffi::*;
use std::mem::MaybeUninit;
use std::ptr::{null, null_mut};

fn same_str(a: mssip_str, b: mssip_str) -> bool {
    a.ptr == b.ptr && a.len == b.len
}

fn same_params(a: mssip_params, b: mssip_params) -> bool {
    a.ptr == b.ptr && a.len == b.len && a.count == b.count
}

fn same_uri(a: &mssip_uri, b: &mssip_uri) -> bool {
    same_str(a.raw, b.raw)
        && same_str(a.scheme, b.scheme)
        && a.scheme_kind == b.scheme_kind
        && same_str(a.user, b.user)
        && same_str(a.password, b.password)
        && same_str(a.host, b.host)
        && a.host_kind == b.host_kind
        && a.port == b.port
        && same_params(a.params, b.params)
        && same_str(a.headers, b.headers)
        && same_str(a.opaque, b.opaque)
}

fn same_addr(a: &mssip_name_addr, b: &mssip_name_addr) -> bool {
    same_str(a.display_name, b.display_name)
        && same_uri(&a.uri, &b.uri)
        && a.angle == b.angle
        && same_params(a.params, b.params)
        && same_str(a.tag, b.tag)
        && same_str(a.expires, b.expires)
        && same_str(a.q, b.q)
}

fn same_via(a: &mssip_via, b: &mssip_via) -> bool {
    same_str(a.protocol, b.protocol)
        && same_str(a.version, b.version)
        && same_str(a.transport, b.transport)
        && same_str(a.host, b.host)
        && a.host_kind == b.host_kind
        && a.port == b.port
        && same_str(a.branch, b.branch)
        && same_str(a.received, b.received)
        && same_str(a.rport, b.rport)
        && same_str(a.maddr, b.maddr)
        && same_str(a.ttl, b.ttl)
        && same_str(a.ms_received_port, b.ms_received_port)
        && same_str(a.ms_received_cid, b.ms_received_cid)
        && same_params(a.params, b.params)
}

/// The single call's outcome: `Some(value)` on success, `None` when absent, or the error.
fn single<T>(rc: mssip_result, v: T) -> Result<Option<T>, mssip_result> {
    match rc {
        mssip_result::MSSIP_OK => Ok(Some(v)),
        mssip_result::MSSIP_E_NOT_FOUND => Ok(None),
        mssip_result::MSSIP_E_PANIC => panic!("a single call panicked"),
        e => Err(e),
    }
}

fuzz_target!(|data: &[u8]| {
    let mut msg = null_mut();
    // SAFETY: `data` is readable for its length; `msg` is a local.
    if unsafe { mssip_msg_parse(data.as_ptr(), data.len(), &mut msg) } != mssip_result::MSSIP_OK {
        return;
    }
    // SAFETY: `msg` is a live message; every out-parameter is a local; names are C strings.
    unsafe {
        let mut via = MaybeUninit::<mssip_via>::zeroed().assume_init();
        let mut from = MaybeUninit::<mssip_name_addr>::zeroed().assume_init();
        let mut to = from;
        let (mut seq, mut method) = (
            0u32,
            mssip_str {
                ptr: null(),
                len: 0,
            },
        );
        let (mut mf, mut ex, mut cl) = (0u32, 0u32, 0u64);
        let singles = [
            single(mssip_msg_via(msg, 0, &mut via), ()).map(|v| v.is_some()),
            single(mssip_msg_name_addr(msg, c"From".as_ptr(), 0, &mut from), ())
                .map(|v| v.is_some()),
            single(mssip_msg_name_addr(msg, c"To".as_ptr(), 0, &mut to), ()).map(|v| v.is_some()),
            single(mssip_msg_cseq(msg, &mut seq, &mut method), ()).map(|v| v.is_some()),
            single(mssip_msg_max_forwards(msg, &mut mf), ()).map(|v| v.is_some()),
            single(mssip_msg_content_length(msg, &mut cl), ()).map(|v| v.is_some()),
            single(mssip_msg_expires(msg, &mut ex), ()).map(|v| v.is_some()),
        ];
        let mut core = MaybeUninit::<mssip_core>::zeroed().assume_init();
        let rc = mssip_msg_core(msg, &mut core);
        assert_ne!(rc, mssip_result::MSSIP_E_PANIC);
        match singles.iter().find_map(|s| s.err()) {
            Some(e) => assert_eq!(
                rc, e,
                "the core call fails as the first failing single call"
            ),
            None => {
                assert_eq!(rc, mssip_result::MSSIP_OK);
                let bits = [
                    MSSIP_CORE_VIA,
                    MSSIP_CORE_FROM,
                    MSSIP_CORE_TO,
                    MSSIP_CORE_CSEQ,
                    MSSIP_CORE_MAX_FORWARDS,
                    MSSIP_CORE_CONTENT_LENGTH,
                    MSSIP_CORE_EXPIRES,
                ];
                for (s, bit) in singles.iter().zip(bits) {
                    assert_eq!(s == &Ok(true), core.present & bit != 0);
                }
                if core.present & MSSIP_CORE_VIA != 0 {
                    assert!(same_via(&via, &core.via));
                }
                if core.present & MSSIP_CORE_FROM != 0 {
                    assert!(same_addr(&from, &core.from));
                }
                if core.present & MSSIP_CORE_TO != 0 {
                    assert!(same_addr(&to, &core.to));
                }
                if core.present & MSSIP_CORE_CSEQ != 0 {
                    assert!(seq == core.cseq && same_str(method, core.cseq_method));
                }
                assert!(core.present & MSSIP_CORE_MAX_FORWARDS == 0 || mf == core.max_forwards);
                assert!(core.present & MSSIP_CORE_EXPIRES == 0 || ex == core.expires);
                assert!(core.present & MSSIP_CORE_CONTENT_LENGTH == 0 || cl == core.content_length);
            }
        }

        for name in [c"Contact", c"m", c"Route", c"Via", c"X-A"] {
            // Every value at once against the values one by one.
            let mut n = 0usize;
            let rc = mssip_msg_header_values(msg, name.as_ptr(), null_mut(), 0, &mut n);
            assert!(matches!(
                rc,
                mssip_result::MSSIP_OK | mssip_result::MSSIP_E_BUFFER_TOO_SMALL
            ));
            let mut views = vec![
                mssip_str {
                    ptr: null(),
                    len: 0
                };
                n
            ];
            let mut m = 0usize;
            assert_eq!(
                mssip_msg_header_values(msg, name.as_ptr(), views.as_mut_ptr(), n, &mut m),
                mssip_result::MSSIP_OK
            );
            assert_eq!(m, n);
            for (i, v) in views.iter().enumerate() {
                let mut one = mssip_str {
                    ptr: null(),
                    len: 0,
                };
                assert_eq!(
                    mssip_msg_header(msg, name.as_ptr(), i, &mut one),
                    mssip_result::MSSIP_OK
                );
                assert!(same_str(one, *v));
            }
            // Every address at once against the addresses one by one.
            let mut addrs = vec![MaybeUninit::<mssip_name_addr>::zeroed().assume_init(); n];
            let mut k = 0usize;
            let rc = mssip_msg_name_addrs(msg, name.as_ptr(), addrs.as_mut_ptr(), n, &mut k);
            let mut first_error = None;
            for i in 0..n {
                let mut one = MaybeUninit::<mssip_name_addr>::zeroed().assume_init();
                match mssip_msg_name_addr(msg, name.as_ptr(), i, &mut one) {
                    mssip_result::MSSIP_OK => {
                        if rc == mssip_result::MSSIP_OK {
                            assert!(same_addr(&one, &addrs[i]));
                        }
                    }
                    e => {
                        assert_ne!(e, mssip_result::MSSIP_E_PANIC);
                        first_error = first_error.or(Some(e));
                    }
                }
            }
            match first_error {
                Some(e) => assert_eq!(rc, e),
                None => assert!(rc == mssip_result::MSSIP_OK && k == n),
            }
        }
        mssip_msg_free(msg);
    }
});
