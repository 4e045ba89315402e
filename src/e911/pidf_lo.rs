//! The location object of an E911 INVITE (MS-SIPRE 2.2.22): a PIDF document (RFC 3863) whose
//! status carries a GEOPRIV location object (RFC 4119) with a civic address (RFC 5139) and the
//! method by which the location was obtained, followed by Microsoft's `msftE911PidfExtn`
//! with the conference URI and mode and the `LocationPolicyTagID` the server finds the
//! location policy by (3.17.5.2).

use super::error::E911Error;
use crate::limits::Limits;
use crate::xml::{Document, Element};

/// `urn:ietf:params:xml:ns:pidf` (RFC 3863).
pub const NS_PIDF: &str = "urn:ietf:params:xml:ns:pidf";
/// `urn:ietf:params:xml:ns:pidf:geopriv10` (RFC 4119).
pub const NS_GEOPRIV: &str = "urn:ietf:params:xml:ns:pidf:geopriv10";
/// `urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr` (RFC 5139).
pub const NS_CIVIC: &str = "urn:ietf:params:xml:ns:pidf:geopriv10:civicAddr";
/// The namespace of `msftE911PidfExtn` (MS-SIPRE 9).
pub const NS_MSFT_E911: &str = "urn:schema:Rtc.LIS.msftE911PidfExtn.2008";
/// The namespace of `LocationPolicyTagID` (MS-SIPRE 9).
pub const NS_POLICY_TAG: &str = "urn:schema:Rtc.Lis.LocationPolicyTagID.2008";

/// What the server reads from a PIDF-LO. Text values are trimmed of white space (the
/// example of 4.14 breaks `user-tagid` and the conference URI over lines).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PidfLo {
    /// The `entity` of `presence`: the caller.
    pub entity: Option<String>,
    /// `LocationPolicyTagID` (3.17.5.2).
    pub policy_tag_id: Option<String>,
    /// Every descendant of `civicAddress` that holds text, as (local name, text), in
    /// document order (`country` `US`, `A1` `WA`, ...).
    pub civic: Vec<(String, String)>,
    /// `gp:method` (`Manual` when the address cannot be trusted to match, 2.2.22).
    pub method: Option<String>,
    /// `ms:ConferenceUri` and `ms:ConferenceMode` of `msftE911PidfExtn`.
    pub conference_uri: Option<String>,
    pub conference_mode: Option<String>,
}

impl PidfLo {
    /// Reads a PIDF-LO under `limits` (its XML size, depth, element and attribute limits).
    ///
    /// The first `geopriv` of the document's tuples is the location object; its
    /// `location-info` MUST be there, a `civicAddress` in it is read when present. The first
    /// `msftE911PidfExtn` anywhere in the document gives the policy tag and the conference.
    ///
    /// Errors: [`E911Error::Xml`] (not well-formed, a DTD, a limit crossed);
    /// [`E911Error::NotPidfLo`] (the root is not a PIDF `presence`, no `geopriv`, no
    /// `location-info`).
    pub fn parse(xml: &[u8], limits: &Limits) -> Result<PidfLo, E911Error> {
        let doc = Document::parse(xml, limits)?;
        let root = doc.root();
        if !root.is(NS_PIDF, "presence") {
            return Err(E911Error::NotPidfLo(
                "the root element is not a PIDF presence (RFC 3863)",
            ));
        }
        let all = descendants(root);
        let geopriv =
            all.iter()
                .find(|e| e.is(NS_GEOPRIV, "geopriv"))
                .ok_or(E911Error::NotPidfLo(
                    "no GEOPRIV location object (RFC 4119)",
                ))?;
        let info = geopriv
            .child(NS_GEOPRIV, "location-info")
            .ok_or(E911Error::NotPidfLo("the geopriv has no location-info"))?;
        let mut lo = PidfLo {
            entity: root.attribute("entity").map(str::to_owned),
            method: geopriv.child(NS_GEOPRIV, "method").map(text),
            ..PidfLo::default()
        };
        if let Some(civic) = info.child(NS_CIVIC, "civicAddress") {
            lo.civic = descendants(civic)
                .into_iter()
                .skip(1)
                .filter(|e| e.children().next().is_none())
                .map(|e| (e.local_name().to_owned(), text(e)))
                .collect();
        }
        if let Some(ext) = all.iter().find(|e| e.is(NS_MSFT_E911, "msftE911PidfExtn")) {
            lo.policy_tag_id = ext.child(NS_POLICY_TAG, "LocationPolicyTagID").map(text);
            lo.conference_uri = ext.child(NS_MSFT_E911, "ConferenceUri").map(text);
            lo.conference_mode = ext.child(NS_MSFT_E911, "ConferenceMode").map(text);
        }
        Ok(lo)
    }
}

fn text(e: Element<'_>) -> String {
    e.text().trim().to_owned()
}

/// `e` and every element below it, in document order (depth bounded by the XML limits).
fn descendants(e: Element<'_>) -> Vec<Element<'_>> {
    let mut out = Vec::new();
    let mut stack = vec![e];
    while let Some(next) = stack.pop() {
        out.push(next);
        let kids: Vec<Element<'_>> = next.children().collect();
        stack.extend(kids.into_iter().rev());
    }
    out
}
