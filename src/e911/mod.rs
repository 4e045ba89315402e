//! E911 calls at a server (MS-SIPRE 2.2.22, 3.17).
//!
//! * [`detect`]: an emergency call is an INVITE with `Priority: emergency` (3.17.5.2).
//! * [`pidf_lo`]: the location object (RFC 4119 PIDF-LO with the civic address of RFC 5139 and
//!   Microsoft's `msftE911PidfExtn`), read with the bounded XML layer.
//! * [`location_part`]: the last `application/pidf+xml` part of the INVITE, which the server
//!   uses, ignoring the Geolocation header (3.17.5.2).
//! * [`notification`]: the IM INVITE sent on the caller's behalf to a notification URI of
//!   the location policy (3.17.5.2 items 1-3).
//! * [`notify`]: all of it for one INVITE, where no failure ever stops the emergency call.
//!
//! The client side (3.17.5.1): [`civic`] and [`location`] type the location and write it as
//! the PIDF-LO of 4.14; [`emergency_invite`] builds the E911 INVITE of 2.2.22 around it.
//!
//! While a client has published `e911active` the call router rings registered endpoints
//! only (3.9.5.1.2, 3.17.5.1); that part lives in the router.

pub mod civic;
pub mod detect;
pub mod emergency_invite;
mod error;
pub mod location;
pub mod location_part;
pub mod notification;
pub mod notify;
pub mod pidf_lo;

pub use civic::{CivicAddress, CivicElement};
pub use detect::is_emergency;
pub use emergency_invite::EmergencyInvite;
pub use error::E911Error;
pub use location::{ConferenceMode, EmergencyLocation};
pub use location_part::location_of;
pub use notification::{NotificationIds, notification_invite};
pub use notify::{NotifyLimits, PolicyLookup, Report, SendNotification, notify};
pub use pidf_lo::PidfLo;

#[cfg(test)]
mod client_tests;
#[cfg(test)]
mod example_4_14;
#[cfg(test)]
mod tests;
