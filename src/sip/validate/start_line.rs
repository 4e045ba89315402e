//! The start line: SIP-Version, status code, method and Request-URI.

use super::seen::Seen;
use super::verdict::{Check, bad, fail};
use crate::sip::message::{Message, StartLine};
use crate::sip::scan::{is_lws, is_token};
use crate::sip::uri::Uri;

/// RFC 3261 7.1 / 7.2 / 8.2 / 19.1.1 / 21.5.7 / 25.1.
pub(super) fn check<'m>(msg: &'m Message, seen: &mut Seen<'m>) -> Check {
    if !msg.version().eq_ignore_ascii_case("SIP/2.0") {
        return Err(fail(505, "Unsupported SIP version"));
    }
    match msg.start_line() {
        StartLine::Response { version, code, .. } => {
            if !(100..=699).contains(&code) {
                return Err(bad("Bad status code"));
            }
            // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase CRLF: the second SP
            // stands even before an empty reason phrase (the parser lets it go).
            if start_line_bytes(msg).get(version.len() + 4) != Some(&b' ') {
                return Err(bad("No space before the reason phrase"));
            }
        }
        StartLine::Request { method, uri, .. } => {
            if !is_token(method) {
                return Err(bad("Malformed method"));
            }
            if uri.starts_with('<') {
                return Err(bad("Request-URI enclosed in angle brackets"));
            }
            if uri.bytes().any(is_lws) {
                return Err(bad("White space in Request-URI"));
            }
            let u = Uri::parse(uri).map_err(|_| bad("Malformed Request-URI"))?;
            if u.is_sip() && u.headers.is_some() {
                return Err(bad("Request-URI carries headers"));
            }
            seen.request_uri = Some(u);
        }
    }
    Ok(())
}

/// The start line as received, without its line end (CRLFs before it skipped, as the parser
/// skips them).
fn start_line_bytes(msg: &Message) -> &[u8] {
    let b = msg.as_bytes();
    let from = b
        .iter()
        .position(|&c| c != b'\r' && c != b'\n')
        .unwrap_or(b.len());
    let line = b.get(from..).unwrap_or(&[]);
    let end = line.iter().position(|&c| c == b'\n').unwrap_or(line.len());
    let line = line.get(..end).unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(start: &str) -> Option<(u16, &'static str)> {
        let text = format!("{start}\r\nVia: SIP/2.0/UDP h\r\n\r\n");
        let m = Message::parse(text.as_bytes()).expect("test message parses");
        check(&m, &mut Seen::default())
            .err()
            .map(|f| (f.status, f.reason))
    }

    #[test]
    fn status_lines() {
        assert_eq!(judge("SIP/2.0 200 OK"), None);
        assert_eq!(
            judge("SIP/2.0 100 "),
            None,
            "an empty reason phrase after its SP"
        );
        assert_eq!(judge("\r\nsip/2.0 180 Ringing"), None);
        assert_eq!(
            judge("SIP/2.0 200"),
            Some((400, "No space before the reason phrase"))
        );
        assert_eq!(judge("SIP/3.0 200"), Some((505, "Unsupported SIP version")));
    }

    #[test]
    fn request_lines() {
        assert_eq!(judge("OPTIONS sip:b@b SIP/2.0"), None);
        assert_eq!(
            judge("OPTIONS sip:b@b?x=y SIP/2.0"),
            Some((400, "Request-URI carries headers"))
        );
    }
}
