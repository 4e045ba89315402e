//! SDP for plain peers: the lines Microsoft endpoints write that common SIP stacks refuse,
//! rewritten or removed; every other line stays byte for byte.
//!
//! The rules, each chosen by a flag of [`SdpNormalise`]:
//!
//! * `a=crypto` (RFC 4568 9.1): in every `inline:` key parameter the key lifetime and the
//!   MKI (`inline:KEY|2^31|1:1` as Lync writes it) are dropped, leaving `inline:KEY`; the
//!   tag, suite and session parameters are kept. Many stacks refuse an MKI or a lifetime.
//!   Dropping the MKI is right only where the media of that leg is terminated or relayed by
//!   the host (SRTP packets of the Microsoft side carry the MKI); each half is its own flag.
//! * `a=x-ssrc-range:...` removed (a Microsoft-only attribute).
//! * ICE candidates of the old Microsoft form (ICE draft 6: `a=candidate:` lines with no
//!   `typ` field, e.g. `a=candidate:qkMI... 1 wyB3... UDP 0.830 10.0.0.1 16404`) removed;
//!   RFC 5245 candidates (which always carry `typ`) are kept.
//! * Optionally every `a=x-...` attribute removed.

use crate::sip::body::sdp_lines::{LineEdit, edit_lines};
use crate::sip::{Message, Result};

/// Which normalisations to apply. [`SdpNormalise::PLAIN_PEER`] is the usual set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct SdpNormalise {
    /// Drop the key lifetime from `inline:` key parameters of `a=crypto`.
    pub crypto_drop_lifetime: bool,
    /// Drop the MKI from `inline:` key parameters of `a=crypto`.
    pub crypto_drop_mki: bool,
    /// Remove `a=x-ssrc-range` lines.
    pub drop_x_ssrc_range: bool,
    /// Remove `a=candidate` lines of ICE draft 6 (no `typ` field).
    pub drop_draft6_candidates: bool,
    /// Remove every `a=x-` attribute.
    pub drop_x_attributes: bool,
}

impl SdpNormalise {
    /// Everything except the removal of all `x-` attributes.
    pub const PLAIN_PEER: SdpNormalise = SdpNormalise {
        crypto_drop_lifetime: true,
        crypto_drop_mki: true,
        drop_x_ssrc_range: true,
        drop_draft6_candidates: true,
        drop_x_attributes: false,
    };
}

/// A key-info (`key-salt ["|" lifetime] ["|" mki]`, RFC 4568 9.1) with the parts asked for
/// dropped. The lifetime is the field without `:`; the MKI is `value:length`.
fn key_info(info: &str, opts: &SdpNormalise) -> String {
    let mut parts = info.split('|');
    let mut out = parts.next().unwrap_or("").to_string();
    for p in parts {
        let is_mki = p.contains(':');
        let drop = if is_mki {
            opts.crypto_drop_mki
        } else {
            opts.crypto_drop_lifetime
        };
        if !drop {
            out.push('|');
            out.push_str(p);
        }
    }
    out
}

/// The rewritten `a=crypto:` line, or `None` when it stays as it is.
fn crypto_line(line: &str, opts: &SdpNormalise) -> Option<String> {
    // a=crypto:<tag> <suite> <key-params> [<session-params>]
    let mut fields = line.splitn(4, ' ');
    let (tag, suite, keys) = (fields.next()?, fields.next()?, fields.next()?);
    let session = fields.next();
    let new_keys: Vec<String> = keys
        .split(';')
        .map(|k| match k.strip_prefix("inline:") {
            Some(info) => format!("inline:{}", key_info(info, opts)),
            None => k.to_string(),
        })
        .collect();
    let new_keys = new_keys.join(";");
    if new_keys == keys {
        return None;
    }
    let mut out = format!("{tag} {suite} {new_keys}");
    if let Some(s) = session {
        out.push(' ');
        out.push_str(s);
    }
    Some(out)
}

/// True for an `a=candidate:` value of ICE draft 6: no `typ` field.
fn is_draft6_candidate(value: &str) -> bool {
    !value.split_ascii_whitespace().any(|f| f == "typ")
}

fn edit_for(line: &[u8], opts: &SdpNormalise) -> LineEdit {
    let Ok(line) = std::str::from_utf8(line) else {
        return LineEdit::Keep;
    };
    let Some(attr) = line.strip_prefix("a=") else {
        return LineEdit::Keep;
    };
    let (name, value) = attr.split_once(':').unwrap_or((attr, ""));
    if (opts.drop_x_attributes && name.starts_with("x-"))
        || (opts.drop_x_ssrc_range && name == "x-ssrc-range")
        || (opts.drop_draft6_candidates && name == "candidate" && is_draft6_candidate(value))
    {
        return LineEdit::Drop;
    }
    if name == "crypto"
        && (opts.crypto_drop_lifetime || opts.crypto_drop_mki)
        && let Some(new) = crypto_line(value, opts)
    {
        return LineEdit::Replace(format!("a=crypto:{new}"));
    }
    LineEdit::Keep
}

/// The normalised SDP body, or `None` when nothing in it needs to change.
pub fn normalise_sdp(body: &[u8], opts: &SdpNormalise) -> Option<Vec<u8>> {
    edit_lines(body, |l| edit_for(l, opts))
}

/// True when the message's body is SDP (`Content-Type: application/sdp`, parameters
/// ignored).
fn has_sdp_body(msg: &Message) -> bool {
    msg.content_type().is_some_and(|ct| {
        ct.split(';')
            .next()
            .is_some_and(|t| t.trim().eq_ignore_ascii_case("application/sdp"))
    })
}

/// Normalises the SDP body of `msg` in place, Content-Length kept right. Returns whether the
/// message changed; a message without an SDP body, or whose SDP needs nothing, stays byte for
/// byte. Multipart bodies are left alone.
pub fn normalise_message(msg: &mut Message, opts: &SdpNormalise) -> Result<bool> {
    if !has_sdp_body(msg) {
        return Ok(false);
    }
    match normalise_sdp(msg.body(), opts) {
        None => Ok(false),
        Some(new) => {
            // Content-Type given as it is, so it stays even when no SDP line is left.
            let ct = msg.content_type().map(str::to_string);
            msg.set_body(ct.as_deref(), &new)?;
            Ok(true)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const LYNC: &str = "v=0\r\no=- 0 0 IN IP4 10.0.0.1\r\ns=session\r\nc=IN IP4 10.0.0.1\r\nt=0 0\r\n\
m=audio 16404 RTP/SAVP 0 101\r\n\
a=candidate:qkMIXCnN0q3CSnXq8ycBP9ZsLNmVwOxa 1 wyB3gqB0e4qTZW0eT0eENw UDP 0.830 10.0.0.1 16404\r\n\
a=candidate:1 1 UDP 2130706431 10.0.0.1 16404 typ host\r\n\
a=x-ssrc-range:2130706432-2130706432\r\n\
a=x-source:main-audio\r\n\
a=crypto:2 AES_CM_128_HMAC_SHA1_80 inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31|1:1\r\n\
a=crypto:3 AES_CM_128_HMAC_SHA1_80 inline:d0RmdmcmVCspeEc3QGZiNWpVLFJhQX1cfHAwJSoj|2^31 UNENCRYPTED_SRTCP\r\n\
a=crypto:4 AES_CM_128_HMAC_SHA1_80 inline:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNk\r\n\
a=rtpmap:0 PCMU/8000\r\n";

    #[test]
    fn plain_peer_rules() {
        let out = normalise_sdp(LYNC.as_bytes(), &SdpNormalise::PLAIN_PEER).unwrap();
        let expect = LYNC
            .replace(
                "a=candidate:qkMIXCnN0q3CSnXq8ycBP9ZsLNmVwOxa 1 wyB3gqB0e4qTZW0eT0eENw UDP 0.830 10.0.0.1 16404\r\n",
                "",
            )
            .replace("a=x-ssrc-range:2130706432-2130706432\r\n", "")
            .replace("|2^31|1:1\r\n", "\r\n")
            .replace("|2^31 UNENCRYPTED", " UNENCRYPTED");
        assert_eq!(String::from_utf8(out).unwrap(), expect);
    }

    #[test]
    fn each_flag_alone() {
        let only_mki = SdpNormalise {
            crypto_drop_mki: true,
            ..Default::default()
        };
        let out = String::from_utf8(normalise_sdp(LYNC.as_bytes(), &only_mki).unwrap()).unwrap();
        assert!(out.contains("inline:WVNfX19zZW1jdGwgKCkgewkyMjA7fQp9CnVubGVz|2^31\r\n"));
        assert!(out.contains("|2^31 UNENCRYPTED_SRTCP"));
        assert!(out.contains("a=x-ssrc-range"));
        let all_x = SdpNormalise {
            drop_x_attributes: true,
            ..Default::default()
        };
        let out = String::from_utf8(normalise_sdp(LYNC.as_bytes(), &all_x).unwrap()).unwrap();
        assert!(!out.contains("a=x-"));
        assert!(out.contains("|1:1"));
        assert_eq!(
            normalise_sdp(LYNC.as_bytes(), &SdpNormalise::default()),
            None
        );
    }

    #[test]
    fn message_body_and_content_length() {
        let head = "INVITE sip:b@gw.example.net SIP/2.0\r\nVia: SIP/2.0/TLS 10.0.0.1;branch=z9hG4bK7\r\n\
Content-Type: application/sdp\r\nContent-Length: ";
        let raw = format!("{head}{}\r\n\r\n{LYNC}", LYNC.len());
        let mut m = Message::parse(raw.as_bytes()).unwrap();
        assert!(normalise_message(&mut m, &SdpNormalise::PLAIN_PEER).unwrap());
        let body = normalise_sdp(LYNC.as_bytes(), &SdpNormalise::PLAIN_PEER).unwrap();
        assert_eq!(m.body(), &body[..]);
        assert_eq!(m.content_length().unwrap().unwrap(), body.len() as u64);
        assert!(m.as_bytes().starts_with(head.as_bytes()));
        // Already normalised: untouched, byte for byte.
        let before = m.as_bytes().to_vec();
        assert!(!normalise_message(&mut m, &SdpNormalise::PLAIN_PEER).unwrap());
        assert_eq!(m.as_bytes(), &before[..]);
        // Only Microsoft lines: the body goes, Content-Type stays (fuzz finding).
        let only = format!("{head}16\r\n\r\na=candidate:1LF4");
        let mut m = Message::parse(only.as_bytes()).unwrap();
        assert!(normalise_message(&mut m, &SdpNormalise::PLAIN_PEER).unwrap());
        assert_eq!(m.as_bytes(), format!("{head}0\r\n\r\n").as_bytes());
        // Not SDP: untouched.
        let other = raw.replace("application/sdp", "text/plain");
        let mut m = Message::parse(other.as_bytes()).unwrap();
        assert!(!normalise_message(&mut m, &SdpNormalise::PLAIN_PEER).unwrap());
        assert_eq!(m.as_bytes(), other.as_bytes());
    }
}
