//! Strict validation of a message: is it well-formed, and if not, which response an element
//! should answer with.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, mssip_str, opt_str_list};
use crate::sip::validate::{Options, Role, Verdict, unsupported_requirements, validate_with};

/// The element validating a message.
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum mssip_role {
    /// A proxy (or B2BUA front end): Max-Forwards 0 gets 483, option tags are checked in
    /// Proxy-Require.
    MSSIP_ROLE_PROXY = 0,
    /// The final recipient (UAS, registrar): Max-Forwards 0 is fine, option tags are checked
    /// in Require.
    MSSIP_ROLE_ENDPOINT = 1,
}

/// The C spelling of a role number inside `mssip_validate_options` (renamed to `mssip_role`
/// in the header; see `mssip_result_raw` for why the Rust side holds the raw number).
pub type mssip_role_raw = u32;

/// What the validating element supports. Start from `mssip_validate_options_default()`.
/// Each list is an array of NUL-terminated strings with its length; a NULL list means "not
/// given" (for `uri_schemes`: sip, sips and tel; for the others: the check is skipped).
/// The library only reads the struct during the call it is passed to.
///
/// Growth: `struct_size` is set by `mssip_validate_options_default()`; do not change it.
/// Later versions add fields only at the end, read by the rule `mssip_limits` states.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_validate_options {
    /// Size of this struct as the program was built, set by
    /// `mssip_validate_options_default()`.
    pub struct_size: usize,
    /// Proxy or endpoint (`mssip_role`).
    pub role: mssip_role_raw,
    /// Request-URI schemes handled (case-insensitive); others get 416.
    pub uri_schemes: *const *const c_char,
    /// Number of entries in `uri_schemes`.
    pub uri_schemes_len: usize,
    /// Refuse requests without Max-Forwards (400).
    pub require_max_forwards: bool,
    /// Option tags supported (case-insensitive); a required tag outside them gets 420.
    pub supported: *const *const c_char,
    /// Number of entries in `supported`.
    pub supported_len: usize,
    /// Methods an endpoint implements (case-sensitive); others get 501.
    pub methods: *const *const c_char,
    /// Number of entries in `methods`.
    pub methods_len: usize,
    /// Media types an endpoint understands, each `type/subtype` or a wildcard (`text/` then
    /// `*`, or `*` then `/` then `*`): another body type gets 415, an INVITE accepting none of
    /// them gets 406.
    pub content_types: *const *const c_char,
    /// Number of entries in `content_types`.
    pub content_types_len: usize,
}

// SAFETY: repr(C), `struct_size` first; the fields are integers, raw pointers and a `bool`
// that C stores as 0 or 1.
unsafe impl SizedStruct for mssip_validate_options {
    const NAME: &'static str = "mssip_validate_options";
    const FIRST_SIZE: usize =
        offset_of!(mssip_validate_options, content_types_len) + size_of::<usize>();
    fn defaults() -> mssip_validate_options {
        mssip_validate_options {
            struct_size: size_of::<mssip_validate_options>(),
            role: mssip_role::MSSIP_ROLE_PROXY as u32,
            uri_schemes: std::ptr::null(),
            uri_schemes_len: 0,
            require_max_forwards: Options::DEFAULT.require_max_forwards,
            supported: std::ptr::null(),
            supported_len: 0,
            methods: std::ptr::null(),
            methods_len: 0,
            content_types: std::ptr::null(),
            content_types_len: 0,
        }
    }
}

/// The Rust options a C struct describes, borrowing its strings.
struct OwnedOptions<'a> {
    role: Role,
    uri_schemes: Option<Vec<&'a str>>,
    require_max_forwards: bool,
    supported: Option<Vec<&'a str>>,
    methods: Option<Vec<&'a str>>,
    content_types: Option<Vec<&'a str>>,
}

impl<'a> OwnedOptions<'a> {
    /// # Safety
    /// `p` is NULL or an `mssip_validate_options` readable for its `struct_size` bytes, whose
    /// lists satisfy `opt_str_list`'s contract.
    unsafe fn read(p: *const mssip_validate_options) -> FfiResult<OwnedOptions<'a>> {
        // SAFETY: caller contract.
        let o = unsafe { read_sized(p, "options") }?;
        let role = match o.role {
            0 => Role::Proxy,
            1 => Role::Endpoint,
            other => {
                return Err(Failure::invalid(format!(
                    "options->role {other} is no mssip_role"
                )));
            }
        };
        // SAFETY: caller contract on each list.
        unsafe {
            Ok(OwnedOptions {
                role,
                uri_schemes: opt_str_list(o.uri_schemes, o.uri_schemes_len, "uri_schemes")?,
                require_max_forwards: o.require_max_forwards,
                supported: opt_str_list(o.supported, o.supported_len, "supported")?,
                methods: opt_str_list(o.methods, o.methods_len, "methods")?,
                content_types: opt_str_list(o.content_types, o.content_types_len, "content_types")?,
            })
        }
    }

    fn options(&self) -> Options<'_> {
        Options {
            role: self.role,
            uri_schemes: self
                .uri_schemes
                .as_deref()
                .unwrap_or(Options::DEFAULT.uri_schemes),
            require_max_forwards: self.require_max_forwards,
            supported: self.supported.as_deref(),
            methods: self.methods.as_deref(),
            content_types: self.content_types.as_deref(),
        }
    }
}

fn write_verdict(v: Verdict, status: Out<u16>, reason: Out<mssip_str>) {
    status.write(v.status());
    reason.write(mssip_str::of(v.reason().unwrap_or("")));
}

/// Validates `msg` strictly, as a proxy that handles sip, sips and tel Request-URIs: the
/// SIP-Version, the start line, the mandatory headers, duplicated single-valued headers, the
/// grammar of the known headers, Content-Length against the body, and what a proxy checks on
/// receipt (CSeq method, Max-Forwards 0, Request-URI scheme). Returns `MSSIP_OK` when it could
/// judge the message, with `*status` 0 for a valid message or the response code to answer
/// with (400, 416, 483, 505, ...), and `*reason` a static text naming the first problem
/// (empty when valid). A response or ACK is never answered: a non-zero status then means drop.
///
/// Ownership: `*reason` is static; it stays valid for the life of the program.
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `status` and `reason` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_validate(
    msg: *const mssip_msg,
    status: *mut u16,
    reason: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, status, reason) = unsafe {
            (
                borrow(msg, "msg")?,
                Out::new(status, "status")?,
                Out::new(reason, "reason")?,
            )
        };
        write_verdict(validate_with(msg, &Options::DEFAULT), status, reason);
        Ok(())
    })
}

/// Writes the default validation options into `*out`: proxy role, Request-URI schemes sip,
/// sips and tel (a NULL list), Max-Forwards not required, no capability lists (their checks
/// are skipped), `struct_size` set. These are the options `mssip_msg_validate` uses.
///
/// Errors: `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_validate_options_default(
    out: *mut mssip_validate_options,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_validate_options::defaults());
        Ok(())
    })
}

/// Validates `msg` like `mssip_msg_validate`, for the element `options` describes: its role
/// (a proxy answers Max-Forwards 0 with 483 and checks Proxy-Require; an endpoint checks
/// Require), and, when given, its option tags (420), methods (501) and media types (415,
/// 406).
///
/// Ownership: `*reason` is static. Errors: `MSSIP_E_NULL` (msg, options, status, reason, or
/// an entry of a given list); `MSSIP_E_INVALID_ARGUMENT` (unknown role, or a `struct_size`
/// not set by `mssip_validate_options_default()`); `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `options` is NULL or readable for its `struct_size`
/// bytes, and each of its lists is
/// NULL or holds its length of readable pointers to NUL-terminated strings; `status` and
/// `reason` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_validate_with(
    msg: *const mssip_msg,
    options: *const mssip_validate_options,
    status: *mut u16,
    reason: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, opts, status, reason) = unsafe {
            (
                borrow(msg, "msg")?,
                OwnedOptions::read(options)?,
                Out::new(status, "status")?,
                Out::new(reason, "reason")?,
            )
        };
        write_verdict(validate_with(msg, &opts.options()), status, reason);
        Ok(())
    })
}

/// Gets the `index`-th option tag of Require (endpoint role) or Proxy-Require (proxy role)
/// that is not in `options->supported`: what a 420 response lists in its Unsupported header.
/// There are none when `options->supported` is NULL, for responses, and for ACK and CANCEL.
///
/// Ownership: `*out` borrows from `msg`; valid until it is changed or freed.
/// Errors: `MSSIP_E_NOT_FOUND` past the last one; otherwise as `mssip_msg_validate_with`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// As `mssip_msg_validate_with`; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_unsupported_requirement(
    msg: *const mssip_msg,
    options: *const mssip_validate_options,
    index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, opts, out) = unsafe {
            (
                borrow(msg, "msg")?,
                OwnedOptions::read(options)?,
                Out::new(out, "out")?,
            )
        };
        let tags = unsupported_requirements(msg, &opts.options());
        let tag = tags.get(index).ok_or_else(|| {
            Failure::not_found(format!("no unsupported option tag at index {index}"))
        })?;
        out.write(mssip_str::of(tag));
        Ok(())
    })
}
