//! Multipart ICE offers (MS-SIPRE 3.15): an INVITE that offers the same session twice, once
//! with ICE draft 6 candidates and once with ICE draft 19 candidates, so that a user agent of
//! either generation can answer it.
//!
//! * [`version`]: which ICE draft an SDP body follows.
//! * [`offer`]: the 2- and 3-level bodies of 3.15.4.1 a user agent builds for its INVITE.
//! * [`pick`]: the offer a UAS answers (3.15.5.1): ICEv19 when it supports it, else ICEv6.
//! * [`retry`]: the single-part INVITE that follows a 415 (3.15.5.2), and the choice of the
//!   part sent alone ([`fallback_part`]), which the reduction for plain peers shares.
//!
//! The proxy's side of the 415 (3.9.5.5) belongs to the call router.

mod error;
pub mod offer;
pub mod pick;
pub mod retry;
pub mod version;

pub use error::IceError;
pub use offer::{CallContextPart, IceOffer, ParamSpacing, SdpPart};
pub use pick::{IceSupport, Picked, pick_offer, pick_offer_in};
pub use retry::{RetryBody, fallback_part, retry_body, retry_invite, set_single_body, single_body};
pub use version::{IceVersion, ice_version};

/// The Content-Disposition parameter that marks the ICEv6 part, the one a proxy (or the user
/// agent itself) sends alone after a 415 (MS-SIPRE 2.2.13, 3.15.4.1).
pub const FALLBACK_PARAM: &str = "ms-proxy-2007fallback";

#[cfg(test)]
mod tests;
