//! Option tags in `Supported` (RFC 3261 20.37): whether a message lists one, and adding one.

use super::error::Result;
use super::message::Message;
use super::scan::trim_lws;

/// True when a `Supported` value of `msg` is `tag` (option tags compare case-insensitively,
/// RFC 3261 19.2).
pub fn lists_supported(msg: &Message, tag: &str) -> bool {
    msg.values("Supported")
        .any(|v| trim_lws(v).eq_ignore_ascii_case(tag))
}

/// Adds `tag` in a `Supported` header field of its own unless a value lists it already; the
/// other fields stay as they are. Returns whether it added one.
pub fn add_supported(msg: &mut Message, tag: &str) -> Result<bool> {
    if lists_supported(msg, tag) {
        return Ok(false);
    }
    msg.add_header("Supported", tag)?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adds_once_and_reads_lists_and_compact_forms() {
        let mut m = Message::parse(
            b"OPTIONS sip:a@b SIP/2.0\r\nk: timer, 100rel\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert!(lists_supported(&m, "100REL"));
        assert!(!lists_supported(&m, "x-tag"));
        assert!(add_supported(&mut m, "x-tag").unwrap());
        assert!(!add_supported(&mut m, "X-Tag").unwrap());
        assert_eq!(
            m.values("Supported").collect::<Vec<_>>(),
            ["timer", "100rel", "x-tag"]
        );
        assert!(lists_supported(&m, "x-tag"));
        assert!(add_supported(&mut m, "bad\r\ntag").is_err());
    }
}
