//! Response-code translation: host rules, one set per peer, that turn the code of a response
//! into another before it goes upstream (e.g. a gateway's 404 into the 503 that makes a
//! Mediation Server try its next gateway), with an `ms-diagnostics` header saying what was
//! translated.

use super::diagnostics::{DiagnosticHeader, add_diagnostic};
use crate::ext::ms_diagnostics::MsDiagnosticBuilder;
use crate::sip::status::default_reason;
use crate::sip::{Message, Result, SipError, error::ErrorKind};

/// Which responses a rule applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeMatch {
    /// One status code (200-699).
    Code(u16),
    /// A class: 2 for 2xx ... 6 for 6xx.
    Class(u8),
}

impl CodeMatch {
    fn matches(self, code: u16) -> bool {
        match self {
            CodeMatch::Code(c) => c == code,
            CodeMatch::Class(k) => code / 100 == u16::from(k),
        }
    }
}

/// `from` -> `to` with an optional reason phrase (default: the RFC 3261 phrase of `to`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TranslationRule {
    pub from: CodeMatch,
    pub to: u16,
    pub reason: Option<String>,
}

/// The rules of one peer and what the diagnostic it adds says. Rules are tried in order and
/// the first that matches wins: put single codes before classes. Provisional responses are
/// never translated.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Translator {
    rules: Vec<TranslationRule>,
    /// The code of the `ms-diagnostics` header added.
    pub diagnostic_code: u32,
    /// Its `source` (the host's name), if any.
    pub source: Option<String>,
}

/// Most rules one translator holds.
pub const MAX_RULES: usize = 256;

fn refuse(what: &'static str) -> SipError {
    SipError::new(ErrorKind::InvalidArgument, 0, what)
}

fn is_reason_phrase(s: &str) -> bool {
    !s.is_empty() && !s.bytes().any(|b| b == b'\r' || b == b'\n' || b == 0)
}

impl Translator {
    pub fn new(diagnostic_code: u32, source: Option<&str>) -> Translator {
        Translator {
            rules: Vec::new(),
            diagnostic_code,
            source: source.map(str::to_string),
        }
    }

    pub fn rules(&self) -> &[TranslationRule] {
        &self.rules
    }

    /// Adds a rule at the end. Refused: a `from` code or `to` outside 200-699, a class outside
    /// 2-6, a reason with CR, LF or NUL, more than [`MAX_RULES`] rules.
    pub fn add_rule(&mut self, rule: TranslationRule) -> Result<()> {
        let final_code = |c: u16| (200..=699).contains(&c);
        match rule.from {
            CodeMatch::Code(c) if !final_code(c) => {
                return Err(refuse("translation rule: from code outside 200-699"));
            }
            CodeMatch::Class(k) if !(2..=6).contains(&k) => {
                return Err(refuse("translation rule: class outside 2-6"));
            }
            _ => {}
        }
        if !final_code(rule.to) {
            return Err(refuse("translation rule: to code outside 200-699"));
        }
        if rule.reason.as_deref().is_some_and(|r| !is_reason_phrase(r)) {
            return Err(refuse("translation rule: reason phrase with CR, LF or NUL"));
        }
        if self.rules.len() >= MAX_RULES {
            return Err(SipError::new(
                ErrorKind::LimitExceeded,
                0,
                "translation rule: too many rules",
            ));
        }
        self.rules.push(rule);
        Ok(())
    }

    /// The rule that applies to a response with `code`, if any.
    pub fn rule_for(&self, code: u16) -> Option<&TranslationRule> {
        if code < 200 {
            return None;
        }
        self.rules.iter().find(|r| r.from.matches(code))
    }

    /// The translated response, or `None` when no rule applies (or `msg` is a request). The
    /// new message differs from `msg` only in its status line and one `ms-diagnostics` header
    /// at the end of the header section:
    /// `<diagnostic_code>;reason="Translated from <code> <reason>";source="<source>"`.
    pub fn translate(&self, msg: &Message) -> Result<Option<Message>> {
        let Some(code) = msg.status() else {
            return Ok(None);
        };
        let Some(rule) = self.rule_for(code) else {
            return Ok(None);
        };
        let bytes = msg.as_bytes();
        let line_end = memchr::memchr(b'\n', bytes).map_or(bytes.len(), |k| k + 1);
        let eol = if bytes[..line_end].ends_with(b"\r\n") {
            "\r\n"
        } else {
            "\n"
        };
        let phrase = rule.reason.as_deref().unwrap_or(default_reason(rule.to));
        let mut out = format!("{} {} {}{eol}", msg.version(), rule.to, phrase).into_bytes();
        out.extend_from_slice(&bytes[line_end..]);
        let mut translated = Message::parse_with(&out, msg.limits())?;
        let diag = MsDiagnosticBuilder {
            code: self.diagnostic_code,
            reason: Some(
                format!("Translated from {code} {}", msg.reason().unwrap_or(""))
                    .trim_end()
                    .to_string(),
            ),
            source: self.source.clone(),
            extra: Vec::new(),
        };
        add_diagnostic(&mut translated, DiagnosticHeader::Server, &diag)?;
        Ok(Some(translated))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GW_404: &[u8] = b"SIP/2.0 404 Not Found\r\nVia: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK2\r\n\
From: <sip:+14255550100@med.contoso.com>;tag=a\r\nTo: <sip:+18005550199@gw.example.net>;tag=b\r\n\
Call-ID: x1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

    fn translator() -> Translator {
        let mut t = Translator::new(52001, Some("pbx.example.net"));
        t.add_rule(TranslationRule {
            from: CodeMatch::Code(486),
            to: 486,
            reason: None,
        })
        .unwrap();
        t.add_rule(TranslationRule {
            from: CodeMatch::Class(4),
            to: 503,
            reason: Some("Gateway Failover".into()),
        })
        .unwrap();
        t
    }

    #[test]
    fn translates_status_line_and_adds_the_diagnostic() {
        let m = Message::parse(GW_404).unwrap();
        let out = translator().translate(&m).unwrap().unwrap();
        let expect =
            b"SIP/2.0 503 Gateway Failover\r\nVia: SIP/2.0/TCP 10.0.0.5;branch=z9hG4bK2\r\n\
From: <sip:+14255550100@med.contoso.com>;tag=a\r\nTo: <sip:+18005550199@gw.example.net>;tag=b\r\n\
Call-ID: x1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\
ms-diagnostics: 52001;reason=\"Translated from 404 Not Found\";source=\"pbx.example.net\"\r\n\r\n";
        assert_eq!(
            String::from_utf8_lossy(out.as_bytes()),
            String::from_utf8_lossy(expect)
        );
    }

    #[test]
    fn first_rule_wins_and_default_reason() {
        let t = translator();
        assert_eq!(t.rule_for(486).unwrap().to, 486);
        assert_eq!(t.rule_for(404).unwrap().to, 503);
        assert!(t.rule_for(503).is_none());
        assert!(t.rule_for(180).is_none());
        let mut t = Translator::new(1, None);
        t.add_rule(TranslationRule {
            from: CodeMatch::Code(404),
            to: 480,
            reason: None,
        })
        .unwrap();
        let out = t
            .translate(&Message::parse(GW_404).unwrap())
            .unwrap()
            .unwrap();
        assert!(
            out.as_bytes()
                .starts_with(b"SIP/2.0 480 Temporarily Unavailable\r\n")
        );
        assert!(!String::from_utf8_lossy(out.as_bytes()).contains("source="));
    }

    #[test]
    fn untouched_when_no_rule_applies() {
        let ok = String::from_utf8_lossy(GW_404).replace("404 Not Found", "200 OK");
        let m = Message::parse(ok.as_bytes()).unwrap();
        assert!(translator().translate(&m).unwrap().is_none());
        assert_eq!(m.as_bytes(), ok.as_bytes());
        let req = Message::parse(b"OPTIONS sip:a@b SIP/2.0\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert!(translator().translate(&req).unwrap().is_none());
    }

    #[test]
    fn refuses_bad_rules() {
        let mut t = Translator::new(1, None);
        let r = |from, to, reason: Option<&str>| TranslationRule {
            from,
            to,
            reason: reason.map(str::to_string),
        };
        assert!(t.add_rule(r(CodeMatch::Code(100), 503, None)).is_err());
        assert!(t.add_rule(r(CodeMatch::Class(1), 503, None)).is_err());
        assert!(t.add_rule(r(CodeMatch::Class(7), 503, None)).is_err());
        assert!(t.add_rule(r(CodeMatch::Code(404), 700, None)).is_err());
        assert!(
            t.add_rule(r(CodeMatch::Code(404), 503, Some("a\r\nb")))
                .is_err()
        );
        for _ in 0..MAX_RULES {
            t.add_rule(r(CodeMatch::Code(404), 503, None)).unwrap();
        }
        assert!(t.add_rule(r(CodeMatch::Code(404), 503, None)).is_err());
        assert!(t.rules().len() == MAX_RULES);
    }
}
