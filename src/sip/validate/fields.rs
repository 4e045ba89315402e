//! The grammar of each header field the SIP layer knows (RFC 3261 25.1): which check judges
//! which header, and in which order the fields are looked at.

use super::address::{self, FROM, RECORD_ROUTE, REFER_TO, REFERRED_BY, REPLY_TO, ROUTE, TO};
use super::auth::auth_ok;
use super::date::rfc1123_date_ok;
use super::decimal::decimal_at_most;
use super::fields_of;
use super::media::media_type_ok;
use super::presence::Counts;
use super::scalars::{call_id_ok, retry_after_ok};
use super::seen::Seen;
use super::verdict::{Check, bad, ok_or};
use super::via::check_via_field;
use super::warning::warning_ok;
use crate::sip::cseq::CSeq as CSeqValue;
use crate::sip::header_name::HeaderKind;
use crate::sip::message::Message;
use crate::sip::scan::{is_token, split_list, trim_lws};

/// Every field, the usual suspects first so that their problems are the ones named.
/// The views of From, To, CSeq, the Contacts and the top Via go into `seen`.
pub(super) fn check<'m>(msg: &'m Message, counts: &Counts, seen: &mut Seen<'m>) -> Check {
    use HeaderKind::*;
    const PRIORITY: [HeaderKind; 10] = [
        Via,
        From,
        To,
        CallId,
        CSeq,
        MaxForwards,
        ContentLength,
        Contact,
        Route,
        RecordRoute,
    ];
    for kind in PRIORITY {
        if !counts.has(kind) {
            continue;
        }
        for h in fields_of(msg, kind) {
            check_field(kind, msg.value_of(h), seen)?;
        }
    }
    for h in msg.headers() {
        if !PRIORITY.contains(&h.kind()) {
            check_field(h.kind(), msg.value_of(h), seen)?;
        }
    }
    Ok(())
}

fn check_field<'m>(kind: HeaderKind, v: &'m str, seen: &mut Seen<'m>) -> Check {
    use HeaderKind::*;
    match kind {
        Via => check_via_field(v, &mut seen.top_branch),
        From => address::check_from_to(v, &FROM, &mut seen.from),
        To => address::check_from_to(v, &TO, &mut seen.to),
        CallId => ok_or(call_id_ok(v), "Malformed Call-ID"),
        CSeq => keep(
            CSeqValue::parse(v).map_err(|_| bad("Malformed CSeq"))?,
            &mut seen.cseq,
        ),
        // RFC 3261 20.22: 0-255
        MaxForwards => ok_or(decimal_at_most(v, 255), "Malformed Max-Forwards"),
        ContentLength => ok_or(decimal_at_most(v, u64::MAX), "Malformed Content-Length"),
        Contact => address::check_contact_field(v, seen),
        Route => address::check_address_list(v, &ROUTE),
        RecordRoute => address::check_address_list(v, &RECORD_ROUTE),
        ReplyTo => address::check_address(v, &REPLY_TO, false),
        ReferTo => address::check_address(v, &REFER_TO, false),
        ReferredBy => address::check_address(v, &REFERRED_BY, false),
        // RFC 3261 20.19: delta-seconds up to 2**32-1 (RFC 4475 3.1.2.4)
        Expires => ok_or(decimal_at_most(v, u64::from(u32::MAX)), "Malformed Expires"),
        MinExpires => ok_or(
            decimal_at_most(v, u64::from(u32::MAX)),
            "Malformed Min-Expires",
        ),
        RetryAfter => ok_or(retry_after_ok(v), "Malformed Retry-After"),
        Date => ok_or(rfc1123_date_ok(v), "Bad Date"),
        ContentType => ok_or(media_type_ok(v, true), "Malformed Content-Type"),
        Accept => ok_or(
            list_ok(v, true, |e| media_type_ok(e, false)),
            "Malformed Accept",
        ),
        Require => ok_or(list_ok(v, false, is_token), "Malformed Require"),
        ProxyRequire => ok_or(list_ok(v, false, is_token), "Malformed Proxy-Require"),
        Unsupported => ok_or(list_ok(v, false, is_token), "Malformed Unsupported"),
        Supported => ok_or(list_ok(v, true, is_token), "Malformed Supported"),
        Allow => ok_or(list_ok(v, true, is_token), "Malformed Allow"),
        Warning => ok_or(warning_ok(v), "Malformed Warning"),
        Authorization => ok_or(auth_ok(v), "Malformed Authorization"),
        ProxyAuthorization => ok_or(auth_ok(v), "Malformed Proxy-Authorization"),
        WwwAuthenticate => ok_or(auth_ok(v), "Malformed WWW-Authenticate"),
        ProxyAuthenticate => ok_or(auth_ok(v), "Malformed Proxy-Authenticate"),
        _ => Ok(()),
    }
}

/// Keeps `view` in `slot` unless an earlier field of the kind is there.
fn keep<T>(view: T, slot: &mut Option<T>) -> Check {
    if slot.is_none() {
        *slot = Some(view);
    }
    Ok(())
}

/// A comma list whose every element passes `elem`; `empty_ok` allows a wholly empty value.
fn list_ok(v: &str, empty_ok: bool, elem: impl Fn(&str) -> bool) -> bool {
    if trim_lws(v).is_empty() {
        return empty_ok;
    }
    split_list(v).all(|(a, b)| v.get(a..b).is_some_and(&elem))
}
