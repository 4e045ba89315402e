//! What an element does with a well-formed response: the Vias it would forward along.

use super::options::{Options, Role};
use super::verdict::{Check, bad};
use crate::sip::message::Message;

pub(super) fn check(msg: &Message, opts: &Options<'_>) -> Check {
    // RFC 3261 8.1.3.3
    if opts.role == Role::Endpoint && msg.vias().nth(1).is_some() {
        return Err(bad("More than one Via in a response"));
    }
    // RFC 4475 3.3.10: forwarding would go to the broadcast address
    let broadcast = |s: &str| s == "255.255.255.255";
    for via in msg.vias().flatten() {
        if broadcast(via.host.as_str()) || via.received().is_some_and(broadcast) {
            return Err(bad("Broadcast address in Via"));
        }
    }
    Ok(())
}
