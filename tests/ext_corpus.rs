//! Every Microsoft value in the corpus messages goes through its `ext` type: epids,
//! `+sip.instance`, GRUUs, the URI parameters of MS-SIPRE 2.2.1 and the header fields of
//! 2.2.9-2.2.17.

use mssip::ext::{
    Epid, Gruu, MsCorrelationId, MsSensitivity, MsUriParam, OpaqueValue, PDialogRecoveryAction,
    PdrAction, ServerType, SipInstance,
};
use mssip::sip::{Message, NameAddr, Uri};

const FILES: [&str; 15] = [
    "invite-anonymous.sip",
    "invite-e911.sip",
    "invite-history-info.sip",
    "invite-multipart-2level.sip",
    "invite-multipart-3level.sip",
    "invite-play-on-phone.sip",
    "invite-skip-pin.sip",
    "message-route.sip",
    "notify-federated.sip",
    "refer-safe-transfer.sip",
    "register-200-remote.sip",
    "register-nat.sip",
    "response-430.sip",
    "service-location-profile.sip",
    "subscribe-200-rr.sip",
];

fn load(file: &str) -> Message {
    let bytes = std::fs::read(format!("tests/data/corpus/{file}")).unwrap();
    Message::parse(&bytes).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// The URIs of a message that can carry 2.2.1 parameters: Request-URI, Route,
/// Record-Route, Contact.
fn uris(m: &Message) -> Vec<String> {
    let mut out: Vec<String> = m.request_uri().map(str::to_owned).into_iter().collect();
    for name in ["Route", "Record-Route", "Contact"] {
        for v in m.values(name) {
            out.push(NameAddr::parse(v).unwrap().uri.raw.to_owned());
        }
    }
    out
}

#[test]
fn every_epid_parses_and_round_trips() {
    let mut seen = 0;
    for file in FILES {
        let m = load(file);
        for na in [m.from(), m.to()].into_iter().flatten() {
            let na = na.unwrap();
            if let Some(v) = na.params.value("epid") {
                let e = Epid::parse(v).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(e.to_string(), v);
                seen += 1;
            }
        }
    }
    assert!(seen >= 15, "{seen}");
}

#[test]
fn every_sip_instance_parses_and_round_trips() {
    let mut seen = Vec::new();
    for file in FILES {
        let m = load(file);
        for c in m.contacts() {
            if let Some(v) = c.unwrap().params.value("+sip.instance") {
                let i = SipInstance::parse(v).unwrap_or_else(|e| panic!("{file}: {e}"));
                assert_eq!(i.to_string(), v);
                seen.push(i.uuid().to_string());
            }
        }
    }
    assert_eq!(
        seen,
        [
            "75ab1008-bcc4-5544-924d-aa177c824291",
            "4b1682a8-f968-5701-83fc-7c6741dc6697"
        ]
    );
}

#[test]
fn every_ms_uri_parameter_is_valid() {
    let mut ours = Vec::new();
    for file in FILES {
        let m = load(file);
        for raw in uris(&m) {
            let u = Uri::parse(&raw).unwrap();
            for p in u.params.iter() {
                match MsUriParam::parse(p.name, p.value) {
                    Ok(Some(param)) => ours.push(param),
                    Ok(None) => {}
                    Err(e) => panic!("{file}: {raw}: {e}"),
                }
            }
        }
    }
    let names: std::collections::BTreeSet<&str> = ours.iter().map(MsUriParam::name).collect();
    let expected: std::collections::BTreeSet<&str> = [
        "default",
        "grid",
        "gruu",
        "ms-key-info",
        "ms-opaque",
        "ms-received-cid",
        "ms-role-rs-from",
        "ms-route-sig",
        "opaque",
    ]
    .into_iter()
    .collect();
    assert_eq!(names, expected);
    assert!(ours.contains(&MsUriParam::Opaque(OpaqueValue::State("F:Ci.R2".into()))));
    assert!(ours.contains(&MsUriParam::Grid(None)));
}

#[test]
fn gruus_of_the_corpus() {
    let mut kinds = Vec::new();
    for file in FILES {
        let m = load(file);
        for raw in uris(&m) {
            if !Uri::parse(&raw).unwrap().params.has("gruu") {
                continue;
            }
            match Gruu::parse(&raw) {
                Ok(g) => {
                    assert_eq!(Gruu::parse(&g.to_string()).unwrap(), g, "{file}");
                    kinds.push(match g {
                        Gruu::UserAgent { .. } => "ua",
                        Gruu::LocationProfile { default: true, .. } => "lp-default",
                        Gruu::ServerInstance {
                            server_type: ServerType::HomeServer,
                            ..
                        } => "home",
                        _ => "other",
                    });
                }
                Err(e) => {
                    // help_desk is not a host name, which server-instance GRUUs need as
                    // their user part (MS-SIPRE 2.2.2 server-fqdn = host).
                    assert_eq!(file, "invite-multipart-3level.sip");
                    assert_eq!(
                        e.what,
                        "server-instance GRUU: user part is not a server host name"
                    );
                }
            }
        }
    }
    kinds.sort_unstable();
    assert_eq!(kinds.iter().filter(|k| **k == "ua").count(), 9, "{kinds:?}");
    assert_eq!(
        kinds.iter().filter(|k| **k == "lp-default").count(),
        1,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "home").count(),
        1,
        "{kinds:?}"
    );
    assert!(!kinds.contains(&"other"));
}

#[test]
fn header_fields_of_the_corpus() {
    let m = load("invite-play-on-phone.sip");
    assert_eq!(
        MsSensitivity::from_fields(m.fields(MsSensitivity::NAME)),
        Ok(MsSensitivity::PrivateNoDiversion)
    );
    let m = load("invite-anonymous.sip");
    assert_eq!(
        MsSensitivity::from_fields(m.fields(MsSensitivity::NAME)),
        Ok(MsSensitivity::Normal)
    );

    let m = load("invite-multipart-3level.sip");
    let c = MsCorrelationId::parse(m.header(MsCorrelationId::NAME).unwrap()).unwrap();
    assert_eq!(c.to_string(), "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0");

    let m = load("response-430.sip");
    let p = PDialogRecoveryAction::parse(m.header(PDialogRecoveryAction::NAME).unwrap()).unwrap();
    assert_eq!(p.actions(), &[PdrAction::DialogRouteSetUpdate]);

    // The Refer-To of the safe-transfer REFER carries Ms-Sensitivity as a URI header.
    let m = load("refer-safe-transfer.sip");
    let refer_to = NameAddr::parse(m.header("Refer-To").unwrap()).unwrap();
    let (name, value) = refer_to.uri.headers.unwrap().split_once('=').unwrap();
    assert!(name.eq_ignore_ascii_case(MsSensitivity::NAME));
    assert_eq!(
        MsSensitivity::parse(value),
        Ok(MsSensitivity::NormalNoDiversion)
    );
}
