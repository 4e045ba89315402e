//! What the FQDN discipline, the keep-alive answers and the peer liveness helper refuse.

use crate::sip::SipError;

/// A refusal of [`super::fqdn`], [`super::keepalive`] or [`super::liveness`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PeerError {
    /// The name is not a fully qualified host name (RFC 1123 2.1, at least one dot, not an
    /// address); the text says why.
    BadFqdn(String),
    /// A configured bound (addresses, names, peers) is reached.
    Limit(&'static str),
    /// No peer with this id.
    UnknownPeer(u32),
    /// The response answers no probe in flight (a late, repeated or foreign response).
    NoProbe,
    /// An `ms-keep-alive` value outside the MS-CONMGMT 2.2.1 grammar.
    BadKeepAlive(&'static str),
    /// An argument the call cannot use.
    Invalid(String),
    /// The operating system's random source failed.
    NoRandomness,
    /// A message could not be read or edited.
    Sip(SipError),
}

impl From<SipError> for PeerError {
    fn from(e: SipError) -> PeerError {
        PeerError::Sip(e)
    }
}

impl std::fmt::Display for PeerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PeerError::BadFqdn(why) => write!(f, "not a fully qualified host name: {why}"),
            PeerError::Limit(what) => write!(f, "limit reached: {what}"),
            PeerError::UnknownPeer(p) => write!(f, "no peer {p}"),
            PeerError::NoProbe => f.write_str("the response matches no probe in flight"),
            PeerError::BadKeepAlive(why) => write!(f, "ms-keep-alive: {why}"),
            PeerError::Invalid(why) => f.write_str(why),
            PeerError::NoRandomness => f.write_str("the random source failed"),
            PeerError::Sip(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for PeerError {}
