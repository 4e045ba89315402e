//! Character classes of the RFC 3261 grammar (section 25) as one lookup table, and the run finder
//! that is the inner loop of the scanners in this layer.

/// A set of bytes; each class is one bit of the table so a run check is one AND per byte.
pub type Class = u16;

/// `token` (25.1).
pub const TOKEN: Class = 1;
/// `paramchar` of URI parameters (unescaped part).
pub const PARAMCHAR: Class = 1 << 1;
/// `hnv-unreserved / unreserved` of URI headers.
pub const HNV: Class = 1 << 2;
/// `unreserved / user-unreserved` (escapes handled by the caller).
pub const USER: Class = 1 << 3;
/// Password characters (escapes handled by the caller).
pub const PASSWORD: Class = 1 << 4;
/// Host name characters: alphanumerics, `-`, `.`.
pub const HOST: Class = 1 << 5;
/// `;`, `=` and LWS: they end a parameter name.
pub const PARAM_NAME_STOP: Class = 1 << 6;
/// `;` and LWS: they end a parameter value and separate parameters.
pub const PARAM_SEP: Class = 1 << 7;
/// Everything but [`PARAM_NAME_STOP`]: the bytes of a parameter name being walked.
pub const PARAM_NAME: Class = 1 << 8;
/// Everything but [`PARAM_SEP`]: the bytes of an unquoted parameter value being walked.
pub const PARAM_VALUE: Class = 1 << 9;
/// `token / host`-ish generic-param value characters: token plus `:` `[` `]` (IPv6).
pub const GEN_VALUE: Class = 1 << 10;
/// Digits and `.`: what an IPv4 address is made of.
pub const IPV4: Class = 1 << 11;
/// `.` and `-`: the host characters with placement rules.
pub const HOST_PUNCT: Class = 1 << 12;
/// RFC 2045 5.1 `token` of MIME headers (a multipart body part's Content-Type and
/// Content-Disposition): visible ASCII but `tspecials`, a superset of [`TOKEN`].
pub const MIME_TOKEN: Class = 1 << 13;
/// `word` (25.1) of a Call-ID: token characters and some separators.
pub const WORD: Class = 1 << 14;

static TABLE: [Class; 256] = build();

/// True when `b` is one of `set` (for building the table).
const fn in_set(b: u8, set: &[u8]) -> bool {
    let mut i = 0;
    while i < set.len() {
        if set[i] == b {
            return true;
        }
        i += 1;
    }
    false
}

const fn build() -> [Class; 256] {
    let mut t = [0; 256];
    let mut c = 0usize;
    while c < 256 {
        let b = c as u8;
        let alnum = b.is_ascii_alphanumeric();
        let mark = matches!(
            b,
            b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
        );
        let unreserved = alnum || mark;
        let mut v: Class = 0;
        let token = alnum
            || matches!(
                b,
                b'-' | b'.' | b'!' | b'%' | b'*' | b'_' | b'+' | b'`' | b'\'' | b'~'
            );
        if token {
            v |= TOKEN;
        }
        if token || matches!(b, b':' | b'[' | b']') {
            v |= GEN_VALUE;
        }
        if unreserved || matches!(b, b'[' | b']' | b'/' | b':' | b'&' | b'+' | b'$') {
            v |= PARAMCHAR;
        }
        if unreserved || matches!(b, b'[' | b']' | b'/' | b'?' | b':' | b'+' | b'$') {
            v |= HNV;
        }
        let user = unreserved || matches!(b, b'&' | b'=' | b'+' | b'$' | b',' | b';' | b'?' | b'/');
        if user {
            v |= USER;
        }
        if unreserved || matches!(b, b'&' | b'=' | b'+' | b'$' | b',') {
            v |= PASSWORD;
        }
        if alnum || matches!(b, b'-' | b'.') {
            v |= HOST;
        }
        if matches!(b, b'-' | b'.') {
            v |= HOST_PUNCT;
        }
        if b.is_ascii_digit() || b == b'.' {
            v |= IPV4;
        }
        let tspecial = in_set(b, b"()<>@,;:\\\"/[]?=");
        if b.is_ascii_graphic() && !tspecial {
            v |= MIME_TOKEN;
        }
        if token || in_set(b, b"()<>:\\\"/[]?{}") {
            v |= WORD;
        }
        if matches!(b, b';' | b'=' | b' ' | b'\t' | b'\r' | b'\n') {
            v |= PARAM_NAME_STOP;
        } else {
            v |= PARAM_NAME;
        }
        if matches!(b, b';' | b' ' | b'\t' | b'\r' | b'\n') {
            v |= PARAM_SEP;
        } else {
            v |= PARAM_VALUE;
        }
        t[c] = v;
        c += 1;
    }
    t
}

/// The classes `b` belongs to.
#[inline(always)]
pub fn class_of(b: u8) -> Class {
    TABLE[b as usize]
}

/// True when `b` is in `class` (a single class bit).
#[inline(always)]
pub fn is(b: u8, class: Class) -> bool {
    TABLE[b as usize] & class != 0
}

/// The end of the run of bytes in `class` (a single class bit) that starts at `from`: the index
/// of the first byte outside it, or `b.len()` (`from` when it is past the end). Runs in SIP are
/// mostly 3-40 bytes long: SIMD searches cost more to set up than such a run. Four bytes are
/// taken a step by a slice pattern (one length compare per step, no range or overflow check),
/// one lookup and branch each, and the last 0-3 bytes by one match without a loop.
#[inline(always)]
pub fn run(b: &[u8], from: usize, class: Class) -> usize {
    let Some(mut t) = b.get(from..) else {
        return from;
    };
    let mut i = from;
    while let [c0, c1, c2, c3, rest @ ..] = t {
        if TABLE[*c0 as usize] & class == 0 {
            return i;
        }
        if TABLE[*c1 as usize] & class == 0 {
            return i + 1;
        }
        if TABLE[*c2 as usize] & class == 0 {
            return i + 2;
        }
        if TABLE[*c3 as usize] & class == 0 {
            return i + 3;
        }
        i += 4;
        t = rest;
    }
    // At most three bytes are left.
    let outside = |c: &u8| TABLE[*c as usize] & class == 0;
    match t {
        [c0, ..] if outside(c0) => i,
        [_, c1, ..] if outside(c1) => i + 1,
        [_, _, c2, ..] if outside(c2) => i + 2,
        _ => i + t.len(),
    }
}

/// True when every byte of `s` is in `class` (a single class bit); one AND per byte without a
/// branch, for texts such as extension header names that can be long.
#[inline]
pub fn all_in(s: &[u8], class: Class) -> bool {
    s.iter().fold(class, |ok, &c| ok & TABLE[c as usize]) != 0
}

#[inline]
pub fn is_param_name_stop(b: u8) -> bool {
    is(b, PARAM_NAME_STOP)
}

#[inline]
pub fn is_param_sep(b: u8) -> bool {
    is(b, PARAM_SEP)
}

#[inline]
pub fn is_token_char(b: u8) -> bool {
    is(b, TOKEN)
}

#[inline]
pub fn is_param_char(b: u8) -> bool {
    is(b, PARAMCHAR)
}

#[inline]
pub fn is_hnv_char(b: u8) -> bool {
    is(b, HNV)
}

#[inline]
pub fn is_user_char(b: u8) -> bool {
    is(b, USER)
}

#[inline]
pub fn is_password_char(b: u8) -> bool {
    is(b, PASSWORD)
}

#[inline]
pub fn is_host_char(b: u8) -> bool {
    is(b, HOST)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every class of the table.
    const CLASSES: [Class; 15] = [
        TOKEN,
        PARAMCHAR,
        HNV,
        USER,
        PASSWORD,
        HOST,
        PARAM_NAME_STOP,
        PARAM_SEP,
        PARAM_NAME,
        PARAM_VALUE,
        GEN_VALUE,
        IPV4,
        HOST_PUNCT,
        MIME_TOKEN,
        WORD,
    ];

    #[test]
    fn run_stops_at_the_first_byte_outside() {
        for s in [
            "",
            "a",
            "abc",
            "abcd",
            "abcde;",
            "abcdefgh",
            "abcdefghi j",
            "é",
            "ab\u{e9}",
        ] {
            let b = s.as_bytes();
            for from in 0..=b.len() + 1 {
                let want = (from..b.len())
                    .find(|&i| !is_token_char(b[i]))
                    .unwrap_or(b.len().max(from));
                assert_eq!(run(b, from, TOKEN), want, "{s:?} from {from}");
            }
        }
    }

    /// The four-bytes-a-step run against a byte-by-byte one, for every class, every start and
    /// texts of every length up to 9 over bytes inside and outside the classes.
    #[test]
    fn run_agrees_with_a_byte_by_byte_run() {
        let alphabet = [b'a', b'0', b'.', b';', b' ', b'%', 0xc3];
        let mut t = Vec::new();
        for len in 0..=9u32 {
            for k in 0..alphabet.len().pow(len.min(5)) {
                t.clear();
                let mut k = k;
                for j in 0..len {
                    t.push(alphabet[(k + j as usize) % alphabet.len()]);
                    k /= alphabet.len();
                }
                for &class in &CLASSES {
                    for from in 0..=t.len() + 1 {
                        let want = (from..t.len())
                            .find(|&i| !is(t[i], class))
                            .unwrap_or(t.len().max(from));
                        assert_eq!(run(&t, from, class), want, "{t:?} {class} {from}");
                    }
                }
            }
        }
    }

    /// Every byte value at every position of texts of lengths 0 to 40 made of a byte inside the
    /// class: the four-bytes-a-step run and its three-byte tail against a byte-by-byte run, for
    /// every class and from several starts.
    #[test]
    fn run_agrees_with_a_byte_by_byte_run_on_every_byte_at_every_position() {
        let plain = |t: &[u8], from: usize, class: Class| {
            let mut i = from;
            while i < t.len() && is(t[i], class) {
                i += 1;
            }
            i.max(from)
        };
        for &class in &CLASSES {
            let fill = (0..=255u8).find(|&c| is(c, class)).unwrap();
            for len in 0..=40usize {
                let mut t = vec![fill; len];
                for from in [0, 1, 2, 3, 5, len, len + 1] {
                    assert_eq!(run(&t, from, class), plain(&t, from, class));
                }
                for pos in 0..len {
                    for v in 0..=255u8 {
                        t[pos] = v;
                        for from in [0, 1, 2, 3, pos.saturating_sub(1), pos, pos + 1] {
                            let want = plain(&t, from, class);
                            assert_eq!(run(&t, from, class), want, "{t:?} {class} {from}");
                        }
                    }
                    t[pos] = fill;
                }
            }
        }
    }

    #[test]
    fn complements() {
        for c in 0..=255u8 {
            assert_ne!(is(c, PARAM_NAME), is(c, PARAM_NAME_STOP));
            assert_ne!(is(c, PARAM_VALUE), is(c, PARAM_SEP));
            assert_eq!(
                is(c, GEN_VALUE),
                is(c, TOKEN) || matches!(c, b':' | b'[' | b']')
            );
            assert!(!is(c, TOKEN) || is(c, MIME_TOKEN), "{c}");
        }
    }

    /// RFC 2045 5.1: 94 visible characters, 15 of them `tspecials`; every SIP token character
    /// is one of the other 79 (checked in `complements`).
    #[test]
    fn mime_tokens_are_visible_ascii_but_tspecials() {
        let tspecials = b"()<>@,;:\\\"/[]?=";
        assert_eq!(tspecials.len(), 15);
        for c in 0..=255u8 {
            let expected = c.is_ascii_graphic() && !tspecials.contains(&c);
            assert_eq!(is(c, MIME_TOKEN), expected, "{c}");
        }
    }
}
