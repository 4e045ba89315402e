//! The GRUU forms of MS-SIPRE 2.2.2 against every GRUU printed in MS-SIPRE section 4.

use mssip::ext::{Aor, ConfEntity, ExtError, Gruu, OpaqueValue, PhoneContext, ServerType};

fn aor(s: &str) -> Aor {
    Aor::parse(s).unwrap()
}

/// Parses `s` and checks it is written back byte for byte.
fn round_trip(s: &str) -> Gruu {
    let g = Gruu::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"));
    assert_eq!(g.to_string(), s);
    assert_eq!(Gruu::parse(&g.to_string()).unwrap(), g);
    g
}

#[test]
fn section_4_3_user_agent_and_voice_mail() {
    assert_eq!(
        round_trip("sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"),
        Gruu::UserAgent {
            aor: aor("sip:alice@contoso.com"),
            encoded_uuid: "qIIWS2j5AVeD_HxnQdxmlwAA".into()
        }
    );
    assert_eq!(
        round_trip("sip:alice@contoso.com;gruu;opaque=app:voicemail"),
        Gruu::VoiceMail {
            aor: aor("sip:alice@contoso.com")
        }
    );
}

#[test]
fn section_4_3_conference() {
    for (s, entity) in [
        (
            "sip:alice@contoso.com;gruu;opaque=app:conf:focus:id:36022956C3FC3243B8121CD611363ED0",
            ConfEntity::Focus,
        ),
        (
            "sip:alice@contoso.com;gruu;opaque=app:conf:chat:id:36022956C3FC3243B8121CD611363ED0",
            ConfEntity::Chat,
        ),
    ] {
        assert_eq!(
            round_trip(s),
            Gruu::Conference {
                aor: aor("sip:alice@contoso.com"),
                entity,
                id: "36022956C3FC3243B8121CD611363ED0".into()
            }
        );
    }
}

/// Spec typo, MS-SIPRE 4.3: the third conference GRUU writes `app:conf:audiovideo:`; the
/// grammar of 2.2.1 spells the entity `audio-video`. As printed it is a GRUU with an
/// untyped opaque value; with the grammar's spelling it is a conference GRUU.
#[test]
fn typo_section_4_3_audiovideo() {
    let printed =
        "sip:alice@contoso.com;gruu;opaque=app:conf:audiovideo:id:36022956C3FC3243B8121CD611363ED0";
    assert_eq!(
        round_trip(printed),
        Gruu::Other {
            aor: aor("sip:alice@contoso.com"),
            opaque: Some(OpaqueValue::Other(
                "app:conf:audiovideo:id:36022956C3FC3243B8121CD611363ED0".into()
            ))
        }
    );
    let fixed = printed.replace("audiovideo", "audio-video");
    assert_eq!(
        round_trip(&fixed),
        Gruu::Conference {
            aor: aor("sip:alice@contoso.com"),
            entity: ConfEntity::AudioVideo,
            id: "36022956C3FC3243B8121CD611363ED0".into()
        }
    );
}

/// Spec typo, MS-SIPRE 4.3: the server GRUUs write `opaque=svr:`; the grammar of 2.2.1
/// (and the server GRUU of MS-SIPRE 4.13) has `srvr:`. As printed they are GRUUs with untyped
/// opaque values; with `srvr:` they are server-instance GRUUs.
#[test]
fn typo_section_4_3_svr_for_srvr() {
    for (printed, server_type, instance) in [
        (
            "sip:homeserver.contoso.com@contoso.com;gruu;opaque=svr:HomeServer:dL8cwxBrTuG8eC4-Q_GNGAAA",
            ServerType::HomeServer,
            "dL8cwxBrTuG8eC4-Q_GNGAAA",
        ),
        (
            // printed across two lines in the spec
            "sip:mediationserver.contoso.com@contoso.com;gruu;opaque=svr:MediationServer:_tRfGncbQyun3v75Q1qr9QAA",
            ServerType::MediationServer,
            "_tRfGncbQyun3v75Q1qr9QAA",
        ),
        (
            "sip:mrasserver.contoso.com@contoso.com;gruu;opaque=svr:MRAS:OKPDbAVxIEKtPh2g624vPAAA",
            ServerType::Mras,
            "OKPDbAVxIEKtPh2g624vPAAA",
        ),
        (
            "sip:qosmsserver.contoso.com@contoso.com;gruu;opaque=svr:QoS:WftfTuTVQCSAB0ZJi-j7qAAA",
            ServerType::Qos,
            "WftfTuTVQCSAB0ZJi-j7qAAA",
        ),
    ] {
        let g = round_trip(printed);
        assert!(
            matches!(
                g,
                Gruu::Other {
                    opaque: Some(OpaqueValue::Other(_)),
                    ..
                }
            ),
            "{printed}"
        );
        let fixed = printed.replace("opaque=svr:", "opaque=srvr:");
        let g = round_trip(&fixed);
        let Gruu::ServerInstance {
            aor: a,
            server_type: t,
            instance: i,
        } = g
        else {
            panic!("{fixed}");
        };
        assert_eq!((t, i.as_str()), (server_type, instance));
        assert_eq!(a.host(), "contoso.com");
        assert!(a.user().ends_with(".contoso.com"));
    }
}

#[test]
fn section_4_13_server_gruu() {
    assert_eq!(
        round_trip("sip:server1@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA"),
        Gruu::ServerInstance {
            aor: aor("sip:server1@contoso.com"),
            server_type: ServerType::HomeServer,
            instance: "VWIdpJWTA1eatgf05sHGswAA".into()
        }
    );
}

#[test]
fn opaque_first_order_of_sections_4_10_and_4_14() {
    // Written `;opaque=...;gruu` by the registrar; the same GRUU, formatted the 4.3 way.
    for (printed, canonical) in [
        (
            "sip:alice@contoso.com;opaque=user:epid:CBcrdcS8RFWSTaoXfIJcKQAA;gruu",
            "sip:alice@contoso.com;gruu;opaque=user:epid:CBcrdcS8RFWSTaoXfIJcKQAA",
        ),
        (
            "sip:voip_911_user1@contoso.com;opaque=user:epid:R4bCDaUj51a06PUBkraS0QAA;gruu",
            "sip:voip_911_user1@contoso.com;gruu;opaque=user:epid:R4bCDaUj51a06PUBkraS0QAA",
        ),
    ] {
        let g = Gruu::parse(printed).unwrap();
        assert!(matches!(g, Gruu::UserAgent { .. }));
        assert_eq!(g.to_string(), canonical);
        assert_eq!(Gruu::parse(canonical).unwrap(), g);
    }
}

/// Spec typo, MS-SIPRE 4.5 and 4.6: `opaque=user;epid:...` (see also tests/identity_gruu.rs).
#[test]
fn typo_section_4_5_is_refused() {
    let e = Gruu::parse("sip:alice@contoso.com;gruu;opaque=user;epid:qIIWS2j5AVeD_HxnQdxmlwAA")
        .unwrap_err();
    assert_eq!(
        e,
        ExtError::new("GRUU: parameter not allowed by MS-SIPRE 2.2.2", 39)
    );
    let e = Gruu::parse("sip:Alice@contoso.com;gruu;opaque=user;epid:qIIWS2j5AVeD_HxnQdxmlwAA")
        .unwrap_err();
    assert_eq!(e.offset, 39);
}

#[test]
fn location_profile_of_the_corpus_and_variants() {
    // Corpus service-location-profile.sip (Request-URI and To).
    assert_eq!(
        round_trip("sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default"),
        Gruu::LocationProfile {
            aor: aor("sip:alice@contoso.com"),
            default: true,
            phone_context: None
        }
    );
    assert_eq!(
        round_trip(
            "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;phone-context=Redmond"
        ),
        Gruu::LocationProfile {
            aor: aor("sip:alice@contoso.com"),
            default: false,
            phone_context: Some(PhoneContext::Domain("Redmond".into()))
        }
    );
}

#[test]
fn aor_is_the_gruu_without_its_parameters() {
    // MS-SIPRE 3.4.5.1: stripping opaque and gruu gives back the address-of-record.
    let g =
        Gruu::parse("sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA").unwrap();
    assert_eq!(g.aor().as_str(), "sip:Bob@contoso.com");
    assert_eq!(
        g.opaque(),
        Some(OpaqueValue::UserAgent {
            encoded_uuid: "uVUjrngkI1wHVm3r2esBAAA".into()
        })
    );
}

#[test]
fn refuses_non_gruus() {
    for bad in [
        // Route and Record-Route URIs of section 4: port, transport, lr, no gruu.
        "sip:server.contoso.com:5061;transport=tls;opaque=state:F:T:Ci.D1100:Ti.dyHFp3e3J0mXFHCDvmsQ7QAA;lr",
        // The OCEXUM voice-mail target of the corpus has no gruu parameter.
        "sip:alice@contoso.com;opaque=app:voicemail",
        "sip:192.0.2.1:51152;transport=tls;ms-opaque=bab87d7e6e;ms-received-cid=244100",
        "sip:alice@contoso.com;gruu;opaque=app:voicemail;grid=x",
        "sip:alice@contoso.com;gruu;gruu",
        "sip:alice@contoso.com;gruu;opaque=app:voicemail;opaque=app:voicemail",
        "sip:alice@contoso.com;gruu;opaque=",
        "sip:alice@contoso.com;gruu;opaque=user:epid:a%zz",
        "sip:alice@contoso.com;gruu;opaque=app:voicemail;default",
        "sip:a:b@contoso.com;gruu;opaque=srvr:MRAS:x",
        "<sip:alice@contoso.com;gruu>",
        "sip:alice@contoso.com;gruu ",
        "",
    ] {
        assert!(Gruu::parse(bad).is_err(), "{bad}");
    }
}
