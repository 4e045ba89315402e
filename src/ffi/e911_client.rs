//! The client side of E911 (MS-SIPRE 2.2.22, 3.17.5.1): a typed location written as the
//! PIDF-LO of 4.14, and the E911 INVITE around it.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::ptr;

use super::boundary::{Failure, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, borrow_mut, free_handle, into_handle, mssip_e911_location, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, opt_str};
use crate::e911::{ConferenceMode, EmergencyInvite, EmergencyLocation};

/// `ConferenceModeEnum` of MS-SIPRE Appendix D.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_e911_conference_mode {
    /// `oneway`.
    MSSIP_E911_CONFERENCE_ONEWAY = 1,
    /// `twoway`.
    MSSIP_E911_CONFERENCE_TWOWAY = 2,
}

/// The C spelling of a conference mode number (renamed to `mssip_e911_conference_mode` in the
/// header).
pub type mssip_e911_conference_mode_raw = u32;

/// The location values of `mssip_e911_location_new` beside the civic address.
///
/// Growth: start from `mssip_e911_location_desc_default()`, which sets `struct_size`; later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_e911_location_desc {
    /// Size of this struct as the program was built, set by `_default()`.
    pub struct_size: usize,
    /// The `entity` of `presence`: the caller's SIP URI. Required.
    pub entity: *const c_char,
    /// The location policy's ConferenceUri. Required (Appendix D: exactly one).
    pub conference_uri: *const c_char,
    /// `mssip_e911_conference_mode`; `_TWOWAY` by default.
    pub conference_mode: mssip_e911_conference_mode_raw,
    /// The location policy's LocationPolicyTagID; NULL for none.
    pub policy_tag_id: *const c_char,
    /// False for an address the endpoint cannot vouch for (typed by the user): its method
    /// is `Manual` (2.2.22). True by default.
    pub address_trusted: bool,
    /// `gp:method` (`DHCP`, `GPS`, ...); NULL for none (`Manual` when not trusted).
    pub method: *const c_char,
    /// `bp:retransmission-allowed`; true by default.
    pub retransmission_allowed: bool,
    /// The tuple's `id`; NULL for `0`.
    pub tuple_id: *const c_char,
    /// The tuple's `timestamp` (an `xs:dateTime`); NULL for none.
    pub timestamp: *const c_char,
}

// SAFETY: repr(C), `struct_size` first; the other fields are raw pointers, integers, bools.
unsafe impl SizedStruct for mssip_e911_location_desc {
    const NAME: &'static str = "mssip_e911_location_desc";
    const FIRST_SIZE: usize =
        offset_of!(mssip_e911_location_desc, timestamp) + size_of::<*const c_char>();
    fn defaults() -> mssip_e911_location_desc {
        mssip_e911_location_desc {
            struct_size: size_of::<mssip_e911_location_desc>(),
            entity: ptr::null(),
            conference_uri: ptr::null(),
            conference_mode: mssip_e911_conference_mode::MSSIP_E911_CONFERENCE_TWOWAY as u32,
            policy_tag_id: ptr::null(),
            address_trusted: true,
            method: ptr::null(),
            retransmission_allowed: true,
            tuple_id: ptr::null(),
            timestamp: ptr::null(),
        }
    }
}

/// Fills `out` with the defaults: pointers NULL, two-way conference, trusted address,
/// retransmission allowed, `struct_size` set.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_location_desc_default(
    out: *mut mssip_e911_location_desc,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_e911_location_desc::defaults());
        Ok(())
    })
}

/// Makes a location from `desc`, with no civic element yet (add them with
/// `mssip_e911_location_set_civic`). The values are checked when it is written.
///
/// Ownership: `*out` is a new handle; free it with `mssip_e911_location_free`.
/// Errors: `MSSIP_E_NULL` (desc, entity, conference_uri, out); `MSSIP_E_UTF8`;
/// `MSSIP_E_INVALID_ARGUMENT` (a bad `struct_size`, a conference mode that is none).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `desc` is NULL or filled by `mssip_e911_location_desc_default()` with valid pointers;
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_location_new(
    desc: *const mssip_e911_location_desc,
    out: *mut *mut mssip_e911_location,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, out) = unsafe { (read_sized(desc, "desc")?, Out::new(out, "out")?) };
        let mode = match d.conference_mode {
            1 => ConferenceMode::OneWay,
            2 => ConferenceMode::TwoWay,
            other => {
                return Err(Failure::invalid(format!(
                    "conference mode {other} is no mssip_e911_conference_mode"
                )));
            }
        };
        let owned = |s: Option<&str>| s.map(str::to_owned);
        // SAFETY: caller contract, field by field.
        let lo = unsafe {
            let mut lo = EmergencyLocation::new(
                arg_str(d.entity, "desc->entity")?,
                arg_str(d.conference_uri, "desc->conference_uri")?,
                mode,
            );
            lo.policy_tag_id = owned(opt_str(d.policy_tag_id, "desc->policy_tag_id")?);
            lo.address_trusted = d.address_trusted;
            lo.method = owned(opt_str(d.method, "desc->method")?);
            lo.retransmission_allowed = d.retransmission_allowed;
            if let Some(id) = opt_str(d.tuple_id, "desc->tuple_id")? {
                lo.tuple_id = id.to_owned();
            }
            lo.timestamp = owned(opt_str(d.timestamp, "desc->timestamp")?);
            lo
        };
        out.write(into_handle::<mssip_e911_location>(lo));
        Ok(())
    })
}

/// Sets civic address element `name` (an RFC 5139 local name: `country`, `A1`, `RD`, `HNO`,
/// `NAM`, `PC`, ...; case-sensitive) to `value`, replacing an earlier value. Elements are
/// written in the order of the RFC 5139 schema whatever the order they are set in.
///
/// Errors: `MSSIP_E_E911_UNKNOWN_CIVIC`; `MSSIP_E_E911_BAD_LOCATION` (an empty value, a
/// control character, a country that is not two capital letters); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `loc` is used by one thread at a time.
///
/// # Safety
/// `loc` is NULL or live; `name` and `value` are NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_location_set_civic(
    loc: *mut mssip_e911_location,
    name: *const c_char,
    value: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (lo, name, value) = unsafe {
            (
                borrow_mut(loc, "loc")?,
                arg_str(name, "name")?,
                arg_str(value, "value")?,
            )
        };
        lo.civic.set_named(name, value)?;
        Ok(())
    })
}

/// Writes the location as a PIDF-LO document (the layout of MS-SIPRE 4.14, CRLF line ends)
/// into the caller buffer.
///
/// Errors: `MSSIP_E_E911_BAD_LOCATION` (no civic element, an entity or conference URI that is
/// no URI, an empty value or one with a control character, an untrusted address with a
/// method other than `Manual`); `MSSIP_E_BUFFER_TOO_SMALL` (needed length in `*out_len`);
/// `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `loc` is used by one thread at a time.
///
/// # Safety
/// `loc` is NULL or live; `out` is NULL or writable for `cap` bytes; `out_len` is NULL or
/// writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_location_write(
    loc: *const mssip_e911_location,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (lo, buf) = unsafe {
            (
                borrow(loc, "loc")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&lo.to_xml()?)
    })
}

/// Frees a location; NULL is ignored.
/// Thread safety: no other thread may be using `loc`.
///
/// # Safety
/// `loc` is NULL or a live handle, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_location_free(loc: *mut mssip_e911_location) {
    // SAFETY: caller contract.
    unsafe { free_handle(loc) }
}

/// What an E911 INVITE carries beside its location, for `mssip_e911_invite_new`.
///
/// Growth: start from `mssip_e911_invite_desc_default()`, which sets `struct_size`; later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_e911_invite_desc {
    /// Size of this struct as the program was built, set by `_default()`.
    pub struct_size: usize,
    /// The Request-URI and To: the emergency number as dialled. Required.
    pub request_uri: *const c_char,
    /// The caller's SIP URI (From, Geolocation `inserted-by`). Required.
    pub caller: *const c_char,
    /// NULL for none.
    pub display_name: *const c_char,
    /// `epid` on From; NULL for none.
    pub epid: *const c_char,
    pub from_tag: *const c_char,
    pub call_id: *const c_char,
    pub cseq: u32,
    /// The Contact header value; NULL for none.
    pub contact: *const c_char,
    /// The Content-ID of the PIDF-LO part, without angle brackets. Required.
    pub content_id: *const c_char,
    /// The SDP offer.
    pub sdp: *const u8,
    pub sdp_len: usize,
    /// The multipart boundary; NULL derives one.
    pub boundary: *const c_char,
}

// SAFETY: repr(C), `struct_size` first; the other fields are raw pointers and integers.
unsafe impl SizedStruct for mssip_e911_invite_desc {
    const NAME: &'static str = "mssip_e911_invite_desc";
    const FIRST_SIZE: usize =
        offset_of!(mssip_e911_invite_desc, boundary) + size_of::<*const c_char>();
    fn defaults() -> mssip_e911_invite_desc {
        mssip_e911_invite_desc {
            struct_size: size_of::<mssip_e911_invite_desc>(),
            request_uri: ptr::null(),
            caller: ptr::null(),
            display_name: ptr::null(),
            epid: ptr::null(),
            from_tag: ptr::null(),
            call_id: ptr::null(),
            cseq: 1,
            contact: ptr::null(),
            content_id: ptr::null(),
            sdp: ptr::null(),
            sdp_len: 0,
            boundary: ptr::null(),
        }
    }
}

/// Fills `out` with the defaults: every pointer NULL, `cseq` 1, `struct_size` set.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_invite_desc_default(
    out: *mut mssip_e911_invite_desc,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_e911_invite_desc::defaults());
        Ok(())
    })
}

/// Builds the E911 INVITE a client sends (MS-SIPRE 2.2.22): Max-Forwards 70, From, To and
/// Request-URI the emergency number, CSeq, Call-ID, Contact, `Priority: emergency`,
/// `Supported: geolocation`, `Geolocation: <cid:content_id>;inserted-by="caller"`, and a
/// `multipart/mixed` body of the SDP and the PIDF-LO of `loc` (last, with its Content-ID).
/// No Via: add your own. Publish `e911active` (MS-SIPRE 3.9.5.1.2) before sending it.
///
/// Ownership: `*out` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_E911_BAD_LOCATION`; `MSSIP_E_INVALID_ARGUMENT` (a bad `struct_size`, a tag,
/// epid or Content-ID that is no token / addr-spec, CR or LF in a value, a boundary found in
/// a part); `MSSIP_E_BAD_URI` and other parse codes (a URI or Contact that does not parse);
/// `MSSIP_E_NULL` (desc, request_uri, caller, from_tag, call_id, content_id, loc, out);
/// `MSSIP_E_UTF8`; `MSSIP_E_LIMIT`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `loc` is used by one thread at a time.
///
/// # Safety
/// `desc` is NULL or filled by `mssip_e911_invite_desc_default()` with valid pointers; `loc`
/// is NULL or live; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_invite_new(
    desc: *const mssip_e911_invite_desc,
    loc: *const mssip_e911_location,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (d, lo, out) = unsafe {
            (
                read_sized(desc, "desc")?,
                borrow(loc, "loc")?,
                Out::new(out, "out")?,
            )
        };
        let owned = |s: Option<&str>| s.map(str::to_owned);
        // SAFETY: caller contract, field by field.
        let invite = unsafe {
            EmergencyInvite {
                request_uri: arg_str(d.request_uri, "desc->request_uri")?.to_owned(),
                caller: arg_str(d.caller, "desc->caller")?.to_owned(),
                display_name: owned(opt_str(d.display_name, "desc->display_name")?),
                epid: owned(opt_str(d.epid, "desc->epid")?),
                from_tag: arg_str(d.from_tag, "desc->from_tag")?.to_owned(),
                call_id: arg_str(d.call_id, "desc->call_id")?.to_owned(),
                cseq: d.cseq,
                contact: owned(opt_str(d.contact, "desc->contact")?),
                content_id: arg_str(d.content_id, "desc->content_id")?.to_owned(),
                sdp: arg_bytes(d.sdp, d.sdp_len, "desc->sdp")?.to_vec(),
                boundary: owned(opt_str(d.boundary, "desc->boundary")?),
            }
        };
        let m = invite.build(lo)?;
        out.write(into_handle::<mssip_msg>(m));
        Ok(())
    })
}
