//! URI equivalence (RFC 3261 19.1.4): when two SIP URIs name the same resource, as a
//! registrar needs to tell whether a Contact refreshes an existing binding (RFC 3261 10.3
//! step 7).

use super::uri::{Scheme, Uri};
use std::borrow::Cow;

/// Whether `c` is an RFC 3261 `unreserved` character: written as itself or as `%HH`, it is
/// the same character (RFC 3261 19.1.4).
fn is_unreserved(c: u8) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(
            c,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        )
}

fn hex(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

/// `s` with the escapes of unreserved characters resolved and every other escape written in
/// upper-case hex, so equal text means the same characters (RFC 3261 19.1.4). Text without
/// `%` is returned as is.
pub fn canonical_escapes(s: &str) -> Cow<'_, str> {
    if !s.contains('%') {
        return Cow::Borrowed(s);
    }
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let (Some(h), Some(l)) = (
                b.get(i + 1).copied().and_then(hex),
                b.get(i + 2).copied().and_then(hex),
            )
        {
            let c = h * 16 + l;
            if is_unreserved(c) {
                out.push(char::from(c));
            } else {
                out.push('%');
                out.push(char::from(b"0123456789ABCDEF"[usize::from(h)]));
                out.push(char::from(b"0123456789ABCDEF"[usize::from(l)]));
            }
            i += 3;
            continue;
        }
        // Not an escape: copy the whole (possibly multi-byte) character.
        let ch_len = s[i..].chars().next().map_or(1, char::len_utf8);
        out.push_str(&s[i..i + ch_len]);
        i += ch_len;
    }
    Cow::Owned(out)
}

/// Parameters that never match when only one URI carries them (RFC 3261 19.1.4).
const MUST_BOTH: [&str; 4] = ["user", "ttl", "method", "maddr"];

/// Whether `a` and `b` are equivalent SIP or SIPS URIs under RFC 3261 19.1.4: same scheme;
/// userinfo equal case-sensitively; host equal case-insensitively (addresses by value); the
/// same port or both without one; every parameter present in both equal case-insensitively,
/// `user`, `ttl`, `method` and `maddr` present in both or neither; the same headers. Other
/// schemes compare as text, case-insensitively.
pub fn equivalent(a: &Uri<'_>, b: &Uri<'_>) -> bool {
    if !a.is_sip() || !b.is_sip() {
        return a.raw.eq_ignore_ascii_case(b.raw);
    }
    let same_scheme = matches!(
        (&a.scheme, &b.scheme),
        (Scheme::Sip, Scheme::Sip) | (Scheme::Sips, Scheme::Sips)
    );
    let escaped_eq = |x: Option<&str>, y: Option<&str>| match (x, y) {
        (None, None) => true,
        (Some(x), Some(y)) => canonical_escapes(x) == canonical_escapes(y),
        _ => false,
    };
    let hosts_eq = match (&a.host, &b.host) {
        (Some(x), Some(y)) => x.same_as(y),
        (None, None) => true,
        _ => false,
    };
    same_scheme
        && escaped_eq(a.user, b.user)
        && escaped_eq(a.password, b.password)
        && hosts_eq
        && a.port == b.port
        && params_match(a, b)
        && headers_match(a.headers, b.headers)
}

fn params_match(a: &Uri<'_>, b: &Uri<'_>) -> bool {
    for p in a.params.iter() {
        match b.params.get(p.name) {
            Some(q) => {
                let (x, y) = (p.value.unwrap_or(""), q.value.unwrap_or(""));
                if !canonical_escapes(x).eq_ignore_ascii_case(&canonical_escapes(y)) {
                    return false;
                }
            }
            None if MUST_BOTH.iter().any(|n| n.eq_ignore_ascii_case(p.name)) => return false,
            None => {}
        }
    }
    b.params
        .iter()
        .all(|q| a.params.has(q.name) || !MUST_BOTH.iter().any(|n| n.eq_ignore_ascii_case(q.name)))
}

fn headers_match(a: Option<&str>, b: Option<&str>) -> bool {
    let set = |h: Option<&str>| {
        let mut v: Vec<(String, String)> = h
            .unwrap_or("")
            .split('&')
            .filter(|s| !s.is_empty())
            .map(|s| {
                let (n, v) = s.split_once('=').unwrap_or((s, ""));
                (
                    canonical_escapes(n).to_ascii_lowercase(),
                    canonical_escapes(v).into_owned(),
                )
            })
            .collect();
        v.sort();
        v
    };
    set(a) == set(b)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn eq(a: &str, b: &str) -> bool {
        equivalent(&Uri::parse(a).unwrap(), &Uri::parse(b).unwrap())
    }

    #[test]
    fn rfc_3261_19_1_4_equivalent_pairs() {
        assert!(eq(
            "sip:%61lice@atlanta.com;transport=TCP",
            "sip:alice@AtLanTa.CoM;Transport=tcp"
        ));
        assert!(eq(
            "sip:carol@chicago.com",
            "sip:carol@chicago.com;newparam=5"
        ));
        assert!(eq(
            "sip:carol@chicago.com;security=on",
            "sip:carol@chicago.com;newparam=5"
        ));
        assert!(eq(
            "sip:biloxi.com;transport=tcp;method=REGISTER?to=sip:bob%40biloxi.com",
            "sip:biloxi.com;method=REGISTER;transport=tcp?to=sip:bob%40biloxi.com"
        ));
        assert!(eq(
            "sip:alice@atlanta.com?subject=project%20x&priority=urgent",
            "sip:alice@atlanta.com?priority=urgent&subject=project%20x"
        ));
        assert!(eq("sip:[2001:db8::1]:5060", "sip:[2001:DB8:0::1]:5060"));
    }

    #[test]
    fn rfc_3261_19_1_4_different_pairs() {
        assert!(!eq(
            "SIP:ALICE@AtLanTa.CoM;Transport=udp",
            "sip:alice@AtLanTa.CoM;Transport=UDP"
        ));
        assert!(!eq("sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"));
        assert!(!eq(
            "sip:bob@biloxi.com",
            "sip:bob@biloxi.com;transport=udp;user=phone"
        ));
        assert!(!eq("sip:bob@biloxi.com", "sips:bob@biloxi.com"));
        assert!(!eq(
            "sip:carol@chicago.com",
            "sip:carol@chicago.com;maddr=192.0.2.1"
        ));
        assert!(!eq(
            "sip:carol@chicago.com;security=on",
            "sip:carol@chicago.com;security=off"
        ));
        assert!(!eq(
            "sip:carol@chicago.com",
            "sip:carol@chicago.com?Subject=next%20meeting"
        ));
        assert!(!eq("sip:a:pw@h", "sip:a@h"));
        assert!(!eq("sip:h", "sip:a@h"));
    }

    #[test]
    fn other_schemes_compare_as_text() {
        assert!(eq("tel:+14255550100", "TEL:+14255550100"));
        assert!(!eq("tel:+14255550100", "sip:+14255550100@h"));
    }

    #[test]
    fn escapes_are_made_canonical() {
        assert_eq!(canonical_escapes("a%6c%69ce"), "alice");
        assert_eq!(canonical_escapes("a%2fb%40"), "a%2Fb%40");
        assert_eq!(canonical_escapes("100%"), "100%");
        assert_eq!(canonical_escapes("%zz%4"), "%zz%4");
        assert_eq!(canonical_escapes("é%41"), "éA");
        assert!(matches!(canonical_escapes("plain"), Cow::Borrowed(_)));
    }
}
