//! The E911 INVITE a client sends (MS-SIPRE 2.2.22, 3.17.5.1): `Priority: emergency` (RFC
//! 3261 20.26), a Geolocation header naming the Content-ID of the `application/pidf+xml`
//! part that carries the location, `Supported: geolocation`, and a `multipart/mixed` body of
//! the SDP offer and that PIDF-LO, last (the server uses the last PIDF-LO part, 3.17.5.2).

use super::error::E911Error;
use super::location::EmergencyLocation;
use super::location_part::PIDF_XML;
use crate::sip::body::multipart::MultipartBuilder;
use crate::sip::builder::RequestBuilder;
use crate::sip::scan::{is_token, quote as quoted};
use crate::sip::{ErrorKind, Message, NameAddr, SipError, Uri};

/// What the client's E911 INVITE carries beside its location.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyInvite {
    /// The Request-URI and To: the emergency number as dialled (4.14:
    /// `sip:911;phone-context=Redmond@192.168.1.12;user=phone`).
    pub request_uri: String,
    /// The caller's SIP URI (From; the Geolocation's `inserted-by`).
    pub caller: String,
    pub display_name: Option<String>,
    /// The endpoint id, as `epid` on From (MS-SIPRE 2.2.3), when the client has one.
    pub epid: Option<String>,
    pub from_tag: String,
    pub call_id: String,
    pub cseq: u32,
    /// The Contact header value (a name-addr with its feature tags), when given.
    pub contact: Option<String>,
    /// The Content-ID of the PIDF-LO part, without angle brackets (4.14:
    /// `voip_911_user1@contoso.com`); the Geolocation header names it as `cid:` (RFC 2392).
    pub content_id: String,
    /// The SDP offer.
    pub sdp: Vec<u8>,
    /// The multipart boundary; `None` derives one from the parts.
    pub boundary: Option<String>,
}

impl EmergencyInvite {
    /// Builds the INVITE, Via left to the host: Max-Forwards 70, From (display name, URI,
    /// `epid`, tag), To and Request-URI the emergency number, CSeq, Call-ID, Contact,
    /// `Priority: emergency`, `Supported: geolocation`, `Geolocation: <cid:content_id>;
    /// inserted-by="caller"` (as 4.14 writes it), then the `multipart/mixed` body: the SDP
    /// (`application/sdp; charset=utf-8`) and the PIDF-LO of `location` with its Content-ID.
    ///
    /// Errors: [`E911Error::BadLocation`] for a location [`EmergencyLocation::to_xml`]
    /// refuses; [`E911Error::Sip`] for a URI or Contact that does not parse, an `epid`, tag or
    /// Content-ID that is not a token / `addr-spec`, a value with CR or LF, a boundary found
    /// in a part.
    pub fn build(&self, location: &EmergencyLocation) -> Result<Message, E911Error> {
        Uri::parse(&self.caller)?;
        if let Some(c) = &self.contact {
            NameAddr::parse(c)?;
        }
        for (value, what) in [
            (Some(self.from_tag.as_str()), "the From tag is not a token"),
            (self.epid.as_deref(), "the epid is not a token"),
        ] {
            if value.is_some_and(|v| !is_token(v)) {
                return Err(invalid(what));
            }
        }
        if !is_content_id(&self.content_id) {
            return Err(invalid("the Content-ID is not an addr-spec (RFC 2392)"));
        }
        let pidf = location.to_xml()?;
        let cid = format!("<{}>", self.content_id);
        let mut body = MultipartBuilder::new("mixed")
            .part(
                &[("Content-Type", "application/sdp; charset=utf-8")],
                &self.sdp,
            )
            .part(
                &[("Content-Type", PIDF_XML), ("Content-ID", &cid)],
                pidf.as_bytes(),
            );
        if let Some(b) = &self.boundary {
            body = body.boundary(b);
        }
        let body = body.build()?;
        let mut from = match &self.display_name {
            Some(d) => format!("{}<{}>", quoted(d), self.caller),
            None => format!("<{}>", self.caller),
        };
        if let Some(e) = &self.epid {
            from.push_str(&format!(";epid={e}"));
        }
        from.push_str(&format!(";tag={}", self.from_tag));
        let geolocation = format!(
            "<cid:{}>;inserted-by={}",
            self.content_id,
            quoted(&self.caller)
        );
        let mut b = RequestBuilder::new("INVITE", &self.request_uri)
            .header("Max-Forwards", "70")
            .header("From", &from)
            .header("To", &format!("<{}>", self.request_uri))
            .header("CSeq", &format!("{} INVITE", self.cseq))
            .header("Call-ID", &self.call_id);
        if let Some(c) = &self.contact {
            b = b.header("Contact", c);
        }
        let m = b
            .header("Priority", "emergency")
            .header("Supported", "geolocation")
            .header("Geolocation", &geolocation)
            .body(&body.content_type, &body.body)
            .build()?;
        Ok(m)
    }
}

fn invalid(what: &'static str) -> E911Error {
    E911Error::Sip(SipError::new(ErrorKind::InvalidArgument, 0, what))
}

/// An `addr-spec` as a Content-ID holds it (RFC 2392, RFC 2822 3.6.4): a local part and a
/// domain of visible characters other than the specials that would end or break the field.
fn is_content_id(id: &str) -> bool {
    let Some((local, domain)) = id.split_once('@') else {
        return false;
    };
    let ok = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|b| b.is_ascii_graphic() && !b"<>()[]\\,;:\"@".contains(&b))
    };
    ok(local) && ok(domain)
}
