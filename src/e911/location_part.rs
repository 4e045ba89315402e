//! MS-SIPRE 3.17.5.2: "The server ignores the geolocation header and picks the last MIME part
//! that has a PIDF-LO embedded in it."

use super::error::E911Error;
use super::pidf_lo::PidfLo;
use crate::sip::Message;
use crate::sip::body::multipart::{MediaType, Multipart};

/// The media type of a PIDF document.
pub const PIDF_XML: &str = "application/pidf+xml";

/// Reads the PIDF-LO of `invite`: its body when that is `application/pidf+xml`, else the last
/// `application/pidf+xml` part at any level of a multipart body. The Geolocation header is
/// not looked at. Limits are the message's.
///
/// Errors: [`E911Error::NoLocation`] (no such part, or no body); [`E911Error::Sip`] (a body
/// that does not parse); those of [`PidfLo::parse`].
pub fn location_of(invite: &Message) -> Result<PidfLo, E911Error> {
    let ct = invite.content_type().ok_or(E911Error::NoLocation)?;
    let media = MediaType::parse(ct)?;
    let limits = invite.limits();
    if media.is(PIDF_XML) {
        return PidfLo::parse(invite.body(), limits);
    }
    if !media.is_multipart() {
        return Err(E911Error::NoLocation);
    }
    let mp = Multipart::parse(invite.body(), ct, limits)?;
    let last = mp.find_all(PIDF_XML).last().ok_or(E911Error::NoLocation)?;
    PidfLo::parse(last.body(), limits)
}
