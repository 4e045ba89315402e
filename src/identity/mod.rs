//! Endpoint identity (MS-SIPRE 3.2-3.4): epids, the `+sip.instance` derived from an epid, and
//! the user-agent GRUU built from an instance.
//!
//! Plain functions over strings, so the C layer can wrap them one to one:
//! [`epid::generate`], [`instance::instance_from_epid`], [`gruu::user_agent_gruu`].

pub mod encoded_uuid;
pub mod epid;
pub mod error;
pub mod gruu;
pub mod instance;

pub use error::IdentityError;
pub use gruu::{instance_from_gruu, user_agent_gruu};
pub use instance::{instance_from_epid, instance_matches_epid};
