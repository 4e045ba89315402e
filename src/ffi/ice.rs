//! Multipart ICE offers (MS-SIPRE 3.15): building the 2- and 3-level INVITE bodies, the offer a
//! UAS picks, and the single-part retry after a 415.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::ptr;

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, borrow_mut, into_handle, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, arg_bytes, mssip_bytes, mssip_str, opt_str};
use crate::ice::{
    self, CallContextPart, IceError, IceOffer, IceSupport, IceVersion, ParamSpacing, SdpPart,
};

/// The ICE draft of a session description.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_ice_version {
    /// No ICE candidates or credentials.
    MSSIP_ICE_NONE = 0,
    /// ICE draft 6 candidates.
    MSSIP_ICE_V6 = 6,
    /// ICE draft 19 candidates or credentials.
    MSSIP_ICE_V19 = 19,
}

/// The C spelling of an ICE version number (renamed to `mssip_ice_version` in the header; see
/// `mssip_result_raw` for why the Rust side holds the raw number).
pub type mssip_ice_version_raw = u32;

fn c_version(v: IceVersion) -> mssip_ice_version_raw {
    (match v {
        IceVersion::None => mssip_ice_version::MSSIP_ICE_NONE,
        IceVersion::V6 => mssip_ice_version::MSSIP_ICE_V6,
        IceVersion::V19 => mssip_ice_version::MSSIP_ICE_V19,
    }) as u32
}

/// A multipart ICE offer (MS-SIPRE 3.15.4.1) for `mssip_ice_offer_set_body`: the ICEv6 and the
/// ICEv19 descriptions, and a call context part for the 3-level structure.
///
/// Growth: start from `mssip_ice_offer_default()`, which sets `struct_size`; later versions
/// add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_ice_offer {
    /// Size of this struct as the program was built, set by `mssip_ice_offer_default()`.
    pub struct_size: usize,
    /// The ICE draft 6 description (the first part, marked `ms-proxy-2007fallback`).
    pub ice6: *const u8,
    pub ice6_len: usize,
    /// The ICE draft 19 description (the last part).
    pub ice19: *const u8,
    pub ice19_len: usize,
    /// Content-ID of each description's part; NULL for none.
    pub ice6_content_id: *const c_char,
    pub ice19_content_id: *const c_char,
    /// Writes `Content-Transfer-Encoding: 7bit` on the description parts.
    pub seven_bit: bool,
    /// Writes `session; handling=optional` instead of `session;handling=optional`.
    pub spaced: bool,
    /// The call context part's body; NULL for the 2-level structure (no call context).
    pub context: *const u8,
    pub context_len: usize,
    /// The call context part's Content-Type (needed with `context`), e.g.
    /// `application/ms-conversation-context+xml`.
    pub context_type: *const c_char,
    /// The call context part's Content-ID; NULL for none.
    pub context_content_id: *const c_char,
    /// Boundary of the `multipart/alternative` and of the outer `multipart/mixed`; NULL: one
    /// derived from the content.
    pub boundary: *const c_char,
    pub outer_boundary: *const c_char,
}

// SAFETY: repr(C), `struct_size` first; the other fields are raw pointers, sizes and bools.
unsafe impl SizedStruct for mssip_ice_offer {
    const NAME: &'static str = "mssip_ice_offer";
    const FIRST_SIZE: usize = offset_of!(mssip_ice_offer, outer_boundary) + size_of::<usize>();
    fn defaults() -> mssip_ice_offer {
        mssip_ice_offer {
            struct_size: size_of::<mssip_ice_offer>(),
            ice6: ptr::null(),
            ice6_len: 0,
            ice19: ptr::null(),
            ice19_len: 0,
            ice6_content_id: ptr::null(),
            ice19_content_id: ptr::null(),
            seven_bit: false,
            spaced: false,
            context: ptr::null(),
            context_len: 0,
            context_type: ptr::null(),
            context_content_id: ptr::null(),
            boundary: ptr::null(),
            outer_boundary: ptr::null(),
        }
    }
}

/// The offer a UAS picked (`mssip_ice_pick`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_ice_picked {
    /// `mssip_ice_version` of the picked description.
    pub version: mssip_ice_version_raw,
    /// The description, borrowed from the message body.
    pub sdp: mssip_bytes,
    /// Index of the part in the depth-first walk of the body (the index of
    /// `mssip_multipart_part_info`); `SIZE_MAX` when the body is a single description.
    pub part: usize,
    /// The part's Content-ID, borrowed from the message; `{NULL, 0}` when it has none.
    pub content_id: mssip_str,
}

/// The stable code for each ICE error. Exhaustive on purpose.
impl From<IceError> for Failure {
    fn from(e: IceError) -> Failure {
        let code = match &e {
            IceError::NoOffer(_) => mssip_result::MSSIP_E_ICE_NO_OFFER,
            IceError::NoFallback(_) => mssip_result::MSSIP_E_ICE_NO_FALLBACK,
            IceError::WrongSdp(_) => mssip_result::MSSIP_E_ICE_WRONG_SDP,
            IceError::Sip(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

/// Fills `out` with the defaults: every pointer NULL, no flag set, `struct_size` set.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_ice_offer_default(out: *mut mssip_ice_offer) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_ice_offer::defaults());
        Ok(())
    })
}

/// The Rust offer the C struct describes.
///
/// # Safety
/// Every pointer of `o` is NULL or valid as its field's comment says.
unsafe fn offer_of(o: &mssip_ice_offer) -> FfiResult<IceOffer> {
    let owned = |s: Option<&str>| s.map(str::to_owned);
    // SAFETY: caller contract, field by field.
    unsafe {
        let part = |sdp: *const u8, len, id, name| -> FfiResult<SdpPart> {
            if sdp.is_null() {
                return Err(Failure::null(name));
            }
            Ok(SdpPart {
                sdp: arg_bytes(sdp, len, name)?.to_vec(),
                content_id: owned(opt_str(id, "content_id")?),
                seven_bit: o.seven_bit,
            })
        };
        let mut offer = IceOffer::new(
            part(o.ice6, o.ice6_len, o.ice6_content_id, "offer->ice6")?,
            part(o.ice19, o.ice19_len, o.ice19_content_id, "offer->ice19")?,
        );
        offer.spacing = if o.spaced {
            ParamSpacing::Spaced
        } else {
            ParamSpacing::Compact
        };
        if !o.context.is_null() {
            let content_type = opt_str(o.context_type, "offer->context_type")?
                .ok_or_else(|| Failure::null("offer->context_type"))?;
            offer.context = Some(CallContextPart {
                content_type: content_type.to_owned(),
                content_id: owned(opt_str(o.context_content_id, "offer->context_content_id")?),
                body: arg_bytes(o.context, o.context_len, "offer->context")?.to_vec(),
            });
        }
        offer.boundary = owned(opt_str(o.boundary, "offer->boundary")?);
        offer.outer_boundary = owned(opt_str(o.outer_boundary, "offer->outer_boundary")?);
        Ok(offer)
    }
}

/// Makes the body of `msg` (an INVITE being built) the multipart ICE offer `offer` describes
/// (MS-SIPRE 3.15.4.1): `multipart/alternative` with the ICEv6 part first, its
/// Content-Disposition carrying `ms-proxy-2007fallback`, and the ICEv19 part last; with a
/// context, that alternative inside a `multipart/mixed` followed by the context part. Sets
/// Content-Type and Content-Length.
///
/// Errors: `MSSIP_E_ICE_WRONG_SDP` (`ice6` is no ICE draft 6 description, or `ice19` no draft
/// 19 one); `MSSIP_E_INVALID_ARGUMENT` (a boundary that occurs in a part or is no boundary, CR
/// or LF in a Content-ID or type, a bad `struct_size`); `MSSIP_E_LIMIT`; `MSSIP_E_NULL` (msg,
/// offer, ice6, ice19, or context_type when context is set); `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. On error the message is unchanged.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `offer` is NULL or a struct filled
/// by `mssip_ice_offer_default()` whose pointers are NULL or valid as documented.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_ice_offer_set_body(
    msg: *mut mssip_msg,
    offer: *const mssip_ice_offer,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, offer) = unsafe { (borrow_mut(msg, "msg")?, read_sized(offer, "offer")?) };
        // SAFETY: caller contract.
        let built = unsafe { offer_of(&offer) }?.build()?;
        Ok(msg.set_body(Some(&built.content_type), &built.body)?)
    })
}

/// Picks the offer of an INVITE as a UAS (MS-SIPRE 3.15.5.1): with `v19` (the UAS supports
/// ICE draft 19) the last ICEv19 description, else with `v6` the first ICEv6 one, else one
/// without ICE; a single `application/sdp` body is the offer whatever it holds.
///
/// Ownership: the views in `*out` borrow from `invite`; valid until it is changed or freed.
/// Errors: `MSSIP_E_ICE_NO_OFFER` (no body, no description, none of a supported draft: answer
/// 488); `MSSIP_E_BAD_VALUE` / `MSSIP_E_INCOMPLETE` / `MSSIP_E_LIMIT` (a body that does not
/// parse); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `invite` is used by one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_ice_pick(
    invite: *const mssip_msg,
    v19: bool,
    v6: bool,
    out: *mut mssip_ice_picked,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, out) = unsafe { (borrow(invite, "invite")?, Out::new(out, "out")?) };
        let p = ice::pick_offer_in(invite, IceSupport { v19, v6 })?;
        out.write(mssip_ice_picked {
            version: c_version(p.version),
            sdp: mssip_bytes::of(p.sdp),
            part: p.part.unwrap_or(usize::MAX),
            content_id: p.content_id.map_or(mssip_str::NONE, mssip_str::of),
        });
        Ok(())
    })
}

/// Tells which ICE draft a session description follows: `MSSIP_ICE_V19` with any
/// `a=ice-ufrag`, `a=ice-pwd` or `typ` candidate, else `MSSIP_ICE_V6` with any candidate, else
/// `MSSIP_ICE_NONE`. Never fails on the text: unreadable lines are skipped.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `sdp` is NULL or readable for `len` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_ice_version_of(
    sdp: *const u8,
    len: usize,
    out: *mut mssip_ice_version_raw,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (sdp, out) = unsafe { (arg_bytes(sdp, len, "sdp")?, Out::new(out, "out")?) };
        out.write(c_version(ice::ice_version(sdp)));
        Ok(())
    })
}

/// Makes the INVITE to send after `invite`, a multipart ICE offer, was answered 415
/// (MS-SIPRE 3.15.5.2): only the ICEv6 description as its body, the part's
/// Content-Disposition without `ms-proxy-2007fallback`, CSeq one higher, and no top Via (add
/// your own, with a new branch, before sending it).
///
/// Ownership: `*out` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_ICE_NO_FALLBACK` (not multipart, no ICEv6 description);
/// `MSSIP_E_BAD_VALUE` / `MSSIP_E_NOT_FOUND` (a CSeq missing or malformed, a body that does not
/// parse); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `invite` is used by one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_ice_retry_invite(
    invite: *const mssip_msg,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, out) = unsafe { (borrow(invite, "invite")?, Out::new(out, "out")?) };
        let retry = ice::retry_invite(invite)?;
        out.write(into_handle::<mssip_msg>(retry));
        Ok(())
    })
}
