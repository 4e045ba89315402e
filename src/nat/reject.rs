//! The 400 a server sends for a request that NAT processing rejects (MS-SIPRE 3.5.5.1
//! steps 1 to 3).

use super::verdict::{Rejection, Verdict};
use crate::sip::{Message, SipError};
use sha1::{Digest, Sha1};

/// A To tag for the 400, derived from the request (Call-ID, From tag, topmost Via branch,
/// CSeq), so a retransmission of the request gets the very same response.
fn to_tag(req: &Message) -> String {
    let mut h = Sha1::new();
    for part in [
        req.call_id().unwrap_or(""),
        req.from()
            .and_then(|f| f.ok())
            .and_then(|f| f.tag())
            .unwrap_or(""),
        req.vias()
            .next()
            .and_then(|v| v.ok())
            .and_then(|v| v.branch())
            .unwrap_or(""),
        req.header("CSeq").unwrap_or(""),
    ] {
        h.update(part.as_bytes());
        h.update([0]);
    }
    h.finalize()[..5]
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The response to `req` for `why`: 400 with a reason phrase naming the problem, built as
/// RFC 3261 8.2.6 says (Via, From, To with a tag, Call-ID, CSeq). Fails when the request
/// lacks what a response copies (a To header), or is a response.
pub fn reject_response(req: &Message, why: Rejection) -> Result<Message, SipError> {
    Message::response_to(req, 400, Some(why.reason()), Some(&to_tag(req)))
}

/// The verdict with the response it calls for: a [`Verdict::Reject`] comes with its 400; when
/// no 400 can be built for the request (it has no To), the request is discarded instead.
pub fn answer(req: &Message, verdict: Verdict) -> (Verdict, Option<Message>) {
    match verdict {
        Verdict::Reject(why) => match reject_response(req, why) {
            Ok(r) => (verdict, Some(r)),
            Err(_) => (Verdict::Discard(why), None),
        },
        other => (other, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const REQ: &str = "INVITE sip:bob@contoso.com SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.1:27221;branch=z9hG4bK1\r\n\
Via: SIP/2.0/TLS 10.0.0.1:5061;branch=z9hG4bK0\r\n\
From: <sip:alice@contoso.com>;tag=33975904fc\r\n\
To: <sip:bob@contoso.com>\r\n\
Call-ID: 21c7d6e384c249afac26e3f3016140a6\r\n\
CSeq: 1 INVITE\r\n\
Contact: <sip:192.0.2.1:27221;transport=tls>;proxy=replace\r\n\
Content-Length: 0\r\n\r\n";

    #[test]
    fn a_400_along_the_request_path_with_a_stable_tag() {
        let req = Message::parse(REQ.as_bytes()).unwrap();
        let r = reject_response(&req, Rejection::NotFirstHop).unwrap();
        assert_eq!(r.status(), Some(400));
        assert_eq!(r.reason(), Some(Rejection::NotFirstHop.reason()));
        assert_eq!(r.count("Via"), 2);
        assert_eq!(r.call_id(), req.call_id());
        assert_eq!(r.header("CSeq"), Some("1 INVITE"));
        let tag = r.to().unwrap().unwrap().tag().unwrap().to_owned();
        assert_eq!(tag.len(), 10);
        let again = reject_response(&req, Rejection::NotFirstHop).unwrap();
        assert_eq!(again.as_bytes(), r.as_bytes());
        let other = Message::parse(REQ.replace("CSeq: 1", "CSeq: 2").as_bytes()).unwrap();
        let t2 = reject_response(&other, Rejection::NotFirstHop).unwrap();
        assert_ne!(t2.to().unwrap().unwrap().tag(), Some(tag.as_str()));
    }

    #[test]
    fn needs_a_request_with_a_to() {
        let req =
            Message::parse(REQ.replace("To: <sip:bob@contoso.com>\r\n", "").as_bytes()).unwrap();
        assert!(reject_response(&req, Rejection::NotFirstHop).is_err());
        let resp = Message::parse(b"SIP/2.0 200 OK\r\nTo: <sip:a@b>\r\n\r\n").unwrap();
        assert!(reject_response(&resp, Rejection::NotFirstHop).is_err());
    }

    #[test]
    fn answers_go_with_their_verdicts() {
        let req = Message::parse(REQ.as_bytes()).unwrap();
        let (v, r) = answer(&req, Verdict::Reject(Rejection::ProxyNotReplace));
        assert_eq!(v, Verdict::Reject(Rejection::ProxyNotReplace));
        assert_eq!(r.unwrap().status(), Some(400));
        assert!(matches!(
            answer(&req, Verdict::Forward),
            (Verdict::Forward, None)
        ));
        let d = Verdict::Discard(Rejection::NotFirstHop);
        assert!(matches!(answer(&req, d), (v, None) if v == d));
        let no_to =
            Message::parse(REQ.replace("To: <sip:bob@contoso.com>\r\n", "").as_bytes()).unwrap();
        let (v, r) = answer(&no_to, Verdict::Reject(Rejection::NotFirstHop));
        assert_eq!(v, Verdict::Discard(Rejection::NotFirstHop));
        assert!(r.is_none());
    }
}
