//! Endpoint identity (MS-SIPRE 3.2-3.4, 3.7.5.2): epids, the `+sip.instance` derived from an
//! epid, the user-agent GRUU built from an instance, identity in dialogs, the registrar and
//! its location service, and the targets a proxy forks a request to.
//!
//! The string functions map one to one to the C layer: [`epid::generate`],
//! [`instance::instance_from_epid`], [`gruu::user_agent_gruu`]. The registrar is
//! [`registrar::Registrar`], its bindings live in a [`location::Location`], and
//! [`targets`] turns them into request targets.

pub mod aor_key;
pub mod dialog;
pub mod encoded_uuid;
pub mod epid;
pub mod error;
pub mod gruu;
pub mod instance;
pub mod location;
pub mod registrar;
pub mod targets;

pub use error::IdentityError;
pub use gruu::{instance_from_gruu, user_agent_gruu};
pub use instance::{instance_from_epid, instance_matches_epid};
pub use location::{Binding, Location, LocationBackend, LocationError, LocationLimits};
pub use registrar::{Registrar, RegistrarConfig, RegistrarError};
pub use targets::{Target, TargetError, Targets, retarget};
