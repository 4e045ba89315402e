//! Credentials and challenges: Authorization, Proxy-Authorization (RFC 3261 20.7, 20.28),
//! WWW-Authenticate and Proxy-Authenticate (20.44, 20.27). Every scheme, Digest included, is
//! `auth-scheme LWS auth-param *(COMMA auth-param)` with
//! `auth-param = auth-param-name EQUAL ( token / quoted-string )` (RFC 3261 25.1): the
//! Digest fields are auth-params of particular names, and the schemes of other
//! specifications (NTLM, Kerberos, TLS-DSK) are `other-response` / `other-challenge`.

use super::param_values::quoted_string_ok;
use crate::sip::scan::{is_lws, is_token, is_token_char, quoted_len, split_list, trim_lws};

/// One credentials or challenge value.
pub(super) fn auth_ok(v: &str) -> bool {
    let scheme = v.bytes().take_while(|&c| is_token_char(c)).count();
    let Some(params) = v.get(scheme..) else {
        return false;
    };
    scheme > 0
        && params.bytes().next().is_some_and(is_lws)
        && !trim_lws(params).is_empty()
        && split_list(params).all(|(a, b)| params.get(a..b).is_some_and(auth_param_ok))
}

/// `auth-param-name EQUAL ( token / quoted-string )`, LWS allowed around the `=`.
fn auth_param_ok(p: &str) -> bool {
    let Some((name, value)) = p.split_once('=') else {
        return false;
    };
    let value = trim_lws(value);
    is_token(trim_lws(name))
        && (is_token(value)
            || (value.starts_with('"')
                && quoted_len(value.as_bytes()) == Some(value.len())
                && quoted_string_ok(value.as_bytes())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_and_challenges() {
        for ok in [
            "Digest username=\"bob\", realm=\"atlanta.example.com\", nonce=\"ea9c\", \
             opaque=\"\", uri=\"sips:ss2.biloxi.example.com\", response=\"dfe5\"",
            "Digest realm=\"a\",\r\n qop=\"auth,auth-int\", stale=FALSE, algorithm=MD5",
            "DIGEST USERNAME = \"digest\" , REALM=\"x\"",
            "NTLM qop=\"auth\", opaque=\"2BDB\", targetname=\"ocs.local\", version=4",
            "Basic realm=test",
            "NoOneKnowsThisScheme opaque-data=here",
        ] {
            assert!(auth_ok(ok), "{ok:?}");
        }
        for bad in [
            "",
            "Digest",
            "Digest ",
            "Digest username=\"bob\", realm=\"atlanta.example.com\" nonce=\"ea9c\"",
            "Digest username=\"bob\",",
            "Digest username=\"bob\",, realm=\"a\"",
            "Super-PGP ajsohdaosdh0asyhdaind08yasdknasd09asidhas0d8",
            "Digest realm=\"unterminated",
            "Digest realm=\"\u{1}\"",
            "Digest realm=a b",
            "Digest=realm",
            "\"Digest\" realm=a",
        ] {
            assert!(!auth_ok(bad), "{bad:?}");
        }
    }
}
