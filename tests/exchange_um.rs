//! MS-OCEXUM 3.2 across the library: a Play-On-Phone INVITE built by
//! `exchange_um::PlayOnPhone` "MUST NOT be re-routed back to voice mail and call forwarding"
//! when the call router (MS-SIPRE 3.9) takes it to the user.

use mssip::exchange_um::{PlayOnPhone, PlayOnPhoneInfo, UmPriority};
use mssip::routing::{Action, Callee, Router};

const VM: &str = "sip:alice@contoso.com;opaque=app:voicemail";
const EP: &str = "sip:alice@192.0.2.11:5061;transport=tls";
const FWD: &str = "sip:+14255550199@contoso.com;user=phone";

fn play_on_phone() -> mssip::sip::Message {
    let mut invite = PlayOnPhone {
        target: "sip:alice@contoso.com".into(),
        user: "sip:alice@contoso.com".into(),
        from_tag: "7534fa434".into(),
        call_id: "7a7378c9".into(),
        cseq: 5,
        contact: "sip:exchange.contoso.com:5066;transport=tls".into(),
        subject: Some("Voice mail from Bob".into()),
        priority: Some(UmPriority::Normal),
        sdp: b"v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n".to_vec(),
    }
    .build()
    .unwrap();
    invite
        .prepend_header("Via", "SIP/2.0/TLS 172.19.58.10:5066;branch=z9hG4bK8a2e")
        .unwrap();
    assert!(PlayOnPhoneInfo::read(&invite).is_ok());
    invite
}

fn forks(actions: &mut mssip::routing::Call) -> (Vec<String>, Vec<u16>) {
    let (mut to, mut answered) = (Vec::new(), Vec::new());
    while let Some(a) = actions.next_action() {
        match a {
            Action::Fork { msg, .. } => to.push(msg.request_uri().unwrap().to_owned()),
            Action::Respond { msg } => answered.push(msg.status().unwrap()),
            _ => {}
        }
    }
    (to, answered)
}

#[test]
fn s3_2_play_on_phone_is_never_diverted_to_voice_mail_or_forwarded() {
    let invite = play_on_phone();
    // Forward immediately: not applied, the call fails instead.
    let mut c = Callee::new("sip:alice@contoso.com").unwrap();
    let forward = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/routing/preamble-call-forward.xml"
    ))
    .unwrap();
    c.add_preamble(&forward).unwrap();
    c.add_endpoint(EP).unwrap();
    c.set_voicemail(VM).unwrap();
    let mut call = Router::default().route(&invite, &c).unwrap();
    let (to, answered) = forks(&mut call);
    assert!(!to.iter().any(|u| u == FWD || u == VM), "{to:?}");
    assert_eq!(answered.last(), Some(&480));

    // Unanswered: the endpoints ring, and when the timer fires voice mail is not tried.
    let mut c = Callee::new("sip:alice@contoso.com").unwrap();
    c.add_endpoint(EP).unwrap();
    c.set_voicemail(VM).unwrap();
    let mut call = Router::default().route(&invite, &c).unwrap();
    let (to, _) = forks(&mut call);
    assert_eq!(to, vec![EP.to_owned()]);
    for timer in 1..=4 {
        let _ = call.on_timer(timer);
        let (to, _) = forks(&mut call);
        assert!(!to.iter().any(|u| u == VM), "{to:?}");
    }
}
