//! The value of the `opaque` URI parameter (MS-SIPRE 2.2.1 `opaque-value`), which tells what a
//! GRUU stands for.

use super::conf_entity::ConfEntity;
use super::error::ExtError;
use super::pvalue::check_pvalue;
use super::server_type::ServerType;
use std::fmt;

/// One `opaque-value` of MS-SIPRE 2.2.1.
///
/// The grammar ends with `/ pvalue`, so any paramchar string is a valid opaque value: text
/// that does not fit one of the typed forms is kept as [`OpaqueValue::Other`]. Keywords match
/// case-insensitively (RFC 5234 2.3) and are written back in the spelling of 2.2.1; the
/// encoded values are kept as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OpaqueValue {
    /// `ua-opaque-val = "user:epid:" encoded-uuid-val`: a user agent's instance.
    UserAgent { encoded_uuid: String },
    /// `app-voicemail-opaque-val = "app:voicemail"`.
    VoiceMail,
    /// `app-locationprofile-opaque-val = "app:locationprofile:get"`.
    LocationProfile,
    /// `app-conf-opaque-val = "app:conf:" conf-entity-val ":id:" encoded-conf-id-val`.
    Conference { entity: ConfEntity, id: String },
    /// `server-opaque-val = "srvr:" server-type-val ":" encoded-server-instance-val`.
    Server {
        server_type: ServerType,
        instance: String,
    },
    /// `state-opaque-val = "state:" pvalue` (route state kept by a proxy).
    State(String),
    /// Any other `pvalue`.
    Other(String),
}

const UA: &str = "user:epid:";
const VOICEMAIL: &str = "app:voicemail";
const LOCATION_PROFILE: &str = "app:locationprofile:get";
const CONF: &str = "app:conf:";
const CONF_ID: &str = "id:";
const SERVER: &str = "srvr:";
const STATE: &str = "state:";

/// `s` without `prefix` (matched case-insensitively), when it starts with it.
fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

impl OpaqueValue {
    /// Parses the value of an `opaque` URI parameter (what follows `opaque=`).
    pub fn parse(s: &str) -> Result<OpaqueValue, ExtError> {
        check_pvalue(
            s,
            "opaque: empty value",
            "opaque: character outside paramchar",
        )?;
        Ok(Self::typed(s).unwrap_or_else(|| OpaqueValue::Other(s.to_owned())))
    }

    /// The typed form of a pvalue, if it has one.
    fn typed(s: &str) -> Option<OpaqueValue> {
        if let Some(enc) = strip_prefix_ci(s, UA) {
            return (!enc.is_empty()).then(|| OpaqueValue::UserAgent {
                encoded_uuid: enc.into(),
            });
        }
        if s.eq_ignore_ascii_case(VOICEMAIL) {
            return Some(OpaqueValue::VoiceMail);
        }
        if s.eq_ignore_ascii_case(LOCATION_PROFILE) {
            return Some(OpaqueValue::LocationProfile);
        }
        if let Some(rest) = strip_prefix_ci(s, CONF) {
            let (entity, after) = rest.split_once(':')?;
            let entity = ConfEntity::parse(entity).ok()?;
            let id = strip_prefix_ci(after, CONF_ID)?;
            return (!id.is_empty()).then(|| OpaqueValue::Conference {
                entity,
                id: id.into(),
            });
        }
        if let Some(rest) = strip_prefix_ci(s, SERVER) {
            let (ty, instance) = rest.split_once(':')?;
            let server_type = ServerType::parse(ty).ok()?;
            return (!instance.is_empty()).then(|| OpaqueValue::Server {
                server_type,
                instance: instance.into(),
            });
        }
        if let Some(state) = strip_prefix_ci(s, STATE) {
            return (!state.is_empty()).then(|| OpaqueValue::State(state.into()));
        }
        None
    }
}

impl fmt::Display for OpaqueValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            OpaqueValue::UserAgent { encoded_uuid } => write!(f, "{UA}{encoded_uuid}"),
            OpaqueValue::VoiceMail => f.write_str(VOICEMAIL),
            OpaqueValue::LocationProfile => f.write_str(LOCATION_PROFILE),
            OpaqueValue::Conference { entity, id } => write!(f, "{CONF}{entity}:{CONF_ID}{id}"),
            OpaqueValue::Server {
                server_type,
                instance,
            } => {
                write!(f, "{SERVER}{server_type}:{instance}")
            }
            OpaqueValue::State(v) => write!(f, "{STATE}{v}"),
            OpaqueValue::Other(v) => f.write_str(v),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn round_trip(s: &str) -> OpaqueValue {
        let v = OpaqueValue::parse(s).unwrap();
        assert_eq!(v.to_string(), s);
        v
    }

    #[test]
    fn typed_forms_from_the_spec() {
        // MS-SIPRE 4.3, 4.6, 4.13.
        assert_eq!(
            round_trip("user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"),
            OpaqueValue::UserAgent {
                encoded_uuid: "qIIWS2j5AVeD_HxnQdxmlwAA".into()
            }
        );
        assert_eq!(round_trip("app:voicemail"), OpaqueValue::VoiceMail);
        assert_eq!(
            round_trip("app:locationprofile:get"),
            OpaqueValue::LocationProfile
        );
        assert_eq!(
            round_trip("app:conf:focus:id:36022956C3FC3243B8121CD611363ED0"),
            OpaqueValue::Conference {
                entity: ConfEntity::Focus,
                id: "36022956C3FC3243B8121CD611363ED0".into()
            }
        );
        assert_eq!(
            round_trip("app:conf:chat:id:36022956C3FC3243B8121CD611363ED0"),
            OpaqueValue::Conference {
                entity: ConfEntity::Chat,
                id: "36022956C3FC3243B8121CD611363ED0".into()
            }
        );
        assert_eq!(
            round_trip("srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA"),
            OpaqueValue::Server {
                server_type: ServerType::HomeServer,
                instance: "VWIdpJWTA1eatgf05sHGswAA".into()
            }
        );
        assert_eq!(
            round_trip("state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA"),
            OpaqueValue::State("F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA".into())
        );
        assert_eq!(
            round_trip("state:F:Ci.R2"),
            OpaqueValue::State("F:Ci.R2".into())
        );
        for e in ConfEntity::ALL {
            let s = format!("app:conf:{e}:id:X1");
            assert_eq!(
                round_trip(&s),
                OpaqueValue::Conference {
                    entity: e,
                    id: "X1".into()
                }
            );
        }
        for t in ServerType::ALL {
            let s = format!("srvr:{t}:abc");
            assert_eq!(
                round_trip(&s),
                OpaqueValue::Server {
                    server_type: t,
                    instance: "abc".into()
                }
            );
        }
    }

    #[test]
    fn spec_misspellings_are_plain_pvalues() {
        // MS-SIPRE 4.3 writes "svr:" and "audiovideo" where the 2.2.1 grammar (and 4.13) has
        // "srvr:" and "audio-video": they are valid opaque values, but not typed forms.
        for s in [
            "svr:HomeServer:dL8cwxBrTuG8eC4-Q_GNGAAA",
            "svr:QoS:WftfTuTVQCSAB0ZJi-j7qAAA",
            "app:conf:audiovideo:id:36022956C3FC3243B8121CD611363ED0",
            "srvr:QoSM:abc",
            "user",
            "user:epid:",
            "app:conf:focus:36022956",
            "app:conf:focus:id:",
            "srvr:HomeServer",
            "srvr:HomeServer:",
            "state:",
        ] {
            assert_eq!(round_trip(s), OpaqueValue::Other(s.into()), "{s}");
        }
    }

    #[test]
    fn keywords_are_case_insensitive() {
        let v = OpaqueValue::parse("USER:EPID:qIIWS2j5AVeD_HxnQdxmlwAA").unwrap();
        assert_eq!(v.to_string(), "user:epid:qIIWS2j5AVeD_HxnQdxmlwAA");
        let v = OpaqueValue::parse("App:Conf:Audio-Video:ID:x").unwrap();
        assert_eq!(v.to_string(), "app:conf:audio-video:id:x");
        assert_eq!(
            OpaqueValue::parse("APP:VOICEMAIL").unwrap(),
            OpaqueValue::VoiceMail
        );
    }

    #[test]
    fn refuses_what_is_not_a_pvalue() {
        assert_eq!(OpaqueValue::parse("").unwrap_err().offset, 0);
        // MS-SIPRE 4.5 prints "opaque=user;epid:...": the ';' ends the value.
        assert_eq!(
            OpaqueValue::parse("user;epid:qIIWS2j5AVeD_HxnQdxmlwAA")
                .unwrap_err()
                .offset,
            4
        );
        assert_eq!(OpaqueValue::parse("app:voice mail").unwrap_err().offset, 9);
        assert_eq!(OpaqueValue::parse("user:epid:a=b").unwrap_err().offset, 11);
        assert_eq!(OpaqueValue::parse("user:epid:%4").unwrap_err().offset, 10);
        assert!(OpaqueValue::parse("\"app:voicemail\"").is_err());
        assert!(OpaqueValue::parse("userépid").is_err());
    }
}
