//! The GRUU forms of MS-SIPRE 2.2.2, built from an address-of-record and the URI parameters
//! of 2.2.1.

use super::aor::Aor;
use super::conf_entity::ConfEntity;
use super::error::ExtError;
use super::opaque::OpaqueValue;
use super::phone_context::PhoneContext;
use super::pvalue::check_pvalue;
use super::server_type::ServerType;
use crate::sip::{Host, Param, Params, Uri};
use std::fmt;

/// A Globally Routable User Agent URI in one of the forms of MS-SIPRE 2.2.2.
///
/// [`Gruu::parse`] takes the URI text (`sip:alice@contoso.com;gruu;opaque=app:voicemail`).
/// [`fmt::Display`] writes the form MS-SIPRE section 4 prints: the address-of-record, then
/// `;gruu`, then `;opaque=...`, then (location profile only) `;default` and `;phone-context=`.
/// Parameter order carries no meaning in a URI (RFC 3261 19.1.4), so a GRUU written with
/// `opaque` first (as in MS-SIPRE 4.10) parses to the same value.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Gruu {
    /// `user-agent-gruu`: `opaque=user:epid:<encoded-uuid-val>` (MS-SIPRE 3.4.5.1).
    UserAgent { aor: Aor, encoded_uuid: String },
    /// `voice-mail-gruu`: `opaque=app:voicemail`.
    VoiceMail { aor: Aor },
    /// `location-profile-gruu`: `opaque=app:locationprofile:get`, optionally `default` and
    /// `phone-context`.
    LocationProfile {
        aor: Aor,
        default: bool,
        phone_context: Option<PhoneContext>,
    },
    /// `conf-endpoint-gruu`: `opaque=app:conf:<entity>:id:<id>`.
    Conference {
        aor: Aor,
        entity: ConfEntity,
        id: String,
    },
    /// `server-instance-gruu`: `sip:<server-fqdn>@<domain-fqdn>` with
    /// `opaque=srvr:<type>:<instance>`.
    ServerInstance {
        aor: Aor,
        server_type: ServerType,
        instance: String,
    },
    /// A GRUU whose `opaque` parameter is absent, a `state-opaque-val` or another `pvalue`
    /// (MS-SIPRE 3.4.5.1 makes `opaque` a SHOULD, and 2.2.1 admits any pvalue).
    Other {
        aor: Aor,
        opaque: Option<OpaqueValue>,
    },
}

/// What one pass over the parameters found.
#[derive(Default)]
struct Found {
    gruu: bool,
    opaque: Option<OpaqueValue>,
    default: Option<usize>,
    phone_context: Option<(PhoneContext, usize)>,
    grid: Option<Option<String>>,
}

impl Gruu {
    /// Parses a GRUU URI. The `gruu` parameter is required (MS-SIPRE 3.4.5.1); the other
    /// parameters must be those of the matching 2.2.2 form, each at most once (RFC 3261
    /// 19.1.1). A server-instance GRUU needs a host name as its user part.
    pub fn parse(s: &str) -> Result<Gruu, ExtError> {
        Gruu::parse_with(s, Extra::Refuse).map(|(g, _)| g)
    }

    fn parse_with(s: &str, extra: Extra) -> Result<(Gruu, Found), ExtError> {
        let uri = Uri::parse(s)?;
        let aor = Aor::from_uri(&uri)?;
        let params = uri.params.as_str();
        let base = s.len() - params.len();
        let mut found = scan_params(params, extra).map_err(|e| e.at(base))?;
        let grid = found.grid.take();
        let gruu = Gruu::from_found(s, aor, base, found)?;
        Ok((
            gruu,
            Found {
                grid,
                ..Found::default()
            },
        ))
    }

    fn from_found(s: &str, aor: Aor, base: usize, found: Found) -> Result<Gruu, ExtError> {
        if !found.gruu {
            return Err(ExtError::new("GRUU: missing gruu parameter", s.len()));
        }
        let lp_extra = found.default.or(found.phone_context.as_ref().map(|p| p.1));
        if let Some(at) = lp_extra.filter(|_| found.opaque != Some(OpaqueValue::LocationProfile)) {
            return Err(ExtError::new(
                "GRUU: default and phone-context belong to a location-profile GRUU",
                base + at,
            ));
        }
        Ok(match found.opaque {
            Some(OpaqueValue::UserAgent { encoded_uuid }) => Gruu::UserAgent { aor, encoded_uuid },
            Some(OpaqueValue::VoiceMail) => Gruu::VoiceMail { aor },
            Some(OpaqueValue::LocationProfile) => Gruu::LocationProfile {
                aor,
                default: found.default.is_some(),
                phone_context: found.phone_context.map(|p| p.0),
            },
            Some(OpaqueValue::Conference { entity, id }) => Gruu::Conference { aor, entity, id },
            Some(OpaqueValue::Server {
                server_type,
                instance,
            }) => {
                // `sip:` was checked by Aor::from_uri; the user part ends at the first `@`.
                let server_fqdn = s.get(4..).and_then(|r| r.split('@').next()).unwrap_or("");
                if Host::parse(server_fqdn).is_err() {
                    return Err(ExtError::new(
                        "server-instance GRUU: user part is not a server host name",
                        4,
                    ));
                }
                Gruu::ServerInstance {
                    aor,
                    server_type,
                    instance,
                }
            }
            opaque => Gruu::Other { aor, opaque },
        })
    }

    /// The user-agent GRUU of `aor` for an instance whose UUID encodes to `encoded_uuid`
    /// (MS-SIPRE 2.2.2 `user-agent-gruu`, 3.4.5.1).
    pub fn user_agent(aor: Aor, encoded_uuid: &str) -> Result<Gruu, ExtError> {
        check_pvalue(
            encoded_uuid,
            "encoded-uuid-val: empty",
            "encoded-uuid-val: character outside paramchar",
        )?;
        Ok(Gruu::UserAgent {
            aor,
            encoded_uuid: encoded_uuid.to_owned(),
        })
    }

    /// The GRUU with `opaque` before `gruu`, the order MS-SIPRE 4.10 and 4.14 print (the
    /// `gruu=` Contact parameter of a 200 OK to REGISTER, a client's Contact). Same GRUU as
    /// [`fmt::Display`] writes: parameter order carries no meaning.
    pub fn to_string_opaque_first(&self) -> String {
        let mut s = self.aor().to_string();
        if let Some(opaque) = self.opaque() {
            s.push_str(";opaque=");
            s.push_str(&opaque.to_string());
        }
        s.push_str(";gruu");
        if let Gruu::LocationProfile {
            default,
            phone_context,
            ..
        } = self
        {
            if *default {
                s.push_str(";default");
            }
            if let Some(pc) = phone_context {
                s.push_str(";phone-context=");
                s.push_str(&pc.to_string());
            }
        }
        s
    }

    /// The address-of-record: the GRUU without its `gruu`, `opaque` and location-profile
    /// parameters (MS-SIPRE 3.4.5.1 requires it to be equivalent to the registered AOR).
    pub fn aor(&self) -> &Aor {
        match self {
            Gruu::UserAgent { aor, .. }
            | Gruu::VoiceMail { aor }
            | Gruu::LocationProfile { aor, .. }
            | Gruu::Conference { aor, .. }
            | Gruu::ServerInstance { aor, .. }
            | Gruu::Other { aor, .. } => aor,
        }
    }

    /// The `opaque` parameter value, if there is one.
    pub fn opaque(&self) -> Option<OpaqueValue> {
        match self {
            Gruu::UserAgent { encoded_uuid, .. } => Some(OpaqueValue::UserAgent {
                encoded_uuid: encoded_uuid.clone(),
            }),
            Gruu::VoiceMail { .. } => Some(OpaqueValue::VoiceMail),
            Gruu::LocationProfile { .. } => Some(OpaqueValue::LocationProfile),
            Gruu::Conference { entity, id, .. } => Some(OpaqueValue::Conference {
                entity: *entity,
                id: id.clone(),
            }),
            Gruu::ServerInstance {
                server_type,
                instance,
                ..
            } => Some(OpaqueValue::Server {
                server_type: *server_type,
                instance: instance.clone(),
            }),
            Gruu::Other { opaque, .. } => opaque.clone(),
        }
    }
}

/// How a URI that is used as a GRUU (a Request-URI, a Contact) carries parameters besides the
/// GRUU's own.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Extra {
    /// Only the parameters of the 2.2.2 form: the GRUU as a registrar writes it.
    Refuse,
    /// `grid` (MS-SIPRE 3.4.4.1) and any other URI parameter are set aside.
    SetAside,
}

/// A URI that addresses a GRUU: the GRUU itself and the `grid` parameter that tells the GRUUs
/// of one instance apart (MS-SIPRE 3.4.4.1, 3.4.5.2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GruuTarget {
    pub gruu: Gruu,
    /// `None` without `grid`; `Some(None)` for a `grid` without value.
    pub grid: Option<Option<String>>,
}

impl GruuTarget {
    /// Parses a URI carrying the `gruu` parameter as a Request-URI or a Contact does: the
    /// parameters of the GRUU form (2.2.2) make the GRUU, `grid` is kept apart, and other URI
    /// parameters (`transport`, `ms-fe`, ...) do not change which GRUU it is.
    pub fn parse(s: &str) -> Result<GruuTarget, ExtError> {
        let (gruu, found) = Gruu::parse_with(s, Extra::SetAside)?;
        Ok(GruuTarget {
            gruu,
            grid: found.grid,
        })
    }

    /// The grid value worth copying to a new target: `None` when absent or empty, so the
    /// proxy inserts its own (MS-SIPRE 3.4.5.2).
    pub fn grid_value(&self) -> Option<&str> {
        self.grid
            .as_ref()
            .and_then(|g| g.as_deref())
            .filter(|g| !g.is_empty())
    }
}

/// Walks `;name[=value]` parameters (already checked against the URI grammar by
/// [`Uri::parse`]) with the SIP layer's parameter walk, keeping those a GRUU may carry and refusing the rest (or setting them
/// aside). Offsets are relative to `params`.
fn scan_params(params: &str, extra: Extra) -> Result<Found, ExtError> {
    let mut found = Found::default();
    for p in Params::new(params).placed() {
        let Param { name, value } = p.param;
        let off = p.name.start;
        let value_at = p.value.map_or(p.name.end, |v| v.start);
        let dup = || ExtError::new("GRUU: parameter appears more than once", off);
        let flag = |v: Option<&str>, what: &'static str| match v {
            Some(_) => Err(ExtError::new(what, off + name.len())),
            None => Ok(()),
        };
        if name.eq_ignore_ascii_case("gruu") {
            flag(value, "gruu: takes no value")?;
            if std::mem::replace(&mut found.gruu, true) {
                return Err(dup());
            }
        } else if name.eq_ignore_ascii_case("opaque") {
            if found.opaque.is_some() {
                return Err(dup());
            }
            let v = value.ok_or(ExtError::new("opaque: missing value", off + name.len()))?;
            found.opaque = Some(OpaqueValue::parse(v).map_err(|e| e.at(value_at))?);
        } else if name.eq_ignore_ascii_case("default") {
            flag(value, "default: takes no value")?;
            if found.default.replace(off).is_some() {
                return Err(dup());
            }
        } else if name.eq_ignore_ascii_case("phone-context") {
            if found.phone_context.is_some() {
                return Err(dup());
            }
            let v = value.ok_or(ExtError::new(
                "phone-context: missing value",
                off + name.len(),
            ))?;
            let pc = PhoneContext::parse(v).map_err(|e| e.at(value_at))?;
            found.phone_context = Some((pc, off));
        } else if extra == Extra::SetAside {
            if name.eq_ignore_ascii_case("grid") && found.grid.is_none() {
                found.grid = Some(value.map(str::to_owned));
            }
        } else {
            return Err(ExtError::new(
                "GRUU: parameter not allowed by MS-SIPRE 2.2.2",
                off,
            ));
        }
    }
    Ok(found)
}

impl fmt::Display for Gruu {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{};gruu", self.aor())?;
        if let Some(opaque) = self.opaque() {
            write!(f, ";opaque={opaque}")?;
        }
        if let Gruu::LocationProfile {
            default,
            phone_context,
            ..
        } = self
        {
            if *default {
                f.write_str(";default")?;
            }
            if let Some(pc) = phone_context {
                write!(f, ";phone-context={pc}")?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn aor(s: &str) -> Aor {
        Aor::parse(s).unwrap()
    }

    #[test]
    fn user_agent_form() {
        let g = Gruu::parse("sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA")
            .unwrap();
        assert_eq!(
            g,
            Gruu::UserAgent {
                aor: aor("sip:alice@contoso.com"),
                encoded_uuid: "qIIWS2j5AVeD_HxnQdxmlwAA".into()
            }
        );
        assert_eq!(
            Gruu::user_agent(aor("sip:alice@contoso.com"), "qIIWS2j5AVeD_HxnQdxmlwAA").unwrap(),
            g
        );
        assert!(Gruu::user_agent(aor("sip:alice@contoso.com"), "").is_err());
        assert!(Gruu::user_agent(aor("sip:alice@contoso.com"), "a;b").is_err());
    }

    #[test]
    fn location_profile_form() {
        let s = "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default;phone-context=Redmond";
        let g = Gruu::parse(s).unwrap();
        assert_eq!(
            g,
            Gruu::LocationProfile {
                aor: aor("sip:alice@contoso.com"),
                default: true,
                phone_context: Some(PhoneContext::Domain("Redmond".into()))
            }
        );
        assert_eq!(g.to_string(), s);
        let g = Gruu::parse(
            "sip:alice@contoso.com;phone-context=+1-425;opaque=app:locationprofile:get;gruu",
        )
        .unwrap();
        assert_eq!(
            g.to_string(),
            "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context=+1-425"
        );
    }

    #[test]
    fn other_form_keeps_unknown_opaque_values() {
        let g = Gruu::parse("sip:alice@contoso.com;gruu").unwrap();
        assert_eq!(
            g,
            Gruu::Other {
                aor: aor("sip:alice@contoso.com"),
                opaque: None
            }
        );
        assert_eq!(g.to_string(), "sip:alice@contoso.com;gruu");
        let g = Gruu::parse("sip:alice@contoso.com;gruu;opaque=state:abc").unwrap();
        assert_eq!(g.opaque(), Some(OpaqueValue::State("abc".into())));
    }

    #[test]
    fn opaque_first_is_the_order_of_section_4_10() {
        let g = Gruu::parse("sip:alice@contoso.com;gruu;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA")
            .unwrap();
        let written = g.to_string_opaque_first();
        assert_eq!(
            written,
            "sip:alice@contoso.com;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA;gruu"
        );
        assert_eq!(Gruu::parse(&written).unwrap(), g);
        let lp = "sip:alice@contoso.com;opaque=app:locationprofile:get;gruu;default;phone-context=Redmond";
        assert_eq!(Gruu::parse(lp).unwrap().to_string_opaque_first(), lp);
        assert_eq!(
            Gruu::parse("sip:a@b.example;gruu")
                .unwrap()
                .to_string_opaque_first(),
            "sip:a@b.example;gruu"
        );
    }

    #[test]
    fn a_target_uri_sets_grid_and_other_parameters_aside() {
        let t = GruuTarget::parse(
            "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA;grid=a1;transport=tls",
        )
        .unwrap();
        assert_eq!(t.grid, Some(Some("a1".into())));
        assert_eq!(t.grid_value(), Some("a1"));
        assert_eq!(
            t.gruu.to_string(),
            "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"
        );
        let t = GruuTarget::parse("sip:alice@contoso.com;gruu;grid").unwrap();
        assert_eq!((t.grid.clone(), t.grid_value()), (Some(None), None));
        let t = GruuTarget::parse("sip:alice@contoso.com;gruu").unwrap();
        assert_eq!(t.grid, None);
        // The GRUU's own rules still hold; the plain parser refuses grid.
        assert!(GruuTarget::parse("sip:alice@contoso.com;grid=a1").is_err());
        assert!(GruuTarget::parse("sip:alice@contoso.com;gruu;gruu").is_err());
        assert!(Gruu::parse("sip:alice@contoso.com;gruu;grid=a1").is_err());
    }

    #[test]
    fn refuses_what_is_not_a_gruu() {
        let e = |s: &str| Gruu::parse(s).unwrap_err();
        assert_eq!(
            e("sip:alice@contoso.com;opaque=app:voicemail"),
            ExtError::new("GRUU: missing gruu parameter", 42)
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;gruu").what,
            "GRUU: parameter appears more than once"
        );
        assert_eq!(e("sip:alice@contoso.com;gruu;opaque=a;OPAQUE=b").offset, 36);
        assert_eq!(
            e("sip:alice@contoso.com;gruu=1"),
            ExtError::new("gruu: takes no value", 26)
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;transport=tls"),
            ExtError::new("GRUU: parameter not allowed by MS-SIPRE 2.2.2", 27)
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque=app:voicemail;default").offset,
            48
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;phone-context=Redmond").offset,
            27
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default=1").offset,
            65
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default;default").offset,
            66
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context=-x").offset,
            72
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context").offset,
            71
        );
        assert_eq!(
            e("sip:alice@contoso.com;gruu;opaque").what,
            "opaque: missing value"
        );
        assert_eq!(
            e("sips:alice@contoso.com;gruu").what,
            "address-of-record: not a sip: URI"
        );
        assert_eq!(
            e("sip:contoso.com;gruu").what,
            "address-of-record: missing user@ part"
        );
        assert_eq!(
            e("sip:alice@contoso.com:5061;gruu").what,
            "address-of-record: port not allowed"
        );
        assert!(Gruu::parse("sip:alice@contoso.com;gruu;opaque=a b").is_err());
        assert!(Gruu::parse("<sip:alice@contoso.com;gruu>").is_err());
        assert!(Gruu::parse("").is_err());
        assert_eq!(
            e("sip:help_desk@fabrikam.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA"),
            ExtError::new(
                "server-instance GRUU: user part is not a server host name",
                4
            )
        );
    }
}
