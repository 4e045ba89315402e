//! The notification IM INVITE (MS-SIPRE 3.17.5.2): for each NotificationUri of the location
//! policy the server sends, on behalf of the caller, an INVITE that
//! 1. carries `Priority: emergency`,
//! 2. carries `Call-Info` with the caller's SIP URI and `purpose=ms-emergency-notification`,
//! 3. has a plain text body of name-value pairs: every descendant of `civicAddress` and
//!    `method` of the PIDF-LO.

use sha1::{Digest, Sha1};

use super::error::E911Error;
use super::pidf_lo::PidfLo;
use crate::sip::builder::RequestBuilder;
use crate::sip::{ErrorKind, Message, SipError};

/// The `purpose` of the notification's Call-Info (3.17.5.2 item 2).
pub const PURPOSE: &str = "ms-emergency-notification";

/// Call-ID and From tag of one notification. [`NotificationIds::derived`] makes them from the
/// emergency INVITE and the target, so a retried or repeated notification keeps its ids and
/// the library needs no randomness; a host with its own generator sets them itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotificationIds {
    pub call_id: String,
    pub from_tag: String,
}

impl NotificationIds {
    /// 40 hex digits of SHA-1 over the INVITE's Call-ID and the target: the Call-ID is
    /// `e911-` and those digits, the tag their first 16.
    pub fn derived(invite: &Message, target: &str) -> NotificationIds {
        let mut h = Sha1::new();
        h.update(invite.call_id().unwrap_or_default().as_bytes());
        h.update([0u8]);
        h.update(target.as_bytes());
        let hex: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        NotificationIds {
            call_id: format!("e911-{hex}"),
            from_tag: hex[..16].to_owned(),
        }
    }
}

/// The text body of 3.17.5.2 item 3: one `name=value` line (CRLF-ended) per descendant of
/// `civicAddress`, in document order, then `method=...`.
pub fn notification_text(location: &PidfLo) -> String {
    let mut out = String::new();
    let method = location.method.as_deref().map(|m| ("method", m));
    let pairs = location
        .civic
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .chain(method);
    for (name, value) in pairs {
        out.push_str(name);
        out.push('=');
        // A value is one line: line breaks inside an element's text become spaces.
        out.extend(
            value
                .chars()
                .map(|c| if c == '\r' || c == '\n' { ' ' } else { c }),
        );
        out.push_str("\r\n");
    }
    out
}

/// Builds the notification INVITE to `target` for the emergency `invite` whose location is
/// `location`: From the caller (display name and URI of the INVITE's From, a new tag), To
/// and Request-URI the target, `Priority: emergency`, `Call-Info: <caller>;purpose=
/// ms-emergency-notification`, the `text/plain` body of [`notification_text`]. No Via: the
/// host adds its own.
///
/// Errors: [`E911Error::Sip`] for an INVITE without a usable From, a target that is no URI,
/// or ids that cannot be header values.
pub fn notification_invite(
    invite: &Message,
    location: &PidfLo,
    target: &str,
    ids: &NotificationIds,
) -> Result<Message, E911Error> {
    let from = invite.from().ok_or(SipError::new(
        ErrorKind::NotFound,
        0,
        "the emergency INVITE has no From",
    ))??;
    let caller = from.uri.raw;
    let shown = match from.display_name {
        Some(d) => format!("{d} <{caller}>;tag={}", ids.from_tag),
        None => format!("<{caller}>;tag={}", ids.from_tag),
    };
    let body = notification_text(location);
    let m = RequestBuilder::new("INVITE", target)
        .header("Max-Forwards", "70")
        .header("From", &shown)
        .header("To", &format!("<{target}>"))
        .header("Call-ID", &ids.call_id)
        .header("CSeq", "1 INVITE")
        .header("Priority", "emergency")
        .header("Call-Info", &format!("<{caller}>;purpose={PURPOSE}"))
        .body("text/plain; charset=utf-8", body.as_bytes())
        .build()?;
    Ok(m)
}
