//! The responses a registrar and a proxy send: built from the request (RFC 3261 8.2.6) with
//! their own header fields added in one pass.

use crate::ext::Gruu;
use crate::identity::location::Binding;
use crate::sip::scan::decimal::decimal_digits;
use crate::sip::{Message, Result};
use smallvec::SmallVec;

/// The response to `req` with `code` and `reason`, a To tag, and `headers` added after the
/// fields copied from the request.
pub fn respond(
    req: &Message,
    code: u16,
    reason: &str,
    to_tag: &str,
    headers: &[(&str, String)],
) -> Result<Message> {
    let extra: SmallVec<[(&str, &str); 4]> =
        headers.iter().map(|(n, v)| (*n, v.as_str())).collect();
    Message::response_with(req, code, Some(reason), Some(to_tag), &extra)
}

/// The Contact value a 200 OK to REGISTER lists for `b` (RFC 3261 10.3 step 8): the
/// registered URI, the seconds left, the `+sip.instance` and the GRUU in `gruu=` (MS-SIPRE
/// 3.4.5.1), written as MS-SIPRE 4.10 prints them.
pub fn contact_value(b: &Binding, now: u64) -> String {
    let mut v = String::with_capacity(
        b.contact.len()
            + 40
            + b.instance.as_ref().map_or(0, |i| i.len() + 20)
            + b.gruu.as_ref().map_or(0, |g| g.len() + 10),
    );
    v.push('<');
    v.push_str(&b.contact);
    v.push_str(">;expires=");
    push_decimal(&mut v, b.remaining(now));
    if let Some(i) = &b.instance {
        v.push_str(";+sip.instance=\"<");
        v.push_str(i);
        v.push_str(">\"");
    }
    if let Some(g) = &b.gruu {
        v.push_str(";gruu=\"");
        // The registrar stores `aor;gruu;opaque=...` (4.3's order): turning it around needs no
        // parse. Anything else (a binding a host store wrote) is parsed.
        match split_gruu(g) {
            Some((aor, opaque)) if !opaque.contains(';') => {
                v.push_str(aor);
                v.push_str(";opaque=");
                v.push_str(opaque);
                v.push_str(";gruu");
            }
            _ => v.push_str(
                &Gruu::parse(g).map_or_else(|_| g.clone(), |g| g.to_string_opaque_first()),
            ),
        }
        v.push('"');
    }
    v
}

/// `g` cut around its first `;gruu;opaque=`: (the AOR, the opaque value and what follows).
/// (`str::split_once` sets up a substring search for each call; the ';' are few.)
fn split_gruu(g: &str) -> Option<(&str, &str)> {
    const MARK: &str = ";gruu;opaque=";
    memchr::memchr_iter(b';', g.as_bytes())
        .find(|&i| g[i..].starts_with(MARK))
        .map(|i| (&g[..i], &g[i + MARK.len()..]))
}

/// Appends the decimal digits of `n`.
fn push_decimal(out: &mut String, n: u64) {
    let mut buf = [0u8; 20];
    out.extend(decimal_digits(n, &mut buf).iter().map(|&d| char::from(d)));
}

#[cfg(test)]
mod tests {
    use super::split_gruu;

    #[test]
    fn split_gruu_cuts_at_the_first_mark() {
        assert_eq!(
            split_gruu("sip:a@x;gruu;opaque=abc"),
            Some(("sip:a@x", "abc"))
        );
        assert_eq!(
            split_gruu("sip:a@x;gruu;opaque=a;gruu;opaque=b"),
            Some(("sip:a@x", "a;gruu;opaque=b"))
        );
        assert_eq!(split_gruu("sip:a@x;opaque=abc;gruu"), None);
        assert_eq!(split_gruu("sip:a@x;gruu;opaque"), None);
        assert_eq!(split_gruu(";gruu;opaque="), Some(("", "")));
    }
}
