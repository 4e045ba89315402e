//! `mssip_core`: the header fields a proxy reads from every message, taken apart in one call
//! (the way sofia-sip's `sip_t` or a Kamailio `sip_msg` holds them after parsing): the top
//! Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length and Expires, and the start line.

use super::boundary::{FfiResult, guard};
use super::handle::{borrow, mssip_msg};
use super::msg_lookup::{kind_name, parsed};
use super::name_addr::mssip_name_addr;
use super::result::mssip_result;
use super::text::{Out, mssip_str};
use super::uri::opt_view;
use super::via::{MsViaParts, mssip_via};
use crate::sip::list_items::ListItem;
use crate::sip::{HeaderKind, Message, NameAddr, Result};

/// `mssip_core.present`: the message has a Via.
pub const MSSIP_CORE_VIA: u32 = 1 << 0;
/// `mssip_core.present`: the message has a From.
pub const MSSIP_CORE_FROM: u32 = 1 << 1;
/// `mssip_core.present`: the message has a To.
pub const MSSIP_CORE_TO: u32 = 1 << 2;
/// `mssip_core.present`: the message has a Call-ID.
pub const MSSIP_CORE_CALL_ID: u32 = 1 << 3;
/// `mssip_core.present`: the message has a CSeq.
pub const MSSIP_CORE_CSEQ: u32 = 1 << 4;
/// `mssip_core.present`: the message has a Max-Forwards.
pub const MSSIP_CORE_MAX_FORWARDS: u32 = 1 << 5;
/// `mssip_core.present`: the message has a Content-Length.
pub const MSSIP_CORE_CONTENT_LENGTH: u32 = 1 << 6;
/// `mssip_core.present`: the message has an Expires header.
pub const MSSIP_CORE_EXPIRES: u32 = 1 << 7;

/// The fields a proxy reads from every message, filled by `mssip_msg_core` in one call. Every
/// view borrows from the message. A header the message lacks has its bit clear in `present`,
/// its views `{NULL, 0}` and its numbers 0.
///
/// Filled by the library, all at once or not at all. A later version may add fields at the
/// end together with new functions that fill them; the functions here keep filling exactly
/// this layout, so a program built against this header keeps working.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_core {
    /// Which headers the message has: `MSSIP_CORE_*` bits.
    pub present: u32,
    /// True for a request.
    pub is_request: bool,
    /// A request's method (`{NULL, 0}` for a response).
    pub method: mssip_str,
    /// A request's Request-URI as written (`mssip_msg_request_uri_parts` takes it apart;
    /// `{NULL, 0}` for a response).
    pub request_uri: mssip_str,
    /// A response's status code (0 for a request).
    pub status: u16,
    /// A response's reason phrase (`{NULL, 0}` for a request; may be empty).
    pub reason: mssip_str,
    /// The top Via value (the first value of the first Via field), as `mssip_msg_via(msg, 0)`
    /// gives it.
    pub via: mssip_via,
    /// From, as `mssip_msg_name_addr(msg, "From", 0)` gives it.
    pub from: mssip_name_addr,
    /// To, as `mssip_msg_name_addr(msg, "To", 0)` gives it.
    pub to: mssip_name_addr,
    /// The Call-ID value.
    pub call_id: mssip_str,
    /// The CSeq number (below 2**31) and method, as `mssip_msg_cseq` gives them.
    pub cseq: u32,
    pub cseq_method: mssip_str,
    /// Max-Forwards as a number.
    pub max_forwards: u32,
    /// The Expires header as seconds.
    pub expires: u32,
    /// Content-Length as a number.
    pub content_length: u64,
}

/// Parses the first value of header `kind` into `out`: whether the message has one, or the
/// error in it.
#[inline(always)]
fn first_item<'m, T: ListItem<'m>>(
    msg: &'m Message,
    kind: HeaderKind,
    out: &mut T,
) -> Result<bool> {
    match msg.first_item_into(kind, out) {
        None => Ok(false),
        Some(r) => r.map(|()| true),
    }
}

/// The error in the first value of header `kind`, named as the single calls name it.
#[inline(always)]
fn in_first<T>(kind: HeaderKind, r: Result<T>) -> FfiResult<T> {
    parsed(kind_name(kind), 0, r)
}

/// Fills `*out` with the top Via, From, To, Call-ID, CSeq, Max-Forwards, Content-Length and
/// Expires of the message, and its start line, in one call: what `mssip_msg_via`,
/// `mssip_msg_name_addr`, `mssip_msg_header`, `mssip_msg_cseq` and the number calls give one
/// by one. `out->present` says which of those headers the message has; a header it lacks is
/// not an error (`mssip_msg_validate` judges whether one is required).
///
/// Ownership: the views in `*out` borrow from the message; valid until it is changed or freed.
/// Errors: `MSSIP_E_BAD_VALUE` / `MSSIP_E_BAD_URI` when one of those headers is malformed
/// (`mssip_last_error()` names it, with the offset in its value; the single calls still give
/// the others); `*out` is then untouched; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Cost: one crossing of the boundary and no name to match; each header is found from the
/// message's index of first fields and parsed once.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_core(
    msg: *const mssip_msg,
    out: *mut mssip_core,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let (mut via, mut from, mut to) = (MsViaParts::BLANK, NameAddr::BLANK, NameAddr::BLANK);
        let has_via = in_first(HeaderKind::Via, first_item(msg, HeaderKind::Via, &mut via))?;
        let has_from = in_first(
            HeaderKind::From,
            first_item(msg, HeaderKind::From, &mut from),
        )?;
        let has_to = in_first(HeaderKind::To, first_item(msg, HeaderKind::To, &mut to))?;
        let call_id = msg.call_id();
        let cseq = msg.cseq().transpose();
        let cseq = in_first(HeaderKind::CSeq, cseq)?;
        let max_forwards = in_first(HeaderKind::MaxForwards, msg.max_forwards().transpose())?;
        let content_length = in_first(HeaderKind::ContentLength, msg.content_length().transpose())?;
        let expires = in_first(HeaderKind::Expires, msg.expires().transpose())?;
        let bit = |has: bool, bit: u32| if has { bit } else { 0 };
        out.write(mssip_core {
            present: bit(has_via, MSSIP_CORE_VIA)
                | bit(has_from, MSSIP_CORE_FROM)
                | bit(has_to, MSSIP_CORE_TO)
                | bit(call_id.is_some(), MSSIP_CORE_CALL_ID)
                | bit(cseq.is_some(), MSSIP_CORE_CSEQ)
                | bit(max_forwards.is_some(), MSSIP_CORE_MAX_FORWARDS)
                | bit(content_length.is_some(), MSSIP_CORE_CONTENT_LENGTH)
                | bit(expires.is_some(), MSSIP_CORE_EXPIRES),
            is_request: msg.is_request(),
            method: opt_view(msg.method()),
            request_uri: opt_view(msg.request_uri()),
            status: msg.status().unwrap_or(0),
            reason: opt_view(msg.reason()),
            via: if has_via {
                mssip_via::of(&via)
            } else {
                mssip_via::NONE
            },
            from: if has_from {
                mssip_name_addr::of(&from)
            } else {
                mssip_name_addr::NONE
            },
            to: if has_to {
                mssip_name_addr::of(&to)
            } else {
                mssip_name_addr::NONE
            },
            call_id: opt_view(call_id),
            cseq: cseq.map_or(0, |c| c.seq),
            cseq_method: opt_view(cseq.map(|c| c.method)),
            max_forwards: max_forwards.unwrap_or(0),
            expires: expires.unwrap_or(0),
            content_length: content_length.unwrap_or(0),
        });
        Ok(())
    })
}
