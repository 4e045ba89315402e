//! Hold toward plain peers. RFC 2543 put a call on hold with `c=0.0.0.0`; RFC 3264 8.4 does it
//! with the direction attribute (`a=sendonly`, `a=inactive`) and keeps the real address in
//! `c=`, so that RTCP goes on. Some endpoints still send both (`a=sendonly` with
//! `c=0.0.0.0`), and some peers then drop the stream or the call.
//!
//! The rules, for the description a plain peer gets (see [`super::plain_body`]):
//!
//! * A re-INVITE's direction is kept as it is: the description sent is the chosen part's
//!   bytes, `a=sendonly` / `a=inactive` included.
//! * An SDP-less re-INVITE is passed on unchanged; its offer comes in the 200 OK, whose
//!   multipart body is reduced like any other.
//! * When asked ([`super::BodyOptions::rfc3264_hold`]), a `c=IN IP4 0.0.0.0` line of a
//!   section on hold (its own direction, else the session's, is `sendonly` or `inactive`)
//!   becomes `c=IN IP4 <address of o=>`. A session-level `c=` is rewritten when every media
//!   section that uses it (has no `c=` of its own) is on hold. `c=0.0.0.0` without such a
//!   direction is left alone (RFC 3264 8.4 asks receivers to take it as hold), and so is
//!   everything when the `o=` address is not a real IPv4 address.

use crate::sip::body::sdp::{Attribute, Sdp};
use crate::sip::body::sdp_lines::{LineEdit, edit_lines};

/// The direction attribute (RFC 3264 5.1) among `attrs`, if any.
fn direction<'a>(attrs: &[Attribute<'a>]) -> Option<&'a str> {
    attrs
        .iter()
        .map(|a| a.name)
        .find(|n| matches!(*n, "sendrecv" | "sendonly" | "recvonly" | "inactive"))
}

fn on_hold(d: Option<&str>) -> bool {
    matches!(d, Some("sendonly" | "inactive"))
}

/// The real address of the `o=` line (RFC 4566 5.2: its sixth field), when it is IPv4 and
/// not `0.0.0.0`.
fn origin_address<'a>(sdp: &Sdp<'a>) -> Option<&'a str> {
    let f: Vec<&str> = sdp.origin()?.split_ascii_whitespace().collect();
    match f.as_slice() {
        [_, _, _, "IN", "IP4", addr]
            if *addr != "0.0.0.0" && addr.parse::<std::net::Ipv4Addr>().is_ok() =>
        {
            Some(addr)
        }
        _ => None,
    }
}

/// `sdp` with RFC 2543 hold written the RFC 3264 way, by the rules above; `None` when there
/// is nothing to rewrite.
pub fn rfc3264_hold(sdp: &[u8]) -> Option<Vec<u8>> {
    let parsed = Sdp::parse(sdp);
    let addr = origin_address(&parsed)?;
    let session = direction(parsed.session_attributes());
    let media = parsed.media();
    let held: Vec<bool> = media
        .iter()
        .map(|m| on_hold(direction(&m.attributes).or(session)))
        .collect();
    let users: Vec<bool> = media
        .iter()
        .zip(&held)
        .filter(|(m, _)| m.connections.is_empty())
        .map(|(_, h)| *h)
        .collect();
    let session_held = !users.is_empty() && users.iter().all(|h| *h);
    if !held.iter().any(|h| *h) {
        return None;
    }
    let base = sdp.as_ptr() as usize;
    edit_lines(sdp, |line| {
        if line != b"c=IN IP4 0.0.0.0" {
            return LineEdit::Keep;
        }
        let at = line.as_ptr() as usize - base;
        let section = media.iter().rposition(|m| m.offset < at);
        let rewrite = match section {
            None => session_held,
            Some(i) => held.get(i).copied().unwrap_or(false),
        };
        if rewrite {
            LineEdit::Replace(format!("c=IN IP4 {addr}"))
        } else {
            LineEdit::Keep
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOLD: &str = "v=0\r\no=- 1 2 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n\
m=audio 5000 RTP/AVP 0\r\na=sendonly\r\n";

    #[test]
    fn rfc2543_hold_gets_the_real_address_and_keeps_its_direction() {
        let out = rfc3264_hold(HOLD.as_bytes()).unwrap();
        assert_eq!(
            out,
            HOLD.replace("c=IN IP4 0.0.0.0", "c=IN IP4 10.0.0.5")
                .as_bytes()
        );
        let inactive = HOLD.replace("a=sendonly", "a=inactive");
        assert!(rfc3264_hold(inactive.as_bytes()).is_some());
        // The session-level direction counts for a media without its own.
        let session = "v=0\r\no=- 1 2 IN IP4 10.0.0.5\r\ns=-\r\nt=0 0\r\na=sendonly\r\n\
m=audio 5000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\n";
        let out = rfc3264_hold(session.as_bytes()).unwrap();
        assert!(out.ends_with(b"c=IN IP4 10.0.0.5\r\n"));
    }

    #[test]
    fn no_hold_direction_or_no_real_address_changes_nothing() {
        let sendrecv = HOLD.replace("a=sendonly\r\n", "");
        assert_eq!(rfc3264_hold(sendrecv.as_bytes()), None);
        let recvonly = HOLD.replace("a=sendonly", "a=recvonly");
        assert_eq!(rfc3264_hold(recvonly.as_bytes()), None);
        let no_origin = HOLD.replace("10.0.0.5", "0.0.0.0");
        assert_eq!(rfc3264_hold(no_origin.as_bytes()), None);
        let v6 = HOLD.replace("IN IP4 10.0.0.5", "IN IP6 ::1");
        assert_eq!(rfc3264_hold(v6.as_bytes()), None);
        // RFC 3264 hold already: nothing to rewrite.
        let good = HOLD.replace("0.0.0.0", "10.0.0.5");
        assert_eq!(rfc3264_hold(good.as_bytes()), None);
        assert_eq!(rfc3264_hold(b"\xff\xfe"), None);
    }

    #[test]
    fn only_the_sections_on_hold_are_rewritten() {
        let two = "v=0\r\no=- 1 2 IN IP4 10.0.0.5\r\ns=-\r\nt=0 0\r\n\
m=audio 5000 RTP/AVP 0\r\nc=IN IP4 0.0.0.0\r\na=sendonly\r\n\
m=video 5002 RTP/AVP 96\r\nc=IN IP4 0.0.0.0\r\na=sendrecv\r\n";
        let out = String::from_utf8(rfc3264_hold(two.as_bytes()).unwrap()).unwrap();
        assert_eq!(
            out,
            two.replacen("c=IN IP4 0.0.0.0", "c=IN IP4 10.0.0.5", 1)
        );
        // A session-level c= used by a media that is not on hold stays.
        let shared = "v=0\r\no=- 1 2 IN IP4 10.0.0.5\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n\
m=audio 5000 RTP/AVP 0\r\na=sendonly\r\nm=video 5002 RTP/AVP 96\r\n";
        assert_eq!(rfc3264_hold(shared.as_bytes()), None);
    }
}
