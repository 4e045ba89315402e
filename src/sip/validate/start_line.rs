//! The start line: SIP-Version, status code, method and Request-URI.

use super::verdict::{Check, bad, fail};
use crate::sip::message::{Message, StartLine};
use crate::sip::scan::{is_lws, is_token};
use crate::sip::uri::Uri;

/// RFC 3261 7.1 / 7.2 / 8.2 / 19.1.1 / 21.5.7.
pub(super) fn check(msg: &Message) -> Check {
    if !msg.version().eq_ignore_ascii_case("SIP/2.0") {
        return Err(fail(505, "Unsupported SIP version"));
    }
    match msg.start_line() {
        StartLine::Response { code, .. } => {
            if !(100..=699).contains(&code) {
                return Err(bad("Bad status code"));
            }
        }
        StartLine::Request { method, uri, .. } => {
            if !is_token(method) {
                return Err(bad("Malformed method"));
            }
            if uri.starts_with('<') {
                return Err(bad("Request-URI enclosed in angle brackets"));
            }
            if uri.bytes().any(is_lws) {
                return Err(bad("White space in Request-URI"));
            }
            let u = Uri::parse(uri).map_err(|_| bad("Malformed Request-URI"))?;
            if u.is_sip() && u.headers.is_some() {
                return Err(bad("Request-URI carries headers"));
            }
        }
    }
    Ok(())
}
