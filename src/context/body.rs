//! Finding the call context of an INVITE: its body, or the one part of a multipart body
//! (MS-SIPRE 3.13.5.1, 3.15.4.1).

use super::CONTENT_TYPE;
use super::config::ContextConfig;
use super::error::ContextError;
use super::model::ConversationContext;
use crate::sip::Message;
use crate::sip::body::multipart::MediaType;
use crate::sip::body::owned_multipart::OwnedMultipart;

/// The call context `invite` carries, if any: the body when its Content-Type is
/// `application/ms-conversation-context+xml`, or the one part of that type in a multipart
/// body (at any depth, as the 3-level structure of 3.15.4.1 holds it). MS-SIPRE 3.13.5.1 says
/// a client "can only use the SIP INVITE request" and "can only include a single call context
/// MIME body": another request, or two call context parts, is an error (a server can ignore
/// such data, 3.13.5.2).
pub fn from_invite(
    invite: &Message,
    config: &ContextConfig,
) -> Result<Option<ConversationContext>, ContextError> {
    if invite.method() != Some("INVITE") {
        return Err(ContextError::Message(
            "call context is conveyed only in an INVITE".into(),
        ));
    }
    let Some(ct) = invite.content_type() else {
        return Ok(None);
    };
    let essence = MediaType::parse(ct)
        .map(|m| m.is(CONTENT_TYPE))
        .unwrap_or(false);
    if essence {
        return ConversationContext::parse(invite.body(), config).map(Some);
    }
    if !ct
        .trim_start()
        .to_ascii_lowercase()
        .starts_with("multipart/")
    {
        return Ok(None);
    }
    let mp =
        OwnedMultipart::parse(invite.body(), ct, invite.limits()).map_err(ContextError::Sip)?;
    let mut found = mp.parts().filter(|p| p.is(CONTENT_TYPE));
    let Some(part) = found.next() else {
        return Ok(None);
    };
    if found.next().is_some() {
        return Err(ContextError::Message(
            "more than one call context body (MS-SIPRE 3.13.5.1)".into(),
        ));
    }
    ConversationContext::parse(part.body(), config).map(Some)
}
