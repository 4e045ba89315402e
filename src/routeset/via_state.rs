//! Signed state in this proxy's own Via (MS-SIPRE 2.2.5 `ms-internal-info`, 3.6): what the
//! proxy needs when the response comes back (e.g. the connection the request came in on),
//! protected by HMAC-SHA1 like the Record-Route (3.6.2.1) and verified with the retention of
//! [`Usage::Response`], since a Via lives only as long as its transaction.
//!
//! Value: `"ID.STATE.SIG"` (a quoted-string): the key id, the packed [`RouteState`] and the tag
//! over the Call-ID, the Via's branch, the key id and the state, all base64url.

use super::error::RouteError;
use super::keyring::{KeyId, KeyRing, Usage};
use super::record_route::call_id_of;
use super::signed_uri::decode_tag;
use super::state::{RouteState, StateLimits};
use crate::sip::{Message, Via};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

const LABEL: &[u8] = b"ms-internal-info\0";
/// The Via parameter that carries the state.
pub const PARAM: &str = "ms-internal-info";

fn parts<'a>(call_id: &'a str, branch: &'a str, signed: &'a str) -> [&'a [u8]; 6] {
    [
        LABEL,
        call_id.as_bytes(),
        b"\0",
        branch.as_bytes(),
        b"\0",
        signed.as_bytes(),
    ]
}

fn top_via(msg: &Message) -> Result<Via<'_>, RouteError> {
    match msg.vias().next() {
        Some(Ok(v)) => Ok(v),
        Some(Err(_)) => Err(RouteError::Malformed("top Via does not parse")),
        None => Err(RouteError::NoState("message has no Via")),
    }
}

/// Sets `ms-internal-info` with the signed `state` on the top Via of `msg` (the Via this
/// proxy just added to a request it forwards; it needs a branch). Unchanged on error.
pub fn sign_top_via(
    msg: &mut Message,
    ring: &KeyRing,
    state: &RouteState,
    limits: &StateLimits,
) -> Result<(), RouteError> {
    let call_id = call_id_of(msg)?;
    let via = top_via(msg)?;
    let branch = via
        .branch()
        .ok_or(RouteError::BadArgument("top Via has no branch"))?;
    let signer = ring.signer()?;
    let mut signed = signer.id().to_string();
    signed.push('.');
    signed.push_str(&state.encode(limits)?);
    let tag = signer.sign(&parts(call_id, branch, &signed));
    let mut value = String::with_capacity(signed.len() + 32);
    value.push('"');
    value.push_str(&signed);
    value.push('.');
    URL_SAFE_NO_PAD.encode_string(tag, &mut value);
    value.push('"');
    msg.set_header_param("Via", 0, PARAM, Some(&value))?;
    Ok(())
}

/// Reads and verifies the state of the top Via of a response (this proxy's own Via).
pub fn read_top_via(
    msg: &Message,
    ring: &KeyRing,
    now_s: u64,
    limits: &StateLimits,
) -> Result<RouteState, RouteError> {
    let call_id = call_id_of(msg)?;
    let via = top_via(msg)?;
    let raw = via
        .params
        .value(PARAM)
        .ok_or(RouteError::NoState("top Via has no ms-internal-info"))?;
    let inner = raw
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or(RouteError::Malformed("ms-internal-info is not quoted"))?;
    let (signed, sig) = inner
        .rsplit_once('.')
        .ok_or(RouteError::Malformed("ms-internal-info has no signature"))?;
    let (id, state) = signed
        .split_once('.')
        .ok_or(RouteError::Malformed("ms-internal-info has no key id"))?;
    let key = KeyId::parse(id)?;
    let tag = decode_tag(sig)?;
    let branch = via.branch().unwrap_or("");
    ring.verify(
        now_s,
        Usage::Response,
        key,
        &parts(call_id, branch, signed),
        &tag,
    )?;
    RouteState::decode(state, limits)
}
