//! `History-Info` entries with the Microsoft parameters (RFC 4244 4.1, MS-SIPRE 2.2.16):
//! reading the `index` of an entry, and writing entries with `index`, `ms-retarget-reason`,
//! `ms-target-phone`, `ms-line-type` and a `Reason` escaped inside the URI.

use super::error::ExtError;
use crate::sip::NameAddr;
use crate::sip::scan::decimal::decimal_digits;

/// Validates `hi-index = 1*DIGIT *(DOT 1*DIGIT)` (MS-SIPRE 2.2.16).
pub fn is_hi_index(s: &str) -> bool {
    !s.is_empty()
        && s.split('.')
            .all(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
}

/// `ms-retarget-reason` values (MS-SIPRE 2.2.16).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RetargetReason {
    Forwarding,
    TeamCall,
    Delegation,
}

impl RetargetReason {
    pub fn as_str(self) -> &'static str {
        match self {
            RetargetReason::Forwarding => "forwarding",
            RetargetReason::TeamCall => "team-call",
            RetargetReason::Delegation => "delegation",
        }
    }
}

/// One `hi-entry` read from a request: its targeted-to URI and its `index`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HiEntry<'a> {
    /// The whole entry as written.
    pub text: &'a str,
    /// The `index` parameter, when present (checked against the grammar).
    pub index: Option<&'a str>,
}

impl<'a> HiEntry<'a> {
    /// Parses one entry: a name-addr (angle brackets required, RFC 4244 4.1) whose `index`,
    /// if present, follows `hi-index`.
    pub fn parse(s: &'a str) -> Result<HiEntry<'a>, ExtError> {
        let na = NameAddr::parse(s)
            .map_err(|_| ExtError::new("History-Info: entry is not a name-addr", 0))?;
        if !na.angle {
            return Err(ExtError::new(
                "History-Info: hi-targeted-to-uri must be a name-addr",
                0,
            ));
        }
        let index = match na.params.get("index") {
            None => None,
            Some(p) => {
                let v = p.value.unwrap_or("");
                if !is_hi_index(v) {
                    return Err(ExtError::new(
                        "History-Info: index is not 1*DIGIT *(DOT 1*DIGIT)",
                        0,
                    ));
                }
                Some(v)
            }
        };
        Ok(HiEntry {
            text: s.trim(),
            index,
        })
    }
}

/// Is `b` written as itself in a URI header value (RFC 3261 25.1 `hvalue`: unreserved and
/// `hnv-unreserved`)?
fn hvalue_keeps(b: u8) -> bool {
    b.is_ascii_alphanumeric()
        || matches!(
            b,
            b'-' | b'_'
                | b'.'
                | b'!'
                | b'~'
                | b'*'
                | b'\''
                | b'('
                | b')'
                | b'['
                | b']'
                | b'/'
                | b'?'
                | b':'
                | b'+'
                | b'$'
        )
}

/// Length of `s` once escaped by [`escape_hvalue_into`].
fn escaped_len(s: &str) -> usize {
    s.bytes().map(|b| if hvalue_keeps(b) { 1 } else { 3 }).sum()
}

/// Appends `s` percent-escaped for a URI header value (RFC 3261 25.1 `hvalue`).
pub fn escape_hvalue_into(s: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut rest = s;
    while !rest.is_empty() {
        // Runs of kept bytes go in at once; they are ASCII, so `rest` splits on a char.
        let kept = rest.bytes().take_while(|&b| hvalue_keeps(b)).count();
        out.push_str(&rest[..kept]);
        let Some(&b) = rest.as_bytes().get(kept) else {
            break;
        };
        out.push('%');
        out.push(HEX[usize::from(b >> 4)] as char);
        out.push(HEX[usize::from(b & 0xF)] as char);
        // A byte of a multi-byte char: the rest of the char is escaped byte by byte.
        let mut next = kept + 1;
        while !rest.is_char_boundary(next) {
            let b = rest.as_bytes()[next];
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
            next += 1;
        }
        rest = &rest[next..];
    }
}

/// Percent-escapes `s` for a URI header value (RFC 3261 25.1 `hvalue`: unreserved and
/// `hnv-unreserved` kept).
pub fn escape_hvalue(s: &str) -> String {
    let mut out = String::with_capacity(escaped_len(s));
    escape_hvalue_into(s, &mut out);
    out
}

/// Decimal digits of `n`, without the formatting machinery (an entry is written per branch).
fn push_u32(out: &mut String, n: u32) {
    let mut buf = [0u8; 20];
    out.extend(
        decimal_digits(u64::from(n), &mut buf)
            .iter()
            .map(|&d| char::from(d)),
    );
}

fn u32_len(n: u32) -> usize {
    n.checked_ilog10().map_or(1, |l| l as usize + 1)
}

/// Writes one entry: `<uri[?Reason=escaped]>;index=I[;ms-retarget-reason=R]
/// [;ms-target-phone=T][;ms-line-type=private]` (MS-SIPRE 3.9.5.10, 2.2.16).
#[derive(Debug, Clone, Default)]
pub struct HiEntryBuilder<'a> {
    pub uri: &'a str,
    pub index: &'a str,
    pub reason: Option<&'a str>,
    pub retarget: Option<RetargetReason>,
    pub target_phone: Option<&'a str>,
    pub private_line: bool,
}

impl HiEntryBuilder<'_> {
    /// Appends the entry text to `out`, which grows at most once.
    pub fn write(&self, out: &mut String) {
        self.write_indexed(out, None);
    }

    /// Appends the entry with the index `index.sub` when `sub` is given: the entry of a
    /// branch, `hi-index` then the branch index (MS-SIPRE 3.9.5.10).
    pub fn write_indexed(&self, out: &mut String, sub: Option<u32>) {
        out.reserve(self.len_indexed(sub));
        out.push('<');
        out.push_str(self.uri);
        if let Some(r) = self.reason {
            out.push_str(if self.uri.contains('?') { "&" } else { "?" });
            out.push_str("Reason=");
            escape_hvalue_into(r, out);
        }
        out.push_str(">;index=");
        out.push_str(self.index);
        if let Some(n) = sub {
            out.push('.');
            push_u32(out, n);
        }
        if let Some(r) = self.retarget {
            out.push_str(";ms-retarget-reason=");
            out.push_str(r.as_str());
        }
        if let Some(t) = self.target_phone {
            out.push_str(";ms-target-phone=");
            out.push_str(t);
        }
        if self.private_line {
            out.push_str(";ms-line-type=private");
        }
    }

    /// Bytes [`write_indexed`](Self::write_indexed) appends (`None`: [`write`](Self::write)).
    pub fn len_indexed(&self, sub: Option<u32>) -> usize {
        "<".len()
            + self.uri.len()
            + self.reason.map_or(0, |r| "?Reason=".len() + escaped_len(r))
            + ">;index=".len()
            + self.index.len()
            + sub.map_or(0, |n| 1 + u32_len(n))
            + self
                .retarget
                .map_or(0, |r| ";ms-retarget-reason=".len() + r.as_str().len())
            + self
                .target_phone
                .map_or(0, |t| ";ms-target-phone=".len() + t.len())
            + if self.private_line {
                ";ms-line-type=private".len()
            } else {
                0
            }
    }

    pub fn to_text(&self) -> String {
        let mut s = String::with_capacity(self.len_indexed(None));
        self.write(&mut s);
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hi_index_grammar() {
        assert!(is_hi_index("1"));
        assert!(is_hi_index("1.2.10"));
        assert!(!is_hi_index(""));
        assert!(!is_hi_index("1."));
        assert!(!is_hi_index(".1"));
        assert!(!is_hi_index("1..2"));
        assert!(!is_hi_index("1a"));
    }

    #[test]
    fn parses_entries() {
        let e = HiEntry::parse("<sip:bob@contoso.com>;index=1.1;ms-retarget-reason=forwarding")
            .unwrap();
        assert_eq!(e.index, Some("1.1"));
        assert_eq!(HiEntry::parse("<sip:bob@contoso.com>").unwrap().index, None);
        assert!(HiEntry::parse("<sip:bob@contoso.com>;index=x").is_err());
        assert!(HiEntry::parse("sip:bob@contoso.com;index=1").is_err());
        assert!(HiEntry::parse("<>").is_err());
    }

    #[test]
    fn writes_entries_with_the_reason_escaped() {
        // MS-SIPRE 4.8: the entry of an INVITE forwarded to a registered endpoint.
        let e = HiEntryBuilder {
            uri: "sip:Bob@contoso.com",
            index: "1",
            ..Default::default()
        };
        assert_eq!(e.to_text(), "<sip:Bob@contoso.com>;index=1");
        let e = HiEntryBuilder {
            uri: "sip:bob@contoso.com",
            index: "1",
            reason: Some("SIP;cause=302;text=\"Moved Temporarily\""),
            retarget: Some(RetargetReason::Forwarding),
            target_phone: Some("tel:+14255550100"),
            private_line: false,
        };
        assert_eq!(
            e.to_text(),
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;\
             index=1;ms-retarget-reason=forwarding;ms-target-phone=tel:+14255550100"
        );
        let written = e.to_text();
        let back = HiEntry::parse(&written).unwrap();
        assert_eq!(back.index, Some("1"));
    }

    /// The formatting the builder replaced (`write!` per escaped byte, a string per
    /// escape), kept as the reference of the differential test below.
    fn reference(b: &HiEntryBuilder<'_>, sub: Option<u32>) -> String {
        use std::fmt::Write;
        let mut out = String::new();
        out.push('<');
        out.push_str(b.uri);
        if let Some(r) = b.reason {
            out.push_str(if b.uri.contains('?') { "&" } else { "?" });
            out.push_str("Reason=");
            let mut esc = String::new();
            for c in r.bytes() {
                if hvalue_keeps(c) {
                    esc.push(c as char);
                } else {
                    let _ = write!(esc, "%{c:02X}");
                }
            }
            out.push_str(&esc);
        }
        let index = match sub {
            Some(n) => format!("{}.{}", b.index, n),
            None => b.index.to_string(),
        };
        out.push_str(&format!(">;index={index}"));
        if let Some(r) = b.retarget {
            out.push_str(&format!(";ms-retarget-reason={}", r.as_str()));
        }
        if let Some(t) = b.target_phone {
            out.push_str(&format!(";ms-target-phone={t}"));
        }
        if b.private_line {
            out.push_str(";ms-line-type=private");
        }
        out
    }

    /// A small deterministic generator (xorshift) for varied inputs.
    struct Gen(u64);
    impl Gen {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
            from[(self.next() % from.len() as u64) as usize]
        }
        /// Up to 24 pieces: every hvalue class, escapes, quotes, multi-byte chars, controls.
        fn text(&mut self) -> String {
            const PIECES: &[&str] = &[
                "a",
                "Z",
                "9",
                "-",
                "_",
                ".",
                "!",
                "~",
                "*",
                "'",
                "(",
                ")",
                "[",
                "]",
                "/",
                "?",
                ":",
                "+",
                "$",
                ";",
                "=",
                "\"",
                " ",
                "%",
                "&",
                ",",
                "<",
                ">",
                "@",
                "#",
                "\\",
                "\u{7f}",
                "\t",
                "\0",
                "\u{e9}",
                "\u{65e5}",
                "\u{1f600}",
                "SIP;cause=302",
            ];
            let n = self.next() % 25;
            (0..n).map(|_| self.pick(PIECES)).collect()
        }
    }

    #[test]
    fn writes_what_the_former_formatting_wrote() {
        let reasons = [
            RetargetReason::Forwarding,
            RetargetReason::TeamCall,
            RetargetReason::Delegation,
        ];
        let mut g = Gen(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let uri = match g.next() % 3 {
                0 => format!("sip:{}@contoso.com", g.text()),
                1 => format!("sip:bob@contoso.com?{}", g.text()),
                _ => g.text(),
            };
            let index = g.pick(&["1", "1.1", "1.2.10", "", "42.7"]).to_string();
            let reason = (!g.next().is_multiple_of(3)).then(|| g.text());
            let phone = g
                .next()
                .is_multiple_of(2)
                .then(|| format!("tel:+{}", g.text()));
            let b = HiEntryBuilder {
                uri: &uri,
                index: &index,
                reason: reason.as_deref(),
                retarget: (!g.next().is_multiple_of(4)).then(|| reasons[round % 3]),
                target_phone: phone.as_deref(),
                private_line: g.next().is_multiple_of(2),
            };
            let sub = match g.next() % 4 {
                0 => None,
                1 => Some(0),
                2 => Some(u32::MAX),
                _ => Some((g.next() % 100_000) as u32),
            };
            let want = reference(&b, sub);
            assert_eq!(b.len_indexed(sub), want.len(), "{want}");
            // Appended after what is there, into room of exactly its size: no growing.
            let mut out = String::with_capacity(3 + want.len());
            out.push_str(", ");
            let (ptr, cap) = (out.as_ptr(), out.capacity());
            b.write_indexed(&mut out, sub);
            assert_eq!(&out[2..], want);
            assert_eq!((out.as_ptr(), out.capacity()), (ptr, cap));
            if sub.is_none() {
                assert_eq!(b.to_text(), want);
            }
            if let Some(r) = &reason {
                assert_eq!(escape_hvalue(r).len(), escaped_len(r));
            }
        }
    }

    #[test]
    fn escapes_every_byte_outside_hvalue() {
        // RFC 3261 25.1: each byte of a multi-byte char is escaped on its own.
        assert_eq!(
            escape_hvalue("a b\u{e9}\u{1f600}?"),
            "a%20b%C3%A9%F0%9F%98%80?"
        );
        assert_eq!(escape_hvalue(""), "");
        assert_eq!(escape_hvalue("\0\u{7f}%"), "%00%7F%25");
        let mut all = String::new();
        for b in 0u8..=127 {
            all.push(b as char);
        }
        // 62 letters and digits and 16 marks kept, the other 50 bytes escaped.
        assert_eq!(escape_hvalue(&all).len(), 78 + 50 * 3);
        assert_eq!(escaped_len(&all), 78 + 50 * 3);
    }
}
