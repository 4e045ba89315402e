//! The user-agent GRUU (MS-SIPRE 2.2.2, 3.4.5.1) and its `encoded-uuid-val`, checked against
//! every user-agent GRUU that MS-SIPRE section 4 prints, including the ones whose printed
//! value carries a typo (each proven below), and against the corpus.

use mssip::ext::{ExtError, Gruu, SipInstance};
use mssip::identity::encoded_uuid;
use mssip::identity::{IdentityError, instance_from_epid, instance_from_gruu, user_agent_gruu};
use mssip::sip::Message;

/// The instance of epid `01010101` (MS-SIPRE 4.2).
const ALICE_INSTANCE: &str = "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697";

fn gruu_for_epid(aor: &str, epid: &str) -> String {
    user_agent_gruu(aor, &instance_from_epid(epid).unwrap()).unwrap()
}

#[test]
fn section_4_3_user_agent_gruu() {
    assert_eq!(
        user_agent_gruu("sip:alice@contoso.com", ALICE_INSTANCE).unwrap(),
        "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"
    );
    assert_eq!(
        instance_from_gruu("sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"),
        Ok(ALICE_INSTANCE.to_owned())
    );
}

#[test]
fn every_correct_spec_example_for_epid_01010101() {
    // The endpoint with epid 01010101 (From/To epid=01010101 in the same examples).
    for (section, aor, printed) in [
        (
            "4.3",
            "sip:alice@contoso.com",
            "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
        ),
        (
            "4.6",
            "sip:Alice@contoso.com",
            "sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
        ),
        (
            "4.8",
            "sip:alice@contoso.com",
            "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
        ),
        (
            "4.13",
            "sip:Alice@contoso.com",
            "sip:Alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
        ),
        (
            "4.13",
            "sip:Helpdesk@contoso.com",
            "sip:Helpdesk@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
        ),
    ] {
        assert_eq!(
            gruu_for_epid(aor, "01010101"),
            printed,
            "MS-SIPRE {section}"
        );
        assert_eq!(
            instance_from_gruu(printed),
            Ok(ALICE_INSTANCE.to_owned()),
            "MS-SIPRE {section}"
        );
    }
}

/// Spec typo, MS-SIPRE 4.5 (and the first MESSAGE of 4.6): the GRUU is printed
/// `opaque=user;epid:...` with a `;` where `ua-opaque-val` (2.2.1) has a `:`. As printed it is
/// not a GRUU at all: `epid:...` becomes a second URI parameter.
#[test]
fn typo_section_4_5_semicolon_in_ua_opaque_val() {
    let printed = "sip:alice@contoso.com;gruu;opaque=user;epid:qIIWS2j5AVeD_HxnQdxmlwAA";
    assert_eq!(
        Gruu::parse(printed),
        Err(ExtError::new(
            "GRUU: parameter not allowed by MS-SIPRE 2.2.2",
            39
        ))
    );
    let ours = gruu_for_epid("sip:alice@contoso.com", "01010101");
    assert_eq!(ours.replacen("user:epid:", "user;epid:", 1), printed);
}

/// Spec typo, MS-SIPRE 4.6: Bob (epid 02020202) has the Contact
/// `sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA`. That value is 23
/// characters, which no 18-octet encoding has; the derived value is the same text with a `-`
/// after the tenth character (lost where the printed line was broken).
#[test]
fn typo_section_4_6_bob_gruu_lost_a_hyphen() {
    let printed = "sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1wHVm3r2esBAAA";
    let printed_value = "uVUjrngkI1wHVm3r2esBAAA";
    assert_eq!(printed_value.len(), 23);
    assert_eq!(encoded_uuid::decode(printed_value), None);
    assert!(matches!(
        instance_from_gruu(printed),
        Err(IdentityError::BadGruu(_))
    ));

    let ours = gruu_for_epid("sip:Bob@contoso.com", "02020202");
    assert_eq!(
        ours,
        "sip:Bob@contoso.com;gruu;opaque=user:epid:uVUjrngkI1-wHVm3r2esBAAA"
    );
    assert_eq!(ours.replacen('-', "", 1), printed);
    assert_eq!(
        instance_from_gruu(&ours),
        Ok(instance_from_epid("02020202").unwrap())
    );
}

/// Spec typos, MS-SIPRE 4.10: the 200 OK to REGISTER carries
/// `+sip.instance="<urn:uuid:75ab1008bcc45544924daa177c824291>"` (no hyphens: not a UUID URN)
/// and `gruu="sip:alice@contoso.com;opaque=user:epid:CBcrdcS8RFWSTaoXfIJcKQAA;gruu"`. With the
/// hyphens restored, the instance encodes to `CBCrdcS8RFWSTaoXfIJCkQAA`: the printed value
/// has three letters in the wrong case (`c`/`C`, `c`/`C`, `K`/`k`), which in base 64 are
/// different bits. The corpus file register-200-remote.sip carries the corrected pair.
#[test]
fn typo_section_4_10_instance_without_hyphens_and_case_flips() {
    assert!(SipInstance::parse("\"<urn:uuid:75ab1008bcc45544924daa177c824291>\"").is_err());
    assert!(matches!(
        user_agent_gruu(
            "sip:alice@contoso.com",
            "urn:uuid:75ab1008bcc45544924daa177c824291"
        ),
        Err(IdentityError::BadInstance(_))
    ));
    let instance = "urn:uuid:75ab1008-bcc4-5544-924d-aa177c824291";
    let ours = user_agent_gruu("sip:alice@contoso.com", instance).unwrap();
    assert_eq!(
        ours,
        "sip:alice@contoso.com;gruu;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA"
    );

    let printed = "sip:alice@contoso.com;opaque=user:epid:CBcrdcS8RFWSTaoXfIJcKQAA;gruu";
    let Ok(Gruu::UserAgent {
        encoded_uuid: printed_value,
        ..
    }) = Gruu::parse(printed)
    else {
        panic!("the printed 4.10 GRUU has the user-agent form");
    };
    let ours_value = "CBCrdcS8RFWSTaoXfIJCkQAA";
    assert_ne!(printed_value, ours_value);
    assert!(printed_value.eq_ignore_ascii_case(ours_value));
    let differing = printed_value
        .bytes()
        .zip(ours_value.bytes())
        .filter(|(a, b)| a != b)
        .count();
    assert_eq!(differing, 3);
    // As printed it still decodes, but to another UUID.
    assert_eq!(
        instance_from_gruu(printed),
        Ok("urn:uuid:752b1708-bcc4-5544-924d-aa177c825c29".to_owned())
    );
}

/// Spec typo, MS-SIPRE 4.14: the E911 INVITE from epid `1D19090AED` has the Contact
/// `sip:voip_911_user1@contoso.com;opaque=user:epid:R4bCDaUj51a06PUBkraS0QAA;gruu`. The
/// instance derived from that epid encodes to `R4bCDaUj51a06PUbkraS0QAA`: one letter differs
/// in case, and the printed value decodes to a UUID one octet away from the derived one.
#[test]
fn typo_section_4_14_case_flip() {
    let printed = "sip:voip_911_user1@contoso.com;opaque=user:epid:R4bCDaUj51a06PUBkraS0QAA;gruu";
    let ours = gruu_for_epid("sip:voip_911_user1@contoso.com", "1D19090AED");
    assert_eq!(
        ours,
        "sip:voip_911_user1@contoso.com;gruu;opaque=user:epid:R4bCDaUj51a06PUbkraS0QAA"
    );
    let Ok(Gruu::UserAgent {
        encoded_uuid: printed_value,
        ..
    }) = Gruu::parse(printed)
    else {
        panic!("the printed 4.14 GRUU has the user-agent form");
    };
    assert_ne!(printed_value, "R4bCDaUj51a06PUbkraS0QAA");
    assert!(printed_value.eq_ignore_ascii_case("R4bCDaUj51a06PUbkraS0QAA"));
    let derived = uuid::Uuid::parse_str(&instance_from_epid("1D19090AED").unwrap()[9..]).unwrap();
    let decoded = encoded_uuid::decode(&printed_value).unwrap();
    let octets_off = derived
        .to_bytes_le()
        .iter()
        .zip(decoded.to_bytes_le())
        .filter(|(a, b)| **a != *b)
        .count();
    assert_eq!(octets_off, 1);
}

/// The server GRUUs of MS-SIPRE 4.3 and 4.13 carry Active Directory GUIDs encoded the same
/// way (RFC 3548 section 4 over the GUID and two zero octets): all decode under the rule
/// inferred from the user-agent GRUUs.
#[test]
fn server_instance_values_follow_the_same_encoding() {
    for v in [
        "dL8cwxBrTuG8eC4-Q_GNGAAA",
        "_tRfGncbQyun3v75Q1qr9QAA",
        "OKPDbAVxIEKtPh2g624vPAAA",
        "WftfTuTVQCSAB0ZJi-j7qAAA",
        "VWIdpJWTA1eatgf05sHGswAA",
    ] {
        let u = encoded_uuid::decode(v).unwrap_or_else(|| panic!("{v}"));
        assert_eq!(encoded_uuid::encode(u), v);
    }
}

#[test]
fn corpus_register_200_gruu_is_the_gruu_of_its_instance() {
    let bytes = std::fs::read("tests/data/corpus/register-200-remote.sip").unwrap();
    let m = Message::parse(&bytes).unwrap();
    let to = m.to().unwrap().unwrap();
    let aor = to.uri.raw;
    let contact = m.contacts().next().unwrap().unwrap();
    let instance = SipInstance::parse(contact.params.value("+sip.instance").unwrap()).unwrap();
    let given = contact.params.get("gruu").unwrap().unquoted().unwrap();
    assert_eq!(
        given,
        "sip:alice@contoso.com;opaque=user:epid:CBCrdcS8RFWSTaoXfIJCkQAA;gruu"
    );
    let ours = user_agent_gruu(aor, instance.urn()).unwrap();
    // Same GRUU; the registrar wrote the parameters in the other order.
    assert_eq!(Gruu::parse(&given).unwrap(), Gruu::parse(&ours).unwrap());
    assert_eq!(Gruu::parse(&given).unwrap().to_string(), ours);
    assert_eq!(instance_from_gruu(&given), Ok(instance.urn().to_owned()));
}

#[test]
fn corpus_contacts_of_epid_01010101() {
    for file in ["invite-history-info.sip", "invite-multipart-2level.sip"] {
        let bytes = std::fs::read(format!("tests/data/corpus/{file}")).unwrap();
        let m = Message::parse(&bytes).unwrap();
        let from = m.from().unwrap().unwrap();
        assert_eq!(from.params.value("epid"), Some("01010101"), "{file}");
        let contact = m.contacts().next().unwrap().unwrap();
        assert_eq!(
            instance_from_gruu(contact.uri.raw),
            Ok(ALICE_INSTANCE.to_owned()),
            "{file}"
        );
    }
}

#[test]
fn refuses_bad_arguments() {
    for aor in [
        "",
        "alice@contoso.com",
        "<sip:alice@contoso.com>",
        "sips:alice@contoso.com",
        "tel:+14255550100",
        "sip:contoso.com",
        "sip:alice@contoso.com:5061",
        "sip:alice@contoso.com;transport=tls",
        "sip:alice@contoso.com?subject=x",
        "sip:al ice@contoso.com",
    ] {
        assert!(
            matches!(
                user_agent_gruu(aor, ALICE_INSTANCE),
                Err(IdentityError::BadAor(_))
            ),
            "{aor:?}"
        );
    }
    for inst in [
        "",
        "urn:uuid:",
        "uuid:4b1682a8-f968-5701-83fc-7c6741dc6697",
        "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc669",
        "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697 ",
        "urn:uuid:{4b1682a8-f968-5701-83fc-7c6741dc6697}",
        "<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>",
    ] {
        assert!(
            matches!(
                user_agent_gruu("sip:alice@contoso.com", inst),
                Err(IdentityError::BadInstance(_))
            ),
            "{inst:?}"
        );
    }
    // Case of the URN names does not matter (RFC 2141); the output is lower case.
    assert_eq!(
        user_agent_gruu(
            "sip:alice@contoso.com",
            "URN:UUID:4B1682A8-F968-5701-83FC-7C6741DC6697"
        )
        .unwrap(),
        "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA"
    );
}
