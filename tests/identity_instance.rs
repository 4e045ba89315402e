//! `+sip.instance` from an epid (MS-SIPRE 3.3.3.1), checked byte for byte against the worked
//! example of MS-SIPRE 4.2 and the messages of sections 4.2, 4.4 and the corpus.

use mssip::ext::{Epid, SipInstance};
use mssip::identity::instance::{EPID_NAMESPACE, hash_input, instance_uuid};
use mssip::identity::{IdentityError, instance_from_epid, instance_matches_epid};
use mssip::sip::Message;
use sha1::{Digest, Sha1};

/// MS-SIPRE 4.2: the canonical octets of epid `01010101`.
const CANONICAL_EPID: [u8; 8] = [0x30, 0x31, 0x30, 0x31, 0x30, 0x31, 0x30, 0x31];

/// MS-SIPRE 4.2: the hash input, namespace ID then epid.
const HASH_INPUT: [u8; 24] = [
    0x03, 0xfb, 0xac, 0xfc, 0x73, 0x8a, 0xef, 0x46, 0x91, 0xb1, 0xe5, 0xeb, 0xee, 0xab, 0xa4, 0xfe,
    0x30, 0x31, 0x30, 0x31, 0x30, 0x31, 0x30, 0x31,
];

/// MS-SIPRE 4.2: the SHA-1 of [`HASH_INPUT`].
const HASH: [u8; 20] = [
    0xA8, 0x82, 0x16, 0x4B, 0x68, 0xF9, 0x01, 0xE7, 0x03, 0xFC, 0x7C, 0x67, 0x41, 0xDC, 0x66, 0x97,
    0xB8, 0xA1, 0xA9, 0x3E,
];

fn epid(s: &str) -> Epid {
    Epid::parse(s).unwrap()
}

#[test]
fn section_4_2_hash_input_is_byte_for_byte() {
    let input = hash_input(&epid("01010101"));
    assert_eq!(input, HASH_INPUT);
    assert_eq!(input[16..], CANONICAL_EPID);
    assert_eq!(input[..16], EPID_NAMESPACE.to_bytes_le());
}

#[test]
fn section_4_2_hash_is_byte_for_byte() {
    let hash: [u8; 20] = Sha1::digest(HASH_INPUT).into();
    assert_eq!(hash, HASH);
}

#[test]
fn section_4_2_uuid() {
    assert_eq!(
        instance_uuid(&epid("01010101")).to_string(),
        "4b1682a8-f968-5701-83fc-7c6741dc6697"
    );
    assert_eq!(
        instance_from_epid("01010101").unwrap(),
        "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697"
    );
}

#[test]
fn section_4_2_steps_from_the_printed_hash() {
    // Steps 5-13 applied by hand to the printed hash give the printed UUID: octets 0-3, 4-5
    // and 6-7 read little-endian, the version nibble 5 over 0xe701, the variant bits over
    // 0x03.
    let time_low = u32::from_le_bytes([HASH[0], HASH[1], HASH[2], HASH[3]]);
    let time_mid = u16::from_le_bytes([HASH[4], HASH[5]]);
    let time_hi = (u16::from_le_bytes([HASH[6], HASH[7]]) & 0x0fff) | 0x5000;
    let clock_hi = (HASH[8] & 0x3f) | 0x80;
    let text = format!(
        "{time_low:08x}-{time_mid:04x}-{time_hi:04x}-{clock_hi:02x}{:02x}-{}",
        HASH[9],
        HASH[10..16]
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect::<String>()
    );
    assert_eq!(text, "4b1682a8-f968-5701-83fc-7c6741dc6697");
    assert_eq!(instance_uuid(&epid("01010101")).to_string(), text);
}

#[test]
fn section_4_2_and_4_4_register_carries_the_derived_instance() {
    // The Contact parameter of the REGISTER in MS-SIPRE 4.2 and 4.4, with epid=01010101 in
    // From: the registrar's check of 3.3.5.1 passes.
    let param = SipInstance::parse("\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"").unwrap();
    assert_eq!(instance_matches_epid(param.urn(), "01010101"), Ok(true));
    assert_eq!(instance_matches_epid(param.urn(), "02020202"), Ok(false));
    assert_eq!(
        instance_matches_epid("urn:uuid:4B1682A8-F968-5701-83FC-7C6741DC6697", "01010101"),
        Ok(true)
    );
}

#[test]
fn corpus_register_nat_instance_matches_its_epid() {
    let bytes = std::fs::read("tests/data/corpus/register-nat.sip").unwrap();
    let m = Message::parse(&bytes).unwrap();
    let from = m.from().unwrap().unwrap();
    let epid = from.params.value("epid").unwrap();
    let contact = m.contacts().next().unwrap().unwrap();
    let instance = SipInstance::parse(contact.params.value("+sip.instance").unwrap()).unwrap();
    assert_eq!(instance_from_epid(epid).unwrap(), instance.urn());
    assert_eq!(instance_matches_epid(instance.urn(), epid), Ok(true));
}

#[test]
fn derived_instances_are_stable_and_distinct() {
    // Other epids of the spec and corpus: each gives a version-5 UUID of its own.
    let epids = [
        "01010101",
        "02020202",
        "e06accb078",
        "1D19090AED",
        "42933B3A88",
        "6b5d10e663",
    ];
    let urns: Vec<String> = epids
        .iter()
        .map(|e| instance_from_epid(e).unwrap())
        .collect();
    for (i, u) in urns.iter().enumerate() {
        assert!(SipInstance::from_urn(u).is_ok());
        assert_eq!(&instance_from_epid(epids[i]).unwrap(), u);
        assert!(urns.iter().filter(|v| *v == u).count() == 1);
    }
    assert_eq!(
        instance_from_epid("02020202").unwrap(),
        "urn:uuid:ae2355b9-2478-5f23-b01d-59b7af67ac04"
    );
}

#[test]
fn refuses_bad_epids_and_instances() {
    for bad in ["", "0123456789abcdef0", "01 01", "01;01", "a'b", "\u{e9}"] {
        assert!(
            matches!(instance_from_epid(bad), Err(IdentityError::BadEpid(_))),
            "{bad:?}"
        );
    }
    assert!(instance_from_epid("0123456789abcdef").is_ok());
    for bad in [
        "",
        "4b1682a8-f968-5701-83fc-7c6741dc6697",
        "urn:uuid:75ab1008bcc45544924daa177c824291",
        "\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"",
    ] {
        assert!(
            matches!(
                instance_matches_epid(bad, "01010101"),
                Err(IdentityError::BadInstance(_))
            ),
            "{bad:?}"
        );
    }
}
