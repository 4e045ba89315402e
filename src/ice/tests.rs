//! MS-SIPRE 3.15 and its examples 4.12.1 / 4.12.2.

use super::*;
use crate::limits::Limits;
use crate::sip::Message;
use crate::sip::body::multipart::{MediaType, Multipart};

const TWO_LEVEL: &[u8] = include_bytes!("../../tests/data/corpus/invite-multipart-2level.sip");
const THREE_LEVEL: &[u8] = include_bytes!("../../tests/data/corpus/invite-multipart-3level.sip");
const SPEC_4_12_1: &str = include_str!("../../tests/data/ice/spec-4.12.1.txt");
const SPEC_4_12_2: &str = include_str!("../../tests/data/ice/spec-4.12.2.txt");

const BOTH: IceSupport = IceSupport {
    v19: true,
    v6: true,
};
const ONLY_V6: IceSupport = IceSupport {
    v19: false,
    v6: true,
};
const NONE: IceSupport = IceSupport {
    v19: false,
    v6: false,
};

const V6_SDP: &[u8] =
    b"v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n\
m=audio 5000 RTP/AVP 0\r\na=candidate:Fz 1 pw UDP 0.830 10.0.0.1 5000\r\na=rtpmap:0 PCMU/8000";
const V19_SDP: &[u8] = b"v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n\
m=audio 5002 RTP/AVP 0\r\na=ice-ufrag:u\r\na=ice-pwd:p\r\na=candidate:1 1 UDP 2130706431 10.0.0.1 5002 typ host\r\na=rtpmap:0 PCMU/8000";
const PLAIN_SDP: &[u8] =
    b"v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0";

fn msg(bytes: &[u8]) -> Message {
    Message::parse(bytes).expect("the example parses")
}

fn parts_of(m: &Message) -> Multipart<'_> {
    Multipart::parse(m.body(), m.content_type().unwrap(), m.limits()).expect("body parses")
}

fn invite_with(content_type: &str, body: &[u8]) -> Message {
    crate::sip::builder::RequestBuilder::new("INVITE", "sip:bob@contoso.com")
        .header("Via", "SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK1")
        .header("From", "<sip:alice@contoso.com>;tag=1")
        .header("To", "<sip:bob@contoso.com>")
        .header("Call-ID", "c1")
        .header("CSeq", "1 INVITE")
        .body(content_type, body)
        .build()
        .unwrap()
}

// ---- 3.15.4.1: the structures a user agent builds ------------------------------------------

#[test]
fn s3_15_4_1_two_level_is_alternative_with_icev6_fallback_first_and_icev19_last() {
    let built = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP))
        .build()
        .unwrap();
    let mp = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_eq!(mp.subtype(), "alternative");
    let parts = mp.parts();
    assert_eq!(parts.len(), 2);
    assert!(parts.iter().all(|p| p.is("application/sdp")));
    assert_eq!(ice_version(parts[0].body()), IceVersion::V6);
    assert_eq!(ice_version(parts[1].body()), IceVersion::V19);
    let d0 = parts[0].disposition().unwrap().unwrap();
    assert_eq!(d0.kind, "session");
    assert!(d0.has(FALLBACK_PARAM));
    assert_eq!(d0.handling().as_deref(), Some("optional"));
    let d1 = parts[1].disposition().unwrap().unwrap();
    assert!(!d1.has(FALLBACK_PARAM));
    assert_eq!(parts[0].body(), V6_SDP);
    assert_eq!(parts[1].body(), V19_SDP);
}

#[test]
fn s3_15_4_1_three_level_puts_the_alternative_first_and_the_call_context_after_it() {
    let mut offer = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP));
    offer.context = Some(CallContextPart {
        content_type: "application/ms-conversation-context+xml".into(),
        content_id: Some("ctx1".into()),
        body: b"<cc:XmlConvContext/>".to_vec(),
    });
    let built = offer.build().unwrap();
    assert!(built.content_type.starts_with("multipart/mixed; boundary="));
    let mp = Multipart::parse(&built.body, &built.content_type, &Limits::default()).unwrap();
    let walk: Vec<(usize, bool, Option<&str>)> = mp
        .walk()
        .map(|(d, p)| (d, p.nested().is_some(), p.content_type()))
        .collect();
    assert_eq!(walk.len(), 4);
    assert_eq!(walk[0].0, 1);
    assert!(walk[0].1);
    assert!(walk[0].2.unwrap().starts_with("multipart/alternative"));
    assert_eq!(walk[1], (2, false, Some("application/sdp")));
    assert_eq!(walk[2], (2, false, Some("application/sdp")));
    assert_eq!(
        walk[3],
        (1, false, Some("application/ms-conversation-context+xml"))
    );
    let inner = mp.parts()[0].nested().unwrap();
    assert_eq!(ice_version(inner.parts()[0].body()), IceVersion::V6);
    assert!(
        inner.parts()[0]
            .disposition()
            .unwrap()
            .unwrap()
            .has(FALLBACK_PARAM)
    );
    assert_eq!(ice_version(inner.parts()[1].body()), IceVersion::V19);
    let ctx = &mp.parts()[1];
    assert_eq!(ctx.content_id(), Some("ctx1"));
    assert_eq!(
        ctx.header("Content-Disposition"),
        Some("render;handling=optional")
    );
}

#[test]
fn s3_15_4_1_only_icev6_and_icev19_descriptions_are_placed() {
    // "the SDP MUST be ICEv6, ICEv19": the builder refuses a part in the wrong place.
    let swapped = IceOffer::new(SdpPart::new(V19_SDP), SdpPart::new(V6_SDP)).build();
    assert!(matches!(swapped, Err(IceError::WrongSdp(_))));
    let plain = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(PLAIN_SDP)).build();
    assert!(matches!(plain, Err(IceError::WrongSdp(_))));
    let plain = IceOffer::new(SdpPart::new(PLAIN_SDP), SdpPart::new(V19_SDP)).build();
    assert!(matches!(plain, Err(IceError::WrongSdp(_))));
    let mut bad = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP));
    bad.ice6.content_id = Some("a\r\nInjected: 1".into());
    assert!(matches!(bad.build(), Err(IceError::Sip(_))));
    let mut clash = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP));
    clash.boundary = Some("PCMU".into());
    assert!(matches!(clash.build(), Err(IceError::Sip(_))));
}

#[test]
fn the_built_body_is_the_same_for_the_same_parts() {
    let a = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP))
        .build()
        .unwrap();
    let b = IceOffer::new(SdpPart::new(V6_SDP), SdpPart::new(V19_SDP))
        .build()
        .unwrap();
    assert_eq!(a, b);
}

// ---- 3.15.5.1: the offer a UAS picks --------------------------------------------------------

#[test]
fn s3_15_5_1_a_uas_with_icev19_picks_icev19_else_icev6() {
    let m = msg(TWO_LEVEL);
    let p = pick_offer_in(&m, BOTH).unwrap();
    assert_eq!(p.version, IceVersion::V19);
    assert_eq!(p.part, Some(1));
    assert_eq!(p.sdp, parts_of(&m).parts()[1].body());
    let v19_only = IceSupport {
        v19: true,
        v6: false,
    };
    assert_eq!(pick_offer_in(&m, v19_only).unwrap().part, Some(1));
    let p = pick_offer_in(&m, ONLY_V6).unwrap();
    assert_eq!(p.version, IceVersion::V6);
    assert_eq!(p.part, Some(0));
    assert!(matches!(pick_offer_in(&m, NONE), Err(IceError::NoOffer(_))));
}

#[test]
fn s3_15_5_1_the_pick_finds_the_descriptions_at_level_3() {
    let m = msg(THREE_LEVEL);
    let p = pick_offer_in(&m, BOTH).unwrap();
    assert_eq!(
        (p.version, p.part, p.content_id),
        (
            IceVersion::V19,
            Some(2),
            Some("38fcdc48-dc5e-48a0-9681-532010d92196")
        )
    );
    let p = pick_offer_in(&m, ONLY_V6).unwrap();
    assert_eq!(
        (p.version, p.part, p.content_id),
        (
            IceVersion::V6,
            Some(1),
            Some("cbe8227-c734-4d4a-b1ce-0ed219097ff4")
        )
    );
}

#[test]
fn s3_15_5_1_an_invite_without_ice_has_one_description_which_is_the_offer() {
    let m = invite_with("application/sdp", PLAIN_SDP);
    let p = pick_offer_in(&m, NONE).unwrap();
    assert_eq!(
        (p.version, p.part, p.sdp),
        (IceVersion::None, None, PLAIN_SDP)
    );
    // A multipart body with one description without ICE: a UAS of neither draft takes it.
    let built = crate::sip::body::multipart::MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "application/sdp")], PLAIN_SDP)
        .part(&[("Content-Type", "text/plain")], b"hi")
        .build()
        .unwrap();
    let p = pick_offer(&built.body, &built.content_type, NONE, &Limits::default()).unwrap();
    assert_eq!((p.version, p.part), (IceVersion::None, Some(0)));
}

#[test]
fn the_pick_refuses_bodies_without_a_description() {
    let m = invite_with("text/plain", b"hello");
    assert!(matches!(pick_offer_in(&m, BOTH), Err(IceError::NoOffer(_))));
    let built = crate::sip::body::multipart::MultipartBuilder::new("mixed")
        .part(&[("Content-Type", "text/plain")], b"hi")
        .build()
        .unwrap();
    let r = pick_offer(&built.body, &built.content_type, BOTH, &Limits::default());
    assert!(matches!(r, Err(IceError::NoOffer(_))));
    let r = pick_offer(
        b"garbage",
        "multipart/mixed; boundary=x",
        BOTH,
        &Limits::default(),
    );
    assert!(matches!(r, Err(IceError::Sip(_))));
    let r = pick_offer(b"", "not a type", BOTH, &Limits::default());
    assert!(matches!(r, Err(IceError::Sip(_))));
    let none = Message::parse(b"INVITE sip:b@h SIP/2.0\r\nContent-Length: 0\r\n\r\n").unwrap();
    assert!(matches!(
        pick_offer_in(&none, BOTH),
        Err(IceError::NoOffer(_))
    ));
    let empty = invite_with("application/sdp", b"");
    assert!(matches!(
        pick_offer_in(&empty, BOTH),
        Err(IceError::NoOffer(_))
    ));
}

#[test]
fn the_pick_stays_inside_the_limits() {
    let m = msg(THREE_LEVEL);
    let flat = Limits {
        max_nesting_depth: 1,
        ..Limits::default()
    };
    let r = pick_offer(m.body(), m.content_type().unwrap(), BOTH, &flat);
    assert!(matches!(r, Err(IceError::Sip(e)) if e.kind == crate::sip::ErrorKind::LimitExceeded));
}

// ---- 3.15.5.2: the retry after a 415 --------------------------------------------------------

#[test]
fn s3_15_5_2_the_retry_carries_only_icev6_without_the_fallback_parameter() {
    let m = msg(TWO_LEVEL);
    let retry = retry_invite(&m).unwrap();
    assert_eq!(retry.content_type(), Some("application/sdp"));
    assert_eq!(retry.body(), parts_of(&m).parts()[0].body());
    assert_eq!(ice_version(retry.body()), IceVersion::V6);
    assert_eq!(
        retry.header("Content-Disposition"),
        Some("session;handling=optional")
    );
    assert!(!String::from_utf8_lossy(retry.as_bytes()).contains(FALLBACK_PARAM));
    assert_eq!(
        retry.content_length().unwrap().unwrap(),
        retry.body().len() as u64
    );
    // A new request for the same call (RFC 3261 8.1.3.5): CSeq up, the host's Via gone.
    assert_eq!(retry.value("CSeq", 0), Some("2 INVITE"));
    assert_eq!(retry.count("Via"), 0);
    assert_eq!(retry.call_id(), m.call_id());
    assert_eq!(retry.value("From", 0), m.value("From", 0));
}

#[test]
fn s3_15_5_2_the_retry_of_a_three_level_offer_takes_the_level_3_icev6() {
    let m = msg(THREE_LEVEL);
    let retry = retry_invite(&m).unwrap();
    let inner_v6 = parts_of(&m).parts()[0].nested().unwrap().parts()[0].body();
    assert_eq!(retry.body(), inner_v6);
    assert_eq!(
        retry.header("Content-Disposition"),
        Some("session;handling=optional")
    );
}

#[test]
fn the_retry_without_a_marked_part_takes_the_first_icev6_and_refuses_other_bodies() {
    let built = crate::sip::body::multipart::MultipartBuilder::new("alternative")
        .part(&[("Content-Type", "application/sdp")], V6_SDP)
        .part(&[("Content-Type", "application/sdp")], V19_SDP)
        .build()
        .unwrap();
    let b = retry_body(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_eq!((b.sdp.as_slice(), b.disposition), (V6_SDP, None));
    let single = invite_with("application/sdp", V6_SDP);
    assert!(matches!(
        retry_invite(&single),
        Err(IceError::NoFallback(_))
    ));
    let v19 = crate::sip::body::multipart::MultipartBuilder::new("alternative")
        .part(&[("Content-Type", "application/sdp")], V19_SDP)
        .build()
        .unwrap();
    let r = retry_body(&v19.body, &v19.content_type, &Limits::default());
    assert!(matches!(r, Err(IceError::NoFallback(_))));
    let none = Message::parse(b"INVITE sip:b@h SIP/2.0\r\nContent-Length: 0\r\n\r\n").unwrap();
    assert!(matches!(retry_invite(&none), Err(IceError::NoFallback(_))));
}

// ---- The examples, byte for byte ------------------------------------------------------------

/// The 2-level INVITE of the corpus (the structure of 4.12.1) is what the builder writes for
/// its two descriptions, byte for byte. The Content-Type differs only in its spelling
/// (`;boundary="..."` there, `; boundary=...` here: the boundary is a token, so it needs no
/// quotes); both name the same boundary.
#[test]
fn example_4_12_1_two_level_is_rebuilt_byte_for_byte() {
    let m = msg(TWO_LEVEL);
    let mp = parts_of(&m);
    let mut ice6 = SdpPart::new(mp.parts()[0].body());
    ice6.seven_bit = true;
    let mut ice19 = SdpPart::new(mp.parts()[1].body());
    ice19.seven_bit = true;
    let mut offer = IceOffer::new(ice6, ice19);
    offer.spacing = ParamSpacing::Spaced;
    offer.boundary = Some(mp.boundary().to_owned());
    let built = offer.build().unwrap();
    assert_eq!(built.body, m.body());
    let theirs = MediaType::parse(m.content_type().unwrap()).unwrap();
    let ours = MediaType::parse(&built.content_type).unwrap();
    assert_eq!(ours.boundary().unwrap(), theirs.boundary().unwrap());
    assert!(ours.is("multipart/alternative") && theirs.is("multipart/alternative"));
}

/// The 3-level INVITE of the corpus (the structure of 4.12.2): body and Content-Type byte for
/// byte.
#[test]
fn example_4_12_2_three_level_is_rebuilt_byte_for_byte() {
    let m = msg(THREE_LEVEL);
    let mp = parts_of(&m);
    let inner = mp.parts()[0].nested().unwrap();
    let sdp = |i: usize| {
        let p = &inner.parts()[i];
        SdpPart {
            sdp: p.body().to_vec(),
            content_id: p.content_id().map(str::to_owned),
            seven_bit: false,
        }
    };
    let ctx = &mp.parts()[1];
    let mut offer = IceOffer::new(sdp(0), sdp(1));
    offer.context = Some(CallContextPart {
        content_type: ctx.content_type().unwrap().to_owned(),
        content_id: ctx.content_id().map(str::to_owned),
        body: ctx.body().to_vec(),
    });
    offer.boundary = Some(inner.boundary().to_owned());
    offer.outer_boundary = Some(mp.boundary().to_owned());
    let built = offer.build().unwrap();
    assert_eq!(built.body, m.body());
    assert_eq!(built.content_type, m.content_type().unwrap());
}

/// Puts back what the printed examples lost: CRLF line ends and the empty line that ends the
/// header fields of every part (after a delimiter line, the run of `Name: value` lines).
fn repaired(printed: &str) -> String {
    let lines: Vec<&str> = printed.lines().collect();
    let mut out = String::new();
    let mut in_headers = false;
    for l in lines {
        let is_header = l.split_once(':').is_some_and(|(n, _)| {
            !n.is_empty() && n.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
        });
        if in_headers && !is_header {
            out.push_str("\r\n");
            in_headers = false;
        }
        out.push_str(l);
        out.push_str("\r\n");
        if l.starts_with("--") && !l.ends_with("--") {
            in_headers = true;
        }
    }
    out
}

/// 4.12.1 as printed: its delimiter lines are the bare boundary `-----_NextPart_...` where
/// RFC 2046 5.1.1 needs `--` before it (`-------_NextPart_...`, as the corpus INVITE of the
/// same call writes them), and the header fields of each part run straight into the SDP (the
/// empty line between them is lost in the printed text), so the body as printed is no
/// multipart body. Repaired, it is the structure of 3.15.4.1, and its ICEv19 description is picked. Its
/// `a=ice-frag:wdB3lg` is a typo for `a=ice-ufrag` (draft 19 has no `ice-frag`; the corpus
/// INVITE of the same call writes `a=ice-ufrag:wdB3lg`): the part is still ICEv19 by its `typ`
/// candidates.
#[test]
fn example_4_12_1_as_printed_and_its_typos() {
    let (head, body) = SPEC_4_12_1.split_at(
        SPEC_4_12_1
            .find("-----_NextPart_000_0059_01C91A7C.B83AD4E0\n")
            .unwrap(),
    );
    let ct = head
        .lines()
        .next()
        .unwrap()
        .strip_prefix("Content-Type: ")
        .unwrap();
    assert!(Multipart::parse(body.as_bytes(), ct, &Limits::default()).is_err());
    let boundary = MediaType::parse(ct).unwrap().boundary().unwrap().to_owned();
    let delimiters: Vec<&str> = body.lines().filter(|l| l.contains("_NextPart_")).collect();
    assert_eq!(delimiters.len(), 3);
    assert!(delimiters[..2].iter().all(|l| *l == boundary));
    assert_eq!(delimiters[2], format!("{boundary}--"));
    let body: String = body
        .lines()
        .map(|l| match l.contains("_NextPart_") {
            true => format!("--{l}\n"),
            false => format!("{l}\n"),
        })
        .collect();
    assert!(Multipart::parse(body.as_bytes(), ct, &Limits::default()).is_err());
    let fixed = repaired(&body);
    let mp = Multipart::parse(fixed.as_bytes(), ct, &Limits::default()).unwrap();
    assert_eq!(mp.parts().len(), 2);
    assert!(
        mp.parts()[0]
            .disposition()
            .unwrap()
            .unwrap()
            .has(FALLBACK_PARAM)
    );
    let p = pick_offer(fixed.as_bytes(), ct, BOTH, &Limits::default()).unwrap();
    assert_eq!((p.version, p.part), (IceVersion::V19, Some(1)));
    let v19 = String::from_utf8_lossy(p.sdp);
    assert!(v19.contains("\r\na=ice-frag:wdB3lg\r\n"));
    assert!(!v19.contains("a=ice-ufrag"));
    assert!(String::from_utf8_lossy(TWO_LEVEL).contains("\r\na=ice-ufrag:wdB3lg\r\n"));
    let p = pick_offer(fixed.as_bytes(), ct, ONLY_V6, &Limits::default()).unwrap();
    assert_eq!((p.version, p.part), (IceVersion::V6, Some(0)));
    let retry = retry_body(fixed.as_bytes(), ct, &Limits::default()).unwrap();
    assert_eq!(
        retry.disposition.as_deref(),
        Some("session;handling=optional")
    );
}

/// 4.12.2 as printed has two typos in its outer boundary. The opening delimiter
/// `--HkS4RpzThV2XRK91cuE3NJUcskesnr9w` before the nested `multipart/alternative` is missing
/// (its Content-Type follows the message's directly), and the delimiter before the call
/// context is printed `...XRK9lcu...` (a letter l) where the boundary has `...XRK91cu...` (a
/// digit 1). So as printed the only outer delimiter is the close delimiter and the body
/// does not parse. Besides, a page break put an empty line inside the context part's header
/// fields. Repaired, it is the 3-level structure of 3.15.4.1 and the pick finds both
/// descriptions at level 3.
#[test]
fn example_4_12_2_as_printed_and_its_typos() {
    let mut lines = SPEC_4_12_2.lines();
    let outer = lines
        .next()
        .unwrap()
        .strip_prefix("Content-Type: ")
        .unwrap();
    let boundary = MediaType::parse(outer)
        .unwrap()
        .boundary()
        .unwrap()
        .to_owned();
    assert_eq!(boundary, "HkS4RpzThV2XRK91cuE3NJUcskesnr9w");
    let body: String = lines.map(|l| format!("{l}\n")).collect();
    let err = Multipart::parse(body.as_bytes(), outer, &Limits::default()).unwrap_err();
    assert_eq!(err.kind, crate::sip::ErrorKind::BadValue);
    let printed_delimiter = "--HkS4RpzThV2XRK9lcuE3NJUcskesnr9w";
    assert!(body.contains(&format!("\n{printed_delimiter}\n")));
    assert_ne!(printed_delimiter, format!("--{boundary}"));
    assert_eq!(
        printed_delimiter.replace("9lc", "91c"),
        format!("--{boundary}")
    );
    assert!(body.starts_with("Content-Type: multipart/alternative"));

    let fixed = format!("--{boundary}\n{body}")
        .replace(printed_delimiter, &format!("--{boundary}"))
        .replace("+xml\n\nContent-Disposition", "+xml\nContent-Disposition");
    let fixed = repaired(&fixed);
    let mp = Multipart::parse(fixed.as_bytes(), outer, &Limits::default()).unwrap();
    assert_eq!(mp.walk().count(), 4);
    assert!(mp.find("application/ms-conversation-context+xml").is_some());
    let p = pick_offer(fixed.as_bytes(), outer, BOTH, &Limits::default()).unwrap();
    assert_eq!(p.content_id, Some("38fcdc48-dc5e-48a0-9681-532010d92196"));
    assert_eq!(p.version, IceVersion::V19);
    let p = pick_offer(fixed.as_bytes(), outer, ONLY_V6, &Limits::default()).unwrap();
    assert_eq!(p.content_id, Some("cbe8227-c734-4d4a-b1ce-0ed219097ff4"));
    assert_eq!(p.version, IceVersion::V6);
}

/// Found by the ice_multipart fuzz target: a parameter whose value merely contains
/// `ms-proxy-2007fallback` is not the parameter; the retry removes the parameter only.
#[test]
fn s3_15_5_2_the_retry_removes_the_parameter_not_a_value_that_contains_its_name() {
    let built = crate::sip::body::multipart::MultipartBuilder::new("alternative")
        .part(
            &[
                ("Content-Type", "application/sdp"),
                (
                    "Content-Disposition",
                    "session; handling=optional; x=optionalms-proxy-2007fallback; MS-PROXY-2007FALLBACK",
                ),
            ],
            V6_SDP,
        )
        .part(&[("Content-Type", "application/sdp")], V19_SDP)
        .build()
        .unwrap();
    let b = retry_body(&built.body, &built.content_type, &Limits::default()).unwrap();
    assert_eq!(
        b.disposition.as_deref(),
        Some("session;handling=optional;x=optionalms-proxy-2007fallback")
    );
}
