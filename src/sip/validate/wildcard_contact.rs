//! `Contact: *`, which removes every binding and is allowed nowhere else.

use super::first_value;
use super::seen::Seen;
use super::verdict::{Check, bad};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;

/// RFC 3261 10.2.2 / 10.3 step 6: `Contact: *` only in a REGISTER, alone, with Expires 0.
/// (The Contact values as the Contact checks counted them.)
pub(super) fn check(msg: &Message, seen: &Seen<'_>) -> Check {
    let (values, star) = (seen.contact_values, seen.contact_star);
    if !star {
        return Ok(());
    }
    let expires_zero = first_value(msg, HeaderKind::Expires)
        .is_some_and(|e| !e.is_empty() && e.bytes().all(|c| c == b'0'));
    if msg.method() == Some("REGISTER") && values == 1 && expires_zero {
        Ok(())
    } else {
        Err(bad("Bad wildcard Contact"))
    }
}
