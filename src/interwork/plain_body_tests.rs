//! Bodies for plain peers on the corpus INVITEs of MS-SIPRE 4.12.1 / 4.12.2 and the E911
//! INVITE, on messages built from the integration reports, and on broken input.

use super::plain_body::{BodyOptions, MultipartSupport, PlainBodyError, PlainPeerProfile};
use super::{BodyDialogs, reduce_body, reduce_for_plain_peer};
use crate::sip::Message;

const TWO: &[u8] = include_bytes!("../../tests/data/corpus/invite-multipart-2level.sip");
const THREE: &[u8] = include_bytes!("../../tests/data/corpus/invite-multipart-3level.sip");
const E911: &[u8] = include_bytes!("../../tests/data/corpus/invite-e911.sip");
const PLAIN: &[u8] = include_bytes!("../../tests/data/corpus/invite-history-info.sip");

const NONE: BodyOptions = BodyOptions {
    keep_location: false,
    rfc3264_hold: false,
};

fn parse(b: &[u8]) -> Message {
    Message::parse(b).unwrap()
}

/// The body of the part whose header block contains `marker`, found by text: the bytes after
/// the part's empty line up to the CRLF before the next `--` delimiter line.
fn part_body<'a>(msg: &'a [u8], marker: &str) -> &'a [u8] {
    let text = std::str::from_utf8(msg).unwrap();
    let at = text.find(marker).unwrap();
    let start = at + text[at..].find("\r\n\r\n").unwrap() + 4;
    let end = start + text[start..].find("\r\n--").unwrap();
    &msg[start..end]
}

/// The message's header lines other than the ones the reduction may change.
fn other_lines(m: &Message) -> Vec<String> {
    let head = std::str::from_utf8(&m.as_bytes()[..m.head_len()]).unwrap();
    head.split("\r\n")
        .filter(|l| {
            let l = l.to_ascii_lowercase();
            !(l.starts_with("content-type:")
                || l.starts_with("content-length:")
                || l.starts_with("content-disposition:"))
        })
        .map(str::to_owned)
        .collect()
}

#[test]
fn the_4_12_invites_reduce_to_exactly_the_fallback_part() {
    for (raw, disposition) in [
        (TWO, "session; handling=optional; ms-proxy-2007fallback"),
        (THREE, "session;handling=optional;ms-proxy-2007fallback"),
    ] {
        let m = parse(raw);
        let out = reduce_body(&m, &NONE).unwrap().unwrap();
        let fallback = part_body(raw, &format!("Content-Disposition: {disposition}"));
        assert_eq!(out.body(), fallback);
        assert!(out.body().starts_with(b"v=0\r\n"));
        assert_eq!(out.content_type(), Some("application/sdp"));
        assert_eq!(
            out.value("Content-Length", 0),
            Some(fallback.len().to_string().as_str())
        );
        assert_eq!(
            out.value("Content-Disposition", 0),
            Some("session;handling=optional")
        );
        assert_eq!(out.count("Content-Disposition"), 1);
        assert_eq!(other_lines(&out), other_lines(&m));
        // What comes out parses again, and has nothing more to reduce.
        let again = parse(out.as_bytes());
        assert!(reduce_body(&again, &NONE).unwrap().is_none());
    }
    // The call context of 4.12.2 is gone with the other parts.
    let out = reduce_body(&parse(THREE), &NONE).unwrap().unwrap();
    let text = String::from_utf8(out.as_bytes().to_vec()).unwrap();
    assert!(!text.contains("XmlConvContext"));
    assert!(!text.contains("ice-ufrag"));
    assert!(!text.contains("boundary"));
}

#[test]
fn a_single_part_invite_is_untouched() {
    let m = parse(PLAIN);
    assert_eq!(m.content_type(), Some("application/sdp"));
    assert!(reduce_body(&m, &NONE).unwrap().is_none());
    let hold = BodyOptions {
        rfc3264_hold: true,
        ..NONE
    };
    assert!(reduce_body(&m, &hold).unwrap().is_none());
    let profile = PlainPeerProfile::default();
    assert!(reduce_for_plain_peer(&m, &profile).unwrap().is_none());
}

#[test]
fn only_offer_answer_messages_are_reduced() {
    let two = String::from_utf8(TWO.to_vec()).unwrap();
    // A MESSAGE's multipart body is not a session description.
    let message = two
        .replacen("INVITE sip:bob", "MESSAGE sip:bob", 1)
        .replace("CSeq: 1 INVITE", "CSeq: 1 MESSAGE");
    assert!(
        reduce_body(&parse(message.as_bytes()), &NONE)
            .unwrap()
            .is_none()
    );
    for method in ["UPDATE", "PRACK", "ACK"] {
        let m = two
            .replacen("INVITE sip:bob", &format!("{method} sip:bob"), 1)
            .replace("CSeq: 1 INVITE", &format!("CSeq: 1 {method}"));
        assert!(reduce_body(&parse(m.as_bytes()), &NONE).unwrap().is_some());
    }
    // Responses: 18x and 2xx to INVITE carry answers; a 486 or a 200 to OPTIONS does not.
    let body_at = two.find("\r\n\r\n").unwrap();
    let head = &two[..body_at];
    let body = &two[body_at..];
    let response = |status: &str, method: &str| {
        let h = head
            .replacen(
                "INVITE sip:bob@contoso.com SIP/2.0",
                &format!("SIP/2.0 {status}"),
                1,
            )
            .replace("CSeq: 1 INVITE", &format!("CSeq: 1 {method}"));
        parse(format!("{h}{body}").as_bytes())
    };
    assert!(
        reduce_body(&response("183 Session Progress", "INVITE"), &NONE)
            .unwrap()
            .is_some()
    );
    assert!(
        reduce_body(&response("200 OK", "INVITE"), &NONE)
            .unwrap()
            .is_some()
    );
    assert!(
        reduce_body(&response("200 OK", "UPDATE"), &NONE)
            .unwrap()
            .is_some()
    );
    assert!(
        reduce_body(&response("486 Busy Here", "INVITE"), &NONE)
            .unwrap()
            .is_none()
    );
    assert!(
        reduce_body(&response("200 OK", "OPTIONS"), &NONE)
            .unwrap()
            .is_none()
    );
}

#[test]
fn e911_location_is_dropped_with_its_reference_or_kept_on_request() {
    let m = parse(E911);
    assert_eq!(m.count("Geolocation"), 1);
    let out = reduce_body(&m, &NONE).unwrap().unwrap();
    assert_eq!(out.content_type(), Some("application/sdp; charset=utf-8"));
    assert_eq!(out.body(), part_body(E911, "Content-Type: application/sdp"));
    // The Geolocation header pointed at the PIDF-LO part (cid:), now gone.
    assert_eq!(out.count("Geolocation"), 0);
    assert_eq!(out.value("Priority", 0), Some("emergency"));
    // A body of the description and the location only is what keep_location keeps.
    let keep = BodyOptions {
        keep_location: true,
        ..NONE
    };
    assert!(reduce_body(&m, &keep).unwrap().is_none());
}

#[test]
fn keep_location_makes_a_mixed_body_of_the_description_and_the_pidf() {
    // The 4.12.2 INVITE with a PIDF-LO next to its call context.
    let three = String::from_utf8(THREE.to_vec()).unwrap();
    let pidf = "--HkS4RpzThV2XRK91cuE3NJUcskesnr9w\r\nContent-Type: application/pidf+xml\r\n\
Content-ID: <loc@fabrikam.com>\r\n\r\n<presence xmlns=\"urn:ietf:params:xml:ns:pidf\"/>\r\n\
--HkS4RpzThV2XRK91cuE3NJUcskesnr9w--\r\n";
    let body_at = three.find("\r\n\r\n").unwrap() + 4;
    let body = three[body_at..].replace("--HkS4RpzThV2XRK91cuE3NJUcskesnr9w--\r\n", pidf);
    let mut m = parse(THREE);
    let ct = m.content_type().unwrap().to_owned();
    m.set_body(Some(&ct), body.as_bytes()).unwrap();
    m.add_header("Geolocation", "<cid:loc@fabrikam.com>")
        .unwrap();
    let keep = BodyOptions {
        keep_location: true,
        ..NONE
    };
    let out = reduce_body(&m, &keep).unwrap().unwrap();
    assert_eq!(out.content_type(), Some(ct.as_str()));
    assert_eq!(out.count("Geolocation"), 1);
    let mp = crate::sip::body::multipart::Multipart::parse(
        out.body(),
        out.content_type().unwrap(),
        out.limits(),
    )
    .unwrap();
    assert_eq!(mp.parts().len(), 2);
    let sdp = &mp.parts()[0];
    assert!(sdp.is("application/sdp"));
    assert_eq!(
        sdp.body(),
        part_body(THREE, "ms-proxy-2007fallback"),
        "the fallback description, byte for byte"
    );
    assert_eq!(
        sdp.header("Content-Disposition"),
        Some("session;handling=optional")
    );
    assert_eq!(
        sdp.content_id(),
        Some("cbe8227-c734-4d4a-b1ce-0ed219097ff4")
    );
    assert!(mp.parts()[1].is("application/pidf+xml"));
    assert_eq!(mp.parts()[1].content_id(), Some("loc@fabrikam.com"));
    // Without keep_location the same INVITE goes single-part and loses the reference.
    let out = reduce_body(&m, &NONE).unwrap().unwrap();
    assert_eq!(out.count("Geolocation"), 0);
    assert_eq!(out.content_type(), Some("application/sdp"));
}

#[test]
fn the_first_audio_description_when_none_is_marked() {
    let ct = "multipart/alternative;boundary=b";
    let body = "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=video 1 RTP/AVP 96\r\n\
--b\r\nContent-Type: text/plain\r\n\r\nm=audio\r\n\
--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 2 RTP/AVP 0\r\n\
--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=audio 3 RTP/AVP 0\r\n--b--\r\n";
    let mut m = parse(PLAIN);
    m.set_body(Some(ct), body.as_bytes()).unwrap();
    m.add_header("Content-Disposition", "session").unwrap();
    let out = reduce_body(&m, &NONE).unwrap().unwrap();
    assert_eq!(out.body(), b"v=0\r\nm=audio 2 RTP/AVP 0");
    // The part had no Content-Disposition: the message's goes (session is the default).
    assert_eq!(out.count("Content-Disposition"), 0);
}

#[test]
fn unusable_and_malformed_bodies_are_clear_errors() {
    let mut m = parse(PLAIN);
    let only_video = "--b\r\nContent-Type: application/sdp\r\n\r\nv=0\r\nm=video 1 RTP/AVP 96\r\n\
--b\r\nContent-Type: application/ms-conversation-context+xml\r\n\r\n<x/>\r\n--b--\r\n";
    m.set_body(Some("multipart/mixed;boundary=b"), only_video.as_bytes())
        .unwrap();
    assert!(matches!(
        reduce_body(&m, &NONE),
        Err(PlainBodyError::NoSdp(_))
    ));
    for (ct, body) in [
        ("multipart/mixed;boundary=b", "junk without delimiters"),
        ("multipart/mixed", "--b\r\n\r\nx\r\n--b--\r\n"),
        (
            "multipart/mixed;boundary=b",
            "--b\r\nContent-Type: application/sdp\r\n\r\nv=0",
        ),
        (
            "multipart/mixed;boundary=b",
            "--b\r\nno colon here\r\n\r\nv=0\r\n--b--\r\n",
        ),
    ] {
        m.set_body(Some(ct), body.as_bytes()).unwrap();
        let e = reduce_body(&m, &NONE).unwrap_err();
        assert!(matches!(e, PlainBodyError::Sip(_)), "{ct} / {body}: {e}");
        assert!(!e.to_string().is_empty());
    }
    // A Content-Type that does not parse is an error only when it claims multipart.
    m.set_body(Some("multipart/mixed; =x"), b"--b\r\n\r\nx\r\n--b--\r\n")
        .unwrap();
    assert!(matches!(
        reduce_body(&m, &NONE),
        Err(PlainBodyError::Sip(_))
    ));
    m.set_body(Some("text/plain; =x"), b"hello").unwrap();
    assert!(reduce_body(&m, &NONE).unwrap().is_none());
    // A fallback part whose Content-Disposition does not parse.
    let bad = "--b\r\nContent-Type: application/sdp\r\nContent-Disposition: ;x\r\n\r\n\
v=0\r\nm=audio 1 RTP/AVP 0\r\n--b--\r\n";
    m.set_body(Some("multipart/mixed;boundary=b"), bad.as_bytes())
        .unwrap();
    assert!(matches!(
        reduce_body(&m, &NONE),
        Err(PlainBodyError::Sip(_))
    ));
}

fn with_accept(first_line: &str, accept: Option<&str>) -> Message {
    let mut s = format!(
        "{first_line}\r\nVia: SIP/2.0/TLS 10.0.0.9;branch=z9hG4bK1\r\nFrom: <sip:a@x>;tag=1\r\n\
To: <sip:b@y>;tag=2\r\nCall-ID: c1\r\nCSeq: 1 OPTIONS\r\n"
    );
    if let Some(a) = accept {
        s.push_str(&format!("Accept: {a}\r\n"));
    }
    s.push_str("Content-Length: 0\r\n\r\n");
    parse(s.as_bytes())
}

#[test]
fn the_profile_learns_from_415_and_accept() {
    let mut p = PlainPeerProfile::default();
    assert_eq!(p.multipart, MultipartSupport::Unknown);
    // Nothing to learn without Accept.
    assert!(!p.learn(&with_accept("SIP/2.0 200 OK", None)));
    // The 200 to an OPTIONS that lists multipart.
    assert!(p.learn(&with_accept(
        "SIP/2.0 200 OK",
        Some("application/sdp, multipart/alternative")
    )));
    assert_eq!(p.multipart, MultipartSupport::Allowed);
    assert!(reduce_for_plain_peer(&parse(TWO), &p).unwrap().is_none());
    // A 415 without multipart in Accept.
    assert!(p.learn(&with_accept(
        "SIP/2.0 415 Unsupported Media Type",
        Some("application/sdp")
    )));
    assert_eq!(p.multipart, MultipartSupport::Refused);
    assert!(reduce_for_plain_peer(&parse(TWO), &p).unwrap().is_some());
    // Learning the same again changes nothing.
    assert!(!p.learn(&with_accept("SIP/2.0 415 Unsupported Media Type", None)));
    // A 415 that accepts multipart was about something else.
    let mut q = PlainPeerProfile::default();
    assert!(!q.learn(&with_accept(
        "SIP/2.0 415 Unsupported Media Type",
        Some("multipart/mixed")
    )));
    // A 415 without Accept refuses.
    assert!(q.learn(&with_accept("SIP/2.0 415 Unsupported Media Type", None)));
    assert_eq!(q.multipart, MultipartSupport::Refused);
    // A request's Accept counts; q=0 refuses; */* and multipart/* allow.
    let mut r = PlainPeerProfile::default();
    assert!(r.learn(&with_accept("OPTIONS sip:a@x SIP/2.0", Some("*/*"))));
    assert_eq!(r.multipart, MultipartSupport::Allowed);
    assert!(r.learn(&with_accept(
        "OPTIONS sip:a@x SIP/2.0",
        Some("application/sdp, multipart/*;q=0")
    )));
    assert_eq!(r.multipart, MultipartSupport::Refused);
    assert!(r.learn(&with_accept("SIP/2.0 200 OK", Some("Multipart/*;q=0.5"))));
    assert_eq!(r.multipart, MultipartSupport::Allowed);
    assert!(r.learn(&with_accept("SIP/2.0 200 OK", Some(""))));
    assert_eq!(r.multipart, MultipartSupport::Refused);
}

fn response_to(req: &Message, status: &str) -> Message {
    let mut s = format!("SIP/2.0 {status}\r\n");
    for name in ["Via", "From", "To", "Call-ID", "CSeq"] {
        for v in req.fields(name) {
            s.push_str(&format!("{name}: {v}\r\n"));
        }
    }
    s.push_str("Content-Length: 0\r\n\r\n");
    parse(s.as_bytes())
}

#[test]
fn a_415_retries_the_invite_single_part_for_the_whole_dialog() {
    let invite = parse(THREE);
    let refused = response_to(&invite, "415 Unsupported Media Type");
    let mut d = BodyDialogs::new(2);
    let retry = d.on_415(7, &invite, &refused, &NONE).unwrap();
    assert!(d.is_single(7));
    assert_eq!(retry.value("CSeq", 0), Some("2 INVITE"));
    assert_eq!(retry.call_id(), invite.call_id());
    assert_eq!(retry.value("From", 0), invite.value("From", 0));
    assert_eq!(retry.count("Via"), 0);
    assert_eq!(retry.body(), part_body(THREE, "ms-proxy-2007fallback"));
    assert_eq!(retry.content_type(), Some("application/sdp"));

    // A later re-INVITE of the dialog goes single-part; so does the 200 answering one.
    let reinvite = parse(
        &String::from_utf8(THREE.to_vec())
            .unwrap()
            .replace("CSeq: 1 INVITE", "CSeq: 3 INVITE")
            .into_bytes(),
    );
    let out = d.outgoing(7, &reinvite, &NONE).unwrap().unwrap();
    assert_eq!(out.content_type(), Some("application/sdp"));
    assert_eq!(out.value("CSeq", 0), Some("3 INVITE"));
    let three = String::from_utf8(THREE.to_vec()).unwrap();
    let ok = three.replacen(
        "INVITE sip:Agent9@fabrikam.com SIP/2.0",
        "SIP/2.0 200 OK",
        1,
    );
    let out = d
        .outgoing(7, &parse(ok.as_bytes()), &NONE)
        .unwrap()
        .unwrap();
    assert_eq!(out.content_type(), Some("application/sdp"));
    // Another dialog is left alone, and so is a single-part body.
    assert!(d.outgoing(8, &reinvite, &NONE).unwrap().is_none());
    assert!(d.outgoing(7, &parse(PLAIN), &NONE).unwrap().is_none());
    // Location is never kept in such a dialog.
    let keep = BodyOptions {
        keep_location: true,
        ..NONE
    };
    let out = d.outgoing(7, &parse(E911), &keep).unwrap().unwrap();
    assert_eq!(out.content_type(), Some("application/sdp; charset=utf-8"));

    // The table is bounded and forgets.
    d.mark_single(8).unwrap();
    assert_eq!(d.len(), 2);
    assert!(matches!(
        d.on_415(9, &invite, &refused, &NONE),
        Err(PlainBodyError::DialogsFull(2))
    ));
    assert!(!d.is_single(9));
    assert!(matches!(
        d.mark_single(9),
        Err(PlainBodyError::DialogsFull(2))
    ));
    // A key already held is no new entry.
    assert!(d.on_415(8, &invite, &refused, &NONE).is_ok());
    assert!(d.forget(8));
    assert!(!d.forget(8));
    assert!(d.on_415(9, &invite, &refused, &NONE).is_ok());
}

#[test]
fn the_415_retry_refuses_the_wrong_messages() {
    let invite = parse(THREE);
    let refused = response_to(&invite, "415 Unsupported Media Type");
    let mut d = BodyDialogs::default();
    let wrong =
        |r: Result<Message, PlainBodyError>| matches!(r, Err(PlainBodyError::WrongMessage(_)));
    let busy = response_to(&invite, "486 Busy Here");
    assert!(wrong(d.on_415(1, &invite, &busy, &NONE)));
    assert!(wrong(d.on_415(1, &refused, &refused, &NONE)));
    // A single-part INVITE: the 415 is not about multipart.
    let plain = parse(PLAIN);
    let plain_refused = response_to(&plain, "415 Unsupported Media Type");
    assert!(wrong(d.on_415(1, &plain, &plain_refused, &NONE)));
    // A 415 to another INVITE (another Call-ID, another CSeq).
    assert!(wrong(d.on_415(1, &invite, &plain_refused, &NONE)));
    let two = parse(TWO);
    let other_cseq = response_to(&two, "415 Unsupported Media Type");
    assert!(wrong(d.on_415(1, &invite, &other_cseq, &NONE)));
    let update = String::from_utf8(THREE.to_vec())
        .unwrap()
        .replacen("INVITE sip:", "UPDATE sip:", 1)
        .replace("1 INVITE", "1 UPDATE");
    let update = parse(update.as_bytes());
    let upd_refused = response_to(&update, "415 Unsupported Media Type");
    assert!(wrong(d.on_415(1, &update, &upd_refused, &NONE)));
    assert!(d.is_empty());
}

/// A re-INVITE putting the call on hold, its two offers both `a=<direction>`, the ICEv6 one
/// with the RFC 2543 `c=0.0.0.0`.
fn hold_reinvite(direction: &str) -> Message {
    let three = String::from_utf8(THREE.to_vec()).unwrap();
    let held = three
        .replace(
            "a=encryption:required\r\n",
            &format!("a=encryption:required\r\na={direction}\r\n"),
        )
        .replacen("c=IN IP4 10.80.20.10", "c=IN IP4 0.0.0.0", 1)
        .replace("CSeq: 1 INVITE", "CSeq: 5 INVITE");
    let mut m = parse(held.as_bytes());
    // Content-Length follows the longer body.
    let ct = m.content_type().unwrap().to_owned();
    let body = m.declared_body().to_vec();
    let body_at = held.find("\r\n\r\n").unwrap() + 4;
    let full = held.as_bytes()[body_at..].to_vec();
    assert!(full.len() >= body.len());
    m.set_body(Some(&ct), &full).unwrap();
    m
}

#[test]
fn hold_keeps_its_direction_and_rfc2543_hold_is_rewritten_on_request() {
    let inactive = reduce_body(&hold_reinvite("inactive"), &NONE)
        .unwrap()
        .unwrap();
    assert!(inactive.body().ends_with(b"a=inactive"));
    let m = hold_reinvite("sendonly");
    let out = reduce_body(&m, &NONE).unwrap().unwrap();
    let sdp = String::from_utf8(out.body().to_vec()).unwrap();
    assert!(sdp.ends_with("a=sendonly"));
    assert!(sdp.contains("c=IN IP4 0.0.0.0\r\n"));
    let hold = BodyOptions {
        rfc3264_hold: true,
        ..NONE
    };
    let out = reduce_body(&m, &hold).unwrap().unwrap();
    let sdp = String::from_utf8(out.body().to_vec()).unwrap();
    assert!(sdp.contains("c=IN IP4 10.80.20.10\r\n"));
    assert!(!sdp.contains("0.0.0.0"));
    assert!(sdp.ends_with("a=sendonly"));
    assert_eq!(
        out.value("Content-Length", 0),
        Some(out.body().len().to_string().as_str())
    );
    // A single-part RFC 2543 hold is rewritten only when asked.
    let single = parse(out.as_bytes());
    let mut single_2543 = single.clone();
    let old = String::from_utf8(single.body().to_vec())
        .unwrap()
        .replace("c=IN IP4 10.80.20.10", "c=IN IP4 0.0.0.0");
    single_2543
        .set_body(Some("application/sdp"), old.as_bytes())
        .unwrap();
    assert!(reduce_body(&single_2543, &NONE).unwrap().is_none());
    let fixed = reduce_body(&single_2543, &hold).unwrap().unwrap();
    assert_eq!(fixed.body(), single.body());
}

#[test]
fn an_sdp_less_reinvite_passes_and_its_200_answer_is_reduced() {
    let three = String::from_utf8(THREE.to_vec()).unwrap();
    let body_at = three.find("\r\n\r\n").unwrap() + 4;
    let head = three[..body_at]
        .replace(
            "Content-Type: multipart/mixed; boundary=HkS4RpzThV2XRK91cuE3NJUcskesnr9w\r\n",
            "",
        )
        .replace("Content-Length: 2672", "Content-Length: 0")
        .replace("CSeq: 1 INVITE", "CSeq: 4 INVITE");
    let sdp_less = parse(head.as_bytes());
    assert!(sdp_less.body().is_empty());
    assert!(reduce_body(&sdp_less, &NONE).unwrap().is_none());
    let mut d = BodyDialogs::default();
    d.mark_single(1).unwrap();
    assert!(d.outgoing(1, &sdp_less, &NONE).unwrap().is_none());
    // The 200 OK carries the offer, multipart: reduced.
    let ok = three
        .replacen(
            "INVITE sip:Agent9@fabrikam.com SIP/2.0",
            "SIP/2.0 200 OK",
            1,
        )
        .replace("CSeq: 1 INVITE", "CSeq: 4 INVITE");
    let out = reduce_body(&parse(ok.as_bytes()), &NONE).unwrap().unwrap();
    assert_eq!(out.status(), Some(200));
    assert_eq!(out.body(), part_body(THREE, "ms-proxy-2007fallback"));
}
