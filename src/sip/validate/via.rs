//! The Via grammar (RFC 3261 20.42 / 25.1 via-parm, RFC 3581 rport) beyond what the [`Via`]
//! view checks: every value of the list present, and the values of the parameters the RFC
//! gives a grammar.

use super::decimal::decimal_at_most;
use super::param_values::params_ok;
use super::verdict::{Check, bad};
use crate::sip::scan::{is_token, split_list};
use crate::sip::uri::Host;
use crate::sip::via::Via;
use std::net::Ipv6Addr;

const MALFORMED: &str = "Malformed Via";

/// Every via-parm of a Via field; empty list elements (`,,`) are malformed
/// (RFC 4475 3.1.2.1). The branch of the first value goes into `top` unless one is there.
pub(super) fn check_via_field<'a>(v: &'a str, top: &mut Option<Option<&'a str>>) -> Check {
    for (a, b) in split_list(v) {
        let e = v.get(a..b).unwrap_or("");
        if e.is_empty() {
            return Err(bad(MALFORMED));
        }
        let via = Via::parse(e).map_err(|_| bad(MALFORMED))?;
        if !params_ok(via.params.as_str(), true, via_param_ok) {
            return Err(bad(MALFORMED));
        }
        if top.is_none() {
            *top = Some(via.branch());
        }
    }
    Ok(())
}

fn via_param_ok(name: &str, value: Option<&str>) -> bool {
    let is = |n: &str| name.eq_ignore_ascii_case(n);
    if is("branch") {
        value.is_some_and(is_token)
    } else if is("received") {
        // RFC 3261 via-received is an IPv4 or a bare IPv6 address; RFC 5118 4.5 also accepts
        // the bracketed reference (a valid via-extension).
        // (The usual IPv4 address first.)
        value.is_some_and(|v| {
            matches!(Host::parse(v), Ok(Host::Ipv4(_) | Host::Ipv6(_)))
                || v.parse::<Ipv6Addr>().is_ok()
        })
    } else if is("ttl") {
        value.is_some_and(|v| v.len() <= 3 && decimal_at_most(v, 255))
    } else if is("maddr") {
        value.is_some_and(|v| Host::parse(v).is_ok())
    } else if is("rport") {
        value.is_none_or(|v| decimal_at_most(v, 65535))
    } else {
        // via-extension = generic-param: an IPv6 address only as a bracketed reference; a
        // quoted-string may hold any ':' (a Cisco gateway's `x-ds0num="ISDN 0 / 0 / 1:15 ..."`).
        !value.is_some_and(|v| v.contains(':') && !v.starts_with('[') && !v.starts_with('"'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_values() {
        for ok in [
            "SIP/2.0/UDP 10.62.255.1:5060;x-ds0num=\"ISDN 0 / 0 / 1:15 0 / 0 / 1 : DS1 9 : DS0\";branch=z9hG4bK1",
            "SIP/2.0/UDP h;x=\"a:b\";y=[2001:db8::1];z=\"a;b\"",
            "SIP/2.0/UDP h;received=2001:db8::1;maddr=[2001:db8::2]",
        ] {
            assert!(check_via_field(ok, &mut None).is_ok(), "{ok}");
        }
        for bad in [
            "SIP/2.0/UDP h;x=a:b",
            "SIP/2.0/UDP h;x=2001:db8::1",
            "SIP/2.0/UDP h;x=\"a:\u{1}\"",
            "SIP/2.0/UDP h;x=\"a:b\"c",
        ] {
            assert!(check_via_field(bad, &mut None).is_err(), "{bad}");
        }
    }
}
