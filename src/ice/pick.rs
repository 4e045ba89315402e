//! The offer a UAS answers (MS-SIPRE 3.15.5.1): from a multipart ICE INVITE, the ICEv19
//! description when the UAS supports ICE draft 19, else the ICEv6 one when it supports draft 6;
//! an INVITE without ICE carries one description, which is the offer.

use super::error::IceError;
use super::version::{IceVersion, ice_version};
use crate::limits::Limits;
use crate::sip::Message;
use crate::sip::body::multipart::{MediaType, Multipart};

/// The ICE drafts the UAS supports ([MS-SDPEXT]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IceSupport {
    pub v19: bool,
    pub v6: bool,
}

/// The description picked as the offer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Picked<'a> {
    pub version: IceVersion,
    /// The session description, borrowed from the body.
    pub sdp: &'a [u8],
    /// The part's place in the depth-first walk of the body (the order of
    /// `Multipart::walk` and of the C `mssip_multipart` parts); `None` when the body is a
    /// single description.
    pub part: Option<usize>,
    /// The part's Content-ID, when it has one.
    pub content_id: Option<&'a str>,
}

/// Picks the offer of `body`, whose Content-Type is `content_type`.
///
/// A single `application/sdp` body is the offer whatever its ICE (3.15.5.1, last paragraph).
/// In a multipart body every `application/sdp` part at any level is a candidate: with
/// `support.v19` the last ICEv19 one (3.15.4.1 puts it last) is picked; else, with
/// `support.v6`, the first ICEv6 one; else one without ICE.
///
/// Errors: [`IceError::NoOffer`] when the body holds no session description, or none of a
/// draft the UAS supports (answer 488); [`IceError::Sip`] for a body that does not parse.
pub fn pick_offer<'a>(
    body: &'a [u8],
    content_type: &'a str,
    support: IceSupport,
    limits: &Limits,
) -> Result<Picked<'a>, IceError> {
    let media = MediaType::parse(content_type)?;
    if media.is("application/sdp") {
        return Ok(Picked {
            version: ice_version(body),
            sdp: body,
            part: None,
            content_id: None,
        });
    }
    if !media.is_multipart() {
        return Err(IceError::NoOffer(
            "the body is neither application/sdp nor multipart",
        ));
    }
    let mp = Multipart::parse(body, content_type, limits)?;
    let sdps: Vec<(usize, IceVersion, &'a [u8], Option<&'a str>)> = mp
        .walk()
        .enumerate()
        .filter(|(_, (_, p))| p.is("application/sdp"))
        .map(|(i, (_, p))| (i, ice_version(p.body()), p.body(), p.content_id()))
        .collect();
    if sdps.is_empty() {
        return Err(IceError::NoOffer(
            "the multipart body holds no application/sdp part",
        ));
    }
    let wanted = [
        (support.v19, IceVersion::V19, true),
        (support.v6, IceVersion::V6, false),
        (true, IceVersion::None, false),
    ];
    for (supported, version, last) in wanted {
        if !supported {
            continue;
        }
        let mut of_version = sdps.iter().filter(|s| s.1 == version);
        let found = if last {
            of_version.next_back()
        } else {
            of_version.next()
        };
        if let Some(&(i, version, sdp, content_id)) = found {
            return Ok(Picked {
                version,
                sdp,
                part: Some(i),
                content_id,
            });
        }
    }
    Err(IceError::NoOffer(
        "no session description of an ICE draft the UAS supports",
    ))
}

/// [`pick_offer`] on the body of an INVITE.
///
/// Errors: those of [`pick_offer`]; [`IceError::NoOffer`] when the INVITE has no body or no
/// Content-Type.
pub fn pick_offer_in(invite: &Message, support: IceSupport) -> Result<Picked<'_>, IceError> {
    let ct = invite
        .content_type()
        .ok_or(IceError::NoOffer("the INVITE has no Content-Type"))?;
    if invite.body().is_empty() {
        return Err(IceError::NoOffer("the INVITE has no body"));
    }
    pick_offer(invite.body(), ct, support, invite.limits())
}
