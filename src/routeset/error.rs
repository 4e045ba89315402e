//! Why reading, signing or verifying routing state failed. No variant carries key material:
//! a key is only ever named by its public id (the `ms-key-info` value).

use crate::sip::SipError;
use std::fmt;

/// A failure of the route-set layer (MS-SIPRE 3.6).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteError {
    /// The message has no value that carries our state (no Route, no signed URI, ...).
    NoState(&'static str),
    /// The state or its signature parameters are not in the form this library writes.
    Malformed(&'static str),
    /// The signature does not match what it covers (changed, forged or truncated).
    BadSignature,
    /// No key of the ring has this id (never known, or destroyed after its retention).
    UnknownKey(String),
    /// The key is known but its retention for this use ended (MS-SIPRE 3.6.2.1, 3.6.6).
    KeyExpired(String),
    /// The ring holds no key yet: rotate once before signing.
    NoKey,
    /// The ring holds as many keys as it was allowed (rotation faster than retention).
    KeyRingFull { max: usize },
    /// A key-ring export is not in the format `import` reads (text says why).
    BadKeyFile(&'static str),
    /// An argument cannot be used (text says which and why).
    BadArgument(&'static str),
    /// The state crosses a configured limit.
    Limit(&'static str),
    /// The message could not be edited; it is left as it was.
    Edit(SipError),
}

impl fmt::Display for RouteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RouteError::NoState(what) => write!(f, "no routing state: {what}"),
            RouteError::Malformed(what) => write!(f, "malformed routing state: {what}"),
            RouteError::BadSignature => f.write_str("routing state signature does not verify"),
            RouteError::UnknownKey(id) => write!(f, "no signing key with id {id}"),
            RouteError::KeyExpired(id) => {
                write!(f, "signing key {id} is past its retention for this use")
            }
            RouteError::NoKey => f.write_str("the key ring holds no key yet; rotate first"),
            RouteError::KeyRingFull { max } => {
                write!(f, "key ring full: {max} keys still retained")
            }
            RouteError::BadKeyFile(what) => write!(f, "bad key ring data: {what}"),
            RouteError::BadArgument(what) => write!(f, "bad argument: {what}"),
            RouteError::Limit(what) => write!(f, "routing state limit: {what}"),
            RouteError::Edit(e) => write!(f, "editing the message failed: {e}"),
        }
    }
}

impl std::error::Error for RouteError {}

impl From<SipError> for RouteError {
    fn from(e: SipError) -> RouteError {
        RouteError::Edit(e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sip::ErrorKind;

    #[test]
    fn says_what_went_wrong() {
        assert!(
            RouteError::NoState("no Route")
                .to_string()
                .contains("no Route")
        );
        assert!(RouteError::Malformed("x").to_string().contains('x'));
        assert!(RouteError::BadSignature.to_string().contains("signature"));
        assert!(
            RouteError::UnknownKey("AbC".into())
                .to_string()
                .contains("AbC")
        );
        assert!(
            RouteError::KeyExpired("AbC".into())
                .to_string()
                .contains("retention")
        );
        assert!(RouteError::NoKey.to_string().contains("rotate"));
        assert!(RouteError::KeyRingFull { max: 9 }.to_string().contains('9'));
        assert!(
            RouteError::BadKeyFile("short")
                .to_string()
                .contains("short")
        );
        assert!(RouteError::BadArgument("host").to_string().contains("host"));
        assert!(RouteError::Limit("state").to_string().contains("state"));
        let e = RouteError::from(SipError::new(ErrorKind::BadValue, 3, "bad"));
        assert!(e.to_string().contains("bad at byte 3"));
    }
}
