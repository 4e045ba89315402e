//! The trust header on the messages the edge forwards (MS-SIPRE 3.10.5.1: a message from
//! outside the enterprise, forwarded to a client, SHOULD carry `ms-edge-proxy-message-trust`
//! saying where it came from), and reading it back on the client's side (3.10.5.2).

use super::error::EdgeError;
use crate::ext::EdgeProxyMessageTrust;
use crate::sip::Message;

/// Puts `trust` on `msg` as its one `ms-edge-proxy-message-trust` field, replacing any that
/// was there. On an error the message is left as it was.
pub fn set_trust(msg: &mut Message, trust: &EdgeProxyMessageTrust<'_>) -> Result<(), EdgeError> {
    set_single(msg, EdgeProxyMessageTrust::NAME, &trust.to_string())
}

/// Makes `value` the one field named `name`: other fields of that name go.
pub(crate) fn set_single(msg: &mut Message, name: &str, value: &str) -> Result<(), EdgeError> {
    if msg.fields_of(name).next().is_none() {
        return Ok(msg.add_header(name, value)?);
    }
    let saved = msg.clone();
    let done = msg
        .remove_all(name)
        .and_then(|_| msg.add_header(name, value));
    if let Err(e) = done {
        *msg = saved;
        return Err(e.into());
    }
    Ok(())
}

/// The one value of the field `name`, if any: a second field is an error.
pub(crate) fn single<'m>(
    msg: &'m Message,
    name: &'static str,
) -> Result<Option<&'m str>, EdgeError> {
    let mut it = msg.fields(name);
    let first = it.next();
    if it.next().is_some() {
        return Err(EdgeError::Repeated(name));
    }
    Ok(first)
}

/// The `ms-edge-proxy-message-trust` of `msg`: `None` when there is none (a message from the
/// same enterprise, or one that did not pass the edge); an error when it is malformed, breaks
/// a rule of MS-SIPRE 3.10.1, or appears more than once.
pub fn read_trust(msg: &Message) -> Result<Option<EdgeProxyMessageTrust<'_>>, EdgeError> {
    match single(msg, EdgeProxyMessageTrust::NAME)? {
        None => Ok(None),
        Some(v) => EdgeProxyMessageTrust::parse(v)
            .map(Some)
            .map_err(EdgeError::Trust),
    }
}
