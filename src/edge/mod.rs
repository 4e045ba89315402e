//! The server at the enterprise edge (MS-SIPRE 3.10, 3.11): what it tells clients about where
//! a message came from, and what it never lets a client claim.
//!
//! - [`sanitize`]: strips `ms-edge-proxy-message-trust` and `ms-user-logon-data` from
//!   whatever a client sends, so a client can never forge them (2.2.14, 2.2.15);
//! - [`trust`]: adds the trust header to what the edge forwards from outside (3.10.5.1) and
//!   reads it back;
//! - [`remote_user`]: adds `ms-user-logon-data: RemoteUser` to what the edge forwards to a
//!   client connected from outside (3.11.5.1) and reads it back (3.11.5.2).

pub mod error;
pub mod remote_user;
pub mod sanitize;
pub mod trust;

pub use error::EdgeError;
pub use remote_user::{is_remote_user, mark_remote_user};
pub use sanitize::sanitize;
pub use trust::{read_trust, set_trust};
