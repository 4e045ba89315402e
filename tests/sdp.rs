//! The lenient SDP reader (RFC 4566) on the corpus and on the RFC 4475 / RFC 5118 messages.

use mssip::limits::Limits;
use mssip::sip::body::multipart::Multipart;
use mssip::sip::body::sdp::{Attribute, Sdp};

fn data(path: &str) -> Vec<u8> {
    let p = format!("{}/tests/data/{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&p).unwrap_or_else(|e| panic!("{p}: {e}"))
}

/// The bytes after the empty line that ends the header section.
fn body_of(msg: &[u8]) -> Vec<u8> {
    let end = msg
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("empty line")
        + 4;
    msg[end..].to_vec()
}

#[test]
fn corpus_single_sdp() {
    for name in [
        "invite-anonymous.sip",
        "invite-history-info.sip",
        "invite-play-on-phone.sip",
        "invite-skip-pin.sip",
    ] {
        let body = body_of(&data(&format!("corpus/{name}")));
        let sdp = Sdp::parse(&body);
        assert!(sdp.problems().is_empty(), "{name}: {:?}", sdp.problems());
        assert_eq!(sdp.version(), Some("0"));
        assert_eq!(sdp.origin(), Some("- 0 0 IN IP4 192.0.2.1"));
        assert_eq!(sdp.session_name(), Some("session"));
        let c = sdp.session_connections();
        assert_eq!(c.len(), 1);
        assert_eq!(
            (c[0].net_type, c[0].addr_type, c[0].address, c[0].multicast),
            ("IN", "IP4", "192.0.2.1", None)
        );
        assert_eq!(sdp.media().len(), 1);
        let m = &sdp.media()[0];
        assert_eq!(
            (m.media, m.port, m.port_count, m.proto),
            ("audio", 50020, None, "RTP/AVP")
        );
        assert_eq!(
            m.formats,
            [
                "114", "111", "112", "115", "116", "4", "8", "0", "97", "13", "118", "101"
            ]
        );
        assert_eq!(m.attribute("rtcp"), Some("50021"));
        assert_eq!(m.attribute("label"), Some("main-audio"));
        assert_eq!(m.attribute("encryption"), Some("optional"));
        assert_eq!(
            m.attributes_named("rtpmap").collect::<Vec<_>>(),
            [
                "114 x-msrta/16000",
                "111 SIREN/16000",
                "8 PCMA/8000",
                "0 PCMU/8000",
                "101 telephone-event/8000"
            ]
        );
        assert_eq!(m.attributes.len(), 11);
        assert_eq!(&body[m.offset..m.offset + 8], b"m=audio ");
        assert!(m.connections.is_empty());
        assert_eq!(sdp.connection_for(m).map(|c| c.address), Some("192.0.2.1"));
        assert!(sdp.offers_audio());
        assert!(!sdp.offers("video"));
    }
}

#[test]
fn corpus_multipart_sdp_parts() {
    let msg = data("corpus/invite-multipart-3level.sip");
    let body = body_of(&msg);
    let m = Multipart::parse(
        &body,
        "multipart/mixed; boundary=HkS4RpzThV2XRK91cuE3NJUcskesnr9w",
        &Limits::default(),
    )
    .unwrap();
    let sdps: Vec<Sdp<'_>> = m
        .find_all("application/sdp")
        .map(|p| Sdp::parse(p.body()))
        .collect();
    assert_eq!(sdps.len(), 2);
    for s in &sdps {
        assert!(s.problems().is_empty());
        assert!(s.offers_audio());
        assert_eq!(s.session_connections()[0].address, "10.80.20.10");
    }
    // ICEv6 part: two draft-06 candidates, no ice-ufrag; ICEv19 part: ufrag/pwd and three.
    let v6 = &sdps[0].media()[0];
    assert_eq!(v6.port, 50019);
    assert_eq!(v6.attributes_named("candidate").count(), 2);
    assert!(!v6.has_attribute("ice-ufrag"));
    let v19 = &sdps[1].media()[0];
    assert_eq!(v19.port, 50023);
    assert_eq!(v19.attribute("ice-ufrag"), Some("wdB3lg"));
    assert_eq!(
        v19.attribute("ice-pwd"),
        Some("yAbXGTFPoM+Kt2+fvhUUdKkclwSChFQj")
    );
    let cands: Vec<_> = v19.attributes_named("candidate").collect();
    assert_eq!(cands.len(), 3);
    assert_eq!(
        cands[2],
        "3 1 UDP 16648703 131.107.1.36 56997 typ relay raddr 131.107.1.36 rport 56997"
    );
    assert_eq!(v19.attribute("encryption"), Some("required"));
}

#[test]
fn rfc4475_sdp01() {
    let body = body_of(&data("torture/rfc4475/sdp01.dat"));
    let sdp = Sdp::parse(&body);
    assert!(sdp.problems().is_empty());
    assert_eq!(
        sdp.origin(),
        Some("mhandley 29739 7272939 IN IP4 192.0.2.5")
    );
    assert_eq!(sdp.session_name(), Some("-"));
    let [audio, video] = sdp.media() else {
        panic!("two media: {:?}", sdp.media())
    };
    assert_eq!(
        (audio.media, audio.port, audio.formats.as_slice()),
        ("audio", 49217, &["0", "12"][..])
    );
    assert!(audio.attributes.is_empty());
    assert_eq!(
        (video.media, video.port, video.formats.as_slice()),
        ("video", 3227, &["31"][..])
    );
    assert_eq!(
        video.attributes,
        [Attribute {
            name: "rtpmap",
            value: Some("31 LPC")
        }]
    );
    assert_eq!(
        sdp.connection_for(video).map(|c| c.address),
        Some("192.0.2.5")
    );
    assert!(sdp.offers_audio());
    assert!(sdp.offers("video"));
}

#[test]
fn rfc5118_ipv6_in_sdp() {
    let body = body_of(&data("torture/rfc5118/ipv6-in-sdp.dat"));
    let sdp = Sdp::parse(&body);
    assert!(sdp.problems().is_empty());
    assert_eq!(
        sdp.session_name(),
        Some("Live video feed for today's meeting")
    );
    let c = &sdp.session_connections()[0];
    assert_eq!((c.addr_type, c.address), ("IP6", "2001:db8::20"));
    assert_eq!(sdp.media().len(), 2);
    assert_eq!(sdp.media()[0].attribute("rtpmap"), Some("2 G726-32/8000"));
    assert_eq!(
        sdp.media()[1].attribute("rtpmap"),
        Some("107 H263-1998/90000")
    );
    assert!(sdp.offers_audio());
}

#[test]
fn rfc5118_media_level_addresses() {
    let body = body_of(&data("torture/rfc5118/mult-ip-in-sdp.dat"));
    let sdp = Sdp::parse(&body);
    assert!(sdp.problems().is_empty());
    assert_eq!(sdp.session_name(), Some(""));
    assert!(sdp.session_connections().is_empty());
    let [audio, video] = sdp.media() else {
        panic!("two media")
    };
    let a = sdp.connection_for(audio).unwrap();
    assert_eq!((a.addr_type, a.address), ("IP4", "192.0.2.1"));
    let v = sdp.connection_for(video).unwrap();
    assert_eq!((v.addr_type, v.address), ("IP6", "2001:db8::1"));
    assert_eq!(video.attributes.len(), 1);
    assert!(audio.attributes.is_empty());
}

#[test]
fn audio_offer_needs_a_nonzero_port() {
    let declined = Sdp::parse(b"v=0\r\nm=audio 0 RTP/AVP 0\r\nm=video 5000 RTP/AVP 31\r\n");
    assert!(!declined.offers_audio());
    assert!(declined.has_media("audio"));
    assert!(declined.offers("VIDEO"));
    assert!(!Sdp::parse(b"v=0\r\nm=video 5000 RTP/AVP 31\r\n").offers_audio());
    assert!(!Sdp::parse(b"").offers_audio());
    assert!(!Sdp::parse(b"m=audio x RTP/AVP 0").offers_audio());
    // Case of the media token is not significant for the question.
    assert!(Sdp::parse(b"m=AUDIO 1 RTP/AVP 0").offers_audio());
    // A declined stream next to an offered one.
    assert!(Sdp::parse(b"m=audio 0 RTP/AVP 0\nm=audio 7 RTP/AVP 0\n").offers_audio());
}

#[test]
fn port_count_session_attributes_and_multicast() {
    let sdp = Sdp::parse(
        b"v=0\na=group:BUNDLE a\na=ice-lite\nc=IN IP4 224.2.1.1/127/3\nm=audio 49170/2 RTP/AVP 0\na=sendonly\na=fmtp:\nm=application 9 UDP/DTLS/SCTP\n",
    );
    assert!(sdp.problems().is_empty());
    assert_eq!(sdp.session_attribute("group"), Some("BUNDLE a"));
    assert_eq!(sdp.session_attribute("ice-lite"), None);
    assert!(
        sdp.session_attributes()
            .iter()
            .any(|a| a.name == "ice-lite" && a.value.is_none())
    );
    assert_eq!(sdp.session_connections()[0].multicast, Some("127/3"));
    let m = &sdp.media()[0];
    assert_eq!((m.port, m.port_count), (49170, Some(2)));
    assert!(m.has_attribute("sendonly"));
    assert_eq!(m.attribute("sendonly"), None);
    assert_eq!(m.attribute("fmtp"), Some(""));
    // An m= line without formats is read anyway.
    assert_eq!(sdp.media()[1].formats.len(), 0);
    assert_eq!(sdp.media()[1].proto, "UDP/DTLS/SCTP");
}

#[test]
fn bad_lines_are_skipped_and_reported() {
    let body: &[u8] = b"v=0\r\nthis is not sdp\r\nm=audio 70000 RTP/AVP 0\r\nc=IN IP4 10.0.0.1\r\na=sendonly\r\n\
m=audio 5004 RTP/AVP 0\r\nc=IN IP4\r\na=\r\na=:x\r\n=x\r\n\xff\xfe=1\r\nx\r\nm=video 1/0x RTP/AVP 31\r\na=after-broken\r\n";
    let sdp = Sdp::parse(body);
    // The broken m= line takes its c= and a= lines with it.
    assert_eq!(sdp.media().len(), 1);
    let m = &sdp.media()[0];
    assert_eq!(m.port, 5004);
    assert!(m.connections.is_empty());
    assert!(m.attributes.is_empty());
    assert!(sdp.session_connections().is_empty());
    assert!(sdp.session_attributes().is_empty());
    let whats: Vec<(usize, &str)> = sdp.problems().iter().map(|p| (p.offset, p.what)).collect();
    let at = |needle: &[u8]| {
        body.windows(needle.len())
            .position(|w| w == needle)
            .unwrap()
    };
    assert_eq!(
        whats,
        vec![
            (at(b"this is"), "SDP line is not <type>=<value>"),
            (
                at(b"m=audio 70000"),
                "m= line is not <media> <port>[/<count>] <proto> <fmt>..."
            ),
            (
                at(b"c=IN IP4\r"),
                "c= line is not <nettype> <addrtype> <address>"
            ),
            (at(b"a=\r"), "a= line has no attribute name"),
            (at(b"a=:x"), "a= line has no attribute name"),
            (at(b"=x"), "SDP line is not <type>=<value>"),
            (at(b"\xff"), "SDP line is not UTF-8"),
            (at(b"x\r\nm=video"), "SDP line is not <type>=<value>"),
            (
                at(b"m=video"),
                "m= line is not <media> <port>[/<count>] <proto> <fmt>..."
            ),
        ]
    );
    assert_eq!(sdp.problem_count(), 9);
}

#[test]
fn no_final_newline_and_bare_lf() {
    let sdp = Sdp::parse(b"v=0\nc=IN IP6 ::1\nm=audio 1 RTP/AVP 0\na=rtcp:2");
    assert_eq!(sdp.media()[0].attribute("rtcp"), Some("2"));
    assert_eq!(sdp.session_connections()[0].address, "::1");
    assert!(sdp.problems().is_empty());
}

#[test]
fn hostile_bodies_never_panic() {
    // Truncation at every byte of a real body.
    let body = body_of(&data("corpus/invite-multipart-2level.sip"));
    for cut in 0..body.len() {
        let sdp = Sdp::parse(&body[..cut]);
        assert!(sdp.media().len() <= 2);
    }
    // Pseudo-random bytes.
    let mut seed: u32 = 42;
    let mut junk = vec![0u8; 20_000];
    for b in junk.iter_mut() {
        seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
        *b = match seed >> 29 {
            0 => b'\n',
            1 => b'=',
            2 => b'm',
            3 => b' ',
            _ => (seed >> 16) as u8,
        };
    }
    let sdp = Sdp::parse(&junk);
    assert!(sdp.problems().len() <= 32);
    assert!(sdp.problem_count() >= sdp.problems().len());
    // Huge: many media sections and many bad lines.
    let many = "m=audio 1 RTP/AVP 0\r\na=x\r\n".repeat(50_000);
    let sdp = Sdp::parse(many.as_bytes());
    assert_eq!(sdp.media().len(), 50_000);
    assert!(sdp.offers_audio());
    let bad = "garbage\n".repeat(100_000);
    let sdp = Sdp::parse(bad.as_bytes());
    assert_eq!(sdp.problems().len(), 32);
    assert_eq!(sdp.problem_count(), 100_000);
    // A single enormous line.
    let long = format!("a={}", "z".repeat(1 << 20));
    assert_eq!(
        Sdp::parse(long.as_bytes()).session_attributes()[0]
            .name
            .len(),
        1 << 20
    );
}
