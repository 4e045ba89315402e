//! The `+sip.instance` Contact parameter restricted to a UUID URN (MS-SIPRE 2.2.4, 3.3).

use super::error::ExtError;
use super::lws::leading_lws;
use super::uuid_text::UuidText;
use crate::sip::scan::trim_lws;
use std::fmt;

/// `"urn:" UUID-NID ":"` (RFC 2141, RFC 4122), matched case-insensitively.
const URN_UUID_PREFIX: &str = "urn:uuid:";

/// The value of a `+sip.instance` Contact parameter: `"<urn:uuid:UUID>"` (MS-SIPRE 2.2.4).
///
/// The URN is kept as written; [`fmt::Display`] prints the quoted parameter value back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SipInstance {
    urn: String,
    uuid: UuidText,
}

impl SipInstance {
    /// Parses the parameter value `LDQUOTE "<" UUID-URN ">" RDQUOTE` (MS-SIPRE 2.2.4), i.e.
    /// what follows `+sip.instance=`. White space around the quotes is allowed, as LDQUOTE and
    /// RDQUOTE allow it.
    pub fn parse(s: &str) -> Result<SipInstance, ExtError> {
        let start = leading_lws(s);
        let inner = trim_lws(s);
        let b = inner.as_bytes();
        if b.first() != Some(&b'"') {
            return Err(ExtError::new(
                "+sip.instance: value must be a quoted string",
                start,
            ));
        }
        if b.get(1) != Some(&b'<') {
            return Err(ExtError::new(
                "+sip.instance: expected '<' after the quote",
                start + 1,
            ));
        }
        if b.len() < 4 || b[b.len() - 1] != b'"' {
            return Err(ExtError::new(
                "+sip.instance: missing closing quote",
                start + b.len(),
            ));
        }
        if b[b.len() - 2] != b'>' {
            return Err(ExtError::new(
                "+sip.instance: expected '>' before the closing quote",
                start + b.len() - 2,
            ));
        }
        let urn = &inner[2..inner.len() - 2];
        SipInstance::from_urn(urn).map_err(|e| e.at(start + 2))
    }

    /// Parses a bare UUID URN, `urn:uuid:` followed by a UUID (RFC 4122 section 3); the
    /// `urn` and `uuid` names match case-insensitively (RFC 2141).
    pub fn from_urn(urn: &str) -> Result<SipInstance, ExtError> {
        let prefix = urn.get(..URN_UUID_PREFIX.len());
        if !prefix.is_some_and(|p| p.eq_ignore_ascii_case(URN_UUID_PREFIX)) {
            return Err(ExtError::new("+sip.instance: not a urn:uuid: URN", 0));
        }
        let uuid = UuidText::parse(&urn[URN_UUID_PREFIX.len()..])
            .map_err(|e| e.at(URN_UUID_PREFIX.len()))?;
        Ok(SipInstance {
            urn: urn.to_owned(),
            uuid,
        })
    }

    /// The instance of a UUID, written `urn:uuid:` + the lower-case 8-4-4-4-12 form.
    pub fn from_uuid(u: uuid::Uuid) -> SipInstance {
        let uuid = UuidText::from_uuid(u);
        SipInstance {
            urn: format!("{URN_UUID_PREFIX}{uuid}"),
            uuid,
        }
    }

    /// The URN, e.g. `urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697`.
    pub fn urn(&self) -> &str {
        &self.urn
    }

    /// The URN, taken out of the instance (no copy).
    pub fn into_urn(self) -> String {
        self.urn
    }

    /// The UUID inside the URN.
    pub fn uuid(&self) -> &UuidText {
        &self.uuid
    }
}

impl fmt::Display for SipInstance {
    /// The parameter value: `"<urn:uuid:...>"`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"<{}>\"", self.urn)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEC: &str = "\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"";

    #[test]
    fn round_trips_the_spec_value() {
        // MS-SIPRE 4.2 and 4.4.
        let i = SipInstance::parse(SPEC).unwrap();
        assert_eq!(i.urn(), "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697");
        assert_eq!(i.uuid().as_str(), "4b1682a8-f968-5701-83fc-7c6741dc6697");
        assert_eq!(i.to_string(), SPEC);
        assert_eq!(SipInstance::parse(&i.to_string()).unwrap(), i);
    }

    #[test]
    fn accepts_case_insensitive_names_and_white_space() {
        assert_eq!(
            SipInstance::parse(&format!("\r\n {SPEC}\t"))
                .unwrap()
                .to_string(),
            SPEC
        );
        assert_eq!(SipInstance::parse("\r\n \"<x").unwrap_err().offset, 6);
        let i =
            SipInstance::parse(" \"<URN:UUID:75AB1008-bcc4-5544-924d-aa177c824291>\" ").unwrap();
        assert_eq!(
            i.to_string(),
            "\"<URN:UUID:75AB1008-bcc4-5544-924d-aa177c824291>\""
        );
        assert_eq!(
            i.uuid().uuid(),
            SipInstance::from_urn("urn:uuid:75ab1008-bcc4-5544-924d-aa177c824291")
                .unwrap()
                .uuid()
                .uuid()
        );
    }

    #[test]
    fn refuses_what_is_not_a_quoted_uuid_urn() {
        let e = |s: &str| SipInstance::parse(s).unwrap_err();
        assert_eq!(
            e("<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>").offset,
            0
        );
        assert_eq!(
            e("\"urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697\"").offset,
            1
        );
        assert_eq!(
            e("\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>").offset,
            48
        );
        assert_eq!(
            e("\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697\"").offset,
            46
        );
        assert_eq!(e("\"<").offset, 2);
        assert_eq!(e("\"").offset, 1);
        assert_eq!(e("").offset, 0);
        // MS-SIPRE 4.10 prints the UUID without hyphens: not a UUID URN.
        assert_eq!(
            e("\"<urn:uuid:75ab1008bcc45544924daa177c824291>\"").offset,
            19
        );
        assert_eq!(e("\"<urn:oid:1.2.3>\"").offset, 2);
        assert_eq!(e("\"<sip:alice@contoso.com>\"").offset, 2);
        assert!(SipInstance::from_urn("urn:uuid:").is_err());
        assert!(SipInstance::from_urn("urn:uui").is_err());
        assert!(SipInstance::from_urn("urn:uuidé4b1682a8-f968-5701-83fc-7c6741dc669").is_err());
    }

    #[test]
    fn builds_from_a_uuid() {
        let u = uuid::Uuid::from_bytes([0xab; 16]);
        let i = SipInstance::from_uuid(u);
        assert_eq!(i.urn(), "urn:uuid:abababab-abab-abab-abab-abababababab");
        assert_eq!(SipInstance::parse(&i.to_string()).unwrap(), i);
    }
}
