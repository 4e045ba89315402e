//! The History-Info context of one INVITE transaction (MS-SIPRE 3.9.5.10): the entries
//! stored from the request, its `hi-index`, the branch index, and the entries appended for
//! each destination and for a 181.

use crate::ext::history_info::{HiEntry, HiEntryBuilder, RetargetReason};
use crate::sip::Message;

/// `reason` of a forwarded request (3.9.5.10), escaped into the targeted-to URI. RFC 3326
/// writes `text` as a quoted-string; the values of 3.9.5.10 are printed without the quotes.
pub const REASON_302: &str = "SIP;cause=302;text=\"Moved Temporarily\"";
pub const REASON_303: &str = "SIP;cause=303;text=\"Redirect\"";

/// Why History-Info of a request could not be used (3.9.5.10 step 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HistoryError {
    /// An entry does not follow 2.2.16, or the last one has no `index`.
    Invalid(&'static str),
    /// More entries than `max_history_entries`.
    TooMany(usize),
}

/// The stored context.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct History {
    /// The request's entries except the last, joined with `, `.
    stored: String,
    /// `hi-index` of the last entry, `1` without History-Info.
    hi_index: String,
    /// The branch index, from 1.
    branch_index: u32,
}

/// How the first of the two entries for another destination is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retarget<'a> {
    pub reason: RetargetReason,
    /// `Some(REASON_302 | REASON_303)`, or `None` while forks to registered endpoints are
    /// active.
    pub cause: Option<&'a str>,
}

impl History {
    /// Steps 1-3 of 3.9.5.10 on the request's History-Info values.
    pub fn from_request(invite: &Message, max_entries: usize) -> Result<History, HistoryError> {
        let mut entries: Vec<&str> = Vec::new();
        for v in invite.values("History-Info") {
            if entries.len() == max_entries {
                return Err(HistoryError::TooMany(max_entries));
            }
            entries.push(v.trim());
        }
        let Some((last, before)) = entries.split_last() else {
            return Ok(History {
                stored: String::new(),
                hi_index: "1".into(),
                branch_index: 1,
            });
        };
        for e in before {
            HiEntry::parse(e).map_err(|e| HistoryError::Invalid(e.what))?;
        }
        let last = HiEntry::parse(last).map_err(|e| HistoryError::Invalid(e.what))?;
        let hi_index = last
            .index
            .ok_or(HistoryError::Invalid(
                "the last History-Info entry has no index",
            ))?
            .to_string();
        Ok(History {
            stored: before.join(", "),
            hi_index,
            branch_index: 1,
        })
    }

    /// A value holding the stored entries, then `entries`, written once into a string of
    /// its final size (one value per branch: no intermediate strings).
    fn value(&self, entries: &[(&HiEntryBuilder<'_>, Option<u32>)]) -> String {
        const SEP: &str = ", ";
        let stored = if self.stored.is_empty() {
            0
        } else {
            self.stored.len() + SEP.len()
        };
        let len = entries
            .iter()
            .map(|(e, sub)| e.len_indexed(*sub))
            .sum::<usize>()
            + SEP.len() * entries.len().saturating_sub(1);
        let mut out = String::with_capacity(stored + len);
        if !self.stored.is_empty() {
            out.push_str(&self.stored);
            out.push_str(SEP);
        }
        for (i, (e, sub)) in entries.iter().enumerate() {
            if i > 0 {
                out.push_str(SEP);
            }
            e.write_indexed(&mut out, *sub);
        }
        out
    }

    /// The History-Info value of a request to a registered endpoint of `aor` (one entry;
    /// `ms-line-type=private` and `ms-target-phone` on the private line).
    pub fn for_endpoint(&self, aor: &str, private_line: Option<&str>, private: bool) -> String {
        let e = HiEntryBuilder {
            uri: aor,
            index: &self.hi_index,
            target_phone: if private { private_line } else { None },
            private_line: private,
            ..Default::default()
        };
        self.value(&[(&e, None)])
    }

    /// The History-Info value of a request to another destination (two entries), and the
    /// branch index moved on.
    pub fn for_other(
        &mut self,
        aor: &str,
        destination: &str,
        retarget: Retarget<'_>,
        phone: Option<&str>,
    ) -> String {
        let first = HiEntryBuilder {
            uri: aor,
            index: &self.hi_index,
            reason: retarget.cause,
            retarget: Some(retarget.reason),
            target_phone: phone,
            private_line: false,
        };
        // The destination's entry: index `hi-index.branch-index`.
        let second = HiEntryBuilder {
            uri: destination,
            index: &self.hi_index,
            ..Default::default()
        };
        let v = self.value(&[(&first, None), (&second, Some(self.branch_index))]);
        self.branch_index = self.branch_index.saturating_add(1);
        v
    }

    /// The single entry of a 181 (3.9.5.10, last list).
    pub fn for_181(aor: &str, retarget: Retarget<'_>) -> String {
        HiEntryBuilder {
            uri: aor,
            index: "1",
            reason: retarget.cause,
            retarget: Some(retarget.reason),
            ..Default::default()
        }
        .to_text()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn invite(hi: &[&str]) -> Message {
        let mut s = String::from(
            "INVITE sip:bob@contoso.com SIP/2.0\r\nVia: SIP/2.0/TLS h;branch=z9hG4bK1\r\n",
        );
        for h in hi {
            s.push_str(&format!("History-Info: {h}\r\n"));
        }
        s.push_str("Content-Length: 0\r\n\r\n");
        Message::parse(s.as_bytes()).unwrap()
    }

    #[test]
    fn without_history_info_index_1_and_nothing_stored() {
        // 3.9.5.10: empty History-Info, hi-index 1, branch index 1.
        let mut h = History::from_request(&invite(&[]), 32).unwrap();
        // MS-SIPRE 4.8, byte for byte.
        assert_eq!(
            h.for_endpoint("sip:Bob@contoso.com", None, false),
            "<sip:Bob@contoso.com>;index=1"
        );
        let v = h.for_other(
            "sip:bob@contoso.com",
            "sip:alice@contoso.com",
            Retarget {
                reason: RetargetReason::TeamCall,
                cause: None,
            },
            Some("tel:+14255550100"),
        );
        assert_eq!(
            v,
            "<sip:bob@contoso.com>;index=1;ms-retarget-reason=team-call;\
             ms-target-phone=tel:+14255550100, <sip:alice@contoso.com>;index=1.1"
        );
        let v = h.for_other(
            "sip:bob@contoso.com",
            "sip:vm@contoso.com",
            Retarget {
                reason: RetargetReason::Forwarding,
                cause: Some(REASON_302),
            },
            None,
        );
        // The branch index moved on.
        assert!(v.ends_with("<sip:vm@contoso.com>;index=1.2"), "{v}");
        assert!(v.starts_with(
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D302%3Btext%3D%22Moved%20Temporarily%22>;index=1;ms-retarget-reason=forwarding"
        ));
    }

    #[test]
    fn stores_all_but_the_last_entry_and_its_index() {
        let h = History::from_request(
            &invite(&[
                "<sip:carol@fabrikam.com>;index=1",
                "<sip:bob@contoso.com>;index=1.1",
            ]),
            32,
        )
        .unwrap();
        assert_eq!(
            h.for_endpoint("sip:bob@contoso.com", Some("tel:+1"), true),
            "<sip:carol@fabrikam.com>;index=1, <sip:bob@contoso.com>;index=1.1;ms-target-phone=tel:+1;ms-line-type=private"
        );
        // Comma-joined values count as entries too.
        let h = History::from_request(
            &invite(&["<sip:carol@fabrikam.com>;index=1, <sip:bob@contoso.com>;index=1.2"]),
            32,
        )
        .unwrap();
        assert_eq!(h.hi_index, "1.2");
    }

    #[test]
    fn validation_fails_on_bad_entries() {
        // 3.9.5.10 step 1.
        assert!(History::from_request(&invite(&["<sip:b@h>"]), 32).is_err());
        assert!(History::from_request(&invite(&["<sip:b@h>;index=a"]), 32).is_err());
        assert!(History::from_request(&invite(&["junk", "<sip:b@h>;index=1"]), 32).is_err());
        assert_eq!(
            History::from_request(&invite(&["<sip:b@h>;index=1"; 3]), 2),
            Err(HistoryError::TooMany(2))
        );
    }

    #[test]
    fn values_are_those_the_former_formatting_wrote() {
        // The composition the single-buffer writing replaced: each entry a string, joined
        // with format!.
        fn reference(stored: &[&str], entries: &[String]) -> String {
            let new = entries.join(", ");
            if stored.is_empty() {
                new
            } else {
                format!("{}, {}", stored.join(", "), new)
            }
        }
        let requests: [&[&str]; 3] = [
            &[],
            &["<sip:carol@fabrikam.com>;index=1"],
            &[
                "<sip:carol@fabrikam.com>;index=1",
                "<sip:dave@fabrikam.com?Reason=SIP%3Bcause%3D302>;index=1.1",
                "<sip:bob@contoso.com>;index=1.1.3",
            ],
        ];
        for hi in requests {
            let stored = hi.split_last().map_or(&[][..], |(_, before)| before);
            let index = hi
                .last()
                .map_or("1", |l| l.rsplit("index=").next().unwrap());
            let mut h = History::from_request(&invite(hi), 32).unwrap();
            for private in [false, true] {
                let want = HiEntryBuilder {
                    uri: "sip:bob@contoso.com",
                    index,
                    target_phone: private.then_some("tel:+1425"),
                    private_line: private,
                    ..Default::default()
                }
                .to_text();
                let got = h.for_endpoint("sip:bob@contoso.com", Some("tel:+1425"), private);
                assert_eq!(got, reference(stored, &[want]));
                assert_eq!(got.len(), got.capacity());
            }
            for n in 1..=12u32 {
                let cause = [None, Some(REASON_302), Some(REASON_303)][n as usize % 3];
                let reason = [
                    RetargetReason::Forwarding,
                    RetargetReason::TeamCall,
                    RetargetReason::Delegation,
                ][n as usize % 3];
                let phone = (n % 2 == 0).then_some("tel:+14255550100");
                let first = HiEntryBuilder {
                    uri: "sip:bob@contoso.com",
                    index,
                    reason: cause,
                    retarget: Some(reason),
                    target_phone: phone,
                    private_line: false,
                }
                .to_text();
                let second = format!("<sip:t{n}@contoso.com>;index={index}.{n}");
                let got = h.for_other(
                    "sip:bob@contoso.com",
                    &format!("sip:t{n}@contoso.com"),
                    Retarget { reason, cause },
                    phone,
                );
                assert_eq!(got, reference(stored, &[first, second]));
                assert_eq!(got.len(), got.capacity());
            }
        }
    }

    #[test]
    fn the_181_entry() {
        assert_eq!(
            History::for_181(
                "sip:bob@contoso.com",
                Retarget {
                    reason: RetargetReason::Forwarding,
                    cause: Some(REASON_303)
                }
            ),
            "<sip:bob@contoso.com?Reason=SIP%3Bcause%3D303%3Btext%3D%22Redirect%22>;index=1;ms-retarget-reason=forwarding"
        );
    }
}
