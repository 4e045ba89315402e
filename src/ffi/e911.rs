//! E911 (MS-SIPRE 2.2.22, 3.17): detecting an emergency INVITE, its PIDF-LO, the notification
//! IM INVITEs to the location policy's URIs, and the whole of it in one call that never stops
//! the emergency call.

use std::ffi::{c_char, c_void};

use super::boundary::{Failure, guard};
use super::handle::{
    borrow, borrow_mut, free_handle, into_handle, mssip_e911_uris, mssip_msg, mssip_pidf_lo,
};
use super::limits::{limits_or_default, mssip_limits};
use super::result::{mssip_result, mssip_result_raw};
use super::text::{Out, arg_bytes, arg_str, mssip_str};
use crate::e911::{self, E911Error, NotificationIds, NotifyLimits, PidfLo};

/// The stable code for each E911 error. Exhaustive on purpose.
impl From<E911Error> for Failure {
    fn from(e: E911Error) -> Failure {
        let code = match &e {
            E911Error::NotEmergency => mssip_result::MSSIP_E_E911_NOT_EMERGENCY,
            E911Error::NoLocation => mssip_result::MSSIP_E_E911_NO_LOCATION,
            E911Error::NotPidfLo(_) => mssip_result::MSSIP_E_PIDF_LO_INVALID,
            E911Error::BadLocation(_) => mssip_result::MSSIP_E_E911_BAD_LOCATION,
            E911Error::UnknownCivicElement(_) => mssip_result::MSSIP_E_E911_UNKNOWN_CIVIC,
            E911Error::Xml(x) => return Failure::from(x.clone()),
            E911Error::Sip(se) => return Failure::from(se.clone()),
        };
        Failure::new(code, e.to_string())
    }
}

/// Tells whether `msg` is an emergency call (MS-SIPRE 3.17.5.2): an INVITE with
/// `Priority: emergency` (any case).
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `msg` is used by one thread at a time.
///
/// # Safety
/// `msg` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_is_emergency(
    msg: *const mssip_msg,
    out: *mut bool,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (msg, out) = unsafe { (borrow(msg, "msg")?, Out::new(out, "out")?) };
        out.write(e911::is_emergency(msg));
        Ok(())
    })
}

/// Reads a PIDF-LO document (RFC 4119 with the civic address of RFC 5139 and
/// `msftE911PidfExtn`) under `limits` (NULL: the defaults; their XML size and depth apply).
///
/// Ownership: `*out` is a new handle; free it with `mssip_pidf_lo_free`.
/// Errors: `MSSIP_E_PIDF_LO_INVALID`; `MSSIP_E_XML_*`; `MSSIP_E_LIMIT`; `MSSIP_E_NULL`;
/// `MSSIP_E_INVALID_ARGUMENT` (a bad `limits->struct_size`).
/// Thread safety: callable from any thread.
///
/// # Safety
/// `xml` is NULL or readable for `len` bytes; `limits` is NULL or filled by
/// `mssip_limits_default()`; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_pidf_lo_parse(
    xml: *const u8,
    len: usize,
    limits: *const mssip_limits,
    out: *mut *mut mssip_pidf_lo,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (xml, limits, out) = unsafe {
            (
                arg_bytes(xml, len, "xml")?,
                limits_or_default(limits)?,
                Out::new(out, "out")?,
            )
        };
        let lo = PidfLo::parse(xml, &limits)?;
        out.write(into_handle::<mssip_pidf_lo>(lo));
        Ok(())
    })
}

/// Reads the PIDF-LO of an E911 INVITE: the last `application/pidf+xml` part of its body
/// (MS-SIPRE 3.17.5.2; the Geolocation header is ignored), under the message's limits.
///
/// Ownership: `*out` is a new handle; free it with `mssip_pidf_lo_free`.
/// Errors: `MSSIP_E_E911_NO_LOCATION`; `MSSIP_E_PIDF_LO_INVALID`; `MSSIP_E_XML_*`;
/// `MSSIP_E_LIMIT`; `MSSIP_E_BAD_VALUE` (a body that does not parse); `MSSIP_E_NULL`;
/// `MSSIP_E_UNUSABLE`.
/// Thread safety: `invite` is used by one thread at a time.
///
/// # Safety
/// `invite` is NULL or a live message; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_pidf_lo_from_invite(
    invite: *const mssip_msg,
    out: *mut *mut mssip_pidf_lo,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, out) = unsafe { (borrow(invite, "invite")?, Out::new(out, "out")?) };
        let lo = e911::location_of(invite)?;
        out.write(into_handle::<mssip_pidf_lo>(lo));
        Ok(())
    })
}

/// Frees a PIDF-LO; NULL is ignored. Views taken from it become invalid.
/// Thread safety: no other thread may be using `lo`.
///
/// # Safety
/// `lo` is NULL or a live handle, not used again.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_pidf_lo_free(lo: *mut mssip_pidf_lo) {
    // SAFETY: caller contract.
    unsafe { free_handle(lo) }
}

/// What a PIDF-LO says, beside its civic address (`mssip_pidf_lo_civic`). Text is trimmed.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_pidf_lo_info {
    /// `LocationPolicyTagID`; `{NULL, 0}` when absent (each view below likewise).
    pub policy_tag_id: mssip_str,
    /// `gp:method` (`Manual` for an address the endpoint cannot vouch for).
    pub method: mssip_str,
    /// The `entity` of `presence`.
    pub entity: mssip_str,
    pub conference_uri: mssip_str,
    pub conference_mode: mssip_str,
    /// Number of civic address elements.
    pub civic_count: usize,
}

fn view(s: &Option<String>) -> mssip_str {
    s.as_deref().map_or(mssip_str::NONE, mssip_str::of)
}

/// Gives what `lo` says.
///
/// Ownership: the views borrow from `lo`; valid until it is freed.
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `lo` is used by one thread at a time.
///
/// # Safety
/// `lo` is NULL or a live handle; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_pidf_lo_info_get(
    lo: *const mssip_pidf_lo,
    out: *mut mssip_pidf_lo_info,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (lo, out) = unsafe { (borrow(lo, "lo")?, Out::new(out, "out")?) };
        out.write(mssip_pidf_lo_info {
            policy_tag_id: view(&lo.policy_tag_id),
            method: view(&lo.method),
            entity: view(&lo.entity),
            conference_uri: view(&lo.conference_uri),
            conference_mode: view(&lo.conference_mode),
            civic_count: lo.civic.len(),
        });
        Ok(())
    })
}

/// Gives civic address element `index` (document order): its local name (`country`, `A1`,
/// `HNO`, ...) and trimmed text.
///
/// Ownership: the views borrow from `lo`.
/// Errors: `MSSIP_E_NOT_FOUND` (index past the last); `MSSIP_E_NULL`; `MSSIP_E_UNUSABLE`.
/// Thread safety: `lo` is used by one thread at a time.
///
/// # Safety
/// `lo` is NULL or a live handle; `name` and `value` are writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_pidf_lo_civic(
    lo: *const mssip_pidf_lo,
    index: usize,
    name: *mut mssip_str,
    value: *mut mssip_str,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (lo, name, value) = unsafe {
            (
                borrow(lo, "lo")?,
                Out::new(name, "name")?,
                Out::new(value, "value")?,
            )
        };
        let (n, v) = lo
            .civic
            .get(index)
            .ok_or_else(|| Failure::not_found(format!("no civic element {index}")))?;
        name.write(mssip_str::of(n));
        value.write(mssip_str::of(v));
        Ok(())
    })
}

/// Builds the notification IM INVITE of MS-SIPRE 3.17.5.2 to `target` for the emergency
/// `invite` whose location is `lo`: `Priority: emergency`, `Call-Info: <caller>;purpose=
/// ms-emergency-notification`, a `text/plain` body of `name=value` lines (the civic address,
/// then `method`). Call-ID and From tag are derived from the INVITE's Call-ID and the target.
/// No Via: add your own.
///
/// Ownership: `*out` is a new message; free it with `mssip_msg_free`.
/// Errors: `MSSIP_E_INVALID_ARGUMENT` (a target that is no URI); `MSSIP_E_NOT_FOUND` (no
/// From); `MSSIP_E_BAD_VALUE`; `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: the handles are used by one thread at a time.
///
/// # Safety
/// `invite` and `lo` are NULL or live; `target` is NULL or NUL-terminated; `out` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_notification_new(
    invite: *const mssip_msg,
    lo: *const mssip_pidf_lo,
    target: *const c_char,
    out: *mut *mut mssip_msg,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, lo, target, out) = unsafe {
            (
                borrow(invite, "invite")?,
                borrow(lo, "lo")?,
                arg_str(target, "target")?,
                Out::new(out, "out")?,
            )
        };
        let ids = NotificationIds::derived(invite, target);
        let m = e911::notification_invite(invite, lo, target, &ids)?;
        out.write(into_handle::<mssip_msg>(m));
        Ok(())
    })
}

/// Adds a notification URI, from inside the policy callback of `mssip_e911_notify`.
///
/// Errors: `MSSIP_E_NULL`; `MSSIP_E_UTF8`; `MSSIP_E_UNUSABLE`.
/// Thread safety: only on the thread running the callback, during its call.
///
/// # Safety
/// `uris` is the one passed to the running callback; `uri` is NULL or NUL-terminated.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_uris_add(
    uris: *mut mssip_e911_uris,
    uri: *const c_char,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (uris, uri) = unsafe { (borrow_mut(uris, "uris")?, arg_str(uri, "uri")?) };
        uris.push(uri.to_owned());
        Ok(())
    })
}

/// The host's location policy: adds to `uris` (with `mssip_e911_uris_add`) the
/// NotificationUri targets of the policy named `policy_tag` (`{NULL, 0}` when the PIDF-LO
/// names none: use the default policy). Returns `MSSIP_OK`, or any other code for a lookup that
/// failed. `policy_tag` is valid during the call only.
pub type mssip_e911_policy_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        policy_tag: mssip_str,
        uris: *mut mssip_e911_uris,
    ) -> mssip_result_raw,
>;

/// The host's sender: sends `notification` (add a Via first) to `target`. Returns `MSSIP_OK`,
/// or any other code when it could not. The message is valid during the call only (copy it
/// with `mssip_msg_serialize`).
pub type mssip_e911_send_fn = Option<
    unsafe extern "C" fn(
        user_data: *mut c_void,
        target: mssip_str,
        notification: *const mssip_msg,
    ) -> mssip_result_raw,
>;

/// What `mssip_e911_notify` did.
#[repr(C)]
#[derive(Debug, Clone, Copy)]
pub struct mssip_e911_report {
    /// The INVITE is an emergency call; when false nothing else was done.
    pub emergency: bool,
    /// A PIDF-LO was read.
    pub location: bool,
    /// Notifications the send callback accepted.
    pub sent: usize,
    /// Failures: no location, the policy lookup failed, a target that is no URI, send
    /// refused, targets over `max_targets`. Each is logged at warning level.
    pub failed: usize,
}

/// Runs MS-SIPRE 3.17.5.2 for an INVITE the server received: when it is an emergency call,
/// reads its PIDF-LO, asks `policy` for the notification URIs of its LocationPolicyTagID, and
/// hands one notification INVITE per URI (at most `max_targets`; 0 means 16) to `send`. The
/// server MUST route the emergency call whatever happens here, so no failure inside is an
/// error of this call: they are counted in `report` (and logged). Route the call after it.
///
/// Errors: `MSSIP_E_NULL` (invite, policy, send, report); `MSSIP_E_UNUSABLE`.
/// Thread safety: `invite` is used by one thread at a time; the callbacks run on the calling
/// thread before this returns.
///
/// # Safety
/// `invite` is NULL or a live message; the callbacks are valid; `report` is writable.
#[unsafe(no_mangle)]
pub unsafe extern "C" fn mssip_e911_notify(
    invite: *const mssip_msg,
    max_targets: usize,
    policy: mssip_e911_policy_fn,
    send: mssip_e911_send_fn,
    user_data: *mut c_void,
    report: *mut mssip_e911_report,
) -> mssip_result {
    guard(|| {
        // SAFETY: caller contract.
        let (invite, report) = unsafe { (borrow(invite, "invite")?, Out::new(report, "report")?) };
        let policy = policy.ok_or_else(|| Failure::null("policy"))?;
        let send = send.ok_or_else(|| Failure::null("send"))?;
        let limits = match max_targets {
            0 => NotifyLimits::default(),
            n => NotifyLimits { max_targets: n },
        };
        let mut lookup = |tag: Option<&str>| -> Result<Vec<String>, String> {
            let uris = into_handle::<mssip_e911_uris>(Vec::new());
            let tag = tag.map_or(mssip_str::NONE, mssip_str::of);
            // SAFETY: the host's callback, with a sink that lives until it returns.
            let raw = unsafe { policy(user_data, tag, uris) };
            // SAFETY: `uris` came from into_handle above and the callback has returned.
            let found = match unsafe { borrow_mut(uris, "uris") } {
                Ok(v) => std::mem::take(v),
                Err(_) => Vec::new(),
            };
            // SAFETY: as above; not used again.
            unsafe { free_handle(uris) };
            match raw {
                0 => Ok(found),
                other => Err(format!("the policy callback returned {other}")),
            }
        };
        let mut deliver = |target: &str, m: &crate::sip::Message| -> Result<(), String> {
            let handle = into_handle::<mssip_msg>(m.clone());
            // SAFETY: the host's callback, with a message that lives until it returns.
            let raw = unsafe { send(user_data, mssip_str::of(target), handle) };
            // SAFETY: `handle` came from into_handle above; not used again.
            unsafe { free_handle(handle) };
            match raw {
                0 => Ok(()),
                other => Err(format!("the send callback returned {other}")),
            }
        };
        let r = e911::notify(invite, limits, &mut lookup, &mut deliver);
        report.write(mssip_e911_report {
            emergency: r.emergency,
            location: r.location.is_some(),
            sent: r.sent,
            failed: r.failures.len(),
        });
        Ok(())
    })
}
