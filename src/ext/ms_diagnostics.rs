//! `ms-diagnostics`, `ms-diagnostics-public` and `ms-client-diagnostics` values: a numeric
//! code, then `;`-separated parameters (`reason`, `source` and any other, quoted or not),
//! as Microsoft servers and clients put them on requests and responses.
//!
//! ```text
//! ms-diagnostics = diag-code *( SEMI diag-param )
//! diag-code      = 1*DIGIT
//! diag-param     = token [ EQUAL ( token / quoted-string ) ]
//! ```

use super::error::ExtError;
use crate::sip::scan::unquote;
use std::borrow::Cow;
use std::fmt;

/// The three header names that carry a diagnostic.
pub const DIAGNOSTIC_HEADERS: [&str; 3] = [
    "ms-diagnostics",
    "ms-diagnostics-public",
    "ms-client-diagnostics",
];

/// One diagnostic value read from a header, borrowing its text.
#[derive(Debug, Clone)]
pub struct MsDiagnostic<'a> {
    /// The code (`1*DIGIT`, at most `u32::MAX`).
    pub code: u32,
    /// The parameters after the code in order: name and raw value (still quoted where it
    /// was). An unquoted value runs to the next `;` (clients write reasons with spaces
    /// unquoted), trimmed.
    pub params: Vec<(&'a str, Option<&'a str>)>,
}

/// Splits `s` at `;` outside quoted-strings (a backslash escapes inside quotes).
fn split_params(s: &str) -> Result<Vec<&str>, ExtError> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut escaped) = (0, false, false);
    for (i, b) in s.bytes().enumerate() {
        match b {
            _ if escaped => escaped = false,
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            b';' if !quoted => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    if quoted {
        return Err(ExtError::new(
            "ms-diagnostics: unterminated quoted-string",
            s.len(),
        ));
    }
    out.push(&s[start..]);
    Ok(out)
}

impl<'a> MsDiagnostic<'a> {
    /// Parses a value: the code, then `;`-separated parameters.
    pub fn parse(s: &'a str) -> Result<MsDiagnostic<'a>, ExtError> {
        let s = s.trim_matches([' ', '\t']);
        let digits = s.bytes().take_while(u8::is_ascii_digit).count();
        if digits == 0 {
            return Err(ExtError::new("ms-diagnostics: no code", 0));
        }
        let code = s[..digits]
            .parse::<u32>()
            .map_err(|_| ExtError::new("ms-diagnostics: code too large", 0))?;
        let rest = s[digits..].trim_start_matches([' ', '\t']);
        let Some(rest) = rest.strip_prefix(';').or(rest.is_empty().then_some("")) else {
            return Err(ExtError::new(
                "ms-diagnostics: code not followed by ';'",
                digits,
            ));
        };
        let mut params = Vec::new();
        if !rest.is_empty() {
            for p in split_params(rest).map_err(|e| e.at(digits + 1))? {
                let (name, value) = match p.split_once('=') {
                    Some((n, v)) => (n.trim(), Some(v.trim())),
                    None => (p.trim(), None),
                };
                if !is_token(name) {
                    return Err(ExtError::new(
                        "ms-diagnostics: parameter name is not a token",
                        digits,
                    ));
                }
                if value.is_some_and(|v| v.starts_with('"') && (v.len() < 2 || !v.ends_with('"'))) {
                    return Err(ExtError::new(
                        "ms-diagnostics: text after a quoted-string",
                        digits,
                    ));
                }
                params.push((name, value));
            }
        }
        Ok(MsDiagnostic { code, params })
    }

    /// The `reason` parameter, unquoted.
    pub fn reason(&self) -> Option<Cow<'a, str>> {
        self.param("reason")
    }

    /// The `source` parameter, unquoted.
    pub fn source(&self) -> Option<Cow<'a, str>> {
        self.param("source")
    }

    /// Any parameter by name (case-insensitive), unquoted.
    pub fn param(&self, name: &str) -> Option<Cow<'a, str>> {
        let (_, v) = self
            .params
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))?;
        v.map(unquote)
    }
}

/// A diagnostic to write: `code;reason="...";source="..."` and other parameters, each value
/// written as a quoted-string.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MsDiagnosticBuilder {
    pub code: u32,
    pub reason: Option<String>,
    pub source: Option<String>,
    /// Further parameters in order: name and value (`None`: a parameter without value).
    pub extra: Vec<(String, Option<String>)>,
}

/// Writes `v` as a quoted-string (RFC 3261 25.1), escaping `"` and `\`.
fn write_quoted(f: &mut fmt::Formatter<'_>, v: &str) -> fmt::Result {
    f.write_str("\"")?;
    for c in v.chars() {
        if c == '"' || c == '\\' {
            f.write_str("\\")?;
        }
        if c == '\r' || c == '\n' {
            f.write_str(" ")?;
        } else {
            write!(f, "{c}")?;
        }
    }
    f.write_str("\"")
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b))
}

impl MsDiagnosticBuilder {
    /// Refuses parameter names that are not tokens (the value would not read back).
    pub fn check(&self) -> Result<(), ExtError> {
        if self.extra.iter().all(|(n, _)| is_token(n)) {
            Ok(())
        } else {
            Err(ExtError::new(
                "ms-diagnostics: parameter name is not a token",
                0,
            ))
        }
    }
}

impl fmt::Display for MsDiagnosticBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.code)?;
        if let Some(r) = &self.reason {
            f.write_str(";reason=")?;
            write_quoted(f, r)?;
        }
        if let Some(s) = &self.source {
            f.write_str(";source=")?;
            write_quoted(f, s)?;
        }
        for (n, v) in &self.extra {
            write!(f, ";{n}")?;
            if let Some(v) = v {
                f.write_str("=")?;
                write_quoted(f, v)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_code_reason_source_quoted_or_not() {
        let d = MsDiagnostic::parse(
            "4005;reason=\"Destination URI either not enabled for SIP or does not exist\";\
             source=\"pool.contoso.com\";AppName=InboundRouting",
        )
        .unwrap();
        assert_eq!(d.code, 4005);
        assert_eq!(
            d.reason().unwrap(),
            "Destination URI either not enabled for SIP or does not exist"
        );
        assert_eq!(d.source().unwrap(), "pool.contoso.com");
        assert_eq!(d.param("appname").unwrap(), "InboundRouting");
        let bare = MsDiagnostic::parse(" 1033 ").unwrap();
        assert_eq!(bare.code, 1033);
        assert!(bare.reason().is_none());
    }

    #[test]
    fn refuses_values_outside_the_grammar() {
        assert!(MsDiagnostic::parse("").is_err());
        assert!(MsDiagnostic::parse("reason=x").is_err());
        assert!(MsDiagnostic::parse("12x;reason=a").is_err());
        assert!(MsDiagnostic::parse("99999999999").is_err());
        assert!(MsDiagnostic::parse("1;reason=\"open").is_err());
        assert!(MsDiagnostic::parse("1;reason=\"a\"b").is_err());
        assert!(MsDiagnostic::parse("1;a b=c").is_err());
        let d = MsDiagnostic::parse("1;reason=\"a;b\";x").unwrap();
        assert_eq!(d.reason().unwrap(), "a;b");
        assert_eq!(d.params.len(), 2);
    }

    #[test]
    fn writes_and_reads_back() {
        let b = MsDiagnosticBuilder {
            code: 52017,
            reason: Some("say \"hi\"".into()),
            source: Some("gw.example.net".into()),
            extra: vec![
                ("OriginalCode".into(), Some("486".into())),
                ("x".into(), None),
            ],
        };
        let text = b.to_string();
        assert_eq!(
            text,
            "52017;reason=\"say \\\"hi\\\"\";source=\"gw.example.net\";OriginalCode=\"486\";x"
        );
        let d = MsDiagnostic::parse(&text).unwrap();
        assert_eq!(d.code, 52017);
        assert_eq!(d.reason().unwrap(), "say \"hi\"");
        assert_eq!(d.param("OriginalCode").unwrap(), "486");
        assert!(b.check().is_ok());
        let bad = MsDiagnosticBuilder {
            extra: vec![("a b".into(), None)],
            ..b
        };
        assert!(bad.check().is_err());
    }
}
