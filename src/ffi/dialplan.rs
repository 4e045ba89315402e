//! `mssip_dialplan`: a location profile loaded and compiled (MS-SIPRE 2.2.7, 3.8), and the
//! translation of dialed numbers with it.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};
use std::sync::Arc;

use super::boundary::{Failure, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow_shared, free_shared, into_shared_handle, mssip_dialplan};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, mssip_str, opt_str};
use crate::dialplan::{Dialplan, DialplanConfig, ProfileError, TranslateError, Translated};

impl From<ProfileError> for Failure {
    fn from(e: ProfileError) -> Failure {
        let code = match &e {
            ProfileError::Xml(x) => return Failure::from(x.clone()),
            ProfileError::Invalid { .. } => mssip_result::MSSIP_E_PROFILE_INVALID,
            ProfileError::Limit { .. } => mssip_result::MSSIP_E_LIMIT,
            ProfileError::Rule { .. } => mssip_result::MSSIP_E_RULE_REFUSED,
        };
        Failure::new(code, e.to_string())
    }
}

impl From<TranslateError> for Failure {
    fn from(e: TranslateError) -> Failure {
        let code = match &e {
            TranslateError::TooLong { .. } => mssip_result::MSSIP_E_LIMIT,
            TranslateError::MatchLimit { .. } => mssip_result::MSSIP_E_MATCH_LIMIT,
        };
        Failure::new(code, e.to_string())
    }
}

/// Bounds on a location profile and on the work of its rules, and how `\d` reads. Start from
/// `mssip_dialplan_config_default()`.
///
/// Growth: `struct_size` is set by `mssip_dialplan_config_default()`; do not change it. Later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_dialplan_config {
    /// Size of this struct as the program was built, set by `mssip_dialplan_config_default()`.
    pub struct_size: usize,
    /// Largest profile document in bytes. Default 65536.
    pub max_document_size: usize,
    /// Deepest element nesting (the root is depth 1). Default 8.
    pub max_depth: usize,
    /// Most `Rule` elements. Default 256.
    pub max_rules: usize,
    /// Longest `Pattern` or `Translation` in bytes. Default 1024.
    pub max_pattern_len: usize,
    /// Longest dialed string in bytes. Default 256.
    pub max_dialed_len: usize,
    /// Most backtracking steps of one rule on one dialed string. Default 100000.
    pub backtrack_limit: usize,
    /// Largest compiled form of one rule's pattern in bytes. Default 1048576.
    pub max_compiled_size: usize,
    /// True: `\d` is `[0-9]` (as .NET's ECMAScript option); false (default): every Unicode
    /// decimal digit, as .NET matches by default.
    pub ascii_digits: bool,
}

// SAFETY: repr(C), `struct_size` first, the other fields `usize` and a final `bool`.
unsafe impl SizedStruct for mssip_dialplan_config {
    const NAME: &'static str = "mssip_dialplan_config";
    const FIRST_SIZE: usize = offset_of!(mssip_dialplan_config, ascii_digits) + size_of::<bool>();
    fn defaults() -> mssip_dialplan_config {
        let d = DialplanConfig::DEFAULT;
        mssip_dialplan_config {
            struct_size: size_of::<mssip_dialplan_config>(),
            max_document_size: d.max_document_size,
            max_depth: d.max_depth,
            max_rules: d.max_rules,
            max_pattern_len: d.max_pattern_len,
            max_dialed_len: d.max_dialed_len,
            backtrack_limit: d.backtrack_limit,
            max_compiled_size: d.max_compiled_size,
            ascii_digits: d.ascii_digits,
        }
    }
}

impl From<mssip_dialplan_config> for DialplanConfig {
    fn from(c: mssip_dialplan_config) -> DialplanConfig {
        DialplanConfig {
            max_document_size: c.max_document_size,
            max_depth: c.max_depth,
            max_rules: c.max_rules,
            max_pattern_len: c.max_pattern_len,
            max_dialed_len: c.max_dialed_len,
            backtrack_limit: c.backtrack_limit,
            max_compiled_size: c.max_compiled_size,
            ascii_digits: c.ascii_digits,
        }
    }
}

/// The configuration a `const mssip_dialplan_config *` stands for (NULL: the defaults).
///
/// # Safety
/// `config` is NULL or readable for its `struct_size` bytes.
pub(crate) unsafe fn read_config(
    config: *const mssip_dialplan_config,
) -> Result<DialplanConfig, Failure> {
    if config.is_null() {
        return Ok(DialplanConfig::DEFAULT);
    }
    // SAFETY: caller contract.
    Ok(unsafe { read_sized(config, "config") }?.into())
}

/// Writes the default configuration into `*out` (64 KiB document, depth 8, 256 rules,
/// patterns of 1024 bytes, dialed strings of 256 bytes, 100000 backtracking steps, 1 MiB
/// compiled per rule, Unicode `\d`).
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_config_default(
    out: *mut mssip_dialplan_config,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_dialplan_config::defaults());
        Ok(())
    })
}

/// Reads, validates and compiles a location profile document (MS-SIPRE 2.2.7, Appendix B)
/// with the default configuration. See `mssip_dialplan_parse_with`.
///
/// Ownership: `*out` receives a new dial plan; free it with `mssip_dialplan_free`.
/// Errors: as `mssip_dialplan_parse_with`. Thread safety: callable from any thread.
///
/// # Safety
/// `xml` is NULL or readable for `len` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_parse(
    xml: *const u8,
    len: usize,
    out: *mut *mut mssip_dialplan,
) -> mssip_result {
    // SAFETY: forwarded contract.
    unsafe { mssip_dialplan_parse_with(xml, len, std::ptr::null(), out) }
}

/// Reads, validates and compiles a location profile document under `config` (NULL: the
/// defaults). Every rule is compiled here, once: a rule the engine cannot honour refuses the
/// whole profile. Elements the schema does not name, and elements of other namespaces, are
/// ignored.
///
/// Ownership: `*out` receives a new dial plan; free it with `mssip_dialplan_free`.
/// Errors: `MSSIP_E_XML_*` (not well-formed XML: `mssip_last_error()` gives the byte);
/// `MSSIP_E_PROFILE_INVALID` (not a location profile); `MSSIP_E_RULE_REFUSED` (rule index and
/// reason in `mssip_last_error()`); `MSSIP_E_LIMIT` (a bound of `config`); `MSSIP_E_INVALID_ARGUMENT`
/// (a `struct_size` not set by `mssip_dialplan_config_default()`); `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `xml` is NULL or readable for `len` bytes; `config` is NULL or readable for its
/// `struct_size` bytes; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_parse_with(
    xml: *const u8,
    len: usize,
    config: *const mssip_dialplan_config,
    out: *mut *mut mssip_dialplan,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (xml, out, config) = unsafe {
            (
                arg_bytes(xml, len, "xml")?,
                Out::new(out, "out")?,
                read_config(config)?,
            )
        };
        let plan = Dialplan::parse(xml, &config)?;
        out.write(into_shared_handle::<mssip_dialplan>(Arc::new(plan)));
        Ok(())
    })
}

/// Frees a dial plan. NULL is accepted and ignored.
/// Thread safety: no other thread may be using `plan`.
///
/// # Safety
/// `plan` is NULL or a dial plan from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_free(plan: *mut mssip_dialplan) {
    // SAFETY: caller contract.
    unsafe { free_shared(plan) }
}

/// The translation of `dialed` by the first rule that matches.
fn run(plan: &Dialplan, dialed: &str) -> Result<Translated, Failure> {
    plan.translate(dialed)?
        .ok_or_else(|| Failure::not_found(format!("no rule of profile {} matches", plan.name())))
}

/// Translates `dialed` with the profile's rules in order and writes what the first matching
/// rule's Translation yields (.NET `Regex.Match(dialed).Result(translation)`), followed by a
/// NUL, into `out`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no rule matched); `MSSIP_E_BUFFER_TOO_SMALL` (`*out_len`: the
/// length needed without the NUL); `MSSIP_E_MATCH_LIMIT`; `MSSIP_E_LIMIT` (dialed string over
/// `max_dialed_len`); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `plan` may be used by any number of threads at once.
///
/// # Safety
/// `plan` is NULL or live; `dialed` is NULL or NUL-terminated; `out` is NULL (with `cap` 0)
/// or writable for `cap` bytes; `out_len` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_translate(
    plan: *const mssip_dialplan,
    dialed: *const c_char,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (plan, dialed, buf) = unsafe {
            (
                borrow_shared(plan, "plan")?,
                arg_str(dialed, "dialed")?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&run(plan, dialed)?.number)
    })
}

/// What `mssip_dialplan_translate_detail` found. `number` and `uri` are views into the
/// caller's buffer.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_translation {
    /// Index of the rule that matched (0-based, document order).
    pub rule: usize,
    /// The rule's `InternalEnterpriseExtension` is true: the number is an internal enterprise
    /// number (MS-SIPRE 2.2.7.2).
    pub internal: bool,
    /// The translated number.
    pub number: mssip_str,
    /// The number as a URI: `tel:+14255550100` for an E.164 number; for a local number
    /// `sip:911;phone-context=<profile name>@<domain>;user=phone`, or
    /// `tel:911;phone-context=<profile name>` without a domain. `{NULL, 0}` when the
    /// translation is not a telephone number.
    pub uri: mssip_str,
}

/// Translates `dialed` as `mssip_dialplan_translate` does and says more: which rule matched,
/// whether the number is internal, and the number as a URI (see `mssip_translation`), for
/// `domain` (NULL: the tel form for local numbers).
///
/// The texts are written into `buf`: the number, a NUL, then the URI and a NUL when there is
/// one; `*out_len` receives the bytes used, NULs included, and `out->number` / `out->uri`
/// point into `buf`. `*out` is written only on success.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no rule matched); `MSSIP_E_BUFFER_TOO_SMALL` (`*out_len`:
/// the bytes needed); `MSSIP_E_MATCH_LIMIT`; `MSSIP_E_LIMIT`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `plan` may be used by any number of threads at once.
///
/// # Safety
/// `plan` is NULL or live; `dialed` is NULL or NUL-terminated; `domain` is NULL or
/// NUL-terminated; `buf` is NULL (with `cap` 0) or writable for `cap` bytes; `out_len` and
/// `out` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_dialplan_translate_detail(
    plan: *const mssip_dialplan,
    dialed: *const c_char,
    domain: *const c_char,
    buf: *mut c_char,
    cap: usize,
    out_len: *mut usize,
    out: *mut mssip_translation,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (plan, dialed, domain, out_len, out) = unsafe {
            (
                borrow_shared(plan, "plan")?,
                arg_str(dialed, "dialed")?,
                opt_str(domain, "domain")?,
                Out::new(out_len, "out_len")?,
                Out::new(out, "out")?,
            )
        };
        if buf.is_null() && cap != 0 {
            return Err(Failure::null("buf"));
        }
        let t = run(plan, dialed)?;
        let uri = t.uri(plan.name(), domain);
        let mut text = Vec::with_capacity(t.number.len() + 64);
        text.extend_from_slice(t.number.as_bytes());
        text.push(0);
        if let Some(u) = &uri {
            text.extend_from_slice(u.as_bytes());
            text.push(0);
        }
        if text.len() > cap {
            out_len.write(text.len());
            return Err(Failure::new(
                mssip_result::MSSIP_E_BUFFER_TOO_SMALL,
                format!("buffer too small: {} bytes needed, {cap} given", text.len()),
            ));
        }
        // SAFETY: `buf` is writable for `cap >= text.len()` bytes (caller contract), and
        // does not overlap `text`, which this call owns.
        unsafe { std::ptr::copy_nonoverlapping(text.as_ptr(), buf.cast::<u8>(), text.len()) };
        let base = buf.cast_const();
        let number = mssip_str {
            ptr: base,
            len: t.number.len(),
        };
        let uri = match &uri {
            Some(u) => mssip_str {
                // SAFETY: the URI starts right after the number's NUL, inside `buf`.
                ptr: unsafe { base.add(t.number.len() + 1) },
                len: u.len(),
            },
            None => mssip_str::NONE,
        };
        out_len.write(text.len());
        out.write(mssip_translation {
            rule: t.rule,
            internal: t.internal,
            number,
            uri,
        });
        Ok(())
    })
}
