//! Every parser of the Microsoft grammar (src/ext/): the first byte picks one, the rest is
//! its text. What parses writes back (Display) as text that parses to the same text again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mssip::ext::*;
use std::fmt::Display;

/// `parse(s)`; when it succeeds, writing the value and parsing that gives the same text.
fn round_trip<T: Display, E>(s: &str, parse: impl Fn(&str) -> Result<T, E>) {
    if let Ok(v) = parse(s) {
        let text = v.to_string();
        let again = parse(&text).ok().map(|v| v.to_string());
        assert_eq!(
            again.as_deref(),
            Some(text.as_str()),
            "{s:?} wrote {text:?}"
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&sel, rest)) = data.split_first() else {
        return;
    };
    let Ok(s) = std::str::from_utf8(rest) else {
        return;
    };
    match sel % 17 {
        0 => round_trip(s, Aor::parse),
        1 => round_trip(s, ConfEntity::parse),
        2 => round_trip(s, Epid::parse),
        3 => round_trip(s, Gruu::parse),
        4 => round_trip(s, MsCorrelationId::parse),
        5 => round_trip(s, MsForking::parse),
        6 => round_trip(s, MsSensitivity::parse),
        7 => round_trip(s, OpaqueValue::parse),
        8 => round_trip(s, PdrAction::parse),
        9 => round_trip(s, PDialogRecoveryAction::parse),
        10 => round_trip(s, PhoneContext::parse),
        11 => round_trip(s, ServerType::parse),
        12 => round_trip(s, SipInstance::parse),
        13 => round_trip(s, UuidText::parse),
        14 => round_trip(s, |t| {
            MsUriParam::parse_text(t).and_then(|p| p.ok_or(ExtError::new("not an MS parameter", 0)))
        }),
        15 => {
            let _ = MsSensitivity::from_fields(s.split(','));
            if let Ok(g) = Gruu::parse(s) {
                let _ = (
                    g.aor().user(),
                    g.aor().host(),
                    g.opaque().map(|o| o.to_string()),
                );
            }
            let _ = SipInstance::from_urn(s);
            round_trip(s, MsCallInfo::parse);
        }
        _ => {
            let _ = mssip::ext::pvalue::is_pvalue(s);
            let _ = mssip::ext::phone_context::check_domainname(s);
            let _ = mssip::ext::epid::is_epid_char(rest.first().copied().unwrap_or(0));
            if let Ok(u) = mssip::sip::Uri::parse(s) {
                let _ = Aor::from_uri(&u);
                for p in u.params.iter() {
                    let _ = MsUriParam::parse(p.name, p.value);
                }
                for h in mssip::sip::uri_headers::uri_headers(u.headers.unwrap_or("")) {
                    let _ = h.map(|h| (h.name.len(), h.value.len()));
                }
            }
        }
    }
});
