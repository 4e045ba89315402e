//! Line ends of the header section. The parser takes a bare LF as a line end and keeps a CR
//! that no LF follows as part of a value, so that a host can still read such a message;
//! RFC 3261 7 and 25 end every line of the start line and header section with CRLF.

use super::verdict::{Check, bad};
use crate::sip::message::Message;
use crate::sip::scan::find::find2;

/// Every CR and LF from the start line through the empty line is part of a CRLF. CRLFs
/// before the start line are skipped as the parser skips them (RFC 3261 7.5).
pub(super) fn check(msg: &Message) -> Check {
    let b = msg.as_bytes();
    let head = b.get(..msg.head_len()).unwrap_or(b);
    let start = head
        .iter()
        .position(|&c| c != b'\r' && c != b'\n')
        .unwrap_or(head.len());
    let mut i = start;
    while let Some(k) = head.get(i..).and_then(|s| find2(b'\r', b'\n', s)) {
        let at = i + k;
        match (head[at], head.get(at + 1)) {
            (b'\r', Some(b'\n')) => i = at + 2,
            (b'\r', _) => return Err(bad("Bare CR in the header section")),
            _ => return Err(bad("Bare LF line end")),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(text: &str) -> Check {
        check(&Message::parse(text.as_bytes()).expect("test message parses"))
    }

    fn reason(c: Check) -> Option<&'static str> {
        c.err().map(|f| f.reason)
    }

    #[test]
    fn crlf_throughout() {
        let ok = "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n x\r\nTo: <sip:b@b>\r\n\r\nbody\nwith\rbare ends";
        assert!(judge(ok).is_ok(), "the body is not looked at");
        assert!(
            judge(&format!("\r\n\n\r\n{ok}")).is_ok(),
            "nor what precedes the start line"
        );
        for (text, why) in [
            (
                "OPTIONS sip:b@b SIP/2.0\nVia: SIP/2.0/UDP h\r\n\r\n",
                "Bare LF line end",
            ),
            (
                "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\n\r\n",
                "Bare LF line end",
            ),
            (
                "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n\n",
                "Bare LF line end",
            ),
            (
                "OPTIONS sip:b@b SIP/2.0\r\nVia: SIP/2.0/UDP h\n x\r\n\r\n",
                "Bare LF line end",
            ),
            (
                "OPTIONS sip:b@b SIP/2.0\r\nVia: a\rb\r\n\r\n",
                "Bare CR in the header section",
            ),
            (
                "OPTIONS sip:b@b SIP/2.0\r\nVia: a\r\r\n\r\n",
                "Bare CR in the header section",
            ),
        ] {
            assert_eq!(reason(judge(text)), Some(why), "{text:?}");
        }
    }
}
