//! The Warning header (RFC 3261 20.43, 25.1): `warning-value *(COMMA warning-value)` with
//! `warning-value = warn-code SP warn-agent SP warn-text`.

use super::param_values::quoted_string_ok;
use crate::sip::scan::decimal::leading_digits;
use crate::sip::scan::{is_token, quoted_len, split_list};
use crate::sip::uri::parse_hostport;

/// Every element of the list is a warning-value; an empty value or element is not.
pub(super) fn warning_ok(v: &str) -> bool {
    split_list(v).all(|(a, b)| v.get(a..b).is_some_and(warning_value_ok))
}

/// `warn-code = 3DIGIT`, `warn-agent = hostport / pseudonym` (a pseudonym is a token),
/// `warn-text = quoted-string`, each separated by exactly one SP.
fn warning_value_ok(e: &str) -> bool {
    let b = e.as_bytes();
    let code = leading_digits(b).0 >= 3;
    if !code || b.get(3) != Some(&b' ') {
        return false;
    }
    let rest = e.get(4..).unwrap_or("");
    let Some((agent, text)) = rest.split_once(' ') else {
        return false;
    };
    let agent_ok = is_token(agent) || parse_hostport(agent).is_ok();
    agent_ok
        && text.starts_with('"')
        && quoted_len(text.as_bytes()) == Some(text.len())
        && quoted_string_ok(text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warning_values() {
        for ok in [
            "370 devnull \"Choose a bigger pipe\"",
            "307 isi.edu \"Session parameter 'foo' not understood\"",
            "399 presence.bar:5060 \"Unimplemented filter\"",
            "301 [2001:db8::1]:5060 \"\"",
            "370 h \"Insufficient bandwidth\",\r\n  305 h \"Incompatible, media\"",
        ] {
            assert!(warning_ok(ok), "{ok:?}");
        }
        for bad in [
            "",
            "junk junk junk",
            "370 \"Insufficient bandwidth (only have ISDN)\", 305 h \"x\"",
            "unknwon-request-uri-type.",
            "1812 overture \"In Progress\"",
            "30 h \"x\"",
            "300 garage.example.com IPv6 global addresses not available",
            "300  h \"x\"",
            "300 h  \"x\"",
            "300 h \"x\" trailing",
            "300 h \"unterminated",
            "300 h \"ctl \u{1}\"",
            "300 h:99999 \"x\"",
            "300 h \"x\",",
            "300 h \"x\",,301 h \"y\"",
        ] {
            assert!(!warning_ok(bad), "{bad:?}");
        }
    }
}
