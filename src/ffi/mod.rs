//! The C ABI (`include/mssip.h`, generated from this module by cbindgen).
//!
//! Thin by design: every export checks its pointers, runs inside the panic boundary
//! (`boundary.rs`), calls one function of the Rust API and maps the outcome to an
//! `mssip_result`. No protocol logic lives here. Each C concept has its own file; the Rust
//! type behind every opaque handle is named in one place (`handle.rs`).
//!
//! Conventions (see DESIGN.md, "The C ABI"): the handle comes first, then inputs, then
//! outputs; out-parameters are written only on success, except `*out_len`, which also carries
//! the length needed with `MSSIP_E_BUFFER_TOO_SMALL`.
#![allow(non_camel_case_types)]

mod binding;
mod boundary;
mod builder;
mod framer;
mod growth;
mod handle;
mod identity;
mod last_error;
mod limits;
mod location;
mod location_callbacks;
mod log;
mod msg;
mod msg_edit;
mod msg_lookup;
mod msg_numbers;
mod msg_params;
mod msg_values;
mod multipart;
mod name_addr;
mod peer;
mod registrar;
mod result;
mod targets;
mod text;
mod unquote;
mod uri;
mod validate;
mod version;
mod via;

pub use binding::*;
pub use builder::{mssip_header, mssip_msg_new_request, mssip_msg_new_response};
pub use framer::*;
pub use handle::{
    mssip_binding_sink, mssip_bindings, mssip_framer, mssip_location, mssip_msg, mssip_multipart,
    mssip_registrar, mssip_targets,
};
pub use identity::*;
pub use last_error::mssip_last_error;
pub use limits::{mssip_limits, mssip_limits_default};
pub use location::*;
pub use location_callbacks::*;
pub use log::{mssip_log_fn, mssip_log_level, mssip_log_level_raw, mssip_log_set};
pub use msg::*;
pub use msg_edit::*;
pub use msg_numbers::*;
pub use msg_params::*;
pub use msg_values::*;
pub use multipart::*;
pub use name_addr::*;
pub use peer::{mssip_nat_verdict, mssip_peer, mssip_transport, mssip_transport_raw};
pub use registrar::*;
pub use result::{mssip_result, mssip_result_raw, mssip_result_str};
pub use targets::*;
pub use text::{mssip_bytes, mssip_str};
pub use unquote::mssip_unquote;
pub use uri::*;
pub use validate::*;
pub use version::{MSSIP_VERSION_MAJOR, MSSIP_VERSION_MINOR, MSSIP_VERSION_PATCH, mssip_version};
pub use via::*;
