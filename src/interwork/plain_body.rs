//! Bodies for peers that do not accept multipart: desk phones, carriers and gateways answer a
//! Lync INVITE whose body is `multipart/alternative` (the two ICE offers of MS-SIPRE 3.15.4.1)
//! or `multipart/mixed` (with a call context or a location) with 415 or 400, and the call
//! fails. Toward such a peer the body becomes the one session description it can use.
//!
//! The rules of [`reduce_body`]:
//!
//! * Messages: INVITE (and re-INVITE), UPDATE, PRACK and ACK requests, and the 1xx and 2xx
//!   responses to INVITE, UPDATE and PRACK, whose body is `multipart/*`. Anything else, and a
//!   message without a body (an SDP-less re-INVITE, whose offer then comes in the 200 OK and
//!   is reduced there), comes back as `None`, untouched.
//! * The description kept: among the `application/sdp` parts at any depth that have an audio
//!   `m=` line, the one marked `ms-proxy-2007fallback` (the ICEv6 part, the one MS-SIPRE
//!   3.15.5.2 sends alone after a 415), else the first. Its bytes become the body unchanged,
//!   so its direction (`a=sendonly`, `a=inactive` of a hold re-INVITE) is the one sent.
//!   No such part: [`PlainBodyError::NoSdp`].
//! * Header fields: Content-Type becomes the part's own (`application/sdp` and its
//!   parameters; the multipart's `boundary` goes), Content-Length follows the new body, and
//!   the message's Content-Disposition is replaced by the part's without
//!   `ms-proxy-2007fallback` (removed when the part has none: `session` is the default for
//!   SDP, RFC 3261 20.11). Every other byte stays.
//! * The other parts are dropped: call context (`application/ms-conversation-context+xml`),
//!   the other ICE offer, anything else. A plain peer could not use them.
//! * Location (E911, RFC 6442): an `application/pidf+xml` part is dropped too, and with it
//!   every Geolocation header field that points at a body part (`cid:`), since it would point
//!   at nothing (RFC 6442 4.1). An emergency gateway that takes `multipart/mixed` but not the
//!   Microsoft alternatives is given [`BodyOptions::keep_location`]: the body is then a
//!   `multipart/mixed` of the kept description and the PIDF-LO parts, Geolocation kept.
//! * Hold (RFC 2543 `c=0.0.0.0` with `a=sendonly` / `a=inactive`): rewritten to the RFC 3264
//!   8.4 form when [`BodyOptions::rfc3264_hold`] asks, also in a single-part SDP body; see
//!   [`super::plain_body_hold`].
//!
//! [`PlainPeerProfile`] says whether a peer takes multipart (configured, or learned from a
//! 415 or an Accept header); [`super::plain_body_dialogs`] holds the UA side's 415 retry.

use std::fmt;

use super::plain_body_hold::rfc3264_hold;
use crate::ice::{FALLBACK_PARAM, RetryBody, fallback_part, set_single_body, single_body};
use crate::sip::body::multipart::{BuiltMultipart, MediaType, Multipart, MultipartBuilder, Part};
use crate::sip::body::sdp::Sdp;
use crate::sip::{Message, SipError};

/// An error of the plain-peer body functions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlainBodyError {
    /// The multipart body holds no `application/sdp` part with an audio `m=` line: there is
    /// nothing a plain peer could use.
    NoSdp(&'static str),
    /// The message is not of the kind the call takes (the detail says which was expected).
    WrongMessage(&'static str),
    /// The dialog table is at its capacity; forget ended dialogs first.
    DialogsFull(usize),
    /// The body or a header field is malformed, or an edit crosses the limits.
    Sip(SipError),
}

impl fmt::Display for PlainBodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlainBodyError::NoSdp(w) | PlainBodyError::WrongMessage(w) => f.write_str(w),
            PlainBodyError::DialogsFull(n) => {
                write!(
                    f,
                    "the dialog table holds its {n} dialogs: forget ended ones"
                )
            }
            PlainBodyError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PlainBodyError {}

impl From<SipError> for PlainBodyError {
    fn from(e: SipError) -> PlainBodyError {
        PlainBodyError::Sip(e)
    }
}

/// What the reduction may do besides keeping one description.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct BodyOptions {
    /// Keep `application/pidf+xml` parts next to the description in a `multipart/mixed`
    /// (for a peer that takes RFC 6442 location by value but not the Microsoft alternatives).
    pub keep_location: bool,
    /// Rewrite RFC 2543 hold (`c=0.0.0.0` with `a=sendonly` or `a=inactive`) to RFC 3264
    /// hold: the direction kept, the real address (from `o=`) in `c=`.
    pub rfc3264_hold: bool,
}

/// Whether a peer takes multipart bodies.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MultipartSupport {
    /// Nothing configured or learned yet: bodies are reduced, as for a plain peer.
    #[default]
    Unknown,
    /// The peer refused multipart (a 415, or an Accept header without it).
    Refused,
    /// The peer's Accept lists multipart (`multipart/*`, a subtype, or `*/*`).
    Allowed,
}

/// What the host knows of one peer's bodies. The host keeps one per peer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct PlainPeerProfile {
    pub multipart: MultipartSupport,
    pub options: BodyOptions,
}

impl PlainPeerProfile {
    /// Learns from a message received from the peer; returns whether [`Self::multipart`]
    /// changed.
    ///
    /// * A 415 whose Accept (RFC 3261 21.4.13) lists no multipart range, or that has no
    ///   Accept: [`MultipartSupport::Refused`]. A 415 whose Accept lists multipart was about
    ///   something else and teaches nothing.
    /// * Any other request or response (the 200 to an OPTIONS above all) with Accept:
    ///   `Allowed` when it lists `multipart/*`, a multipart subtype or `*/*` with a q-value
    ///   above 0, else `Refused`. Without Accept nothing is learned.
    pub fn learn(&mut self, msg: &Message) -> bool {
        let accept = accepts_multipart(msg);
        let learned = match (msg.status(), accept) {
            (Some(415), Some(true)) => None,
            (Some(415), _) => Some(MultipartSupport::Refused),
            (_, Some(true)) => Some(MultipartSupport::Allowed),
            (_, Some(false)) => Some(MultipartSupport::Refused),
            (_, None) => None,
        };
        match learned {
            Some(s) if s != self.multipart => {
                self.multipart = s;
                true
            }
            _ => false,
        }
    }
}

/// `Some(true)` when an Accept header of `msg` lists a multipart range acceptably,
/// `Some(false)` when Accept is there without one, `None` without Accept.
fn accepts_multipart(msg: &Message) -> Option<bool> {
    if msg.count("Accept") == 0 {
        return None;
    }
    Some(msg.values("Accept").any(|range| {
        let mut it = range.split(';');
        let essence = it.next().unwrap_or("").trim();
        let refused = it.any(|p| {
            p.split_once('=').is_some_and(|(n, v)| {
                n.trim().eq_ignore_ascii_case("q") && v.trim().parse::<f32>() == Ok(0.0)
            })
        });
        let multipart = is_multipart_claim(essence) || essence == "*/*";
        multipart && !refused
    }))
}

/// [`reduce_body`] toward a peer with `profile`: nothing is done for a peer known to take
/// multipart ([`MultipartSupport::Allowed`]).
///
/// Errors: those of [`reduce_body`].
pub fn reduce_for_plain_peer(
    msg: &Message,
    profile: &PlainPeerProfile,
) -> Result<Option<Message>, PlainBodyError> {
    if profile.multipart == MultipartSupport::Allowed {
        return Ok(None);
    }
    reduce_body(msg, &profile.options)
}

/// True for the messages whose body carries an offer or an answer (RFC 3261 13, RFC 3262,
/// RFC 3311): INVITE, UPDATE, PRACK, ACK, and the 1xx / 2xx responses to the first three.
fn carries_session(msg: &Message) -> bool {
    const OFFER_ANSWER: [&str; 3] = ["INVITE", "UPDATE", "PRACK"];
    if let Some(m) = msg.method() {
        return OFFER_ANSWER.contains(&m) || m == "ACK";
    }
    let provisional_or_success = msg.status().is_some_and(|s| (101..300).contains(&s));
    provisional_or_success
        && msg
            .cseq()
            .and_then(|c| c.ok())
            .is_some_and(|c| OFFER_ANSWER.contains(&c.method))
}

/// True for a part a plain peer can take as its session description.
fn audio_sdp(p: &Part<'_>) -> bool {
    p.is("application/sdp") && Sdp::parse(p.body()).has_media("audio")
}

/// The body of `msg` reduced to one session description for a peer without multipart, by
/// the rules of this module; `None` when there is nothing to change (the message is then
/// untouched byte for byte).
///
/// Errors: [`PlainBodyError::NoSdp`] for a multipart body without an audio SDP part;
/// [`PlainBodyError::Sip`] for a body that does not parse as multipart, a part's malformed
/// Content-Disposition, or an edit over the limits. `msg` itself is never changed.
pub fn reduce_body(msg: &Message, opts: &BodyOptions) -> Result<Option<Message>, PlainBodyError> {
    if !carries_session(msg) || msg.body().is_empty() {
        return Ok(None);
    }
    let Some(ct) = msg.content_type() else {
        return Ok(None);
    };
    let media = match MediaType::parse(ct) {
        Ok(m) => m,
        // A Content-Type this reader refuses is not reduced unless it claims multipart.
        Err(e) if is_multipart_claim(ct) => return Err(e.into()),
        Err(_) => return Ok(None),
    };
    if media.is("application/sdp") {
        return Ok(hold_only(msg, opts)?);
    }
    if !media.is_multipart() {
        return Ok(None);
    }
    let mp = Multipart::parse(msg.body(), ct, msg.limits())?;
    let part = fallback_part(&mp, audio_sdp).ok_or(PlainBodyError::NoSdp(
        "the multipart body holds no application/sdp part with an audio m= line",
    ))?;
    let mut single = single_body(part)?;
    if opts.rfc3264_hold
        && let Some(held) = rfc3264_hold(&single.sdp)
    {
        single.sdp = held;
    }
    let locations: Vec<&Part<'_>> = mp
        .leaves()
        .filter(|p| p.is("application/pidf+xml"))
        .collect();
    let mut out = msg.clone();
    if opts.keep_location && !locations.is_empty() {
        if already_location_mixed(&mp, part, &single) {
            return Ok(None);
        }
        let built = mixed_with_location(&mp, part, &single, &locations)?;
        out.set_body(Some(&built.content_type), &built.body)?;
        return Ok(Some(out));
    }
    set_single_body(&mut out, &single)?;
    if !locations.is_empty() {
        drop_location_references(&mut out)?;
    }
    Ok(Some(out))
}

/// True when a Content-Type value starts with `multipart/` (any case, leading LWS allowed).
fn is_multipart_claim(ct: &str) -> bool {
    ct.trim_start()
        .get(..10)
        .is_some_and(|t| t.eq_ignore_ascii_case("multipart/"))
}

/// A single-part SDP body: only the hold rewrite can apply.
fn hold_only(msg: &Message, opts: &BodyOptions) -> Result<Option<Message>, SipError> {
    if !opts.rfc3264_hold {
        return Ok(None);
    }
    let Some(held) = rfc3264_hold(msg.body()) else {
        return Ok(None);
    };
    let mut out = msg.clone();
    let ct = msg.content_type().map(str::to_owned);
    out.set_body(ct.as_deref(), &held)?;
    Ok(Some(out))
}

/// Removes the Geolocation header fields that point at a body part (`cid:`, RFC 6442 4.1):
/// the PIDF-LO they name is gone.
fn drop_location_references(msg: &mut Message) -> Result<(), SipError> {
    let fields: Vec<usize> = msg
        .fields("Geolocation")
        .enumerate()
        .filter(|(_, v)| v.to_ascii_lowercase().contains("cid:"))
        .map(|(i, _)| i)
        .collect();
    if fields.is_empty() {
        return Ok(());
    }
    msg.edit(|e| {
        for i in fields.iter().rev() {
            e.remove_header("Geolocation", *i)?;
        }
        Ok(())
    })
}

/// True when the body is already the `multipart/mixed` of the kept description, unchanged,
/// and location parts only: nothing to do.
fn already_location_mixed(mp: &Multipart<'_>, sdp: &Part<'_>, single: &RetryBody) -> bool {
    mp.subtype().eq_ignore_ascii_case("mixed")
        && kept_as_it_stood(sdp, single)
        && mp
            .parts()
            .iter()
            .all(|p| p.offset() == sdp.offset() || p.is("application/pidf+xml"))
}

/// True when the kept part's body and disposition need no change.
fn kept_as_it_stood(sdp: &Part<'_>, single: &RetryBody) -> bool {
    let marked = sdp
        .disposition()
        .is_some_and(|d| d.is_ok_and(|d| d.has(FALLBACK_PARAM)));
    sdp.body() == single.sdp.as_slice() && !marked
}

/// The `multipart/mixed` body (outer boundary kept) of the kept description, its header
/// fields as they were but Content-Disposition as `single` says, and the location parts as
/// they were.
fn mixed_with_location(
    mp: &Multipart<'_>,
    sdp: &Part<'_>,
    single: &RetryBody,
    locations: &[&Part<'_>],
) -> Result<BuiltMultipart, SipError> {
    let mut sdp_fields: Vec<(&str, &str)> = sdp
        .headers()
        .iter()
        .filter(|h| !h.name.eq_ignore_ascii_case("Content-Disposition"))
        .map(|h| (h.name, h.value))
        .collect();
    if let Some(d) = &single.disposition {
        sdp_fields.push(("Content-Disposition", d));
    }
    let mut b = MultipartBuilder::new("mixed")
        .boundary(mp.boundary())
        .part(&sdp_fields, &single.sdp);
    for p in locations {
        let fields: Vec<(&str, &str)> = p.headers().iter().map(|h| (h.name, h.value)).collect();
        b = b.part(&fields, p.body());
    }
    b.build()
}
