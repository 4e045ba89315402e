//! MS-SIPRE 3.17.5.2: "The server identifies an emergency call when it detects a Priority
//! header with value "emergency" in the INVITE."

use crate::sip::Message;
use crate::sip::priority::Priority;

/// True for an INVITE whose Priority is `emergency` (any case, RFC 3261 20.26).
pub fn is_emergency(msg: &Message) -> bool {
    msg.method() == Some("INVITE") && Priority::of(msg) == Some(Priority::Emergency)
}
