//! Interworking with plain SIP: `ms-diagnostics` read, written, described and logged; SDP
//! normalised for plain peers; response codes translated by host rules.

use std::ffi::c_char;

use super::boundary::{Failure, FfiResult, guard};
use super::handle::{borrow, borrow_mut, mssip_msg};
use super::log::mssip_log_level_raw;
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, mssip_str, opt_str};
use crate::ext::MsDiagnosticBuilder;
use crate::interwork::{
    CodeMatch, DiagnosticHeader, SdpNormalise, TranslationRule, Translator, add_diagnostic,
    describe, diagnostic_views, log_diagnostics, normalise_message, normalise_sdp, register_code,
};
use crate::log::Level;

/// The header a diagnostic is in: `ms-diagnostics`.
pub const MSSIP_DIAG_SERVER: u32 = 0;
/// `ms-diagnostics-public`.
pub const MSSIP_DIAG_PUBLIC: u32 = 1;
/// `ms-client-diagnostics`.
pub const MSSIP_DIAG_CLIENT: u32 = 2;

/// One diagnostic of a message, as views into it (valid until the message is changed or
/// freed). `reason` and `source` are raw (still quoted where they were; see
/// `mssip_unquote`), `{NULL, 0}` when absent.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_diagnostic {
    /// `MSSIP_DIAG_SERVER`, `MSSIP_DIAG_PUBLIC` or `MSSIP_DIAG_CLIENT`.
    pub header: u32,
    pub code: u32,
    pub reason: mssip_str,
    pub source: mssip_str,
    /// The whole value as written.
    pub value: mssip_str,
}

fn header_of(raw: u32) -> FfiResult<DiagnosticHeader> {
    DiagnosticHeader::from_raw(raw)
        .ok_or_else(|| Failure::invalid(format!("header: {raw} is not an MSSIP_DIAG_* value")))
}

/// Counts the well-formed diagnostics of `msg` (`ms-diagnostics`, `ms-diagnostics-public`,
/// `ms-client-diagnostics`, one per header field; fields outside the grammar are not counted).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at
/// a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_diagnostic_count(
    msg: *const mssip_msg,
    out: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(diagnostic_views(msg).count());
        Ok(())
    })
}

/// The `index`-th well-formed diagnostic of `msg`, counted as `mssip_msg_diagnostic_count`
/// counts: `ms-diagnostics` fields first, then `-public`, then `ms-client-diagnostics`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such index); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_diagnostic(
    msg: *const mssip_msg,
    index: usize,
    out: *mut mssip_diagnostic,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        let (h, value, d) = diagnostic_views(msg)
            .nth(index)
            .ok_or_else(|| Failure::not_found(format!("no diagnostic at index {index}")))?;
        let raw = |name: &str| {
            d.params
                .iter()
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .and_then(|(_, v)| *v)
                .map_or(mssip_str::NONE, mssip_str::of)
        };
        out.write(mssip_diagnostic {
            header: h as u32,
            code: d.code,
            reason: raw("reason"),
            source: raw("source"),
            value: mssip_str::of(value),
        });
        Ok(())
    })
}

/// Appends a diagnostic header `header` (an `MSSIP_DIAG_*` value) to `msg`:
/// `code;reason="...";source="..."`, `reason` and `source` optional (NULL: left out) and
/// written as quoted-strings. The rest of the message stays byte for byte.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown header); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `reason` and `source` are NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_add_diagnostic(
    msg: *mut mssip_msg,
    header: u32,
    code: u32,
    reason: *const c_char,
    source: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, reason, source) = unsafe {
            (
                borrow_mut(msg, "msg")?,
                opt_str(reason, "reason")?,
                opt_str(source, "source")?,
            )
        };
        let d = MsDiagnosticBuilder {
            code,
            reason: reason.map(str::to_string),
            source: source.map(str::to_string),
            extra: Vec::new(),
        };
        Ok(add_diagnostic(msg, header_of(header)?, &d)?)
    })
}

/// Adds or replaces, for the whole process, the text that describes diagnostic `code`
/// (the host's own codes, or a better text for a built-in one).
///
/// Errors: `MSSIP_E_LIMIT` (more than 4096 codes registered); `MSSIP_E_NULL`; `MSSIP_E_UTF8`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `text` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_diagnostic_register(code: u32, text: *const c_char) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let text = unsafe { arg_str(text, "text") }?;
        Ok(register_code(code, text)?)
    })
}

/// Copies the text describing diagnostic `code` (the host's, else the built-in table's) into
/// `out`, NUL-terminated.
///
/// Errors: `MSSIP_E_NOT_FOUND` (an unknown code); `MSSIP_E_BUFFER_TOO_SMALL` (`*out_len`:
/// the length needed); `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is writable for `cap` bytes (NULL with cap 0); `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_diagnostic_describe(
    code: u32,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let buf = unsafe { OutBuf::new(out.cast(), cap, out_len) }?;
        let text = describe(code)
            .ok_or_else(|| Failure::not_found(format!("no description of code {code}")))?;
        buf.put_text(&text)
    })
}

/// Sends one structured line per diagnostic of `msg` to the log sink (`mssip_log_set`) at
/// `level`: `ms-diagnostics header=<name> code=<n> reason="..." source="..." known="..."`.
/// `*out_count` (optional) gets the number of lines written (0 when the level is off).
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown level); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out_count` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_log_diagnostics(
    msg: *const mssip_msg,
    level: mssip_log_level_raw,
    out_count: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow(msg, "msg") }?;
        let level = Level::from_raw(level)
            .ok_or_else(|| Failure::invalid(format!("level: {level} is not a log level")))?;
        let n = log_diagnostics(msg, level);
        if !out_count.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_count.write(n) };
        }
        Ok(())
    })
}

/// SDP normalisation: drop the key lifetime of `a=crypto` `inline:` keys.
pub const MSSIP_SDP_CRYPTO_LIFETIME: u32 = 1;
/// Drop the MKI of `a=crypto` `inline:` keys (right only where the host terminates or
/// relays that leg's media).
pub const MSSIP_SDP_CRYPTO_MKI: u32 = 2;
/// Remove `a=x-ssrc-range`.
pub const MSSIP_SDP_X_SSRC_RANGE: u32 = 4;
/// Remove `a=candidate` lines of ICE draft 6 (no `typ` field).
pub const MSSIP_SDP_ICE_DRAFT6: u32 = 8;
/// Remove every `a=x-` attribute.
pub const MSSIP_SDP_X_ATTRIBUTES: u32 = 16;
/// The usual set for a plain peer: everything but `MSSIP_SDP_X_ATTRIBUTES`.
pub const MSSIP_SDP_PLAIN_PEER: u32 = 15;

fn sdp_options(flags: u32) -> FfiResult<SdpNormalise> {
    if flags & !31 != 0 {
        return Err(Failure::invalid(format!(
            "flags: {flags:#x} has bits that are no MSSIP_SDP_* value"
        )));
    }
    Ok(SdpNormalise {
        crypto_drop_lifetime: flags & MSSIP_SDP_CRYPTO_LIFETIME != 0,
        crypto_drop_mki: flags & MSSIP_SDP_CRYPTO_MKI != 0,
        drop_x_ssrc_range: flags & MSSIP_SDP_X_SSRC_RANGE != 0,
        drop_draft6_candidates: flags & MSSIP_SDP_ICE_DRAFT6 != 0,
        drop_x_attributes: flags & MSSIP_SDP_X_ATTRIBUTES != 0,
    })
}

/// Normalises an SDP body for a plain peer with the `MSSIP_SDP_*` `flags`, into `out`. Only
/// the lines the flags name change; an SDP that needs nothing comes back byte for byte.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown flag bits); `MSSIP_E_BUFFER_TOO_SMALL`
/// (`*out_len`: the length needed); `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `sdp` is readable for `len` bytes (NULL with len 0); `out` is writable for `cap` bytes
/// (NULL with cap 0); `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_sdp_normalise(
    sdp: *const u8,
    len: usize,
    flags: u32,
    out: *mut u8,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (sdp, buf) = unsafe { (arg_bytes(sdp, len, "sdp")?, OutBuf::new(out, cap, out_len)?) };
        let opts = sdp_options(flags)?;
        match normalise_sdp(sdp, &opts) {
            Some(new) => buf.put_bytes(&new),
            None => buf.put_bytes(sdp),
        }
    })
}

/// Normalises the SDP body of `msg` (`Content-Type: application/sdp`) in place with the
/// `MSSIP_SDP_*` `flags`, Content-Length kept right. `*out_changed` (optional) tells whether
/// anything changed; a message without SDP, or whose SDP needs nothing, stays byte for byte.
/// Multipart bodies are left alone.
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (unknown flag bits); `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `out_changed` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_sdp_normalise(
    msg: *mut mssip_msg,
    flags: u32,
    out_changed: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let msg = unsafe { borrow_mut(msg, "msg") }?;
        let changed = normalise_message(msg, &sdp_options(flags)?)?;
        if !out_changed.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_changed.write(changed) };
        }
        Ok(())
    })
}

/// One response-code translation rule: responses with `from_code` (200-699), or, when
/// `from_code` is 0, of class `from_class` (2-6 for 2xx-6xx), become `to_code` (200-699) with
/// `reason` (NULL: the standard phrase of `to_code`).
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_code_rule {
    pub from_code: u16,
    pub from_class: u8,
    pub to_code: u16,
    pub reason: *const c_char,
}

/// Translates the response `msg` in place by the first of `rules` (`count` of them, at most
/// 256; a peer's rules: put single codes before classes) that matches its code: the status
/// line becomes `to_code reason`, and an `ms-diagnostics` header
/// `diag_code;reason="Translated from <code> <reason>";source="<source>"` (`source`
/// optional) is appended. Nothing else changes. `*out_translated` (optional) tells whether a
/// rule applied; a request, a provisional response or a response no rule matches stays byte
/// for byte.
///
/// Errors: `MSSIP_E_TRANSLATION_RULE` (a rule is refused; the detail names it);
/// `MSSIP_E_LIMIT`; `MSSIP_E_NULL` (also `rules` NULL with `count` above 0); `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message not borrowed elsewhere; `rules` is readable for `count`
/// rules, each `reason` NULL or NUL-terminated; `source` is NULL or NUL-terminated;
/// `out_translated` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_msg_translate_response(
    msg: *mut mssip_msg,
    rules: *const mssip_code_rule,
    count: usize,
    diag_code: u32,
    source: *const c_char,
    out_translated: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, source) = unsafe { (borrow_mut(msg, "msg")?, opt_str(source, "source")?) };
        if rules.is_null() && count > 0 {
            return Err(Failure::null("rules"));
        }
        let rules: &[mssip_code_rule] = if count == 0 {
            &[]
        } else {
            // SAFETY: non-NULL and readable for `count` rules per the contract.
            unsafe { std::slice::from_raw_parts(rules, count) }
        };
        let mut t = Translator::new(diag_code, source);
        for (i, r) in rules.iter().enumerate() {
            // SAFETY: caller contract.
            let reason = unsafe { opt_str(r.reason, "rules[].reason") }?;
            let from = if r.from_code == 0 {
                CodeMatch::Class(r.from_class)
            } else {
                CodeMatch::Code(r.from_code)
            };
            t.add_rule(TranslationRule {
                from,
                to: r.to_code,
                reason: reason.map(str::to_string),
            })
            .map_err(|e| {
                let code = if e.kind == crate::sip::ErrorKind::LimitExceeded {
                    mssip_result::MSSIP_E_LIMIT
                } else {
                    mssip_result::MSSIP_E_TRANSLATION_RULE
                };
                Failure::new(code, format!("rules[{i}]: {}", e.what))
            })?;
        }
        let out = t.translate(msg)?;
        let done = out.is_some();
        if let Some(new) = out {
            *msg = new;
        }
        if !out_translated.is_null() {
            // SAFETY: non-NULL and writable per the contract.
            unsafe { out_translated.write(done) };
        }
        Ok(())
    })
}
