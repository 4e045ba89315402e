//! Mangled and hostile text never makes an `ext` parser panic: every prefix, every byte
//! deletion and every insertion of a delimiter into real values is either parsed or refused.

use mssip::ext::{
    Aor, ConfEntity, Epid, Gruu, MsCorrelationId, MsForking, MsSensitivity, MsUriParam,
    OpaqueValue, PDialogRecoveryAction, PhoneContext, ServerType, SipInstance, UuidText,
};
use mssip::identity::{
    instance_from_epid, instance_from_gruu, instance_matches_epid, user_agent_gruu,
};

const SEEDS: [&str; 10] = [
    "sip:alice@contoso.com;gruu;opaque=user:epid:qIIWS2j5AVeD_HxnQdxmlwAA",
    "sip:alice@contoso.com;gruu;opaque=app:locationprofile:get;default;phone-context=+1-425",
    "sip:server1@contoso.com;gruu;opaque=srvr:HomeServer:VWIdpJWTA1eatgf05sHGswAA",
    "sip:a;b@[2001:db8::1];gruu;opaque=app:conf:audio-video:id:X",
    "\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\"",
    "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697",
    "Registration-Route-Set-Update, Dialog-Route-Set-Update",
    "received=2001:db8::1",
    "phone-context=+1-(425)",
    "01010101%|~",
];

const INSERTS: [&str; 14] = [
    ";",
    ":",
    "@",
    "=",
    "\"",
    "<",
    ">",
    "%",
    " ",
    ",",
    "\u{e9}",
    "\0",
    "[",
    "\u{1F600}",
];

fn all_parsers(s: &str) {
    let _ = Epid::parse(s);
    let _ = UuidText::parse(s);
    let _ = SipInstance::parse(s);
    let _ = SipInstance::from_urn(s);
    let _ = Aor::parse(s);
    let _ = Gruu::parse(s);
    let _ = OpaqueValue::parse(s);
    let _ = ConfEntity::parse(s);
    let _ = ServerType::parse(s);
    let _ = PhoneContext::parse(s);
    let _ = MsUriParam::parse_text(s);
    let _ = MsSensitivity::parse(s);
    let _ = MsForking::parse(s);
    let _ = MsCorrelationId::parse(s);
    let _ = PDialogRecoveryAction::parse(s);
    let _ = instance_from_epid(s);
    let _ = instance_from_gruu(s);
    let _ = instance_matches_epid(s, s);
    let _ = user_agent_gruu(s, s);
}

/// The char boundaries of `s`.
fn cuts(s: &str) -> Vec<usize> {
    (0..=s.len()).filter(|&i| s.is_char_boundary(i)).collect()
}

#[test]
fn mangled_values_never_panic() {
    for seed in SEEDS {
        for &i in &cuts(seed) {
            all_parsers(&seed[..i]);
            all_parsers(&seed[i..]);
            for ins in INSERTS {
                all_parsers(&format!("{}{ins}{}", &seed[..i], &seed[i..]));
            }
            if let Some(c) = seed[i..].chars().next() {
                all_parsers(&format!("{}{}", &seed[..i], &seed[i + c.len_utf8()..]));
            }
        }
    }
}

#[test]
fn oversized_values_are_refused_without_panic() {
    let long = "a".repeat(100_000);
    assert!(Epid::parse(&long).is_err());
    assert!(SipInstance::parse(&long).is_err());
    assert!(Gruu::parse(&format!("sip:{long}@contoso.com;gruu;opaque={long}")).is_ok());
    assert!(
        Gruu::parse(&format!(
            "sip:alice@contoso.com;gruu{}",
            ";gruu".repeat(10_000)
        ))
        .is_err()
    );
    assert!(PDialogRecoveryAction::parse(&",".repeat(10_000)).is_err());
    assert!(MsCorrelationId::parse(&long).is_err());
    all_parsers(&"%".repeat(1000));
    all_parsers(&"\"".repeat(1000));
}
