//! `History-Info` entries with the Microsoft parameters (RFC 4244 4.1, MS-SIPRE 2.2.16):
//! reading the `index` of an entry, and writing entries with `index`, `ms-retarget-reason`,
//! `ms-target-phone`, `ms-line-type` and a `Reason` escaped inside the URI.

use super::error::ExtError;
use crate::sip::NameAddr;
use std::fmt::Write;

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

/// Percent-escapes `s` for a URI header value (RFC 3261 25.1 `hvalue`: unreserved and
/// `hnv-unreserved` kept).
pub fn escape_hvalue(s: &str) -> String {
    let mut out = String::with_capacity(s.len() * 2);
    for b in s.bytes() {
        let keep = b.is_ascii_alphanumeric()
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
            );
        if keep {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
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
    /// The entry text.
    pub fn write(&self, out: &mut String) {
        out.push('<');
        out.push_str(self.uri);
        if let Some(r) = self.reason {
            out.push_str(if self.uri.contains('?') { "&" } else { "?" });
            out.push_str("Reason=");
            out.push_str(&escape_hvalue(r));
        }
        out.push_str(">;index=");
        out.push_str(self.index);
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

    pub fn to_text(&self) -> String {
        let mut s = String::new();
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
}
