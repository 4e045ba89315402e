//! The client side of MS-SIPRE 2.2.22 / 3.17.5.1: the location written as a PIDF-LO and the
//! E911 INVITE around it, against the example of 4.14.

use super::example_4_14::{CIVIC_4_14, SPEC_4_14};
use super::*;
use crate::limits::Limits;
use crate::sip::Message;
use crate::sip::body::multipart::Multipart;

const BOUNDARY: &str = "-----_NextPart_000_4A6D_01CAB3D6.7519F890";

/// The location of 4.14, typed.
fn location_4_14() -> EmergencyLocation {
    let mut lo = EmergencyLocation::new(
        "sip:voip_911_user1@contoso.com",
        "sip:+14255550199@contoso.com;user=phone",
        ConferenceMode::TwoWay,
    );
    for (name, value) in CIVIC_4_14 {
        lo.civic.set_named(name, value).unwrap();
    }
    lo.policy_tag_id = Some("user-tagid".into());
    lo.timestamp = Some("1991-09-22T13:37:31.03".into());
    lo
}

/// The PIDF-LO of 4.14 as a document of CRLF lines. The printed example breaks two lines
/// inside elements (`...;user=phone` / `</ms:ConferenceUri>` and `user-tagid` /
/// `</LocationPolicyTagID >`, as it breaks `vi` / `deo` in its Contact): those breaks are
/// joined, nothing else is changed.
fn pidf_4_14() -> String {
    let start = SPEC_4_14.find("<?xml").unwrap();
    let end = SPEC_4_14.find("</presence>").unwrap() + "</presence>".len();
    let printed = &SPEC_4_14[start..end];
    let joined = printed
        .replace(
            ";user=phone\n        </ms:ConferenceUri>",
            ";user=phone</ms:ConferenceUri>",
        )
        .replace(
            "user-tagid\n        </LocationPolicyTagID >",
            "user-tagid</LocationPolicyTagID>",
        );
    assert_ne!(joined, printed, "the two breaks are where 4.14 has them");
    format!("{}\r\n", joined.replace('\n', "\r\n"))
}

fn sdp_4_14() -> String {
    let start = SPEC_4_14.find("v=0").unwrap();
    let end = SPEC_4_14.find("a=ptime:20").unwrap() + "a=ptime:20\n".len();
    SPEC_4_14[start..end].replace('\n', "\r\n")
}

fn invite_4_14() -> EmergencyInvite {
    EmergencyInvite {
        request_uri: "sip:911;phone-context=Redmond@192.168.1.12;user=phone".into(),
        caller: "sip:voip_911_user1@contoso.com".into(),
        display_name: Some("voip_911_user1".into()),
        epid: Some("1D19090AED".into()),
        from_tag: "d04d65d924".into(),
        call_id: "e6828be1-1cdd-4fb0-bdda-cda7faf46df4".into(),
        cseq: 8,
        contact: Some(
            "<sip:voip_911_user1@contoso.com;opaque=user:epid:R4bCDaUj51a06PUBkraS0QAA;gruu>;text;audio;video;image"
                .into(),
        ),
        content_id: "voip_911_user1@contoso.com".into(),
        sdp: sdp_4_14().into_bytes(),
        boundary: Some(BOUNDARY.into()),
    }
}

/// A printed header of 4.14 (names in any case), its wrapped lines joined (`CONTACT:` /
/// `<sip:...;vi` / `deo;image`).
fn printed_header(name: &str) -> String {
    let head = &SPEC_4_14[..SPEC_4_14.find("Message-Body:").unwrap()];
    let starts = |l: &str| {
        l.split_once(':').is_some_and(|(n, _)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        })
    };
    let mut fields: Vec<String> = Vec::new();
    for line in head.lines().skip(1) {
        match fields.last_mut() {
            Some(last) if !starts(line) => last.push_str(line.trim()),
            _ => fields.push(line.to_owned()),
        }
    }
    let field = fields
        .iter()
        .find(|f| f.split_once(':').unwrap().0.eq_ignore_ascii_case(name))
        .unwrap();
    field.split_once(':').unwrap().1.trim().to_owned()
}

#[test]
fn example_4_14_the_pidf_lo_is_written_byte_for_byte() {
    assert_eq!(location_4_14().to_xml().unwrap(), pidf_4_14());
}

#[test]
fn example_4_14_the_e911_invite() {
    let m = invite_4_14().build(&location_4_14()).unwrap();
    let m = Message::parse(m.as_bytes()).unwrap();
    // The header values 4.14 prints, where it prints valid ones.
    for name in [
        "From",
        "To",
        "CSeq",
        "Call-ID",
        "Contact",
        "Priority",
        "Supported",
    ] {
        assert_eq!(m.header(name).unwrap(), printed_header(name), "{name}");
    }
    assert_eq!(
        m.request_uri(),
        Some("sip:911;phone-context=Redmond@192.168.1.12;user=phone")
    );
    // 4.14 prints `<cid:sip:voip_911_user1@contoso.com>`, which names no part: the part's
    // Content-ID is `<voip_911_user1@contoso.com>`, so its cid URL (RFC 2392) has no `sip:`.
    assert_eq!(
        printed_header("geolocation"),
        "<cid:sip:voip_911_user1@contoso.com>;inserted-by=\"sip:voip_911_user1@contoso.com\""
    );
    assert_eq!(
        m.header("Geolocation"),
        Some("<cid:voip_911_user1@contoso.com>;inserted-by=\"sip:voip_911_user1@contoso.com\"")
    );
    // 4.14 prints `boundary= -----_Next...`, a space where the value starts (RFC 2045 5.1
    // has none); the boundary is a token, written as it is.
    assert_eq!(
        m.content_type(),
        Some("multipart/mixed; boundary=-----_NextPart_000_4A6D_01CAB3D6.7519F890")
    );
    let mp = Multipart::parse(m.body(), m.content_type().unwrap(), m.limits()).unwrap();
    assert_eq!(mp.parts().len(), 2);
    assert!(mp.parts()[0].is("application/sdp"));
    assert_eq!(mp.parts()[0].body(), sdp_4_14().as_bytes());
    let pidf = &mp.parts()[1];
    assert!(pidf.is("application/pidf+xml"));
    assert_eq!(
        pidf.header("Content-ID"),
        Some("<voip_911_user1@contoso.com>")
    );
    assert_eq!(pidf.body(), pidf_4_14().as_bytes());
    // The Geolocation names the PIDF-LO part (2.2.22).
    let cid = m.header("Geolocation").unwrap();
    let cid = &cid[1..cid.find('>').unwrap()];
    assert_eq!(mp.find_by_content_id(cid).unwrap().body(), pidf.body());
}

#[test]
fn s2_2_22_the_server_reads_what_the_client_wrote() {
    let built = invite_4_14().build(&location_4_14()).unwrap();
    assert!(is_emergency(&built));
    let lo = location_of(&built).unwrap();
    assert_eq!(lo.policy_tag_id.as_deref(), Some("user-tagid"));
    assert_eq!(lo.entity.as_deref(), Some("sip:voip_911_user1@contoso.com"));
    assert_eq!(
        lo.conference_uri.as_deref(),
        Some("sip:+14255550199@contoso.com;user=phone")
    );
    assert_eq!(lo.conference_mode.as_deref(), Some("twoway"));
    assert_eq!(lo.civic.len(), 10);
    assert_eq!(lo.civic[0], ("country".into(), "US".into()));
    assert_eq!(lo.method, None);
    // The notification the server sends for it (3.17.5.2).
    let mut sent = 0;
    let report = notify(
        &built,
        NotifyLimits::default(),
        &mut |tag| {
            assert_eq!(tag, Some("user-tagid"));
            Ok(vec!["sip:security@contoso.com".into()])
        },
        &mut |_, n| {
            assert!(String::from_utf8_lossy(n.body()).contains("HNO=3910\r\n"));
            sent += 1;
            Ok(())
        },
    );
    assert_eq!((report.sent, sent, report.failures.len()), (1, 1, 0));
}

#[test]
fn s2_2_22_an_address_that_cannot_be_trusted_has_the_method_manual() {
    let mut lo = location_4_14();
    lo.address_trusted = false;
    assert_eq!(lo.written_method().unwrap(), Some("Manual"));
    let xml = lo.to_xml().unwrap();
    assert!(xml.contains("        <gp:method>Manual</gp:method>\r\n      </gp:geopriv>"));
    let read = PidfLo::parse(xml.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(read.method.as_deref(), Some("Manual"));
    lo.method = Some("Manual".into());
    assert_eq!(lo.to_xml().unwrap(), xml);
    lo.method = Some("DHCP".into());
    assert!(matches!(
        lo.to_xml(),
        Err(E911Error::BadLocation(w)) if w.contains("Manual")
    ));
    assert!(invite_4_14().build(&lo).is_err());
    // A trusted address keeps the method it was obtained by.
    lo.address_trusted = true;
    let read = PidfLo::parse(lo.to_xml().unwrap().as_bytes(), &Limits::default()).unwrap();
    assert_eq!(read.method.as_deref(), Some("DHCP"));
}

#[test]
fn rfc_5139_civic_elements_are_written_once_each_in_schema_order() {
    let mut lo = EmergencyLocation::new("sip:a@h", "sip:c@h", ConferenceMode::OneWay);
    lo.civic.set(CivicElement::Pc, "98052").unwrap();
    lo.civic.set(CivicElement::A1, "WA").unwrap();
    lo.civic.set(CivicElement::Country, "US").unwrap();
    lo.civic.set(CivicElement::A1, "OR").unwrap();
    let read = PidfLo::parse(lo.to_xml().unwrap().as_bytes(), &Limits::default()).unwrap();
    let names: Vec<&str> = read.civic.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(names, ["country", "A1", "PC"]);
    assert_eq!(read.civic[1].1, "OR");
    assert_eq!(read.conference_mode.as_deref(), Some("oneway"));
    assert_eq!(read.policy_tag_id, None);
    // Every element name reads back as its element, in the declared order.
    let mut sorted = CivicElement::ALL;
    sorted.sort();
    assert_eq!(sorted, CivicElement::ALL);
    for e in CivicElement::ALL {
        assert_eq!(CivicElement::from_name(e.name()), Some(e));
    }
    assert_eq!(CivicElement::from_name("hno"), None);
    let mut c = CivicAddress::new();
    assert_eq!(
        c.set_named("STREET", "Main"),
        Err(E911Error::UnknownCivicElement("STREET".into()))
    );
    for bad in ["us", "USA", "U", ""] {
        assert!(matches!(
            c.set(CivicElement::Country, bad),
            Err(E911Error::BadLocation(_))
        ));
    }
    assert!(c.set(CivicElement::Nam, "a\nb").is_err());
    assert!(c.set(CivicElement::Nam, "").is_err());
    assert!(c.is_empty());
}

#[test]
fn the_location_is_refused_when_it_cannot_be_written() {
    let good = location_4_14();
    let mut lo = good.clone();
    lo.civic = CivicAddress::new();
    assert!(matches!(lo.to_xml(), Err(E911Error::BadLocation(w)) if w.contains("civic")));
    let mut lo = good.clone();
    lo.entity = "not a uri".into();
    assert_eq!(
        lo.to_xml(),
        Err(E911Error::BadLocation("the entity is no URI"))
    );
    let mut lo = good.clone();
    lo.conference_uri = String::new();
    assert!(lo.to_xml().is_err());
    let mut lo = good.clone();
    lo.policy_tag_id = Some("a\r\nb".into());
    assert!(lo.to_xml().is_err());
    let mut lo = good;
    lo.timestamp = Some(String::new());
    assert!(lo.to_xml().is_err());
}

#[test]
fn location_text_is_escaped_and_reads_back_the_same() {
    let mut lo = location_4_14();
    lo.civic
        .set(CivicElement::Nam, "Fabrikam & <Sons>")
        .unwrap();
    lo.entity = "sip:a&b@h".into();
    lo.policy_tag_id = Some("tag&<".into());
    let xml = lo.to_xml().unwrap();
    assert!(xml.contains("<ca:NAM>Fabrikam &amp; &lt;Sons&gt;</ca:NAM>"));
    let read = PidfLo::parse(xml.as_bytes(), &Limits::default()).unwrap();
    assert_eq!(read.civic[8].1, "Fabrikam & <Sons>");
    assert_eq!(read.entity.as_deref(), Some("sip:a&b@h"));
    assert!(xml.contains("entity=\"sip:a&amp;b@h\""));
    assert_eq!(read.policy_tag_id.as_deref(), Some("tag&<"));
}

#[test]
fn the_invite_is_refused_for_bad_parts() {
    let lo = location_4_14();
    let good = invite_4_14();
    type Change = Box<dyn Fn(&mut EmergencyInvite)>;
    let cases: Vec<(&str, Change)> = vec![
        ("request uri", Box::new(|i| i.request_uri = "911".into())),
        ("caller", Box::new(|i| i.caller = "voip".into())),
        ("contact", Box::new(|i| i.contact = Some("<sip:a@h".into()))),
        ("tag", Box::new(|i| i.from_tag = "a b".into())),
        ("epid", Box::new(|i| i.epid = Some("x;y".into()))),
        ("content id", Box::new(|i| i.content_id = "no-at".into())),
        ("content id >", Box::new(|i| i.content_id = "a>@h".into())),
        ("call id", Box::new(|i| i.call_id = "a\r\nX: y".into())),
        (
            "boundary in a part",
            Box::new(|i| i.boundary = Some("v=0".into())),
        ),
    ];
    for (what, change) in cases {
        let mut i = good.clone();
        change(&mut i);
        assert!(i.build(&lo).is_err(), "{what}");
    }
    // Without display name, epid, contact or boundary.
    let mut plain = good;
    plain.display_name = None;
    plain.epid = None;
    plain.contact = None;
    plain.boundary = None;
    let m = plain.build(&lo).unwrap();
    assert_eq!(
        m.header("From"),
        Some("<sip:voip_911_user1@contoso.com>;tag=d04d65d924")
    );
    assert!(m.header("Contact").is_none());
    assert_eq!(
        location_of(&m).unwrap().policy_tag_id.as_deref(),
        Some("user-tagid")
    );
    // A display name with a quote is escaped.
    let mut q = invite_4_14();
    q.display_name = Some("Ann \"A\"".into());
    let m = q.build(&lo).unwrap();
    assert_eq!(
        m.from().unwrap().unwrap().display_name,
        Some("\"Ann \\\"A\\\"\"")
    );
}
