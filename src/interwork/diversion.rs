//! History-Info (RFC 7044, RFC 4244 and the MS-SIPRE 2.2.16 parameters) to Diversion
//! (RFC 5806) and back, following the mapping of RFC 6044. Lync and Skype for Business
//! send History-Info where carriers want Diversion; carriers send Diversion where the
//! Microsoft servers read History-Info.
//!
//! The rules (RFC 6044 7 and 8, with the Microsoft parameters):
//!
//! * A History-Info entry is a diversion when it carries a `Reason` in its URI or an
//!   `ms-retarget-reason` (RFC 4244 and MS-SIPRE 3.9.5.10 write the reason on the entry of
//!   the target that was diverted from: that entry's URI is the diverting party), or an
//!   `mp` parameter (RFC 7044: the entry whose `index` is the `mp` value is the diverting
//!   party, the reason is the new entry's). Other entries (`rc`, the first target) are not,
//!   nor is an entry a later `rc` entry retargeted (RFC 7044 9.3: the target user stayed,
//!   as when Exchange UM redirects to one of its workers).
//! * Diversion reason from the SIP cause (RFC 6044 table): 302 unconditional, 486 user-busy,
//!   408 no-answer, 480 and 487 deflection, 503 unavailable, 404 and any other cause
//!   unknown. Without a cause, from `ms-retarget-reason`: forwarding unconditional,
//!   team-call and delegation follow-me. Neither: unknown.
//! * `counter=1` on every Diversion value (each entry is one diversion); `privacy=full` when
//!   the entry carries `Privacy=history` or the request has `Privacy: history`.
//! * Diversion values are written most recent first (RFC 5806 4), one header field each.
//! * Back: the Diversion values oldest first become entries `1`, `1.1`, `1.1.1`, ... each
//!   with `Reason=SIP;cause=<cause>` (unknown 404, user-busy 486, no-answer 408,
//!   unconditional 302, deflection 480, unavailable and out-of-service 503, time-of-day,
//!   do-not-disturb, follow-me, away and any other 404), `ms-retarget-reason=forwarding`,
//!   and `Privacy=history` unless `privacy=off` or absent; the Request-URI is the last
//!   entry. A `counter` above 1 is read as one diversion (the intermediate targets are not
//!   known).
//!
//! A message that already has the header written, or nothing to map, is left as it is.

use crate::ext::history_info::{HiEntryBuilder, RetargetReason};
use crate::sip::{ErrorKind, Message, NameAddr, Result, Scheme, SipError};

/// Most entries mapped; a message with more is refused with `LimitExceeded`.
pub const MAX_ENTRIES: usize = 64;

/// The Diversion reason for a SIP cause (RFC 6044).
pub fn reason_for_cause(cause: u16) -> &'static str {
    match cause {
        302 => "unconditional",
        486 => "user-busy",
        408 => "no-answer",
        480 | 487 => "deflection",
        503 => "unavailable",
        _ => "unknown",
    }
}

/// The SIP cause for a Diversion reason (RFC 6044).
pub fn cause_for_reason(reason: &str) -> u16 {
    match reason.to_ascii_lowercase().as_str() {
        "user-busy" => 486,
        "no-answer" => 408,
        "unconditional" => 302,
        "deflection" => 480,
        "unavailable" | "out-of-service" => 503,
        _ => 404,
    }
}

fn hex(b: u8) -> Option<u8> {
    (b as char).to_digit(16).map(|d| d as u8)
}

/// Percent-decodes a URI header value (RFC 3261 25.1); an invalid escape is kept as written.
fn unescape(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && i + 2 < b.len()
            && let (Some(h), Some(l)) = (hex(b[i + 1]), hex(b[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// One History-Info entry, as far as the mapping needs it.
struct HiRead<'a> {
    /// The URI without its `?headers`.
    uri: &'a str,
    index: Option<&'a str>,
    mp: Option<&'a str>,
    rc: Option<&'a str>,
    cause: Option<u16>,
    retarget: Option<String>,
    private: bool,
}

/// The URI of `na` without its `?headers`, as the URI parser split them; `None` when a `?` is
/// left in what remains (the parser took it for part of the user: RFC 3261 25.1 allows no `?`
/// there), as a History-Info entry could not carry such a URI and be read back the same.
fn without_headers<'a>(na: &NameAddr<'a>) -> Option<&'a str> {
    let raw = na.uri.raw;
    let uri = match na.uri.headers {
        Some(h) => raw.get(..raw.len().checked_sub(h.len() + 1)?)?,
        None => raw,
    };
    (!uri.contains('?')).then_some(uri)
}

fn read_entry(text: &str) -> Option<HiRead<'_>> {
    let na = NameAddr::parse(text).ok()?;
    if !na.angle {
        return None;
    }
    let uri = without_headers(&na)?;
    let (mut cause, mut private) = (None, false);
    for h in na.uri.headers.unwrap_or("").split('&') {
        let Some((name, value)) = h.split_once('=') else {
            continue;
        };
        let value = unescape(value);
        if name.eq_ignore_ascii_case("Reason") {
            cause = value.split(';').find_map(|p| {
                let (n, v) = p.split_once('=')?;
                n.trim()
                    .eq_ignore_ascii_case("cause")
                    .then(|| v.trim().parse().ok())?
            });
            if cause.is_none() {
                cause = Some(0);
            }
        } else if name.eq_ignore_ascii_case("Privacy") {
            private |= value
                .split(';')
                .any(|p| p.trim().eq_ignore_ascii_case("history"));
        }
    }
    Some(HiRead {
        uri,
        index: na.params.value("index"),
        mp: na.params.value("mp"),
        rc: na.params.value("rc"),
        cause,
        retarget: na
            .params
            .get("ms-retarget-reason")
            .and_then(|p| p.unquoted())
            .map(|c| c.into_owned()),
        private,
    })
}

fn too_many() -> SipError {
    SipError::new(
        ErrorKind::LimitExceeded,
        0,
        "more History-Info or Diversion entries than mapped",
    )
}

fn message_is_private(msg: &Message) -> bool {
    msg.values("Privacy")
        .flat_map(|v| v.split(';'))
        .any(|p| p.trim().eq_ignore_ascii_case("history"))
}

/// The Diversion values for `msg`'s History-Info, most recent first (empty: nothing maps).
pub fn diversion_values(msg: &Message) -> Result<Vec<String>> {
    let entries: Vec<HiRead> = msg.values("History-Info").filter_map(read_entry).collect();
    if entries.len() > MAX_ENTRIES {
        return Err(too_many());
    }
    let all_private = message_is_private(msg);
    let mut out = Vec::new();
    for e in &entries {
        let diverting = match e.mp {
            Some(mp) => match entries.iter().find(|p| p.index == Some(mp)) {
                Some(parent) => parent,
                None => continue,
            },
            // RFC 7044 9.3: an `rc` entry kept the target user, so the entry it retargeted
            // (a redirect to another instance of the same service) diverted nothing.
            None if entries.iter().any(|r| r.rc.is_some() && r.rc == e.index) => continue,
            None if e.cause.is_some() || e.retarget.is_some() => e,
            None => continue,
        };
        let reason = match (e.cause, e.retarget.as_deref()) {
            (Some(c), _) if c != 0 => reason_for_cause(c),
            (_, Some(r)) if r.eq_ignore_ascii_case(RetargetReason::Forwarding.as_str()) => {
                "unconditional"
            }
            (_, Some(r))
                if r.eq_ignore_ascii_case(RetargetReason::TeamCall.as_str())
                    || r.eq_ignore_ascii_case(RetargetReason::Delegation.as_str()) =>
            {
                "follow-me"
            }
            _ => "unknown",
        };
        let mut v = format!("<{}>;reason={reason};counter=1", diverting.uri);
        if all_private || e.private || diverting.private {
            v.push_str(";privacy=full");
        }
        out.push(v);
    }
    out.reverse();
    Ok(out)
}

/// `msg` with Diversion header fields mapped from its History-Info (RFC 6044), added after
/// the last header field; `None` when it has Diversion already or nothing maps. The rest of
/// the message, History-Info included, stays byte for byte.
pub fn history_to_diversion(msg: &Message) -> Result<Option<Message>> {
    if msg.count("Diversion") > 0 {
        return Ok(None);
    }
    with_fields(msg, "Diversion", &diversion_values(msg)?)
}

/// A copy of `msg` with one `name` field per value added after the last field; `None` for
/// no values.
fn with_fields(msg: &Message, name: &str, values: &[String]) -> Result<Option<Message>> {
    if values.is_empty() {
        return Ok(None);
    }
    let mut out = msg.clone();
    out.edit(|e| values.iter().try_for_each(|v| e.add_header(name, v)))?;
    Ok(Some(out))
}

/// The History-Info entries for `msg`'s Diversion and Request-URI, oldest first (empty:
/// nothing maps, or `msg` is a response).
pub fn history_values(msg: &Message) -> Result<Vec<String>> {
    let Some(target) = msg.request_uri() else {
        return Ok(Vec::new());
    };
    // The target's entry writes the Request-URI in angle brackets; a URI holds no `<`, `>`,
    // `"` nor white space (RFC 3986 2, RFC 3261 25.1), and one that does would end the entry
    // early and leave the rest as other values: nothing is mapped then.
    if target
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'"') || b.is_ascii_whitespace())
    {
        return Ok(Vec::new());
    }
    let mut diverted: Vec<(String, u16, bool)> = Vec::new();
    for v in msg.values("Diversion") {
        let Ok(na) = NameAddr::parse(v) else {
            continue;
        };
        // RFC 7044 carries the cause as a `?Reason=` header of the entry's URI, which only
        // SIP and SIPS URIs have (RFC 3261 19.1.1): a Diversion naming a tel: or other URI
        // has no entry that could say why it diverted, so it is not mapped.
        if !matches!(na.uri.scheme, Scheme::Sip | Scheme::Sips) {
            continue;
        }
        let Some(uri) = without_headers(&na) else {
            continue;
        };
        let uri = uri.to_string();
        let reason = na.params.get("reason").and_then(|p| p.unquoted());
        let cause = cause_for_reason(reason.as_deref().unwrap_or("unknown"));
        let private = na
            .params
            .get("privacy")
            .and_then(|p| p.unquoted())
            .is_some_and(|p| !p.eq_ignore_ascii_case("off"));
        diverted.push((uri, cause, private));
    }
    if diverted.is_empty() {
        return Ok(Vec::new());
    }
    if diverted.len() >= MAX_ENTRIES {
        return Err(too_many());
    }
    diverted.reverse();
    let mut out = Vec::with_capacity(diverted.len() + 1);
    let mut index = String::from("1");
    for (uri, cause, private) in &diverted {
        let mut uri = uri.clone();
        if *private {
            uri.push_str(if uri.contains('?') { "&" } else { "?" });
            uri.push_str("Privacy=history");
        }
        let reason = format!("SIP;cause={cause}");
        let e = HiEntryBuilder {
            uri: &uri,
            index: &index,
            reason: Some(&reason),
            retarget: Some(RetargetReason::Forwarding),
            ..Default::default()
        };
        // The builder escapes the Reason; the Privacy header is already in hvalue form.
        out.push(e.to_text());
        index.push_str(".1");
    }
    out.push(
        HiEntryBuilder {
            uri: target,
            index: &index,
            ..Default::default()
        }
        .to_text(),
    );
    Ok(out)
}

/// `msg` with History-Info header fields mapped from its Diversion (RFC 6044), one per entry
/// after the last header field; `None` when it has History-Info already, is a response, or
/// has no Diversion. The rest of the message, Diversion included, stays byte for byte.
pub fn diversion_to_history(msg: &Message) -> Result<Option<Message>> {
    if msg.count("History-Info") > 0 {
        return Ok(None);
    }
    with_fields(msg, "History-Info", &history_values(msg)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "INVITE sip:+14255550100@gw.example.net;user=phone SIP/2.0\r\n\
Via: SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK5\r\nFrom: <sip:alice@contoso.com>;tag=1\r\n\
To: <sip:bob@contoso.com>\r\nCall-ID: d1\r\nCSeq: 1 INVITE\r\n";

    fn msg(extra: &str) -> Message {
        Message::parse(format!("{HEAD}{extra}Content-Length: 0\r\n\r\n").as_bytes()).unwrap()
    }

    #[test]
    fn cause_and_reason_tables() {
        for (c, r) in [
            (302, "unconditional"),
            (486, "user-busy"),
            (408, "no-answer"),
            (480, "deflection"),
            (503, "unavailable"),
            (404, "unknown"),
        ] {
            assert_eq!(reason_for_cause(c), r);
            assert_eq!(cause_for_reason(r), c);
        }
        assert_eq!(reason_for_cause(487), "deflection");
        assert_eq!(cause_for_reason("time-of-day"), 404);
        assert_eq!(cause_for_reason("OUT-OF-SERVICE"), 503);
        assert_eq!(unescape("a%3Bb%zz%4"), "a;b%zz%4");
    }

    #[test]
    fn rfc4244_and_microsoft_entries_to_diversion() {
        let m = msg("History-Info: <sip:bob@contoso.com>;index=1\r\n\
History-Info: <sip:bob@contoso.com?Reason=SIP%3Bcause%3D486>;index=1.1;ms-retarget-reason=forwarding\r\n\
History-Info: <sip:carol@contoso.com>;index=1.1.1;ms-retarget-reason=team-call\r\n");
        let out = history_to_diversion(&m).unwrap().unwrap();
        let before = m.as_bytes();
        let after = out.as_bytes();
        let cut = before.len() - 2;
        assert_eq!(&after[..cut], &before[..cut]);
        assert_eq!(
            std::str::from_utf8(&after[cut..]).unwrap(),
            "Diversion: <sip:carol@contoso.com>;reason=follow-me;counter=1\r\n\
Diversion: <sip:bob@contoso.com>;reason=user-busy;counter=1\r\n\r\n"
        );
        // Diversion already there: untouched.
        assert!(history_to_diversion(&out).unwrap().is_none());
    }

    #[test]
    fn rfc7044_mp_and_privacy() {
        let m = msg(
            "Privacy: history\r\nHistory-Info: <sip:bob@contoso.com>;index=1,\
<sip:office@contoso.com?Reason=SIP%3Bcause%3D302>;index=1.1;mp=1\r\n",
        );
        let v = diversion_values(&m).unwrap();
        assert_eq!(
            v,
            ["<sip:bob@contoso.com>;reason=unconditional;counter=1;privacy=full"]
        );
        let m = msg(
            "History-Info: <sip:bob@contoso.com?Privacy=history&Reason=SIP%3Bcause%3D408>;index=1\r\n",
        );
        assert_eq!(
            diversion_values(&m).unwrap(),
            ["<sip:bob@contoso.com>;reason=no-answer;counter=1;privacy=full"]
        );
    }

    #[test]
    fn nothing_to_map_stays_untouched() {
        let m = msg("History-Info: <sip:bob@contoso.com>;index=1\r\n");
        assert!(history_to_diversion(&m).unwrap().is_none());
        let m = msg("");
        assert!(history_to_diversion(&m).unwrap().is_none());
        assert!(diversion_to_history(&m).unwrap().is_none());
        let m = msg("History-Info: garbage\r\n");
        assert!(history_to_diversion(&m).unwrap().is_none());
    }

    #[test]
    fn diversion_to_history_entries() {
        let m = msg(
            "Diversion: <sip:carol@contoso.com>;reason=no-answer;counter=1;privacy=full\r\n\
Diversion: <sip:+14255550199@carrier.example.net;user=phone>;reason=user-busy;counter=1\r\n",
        );
        let out = diversion_to_history(&m).unwrap().unwrap();
        let entries: Vec<&str> = out.values("History-Info").collect();
        assert_eq!(
            entries,
            [
                "<sip:+14255550199@carrier.example.net;user=phone?Reason=SIP%3Bcause%3D486>;index=1;ms-retarget-reason=forwarding",
                "<sip:carol@contoso.com?Privacy=history&Reason=SIP%3Bcause%3D408>;index=1.1;ms-retarget-reason=forwarding",
                "<sip:+14255550100@gw.example.net;user=phone>;index=1.1.1",
            ]
        );
        assert_eq!(
            &out.as_bytes()[..m.as_bytes().len() - 2],
            &m.as_bytes()[..m.as_bytes().len() - 2]
        );
        assert!(diversion_to_history(&out).unwrap().is_none());
        // Back again: the same diversions (the History-Info of `out` mapped, without its Diversion).
        let mut hi_only = out.clone();
        hi_only.remove_all("Diversion").unwrap();
        let back = diversion_values(&hi_only).unwrap();
        assert_eq!(
            back,
            [
                "<sip:carol@contoso.com>;reason=no-answer;counter=1;privacy=full",
                "<sip:+14255550199@carrier.example.net;user=phone>;reason=user-busy;counter=1",
            ]
        );
    }

    #[test]
    fn limits() {
        let many: String = (0..=MAX_ENTRIES)
            .map(|i| format!("Diversion: <sip:u{i}@h>;reason=unknown\r\n"))
            .collect();
        assert_eq!(
            diversion_to_history(&msg(&many)).unwrap_err().kind,
            ErrorKind::LimitExceeded
        );
        let many: String = (0..=MAX_ENTRIES)
            .map(|i| format!("History-Info: <sip:u{i}@h>;index=1\r\n"))
            .collect();
        assert_eq!(
            history_to_diversion(&msg(&many)).unwrap_err().kind,
            ErrorKind::LimitExceeded
        );
    }

    /// A `?` that the URI parser leaves in the user part (so not the start of `?headers`)
    /// would be cut off as headers in a History-Info entry, which then names another URI that
    /// maps back to nothing: such a Diversion is not mapped, and a well-formed one beside it
    /// still is (a diversion_map fuzz finding).
    #[test]
    fn a_question_mark_left_in_the_user_part_is_not_mapped() {
        let m = msg(
            "Diversion: <sip:9999??99+14255550199@carrier.example.net;user=phone>;reason=user-busy;counter=1\r\n\
Diversion: <sip:carol@contoso.com?X=1>;reason=no-answer;counter=1\r\n",
        );
        let h = diversion_to_history(&m).unwrap().unwrap();
        let hi: Vec<&str> = h.values("History-Info").collect();
        assert_eq!(hi.len(), 2);
        assert!(
            hi[0].starts_with("<sip:carol@contoso.com?Reason=SIP%3Bcause%3D408>"),
            "{hi:?}"
        );
        let mut back = h.clone();
        back.remove_all("Diversion").unwrap();
        assert_eq!(diversion_values(&back).unwrap().len(), 1);
        let only_bad = msg("Diversion: <sip:9999??99@carrier.example.net>;reason=user-busy\r\n");
        assert!(diversion_to_history(&only_bad).unwrap().is_none());
        // a Request-URI that cannot sit in angle brackets has no entry of its own
        let odd_target = Message::parse(
            b"INVITE d:x>y,z SIP/2.0\r\nVia: SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK5\r\n\
Call-ID: d1\r\nCSeq: 1 INVITE\r\nDiversion: <sip:carol@contoso.com>;reason=no-answer\r\n\
Content-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert!(diversion_to_history(&odd_target).unwrap().is_none());
        // no `?headers` outside SIP URIs: no entry could carry the cause
        for uri in ["tel:+14255550199", "p+:carol@contoso.com"] {
            let other = msg(&format!("Diversion: <{uri}>;reason=user-busy\r\n"));
            assert!(diversion_to_history(&other).unwrap().is_none(), "{uri}");
        }
    }
}
