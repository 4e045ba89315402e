//! The Priority header field (RFC 3261 20.26): the urgency of a request as the caller sees
//! it, `emergency`, `urgent`, `normal`, `non-urgent` or an extension token, compared
//! case-insensitively.

use super::message::Message;
use super::scan::trim_lws;

/// A Priority value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Priority<'a> {
    Emergency,
    Urgent,
    Normal,
    NonUrgent,
    /// An extension token, as written.
    Other(&'a str),
}

impl<'a> Priority<'a> {
    /// The header field name.
    pub const NAME: &'static str = "Priority";

    /// Reads one field value (surrounding white space allowed); `None` when it is not a
    /// token.
    pub fn parse(value: &'a str) -> Option<Priority<'a>> {
        let v = trim_lws(value);
        let token = !v.is_empty()
            && v.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-.!%*_+`'~".contains(&b));
        if !token {
            return None;
        }
        Some(match v {
            _ if v.eq_ignore_ascii_case("emergency") => Priority::Emergency,
            _ if v.eq_ignore_ascii_case("urgent") => Priority::Urgent,
            _ if v.eq_ignore_ascii_case("normal") => Priority::Normal,
            _ if v.eq_ignore_ascii_case("non-urgent") => Priority::NonUrgent,
            other => Priority::Other(other),
        })
    }

    /// The Priority of `msg`: its first field, read; `None` when it has none or the value is
    /// not a token.
    pub fn of(msg: &'a Message) -> Option<Priority<'a>> {
        msg.header(Priority::NAME).and_then(Priority::parse)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_four_values_in_any_case_and_extensions() {
        assert_eq!(Priority::parse("emergency"), Some(Priority::Emergency));
        assert_eq!(Priority::parse(" EMERGENCY "), Some(Priority::Emergency));
        assert_eq!(Priority::parse("Urgent"), Some(Priority::Urgent));
        assert_eq!(Priority::parse("Normal"), Some(Priority::Normal));
        assert_eq!(Priority::parse("non-urgent"), Some(Priority::NonUrgent));
        assert_eq!(Priority::parse("x-high"), Some(Priority::Other("x-high")));
        assert_eq!(Priority::parse(""), None);
        assert_eq!(Priority::parse("two words"), None);
        let m = Message::parse(
            b"INVITE sip:b@h SIP/2.0\r\nPriority: emergency\r\nContent-Length: 0\r\n\r\n",
        )
        .unwrap();
        assert_eq!(Priority::of(&m), Some(Priority::Emergency));
        let m = Message::parse(b"INVITE sip:b@h SIP/2.0\r\nContent-Length: 0\r\n\r\n").unwrap();
        assert_eq!(Priority::of(&m), None);
    }
}
