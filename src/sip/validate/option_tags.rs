//! The option tags a request requires of the element (Require at an endpoint, Proxy-Require
//! at a proxy) that the element does not support.

use super::fields_of;
use super::options::{Options, Role};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;
use crate::sip::scan::split_list;

/// The option tags of Require (endpoint) or Proxy-Require (proxy) that are not in
/// `opts.supported`: what a 420 response lists in its Unsupported header (RFC 3261 8.2.2.3).
/// Empty when `opts.supported` is `None`, for responses, and for ACK and CANCEL, whose
/// Require and Proxy-Require are ignored.
pub fn unsupported_requirements<'m>(msg: &'m Message, opts: &Options<'_>) -> Vec<&'m str> {
    let Some(supported) = opts.supported else {
        return Vec::new();
    };
    let Some(method) = msg.method() else {
        return Vec::new();
    };
    if method == "ACK" || method == "CANCEL" {
        return Vec::new();
    }
    let kind = match opts.role {
        Role::Proxy => HeaderKind::ProxyRequire,
        Role::Endpoint => HeaderKind::Require,
    };
    let mut out = Vec::new();
    for h in fields_of(msg, kind) {
        let v = msg.value_of(h);
        for (a, b) in split_list(v) {
            let tag = v.get(a..b).unwrap_or("");
            if !tag.is_empty() && !supported.iter().any(|s| s.eq_ignore_ascii_case(tag)) {
                out.push(tag);
            }
        }
    }
    out
}
