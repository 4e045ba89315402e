//! Which INVITEs the preamble rules apply to (MS-SIPRE 3.9.5.1): an SDP offer with audio,
//! an audio app-invite (`application/ms-conf-invite` whose XML has an `audio` element with
//! `available="true"`), or a multipart body with an SDP part offering audio. Every other
//! INVITE is routed plainly (RFC 3261).

use crate::limits::Limits;
use crate::sip::Message;
use crate::sip::body::multipart::{MediaType, Multipart};
use crate::sip::scan::decimal::decimal;
use crate::xml::{Document, Element};

/// What kind of INVITE a request is, for routing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InviteKind {
    /// An audio call: the preamble rules apply.
    Audio,
    /// An audio app-invite: the rules apply, with step 3 of 3.9.5.2.2.
    AudioAppInvite,
    /// Anything else: routed plainly to the registered endpoints.
    Other,
}

/// True when the SDP body offers audio: some well-formed `m=audio` line with a non-zero
/// port, as `Sdp::offers_audio` says, but read straight off the `m=` lines: the routing
/// decision of every call needs only that, not the whole description (its connections,
/// attributes and formats, each a vector).
fn sdp_offers_audio(body: &[u8]) -> bool {
    // the lines that start with `m=`: at the start of the body or after a line feed
    memchr::memmem::find_iter(body, b"m=")
        .filter(|&at| at == 0 || body[at - 1] == b'\n')
        .any(|at| {
            let rest = &body[at + 2..];
            let line = &rest[..memchr::memchr(b'\n', rest).unwrap_or(rest.len())];
            media_line_offers_audio(line.strip_suffix(b"\r").unwrap_or(line))
        })
}

/// `<media> <port>[/<count>] <proto> ...` (RFC 4566 5.14) of a UTF-8 line, with `audio` as
/// media and a port other than 0; the fields as `Sdp::parse` reads them.
fn media_line_offers_audio(value: &[u8]) -> bool {
    if std::str::from_utf8(value).is_err() {
        return false;
    }
    let mut f = value
        .split(u8::is_ascii_whitespace)
        .filter(|w| !w.is_empty());
    let (Some(media), Some(port_field), Some(_proto)) = (f.next(), f.next(), f.next()) else {
        return false;
    };
    let port = match port_field.iter().position(|&b| b == b'/') {
        Some(k) => match (port_u16(&port_field[..k]), port_u16(&port_field[k + 1..])) {
            (Some(p), Some(_)) => p,
            _ => return false,
        },
        None => match port_u16(port_field) {
            Some(p) => p,
            None => return false,
        },
    };
    media.eq_ignore_ascii_case(b"audio") && port != 0
}

/// Decimal digits only, fitting in 16 bits (at most 5 of them).
fn port_u16(b: &[u8]) -> Option<u16> {
    if b.len() > 5 {
        return None;
    }
    u16::try_from(decimal(b).ok()?).ok()
}

fn has_available_audio(e: &Element<'_>, budget: &mut usize) -> bool {
    if *budget == 0 {
        return false;
    }
    *budget -= 1;
    if e.local_name() == "audio" && e.attribute("available").map(str::trim) == Some("true") {
        return true;
    }
    e.children().any(|c| has_available_audio(&c, budget))
}

/// Classifies an INVITE by its Content-Type and body (3.9.5.1).
pub fn classify(invite: &Message, limits: &Limits) -> InviteKind {
    let Some(ct) = invite.content_type() else {
        return InviteKind::Other;
    };
    let Ok(mt) = MediaType::parse(ct) else {
        return InviteKind::Other;
    };
    let body = invite.body();
    if mt.is("application/sdp") {
        if sdp_offers_audio(body) {
            return InviteKind::Audio;
        }
    } else if mt.is("application/ms-conf-invite") {
        if let Ok(doc) = Document::parse(body, limits) {
            let mut budget = limits.max_xml_elements;
            if has_available_audio(&doc.root(), &mut budget) {
                return InviteKind::AudioAppInvite;
            }
        }
    } else if mt.is_multipart()
        && let Ok(mp) = Multipart::parse(body, ct, limits)
        && mp
            .leaves()
            .any(|p| p.is("application/sdp") && sdp_offers_audio(p.body()))
    {
        return InviteKind::Audio;
    }
    InviteKind::Other
}

#[cfg(test)]
mod tests {
    use super::*;

    const AUDIO: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\n";
    const VIDEO: &str = "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=video 5006 RTP/AVP 96\r\nm=audio 0 RTP/AVP 0\r\n";

    fn invite(ct: &str, body: &str) -> Message {
        let s = format!(
            "INVITE sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n\
             From: <sip:alice@contoso.com>;tag=1\r\nTo: <sip:bob@contoso.com>\r\nCall-ID: c1\r\n\
             CSeq: 1 INVITE\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        Message::parse(s.as_bytes()).unwrap()
    }

    fn kind(ct: &str, body: &str) -> InviteKind {
        classify(&invite(ct, body), &Limits::default())
    }

    /// The `m=` line reader says what the whole SDP parser says, on bodies made to
    /// differ from the plain ones where either could go wrong.
    #[test]
    fn the_media_line_reader_is_the_sdp_parser() {
        use crate::sip::body::sdp::Sdp;
        let lines: &[&[u8]] = &[
            b"m=audio 5004 RTP/AVP 0",
            b"m=AUDIO 5004 RTP/AVP",
            b"m=audio 0 RTP/AVP 0",
            b"m=audio 5004/2 RTP/AVP 0",
            b"m=audio 5004/ RTP/AVP 0",
            b"m=audio /2 RTP/AVP 0",
            b"m=audio 65535 RTP/AVP 0",
            b"m=audio 65536 RTP/AVP 0",
            b"m=audio 000001 RTP/AVP 0",
            b"m=audio 00001 RTP/AVP 0",
            b"m=audio +1 RTP/AVP 0",
            b"m=audio 5004",
            b"m=audio  \t5004\x0cRTP/AVP",
            b"m=audio 5004 RTP/AVP \xff",
            b"m=audio\xc3\xa9 5004 RTP/AVP 0",
            b"m=video 5006 RTP/AVP 96",
            b"m=audi 5004 RTP/AVP 0",
            b"m= audio 5004 RTP/AVP 0",
            b"M=audio 5004 RTP/AVP 0",
            b"c=IN IP4 192.0.2.1",
            b"a=rtpmap:0 PCMU/8000",
            b"",
            b"x",
        ];
        let ends: &[&[u8]] = &[b"\r\n", b"\n", b"\r\r\n", b""];
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..4000 {
            let mut body = Vec::new();
            for _ in 0..(seed % 4) + 1 {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                body.extend_from_slice(lines[(seed % lines.len() as u64) as usize]);
                body.extend_from_slice(ends[((seed >> 20) % ends.len() as u64) as usize]);
            }
            assert_eq!(
                sdp_offers_audio(&body),
                Sdp::parse(&body).offers_audio(),
                "{:?}",
                String::from_utf8_lossy(&body)
            );
        }
        for l in lines {
            assert_eq!(sdp_offers_audio(l), Sdp::parse(l).offers_audio(), "{l:?}");
        }
    }

    #[test]
    fn sdp_with_audio_applies() {
        assert_eq!(kind("application/sdp", AUDIO), InviteKind::Audio);
        assert_eq!(kind("Application/SDP", AUDIO), InviteKind::Audio);
        // An audio line with port 0 is not offered.
        assert_eq!(kind("application/sdp", VIDEO), InviteKind::Other);
    }

    #[test]
    fn audio_app_invites() {
        let xml = r#"<conf-invite xmlns="urn:x"><audio available="true"/></conf-invite>"#;
        assert_eq!(
            kind("application/ms-conf-invite+xml", xml),
            InviteKind::Other
        );
        assert_eq!(
            kind("application/ms-conf-invite", xml),
            InviteKind::AudioAppInvite
        );
        let no = r#"<conf-invite><audio available="false"/></conf-invite>"#;
        assert_eq!(kind("application/ms-conf-invite", no), InviteKind::Other);
        assert_eq!(
            kind("application/ms-conf-invite", "<bad"),
            InviteKind::Other
        );
    }

    #[test]
    fn multipart_with_an_audio_sdp_part() {
        let body = format!(
            "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b\r\nContent-Type: application/sdp\r\n\r\n{AUDIO}\r\n--b--\r\n"
        );
        assert_eq!(
            kind("multipart/alternative; boundary=b", &body),
            InviteKind::Audio
        );
        let body = "--b\r\nContent-Type: text/plain\r\n\r\nhi\r\n--b--\r\n";
        assert_eq!(
            kind("multipart/alternative; boundary=b", body),
            InviteKind::Other
        );
    }

    #[test]
    fn no_body_or_other_types_are_plain() {
        assert_eq!(kind("text/plain", "x"), InviteKind::Other);
        let m = Message::parse(
            b"INVITE sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(classify(&m, &Limits::default()), InviteKind::Other);
    }
}
