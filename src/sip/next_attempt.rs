//! The request a UAC sends when a final response asks it to try again (RFC 3261 8.1.3.4 for a
//! 3xx, 8.1.3.5 for a 415 or a 416): the same Call-ID, From and To, a CSeq one higher, and a
//! new client transaction, hence a new top Via with a new branch.

use super::error::{ErrorKind, Result, SipError};
use super::message::Message;

/// A copy of `request` with its CSeq number one higher and its top Via removed: the host adds
/// its own Via, with a new branch, when it sends it. The caller changes the rest (the
/// Request-URI for a redirect, the body for a 415).
///
/// Errors: not a request, no CSeq or a malformed one, a CSeq number already at 2**31 - 1
/// (RFC 3261 8.1.1.5), or an edit the limits refuse; the original is never changed.
pub fn next_attempt(request: &Message) -> Result<Message> {
    if !request.is_request() {
        return Err(SipError::new(
            ErrorKind::WrongKind,
            0,
            "a new attempt is made of a request",
        ));
    }
    let cseq = request.cseq().ok_or(SipError::new(
        ErrorKind::NotFound,
        0,
        "the request has no CSeq",
    ))??;
    let seq = cseq
        .seq
        .checked_add(1)
        .filter(|n| *n < 1 << 31)
        .ok_or(SipError::new(
            ErrorKind::BadValue,
            0,
            "CSeq: no higher number below 2**31",
        ))?;
    let value = format!("{seq} {}", cseq.method);
    let mut next = request.clone();
    next.edit(|e| {
        e.replace_value("CSeq", 0, &value)?;
        if e.count("Via") > 0 {
            e.remove_value("Via", 0)?;
        }
        Ok(())
    })?;
    Ok(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raises_cseq_drops_the_top_via_and_keeps_the_rest() {
        let req = Message::parse(
            b"INVITE sip:b@h SIP/2.0\r\nVia: SIP/2.0/TLS a;branch=z9hG4bK1, SIP/2.0/TLS b;branch=z9hG4bK0\r\n\
From: <sip:a@h>;tag=1\r\nTo: <sip:b@h>\r\nCall-ID: c\r\nCSeq: 7 INVITE\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        let next = next_attempt(&req).unwrap();
        assert_eq!(next.value("CSeq", 0), Some("8 INVITE"));
        assert_eq!(next.value("Via", 0), Some("SIP/2.0/TLS b;branch=z9hG4bK0"));
        assert_eq!(next.count("Via"), 1);
        assert_eq!(next.value("From", 0), req.value("From", 0));
        assert_eq!(next.call_id(), Some("c"));
        assert_eq!(req.value("CSeq", 0), Some("7 INVITE"));
    }

    #[test]
    fn refuses_responses_a_missing_cseq_and_the_last_number() {
        let resp = Message::parse(b"SIP/2.0 200 OK\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n")
            .unwrap();
        assert_eq!(next_attempt(&resp).unwrap_err().kind, ErrorKind::WrongKind);
        let none = Message::parse(b"INVITE sip:b@h SIP/2.0\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert_eq!(next_attempt(&none).unwrap_err().kind, ErrorKind::NotFound);
        let last = Message::parse(
            b"INVITE sip:b@h SIP/2.0\r\nCSeq: 2147483647 INVITE\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(next_attempt(&last).unwrap_err().kind, ErrorKind::BadValue);
    }
}
