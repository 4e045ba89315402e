//! Which messages take part in correlation: INVITE and REFER requests (MS-SIPRE 3.12.4.1,
//! 3.12.5.1) and final responses to them; and, for the proxy log of 3.12.5.2, every
//! dialog-creating request and final response to one.

use crate::sip::Message;

/// The method a message is about: its own for a request, the CSeq method for a response.
fn method_of(msg: &Message) -> Option<&str> {
    match msg.method() {
        Some(m) => Some(m),
        None => msg.cseq().and_then(|c| c.ok()).map(|c| c.method),
    }
}

fn is_final_response(msg: &Message) -> bool {
    msg.status().is_some_and(|s| s >= 200)
}

fn request_or_final(msg: &Message) -> bool {
    msg.is_request() || is_final_response(msg)
}

/// An INVITE or REFER request, or a final response to one.
pub(crate) fn carries_correlation(msg: &Message) -> bool {
    request_or_final(msg)
        && method_of(msg)
            .is_some_and(|m| m.eq_ignore_ascii_case("INVITE") || m.eq_ignore_ascii_case("REFER"))
}

/// An INVITE or REFER request (what [`super::RelatedDialog::for_received`] answers).
pub(crate) fn is_invite_or_refer(msg: &Message) -> bool {
    msg.is_request() && carries_correlation(msg)
}

/// A dialog-creating request (INVITE, SUBSCRIBE, REFER; RFC 3261 12, RFC 6665, RFC 3515)
/// or a final response to one: the events a proxy logs (MS-SIPRE 3.12.5.2).
pub(crate) fn creates_dialog(msg: &Message) -> bool {
    request_or_final(msg)
        && method_of(msg).is_some_and(|m| {
            ["INVITE", "SUBSCRIBE", "REFER"]
                .iter()
                .any(|d| d.eq_ignore_ascii_case(m))
        })
}
