//! What the transaction layer needs of a message it matches: a branch that names a
//! transaction.

use super::verdict::{Check, bad};
use crate::sip::message::Message;

/// RFC 4475 3.2.1: a branch that is only the RFC 3261 magic cookie names no transaction.
pub(super) fn check_branch(msg: &Message) -> Check {
    if let Some(Ok(top)) = msg.vias().next()
        && top.branch() == Some("z9hG4bK")
    {
        return Err(bad("Via branch has no transaction identifier"));
    }
    Ok(())
}
