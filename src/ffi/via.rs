//! `mssip_via`: a Via value taken apart in one call (RFC 3261 20.42, RFC 3581 rport,
//! MS-SIPRE 2.2.5 ms-received-port / ms-received-cid).

use super::boundary::guard;
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::item_of_kind;
use super::msg_params::mssip_params;
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use super::uri::{host_view, mssip_host_kind};
use crate::ext::via_params::{MS_RECEIVED_CID, MS_RECEIVED_PORT};
use crate::sip::HeaderKind;
use crate::sip::list_items::ListItem;
use crate::sip::via::{BRANCH, EXTRA, MADDR, RECEIVED, RPORT, TTL, ViaParts, ViaWanted};
use std::ffi::c_char;

/// A Via value taken apart; every view borrows from the message. A parameter that is absent
/// is `{NULL, 0}`; one present without a value (the usual `;rport`) is an empty view whose
/// `ptr` is not NULL.
///
/// Filled by the library, all at once or not at all. A later version may add fields at the
/// end together with new functions that fill them; the functions here keep filling exactly
/// this layout, so a program built against this header keeps working.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_via {
    /// `SIP`
    pub protocol: mssip_str,
    /// `2.0`
    pub version: mssip_str,
    /// `UDP`, `TCP`, `TLS`, `SCTP`, `WS`, ... as written.
    pub transport: mssip_str,
    /// The sent-by host as written (brackets kept for IPv6).
    pub host: mssip_str,
    pub host_kind: mssip_host_kind,
    /// The sent-by port, or 0 when the Via has none.
    pub port: u16,
    /// The `branch` parameter (RFC 3261 8.1.1.7).
    pub branch: mssip_str,
    /// `received` (RFC 3261 18.2.1).
    pub received: mssip_str,
    /// `rport` (RFC 3581): usually present without a value in a request, with the port in a
    /// response.
    pub rport: mssip_str,
    pub maddr: mssip_str,
    pub ttl: mssip_str,
    /// `ms-received-port` (MS-SIPRE 2.2.5).
    pub ms_received_port: mssip_str,
    /// `ms-received-cid` (MS-SIPRE 2.2.5).
    pub ms_received_cid: mssip_str,
    /// Every via-param, those above included.
    pub params: mssip_params,
}

impl mssip_via {
    /// No Via at all (an absent header in a `mssip_core`): every view `{NULL, 0}`.
    pub(crate) const NONE: mssip_via = mssip_via {
        protocol: mssip_str::NONE,
        version: mssip_str::NONE,
        transport: mssip_str::NONE,
        host: mssip_str::NONE,
        host_kind: mssip_host_kind::MSSIP_HOST_NONE,
        port: 0,
        branch: mssip_str::NONE,
        received: mssip_str::NONE,
        rport: mssip_str::NONE,
        maddr: mssip_str::NONE,
        ttl: mssip_str::NONE,
        ms_received_port: mssip_str::NONE,
        ms_received_cid: mssip_str::NONE,
        params: mssip_params::NONE,
    };

    /// The view of a Via's parts, field by field.
    #[inline(always)]
    pub(crate) fn of(v: &MsViaParts<'_>) -> mssip_via {
        let (host, host_kind) = host_view(Some(v.host));
        let found = |i: usize| v.found[i].map_or(mssip_str::NONE, mssip_str::of_bytes);
        mssip_via {
            protocol: mssip_str::of_bytes(v.protocol),
            version: mssip_str::of_bytes(v.version),
            transport: mssip_str::of_bytes(v.transport),
            host,
            host_kind,
            port: v.port.unwrap_or(0),
            // `branch` without a value is as good as none.
            branch: if v.has_value(BRANCH) {
                found(BRANCH)
            } else {
                mssip_str::NONE
            },
            received: found(RECEIVED),
            rport: found(RPORT),
            maddr: found(MADDR),
            ttl: found(TTL),
            ms_received_port: found(EXTRA),
            ms_received_cid: found(EXTRA + 1),
            params: mssip_params {
                ptr: v.params.as_ptr().cast::<c_char>(),
                len: v.params.len(),
                count: v.count,
            },
        }
    }
}

/// The via-params MS-SIPRE 2.2.5 adds, found in the same pass as the others.
#[derive(Debug, Clone, Copy)]
pub(crate) struct MsVia;

impl ViaWanted for MsVia {
    const NAMES: [&'static str; 2] = [MS_RECEIVED_PORT, MS_RECEIVED_CID];
}

/// A Via value's parts, as the view reads them.
pub(crate) type MsViaParts<'a> = ViaParts<'a, MsVia>;

/// Takes apart the `index`-th Via value (0 is the top one; each value of a comma list has its
/// own index, as `mssip_msg_header` counts them).
///
/// Ownership: the views in `*out` borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` (no such value); `MSSIP_E_BAD_VALUE` (malformed: the offset
/// in the value is in `mssip_last_error()`, `*out` is untouched); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_via(
    msg: *const mssip_msg,
    index: usize,
    out: *mut mssip_via,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let mut via = MsViaParts::BLANK;
        item_of_kind(msg, HeaderKind::Via, index, &mut via)?;
        out.write(mssip_via::of(&via));
        Ok(())
    })
}
