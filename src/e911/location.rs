//! The location a client sends with an E911 call (MS-SIPRE 2.2.22, 3.17.5.1), written as the
//! PIDF-LO document of the 4.14 example: a PIDF `presence` (RFC 3863) whose one tuple's status
//! holds a GEOPRIV location object (RFC 4119) with the civic address (RFC 5139), its usage
//! rules and method, followed by `msftE911PidfExtn` (Appendix D) with the conference URI and
//! mode of the location policy and its `LocationPolicyTagID`.

use quick_xml::escape::{escape, partial_escape};

use super::civic::{CivicAddress, check_text};
use super::error::E911Error;
use super::pidf_lo::{NS_CIVIC, NS_GEOPRIV, NS_MSFT_E911, NS_PIDF, NS_POLICY_TAG};
use crate::sip::Uri;

/// `urn:ietf:params:xml:ns:pidf:geopriv10:basicPolicy` (RFC 4119 usage rules).
pub const NS_BASIC_POLICY: &str = "urn:ietf:params:xml:ns:pidf:geopriv10:basicPolicy";

/// The method a location obtained from the user carries (2.2.22).
pub const METHOD_MANUAL: &str = "Manual";

/// `ConferenceModeEnum` of Appendix D.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConferenceMode {
    OneWay,
    TwoWay,
}

impl ConferenceMode {
    /// `oneway` / `twoway`.
    pub fn as_str(self) -> &'static str {
        match self {
            ConferenceMode::OneWay => "oneway",
            ConferenceMode::TwoWay => "twoway",
        }
    }
}

/// What the client knows of its location and its location policy (3.17.5.1: the policy gives
/// ConferenceUri, ConferenceMode and LocationPolicyTagID; the location comes from the
/// location information service or from the user).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmergencyLocation {
    /// The `entity` of `presence`: the caller's SIP URI.
    pub entity: String,
    pub civic: CivicAddress,
    /// False when the address cannot be trusted to match the endpoint's location (one the
    /// user typed in): its method is then `Manual` (2.2.22).
    pub address_trusted: bool,
    /// `gp:method` (an RFC 4119 method token: `DHCP`, `GPS`, ...); `None` writes none for a
    /// trusted address, `Manual` for another.
    pub method: Option<String>,
    /// `bp:retransmission-allowed` of the usage rules.
    pub retransmission_allowed: bool,
    /// `ms:ConferenceUri` (Appendix D: exactly one).
    pub conference_uri: String,
    /// `ms:ConferenceMode` (Appendix D: exactly one).
    pub conference_mode: ConferenceMode,
    /// The location policy's `LocationPolicyTagID`, which the server finds the policy by
    /// (3.17.5.2).
    pub policy_tag_id: Option<String>,
    /// The tuple's `id` (`0` in 4.14).
    pub tuple_id: String,
    /// The tuple's `timestamp` (an `xs:dateTime`), when known.
    pub timestamp: Option<String>,
}

impl EmergencyLocation {
    /// A location with no civic element yet, trusted, without method, retransmission allowed,
    /// tuple `0`, no policy tag and no timestamp.
    pub fn new(entity: &str, conference_uri: &str, mode: ConferenceMode) -> EmergencyLocation {
        EmergencyLocation {
            entity: entity.to_owned(),
            civic: CivicAddress::new(),
            address_trusted: true,
            method: None,
            retransmission_allowed: true,
            conference_uri: conference_uri.to_owned(),
            conference_mode: mode,
            policy_tag_id: None,
            tuple_id: "0".to_owned(),
            timestamp: None,
        }
    }

    /// The method written: 2.2.22 "If the address cannot be trusted to match the location of
    /// the endpoint [...] the method element [...] MUST have the value "Manual"".
    ///
    /// Errors: [`E911Error::BadLocation`] for an untrusted address with another method.
    pub fn written_method(&self) -> Result<Option<&str>, E911Error> {
        match (self.address_trusted, self.method.as_deref()) {
            (true, m) => Ok(m),
            (false, None | Some(METHOD_MANUAL)) => Ok(Some(METHOD_MANUAL)),
            (false, Some(_)) => Err(E911Error::BadLocation(
                "an address that cannot be trusted MUST have the method Manual (MS-SIPRE 2.2.22)",
            )),
        }
    }

    /// The PIDF-LO document, in the layout of 4.14 (XML declaration, namespaces one a line,
    /// two spaces of indentation a level, CRLF line ends), text escaped so that
    /// [`super::PidfLo::parse`] reads back exactly these values.
    ///
    /// Errors ([`E911Error::BadLocation`]): an entity or conference URI that is no URI; no
    /// civic element (the location-info MUST be a civic location, 2.2.22); an empty value or
    /// one with a control character; a method against [`EmergencyLocation::written_method`].
    pub fn to_xml(&self) -> Result<String, E911Error> {
        for (uri, what) in [
            (&self.entity, "the entity is no URI"),
            (&self.conference_uri, "the conference URI is no URI"),
        ] {
            Uri::parse(uri).map_err(|_| E911Error::BadLocation(what))?;
        }
        if self.civic.is_empty() {
            return Err(E911Error::BadLocation(
                "the location has no civic address element (MS-SIPRE 2.2.22, RFC 5139)",
            ));
        }
        let method = self.written_method()?;
        for v in [Some(&self.tuple_id), self.policy_tag_id.as_ref()]
            .into_iter()
            .chain([self.method.as_ref(), self.timestamp.as_ref()])
            .flatten()
        {
            check_text(v)?;
        }
        let mut w = Lines::default();
        w.line(0, "<?xml version=\"1.0\" encoding=\"utf-8\"?>");
        w.line(0, &format!("<presence xmlns=\"{NS_PIDF}\""));
        for (prefix, ns) in [
            ("gp", NS_GEOPRIV),
            ("bp", NS_BASIC_POLICY),
            ("ca", NS_CIVIC),
            ("ms", NS_MSFT_E911),
        ] {
            w.line(1, &format!("xmlns:{prefix}=\"{ns}\""));
        }
        w.line(1, &format!("entity=\"{}\">", escape(&self.entity)));
        w.line(1, &format!("<tuple id=\"{}\">", escape(&self.tuple_id)));
        w.line(2, "<status>");
        w.line(3, "<gp:geopriv>");
        w.line(4, "<gp:location-info>");
        w.line(5, "<ca:civicAddress>");
        for (element, value) in self.civic.iter() {
            w.text(6, &format!("ca:{}", element.name()), value);
        }
        w.line(5, "</ca:civicAddress>");
        w.line(4, "</gp:location-info>");
        w.line(4, "<gp:usage-rules>");
        let allowed = if self.retransmission_allowed {
            "true"
        } else {
            "false"
        };
        w.text(5, "bp:retransmission-allowed", allowed);
        w.line(4, "</gp:usage-rules>");
        if let Some(m) = method {
            w.text(4, "gp:method", m);
        }
        w.line(3, "</gp:geopriv>");
        w.line(3, "<ms:msftE911PidfExtn>");
        w.text(4, "ms:ConferenceUri", &self.conference_uri);
        w.text(4, "ms:ConferenceMode", self.conference_mode.as_str());
        if let Some(tag) = &self.policy_tag_id {
            w.indent(4);
            w.out.push_str(&format!(
                "<LocationPolicyTagID xmlns=\"{NS_POLICY_TAG}\">{}</LocationPolicyTagID>\r\n",
                partial_escape(tag)
            ));
        }
        w.line(3, "</ms:msftE911PidfExtn>");
        w.line(2, "</status>");
        if let Some(t) = &self.timestamp {
            w.text(2, "timestamp", t);
        }
        w.line(1, "</tuple>");
        w.line(0, "</presence>");
        Ok(w.out)
    }
}

/// The document being written, a line at a time.
#[derive(Default)]
struct Lines {
    out: String,
}

impl Lines {
    fn indent(&mut self, level: usize) {
        for _ in 0..level {
            self.out.push_str("  ");
        }
    }

    fn line(&mut self, level: usize, text: &str) {
        self.indent(level);
        self.out.push_str(text);
        self.out.push_str("\r\n");
    }

    /// `<name>text</name>`, the text escaped (`<`, `>`, `&`).
    fn text(&mut self, level: usize, name: &str, text: &str) {
        self.indent(level);
        self.out
            .push_str(&format!("<{name}>{}</{name}>\r\n", partial_escape(text)));
    }
}
