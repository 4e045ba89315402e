//! MS-SIPRE 2.2.22 and 3.17, every MUST, and the example of 4.14.

use super::example_4_14::{CIVIC_4_14, SPEC_4_14};
use super::notification::{PURPOSE, notification_text};
use super::*;
use crate::limits::Limits;
use crate::sip::Message;
use crate::sip::body::multipart::{Multipart, MultipartBuilder};

const E911_INVITE: &[u8] = include_bytes!("../../tests/data/corpus/invite-e911.sip");

fn msg(bytes: &[u8]) -> Message {
    Message::parse(bytes).expect("the example parses")
}

fn corpus_pidf() -> Vec<u8> {
    let m = msg(E911_INVITE);
    let mp = Multipart::parse(m.body(), m.content_type().unwrap(), m.limits()).unwrap();
    mp.find("application/pidf+xml").unwrap().body().to_vec()
}

fn pidf_with_tag(tag: &str) -> String {
    String::from_utf8(corpus_pidf())
        .unwrap()
        .replace(">user-tagid<", &format!(">{tag}<"))
}

fn invite_with_body(content_type: &str, body: &[u8]) -> Message {
    crate::sip::builder::RequestBuilder::new("INVITE", "sip:911@contoso.com;user=phone")
        .header("From", "\"Ann\" <sip:ann@contoso.com>;tag=a1")
        .header("To", "<sip:911@contoso.com;user=phone>")
        .header("Call-ID", "call-1")
        .header("CSeq", "1 INVITE")
        .header("Priority", "emergency")
        .body(content_type, body)
        .build()
        .unwrap()
}

// ---- 3.17.5.2: detection -----------------------------------------------------------------

#[test]
fn s3_17_5_2_an_emergency_call_is_an_invite_with_priority_emergency() {
    assert!(is_emergency(&msg(E911_INVITE)));
    let text = String::from_utf8(E911_INVITE.to_vec()).unwrap();
    assert!(is_emergency(&msg(text
        .replace("Priority: emergency", "Priority: EMERGENCY")
        .as_bytes())));
    assert!(!is_emergency(&msg(text
        .replace("Priority: emergency", "Priority: urgent")
        .as_bytes())));
    assert!(!is_emergency(&msg(text
        .replace("Priority: emergency\r\n", "")
        .as_bytes())));
    let message = text.replacen("INVITE sip:", "MESSAGE sip:", 1);
    assert!(!is_emergency(&msg(message.as_bytes())));
}

// ---- 2.2.22 / 3.17.5.2: the PIDF-LO ------------------------------------------------------

#[test]
fn s3_17_5_2_the_pidf_lo_gives_the_policy_tag_the_civic_address_and_the_method() {
    let lo = location_of(&msg(E911_INVITE)).unwrap();
    assert_eq!(lo.policy_tag_id.as_deref(), Some("user-tagid"));
    assert_eq!(lo.entity.as_deref(), Some("sip:voip_911_user1@contoso.com"));
    let civic: Vec<(&str, &str)> = lo
        .civic
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    // The address of 4.14, its NAM without the trailing space as the corpus writes it.
    assert_eq!(civic, CIVIC_4_14.map(|(n, v)| (n, v.trim())));
    // 2.2.22: an address that cannot be trusted to match the endpoint is "Manual".
    assert_eq!(lo.method.as_deref(), Some("Manual"));
    assert_eq!(
        lo.conference_uri.as_deref(),
        Some("sip:+14255550199@contoso.com;user=phone")
    );
    assert_eq!(lo.conference_mode.as_deref(), Some("twoway"));
}

#[test]
fn s3_17_5_2_the_last_pidf_lo_part_is_used_and_the_geolocation_header_ignored() {
    let first = pidf_with_tag("first-tag");
    let last = pidf_with_tag("last-tag");
    let built = MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "application/sdp")], b"v=0\r\n")
        .part(
            &[
                ("Content-Type", "application/pidf+xml"),
                ("Content-ID", "<one@h>"),
            ],
            first.as_bytes(),
        )
        .part(
            &[
                ("Content-Type", "application/pidf+xml"),
                ("Content-ID", "<two@h>"),
            ],
            last.as_bytes(),
        )
        .build()
        .unwrap();
    let mut m = invite_with_body(&built.content_type, &built.body);
    m.add_header("Geolocation", "<cid:one@h>").unwrap();
    let lo = location_of(&m).unwrap();
    assert_eq!(lo.policy_tag_id.as_deref(), Some("last-tag"));
    // A body that is the PIDF-LO itself.
    let single = invite_with_body("application/pidf+xml", first.as_bytes());
    assert_eq!(
        location_of(&single).unwrap().policy_tag_id.as_deref(),
        Some("first-tag")
    );
}

#[test]
fn the_location_refuses_what_is_no_pidf_lo() {
    let none = invite_with_body("application/sdp", b"v=0\r\n");
    assert_eq!(location_of(&none), Err(E911Error::NoLocation));
    let built = MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "application/sdp")], b"v=0\r\n")
        .build()
        .unwrap();
    let m = invite_with_body(&built.content_type, &built.body);
    assert_eq!(location_of(&m), Err(E911Error::NoLocation));
    let l = Limits::default();
    assert!(matches!(
        PidfLo::parse(b"<presence xmlns='urn:other'/>", &l),
        Err(E911Error::NotPidfLo(_))
    ));
    assert!(matches!(
        PidfLo::parse(b"<presence xmlns='urn:ietf:params:xml:ns:pidf'><tuple/></presence>", &l),
        Err(E911Error::NotPidfLo(w)) if w.contains("GEOPRIV")
    ));
    let no_info = br#"<presence xmlns="urn:ietf:params:xml:ns:pidf" xmlns:gp="urn:ietf:params:xml:ns:pidf:geopriv10"><tuple><status><gp:geopriv/></status></tuple></presence>"#;
    assert!(matches!(
        PidfLo::parse(no_info, &l),
        Err(E911Error::NotPidfLo(w)) if w.contains("location-info")
    ));
    assert!(matches!(
        PidfLo::parse(b"<presence", &l),
        Err(E911Error::Xml(_))
    ));
    let dtd = b"<!DOCTYPE x [<!ENTITY a 'b'>]><presence xmlns='urn:ietf:params:xml:ns:pidf'/>";
    assert!(matches!(PidfLo::parse(dtd, &l), Err(E911Error::Xml(_))));
}

#[test]
fn the_pidf_lo_is_read_within_the_size_and_depth_limits() {
    let pidf = corpus_pidf();
    let small = Limits {
        max_xml_size: pidf.len() - 1,
        ..Limits::default()
    };
    assert!(matches!(
        PidfLo::parse(&pidf, &small),
        Err(E911Error::Xml(e)) if e.kind == crate::xml::XmlErrorKind::LimitExceeded
    ));
    let shallow = Limits {
        max_xml_depth: 5,
        ..Limits::default()
    };
    assert!(matches!(
        PidfLo::parse(&pidf, &shallow),
        Err(E911Error::Xml(e)) if e.kind == crate::xml::XmlErrorKind::LimitExceeded
    ));
    assert!(PidfLo::parse(&pidf, &Limits::default()).is_ok());
}

// ---- 3.17.5.2 items 1-3: the notification INVITE -----------------------------------------

const EXPECTED_TEXT: &str = "country=US\r\nA1=WA\r\nA3=Redmond\r\nRD=163rd\r\nSTS=Ave\r\nPOD=NE\r\nHNO=3910\r\nLOC=40/4451\r\nNAM=Contoso Corporation\r\nPC=98052\r\nmethod=Manual\r\n";

#[test]
fn s3_17_5_2_the_notification_has_priority_call_info_and_the_name_value_text() {
    let invite = msg(E911_INVITE);
    let lo = location_of(&invite).unwrap();
    let ids = NotificationIds {
        call_id: "n1".into(),
        from_tag: "t1".into(),
    };
    let n = notification_invite(&invite, &lo, "sip:security@contoso.com", &ids).unwrap();
    let expect = format!(
        "INVITE sip:security@contoso.com SIP/2.0\r\n\
Max-Forwards: 70\r\n\
From: \"voip_911_user1\" <sip:voip_911_user1@contoso.com>;tag=t1\r\n\
To: <sip:security@contoso.com>\r\n\
Call-ID: n1\r\n\
CSeq: 1 INVITE\r\n\
Priority: emergency\r\n\
Call-Info: <sip:voip_911_user1@contoso.com>;purpose=ms-emergency-notification\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Length: {}\r\n\r\n{EXPECTED_TEXT}",
        EXPECTED_TEXT.len()
    );
    assert_eq!(String::from_utf8_lossy(n.as_bytes()), expect);
    // Item 1.
    assert_eq!(n.header("Priority"), Some("emergency"));
    // Item 2: the caller's SIP URI and the purpose.
    let info = crate::sip::NameAddr::parse(n.header("Call-Info").unwrap()).unwrap();
    assert_eq!(info.uri.raw, "sip:voip_911_user1@contoso.com");
    assert_eq!(info.params.value("purpose"), Some(PURPOSE));
    // Item 3: every descendant of civicAddress, and method.
    assert_eq!(notification_text(&lo), EXPECTED_TEXT);
    assert!(notification_invite(&invite, &lo, "not a uri", &ids).is_err());
    let bad_ids = NotificationIds {
        call_id: "a\r\nX: y".into(),
        from_tag: "t".into(),
    };
    assert!(notification_invite(&invite, &lo, "sip:s@h", &bad_ids).is_err());
}

#[test]
fn derived_ids_are_stable_per_target_and_differ_between_targets() {
    let invite = msg(E911_INVITE);
    let a = NotificationIds::derived(&invite, "sip:a@h");
    assert_eq!(a, NotificationIds::derived(&invite, "sip:a@h"));
    assert_ne!(a, NotificationIds::derived(&invite, "sip:b@h"));
    assert!(a.call_id.starts_with("e911-") && a.call_id.len() == 45);
    assert_eq!(a.from_tag.len(), 16);
}

// ---- 3.17.5.2: one notification per URI, and the call goes on whatever fails ------------

#[test]
fn s3_17_5_2_every_notification_uri_of_the_policy_gets_one() {
    let invite = msg(E911_INVITE);
    let mut asked = Vec::new();
    let mut sent = Vec::new();
    let report = notify(
        &invite,
        NotifyLimits::default(),
        &mut |tag| {
            asked.push(tag.map(str::to_owned));
            Ok(vec![
                "sip:security@contoso.com".into(),
                "sip:desk@contoso.com".into(),
            ])
        },
        &mut |target, m| {
            sent.push((target.to_owned(), m.request_uri().unwrap().to_owned()));
            Ok(())
        },
    );
    assert!(report.emergency);
    assert_eq!(report.sent, 2);
    assert!(report.failures.is_empty());
    assert_eq!(asked, vec![Some("user-tagid".to_owned())]);
    assert_eq!(
        sent,
        vec![
            (
                "sip:security@contoso.com".into(),
                "sip:security@contoso.com".into()
            ),
            ("sip:desk@contoso.com".into(), "sip:desk@contoso.com".into())
        ]
    );
    assert_eq!(
        report.location.unwrap().policy_tag_id.as_deref(),
        Some("user-tagid")
    );
}

#[test]
fn s3_17_5_2_a_failing_notification_never_stops_the_emergency_call() {
    let invite = msg(E911_INVITE);
    // send refuses one target; the other is still sent.
    let report = notify(
        &invite,
        NotifyLimits::default(),
        &mut |_| {
            Ok(vec![
                "sip:down@contoso.com".into(),
                "sip:up@contoso.com".into(),
            ])
        },
        &mut |t, _| {
            if t.contains("down") {
                Err("503".into())
            } else {
                Ok(())
            }
        },
    );
    assert_eq!(
        (report.emergency, report.sent, report.failures.len()),
        (true, 1, 1)
    );
    assert!(report.failures[0].contains("sip:down@contoso.com"));
    // The policy lookup fails.
    let report = notify(
        &invite,
        NotifyLimits::default(),
        &mut |_| Err("no such policy".into()),
        &mut |_, _| panic!("nothing to send"),
    );
    assert!(report.emergency && report.location.is_some());
    assert_eq!(report.sent, 0);
    assert!(report.failures[0].contains("no such policy"));
    // A target that is no URI, and targets over the limit.
    let report = notify(
        &invite,
        NotifyLimits { max_targets: 2 },
        &mut |_| {
            Ok(vec![
                "bad uri".into(),
                "sip:a@h".into(),
                "sip:b@h".into(),
                "sip:c@h".into(),
            ])
        },
        &mut |_, _| Ok(()),
    );
    assert_eq!(report.sent, 1);
    assert_eq!(report.failures.len(), 2);
    assert!(report.failures[1].contains("2 notification targets over the limit"));
    // No location at all.
    let text = String::from_utf8(E911_INVITE.to_vec()).unwrap();
    let no_pidf = text.replace("application/pidf+xml", "application/other+xml");
    let report = notify(
        &msg(no_pidf.as_bytes()),
        NotifyLimits::default(),
        &mut |_| panic!("no policy without a location"),
        &mut |_, _| panic!("nothing to send"),
    );
    assert!(report.emergency && report.location.is_none());
    assert_eq!(report.failures.len(), 1);
    // Not an emergency: nothing happens.
    let plain = text.replace("Priority: emergency\r\n", "");
    let report = notify(
        &msg(plain.as_bytes()),
        NotifyLimits::default(),
        &mut |_| panic!("not an emergency"),
        &mut |_, _| panic!("not an emergency"),
    );
    assert_eq!(report, Report::default());
}

// ---- 4.14 --------------------------------------------------------------------------------

/// 4.14 as printed. Its PIDF-LO reads as the server needs it once its text is trimmed: the
/// printed `user-tagid` and conference URI are followed by a line break and indentation inside
/// their elements, and `Contoso Corporation ` has a trailing space. It has no `gp:method`
/// (the corpus INVITE of the same call has `Manual`), so its notification text is the civic
/// address alone. Its Geolocation `<cid:sip:voip_911_user1@contoso.com>` names no part: the
/// Content-ID is `<voip_911_user1@contoso.com>`, whose cid URL is `cid:voip_911_user1@...`
/// (RFC 2392; as the corpus INVITE writes it); the server ignores the header anyway.
#[test]
fn example_4_14_e911_invite() {
    let start = SPEC_4_14.find("<?xml").unwrap();
    let end = SPEC_4_14.find("</presence>").unwrap() + "</presence>".len();
    let pidf = &SPEC_4_14[start..end];
    let lo = PidfLo::parse(pidf.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(lo.policy_tag_id.as_deref(), Some("user-tagid"));
    assert!(pidf.contains("user-tagid\n        </LocationPolicyTagID >"));
    assert_eq!(
        lo.conference_uri.as_deref(),
        Some("sip:+14255550199@contoso.com;user=phone")
    );
    assert!(pidf.contains("<ca:NAM>Contoso Corporation </ca:NAM>"));
    assert_eq!(lo.civic[8], ("NAM".into(), "Contoso Corporation".into()));
    assert_eq!(lo.civic.len(), 10);
    assert_eq!(lo.method, None);
    assert!(!notification_text(&lo).contains("method="));
    assert!(notification_text(&lo).starts_with("country=US\r\nA1=WA\r\n"));

    assert!(SPEC_4_14.contains("PRIORITY: emergency"));
    assert!(SPEC_4_14.contains("geolocation: <cid:sip:voip_911_user1@contoso.com>"));
    let corpus = msg(E911_INVITE);
    let mp = Multipart::parse(
        corpus.body(),
        corpus.content_type().unwrap(),
        corpus.limits(),
    )
    .unwrap();
    assert!(
        mp.find_by_content_id("cid:voip_911_user1@contoso.com")
            .is_some()
    );
    assert!(
        mp.find_by_content_id("cid:sip:voip_911_user1@contoso.com")
            .is_none()
    );
    assert_eq!(
        corpus.header("Geolocation"),
        Some("<cid:voip_911_user1@contoso.com>;inserted-by=\"sip:voip_911_user1@contoso.com\"")
    );
}

/// A fuzz finding of the pidf_lo target: `<\r/>` (and a run of NULs) inside `ca:HNO` was read
/// as a civic element without a name. The XML layer refuses an element without a name.
#[test]
fn regress_an_element_without_a_name_is_no_pidf_lo() {
    let input = include_bytes!("../../tests/data/regress/pidf-lo-unnamed-element.xml");
    assert!(input.windows(3).any(|w| w == b"<\r/"));
    match PidfLo::parse(input, &Limits::default()) {
        Err(E911Error::Xml(e)) => {
            assert_eq!(e.kind, crate::xml::XmlErrorKind::Syntax);
            assert!(e.to_string().contains("an element without a name"), "{e}");
        }
        other => panic!("read: {other:?}"),
    }
}
