//! Header parameters (`*( SEMI generic-param )`, RFC 3261 25.1) after a name-addr, a Via
//! sent-by or a media type: checked once, then walked with [`Params`].

use super::error::{ErrorKind, Result, SipError};
use super::params::Params;
use super::scan::{is_lws, is_token_char, quoted_len};

/// Checks that `s` (starting at a `;` or empty, LWS allowed around `;` and `=`) is a run of
/// `generic-param`s: `token [ EQUAL ( token / host / quoted-string ) ]`. Returns them as
/// [`Params`]. `base` is added to error offsets.
pub fn parse_header_params<'a>(s: &'a str, base: usize, what: &'static str) -> Result<Params<'a>> {
    let b = s.as_bytes();
    let mut i = 0;
    let skip = |mut i: usize| {
        while i < b.len() && is_lws(b[i]) {
            i += 1;
        }
        i
    };
    i = skip(i);
    while i < b.len() {
        if b[i] != b';' {
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        i = skip(i + 1);
        let n0 = i;
        while i < b.len() && is_token_char(b[i]) {
            i += 1;
        }
        if i == n0 {
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        i = skip(i);
        if i < b.len() && b[i] == b'=' {
            i = skip(i + 1);
            if i < b.len() && b[i] == b'"' {
                let Some(n) = quoted_len(&b[i..]) else {
                    return Err(SipError::new(
                        ErrorKind::BadValue,
                        base + i,
                        "unterminated quoted-string",
                    ));
                };
                i += n;
            } else {
                let v0 = i;
                // token / host (IPv6 references bring ':' '[' ']')
                while i < b.len() && (is_token_char(b[i]) || matches!(b[i], b':' | b'[' | b']')) {
                    i += 1;
                }
                if i == v0 {
                    return Err(SipError::new(ErrorKind::BadValue, base + i, what));
                }
            }
            i = skip(i);
        }
    }
    Ok(Params::new(s))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_generic_params() {
        assert!(
            parse_header_params(
                ";tag=1 ; q = 0.5;lr;x=\"a b\";received=[2001:db8::1]",
                0,
                "p"
            )
            .is_ok()
        );
        assert!(parse_header_params("", 0, "p").is_ok());
    }

    #[test]
    fn refuses_garbage() {
        for bad in ["x", ";", ";=a", ";a=", ";a=\"open", ";a=b c", ";a b"] {
            assert!(parse_header_params(bad, 0, "p").is_err(), "{bad}");
        }
    }
}
