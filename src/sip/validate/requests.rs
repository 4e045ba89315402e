//! What an element does with a well-formed request (RFC 3261 8.2 at an endpoint, 16.3 at a
//! proxy): the checks that depend on its role and capabilities.

use super::body::body_len;
use super::media::media_matches;
use super::option_tags::unsupported_requirements;
use super::options::{Options, Role};
use super::seen::Seen;
use super::verdict::{Check, bad, fail};
use super::{fields_of, first_value, has};
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;
use crate::sip::scan::split_list;

pub(super) fn check(
    msg: &Message,
    method: &str,
    uri: &str,
    opts: &Options<'_>,
    seen: &Seen<'_>,
) -> Check {
    let endpoint = opts.role == Role::Endpoint;
    if endpoint
        && let Some(methods) = opts.methods
        && !methods.contains(&method)
    {
        return Err(fail(501, "Method not implemented"));
    }
    // RFC 3261 8.1.1.5 / 20.16; RFC 4475 3.1.2.17
    if let Some(cseq) = seen.cseq
        && cseq.method != method
    {
        return Err(bad("CSeq method does not match request method"));
    }
    // RFC 3261 8.2.2.1 / 16.3 step 2
    let scheme = uri.split(':').next().unwrap_or("");
    if !opts
        .uri_schemes
        .iter()
        .any(|s| s.eq_ignore_ascii_case(scheme))
    {
        return Err(fail(416, "Unsupported URI scheme"));
    }
    // RFC 3261 16.3 step 3
    if !endpoint && matches!(msg.max_forwards(), Some(Ok(0))) {
        return Err(fail(483, "Max-Forwards exhausted"));
    }
    // RFC 3261 8.2.2.3 / 16.3 step 5
    if !unsupported_requirements(msg, opts).is_empty() {
        return Err(fail(
            420,
            if endpoint {
                "Unsupported option tag in Require"
            } else {
                "Unsupported option tag in Proxy-Require"
            },
        ));
    }
    if !endpoint {
        return Ok(());
    }
    if let Some(types) = opts.content_types {
        check_media(msg, method, types)?;
    }
    // RFC 3261 10.3 step 5, RFC 4475 3.3.4: an address-of-record is a SIP or SIPS URI
    if method == "REGISTER" && !seen.to.is_some_and(|to| to.uri.is_sip()) {
        return Err(bad("Address-of-record is not a SIP or SIPS URI"));
    }
    Ok(())
}

/// 415 for a body of a type the endpoint does not understand (RFC 3261 8.2.3); 406 for an
/// INVITE whose Accept allows none of them (RFC 4475 3.3.15: the answer to an INVITE carries
/// a session description).
fn check_media(msg: &Message, method: &str, types: &[&str]) -> Check {
    if body_len(msg)? > 0 {
        let ty = first_value(msg, HeaderKind::ContentType).unwrap_or("");
        if !types.iter().any(|t| media_matches(t, ty)) {
            return Err(fail(415, "Unsupported media type"));
        }
    }
    if method == "INVITE" && has(msg, HeaderKind::Accept) {
        let acceptable = fields_of(msg, HeaderKind::Accept).any(|h| {
            let v = msg.value_of(h);
            split_list(v).any(|(a, b)| {
                let range = v.get(a..b).unwrap_or("");
                !range.is_empty() && types.iter().any(|t| media_matches(range, t))
            })
        });
        if !acceptable {
            return Err(fail(406, "No acceptable body type"));
        }
    }
    Ok(())
}
