//! Address headers (From, To, Contact, Route, Record-Route, Reply-To, Refer-To, Referred-By):
//! `( name-addr / addr-spec ) *( SEMI generic-param )`, with the problems RFC 4475 exercises
//! named before the [`NameAddr`] view gives its general verdict.

use super::decimal::decimal_at_most;
use super::param_values::{params_ok, quoted_string_ok};
use super::seen::{Seen, SeenContact};
use super::verdict::{Check, bad};
use crate::sip::name_addr::NameAddr;
use crate::sip::params::{Noted, Param};
use crate::sip::scan::is_qvalue;
use crate::sip::scan::{is_lws, is_token, quoted_len, skip_lws, split_list, trim_lws};
use std::cell::Cell;

/// Texts naming the problems of one address header.
pub(super) struct AddrTexts {
    malformed: &'static str,
    display: &'static str,
    unterminated: &'static str,
    addr_spec: &'static str,
    unbracketed: &'static str,
}

macro_rules! addr_texts {
    ($h:literal) => {
        AddrTexts {
            malformed: concat!("Malformed ", $h),
            display: concat!("Bad display name in ", $h),
            unterminated: concat!("Unterminated quoted string in ", $h),
            addr_spec: concat!("Bad addr-spec in ", $h),
            unbracketed: concat!("URI with headers or comma not enclosed in <> in ", $h),
        }
    };
}

pub(super) static FROM: AddrTexts = addr_texts!("From");
pub(super) static TO: AddrTexts = addr_texts!("To");
pub(super) static CONTACT: AddrTexts = addr_texts!("Contact");
pub(super) static ROUTE: AddrTexts = addr_texts!("Route");
pub(super) static RECORD_ROUTE: AddrTexts = addr_texts!("Record-Route");
pub(super) static REPLY_TO: AddrTexts = addr_texts!("Reply-To");
pub(super) static REFER_TO: AddrTexts = addr_texts!("Refer-To");
pub(super) static REFERRED_BY: AddrTexts = addr_texts!("Referred-By");

/// From and To: an address whose `tag`, when present, is a token (RFC 3261 25.1 tag-param).
/// The view goes into `slot` unless an earlier field of the kind is there.
pub(super) fn check_from_to<'a>(
    v: &'a str,
    t: &AddrTexts,
    slot: &mut Option<NameAddr<'a>>,
) -> Check {
    check_address_into(
        v,
        t,
        false,
        |_, _| true,
        |na| {
            // (The first `tag`, as the parse noted it.)
            if let Some(p) = na.params.noted(Noted::Tag)
                && !p.value.is_some_and(is_token)
            {
                return Err(bad(t.malformed));
            }
            if slot.is_none() {
                *slot = Some(na);
            }
            Ok(())
        },
    )
}

/// Route and Record-Route: a non-empty list of name-addrs in angle brackets.
pub(super) fn check_address_list(v: &str, t: &AddrTexts) -> Check {
    for (a, b) in split_list(v) {
        check_address_into(v.get(a..b).unwrap_or(""), t, true, |_, _| true, |_| Ok(()))?;
    }
    Ok(())
}

/// Contact values other than `*` (checked per message): addresses with a delta-seconds
/// `expires` and a qvalue `q` (RFC 3261 20.10, 25.1). The values, counted, go into `seen`.
pub(super) fn check_contact_field<'a>(v: &'a str, seen: &mut Seen<'a>) -> Check {
    for (a, b) in split_list(v) {
        let e = v.get(a..b).unwrap_or("");
        seen.contact_values += 1;
        if e == "*" {
            seen.contact_star = true;
            continue;
        }
        // Every `expires` and `q` judged on the walk that judges every value (a parameter
        // list that walk accepts is split the same by every walk).
        let (expires, instance) = (Cell::new(None), Cell::new(None));
        let judge = |name: &'a str, value| {
            let p = Param { name, value };
            if name.eq_ignore_ascii_case("expires") {
                expires.set(expires.get().or(Some(p)));
                value.is_some_and(|x| decimal_at_most(x, u64::from(u32::MAX)))
            } else if name.eq_ignore_ascii_case("q") {
                value.is_some_and(is_qvalue)
            } else {
                if instance.get().is_none() && name.eq_ignore_ascii_case("+sip.instance") {
                    instance.set(Some(p));
                }
                true
            }
        };
        check_address_into(e, &CONTACT, false, judge, |addr| {
            seen.contacts.push(SeenContact {
                addr,
                expires: expires.get(),
                instance: instance.get(),
            });
            Ok(())
        })?;
    }
    Ok(())
}

/// One `( name-addr / addr-spec ) *( SEMI generic-param )` value, with the specific problems
/// RFC 4475 exercises named before the core parser gives its general verdict: display names
/// (3.1.2.6, 3.1.2.15), white space inside `<>` (3.1.2.14), and an addr-spec that needs
/// brackets because it holds `?` or `,` (RFC 3261 20.10, RFC 4475 3.1.2.13).
pub(super) fn check_address(v: &str, t: &AddrTexts, angle_required: bool) -> Check {
    check_address_into(v, t, angle_required, |_, _| true, |_| Ok(()))
}

/// [`check_address`] whose header parameters must also pass `param` (name, raw value), the
/// view then handed to `accept` (which may still refuse it). The view is large: handing it on
/// spares the copies a returned one would take on its way to where it is kept.
fn check_address_into<'a>(
    v: &'a str,
    t: &AddrTexts,
    angle_required: bool,
    param: impl FnMut(&'a str, Option<&'a str>) -> bool,
    accept: impl FnOnce(NameAddr<'a>) -> Check,
) -> Check {
    let v = trim_lws(v);
    let b = v.as_bytes();
    if b.is_empty() {
        return Err(bad(t.malformed));
    }
    let lt = if b[0] == b'"' {
        let n = quoted_len(b).ok_or(bad(t.unterminated))?;
        if !b.get(..n).is_some_and(quoted_string_ok) {
            return Err(bad(t.display));
        }
        let j = skip_lws(b, n);
        if b.get(j) != Some(&b'<') {
            return Err(bad(t.malformed));
        }
        Some(j)
    } else {
        // A display name holds no ':', an addr-spec starts with "scheme:".
        // (memchr: these run on every address of every message validated)
        match (memchr::memchr(b'<', b), memchr::memchr(b':', b)) {
            (Some(lt), Some(colon)) if lt < colon => Some(lt),
            (Some(lt), None) => Some(lt),
            _ => None,
        }
    };
    match lt {
        Some(lt) => {
            if b[0] != b'"' {
                let dn = v.get(..lt).unwrap_or("");
                if !dn
                    .split(|c: char| c.is_ascii() && is_lws(c as u8))
                    .all(|w| w.is_empty() || is_token(w))
                {
                    return Err(bad(t.display));
                }
            }
            let rest = v.get(lt + 1..).unwrap_or("");
            let Some(gt) = memchr::memchr(b'>', rest.as_bytes()) else {
                return Err(bad(t.malformed));
            };
            let inner = rest.get(..gt).unwrap_or("");
            if inner.is_empty() || inner.bytes().any(is_lws) {
                return Err(bad(t.addr_spec));
            }
        }
        None => {
            if angle_required {
                return Err(bad(t.malformed));
            }
            let end = v.find(';').unwrap_or(v.len());
            let uri = trim_lws(v.get(..end).unwrap_or(""));
            if uri.contains('?') || uri.contains(',') {
                return Err(bad(t.unbracketed));
            }
            if uri.bytes().any(is_lws) {
                return Err(bad(t.addr_spec));
            }
        }
    }
    let Ok(na) = NameAddr::parse(v) else {
        return Err(bad(t.malformed));
    };
    if !params_ok(na.params.as_str(), false, param) {
        return Err(bad(t.malformed));
    }
    accept(na)
}
