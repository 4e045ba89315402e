//! Call context (MS-SIPRE 2.2.19, 3.13, Appendix C): `application/ms-conversation-context+xml`
//! documents read and checked, their elements read by their schema names, and new ones made
//! and written.

use std::ffi::c_char;
use std::mem::{offset_of, size_of};

use super::boundary::{Failure, FfiResult, guard};
use super::growth::{SizedStruct, read_sized};
use super::handle::{borrow, borrow_mut, free_handle, into_handle, mssip_context, mssip_msg};
use super::result::mssip_result;
use super::text::{Out, OutBuf, arg_bytes, arg_str, mssip_str, opt_str};
use crate::context::{self, ContextConfig, ContextError, ConversationContext, Party};

/// The stable code for each call context error. Exhaustive on purpose.
impl From<ContextError> for Failure {
    fn from(e: ContextError) -> Failure {
        let code = match &e {
            ContextError::Xml(x) => return Failure::from(x.clone()),
            ContextError::Sip(s) => return Failure::from(s.clone()),
            ContextError::Invalid { .. } => mssip_result::MSSIP_E_CONTEXT_INVALID,
            ContextError::Limit { .. } => mssip_result::MSSIP_E_LIMIT,
            ContextError::Message(_) => mssip_result::MSSIP_E_CONTEXT_MESSAGE,
        };
        Failure::new(code, e.to_string())
    }
}

/// Bounds on a call context document. Start from `mssip_context_config_default()`.
///
/// Growth: `struct_size` is set by `mssip_context_config_default()`; do not change it. Later
/// versions add fields only at the end (see `mssip_limits`).
#[repr(C)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct mssip_context_config {
    /// Size of this struct as the program was built, set by `mssip_context_config_default()`.
    pub struct_size: usize,
    /// Largest document in bytes. Default 16384.
    pub max_document_size: usize,
    /// Deepest element nesting (the root is depth 1). Default 6.
    pub max_depth: usize,
    /// Most `participant` elements. Default 64.
    pub max_participants: usize,
    /// Most `mode` elements. Default 8.
    pub max_modes: usize,
    /// Longest text of one element other than `contextData`, in bytes. Default 1024.
    pub max_field_len: usize,
    /// Longest `contextData` in bytes. Default 8192.
    pub max_context_data_len: usize,
}

// SAFETY: repr(C), `struct_size` first, the other fields `usize`.
unsafe impl SizedStruct for mssip_context_config {
    const NAME: &'static str = "mssip_context_config";
    const FIRST_SIZE: usize =
        offset_of!(mssip_context_config, max_context_data_len) + size_of::<usize>();
    fn defaults() -> mssip_context_config {
        let d = ContextConfig::DEFAULT;
        mssip_context_config {
            struct_size: size_of::<mssip_context_config>(),
            max_document_size: d.max_document_size,
            max_depth: d.max_depth,
            max_participants: d.max_participants,
            max_modes: d.max_modes,
            max_field_len: d.max_field_len,
            max_context_data_len: d.max_context_data_len,
        }
    }
}

/// The configuration a `const mssip_context_config *` stands for (NULL: the defaults).
///
/// # Safety
/// `config` is NULL or readable for its `struct_size` bytes.
unsafe fn read_config(config: *const mssip_context_config) -> FfiResult<ContextConfig> {
    if config.is_null() {
        return Ok(ContextConfig::DEFAULT);
    }
    // SAFETY: caller contract.
    let c = unsafe { read_sized(config, "config") }?;
    Ok(ContextConfig {
        max_document_size: c.max_document_size,
        max_depth: c.max_depth,
        max_participants: c.max_participants,
        max_modes: c.max_modes,
        max_field_len: c.max_field_len,
        max_context_data_len: c.max_context_data_len,
    })
}

/// Writes the default configuration into `*out` (16 KiB document, depth 6, 64
/// participants, 8 modes, 1024 bytes an element, 8 KiB of contextData).
///
/// Errors: `MSSIP_E_NULL`. Thread safety: callable from any thread.
///
/// # Safety
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_config_default(
    out: *mut mssip_context_config,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let out = unsafe { Out::new(out, "out") }?;
        out.write(mssip_context_config::defaults());
        Ok(())
    })
}

/// Reads and checks a call context document under `config` (NULL: the defaults): the root
/// `XmlConvContext` of the Appendix C namespace, each required element exactly once, the
/// party elements at most once, and every rule of MS-SIPRE 3.13.5.1 (a uri in every party,
/// the author among the participants, a UTC date, `dataFormat` text/plain, each mode once).
///
/// Ownership: `*out` receives a new call context; free it with `mssip_context_free`.
/// Errors: `MSSIP_E_XML_*` (not well-formed); `MSSIP_E_CONTEXT_INVALID` (against 2.2.19 /
/// 3.13.5.1; `mssip_last_error()` names the rule and the byte); `MSSIP_E_LIMIT`;
/// `MSSIP_E_INVALID_ARGUMENT` (a `struct_size` not set by the default call); `MSSIP_E_NULL`.
/// Thread safety: callable from any thread.
///
/// # Safety
/// `xml` is NULL or readable for `len` bytes; `config` is NULL or readable for its
/// `struct_size` bytes; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_parse(
    xml: *const u8,
    len: usize,
    config: *const mssip_context_config,
    out: *mut *mut mssip_context,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (xml, config, out) = unsafe {
            (
                arg_bytes(xml, len, "xml")?,
                read_config(config)?,
                Out::new(out, "out")?,
            )
        };
        let cc = ConversationContext::parse(xml, &config)?;
        out.write(into_handle::<mssip_context>(cc));
        Ok(())
    })
}

/// Reads the call context an INVITE carries: its body when of type
/// `application/ms-conversation-context+xml`, or the one part of that type in its multipart
/// body (MS-SIPRE 3.13.5.1, 3.15.4.1), checked as `mssip_context_parse` checks it.
///
/// Ownership: `*out` receives a new call context; free it with `mssip_context_free`.
/// Errors: `MSSIP_E_NOT_FOUND` (no call context); `MSSIP_E_CONTEXT_MESSAGE` (not an INVITE,
/// or more than one call context body); the errors of `mssip_context_parse`; a multipart
/// body that does not parse gives its message-layer code. Thread safety: `invite` is used by
/// one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `config` as for `mssip_context_parse`; `out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_from_invite(
    invite: *const mssip_msg,
    config: *const mssip_context_config,
    out: *mut *mut mssip_context,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, config, out) = unsafe {
            (
                borrow(invite, "invite")?,
                read_config(config)?,
                Out::new(out, "out")?,
            )
        };
        let cc = context::from_invite(invite, &config)?
            .ok_or_else(|| Failure::not_found("the INVITE carries no call context"))?;
        out.write(into_handle::<mssip_context>(cc));
        Ok(())
    })
}

/// Makes a new call context written by `from_uri` to `to_uri`, with a fresh random `id`
/// (unique among the author's call contexts, MS-SIPRE 2.2.19.1), the author as its first
/// participant (3.13.5.1), `dataFormat` text/plain and no modes. `date` is the UTC
/// `xs:dateTime` it was written (e.g. `2008-09-03T21:34:55.831063Z`), `conversation_id`
/// the call's identifier, `context_data` the notes. Add participants, display names and
/// modes with the calls below, then `mssip_context_write`.
///
/// Ownership: `*out` receives a new call context; free it with `mssip_context_free`.
/// Errors: `MSSIP_E_CONTEXT_INVALID` (an empty uri, a date not in UTC, a conversation id
/// that is not a token); `MSSIP_E_LIMIT`; `MSSIP_E_CONTEXT_MESSAGE` (no system randomness);
/// `MSSIP_E_NULL`; `MSSIP_E_UTF8`. Thread safety: callable from any thread.
///
/// # Safety
/// The strings are NULL or NUL-terminated; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_new(
    from_uri: *const c_char,
    to_uri: *const c_char,
    date: *const c_char,
    conversation_id: *const c_char,
    context_data: *const c_char,
    out: *mut *mut mssip_context,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (from, to, date, conv, data, out) = unsafe {
            (
                arg_str(from_uri, "from_uri")?,
                arg_str(to_uri, "to_uri")?,
                arg_str(date, "date")?,
                arg_str(conversation_id, "conversation_id")?,
                arg_str(context_data, "context_data")?,
                Out::new(out, "out")?,
            )
        };
        let cc = ConversationContext::new(
            Party::new(from),
            Party::new(to),
            vec![Party::new(from)],
            date,
            conv,
            data,
        )?;
        out.write(into_handle::<mssip_context>(cc));
        Ok(())
    })
}

/// Frees a call context. NULL is accepted and ignored.
/// Thread safety: no other thread may be using `ctx`.
///
/// # Safety
/// `ctx` is NULL or a call context from this library not yet freed.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_free(ctx: *mut mssip_context) {
    // SAFETY: caller contract.
    unsafe { free_handle(ctx) }
}

/// The party `role` (`"from"`, `"to"` or `"participant"`) number `index` (0 for from / to).
fn party<'c>(cc: &'c ConversationContext, role: &str, index: usize) -> FfiResult<&'c Party> {
    let found = match role {
        "from" => (index == 0).then_some(&cc.from),
        "to" => (index == 0).then_some(&cc.to),
        "participant" => cc.participants.get(index),
        _ => {
            return Err(Failure::invalid(format!(
                "role {role:?} is not from, to or participant"
            )));
        }
    };
    found.ok_or_else(|| Failure::not_found(format!("no {role} {index}")))
}

fn party_mut<'c>(
    cc: &'c mut ConversationContext,
    role: &str,
    index: usize,
) -> FfiResult<&'c mut Party> {
    party(cc, role, index)?;
    let found = match role {
        "from" => Some(&mut cc.from),
        "to" => Some(&mut cc.to),
        _ => cc.participants.get_mut(index),
    };
    found.ok_or_else(|| Failure::not_found(format!("no {role} {index}")))
}

fn bad_party_element(element: &str) -> Failure {
    Failure::invalid(format!(
        "element {element:?} is not uri, displayName, onBehalfUri or onBehalfDisplayName"
    ))
}

/// An optional party element by its schema name.
fn party_field<'p>(p: &'p mut Party, element: &str) -> FfiResult<&'p mut Option<String>> {
    match element {
        "displayName" => Ok(&mut p.display_name),
        "onBehalfUri" => Ok(&mut p.on_behalf_uri),
        "onBehalfDisplayName" => Ok(&mut p.on_behalf_display_name),
        _ => Err(bad_party_element(element)),
    }
}

/// A top-level element of the call context by its schema name (MS-SIPRE 2.2.19): `"id"`,
/// `"date"`, `"conversationId"`, `"dataFormat"` or `"contextData"`, borrowed from `ctx`
/// (valid until it changes or is freed).
///
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (another name); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context; `element` is NULL or NUL-terminated; `out` is NULL
/// or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_get(
    ctx: *const mssip_context,
    element: *const c_char,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, element, out) = unsafe {
            (
                borrow(ctx, "ctx")?,
                arg_str(element, "element")?,
                Out::new(out, "out")?,
            )
        };
        let v = match element {
            "id" => &cc.id,
            "date" => &cc.date,
            "conversationId" => &cc.conversation_id,
            "dataFormat" => &cc.data_format,
            "contextData" => &cc.context_data,
            _ => {
                return Err(Failure::invalid(format!(
                    "element {element:?} is not id, date, conversationId, dataFormat or contextData"
                )));
            }
        };
        out.write(mssip_str::of(v));
        Ok(())
    })
}

/// An element (`"uri"`, `"displayName"`, `"onBehalfUri"`, `"onBehalfDisplayName"`) of a party
/// of the call context: `role` is `"from"`, `"to"` (index 0) or `"participant"` (index
/// 0, 1, ...). Borrowed from `ctx`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such participant, or the element is absent);
/// `MSSIP_E_INVALID_ARGUMENT` (another role or element name); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context; `role` and `element` are NULL or NUL-terminated;
/// `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_party(
    ctx: *const mssip_context,
    role: *const c_char,
    index: usize,
    element: *const c_char,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, role, element, out) = unsafe {
            (
                borrow(ctx, "ctx")?,
                arg_str(role, "role")?,
                arg_str(element, "element")?,
                Out::new(out, "out")?,
            )
        };
        let p = party(cc, role, index)?;
        let v = match element {
            "uri" => Some(&p.uri),
            "displayName" => p.display_name.as_ref(),
            "onBehalfUri" => p.on_behalf_uri.as_ref(),
            "onBehalfDisplayName" => p.on_behalf_display_name.as_ref(),
            _ => return Err(bad_party_element(element)),
        };
        let v = v.ok_or_else(|| Failure::not_found(format!("{role} {index} has no {element}")))?;
        out.write(mssip_str::of(v));
        Ok(())
    })
}

/// The number of `participant` elements into `*out`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at
/// a time.
///
/// # Safety
/// `ctx` is NULL or a live call context; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_participant_count(
    ctx: *const mssip_context,
    out: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, out) = unsafe { (borrow(ctx, "ctx")?, Out::new(out, "out")?) };
        out.write(cc.participants.len());
        Ok(())
    })
}

/// Mode number `index` (0, 1, ...) of the call context, borrowed from `ctx`. A mode read from
/// a document may be one that MS-SIPRE 2.2.19.10 does not name (a server can ignore such data,
/// 3.13.5.2).
///
/// Errors: `MSSIP_E_NOT_FOUND` (past the last); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context; `out` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_mode(
    ctx: *const mssip_context,
    index: usize,
    out: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, out) = unsafe { (borrow(ctx, "ctx")?, Out::new(out, "out")?) };
        let m = cc
            .modes
            .get(index)
            .ok_or_else(|| Failure::not_found(format!("no mode {index}")))?;
        out.write(mssip_str::of(m));
        Ok(())
    })
}

/// Adds a participant with `uri` and, unless NULL, `display_name`.
///
/// Errors: `MSSIP_E_CONTEXT_INVALID` (an empty uri); `MSSIP_E_NULL`; `MSSIP_E_UTF8`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context not borrowed elsewhere; `uri` is NULL or
/// NUL-terminated; `display_name` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_add_participant(
    ctx: *mut mssip_context,
    uri: *const c_char,
    display_name: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, uri, name) = unsafe {
            (
                borrow_mut(ctx, "ctx")?,
                arg_str(uri, "uri")?,
                opt_str(display_name, "display_name")?,
            )
        };
        if uri.trim().is_empty() {
            return Err(Failure::new(
                mssip_result::MSSIP_E_CONTEXT_INVALID,
                "a participant has an empty uri (MS-SIPRE 3.13.5.1)",
            ));
        }
        let mut p = Party::new(uri);
        p.display_name = name.map(str::to_string);
        cc.participants.push(p);
        Ok(())
    })
}

/// Sets (or, with `value` NULL, removes) the optional element `displayName`, `onBehalfUri`
/// or `onBehalfDisplayName` of a party (`role` and `index` as for `mssip_context_party`).
/// Write-time checks run in `mssip_context_write`.
///
/// Errors: `MSSIP_E_NOT_FOUND` (no such participant); `MSSIP_E_INVALID_ARGUMENT` (another
/// role or element); `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context not borrowed elsewhere; `role`, `element` are NULL
/// or NUL-terminated; `value` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_set_party(
    ctx: *mut mssip_context,
    role: *const c_char,
    index: usize,
    element: *const c_char,
    value: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, role, element, value) = unsafe {
            (
                borrow_mut(ctx, "ctx")?,
                arg_str(role, "role")?,
                arg_str(element, "element")?,
                opt_str(value, "value")?,
            )
        };
        let p = party_mut(cc, role, index)?;
        *party_field(p, element)? = value.map(str::to_string);
        Ok(())
    })
}

/// Adds a mode: `audio`, `video`, `im` or `applicationSharing`, each once (MS-SIPRE
/// 2.2.19.10, 3.13.5.1).
///
/// Errors: `MSSIP_E_CONTEXT_INVALID` (another value, or one already there); `MSSIP_E_NULL`;
/// `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context not borrowed elsewhere; `mode` is NULL or
/// NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_add_mode(
    ctx: *mut mssip_context,
    mode: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, mode) = unsafe { (borrow_mut(ctx, "ctx")?, arg_str(mode, "mode")?) };
        if !context::KNOWN_MODES.contains(&mode) || cc.modes.iter().any(|m| m == mode) {
            return Err(Failure::new(
                mssip_result::MSSIP_E_CONTEXT_INVALID,
                format!(
                    "mode {mode:?} is not one of audio, video, im, applicationSharing not yet added"
                ),
            ));
        }
        cc.modes.push(mode.to_string());
        Ok(())
    })
}

/// Writes the call context document (the layout of the MS-SIPRE 4.11 example, LF line ends,
/// no XML declaration) into the caller buffer, after checking every rule of 3.13.5.1 and the
/// bounds of `config` (NULL: the defaults). Send it as the body (or a part) of type
/// `application/ms-conversation-context+xml` of an INVITE.
///
/// Errors: `MSSIP_E_CONTEXT_INVALID`; `MSSIP_E_LIMIT`; `MSSIP_E_BUFFER_TOO_SMALL` (needed
/// length in `*out_len`); `MSSIP_E_INVALID_ARGUMENT` (a bad `struct_size`); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`. Thread safety: `ctx` is used by one thread at a time.
///
/// # Safety
/// `ctx` is NULL or a live call context; `config` as for `mssip_context_parse`; `out` is NULL
/// or writable for `cap` bytes; `out_len` is NULL or writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_context_write(
    ctx: *const mssip_context,
    config: *const mssip_context_config,
    out: *mut c_char,
    cap: usize,
    out_len: *mut usize,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (cc, config, buf) = unsafe {
            (
                borrow(ctx, "ctx")?,
                read_config(config)?,
                OutBuf::new(out.cast::<u8>(), cap, out_len)?,
            )
        };
        buf.put_text(&cc.to_xml(&config)?)
    })
}
