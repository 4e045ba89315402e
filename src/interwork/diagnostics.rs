//! The diagnostics Microsoft servers and clients attach to requests and responses
//! (`ms-diagnostics`, `ms-diagnostics-public`, `ms-client-diagnostics`): read as typed values,
//! written, described from a table of well-known codes that the host can extend, and handed
//! to the host's logger as one structured line each.

use crate::ext::ms_diagnostics::{DIAGNOSTIC_HEADERS, MsDiagnostic, MsDiagnosticBuilder};
use crate::log::Level;
use crate::sip::{Message, Result, SipError, error::ErrorKind};
use parking_lot::RwLock;
use std::collections::HashMap;

/// Which of the three headers a diagnostic came in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DiagnosticHeader {
    /// `ms-diagnostics`: the server's own.
    Server = 0,
    /// `ms-diagnostics-public`: the form a server lets leave the organisation.
    Public = 1,
    /// `ms-client-diagnostics`: reported by a client.
    Client = 2,
}

impl DiagnosticHeader {
    pub fn name(self) -> &'static str {
        DIAGNOSTIC_HEADERS[self as usize]
    }

    pub fn from_raw(raw: u32) -> Option<DiagnosticHeader> {
        match raw {
            0 => Some(DiagnosticHeader::Server),
            1 => Some(DiagnosticHeader::Public),
            2 => Some(DiagnosticHeader::Client),
            _ => None,
        }
    }
}

/// One diagnostic of a message, owned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub header: DiagnosticHeader,
    pub code: u32,
    pub reason: Option<String>,
    pub source: Option<String>,
    /// The value as written in the message.
    pub raw: String,
}

/// Every well-formed diagnostic of `msg` as a view into it, with its header and the value
/// as written: `ms-diagnostics` fields first, then `-public`, then `ms-client-diagnostics`,
/// one per header field (a reason may hold commas); fields outside the grammar are skipped.
pub fn diagnostic_views(
    msg: &Message,
) -> impl Iterator<Item = (DiagnosticHeader, &str, MsDiagnostic<'_>)> + '_ {
    [
        DiagnosticHeader::Server,
        DiagnosticHeader::Public,
        DiagnosticHeader::Client,
    ]
    .into_iter()
    .flat_map(move |h| {
        msg.fields(h.name())
            .filter_map(move |v| MsDiagnostic::parse(v).ok().map(|d| (h, v, d)))
    })
}

/// Every well-formed diagnostic of `msg`, owned, in the order of [`diagnostic_views`].
pub fn diagnostics_of(msg: &Message) -> Vec<Diagnostic> {
    diagnostic_views(msg)
        .map(|(header, v, d)| Diagnostic {
            header,
            code: d.code,
            reason: d.reason().map(|r| r.into_owned()),
            source: d.source().map(|s| s.into_owned()),
            raw: v.to_string(),
        })
        .collect()
}

/// Appends a diagnostic header to `msg`; the rest of the message stays byte for byte.
pub fn add_diagnostic(
    msg: &mut Message,
    header: DiagnosticHeader,
    d: &MsDiagnosticBuilder,
) -> Result<()> {
    d.check()
        .map_err(|e| SipError::new(ErrorKind::InvalidArgument, 0, e.what))?;
    msg.add_header(header.name(), &d.to_string())
}

/// Codes named by public Microsoft documentation and integration reports, with their
/// reason text. Deliberately short: only codes whose text is stable across versions.
const WELL_KNOWN: &[(u32, &str)] = &[
    (
        1033,
        "Previous hop server component did not report diagnostic information",
    ),
    (
        4005,
        "Destination URI either not enabled for SIP or does not exist",
    ),
    (15030, "Failed to route to Exchange Server"),
];

/// Codes the host added ([`register_code`]); they take precedence over the built-in ones.
static HOST_CODES: RwLock<Option<HashMap<u32, String>>> = RwLock::new(None);

/// Most codes a host may register (bounds the table).
pub const MAX_HOST_CODES: usize = 4096;

/// Adds or replaces the description of `code` for this process. Fails with `LimitExceeded`
/// past [`MAX_HOST_CODES`] distinct codes.
pub fn register_code(code: u32, text: &str) -> Result<()> {
    let mut g = HOST_CODES.write();
    let map = g.get_or_insert_with(HashMap::new);
    if !map.contains_key(&code) && map.len() >= MAX_HOST_CODES {
        return Err(SipError::new(
            ErrorKind::LimitExceeded,
            0,
            "too many diagnostic codes registered",
        ));
    }
    map.insert(code, text.to_string());
    Ok(())
}

/// What `code` means: the host's text if it registered one, else the built-in table's.
pub fn describe(code: u32) -> Option<String> {
    if let Some(t) = HOST_CODES.read().as_ref().and_then(|m| m.get(&code)) {
        return Some(t.clone());
    }
    WELL_KNOWN
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, t)| (*t).to_string())
}

/// Sends one structured line per diagnostic of `msg` to the host's logger at `level`:
/// `ms-diagnostics header=<name> code=<n> reason="<r>" source="<s>" known="<table text>"`
/// (absent fields left out). Returns how many lines were written.
pub fn log_diagnostics(msg: &Message, level: Level) -> usize {
    if !crate::log::enabled(level) {
        return 0;
    }
    let all = diagnostics_of(msg);
    for d in &all {
        crate::log::write(level, format_args!("{}", structured_line(d)));
    }
    all.len()
}

/// The structured form of one diagnostic (see [`log_diagnostics`]).
pub fn structured_line(d: &Diagnostic) -> String {
    let q = |s: &str| s.replace('\\', "\\\\").replace('"', "\\\"");
    let mut line = format!("ms-diagnostics header={} code={}", d.header.name(), d.code);
    if let Some(r) = &d.reason {
        line.push_str(&format!(" reason=\"{}\"", q(r)));
    }
    if let Some(s) = &d.source {
        line.push_str(&format!(" source=\"{}\"", q(s)));
    }
    if let Some(k) = describe(d.code) {
        line.push_str(&format!(" known=\"{}\"", q(&k)));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    const RESP: &[u8] = b"SIP/2.0 404 Not Found\r\nVia: SIP/2.0/TLS 192.0.2.1;branch=z9hG4bK1\r\n\
From: <sip:a@contoso.com>;tag=1\r\nTo: <sip:b@contoso.com>;tag=2\r\nCall-ID: c\r\n\
CSeq: 1 INVITE\r\nms-diagnostics: 4005;reason=\"Destination URI either not enabled for SIP or does not exist\";source=\"pool.contoso.com\"\r\n\
ms-diagnostics-public: 4005;reason=\"Destination URI either not enabled for SIP or does not exist\"\r\n\
ms-client-diagnostics: 52017;reason=Client side general processing error\r\n\
ms-diagnostics: garbage\r\nContent-Length: 0\r\n\r\n";

    #[test]
    fn reads_every_header_typed() {
        let m = Message::parse(RESP).unwrap();
        let all = diagnostics_of(&m);
        assert_eq!(all.len(), 3);
        assert_eq!(all[0].header, DiagnosticHeader::Server);
        assert_eq!(all[0].code, 4005);
        assert_eq!(all[0].source.as_deref(), Some("pool.contoso.com"));
        assert_eq!(all[1].header, DiagnosticHeader::Public);
        assert_eq!(all[2].header, DiagnosticHeader::Client);
        assert_eq!(all[2].code, 52017);
        assert_eq!(
            all[2].reason.as_deref(),
            Some("Client side general processing error")
        );
    }

    #[test]
    fn adds_one_header_and_keeps_the_rest() {
        let mut m = Message::parse(RESP).unwrap();
        let b = MsDiagnosticBuilder {
            code: 1,
            reason: Some("x".into()),
            ..Default::default()
        };
        add_diagnostic(&mut m, DiagnosticHeader::Server, &b).unwrap();
        let out = m.as_bytes();
        let tail = b"Content-Length: 0\r\nms-diagnostics: 1;reason=\"x\"\r\n\r\n";
        assert!(out.ends_with(tail));
        assert_eq!(&out[..RESP.len() - 2], &RESP[..RESP.len() - 2]);
    }

    #[test]
    fn table_is_extensible_and_host_text_wins() {
        assert!(describe(4005).unwrap().starts_with("Destination URI"));
        assert!(describe(987_654).is_none());
        register_code(987_654, "host code").unwrap();
        assert_eq!(describe(987_654).as_deref(), Some("host code"));
        register_code(15030, "replaced").unwrap();
        assert_eq!(describe(15030).as_deref(), Some("replaced"));
    }

    #[test]
    fn structured_line_names_every_field() {
        let m = Message::parse(RESP).unwrap();
        let line = structured_line(&diagnostics_of(&m)[0]);
        assert_eq!(
            line,
            "ms-diagnostics header=ms-diagnostics code=4005 reason=\"Destination URI either not \
             enabled for SIP or does not exist\" source=\"pool.contoso.com\" known=\"Destination \
             URI either not enabled for SIP or does not exist\""
        );
    }
}
