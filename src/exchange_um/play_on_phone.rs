//! The Play-On-Phone INVITE (MS-OCEXUM 1.3, 3.2): the unified messaging server calls the
//! user to play a voice message on a phone.
//!
//! What makes one: `Ms-Sensitivity: private-no-diversion` (3.2: the call MUST NOT be
//! re-routed to voice mail or forwarded), the same URI in From and To (3.2: clients ring for
//! such a call even while the user appears offline), and `automata` on the Contact (2.2.5:
//! UM is an automaton acting for the user). Subject and Priority may describe the message.

use super::error::UmError;
use super::recording::{Recording, UmPriority};
use crate::ext::MsSensitivity;
use crate::sip::builder::RequestBuilder;
use crate::sip::{Message, NameAddr, Uri, uri_eq};

/// What the unified messaging server puts in a Play-On-Phone INVITE.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlayOnPhone {
    /// The Request-URI: where the user's phone is reached.
    pub target: String,
    /// The user's URI, in both From and To (3.2).
    pub user: String,
    pub from_tag: String,
    pub call_id: String,
    pub cseq: u32,
    /// UM's own contact URI; `;automata` is added after it (2.2.5).
    pub contact: String,
    /// The subject of the voice message (2.2.3).
    pub subject: Option<String>,
    /// Its importance (2.2.4).
    pub priority: Option<UmPriority>,
    /// The session description of the offer.
    pub sdp: Vec<u8>,
}

impl PlayOnPhone {
    /// Builds the INVITE, Via left to the host: Max-Forwards 70, From and To the user's URI,
    /// Call-ID, CSeq, `Contact: <contact>;automata`, Subject and Priority when given,
    /// `Ms-Sensitivity: private-no-diversion`, the SDP as `application/sdp`.
    ///
    /// Errors: a URI that does not parse, a value holding CR or LF ([`UmError::Sip`]).
    pub fn build(&self) -> Result<Message, UmError> {
        for uri in [&self.user, &self.contact] {
            Uri::parse(uri)?;
        }
        let from = format!("<{}>;tag={}", self.user, self.from_tag);
        let to = format!("<{}>", self.user);
        let contact = format!("<{}>;automata", self.contact);
        let cseq = format!("{} INVITE", self.cseq);
        let mut b = RequestBuilder::new("INVITE", &self.target)
            .header("Max-Forwards", "70")
            .header("From", &from)
            .header("To", &to)
            .header("Call-ID", &self.call_id)
            .header("CSeq", &cseq)
            .header("Contact", &contact);
        if let Some(s) = &self.subject {
            b = b.header("Subject", s);
        }
        if let Some(p) = self.priority {
            b = b.header("Priority", p.as_str());
        }
        b = b.header(MsSensitivity::NAME, "private-no-diversion");
        Ok(b.body("application/sdp", &self.sdp).build()?)
    }
}

/// A Play-On-Phone INVITE as read by [`PlayOnPhoneInfo::read`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlayOnPhoneInfo<'a> {
    /// The user's URI (of From, the same as To's).
    pub user: &'a str,
    /// Subject and Priority (2.2.3, 2.2.4).
    pub recording: Recording<'a>,
}

impl<'a> PlayOnPhoneInfo<'a> {
    /// Reads `msg` as a Play-On-Phone INVITE.
    ///
    /// Errors: [`UmError::NotPlayOnPhone`] naming the rule it breaks: not an INVITE; no
    /// `Ms-Sensitivity: private-no-diversion`; From and To URIs that differ (RFC 3261 19.1.4
    /// comparison); no Contact with `automata` (as a header parameter, as 4.2 writes it, or as
    /// a URI parameter); [`UmError::Sip`] for a From, To or Contact that does not parse.
    pub fn read(msg: &'a Message) -> Result<PlayOnPhoneInfo<'a>, UmError> {
        if msg.method() != Some("INVITE") {
            return Err(UmError::NotPlayOnPhone("not an INVITE"));
        }
        let sensitivity = MsSensitivity::from_fields(msg.fields(MsSensitivity::NAME))
            .map_err(|_| UmError::NotPlayOnPhone("Ms-Sensitivity is malformed or repeated"))?;
        if sensitivity != MsSensitivity::PrivateNoDiversion {
            return Err(UmError::NotPlayOnPhone(
                "no Ms-Sensitivity: private-no-diversion (MS-OCEXUM 3.2)",
            ));
        }
        let from = msg.from().ok_or(UmError::NotPlayOnPhone("no From"))??;
        let to = msg.to().ok_or(UmError::NotPlayOnPhone("no To"))??;
        if !uri_eq::equivalent(&from.uri, &to.uri) {
            return Err(UmError::NotPlayOnPhone(
                "the From and To URIs differ (MS-OCEXUM 3.2: they MUST match)",
            ));
        }
        if !has_automata(msg)? {
            return Err(UmError::NotPlayOnPhone(
                "no Contact with automata (MS-OCEXUM 2.2.5)",
            ));
        }
        Ok(PlayOnPhoneInfo {
            user: from.uri.raw,
            recording: Recording::of(msg),
        })
    }
}

fn has_automata(msg: &Message) -> Result<bool, UmError> {
    for c in msg.contacts() {
        let c: NameAddr<'_> = c?;
        if c.params.has("automata") || c.uri.params.has("automata") {
            return Ok(true);
        }
    }
    Ok(false)
}

/// True when `msg` is a Play-On-Phone INVITE: a proxy MUST NOT re-route it to voice mail nor
/// forward it (3.2).
pub fn is_play_on_phone(msg: &Message) -> bool {
    PlayOnPhoneInfo::read(msg).is_ok()
}
