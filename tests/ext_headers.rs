//! The Microsoft header field values of MS-SIPRE 2.2.9-2.2.17 inside whole messages, with
//! the examples the specifications print.

use mssip::ext::{MsCorrelationId, MsForking, MsSensitivity, PDialogRecoveryAction, PdrAction};
use mssip::sip::Message;

/// The 430 response of MS-SIPRE 4.6 as printed (with CRLF line ends).
const RESPONSE_430: &str = include_str!("data/recovery/spec-4.6-430.sip");

#[test]
fn section_4_6_p_dialog_recovery_action() {
    let m = Message::parse(RESPONSE_430.as_bytes()).unwrap();
    let v = m.header(PDialogRecoveryAction::NAME).unwrap();
    let p = PDialogRecoveryAction::parse(v).unwrap();
    assert_eq!(p.actions(), &[PdrAction::DialogRouteSetUpdate]);
    assert!(p.contains(&PdrAction::DialogRouteSetUpdate));
    // Written in the spelling of the 2.2.17 grammar; the literal matches case-insensitively.
    assert_eq!(p.to_string(), "Dialog-Route-Set-Update");
    assert_eq!(PDialogRecoveryAction::parse(&p.to_string()).unwrap(), p);
}

#[test]
fn ms_sensitivity_of_ms_ocexum_4_2() {
    let invite = "INVITE sip:alice@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.1:5061;branch=z9hG4bK1\r\n\
From: <sip:bob@contoso.com>;tag=1\r\n\
To: <sip:alice@contoso.com>\r\n\
Call-ID: 1\r\n\
CSeq: 1 INVITE\r\n\
Ms-Sensitivity: private-no-diversion\r\n\
Content-Length: 0\r\n\r\n";
    let m = Message::parse(invite.as_bytes()).unwrap();
    let s = MsSensitivity::from_fields(m.fields(MsSensitivity::NAME)).unwrap();
    assert_eq!(s, MsSensitivity::PrivateNoDiversion);
    assert!(s.is_private() && s.is_no_diversion());
    assert_eq!(s.to_string(), "private-no-diversion");
}

#[test]
fn ms_sensitivity_twice_or_unknown_is_refused() {
    // MS-SIPRE 2.2.9: absent means normal; twice or an unknown value calls for a 400.
    let base = "INVITE sip:alice@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\n\
From: <sip:b@contoso.com>;tag=1\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: 1\r\nCSeq: 1 INVITE\r\n";
    let with = |extra: &str| {
        let text = format!("{base}{extra}Content-Length: 0\r\n\r\n");
        let m = Message::parse(text.as_bytes()).unwrap();
        MsSensitivity::from_fields(m.fields(MsSensitivity::NAME))
    };
    assert_eq!(with(""), Ok(MsSensitivity::Normal));
    assert_eq!(
        with("ms-sensitivity: Private\r\n"),
        Ok(MsSensitivity::Private)
    );
    assert!(with("Ms-Sensitivity: private\r\nMs-Sensitivity: normal\r\n").is_err());
    assert!(with("Ms-Sensitivity: confidential\r\n").is_err());
    assert!(with("Ms-Sensitivity: private, normal\r\n").is_err());
}

#[test]
fn ms_forking_in_a_provisional_response() {
    let ringing = "SIP/2.0 180 Ringing\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bKa8d4\r\n\
From: <sip:bob@contoso.com>;tag=1\r\n\
To: <sip:alice@contoso.com>;tag=2\r\n\
Call-ID: 1\r\n\
CSeq: 1 INVITE\r\n\
Ms-Forking: Active\r\n\
Content-Length: 0\r\n\r\n";
    let m = Message::parse(ringing.as_bytes()).unwrap();
    assert_eq!(
        MsForking::parse(m.header(MsForking::NAME).unwrap()),
        Ok(MsForking)
    );
    assert!(MsForking::allowed_in(m.status()));
    assert_eq!(MsForking.to_string(), "Active");
    assert!(!MsForking::allowed_in(Some(200)));
    assert!(MsForking::parse("Passive").is_err());
}

#[test]
fn ms_correlation_id_round_trips() {
    let c = MsCorrelationId::parse("0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0").unwrap();
    assert_eq!(c.to_string(), "0b1a6ea4-2c3e-4c79-9a3b-5e1a31b6c2d0");
    // Ms-Conversation-ID of the same corpus message is not a UUID.
    assert!(MsCorrelationId::parse("AcoXbY2iEW1ezCqJSTi3tv4IfS5j1Q==").is_err());
}
