//! Reliable routing through a pool of redundant servers (MS-SIPRE 3.6).
//!
//! A proxy that Record-Routes a dialog keeps what it needs for the dialog's later requests in
//! the Record-Route URI itself, signed, so that any member of the pool that shares its keys can
//! route the next request:
//!
//! - [`RouteState`]: the state (connection id, binding, the endpoints' identities, the host's
//!   own bytes), packed and written as `opaque=state:` in base64url (3.6.3, 2.2.1);
//! - [`RecordRouteSpec`]: the Record-Route with the `ms-*` parameters the host asks for,
//!   `ms-key-info` + `ms-route-sig` on the URI and `ms-rrsig` on the header (2.2.1.1, 2.2.3);
//! - [`read_route`], [`read_record_route`], [`read_contact`], [`via_state`]: the state read
//!   back and verified from Route, Record-Route, Contact and Via;
//! - [`KeyRing`]: the HMAC-SHA1 keys, rotation on the host's schedule, the retention of
//!   replaced keys (3.6.2.1, 3.6.6), export / import for the pool.
//!
//! What a failed verification means for the request (481 or 430) is the recovery feature's
//! decision (3.6.5.1, 3.7.5.1).

pub mod error;
pub mod keyring;
pub mod record_route;
pub mod signed_uri;
pub mod state;
pub mod via_state;

pub use error::RouteError;
pub use keyring::{KeyId, KeyRing, KeyRingConfig, SECRET_LEN, Signer, Tag, Usage};
pub use record_route::{
    RecordRouteSpec, read_contact, read_record_route, read_route, sign_contact_uri,
    verify_record_route,
};
pub use signed_uri::{RouteParams, Verified, sign_uri, verify_uri};
pub use state::{RouteState, StateLimits};
pub use via_state::{read_top_via, sign_top_via};

#[cfg(test)]
mod tests;
