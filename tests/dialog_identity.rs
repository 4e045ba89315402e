//! Identity in dialogs for a user agent (MS-SIPRE 3.2.4.1, 3.2.5.1, 3.3.4.1) and the proxy's
//! instance check (3.3.5.2), with the REGISTER of MS-SIPRE 4.1 and 4.2.

use mssip::ext::{Epid, SipInstance};
use mssip::identity::dialog::{
    check_instance, is_for_me, remote_epid, set_contact_instance, set_from_epid, set_to_epid,
};
use mssip::sip::Message;

const ALICE_INSTANCE: &str = "urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697";

fn epid(s: &str) -> Epid {
    Epid::parse(s).unwrap()
}

fn msg(text: &str) -> Message {
    Message::parse(text.as_bytes()).unwrap()
}

/// MS-SIPRE 4.1 without its epid: the user agent adds it and gets 4.1's From back.
#[test]
fn section_4_1_epid_on_the_from_of_every_request() {
    let mut m = msg(
        "REGISTER sip:contoso.com SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=33975904fc\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: 21c7d6e384c249afac26e3f3016140a6\r\nCSeq: 88 REGISTER\r\n\r\n",
    );
    set_from_epid(&mut m, &epid("01010101")).unwrap();
    assert_eq!(
        m.header("From"),
        Some("<sip:alice@contoso.com>;tag=33975904fc;epid=01010101")
    );
    // Setting it again replaces the value instead of adding a second one.
    set_from_epid(&mut m, &epid("02020202")).unwrap();
    assert_eq!(
        m.header("From"),
        Some("<sip:alice@contoso.com>;tag=33975904fc;epid=02020202")
    );
    let mut none = msg("OPTIONS sip:a@b SIP/2.0\r\nTo: <sip:a@b>\r\n\r\n");
    assert!(set_from_epid(&mut none, &epid("01010101")).is_err());
}

/// MS-SIPRE 4.2: the REGISTER with `+sip.instance` on its Contact (the printed one has its
/// line wrapped inside the URI; here on one line).
#[test]
fn section_4_2_instance_on_the_contact() {
    let mut m = msg(
        "REGISTER sip:contoso.com SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=33975904fc;epid=01010101\r\nTo: <sip:alice@contoso.com>\r\nCall-ID: 21c7d6e384c249afac26e3f3016140a6\r\nCSeq: 88 REGISTER\r\nContact: <sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace\r\n\r\n",
    );
    let inst =
        SipInstance::from_urn(&mssip::identity::instance_from_epid("01010101").unwrap()).unwrap();
    assert_eq!(set_contact_instance(&mut m, &inst).unwrap(), 1);
    assert_eq!(
        m.header("Contact"),
        Some(
            "<sip:192.0.2.1:27221;transport=tls;ms-opaque=29c344caf9>;methods=\"INVITE, MESSAGE, INFO, OPTIONS, BYE, CANCEL, NOTIFY, ACK, REFER, BENOTIFY\";proxy=replace;+sip.instance=\"<urn:uuid:4b1682a8-f968-5701-83fc-7c6741dc6697>\""
        )
    );
    assert_eq!(check_instance(&m), Ok(()));
    // Every Contact gets it; a Contact: * is left alone.
    let mut two = msg("INVITE sip:b@h SIP/2.0\r\nContact: <sip:a@h1>, <sip:a@h2>\r\n\r\n");
    assert_eq!(set_contact_instance(&mut two, &inst).unwrap(), 2);
    assert_eq!(
        two.values("Contact")
            .filter(|v| v.contains(ALICE_INSTANCE))
            .count(),
        2
    );
    let mut star = msg("REGISTER sip:h SIP/2.0\r\nContact: *\r\n\r\n");
    assert_eq!(set_contact_instance(&mut star, &inst).unwrap(), 0);
}

#[test]
fn section_3_2_4_1_remote_epid_and_to_epid_in_the_dialog() {
    // UAS: the remote epid is the From epid of the request.
    let req = msg(
        "INVITE sip:bob@contoso.com SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=1;epid=01010101\r\nTo: <sip:bob@contoso.com>\r\n\r\n",
    );
    assert_eq!(remote_epid(&req).unwrap(), Some(epid("01010101")));
    // UAC: the To epid of the response; empty when absent.
    let resp = msg(
        "SIP/2.0 200 OK\r\nFrom: <sip:alice@contoso.com>;tag=1;epid=01010101\r\nTo: <sip:bob@contoso.com>;tag=2;epid=02020202\r\n\r\n",
    );
    assert_eq!(remote_epid(&resp).unwrap(), Some(epid("02020202")));
    let bare = msg("SIP/2.0 200 OK\r\nTo: <sip:bob@contoso.com>;tag=2\r\n\r\n");
    assert_eq!(remote_epid(&bare).unwrap(), None);
    let bad =
        msg("SIP/2.0 200 OK\r\nTo: <sip:bob@contoso.com>;tag=2;epid=0123456789abcdef0\r\n\r\n");
    assert!(remote_epid(&bad).is_err());
    // The next request in the dialog carries it in To.
    let mut bye = msg(
        "BYE sip:192.0.2.2 SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=1;epid=01010101\r\nTo: <sip:bob@contoso.com>;tag=2\r\n\r\n",
    );
    set_to_epid(&mut bye, &epid("02020202")).unwrap();
    assert_eq!(
        bye.header("To"),
        Some("<sip:bob@contoso.com>;tag=2;epid=02020202")
    );
}

#[test]
fn section_3_2_5_1_a_request_for_another_epid_is_discarded() {
    let me = epid("01010101");
    let to = |v: &str| {
        msg(&format!(
            "MESSAGE sip:alice@contoso.com SIP/2.0\r\nTo: {v}\r\n\r\n"
        ))
    };
    assert!(is_for_me(&to("<sip:alice@contoso.com>"), &me));
    assert!(is_for_me(&to("<sip:alice@contoso.com>;epid=01010101"), &me));
    assert!(!is_for_me(
        &to("<sip:alice@contoso.com>;epid=02020202"),
        &me
    ));
    // Epids compare as strings: case matters.
    assert!(!is_for_me(
        &to("<sip:alice@contoso.com>;epid=0101010A"),
        &epid("0101010a")
    ));
    assert!(!is_for_me(&to("<sip:alice@contoso.com>;epid"), &me));
}

#[test]
fn section_3_3_5_2_proxy_checks_instance_against_epid() {
    let req = |from: &str, contact: &str| {
        msg(&format!(
            "INVITE sip:b@h SIP/2.0\r\nFrom: <sip:alice@contoso.com>;tag=1{from}\r\nTo: <sip:b@h>\r\nContact: {contact}\r\n\r\n"
        ))
    };
    let c = format!("<sip:192.0.2.1>;+sip.instance=\"<{ALICE_INSTANCE}>\"");
    assert_eq!(check_instance(&req(";epid=01010101", &c)), Ok(()));
    assert_eq!(check_instance(&req("", &c)), Ok(()));
    assert_eq!(
        check_instance(&req(";epid=02020202", &c)),
        Err("+sip.instance does not match the epid")
    );
    assert_eq!(
        check_instance(&req(
            "",
            "<sip:a@h>;+sip.instance=\"<urn:uuid:75ab1008bcc45544924daa177c824291>\""
        )),
        Err("+sip.instance is not a UUID URN")
    );
    assert_eq!(
        check_instance(&req(";epid=0123456789abcdef0", &c)),
        Err("Malformed epid parameter")
    );
    assert_eq!(check_instance(&req("", "<sip:a@h>")), Ok(()));
    // A response is checked against its To epid.
    let resp = msg(&format!(
        "SIP/2.0 200 OK\r\nFrom: <sip:a@h>;tag=1;epid=01010101\r\nTo: <sip:b@h>;tag=2;epid=02020202\r\nContact: {c}\r\n\r\n"
    ));
    assert_eq!(
        check_instance(&resp),
        Err("+sip.instance does not match the epid")
    );
}
