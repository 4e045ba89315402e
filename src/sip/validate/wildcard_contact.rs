//! `Contact: *`, which removes every binding and is allowed nowhere else.

use super::verdict::{Check, bad};
use super::{fields_of, first_value};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;
use crate::sip::scan::split_list;

/// RFC 3261 10.2.2 / 10.3 step 6: `Contact: *` only in a REGISTER, alone, with Expires 0.
pub(super) fn check(msg: &Message) -> Check {
    let mut values = 0usize;
    let mut star = false;
    for h in fields_of(msg, HeaderKind::Contact) {
        let v = msg.value_of(h);
        for (a, b) in split_list(v) {
            values += 1;
            star |= v.get(a..b) == Some("*");
        }
    }
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
