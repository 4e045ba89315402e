//! After a 415 (MS-SIPRE 3.15.5.2): a user agent whose multipart ICE INVITE was refused SHOULD
//! retry without multipart, with only the ICEv6 description and without the
//! `ms-proxy-2007fallback` parameter.

use super::FALLBACK_PARAM;
use super::error::IceError;
use super::version::{IceVersion, ice_version};
use crate::limits::Limits;
use crate::sip::body::multipart::{Disposition, MediaType, Multipart, Part};
use crate::sip::next_attempt::next_attempt;
use crate::sip::{Message, SipError};

/// The single-part body of the retry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryBody {
    /// The part's Content-Type (`application/sdp`, parameters kept).
    pub content_type: String,
    /// The part's Content-Disposition with `ms-proxy-2007fallback` removed; `None` when the
    /// part had none.
    pub disposition: Option<String>,
    /// The ICEv6 session description.
    pub sdp: Vec<u8>,
}

/// The ICEv6 description of a multipart ICE body, as the single body of the retry: the part
/// marked `ms-proxy-2007fallback`, else the first ICEv6 `application/sdp` part at any level.
///
/// Errors: [`IceError::NoFallback`] for a body that is not multipart or holds no ICEv6
/// description; [`IceError::Sip`] for a body that does not parse.
pub fn retry_body(body: &[u8], content_type: &str, limits: &Limits) -> Result<RetryBody, IceError> {
    if !MediaType::parse(content_type)?.is_multipart() {
        return Err(IceError::NoFallback(
            "the body is not multipart: there is nothing to fall back to",
        ));
    }
    let mp = Multipart::parse(body, content_type, limits)?;
    let ice6 = |p: &Part<'_>| p.is("application/sdp") && ice_version(p.body()) == IceVersion::V6;
    let part = fallback_part(&mp, ice6).ok_or(IceError::NoFallback(
        "the multipart body holds no ICEv6 session description",
    ))?;
    Ok(single_body(part)?)
}

/// Among the leaves of `mp` that `usable` accepts, the one whose Content-Disposition carries
/// `ms-proxy-2007fallback` (3.15.4.1 marks the ICEv6 part so), else the first in document
/// order. The one rule for choosing the description sent alone, shared by the 415 retry
/// (`usable`: ICEv6) and the reduction for peers without multipart (`usable`: audio SDP).
pub fn fallback_part<'m, 'a>(
    mp: &'m Multipart<'a>,
    usable: impl Fn(&Part<'a>) -> bool,
) -> Option<&'m Part<'a>> {
    let marked = mp.leaves().filter(|p| usable(p)).find(|p| {
        p.disposition()
            .and_then(|d| d.ok())
            .is_some_and(|d| d.has(FALLBACK_PARAM))
    });
    marked.or_else(|| mp.leaves().find(|p| usable(p)))
}

/// `part` as the only body of a message: its Content-Type (parameters kept; the multipart's
/// own, such as `boundary`, are gone with it) and its Content-Disposition without
/// `ms-proxy-2007fallback`.
///
/// Errors: the part's Content-Disposition does not parse.
pub fn single_body(part: &Part<'_>) -> Result<RetryBody, SipError> {
    let disposition = match part.disposition() {
        None => None,
        Some(d) => Some(without_fallback(&d?)),
    };
    Ok(RetryBody {
        content_type: part.content_type().unwrap_or("application/sdp").to_owned(),
        disposition,
        sdp: part.body().to_vec(),
    })
}

/// Puts `body` in `msg` as its only body: Content-Type, Content-Length and the message's
/// Content-Disposition (removed, then the part's written when it had one) follow it; the
/// other header fields stay byte for byte.
///
/// Errors: an edit the limits refuse; `msg` is then unchanged.
pub fn set_single_body(msg: &mut Message, body: &RetryBody) -> Result<(), SipError> {
    msg.edit(|e| {
        e.set_body(Some(&body.content_type), &body.sdp)?;
        e.remove_all("Content-Disposition")?;
        if let Some(d) = &body.disposition {
            e.add_header("Content-Disposition", d)?;
        }
        Ok(())
    })
}

/// `d` written back without `ms-proxy-2007fallback`, its other parameters as they were.
fn without_fallback(d: &Disposition<'_>) -> String {
    let mut out = d.kind.to_owned();
    for p in d.params.iter() {
        if p.name.eq_ignore_ascii_case(FALLBACK_PARAM) {
            continue;
        }
        out.push(';');
        out.push_str(p.name);
        if let Some(v) = p.value {
            out.push('=');
            out.push_str(v);
        }
    }
    out
}

/// The INVITE to send after a 415 to `invite` (3.15.5.2): the same request with CSeq one
/// higher and no top Via (the host adds its own, with a new branch: RFC 3261 8.1.3.5), the
/// ICEv6 description as its only body and the part's Content-Disposition, without
/// `ms-proxy-2007fallback`, as the message's.
///
/// Errors: those of [`retry_body`]; [`IceError::NoFallback`] when the INVITE has no
/// Content-Type; [`IceError::Sip`] when the INVITE has no usable CSeq or an edit crosses the
/// limits.
pub fn retry_invite(invite: &Message) -> Result<Message, IceError> {
    let ct = invite
        .content_type()
        .ok_or(IceError::NoFallback("the INVITE has no Content-Type"))?;
    let body = retry_body(invite.body(), ct, invite.limits())?;
    let mut next = next_attempt(invite)?;
    set_single_body(&mut next, &body)?;
    Ok(next)
}
