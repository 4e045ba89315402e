//! Address headers (From, To, Contact, Route, Record-Route, Reply-To, Refer-To, Referred-By):
//! `( name-addr / addr-spec ) *( SEMI generic-param )`, with the problems RFC 4475 exercises
//! named before the [`NameAddr`] view gives its general verdict.

use super::decimal::decimal_at_most;
use super::param_values::{params_ok, quoted_string_ok};
use super::seen::{Seen, SeenContact};
use super::verdict::{Check, Fail, bad};
use crate::sip::name_addr::NameAddr;
use crate::sip::params::{Noted, Param};
use crate::sip::scan::is_qvalue;
use crate::sip::scan::{is_lws, is_token, quoted_len, skip_lws, split_list, trim_lws};

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
pub(super) fn check_from_to<'a>(v: &'a str, t: &AddrTexts) -> Result<NameAddr<'a>, Fail> {
    let na = check_address(v, t, false)?;
    // (The first `tag`, as the parse noted it.)
    if let Some(p) = na.params.noted(Noted::Tag)
        && !p.value.is_some_and(is_token)
    {
        return Err(bad(t.malformed));
    }
    Ok(na)
}

/// Route and Record-Route: a non-empty list of name-addrs in angle brackets.
pub(super) fn check_address_list(v: &str, t: &AddrTexts) -> Check {
    for (a, b) in split_list(v) {
        check_address(v.get(a..b).unwrap_or(""), t, true)?;
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
        let (mut expires, mut instance) = (None, None);
        let na = check_address_with(e, &CONTACT, false, |name, value| {
            let p = Param { name, value };
            if name.eq_ignore_ascii_case("expires") {
                expires = expires.or(Some(p));
                value.is_some_and(|x| decimal_at_most(x, u64::from(u32::MAX)))
            } else if name.eq_ignore_ascii_case("q") {
                value.is_some_and(is_qvalue)
            } else {
                if instance.is_none() && name.eq_ignore_ascii_case("+sip.instance") {
                    instance = Some(p);
                }
                true
            }
        })?;
        seen.contacts.push(SeenContact {
            addr: na,
            expires,
            instance,
        });
    }
    Ok(())
}

/// One `( name-addr / addr-spec ) *( SEMI generic-param )` value, with the specific problems
/// RFC 4475 exercises named before the core parser gives its general verdict: display names
/// (3.1.2.6, 3.1.2.15), white space inside `<>` (3.1.2.14), and an addr-spec that needs
/// brackets because it holds `?` or `,` (RFC 3261 20.10, RFC 4475 3.1.2.13).
pub(super) fn check_address<'a>(
    v: &'a str,
    t: &AddrTexts,
    angle_required: bool,
) -> Result<NameAddr<'a>, Fail> {
    check_address_with(v, t, angle_required, |_, _| true)
}

/// [`check_address`] whose header parameters must also pass `param` (name, raw value).
fn check_address_with<'a>(
    v: &'a str,
    t: &AddrTexts,
    angle_required: bool,
    param: impl FnMut(&'a str, Option<&'a str>) -> bool,
) -> Result<NameAddr<'a>, Fail> {
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
    let na = NameAddr::parse(v).map_err(|_| bad(t.malformed))?;
    if !params_ok(na.params.as_str(), false, param) {
        return Err(bad(t.malformed));
    }
    Ok(na)
}
