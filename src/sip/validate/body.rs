//! The body against what the header section declares of it (RFC 3261 18.3, 20.14, 20.15).

use super::decimal::decimal_value;
use super::verdict::{Check, Fail, bad};
use super::{first_value, has};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;

/// Length of the body the message declares: Content-Length when present (already checked to
/// be a number), else every byte after the empty line (RFC 3261 18.3 for datagrams).
pub(super) fn body_len(msg: &Message) -> Result<usize, Fail> {
    let present = msg.as_bytes().len().saturating_sub(msg.head_len());
    let Some(v) = first_value(msg, HeaderKind::ContentLength) else {
        return Ok(present);
    };
    match decimal_value(v) {
        Some(n) if n <= present as u64 => Ok(n as usize),
        Some(_) => Err(bad("Content-Length larger than body")),
        None => Err(bad("Malformed Content-Length")),
    }
}

/// RFC 3261 18.3 (a datagram shorter than Content-Length is an error; extra octets are
/// ignored) and 20.15 (a body needs a Content-Type).
pub(super) fn check(msg: &Message) -> Check {
    if body_len(msg)? > 0 && !has(msg, HeaderKind::ContentType) {
        return Err(bad("Missing Content-Type for a body"));
    }
    Ok(())
}
