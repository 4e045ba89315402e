//! The SIP URI parameters that MS-SIPRE 2.2.1 adds to `uri-parameter`, with their values
//! checked.

use super::error::ExtError;
use super::opaque::OpaqueValue;
use super::phone_context::PhoneContext;
use super::pvalue::check_pvalue;
use crate::sip::scan::decimal::decimal;
use std::fmt;
use std::net::Ipv6Addr;

/// One URI parameter of MS-SIPRE 2.2.1. Values are kept as written; names match
/// case-insensitively (RFC 3261 19.1.4) and are written back in the spelling of 2.2.1.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum MsUriParam {
    /// `opaque=` opaque-value (what a GRUU stands for).
    Opaque(OpaqueValue),
    /// `gruu`: the URI is a GRUU.
    Gruu,
    /// `grid[=pvalue]`: tells GRUUs of one instance apart (MS-SIPRE 3.4.4.1).
    Grid(Option<String>),
    /// `received=` IPv4address / IPv6address (no brackets), set by a proxy (MS-SIPRE 3.5).
    Received(String),
    /// `ms-opaque=` pvalue.
    MsOpaque(String),
    /// `ms-received-cid=` pvalue: the connection a request came in on (MS-SIPRE 3.5).
    MsReceivedCid(String),
    /// `ms-route-sig=` pvalue: signature over a Record-Route (MS-SIPRE 3.6).
    MsRouteSig(String),
    /// `ms-key-info=` pvalue: the signing key, encrypted (MS-SIPRE 3.6).
    MsKeyInfo(String),
    /// `ms-identity=` pvalue.
    MsIdentity(String),
    /// `ms-fe=` pvalue: the front end that holds the state.
    MsFe(String),
    /// `ms-role-rs-to`.
    MsRoleRsTo,
    /// `ms-role-rs-from`.
    MsRoleRsFrom,
    /// `ms-ent-dest`.
    MsEntDest,
    /// `default` (location-profile GRUU).
    Default,
    /// `phone-context=` descriptor (location-profile GRUU).
    PhoneContext(PhoneContext),
}

/// The shape of a parameter's value.
enum Shape {
    Flag(fn() -> MsUriParam),
    Pvalue(fn(String) -> MsUriParam),
}

/// The `name=pvalue` and flag parameters, by name.
const SIMPLE: [(&str, Shape); 10] = [
    ("gruu", Shape::Flag(|| MsUriParam::Gruu)),
    ("ms-opaque", Shape::Pvalue(MsUriParam::MsOpaque)),
    ("ms-received-cid", Shape::Pvalue(MsUriParam::MsReceivedCid)),
    ("ms-route-sig", Shape::Pvalue(MsUriParam::MsRouteSig)),
    ("ms-key-info", Shape::Pvalue(MsUriParam::MsKeyInfo)),
    ("ms-identity", Shape::Pvalue(MsUriParam::MsIdentity)),
    ("ms-fe", Shape::Pvalue(MsUriParam::MsFe)),
    ("ms-role-rs-to", Shape::Flag(|| MsUriParam::MsRoleRsTo)),
    ("ms-role-rs-from", Shape::Flag(|| MsUriParam::MsRoleRsFrom)),
    ("ms-ent-dest", Shape::Flag(|| MsUriParam::MsEntDest)),
];

impl MsUriParam {
    /// Parses a parameter from its name and raw value (`None` when written without `=`).
    /// `Ok(None)` means the name is not one of MS-SIPRE 2.2.1's additions (e.g. `transport`,
    /// `lr` or an `other-param`). Error offsets count from the start of the value.
    pub fn parse(name: &str, value: Option<&str>) -> Result<Option<MsUriParam>, ExtError> {
        let is = |n: &str| name.eq_ignore_ascii_case(n);
        let need = |what: &'static str| value.ok_or(ExtError::new(what, 0));
        let p = if is("opaque") {
            MsUriParam::Opaque(OpaqueValue::parse(need("opaque: missing value")?)?)
        } else if is("grid") {
            if let Some(v) = value {
                check_pvalue(v, "grid: empty value", "grid: character outside paramchar")?;
            }
            MsUriParam::Grid(value.map(str::to_owned))
        } else if is("received") {
            let v = need("received: missing value")?;
            check_ip_address(v)?;
            MsUriParam::Received(v.to_owned())
        } else if is("default") {
            if value.is_some() {
                return Err(ExtError::new("default: takes no value", 0));
            }
            MsUriParam::Default
        } else if is("phone-context") {
            MsUriParam::PhoneContext(PhoneContext::parse(need("phone-context: missing value")?)?)
        } else if let Some((_, shape)) = SIMPLE.iter().find(|(n, _)| is(n)) {
            match (shape, value) {
                (Shape::Flag(make), None) => make(),
                (Shape::Flag(_), Some(_)) => {
                    return Err(ExtError::new("MS URI parameter: flag takes no value", 0));
                }
                (Shape::Pvalue(_), None) => {
                    return Err(ExtError::new("MS URI parameter: missing value", 0));
                }
                (Shape::Pvalue(make), Some(v)) => {
                    check_pvalue(
                        v,
                        "MS URI parameter: empty value",
                        "MS URI parameter: character outside paramchar",
                    )?;
                    make(v.to_owned())
                }
            }
        } else {
            return Ok(None);
        };
        Ok(Some(p))
    }

    /// Parses `name[=value]` (one parameter, without its leading `;`). Error offsets count from
    /// the start of `s`.
    pub fn parse_text(s: &str) -> Result<Option<MsUriParam>, ExtError> {
        match s.split_once('=') {
            Some((n, v)) => MsUriParam::parse(n, Some(v)).map_err(|e| e.at(n.len() + 1)),
            None => MsUriParam::parse(s, None),
        }
    }

    /// The parameter name, as spelt in MS-SIPRE 2.2.1.
    pub fn name(&self) -> &'static str {
        match self {
            MsUriParam::Opaque(_) => "opaque",
            MsUriParam::Gruu => "gruu",
            MsUriParam::Grid(_) => "grid",
            MsUriParam::Received(_) => "received",
            MsUriParam::MsOpaque(_) => "ms-opaque",
            MsUriParam::MsReceivedCid(_) => "ms-received-cid",
            MsUriParam::MsRouteSig(_) => "ms-route-sig",
            MsUriParam::MsKeyInfo(_) => "ms-key-info",
            MsUriParam::MsIdentity(_) => "ms-identity",
            MsUriParam::MsFe(_) => "ms-fe",
            MsUriParam::MsRoleRsTo => "ms-role-rs-to",
            MsUriParam::MsRoleRsFrom => "ms-role-rs-from",
            MsUriParam::MsEntDest => "ms-ent-dest",
            MsUriParam::Default => "default",
            MsUriParam::PhoneContext(_) => "phone-context",
        }
    }

    /// The value as it would be written after `=`; `None` for flags.
    pub fn value(&self) -> Option<String> {
        match self {
            MsUriParam::Opaque(v) => Some(v.to_string()),
            MsUriParam::PhoneContext(v) => Some(v.to_string()),
            MsUriParam::Grid(v) => v.clone(),
            MsUriParam::Received(v)
            | MsUriParam::MsOpaque(v)
            | MsUriParam::MsReceivedCid(v)
            | MsUriParam::MsRouteSig(v)
            | MsUriParam::MsKeyInfo(v)
            | MsUriParam::MsIdentity(v)
            | MsUriParam::MsFe(v) => Some(v.clone()),
            MsUriParam::Gruu
            | MsUriParam::MsRoleRsTo
            | MsUriParam::MsRoleRsFrom
            | MsUriParam::MsEntDest
            | MsUriParam::Default => None,
        }
    }
}

impl fmt::Display for MsUriParam {
    /// `name` or `name=value`, without a leading `;`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())?;
        match self.value() {
            Some(v) => write!(f, "={v}"),
            None => Ok(()),
        }
    }
}

/// `IPv4address / IPv6address` (RFC 3261 25.1), the value of `received`: dotted quads of
/// 1 to 3 digits up to 255, or an IPv6 address without brackets.
fn check_ip_address(s: &str) -> Result<(), ExtError> {
    if s.contains(':') {
        return s
            .parse::<Ipv6Addr>()
            .map(|_| ())
            .map_err(|_| ExtError::new("received: not an IPv6 address", 0));
    }
    let parts: Vec<&str> = s.split('.').collect();
    let mut off = 0;
    if parts.len() != 4 {
        return Err(ExtError::new("received: not an IPv4 or IPv6 address", 0));
    }
    for part in parts {
        let ok = (1..=3).contains(&part.len()) && decimal(part.as_bytes()).is_ok_and(|n| n <= 255);
        if !ok {
            return Err(ExtError::new(
                "received: IPv4 part is not a number up to 255",
                off,
            ));
        }
        off += part.len() + 1;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::Uri;

    fn rt(s: &str) -> MsUriParam {
        let p = MsUriParam::parse_text(s).unwrap().unwrap();
        assert_eq!(p.to_string(), s);
        p
    }

    #[test]
    fn values_from_the_spec_and_corpus() {
        // MS-SIPRE 4.4, 4.5, 4.6 and the corpus.
        assert_eq!(
            rt("ms-opaque=29c344caf9"),
            MsUriParam::MsOpaque("29c344caf9".into())
        );
        assert_eq!(
            rt("ms-received-cid=3540900"),
            MsUriParam::MsReceivedCid("3540900".into())
        );
        assert_eq!(
            rt("ms-route-sig=aalzpOt84oODZx4KmWgmgJLf_WGfEsKwh8YnUbQAA"),
            MsUriParam::MsRouteSig("aalzpOt84oODZx4KmWgmgJLf_WGfEsKwh8YnUbQAA".into())
        );
        assert_eq!(rt("ms-role-rs-from"), MsUriParam::MsRoleRsFrom);
        assert_eq!(rt("ms-role-rs-to"), MsUriParam::MsRoleRsTo);
        assert_eq!(rt("ms-ent-dest"), MsUriParam::MsEntDest);
        assert_eq!(rt("ms-key-info=mACAAODZiZT_XXbu1V_IAQECAAADZgAAAKQAANMFUpbsXZoVmYcoLP8PT9anIkOw7BnvcFRRkZewoiMYj3B61Yac").name(), "ms-key-info");
        assert_eq!(
            rt("ms-identity=abc.def"),
            MsUriParam::MsIdentity("abc.def".into())
        );
        assert_eq!(
            rt("ms-fe=fe1.contoso.com"),
            MsUriParam::MsFe("fe1.contoso.com".into())
        );
        assert_eq!(rt("gruu"), MsUriParam::Gruu);
        assert_eq!(rt("grid"), MsUriParam::Grid(None));
        assert_eq!(rt("grid=a1b2"), MsUriParam::Grid(Some("a1b2".into())));
        assert_eq!(
            rt("received=192.168.0.2"),
            MsUriParam::Received("192.168.0.2".into())
        );
        assert_eq!(
            rt("received=2001:db8::1"),
            MsUriParam::Received("2001:db8::1".into())
        );
        assert_eq!(
            rt("received=::ffff:192.0.2.1"),
            MsUriParam::Received("::ffff:192.0.2.1".into())
        );
        assert_eq!(rt("default"), MsUriParam::Default);
        assert_eq!(
            rt("phone-context=Redmond"),
            MsUriParam::PhoneContext(PhoneContext::Domain("Redmond".into()))
        );
        assert_eq!(
            rt("opaque=state:F:T:Ci.D1200:Ti.dyHFp3e3J0mXFhCDvmsQ7QAA"),
            MsUriParam::Opaque(OpaqueValue::State(
                "F:T:Ci.D1200:Ti.dyHFp3e3J0mXFhCDvmsQ7QAA".into()
            ))
        );
        assert_eq!(
            rt("opaque=app:voicemail"),
            MsUriParam::Opaque(OpaqueValue::VoiceMail)
        );
    }

    #[test]
    fn names_are_case_insensitive_and_others_are_not_ours() {
        assert_eq!(
            MsUriParam::parse_text("MS-Opaque=x").unwrap(),
            Some(MsUriParam::MsOpaque("x".into()))
        );
        assert_eq!(
            MsUriParam::parse_text("GRUU").unwrap(),
            Some(MsUriParam::Gruu)
        );
        for other in [
            "transport=tls",
            "lr",
            "user=phone",
            "maddr=1.2.3.4",
            "x-custom=1",
        ] {
            assert_eq!(MsUriParam::parse_text(other).unwrap(), None, "{other}");
        }
    }

    #[test]
    fn every_parameter_of_a_spec_route_uri() {
        // MS-SIPRE 4.6: the Record-Route URI of the 200 OK.
        let u = Uri::parse("sip:server.contoso:5061;transport=tls;opaque=state:F:T:Ci.D1200:Ti.dyHFp3e3J0mXFhCDvmsQ7QAA;lr;ms-route-sig=aalzpOt84oODZx4KmWgmgJLf_WGfEsKwh8YnUbQAA").unwrap();
        let ours: Vec<MsUriParam> = u
            .params
            .iter()
            .filter_map(|p| MsUriParam::parse(p.name, p.value).unwrap())
            .collect();
        assert_eq!(ours.len(), 2);
        assert_eq!(ours[0].name(), "opaque");
        assert_eq!(
            ours[1].value().as_deref(),
            Some("aalzpOt84oODZx4KmWgmgJLf_WGfEsKwh8YnUbQAA")
        );
    }

    #[test]
    fn refuses_bad_values() {
        let e = |s: &str| MsUriParam::parse_text(s).unwrap_err();
        assert_eq!(
            e("gruu=1"),
            ExtError::new("MS URI parameter: flag takes no value", 5)
        );
        assert_eq!(e("ms-role-rs-to=x").offset, 14);
        assert_eq!(e("ms-ent-dest=").offset, 12);
        assert_eq!(e("default=1"), ExtError::new("default: takes no value", 8));
        assert_eq!(
            e("ms-opaque"),
            ExtError::new("MS URI parameter: missing value", 0)
        );
        assert_eq!(
            e("ms-opaque="),
            ExtError::new("MS URI parameter: empty value", 10)
        );
        assert_eq!(e("ms-route-sig=ab\"c").offset, 15);
        assert_eq!(e("ms-fe=a b").offset, 7);
        assert_eq!(e("grid=").what, "grid: empty value");
        assert_eq!(e("grid=a;b").offset, 6);
        assert_eq!(e("opaque").what, "opaque: missing value");
        assert_eq!(e("opaque=").what, "opaque: empty value");
        assert_eq!(e("phone-context").what, "phone-context: missing value");
        assert_eq!(e("phone-context=+").offset, 15);
        assert_eq!(e("received").what, "received: missing value");
        assert_eq!(
            e("received=contoso.com").what,
            "received: not an IPv4 or IPv6 address"
        );
        assert_eq!(e("received=192.168.0.256").offset, 19);
        assert_eq!(e("received=192.168.0").offset, 9);
        assert_eq!(e("received=192.168..2").offset, 17);
        assert_eq!(e("received=1922.168.0.2").offset, 9);
        assert_eq!(e("received=+1.2.3.4").offset, 9);
        assert_eq!(
            e("received=[2001:db8::1]").what,
            "received: not an IPv6 address"
        );
        assert_eq!(
            e("received=2001:db8:::1").what,
            "received: not an IPv6 address"
        );
        assert!(MsUriParam::parse_text("received=").is_err());
    }
}
