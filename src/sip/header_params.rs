//! Header parameters (`*( SEMI generic-param )`, RFC 3261 25.1) after a name-addr, a Via
//! sent-by or a media type: checked once, then walked with [`Params`].

use super::class::{GEN_VALUE, TOKEN, run};
use super::error::{ErrorKind, Result, SipError};
use super::params::Params;
use super::scan::{quoted_len, skip_lws};

/// Checks that `s` (starting at a `;` or empty, LWS allowed around `;` and `=`) is a run of
/// `generic-param`s: `token [ EQUAL ( token / host / quoted-string ) ]`. Returns them as
/// [`Params`]. `base` is added to error offsets.
pub fn parse_header_params<'a>(s: &'a str, base: usize, what: &'static str) -> Result<Params<'a>> {
    parse_header_params_noting(s, base, what, "")
}

/// [`parse_header_params`], also noting where the first parameter named `wanted` is (empty:
/// nothing to note), so the caller's lookups of it need no second walk.
pub fn parse_header_params_noting<'a>(
    s: &'a str,
    base: usize,
    what: &'static str,
    wanted: &'static str,
) -> Result<Params<'a>> {
    let b = s.as_bytes();
    let mut count = 0;
    let mut found = None;
    let mut i = skip_lws(b, 0);
    while i < b.len() {
        if b[i] != b';' {
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        i = skip_lws(b, i + 1);
        let n0 = i;
        i = run(b, i, TOKEN);
        if i == n0 {
            return Err(SipError::new(ErrorKind::BadValue, base + i, what));
        }
        count += 1;
        let is_wanted = i - n0 == wanted.len()
            && found.is_none()
            && b[n0..i].eq_ignore_ascii_case(wanted.as_bytes());
        let name = n0..i;
        let mut value = None;
        i = skip_lws(b, i);
        if b.get(i) == Some(&b'=') {
            i = skip_lws(b, i + 1);
            if b.get(i) == Some(&b'"') {
                let Some(n) = quoted_len(&b[i..]) else {
                    return Err(SipError::new(
                        ErrorKind::BadValue,
                        base + i,
                        "unterminated quoted-string",
                    ));
                };
                value = Some(i..i + n);
                i += n;
            } else {
                let v0 = i;
                i = run(b, i, GEN_VALUE);
                if i == v0 {
                    return Err(SipError::new(ErrorKind::BadValue, base + i, what));
                }
                value = Some(v0..i);
            }
            i = skip_lws(b, i);
        }
        if is_wanted {
            found = Some((name, value));
        }
    }
    Ok(Params::counted_with(s, count, wanted, found))
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
